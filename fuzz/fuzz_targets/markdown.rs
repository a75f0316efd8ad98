//! Any text as a Markdown body, sanitised: nothing may panic, and the HTML the sanitiser
//! sees never nests deeper than the cap (what keeps its cost linear).
#![no_main]

use gongkai::source::{markdown, raw_html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = markdown::to_html(text, true);
    assert!(!html.contains("<script"), "{html}");
    let capped = raw_html::cap(text);
    assert!(raw_html::depth(capped.as_deref().unwrap_or(text)) <= raw_html::MAX_DEPTH);
    let _ = markdown::to_text(text);
});
