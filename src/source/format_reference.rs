//! Test support: the field tables of `docs/content-format.md`, the users' format
//! reference, so each reader's tests can check that the page and the code list the
//! same fields (the page stays in step with the code).

const PAGE: &str = include_str!("../../docs/content-format.md");

/// The field names in the first column of the first table after `marker`: a heading
/// that contains it, or a line that is it followed by `：`.
pub fn fields(marker: &str) -> Vec<String> {
    let mut lines = PAGE.lines();
    lines
        .by_ref()
        .find(|l| (l.starts_with('#') && l.contains(marker)) || *l == format!("{marker}："))
        .unwrap_or_else(|| panic!("docs/content-format.md has no section `{marker}`"));
    lines
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let first = l.trim_start_matches('|').split('|').next()?.trim();
            let name = first.strip_prefix('`')?.strip_suffix('`')?;
            Some(name.to_string())
        })
        .collect()
}

/// Panics unless `docs/content-format.md` lists exactly `known` under `marker`.
pub fn assert_documented(marker: &str, known: &[&str]) {
    let mut documented = fields(marker);
    let mut known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
    documented.sort();
    known.sort();
    assert_eq!(
        documented, known,
        "docs/content-format.md `{marker}`: the table (left) and the code (right) must list the same fields"
    );
}
