//! The full-text index: published entries as Pagefind records, cut into bundles of
//! bounded size, indexed two at a time and written as each finishes.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use super::filters::filters;
use super::write_all;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::output::layout;
use crate::site::config::{BodyChars, SearchSettings};
use crate::site::{Entry, Site};
use crate::source::markdown;

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
/// Entries whose stored text shares one file (Pagefind's `max_fragments`): a hundred
/// thousand tiny files cost more to write and to upload than the few extra kilobytes a
/// visitor downloads with each result.
const FRAGMENT_GROUP: usize = 8;

/// One entry as the full-text index sees it.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// The body characters indexed per entry (`None`: whole bodies), given the published
/// entries.
pub(super) fn body_limit(
    settings: &SearchSettings,
    site: &Site,
    entries: &[&Entry],
) -> Option<usize> {
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

/// Splits `entries` (newest first) into consecutive bundles of at most `BUNDLE_CHARS`
/// indexed characters and `bundle_size` entries. A body's characters are counted in its
/// Markdown, which is at least as long as its text.
pub(super) fn plan_bundles(
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
pub(super) struct Built {
    pub cut: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Indexes each bundle with Pagefind and writes its files, `JOBS` bundles at a time;
/// a bundle's records and files are dropped as soon as it is written. The first
/// problem stops the others from starting another bundle.
pub(super) fn write_bundles(
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
    // Only the publication gate lets a body through (a 依申请公开 entry has none).
    if e.body_chars() > 0 && site.publication(e).with_content() {
        if limit == Some(0) {
            cut = true;
        } else {
            let text = markdown::to_text(&site.published_body(e)?);
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
    // The sentence a result shows when the query matched only catalogue fields.
    if !e.summary.is_empty() {
        meta.insert("summary".into(), e.summary.clone());
    }
    let record = Record {
        url: layout::entry(&e.slug),
        content,
        meta,
        filters: filters(site, e),
    };
    Ok((record, cut))
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
