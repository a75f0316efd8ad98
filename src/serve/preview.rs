//! The preview's model of the site and the rebuilds that keep its output current: a full
//! build into memory, then, for changes to entry files, an incremental update that
//! re-renders only the pages whose inputs changed (see `render::inputs`).
//!
//! The plan for an entry change:
//! 1. read the changed entry files again and run the checks across entries; any error
//!    leaves model and output as they were (the last good site keeps being served);
//! 2. note every page's address and inputs, apply the change to the model, derive the
//!    listings again and the values of the changed entries and of the counts;
//! 3. render the pages that are new or whose inputs differ or show a changed entry, remove
//!    the pages that are gone, and copy or remove the changed entries' attachments.
//!
//! Anything else that feeds the site (settings, calendar, templates, `static/`, guides,
//! catalogues, reports, folders) rebuilds everything, and so does any doubt.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use super::changes::{self, Plan};
use crate::build::write_site;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::layout;
use crate::output::{MemFile, MemSink};
use crate::render::feeds::SITEMAP_LIMIT;
use crate::render::inputs::{Inputs, inputs};
use crate::render::values::Values;
use crate::render::{Job, Parts, Renderer};
use crate::site::listing::Listings;
use crate::site::{self, Entry, LoadOptions, Site};

pub struct Preview {
    root: PathBuf,
    load: LoadOptions,
    model: Option<Model>,
    /// Entry files whose last reading failed: read again with every change until they load.
    pending: BTreeSet<PathBuf>,
    /// The model may not match the output (a failed full build, or a render that failed
    /// after the model changed): the next change rebuilds everything.
    stale: bool,
}

struct Model {
    site: Site,
    parts: Parts,
}

/// What a successful rebuild does to the output.
#[derive(Debug)]
pub struct Update {
    /// `files` is the whole new output (a full build), or files to add or replace.
    pub full: bool,
    pub files: HashMap<PathBuf, MemFile>,
    /// Files to remove (before adding `files`).
    pub removed: Vec<PathBuf>,
    /// Pages rendered, and pages the site has.
    pub rendered: usize,
    pub pages: usize,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub enum Outcome {
    /// Nothing the site is built from changed.
    Unchanged,
    Updated(Update),
    /// The site has errors; the output stays as it was.
    Failed(Diagnostics),
}

impl Preview {
    /// `root` should be absolute (file events arrive with absolute paths).
    pub fn new(root: &Path, load: LoadOptions) -> Preview {
        Preview {
            root: root.to_path_buf(),
            load,
            model: None,
            pending: BTreeSet::new(),
            stale: true,
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.model.as_ref().map(|m| &m.site)
    }

    /// Loads and renders the whole site.
    pub fn full(&mut self) -> Outcome {
        let start = Instant::now();
        self.stale = true;
        let loaded = site::load(&self.root, &self.load);
        let mut diagnostics = loaded.diagnostics;
        let Some(site) = loaded.site else {
            return Outcome::Failed(diagnostics);
        };
        let renderer = match Renderer::new(&site) {
            Ok(r) => r,
            Err(d) => {
                diagnostics.extend(d);
                return Outcome::Failed(diagnostics);
            }
        };
        let sink = MemSink::new();
        if let Err(d) = write_site(&renderer, &sink, &AtomicUsize::new(0)) {
            diagnostics.extend(d);
            return Outcome::Failed(diagnostics);
        }
        let pages = renderer.plan().len();
        let parts = renderer.into_parts();
        self.model = Some(Model { site, parts });
        self.pending.clear();
        self.stale = false;
        Outcome::Updated(Update {
            full: true,
            files: sink.into_files(),
            removed: Vec::new(),
            rendered: pages,
            pages,
            diagnostics,
            elapsed: start.elapsed(),
        })
    }

    /// Brings the output up to date after `paths` changed.
    pub fn changed(&mut self, paths: &[PathBuf]) -> Outcome {
        let today = chrono::Local::now().date_naive();
        if today != self.load.today {
            // Entries due today are published by the first rebuild of the day.
            self.load.today = today;
            self.stale = true;
        }
        let plan = changes::classify(&self.root, self.site(), paths);
        if plan == Plan::Nothing {
            return Outcome::Unchanged;
        }
        if self.stale {
            return self.full();
        }
        match plan {
            Plan::Nothing => Outcome::Unchanged,
            Plan::Full(_) => self.full(),
            Plan::Entries(mut files) => {
                files.extend(self.pending.iter().cloned());
                self.entries(files)
            }
        }
    }

    /// The incremental path: `files` are entry files (absolute), changed, new or gone.
    fn entries(&mut self, files: BTreeSet<PathBuf>) -> Outcome {
        let Some(model) = self.model.take() else {
            return self.full();
        };
        let (model, step) = incremental(&self.root, model, &files);
        self.model = Some(model);
        match step {
            Step::Updated(update) => {
                self.pending.clear();
                Outcome::Updated(update)
            }
            Step::Rejected(d) => {
                self.pending = files;
                Outcome::Failed(d)
            }
            Step::Broke(d) => {
                self.stale = true;
                Outcome::Failed(d)
            }
            Step::Restart => self.full(),
        }
    }
}

enum Step {
    Updated(Update),
    /// The changed files have errors; nothing was applied.
    Rejected(Diagnostics),
    /// The model changed but rendering failed: model and output now differ.
    Broke(Diagnostics),
    /// Safer to rebuild everything.
    Restart,
}

fn incremental(root: &Path, model: Model, files: &BTreeSet<PathBuf>) -> (Model, Step) {
    let start = Instant::now();
    let Model {
        mut site,
        mut parts,
    } = model;
    let read = match read_entries(root, &site, files) {
        Ok(read) => read,
        Err(d) => return (Model { site, parts }, Step::Rejected(d)),
    };
    let customised = parts.customised_theme();
    let before = page_table(&site, &parts.listings, customised);
    let old_attachments = attachment_files(&site, read.changes.iter().filter_map(|c| c.old));

    let (map, changed) = apply(&mut site, &mut parts.values, read.changes);
    parts.listings = Listings::new(&site);
    for i in (0..changed.len()).filter(|&i| changed[i]) {
        parts.values.entries[i] = Values::entry(&site, i);
    }
    parts.values.refresh_counts(&site, &parts.listings);
    let after = page_table(&site, &parts.listings, customised);

    let sitemap_files = |t: &PageTable| {
        t.values()
            .filter(|(j, _)| j.is_page())
            .count()
            .div_ceil(SITEMAP_LIMIT)
    };
    if sitemap_files(&before) != sitemap_files(&after) {
        // The sitemap splits into a different number of files.
        return (Model { site, parts }, Step::Restart);
    }
    let jobs: Vec<Job> = after
        .iter()
        .filter(|(url, (_, now))| match before.get(*url) {
            None => true,
            Some((_, then)) => then.renumbered(&map) != *now || now.shows_any(&changed),
        })
        .map(|(_, (job, _))| *job)
        .collect();
    let mut removed: Vec<PathBuf> = before
        .keys()
        .filter(|url| !after.contains_key(*url))
        .map(|url| layout::file_for(url))
        .collect();
    removed.extend(old_attachments);

    let renderer = Renderer::from_parts(&site, parts);
    let sink = MemSink::new();
    let touched: Vec<usize> = (0..changed.len()).filter(|&i| changed[i]).collect();
    let result = renderer
        .render_all(&jobs, &sink, &AtomicUsize::new(0))
        .and_then(|_| renderer.copy_attachments(&touched, &sink));
    let parts = renderer.into_parts();
    let step = match result {
        Err(d) => {
            let mut all = read.diagnostics;
            all.extend(d);
            Step::Broke(all)
        }
        Ok(_) => Step::Updated(Update {
            full: false,
            files: sink.into_files(),
            removed,
            rendered: jobs.len(),
            pages: after.len(),
            diagnostics: read.diagnostics,
            elapsed: start.elapsed(),
        }),
    };
    (Model { site, parts }, step)
}

/// Every page's address, job and inputs.
type PageTable = HashMap<String, (Job, Inputs)>;

fn page_table(site: &Site, listings: &Listings, customised: bool) -> PageTable {
    crate::render::jobs::plan(site, listings)
        .into_iter()
        .map(|job| {
            (
                job.url(site),
                (job, inputs(&job, site, listings, customised)),
            )
        })
        .collect()
}

/// An entry file's position in the model before the change and its new content.
struct EntryChange {
    old: Option<usize>,
    new: Option<Entry>,
}

struct Read {
    changes: Vec<EntryChange>,
    diagnostics: Diagnostics,
}

/// Reads `files` again and checks the resulting entries against the rest of the site.
/// Every problem is an error of the whole batch: nothing is applied.
fn read_entries(root: &Path, site: &Site, files: &BTreeSet<PathBuf>) -> Result<Read, Diagnostics> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut changes = Vec::new();
    let mut failed = false;
    for path in files {
        let shown = display_path(root, path);
        let old = site.entries.iter().position(|e| e.source == shown);
        let new = if path.is_file() {
            let Some(owner) = site::entry_owner(site, path) else {
                continue;
            };
            let (entry, d) = site::load_entry(site, owner, path);
            out.extend(d);
            failed |= entry.is_none();
            entry
        } else {
            None
        };
        changes.push(EntryChange { old, new });
    }
    if !failed {
        let replaced: BTreeSet<usize> = changes.iter().filter_map(|c| c.old).collect();
        let unchanged = site
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !replaced.contains(i))
            .map(|(_, e)| e);
        // The changed entries come last, so a duplicate is reported in the file just saved.
        site::validate::entries(
            unchanged.chain(changes.iter().filter_map(|c| c.new.as_ref())),
            &mut out,
        );
    }
    let mut diagnostics: Diagnostics = out.into_iter().collect();
    diagnostics.sort();
    if failed || diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(Read {
            changes,
            diagnostics,
        })
    }
}

/// Output files of the public attachments of `entries`.
fn attachment_files(site: &Site, entries: impl Iterator<Item = usize>) -> Vec<PathBuf> {
    entries
        .map(|i| &site.entries[i])
        .filter(|e| e.is_public())
        .flat_map(|e| {
            e.attachments
                .iter()
                .map(|a| layout::file_for(&layout::attachment(&e.slug, &a.name)))
        })
        .collect()
}

/// Applies the changes to the model's entries (and their values, kept parallel). Returns
/// where each old position went (`None`: removed) and which new positions changed.
fn apply(
    site: &mut Site,
    values: &mut Values,
    changes: Vec<EntryChange>,
) -> (Vec<Option<usize>>, Vec<bool>) {
    let before = site.entries.len();
    let mut removed = vec![false; before];
    let mut replaced = Vec::new();
    let mut added = Vec::new();
    for c in changes {
        match (c.old, c.new) {
            (Some(i), Some(e)) => {
                site.entries[i] = e;
                replaced.push(i);
            }
            (Some(i), None) => removed[i] = true,
            (None, Some(e)) => added.push(e),
            (None, None) => {}
        }
    }
    let mut map = vec![None; before];
    let mut next = 0;
    for (i, slot) in map.iter_mut().enumerate() {
        if !removed[i] {
            *slot = Some(next);
            next += 1;
        }
    }
    let mut keep = removed.iter().map(|r| !r);
    site.entries.retain(|_| keep.next().unwrap_or(true));
    let mut keep = removed.iter().map(|r| !r);
    values.entries.retain(|_| keep.next().unwrap_or(true));
    site.entries.extend(added);
    values
        .entries
        .resize(site.entries.len(), tera::Value::none());
    let mut changed = vec![false; site.entries.len()];
    for i in replaced {
        if let Some(j) = map[i] {
            changed[j] = true;
        }
    }
    for c in changed.iter_mut().skip(next) {
        *c = true;
    }
    (map, changed)
}
