//! Open data: the public catalogue as `catalogue.csv` (UTF-8 with a BOM, so Excel opens
//! it as is) and `catalogue.json`, for the whole site and for each agency. One row per
//! public entry, every field the entry's page shows plus its address; the fields are
//! `FIELDS`, listed on the catalogue pages and in `docs/content-format.md` (a test keeps
//! them in step). Rows come from `Listings` (newest first), which holds only what
//! `Site::public_entries` lets through: the one gate for every output.

use serde_json::{Map, Value as J, json};

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

/// The rows of `list` (positions in `site.entries`) as JSON values keyed like `FIELDS`.
fn rows(site: &Site, list: &[usize]) -> Vec<Map<String, J>> {
    list.iter()
        .map(|&i| &site.entries[i])
        .filter(|e| site.shows(e))
        .map(|e| row(site, e))
        .collect()
}

fn row(site: &Site, e: &Entry) -> Map<String, J> {
    let agency = &site.agencies[e.agency];
    let category = &agency.catalogue.categories[e.category];
    let text = |s: &str| J::String(s.to_string());
    // The gate: a 依申请公开 entry publishes its catalogue facts only.
    let attachments: Vec<J> = site
        .published_attachments(e)
        .iter()
        .map(|a| {
            json!({
                "url": absolute(site, &layout::attachment(&e.slug, &a.name)),
                "title": a.title,
            })
        })
        .collect();
    let values = [
        text(&e.index),
        text(&e.title),
        text(&e.summary),
        text(agency.name()),
        text(&e.publisher),
        text(&category.code),
        text(&category.name),
        J::String(e.created.to_string()),
        J::String(e.published.to_string()),
        text(e.doc_number.as_deref().unwrap_or("")),
        J::from(e.keywords.clone()),
        text(e.validity.label()),
        J::String(e.repealed.map(|d| d.to_string()).unwrap_or_default()),
        text(e.disclosure.label()),
        J::String(absolute(site, &layout::entry(&e.slug))),
        J::Array(attachments),
    ];
    FIELDS
        .iter()
        .map(|f| f.key.to_string())
        .zip(values)
        .collect()
}

/// `catalogue.json`: `{title, url, count, entries: [{index, title, …}]}`.
pub fn json(site: &Site, title: &str, page_url: &str, list: &[usize]) -> Vec<u8> {
    let entries = rows(site, list);
    let doc = json!({
        "title": title,
        "url": absolute(site, page_url),
        "count": entries.len(),
        "entries": entries,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// `catalogue.csv`: a header row of `FIELDS` names, then one row per entry.
pub fn csv(site: &Site, list: &[usize]) -> Vec<u8> {
    let mut out = b"\xef\xbb\xbf".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let _ = w.write_record(FIELDS.iter().map(|f| f.name));
        for r in rows(site, list) {
            let cells = FIELDS.iter().map(|f| match &r[f.key] {
                J::String(s) => crate::output::spreadsheet::safe_cell(s).into_owned(),
                J::Array(items) if f.key == "keywords" => items
                    .iter()
                    .filter_map(J::as_str)
                    .collect::<Vec<_>>()
                    .join("、"),
                J::Array(items) => items
                    .iter()
                    .map(|a| {
                        format!(
                            "{} | {}",
                            a["url"].as_str().unwrap_or_default(),
                            a["title"].as_str().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                other => other.to_string(),
            });
            let _ = w.write_record(cells);
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
