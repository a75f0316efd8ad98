//! What each page is built from, so `serve` re-renders only the pages a change touches.
//!
//! A page's bytes depend on the site's settings, the templates, the agencies' guides and
//! catalogues (a change to any of those rebuilds everything), and on its `Inputs`: the
//! entries whose values it shows, in order, and the counts it shows. A page whose inputs
//! are equal before and after a change, and which shows none of the changed entries,
//! renders to the same bytes. Keep this in step with `pages.rs` and the default theme:
//! `serve`'s tests compare incremental rebuilds with full builds to hold it to that.

use super::Job;
use super::feeds::FEED_ROWS;
use super::pages::{LATEST, SITE_LATEST};
use crate::site::Site;
use crate::site::listing::Listings;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Positions in `site.entries` of the entries the page shows, in order; `None` is an
    /// empty slot (an entry without a newer neighbour).
    pub entries: Vec<Option<usize>>,
    /// The counts the page shows (entries per agency or category, rows in a listing).
    pub counts: Vec<usize>,
}

impl Inputs {
    /// Whether the page shows an entry marked in `changed` (indexed like `site.entries`).
    pub fn shows_any(&self, changed: &[bool]) -> bool {
        self.entries
            .iter()
            .flatten()
            .any(|&e| changed.get(e).copied().unwrap_or(true))
    }

    /// The same inputs with positions moved by `map` (old position → new position, `None`
    /// for a removed entry, which then differs from every position).
    pub fn renumbered(&self, map: &[Option<usize>]) -> Inputs {
        Inputs {
            entries: self
                .entries
                .iter()
                .map(|e| e.map(|e| map.get(e).copied().flatten().unwrap_or(usize::MAX)))
                .collect(),
            counts: self.counts.clone(),
        }
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
        },
        Job::AgencyHome(a) => Inputs {
            entries: first(&listings.agencies[a].entries, LATEST),
            counts: agency_counts().collect(),
        },
        Job::Catalogue(a) => Inputs {
            entries: Vec::new(),
            counts: std::iter::once(listings.agencies[a].entries.len())
                .chain(category_counts(a))
                .collect(),
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
            }
        }
        Job::Entry(e) => {
            let n = listings.neighbours[e];
            Inputs {
                entries: vec![Some(e), n.newer, n.older],
                counts: Vec::new(),
            }
        }
        // Yearly reports derive figures from the agency's catalogue: they depend on all of it.
        Job::Reports(a) | Job::Report { agency: a, .. } => Inputs {
            entries: first(&listings.agencies[a].entries, usize::MAX),
            counts: category_counts(a).collect(),
        },
        Job::Sitemap => Inputs {
            entries: first(&listings.all, usize::MAX),
            counts: Vec::new(),
        },
        Job::Feed(None) => Inputs {
            entries: first(&listings.all, FEED_ROWS),
            counts: Vec::new(),
        },
        Job::Feed(Some(a)) => Inputs {
            entries: first(&listings.agencies[a].entries, FEED_ROWS),
            counts: Vec::new(),
        },
        Job::Guide(_) | Job::NotFound | Job::Robots => Inputs::default(),
    };
    if customised {
        inputs.counts.extend(agency_counts());
    }
    inputs
}
