//! What the swap needs to know of the file system: mount points, free space, folder
//! sizes, the atomic exchange of two folders, and removing or copying whole trees.

use std::fs;
use std::io;
use std::path::Path;

/// Whether `dir` is a mount point (its own file system, a bind mount, a network share),
/// which cannot be renamed: it is then replaced from the inside.
pub fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = dir.parent().unwrap_or(Path::new("/"));
        if let (Ok(d), Ok(p)) = (fs::metadata(dir), fs::metadata(parent))
            && d.dev() != p.dev()
        {
            return true;
        }
    }
    // A bind mount of a folder of the same file system has the same device number.
    #[cfg(target_os = "linux")]
    if let (Ok(table), Ok(dir)) = (
        fs::read_to_string("/proc/self/mountinfo"),
        dir.canonicalize(),
    ) {
        return table
            .lines()
            .filter_map(|l| l.split(' ').nth(4))
            .any(|m| Path::new(&unescape_mountinfo(m)) == dir);
    }
    false
}

/// `/proc/self/mountinfo` writes space, tab, newline and backslash as `\040` etc.
#[cfg(target_os = "linux")]
fn unescape_mountinfo(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let octal = b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c));
        if octal {
            out.push((b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Bytes free for this user on the file system holding `dir`, where the system says.
pub fn available_space(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid NUL-terminated path and `s` a writable statvfs.
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        Some(s.f_bavail as u64 * s.f_frsize as u64)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// The space a copy of the tree at `dir` takes: every file rounded up to 4 KiB blocks,
/// and a block per folder.
pub fn tree_size(dir: &Path) -> u64 {
    const BLOCK: u64 = 4096;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_file() => m.len().div_ceil(BLOCK).max(1) * BLOCK,
            _ => BLOCK,
        })
        .sum()
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`): there is
/// no moment at which either path is missing. `Unsupported` where the system or the
/// file system cannot.
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    // The fault tests also take the way of systems without an exchange.
    #[cfg(debug_assertions)]
    if std::env::var_os("GONGKAI_FAULT_NO_EXCHANGE").is_some() {
        return Err(io::ErrorKind::Unsupported.into());
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let ca = std::ffi::CString::new(a.as_os_str().as_bytes())?;
        let cb = std::ffi::CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them as given.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => {
                Err(io::Error::new(io::ErrorKind::Unsupported, e))
            }
            _ => Err(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// Whether a rename failed because its ends are on different mounts, or the folder is a
/// mount point in use: then the folder can only be replaced from the inside.
pub fn cannot_move(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::CrossesDevices | io::ErrorKind::ResourceBusy
    )
}

/// Removes a folder tree in parallel (large sites have 100k+ files and as many
/// folders, one per entry): files first, then folders from the deepest level up, each
/// level at once.
pub fn remove_tree(path: &Path) {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(path).into_iter().flatten() {
        if e.file_type().is_dir() {
            dirs.push((e.depth(), e.into_path()));
        } else {
            files.push(e.into_path());
        }
    }
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    dirs.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        level.par_iter().for_each(|(_, d)| {
            let _ = fs::remove_dir(d);
        });
    }
    // Whatever could not go above (e.g. a file written meanwhile).
    let _ = fs::remove_dir_all(path);
}

/// Copies the tree at `from` to `to` (which need not exist).
pub fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for item in walkdir::WalkDir::new(from) {
        let item = item.map_err(io::Error::other)?;
        let dest = to.join(item.path().strip_prefix(from).unwrap_or(item.path()));
        if item.file_type().is_dir() {
            fs::create_dir_all(&dest)?;
        } else {
            fs::copy(item.path(), &dest)?;
        }
    }
    Ok(())
}
