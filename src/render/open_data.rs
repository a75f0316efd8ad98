//! Open data: the public catalogue as `catalogue.csv` (UTF-8 with a BOM, so Excel opens
//! it as is) and `catalogue.json`, for the whole site and for each agency. One row per
//! public entry, every field the entry's page shows plus its address; the fields are
//! `FIELDS`, listed on the catalogue pages and in `docs/content-format.md` (a test keeps
//! them in step). Rows come from `Listings` (newest first), which holds only what
//! `Site::public_entries` lets through: the one gate for every output.

use serde::Serialize;

use super::feeds::absolute;
use crate::output::layout;
use crate::site::{Entry, Site};

/// One column of the open data: its JSON key, its CSV header and what it holds.
pub struct Field {
    pub key: &'static str,
    pub name: &'static str,
    pub about: &'static str,
}

pub const FIELDS: [Field; 16] = [
    field("index", "索引号", "永久不变，页面网址由它决定"),
    field("title", "名称", ""),
    field("summary", "内容概述", ""),
    field("agency", "机构", "公开这条信息的机构"),
    field("publisher", "发布机构", ""),
    field("category_code", "分类代码", ""),
    field("category", "分类", "分类名称"),
    field("created", "生成日期", "YYYY-MM-DD"),
    field("published", "公开日期", "YYYY-MM-DD；列表按它从新到旧排列"),
    field("doc_number", "文号", "没有的为空"),
    field("keywords", "关键词", "CSV 中用顿号“、”分隔，JSON 中是列表"),
    field("validity", "有效性", "有效、失效或废止"),
    field("repealed", "废止日期", "失效或废止的日期，没有的为空"),
    field(
        "disclosure",
        "公开方式",
        "主动公开或依申请公开（依申请公开的只有目录信息）",
    ),
    field("url", "网址", "这条信息页面的完整网址"),
    field(
        "attachments",
        "附件",
        "CSV 中每行一个“网址 | 标题”，JSON 中是 {url, title} 的列表",
    ),
];

const fn field(key: &'static str, name: &'static str, about: &'static str) -> Field {
    Field { key, name, about }
}

/// One row of `catalogue.json`. Keys in alphabetical order, as the file has always had
/// them; rows are written one by one straight into the output (a site-wide catalogue of
/// 100,000 entries is ~75 MB: no tree of values is built for it).
#[derive(Serialize)]
struct Row<'a> {
    agency: &'a str,
    attachments: Vec<AttachmentRow<'a>>,
    category: &'a str,
    category_code: &'a str,
    created: String,
    disclosure: &'a str,
    doc_number: &'a str,
    index: &'a str,
    keywords: &'a [String],
    published: String,
    publisher: &'a str,
    repealed: String,
    summary: &'a str,
    title: &'a str,
    url: String,
    validity: &'a str,
}

#[derive(Serialize)]
struct AttachmentRow<'a> {
    title: &'a str,
    url: String,
}

/// The public entries of `list` (positions in `site.entries`).
fn shown<'a>(site: &'a Site, list: &'a [usize]) -> impl Iterator<Item = &'a Entry> + 'a {
    list.iter()
        .map(|&i| &site.entries[i])
        .filter(|e| site.shows(e))
}

fn row<'a>(site: &'a Site, e: &'a Entry) -> Row<'a> {
    let agency = &site.agencies[e.agency];
    let category = &agency.catalogue.categories[e.category];
    // The gate: a 依申请公开 entry publishes its catalogue facts only.
    let attachments = site
        .published_attachments(e)
        .iter()
        .map(|a| AttachmentRow {
            title: &a.title,
            url: absolute(site, &layout::attachment(&e.slug, &a.name)),
        })
        .collect();
    Row {
        agency: agency.name(),
        attachments,
        category: &category.name,
        category_code: &category.code,
        created: e.created.to_string(),
        disclosure: e.disclosure.label(),
        doc_number: e.doc_number.as_deref().unwrap_or(""),
        index: &e.index,
        keywords: &e.keywords,
        published: e.published.to_string(),
        publisher: &e.publisher,
        repealed: e.repealed.map(|d| d.to_string()).unwrap_or_default(),
        summary: &e.summary,
        title: &e.title,
        url: absolute(site, &layout::entry(&e.slug)),
        validity: e.validity.label(),
    }
}

/// The rows as a JSON list, serialised as they are made.
struct Rows<'a> {
    site: &'a Site,
    list: &'a [usize],
}

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(shown(self.site, self.list).map(|e| row(self.site, e)))
    }
}

#[derive(Serialize)]
struct Document<'a> {
    count: usize,
    entries: Rows<'a>,
    title: &'a str,
    url: String,
}

/// `catalogue.json`: `{title, url, count, entries: [{index, title, …}]}`.
pub fn json(site: &Site, title: &str, page_url: &str, list: &[usize]) -> Vec<u8> {
    let doc = Document {
        count: shown(site, list).count(),
        entries: Rows { site, list },
        title,
        url: absolute(site, page_url),
    };
    let mut out = Vec::with_capacity(list.len() * 1024);
    let _ = serde_json::to_writer_pretty(&mut out, &doc);
    out.push(b'\n');
    out
}

/// `catalogue.csv`: a header row of `FIELDS` names, then one row per entry.
pub fn csv(site: &Site, list: &[usize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.len() * 512);
    out.extend_from_slice(b"\xef\xbb\xbf");
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let _ = w.write_record(FIELDS.iter().map(|f| f.name));
        for e in shown(site, list) {
            let r = row(site, e);
            let safe = |s: &str| crate::output::spreadsheet::safe_cell(s).into_owned();
            let attachments = r
                .attachments
                .iter()
                .map(|a| format!("{} | {}", a.url, a.title))
                .collect::<Vec<_>>()
                .join("\n");
            // In the order of `FIELDS`.
            let cells = [
                safe(r.index),
                safe(r.title),
                safe(r.summary),
                safe(r.agency),
                safe(r.publisher),
                safe(r.category_code),
                safe(r.category),
                safe(&r.created),
                safe(&r.published),
                safe(r.doc_number),
                r.keywords.join("、"),
                safe(r.validity),
                safe(&r.repealed),
                safe(r.disclosure),
                safe(&r.url),
                attachments,
            ];
            let _ = w.write_record(&cells);
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_format_reference_lists_every_open_data_field() {
        let keys: Vec<&str> = super::FIELDS.iter().map(|f| f.key).collect();
        crate::source::format_reference::assert_documented("开放数据的字段", &keys);
    }
}
