//! The command line: one file per command, each returning an exit code.

mod build;
mod serve;

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
        Command::Serve(args) => serve::run(args),
    }
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
