//! Stage 2: the checks that need more than one file, run on what reading found
//! (`site::read`): unique index numbers and page addresses, agency folder names, the
//! catalogues' references to the standard, and the yearly reports against the catalogue. Only then is there a `Site`.

pub mod addresses;
pub mod reports;
pub mod standard;
pub mod statistics;
pub mod unfilled;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::parses::Parses;
use crate::site::{self, LoadOptions, Site};

/// The outcome of loading: the site when nothing was an error, and every problem found.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    /// The agencies' own files found under `content/` (guides, catalogues, reports),
    /// whether or not they loaded.
    pub agency_files: Vec<PathBuf>,
}

/// Stages 1 and 2: reads the site and validates it.
pub fn load(root: &Path, opts: &LoadOptions) -> Loaded {
    load_with(root, opts, None)
}

/// `load`, parsing again only the entries that `parsed` does not hold (the build cache).
pub fn load_with(root: &Path, opts: &LoadOptions, parsed: Option<&Parses>) -> Loaded {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut agency_files = Vec::new();
    let site = site::read(root, opts, parsed, &mut out, &mut agency_files).and_then(|mut read| {
        addresses::site(root, &read.agencies, &read.entries, &mut out);
        standard::check(root, &read.agencies, &read.standard, &mut out);
        let deadline = read.config.as_ref().map_or((1, 31), |c| c.report_deadline);
        reports::check(
            &mut read.agencies,
            &read.entries,
            &read.calendar,
            read.today,
            deadline,
            &mut out,
        );
        read.into_site()
    });
    let mut diagnostics: Diagnostics = out.into_iter().collect();
    diagnostics.sort();
    Loaded {
        site: site.filter(|_| !diagnostics.has_errors()),
        diagnostics,
        agency_files,
    }
}
