//! Search indexing for the preview, off the rebuild thread: pages reload at once, and
//! the search index follows when it is ready (seconds on a large site).
//!
//! One indexer thread; each rebuild leaves the newest snapshot in a one-place slot, so
//! a burst of saves indexes once, and never more than one index is built at a time.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use super::http::Shared;
use super::preview::SearchJob;
use crate::diagnostics::terminal::print_diagnostics;

#[derive(Default)]
pub struct Indexer {
    slot: Mutex<Option<SearchJob>>,
    ready: Condvar,
    /// A job is waiting or being indexed.
    busy: AtomicBool,
}

impl Indexer {
    /// Starts the indexer thread, which applies each finished index to `shared`.
    pub fn start(shared: Arc<Shared>) -> Arc<Indexer> {
        let indexer = Arc::new(Indexer::default());
        let me = Arc::clone(&indexer);
        std::thread::spawn(move || {
            yield_to_rebuilds();
            loop {
                let job = {
                    let mut slot = me.slot.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if let Some(job) = slot.take() {
                            break job;
                        }
                        slot = me.ready.wait(slot).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let result = job.run();
                // A newer snapshot waiting means this index is already out of date.
                if me.slot.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
                    continue;
                }
                match result {
                    Ok((stats, files)) => {
                        shared
                            .served
                            .write()
                            .unwrap_or_else(|e| e.into_inner())
                            .replace_search(files);
                        println!("{}{}", super::clock(), stats.line());
                    }
                    Err(d) => print_diagnostics(&d),
                }
                let slot = me.slot.lock().unwrap_or_else(|e| e.into_inner());
                if slot.is_none() {
                    me.busy.store(false, Ordering::Release);
                }
            }
        });
        indexer
    }

    /// Queues the newest snapshot, replacing one not yet started.
    pub fn request(&self, job: SearchJob) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        *slot = Some(job);
        self.busy.store(true, Ordering::Release);
        self.ready.notify_one();
    }

    /// Whether a snapshot is waiting or being indexed: the next one is taken only when it
    /// is done, so a burst of saves copies the site once, not once per save.
    pub fn busy(&self) -> bool {
        self.busy.load(Ordering::Acquire)
    }
}

/// Lowers this thread's CPU priority to the lowest, so that on a small machine a page
/// rebuild after a save is not slowed by the index of the previous save (100,000
/// entries, two cores: 0.25–0.29 s from save to reload while indexing, 0.4–0.9 s at
/// normal priority). On Linux a nice value belongs to a thread and the threads it
/// starts (Pagefind's included), not to the process.
#[cfg(target_os = "linux")]
fn yield_to_rebuilds() {
    // SAFETY: setpriority only reads its integer arguments; `who = 0` is this thread.
    // Failure (not permitted) leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

#[cfg(not(target_os = "linux"))]
fn yield_to_rebuilds() {}
