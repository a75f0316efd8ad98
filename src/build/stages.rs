//! Per-stage wall time and memory, for benchmarks and profiling.

use std::time::Instant;

/// Per-stage times on stderr when `GONGKAI_TIMINGS` is set (for benchmarks and profiling).
pub struct Stages {
    last: Instant,
    on: bool,
}

impl Stages {
    pub fn new(start: Instant) -> Stages {
        Stages {
            last: start,
            on: std::env::var_os("GONGKAI_TIMINGS").is_some(),
        }
    }

    /// Ends a stage; returns how long it took.
    pub fn mark(&mut self, stage: &str) -> std::time::Duration {
        let now = Instant::now();
        let took = now - self.last;
        self.last = now;
        if self.on {
            // Resident memory at the end of the stage, where Linux reports it.
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
                    line.split_whitespace().nth(1)?.parse::<u64>().ok()
                })
                .map_or(String::new(), |kb| format!("，内存 {} MiB", kb / 1024));
            eprintln!("计时：{stage} {:.3} 秒{rss}", took.as_secs_f64());
        }
        took
    }
}
