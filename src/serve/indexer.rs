//! Search indexing for the preview, off the rebuild thread: pages reload at once, and
//! the search index follows when it is ready (seconds on a large site).
//!
//! One indexer thread; each rebuild leaves the newest snapshot in a one-place slot, so
//! a burst of saves indexes once, and never more than one index is built at a time.

use std::sync::{Arc, Condvar, Mutex};

use super::http::Shared;
use super::preview::SearchJob;
use crate::cli::print_diagnostics;

#[derive(Default)]
pub struct Indexer {
    slot: Mutex<Option<SearchJob>>,
    ready: Condvar,
}

impl Indexer {
    /// Starts the indexer thread, which applies each finished index to `shared`.
    pub fn start(shared: Arc<Shared>) -> Arc<Indexer> {
        let indexer = Arc::new(Indexer::default());
        let me = Arc::clone(&indexer);
        std::thread::spawn(move || {
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
            }
        });
        indexer
    }

    /// Queues the newest snapshot, replacing one not yet started.
    pub fn request(&self, job: SearchJob) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(job);
        self.ready.notify_one();
    }
}
