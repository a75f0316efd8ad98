//! Links in bodies (entries, guides, catalogues, reports) resolved against the files
//! the build writes: a link that leads nowhere is an error; a current document that
//! links to a repealed or expired one as if it were in force is a warning.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::text_of;
use crate::diagnostics::Diagnostic;
use crate::output::layout;
use crate::site::{Site, Validity};
use crate::source::markdown::{self, Link};

/// A body to check: the file it is in, the page it is shown on, its links.
struct Body<'a> {
    file: &'a Path,
    page: String,
    links: Cow<'a, [Link]>,
    /// The entry it belongs to, if any.
    entry: Option<usize>,
}

/// Checks links against the files the build writes.
pub struct Links<'a> {
    site: &'a Site,
    files: &'a HashSet<String>,
    /// Entry page address → entry.
    by_page: HashMap<String, usize>,
}

impl<'a> Links<'a> {
    pub fn new(site: &'a Site, files: &'a HashSet<String>) -> Links<'a> {
        let by_page = site
            .public_entries()
            .map(|(i, e)| (layout::entry(&e.slug), i))
            .collect();
        Links {
            site,
            files,
            by_page,
        }
    }

    /// The links of entry `i` (found when it was loaded).
    pub fn entry(&self, i: usize) -> Vec<Diagnostic> {
        let e = &self.site.entries[i];
        if e.links.is_empty() {
            return Vec::new();
        }
        let b = Body {
            file: &e.source,
            page: layout::entry(&e.slug),
            links: Cow::Borrowed(&e.links),
            entry: Some(i),
        };
        body_links(self.site, self.files, &self.by_page, &b)
    }

    /// The links of the guides, catalogues and reports.
    pub fn agencies(&self) -> Vec<Diagnostic> {
        let mut bodies = Vec::new();
        let mut add = |file, page, body: &str| {
            bodies.push(Body {
                file,
                page,
                links: Cow::Owned(markdown::links(body, body_line(self.site, file, body))),
                entry: None,
            });
        };
        for a in &self.site.agencies {
            add(&a.guide.source, layout::guide(&a.url), &a.guide.body);
            add(
                &a.catalogue.source,
                layout::catalogue(&a.url),
                &a.catalogue.body,
            );
            for r in &a.reports {
                add(&r.source, layout::report(&a.url, r.year), &r.body);
            }
        }
        bodies
            .iter()
            .flat_map(|b| body_links(self.site, self.files, &self.by_page, b))
            .collect()
    }
}

/// The line of its file on which a body kept in memory starts (1 if the file cannot
/// be read again or the body is not found in it).
fn body_line(site: &Site, file: &Path, body: &str) -> usize {
    text_of(site, file)
        .and_then(|text| {
            text.find(body)
                .map(|at| text[..at].matches('\n').count() + 1)
        })
        .unwrap_or(1)
}

/// The findings about the links of one body.
fn body_links(
    site: &Site,
    files: &HashSet<String>,
    by_page: &HashMap<String, usize>,
    b: &Body,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for Link { line, url: link } in b.links.iter() {
        let Some(target) = resolve(&b.page, link, &site.config.base_path) else {
            continue;
        };
        let found = match &target {
            Some(t) => exists(files, t),
            None => None,
        };
        match found {
            None => out.push(broken(site, b, *line, link, target.as_deref())),
            Some(page) => {
                let (Some(from), Some(&to)) = (b.entry, by_page.get(&page)) else {
                    continue;
                };
                let (from, to) = (&site.entries[from], &site.entries[to]);
                if from.validity == Validity::Valid && to.validity != Validity::Valid {
                    out.push(
                        place(site, b, *line, Diagnostic::warning(
                            b.file,
                            format!(
                                "链接到已{}的《{}》（{}），本条目却仍然有效",
                                to.validity.label(),
                                to.title,
                                to.index
                            ),
                        ))
                        .hint("核对这条依据是否还适用：引用已废止或失效文件的，请改为引用现行文件，或把本条目的有效性也改为失效/废止"),
                    );
                }
            }
        }
    }
    out
}

/// Where a link leads, relative to the output root. `None`: not checked (another site,
/// an anchor, mail); `Some(None)`: it climbs out of the site.
fn resolve(page: &str, link: &str, base_path: &str) -> Option<Option<String>> {
    let link = link.trim();
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.starts_with("//") || has_scheme(path) {
        return None;
    }
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let (mut parts, rest): (Vec<&str>, &str) = match path.strip_prefix('/') {
        Some(_) => match path.strip_prefix(base_path) {
            Some(rest) => (Vec::new(), rest),
            // A path on the same server but outside this site: not ours to check.
            None => return None,
        },
        None => {
            let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            (
                dir.split('/').filter(|s| !s.is_empty()).collect(),
                path.as_str(),
            )
        }
    };
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(None);
                }
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if rest.ends_with('/') && !target.is_empty() {
        target.push('/');
    }
    Some(Some(target))
}

fn has_scheme(link: &str) -> bool {
    match link.find(':') {
        Some(i) => {
            let s = &link[..i];
            !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        }
        None => false,
    }
}

/// The page or file a target names, if the build writes it (pages as their address).
fn exists(files: &HashSet<String>, target: &str) -> Option<String> {
    let dir = target.trim_end_matches('/');
    let index = if dir.is_empty() {
        "index.html".to_string()
    } else {
        format!("{dir}/index.html")
    };
    if files.contains(&index) {
        return Some(if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        });
    }
    (!target.ends_with('/') && files.contains(target)).then(|| target.to_string())
}

fn broken(site: &Site, b: &Body, line: usize, link: &str, target: Option<&str>) -> Diagnostic {
    let d = Diagnostic::error(b.file, format!("链接 `{link}` 指向的页面或文件不存在"));
    // Written as a path to a source file or a file beside it? Say what to write instead.
    let source_dir = site.root.join(b.file).parent().map(Path::to_path_buf);
    let beside = source_dir.map(|d| d.join(link.split(['#', '?']).next().unwrap_or(link)));
    let hint = match beside.filter(|p| p.is_file()) {
        Some(p) if p.extension().is_some_and(|x| x == "md") => {
            let p = p.canonicalize().unwrap_or(p);
            let same = |e: &&crate::site::Entry| {
                site.root
                    .join(&e.source)
                    .canonicalize()
                    .is_ok_and(|q| q == p)
            };
            match site.entries.iter().find(same) {
                Some(e) => format!(
                    "链接写的是源文件；网页上应链接到条目页面 `{}`",
                    relative(&b.page, &layout::entry(&e.slug))
                ),
                None => "链接写的是源文件，网站中没有这个文件；请链接到对应的网页地址".into(),
            }
        }
        Some(_) if b.entry.is_some() => {
            "这个文件在条目旁边，但没有列在 attachments 里，不会复制到网站；请把它加到 attachments"
                .into()
        }
        _ => match target {
            Some(t) => format!(
                "链接按本页地址 `{}` 解析为 `{t}`，网站中没有这个地址；请核对",
                b.page
            ),
            None => "链接跳出了网站根目录".into(),
        },
    };
    place(site, b, line, d.hint(hint))
}

/// The relative link from one page address to another (`entry/a/` → `../b/`).
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut link = "../".repeat(from.len() - common);
    link.push_str(&to_parts[common..].join("/"));
    if to.ends_with('/') {
        link.push('/');
    }
    link
}

/// Puts a finding on the line of the link.
fn place(site: &Site, b: &Body, line: usize, d: Diagnostic) -> Diagnostic {
    let d = d.at(line, 1);
    match text_of(site, b.file) {
        Some(text) => d.quote(&text),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_site_absolute_links() {
        let r = |l| resolve("entry/a/", l, "/xxgk/");
        assert_eq!(r("../b/"), Some(Some("entry/b/".into())));
        assert_eq!(r("附件.pdf"), Some(Some("entry/a/附件.pdf".into())));
        assert_eq!(r("%E9%99%84.pdf#p2"), Some(Some("entry/a/附.pdf".into())));
        assert_eq!(r("/xxgk/guide/"), Some(Some("guide/".into())));
        assert_eq!(r("../../../x"), Some(None));
        assert_eq!(r("https://www.gov.cn/"), None);
        assert_eq!(r("mailto:a@b.cn"), None);
        assert_eq!(r("#top"), None);
        assert_eq!(r("/other/site/"), None);
    }

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(relative("entry/a/", "entry/b/"), "../b/");
        assert_eq!(relative("xihe/guide/", "entry/b/"), "../../entry/b/");
    }

    #[test]
    fn pages_exist_with_or_without_slash() {
        let files: HashSet<String> = ["index.html", "entry/b/index.html", "entry/b/x.pdf"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(exists(&files, "entry/b/"), Some("entry/b/".into()));
        assert_eq!(exists(&files, "entry/b"), Some("entry/b/".into()));
        assert_eq!(
            exists(&files, "entry/b/x.pdf"),
            Some("entry/b/x.pdf".into())
        );
        assert_eq!(exists(&files, ""), Some(String::new()));
        assert_eq!(exists(&files, "entry/c/"), None);
    }
}
