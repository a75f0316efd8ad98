//! Entries parsed by an earlier build, so that a rebuild reads each entry file but
//! parses again only those that changed: at 100,000 entries parsing the YAML front
//! matter was most of the load. The build cache keeps their bytes
//! (`output::parses::Parses`); the loader asks it by file and key.
//!
//! The key is a fingerprint of the file's whole text and of everything else the parse
//! depends on (the loader's per-agency context: the agency, its guide's code and
//! catalogue, `today`, the site's settings). An entry listing attachments is never kept: its parse looks at other
//! files (whether they exist, their size), which the key does not cover.

use std::path::Path;

use super::Entry;
use crate::diagnostics::Diagnostic;
use crate::output::cache::Fingerprint;
use crate::output::parses::Parses;

/// An entry file's parse: the entry, if it parsed, and what was found wrong with it.
pub type Parse = (Option<Entry>, Vec<Diagnostic>);

/// The parse of the entry file at `path` that an earlier build kept under `key`.
/// Kept as the entry in postcard and the diagnostics (rare) as JSON, whose optional
/// fields postcard cannot skip.
pub fn take(kept: &Parses, path: &Path, key: u64) -> Option<Parse> {
    let bytes = kept.get(path, key)?;
    let (entry, found) = postcard::from_bytes::<(Option<Entry>, String)>(&bytes).ok()?;
    Some((entry, serde_json::from_str(&found).ok()?))
}

/// Keeps the parse of the entry file at `path` under `key`, if it may be kept.
pub fn keep(kept: &Parses, path: &Path, key: u64, parse: &Parse) {
    if !keepable(parse) {
        return;
    }
    let bytes = serde_json::to_string(&parse.1)
        .ok()
        .and_then(|found| postcard::to_stdvec(&(&parse.0, found)).ok());
    if let Some(bytes) = bytes {
        kept.put(path, key, bytes);
    }
}

/// The key of an entry file's text under the context fingerprint `context`.
pub fn key(context: u64, text: &str) -> u64 {
    Fingerprint::new("entry text")
        .add(&context)
        .add(text)
        .finish()
}

/// Whether a parse may be kept: the entry parsed, and lists no attachment (none kept,
/// none refused — each refusal names the field).
fn keepable(parse: &Parse) -> bool {
    let (entry, found) = parse;
    entry
        .as_ref()
        .is_some_and(|e| e.attachment_files().is_empty())
        && found
            .iter()
            .all(|d| d.field.as_deref() != Some("attachments"))
}

/// `extra` (a free-form JSON value) as JSON text: the cache's binary format, which
/// cannot describe itself, could not read the value back.
pub mod json_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        serde_json::to_string(v)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
