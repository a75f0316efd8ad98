//! A full build: load → validate → render into a staging folder → swap into place.
//!
//! `write_pages` is every stage that writes pages and files; `build` runs it into a staging folder
//! and `serve` into memory, so both always produce the same site.

pub mod part;
pub mod progress;
pub mod stages;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, os_error};
use crate::output::cache::{Cache, CacheSink};
use crate::output::{DirSink, Share, Sink, Staging};
use crate::render::Renderer;
use crate::search;
use crate::site::{LoadOptions, Site, Status};
pub use progress::Progress;
use stages::Stages;

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub load: LoadOptions,
    /// `--part K/N`: this share of the pages and index bundles only (see `part`).
    pub part: Share,
    /// The build cache folder (`output::cache`); `None`: build everything anew.
    pub cache: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub agencies: usize,
    /// Entries published in the output.
    pub entries: usize,
    /// Entries held back: drafts, unreviewed, not yet due.
    pub held_back: usize,
    /// A `serve --drafts` preview, which shows the held-back entries too.
    pub preview_unpublished: bool,
    pub files: usize,
    /// Of `files`, those left as the previous build wrote them (from the build cache).
    pub unchanged: Option<usize>,
    /// The whole build, every stage included.
    pub elapsed: Duration,
    /// The search stage's figures, when it ran.
    pub search: Option<search::Stats>,
    /// The path of `base_url` (`/xxgk/`).
    pub base_path: String,
}

impl Summary {
    pub fn new(site: &Site, written: &Written, elapsed: Duration) -> Summary {
        let held_back = site
            .entries
            .iter()
            .filter(|e| e.status != Status::Public)
            .count();
        Summary {
            agencies: site.agencies.len(),
            entries: site.entries.len() - held_back,
            held_back,
            preview_unpublished: site.preview_unpublished,
            files: written.files,
            unchanged: None,
            elapsed,
            search: written.search.clone(),
            base_path: site.config.base_path.clone(),
        }
    }

    pub fn line(&self) -> String {
        let held = match (self.held_back, self.preview_unpublished) {
            (0, _) => String::new(),
            (n, false) => format!("（另有 {n} 个草稿、未审核或未到公开日期的条目未发布）"),
            (n, true) => {
                format!("（另有 {n} 个草稿、未审核或未到公开日期的条目只在预览中显示，不会发布）")
            }
        };
        let of_which = match &self.search {
            Some(s) => format!("，其中搜索索引 {:.2} 秒", s.elapsed.as_secs_f64()),
            None => String::new(),
        };
        let unchanged = match self.unchanged {
            Some(n) => format!("（{} 个有变化，{n} 个与上次相同、未改动）", self.files - n),
            None => String::new(),
        };
        let mut line = format!(
            "构建完成：{} 个机构，{} 个条目{held}，写出 {} 个文件{unchanged}，总用时 {:.2} 秒（全部阶段{of_which}）",
            self.agencies,
            self.entries,
            self.files,
            self.elapsed.as_secs_f64()
        );
        if let Some(search) = &self.search {
            line.push('\n');
            line.push_str(&search.line());
        }
        line
    }

    /// What the person deploying the site should know about where it goes.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.base_path != "/" {
            notes.push(format!(
                "注意：网站放在子路径 {} 下。搜索引擎只读取域名根目录的 robots.txt，不会读取本网站的 robots.txt；需要时请把其中的 Sitemap 一行加到域名根目录的 robots.txt 里。",
                self.base_path
            ));
        }
        notes
    }
}

pub struct Outcome {
    /// Present when the build succeeded and the output was replaced.
    pub summary: Option<Summary>,
    pub diagnostics: Diagnostics,
}

/// Builds the site, telling `progress` each stage as it runs.
pub fn build(opts: &BuildOptions, progress: &Progress) -> Outcome {
    let start = Instant::now();
    let mut stages = Stages::new(start);
    progress.begin("读取与校验");
    let mut diagnostics = Diagnostics::new();
    // Opened before the load, which takes parsed entries from it; not in a folder that
    // is no site (the load will say so), which should not get a cache folder.
    let site_folder = opts.root.join("site.yaml").is_file();
    let cache = opts.cache.as_deref().filter(|_| site_folder).and_then(|dir| {
        Cache::open(dir, &opts.output)
            .map_err(|msg| {
                diagnostics.push(Diagnostic::warning(dir, msg).hint(
                    "本次构建不使用缓存、全部重新生成；删除该文件夹，或用 --cache 指定另一个缓存目录",
                ))
            })
            .ok()
    });
    let loaded =
        crate::validate::load_with(&opts.root, &opts.load, cache.as_ref().map(Cache::parsed));
    diagnostics.extend(loaded.diagnostics);
    if let Some(Err(e)) = cache.as_ref().map(Cache::save_parsed) {
        diagnostics.push(cache_warning(opts, &e));
    }
    // What is still marked 【请填写】 must not be published: refused with the rest.
    diagnostics.extend(crate::validate::unfilled::check(
        &opts.root,
        &loaded.agency_files,
        loaded.site.as_ref(),
    ));
    diagnostics.sort();
    let took = stages.mark("读取与校验");
    let Some(site) = loaded.site.filter(|_| !diagnostics.has_errors()) else {
        diagnostics.extend(crate::render::check_templates(&opts.root));
        return Outcome {
            summary: None,
            diagnostics,
        };
    };
    let shown = site.public_entries().count();
    let held = match site.entries.len() - shown {
        0 => String::new(),
        n => format!("（另有 {n} 个不发布）"),
    };
    progress.finish(
        &format!("{} 个机构，{shown} 个条目{held}", site.agencies.len()),
        took,
    );
    progress.begin("准备模板数据");
    let fail = |mut diagnostics: Diagnostics, more: Diagnostics| {
        diagnostics.extend(more);
        Outcome {
            summary: None,
            diagnostics,
        }
    };
    let renderer = match Renderer::new(&site) {
        Ok(r) => r,
        Err(d) => return fail(diagnostics, d),
    };
    progress.finish("完成", stages.mark("准备模板数据"));
    progress.begin(progress::PAGES);
    let staging = match Staging::begin(&opts.root, &opts.output) {
        Ok(s) => s,
        Err(msg) => {
            diagnostics.push(
                Diagnostic::error(&opts.output, msg).hint("用 --output 指定另一个输出文件夹"),
            );
            return Outcome {
                summary: None,
                diagnostics,
            };
        }
    };
    // A part's output carries its manifest beside the pages: always swapped whole.
    let in_place = cache.as_ref().is_some_and(Cache::in_place) && opts.part.is_whole();
    let (plain, cached) = (DirSink::new(staging.dir()), cache.as_ref());
    let cached = cached.map(|c| CacheSink::new(c, staging.dir(), in_place));
    let sink: &dyn Sink = cached.as_ref().map_or(&plain, |c| c as &dyn Sink);
    // On failure `staging` is dropped: the temporary folder goes, the old output stays.
    let files = match write_pages(&renderer, opts.part, sink, progress) {
        Ok(n) => n,
        Err(d) => return fail(diagnostics, d),
    };
    progress.finish(&format!("{files} 个文件"), stages.mark("生成页面"));
    progress.begin("生成搜索索引");
    // The pages' template values are done with: free them before Pagefind's peak.
    let Renderer { listings, .. } = renderer;
    // For benchmarks only (`bench/bench.py` times the pages and the search index apart);
    // a site built this way has a search page without an index.
    let search = if std::env::var_os("GONGKAI_SKIP_SEARCH").is_some() {
        None
    } else {
        match search::write_index(&site, &listings, opts.part, sink) {
            Ok(stats) => Some(stats),
            Err(d) => return fail(diagnostics, d),
        }
    };
    let took = stages.mark("搜索索引");
    if let Some(s) = &search {
        progress.finish(&format!("{} 个条目，{} 个文件", s.records, s.files), took);
    }
    if !opts.part.is_whole()
        && let Err(d) = part::write_manifest(staging.dir(), &site, opts.part)
    {
        return fail(diagnostics, d);
    }
    progress.begin("替换输出目录");
    let written = Written {
        files: files + search.as_ref().map_or(0, |s| s.files),
        search,
    };
    let committed = match &cached {
        Some(sink) if in_place => staging.commit_update(sink.gone()),
        _ => staging.commit(),
    };
    progress.finish("完成", stages.mark("替换输出目录"));
    if let Err(e) = committed {
        diagnostics.push(
            Diagnostic::error(
                &opts.output,
                format!("无法把新生成的网站放到输出目录：{}", os_error(&e)),
            )
            .hint("旧网站保持不变；检查磁盘空间、输出目录是否被其他程序占用，以及是否有写入权限"),
        );
        return Outcome {
            summary: None,
            diagnostics,
        };
    }
    let mut summary = Summary::new(&site, &written, start.elapsed());
    if let (Some(cache), Some(sink)) = (&cache, cached) {
        summary.unchanged = Some(written.files.saturating_sub(sink.written()));
        let saved = cache.save(sink);
        stages.mark("更新构建缓存");
        if let Err(e) = saved {
            diagnostics.push(cache_warning(opts, &e));
        }
    }
    Outcome {
        summary: Some(summary),
        diagnostics,
    }
}

/// The build cache could not be updated: the next build redoes more, nothing is wrong.
fn cache_warning(opts: &BuildOptions, e: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(
        opts.cache.as_deref().unwrap_or(&opts.output),
        format!("构建缓存未能更新：{}", os_error(e)),
    )
    .hint("下次构建会重新生成更多内容；检查缓存目录的磁盘空间和写入权限")
}

/// What a build wrote.
pub struct Written {
    pub files: usize,
    pub search: Option<search::Stats>,
}

/// Every stage that writes pages and files into `sink`: all pages, the theme's assets,
/// published attachments and `static/` — everything but the search index, which `build`
/// writes next and `serve` in the background. New output stages belong here, so both
/// share them. `share` picks every N-th page of `build --part`; the copied files go with
/// the site-wide part. Returns the file count.
pub fn write_pages(
    renderer: &Renderer,
    share: Share,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<usize, Diagnostics> {
    let mut jobs = renderer.plan();
    if !share.is_whole() {
        jobs = jobs
            .into_iter()
            .enumerate()
            .filter_map(|(i, job)| share.owns(i).then_some(job))
            .collect();
    }
    progress.planned.store(jobs.len(), Ordering::Relaxed);
    let pages = renderer.render_all(&jobs, sink, &progress.pages)?;
    let copied = if share.owns_site_wide() {
        renderer.copy_files(sink)?
    } else {
        0
    };
    Ok(pages + copied)
}
