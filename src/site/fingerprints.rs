//! Fingerprints of what the output is made from, computed once per build (and only when
//! a build cache asks for them): the site's settings and every entry. Pages
//! (`render::keys`) and search bundles (`search::bundles`) build their cache keys from
//! these, so neither reads an entry's body again to know it is unchanged.

use rayon::prelude::*;

use super::{Entry, Site};
use crate::output::cache::Fingerprint;

#[derive(Debug, Clone)]
pub struct Fingerprints {
    /// Everything but the entries, the folder's path and today's date: settings,
    /// agencies (with their guides, catalogues and reports), calendar, standard.
    pub shared: u64,
    /// Each entry by all that was loaded of it, its body's text included, by position.
    pub entries: Vec<u64>,
}

impl Fingerprints {
    pub(super) fn of(site: &Site) -> Fingerprints {
        // Every field is placed: a new one fails to compile here until it is.
        let Site {
            root: _,
            config,
            agencies,
            entries,
            today: _,
            calendar,
            preview_unpublished,
            standard,
            fingerprints: _,
        } = site;
        let shared = Fingerprint::new("site")
            .debug(config)
            .debug(agencies)
            .debug(calendar)
            .debug(standard)
            .add(preview_unpublished)
            .finish();
        let entries = entries.par_iter().map(Entry::fingerprint).collect();
        Fingerprints { shared, entries }
    }
}
