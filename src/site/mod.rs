//! The site model: what `content/` and `site.yaml` say, read file by file. The checks
//! across files are the next stage (`validate`), which alone makes a `Site`.

pub mod adoption;
pub mod agency;
pub mod catalogue;
pub mod config;
pub mod entry;
mod fingerprints;
pub mod index_number;
pub mod listing;
mod load;
pub mod parsed;
pub mod publication;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calendar::WorkingDayCalendar;
use crate::standard::Standard;

pub use agency::{Agency, Guide};
pub use catalogue::{Catalogue, Category};
pub use config::SiteConfig;
pub use entry::{Attachment, Disclosure, Entry, Status, Validity};
pub use fingerprints::Fingerprints;
pub use load::{
    LoadOptions, Read, Scan, attachment_roots, entry_owner, is_hidden, link_policy, load_entry,
    read, read_agency, scan, with_document,
};
pub use publication::Publication;

/// A loaded site. Only ever constructed when reading and validation found no errors.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder (holds `site.yaml`).
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Tree order: a parent comes before its children; `content/` itself first.
    pub agencies: Vec<Agency>,
    /// Every valid entry, drafts included, in file order. Use `public_entries` for output.
    pub entries: Vec<Entry>,
    /// The day the build counts as "today" (future `published` dates wait for it).
    pub today: NaiveDate,
    /// Working days: the built-in calendar plus the site's `calendar.yaml`.
    pub calendar: WorkingDayCalendar,
    /// A preview (`serve --drafts`) that shows unpublished entries too, marked as such.
    pub preview_unpublished: bool,
    /// The 基层政务公开标准目录: the built-in data plus the site's `standard/` files.
    pub standard: Standard,
    /// Computed on first use (`fingerprints`).
    pub fingerprints: std::sync::OnceLock<Fingerprints>,
}

impl Site {
    /// The fingerprints of the site and its entries, for the build cache's keys.
    pub fn fingerprints(&self) -> &Fingerprints {
        self.fingerprints.get_or_init(|| Fingerprints::of(self))
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The entries listed in any output (the gate: `Site::publication`), with their
    /// positions; their bodies and attachments only through `Site::published_body` and
    /// `Site::published_attachments`. A `serve --drafts` preview lets unpublished entries
    /// through.
    pub fn public_entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| self.shows(e))
    }

    pub fn root_agency(&self) -> Option<&Agency> {
        self.agencies.first().filter(|a| a.is_root())
    }
}
