//! Any text as an `index_format` and as an index number.
#![no_main]

use gongkai::site::index_number::{Facts, IndexFormat, slug};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (format, index) = input;
    assert!(
        slug(index)
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    );
    if let Ok(f) = IndexFormat::parse(format) {
        let facts = Facts {
            code: "11320100MB1234567X",
            category: "0201",
            year: 2024,
            month: 3,
        };
        let _ = f.sequence(index, facts);
        let n = f.format(facts, 12);
        let _ = f.sequence(&n, facts);
    }
});
