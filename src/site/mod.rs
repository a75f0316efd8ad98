//! The site model: what `content/` and `site.yaml` say, loaded and validated.

pub mod agency;
pub mod catalogue;
pub mod config;
pub mod entry;
pub mod fields;
pub mod listing;
mod load;
pub mod report;
pub mod validate;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calendar::WorkingDayCalendar;

pub use agency::{Agency, Guide};
pub use catalogue::{Catalogue, Category};
pub use config::SiteConfig;
pub use entry::{Attachment, Disclosure, Entry, Status, Validity};
pub use load::{
    LoadOptions, Loaded, Scan, entry_owner, is_hidden, load, load_entry, read_agency, read_text,
    scan, with_document,
};
pub use report::Report;

/// A loaded site. Only ever constructed when loading found no errors.
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
}

impl Site {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// What may reach the output, the search index, feeds and exports.
    pub fn public_entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_public())
    }

    pub fn root_agency(&self) -> Option<&Agency> {
        self.agencies.first().filter(|a| a.is_root())
    }
}
