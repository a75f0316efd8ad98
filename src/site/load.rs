//! Reading: walk `content/`, read and parse every file in parallel, collect every problem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::Site;
use super::agency::{Agency, Guide};
use super::catalogue::Catalogue;
use super::config::SiteConfig;
use super::entry::{self, Entry};
use super::parsed;
use crate::calendar::WorkingDayCalendar;
use crate::diagnostics::{Diagnostic, display_path};
use crate::output::cache::Fingerprint;
use crate::output::parses::Parses;
use crate::report::Report;
use crate::source::read_text;
use crate::source::walk::{self, LinkPolicy};
use crate::source::yaml::{self, Source, SplitError};
use crate::standard::Standard;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub today: NaiveDate,
    /// Overrides `site.yaml`'s `base_url` (e.g. for a staging host).
    pub base_url: Option<String>,
    /// `serve --drafts` only: drafts, unreviewed and not-yet-due entries are shown too,
    /// each marked as such. `build` never sets it.
    pub drafts: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            today: chrono::Local::now().date_naive(),
            base_url: None,
            drafts: false,
        }
    }
}

/// What reading found, file by file; the checks across files come next (`validate`).
pub struct Read {
    pub root: PathBuf,
    /// `None` when `site.yaml` did not load (its errors are reported).
    pub config: Option<SiteConfig>,
    pub agencies: Vec<Agency>,
    pub entries: Vec<Entry>,
    pub today: NaiveDate,
    pub calendar: WorkingDayCalendar,
    pub preview_unpublished: bool,
    pub standard: Standard,
}

impl Read {
    pub fn into_site(self) -> Option<Site> {
        Some(Site {
            root: self.root,
            config: self.config?,
            agencies: self.agencies,
            entries: self.entries,
            today: self.today,
            calendar: self.calendar,
            preview_unpublished: self.preview_unpublished,
            standard: self.standard,
            fingerprints: Default::default(),
        })
    }
}

/// Stage 1: reads `site.yaml` and every file under `content/`, reporting each file's
/// own problems. `agency_files` receives the guides, catalogues and reports found.
/// `None` when there is no site to speak of (no `site.yaml`, `content/` or agency).
/// An entry file unchanged since `earlier` kept its parse is read but not parsed again.
pub fn read(
    root: &Path,
    opts: &LoadOptions,
    earlier: Option<&Parses>,
    out: &mut Vec<Diagnostic>,
    agency_files: &mut Vec<PathBuf>,
) -> Option<Read> {
    let config_path = root.join("site.yaml");
    if !config_path.is_file() {
        out.push(
            Diagnostic::error("site.yaml", format!("在 {} 找不到 site.yaml", root.display()))
                .hint("在站点文件夹里运行，或用 --root 指定站点文件夹；新建站点请用 `gongkai init 文件夹名`"),
        );
        return None;
    }
    let config = match read_text(root, &config_path) {
        Ok(text) => SiteConfig::parse(Path::new("site.yaml"), &text, out),
        Err(d) => {
            out.push(d);
            None
        }
    };
    let config = config.and_then(|mut c| match &opts.base_url {
        Some(url) => match c.set_base_url(url) {
            Ok(()) => Some(c),
            Err(msg) => {
                out.push(Diagnostic::error("--base-url", msg));
                None
            }
        },
        None => Some(c),
    });
    for f in config.iter().flat_map(|c| &c.shared_folders) {
        if !root.join(&f.value).is_dir() {
            out.push(
                Diagnostic::error("site.yaml", format!("共享文件夹 `{}` 不存在", f.value))
                    .at(f.line, f.column)
                    .field("shared_folders")
                    .hint("写共享文件夹的完整路径（或相对于站点文件夹的路径），并确认它已挂载"),
            );
        }
    }
    let content = root.join("content");
    if !content.is_dir() {
        out.push(
            Diagnostic::error("content", "找不到 content/ 文件夹")
                .hint("站点的机构、指南、目录和条目都放在 site.yaml 旁边的 content/ 文件夹里"),
        );
        return None;
    }
    let policy = link_policy(root, config.as_ref());
    let scan = scan(root, &content, &policy, out);
    agency_files.extend(
        (scan.agencies.iter())
            .flat_map(|dir| [dir.join("guide.md"), dir.join("catalogue.md")])
            .chain(scan.reports.iter().map(|(_, path)| path.clone())),
    );
    if scan.agencies.is_empty() {
        out.push(
            Diagnostic::error("content", "content/ 里没有任何机构：没有找到 guide.md")
                .hint("每个机构是一个含有 guide.md（政府信息公开指南）的文件夹；content/ 本身也可以是一个机构"),
        );
        return None;
    }
    let require_review = config.as_ref().is_some_and(|c| c.require_review);

    // Guides and catalogues first: entries are checked against them.
    let parsed: Vec<(AgencyFiles, Vec<Diagnostic>)> = scan
        .agencies
        .par_iter()
        .map(|dir| {
            let mut d = Vec::new();
            let r = read_agency_files(root, dir, &mut d);
            (r, d)
        })
        .collect();
    let mut agencies: Vec<Agency> = Vec::new();
    // Scan position → position in `agencies` (agencies whose files failed are left out).
    let mut slot: Vec<Option<usize>> = Vec::new();
    // Scan position → what did load of an agency whose guide or catalogue failed: its
    // entries and reports are still read, so one run reports their problems too.
    let mut broken: Vec<Option<AgencyFiles>> = Vec::new();
    for ((dir, parent), (r, d)) in scan.agencies.iter().zip(&scan.parents).zip(parsed) {
        out.extend(d);
        let (guide, catalogue) = match r {
            (Some(g), Some(c)) => (g, c),
            partial => {
                slot.push(None);
                broken.push(Some(partial));
                continue;
            }
        };
        broken.push(None);
        let rel = dir.strip_prefix(&content).unwrap_or(dir).to_path_buf();
        let url: String = rel
            .components()
            .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
            .collect();
        let parent = parent.and_then(|p| slot[p]);
        let depth = parent.map_or(0, |p| agencies[p].depth + 1);
        let me = agencies.len();
        if let Some(p) = parent {
            agencies[p].children.push(me);
        }
        agencies.push(Agency {
            dir: rel,
            url,
            parent,
            children: Vec::new(),
            depth,
            guide,
            catalogue,
            reports: Vec::new(),
        });
        slot.push(Some(me));
    }

    let today = opts.today;
    let attachment_roots = attachment_roots(root, config.as_ref());
    let sanitize_html = config.as_ref().is_none_or(|c| c.sanitize_html);
    // What an entry's parse depends on besides its text (`parsed::key`), per agency.
    let contexts: Vec<u64> = (agencies.iter().enumerate())
        .map(|(a, agency)| {
            Fingerprint::new("entry context")
                .add(root)
                .add(&a)
                .add(agency.name())
                .add(&agency.guide.code)
                .debug(&agency.catalogue)
                .add(&(require_review, today, sanitize_html))
                .finish()
        })
        .collect();
    let entry_results: Vec<(usize, Parsed<Entry>)> = scan
        .entries
        .par_iter()
        .map(|(owner, path)| {
            let mut d = Vec::new();
            let Some(text) = read_document(root, path, &mut d) else {
                return (*owner, (None, d));
            };
            // Only an entry of an agency that loaded is kept (the others never are).
            let kept = slot[*owner]
                .zip(earlier)
                .map(|(a, p)| (p, parsed::key(contexts[a], &text)));
            if let Some(hit) = kept.and_then(|(p, key)| parsed::take(p, path, key)) {
                // A file read without a problem: the kept parse's diagnostics are all.
                debug_assert!(d.is_empty());
                return (*owner, hit);
            }
            let ctx = match (slot[*owner], &broken[*owner]) {
                (Some(a), _) => {
                    let agency = &agencies[a];
                    entry::Context {
                        agency: a,
                        agency_name: agency.name(),
                        code: Some(&agency.guide.code),
                        catalogue: Some(&agency.catalogue),
                        require_review,
                        today,
                        attachment_roots: &attachment_roots,
                        sanitize_html,
                    }
                }
                // Checked as far as it can be without the broken file; never kept.
                (None, partial) => {
                    let (guide, catalogue) = partial
                        .as_ref()
                        .map_or((None, None), |(g, c)| (g.as_ref(), c.as_ref()));
                    entry::Context {
                        agency: usize::MAX,
                        agency_name: guide.map_or("", |g| g.agency.as_str()),
                        code: guide.map(|g| g.code.as_str()),
                        catalogue,
                        require_review,
                        today,
                        attachment_roots: &attachment_roots,
                        sanitize_html,
                    }
                }
            };
            let e = parse_document(root, path, &text, &mut d, |src, doc, d| {
                Entry::parse(&ctx, src, path, doc.yaml, doc.body, d)
            });
            let parse = (e.filter(|_| slot[*owner].is_some()), d);
            if let Some((p, key)) = kept {
                parsed::keep(p, path, key, &parse);
            }
            (*owner, parse)
        })
        .collect();
    let mut entries = Vec::with_capacity(entry_results.len());
    let mut unchecked = vec![0usize; scan.agencies.len()];
    for (owner, (e, d)) in entry_results {
        out.extend(d);
        entries.extend(e);
        if broken[owner].is_some() {
            unchecked[owner] += 1;
        }
    }
    // Said once per agency, not once per entry.
    for (i, n) in unchecked.iter().enumerate().filter(|(_, n)| **n > 0) {
        let dir = &scan.agencies[i];
        let (what, file) = match &broken[i] {
            Some((_, None)) => ("分类和索引号", "catalogue.md"),
            _ => ("索引号", "guide.md"),
        };
        out.push(
            Diagnostic::warning(
                display_path(root, &dir.join(file)),
                format!("{file} 有错误，这个机构的 {n} 个条目的{what}要等它改正后才能核对"),
            )
            .hint(format!("先改正上面列出的 {file} 中的错误，再运行一次")),
        );
    }

    // The reports of an agency that did not load are read too (for their problems).
    let report_results: Vec<(Option<usize>, Option<Report>, Vec<Diagnostic>)> = scan
        .reports
        .par_iter()
        .map(|(owner, path)| {
            let mut d = Vec::new();
            let r = report_year(root, path, today, &mut d).and_then(|year| {
                with_document(root, path, &mut d, |src, doc, d| {
                    Report::parse(src, year, doc.yaml, doc.body, d)
                })
            });
            (slot[*owner], r, d)
        })
        .collect();
    for (a, r, d) in report_results {
        out.extend(d);
        if let Some(a) = a {
            agencies[a].reports.extend(r);
        }
    }
    for a in &mut agencies {
        a.reports.sort_by_key(|r| r.year);
    }

    let calendar = WorkingDayCalendar::for_site(root, out);
    let standard = Standard::for_site(root, out);
    Some(Read {
        root: root.to_path_buf(),
        config,
        agencies,
        entries,
        today,
        calendar,
        preview_unpublished: opts.drafts,
        standard,
    })
}

/// Where the site's symbolic links may point: inside the site folder, or into the
/// `shared_folders` of `site.yaml` (when it loaded).
pub fn link_policy(root: &Path, config: Option<&SiteConfig>) -> LinkPolicy {
    LinkPolicy::new(root, &shared_folders(root, config))
}

/// Where attachments may be: inside `content/` or a shared folder.
pub fn attachment_roots(root: &Path, config: Option<&SiteConfig>) -> LinkPolicy {
    LinkPolicy::new(&root.join("content"), &shared_folders(root, config))
}

fn shared_folders(root: &Path, config: Option<&SiteConfig>) -> Vec<PathBuf> {
    config
        .map(|c| {
            c.shared_folders
                .iter()
                .map(|f| root.join(&f.value))
                .collect()
        })
        .unwrap_or_default()
}

/// The agency owning `path` as an entry file (`<agency>/entries/**/*.md`), by the rules of
/// the scan: the nearest agency folder above it. `None` for anything else (guides,
/// catalogues, reports, hidden files, files outside `content/`).
pub fn entry_owner(site: &Site, path: &Path) -> Option<usize> {
    let rel = path.strip_prefix(site.content_dir()).ok()?;
    if rel.extension().is_none_or(|x| x != "md")
        || rel.components().any(|c| is_hidden(c.as_os_str()))
    {
        return None;
    }
    let (owner, dir) = rel.ancestors().skip(1).find_map(|dir| {
        site.agencies
            .iter()
            .position(|a| a.dir == dir)
            .map(|i| (i, dir))
    })?;
    let inside = rel.strip_prefix(dir).ok()?;
    (inside.components().next()?.as_os_str() == "entries").then_some(owner)
}

/// Reads one entry file of `site` again (for `serve`), exactly as a full load would.
/// `owner` is its agency (see `entry_owner`).
pub fn load_entry(site: &Site, owner: usize, path: &Path) -> (Option<Entry>, Vec<Diagnostic>) {
    let agency = &site.agencies[owner];
    let attachment_roots = attachment_roots(&site.root, Some(&site.config));
    let ctx = entry::Context {
        agency: owner,
        agency_name: agency.name(),
        code: Some(&agency.guide.code),
        catalogue: Some(&agency.catalogue),
        require_review: site.config.require_review,
        today: site.today,
        attachment_roots: &attachment_roots,
        sanitize_html: site.config.sanitize_html,
    };
    let mut d = Vec::new();
    let e = with_document(&site.root, path, &mut d, |src, doc, d| {
        Entry::parse(&ctx, src, path, doc.yaml, doc.body, d)
    });
    (e, d)
}

/// A file's result and the problems found in it (collected per worker, merged in order).
type Parsed<T> = (Option<T>, Vec<Diagnostic>);

/// Reads a Markdown file, splits its front matter, and hands both to `parse`.
pub fn with_document<T>(
    root: &Path,
    path: &Path,
    out: &mut Vec<Diagnostic>,
    parse: impl FnOnce(&Source, &yaml::Document, &mut Vec<Diagnostic>) -> Option<T>,
) -> Option<T> {
    let text = read_document(root, path, out)?;
    parse_document(root, path, &text, out, parse)
}

/// A Markdown file's text (why not, in `out`).
fn read_document(root: &Path, path: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
    read_text(root, path).map_err(|d| out.push(d)).ok()
}

/// Splits the text of the Markdown file at `path` and hands it to `parse`.
fn parse_document<T>(
    root: &Path,
    path: &Path,
    text: &str,
    out: &mut Vec<Diagnostic>,
    parse: impl FnOnce(&Source, &yaml::Document, &mut Vec<Diagnostic>) -> Option<T>,
) -> Option<T> {
    let shown = display_path(root, path);
    if text.trim().is_empty() {
        out.push(
            Diagnostic::error(&shown, "文件是空的")
                .hint("写上前置信息和正文（新建条目可用 `gongkai new`），或删除这个文件"),
        );
        return None;
    }
    match yaml::split_front_matter(text) {
        Ok(doc) => parse(&Source::new(&shown, text, doc.yaml_line), &doc, out),
        Err(SplitError::Missing) => {
            out.push(
                Diagnostic::error(&shown, "文件开头缺少前置信息（YAML front matter）")
                    .at(1, 1)
                    .quote(text)
                    .hint("文件第一行必须是 `---`，然后是 `字段: 值` 各行，再以一行 `---` 结束，之后才是正文"),
            );
            None
        }
        Err(SplitError::Unclosed) => {
            out.push(
                Diagnostic::error(&shown, "前置信息没有结束：找不到第二行 `---`")
                    .at(1, 1)
                    .quote(text)
                    .hint("在字段之后、正文之前加一行 `---`"),
            );
            None
        }
    }
}

/// Reads an agency folder's guide and catalogue.
pub fn read_agency(
    root: &Path,
    dir: &Path,
    out: &mut Vec<Diagnostic>,
) -> Option<(Guide, Catalogue)> {
    let (guide, catalogue) = read_agency_files(root, dir, out);
    Some((guide?, catalogue?))
}

/// An agency's guide and catalogue, each as far as it loaded.
type AgencyFiles = (Option<Guide>, Option<Catalogue>);

/// Reads an agency folder's guide and catalogue, each as far as it loads.
fn read_agency_files(root: &Path, dir: &Path, out: &mut Vec<Diagnostic>) -> AgencyFiles {
    let guide = with_document(root, &dir.join("guide.md"), out, |src, doc, d| {
        Guide::parse(src, doc.yaml, doc.body, d)
    });
    let catalogue_path = dir.join("catalogue.md");
    let catalogue = if catalogue_path.is_file() {
        with_document(root, &catalogue_path, out, |src, doc, d| {
            Catalogue::parse(src, doc.yaml, doc.body, d)
        })
    } else {
        out.push(
            Diagnostic::error(display_path(root, &catalogue_path), "机构缺少政府信息公开目录 catalogue.md")
                .hint("在 guide.md 旁边新建 catalogue.md，写明 `categories:` 分类；可参考 `gongkai init` 生成的示例"),
        );
        None
    };
    (guide, catalogue)
}

fn report_year(
    root: &Path,
    path: &Path,
    today: NaiveDate,
    out: &mut Vec<Diagnostic>,
) -> Option<i32> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.parse::<i32>() {
        Ok(y) if stem.len() == 4 && (2000..=today.year()).contains(&y) => Some(y),
        _ => {
            out.push(
                Diagnostic::error(
                    display_path(root, path),
                    format!("年度报告的文件名 `{stem}.md` 不是有效的年份"),
                )
                .hint(format!(
                    "年度报告按年份命名，例如 reports/{}.md",
                    today.year() - 1
                )),
            );
            None
        }
    }
}

/// What the walk of `content/` found (paths on disk).
pub struct Scan {
    /// Agency folders, parents before children.
    pub agencies: Vec<PathBuf>,
    /// For each agency, the position of its nearest agency ancestor.
    pub parents: Vec<Option<usize>>,
    /// (owning agency, file) for `entries/**/*.md`.
    pub entries: Vec<(usize, PathBuf)>,
    /// (owning agency, file) for `reports/*.md`.
    pub reports: Vec<(usize, PathBuf)>,
}

/// Names the scan skips: hidden files and editors' backup and lock files.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    n.starts_with('.') || n.starts_with('~') || n.starts_with('#') || n.ends_with('~')
}

/// Finds the agencies and their files under `content`, without reading them. Symbolic
/// links are followed as `policy` allows; the others are reported (`source::walk`).
pub fn scan(root: &Path, content: &Path, policy: &LinkPolicy, out: &mut Vec<Diagnostic>) -> Scan {
    let mut markdown = Vec::new();
    let mut agency_dirs = BTreeMap::new();
    for p in walk::files(root, content, policy, is_hidden, out) {
        if p.extension().is_some_and(|x| x == "md") {
            if p.file_name().is_some_and(|n| n == "guide.md")
                && let Some(dir) = p.parent()
            {
                agency_dirs.insert(dir.to_path_buf(), ());
            }
            markdown.push(p);
        }
    }
    // In the order of their paths' components, as a sorted walk would list them. (Sorting
    // once here is several times cheaper than walkdir's per-folder sort, which takes each
    // name apart from its full path at every comparison.) With `/` as the lowest byte,
    // byte order is component order.
    markdown.par_sort_by_cached_key(|p| {
        let mut key = p.as_os_str().as_encoded_bytes().to_vec();
        for b in key
            .iter_mut()
            .filter(|b| std::path::is_separator(char::from(**b)))
        {
            *b = 0;
        }
        key
    });
    // BTreeMap order puts a folder before everything inside it.
    let agencies: Vec<PathBuf> = agency_dirs.into_keys().collect();
    let position: std::collections::HashMap<&Path, usize> = agencies
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_path(), i))
        .collect();
    // The nearest agency folder at or above `p` (a few hash lookups, not a scan).
    let owner = |p: &Path| p.ancestors().find_map(|a| position.get(a).copied());
    let parents = agencies
        .iter()
        .map(|a| a.parent().and_then(owner))
        .collect();
    let mut entries = Vec::new();
    let mut reports = Vec::new();
    // Files come folder by folder: look up each folder's agency once.
    let mut folder: Option<(PathBuf, Option<usize>)> = None;
    for p in markdown {
        let dir = p.parent().unwrap_or(&p);
        let o = match &folder {
            Some((d, o)) if d == dir => *o,
            _ => {
                let o = owner(dir);
                folder = Some((dir.to_path_buf(), o));
                o
            }
        };
        let Some(o) = o else {
            out.push(
                Diagnostic::warning(display_path(root, &p), "这个文件不属于任何机构，未使用")
                    .hint("条目应放在某个含有 guide.md 的机构文件夹下的 entries/ 里"),
            );
            continue;
        };
        let rel = p.strip_prefix(&agencies[o]).unwrap_or(&p);
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match (first.as_deref(), rel.components().count()) {
            (Some("guide.md" | "catalogue.md"), 1) => {}
            (Some("entries"), _) => entries.push((o, p)),
            (Some("reports"), 2) => reports.push((o, p)),
            _ => out.push(
                Diagnostic::warning(
                    display_path(root, &p),
                    "这个 Markdown 文件不在 entries/ 或 reports/ 里，未使用",
                )
                .hint("条目放在 entries/ 下，年度报告放在 reports/ 下并以年份命名"),
            ),
        }
    }
    Scan {
        agencies,
        parents,
        entries,
        reports,
    }
}
