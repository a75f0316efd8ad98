//! Building into a temporary folder on the same file system as the target, swapped in
//! (`swap`) only after a whole build succeeded. One build at a time per output folder
//! (a lock file beside it), so whatever a killed build left is removed by the next one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::swap::{self, INSIDE_LOCK, INSIDE_STAGING, JOURNAL, UPDATE_JOURNAL};
use super::{disk, fault};
use crate::diagnostics::os_error;

/// Marks a folder as gongkai's output, so it may be replaced without asking.
pub const MARKER: &str = ".gongkai-output";

/// A build in progress into a temporary folder: beside `target`, or inside it when
/// `target` is a mount point (only there is it on the same file system).
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    inside: bool,
    committed: bool,
    _lock: fs::File,
}

impl Staging {
    /// Checks that `target` may be replaced, takes its build lock, repairs and removes
    /// what earlier killed builds left, and creates the temporary folder.
    /// `site_root` is protected: the output may not be it, contain it, or sit in its sources.
    pub fn begin(site_root: &Path, target: &Path) -> Result<Staging, String> {
        let target = absolute(target);
        let root = absolute(site_root);
        if root.starts_with(&target) {
            return Err(format!(
                "输出目录 {} 是站点目录本身或它的上级，构建会覆盖站点源文件，已拒绝",
                target.display()
            ));
        }
        for source in ["content", "static", "templates", "themes"] {
            if target.starts_with(root.join(source)) {
                return Err(format!(
                    "输出目录 {} 位于站点的 {source}/ 文件夹中，已拒绝；请输出到 public/ 等单独的文件夹",
                    target.display()
                ));
            }
        }
        if target.exists() && !target.is_dir() {
            return Err(format!(
                "输出路径 {} 是一个文件，不是文件夹",
                target.display()
            ));
        }
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent)
            .map_err(|e| format!("无法创建 {}：{}", parent.display(), os_error(&e)))?;
        let name = file_name(&target);
        let inside = target.is_dir() && disk::is_mount_point(&target);
        let lock_path = if inside {
            target.join(INSIDE_LOCK)
        } else {
            parent.join(format!(".{name}.lock"))
        };
        let lock = lock(
            &lock_path,
            "另一个 gongkai build 正在写入同一个输出目录，等待它完成……",
        )
        .map_err(|e| {
            format!(
                "无法创建构建锁文件 {}：{}",
                lock_path.display(),
                os_error(&e)
            )
        })?;
        // Holding the lock, no other build writes here: what is left is from killed builds.
        swap::recover(&parent, &name, &target).map_err(|e| {
            format!(
                "上一次被中断的构建留下的输出目录 {} 无法修复：{}",
                target.display(),
                os_error(&e)
            )
        })?;
        remove_leftovers(&parent, &name, &target);
        if target.exists() {
            let foreign = fs::read_dir(&target)
                .map(|d| {
                    d.flatten()
                        .any(|e| !swap::reserved(&e.file_name().to_string_lossy()))
                })
                .unwrap_or(true);
            if foreign && !target.join(MARKER).exists() {
                return Err(format!(
                    "输出目录 {} 已有内容，但不是 gongkai 生成的；为防止误删文件，拒绝覆盖。请换一个输出目录，或确认无用后手动清空它",
                    target.display()
                ));
            }
        }
        let (within, prefix) = if inside {
            (target.clone(), INSIDE_STAGING.to_string())
        } else {
            (parent.clone(), format!(".{name}.tmp-"))
        };
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&within)
            .map_err(|e| {
                format!(
                    "无法在 {} 创建临时文件夹：{}",
                    within.display(),
                    os_error(&e)
                )
            })?
            .keep();
        Ok(Staging {
            target,
            dir,
            inside,
            committed: false,
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the finished build into place and removes the previous one. On an error
    /// the previous site is still in place.
    pub fn commit(mut self) -> io::Result<()> {
        fs::write(
            self.dir.join(MARKER),
            "由 gongkai 生成；重新构建时会整体替换本文件夹。\n",
        )?;
        let mut old = None;
        if self.inside {
            swap::inside(&self.dir, &self.target)?;
        } else {
            let parent = self.target.parent().unwrap_or(Path::new("/"));
            let suffix = file_name(&self.dir);
            let suffix = suffix.rsplit("tmp-").next().unwrap_or_default();
            let o = parent.join(format!(".{}.old-{suffix}", file_name(&self.target)));
            match swap::beside(&self.dir, &self.target, &o) {
                // The folder cannot be renamed (a mount point the checks did not see).
                Err(e) if disk::cannot_move(&e) => swap::copy_in(&self.dir, &self.target)?,
                r => r?,
            }
            old = Some(o);
        }
        self.committed = true;
        // What is left is the previous site (or, after a copy, the staged one).
        for p in std::iter::once(&self.dir).chain(&old) {
            if p.exists() {
                fault::step(|| format!("删除 {}", p.display()));
                disk::remove_tree(p);
            }
        }
        Ok(())
    }

    /// Updates the output in place (`swap::update`): the staging folder holds only the
    /// files that changed, and `remove` lists the previous site's files the new one does
    /// not have. For a build from the build cache, whose previous output is the one the
    /// cache recorded. On an error the update is finished by the next build.
    pub fn commit_update(mut self, remove: Vec<PathBuf>) -> io::Result<()> {
        // Failed before its journal was written, the update has not begun: `drop` removes
        // the staging folder; after, the journal keeps it for the next build.
        let staging = self.dir.clone();
        swap::update(&self.target, &swap::Update { staging, remove })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that failed (or was never committed) leaves the previous output as it was.
    fn drop(&mut self) {
        // A swap or an update that stopped halfway is finished by the next build.
        let journal_needs_it = (self.inside && self.target.join(JOURNAL).exists())
            || self.target.join(UPDATE_JOURNAL).exists();
        if !self.committed && !journal_needs_it {
            disk::remove_tree(&self.dir);
        }
    }
}

/// Waits for the lock at `path` (created if missing), telling the user why when another
/// build holds it.
pub(super) fn lock(path: &Path, waiting: &str) -> io::Result<fs::File> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("{waiting}");
            file.lock()?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(file)
}

fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Resolve symlinks of the existing part so `..` and links cannot sneak past the checks.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(n), Some(p)) => {
                rest.push(n);
                existing = p.to_path_buf();
            }
            _ => return abs,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(rest.into_iter().rev());
    out
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// Removes the temporary folders of killed builds: staged sites and previous sites not
/// yet removed, beside the output folder or (for a mount point) inside it. Called with
/// the lock held, so none of them belongs to a running build.
fn remove_leftovers(parent: &Path, name: &str, target: &Path) {
    let ours_beside = |n: &str| {
        n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-"))
    };
    let ours_inside = |n: &str| swap::reserved(n) && n != INSIDE_LOCK && n != "lost+found";
    for (dir, ours) in [
        (parent, &ours_beside as &dyn Fn(&str) -> bool),
        (target, &ours_inside),
    ] {
        let Ok(items) = fs::read_dir(dir) else {
            continue;
        };
        for item in items.flatten() {
            if ours(&item.file_name().to_string_lossy()) {
                disk::remove_tree(&item.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{DirSink, Sink};

    #[test]
    fn refuses_to_overwrite_foreign_folders_and_sources() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        assert!(Staging::begin(&site, &site).is_err());
        assert!(Staging::begin(&site, t.path()).is_err());
        assert!(Staging::begin(&site, &site.join("content/out")).is_err());
        let foreign = t.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("a.txt"), "x").unwrap();
        assert!(Staging::begin(&site, &foreign).is_err());
    }

    #[test]
    fn commit_swaps_in_the_new_build() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        let out = site.join("public");
        fs::create_dir_all(&site).unwrap();
        for text in ["one", "two"] {
            let s = Staging::begin(&site, &out).unwrap();
            DirSink::new(s.dir())
                .write(Path::new("a/b/index.html"), text.as_bytes())
                .unwrap();
            s.commit().unwrap();
            assert_eq!(
                fs::read_to_string(out.join("a/b/index.html")).unwrap(),
                text
            );
        }
        let names: Vec<_> = fs::read_dir(&site)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "no temporary folders left, only the lock: {names:?}"
        );
        assert!(names.contains(&".public.lock".into()) && names.contains(&"public".into()));
    }

    #[test]
    fn dropped_staging_leaves_previous_output() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let s = Staging::begin(t.path().join("site").as_path(), &out).unwrap();
        DirSink::new(s.dir())
            .write(Path::new("x.html"), b"old")
            .unwrap();
        s.commit().unwrap();
        let s = Staging::begin(t.path().join("site").as_path(), &out).unwrap();
        DirSink::new(s.dir())
            .write(Path::new("x.html"), b"half")
            .unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(out.join("x.html")).unwrap(), "old");
    }

    #[test]
    fn the_next_build_removes_what_killed_builds_left() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        let out = site.join("public");
        fs::create_dir_all(&site).unwrap();
        let s = Staging::begin(&site, &out).unwrap();
        s.commit().unwrap();
        for left in [".public.tmp-abc/entry/x", ".public.old-def/entry/y"] {
            fs::create_dir_all(site.join(left)).unwrap();
            fs::write(site.join(left).join("index.html"), "x").unwrap();
        }
        // However recent: no other build holds the lock, so no build is writing them.
        let s = Staging::begin(&site, &out).unwrap();
        assert!(!site.join(".public.tmp-abc").exists());
        assert!(!site.join(".public.old-def").exists());
        drop(s);
    }

    #[test]
    fn a_folder_missing_after_the_first_of_two_renames_gets_its_site_back() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        let out = site.join("public");
        fs::create_dir_all(site.join(".public.old-x")).unwrap();
        fs::write(site.join(".public.old-x/index.html"), "previous").unwrap();
        fs::write(site.join(".public.old-x").join(MARKER), "").unwrap();
        let s = Staging::begin(&site, &out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        drop(s);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
    }

    /// A site folder's files as (path, text), reserved names left out.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .filter(|(rel, _)| !swap::reserved(rel.split('/').next().unwrap()))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_swap_from_the_inside_is_finished_after_a_kill_at_any_step() {
        // The moves a swap from the inside makes, replayed up to each step; then the
        // repair the next build does must end with exactly the new site.
        let site = |dir: &Path, text: &str, extra: &str| {
            for f in ["index.html", "entry/a/index.html", extra] {
                let p = dir.join(f);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, text).unwrap();
            }
            fs::write(dir.join(MARKER), "").unwrap();
        };
        let snapshot = |text: &str, extra: &str| {
            let t = tempfile::tempdir().unwrap();
            site(t.path(), text, extra);
            tree(t.path())
        };
        let (previous, expected) = (
            snapshot("old", "old-only.html"),
            snapshot("new", "new-only.html"),
        );
        let mut stopped = 0;
        for step in 1.. {
            let t = tempfile::tempdir().unwrap();
            let out = t.path().join("out");
            site(&out, "old", "old-only.html");
            let fresh = out.join(format!("{INSIDE_STAGING}x"));
            site(&fresh, "new", "new-only.html");
            let status = killed_at(step, "swap_child", &out);
            if status.success() {
                assert_eq!(tree(&out), expected, "uninterrupted swap");
                break;
            }
            stopped += 1;
            swap::recover(t.path(), "out", &out).unwrap();
            // Killed before its journal was written, the swap had not begun: the previous
            // site stays. From then on the swap is finished.
            let after = if step == 1 { &previous } else { &expected };
            assert_eq!(&tree(&out), after, "repaired after a kill at step {step}");
            super::remove_leftovers(t.path(), "out", &out);
            let left: Vec<_> = fs::read_dir(&out)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| swap::reserved(n))
                .collect();
            assert!(left.is_empty(), "step {step} left {left:?}");
        }
        assert!(
            stopped >= 8,
            "every move of both phases was interrupted once: {stopped}"
        );
    }

    #[test]
    fn an_update_in_place_is_finished_after_a_kill_at_any_step() {
        let write = |dir: &Path, files: &[(&str, &str)]| {
            for (f, text) in files {
                let p = dir.join(f);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, text).unwrap();
            }
        };
        let previous = [
            ("index.html", "old"),
            ("same.html", "same"),
            ("gone.html", "old"),
            ("emptied/gone.html", "old"),
            (MARKER, ""),
        ];
        let changed = [("index.html", "new"), ("added/index.html", "new")];
        let expected = {
            let t = tempfile::tempdir().unwrap();
            write(t.path(), &previous[..2]);
            write(t.path(), &changed);
            write(t.path(), &[(MARKER, "")]);
            tree(t.path())
        };
        let marker = |out: &Path| {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(out.join(MARKER)).unwrap().ino()
        };
        let mut stopped = 0;
        for step in 1.. {
            let t = tempfile::tempdir().unwrap();
            let out = t.path().join("out");
            write(&out, &previous);
            write(&t.path().join(".out.tmp-x"), &changed);
            let before = marker(&out);
            let status = killed_at(step, "update_child", &out);
            if status.success() {
                assert_eq!(tree(&out), expected, "uninterrupted update");
                assert_eq!(marker(&out), before, "an update keeps the marker");
                assert!(!out.join("emptied").exists(), "the emptied folder goes");
                break;
            }
            stopped += 1;
            swap::recover(t.path(), "out", &out).unwrap();
            super::remove_leftovers(t.path(), "out", &out);
            if step == 1 {
                // Killed before its journal was written: the update had not begun.
                assert_eq!(tree(&out), tree_of(&previous), "step 1");
                assert_eq!(marker(&out), before);
            } else {
                assert_eq!(tree(&out), expected, "finished after a kill at step {step}");
                assert!(!out.join("emptied").exists(), "step {step}");
                assert_ne!(marker(&out), before, "the marker is renewed at step {step}");
            }
            let left: Vec<_> = fs::read_dir(t.path())
                .unwrap()
                .chain(fs::read_dir(&out).unwrap())
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "out" && (swap::reserved(n) || n.starts_with('.')) && n != MARKER)
                .collect();
            assert!(left.is_empty(), "step {step} left {left:?}");
        }
        assert!(
            stopped >= 6,
            "journal, removals, moves, journal removal: {stopped}"
        );
    }

    /// Runs the test `child` on `out` in a child process (the same binary) killed just
    /// before the fault injection step `step`.
    fn killed_at(step: usize, child: &str, out: &Path) -> std::process::ExitStatus {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                &format!("output::staging::tests::{child}"),
                "--nocapture",
            ])
            .env("GONGKAI_SWAP_CHILD", out)
            .env("GONGKAI_FAULT_KILL_AT", step.to_string())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap()
    }

    fn tree_of(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<_> = files
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
        v.sort();
        v
    }

    /// The child process of the test above (does nothing when run on its own).
    #[test]
    fn update_child() {
        if let Some(out) = std::env::var_os("GONGKAI_SWAP_CHILD") {
            let out = PathBuf::from(out);
            let staging = out.parent().unwrap().join(".out.tmp-x");
            let remove = ["gone.html", "emptied/gone.html"]
                .map(PathBuf::from)
                .to_vec();
            swap::update(&out, &swap::Update { staging, remove }).unwrap();
        }
    }

    /// The child process of the inside-swap test (does nothing when run on its own).
    #[test]
    fn swap_child() {
        if let Some(out) = std::env::var_os("GONGKAI_SWAP_CHILD") {
            let out = PathBuf::from(out);
            swap::inside(&out.join(format!("{INSIDE_STAGING}x")), &out).unwrap();
        }
    }
}
