//! Rendering: derived listings and template values, then a flat list of jobs run in
//! parallel, each written straight to a `Sink` (nothing is kept in memory).

pub mod feeds;
pub mod inputs;
pub mod jobs;
mod keys;
pub mod open_data;
mod pages;
pub mod report;
pub mod templates;
pub mod values;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::layout;
use crate::output::{Sink, write_error};
use crate::site::Site;
use crate::site::listing::Listings;
use crate::source::walk;
pub use jobs::Job;
use templates::Templates;
use values::Values;

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub listings: Listings,
    pub values: Values,
    templates: Templates,
    /// The build cache's fingerprints, made on first use (only a caching sink asks).
    keys: std::sync::OnceLock<keys::Keys>,
}

/// What a renderer keeps between `serve`'s rebuilds; unlike `Renderer`, it borrows nothing.
pub struct Parts {
    pub listings: Listings,
    pub values: Values,
    templates: Templates,
}

impl Parts {
    /// Whether the site overrides theme templates (see `inputs`).
    pub fn customised_theme(&self) -> bool {
        self.templates.customised()
    }
}

/// The template errors of a site that did not load (so there is nothing to render):
/// a run reports them together with the site's other problems.
pub fn check_templates(site_root: &Path) -> Vec<Diagnostic> {
    if !site_root.join("templates").is_dir() {
        return Vec::new();
    }
    let links = crate::site::link_policy(site_root, None);
    Templates::load(site_root, &links).err().unwrap_or_default()
}

impl<'a> Renderer<'a> {
    /// Whether the site overrides theme templates.
    pub fn customised_theme(&self) -> bool {
        self.templates.customised()
    }

    /// Derives listings and values and compiles the templates (once per build).
    pub fn new(site: &'a Site) -> Result<Renderer<'a>, Diagnostics> {
        let links = crate::site::link_policy(&site.root, Some(&site.config));
        let mut templates = Templates::load(&site.root, &links)
            .map_err(|d| d.into_iter().collect::<Diagnostics>())?;
        let listings = Listings::new(site);
        let values = Values::new(site, &listings);
        templates.set_global("site", values.site.clone());
        Ok(Renderer {
            site,
            listings,
            values,
            templates,
            keys: Default::default(),
        })
    }

    /// Takes the renderer apart, keeping the compiled templates and values for reuse.
    pub fn into_parts(self) -> Parts {
        Parts {
            listings: self.listings,
            values: self.values,
            templates: self.templates,
        }
    }

    /// A renderer for `site` from the parts of an earlier renderer. The caller keeps
    /// `parts.listings` and `parts.values` in step with `site` (see `serve::preview`).
    pub fn from_parts(site: &'a Site, mut parts: Parts) -> Renderer<'a> {
        parts
            .templates
            .set_global("site", parts.values.site.clone());
        Renderer {
            site,
            listings: parts.listings,
            values: parts.values,
            templates: parts.templates,
            keys: Default::default(),
        }
    }

    pub fn plan(&self) -> Vec<Job> {
        jobs::plan(self.site, &self.listings)
    }

    /// Renders one job (using `buf` as scratch space) and writes its files to `sink`, or
    /// takes them from the sink's build cache when nothing they depend on changed.
    /// Returns how many files it wrote: most jobs make one, a huge sitemap several.
    pub fn render(
        &self,
        job: &Job,
        buf: &mut Vec<u8>,
        sink: &dyn Sink,
    ) -> Result<usize, Diagnostic> {
        if !sink.caches() {
            return self.render_into(job, buf, sink, &mut Vec::new());
        }
        let url = job.url(self.site);
        let key = self.key(job, &url);
        if let Some(files) = sink.reuse(&url, key) {
            return Ok(files.len());
        }
        let mut files = Vec::new();
        let n = self.render_into(job, buf, sink, &mut files)?;
        sink.made(&url, key, files);
        Ok(n)
    }

    /// Renders one job into `sink`, noting the files in `files`.
    fn render_into(
        &self,
        job: &Job,
        buf: &mut Vec<u8>,
        sink: &dyn Sink,
        files: &mut Vec<std::path::PathBuf>,
    ) -> Result<usize, Diagnostic> {
        let site = self.site;
        let url = job.url(site);
        let mut write = |url: &str, bytes: &[u8]| {
            let file = layout::file_for(url);
            sink.write(&file, bytes)
                .map_err(|e| write_error(&file, &e))?;
            files.push(file);
            Ok::<(), Diagnostic>(())
        };
        let text = match *job {
            Job::Sitemap => {
                let urls: Vec<(String, Option<chrono::NaiveDate>)> = self
                    .plan()
                    .iter()
                    // The search page is `noindex`: nothing on it for a crawler.
                    .filter(|j| j.is_page() && **j != Job::Search)
                    .map(|j| (j.url(site), j.last_modified(site, &self.listings)))
                    .collect();
                let files = feeds::sitemaps(site, &urls);
                for (u, text) in &files {
                    write(u, text.as_bytes())?;
                }
                return Ok(files.len());
            }
            Job::Robots => feeds::robots(site),
            Job::OpenData { agency, json } => {
                let (title, page, list) = match agency {
                    None => (
                        format!("{}：政府信息公开目录", site.config.title),
                        layout::site_home(),
                        &self.listings.all,
                    ),
                    Some(a) => {
                        let agency = &site.agencies[a];
                        (
                            format!("{}{}", agency.name(), agency.catalogue.title),
                            layout::catalogue(&agency.url),
                            &self.listings.agencies[a].entries,
                        )
                    }
                };
                let bytes = if json {
                    open_data::json(site, &title, &page, list)
                } else {
                    open_data::csv(site, list)
                };
                write(&url, &bytes)?;
                return Ok(1);
            }
            Job::Feed(None) => feeds::atom(site, &site.config.title, &url, "", &self.listings.all),
            Job::Feed(Some(a)) => {
                let agency = &site.agencies[a];
                feeds::atom(
                    site,
                    agency.name(),
                    &url,
                    &layout::agency_home(&agency.url),
                    &self.listings.agencies[a].entries,
                )
            }
            _ => {
                let (template, ctx) = self.page(job, &url)?;
                buf.clear();
                self.templates.render(template, &ctx, buf)?;
                write(&url, buf)?;
                return Ok(1);
            }
        };
        write(&url, text.as_bytes())?;
        Ok(1)
    }

    /// Runs `jobs` in parallel into `sink`. Returns the number of files written.
    pub fn render_all(
        &self,
        jobs: &[Job],
        sink: &dyn Sink,
        progress: &AtomicUsize,
    ) -> Result<usize, Diagnostics> {
        let results: Vec<Result<usize, Diagnostic>> = jobs
            .par_iter()
            .map_init(
                || Vec::with_capacity(64 * 1024),
                |buf, job| {
                    let n = self.render(job, buf, sink)?;
                    progress.fetch_add(1, Ordering::Relaxed);
                    Ok(n)
                },
            )
            .collect();
        collect(results)
    }

    /// Copies the theme's assets, every published attachment and the site's `static/`.
    pub fn copy_files(&self, sink: &dyn Sink) -> Result<usize, Diagnostics> {
        let mut results = Vec::new();
        for (path, bytes) in templates::theme_assets() {
            let rel = Path::new(&layout::assets()).join(path);
            results.push(
                sink.write(&rel, bytes)
                    .map(|_| 1)
                    .map_err(|e| write_error(&rel, &e)),
            );
        }
        let public: Vec<usize> = self.site.public_entries().map(|(i, _)| i).collect();
        results.extend(self.attachment_copies(&public, sink));
        let static_dir = self.site.root.join("static");
        if static_dir.is_dir() {
            let links = crate::site::link_policy(&self.site.root, Some(&self.site.config));
            let mut problems = Vec::new();
            let mut files = walk::files(
                &self.site.root,
                &static_dir,
                &links,
                |_| false,
                &mut problems,
            );
            files.sort();
            results.extend(problems.into_iter().map(Err));
            for path in files {
                let rel = path
                    .strip_prefix(&static_dir)
                    .unwrap_or(&path)
                    .to_path_buf();
                results.push(
                    sink.copy_file(&rel, &path)
                        .map(|_| 1)
                        .map_err(|e| write_error(&rel, &e)),
                );
            }
        }
        collect(results)
    }
}

impl Renderer<'_> {
    /// Copies the attachments of `entries` (public ones only) beside their pages.
    pub fn copy_attachments(
        &self,
        entries: &[usize],
        sink: &dyn Sink,
    ) -> Result<usize, Diagnostics> {
        collect(self.attachment_copies(entries, sink))
    }

    fn attachment_copies(
        &self,
        entries: &[usize],
        sink: &dyn Sink,
    ) -> Vec<Result<usize, Diagnostic>> {
        let attachments: Vec<_> = entries
            .iter()
            .map(|&i| &self.site.entries[i])
            .flat_map(|e| {
                self.site
                    .published_attachments(e)
                    .iter()
                    .map(move |a| (e, a))
            })
            .collect();
        attachments
            .par_iter()
            .map(|(e, a)| {
                let rel = layout::file_for(&layout::attachment(&e.slug, &a.name));
                sink.copy_file(&rel, &a.path)
                    .map(|_| 1)
                    .map_err(|err| write_error(&rel, &err))
            })
            .collect()
    }
}

fn collect(results: Vec<Result<usize, Diagnostic>>) -> Result<usize, Diagnostics> {
    let mut total = 0;
    let mut problems = Diagnostics::new();
    for r in results {
        match r {
            Ok(n) => total += n,
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(total)
    } else {
        // A broken template fails every page it renders the same way: say it once.
        Err(problems.merge_repeated("个页面"))
    }
}
