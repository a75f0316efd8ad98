//! Which bundles can hold a query, so that the search page loads only those: for every
//! pair of consecutive letters or digits in the indexed text, the bundles that hold it.
//!
//! A result holds every query term as written (search.js checks it), so every pair of
//! consecutive letters or digits of a term is a pair of the result's text too, and a
//! bundle that lacks one of the query's pairs cannot hold a result. Pairs are taken over
//! the letters and digits of the text only, passing over everything else (spaces,
//! punctuation, Pagefind's word breaks): whatever Pagefind does to the rest of a text,
//! the pairs of what it gives the browser are among these. So a route may load a bundle
//! in vain, and never leaves out one that holds a result. An absent word has no route at
//! all: the page answers "no result" without loading any bundle.
//!
//! The table is split into shards by a hash of the pair (`search/route/<hex>.txt`), as
//! many as keep a shard near `SHARD_BYTES`. A line per pair: the pair, then its bundles
//! by their place in the bundle list (0: the primary one), `低保0,3`, or where that is
//! shorter `x` and a hexadecimal bit set (digit k: bundles 4k to 4k + 3, lowest bit
//! first), `通知xff1`. (A text, not JSON: half the bytes, for a table about as large as
//! the index.) Both sides fold a text the same way (`fold`, search.js's `routePairs`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::output::layout;

/// Files as the search stage writes them: path in the output, bytes.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// A shard's size to aim at: one small download per query pair, whatever the site's size.
const SHARD_BYTES: usize = 8 * 1024;
/// Shards at most.
const MAX_SHARDS: usize = 1 << 16;

/// The bundles each pair of the indexed text occurs in, filled one bundle at a time
/// (from several threads).
#[derive(Default)]
pub(super) struct Routes {
    table: Mutex<Table>,
}

/// Pair → its bundles, compact (at 100,000 entries there are about four million pairs,
/// most of them in one bundle): a pair's value is that one bundle with `SINGLE` set, or
/// its place in `sets`.
#[derive(Default)]
struct Table {
    pairs: HashMap<u32, u32>,
    sets: Vec<Vec<u16>>,
}

const SINGLE: u32 = 1 << 31;

impl Routes {
    /// Records that bundle `n` holds the `pairs` of its texts (`pairs_of`). Bundles
    /// past what `u16` counts are not routed (`files` then writes nothing, and the page
    /// loads every bundle).
    pub fn add(&self, n: usize, mine: &[u32]) {
        let Ok(n) = u16::try_from(n) else {
            return;
        };
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        let Table { pairs, sets } = &mut *table;
        for &p in mine {
            let value = pairs.entry(p).or_insert(SINGLE | u32::from(n));
            if *value == SINGLE | u32::from(n) {
                continue;
            }
            if *value & SINGLE != 0 {
                sets.push(vec![(*value & 0xffff) as u16, n]);
                *value = u32::try_from(sets.len() - 1).expect("fewer sets than pairs");
            } else {
                sets[*value as usize].push(n);
            }
        }
    }

    /// The route's files and the number of shards, for the bundle list; `None` when there
    /// are too many bundles to route.
    pub fn files(self, bundles: usize) -> Option<(usize, Files)> {
        if bundles > usize::from(u16::MAX) + 1 {
            return None;
        }
        let Table { pairs, mut sets } = self.table.into_inner().unwrap_or_else(|e| e.into_inner());
        sets.par_iter_mut().for_each(|held| held.sort_unstable());
        // Each shard's lines in the order of their pairs.
        let mut rows: Vec<(u32, u32)> = pairs.into_iter().collect();
        rows.par_sort_unstable_by_key(|(p, _)| *p);
        let mut one = [0u16; 1];
        let mut key = [0u8; 6];
        let mut bytes = 0;
        for &(p, value) in &rows {
            bytes += pair_utf8(p, &mut key).len() + set_len(held(value, &sets, &mut one)) + 1;
        }
        let shards = bytes
            .div_ceil(SHARD_BYTES)
            .next_power_of_two()
            .min(MAX_SHARDS);
        // Every shard is written, an empty one too: a missing file would read as an error.
        let mut files: Files = (0..shards)
            .map(|s| {
                let name = layout::search_route_shard(&shard_name(s, shards));
                (PathBuf::from(name), Vec::new())
            })
            .collect();
        for (p, value) in rows {
            let key = pair_utf8(p, &mut key);
            let text = &mut files[shard_of(key, shards)].1;
            text.extend_from_slice(key);
            write_set(held(value, &sets, &mut one), text);
            text.push(b'\n');
        }
        Some((shards, files))
    }
}

/// The distinct pairs of `texts`, in order: what `Routes::add` records of a bundle, and
/// what the build cache keeps of it (`to_bytes`) so that an unchanged bundle's texts
/// need not be made again.
pub(super) fn pairs_of<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let mut mine: Vec<u32> = texts.flat_map(pairs).collect();
    mine.sort_unstable();
    mine.dedup();
    mine
}

/// Pairs as the cache keeps them (little-endian), and back (`None`: not such bytes).
pub(super) fn to_bytes(pairs: &[u32]) -> Vec<u8> {
    pairs.iter().flat_map(|p| p.to_le_bytes()).collect()
}

pub(super) fn from_bytes(bytes: &[u8]) -> Option<Vec<u32>> {
    bytes.len().is_multiple_of(4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

/// A character as both sides compare it: full-width ASCII made ASCII, ASCII letters lower
/// case (search.js's `fold`).
fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The pairs of consecutive letters or digits of `text`, each as two UTF-16 code units.
/// "Letter or digit" is Unicode's Alphabetic or Number, as `[\p{Alphabetic}\p{N}]` in
/// search.js. A pair with a character beyond the Basic Multilingual Plane (rare CJK
/// extensions, emoji) is not routed, on both sides: no query is narrowed by it.
fn pairs(text: &str) -> impl Iterator<Item = u32> + '_ {
    let mut previous: Option<char> = None;
    text.chars().map(fold).filter_map(move |c| {
        // The common case first: CJK Unified Ideographs, all of them Alphabetic (Unicode's
        // own lookup is a binary search, the hottest code of an unchanged rebuild).
        if !(matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphabetic() || c.is_numeric()) {
            return None;
        }
        let pair = previous.and_then(|p| {
            let (p, c) = (
                u16::try_from(u32::from(p)).ok()?,
                u16::try_from(u32::from(c)).ok()?,
            );
            Some((u32::from(p) << 16) | u32::from(c))
        });
        previous = Some(c);
        pair
    })
}

/// The bundles of a pair's value in `Table` (`one`: room for a single one).
fn held<'a>(value: u32, sets: &'a [Vec<u16>], one: &'a mut [u16; 1]) -> &'a [u16] {
    if value & SINGLE != 0 {
        one[0] = (value & 0xffff) as u16;
        one
    } else {
        &sets[value as usize]
    }
}

/// A pair's UTF-8, in `buf`.
fn pair_utf8(p: u32, buf: &mut [u8; 6]) -> &[u8] {
    let mut len = 0;
    for c in [p >> 16, p & 0xffff].into_iter().filter_map(char::from_u32) {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    &buf[..len]
}

/// A sorted set of bundles as the route writes it: their numbers, `0,3`, or where that is
/// longer `x` and a hexadecimal bit set, `xf1`.
fn write_set(held: &[u16], out: &mut Vec<u8>) {
    let last = usize::from(*held.last().expect("a pair is in some bundle"));
    if hex_len(last) < list_len(held) {
        let mut digits = vec![0u8; last / 4 + 1];
        for &n in held {
            digits[usize::from(n) / 4] |= 1 << (n % 4);
        }
        out.push(b'x');
        out.extend(digits.iter().map(|&d| b"0123456789abcdef"[usize::from(d)]));
    } else {
        for (i, n) in held.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(n.to_string().as_bytes());
        }
    }
}

/// The length of `write_set`'s text.
fn set_len(held: &[u16]) -> usize {
    let last = usize::from(*held.last().expect("a pair is in some bundle"));
    hex_len(last).min(list_len(held))
}

fn hex_len(last: usize) -> usize {
    1 + last / 4 + 1
}

fn list_len(held: &[u16]) -> usize {
    held.iter().map(|n| n.to_string().len() + 1).sum::<usize>() - 1
}

/// The shard of a pair: its FNV-1a hash over UTF-8, modulo the number of shards (a power
/// of two). search.js computes the same.
fn shard_of(key: &[u8], shards: usize) -> usize {
    super::lookup::fnv1a(key) as usize & (shards - 1)
}

/// A shard's file name: its number in hexadecimal, as wide as the largest.
fn shard_name(shard: usize, shards: usize) -> String {
    let width = format!("{:x}", shards - 1).len();
    format!("{shard:0width$x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn route_of(files: &[(PathBuf, Vec<u8>)], shards: usize, term: &str) -> Option<Vec<u16>> {
        let mut held: Option<Vec<u16>> = None;
        for p in pairs(term) {
            let key = String::from_utf8(pair_utf8(p, &mut [0; 6]).to_vec()).unwrap();
            let name =
                layout::search_route_shard(&shard_name(shard_of(key.as_bytes(), shards), shards));
            let (_, text) = files
                .iter()
                .find(|(f, _)| f.to_str() == Some(&name))
                .expect("every shard is written");
            let line = std::str::from_utf8(text)
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix(key.as_str()).map(str::to_string));
            let these: Vec<u16> = match line.as_deref() {
                None => Vec::new(),
                Some(set) => match set.strip_prefix('x') {
                    Some(hex) => hex
                        .chars()
                        .enumerate()
                        .flat_map(|(k, d)| {
                            let d = d.to_digit(16).unwrap();
                            (0..4)
                                .filter(move |b| d >> b & 1 == 1)
                                .map(move |b| (4 * k + b) as u16)
                        })
                        .collect(),
                    None => set.split(',').map(|n| n.parse().unwrap()).collect(),
                },
            };
            held = Some(match held {
                None => these,
                Some(h) => h.into_iter().filter(|n| these.contains(n)).collect(),
            });
        }
        held
    }

    #[test]
    fn pairs_kept_by_the_cache_come_back_as_they_were() {
        let pairs = pairs_of(["最低生活保障 ABC 2024", "征收土地"].into_iter());
        assert!(pairs.len() > 8);
        assert_eq!(from_bytes(&to_bytes(&pairs)), Some(pairs));
        assert_eq!(from_bytes(&[1, 2, 3]), None, "cut off: not used");
    }

    #[test]
    fn pairs_pass_over_everything_but_letters_and_digits() {
        let got: Vec<String> = pairs("低\u{200b}保，Ａb 3")
            .map(|p| String::from_utf8(pair_utf8(p, &mut [0; 6]).to_vec()).unwrap())
            .collect();
        assert_eq!(got, ["低保", "保a", "ab", "b3"]);
        // Beyond the Basic Multilingual Plane: not routed.
        assert_eq!(pairs("低𠀀保").count(), 0);
    }

    #[test]
    fn a_word_routes_to_the_bundles_holding_it_and_an_absent_one_nowhere() {
        let routes = Routes::default();
        routes.add(0, &pairs_of(["关于最低生活保障的通知"].into_iter()));
        routes.add(1, &pairs_of(["征收土地的通知"].into_iter()));
        routes.add(2, &pairs_of(["最低生活保障标准调整"].into_iter()));
        let (shards, files) = routes.files(3).unwrap();
        assert_eq!(route_of(&files, shards, "生活保障"), Some(vec![0, 2]));
        assert_eq!(route_of(&files, shards, "通知"), Some(vec![0, 1]));
        assert_eq!(route_of(&files, shards, "征兵"), Some(vec![]));
        assert_eq!(route_of(&files, shards, "低征"), Some(vec![]));
    }

    #[test]
    fn dense_sets_are_hex_bit_sets() {
        let set = |held: &[u16]| {
            let mut out = Vec::new();
            write_set(held, &mut out);
            assert_eq!(out.len(), set_len(held));
            String::from_utf8(out).unwrap()
        };
        assert_eq!(set(&[0, 1, 2, 3, 4]), "xf1");
        assert_eq!(set(&[7]), "7");
        assert_eq!(set(&[1, 20]), "1,20");
        assert_eq!(set(&(0..40).collect::<Vec<_>>()), "xffffffffff");
        assert_eq!(shard_name(5, 256), "05");
        assert_eq!(shard_name(0, 1), "0");
    }

    proptest! {
        // Whatever the texts, a term cut out of one of them routes to its bundle.
        #[test]
        fn a_term_from_a_text_routes_to_its_bundle(
            texts in prop::collection::vec("[低保征收土地通知ab1２，、 \u{200b}𠀀]{0,40}", 1..12),
            pick in any::<prop::sample::Index>(),
            from in 0usize..40,
            len in 2usize..8,
        ) {
            let routes = Routes::default();
            for (n, t) in texts.iter().enumerate() {
                routes.add(n, &pairs_of(std::iter::once(t.as_str())));
            }
            let (shards, files) = routes.files(texts.len()).unwrap();
            let n = pick.index(texts.len());
            let chars: Vec<char> = texts[n].chars().collect();
            let from = from.min(chars.len());
            let term: String = chars[from..(from + len).min(chars.len())].iter().collect();
            if let Some(held) = route_of(&files, shards, &term) {
                prop_assert!(held.contains(&(n as u16)), "{term:?} not routed to {n}");
            }
        }
    }
}
