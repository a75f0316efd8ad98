//! A site built in N parts by N machines (CI matrix jobs), then merged.
//!
//! `build --part K/N` writes every N-th page and index bundle of the plan (`Share`) into
//! its own output folder, with a manifest naming the part and the site it was planned
//! from. `build --merge` checks that the folders are the N parts of one site, each once,
//! and swaps their union into the output. Parts never write the same file, and each
//! file is written by its part exactly as a single build writes it, so the union is the
//! single build, byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, os_error};
use crate::output::cache::Fingerprint;
use crate::output::{Share, Staging};
use crate::site::Site;

/// The manifest in a part's output folder (not copied by the merge: every name that
/// starts with `.gongkai` is the tool's own bookkeeping).
pub const MANIFEST: &str = ".gongkai-part.json";

#[derive(Serialize, Deserialize, PartialEq, Eq, Debug)]
struct Manifest {
    part: usize,
    parts: usize,
    /// What the parts must agree on: a hash of every published entry's address, dates
    /// and source length, and of the site's settings.
    site: String,
}

/// Writes the manifest of part `share` into `dir`.
pub fn write_manifest(dir: &Path, site: &Site, share: Share) -> Result<(), Diagnostics> {
    let manifest = Manifest {
        part: share.number(),
        parts: share.parts(),
        site: fingerprint(site),
    };
    let path = dir.join(MANIFEST);
    fs::write(&path, serde_json::to_vec_pretty(&manifest).expect("json"))
        .map_err(|e| Diagnostics::from_iter([crate::output::write_error(Path::new(MANIFEST), &e)]))
}

/// A hash of what decides the plan of pages and bundles (the same binary builds every
/// part). Parts built from different commits almost always differ here; a merge of
/// those is refused.
fn fingerprint(site: &Site) -> String {
    let mut f = Fingerprint::new("site parts");
    f.debug(&site.config).add(&site.agencies.len());
    for (_, e) in site.public_entries() {
        f.add(&e.slug).add(&e.published).add(&e.body_chars());
    }
    format!("{:016x}", f.finish())
}

/// What a merge put together.
pub struct Merged {
    pub parts: usize,
    pub files: usize,
}

/// Checks that `dirs` are the parts of one site and swaps their union into `output`.
/// Nothing is changed when any check fails; all problems are reported together.
pub fn merge(root: &Path, dirs: &[PathBuf], output: &Path) -> Result<Merged, Diagnostics> {
    let mut problems = Vec::new();
    let mut manifests = Vec::new();
    for dir in dirs {
        match read_manifest(dir) {
            Ok(m) => manifests.push((dir, m)),
            Err(d) => problems.push(d),
        }
    }
    if let Some((first_dir, first)) = manifests.first() {
        let mut seen: BTreeMap<usize, &PathBuf> = BTreeMap::new();
        for (dir, m) in &manifests {
            if m.parts != first.parts || m.site != first.site {
                problems.push(
                    Diagnostic::error(
                        dir.as_path(),
                        format!(
                            "这一部分（第 {}/{} 部分）与 {} 不是同一次拆分构建的结果",
                            m.part,
                            m.parts,
                            first_dir.display()
                        ),
                    )
                    .hint("各部分要从同一份站点文件（同一次提交）、用同一个 N 构建：gongkai build --part K/N"),
                );
            } else if let Some(other) = seen.insert(m.part, dir) {
                problems.push(
                    Diagnostic::error(
                        dir.as_path(),
                        format!(
                            "第 {}/{} 部分出现了两次（另一个是 {}）",
                            m.part,
                            m.parts,
                            other.display()
                        ),
                    )
                    .hint("每个部分只给一次"),
                );
            }
        }
        let missing: Vec<String> = (1..=first.parts)
            .filter(|k| !seen.contains_key(k))
            .map(|k| format!("{k}/{}", first.parts))
            .collect();
        if !missing.is_empty() && problems.is_empty() {
            problems.push(
                Diagnostic::error(
                    first_dir.as_path(),
                    format!("缺少第 {} 部分，不能合并", missing.join("、")),
                )
                .hint("把 gongkai build --part K/N 的全部 N 个输出文件夹都交给 --merge"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_iter().collect());
    }
    let files = part_files(dirs)?;
    let staging = Staging::begin(root, output).map_err(|msg| {
        Diagnostics::from_iter([
            Diagnostic::error(output, msg).hint("用 --output 指定另一个输出文件夹")
        ])
    })?;
    let placed: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(rel, from)| place(from, &staging.dir().join(rel)).err())
        .collect();
    if !placed.is_empty() {
        return Err(placed.into_iter().collect());
    }
    staging.commit().map_err(|e| {
        Diagnostics::from_iter([Diagnostic::error(
            output,
            format!("无法把合并好的网站放到输出目录：{}", os_error(&e)),
        )
        .hint("旧网站保持不变；检查磁盘空间和写入权限")])
    })?;
    Ok(Merged {
        parts: dirs.len(),
        files: files.len(),
    })
}

fn read_manifest(dir: &Path) -> Result<Manifest, Diagnostic> {
    let path = dir.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(
            dir,
            format!(
                "不是拆分构建的一个部分（读不到 {MANIFEST}：{}）",
                os_error(&e)
            ),
        )
        .hint("--merge 的每个文件夹都应是 gongkai build --part K/N --output 文件夹 的输出")
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error(&path, format!("拆分构建的清单已损坏：{e}"))
            .hint("重新运行这一部分的 gongkai build --part K/N")
    })
}

/// Every file of the parts (relative path → where it is), refusing a path two parts
/// both hold: that is not a split of one build.
fn part_files(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, Diagnostics> {
    let mut files: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut problems = Vec::new();
    for dir in dirs {
        for item in walkdir::WalkDir::new(dir).min_depth(1) {
            let item = match item {
                Ok(i) => i,
                Err(e) => {
                    problems.push(Diagnostic::error(dir, format!("无法读取：{e}")));
                    continue;
                }
            };
            let rel = item
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_path_buf();
            let own = rel
                .components()
                .next()
                .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(".gongkai"));
            if own {
                continue;
            }
            if !item.file_type().is_file() {
                continue;
            }
            if let Some(other) = files.insert(rel.clone(), item.path().to_path_buf()) {
                problems.push(
                    Diagnostic::error(
                        item.path(),
                        format!(
                            "{} 在两个部分里都有（另一个是 {}）",
                            rel.display(),
                            other.display()
                        ),
                    )
                    .hint("各部分应由同一版本的 gongkai 构建；重新构建全部部分后再合并"),
                );
            }
        }
    }
    if problems.is_empty() {
        let mut files: Vec<_> = files.into_iter().collect();
        files.sort();
        Ok(files)
    } else {
        Err(problems.into_iter().collect())
    }
}

/// Puts `from` at `to`: a hard link when both are on one file system (instant, no
/// second copy), a copy otherwise.
fn place(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(to, format!("无法写入：{}", os_error(&e)))
            .hint("检查磁盘空间和写入权限；旧网站保持不变")
    };
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    fs::copy(from, to).map(|_| ()).map_err(fail)
}
