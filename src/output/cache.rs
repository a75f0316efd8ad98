//! The build cache (`.gongkai-cache/` beside `site.yaml`): what the last build wrote, kept
//! between runs — CI keeps the folder between pushes — so the next build renders and
//! indexes only what changed, and leaves every unchanged file as it was (same bytes,
//! same modification time: rsync and CDN uploads skip it).
//!
//! The cache holds every file of the last output under `files/` (a hard link to the
//! output's file, or a copy on another file system) and a manifest: per file, the size,
//! modification time and inode it was cached with (a file changed since is not used);
//! per unit of work (a page, a search bundle), a fingerprint of everything it was made
//! from and the files it wrote. Whether a unit is made again is decided by that
//! fingerprint alone, never by modification times. A file made again whose bytes equal
//! the cached ones is linked instead of written.
//!
//! Units may also keep some bytes of their own under `data/` (a search bundle, its
//! route pairs), named by the unit and its key: a file there is never rewritten with
//! other contents, so a failed build cannot make it lie.
//!
//! The build writes only into its staging folder and links cached files into it (a
//! linked file is never written through: it is removed first); the cache is updated
//! only after the new output is in place. A failed build leaves both as they were;
//! deleting the folder only makes the next build do everything.
//!
//! When the output folder is still the one the cache recorded (its marker file the
//! same file, `OutputId`), the build updates it in place (`Staging::commit_update`): an
//! unchanged file whose output twin is still the cached file is left where it is, and
//! the staging folder receives only what changed — at 100,000 entries, a few dozen
//! files instead of a quarter of a million links, and no old tree to delete.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::parses::Parses;
use super::{DirSink, Sink, require_source};
use crate::diagnostics::os_error;

/// The cache folder's default name, beside `site.yaml`.
pub const DEFAULT_DIR: &str = ".gongkai-cache";
/// Marks the folder as a cache (backup tools skip it; see bford.net/cachedir).
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# gongkai 的构建缓存，可以随时删除（下次构建会全部重新生成）。\n";
const MANIFEST: &str = "manifest.bin";
/// Where older versions kept the manifest (removed when the new one is written).
const OLD_MANIFEST: &str = "manifest.json";
const FILES: &str = "files";
/// What units keep beside their files (`Sink::made_data`), a file per unit and key.
const DATA: &str = "data";
/// Bumped when the manifest's meaning changes: an older cache is then ignored.
const FORMAT: u32 = 3;

/// A fingerprint builder: 64 bits of SipHash, fixed keys (the same in every run).
#[derive(Default)]
pub struct Fingerprint(DefaultHasher);

impl Fingerprint {
    pub fn new(what: &str) -> Fingerprint {
        let mut f = Fingerprint::default();
        f.add(what);
        f
    }

    pub fn add(&mut self, v: &(impl Hash + ?Sized)) -> &mut Self {
        v.hash(&mut self.0);
        self
    }

    /// Adds a value's `Debug` text, without building the string.
    pub fn debug(&mut self, v: &impl fmt::Debug) -> &mut Self {
        use fmt::Write;
        let _ = write!(self, "{v:?}");
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// What a cached file looked like when it was cached: a file changed in place since
/// (its output twin edited) is not used. Compared by size and whole seconds only, so a
/// cache that CI packs and unpacks (tar, zip) is still recognised; the inode only tells
/// an output file that is still the cached one (`Cache::in_output`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    /// Modification time, whole seconds since the epoch.
    modified: u64,
    /// The file's device and inode when it was stamped; 0 where the system has none.
    id: (u64, u64),
}

impl Stamp {
    /// The stamp of the file at `path` (not following a symbolic link: the cache and
    /// the output hold files only).
    fn of(path: &Path) -> io::Result<Stamp> {
        let m = fs::symlink_metadata(path)?;
        let modified = m
            .modified()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        };
        #[cfg(not(unix))]
        let id = (0, 0);
        Ok(Stamp {
            size: m.len(),
            modified,
            id,
        })
    }

    fn same_contents(&self, other: &Stamp) -> bool {
        (self.size, self.modified) == (other.size, other.modified)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Unit {
    key: u64,
    files: Vec<PathBuf>,
}

#[derive(Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    files: HashMap<PathBuf, Stamp>,
    units: HashMap<String, Unit>,
    /// The output folder these files were last put in.
    output: Option<OutputId>,
}

/// An output folder as the cache knows it: its path and its marker file's identity
/// (device and inode; every complete swap writes a new marker, an update in place
/// keeps it, and a repaired update renews it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct OutputId {
    path: PathBuf,
    marker: (u64, u64),
}

impl OutputId {
    fn of(output: &Path) -> Option<OutputId> {
        Some(OutputId {
            path: output.to_path_buf(),
            marker: identity(&output.join(super::MARKER))?,
        })
    }
}

/// A file's device and inode, where the system has them.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = fs::symlink_metadata(path).ok()?;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A cache folder opened for one build (its lock held until dropped).
pub struct Cache {
    dir: PathBuf,
    old: Manifest,
    /// Mixed into every unit's key: this program's own bytes, so a different gongkai
    /// (whose pages or index might differ) never reuses what another one made.
    tool: u64,
    /// The output folder (absolute), and whether it is still the one the cache recorded.
    output: PathBuf,
    in_place: bool,
    /// Entries parsed by the last build (`site::parsed`).
    entries: Parses,
    _lock: fs::File,
}

impl Cache {
    /// Opens (or creates) the cache folder `dir`, waiting for another build using it.
    /// `output` may not be inside it, nor it inside `output`.
    pub fn open(dir: &Path, output: &Path) -> Result<Cache, String> {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (dir, output) = (abs(dir), abs(output));
        if dir.starts_with(&output) || output.starts_with(&dir) {
            return Err(format!(
                "缓存目录 {} 与输出目录 {} 互相包含，已拒绝",
                dir.display(),
                output.display()
            ));
        }
        let foreign =
            fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) && !dir.join(TAG).is_file();
        if foreign {
            return Err(format!(
                "缓存目录 {} 已有内容，但不是 gongkai 的缓存；为防止误删文件，没有使用它",
                dir.display()
            ));
        }
        let made = fs::create_dir_all(dir.join(FILES))
            .and_then(|()| fs::write(dir.join(TAG), TAG_TEXT))
            .and_then(|()| {
                super::staging::lock(
                    &dir.join("lock"),
                    "另一个 gongkai build 正在使用同一个缓存目录，等待它完成……",
                )
            });
        let lock =
            made.map_err(|e| format!("无法使用缓存目录 {}：{}", dir.display(), os_error(&e)))?;
        let old = fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|b| postcard::from_bytes::<Manifest>(&b).ok())
            .filter(|m| m.format == FORMAT);
        let old = match old {
            Some(m) => m,
            // No manifest that this version can read (deleted, older, cut off): what the
            // folder holds is unknown, and a file left there would block a new link.
            None => {
                clear(&dir.join(FILES))
                    .and_then(|()| clear(&dir.join(DATA)))
                    .map_err(|e| format!("无法清理缓存目录 {}：{}", dir.display(), os_error(&e)))?;
                Manifest::default()
            }
        };
        let in_place = old.output.is_some() && old.output == OutputId::of(&output);
        let tool = tool_fingerprint();
        Ok(Cache {
            entries: Parses::open(&dir, tool),
            tool,
            dir,
            old,
            output,
            in_place,
            _lock: lock,
        })
    }

    /// The entries parsed by the last build, for the loader.
    pub fn parsed(&self) -> &Parses {
        &self.entries
    }

    /// Keeps the entries this build's load parsed or took, for the next build: right
    /// after the load (a parse holds whatever the build does next), which frees them
    /// before the search index's peak.
    pub fn save_parsed(&self) -> io::Result<()> {
        self.entries.save()
    }

    /// Whether the output folder is the one the cache last put its files in, so that
    /// a build may update it in place.
    pub fn in_place(&self) -> bool {
        self.in_place
    }

    /// The file of what `unit` with (mixed) `key` keeps beside its files.
    fn data_file(&self, unit: &str, key: u64) -> PathBuf {
        let unit = Fingerprint::new("data").add(unit).finish();
        self.dir.join(DATA).join(format!("{unit:016x}-{key:016x}"))
    }

    fn cached(&self, rel: &Path) -> PathBuf {
        self.dir.join(FILES).join(rel)
    }

    /// Whether the cached file at `rel` is still as it was cached: its stamp now.
    fn intact(&self, rel: &Path) -> Option<Stamp> {
        let stamp = self.old.files.get(rel)?;
        Some(Stamp::of(&self.cached(rel)).ok()?).filter(|now| now.same_contents(stamp))
    }

    /// Whether, in an update in place, the output's file at `rel` is still the cached
    /// file as it was cached (the same inode, unchanged): one look at the output only,
    /// the cheap case of nearly every file of a rebuild.
    fn in_output(&self, rel: &Path) -> Option<Stamp> {
        let stamp = self.old.files.get(rel).filter(|s| s.id != (0, 0))?;
        let now = Stamp::of(&self.output.join(rel)).ok()?;
        (now.id == stamp.id && now.same_contents(stamp)).then_some(*stamp)
    }

    /// Makes the cache hold the output now at `output` (the committed build that `sink`
    /// wrote): the files written anew are linked in, the ones gone removed, and the
    /// manifest written last.
    pub fn save(&self, sink: CacheSink) -> io::Result<()> {
        let (output, output_id) = (&self.output, OutputId::of(&self.output));
        let CacheSink { now, units, .. } = sink;
        let now = now.into_inner().unwrap_or_else(|e| e.into_inner());
        let units = units.into_inner().unwrap_or_else(|e| e.into_inner());
        // The old manifest goes first: a build killed while the files change uses none.
        let manifest = self.dir.join(MANIFEST);
        match fs::remove_file(&manifest) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let gone: Vec<&PathBuf> = self
            .old
            .files
            .keys()
            .filter(|rel| now.get(*rel).is_none_or(|o| matches!(o, Origin::New)))
            .collect();
        gone.par_iter().for_each(|rel| {
            let _ = fs::remove_file(self.cached(rel));
        });
        let stamps: Vec<io::Result<(PathBuf, Stamp)>> = now
            .into_par_iter()
            .map(|(rel, origin)| match origin {
                Origin::Kept(stamp) | Origin::InPlace(stamp) => Ok((rel, stamp)),
                Origin::New => {
                    let cached = self.cached(&rel);
                    if let Some(parent) = cached.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    link_or_copy(&output.join(&rel), &cached)?;
                    let stamp = Stamp::of(&cached)?;
                    Ok((rel, stamp))
                }
            })
            .collect();
        let files = stamps.into_iter().collect::<io::Result<HashMap<_, _>>>()?;
        let m = Manifest {
            format: FORMAT,
            files,
            units,
            output: output_id,
        };
        // What no unit of this build keeps goes.
        let kept: std::collections::HashSet<PathBuf> = (m.units.iter())
            .map(|(unit, u)| self.data_file(unit, u.key))
            .collect();
        if let Ok(items) = fs::read_dir(self.dir.join(DATA)) {
            for item in items.flatten() {
                if !kept.contains(&item.path()) {
                    let _ = fs::remove_file(item.path());
                }
            }
        }
        let _ = fs::remove_file(self.dir.join(OLD_MANIFEST));
        let tmp = self.dir.join(format!("{MANIFEST}.tmp"));
        fs::write(&tmp, postcard::to_stdvec(&m).map_err(io::Error::other)?)?;
        fs::rename(&tmp, &manifest)
    }
}

/// Where a file of this build came from; a file taken from the cache with its stamp.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// Linked from the cache: the same file as before.
    Kept(Stamp),
    /// The same file as before, left where it is in the output (an update in place).
    InPlace(Stamp),
    /// Written by this build.
    New,
}

/// A `DirSink` (the staging folder) that takes from the cache what is unchanged.
pub struct CacheSink<'a> {
    cache: &'a Cache,
    dir: DirSink,
    /// The build updates the output in place: what is there unchanged stays there.
    in_place: bool,
    now: Mutex<HashMap<PathBuf, Origin>>,
    units: Mutex<HashMap<String, Unit>>,
}

impl<'a> CacheSink<'a> {
    /// With `in_place`, for a build committed with `Staging::commit_update`.
    pub fn new(cache: &'a Cache, staging: &Path, in_place: bool) -> CacheSink<'a> {
        CacheSink {
            cache,
            dir: DirSink::new(staging),
            in_place: in_place && cache.in_place,
            now: Mutex::default(),
            units: Mutex::default(),
        }
    }

    /// Files this build changed in the output (the rest were left as they were).
    pub fn written(&self) -> usize {
        let now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        // In an update in place, a kept file that is not in the output is put back.
        (now.values())
            .filter(|o| match o {
                Origin::New => true,
                Origin::Kept(_) => self.in_place,
                Origin::InPlace(_) => false,
            })
            .count()
    }

    /// The files of the previous output that this build did not make: for an update in
    /// place, the files to remove.
    pub fn gone(&self) -> Vec<PathBuf> {
        let now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        let mut gone: Vec<PathBuf> = (self.cache.old.files.keys())
            .filter(|rel| !now.contains_key(*rel))
            .cloned()
            .collect();
        gone.sort();
        gone
    }

    fn note(&self, rel: &Path, origin: Origin) -> Option<Origin> {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        now.insert(rel.to_path_buf(), origin)
    }

    /// Whether the cached `rel` can be used, and how: `InPlace` when the build updates
    /// in place and the output's file is still the cached one, `Kept` when the cached
    /// file is intact (to be linked into the staging folder).
    fn usable(&self, rel: &Path) -> Option<Origin> {
        if self.in_place
            && let Some(stamp) = self.cache.in_output(rel)
        {
            return Some(Origin::InPlace(stamp));
        }
        self.cache.intact(rel).map(Origin::Kept)
    }

    /// The file holding the cached bytes of `rel` (`usable` said how).
    fn cached_file(&self, rel: &Path, origin: Origin) -> PathBuf {
        match origin {
            Origin::InPlace(_) => self.cache.output.join(rel),
            _ => self.cache.cached(rel),
        }
    }

    /// Keeps the cached `rel` as `usable` found it: left in the output, or linked
    /// into the staging folder.
    fn keep(&self, rel: &Path, origin: Origin) -> io::Result<()> {
        if matches!(self.note(rel, origin), Some(Origin::Kept(_) | Origin::New)) {
            fs::remove_file(self.dir.dir.join(rel))?;
        }
        match origin {
            Origin::InPlace(_) => Ok(()),
            _ => link_or_copy(&self.cache.cached(rel), &self.dir.place(rel)?),
        }
    }

    /// Before writing `rel` anew: a file linked there earlier in this build is the
    /// cache's (and the live site's) — remove it rather than write through it.
    fn fresh(&self, rel: &Path) -> io::Result<()> {
        if matches!(self.note(rel, Origin::New), Some(Origin::Kept(_))) {
            fs::remove_file(self.dir.dir.join(rel))?;
        }
        Ok(())
    }

    fn key(&self, unit: &str, key: u64) -> u64 {
        Fingerprint::new("unit")
            .add(&self.cache.tool)
            .add(unit)
            .add(&key)
            .finish()
    }
}

impl Sink for CacheSink<'_> {
    fn write(&self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(origin @ (Origin::Kept(s) | Origin::InPlace(s))) = self.usable(rel)
            && s.size == bytes.len() as u64
            && fs::read(self.cached_file(rel, origin)).is_ok_and(|b| b == bytes)
        {
            return self.keep(rel, origin);
        }
        self.fresh(rel)?;
        self.dir.write(rel, bytes)
    }

    fn copy_file(&self, rel: &Path, from: &Path) -> io::Result<()> {
        require_source(from)?;
        if let Some(origin @ (Origin::Kept(s) | Origin::InPlace(s))) = self.usable(rel)
            && fs::metadata(from).is_ok_and(|m| m.len() == s.size)
            && same_bytes(from, &self.cached_file(rel, origin)).unwrap_or(false)
        {
            return self.keep(rel, origin);
        }
        self.fresh(rel)?;
        self.dir.copy_file(rel, from)
    }

    fn caches(&self) -> bool {
        true
    }

    fn reuse(&self, unit: &str, key: u64) -> Option<Vec<(PathBuf, u64)>> {
        let old = self.cache.old.units.get(unit)?;
        let key = self.key(unit, key);
        if old.key != key {
            return None;
        }
        let cached: Vec<(Origin, u64)> = (old.files.iter())
            .map(|rel| match self.usable(rel)? {
                o @ (Origin::Kept(s) | Origin::InPlace(s)) => Some((o, s.size)),
                Origin::New => None,
            })
            .collect::<Option<_>>()?;
        for (i, (rel, (origin, _))) in old.files.iter().zip(&cached).enumerate() {
            if self.keep(rel, *origin).is_err() {
                // Undo: the unit is made anew, and nothing may be written through a link.
                for rel in &old.files[..=i] {
                    let _ = fs::remove_file(self.dir.dir.join(rel));
                    self.now
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(rel);
                }
                return None;
            }
        }
        let mut units = self.units.lock().unwrap_or_else(|e| e.into_inner());
        units.insert(unit.to_string(), old.clone());
        Some(
            (old.files.iter().zip(cached))
                .map(|(rel, (_, size))| (rel.clone(), size))
                .collect(),
        )
    }

    fn data(&self, unit: &str, key: u64) -> Option<Vec<u8>> {
        fs::read(self.cache.data_file(unit, self.key(unit, key))).ok()
    }

    fn made_data(&self, unit: &str, key: u64, bytes: &[u8]) {
        // Whole or not at all (a rename): a cut-off file would be read as fewer pairs.
        let file = self.cache.data_file(unit, self.key(unit, key));
        let tmp = file.with_extension("tmp");
        let _ = fs::create_dir_all(self.cache.dir.join(DATA))
            .and_then(|()| fs::write(&tmp, bytes))
            .and_then(|()| fs::rename(&tmp, &file));
    }

    fn made(&self, unit: &str, key: u64, files: Vec<PathBuf>) {
        let key = self.key(unit, key);
        let mut units = self.units.lock().unwrap_or_else(|e| e.into_inner());
        units.insert(unit.to_string(), Unit { key, files });
    }
}

/// Empties the folder `dir` (made if missing).
fn clear(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::create_dir_all(dir)
}

/// A hard link at `to` to `from`; a copy with the same modification time where links
/// cannot be made (another file system).
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(e),
        Err(_) => {
            fs::copy(from, to)?;
            let modified = fs::metadata(from)?.modified()?;
            fs::File::options()
                .write(true)
                .open(to)?
                .set_modified(modified)
        }
    }
}

/// Whether two files hold the same bytes.
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        if n != read_full(&mut b, &mut y)? || x[..n] != y[..n] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(f: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The parses that the last build kept in the site's default cache folder, to read
/// only (`check`).
pub fn kept_parses(site_root: &Path) -> Parses {
    Parses::open_to_read(&site_root.join(DEFAULT_DIR), tool_fingerprint())
}

/// A fingerprint of the running program's file (or of its version, if it cannot be
/// read). A debug build — a developer's, rebuilt all the time — is known by the file's
/// size and modification time instead: unoptimised, hashing its 250 MB takes seconds.
fn tool_fingerprint() -> u64 {
    let mut f = Fingerprint::new(env!("CARGO_PKG_VERSION"));
    let Ok(exe) = std::env::current_exe() else {
        return f.finish();
    };
    if cfg!(debug_assertions) {
        if let Ok(s) = Stamp::of(&exe) {
            f.add(&s.size).add(&s.modified);
        }
    } else if let Ok(bytes) = fs::read(&exe) {
        f.0.write(&bytes);
    }
    f.finish()
}
