//! The build cache's parsed source files (`site::parsed` says what a parse is and
//! when one may be kept): `entries.bin` in the cache folder, per file a key and the
//! parse's bytes. Read whole when the cache opens; written (whole, by rename) after a
//! build that parsed anything anew or no longer has a file.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

const FILE: &str = "entries.bin";
/// Bumped when what is kept changes meaning; the program's fingerprint covers the rest.
const FORMAT: u32 = 1;

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    format: u32,
    tool: u64,
    /// Entry file → (key, its parse in postcard).
    entries: HashMap<PathBuf, (u64, Vec<u8>)>,
}

pub struct Parses {
    file: PathBuf,
    tool: u64,
    /// What the last build kept; a parse taken moves to `now` (one copy in memory).
    old: Mutex<HashMap<PathBuf, (u64, Vec<u8>)>>,
    old_count: usize,
    now: Mutex<HashMap<PathBuf, (u64, Vec<u8>)>>,
    /// A parse was made anew (the file must be written again).
    changed: AtomicBool,
    /// Only read (`check`): nothing is noted for a next build.
    read_only: bool,
}

impl Parses {
    /// The parses kept in the cache folder `dir` by this same program (`tool`).
    pub fn open(dir: &Path, tool: u64) -> Parses {
        let file = dir.join(FILE);
        let old = fs::read(&file)
            .ok()
            .and_then(|b| postcard::from_bytes::<Stored>(&b).ok())
            .filter(|s| s.format == FORMAT && s.tool == tool)
            .map(|s| s.entries)
            .unwrap_or_default();
        Parses {
            file,
            tool,
            old_count: old.len(),
            old: Mutex::new(old),
            now: Mutex::default(),
            changed: AtomicBool::new(false),
            read_only: false,
        }
    }

    /// `open`, for a reader that never saves (`check`, which does not lock the cache:
    /// the file is only ever replaced whole, by rename).
    pub fn open_to_read(dir: &Path, tool: u64) -> Parses {
        Parses {
            read_only: true,
            ..Parses::open(dir, tool)
        }
    }

    /// Keeps what this build's load used and made, for the next build.
    pub fn save(&self) -> io::Result<()> {
        if self.read_only {
            return Ok(());
        }
        let now = std::mem::take(&mut *self.now.lock().unwrap_or_else(|e| e.into_inner()));
        if !self.changed.load(Ordering::Relaxed) && now.len() == self.old_count {
            return Ok(());
        }
        let stored = Stored {
            format: FORMAT,
            tool: self.tool,
            entries: now,
        };
        let tmp = self.file.with_extension("tmp");
        fs::write(
            &tmp,
            postcard::to_stdvec(&stored).map_err(io::Error::other)?,
        )?;
        fs::rename(&tmp, &self.file)
    }

    fn note(&self, path: &Path, key: u64, bytes: Vec<u8>) {
        if self.read_only {
            return;
        }
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        now.insert(path.to_path_buf(), (key, bytes));
    }

    /// The bytes kept for the file at `path` under `key` (then kept for the next build
    /// too), if any.
    pub fn get(&self, path: &Path, key: u64) -> Option<Vec<u8>> {
        let (kept, bytes) = {
            let mut old = self.old.lock().unwrap_or_else(|e| e.into_inner());
            old.remove(path)?
        };
        if kept != key {
            return None;
        }
        if !self.read_only {
            self.note(path, key, bytes.clone());
        }
        Some(bytes)
    }

    /// Keeps `bytes` for the file at `path` under `key`, for the next build.
    pub fn put(&self, path: &Path, key: u64, bytes: Vec<u8>) {
        self.changed.store(true, Ordering::Relaxed);
        self.note(path, key, bytes);
    }
}
