//! Writing the output: where pages live (`layout`), a `Sink` that pages are written
//! into, and `Staging`, which builds into a fresh folder on the target's file system and
//! swaps it in (`swap`) only after a whole build succeeded — a failed or killed build,
//! a full disk or a read-only output leaves the previous site serving, byte for byte.

pub mod cache;
mod disk;
pub mod fault;
pub mod layout;
pub mod parses;
mod share;
pub mod spreadsheet;
mod staging;
mod swap;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use share::Share;
pub use staging::{MARKER, Staging};

/// Fails like a copy would when the file to copy is gone, so every sink (disk, memory,
/// `check`'s) reports the same problem for a missing attachment or static file.
pub fn require_source(from: &Path) -> io::Result<()> {
    if from.is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} 不存在", from.display()),
        ))
    }
}

/// Where rendered files go: a folder on disk, or memory for `serve`.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (relative to the output root), creating folders as needed.
    fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file at `from` to `rel`.
    fn copy_file(&self, rel: &Path, from: &Path) -> io::Result<()>;

    /// Whether this sink keeps a build cache (`cache::CacheSink`), so that fingerprints
    /// for `reuse` are worth computing.
    fn caches(&self) -> bool {
        false
    }

    /// Puts in place the files `unit` (a page, a search bundle) wrote when it was last
    /// made from inputs with fingerprint `key`, and returns them with their sizes;
    /// `None`: make it anew.
    fn reuse(&self, _unit: &str, _key: u64) -> Option<Vec<(PathBuf, u64)>> {
        None
    }

    /// Notes that `unit`, made from inputs with fingerprint `key`, wrote `files`.
    fn made(&self, _unit: &str, _key: u64, _files: Vec<PathBuf>) {}

    /// The bytes kept with `made_data` for `unit` made from inputs with fingerprint
    /// `key` (what the site-wide files need of it, so that a reused unit's inputs are
    /// not made again); `None`: none kept.
    fn data(&self, _unit: &str, _key: u64) -> Option<Vec<u8>> {
        None
    }

    /// Keeps `bytes` for `data` in later builds.
    fn made_data(&self, _unit: &str, _key: u64, _bytes: &[u8]) {}
}

pub struct DirSink {
    dir: PathBuf,
    /// Folders made so far. Each page's folder is made before its first file is written,
    /// rather than after a failed open: at 100,000 entries that is 100,000 fewer calls.
    made: Mutex<HashSet<PathBuf>>,
}

impl DirSink {
    /// Writes into `dir`, which exists.
    pub fn new(dir: &Path) -> DirSink {
        DirSink {
            dir: dir.to_path_buf(),
            made: Mutex::default(),
        }
    }

    /// The path of `rel`, its folder made if this sink has not made it yet.
    fn place(&self, rel: &Path) -> io::Result<PathBuf> {
        let path = self.dir.join(rel);
        if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty())
            && !self.made.lock().is_ok_and(|m| m.contains(parent))
        {
            fs::create_dir_all(self.dir.join(parent))?;
            if let Ok(mut m) = self.made.lock() {
                m.insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.place(rel)?, bytes)
    }

    fn copy_file(&self, rel: &Path, from: &Path) -> io::Result<()> {
        require_source(from)?;
        fs::copy(from, self.place(rel)?).map(|_| ())
    }
}

/// A file held by a `MemSink`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemFile {
    /// A rendered page or an embedded asset.
    Bytes(Vec<u8>),
    /// A copy (attachment, `static/` file) left where it is on disk and read when served,
    /// so a preview of a site with large attachments does not hold them all in memory.
    Copy(PathBuf),
}

/// Output kept in memory (`serve`), keyed by path relative to the output root.
#[derive(Default)]
pub struct MemSink {
    files: Mutex<HashMap<PathBuf, MemFile>>,
}

impl MemSink {
    pub fn new() -> MemSink {
        MemSink::default()
    }

    pub fn into_files(self) -> HashMap<PathBuf, MemFile> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &Path, file: MemFile) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_path_buf(), file);
    }
}

impl Sink for MemSink {
    fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, MemFile::Bytes(bytes.to_vec()));
        Ok(())
    }

    fn copy_file(&self, rel: &Path, from: &Path) -> io::Result<()> {
        require_source(from)?;
        self.put(rel, MemFile::Copy(from.to_path_buf()));
        Ok(())
    }
}

/// The problem of a file that could not be written into the output (the previous site
/// stays as it was: writes go to the staging folder).
pub fn write_error(rel: &Path, e: &io::Error) -> crate::diagnostics::Diagnostic {
    let d = crate::diagnostics::Diagnostic::error(
        rel,
        format!("写出文件失败：{}", crate::diagnostics::os_error(e)),
    );
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            d.hint("输出目录所在的磁盘已满，旧网站保持不变；清理磁盘空间（或换一个输出目录）后重新构建")
        }
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
            d.hint("输出目录不可写入，旧网站保持不变；检查输出目录的写入权限，或用 --output 换一个输出目录")
        }
        _ => d.hint("检查磁盘空间和输出目录的写入权限"),
    }
}

/// A byte count as people read it: 512 字节, 36 KB, 1.5 MB.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{} KB", b.div_ceil(1 << 10)),
        b => format!("{b} 字节"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn size_texts() {
        assert_eq!(super::size_text(512), "512 字节");
        assert_eq!(super::size_text(35 * 1024 + 1), "36 KB");
        assert_eq!(super::size_text(3 * 1024 * 1024 / 2), "1.5 MB");
    }
}
