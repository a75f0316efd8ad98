//! What `init` marked 【请填写】 and nobody filled in yet, and a `base_url` still
//! pointing at the example address.

use std::path::{Path, PathBuf};

use super::{at_field, text_of};
use crate::diagnostics::{Diagnostic, display_path};
use crate::site::{Entry, Site};
use crate::source::placeholder::{TO_FILL_IN, unfilled_lines};

/// `site.yaml` and the agencies' own files (`Loaded::agency_files`, read as text, so
/// this works even when the site does not load).
pub fn files(root: &Path, agency_files: &[PathBuf]) -> Vec<Diagnostic> {
    let site_yaml = root.join("site.yaml");
    std::iter::once(&site_yaml)
        .chain(agency_files)
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            Some(in_text(&display_path(root, path), &text))
        })
        .flatten()
        .collect()
}

/// The marks left in one file's text.
pub(super) fn in_text(shown: &Path, text: &str) -> Vec<Diagnostic> {
    at_lines(shown, text, &unfilled_lines(text))
}

/// The marks left in an entry (found when it was loaded: its file is read again only
/// when there are some, to quote them).
pub(super) fn in_entry(site: &Site, e: &Entry) -> Vec<Diagnostic> {
    if e.unfilled.is_empty() {
        return Vec::new();
    }
    let text = text_of(site, &e.source).unwrap_or_default();
    at_lines(&e.source, &text, &e.unfilled)
}

fn at_lines(shown: &Path, text: &str, lines: &[usize]) -> Vec<Diagnostic> {
    lines
        .iter()
        .map(|&line| {
            Diagnostic::error(shown, format!("还有标着{TO_FILL_IN}的内容没有填写"))
                .at(line, 1)
                .quote(text)
                .hint("改成本单位的实际内容，并删去“【请填写】”字样；不适用的可选项可以整行删除")
        })
        .collect()
}

/// The scaffold's example address would put wrong links into the sitemap and feeds.
pub fn base_url(site: &Site) -> Vec<Diagnostic> {
    let url = &site.config.base_url;
    if !url.contains("://www.example.gov.cn/") {
        return Vec::new();
    }
    let d = Diagnostic::warning("site.yaml", format!("网站地址 `{url}` 还是示例地址"))
        .hint("把 base_url 改成网站的正式地址；站点地图和订阅源里的链接都用这个地址");
    vec![at_field(site, Path::new("site.yaml"), "base_url", d)]
}
