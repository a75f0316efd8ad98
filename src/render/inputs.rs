//! What each page is built from, so `serve` re-renders only the pages a change touches.
//!
//! A page's bytes depend on the site's settings, the templates, the agencies' guides and
//! catalogues (a change to any of those rebuilds everything), and on its `Inputs`: the
//! entries whose values it shows, the entries it only links to by address, and the counts
//! it shows. A page whose inputs are equal before and after a change, and which shows no
//! changed entry (nor the address of an entry whose address changed), renders to the same
//! bytes. Keep this in step with `pages.rs` and the default theme:
//! `serve`'s tests compare incremental rebuilds with full builds to hold it to that.

use super::feeds::FEED_ROWS;
use super::jobs::{Job, page_count};
use super::pages::{LATEST, SITE_LATEST};
use crate::site::Site;
use crate::site::listing::Listings;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Positions in `site.entries` of the entries whose values the page shows, in order;
    /// `None` is an empty slot (an entry without a newer neighbour).
    pub entries: Vec<Option<usize>>,
    /// Entries the page shows only the address of (the sitemap), in order.
    pub addresses: Vec<usize>,
    /// The counts the page shows (entries per agency or category, rows, pages).
    pub counts: Vec<usize>,
}

/// How entries moved and changed between two states of a site.
pub struct Change<'a> {
    /// Old position → new position; `None` for a removed entry.
    pub map: &'a [Option<usize>],
    /// By new position: the entry's value changed (or it is new).
    pub changed: &'a [bool],
    /// By new position: the entry's address changed (or it is new).
    pub moved: &'a [bool],
}

impl Inputs {
    /// Whether a page whose inputs were `then` before `change` and are `self` after it may
    /// render differently.
    pub fn differs(&self, then: &Inputs, change: &Change) -> bool {
        let renumbered = |old: usize| change.map.get(old).copied().flatten();
        let flag = |marks: &[bool], e: usize| marks.get(e).copied().unwrap_or(true);
        self.counts != then.counts
            || self.entries.len() != then.entries.len()
            || self.addresses.len() != then.addresses.len()
            || self
                .entries
                .iter()
                .zip(&then.entries)
                .any(|(now, old)| match (now, old) {
                    (Some(n), Some(o)) => Some(*n) != renumbered(*o) || flag(change.changed, *n),
                    (None, None) => false,
                    _ => true,
                })
            || self
                .addresses
                .iter()
                .zip(&then.addresses)
                .any(|(n, o)| Some(*n) != renumbered(*o) || flag(change.moved, *n))
    }
}

/// The inputs of `job`. With `customised` templates, any page may print the counts in its
/// context (`agency.entry_count`, `site.agencies`), so every page depends on them.
pub fn inputs(job: &Job, site: &Site, listings: &Listings, customised: bool) -> Inputs {
    let first = |list: &[usize], n: usize| list.iter().take(n).map(|&e| Some(e)).collect();
    let agency_counts = || listings.agencies.iter().map(|a| a.entries.len());
    let category_counts = |a: usize| listings.agencies[a].by_category.iter().map(Vec::len);
    let mut inputs = match *job {
        Job::SiteHome => Inputs {
            entries: first(&listings.all, SITE_LATEST),
            counts: agency_counts().collect(),
            ..Inputs::default()
        },
        Job::AgencyHome(a) => Inputs {
            entries: first(&listings.agencies[a].entries, LATEST),
            counts: agency_counts().collect(),
            ..Inputs::default()
        },
        Job::Catalogue(a) => Inputs {
            counts: std::iter::once(listings.agencies[a].entries.len())
                .chain(category_counts(a))
                .collect(),
            ..Inputs::default()
        },
        Job::Category {
            agency,
            category,
            page,
        } => {
            let list = &listings.agencies[agency].by_category[category];
            let per = site.config.per_page;
            let catalogue = &site.agencies[agency].catalogue;
            let subcategories = (0..catalogue.categories.len())
                .filter(|&c| catalogue.categories[c].parent == Some(category))
                .map(|c| listings.agencies[agency].by_category[c].len());
            Inputs {
                entries: list
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(|&e| Some(e))
                    .collect(),
                counts: std::iter::once(list.len()).chain(subcategories).collect(),
                ..Inputs::default()
            }
        }
        Job::Entry(e) => {
            let n = listings.neighbours[e];
            Inputs {
                entries: vec![Some(e), n.newer, n.older],
                ..Inputs::default()
            }
        }
        // Yearly reports derive figures from the agency's catalogue: they depend on all of it.
        Job::Reports(a) | Job::Report { agency: a, .. } => Inputs {
            entries: first(&listings.agencies[a].entries, usize::MAX),
            counts: category_counts(a).collect(),
            ..Inputs::default()
        },
        // The search page lists every filter value with its number of entries: it depends
        // on those lists alone, held here as one fingerprint.
        Job::Search => Inputs {
            counts: vec![fingerprint(&crate::search::filter_options(site, listings))],
            ..Inputs::default()
        },
        // Every entry of the agency, by index number.
        Job::IndexNumbers(a) => Inputs {
            entries: first(&listings.agencies[a].entries, usize::MAX),
            ..Inputs::default()
        },
        // Compares every agency's report of a year: derived from all catalogues.
        Job::ReportsOverview(_) => Inputs {
            entries: first(&listings.all, usize::MAX),
            counts: agency_counts()
                .chain((0..site.agencies.len()).flat_map(category_counts))
                .collect(),
            ..Inputs::default()
        },
        // Every page's address and its last change: the entries' and the listings' pages,
        // dated by the entries' 公开日期 (one fingerprint of them all).
        Job::Sitemap => Inputs {
            addresses: listings.all.clone(),
            counts: listings
                .agencies
                .iter()
                .flat_map(|a| a.by_category.iter())
                .map(|list| page_count(list.len(), site.config.per_page))
                .chain(std::iter::once(fingerprint(
                    &listings
                        .all
                        .iter()
                        .map(|&e| site.entries[e].published)
                        .collect::<Vec<_>>(),
                )))
                .collect(),
            ..Inputs::default()
        },
        Job::Feed(None) => Inputs {
            entries: first(&listings.all, FEED_ROWS),
            ..Inputs::default()
        },
        Job::Feed(Some(a)) => Inputs {
            entries: first(&listings.agencies[a].entries, FEED_ROWS),
            ..Inputs::default()
        },
        Job::OpenData { agency: None, .. } => Inputs {
            entries: first(&listings.all, usize::MAX),
            ..Inputs::default()
        },
        Job::OpenData {
            agency: Some(a), ..
        } => Inputs {
            entries: first(&listings.agencies[a].entries, usize::MAX),
            ..Inputs::default()
        },
        // From the catalogue and the standard alone (a change to either rebuilds everything).
        Job::Guide(_) | Job::NotApplicable(_) | Job::NotFound | Job::Robots => Inputs::default(),
    };
    if customised {
        inputs.counts.extend(agency_counts());
    }
    inputs
}

fn fingerprint(value: &impl std::hash::Hash) -> usize {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish() as usize
}
