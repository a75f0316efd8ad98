//! Putting a finished build in place of the previous one so that the output folder never
//! holds less than one complete site, and repairing what a killed swap left behind.
//!
//! - An ordinary folder is swapped with the staging folder beside it in one step
//!   (`disk::exchange`, Linux). Where that is not supported, two renames; a build killed
//!   between them leaves the previous site at `.<name>.old-…`, which the next build puts
//!   back before anything else.
//! - A mount point cannot be renamed, so it is replaced from the inside: the new site is
//!   staged in a hidden folder inside it, then the previous site's top-level items are
//!   moved into another hidden folder and the new ones moved up, each a rename within one
//!   file system. A journal (`.gongkai-swap`, written before the first move and rewritten
//!   between the two phases) lets the next build finish a swap that was killed halfway.
//!   Nothing is deleted before the new site is complete.
//! - A build from the build cache changes only what changed (`update`): the staging
//!   folder holds just the new and changed files. A journal (`.gongkai-update`, naming
//!   the staging folder and every file to remove) is written first; then the removed
//!   files go and the staged ones are renamed over their old versions, each file whole.
//!   A build killed during it has its update finished by the next one, which also
//!   renews the output's marker, so that the cache is not trusted to know the output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::disk;
use super::fault;

/// The journal of a swap from the inside, in the output folder.
pub const JOURNAL: &str = ".gongkai-swap";
/// Prefix of the folder a mount point's next site is staged in.
pub const INSIDE_STAGING: &str = ".gongkai-staging-";
/// Prefix of the folder a mount point's previous site is moved into.
const INSIDE_OLD: &str = ".gongkai-old-";
/// The build lock of an output folder that is a mount point.
pub const INSIDE_LOCK: &str = ".gongkai-lock";
/// The journal of an update in place, in the output folder.
pub const UPDATE_JOURNAL: &str = ".gongkai-update";

/// Names inside an output folder that are not part of the site: never moved by a swap.
pub fn reserved(name: &str) -> bool {
    name.starts_with(INSIDE_STAGING)
        || name.starts_with(INSIDE_OLD)
        || name.starts_with(JOURNAL)
        || name.starts_with(UPDATE_JOURNAL)
        || name == INSIDE_LOCK
        // ext2/3/4 keep it at the top of every file system.
        || name == "lost+found"
}

/// Puts `fresh` (beside `target`, same parent) in place of `target`. On success
/// `target` holds the new site; what is left at `fresh` (the previous site, after an
/// exchange) or at `old` (after two renames) is the caller's to remove. On an error the
/// previous site is in place. `disk::cannot_move` errors mean: replace from the inside.
pub fn beside(fresh: &Path, target: &Path, old: &Path) -> io::Result<()> {
    if !target.exists() {
        fault::step(|| format!("改名 {} → {}", fresh.display(), target.display()));
        return fs::rename(fresh, target);
    }
    fault::step(|| format!("交换 {} ⇄ {}", fresh.display(), target.display()));
    match disk::exchange(fresh, target) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
        Err(e) => return Err(e),
    }
    fault::step(|| format!("改名 {} → {}", target.display(), old.display()));
    fs::rename(target, old)?;
    fault::step(|| format!("改名 {} → {}", fresh.display(), target.display()));
    if let Err(e) = fs::rename(fresh, target) {
        // Put the previous site back rather than leave nothing.
        let _ = fs::rename(old, target);
        return Err(e);
    }
    Ok(())
}

/// Copies `fresh` (on another file system) into `target` and swaps it in from the
/// inside — after checking that both sites fit on the disk at once.
pub fn copy_in(fresh: &Path, target: &Path) -> io::Result<()> {
    let need = disk::tree_size(fresh);
    if let Some(free) = disk::available_space(target)
        && free < need
    {
        return Err(no_space(need, free));
    }
    let copy = tempfile::Builder::new()
        .prefix(INSIDE_STAGING)
        .tempdir_in(target)?
        .keep();
    if let Err(e) = disk::copy_tree(fresh, &copy) {
        disk::remove_tree(&copy);
        return Err(e);
    }
    inside(&copy, target)
}

/// The error for a disk too small to hold the new site beside the previous one.
pub fn no_space(need: u64, free: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::StorageFull,
        format!(
            "磁盘空间不足：新网站约需 {}，输出目录所在的磁盘只剩 {}（替换完成前新旧两个网站要同时存在）",
            super::size_text(need),
            super::size_text(free)
        ),
    )
}

/// Swaps `fresh`, a finished site inside `target`, in from the inside.
pub fn inside(fresh: &Path, target: &Path) -> io::Result<()> {
    let staging = name_of(fresh);
    let suffix = staging.strip_prefix(INSIDE_STAGING).unwrap_or(&staging);
    let journal = Journal {
        old: format!("{INSIDE_OLD}{suffix}"),
        staging,
        phase: 1,
    };
    write_journal(target, &journal)?;
    finish(target, journal)
}

/// Repairs what a swap killed halfway left, before a new build starts: a mount point
/// gets its swap finished (or, without the new site, its previous site back); an
/// ordinary folder missing after the first of two renames gets its previous site back.
pub fn recover(parent: &Path, name: &str, target: &Path) -> io::Result<()> {
    if target.join(UPDATE_JOURNAL).exists() {
        match read_update(parent, name, target) {
            Some(u) => apply(target, &u)?,
            // Its staged files are gone: the next complete build puts the site right.
            None => fs::remove_file(target.join(UPDATE_JOURNAL))?,
        }
        // The cache's manifest is from the build before: it no longer knows this output.
        return renew_marker(target);
    }
    if let Some(j) = read_journal(target) {
        return if target.join(&j.staging).is_dir() {
            finish(target, j)
        } else {
            undo(target, &j)
        };
    }
    if target.exists() {
        return Ok(());
    }
    let prefix = format!(".{name}.old-");
    let newest = fs::read_dir(parent)?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max();
    if let Some((_, old)) = newest {
        fault::step(|| format!("改名 {} → {}", old.display(), target.display()));
        fs::rename(&old, target)?;
    }
    Ok(())
}

/// Phase 1 moves the previous site's items into the old folder, phase 2 the new site's
/// items up; each step can be repeated after a kill.
fn finish(target: &Path, mut j: Journal) -> io::Result<()> {
    let old = target.join(&j.old);
    let fresh = target.join(&j.staging);
    if j.phase == 1 {
        fs::create_dir_all(&old)?;
        for name in site_items(target)? {
            let (from, to) = (target.join(&name), old.join(&name));
            fault::step(|| format!("改名 {} → {}", from.display(), to.display()));
            fs::rename(&from, &to)?;
        }
        j.phase = 2;
        write_journal(target, &j)?;
    }
    for name in site_items(&fresh)? {
        let (from, to) = (fresh.join(&name), target.join(&name));
        fault::step(|| format!("改名 {} → {}", from.display(), to.display()));
        fs::rename(&from, &to)?;
    }
    fault::step(|| format!("删除 {}", target.join(JOURNAL).display()));
    fs::remove_file(target.join(JOURNAL))?;
    fault::step(|| format!("删除 {}", old.display()));
    disk::remove_tree(&old);
    disk::remove_tree(&fresh);
    Ok(())
}

/// Puts the previous site back when the new one is gone (it was removed by hand).
fn undo(target: &Path, j: &Journal) -> io::Result<()> {
    let old = target.join(&j.old);
    if old.is_dir() {
        for name in site_items(&old)? {
            if !target.join(&name).exists() {
                let (from, to) = (old.join(&name), target.join(&name));
                fault::step(|| format!("改名 {} → {}", from.display(), to.display()));
                fs::rename(&from, &to)?;
            }
        }
    }
    fs::remove_file(target.join(JOURNAL))?;
    disk::remove_tree(&old);
    Ok(())
}

/// The top-level items of a site folder, in name order (reserved names left out).
fn site_items(dir: &Path) -> io::Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(dir)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !reserved(n))
        .collect();
    names.sort();
    Ok(names)
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Which folders a swap from the inside uses and how far it got.
struct Journal {
    staging: String,
    old: String,
    phase: u8,
}

/// Writes the journal in one step (a temporary file renamed over it).
fn write_journal(target: &Path, j: &Journal) -> io::Result<()> {
    let tmp: PathBuf = target.join(format!("{JOURNAL}.tmp"));
    fs::write(
        &tmp,
        format!("staging {}\nold {}\nphase {}\n", j.staging, j.old, j.phase),
    )?;
    fs::File::open(&tmp)?.sync_all()?;
    fault::step(|| {
        format!(
            "写入 {}（第 {} 步）",
            target.join(JOURNAL).display(),
            j.phase
        )
    });
    fs::rename(&tmp, target.join(JOURNAL))
}

fn read_journal(target: &Path) -> Option<Journal> {
    let text = fs::read_to_string(target.join(JOURNAL)).ok()?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
            .map(str::to_string)
    };
    let j = Journal {
        staging: field("staging")?,
        old: field("old")?,
        phase: field("phase")?.parse().ok()?,
    };
    // Only names this module writes: a journal can never send a move outside the folder.
    let ours = j.staging.starts_with(INSIDE_STAGING)
        && j.old.starts_with(INSIDE_OLD)
        && ![&j.staging, &j.old]
            .iter()
            .any(|n| n.contains(['/', '\\']) || n.contains(".."));
    ours.then_some(j)
}

/// An update in place: the folder holding the staged files, and the files to remove
/// (relative to the output folder).
pub struct Update {
    pub staging: PathBuf,
    pub remove: Vec<PathBuf>,
}

/// Updates `target` in place from `u` (see the module's comment). On an error the
/// journal stays, and the next build finishes the update.
pub fn update(target: &Path, u: &Update) -> io::Result<()> {
    let tmp = target.join(format!("{UPDATE_JOURNAL}.tmp"));
    let mut text = format!("staging {}\n", u.staging.display());
    for rel in &u.remove {
        text.push_str(&format!("remove {}\n", rel.display()));
    }
    fs::write(&tmp, text)?;
    fs::File::open(&tmp)?.sync_all()?;
    fault::step(|| format!("写入 {}", target.join(UPDATE_JOURNAL).display()));
    fs::rename(&tmp, target.join(UPDATE_JOURNAL))?;
    apply(target, u)
}

/// Removes, then moves in; every step may be repeated after a kill.
fn apply(target: &Path, u: &Update) -> io::Result<()> {
    use rayon::prelude::*;
    u.remove.par_iter().try_for_each(|rel| {
        fault::step(|| format!("删除 {}", target.join(rel).display()));
        match fs::remove_file(target.join(rel)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    })?;
    // Folders left empty go, as a clean build would not make them (deepest first).
    let mut folders: Vec<&Path> = u
        .remove
        .iter()
        .flat_map(|rel| rel.ancestors().skip(1))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    // By depth, then by name, so that `dedup` sees every repeat (a page's folder is
    // shared by its files, an agency's by thousands of pages).
    folders.sort_by(|a, b| {
        (b.components().count().cmp(&a.components().count())).then_with(|| a.cmp(b))
    });
    folders.dedup();
    for dir in folders {
        let _ = fs::remove_dir(target.join(dir));
    }
    let staged: Vec<PathBuf> = walkdir::WalkDir::new(&u.staging)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&u.staging)
                .ok()
                .map(Path::to_path_buf)
        })
        .collect();
    staged.par_iter().try_for_each(|rel| {
        let to = target.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fault::step(|| format!("改名 {} → {}", u.staging.join(rel).display(), to.display()));
        fs::rename(u.staging.join(rel), to)
    })?;
    fault::step(|| format!("删除 {}", target.join(UPDATE_JOURNAL).display()));
    fs::remove_file(target.join(UPDATE_JOURNAL))?;
    disk::remove_tree(&u.staging);
    Ok(())
}

/// Writes the output's marker anew (another file: see `cache`, which knows an output
/// by its marker).
fn renew_marker(target: &Path) -> io::Result<()> {
    let (marker, tmp) = (
        target.join(super::MARKER),
        target.join(format!("{JOURNAL}.marker")),
    );
    if !marker.exists() {
        return Ok(());
    }
    fs::copy(&marker, &tmp)?;
    fs::rename(&tmp, &marker)
}

/// The journal of an update killed halfway, if it is one this module wrote: its staging
/// folder one of the build's own, its files inside the output folder.
fn read_update(parent: &Path, name: &str, target: &Path) -> Option<Update> {
    let text = fs::read_to_string(target.join(UPDATE_JOURNAL)).ok()?;
    let mut lines = text.lines();
    let staging = PathBuf::from(lines.next()?.strip_prefix("staging ")?);
    let folder = staging.file_name()?.to_string_lossy().into_owned();
    let ours = (staging.parent() == Some(parent) && folder.starts_with(&format!(".{name}.tmp-")))
        || (staging.parent() == Some(target) && folder.starts_with(INSIDE_STAGING));
    let inside = |rel: &Path| {
        rel.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
    };
    let remove = lines
        .map(|l| {
            l.strip_prefix("remove ")
                .map(PathBuf::from)
                .filter(|p| inside(p))
        })
        .collect::<Option<Vec<_>>>()?;
    (ours && staging.is_dir()).then_some(Update { staging, remove })
}
