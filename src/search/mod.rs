//! Site search, written into the output so it needs no server. The only module that
//! knows Pagefind.
//!
//! Two parts:
//! - a Pagefind full-text index of the published entries. Each entry's catalogue fields
//!   (title, summary, 文号, keywords, index number, category, agency) are indexed in
//!   full, and its body up to `body_chars` characters, with filters (agency, category,
//!   year, 有效性). Pagefind's `extended` feature segments Chinese with ICU4X and also
//!   indexes every pair of adjacent characters, so a query the browser segments
//!   differently still matches.
//! - an exact lookup table from index number and 文号 to the entry's page, split into
//!   shards by a hash of the normalised key: a visitor downloads one small file whatever
//!   the size of the site, and the lookup works even where Pagefind cannot run.
//!
//! Pagefind holds everything it indexes in memory until it writes (about half a
//! kilobyte per indexed character at its peak) and spends three to four microseconds
//! of CPU per character. So a large site is indexed as several bundles of at most
//! `BUNDLE_CHARS` characters, built two at a time and written as soon as each is done;
//! the search page merges them (`bundles.json`, Pagefind's `mergeIndex`). Entries go
//! into the bundles newest first, so the primary bundle holds the newest entries and a
//! listing without a query comes out of the bundles newest first. And how much of each
//! body is indexed is bounded (`body_chars`, by default a site-wide budget): the
//! catalogue fields are what a citizen searches by, and what keeps indexing a county's
//! 100,000 entries within half a minute.
//!
//! Only `Site::public_entries()` (through `Listings`) reaches either part; the body of a
//! 依申请公开 entry never does.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::output::layout;
use crate::site::config::{BodyChars, SearchSettings};
use crate::site::listing::Listings;
use crate::site::{Disclosure, Entry, Site};
use crate::source::markdown;

/// The Pagefind release the index is built with; the JS and WebAssembly it writes
/// beside the index belong to the same release (the crate is pinned to it).
pub const PAGEFIND_VERSION: &str = "1.6.0";

/// Filter names in the index, and what the search page calls them.
pub const FILTERS: [(&str, &str); 4] = [
    ("agency", "发布机构"),
    ("category", "分类"),
    ("year", "年份"),
    ("validity", "有效性"),
];

/// Indexed characters in one bundle at most. With two bundles built at once this keeps
/// Pagefind's share of the build's memory to about half a gigabyte (a 100,000-entry
/// build peaks under 1 GiB with the site model beside it).
const BUNDLE_CHARS: usize = 400_000;
/// Bundles built at once, at most (each also uses Pagefind's own threads in parts).
const JOBS: usize = 2;
/// Characters indexed over the whole site when `body_chars` is `auto`: the catalogue
/// fields of every entry, and of each body as much as fits in the rest, the same for
/// every entry. Bodies are indexed whole on small and medium sites (up to about 8,000
/// entries of typical length) and cut shorter as a site grows; past about 70,000
/// entries the catalogue fields alone fill it and bodies are not indexed. Indexing
/// this much takes about 15 s on two cores.
const AUTO_CHARS: usize = 8_000_000;
/// Pagefind's word-index chunk size, in postings (its default: 20,000). For each query
/// word a visitor downloads, per bundle, the chunk that holds it; with the default most
/// of those bytes are other words' postings. Measured on a 100,000-entry site: a later
/// query downloads 215 KB instead of 1.4 MB. Pagefind reads it only from the
/// environment, see `configure_process`.
const INDEX_CHUNK_SIZE: &str = "2000";
/// Entries whose stored text shares one file (Pagefind's `max_fragments`): a hundred
/// thousand tiny files cost more to write and to upload than the few extra kilobytes a
/// visitor downloads with each result.
const FRAGMENT_GROUP: usize = 8;

/// What the search stage wrote, for the build summary.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Entries in the full-text index (0 when `full_text: false`).
    pub records: usize,
    /// Index bundles.
    pub bundles: usize,
    /// Body characters indexed per entry at most; `None`: whole bodies.
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

/// One entry as the full-text index sees it.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
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

/// The body characters indexed per entry (`None`: whole bodies), given the published
/// entries.
pub fn body_limit(settings: &SearchSettings, site: &Site, entries: &[&Entry]) -> Option<usize> {
    match settings.body_chars {
        BodyChars::All => None,
        BodyChars::First(n) => Some(n),
        BodyChars::Auto => {
            let catalogue: usize = entries.iter().map(|e| catalogue_chars(site, e)).sum();
            let per_entry = AUTO_CHARS.saturating_sub(catalogue) / entries.len().max(1);
            // Rounded down to tens so the limit reads as a plain number.
            Some(per_entry / 10 * 10)
        }
    }
}

/// Builds the search index and lookup table of the published entries and writes them
/// through `sink` (a folder for `build`, memory for `serve`). Runs Pagefind on its own
/// threads and runtimes, so it may be called from anywhere, async code included.
pub fn write_index(
    site: &Site,
    listings: &Listings,
    sink: &dyn Sink,
) -> Result<Stats, Diagnostics> {
    let start = Instant::now();
    // `Listings` holds only what `Site::public_entries()` yields, newest first; checked
    // again here because a leak into the index would be invisible until someone searches.
    let entries: Vec<&Entry> = listings
        .all
        .iter()
        .map(|&i| &site.entries[i])
        .filter(|e| e.is_public())
        .collect();
    let mut stats = Stats::default();
    let mut written = Vec::new();
    for (shard, rows) in lookup_shards(&entries, site) {
        let json = serde_json::to_vec(&rows).expect("lookup rows serialise");
        written.push((PathBuf::from(layout::search_lookup_shard(&shard)), json));
    }
    write_all(sink, &written)?;
    stats.files += written.len();
    stats.bytes += written.iter().map(|(_, d)| d.len() as u64).sum::<u64>();

    let settings = &site.config.search;
    if settings.full_text {
        let limit = body_limit(settings, site, &entries);
        let bundles = plan_bundles(site, &entries, limit, settings.bundle_size);
        let built = write_bundles(site, &entries, &bundles, limit, sink)?;
        stats.records = entries.len();
        stats.bundles = bundles.len();
        stats.body_limit = limit;
        stats.cut = built.cut;
        stats.files += built.files;
        stats.bytes += built.bytes;
    }
    stats.elapsed = start.elapsed();
    Ok(stats)
}

fn write_all(sink: &dyn Sink, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostics> {
    let problems: Diagnostics = files
        .par_iter()
        .filter_map(|(rel, data)| {
            sink.write(rel, data).err().map(|e| {
                Diagnostic::error(rel, format!("写出文件失败：{e}"))
                    .hint("检查磁盘空间和输出目录的写入权限")
            })
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

/// Splits `entries` (newest first) into consecutive bundles of at most `BUNDLE_CHARS`
/// indexed characters and `bundle_size` entries. A body's characters are counted in its
/// Markdown, which is at least as long as its text.
fn plan_bundles(
    site: &Site,
    entries: &[&Entry],
    limit: Option<usize>,
    bundle_size: Option<usize>,
) -> Vec<Range<usize>> {
    let max_entries = bundle_size.unwrap_or(usize::MAX);
    let mut bundles = Vec::new();
    let (mut begin, mut chars) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        let body = e.body_chars();
        let size = catalogue_chars(site, e) + limit.map_or(body, |l| body.min(l));
        if i > begin && (chars + size > BUNDLE_CHARS || i - begin >= max_entries) {
            bundles.push(begin..i);
            (begin, chars) = (i, 0);
        }
        chars += size;
    }
    if begin < entries.len() || bundles.is_empty() {
        bundles.push(begin..entries.len());
    }
    bundles
}

/// What `write_bundles` wrote.
#[derive(Default)]
struct Built {
    cut: usize,
    files: usize,
    bytes: u64,
}

/// Indexes each bundle with Pagefind and writes its files, `JOBS` bundles at a time;
/// a bundle's records and files are dropped as soon as it is written. The first
/// problem stops the others from starting another bundle.
fn write_bundles(
    site: &Site,
    entries: &[&Entry],
    bundles: &[Range<usize>],
    limit: Option<usize>,
    sink: &dyn Sink,
) -> Result<Built, Diagnostics> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let problems = Mutex::new(Vec::new());
    let totals = Mutex::new(Built::default());
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get().min(JOBS));
    std::thread::scope(|s| {
        for _ in 0..jobs.min(bundles.len()) {
            s.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(range) = bundles.get(n) else { break };
                    match write_bundle(site, n, &entries[range.clone()], limit, sink) {
                        Ok(b) => {
                            let mut t = totals.lock().unwrap_or_else(|e| e.into_inner());
                            t.cut += b.cut;
                            t.files += b.files;
                            t.bytes += b.bytes;
                        }
                        Err(d) => {
                            failed.store(true, Ordering::Relaxed);
                            problems.lock().unwrap_or_else(|e| e.into_inner()).extend(d);
                        }
                    }
                }
            });
        }
    });
    let problems: Diagnostics = problems
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut built = totals.into_inner().unwrap_or_else(|e| e.into_inner());
    // The primary bundle is written in any case; the search page merges these into it.
    let merge: Vec<String> = (1..bundles.len()).map(|n| format!("{n}/")).collect();
    let list = serde_json::to_vec(&serde_json::json!({ "merge": merge })).expect("json");
    let list = [(PathBuf::from(layout::search_bundle_list()), list)];
    write_all(sink, &list)?;
    built.files += 1;
    built.bytes += list[0].1.len() as u64;
    Ok(built)
}

/// Indexes bundle `n` (0: the primary one) of `entries` and writes its files.
fn write_bundle(
    site: &Site,
    n: usize,
    entries: &[&Entry],
    limit: Option<usize>,
    sink: &dyn Sink,
) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut cut = 0;
    let records = entries
        .iter()
        .map(|e| {
            let (r, was_cut) = record(site, e, limit)?;
            cut += usize::from(was_cut);
            Ok(r)
        })
        .collect::<Result<Vec<Record>, Diagnostic>>()
        .map_err(|d| Diagnostics::from_iter([d]))?;
    let language = site.config.language.to_lowercase();
    let max_fragments = entries.len().div_ceil(FRAGMENT_GROUP);
    let files = pagefind_files(&language, records, max_fragments).map_err(|e| {
        Diagnostics::from_iter([Diagnostic::error(
            "（搜索索引）",
            format!("生成搜索索引失败：{e}"),
        )
        .hint("这是 gongkai 的问题，请附上本条信息向 gongkai 报告")])
    })?;
    let dir = if n == 0 {
        layout::search_bundle()
    } else {
        layout::search_extra_bundle(n)
    };
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter(|(name, _)| wanted(name, n == 0))
        .map(|(name, bytes)| (Path::new(&dir).join(name), bytes))
        .collect();
    write_all(sink, &files)?;
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        eprintln!(
            "search bundle {n}: {} entries, {:.2} s",
            entries.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Built {
        cut,
        files: files.len(),
        bytes: files.iter().map(|(_, d)| d.len() as u64).sum(),
    })
}

/// The catalogue fields of an entry, always indexed in full.
fn catalogue_text<'a>(site: &'a Site, e: &'a Entry) -> Vec<&'a str> {
    let agency = &site.agencies[e.agency];
    let category = &agency.catalogue.categories[e.category];
    let mut text = vec![e.title.as_str(), &e.summary];
    text.extend(e.doc_number.as_deref());
    text.push(&e.index);
    text.extend(e.keywords.iter().map(String::as_str));
    text.push(&category.name);
    text.push(agency.name());
    if e.publisher != agency.name() {
        text.push(&e.publisher);
    }
    text
}

/// The length of `catalogue_text` in characters (for planning bundles).
fn catalogue_chars(site: &Site, e: &Entry) -> usize {
    catalogue_text(site, e)
        .iter()
        .map(|s| s.chars().count())
        .sum()
}

/// The text, metadata and filters of one published entry, and whether its body was cut
/// to `limit` characters.
fn record(site: &Site, e: &Entry, limit: Option<usize>) -> Result<(Record, bool), Diagnostic> {
    let agency = &site.agencies[e.agency];
    let mut content = catalogue_text(site, e).join("\n");
    let mut cut = false;
    // A 依申请公开 entry has no body (`body_chars` is 0): it is dropped when it is read.
    if e.body_chars() > 0 && e.disclosure != Disclosure::OnRequest {
        if limit == Some(0) {
            cut = true;
        } else {
            let text = markdown::to_text(&e.body(&site.root)?);
            content.push('\n');
            match limit {
                Some(n) if text.chars().nth(n).is_some() => {
                    cut = true;
                    content.extend(text.chars().take(n));
                }
                _ => content.push_str(&text),
            }
        }
    }
    // What a result shows (search.js); Pagefind also indexes these values as words.
    let mut meta = BTreeMap::from([
        ("title".to_string(), e.title.clone()),
        ("index".to_string(), e.index.clone()),
        ("published".to_string(), e.published.to_string()),
        ("agency".to_string(), agency.name().to_string()),
        ("validity".to_string(), e.validity.label().to_string()),
    ]);
    if let Some(d) = &e.doc_number {
        meta.insert("doc_number".into(), d.clone());
    }
    let record = Record {
        url: layout::entry(&e.slug),
        content,
        meta,
        filters: filters(site, e),
    };
    Ok((record, cut))
}

/// The filter values of an entry. A category filter also finds the entries of its
/// sub-categories, so an entry carries its category's whole path. Only the entry's
/// agency, category, year and validity may decide them (see `filter_options`).
fn filters(site: &Site, e: &Entry) -> BTreeMap<String, Vec<String>> {
    let agency = &site.agencies[e.agency];
    let catalogue = &agency.catalogue;
    let categories: Vec<String> = catalogue
        .path_to(e.category)
        .into_iter()
        .map(|c| catalogue.categories[c].name.clone())
        .collect();
    BTreeMap::from([
        ("agency".to_string(), vec![agency.name().to_string()]),
        ("category".to_string(), categories),
        ("year".to_string(), vec![e.year().to_string()]),
        ("validity".to_string(), vec![e.validity.label().to_string()]),
    ])
}

/// One filter of the search page with its values and how many entries have each, as
/// Pagefind would count them. Written into the page, so a visitor's browser need not
/// download every bundle's filter index just to fill the lists.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct FilterOptions {
    pub key: &'static str,
    pub label: &'static str,
    /// (value, entries): years newest first, other values most frequent first.
    pub values: Vec<(String, usize)>,
}

pub fn filter_options(site: &Site, listings: &Listings) -> Vec<FilterOptions> {
    // `filters` depends on an entry's agency, category, year and validity alone: count
    // the entries of each such group and ask `filters` once per group (a few thousand
    // at most) rather than once per entry. `serve` computes this after every save.
    let mut groups: HashMap<(usize, usize, i32, &str), (usize, usize)> = HashMap::new();
    for &i in &listings.all {
        let e = &site.entries[i];
        let key = (e.agency, e.category, e.year(), e.validity.label());
        groups.entry(key).or_insert((i, 0)).1 += 1;
    }
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, n) in groups.into_values() {
        for (key, values) in filters(site, &site.entries[i]) {
            let per_key = counts.entry(key).or_default();
            for v in values {
                *per_key.entry(v).or_default() += n;
            }
        }
    }
    FILTERS
        .iter()
        .map(|&(key, label)| {
            let mut values: Vec<(String, usize)> =
                counts.remove(key).unwrap_or_default().into_iter().collect();
            if key == "year" {
                values.sort_by(|a, b| b.0.cmp(&a.0));
            } else {
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            FilterOptions { key, label, values }
        })
        .collect()
}

/// Runs Pagefind over the records and returns its files (path inside the bundle, bytes).
fn pagefind_files(
    language: &str,
    records: Vec<Record>,
    max_fragments: usize,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .max_fragments(u32::try_from(max_fragments).unwrap_or(u32::MAX))
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for r in records {
            // No sort keys: Pagefind numbers pages in the order they are added (newest
            // first), and a listing without a query comes out in that order across
            // bundles, which a sort key would not (merged results are ordered by score).
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    language.to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    None,
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| (f.filename, f.contents))
            .collect())
    })
}

/// Pagefind also writes its ready-made search UIs; the theme has its own search page.
/// Only the primary bundle needs the JS and WebAssembly.
fn wanted(name: &Path, primary: bool) -> bool {
    let name = name.to_string_lossy();
    if !primary && !name.contains('/') && !name.ends_with(".json") && !name.ends_with(".pf_meta") {
        return false;
    }
    ![
        "pagefind-ui",
        "pagefind-modular-ui",
        "pagefind-component-ui",
        "pagefind-highlight",
    ]
    .iter()
    .any(|ui| name.starts_with(ui))
}

/// One entry in the lookup table.
#[derive(Serialize)]
struct LookupRow<'a> {
    /// The normalised keys (index number, 文号) that lead to this entry.
    keys: Vec<String>,
    index: &'a str,
    doc_number: Option<&'a str>,
    title: &'a str,
    url: String,
    published: String,
    agency: &'a str,
}

/// The lookup table's shards: shard name → the entries whose index number or 文号 hash
/// into it.
fn lookup_shards<'a>(
    entries: &[&'a Entry],
    site: &'a Site,
) -> BTreeMap<String, Vec<LookupRow<'a>>> {
    let mut shards: BTreeMap<String, Vec<LookupRow<'a>>> = BTreeMap::new();
    for e in entries {
        let mut keys: Vec<String> = std::iter::once(e.index.as_str())
            .chain(e.doc_number.as_deref())
            .map(lookup_key)
            .filter(|k| !k.is_empty())
            .collect();
        keys.dedup();
        let mut names: Vec<String> = keys.iter().map(|k| shard_of(k)).collect();
        names.sort();
        names.dedup();
        for shard in names {
            shards.entry(shard).or_default().push(LookupRow {
                keys: keys.clone(),
                index: &e.index,
                doc_number: e.doc_number.as_deref(),
                title: &e.title,
                url: layout::entry(&e.slug),
                published: e.published.to_string(),
                agency: site.agencies[e.agency].name(),
            });
        }
    }
    shards
}

/// The form of an index number or 文号 that a visitor's typing is compared in: spaces
/// and punctuation (any bracket around the year of a 文号, `/`, `-`) dropped, full-width
/// letters and digits made ASCII, letters upper case. `theme/…/search.js` does the same.
pub fn lookup_key(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c as u32 {
                // Full-width ASCII (！ … ～) to ASCII.
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            let code = c as u32;
            if c.is_ascii() {
                c.is_ascii_alphanumeric().then(|| c.to_ascii_uppercase())
            } else if matches!(code,
                0x2000..=0x206F     // general punctuation: dashes, quotes
                | 0x3000..=0x303F   // CJK punctuation: 、。〔〕【】
                | 0xFE30..=0xFE4F   // CJK compatibility forms
                | 0xFE50..=0xFE6F   // small forms: ﹝﹞
                | 0xFF5F..=0xFF65   // half-width CJK punctuation
            ) || c.is_whitespace()
            {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// The shard a normalised key is in: the low byte of its 32-bit FNV-1a hash over UTF-8,
/// as two hex digits. `search.js` computes the same.
pub fn shard_of(key: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{:02x}", hash & 0xff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_punctuation_width_and_case() {
        assert_eq!(
            lookup_key("11320100mb1234567x/2024-00012"),
            "11320100MB1234567X202400012"
        );
        assert_eq!(
            lookup_key(" １１３２０１００ＭＢ１２３４５６７Ｘ／２０２４－０００１２ "),
            "11320100MB1234567X202400012"
        );
        for doc in [
            "示政发〔2024〕3号",
            "示政发[2024]3号",
            "示政发（2024）3号",
            "示政发﹝2024﹞3号",
            "示政发【2024】3号",
        ] {
            assert_eq!(lookup_key(doc), "示政发20243号", "{doc}");
        }
    }

    #[test]
    fn shards_are_stable() {
        // FNV-1a of "a" is 0xe40c292c; search.js is checked against the same values.
        assert_eq!(shard_of("a"), "2c");
        assert_eq!(shard_of(""), "c5");
        assert_eq!(shard_of("示政发20243号").len(), 2);
    }
}
