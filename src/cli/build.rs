//! `gongkai build`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use clap::Args;

use super::SiteArgs;
use crate::build::{BuildOptions, build};
use crate::diagnostics::terminal::print_diagnostics;
use crate::site::LoadOptions;

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// 输出文件夹，默认为站点文件夹下的 public/
    #[arg(long, short, value_name = "文件夹")]
    output: Option<PathBuf>,
    /// 覆盖 site.yaml 中的网站地址（base_url）
    #[arg(long, value_name = "网址")]
    base_url: Option<String>,
}

pub fn run(args: BuildArgs) -> ExitCode {
    let root = args.site.root;
    let output = args.output.unwrap_or_else(|| root.join("public"));
    let opts = BuildOptions {
        output,
        load: LoadOptions {
            base_url: args.base_url,
            ..LoadOptions::default()
        },
        root,
    };
    let progress = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let outcome = std::thread::scope(|s| {
        if std::io::stderr().is_terminal() {
            s.spawn(|| show_progress(&progress, &done));
        }
        let outcome = build(&opts, &progress);
        done.store(true, Ordering::Relaxed);
        outcome
    });
    print_diagnostics(&outcome.diagnostics);
    match outcome.summary {
        Some(summary) => {
            println!("{}", summary.line());
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("构建失败，输出目录保持不变。请按上面的提示修改后重新运行 `gongkai build`。");
            ExitCode::FAILURE
        }
    }
}

/// A progress line for long builds (only after a second, only on a terminal).
fn show_progress(progress: &AtomicUsize, done: &AtomicBool) {
    let mut waited = Duration::ZERO;
    let tick = Duration::from_millis(100);
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(tick);
        waited += tick;
        if waited >= Duration::from_secs(1) && waited.as_millis().is_multiple_of(500) {
            eprint!("\r已生成 {} 个页面…", progress.load(Ordering::Relaxed));
        }
    }
    if waited >= Duration::from_secs(1) {
        eprint!("\r\x1b[K");
    }
}
