//! Search filters: the values an entry is filtered by, and the lists with counts that
//! the search page shows.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::site::listing::Listings;
use crate::site::{Entry, Site};

/// Filter names in the index, and what the search page calls them.
pub const FILTERS: [(&str, &str); 4] = [
    ("agency", "发布机构"),
    ("category", "分类"),
    ("year", "年份"),
    ("validity", "有效性"),
];

/// The filter values of an entry. A category filter also finds the entries of its
/// sub-categories, so an entry carries its category's whole path. Only the entry's
/// agency, category, year and validity may decide them (see `filter_options`).
pub(super) fn filters(site: &Site, e: &Entry) -> BTreeMap<String, Vec<String>> {
    let agency = &site.agencies[e.agency];
    let catalogue = &agency.catalogue;
    let categories: Vec<String> = catalogue
        .path_to(e.category)
        .into_iter()
        .map(|c| catalogue.categories[c].name.clone())
        .collect();
    BTreeMap::from([
        ("agency".to_string(), vec![agency.name().to_string()]),
        ("category".to_string(), categories),
        ("year".to_string(), vec![e.year().to_string()]),
        ("validity".to_string(), vec![e.validity.label().to_string()]),
    ])
}

/// One filter of the search page with its values and how many entries have each, as
/// Pagefind would count them. Written into the page, so a visitor's browser need not
/// download every bundle's filter index just to fill the lists.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct FilterOptions {
    pub key: &'static str,
    pub label: &'static str,
    /// (value, entries): years newest first, other values most frequent first.
    pub values: Vec<(String, usize)>,
}

pub fn filter_options(site: &Site, listings: &Listings) -> Vec<FilterOptions> {
    // `filters` depends on an entry's agency, category, year and validity alone: count
    // the entries of each such group and ask `filters` once per group (a few thousand
    // at most) rather than once per entry. `serve` computes this after every save.
    let mut groups: HashMap<(usize, usize, i32, &str), (usize, usize)> = HashMap::new();
    for &i in &listings.all {
        let e = &site.entries[i];
        let key = (e.agency, e.category, e.year(), e.validity.label());
        groups.entry(key).or_insert((i, 0)).1 += 1;
    }
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, n) in groups.into_values() {
        for (key, values) in filters(site, &site.entries[i]) {
            let per_key = counts.entry(key).or_default();
            for v in values {
                *per_key.entry(v).or_default() += n;
            }
        }
    }
    FILTERS
        .iter()
        .map(|&(key, label)| {
            let mut values: Vec<(String, usize)> =
                counts.remove(key).unwrap_or_default().into_iter().collect();
            if key == "year" {
                values.sort_by(|a, b| b.0.cmp(&a.0));
            } else {
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            FilterOptions { key, label, values }
        })
        .collect()
}
