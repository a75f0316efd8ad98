//! Site search, written into the output so it needs no server. The only module that
//! knows Pagefind.
//!
//! Four parts, a file each:
//! - `bundles`: a Pagefind full-text index of the published entries. Each entry's catalogue fields
//!   (title, summary, 文号, keywords, index number, category, agency) are indexed in
//!   full, and its whole body (or the first `body_chars` characters), with filters (agency, category,
//!   year, 有效性). Pagefind's `extended` feature segments Chinese with ICU4X and also
//!   indexes every pair of adjacent characters, so a query the browser segments
//!   differently still matches.
//! - `lookup`: an exact lookup table from index number and 文号 to the entry's page, split into
//!   shards by a hash of the normalised key: a visitor downloads one small file whatever
//!   the size of the site, and the lookup works even where Pagefind cannot run.
//! - `filters`: the filter values of an entry, and the search page's filter lists.
//! - `route`: which bundles hold which pairs of consecutive letters or digits, so that
//!   the search page loads only the bundles that can hold a query's results, and none
//!   for a word that occurs nowhere.
//!
//! Pagefind holds everything it indexes in memory until it writes (about half a
//! kilobyte per indexed character at its peak) and spends two to four microseconds
//! of CPU per character. So the index is built as bundles of at most `BUNDLE_CHARS`
//! characters, two at a time, each written as soon as it is done; the search page
//! merges those a query's route names (`bundles.json`, Pagefind's `mergeIndex`). A bundle is a publication
//! year or a slice of one (`plan_bundles`), newest first, so the primary bundle holds
//! the newest entries, a listing without a query comes out newest first, and an edit
//! changes the files of one bundle only.
//!
//! Only `Site::public_entries()` (through `Listings`) reaches any part; the body of a
//! 依申请公开 entry never does.

mod bundles;
mod filters;
mod lookup;
mod route;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::output::{Share, Sink};
use crate::site::listing::Listings;
use crate::site::{Entry, Site};
use bundles::{body_limit, plan_bundles, write_bundles};
pub use filters::{FILTERS, FilterOptions, filter_options};
pub use lookup::{lookup_key, shard_of};

/// The Pagefind release the index is built with; the JS and WebAssembly it writes
/// beside the index belong to the same release (the crate is pinned to it).
pub const PAGEFIND_VERSION: &str = "1.6.0";
/// The patches gongkai's copy of Pagefind carries that change the bytes it writes
/// (vendor/pagefind/PATCHES.md), part of the build cache's key so that a cached bundle
/// is never one written without them.
const PAGEFIND_PATCHES: &str = "gzip level 6";

/// Pagefind's word-index chunk size, in postings (its default: 20,000). For each query
/// word a visitor downloads, per bundle, the chunk that holds it; with the default most
/// of those bytes are other words' postings. Measured on a 100,000-entry site: a later
/// query downloads 215 KB instead of 1.4 MB. Pagefind reads it only from the
/// environment, see `configure_process`.
const INDEX_CHUNK_SIZE: &str = "2000";
/// What the search stage wrote, for the build summary.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Entries in the full-text index (0 when `full_text: false`).
    pub records: usize,
    /// Index bundles.
    pub bundles: usize,
    /// Body characters indexed per entry at most (`body_chars`); `None`: whole bodies.
    pub body_limit: Option<usize>,
    /// Entries whose body was longer than `body_limit`.
    pub cut: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Stats {
    pub fn line(&self) -> String {
        let size = crate::output::size_text(self.bytes);
        let secs = self.elapsed.as_secs_f64();
        if self.bundles == 0 {
            return format!(
                "搜索索引：未生成全文索引（full_text: false），索引号和文号查找 {} 个文件，共 {size}，用时 {secs:.2} 秒",
                self.files
            );
        }
        let body = match self.body_limit {
            _ if self.cut == 0 => "正文全部编入".to_string(),
            Some(0) => "正文未编入".to_string(),
            Some(n) => format!(
                "正文每条编入前 {n} 字（{} 条正文较长，只编入开头）",
                self.cut
            ),
            None => "正文全部编入".to_string(),
        };
        format!(
            "搜索索引：{} 个条目，{body}，{} 个分包，{} 个文件，共 {size}，用时 {secs:.2} 秒",
            self.records, self.bundles, self.files
        )
    }
}

/// Sets, for this process, what Pagefind reads from the environment
/// (`PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`; the crate is pinned, so the name holds). Call
/// it first thing in `main`, before any thread starts: changing the environment is only
/// sound while nothing else can read it.
pub fn configure_process() {
    const NAME: &str = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE";
    if std::env::var_os(NAME).is_none() {
        // SAFETY: called from `main` before any other thread exists.
        unsafe { std::env::set_var(NAME, INDEX_CHUNK_SIZE) };
    }
}

/// Builds the search index and lookup table of the published entries and writes them
/// through `sink` (a folder for `build`, memory for `serve`); `share` picks the bundles
/// of one `build --part`. Runs Pagefind on its own threads and runtimes, so it may be
/// called from anywhere, async code included.
pub fn write_index(
    site: &Site,
    listings: &Listings,
    share: Share,
    sink: &dyn Sink,
) -> Result<Stats, Diagnostics> {
    let start = Instant::now();
    // `Listings` holds only what `Site::public_entries()` yields, newest first; checked
    // again here because a leak into the index would be invisible until someone searches.
    let positions: Vec<usize> = (listings.all.iter().copied())
        .filter(|&i| site.shows(&site.entries[i]))
        .collect();
    let entries: Vec<&Entry> = positions.iter().map(|&i| &site.entries[i]).collect();
    let mut stats = Stats::default();
    if share.owns_site_wide() {
        let written = lookup::files(&entries, site);
        write_all(sink, &written)?;
        stats.files += written.len();
        stats.bytes += written.iter().map(|(_, d)| d.len() as u64).sum::<u64>();
    }

    let settings = &site.config.search;
    if settings.full_text {
        let limit = body_limit(settings);
        let bundles = plan_bundles(site, &entries, limit, settings.bundle_size);
        let built = write_bundles(site, &entries, &positions, &bundles, limit, share, sink)?;
        let mine = (0..bundles.len()).filter(|&n| share.owns(n));
        stats.records = mine.clone().map(|n| bundles[n].members.len()).sum();
        stats.bundles = mine.count();
        stats.body_limit = limit;
        stats.cut = built.cut;
        stats.files += built.files;
        stats.bytes += built.bytes;
    }
    stats.elapsed = start.elapsed();
    Ok(stats)
}

/// The build cache's key of a bundle: the fingerprints of the site and of its entries
/// (`members`, by place in `site.entries`), which cover all its records are made from,
/// and everything else Pagefind is given.
fn cache_key(
    site: &Site,
    members: impl Iterator<Item = usize>,
    limit: Option<usize>,
    language: &str,
    max_fragments: usize,
) -> u64 {
    let prints = site.fingerprints();
    let mut f = crate::output::cache::Fingerprint::new("search bundle");
    f.add(PAGEFIND_VERSION)
        .add(PAGEFIND_PATCHES)
        .add(&std::env::var("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE").ok())
        .add(language)
        .add(&max_fragments)
        .add(&limit)
        .add(&prints.shared);
    for i in members {
        f.add(&prints.entries[i]);
    }
    f.finish()
}

pub(super) fn write_all(sink: &dyn Sink, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostics> {
    let problems: Diagnostics = files
        .par_iter()
        .filter_map(|(rel, data)| {
            sink.write(rel, data)
                .err()
                .map(|e| crate::output::write_error(rel, &e))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
