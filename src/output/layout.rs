//! The only module that knows where pages live in the output. It takes plain values:
//! an agency's address (`Agency::url`: "" for the agency at `content/`, else its folders,
//! e.g. "minzhengju/") and a category's `slug`.
//!
//! Addresses are relative to the site root, without a leading slash, and end in `/`
//! for pages (served as `…/index.html`). Pages link to each other with relative
//! links (`root_prefix`), so the output works under any sub-path and on any server.

use std::path::PathBuf;

/// Top-level names the site itself uses; an agency folder at the top must not take them.
pub const SITE_RESERVED: &[&str] = &[
    "entry",
    "search",
    "assets",
    "reports",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
    "catalogue.csv",
    "catalogue.json",
];

/// Names inside an agency's address; a nested agency folder must not take them.
pub const AGENCY_RESERVED: &[&str] = &[
    "guide",
    "catalogue",
    "category",
    "reports",
    "index-numbers",
    "atom.xml",
    "page",
];

pub fn site_home() -> String {
    String::new()
}

pub fn agency_home(agency: &str) -> String {
    agency.to_string()
}

pub fn guide(agency: &str) -> String {
    format!("{agency}guide/")
}

pub fn catalogue(agency: &str) -> String {
    format!("{agency}catalogue/")
}

/// The 未涉及领域事项说明: the standard's domains the agency does not cover, and why.
pub fn not_applicable(agency: &str) -> String {
    format!("{agency}catalogue/not-applicable/")
}

/// A category's listing page; `page` counts from 1.
pub fn category(agency: &str, category: &str, page: usize) -> String {
    if page <= 1 {
        format!("{agency}category/{category}/")
    } else {
        format!("{agency}category/{category}/page/{page}/")
    }
}

pub fn entry(slug: &str) -> String {
    format!("entry/{slug}/")
}

/// Attachments sit beside their entry's page.
pub fn attachment(slug: &str, name: &str) -> String {
    format!("entry/{slug}/{name}")
}

pub fn reports(agency: &str) -> String {
    format!("{agency}reports/")
}

pub fn report(agency: &str, year: i32) -> String {
    format!("{agency}reports/{year}/")
}

/// The plain list of an agency's index numbers (works without JavaScript).
pub fn index_numbers(agency: &str) -> String {
    format!("{agency}index-numbers/")
}

/// The site-wide comparison of agencies' reports for one year. Not `reports/<year>/`:
/// that is the report of an agency at `content/` itself.
pub fn reports_overview(year: i32) -> String {
    format!("reports/compare/{year}/")
}

pub fn search() -> String {
    "search/".into()
}

/// The search engine's files (index, JS, WebAssembly), beside the search page: the
/// primary index bundle.
pub fn search_bundle() -> String {
    "search/pagefind/".into()
}

/// A further index bundle of a site (named by its span of time, `2023` or `2024-3of8`),
/// merged into the primary one in the browser.
pub fn search_extra_bundle(name: &str) -> String {
    format!("search/pagefind/{name}/")
}

/// The list of further bundles (`{"merge": ["2023/", …]}`, relative to the primary one).
pub fn search_bundle_list() -> String {
    "search/pagefind/bundles.json".into()
}

/// Which index bundles hold which character pairs, split into shards by pair hash.
pub fn search_route() -> String {
    "search/route/".into()
}

/// One shard of the route table (`shard`: hexadecimal, as wide as the largest).
pub fn search_route_shard(shard: &str) -> String {
    format!("search/route/{shard}.txt")
}

/// The exact index-number / 文号 lookup table, split into shards by key hash.
pub fn search_lookup() -> String {
    "search/lookup/".into()
}

/// One shard of the lookup table (`shard` is two lowercase hex digits).
pub fn search_lookup_shard(shard: &str) -> String {
    format!("search/lookup/{shard}.json")
}

pub fn agency_feed(agency: &str) -> String {
    format!("{agency}atom.xml")
}

/// The open data of the site's catalogue (`agency: None`) or of an agency's, beside its
/// catalogue page: `catalogue.csv`, `xihe/catalogue/catalogue.json`.
pub fn open_data(agency: Option<&str>, extension: &str) -> String {
    match agency {
        None => format!("catalogue.{extension}"),
        Some(a) => format!("{}catalogue.{extension}", catalogue(a)),
    }
}

pub fn site_feed() -> String {
    "atom.xml".into()
}

pub fn not_found() -> String {
    "404.html".into()
}

pub fn sitemap() -> String {
    "sitemap.xml".into()
}

pub fn robots() -> String {
    "robots.txt".into()
}

/// Where the theme's CSS and JS go.
pub fn assets() -> String {
    "assets/".into()
}

/// The file an address is written to.
pub fn file_for(url: &str) -> PathBuf {
    if url.is_empty() || url.ends_with('/') {
        PathBuf::from(format!("{url}index.html"))
    } else {
        PathBuf::from(url)
    }
}

/// `../` repeated to climb from a page at `url` to the site root (`./` at the top, so
/// that `{{ root }}` alone is a working link to the home page).
pub fn root_prefix(url: &str) -> String {
    match url.matches('/').count() {
        0 => "./".into(),
        n => "../".repeat(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_prefixes() {
        assert_eq!(file_for(""), PathBuf::from("index.html"));
        assert_eq!(file_for("entry/x/"), PathBuf::from("entry/x/index.html"));
        assert_eq!(file_for("sitemap.xml"), PathBuf::from("sitemap.xml"));
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("404.html"), "./");
        assert_eq!(root_prefix("entry/x/"), "../../");
        assert_eq!(root_prefix("a/atom.xml"), "../");
    }
}
