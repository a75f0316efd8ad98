//! The command line: one file per command, each returning an exit code.

mod build;
mod check;
mod export;
mod import;
mod init;
mod new;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::diagnostics::Diagnostics;

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
}

/// Options every command that reads a site takes.
#[derive(Args, Clone)]
pub struct SiteArgs {
    /// 站点文件夹（含 site.yaml），默认为当前文件夹
    #[arg(long, value_name = "文件夹", default_value = ".")]
    pub root: PathBuf,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("错误：命令行参数有误。\n{e}\n运行 `gongkai --help` 查看用法。");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Prints diagnostics to stderr, with colour on a terminal.
pub fn print_diagnostics(d: &Diagnostics) {
    if d.is_empty() {
        return;
    }
    let text = d.render();
    if std::io::stderr().is_terminal() {
        let coloured = text
            .lines()
            .map(|l| {
                if l.starts_with("错误") {
                    format!("\x1b[1;31m{l}\x1b[0m")
                } else if l.starts_with("警告") {
                    format!("\x1b[1;33m{l}\x1b[0m")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        eprintln!("{coloured}");
    } else {
        eprint!("{text}");
    }
}
