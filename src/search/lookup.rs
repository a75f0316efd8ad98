//! The exact lookup table: normalised index number / 文号 → entry, in shards by hash.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::output::layout;
use crate::site::{Entry, Site};

/// The lookup table's files (path in the output, JSON).
pub(super) fn files(entries: &[&Entry], site: &Site) -> Vec<(PathBuf, Vec<u8>)> {
    use rayon::prelude::*;
    // Serialised in parallel: at 100,000 entries this was a serial half second per build.
    lookup_shards(entries, site)
        .into_par_iter()
        .map(|(shard, rows)| {
            let json = serde_json::to_vec(&rows).expect("lookup rows serialise");
            (PathBuf::from(layout::search_lookup_shard(&shard)), json)
        })
        .collect()
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
    format!("{:02x}", fnv1a(key.as_bytes()) & 0xff)
}

/// The 32-bit FNV-1a hash of `key` (UTF-8 text; search.js's `fnv1a`).
pub(super) fn fnv1a(key: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in key {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
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
