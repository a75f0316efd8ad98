//! Handing out index numbers (索引号): the next free sequence number of an agency and
//! year, read from every entry file in the site, wherever in `content/` it lies.
//!
//! An issued number never changes and is never issued twice. `new` and `import` hold
//! `SiteLock` from reading the existing numbers until their files are written, so two
//! runs at the same time cannot hand out the same number.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Deserialize;

use crate::site::index_number::{Facts, IndexFormat};
use crate::site::{Catalogue, catalogue::Lookup};
use crate::source::fields;
use crate::source::yaml::{self, Source};

/// The lock file beside `site.yaml` (hidden; `init` lists it in `.gitignore`).
pub const LOCK_FILE: &str = ".gongkai.lock";

/// An exclusive lock on a site for writing new entries; released when dropped.
pub struct SiteLock {
    _file: File,
}

impl SiteLock {
    /// Waits until no other `gongkai` process writes entries into the site at `root`.
    pub fn acquire(root: &Path) -> io::Result<SiteLock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(LOCK_FILE))?;
        file.lock()?;
        Ok(SiteLock { _file: file })
    }
}

/// What the numbering needs to know of an agency.
pub struct NumberingAgency<'a> {
    pub code: &'a str,
    pub catalogue: &'a Catalogue,
}

/// The few fields read from every existing entry file. Values are taken loosely (any
/// scalar), so a file with mistakes elsewhere still keeps its number reserved.
#[derive(Deserialize)]
struct Light {
    index: Option<yaml::Value>,
    title: Option<yaml::Value>,
    category: Option<yaml::Value>,
    created: Option<yaml::Value>,
    doc_number: Option<yaml::Value>,
}

fn scalar(v: Option<yaml::Value>) -> Option<String> {
    let s = match v? {
        yaml::Value::String(s) => s,
        yaml::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// An entry file already in the site.
#[derive(Debug, Clone)]
pub struct Existing {
    /// Position of the owning agency in the content scan.
    pub agency: usize,
    pub path: PathBuf,
    pub index: Option<String>,
    pub title: Option<String>,
    pub created: Option<NaiveDate>,
    pub doc_number: Option<String>,
}

/// The numbers in use and the highest sequence per agency and year.
pub struct Numbers {
    taken: HashMap<String, PathBuf>,
    highest: HashMap<(usize, i32), u64>,
    pub existing: Vec<Existing>,
}

impl Numbers {
    /// Reads the index number of every entry file. `entries` are (agency, file) pairs
    /// from the content scan; `agencies` is indexed like the scan (None: unreadable).
    pub fn scan(
        root: &Path,
        entries: &[(usize, PathBuf)],
        agencies: &[Option<NumberingAgency>],
    ) -> Numbers {
        let read: Vec<(Existing, Option<u64>, Option<i32>)> = entries
            .par_iter()
            .filter_map(|(agency, path)| {
                let text = crate::source::read_text(root, path).ok()?;
                let doc = yaml::split_front_matter(&text).ok()?;
                let mut ignored = Vec::new();
                let src = Source::new(path, &text, doc.yaml_line);
                let light: Light = yaml::parse(&src, doc.yaml, &mut ignored)?;
                let created = scalar(light.created).and_then(|c| fields::loose_date(&c));
                let index = scalar(light.index);
                let category = scalar(light.category);
                let seq = match (&index, created, agencies.get(*agency)) {
                    (Some(ix), Some(c), Some(Some(a))) => {
                        sequence_of(ix, a, category.as_deref(), c)
                    }
                    _ => None,
                };
                Some((
                    Existing {
                        agency: *agency,
                        path: path.clone(),
                        index,
                        title: scalar(light.title),
                        created,
                        doc_number: scalar(light.doc_number),
                    },
                    seq,
                    created.map(|c| c.year()),
                ))
            })
            .collect();
        let mut numbers = Numbers {
            taken: HashMap::with_capacity(read.len()),
            highest: HashMap::new(),
            existing: Vec::with_capacity(read.len()),
        };
        for (e, seq, year) in read {
            if let Some(ix) = &e.index {
                numbers.taken.insert(ix.clone(), e.path.clone());
            }
            if let (Some(seq), Some(year)) = (seq, year) {
                numbers.raise(e.agency, year, seq);
            }
            numbers.existing.push(e);
        }
        numbers
    }

    /// The file already using `index`, if any.
    pub fn holder(&self, index: &str) -> Option<&Path> {
        self.taken.get(index).map(PathBuf::as_path)
    }

    /// Records a number given explicitly (e.g. kept from an imported row).
    pub fn claim(&mut self, index: &str, agency: usize, year: i32, seq: Option<u64>, path: &Path) {
        self.taken.insert(index.to_string(), path.to_path_buf());
        if let Some(seq) = seq {
            self.raise(agency, year, seq);
        }
    }

    /// The next free number for `agency` in the year of `facts`, recorded as taken.
    /// Numbers follow the highest one issued that year, so they stay in date order.
    pub fn next(&mut self, agency: usize, format: &IndexFormat, facts: Facts) -> String {
        let mut seq = self
            .highest
            .get(&(agency, facts.year))
            .copied()
            .unwrap_or(0)
            + 1;
        let mut index = format.format(facts, seq);
        while self.taken.contains_key(&index) {
            seq += 1;
            index = format.format(facts, seq);
        }
        self.claim(&index, agency, facts.year, Some(seq), Path::new(""));
        index
    }

    fn raise(&mut self, agency: usize, year: i32, seq: u64) {
        let h = self.highest.entry((agency, year)).or_insert(0);
        *h = (*h).max(seq);
    }
}

/// The sequence inside an existing entry's number, read with the entry's own facts.
fn sequence_of(
    index: &str,
    agency: &NumberingAgency,
    category: Option<&str>,
    created: NaiveDate,
) -> Option<u64> {
    let code = match category.map(|c| agency.catalogue.lookup(c.trim())) {
        Some(Lookup::Found(i)) => agency.catalogue.categories[i].code.as_str(),
        _ if agency.catalogue.index_format.uses_category() => return None,
        _ => "",
    };
    agency.catalogue.index_format.sequence(
        index,
        Facts {
            code: agency.code,
            category: code,
            year: created.year(),
            month: created.month(),
        },
    )
}
