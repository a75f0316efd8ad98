//! What `init` marked 【请填写】 and nobody filled in yet, and a `base_url` still
//! pointing at the example address.

use std::path::Path;

use super::at_field;
use crate::diagnostics::{Diagnostic, display_path};
use crate::scaffold::TO_FILL_IN;
use crate::site::Site;

/// `site.yaml` and the guides, catalogues and reports under `content/` (read as text,
/// so this works even when the site does not load).
pub fn files(root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut files = vec![root.join("site.yaml")];
    let content = root.join("content");
    files.extend(
        walkdir::WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                let in_reports = p
                    .parent()
                    .and_then(Path::file_name)
                    .is_some_and(|d| d == "reports");
                matches!(name.as_deref(), Some("guide.md" | "catalogue.md"))
                    || (in_reports && p.extension().is_some_and(|x| x == "md"))
            }),
    );
    for path in files {
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.extend(in_text(&display_path(root, &path), &text));
        }
    }
    out
}

/// The marks left in one file's text.
pub(super) fn in_text(shown: &Path, text: &str) -> Vec<Diagnostic> {
    if !text.contains(TO_FILL_IN) {
        return Vec::new();
    }
    // YAML comments (site.yaml, front matter) explain the marks and are not content;
    // in a Markdown body `#` starts a heading, which is.
    let fenced = text.trim_start_matches('\u{feff}').starts_with("---");
    let yaml_lines = if fenced {
        1 + text
            .lines()
            .skip(1)
            .position(|l| matches!(l.trim_end(), "---" | "..."))
            .unwrap_or(0)
    } else {
        usize::MAX
    };
    text.lines()
        .enumerate()
        .filter(|(i, l)| {
            l.contains(TO_FILL_IN) && !(*i < yaml_lines && l.trim_start().starts_with('#'))
        })
        .map(|(i, _)| {
            Diagnostic::error(shown, format!("还有标着{TO_FILL_IN}的内容没有填写"))
                .at(i + 1, 1)
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
