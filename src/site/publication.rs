//! The publication gate: the one place that decides what of an entry may reach any
//! output — pages, attachments, the search index, feeds, the sitemap, exports, open data
//! and what `serve` answers. Every sink asks `Entry::publication()` (or goes through
//! `Site::public_entries()`, `Entry::published_body()` and
//! `Entry::published_attachments()`, which ask it); nothing else reads an entry's status,
//! disclosure, body or attachments for output.

use std::path::Path;

use super::entry::{Attachment, Disclosure, Entry, Status};
use crate::diagnostics::Diagnostic;

/// What of an entry may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    /// Nothing at all: a draft, an unreviewed entry where review is required, or one
    /// whose `published` date has not come yet.
    Withheld,
    /// The catalogue facts only (index number, title, summary, dates …): a 依申请公开
    /// entry. Its body and attachments are given on application, never online.
    CatalogueOnly,
    /// Everything: catalogue facts, body and attachments.
    Full,
}

impl Publication {
    /// Whether the entry's catalogue facts may appear (listings, its page, search, feeds,
    /// sitemap, exports).
    pub fn listed(self) -> bool {
        self != Publication::Withheld
    }

    /// Whether its body and attachments may appear.
    pub fn with_content(self) -> bool {
        self == Publication::Full
    }
}

impl Entry {
    /// The gate (see the module comment).
    pub fn publication(&self) -> Publication {
        match (self.status, self.disclosure) {
            (Status::Public, Disclosure::Proactive) => Publication::Full,
            (Status::Public, Disclosure::OnRequest) => Publication::CatalogueOnly,
            _ => Publication::Withheld,
        }
    }

    /// The attachments that may be published: all of a fully published entry's, none
    /// otherwise.
    pub fn published_attachments(&self) -> &[Attachment] {
        if self.publication().with_content() {
            self.attachment_files()
        } else {
            &[]
        }
    }

    /// The body that may be published, read again from the entry's file: empty unless
    /// the entry is published in full.
    pub fn published_body(&self, site_root: &Path) -> Result<String, Diagnostic> {
        if self.publication().with_content() {
            self.read_body(site_root)
        } else {
            Ok(String::new())
        }
    }
}
