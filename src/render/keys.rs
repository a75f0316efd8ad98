//! The build cache's key of each page: a fingerprint of everything its bytes depend on
//! (see `inputs`): the site's settings, agencies, guides, catalogues, reports, standard
//! and calendar, and the templates — a change to any of them changes every key — and
//! the page's own inputs: the entries it shows (each by a fingerprint of all that was
//! loaded of it, its body included), the addresses it links to and the counts it shows.

use super::Renderer;
use super::inputs::inputs;
use super::jobs::Job;
use crate::output::cache::Fingerprint;
use crate::site::Site;

/// Fingerprints computed once per build, when the sink keeps a cache.
pub struct Keys {
    shared: u64,
}

impl Keys {
    fn new(site: &Site, templates: u64) -> Keys {
        let shared = Fingerprint::new("pages")
            .add(&templates)
            .add(&site.fingerprints().shared)
            .finish();
        Keys { shared }
    }
}

impl Renderer<'_> {
    /// The key of `job`'s files in the build cache.
    pub(super) fn key(&self, job: &Job, url: &str) -> u64 {
        let site = self.site;
        let keys = self
            .keys
            .get_or_init(|| Keys::new(site, self.templates.fingerprint));
        let i = inputs(job, site, &self.listings, self.templates.customised());
        let mut f = Fingerprint::new("page");
        // The job by its kind and address, not by positions that shift as entries come and go.
        f.add(&keys.shared)
            .add(&std::mem::discriminant(job))
            .add(url)
            .add(&i.counts);
        for e in &i.entries {
            f.add(&e.map(|e| site.fingerprints().entries[e]));
        }
        for &e in &i.addresses {
            f.add(&site.entries[e].slug);
        }
        // An empty feed is dated today.
        if matches!(job, Job::Feed(_)) {
            f.debug(&site.today);
        }
        f.finish()
    }
}
