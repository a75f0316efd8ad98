//! The full-text index: published entries as Pagefind records, cut into bundles of
//! bounded size, indexed two at a time and written as each finishes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{Datelike, NaiveDate};

use super::filters::filters;
use super::route::{self, Routes};
use super::write_all;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::layout;
use crate::output::{Share, Sink};
use crate::site::config::{BodyChars, SearchSettings};
use crate::site::{Entry, Site};
use crate::source::markdown;

/// Indexed characters in one bundle at most. With two bundles built at once this keeps
/// Pagefind's share of the build's memory to about half a gigabyte (it holds about half
/// a kilobyte per indexed character until it writes).
const BUNDLE_CHARS: usize = 400_000;
/// Bundles built at once, at most (each also uses Pagefind's own threads in parts).
const JOBS: usize = 2;
/// Entries whose stored text shares one file (Pagefind's `max_fragments`): a hundred
/// thousand tiny files cost more to write and to upload than the few extra kilobytes a
/// visitor downloads with each result.
const FRAGMENT_GROUP: usize = 8;
/// A year is cut into at most this many slices of equal length (a power of two, finer
/// than a day): a single day holding more than a bundle is cut by count instead.
const MAX_SLICES: u32 = 512;

/// One entry as the full-text index sees it.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// The body characters indexed per entry (`None`: whole bodies).
pub(super) fn body_limit(settings: &SearchSettings) -> Option<usize> {
    match settings.body_chars {
        BodyChars::All => None,
        BodyChars::First(n) => Some(n),
    }
}

/// One bundle of the index: its name (its folder under the primary bundle's, which holds
/// the first bundle of the plan) and its entries, as positions in the planned list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bundle {
    pub name: String,
    pub members: Vec<usize>,
}

/// Groups `entries` (newest first) into bundles of at most `BUNDLE_CHARS` indexed
/// characters and `bundle_size` entries, newest bundle first.
///
/// A bundle is a run of whole publication years (`2019-2022`), packed from the oldest
/// year on while they fit, or one year too big for a bundle cut into 2, 4, 8 … slices
/// of equal length (`2024-3of8`: the third eighth of 2024), as few as keep every slice
/// within bounds. So an entry's bundle depends on its date and on how full its own and
/// older years are, not on newer ones: adding or editing an entry of this year
/// re-indexes the newest bundle and leaves the others byte for byte as they were (unless
/// the year outgrows its bundle and is cut, a few times in a year's life). Bundles are
/// spans of time, so a listing without a query still comes out of them newest first. A
/// body's characters are counted in its Markdown, which is at least as long as its text.
pub(super) fn plan_bundles(
    site: &Site,
    entries: &[&Entry],
    limit: Option<usize>,
    bundle_size: Option<usize>,
) -> Vec<Bundle> {
    let bounds = Bounds {
        chars: BUNDLE_CHARS,
        entries: bundle_size.unwrap_or(usize::MAX),
    };
    let sized: Vec<(NaiveDate, usize)> = entries
        .iter()
        .map(|e| {
            let body = e.body_chars();
            let size = catalogue_chars(site, e) + limit.map_or(body, |l| body.min(l));
            (e.published, size)
        })
        .collect();
    plan(&sized, bounds)
}

/// `plan_bundles` over (publication date, indexed characters), newest first.
fn plan(sized: &[(NaiveDate, usize)], bounds: Bounds) -> Vec<Bundle> {
    // The years, oldest first: (year, positions of its entries).
    let mut years: Vec<(i32, std::ops::Range<usize>)> = Vec::new();
    let mut begin = 0;
    while begin < sized.len() {
        let year = sized[begin].0.year();
        let end = begin + sized[begin..].partition_point(|(d, _)| d.year() == year);
        years.push((year, begin..end));
        begin = end;
    }
    years.reverse();
    let mut bundles = Vec::new();
    // The years packed so far into the next bundle: (first, last, positions, chars).
    let mut run: Option<(i32, i32, std::ops::Range<usize>, usize)> = None;
    let close = |run: &mut Option<(i32, i32, std::ops::Range<usize>, usize)>,
                 bundles: &mut Vec<Bundle>| {
        if let Some((first, last, members, _)) = run.take() {
            let name = if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            };
            bundles.push(Bundle {
                name,
                members: members.collect(),
            });
        }
    };
    for (year, members) in years {
        let chars: usize = sized[members.clone()].iter().map(|(_, c)| c).sum();
        if chars > bounds.chars || members.len() > bounds.entries {
            close(&mut run, &mut bundles);
            bundles.extend(
                plan_year(year, &sized[members.clone()], members.start, bounds)
                    .into_iter()
                    .rev(),
            );
            continue;
        }
        match &mut run {
            Some((_, last, run_members, run_chars))
                if *run_chars + chars <= bounds.chars
                    && run_members.len() + members.len() <= bounds.entries =>
            {
                // Older years are later in the newest-first list.
                *last = year;
                *run_members = members.start..run_members.end;
                *run_chars += chars;
            }
            _ => {
                close(&mut run, &mut bundles);
                run = Some((year, year, members.clone(), chars));
            }
        }
    }
    close(&mut run, &mut bundles);
    bundles.reverse();
    if bundles.is_empty() {
        bundles.push(Bundle {
            name: String::new(),
            members: Vec::new(),
        });
    }
    bundles
}

#[derive(Clone, Copy)]
struct Bounds {
    chars: usize,
    entries: usize,
}

/// The bundles of one year's entries (newest first; `offset`: the first one's position).
fn plan_year(
    year: i32,
    sized: &[(NaiveDate, usize)],
    offset: usize,
    bounds: Bounds,
) -> Vec<Bundle> {
    let slice_of = |slices: u32, d: NaiveDate| d.ordinal0() * slices / 366;
    let fits = |slices: u32| {
        let mut totals = vec![(0, 0); slices as usize];
        sized.iter().all(|&(d, size)| {
            let t = &mut totals[slice_of(slices, d) as usize];
            *t = (t.0 + size, t.1 + 1);
            (t.0 <= bounds.chars || t.1 == 1) && t.1 <= bounds.entries
        })
    };
    let mut slices = 1;
    while slices < MAX_SLICES && !fits(slices) {
        slices *= 2;
    }
    let mut bundles: Vec<Bundle> = Vec::new();
    let mut current = None;
    for (i, &(d, _)) in sized.iter().enumerate() {
        let slice = slice_of(slices, d);
        if current != Some(slice) {
            current = Some(slice);
            let name = if slices == 1 {
                year.to_string()
            } else {
                format!("{year}-{}of{slices}", slice + 1)
            };
            bundles.push(Bundle {
                name,
                members: Vec::new(),
            });
        }
        bundles.last_mut().expect("pushed").members.push(offset + i);
    }
    if slices == MAX_SLICES {
        bundles = bundles
            .into_iter()
            .flat_map(|b| cut_by_count(b, sized, offset, bounds))
            .collect();
    }
    bundles
}

/// A slice still too big at the finest cut (many entries published on one day) is cut
/// into runs in date order: `2024-37of512-2`.
fn cut_by_count(
    bundle: Bundle,
    sized: &[(NaiveDate, usize)],
    offset: usize,
    bounds: Bounds,
) -> Vec<Bundle> {
    let mut runs: Vec<Vec<usize>> = vec![Vec::new()];
    let mut chars = 0;
    for &i in &bundle.members {
        let size = sized[i - offset].1;
        let run = runs.last_mut().expect("one run");
        if !run.is_empty() && (chars + size > bounds.chars || run.len() >= bounds.entries) {
            runs.push(Vec::new());
            chars = 0;
        }
        chars += size;
        runs.last_mut().expect("one run").push(i);
    }
    if runs.len() == 1 {
        return vec![bundle];
    }
    runs.into_iter()
        .enumerate()
        .map(|(n, members)| Bundle {
            name: format!("{}-{}", bundle.name, n + 1),
            members,
        })
        .collect()
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
/// problem stops the others from starting another bundle. `share` picks the bundles this
/// process writes (`build --part`); the list of bundles goes with the site-wide files.
pub(super) fn write_bundles(
    site: &Site,
    entries: &[&Entry],
    positions: &[usize],
    bundles: &[Bundle],
    limit: Option<usize>,
    share: Share,
    sink: &dyn Sink,
) -> Result<Built, Diagnostics> {
    // The site-wide share writes the route, so it reads every bundle's records, and
    // indexes only its own.
    let routes = share.owns_site_wide().then(Routes::default);
    let todo: Vec<usize> = (0..bundles.len())
        .filter(|&n| share.owns(n) || routes.is_some())
        .collect();
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let problems = Mutex::new(Vec::new());
    let totals = Mutex::new(Built::default());
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get().min(JOBS));
    std::thread::scope(|s| {
        for _ in 0..jobs.min(todo.len()) {
            s.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let Some(&n) = todo.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    let done = Bundling {
                        site,
                        entries,
                        positions,
                        bundles,
                        limit,
                        routes: routes.as_ref(),
                        sink,
                    }
                    .bundle(n, share.owns(n));
                    match done {
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
    if let Some(routes) = routes {
        // The primary bundle is loaded in any case; the search page merges the others
        // into it, those the route says can hold the query.
        let merge: Vec<String> = bundles[1..]
            .iter()
            .map(|b| format!("{}/", b.name))
            .collect();
        let mut list = serde_json::json!({ "merge": merge });
        let started = Instant::now();
        if let Some((shards, files)) = routes.files(bundles.len()) {
            if std::env::var_os("GONGKAI_TIMINGS").is_some() {
                eprintln!(
                    "search route: {shards} shards, {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            }
            list["route"] = serde_json::json!({ "shards": shards });
            write_all(sink, &files)?;
            built.files += files.len();
            built.bytes += files.iter().map(|(_, d)| d.len() as u64).sum::<u64>();
        }
        let list = serde_json::to_vec(&list).expect("json");
        let list = [(PathBuf::from(layout::search_bundle_list()), list)];
        write_all(sink, &list)?;
        built.files += 1;
        built.bytes += list[0].1.len() as u64;
    }
    Ok(built)
}

/// The folder of bundle `n`: the first is the primary bundle, the others are named
/// folders inside it.
fn bundle_dir(bundles: &[Bundle], n: usize) -> String {
    if n == 0 {
        layout::search_bundle()
    } else {
        layout::search_extra_bundle(&bundles[n].name)
    }
}

/// What every bundle of a build is made with.
struct Bundling<'a> {
    site: &'a Site,
    /// The entries indexed, newest first, and their places in `site.entries`.
    entries: &'a [&'a Entry],
    positions: &'a [usize],
    bundles: &'a [Bundle],
    limit: Option<usize>,
    /// The site-wide share's route, which needs every bundle's pairs.
    routes: Option<&'a Routes>,
    sink: &'a dyn Sink,
}

impl Bundling<'_> {
    /// Indexes bundle `n` (when `owned`: this part's) and adds its pairs to the route.
    /// With a build cache, an unchanged bundle's files are left as they are and its
    /// pairs read from the cache: its records are not made at all.
    fn bundle(&self, n: usize, owned: bool) -> Result<Built, Diagnostics> {
        let (site, sink) = (self.site, self.sink);
        let members = &self.bundles[n].members;
        let dir = bundle_dir(self.bundles, n);
        let unit = format!("search:{dir}");
        let language = site.config.language.to_lowercase();
        let max_fragments = members.len().div_ceil(FRAGMENT_GROUP);
        let key = sink.caches().then(|| {
            let of_site = members.iter().map(|&i| self.positions[i]);
            super::cache_key(site, of_site, self.limit, &language, max_fragments)
        });
        let reused = key.filter(|_| owned).and_then(|k| sink.reuse(&unit, k));
        let mut pairs = key
            .filter(|_| self.routes.is_some())
            .and_then(|k| sink.data(&unit, k))
            .and_then(|b| route::from_bytes(&b));
        let mut built = Built::default();
        if (self.routes.is_some() && pairs.is_none()) || (owned && reused.is_none()) {
            let entries: Vec<&Entry> = members.iter().map(|&i| self.entries[i]).collect();
            let (records, cut) = records(site, &entries, self.limit)?;
            if self.routes.is_some() && pairs.is_none() {
                let mine = route::pairs_of(records.iter().map(|r| r.content.as_str()));
                if let Some(k) = key {
                    sink.made_data(&unit, k, &route::to_bytes(&mine));
                }
                pairs = Some(mine);
            }
            if owned && reused.is_none() {
                let (b, written) =
                    write_bundle(&dir, n == 0, records, &language, max_fragments, sink)?;
                if let Some(k) = key {
                    sink.made(&unit, k, written);
                }
                built = Built { cut, ..b };
            }
        }
        if let Some(files) = reused {
            built.files = files.len();
            built.bytes = files.iter().map(|(_, size)| size).sum();
        }
        if let (Some(routes), Some(pairs)) = (self.routes, pairs) {
            routes.add(n, &pairs);
        }
        Ok(built)
    }
}

/// The records of a bundle's entries, and how many bodies were cut to `limit`.
fn records(
    site: &Site,
    entries: &[&Entry],
    limit: Option<usize>,
) -> Result<(Vec<Record>, usize), Diagnostics> {
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
    Ok((records, cut))
}

/// Indexes one bundle's records and writes its files into `dir`; only the primary
/// bundle carries Pagefind's scripts and WebAssembly. Returns the files' paths too.
fn write_bundle(
    dir: &str,
    primary: bool,
    records: Vec<Record>,
    language: &str,
    max_fragments: usize,
    sink: &dyn Sink,
) -> Result<(Built, Vec<PathBuf>), Diagnostics> {
    let started = Instant::now();
    let entries = records.len();
    let files = pagefind_files(language, records, max_fragments).map_err(|e| {
        Diagnostics::from_iter([Diagnostic::error(
            "（搜索索引）",
            format!("生成搜索索引失败：{e}"),
        )
        .hint("这是 gongkai 的问题，请附上本条信息向 gongkai 报告")])
    })?;
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter(|(name, _)| wanted(name, primary))
        .map(|(name, bytes)| (Path::new(dir).join(name), bytes))
        .collect();
    write_all(sink, &files)?;
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        eprintln!(
            "search bundle {dir}: {entries} entries, {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    let built = Built {
        cut: 0,
        files: files.len(),
        bytes: files.iter().map(|(_, d)| d.len() as u64).sum(),
    };
    Ok((built, files.into_iter().map(|(p, _)| p).collect()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dated(days: &[u32]) -> Vec<(NaiveDate, usize)> {
        let mut d: Vec<(NaiveDate, usize)> = days
            .iter()
            .map(|&n| {
                let date =
                    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(n.into());
                (date, 1000 + (n as usize * 37) % 3000)
            })
            .collect();
        d.sort_by_key(|x| std::cmp::Reverse(x.0));
        d
    }

    const BOUNDS: Bounds = Bounds {
        chars: 40_000,
        entries: usize::MAX,
    };

    /// Bundle name → the dates of its entries.
    fn by_name(sized: &[(NaiveDate, usize)], plan: &[Bundle]) -> BTreeMap<String, Vec<NaiveDate>> {
        plan.iter()
            .map(|b| {
                (
                    b.name.clone(),
                    b.members.iter().map(|&i| sized[i].0).collect(),
                )
            })
            .collect()
    }

    proptest! {
        #[test]
        fn every_entry_once_within_bounds_newest_first(days in prop::collection::vec(0u32..2900, 1..300)) {
            let sized = dated(&days);
            let plan = plan(&sized, BOUNDS);
            let mut seen: Vec<usize> = plan.iter().flat_map(|b| b.members.clone()).collect();
            // Bundles come newest first and each lists its entries newest first.
            prop_assert!(seen.windows(2).all(|w| w[0] < w[1]));
            seen.dedup();
            prop_assert_eq!(seen.len(), sized.len());
            for b in &plan {
                let chars: usize = b.members.iter().map(|&i| sized[i].1).sum();
                prop_assert!(chars <= BOUNDS.chars || b.members.len() == 1, "{} holds {chars}", b.name);
            }
        }

        #[test]
        fn a_new_entry_of_the_newest_year_changes_its_own_bundle_only(
            days in prop::collection::vec(0u32..2900, 1..300),
            offset in 0u32..60,
        ) {
            let sized = dated(&days);
            let newest = *days.iter().max().unwrap();
            // A new entry up to two months after the newest, in the same year.
            let mut more = days.clone();
            more.push(newest + offset);
            let grown = dated(&more);
            let added = grown[0].0;
            prop_assume!(added.year() == sized[0].0.year());
            let before = by_name(&sized, &plan(&sized, BOUNDS));
            let after = by_name(&grown, &plan(&grown, BOUNDS));
            // Unless the year outgrew its bundle (then the names change), every bundle but
            // the one that took the new entry is as it was.
            if before.keys().eq(after.keys()) {
                let changed: Vec<&String> = after
                    .iter()
                    .filter(|(k, v)| before.get(*k) != Some(v))
                    .map(|(k, _)| k)
                    .collect();
                prop_assert_eq!(changed.len(), 1, "{:?}", changed);
                prop_assert!(after[changed[0]].contains(&added));
            }
        }
    }
}
