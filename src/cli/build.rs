//! `gongkai build`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use super::SiteArgs;
use crate::build::{BuildOptions, Progress, build, part};
use crate::diagnostics::terminal::{print_diagnostics, print_out};
use crate::output::Share;
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
    /// 构建缓存文件夹，默认为站点文件夹下的 .gongkai-cache/（可随时删除）
    #[arg(long, value_name = "文件夹", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// 不使用构建缓存，全部重新生成
    #[arg(long)]
    no_cache: bool,
    /// 拆分构建：只生成 N 份中的第 K 份页面和搜索索引，例如 --part 2/3（见 README「性能」）
    #[arg(long, value_name = "K/N", value_parser = parse_part, conflicts_with = "merge")]
    part: Option<Share>,
    /// 合并拆分构建：把 --part 1/N … N/N 的输出文件夹合成完整网站，写到 --output
    #[arg(long, value_name = "文件夹", num_args = 1.., conflicts_with = "base_url")]
    merge: Vec<PathBuf>,
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_part(text: &str) -> Result<Share, String> {
    let parsed = text
        .split_once('/')
        .and_then(|(k, n)| Share::new(k.trim().parse().ok()?, n.trim().parse().ok()?));
    parsed.ok_or_else(|| {
        format!("`{text}` 不是有效的拆分写法，应写成 K/N，例如 2/3（N 份中的第 K 份，1 ≤ K ≤ N）")
    })
}

pub fn run(args: BuildArgs) -> ExitCode {
    let root = args.site.root;
    let output = args.output.unwrap_or_else(|| root.join("public"));
    if !args.merge.is_empty() {
        return merge(&root, &args.merge, &output);
    }
    let cache = (!args.no_cache).then(|| {
        args.cache
            .unwrap_or_else(|| root.join(crate::output::cache::DEFAULT_DIR))
    });
    let opts = BuildOptions {
        output,
        load: LoadOptions {
            base_url: args.base_url,
            ..LoadOptions::default()
        },
        cache,
        root,
        part: args.part.unwrap_or(Share::WHOLE),
    };
    let progress = Progress::default();
    let done = AtomicBool::new(false);
    let terminal = std::io::stderr().is_terminal();
    let outcome = std::thread::scope(|s| {
        let shown = s.spawn(|| show_progress(&progress, &done, terminal));
        let outcome = build(&opts, &progress);
        done.store(true, Ordering::Relaxed);
        let _ = shown.join();
        outcome
    });
    print_diagnostics(&outcome.diagnostics);
    match outcome.summary {
        Some(summary) => {
            println!("{}", summary.line());
            for note in summary.notes() {
                println!("{note}");
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("构建失败，输出目录保持不变。请按上面的提示修改后重新运行 `gongkai build`。");
            ExitCode::FAILURE
        }
    }
}

fn merge(root: &Path, parts: &[PathBuf], output: &Path) -> ExitCode {
    let start = Instant::now();
    match part::merge(root, parts, output) {
        Ok(merged) => {
            println!(
                "合并完成：{} 个部分，共 {} 个文件，写到 {}，用时 {:.2} 秒",
                merged.parts,
                merged.files,
                output.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&d);
            eprintln!("合并失败，输出目录保持不变。");
            ExitCode::FAILURE
        }
    }
}

/// On a terminal, a progress bar on stderr for builds that take more than a moment;
/// elsewhere (CI logs), each finished stage as a plain line on stdout, as it finishes.
fn show_progress(progress: &Progress, done: &AtomicBool, terminal: bool) {
    let tick = Duration::from_millis(100);
    let started = Instant::now();
    let mut printed = 0;
    let mut drawn = false;
    loop {
        let finished = done.load(Ordering::Relaxed);
        if terminal {
            if !finished && started.elapsed() >= Duration::from_millis(700) {
                eprint!("\r\x1b[K{}", progress.bar());
                drawn = true;
            }
        } else {
            let lines = progress.finished_since(printed);
            printed += lines.len();
            for l in lines {
                print_out(&format!("{l}\n"));
            }
        }
        if finished {
            break;
        }
        std::thread::sleep(tick);
    }
    if drawn {
        eprint!("\r\x1b[K");
    }
}
