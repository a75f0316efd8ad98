//! Site search, written into the output so it needs no server. The only module that
//! knows Pagefind.
//!
//! Two parts:
//! - a Pagefind full-text index of every published entry: title, summary, body, 文号,
//!   keywords, index number, category and agency, with filters (agency, category, year,
//!   有效性). Pagefind's `extended` feature segments Chinese with ICU4X and also indexes
//!   every pair of adjacent characters, so a query the browser segments differently
//!   still matches.
//! - an exact lookup table from index number and 文号 to the entry's page, split into
//!   shards by a hash of the normalised key: a visitor downloads one small file whatever
//!   the size of the site, and the lookup works even where Pagefind cannot run.
//!
//! Only `Site::public_entries()` (through `Listings`) reaches either part; the body of a
//! 依申请公开 entry never does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout;
use crate::output::Sink;
use crate::render::markdown;
use crate::site::listing::Listings;
use crate::site::{Disclosure, Entry, Site};

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

/// What the search stage wrote, for the build summary.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Entries in the index.
    pub records: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Stats {
    pub fn line(&self) -> String {
        format!(
            "搜索索引：{} 个条目，{} 个文件，共 {}，用时 {:.2} 秒",
            self.records,
            self.files,
            crate::render::values::file_size(self.bytes),
            self.elapsed.as_secs_f64()
        )
    }
}

/// One entry as the full-text index sees it.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
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

/// Builds the search index and lookup table of the published entries and writes them
/// through `sink` (a folder for `build`, memory for `serve`). Runs Pagefind on its own
/// thread and runtime, so it may be called from anywhere, async code included.
pub fn write_index(
    site: &Site,
    listings: &Listings,
    sink: &dyn Sink,
) -> Result<Stats, Diagnostics> {
    let start = Instant::now();
    // `Listings` holds only what `Site::public_entries()` yields; checked again here
    // because a leak into the index would be invisible until someone searches.
    let entries: Vec<&Entry> = listings
        .all
        .iter()
        .map(|&i| &site.entries[i])
        .filter(|e| e.is_public())
        .collect();
    let records: Vec<Record> = entries
        .par_iter()
        .map(|e| record(site, e))
        .collect::<Result<_, Diagnostic>>()
        .map_err(|d| Diagnostics::from_iter([d]))?;
    let language = site.config.language.to_lowercase();
    let files = std::thread::scope(|s| {
        s.spawn(|| pagefind_files(&language, records))
            .join()
            .unwrap_or_else(|_| Err("搜索引擎意外中止".into()))
    })
    .map_err(|e| {
        Diagnostics::from_iter([Diagnostic::error(
            "（搜索索引）",
            format!("生成搜索索引失败：{e}"),
        )
        .hint("这是 gongkai 的问题，请附上本条信息向 gongkai 报告")])
    })?;

    let mut written: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter(|(name, _)| wanted(name))
        .map(|(name, bytes)| (Path::new(&layout::search_bundle()).join(name), bytes))
        .collect();
    for (shard, rows) in lookup_shards(&entries, site) {
        let json = serde_json::to_vec(&rows).expect("lookup rows serialise");
        written.push((PathBuf::from(layout::search_lookup_shard(&shard)), json));
    }
    let problems: Diagnostics = written
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
    if !problems.is_empty() {
        return Err(problems);
    }
    let bytes = written.iter().map(|(_, data)| data.len() as u64).sum();
    Ok(Stats {
        records: entries.len(),
        files: written.len(),
        bytes,
        elapsed: start.elapsed(),
    })
}

/// The text, metadata, filters and sort keys of one published entry.
fn record(site: &Site, e: &Entry) -> Result<Record, Diagnostic> {
    let agency = &site.agencies[e.agency];
    let catalogue = &agency.catalogue;
    let category = &catalogue.categories[e.category];
    let mut content = vec![e.title.clone(), e.summary.clone()];
    content.extend(e.doc_number.clone());
    content.push(e.index.clone());
    content.extend(e.keywords.iter().cloned());
    content.push(category.name.clone());
    content.push(agency.name().to_string());
    if e.publisher != agency.name() {
        content.push(e.publisher.clone());
    }
    // The body of a 依申请公开 entry is dropped when it is read; never index it anyway.
    if e.disclosure != Disclosure::OnRequest {
        content.push(markdown::to_text(&e.body(&site.root)?));
    }
    let mut meta = BTreeMap::from([
        ("title".to_string(), e.title.clone()),
        ("index".to_string(), e.index.clone()),
        ("published".to_string(), e.published.to_string()),
        ("agency".to_string(), agency.name().to_string()),
        ("category".to_string(), category.name.clone()),
        ("validity".to_string(), e.validity.label().to_string()),
    ]);
    if let Some(d) = &e.doc_number {
        meta.insert("doc_number".into(), d.clone());
    }
    // A category filter also finds the entries of its sub-categories.
    let categories: Vec<String> = catalogue
        .path_to(e.category)
        .into_iter()
        .map(|c| catalogue.categories[c].name.clone())
        .collect();
    let filters = BTreeMap::from([
        ("agency".to_string(), vec![agency.name().to_string()]),
        ("category".to_string(), categories),
        ("year".to_string(), vec![e.year().to_string()]),
        ("validity".to_string(), vec![e.validity.label().to_string()]),
    ]);
    let sort = BTreeMap::from([
        ("published".to_string(), e.published.to_string()),
        ("created".to_string(), e.created.to_string()),
    ]);
    Ok(Record {
        url: layout::entry(&e.slug),
        content: content.join("\n"),
        meta,
        filters,
        sort,
    })
}

/// Runs Pagefind over the records and returns its files (path inside the bundle, bytes).
fn pagefind_files(language: &str, records: Vec<Record>) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for r in records {
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    language.to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    Some(r.sort),
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
fn wanted(name: &Path) -> bool {
    let name = name.to_string_lossy();
    ![
        "pagefind-ui",
        "pagefind-modular-ui",
        "pagefind-component-ui",
        "pagefind-highlight",
    ]
    .iter()
    .any(|ui| name.starts_with(ui))
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
