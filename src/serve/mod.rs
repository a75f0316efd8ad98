//! `gongkai serve`: a local preview that rebuilds on every save and reloads the browser.
//!
//! Three parts run side by side: the HTTP server (tokio + axum, `http`), a rebuild thread
//! that waits for debounced file events (`watch`), asks the `preview` what they mean and
//! updates the output held in memory, and the pages' websockets, told the new version
//! after every rebuild (`live`). The user's `public/` is never touched.

pub mod changes;
pub mod guard;
pub mod http;
mod indexer;
pub mod live;
pub mod preview;
pub mod watch;

use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use http::{Served, Shared};
use preview::{Outcome, Preview, Update};

use crate::build::Summary;
use crate::diagnostics::os_error;
use crate::diagnostics::terminal::print_diagnostics;
use crate::site::LoadOptions;

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
    /// Also show drafts, unreviewed and not-yet-due entries (marked as such).
    pub drafts: bool,
    /// Host names the preview answers besides IP addresses and `localhost`.
    pub allow_hosts: Vec<String>,
}

pub fn run(opts: Options) -> ExitCode {
    let root = match opts.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "错误: 找不到站点文件夹 {}：{}\n   = 提示：用 --root 指定含有 site.yaml 的文件夹",
                opts.root.display(),
                os_error(&e)
            );
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误: 无法启动本地预览：{}", os_error(&e));
            return ExitCode::FAILURE;
        }
    };
    // The port first: a port in use should not wait for a long build.
    let wanted = SocketAddr::new(opts.bind, opts.port);
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(wanted)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", bind_error(wanted, &e));
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(wanted);
    // The watcher before the first build, so no save made during it is missed.
    let (watcher, batches) = match watch::Watcher::start(&root, opts.poll) {
        Ok(w) => w,
        Err(msg) => {
            eprintln!("错误: {msg}");
            return ExitCode::FAILURE;
        }
    };

    println!("正在生成网站……");
    let load = LoadOptions {
        drafts: opts.drafts,
        ..LoadOptions::default()
    };
    let mut preview = Preview::new(&root, load);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let versions = Versions::new();
    let shared = Arc::new(Shared {
        served: RwLock::new(Served::default()),
        version: tokio::sync::watch::Sender::new(versions.current()),
        stop: stop_rx.clone(),
        guard: guard::Guard::new(&opts.allow_hosts),
    });
    let first = preview.full();
    if matches!(first, Outcome::Failed(_)) && !root.join("site.yaml").is_file() {
        if let Outcome::Failed(d) = &first {
            print_diagnostics(d);
        }
        return ExitCode::FAILURE;
    }
    let mut versions = versions;
    report(&preview, &shared, &mut versions, first, None, &[]);
    let indexer = indexer::Indexer::start(Arc::clone(&shared));
    if let Some(job) = preview.search_job() {
        indexer.request(job);
    }

    let url = local_url(addr);
    println!("\ngongkai 本地预览：{url}");
    if let Some(site) = preview.site()
        && site.config.base_path != "/"
    {
        println!(
            "（也可按网站的子路径访问：{url}{})",
            site.config.base_path.trim_start_matches('/')
        );
    }
    if addr.ip().is_unspecified() {
        println!(
            "已允许局域网内的其他电脑访问：请用本机的 IP 地址加端口 {}。",
            addr.port()
        );
    }
    println!(
        "保存 site.yaml、content/、static/、templates/、standard/ 或 calendar.yaml 中的文件后自动更新，浏览器自动刷新。"
    );
    if watcher.polling() {
        println!("（正在用轮询方式检查文件变化，更新会慢一些）");
    }
    if opts.drafts {
        println!(
            "草稿、未审核和未到公开日期的条目也显示在预览中，页面上有醒目标注；`gongkai build` 不会发布它们。"
        );
    }
    println!("预览只在内存中生成，不会改动 public/ 文件夹。按 Ctrl+C 停止。\n");
    if opts.open && webbrowser::open(&url).is_err() {
        println!("无法自动打开浏览器，请手动访问 {url}");
    }

    let rebuild_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        rebuild_loop(preview, watcher, batches, rebuild_shared, versions, indexer);
    });

    let app = http::router(Arc::clone(&shared));
    let served = runtime.block_on(async move {
        tokio::spawn(async move {
            stop_signal().await;
            let _ = stop_tx.send(true);
        });
        let server =
            axum::serve(listener, app).with_graceful_shutdown(http::stopped(stop_rx.clone()));
        tokio::select! {
            r = server => r,
            // Connections that do not close by themselves do not hold the stop up.
            _ = async {
                http::stopped(stop_rx).await;
                tokio::time::sleep(Duration::from_secs(2)).await;
            } => Ok(()),
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(500));
    match served {
        Ok(()) => {
            println!("\n已停止本地预览。");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误: 本地预览意外停止：{e}");
            ExitCode::FAILURE
        }
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn rebuild_loop(
    mut preview: Preview,
    mut watcher: watch::Watcher,
    batches: std::sync::mpsc::Receiver<watch::Batch>,
    shared: Arc<Shared>,
    mut versions: Versions,
    indexer: Arc<indexer::Indexer>,
) {
    // Work that follows an update, done once saves pause (`SETTLE`) and only while no
    // save waits: the whole-site files one at a time, then a snapshot for the indexer
    // once it is free (one copy of the site per index, however many saves came between).
    let mut search_due = false;
    let mut last = Instant::now();
    loop {
        let background = preview.has_deferred() || search_due;
        let batch = if background {
            let settle = (last + SETTLE).saturating_duration_since(Instant::now());
            let wait = if preview.has_deferred() || !indexer.busy() {
                settle
            } else {
                settle.max(SEARCH_POLL)
            };
            match watch::next_batch_within(&batches, wait) {
                watch::Next::Batch(b) => b,
                watch::Next::Stopped => break,
                watch::Next::Quiet => {
                    if preview.has_deferred() {
                        follow_up(&mut preview, &shared);
                    } else if !indexer.busy() {
                        if let Some(job) = preview.search_job() {
                            indexer.request(job);
                        }
                        search_due = false;
                    }
                    continue;
                }
            }
        } else {
            match watch::next_batch(&batches) {
                Some(b) => b,
                None => break,
            }
        };
        watcher.refresh_after(&batch);
        for e in &batch.errors {
            eprintln!("警告: 文件监视出错：{e}；将重新生成整个网站");
        }
        let paths: Vec<PathBuf> = batch.paths.iter().cloned().collect();
        let outcome = if batch.rescan {
            preview.full()
        } else {
            preview.changed(&paths)
        };
        // After the reload signal: browsers see the new pages first, search follows.
        search_due |= matches!(outcome, Outcome::Updated(_));
        last = Instant::now();
        report(
            &preview,
            &shared,
            &mut versions,
            outcome,
            batch.first,
            &paths,
        );
    }
}

/// How often the rebuild thread looks whether the indexer is free for the next snapshot.
const SEARCH_POLL: Duration = Duration::from_millis(100);
/// How long saves must pause before the work that follows them starts (at 100,000
/// entries the whole-site files take about a second, a copy of the site for the indexer
/// a few hundred milliseconds): a save in a burst never waits for the previous one's.
const SETTLE: Duration = Duration::from_millis(1000);

/// Renders what the last updates left for after the reload (`Preview::follow_up`).
fn follow_up(preview: &mut Preview, shared: &Shared) {
    match preview.follow_up() {
        Some(Outcome::Updated(update)) => shared
            .served
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .add(update.files),
        Some(Outcome::Failed(d)) => print_diagnostics(&d),
        Some(Outcome::Unchanged) | None => {}
    }
}

/// Publishes a rebuild's outcome to the server and the terminal.
fn report(
    preview: &Preview,
    shared: &Shared,
    versions: &mut Versions,
    outcome: Outcome,
    saved: Option<Instant>,
    paths: &[PathBuf],
) {
    let what = describe(preview, paths);
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Updated(update) => {
            print_diagnostics(&update.diagnostics);
            let line = summary(preview, &update);
            let base_path = preview
                .site()
                .map_or("/".to_string(), |s| s.config.base_path.clone());
            // What `build` would still refuse is shown over the preview, not hidden.
            let unpublishable = preview.unpublishable();
            let notice = (!unpublishable.is_empty()).then(|| live::unpublishable(&unpublishable));
            let version = versions.next();
            shared
                .served
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .apply(update, &base_path, version.clone(), notice);
            shared.version.send_replace(version);
            let since_save = saved.map_or(String::new(), |t| {
                format!("；保存后 {} 毫秒通知浏览器刷新", t.elapsed().as_millis())
            });
            println!("{}{what}{line}{since_save}", clock());
        }
        Outcome::Failed(d) => {
            print_diagnostics(&d);
            let version = versions.next();
            shared
                .served
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .fail(live::overlay(&d), version.clone());
            shared.version.send_replace(version);
            println!(
                "{}{what}网站有错误，没有更新：浏览器里会显示上面的错误，改正后保存即可。",
                clock()
            );
        }
    }
}

fn summary(preview: &Preview, u: &Update) -> String {
    let ms = u.elapsed.as_secs_f64() * 1000.0;
    if u.full {
        match preview.site() {
            Some(site) => {
                let written = crate::build::Written {
                    files: u.files.len(),
                    search: None,
                };
                Summary::new(site, &written, u.elapsed).line()
            }
            None => String::new(),
        }
    } else {
        format!(
            "重新生成 {} 个页面（共 {} 个），用时 {ms:.1} 毫秒",
            u.rendered, u.pages
        )
    }
}

/// `content/entries/a.md：` (or `… 等 3 个文件：`) for the log line.
fn describe(preview: &Preview, paths: &[PathBuf]) -> String {
    let root = preview.root();
    let shown: Vec<&Path> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .filter(|p| {
            p.components()
                .all(|c| !changes::is_editor_temp(c.as_os_str()))
                && !p.as_os_str().is_empty()
        })
        .collect();
    match shown.as_slice() {
        [] => String::new(),
        [one] => format!("{}：", one.display()),
        [first, rest @ ..] => format!("{} 等 {} 个文件：", first.display(), rest.len() + 1),
    }
}

fn clock() -> String {
    chrono::Local::now().format("[%H:%M:%S] ").to_string()
}

fn local_url(addr: SocketAddr) -> String {
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
    } else {
        addr
    };
    format!("http://{shown}/")
}

/// The message for a port that cannot be had, with a free one to try.
fn bind_error(addr: SocketAddr, e: &std::io::Error) -> String {
    let free = (1..=20)
        .filter_map(|d| addr.port().checked_add(d))
        .find(|&p| std::net::TcpListener::bind(SocketAddr::new(addr.ip(), p)).is_ok());
    let suggestion = free.map_or(
        "换一个端口，例如 `gongkai serve --port 8080`".to_string(),
        |p| format!("换一个端口，例如 `gongkai serve --port {p}`"),
    );
    match e.kind() {
        ErrorKind::AddrInUse => format!(
            "错误: 端口 {} 已被占用，无法启动本地预览（可能已经有一个 gongkai serve 在运行）\n   = 提示：{suggestion}",
            addr.port()
        ),
        ErrorKind::PermissionDenied => format!(
            "错误: 没有权限使用端口 {}（1024 以下的端口需要管理员权限）\n   = 提示：{suggestion}",
            addr.port()
        ),
        ErrorKind::AddrNotAvailable => format!(
            "错误: 本机没有地址 {}，无法在它上面启动预览\n   = 提示：去掉 --bind 只允许本机访问，或用 --bind 0.0.0.0 允许局域网访问",
            addr.ip()
        ),
        _ => format!(
            "错误: 无法在 {addr} 启动本地预览：{}\n   = 提示：{suggestion}",
            os_error(e)
        ),
    }
}

/// Versions of the output: this run's start time and a counter, so a page from an earlier
/// run of the server also reloads.
struct Versions {
    run: u128,
    count: u64,
}

impl Versions {
    fn new() -> Versions {
        let run = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Versions { run, count: 0 }
    }

    fn current(&self) -> String {
        format!("{:x}-{}", self.run, self.count)
    }

    fn next(&mut self) -> String {
        self.count += 1;
        self.current()
    }
}
