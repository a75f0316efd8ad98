//! Any bytes as a source file: read as text (encodings, binary files) or explained.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir().join(format!("gongkai-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("a.md");
    if std::fs::write(&path, bytes).is_ok() {
        let _ = gongkai::source::read_text(&dir, &path);
    }
});
