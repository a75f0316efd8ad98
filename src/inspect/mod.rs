//! `gongkai check`: everything `build` validates, plus the inspection a supervisor does
//! (政府网站检查): late publication against each item's own 公开时限, a stale or
//! incomplete guide, blank and stale columns and the 单项否决 lines, the standard's items
//! without entries, broken links, gaps and disorder in index numbers, repealed documents
//! still linked as current, and anything `init` left to fill in (`validate::unfilled`,
//! which `build` refuses too). `score` counts it all per agency for the county view and
//! the HTML score sheet (`sheet`).
//!
//! Each rule is a small module returning diagnostics; errors are what a visitor or an
//! inspector would see as broken, warnings what needs a look.

mod columns;
pub mod county;
mod coverage;
mod guide;
mod links;
mod numbers;
mod placeholders;
pub mod score;
pub mod sheet;
mod timeliness;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use rayon::prelude::*;

use crate::build::stages::Stages;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::output::layout;
use crate::render::{Job, Renderer};
use crate::site::{self, Disclosure, LoadOptions, Site, Status};

/// What `check` found: every diagnostic, and the inspector's counts when the site loaded.
pub struct Checked {
    pub diagnostics: Diagnostics,
    pub inspection: Option<score::Inspection>,
    /// The site's title (`site.yaml`), when it loaded.
    pub title: Option<String>,
}

/// Checks the site at `root`: loading, rendering (into nothing) and every rule.
pub fn check(root: &Path, opts: &LoadOptions) -> Checked {
    let mut stages = Stages::new(Instant::now());
    // Entries that the last build parsed are not parsed again (the same problems found).
    let kept = crate::output::cache::kept_parses(root);
    let loaded = crate::validate::load_with(root, opts, Some(&kept));
    drop(kept);
    stages.mark("读取与校验");
    let mut all = loaded.diagnostics;
    all.extend(crate::validate::unfilled::check(
        root,
        &loaded.agency_files,
        loaded.site.as_ref(),
    ));
    stages.mark("检查占位内容");
    let mut inspection = None;
    let title = loaded.site.as_ref().map(|s| s.config.title.clone());
    if let Some(site) = &loaded.site {
        let files = render(site, &mut all);
        stages.mark("试生成页面");
        all.extend(inspect(site, files.as_ref()));
        let (counted, found) = score::inspect(site, &all);
        all.extend(found);
        inspection = Some(counted);
        stages.mark("检查链接与时效");
    } else {
        all.extend(crate::render::check_templates(root));
    }
    all.sort();
    Checked {
        diagnostics: all,
        inspection,
        title,
    }
}

/// The rules that need a loaded site, but not the inspector's counts (`score`).
/// `output` is every file the build writes (relative, `/`-separated); without it links
/// are not checked.
fn inspect(site: &Site, output: Option<&HashSet<String>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let links = output.map(|files| links::Links::new(site, files));
    // What entries' texts hold was noted when they were loaded: a file is read again
    // only to quote a finding.
    if let Some(links) = &links {
        out.par_extend(
            site.entries
                .par_iter()
                .enumerate()
                .filter(|(_, e)| e.status != Status::Draft && e.disclosure != Disclosure::OnRequest)
                .flat_map_iter(|(i, _)| links.entry(i)),
        );
    }
    if let Some(links) = &links {
        out.extend(links.agencies());
    }
    out.extend(placeholders::base_url(site));
    out.extend(guide::check(site));
    out.extend(numbers::check(site));
    out
}

/// The names of every file the build writes, and template errors as `build` would meet
/// them. Addresses come from the build's plan, so pages are rendered only to catch
/// template errors: all of them with the site's own templates (they may fail on any
/// page's data), one page of each kind with the built-in theme (which is tested).
fn render(site: &Site, out: &mut Diagnostics) -> Option<HashSet<String>> {
    let renderer = match Renderer::new(site) {
        Ok(r) => r,
        Err(d) => {
            out.extend(d);
            return None;
        }
    };
    let jobs = renderer.plan();
    let planned = jobs
        .par_iter()
        .map(|job| Names::name(&layout::file_for(&job.url(site))))
        .collect();
    let sink = Names(Mutex::new(planned));
    // Feeds, open data and robots.txt use no template and cannot fail in a sink that
    // writes nothing, and their names are planned: rendering them (the site's open data
    // is ~120 MB at 100,000 entries) would find nothing. The sitemap names its parts.
    let templated = jobs
        .into_iter()
        .filter(|j| !matches!(j, Job::Feed(_) | Job::OpenData { .. } | Job::Robots));
    let to_render: Vec<Job> = if renderer.customised_theme() {
        templated.collect()
    } else {
        let mut kinds = HashSet::new();
        templated
            .filter(|j| kinds.insert(std::mem::discriminant(j)))
            .collect()
    };
    let rendered = renderer
        .render_all(&to_render, &sink, &AtomicUsize::new(0))
        .and_then(|_| renderer.copy_files(&sink));
    if let Err(d) = rendered {
        out.extend(d);
    }
    Some(sink.0.into_inner().unwrap_or_default())
}

/// A sink that writes nothing and remembers what would have been written.
struct Names(Mutex<HashSet<String>>);

impl Names {
    /// `a/b/index.html` for the file `rel`, whatever the platform's separator.
    fn name(rel: &Path) -> String {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn add(&self, rel: &Path) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(Names::name(rel));
        }
    }
}

impl Sink for Names {
    fn write(&self, rel: &Path, _: &[u8]) -> io::Result<()> {
        self.add(rel);
        Ok(())
    }

    fn copy_file(&self, rel: &Path, from: &Path) -> io::Result<()> {
        crate::output::require_source(from)?;
        self.add(rel);
        Ok(())
    }
}

/// The text of a site file, for locating a finding (`None` if it cannot be read).
fn text_of(site: &Site, shown: &Path) -> Option<String> {
    crate::source::read_text(&site.root, &site.root.join(shown)).ok()
}

/// The 1-based line of a top-level field (`field: …` at the start of a line), within
/// the front matter of a Markdown file or anywhere in a YAML file.
fn field_line(text: &str, field: &str) -> Option<usize> {
    let prefix = format!("{field}:");
    let fenced = text.trim_start_matches('\u{feff}').starts_with("---");
    text.lines()
        .enumerate()
        .skip(usize::from(fenced))
        .take_while(|(_, l)| !fenced || !matches!(l.trim_end(), "---" | "..."))
        .find(|(_, l)| l.starts_with(&prefix))
        .map(|(i, _)| i + 1)
}

/// A finding about a front-matter field of `file`, placed on its line when found.
fn at_field(site: &Site, file: &Path, field: &str, d: Diagnostic) -> Diagnostic {
    match text_of(site, file) {
        Some(text) => match field_line(&text, field) {
            Some(line) => d.at(line, 1).quote(&text),
            None => d,
        },
        None => d,
    }
    .field(field)
}

/// Path shown for an agency's file (`content/xihe/catalogue.md`).
fn agency_file(a: &site::Agency, name: &str) -> PathBuf {
    Path::new("content").join(&a.dir).join(name)
}
