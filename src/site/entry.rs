//! Catalogue entries (条目): one Markdown file each under an agency's `entries/`.

use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::catalogue::{Catalogue, Lookup};
use crate::diagnostics::Diagnostic;
use crate::output::cache::Fingerprint;
use crate::site::index_number::{self, Facts};
use crate::source::fields::{self, ListOrText};
use crate::source::markdown::{self, Link};
use crate::source::placeholder;
use crate::source::raw_html;
use crate::source::walk::LinkPolicy;
use crate::source::yaml::{self, Located, Source};

#[derive(Deserialize)]
struct Raw {
    index: Option<Located<String>>,
    /// Extension: the number was kept from an old system (checked for uniqueness and
    /// safe characters only, not against `index_format`).
    legacy_index: Option<Located<String>>,
    title: Option<Located<String>>,
    summary: Option<Located<String>>,
    category: Option<Located<String>>,
    created: Option<Located<String>>,
    published: Option<Located<String>>,
    publisher: Option<Located<String>>,
    doc_number: Option<Located<String>>,
    keywords: Option<ListOrText>,
    validity: Option<Located<String>>,
    /// Extension: the day a 废止 or 失效 document stopped being in force.
    repealed: Option<Located<String>>,
    disclosure: Option<Located<String>>,
    attachments: Option<Vec<Located<RawAttachment>>>,
    reviewed: Option<Located<String>>,
    draft: Option<Located<String>>,
    extra: Option<yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttachment {
    file: Option<String>,
    title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Validity {
    #[serde(rename = "有效")]
    Valid,
    #[serde(rename = "失效")]
    Expired,
    #[serde(rename = "废止")]
    Repealed,
}

impl Validity {
    pub const LABELS: [&'static str; 3] = ["有效", "失效", "废止"];
    pub fn label(self) -> &'static str {
        Self::LABELS[self as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Disclosure {
    #[serde(rename = "主动公开")]
    Proactive,
    #[serde(rename = "依申请公开")]
    OnRequest,
}

impl Disclosure {
    pub const LABELS: [&'static str; 2] = ["主动公开", "依申请公开"];
    pub fn label(self) -> &'static str {
        Self::LABELS[self as usize]
    }
}

/// Whether an entry reaches the output, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Public,
    Draft,
    /// The site requires review and the entry has no `reviewed` date.
    Unreviewed,
    /// `published` is after today: published by the first build on or after that day.
    Scheduled,
}

impl Status {
    /// How a preview marks an entry that is not published: `草稿`, `未审核`, `未到公开日期`.
    pub fn unpublished_label(self) -> Option<&'static str> {
        match self {
            Status::Public => None,
            Status::Draft => Some("草稿"),
            Status::Unreviewed => Some("未审核"),
            Status::Scheduled => Some("未到公开日期"),
        }
    }
}

#[derive(Debug, Clone, Hash, Serialize, Deserialize)]
pub struct Attachment {
    pub title: String,
    /// As written in the front matter.
    pub file: String,
    /// Where the file is on disk.
    pub path: PathBuf,
    /// The file name it gets beside the entry's page.
    pub name: String,
    pub size: u64,
    /// Upper-case extension: PDF, DOCX, XLSX …
    pub kind: String,
}

/// Serialisable for the build cache's parsed entries (`site::parsed`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Path shown to users (relative to the site root).
    pub source: PathBuf,
    pub agency: usize,
    pub index: String,
    /// The number was kept from an old system (`legacy_index: true`): not in the
    /// agency's `index_format`, so no sequence of gongkai's numbering.
    pub legacy_index: bool,
    /// 1-based line of `index:` in the file, for duplicate reports.
    pub index_line: usize,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Position in the agency's catalogue.
    pub category: usize,
    pub created: NaiveDate,
    pub published: NaiveDate,
    pub publisher: String,
    pub doc_number: Option<String>,
    pub keywords: Vec<String>,
    pub validity: Validity,
    /// When a 废止/失效 document stopped being in force (the yearly report counts it then).
    pub repealed: Option<NaiveDate>,
    pub disclosure: Disclosure,
    /// Every attachment the front matter lists. Outputs use `Site::published_attachments`.
    attachments: Vec<Attachment>,
    pub reviewed: Option<NaiveDate>,
    pub draft: bool,
    /// Where the Markdown body is: not kept in memory (at county scale the bodies are
    /// most of the site), read again by `body()` when its page is rendered. `None` for
    /// 依申请公开 entries: their body must never be published.
    body: Option<BodyRef>,
    /// The body's links and images (none for 依申请公开 entries), for `check`.
    pub links: Vec<Link>,
    /// Lines still marked 【请填写】, for `check`.
    pub unfilled: Vec<usize>,
    /// As JSON text in the cache: its binary format cannot hold a free-form value.
    #[serde(with = "crate::site::parsed::json_text")]
    pub extra: yaml::Value,
    pub status: Status,
}

/// A body left on disk: the file, where the body starts, and a fingerprint of everything
/// before it (the front matter that decided whether and how the entry is published).
#[derive(Debug, Clone, Hash, Serialize, Deserialize)]
struct BodyRef {
    start: usize,
    head: u64,
    /// The body's length in characters, so search can plan its bundles without reading it.
    chars: usize,
    /// A fingerprint of the body, so the build cache can tell an edited body without
    /// reading it again.
    text: u64,
}

impl BodyRef {
    /// `body` is the tail of `text`, the file's text as `read_text` returned it.
    fn new(text: &str, body: &str) -> BodyRef {
        let start = text.len() - body.len();
        BodyRef {
            start,
            head: fingerprint(&text[..start]),
            chars: body.chars().count(),
            text: fingerprint(body),
        }
    }
}

/// The 1-based line of `text` on which `body`, its tail, starts.
fn body_line(text: &str, body: &str) -> usize {
    1 + text.as_bytes()[..text.len() - body.len()]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(text.as_bytes());
    h.finish()
}

impl Entry {
    /// The Markdown body, read again from the entry's file; empty for 依申请公开 entries.
    /// If the front matter changed since the site was loaded, this is an error rather
    /// than a page built from two versions of the file. Outputs use `Site::published_body`.
    pub(super) fn read_body(&self, site_root: &Path) -> Result<String, Diagnostic> {
        let Some(b) = &self.body else {
            return Ok(String::new());
        };
        // `source` is the path relative to the site folder (or absolute outside it).
        let mut text = crate::source::read_text(site_root, &site_root.join(&self.source))?;
        if !text.is_char_boundary(b.start) || fingerprint(&text[..b.start]) != b.head {
            return Err(Diagnostic::error(
                &self.source,
                "文件在构建过程中被修改，本次构建没有使用它",
            )
            .hint("构建期间请不要编辑站点文件；修改完成后重新运行 `gongkai build`"));
        }
        text.drain(..b.start);
        Ok(text)
    }

    /// The Markdown body's length in characters (0 for 依申请公开 entries), as loaded.
    pub fn body_chars(&self) -> usize {
        self.body.as_ref().map_or(0, |b| b.chars)
    }

    /// A fingerprint of the Markdown body as loaded (`None` for 依申请公开 entries), for
    /// the build cache.
    /// A fingerprint of all that was loaded of the entry, its body's text included (for
    /// the build cache). Hashed field by field: formatting it with `Debug` escapes every
    /// character, which at 100,000 entries was the largest cost of an unchanged rebuild.
    pub fn fingerprint(&self) -> u64 {
        // Every field is placed: a new one fails to compile here until it is.
        let Entry {
            source,
            agency,
            index,
            legacy_index,
            index_line,
            slug,
            title,
            summary,
            category,
            created,
            published,
            publisher,
            doc_number,
            keywords,
            validity,
            repealed,
            disclosure,
            attachments,
            reviewed,
            draft,
            body,
            links,
            unfilled,
            extra,
            status,
        } = self;
        let mut f = Fingerprint::new("entry");
        f.add(source)
            .add(agency)
            .add(index)
            .add(legacy_index)
            .add(index_line)
            .add(slug)
            .add(title)
            .add(summary)
            .add(category)
            .add(created)
            .add(published)
            .add(publisher)
            .add(doc_number)
            .add(keywords)
            .add(validity)
            .add(repealed)
            .add(disclosure)
            .add(attachments)
            .add(reviewed)
            .add(draft)
            .add(body)
            .add(links)
            .add(unfilled)
            .add(status);
        // A YAML value has no `Hash` (its numbers may be floats); usually empty.
        f.debug(extra);
        f.finish()
    }

    pub fn body_fingerprint(&self) -> Option<u64> {
        self.body.as_ref().map(|b| b.text)
    }

    /// Whether the entry is listed at all: `publication().listed()`.
    pub fn is_public(&self) -> bool {
        self.publication().listed()
    }

    /// Every attachment listed, published or not: for watching files and for checks,
    /// never for output (that is `Site::published_attachments`).
    pub fn attachment_files(&self) -> &[Attachment] {
        &self.attachments
    }

    pub fn year(&self) -> i32 {
        self.created.year()
    }
}

/// A body larger than this is warned about (a page no phone opens comfortably).
const LARGE_BODY: usize = 5 << 20;

/// What an entry is checked against.
pub struct Context<'a> {
    pub agency: usize,
    pub agency_name: &'a str,
    /// `None` while the agency's guide has errors: the index number is not checked.
    pub code: Option<&'a str>,
    /// `None` while the catalogue has errors: categories and index numbers are not
    /// checked (the loader says so once for the agency).
    pub catalogue: Option<&'a Catalogue>,
    pub require_review: bool,
    pub today: NaiveDate,
    /// Where attachments may be: inside `content/` or a shared folder (`site.yaml`).
    pub attachment_roots: &'a LinkPolicy,
    /// Whether raw HTML in bodies is sanitised (`site.yaml`'s `sanitize_html`).
    pub sanitize_html: bool,
}

impl Entry {
    /// Builds an entry from its file. `path` is on disk; `src.file` is the shown path.
    pub fn parse(
        ctx: &Context,
        src: &Source,
        path: &Path,
        yaml_text: &str,
        body: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Entry> {
        let raw: Raw = yaml::parse(src, yaml_text, out)?;
        let before = out.len();
        let index = fields::required(
            src,
            raw.index,
            "index",
            "11320100MB1234567X/2024-00012",
            out,
        );
        let title = fields::required(src, raw.title, "title", "关于印发……的通知", out);
        let summary = match raw.summary {
            Some(s) if s.value.trim().is_empty() => {
                out.push(
                    src.warning(&s, "summary", "内容概述为空")
                        .hint("《条例》第十二条要求目录包含内容概述，请用一两句话概括"),
                );
                Some(String::new())
            }
            other => fields::required(src, other, "summary", "明确……的目标任务和保障措施。", out)
                .map(|s| s.value),
        };
        let category = fields::required(src, raw.category, "category", "\"0201\"", out)
            .and_then(|c| resolve_category(src, ctx.catalogue?, &c, out));
        let created_loc = fields::required(src, raw.created, "created", "2024-03-01", out);
        let created = created_loc
            .as_ref()
            .and_then(|v| fields::date(src, v, "created", out));
        let published_loc = fields::required(src, raw.published, "published", "2024-03-05", out);
        let published = published_loc
            .as_ref()
            .and_then(|v| fields::date(src, v, "published", out));
        if let (Some(c), Some(p), Some(loc)) = (created, published, &published_loc)
            && p < c
        {
            out.push(
                src.error(loc, "published", format!("公开日期 {p} 早于生成日期 {c}"))
                    .hint("公开日期（published）不能早于生成日期（created），请核对两个日期"),
            );
        }
        let reviewed = raw
            .reviewed
            .as_ref()
            .and_then(|v| fields::date(src, v, "reviewed", out));
        if let (Some(r), Some(p), Some(loc)) = (reviewed, published, &raw.reviewed)
            && r > p
        {
            out.push(
                src.warning(
                    loc,
                    "reviewed",
                    format!("保密审查日期 {r} 晚于公开日期 {p}"),
                )
                .hint("保密审查应在公开之前完成，请核对日期"),
            );
        }
        let validity = match &raw.validity {
            Some(v) => {
                fields::choice(src, v, "validity", &Validity::LABELS, out).map(|l| match l {
                    "失效" => Validity::Expired,
                    "废止" => Validity::Repealed,
                    _ => Validity::Valid,
                })
            }
            None => Some(Validity::Valid),
        };
        let repealed = raw
            .repealed
            .as_ref()
            .and_then(|v| fields::date(src, v, "repealed", out));
        if let (Some(r), Some(loc)) = (repealed, &raw.repealed) {
            if validity == Some(Validity::Valid) {
                out.push(
                    src.error(loc, "repealed", format!("填写了废止日期 {r}，但有效性（validity）是「有效」"))
                        .hint("文件已废止或失效的，把 `validity` 改为 废止 或 失效；仍然有效的，删除 `repealed` 这一行"),
                );
            }
            if created.is_some_and(|c| r < c) {
                out.push(
                    src.error(loc, "repealed", format!("废止日期 {r} 早于生成日期"))
                        .hint("请核对废止（失效）日期"),
                );
            }
        }
        let disclosure = match &raw.disclosure {
            Some(v) => {
                fields::choice(src, v, "disclosure", &Disclosure::LABELS, out).map(|l| match l {
                    "依申请公开" => Disclosure::OnRequest,
                    _ => Disclosure::Proactive,
                })
            }
            None => Some(Disclosure::Proactive),
        };
        let draft = match &raw.draft {
            Some(v) => fields::flag(src, v, "draft", out),
            None => Some(false),
        };
        let raw_attachments = raw.attachments.unwrap_or_default();
        let first_attachment = raw_attachments.first().map(|a| (a.line, a.column));
        let attachments = attachments(src, path, ctx.attachment_roots, raw_attachments, out);
        if let (Some(Disclosure::OnRequest), Some((line, column))) = (disclosure, first_attachment)
        {
            out.push(
                src.error_at(
                    line,
                    column,
                    "依申请公开的条目只公开目录信息，它的附件不会发布",
                )
                .field("attachments")
                .hint("附件随申请答复提供；要在网上公开附件，请把 `disclosure` 改为 主动公开")
                .into_warning(),
            );
        }

        let legacy_index = match &raw.legacy_index {
            Some(v) => fields::flag(src, v, "legacy_index", out),
            None => Some(false),
        };
        if let (Some(ix), Some(true)) = (&index, legacy_index)
            && let Err(why) = index_number::check_legacy(&ix.value)
        {
            out.push(
                src.error(ix, "index", format!("沿用旧系统的索引号 `{}` {why}", ix.value))
                    .hint("旧系统的索引号原样保留，只能由字母、数字和 - / _ . ( ) [ ] : 组成；请核对是否抄错"),
            );
        }
        // Full-width characters (typed with a Chinese input method) look right and are not.
        let full_width = index
            .as_ref()
            .filter(|_| legacy_index == Some(false))
            .and_then(|ix| {
                let c = ix
                    .value
                    .chars()
                    .find(|c| ('\u{ff01}'..='\u{ff5e}').contains(c) || *c == '\u{3000}')?;
                Some((ix, c))
            });
        if let Some((ix, c)) = full_width {
            let half = char::from_u32(c as u32 - 0xfee0)
                .filter(|_| c != '\u{3000}')
                .unwrap_or(' ');
            out.push(
                src.error(
                    ix,
                    "index",
                    format!(
                        "索引号 `{}` 中有全角字符“{c}”，请改为半角“{half}”",
                        ix.value
                    ),
                )
                .hint("索引号只用半角的字母、数字和符号（输入法切换到英文状态再输入）"),
            );
        }
        // A number gongkai hands out must follow the agency's format for this entry's facts.
        if let (Some(ix), Some(c), Some(cat), Some(code), Some(catalogue), Some(false), None) = (
            &index,
            created,
            category,
            ctx.code,
            ctx.catalogue,
            legacy_index,
            full_width,
        ) {
            let facts = Facts {
                code,
                category: &catalogue.categories[cat].code,
                year: c.year(),
                month: c.month(),
            };
            let format = &catalogue.index_format;
            if format.sequence(&ix.value, facts).is_none() {
                let d = src.error(ix, "index", format!(
                    "索引号 `{}` 与本机构的索引号格式 `{}` 不符，应形如 `{}`",
                    ix.value,
                    format.as_str(),
                    format.expected(facts)
                ))
                .hint("索引号由机构代码、生成日期的年份和流水号组成；请核对机构代码和年份，或用 `gongkai new` 自动编号");
                // Only a number that could be kept as it is is offered the legacy mark.
                out.push(if index_number::check_legacy(&ix.value).is_ok() {
                    d.hint("这是从旧系统迁移来、要原样保留的索引号时，在它下面加一行 `legacy_index: true`")
                } else {
                    d
                });
            }
        }

        if ctx.sanitize_html && disclosure == Some(Disclosure::Proactive) && body.contains('<') {
            let depth = raw_html::depth(body);
            if depth > raw_html::MAX_DEPTH {
                out.push(
                    src.file_error(format!(
                        "正文中的 HTML 标签嵌套了 {depth} 层，超过 {} 层的标签不会发布（其中的文字保留）",
                        raw_html::MAX_DEPTH
                    ))
                    .at(body_line(src.text, body), 0)
                    .hint("这样的正文多半是从网页或 Word 复制来的：只保留需要的文字和表格，或把原文做成附件")
                    .into_warning(),
                );
            }
        }
        if body.len() > LARGE_BODY {
            out.push(
                src.file_error(format!(
                    "正文有 {:.1} MB，页面会非常大，手机上可能打不开",
                    body.len() as f64 / (1u64 << 20) as f64
                ))
                .at(body_line(src.text, body), 0)
                .hint("把大段内容做成附件（PDF 等）放在条目旁边，正文只写要点")
                .into_warning(),
            );
        }
        if out[before..].iter().any(Diagnostic::is_error) {
            return None;
        }
        let (index, created, published, draft) = (index?, created?, published?, draft?);
        let legacy_index = legacy_index?;
        let disclosure = disclosure?;
        let status = if draft {
            Status::Draft
        } else if ctx.require_review && reviewed.is_none() {
            out.push(
                src.file_error(
                    "条目没有保密审查日期（`reviewed`），本站要求审查后才能公开，本次不发布",
                )
                .field("reviewed")
                .hint("审查通过后加一行 `reviewed: 2024-03-04`")
                .into_warning(),
            );
            Status::Unreviewed
        } else if published > ctx.today {
            out.push(
                src.warning(
                    published_loc.as_ref()?,
                    "published",
                    format!("公开日期 {published} 还没到，本次构建不发布该条目"),
                )
                .hint("到公开日期后重新构建即可发布"),
            );
            Status::Scheduled
        } else {
            Status::Public
        };
        Some(Entry {
            source: src.path(),
            agency: ctx.agency,
            slug: index_number::slug(&index.value),
            index_line: index.line + src.yaml_line - 1,
            index: index.value,
            legacy_index,
            title: title?.value,
            summary: summary?,
            category: category?,
            created,
            published,
            publisher: fields::optional(raw.publisher)
                .unwrap_or_else(|| ctx.agency_name.to_string()),
            doc_number: fields::optional(raw.doc_number),
            keywords: raw.keywords.map(ListOrText::into_items).unwrap_or_default(),
            validity: validity?,
            repealed,
            attachments,
            reviewed,
            draft,
            body: match disclosure {
                Disclosure::OnRequest => None,
                // The body is the rest of the file after the front matter.
                Disclosure::Proactive => Some(BodyRef::new(src.text, body)),
            },
            // Found while the text is at hand, so `check` need not read every file again.
            links: match disclosure {
                Disclosure::OnRequest => Vec::new(),
                Disclosure::Proactive => markdown::links(body, body_line(src.text, body)),
            },
            unfilled: placeholder::unfilled_lines(src.text),
            disclosure,
            extra: raw.extra.unwrap_or(yaml::Value::Null),
            status,
        })
    }
}

fn resolve_category(
    src: &Source,
    catalogue: &Catalogue,
    v: &Located<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    match catalogue.lookup(&v.value) {
        Lookup::Found(i) => Some(i),
        Lookup::Ambiguous(list) => {
            let codes: Vec<_> = list
                .iter()
                .map(|&i| catalogue.categories[i].code.as_str())
                .collect();
            out.push(
                src.error(v, "category", format!("分类名称「{}」不唯一", v.value))
                    .hint(format!("请改用分类代码：{}", codes.join(" 或 "))),
            );
            None
        }
        Lookup::Missing => {
            let near = crate::diagnostics::nearest(
                &v.value,
                catalogue
                    .categories
                    .iter()
                    .flat_map(|c| [c.code.as_str(), c.name.as_str()]),
            );
            let hint = match near {
                Some(n) => format!(
                    "是否想写 `{n}`？可用的分类见 {}",
                    catalogue.source.display()
                ),
                None => format!(
                    "可用的分类见 {}（写分类代码或完整名称）",
                    catalogue.source.display()
                ),
            };
            out.push(
                src.error(v, "category", format!("目录中没有分类 `{}`", v.value))
                    .hint(hint),
            );
            None
        }
    }
}

fn attachments(
    src: &Source,
    entry_path: &Path,
    roots: &LinkPolicy,
    raws: Vec<Located<RawAttachment>>,
    out: &mut Vec<Diagnostic>,
) -> Vec<Attachment> {
    let dir = entry_path.parent().unwrap_or(Path::new("."));
    let mut list: Vec<Attachment> = Vec::new();
    for raw in raws {
        let Some(file) = raw
            .value
            .file
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
        else {
            out.push(
                src.error(&raw, "attachments", "附件缺少 `file`（文件名）")
                    .hint("例如：`- { file: 方案全文.pdf, title: 方案全文 }`"),
            );
            continue;
        };
        let rel = Path::new(&file);
        if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::Prefix(_))) {
            out.push(
                src.error(&raw, "attachments", format!("附件路径 `{file}` 是绝对路径"))
                    .hint("附件路径相对于条目文件所在的文件夹，例如 `file: 方案全文.pdf`"),
            );
            continue;
        }
        let path = dir.join(rel);
        let resolved = path.canonicalize().ok();
        let inside = resolved.as_deref().is_some_and(|p| roots.allows(p));
        let meta = std::fs::metadata(&path);
        match meta {
            Ok(m) if m.is_file() && inside => {
                let name = rel
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if list.iter().any(|a| a.name == name) {
                    out.push(
                        src.error(
                            &raw,
                            "attachments",
                            format!("两个附件的文件名都是 `{name}`"),
                        )
                        .hint("同一条目的附件文件名不能相同，请改名其中一个"),
                    );
                    continue;
                }
                list.push(Attachment {
                    title: raw
                        .value
                        .title
                        .clone()
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or_else(|| {
                            Path::new(&name)
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default()
                        }),
                    kind: Path::new(&name)
                        .extension()
                        .map(|e| e.to_string_lossy().to_uppercase())
                        .unwrap_or_default(),
                    file,
                    path,
                    name,
                    size: m.len(),
                });
            }
            Ok(_) if !inside => {
                let through_link = resolved
                    .as_deref()
                    .filter(|r| std::path::absolute(&path).is_ok_and(|a| a != *r))
                    .filter(|_| !file.split(['/', '\\']).any(|c| c == ".."));
                let message = match through_link {
                    Some(r) => format!(
                        "附件 `{file}` 是指向 {} 的符号链接，那里不在 content/ 文件夹之内",
                        r.display()
                    ),
                    None => format!("附件 `{file}` 在 content/ 文件夹之外"),
                };
                out.push(src.error(&raw, "attachments", message).hint(
                    "把附件复制到条目文件旁边，再写它的文件名；放在共享文件夹里的，把该文件夹写入 site.yaml 的 `shared_folders`",
                ));
            }
            _ => out.push(
                src.error(&raw, "attachments", format!("找不到附件文件 `{file}`"))
                    .hint(format!(
                        "附件应放在 {} 里，文件名要完全一致（包括扩展名）",
                        src.file.parent().unwrap_or(Path::new("")).display()
                    )),
            ),
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::site::LoadOptions;
    use crate::validate::load;

    #[test]
    fn the_format_reference_lists_every_entry_field() {
        use crate::source::format_reference::assert_documented;
        use crate::source::yaml::known_keys;
        assert_documented("`entries/**/*.md`", known_keys::<super::Raw>());
        assert_documented("每个附件", known_keys::<super::RawAttachment>());
    }

    const FRONT: &str = "---\nindex: \"11320100MB1234567X/2024-00001\"\ntitle: 通知\nsummary: 概述。\ncategory: \"01\"\ncreated: 2024-03-01\npublished: 2024-03-05\n";

    #[test]
    fn bodies_are_read_again_and_a_changed_front_matter_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = t.path().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        w(
            "site.yaml",
            "title: 测试\nbase_url: https://example.gov.cn/\n",
        );
        w(
            "content/guide.md",
            "---\nagency: 测试镇人民政府\ncode: \"11320100MB1234567X\"\noffice: 党政办\naddress: 人民路1号\nhours: 周一至周五\nphone: 0523-81234567\nemail: a@example.gov.cn\n---\n## 政府信息的分类、编排体系和获取方式\n\n按公开目录分类编排，在本平台查阅、检索和下载。\n",
        );
        w(
            "content/catalogue.md",
            "---\ncategories:\n  - { code: \"01\", name: 政府信息公开制度 }\n---\n",
        );
        w(
            "content/entries/a.md",
            &format!("\u{feff}{FRONT}---\n正文。\n"),
        );
        w(
            "content/entries/b.md",
            &format!(
                "{}---\n不公开的正文\n",
                FRONT
                    .replace("00001", "00002")
                    .replace("summary:", "disclosure: 依申请公开\nsummary:")
            ),
        );
        let loaded = load(t.path(), &LoadOptions::default());
        let site = loaded
            .site
            .unwrap_or_else(|| panic!("{}", loaded.diagnostics.render()));
        let (a, b) = (&site.entries[0], &site.entries[1]);
        assert_eq!(site.published_body(a).unwrap(), "正文。\n");
        // 依申请公开: nothing is read, whatever the file holds.
        w(
            "content/entries/b.md",
            &format!("{FRONT}---\n不公开的正文\n"),
        );
        assert_eq!(site.published_body(b).unwrap(), "");
        // An edited body is simply the newer text…
        w(
            "content/entries/a.md",
            &format!("\u{feff}{FRONT}---\n新正文\n"),
        );
        assert_eq!(site.published_body(a).unwrap(), "新正文\n");
        // …but an edited front matter could change whether the entry may be published.
        w(
            "content/entries/a.md",
            &format!(
                "{}---\n正文。\n",
                FRONT.replace("summary:", "draft: true\nsummary:")
            ),
        );
        let e = site.published_body(a).unwrap_err();
        assert!(e.message.contains("构建过程中被修改"), "{e:?}");
    }
}
