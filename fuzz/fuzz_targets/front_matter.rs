//! Any text as an entry file's front matter: split, parse, lint. Nothing may panic, and
//! every message must point inside the file.
#![no_main]

use std::path::Path;

use gongkai::source::fields::ListOrText;
use gongkai::source::yaml::{self, Located, Source};
use libfuzzer_sys::fuzz_target;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Raw {
    index: Option<Located<String>>,
    title: Option<Located<String>>,
    keywords: Option<ListOrText>,
    attachments: Option<Vec<Located<std::collections::BTreeMap<String, String>>>>,
    extra: Option<yaml::Value>,
}

fuzz_target!(|text: &str| {
    // As `source::read_text` hands files to the parser.
    let text = &*gongkai::source::line_ends(text);
    let Ok(doc) = yaml::split_front_matter(text) else {
        return;
    };
    let src = Source::new(Path::new("a.md"), text, doc.yaml_line);
    let mut out = Vec::new();
    let _ = yaml::parse::<Raw>(&src, doc.yaml, &mut out);
    out.extend(yaml::lint(&src, doc.yaml));
    let lines = text.lines().count().max(1);
    for d in out {
        assert!(d.line.is_none_or(|l| l <= lines + 1), "{d:?}");
    }
});
