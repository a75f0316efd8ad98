//! What `init` marked 【请填写】 and nobody filled in yet. Such a site must not be
//! published: `build` refuses it (naming every place), `check` reports the same places,
//! and `serve` shows them over the preview. Drafts are not published, so theirs wait.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};
use crate::site::{Entry, Site};
use crate::source::placeholder::{TO_FILL_IN, unfilled_lines};

/// Every unfilled place in what would be published: `site.yaml`, the agencies' own
/// files (`Loaded::agency_files`: guides, catalogues, reports, read as text so this
/// works even when the site does not load), and, when it loaded, its public entries.
pub fn check(root: &Path, agency_files: &[PathBuf], site: Option<&Site>) -> Vec<Diagnostic> {
    let site_yaml = root.join("site.yaml");
    let mut out: Vec<Diagnostic> = std::iter::once(&site_yaml)
        .chain(agency_files)
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            Some(at_lines(
                &display_path(root, path),
                &text,
                &unfilled_lines(&text),
            ))
        })
        .flatten()
        .collect();
    if let Some(site) = site {
        out.extend(site.public_entries().flat_map(|(_, e)| in_entry(site, e)));
    }
    out
}

/// The marks left in an entry (found when it was loaded: its file is read again only
/// when there are some, to quote them).
fn in_entry(site: &Site, e: &Entry) -> Vec<Diagnostic> {
    if e.unfilled.is_empty() {
        return Vec::new();
    }
    let text = crate::source::read_text(&site.root, &site.root.join(&e.source)).unwrap_or_default();
    at_lines(&e.source, &text, &e.unfilled)
}

fn at_lines(shown: &Path, text: &str, lines: &[usize]) -> Vec<Diagnostic> {
    lines
        .iter()
        .map(|&line| {
            Diagnostic::error(
                shown,
                format!("还有标着{TO_FILL_IN}的内容没有填写，不能发布"),
            )
            .at(line, 1)
            .quote(text)
            .hint("改成本单位的实际内容，并删去“【请填写】”字样；不适用的可选项可以整行删除")
        })
        .collect()
}
