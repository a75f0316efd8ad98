//! What a running build tells its caller, who shows it: a progress bar on a terminal,
//! a plain line per finished stage in a CI log. A site of 10,000 entries takes a quarter
//! of a minute on a small machine; it should not look stuck.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Progress {
    /// Pages rendered so far (the renderer counts them) and how many are planned.
    pub pages: AtomicUsize,
    pub planned: AtomicUsize,
    /// The stage now running (and since when), and the finished ones' lines, in order.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    stage: &'static str,
    since: Option<Instant>,
    finished: Vec<String>,
}

impl Progress {
    pub fn begin(&self, stage: &'static str) {
        if let Ok(mut s) = self.state.lock() {
            s.stage = stage;
            s.since = Some(Instant::now());
        }
    }

    /// Ends the running stage: `what` says what it did (`44 个条目`), `took` how long.
    pub fn finish(&self, what: &str, took: Duration) {
        if let Ok(mut s) = self.state.lock() {
            let line = format!("{}：{what}，用时 {:.2} 秒", s.stage, took.as_secs_f64());
            s.finished.push(line);
            s.stage = "";
        }
    }

    /// The stage running now (`""` between stages).
    pub fn stage(&self) -> &'static str {
        self.state.lock().map_or("", |s| s.stage)
    }

    /// The lines of finished stages from the `from`-th on.
    pub fn finished_since(&self, from: usize) -> Vec<String> {
        self.state
            .lock()
            .map(|s| s.finished.iter().skip(from).cloned().collect())
            .unwrap_or_default()
    }

    /// `生成页面 [██████░░░░░░░░░░░░░░] 3000 / 10000` while pages are rendered, else the
    /// stage's name and its seconds so far: one terminal line.
    pub fn bar(&self) -> String {
        let stage = self.stage();
        let seconds = self
            .state
            .lock()
            .ok()
            .and_then(|s| s.since)
            .map_or(0, |t| t.elapsed().as_secs());
        let (done, planned) = (
            self.pages.load(Ordering::Relaxed),
            self.planned.load(Ordering::Relaxed),
        );
        if planned == 0 || done == 0 || stage != PAGES {
            return format!("{stage}… {seconds} 秒");
        }
        const WIDTH: usize = 20;
        let filled = (done.min(planned) * WIDTH) / planned;
        format!(
            "{stage} [{}{}] {done} / {planned}",
            "█".repeat(filled),
            "░".repeat(WIDTH - filled)
        )
    }
}

/// The stage whose pages the bar counts.
pub const PAGES: &str = "生成页面";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_bar() {
        let p = Progress::default();
        p.begin("读取与校验");
        assert_eq!(p.bar(), "读取与校验… 0 秒");
        p.finish("1 个机构，44 个条目", Duration::from_millis(250));
        p.begin(PAGES);
        p.planned.store(200, Ordering::Relaxed);
        p.pages.store(50, Ordering::Relaxed);
        assert_eq!(p.bar(), "生成页面 [█████░░░░░░░░░░░░░░░] 50 / 200");
        assert_eq!(
            p.finished_since(0),
            ["读取与校验：1 个机构，44 个条目，用时 0.25 秒"]
        );
        assert!(p.finished_since(1).is_empty());
    }
}
