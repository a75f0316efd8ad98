//! What a batch of changed paths means for the preview: nothing, some entry files, or
//! everything. When in doubt, everything.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::site::{self, Site};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the site is built from changed (editor swap files, `public/` …).
    Nothing,
    /// Only these entry files (absolute paths; some may be gone).
    Entries(BTreeSet<PathBuf>),
    /// Rebuild everything; the reason is shown in the terminal.
    Full(String),
}

impl Plan {
    fn merge(self, other: Plan) -> Plan {
        match (self, other) {
            (Plan::Full(r), _) | (_, Plan::Full(r)) => Plan::Full(r),
            (Plan::Entries(mut a), Plan::Entries(b)) => {
                a.extend(b);
                Plan::Entries(a)
            }
            (Plan::Entries(a), Plan::Nothing) | (Plan::Nothing, Plan::Entries(a)) => {
                Plan::Entries(a)
            }
            (Plan::Nothing, Plan::Nothing) => Plan::Nothing,
        }
    }
}

/// The folders and files under the site root that `serve` watches.
pub const WATCHED_DIRS: [&str; 4] = ["content", "static", "templates", "standard"];
pub const WATCHED_FILES: [&str; 2] = ["site.yaml", "calendar.yaml"];

/// Classifies changed paths (absolute, under `root`). `site` is the current model; without
/// one, any change to the sources rebuilds everything.
pub fn classify(root: &Path, site: Option<&Site>, paths: &[PathBuf]) -> Plan {
    paths.iter().fold(Plan::Nothing, |plan, path| {
        plan.merge(classify_one(root, site, path))
    })
}

fn classify_one(root: &Path, site: Option<&Site>, path: &Path) -> Plan {
    let Ok(rel) = path.strip_prefix(root) else {
        return Plan::Nothing;
    };
    let name = path.file_name().unwrap_or_default();
    let full = || Plan::Full(format!("{} 有变化", rel.display()));
    let Some(top) = rel.components().next().map(|c| c.as_os_str()) else {
        return Plan::Nothing;
    };
    if WATCHED_FILES.iter().any(|f| rel == Path::new(f)) {
        return full();
    }
    if top == "templates" || top == "static" || top == "standard" {
        // `static/` is copied as is, hidden files included; editors' swap files are not sources.
        return if is_editor_temp(name) {
            Plan::Nothing
        } else {
            full()
        };
    }
    if top != "content" {
        return Plan::Nothing;
    }
    let Some(site) = site else {
        return full();
    };
    if path.is_dir() {
        // A folder appeared (or moved in): its files bring no events of their own.
        return full();
    }
    let owners: BTreeSet<PathBuf> = site
        .entries
        .iter()
        .filter(|e| {
            e.attachment_files()
                .iter()
                .any(|a| same_file(&a.path, path))
        })
        .map(|e| root.join(&e.source))
        .collect();
    if !owners.is_empty() {
        return Plan::Entries(owners);
    }
    let hidden = rel.components().any(|c| site::is_hidden(c.as_os_str()));
    if hidden || is_editor_temp(name) {
        return Plan::Nothing;
    }
    if path.extension().is_some_and(|x| x == "md") {
        return match site::entry_owner(site, path) {
            Some(_) => Plan::Entries(BTreeSet::from([path.to_path_buf()])),
            // A guide, catalogue or report: these shape many pages.
            None => full(),
        };
    }
    // A file no entry uses changed: nothing to do, unless it was a folder that held sources.
    let held_sources = !path.exists()
        && site.entries.iter().any(|e| {
            let source = root.join(&e.source);
            source.starts_with(path)
                || e.attachment_files()
                    .iter()
                    .any(|a| a.path.starts_with(path))
        });
    if held_sources { full() } else { Plan::Nothing }
}

/// Attachment paths are written by hand (`../附件/x.pdf`): compare them without `.` and `..`.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || normalise(a) == normalise(b)
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Files editors write beside the one being saved: swap, backup and atomic-save temporaries.
pub fn is_editor_temp(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    site::is_hidden(name)
        || n == "4913" // vim probes whether it may write in the folder
        || [".swp", ".swo", ".swx", ".tmp", ".crswap", ".kate-swp"]
            .iter()
            .any(|s| n.ends_with(s))
        || n.contains("___jb_") // JetBrains safe write
        || n.starts_with(".goutputstream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries() {
        for n in [
            ".x.md.swp",
            "x.md~",
            "#x.md#",
            ".#x.md",
            "4913",
            "x.md___jb_tmp___",
            "~$报告.docx",
            "x.html.tmp",
        ] {
            assert!(is_editor_temp(OsStr::new(n)), "{n}");
        }
        for n in ["x.md", "style.css", "附件.pdf", "2024.md"] {
            assert!(!is_editor_temp(OsStr::new(n)), "{n}");
        }
    }

    #[test]
    fn settings_templates_and_static_rebuild_everything() {
        let root = Path::new("/s");
        for p in [
            "site.yaml",
            "calendar.yaml",
            "templates/entry.html",
            "static/logo.png",
            "standard/养老服务.yaml",
        ] {
            let plan = classify(root, None, &[root.join(p)]);
            assert!(matches!(plan, Plan::Full(_)), "{p}: {plan:?}");
        }
        for p in [
            "templates/.entry.html.swp",
            "public/index.html",
            "README.md",
            "target/x",
        ] {
            assert_eq!(classify(root, None, &[root.join(p)]), Plan::Nothing, "{p}");
        }
        assert_eq!(
            classify(root, None, &[PathBuf::from("/elsewhere/site.yaml")]),
            Plan::Nothing
        );
    }

    #[test]
    fn normalised_paths() {
        assert!(same_file(
            Path::new("/s/content/entries/2024/../附件/a.pdf"),
            Path::new("/s/content/entries/附件/a.pdf")
        ));
    }
}
