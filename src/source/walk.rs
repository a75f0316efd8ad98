//! Finding a site's files (`content/`, `static/`, `templates/`). Symbolic links are
//! followed where they stay inside the site folder or point into a folder `site.yaml`
//! shares (`shared_folders`); every other link, a loop, a broken link or an unreadable
//! folder is reported with the link's name — no file is left out without a word.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path, os_error};

/// Where symbolic links in a site may point.
#[derive(Debug, Clone)]
pub struct LinkPolicy {
    /// The site folder and the shared folders, resolved (canonical).
    roots: Vec<PathBuf>,
}

impl LinkPolicy {
    /// Links may point inside `site_root` or any of `shared` (folders that do not exist
    /// allow nothing).
    pub fn new(site_root: &Path, shared: &[PathBuf]) -> LinkPolicy {
        let roots = std::iter::once(site_root)
            .chain(shared.iter().map(PathBuf::as_path))
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        LinkPolicy { roots }
    }

    /// Whether the resolved path `target` may be used.
    pub fn allows(&self, target: &Path) -> bool {
        self.roots.iter().any(|r| target.starts_with(r))
    }
}

/// The files below `dir` (not descending into names `skip` accepts), in walk order.
/// Problems go to `out` as errors, against paths shown relative to `root`.
pub fn files(
    root: &Path,
    dir: &Path,
    policy: &LinkPolicy,
    skip: impl Fn(&OsStr) -> bool,
    out: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir).follow_links(true).into_iter();
    while let Some(item) = walk.next() {
        let e = match item {
            Ok(e) => e,
            Err(err) => {
                out.push(walk_error(root, &err));
                continue;
            }
        };
        if e.depth() > 0 && skip(e.file_name()) {
            if e.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if e.path_is_symlink() {
            let target = e.path().canonicalize();
            match target {
                Ok(t) if policy.allows(&t) => {}
                Ok(t) => {
                    out.push(
                        Diagnostic::error(
                            display_path(root, e.path()),
                            format!(
                                "符号链接指向站点文件夹之外的 {}，没有使用其中的内容",
                                t.display()
                            ),
                        )
                        .hint("把链接指向的文件夹加入 site.yaml 的 `shared_folders`（例如 `shared_folders: [/srv/共享/公开]`），或把文件复制到站点里"),
                    );
                    if e.file_type().is_dir() {
                        walk.skip_current_dir();
                    }
                    continue;
                }
                Err(err) => {
                    out.push(link_error(root, e.path(), &err));
                    continue;
                }
            }
        }
        if e.file_type().is_file() {
            found.push(e.into_path());
        }
    }
    found
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let shown = err
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        return Diagnostic::error(
            shown,
            format!(
                "符号链接指回它所在的文件夹 {}，构成循环，已跳过",
                display_path(root, ancestor).display()
            ),
        )
        .hint("删除这个符号链接，或让它指向别的文件夹");
    }
    match (err.path(), err.io_error()) {
        (Some(p), Some(io)) if p.is_symlink() => link_error(root, p, io),
        (_, Some(io)) => Diagnostic::error(shown, format!("无法读取文件夹：{}", os_error(io)))
            .hint("检查文件夹的读取权限"),
        _ => Diagnostic::error(shown, format!("无法读取文件夹：{err}")),
    }
}

fn link_error(root: &Path, link: &Path, err: &std::io::Error) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    Diagnostic::error(
        display_path(root, link),
        format!("符号链接指向的 {target} 无法使用：{}", os_error(err)),
    )
    .hint("链接指向的文件或文件夹可能已被移走或删除：恢复它，或删除这个符号链接")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_or_shared_are_followed_and_the_others_named() {
        let t = tempfile::tempdir().unwrap();
        let (site, shared, outside) = (
            t.path().join("site"),
            t.path().join("shared"),
            t.path().join("outside"),
        );
        for d in [&site.join("content/a"), &shared, &outside] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(site.join("content/a/x.md"), "x").unwrap();
        fs::write(shared.join("s.md"), "s").unwrap();
        fs::write(outside.join("o.md"), "o").unwrap();
        let content = site.join("content");
        symlink(&shared, content.join("linked")).unwrap();
        symlink(&outside, content.join("far")).unwrap();
        symlink(content.join("a"), content.join("again")).unwrap();
        symlink(&content, content.join("a/loop")).unwrap();
        symlink(t.path().join("gone"), content.join("broken.md")).unwrap();
        let policy = LinkPolicy::new(&site, std::slice::from_ref(&shared));
        let mut out = Vec::new();
        let mut found: Vec<String> = files(&site, &content, &policy, |_| false, &mut out)
            .iter()
            .map(|p| display_path(&site, p).display().to_string())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "content/a/x.md",
                "content/again/x.md",
                "content/linked/s.md"
            ]
        );
        let mut problems: Vec<String> = out
            .iter()
            .map(|d| format!("{}: {}", d.file.display(), d.message))
            .collect();
        problems.sort();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].starts_with("content/a/loop: 符号链接指回它所在的文件夹 content"));
        assert!(problems[1].starts_with("content/again/loop: 符号链接指回"));
        assert!(problems[2].starts_with("content/broken.md: 符号链接指向的"));
        assert!(problems[2].ends_with("无法使用：文件或文件夹不存在（系统错误 2）"));
        assert!(problems[3].starts_with("content/far: 符号链接指向站点文件夹之外的"));
    }
}
