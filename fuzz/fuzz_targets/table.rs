//! Any bytes as a CSV table for `import` (encoding detection, delimiter, quotes).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = gongkai::authoring::catalogue_io::table::read_csv(bytes);
});
