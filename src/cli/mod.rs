//! The command line: one file per command, each returning an exit code.

mod build;
mod check;
mod export;
mod import;
mod init;
mod new;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "gongkai（公开）：政府信息公开网站生成器",
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}\n"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成整个网站（默认输出到 public/）
    Build(build::BuildArgs),
    /// 检查站点：构建时的全部校验，以及逾期公开、空白栏目、失效链接等检查项
    Check(check::CheckArgs),
    /// 新建站点：站点设置、指南、目录、示例条目、年报模板和自动发布配置
    Init(init::InitArgs),
    /// 新建一个条目，自动编排下一个索引号
    New(new::NewArgs),
    /// 从旧系统导出的目录表格（CSV 或 Excel）导入条目，每行一个条目
    Import(import::ImportArgs),
    /// 导出全部公开条目的目录表格（CSV、Excel 或 JSON）
    Export(export::ExportArgs),
    /// 本地预览：生成网站并在浏览器中查看，保存文件后自动更新
    Serve(serve::ServeArgs),
}

/// Options every command that reads a site takes.
#[derive(Args, Clone)]
pub struct SiteArgs {
    /// 站点文件夹（含 site.yaml），默认为当前文件夹
    #[arg(long, value_name = "文件夹", default_value = ".")]
    pub root: PathBuf,
}

pub fn run() -> ExitCode {
    let parsed = localise(Cli::command(), "gongkai")
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "错误：{}\n运行 `gongkai --help` 查看用法。",
                usage_error(&e)
            );
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build(args) => {
            keep_freed_memory();
            build::run(args)
        }
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
    }
}

/// Tells mimalloc to keep the memory a `build` frees instead of returning it to the
/// system after a delay (a second in the mimalloc linked here): the search stage frees each bundle's index as the next one is
/// being built, and getting the pages back from the system again (zeroed, as huge pages)
/// cost a sixth of a 10,000-entry build. A build is short-lived, so nothing is held for
/// long; `serve` keeps the default. `MIMALLOC_PURGE_DELAY` in the environment wins.
/// Call only while no other thread runs (mimalloc's options are not thread-safe).
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: called before the build starts any thread.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    }
}

/// `mi_option_purge_delay` in mimalloc.h (the same in v2 and v3); libmimalloc-sys names
/// no constant for it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Chinese help for a command and its subcommands: headings, usage line, the help and
/// version flags, and no English "possible values" or "default" notes (the Chinese
/// help texts state them).
fn localise(cmd: clap::Command, path: &str) -> clap::Command {
    let positionals: Vec<String> = cmd
        .get_positionals()
        .map(|a| {
            let name = a
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(|| a.get_id().to_string(), |v| v.to_string());
            format!("<{name}>")
        })
        .collect();
    let has_subcommands = cmd.has_subcommands();
    let usage = match (has_subcommands, positionals.is_empty()) {
        (true, _) => format!("{path} <命令> [选项]"),
        (false, true) => format!("{path} [选项]"),
        (false, false) => format!("{path} [选项] {}", positionals.join(" ")),
    };
    let mut cmd = cmd
        .help_template("{about}\n\n用法：{usage}\n\n{all-args}\n")
        .override_usage(usage)
        .subcommand_help_heading("命令")
        .disable_help_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let a = a.help_heading(heading);
            if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if path == "gongkai" {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(name, |s| localise(s, &sub_path));
    }
    cmd
}

/// clap's usage errors, in Chinese for the common cases.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        _ => String::new(),
    };
    match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必填的参数：{}", get(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            let suggested = get(ContextKind::SuggestedArg);
            let near = if suggested.is_empty() {
                String::new()
            } else {
                format!("，是否想写 `{suggested}`？")
            };
            format!("不认识的参数 `{}`{near}", get(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            let suggested = get(ContextKind::SuggestedSubcommand);
            let near = if suggested.is_empty() {
                String::new()
            } else {
                format!("，是否想写 `{suggested}`？")
            };
            format!(
                "没有 `{}` 这个命令{near}",
                get(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue if get(ContextKind::ValidValue).is_empty() => {
            format!("参数 {} 后面要写上值", get(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "参数 {} 的值 `{}` 无效，可选：{}",
            get(ContextKind::InvalidArg),
            get(ContextKind::InvalidValue),
            get(ContextKind::ValidValue)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请写出要运行的命令，例如 `gongkai build`".to_string()
        }
        // A value parser of ours said what is wrong, in Chinese.
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => format!("参数 {} 有误：{why}", get(ContextKind::InvalidArg)),
            None => format!("参数 {} 的值无效", get(ContextKind::InvalidArg)),
        },
        _ => format!("命令行参数有误：{}", e.kind()),
    }
}

#[cfg(test)]
mod tests {
    /// `PURGE_DELAY` is a bare number from mimalloc's header: it must name the option
    /// whose default is the purge delay (1,000 ms in mimalloc v3, 10 in v2), or
    /// `keep_freed_memory` silently sets something else. Read only: options are not
    /// thread-safe to set while other tests run.
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert!(
            delay == 1000 || delay == 10,
            "option {} is {delay}, not mimalloc's default purge delay",
            super::PURGE_DELAY
        );
    }
}
