//! Watching the site's sources: native file events (or polling where a file system has
//! none), debounced so a burst of saves becomes one batch.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use super::changes::WATCHED_DIRS;

/// Quiet time after the last event of a path before it is reported. Editors save with a
/// few events within a millisecond or two; this is short so the preview feels instant.
const QUIET: Duration = Duration::from_millis(25);
const TICK: Duration = Duration::from_millis(5);
/// Paths of one burst can expire a tick apart: batches this close together are merged.
const MERGE: Duration = Duration::from_millis(8);
/// How often the polling watcher reads every file. It compares contents, not only
/// modification times: those have whole seconds there, so a second save within the
/// same second would be missed.
const POLL: Duration = Duration::from_secs(1);

/// One debounced burst of changes.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// When the first event of the burst arrived (the save).
    pub first: Option<Instant>,
    /// The watcher lost events (queue overflow) or failed: rebuild everything.
    pub rescan: bool,
    pub errors: Vec<String>,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    fn merge(&mut self, other: Batch) {
        self.paths.extend(other.paths);
        self.first = match (self.first, other.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.rescan |= other.rescan;
        self.errors.extend(other.errors);
    }

    fn from_result(result: DebounceEventResult) -> Batch {
        let mut batch = Batch::default();
        match result {
            Ok(events) => {
                for e in events.iter().filter(|e| is_change(&e.event)) {
                    batch.first = Some(batch.first.map_or(e.time, |t| t.min(e.time)));
                    batch.rescan |= e.need_rescan();
                    batch.paths.extend(e.event.paths.iter().cloned());
                }
            }
            Err(errors) => {
                batch.rescan = true;
                batch.errors = errors.iter().map(|e| e.to_string()).collect();
            }
        }
        batch
    }
}

/// Reads are events too (the build itself opens every file): only changes count. A
/// folder's own modification time (polling reports it when a file inside is saved) says
/// nothing its files' events do not; folders made, moved or removed do count.
fn is_change(event: &notify::Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Name(_)) => true,
        EventKind::Modify(_) => !event.paths.iter().all(|p| p.is_dir()),
        _ => true,
    }
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// Watches `site.yaml`, `calendar.yaml`, `content/`, `static/`, `templates/` and
/// `standard/` (not the rest of the site folder: `public/` and, for the demo, `target/`
/// change all the time).
pub struct Watcher {
    root: PathBuf,
    inner: Inner,
    /// Source folders with a recursive watch.
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching; batches arrive on the returned receiver. Falls back to polling
    /// when native events cannot be had (and uses it when `poll` asks).
    pub fn start(root: &Path, poll: bool) -> Result<(Watcher, Receiver<Batch>), String> {
        let (tx, rx) = std::sync::mpsc::channel();
        let handler = |tx: Sender<Batch>| {
            move |result: DebounceEventResult| {
                let _ = tx.send(Batch::from_result(result));
            }
        };
        let native = if poll {
            None
        } else {
            new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                QUIET,
                Some(TICK),
                handler(tx.clone()),
                RecommendedCache::new(),
                notify::Config::default(),
            )
            .ok()
        };
        let inner = match native {
            Some(d) => Inner::Native(d),
            None => Inner::Poll(
                new_debouncer_opt::<_, PollWatcher, NoCache>(
                    QUIET,
                    Some(TICK),
                    handler(tx),
                    NoCache,
                    notify::Config::default()
                        .with_poll_interval(POLL)
                        .with_compare_contents(true),
                )
                .map_err(|e| format!("无法监视文件变化：{e}"))?,
            ),
        };
        let mut w = Watcher {
            root: root.to_path_buf(),
            inner,
            watched: BTreeSet::new(),
        };
        w.watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("无法监视站点文件夹 {}：{e}", root.display()))?;
        w.refresh();
        Ok((w, rx))
    }

    pub fn polling(&self) -> bool {
        matches!(self.inner, Inner::Poll(_))
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    /// Watches source folders created since the last call, and watches again those the
    /// batch touched itself (a folder deleted and made anew keeps no watch).
    pub fn refresh_after(&mut self, batch: &Batch) {
        let touched: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|d| batch.paths.contains(*d))
            .cloned()
            .collect();
        for dir in touched {
            let _ = match &mut self.inner {
                Inner::Native(d) => d.unwatch(&dir),
                Inner::Poll(d) => d.unwatch(&dir),
            };
            self.watched.remove(&dir);
        }
        self.refresh();
    }

    fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            if !self.watched.contains(&dir) && self.watch(&dir, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(dir);
            }
        }
    }
}

/// Waits for the next burst, merging batches that follow within `MERGE`. `None` when the
/// watcher has stopped.
pub fn next_batch(rx: &Receiver<Batch>) -> Option<Batch> {
    let batch = loop {
        let b = rx.recv().ok()?;
        if !b.is_empty() {
            break b;
        }
    };
    Some(merge_burst(rx, batch))
}

pub enum Next {
    Batch(Batch),
    /// Nothing arrived in the time given.
    Quiet,
    /// The watcher has stopped.
    Stopped,
}

/// The next burst if one begins within `wait` (`Duration::ZERO`: one already waiting).
pub fn next_batch_within(rx: &Receiver<Batch>, wait: Duration) -> Next {
    let until = Instant::now() + wait;
    loop {
        match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(b) if b.is_empty() => continue,
            Ok(b) => return Next::Batch(merge_burst(rx, b)),
            Err(RecvTimeoutError::Timeout) => return Next::Quiet,
            Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
        }
    }
}

fn merge_burst(rx: &Receiver<Batch>, mut batch: Batch) -> Batch {
    loop {
        match rx.recv_timeout(MERGE) {
            Ok(more) => batch.merge(more),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return batch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{CreateKind, DataChange, MetadataKind, RenameMode};

    fn event(kind: EventKind, path: &Path) -> notify::Event {
        notify::Event::new(kind).add_path(path.to_path_buf())
    }

    #[test]
    fn only_changes_count() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("entries");
        let file = t.path().join("a.md");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(&file, "x").unwrap();
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(is_change(&event(data, &file)));
        assert!(!is_change(&event(data, &dir)), "a folder's mtime");
        let meta = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any));
        assert!(!is_change(&event(meta, &dir)));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert!(is_change(&event(renamed, &dir)), "a folder moved in");
        assert!(is_change(&event(
            EventKind::Create(CreateKind::Folder),
            &dir
        )));
        let read = EventKind::Access(AccessKind::Open(AccessMode::Read));
        assert!(!is_change(&event(read, &file)), "the build reading files");
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(is_change(&event(written, &file)));
    }
}
