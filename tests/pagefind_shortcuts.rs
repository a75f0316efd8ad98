//! The patched Pagefind (vendor/pagefind) indexes Chinese text through shortcuts that
//! skip Unicode table lookups. They give the same words only while the character
//! classes they use have the properties below; these tests check every character of each
//! class against the crates Pagefind's general path uses.

use pagefind::shortcuts::{is_lone_cluster, is_plain_ideograph};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

fn chars_where(class: fn(char) -> bool) -> Vec<char> {
    (0..=0x10FFFF_u32)
        .filter_map(char::from_u32)
        .filter(|&c| class(c))
        .collect()
}

#[test]
fn a_plain_ideograph_is_alphanumeric_lowercase_and_never_decomposes() {
    let all = chars_where(is_plain_ideograph);
    assert!(all.len() > 27_000, "{}", all.len());
    for c in all {
        assert!(c.is_alphanumeric(), "{c:?}");
        assert!(!c.is_uppercase(), "{c:?}");
        assert!(c.to_lowercase().eq([c]), "{c:?}");
        assert!(!unicode_normalization::char::is_combining_mark(c), "{c:?}");
        let s = c.to_string();
        assert_eq!(s.nfd().collect::<String>(), s, "{c:?}");
    }
}

#[test]
fn a_lone_cluster_is_its_own_grapheme_cluster_whatever_its_neighbours() {
    let all = chars_where(is_lone_cluster);
    assert!(all.iter().all(|c| !c.is_whitespace()));
    // Each next to each other one of a spread of the class, and to itself.
    let step = all.len() / 47;
    let sample: Vec<char> = all.iter().copied().step_by(step).collect();
    for &c in &all {
        for &n in sample.iter().chain([&c]) {
            for s in [format!("{c}{n}"), format!("{n}{c}"), format!("{n}{c}{n}")] {
                let clusters: Vec<&str> = s.graphemes(true).collect();
                assert_eq!(clusters.len(), s.chars().count(), "{s:?}: {clusters:?}");
            }
        }
    }
}

#[test]
fn the_classes_leave_out_what_joins_clusters() {
    // A combining accent, a variation selector, a zero-width joiner, an ideographic tone
    // mark, a half-width voicing mark and emoji take the general path.
    for c in [
        '\u{301}', '\u{FE0F}', '\u{200D}', '\u{302A}', '\u{FF9E}', '〰', '〽', '👍',
    ] {
        assert!(!is_lone_cluster(c), "{c:?}");
        assert!(!is_plain_ideograph(c), "{c:?}");
    }
}
