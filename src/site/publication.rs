//! The publication gate: the one place that decides what of an entry may reach any
//! output — pages, attachments, the search index, feeds, the sitemap, exports, open data
//! and what `serve` answers. Every sink asks `Site::publication()` (or goes through
//! `Site::public_entries()`, `Site::published_body()` and
//! `Site::published_attachments()`, which ask it); nothing else reads an entry's status,
//! disclosure, body or attachments for output.

use super::Site;
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
    /// What the entry's own status and disclosure allow in a real build (the report
    /// statistics count by this). Outputs ask `Site::publication`, which adds what a
    /// `serve --drafts` preview shows.
    pub fn publication(&self) -> Publication {
        match (self.status, self.disclosure) {
            (Status::Public, Disclosure::Proactive) => Publication::Full,
            (Status::Public, Disclosure::OnRequest) => Publication::CatalogueOnly,
            _ => Publication::Withheld,
        }
    }
}

impl Site {
    /// The gate (see the module comment). A `serve --drafts` preview shows unpublished
    /// entries as if they were published — a 依申请公开 one still without body or
    /// attachments; `build` never sets it.
    pub fn publication(&self, e: &Entry) -> Publication {
        match e.publication() {
            Publication::Withheld if self.preview_unpublished => match e.disclosure {
                Disclosure::Proactive => Publication::Full,
                Disclosure::OnRequest => Publication::CatalogueOnly,
            },
            p => p,
        }
    }

    /// Whether `e` is listed in the output at all (see `public_entries`).
    pub fn shows(&self, e: &Entry) -> bool {
        self.publication(e).listed()
    }

    /// The attachments of `e` that may be published: all of an entry published in full,
    /// none otherwise.
    pub fn published_attachments<'e>(&self, e: &'e Entry) -> &'e [Attachment] {
        if self.publication(e).with_content() {
            e.attachment_files()
        } else {
            &[]
        }
    }

    /// The body of `e` that may be published, read again from its file: empty unless
    /// the entry is published in full.
    pub fn published_body(&self, e: &Entry) -> Result<String, Diagnostic> {
        if self.publication(e).with_content() {
            e.read_body(&self.root)
        } else {
            Ok(String::new())
        }
    }
}
