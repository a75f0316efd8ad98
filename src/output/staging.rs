//! Building into a temporary folder beside the target, swapped in only after a whole
//! build succeeded.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Marks a folder as gongkai's output, so it may be replaced without asking.
pub const MARKER: &str = ".gongkai-output";

/// A build in progress into a temporary folder beside `target`.
pub struct Staging {
    target: PathBuf,
    tmp: tempfile::TempDir,
}

impl Staging {
    /// Checks that `target` may be replaced and creates the temporary folder.
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
        if target.exists() {
            if !target.is_dir() {
                return Err(format!(
                    "输出路径 {} 是一个文件，不是文件夹",
                    target.display()
                ));
            }
            let empty = fs::read_dir(&target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !target.join(MARKER).exists() {
                return Err(format!(
                    "输出目录 {} 已有内容，但不是 gongkai 生成的；为防止误删文件，拒绝覆盖。请换一个输出目录，或确认无用后手动清空它",
                    target.display()
                ));
            }
        }
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
        let name = file_name(&target);
        remove_leftovers(&parent, &name);
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(&parent)
            .map_err(|e| format!("无法在 {} 创建临时文件夹：{e}", parent.display()))?;
        Ok(Staging { target, tmp })
    }

    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the finished build into place and removes the previous one.
    pub fn commit(self) -> io::Result<()> {
        fs::write(
            self.tmp.path().join(MARKER),
            "由 gongkai 生成；重新构建时会整体替换本文件夹。\n",
        )?;
        let parent = self.target.parent().unwrap_or(Path::new("/")).to_path_buf();
        let fresh = self.tmp.keep();
        let target = self.target;
        if !target.exists() {
            if fs::rename(&fresh, &target).is_err() {
                copy_tree(&fresh, &target)?;
                remove_tree(&fresh);
            }
            return Ok(());
        }
        let stamp = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let old = parent.join(format!(
            ".{}.old-{}-{}",
            file_name(&target),
            std::process::id(),
            stamp.as_nanos()
        ));
        if fs::rename(&target, &old).is_ok() {
            if let Err(e) = fs::rename(&fresh, &target) {
                // Put the previous site back rather than leave nothing.
                let _ = fs::rename(&old, &target);
                remove_tree(&fresh);
                return Err(e);
            }
            remove_tree(&old);
        } else {
            // The folder itself cannot move (e.g. it is a mount point): replace what is inside.
            for item in fs::read_dir(&target)?.flatten() {
                let p = item.path();
                if item.file_type().is_ok_and(|t| t.is_dir()) {
                    remove_tree(&p);
                } else {
                    fs::remove_file(&p)?;
                }
            }
            copy_tree(&fresh, &target)?;
            remove_tree(&fresh);
        }
        Ok(())
    }
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

/// Removes temporary folders a killed build left behind (older than an hour, so a build
/// running at the same moment keeps its own).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(dir) = fs::read_dir(parent) else {
        return;
    };
    let stale = |p: &Path| {
        p.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > Duration::from_secs(3600))
    };
    for item in dir.flatten() {
        let n = item.file_name().to_string_lossy().into_owned();
        let ours =
            n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-"));
        if ours && stale(&item.path()) {
            remove_tree(&item.path());
        }
    }
}

/// Removes a folder tree in parallel (large sites have 100k+ files and as many
/// folders, one per entry): files first, then folders from the deepest level up, each
/// level at once.
fn remove_tree(path: &Path) {
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

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
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
            names,
            vec![std::ffi::OsString::from("public")],
            "no temporary folders left"
        );
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
}
