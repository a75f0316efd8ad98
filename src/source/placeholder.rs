//! The 【请填写】 mark: what a clerk still has to fill in (the scaffold writes it).

/// Marks what the clerk must fill in; `check` reports every place still carrying it.
pub const TO_FILL_IN: &str = "【请填写】";

/// The 1-based lines of a file's text that still carry `TO_FILL_IN`. YAML comments
/// (site.yaml, front matter) explain the mark and are not content; in a Markdown body
/// `#` starts a heading, which is.
pub fn unfilled_lines(text: &str) -> Vec<usize> {
    if !text.contains(TO_FILL_IN) {
        return Vec::new();
    }
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
        .map(|(i, _)| i + 1)
        .collect()
}
