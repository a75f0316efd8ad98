//! The preview's model of the site and the rebuilds that keep its output current: a full
//! build into memory, then, for changes to entry files, an incremental update that
//! re-renders only the pages whose inputs changed (see `render::inputs`).
//!
//! The plan for an entry change:
//! 1. read the changed entry files again and run the checks across entries; any error
//!    leaves model and output as they were (the last good site keeps being served);
//! 2. note every page's inputs and the changed entries' addresses, apply the change to the
//!    model, derive the listings again and the values of the changed entries and counts;
//! 3. render the pages that are new or whose inputs differ or show a changed entry, remove
//!    the pages that are gone, and copy or remove the changed entries' attachments;
//! 4. after the browsers were told, the files of the whole site that the change touched
//!    (the open data, the sitemap: tens of MB at 100,000 entries) in `follow_up`.
//!
//! Anything else that feeds the site (settings, calendar, templates, `static/`, guides,
//! catalogues, reports, folders) rebuilds everything, and so does any doubt.

use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use super::changes::{self, Plan};
use crate::build::write_pages;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::output::layout;
use crate::output::{MemFile, MemSink};
use crate::render::feeds::SITEMAP_LIMIT;
use crate::render::inputs::{Change, Inputs, inputs};
use crate::render::values::Values;
use crate::render::{Job, Parts, Renderer};
use crate::site::listing::Listings;
use crate::site::{self, Entry, LoadOptions, Site};

pub struct Preview {
    root: PathBuf,
    load: LoadOptions,
    /// Guides, catalogues and reports found by the last full build (a change to any of
    /// them rebuilds everything, so the list stays right in between).
    agency_files: Vec<PathBuf>,
    model: Option<Model>,
    /// Entry files whose last reading failed: read again with every change until they load.
    pending: BTreeSet<PathBuf>,
    /// The model may not match the output (a failed full build, or a render that failed
    /// after the model changed): the next change rebuilds everything.
    stale: bool,
    /// Whole-site files an incremental update left for `follow_up`.
    deferred: Vec<Job>,
}

struct Model {
    site: Site,
    parts: Parts,
    /// Every page's inputs for this state of the site: the "before" of the next change
    /// (computing it takes tens of milliseconds at 100,000 entries).
    table: PageTable,
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
            agency_files: Vec::new(),
            model: None,
            pending: BTreeSet::new(),
            stale: true,
            deferred: Vec::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn site(&self) -> Option<&Site> {
        self.model.as_ref().map(|m| &m.site)
    }

    /// Loads and renders the whole site.
    pub fn full(&mut self) -> Outcome {
        let start = Instant::now();
        self.stale = true;
        self.deferred.clear();
        let loaded = crate::validate::load(&self.root, &self.load);
        self.agency_files = loaded.agency_files;
        let mut diagnostics = loaded.diagnostics;
        let Some(site) = loaded.site else {
            diagnostics.extend(crate::render::check_templates(&self.root));
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
        if let Err(d) = write_pages(
            &renderer,
            crate::output::Share::WHOLE,
            &sink,
            &crate::build::Progress::default(),
        ) {
            diagnostics.extend(d);
            return Outcome::Failed(diagnostics);
        }
        let pages = renderer.plan().len();
        let parts = renderer.into_parts();
        let table = PageTable::new(&site, &parts.listings, parts.customised_theme());
        self.model = Some(Model { site, parts, table });
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

    /// What `build` would refuse to publish in the current site: places still marked
    /// 【请填写】 (see `validate::unfilled`).
    pub fn unpublishable(&self) -> Diagnostics {
        crate::validate::unfilled::check(&self.root, &self.agency_files, self.site())
            .into_iter()
            .collect()
    }

    /// The search index of the current site, to build off the rebuild thread: it takes
    /// seconds on large sites, and pages must not wait for it.
    pub fn search_job(&self) -> Option<SearchJob> {
        self.model
            .as_ref()
            .filter(|_| !self.stale)
            .map(|m| SearchJob {
                site: m.site.clone(),
                listings: m.parts.listings.clone(),
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
            Step::Updated(update, later) => {
                self.pending.clear();
                for job in later {
                    if !self.deferred.contains(&job) {
                        self.deferred.push(job);
                    }
                }
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

    /// Whether `follow_up` has files to make.
    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty() && self.model.is_some() && !self.stale
    }

    /// Renders one of the whole-site files the incremental updates so far left for later,
    /// from the current model (one at a time, so a save waits for one file at most).
    /// `None` when there are none.
    pub fn follow_up(&mut self) -> Option<Outcome> {
        if !self.has_deferred() {
            return None;
        }
        let start = Instant::now();
        let jobs = vec![self.deferred.remove(0)];
        let Model { site, parts, table } = self.model.take()?;
        let renderer = Renderer::from_parts(&site, parts);
        let sink = MemSink::new();
        let result = renderer.render_all(&jobs, &sink, &AtomicUsize::new(0));
        let parts = renderer.into_parts();
        let pages = table.iter().count();
        self.model = Some(Model { site, parts, table });
        Some(match result {
            Err(d) => {
                self.stale = true;
                Outcome::Failed(d)
            }
            Ok(_) => Outcome::Updated(Update {
                full: false,
                files: sink.into_files(),
                removed: Vec::new(),
                rendered: jobs.len(),
                pages,
                diagnostics: Diagnostics::default(),
                elapsed: start.elapsed(),
            }),
        })
    }
}

/// Files made from every entry: rendered after the browsers reload (`follow_up`).
fn whole_site(job: &Job) -> bool {
    matches!(job, Job::OpenData { .. } | Job::Sitemap)
}

/// A snapshot of the site to index for search.
pub struct SearchJob {
    site: Site,
    listings: Listings,
}

impl SearchJob {
    /// The search index's files (they replace every file under the search folders).
    pub fn run(self) -> Result<(crate::search::Stats, HashMap<PathBuf, MemFile>), Diagnostics> {
        let sink = MemSink::new();
        let stats = crate::search::write_index(
            &self.site,
            &self.listings,
            crate::output::Share::WHOLE,
            &sink,
        )?;
        Ok((stats, sink.into_files()))
    }
}

/// Whether a file belongs to the search index (replaced as a whole when re-indexed).
pub fn is_search_file(path: &Path) -> bool {
    [
        layout::search_bundle(),
        layout::search_lookup(),
        layout::search_route(),
    ]
    .iter()
    .any(|dir| path.starts_with(dir))
}

enum Step {
    /// The update, and the whole-site files left for `follow_up`.
    Updated(Update, Vec<Job>),
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
        table: before,
    } = model;
    let read = match read_entries(root, &site, files) {
        Ok(read) => read,
        Err(d) => {
            let model = Model {
                site,
                parts,
                table: before,
            };
            return (model, Step::Rejected(d));
        }
    };
    let customised = parts.customised_theme();
    // The changed entries before the change: their addresses, and the files to remove.
    let old: Vec<(usize, String, bool)> = read
        .changes
        .iter()
        .filter_map(|c| c.old)
        .map(|i| {
            (
                i,
                site.entries[i].slug.clone(),
                site.shows(&site.entries[i]),
            )
        })
        .collect();
    let mut removed = attachment_files(&site, old.iter().map(|(i, _, _)| *i));

    let (map, changed) = apply(&mut site, &mut parts.values, read.changes);
    parts.listings = Listings::new(&site);
    parts.values.refresh_counts(&site, &parts.listings);
    let after = PageTable::new(&site, &parts.listings, customised);

    // New position → old position, and which entries changed address.
    let mut back = vec![None; site.entries.len()];
    for (old, new) in map.iter().enumerate() {
        if let Some(new) = new {
            back[*new] = Some(old);
        }
    }
    let mut moved: Vec<bool> = back.iter().map(Option::is_none).collect();
    for (i, slug, was_public) in &old {
        let now = map[*i].map(|j| (j, &site.entries[j]));
        if let Some((j, e)) = now
            && e.slug != *slug
        {
            moved[j] = true;
        }
        // The old page goes unless the same address is still a published entry's page.
        let kept = now.is_some_and(|(_, e)| site.shows(e) && e.slug == *slug);
        if *was_public && !kept {
            removed.push(layout::file_for(&layout::entry(slug)));
        }
    }
    let change = Change {
        map: &map,
        changed: &changed,
        moved: &moved,
    };
    let old_job = |job: &Job| match *job {
        Job::Entry(j) => back[j].map(Job::Entry),
        other => Some(other),
    };
    let jobs: Vec<Job> = after
        .iter()
        .filter(|(job, now)| {
            old_job(job)
                .and_then(|old| before.get(&old))
                .is_none_or(|then| now.differs(then, &change))
        })
        .map(|(job, _)| job)
        .collect();
    // Listing pages that are gone (entries' pages are handled above).
    removed.extend(
        before
            .others
            .keys()
            .filter(|job| !after.others.contains_key(job))
            .map(|job| layout::file_for(&job.url(&site))),
    );
    if before.sitemap_files() != after.sitemap_files() {
        // The sitemap splits into a different number of files.
        let model = Model {
            site,
            parts,
            table: after,
        };
        return (model, Step::Restart);
    }

    let (later, jobs): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(whole_site);
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
        Ok(_) => Step::Updated(
            Update {
                full: false,
                files: sink.into_files(),
                removed,
                rendered: jobs.len(),
                pages: after.iter().count(),
                diagnostics: read.diagnostics,
                elapsed: start.elapsed(),
            },
            later,
        ),
    };
    let model = Model {
        site,
        parts,
        table: after,
    };
    (model, step)
}

/// Every page's inputs: entries' pages (most of them) by position, the rest by job.
struct PageTable {
    entries: Vec<Option<Inputs>>,
    others: HashMap<Job, Inputs>,
}

impl PageTable {
    fn new(site: &Site, listings: &Listings, customised: bool) -> PageTable {
        let mut table = PageTable {
            entries: vec![None; site.entries.len()],
            others: HashMap::new(),
        };
        let jobs = crate::render::jobs::plan(site, listings);
        let all: Vec<Inputs> = jobs
            .par_iter()
            .map(|job| inputs(job, site, listings, customised))
            .collect();
        for (job, i) in jobs.into_iter().zip(all) {
            match job {
                Job::Entry(e) => table.entries[e] = Some(i),
                other => {
                    table.others.insert(other, i);
                }
            }
        }
        table
    }

    fn get(&self, job: &Job) -> Option<&Inputs> {
        match *job {
            Job::Entry(e) => self.entries.get(e)?.as_ref(),
            other => self.others.get(&other),
        }
    }

    fn iter(&self) -> impl Iterator<Item = (Job, &Inputs)> {
        let entries = self.entries.iter().enumerate();
        entries
            .filter_map(|(e, i)| Some((Job::Entry(e), i.as_ref()?)))
            .chain(self.others.iter().map(|(j, i)| (*j, i)))
    }

    fn sitemap_files(&self) -> usize {
        self.iter()
            .filter(|(j, _)| j.is_page())
            .count()
            .div_ceil(SITEMAP_LIMIT)
    }
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
        // Bytes, not path components: both come from `display_path`, and this runs per entry.
        let old = site
            .entries
            .iter()
            .position(|e| e.source.as_os_str() == shown.as_os_str());
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
        // A duplicate is reported in the file just saved.
        let new: Vec<&Entry> = changes.iter().filter_map(|c| c.new.as_ref()).collect();
        crate::validate::addresses::changed_entries(unchanged, &new, &mut out);
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
        .flat_map(|e| {
            site.published_attachments(e)
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
    let keep: Vec<bool> = removed.iter().map(|r| !r).collect();
    let mut kept = keep.iter();
    site.entries
        .retain(|_| kept.next().copied().unwrap_or(true));
    site.entries.extend(added);
    let mut changed = vec![false; site.entries.len()];
    for i in replaced {
        if let Some(j) = map[i] {
            changed[j] = true;
        }
    }
    for c in changed.iter_mut().skip(next) {
        *c = true;
    }
    values.rearrange_entries(&keep, site.entries.len(), &changed);
    (map, changed)
}

#[cfg(test)]
mod tests {
    //! Every incremental update must leave exactly the output a full build makes.

    use super::*;
    use std::fs;

    const CODE: &str = "11320100MB1234567X";
    const CATALOGUE: &str = "---\ncategories:\n  - { code: \"01\", name: 机构职能 }\n  - code: \"02\"\n    name: 政策文件\n    children:\n      - { code: \"0201\", name: 行政规范性文件 }\n      - { code: \"0202\", name: 其他文件 }\n---\n按分类编排。\n";

    fn guide(name: &str, code: &str) -> String {
        format!(
            "---\nagency: {name}\ncode: \"{code}\"\noffice: {name}办公室\naddress: 人民路1号\nhours: 周一至周五\nphone: 0523-81234567\nemail: xxgk@example.gov.cn\n---\n指南正文。\n\n## 政府信息的分类、编排体系和获取方式\n\n按公开目录分类编排，在本平台查阅、检索和下载。\n"
        )
    }

    fn entry(code: &str, seq: u32, category: &str, extra: &str) -> String {
        let day = seq % 27 + 1;
        format!(
            "---\nindex: \"{code}/2024-{seq:05}\"\ntitle: 第{seq}号通知\nsummary: 第{seq}号通知的概述。\ncategory: \"{category}\"\ncreated: 2024-03-{day:02}\npublished: 2024-04-{day:02}\n{extra}---\n第{seq}号通知正文。\n"
        )
    }

    struct Fixture {
        dir: tempfile::TempDir,
        preview: Preview,
        served: HashMap<PathBuf, MemFile>,
        /// The files the last change's `follow_up` wrote.
        followed: BTreeSet<PathBuf>,
    }

    impl Fixture {
        /// One township, nine entries over three categories, three rows a page.
        fn new(site_yaml_extra: &str) -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().canonicalize().unwrap();
            let w = |rel: &str, text: &str| {
                let p = root.join(rel);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, text).unwrap();
            };
            w(
                "site.yaml",
                &format!(
                    "title: 测试镇信息公开\nbase_url: https://www.example.gov.cn/xxgk/\nper_page: 3\n{site_yaml_extra}"
                ),
            );
            w("content/guide.md", &guide("测试镇人民政府", CODE));
            w("content/catalogue.md", CATALOGUE);
            for seq in 1..=9 {
                let cat = ["0201", "0202", "01"][seq as usize % 3];
                w(
                    &format!("content/entries/e{seq}.md"),
                    &entry(CODE, seq, cat, "reviewed: 2024-03-01\n"),
                );
            }
            Fixture::start(dir)
        }

        fn start(dir: tempfile::TempDir) -> Fixture {
            let root = dir.path().canonicalize().unwrap();
            let mut preview = Preview::new(&root, LoadOptions::default());
            let Outcome::Updated(u) = preview.full() else {
                panic!("fixture builds")
            };
            let mut served = u.files;
            with_search(&preview, &mut served);
            Fixture {
                dir,
                preview,
                served,
                followed: BTreeSet::new(),
            }
        }

        fn root(&self) -> PathBuf {
            self.dir.path().canonicalize().unwrap()
        }

        fn write(&self, rel: &str, text: &str) -> PathBuf {
            let p = self.root().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, text).unwrap();
            p
        }

        fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
            let p = self.root().join(rel);
            let text = fs::read_to_string(&p).unwrap();
            assert!(text.contains(from), "{rel} has no `{from}`");
            fs::write(&p, text.replacen(from, to, 1)).unwrap();
            p
        }

        /// Runs the change through the preview and applies the update to the served files.
        fn changed(&mut self, paths: &[PathBuf]) -> Outcome {
            let outcome = self.preview.changed(paths);
            if let Outcome::Updated(u) = &outcome {
                if u.full {
                    self.served = u.files.clone();
                } else {
                    for r in &u.removed {
                        self.served.remove(r);
                    }
                    self.served
                        .extend(u.files.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                // What serve's rebuild thread does next, and its background indexing.
                self.followed.clear();
                while let Some(later) = self.preview.follow_up() {
                    let Outcome::Updated(later) = later else {
                        panic!("follow-up failed: {later:?}")
                    };
                    assert!(!later.full && later.removed.is_empty());
                    self.followed.extend(later.files.keys().cloned());
                    self.served.extend(later.files);
                }
                with_search(&self.preview, &mut self.served);
            }
            outcome
        }

        /// An incremental update that leaves what a full build makes. Returns the files
        /// it wrote.
        #[track_caller]
        fn incremental(&mut self, paths: &[PathBuf]) -> BTreeSet<PathBuf> {
            let written = match self.changed(paths) {
                Outcome::Updated(u) => {
                    assert!(!u.full, "expected an incremental update");
                    assert!(u.rendered < u.pages, "rendered every page");
                    u.files
                        .keys()
                        .cloned()
                        .chain(self.followed.clone())
                        .collect()
                }
                other => panic!("expected an update, got {other:?}"),
            };
            self.assert_matches_full_build();
            written
        }

        #[track_caller]
        fn assert_matches_full_build(&self) {
            let mut preview = Preview::new(&self.root(), LoadOptions::default());
            let Outcome::Updated(mut fresh) = preview.full() else {
                panic!("full build fails")
            };
            with_search(&preview, &mut fresh.files);
            let mut problems = Vec::new();
            for (k, v) in &fresh.files {
                match self.served.get(k) {
                    None => problems.push(format!("missing {}", k.display())),
                    Some(s) if s != v => problems.push(format!("stale {}", k.display())),
                    _ => {}
                }
            }
            for k in self.served.keys() {
                if !fresh.files.contains_key(k) {
                    problems.push(format!("left over {}", k.display()));
                }
            }
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }

        fn text(&self, file: &str) -> String {
            match self.served.get(Path::new(file)) {
                Some(MemFile::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
                other => panic!("{file}: {other:?}"),
            }
        }
    }

    /// Replaces the search index in `files` with the preview's current one.
    fn with_search(preview: &Preview, files: &mut HashMap<PathBuf, MemFile>) {
        let (_, index) = preview
            .search_job()
            .expect("a site")
            .run()
            .expect("indexes");
        files.retain(|path, _| !is_search_file(path));
        files.extend(index);
    }

    fn files(list: &[&str]) -> BTreeSet<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn title_edit_renders_the_entry_its_listings_and_neighbours_only() {
        let mut f = Fixture::new("");
        let slug = |seq: u32| format!("entry/{CODE}-2024-{seq:05}/index.html");
        // e4 is in 0202 with e1 and e7 (newest first: e7, e4, e1).
        let p = f.edit(
            "content/entries/e4.md",
            "title: 第4号通知",
            "title: 改过的标题",
        );
        let written = f.incremental(&[p]);
        // Not the sitemap: it shows addresses, and no address changed.
        let mut expected = files(&[
            "index.html",
            "atom.xml",
            "category/0202/index.html",
            // 政策文件 lists its sub-categories' entries too: e4 is on its second page.
            "category/02/page/2/index.html",
            "reports/index.html",
            // The plain list of index numbers shows every title.
            "index-numbers/index.html",
            // So does the open data: the site's and the agency's.
            "catalogue.csv",
            "catalogue.json",
            "catalogue/catalogue.csv",
            "catalogue/catalogue.json",
        ]);
        expected.extend([slug(4), slug(7), slug(1)].map(PathBuf::from));
        assert_eq!(written, expected);
        assert!(
            f.text(&slug(7)).contains("改过的标题"),
            "newer neighbour links the new title"
        );
        assert!(
            f.text(&slug(1)).contains("改过的标题"),
            "older neighbour too"
        );
        assert!(f.text("category/0202/index.html").contains("改过的标题"));
    }

    #[test]
    fn draft_removes_the_page_and_updates_listings_and_counts() {
        let mut f = Fixture::new("");
        let page = format!("entry/{CODE}-2024-00004/index.html");
        assert!(f.text("catalogue/index.html").contains("共 9 条"));
        let p = f.edit(
            "content/entries/e4.md",
            "reviewed:",
            "draft: true\nreviewed:",
        );
        f.incremental(std::slice::from_ref(&p));
        assert!(
            !f.served.contains_key(Path::new(&page)),
            "draft page removed"
        );
        assert!(f.text("catalogue/index.html").contains("共 8 条"));
        assert!(!f.text("category/0202/index.html").contains("第4号通知"));
        // And back.
        f.edit("content/entries/e4.md", "draft: true\n", "");
        f.incremental(&[p]);
        assert!(f.served.contains_key(Path::new(&page)));
    }

    #[test]
    fn every_kind_of_entry_change_matches_a_full_build() {
        let mut f = Fixture::new("");
        let e = |n: u32| format!("content/entries/e{n}.md");
        // Category, publication order, index number (the address), validity, on request.
        let p = f.edit(&e(5), "category: \"01\"", "category: \"0201\"");
        f.incremental(&[p]);
        let p = f.edit(&e(2), "published: 2024-04-03", "published: 2024-05-30");
        f.incremental(&[p]);
        let p = f.edit(&e(3), "2024-00003", "2024-00033");
        f.incremental(&[p]);
        assert!(
            !f.served
                .contains_key(Path::new(&format!("entry/{CODE}-2024-00003/index.html")))
        );
        let p = f.edit(&e(6), "reviewed:", "validity: 废止\nreviewed:");
        f.incremental(&[p]);
        let p = f.edit(&e(7), "reviewed:", "disclosure: 依申请公开\nreviewed:");
        f.incremental(&[p]);
        assert!(
            !f.text(&format!("entry/{CODE}-2024-00007/index.html"))
                .contains("第7号通知正文")
        );
        // A new entry, a deleted one, a renamed one (one burst: gone + new, same index).
        let p = f.write(&e(10), &entry(CODE, 10, "0201", ""));
        f.incremental(&[p]);
        let p = f.root().join(e(1));
        fs::remove_file(&p).unwrap();
        f.incremental(&[p]);
        let from = f.root().join(e(8));
        let to = f.root().join("content/entries/2024/八号.md");
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::rename(&from, &to).unwrap();
        f.incremental(&[from, to]);
        // Many pages shift at once: the newest entry everywhere.
        let p = f.write(
            &e(11),
            &entry(CODE, 11, "0202", "").replace("2024-04-12", "2024-12-30"),
        );
        f.incremental(&[p]);
    }

    #[test]
    fn unreviewed_entries_leave_when_review_is_required() {
        let mut f = Fixture::new("require_review: true\n");
        let p = f.edit("content/entries/e2.md", "reviewed: 2024-03-01\n", "");
        f.incremental(&[p]);
        assert!(
            !f.served
                .contains_key(Path::new(&format!("entry/{CODE}-2024-00002/index.html")))
        );
    }

    #[test]
    fn attachments_follow_their_entry() {
        let mut f = Fixture::new("");
        let page = format!("entry/{CODE}-2024-00004/");
        f.write("content/entries/方案.pdf", "%PDF-1.4 一");
        let p = f.edit(
            "content/entries/e4.md",
            "reviewed:",
            "attachments:\n  - { file: 方案.pdf, title: 方案全文 }\nreviewed:",
        );
        f.incremental(std::slice::from_ref(&p));
        let copy = PathBuf::from(format!("{page}方案.pdf"));
        assert!(matches!(f.served.get(&copy), Some(MemFile::Copy(_))));
        // The attachment grows: its size on the page changes.
        let a = f.write("content/entries/方案.pdf", &"%PDF-1.4 二".repeat(400));
        let written = f.incremental(&[a]);
        assert!(written.contains(&PathBuf::from(format!("{page}index.html"))));
        // The entry becomes a draft: the attachment goes with the page.
        let p = f.edit(
            "content/entries/e4.md",
            "reviewed:",
            "draft: true\nreviewed:",
        );
        f.incremental(&[p]);
        assert!(!f.served.contains_key(&copy));
    }

    #[test]
    fn custom_templates_make_counts_shown_everywhere() {
        let mut f = Fixture::new("");
        f.write(
            "templates/entry.html",
            "{{ entry.title }}：本机构共 {{ agency.entry_count }} 条；{% for a in site.agencies %}{{ a.entry_count }}{% endfor %}",
        );
        // Templates change: everything is rebuilt.
        let t = f.root().join("templates/entry.html");
        assert!(matches!(
            f.changed(&[t]),
            Outcome::Updated(Update { full: true, .. })
        ));
        let p = f.write("content/entries/e10.md", &entry(CODE, 10, "0201", ""));
        let outcome = f.changed(&[p]);
        assert!(matches!(outcome, Outcome::Updated(_)), "{outcome:?}");
        f.assert_matches_full_build();
        assert!(
            f.text(&format!("entry/{CODE}-2024-00001/index.html"))
                .contains("共 10 条")
        );
    }

    #[test]
    fn nested_agencies_match_a_full_build() {
        let mut f = Fixture::new("");
        f.write(
            "content/xihe/guide.md",
            &guide("西河镇人民政府", "11320100MB7654321Y"),
        );
        f.write("content/xihe/catalogue.md", CATALOGUE);
        for seq in 1..=4 {
            f.write(
                &format!("content/xihe/entries/x{seq}.md"),
                &entry("11320100MB7654321Y", seq, "0201", ""),
            );
        }
        let g = f.root().join("content/xihe/guide.md");
        assert!(matches!(
            f.changed(&[g]),
            Outcome::Updated(Update { full: true, .. })
        ));
        let p = f.edit("content/xihe/entries/x2.md", "第2号通知", "西河第二号");
        f.incremental(std::slice::from_ref(&p));
        assert!(f.text("xihe/index.html").contains("西河第二号"));
        let p = f.edit("content/xihe/entries/x3.md", "---\n", "---\ndraft: true\n");
        f.incremental(&[p]);
    }

    #[test]
    fn broken_files_keep_the_last_good_site_until_fixed() {
        let mut f = Fixture::new("");
        let before = f.served.clone();
        let p = f.edit(
            "content/entries/e4.md",
            "category: \"0202\"",
            "category: \"9999\"",
        );
        let Outcome::Failed(d) = f.changed(std::slice::from_ref(&p)) else {
            panic!("unknown category is an error")
        };
        let text = d.render();
        assert!(text.contains("content/entries/e4.md:"), "{text}");
        assert!(text.contains("9999"), "{text}");
        assert_eq!(f.served, before, "the last good site stays");
        // Another entry changes meanwhile: it is applied, the broken one still reported.
        let q = f.edit("content/entries/e5.md", "第5号通知", "第五号");
        assert!(matches!(
            f.changed(std::slice::from_ref(&q)),
            Outcome::Failed(_)
        ));
        f.edit(
            "content/entries/e4.md",
            "category: \"9999\"",
            "category: \"0202\"",
        );
        f.incremental(&[p]);
        assert!(
            f.text(&format!("entry/{CODE}-2024-00005/index.html"))
                .contains("第五号")
        );
    }

    #[test]
    fn a_duplicate_is_fixed_in_either_file() {
        let mut f = Fixture::new("");
        // e4 takes e5's index number: an error in the file just saved.
        let p = f.edit("content/entries/e4.md", "2024-00004", "2024-00005");
        let Outcome::Failed(d) = f.changed(std::slice::from_ref(&p)) else {
            panic!("duplicate index is an error")
        };
        let text = d.render();
        assert!(
            text.contains("重复") && text.contains("content/entries/e4.md"),
            "{text}"
        );
        // Fixed by renumbering the other file: e4 (pending) is read again with it.
        let q = f.edit("content/entries/e5.md", "2024-00005", "2024-00015");
        f.incremental(&[q]);
        assert!(
            f.served
                .contains_key(Path::new(&format!("entry/{CODE}-2024-00015/index.html")))
        );
    }

    #[test]
    fn what_is_not_an_entry_rebuilds_everything_or_nothing() {
        let mut f = Fixture::new("");
        let swap = f.write("content/entries/.e4.md.swp", "x");
        assert!(matches!(f.changed(&[swap]), Outcome::Unchanged));
        let stray = f.write("content/entries/4913", "");
        assert!(matches!(f.changed(&[stray]), Outcome::Unchanged));
        let c = f.edit("content/catalogue.md", "机构职能", "机构概况");
        assert!(matches!(
            f.changed(&[c]),
            Outcome::Updated(Update { full: true, .. })
        ));
        assert!(f.text("catalogue/index.html").contains("机构概况"));
        // A folder of entries moved away: no event for its files, so everything.
        let from = f.root().join("content/entries");
        let to = f.root().join("old-entries");
        fs::rename(&from, &to).unwrap();
        assert!(matches!(
            f.changed(&[from]),
            Outcome::Updated(Update { full: true, .. })
        ));
        f.assert_matches_full_build();
    }
}
