//! Derived orderings: who is listed where, newest first, and each entry's neighbours.
//!
//! One sort of all public entries; every other list is a filtered copy of it, so each
//! is already in order and nothing is sorted or searched per page.

use super::Site;

#[derive(Debug, Default, Clone)]
pub struct AgencyListing {
    /// The agency's public entries, newest first.
    pub entries: Vec<usize>,
    /// Per category (catalogue order), its entries and its sub-categories', newest first.
    pub by_category: Vec<Vec<usize>>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Neighbours {
    /// The newer entry in the same category.
    pub newer: Option<usize>,
    /// The older entry in the same category.
    pub older: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Listings {
    /// All public entries of the site, newest first.
    pub all: Vec<usize>,
    pub agencies: Vec<AgencyListing>,
    /// Indexed like `site.entries`; meaningful for public entries only.
    pub neighbours: Vec<Neighbours>,
}

impl Listings {
    pub fn new(site: &Site) -> Listings {
        let mut all: Vec<usize> = site.public_entries().map(|(i, _)| i).collect();
        all.sort_unstable_by(|&a, &b| {
            let (a, b) = (&site.entries[a], &site.entries[b]);
            (b.published, b.created, &b.index).cmp(&(a.published, a.created, &a.index))
        });
        let mut agencies: Vec<AgencyListing> = site
            .agencies
            .iter()
            .map(|a| AgencyListing {
                entries: Vec::new(),
                by_category: vec![Vec::new(); a.catalogue.categories.len()],
            })
            .collect();
        for &i in &all {
            let e = &site.entries[i];
            let listing = &mut agencies[e.agency];
            listing.entries.push(i);
            let catalogue = &site.agencies[e.agency].catalogue;
            let mut c = Some(e.category);
            while let Some(cat) = c {
                listing.by_category[cat].push(i);
                c = catalogue.categories[cat].parent;
            }
        }
        let mut neighbours = vec![Neighbours::default(); site.entries.len()];
        for (a, listing) in agencies.iter().enumerate() {
            for (cat, list) in listing.by_category.iter().enumerate() {
                // Neighbours run within an entry's own category, not its parents'.
                let own: Vec<usize> = list
                    .iter()
                    .copied()
                    .filter(|&i| site.entries[i].category == cat && site.entries[i].agency == a)
                    .collect();
                for (k, &i) in own.iter().enumerate() {
                    neighbours[i] = Neighbours {
                        newer: k.checked_sub(1).map(|j| own[j]),
                        older: own.get(k + 1).copied(),
                    };
                }
            }
        }
        Listings {
            all,
            agencies,
            neighbours,
        }
    }
}
