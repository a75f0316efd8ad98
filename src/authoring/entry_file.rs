//! Writing entry files: the one place that turns an entry's fields into the text of an
//! `entries/**/*.md` file. `new`, `import` and `init` all write through here, so every
//! file the tool writes has the same clean front matter, in the field order of the
//! format description, and reads back to the same entry.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::site::index_number;
use crate::site::{Disclosure, Entry, Site, Validity};
use crate::source::yaml::{self, FlowMap, FlowSeq};

/// An entry's fields as they are written in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRecord {
    pub index: String,
    /// Kept from an old system, outside the agency's `index_format`.
    pub legacy_index: bool,
    pub title: String,
    pub summary: String,
    /// The category's code.
    pub category: String,
    pub created: NaiveDate,
    pub published: NaiveDate,
    /// `None` when the publisher is the agency itself (the format's default).
    pub publisher: Option<String>,
    pub doc_number: Option<String>,
    pub keywords: Vec<String>,
    pub validity: Validity,
    /// When a 废止/失效 document stopped being in force.
    pub repealed: Option<NaiveDate>,
    pub disclosure: Disclosure,
    pub attachments: Vec<AttachmentRef>,
    pub reviewed: Option<NaiveDate>,
    pub draft: bool,
    /// `Null` when absent.
    pub extra: yaml::Value,
    pub body: String,
}

/// An attachment as written: a path relative to the entry file, and its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentRef {
    pub file: String,
    pub title: String,
}

/// How much of the front matter to spell out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Only the fields that carry a value (imports, exports' round trip).
    Clean,
    /// Also the optional fields left to fill in, empty, so the clerk sees them (`new`).
    ToFillIn,
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    index: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    legacy_index: Option<bool>,
    title: &'a str,
    summary: &'a str,
    category: &'a str,
    created: String,
    published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<FlowSeq<&'a [String]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity: Option<Validity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repealed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disclosure: Option<Disclosure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachments: Option<Vec<FlowMap<&'a AttachmentRef>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<&'a yaml::Value>,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl EntryRecord {
    /// The record of a loaded entry, as `export` writes it and `import` reads it back.
    /// Reads the body again from the entry's file (bodies are not kept in memory).
    pub fn from_entry(e: &Entry, site: &Site) -> Result<EntryRecord, Diagnostic> {
        let agency = &site.agencies[e.agency];
        Ok(EntryRecord {
            index: e.index.clone(),
            legacy_index: e.legacy_index,
            title: e.title.clone(),
            summary: e.summary.clone(),
            category: agency.catalogue.categories[e.category].code.clone(),
            created: e.created,
            published: e.published,
            publisher: (e.publisher != agency.name()).then(|| e.publisher.clone()),
            doc_number: e.doc_number.clone(),
            keywords: e.keywords.clone(),
            validity: e.validity,
            repealed: e.repealed,
            disclosure: e.disclosure,
            attachments: site
                .published_attachments(e)
                .iter()
                .map(|a| AttachmentRef {
                    file: a.file.clone(),
                    title: a.title.clone(),
                })
                .collect(),
            reviewed: e.reviewed,
            draft: e.draft,
            extra: e.extra.clone(),
            body: site.published_body(e)?,
        })
    }

    /// The whole file: front matter between `---` lines, then the body as is.
    pub fn to_text(&self, style: Style) -> Result<String, String> {
        let fill = style == Style::ToFillIn;
        let text_field = |v: &'_ Option<String>| -> Option<String> {
            match v {
                Some(s) if !s.trim().is_empty() => Some(s.clone()),
                _ if fill => Some(String::new()),
                _ => None,
            }
        };
        let doc_number = text_field(&self.doc_number);
        let front = FrontMatter {
            index: &self.index,
            legacy_index: self.legacy_index.then_some(true),
            title: &self.title,
            summary: &self.summary,
            category: &self.category,
            created: iso(self.created),
            published: iso(self.published),
            publisher: self.publisher.as_deref().filter(|p| !p.trim().is_empty()),
            doc_number: doc_number.as_deref(),
            keywords: (fill || !self.keywords.is_empty()).then_some(FlowSeq(&self.keywords)),
            validity: (fill || self.validity != Validity::Valid).then_some(self.validity),
            repealed: self.repealed.map(iso),
            disclosure: (fill || self.disclosure != Disclosure::Proactive)
                .then_some(self.disclosure),
            attachments: (fill || !self.attachments.is_empty())
                .then(|| self.attachments.iter().map(FlowMap).collect()),
            reviewed: self.reviewed.map(iso),
            draft: self.draft.then_some(true),
            extra: (!self.extra.is_null()).then_some(&self.extra),
        };
        let yaml = yaml::to_front_matter(&front)?;
        Ok(format!("---\n{yaml}---\n{}", self.body))
    }
}

/// Where `new` and `import` put an entry: `entries/<year>/<index number as address>.md`
/// in the agency's folder. The index number is unique, so the name is too.
pub fn default_path(agency_dir: &Path, index: &str, created: NaiveDate) -> PathBuf {
    agency_dir
        .join("entries")
        .join(created.year().to_string())
        .join(format!("{}.md", index_number::slug(index)))
}

/// Writes a new file, creating its folder; never replaces an existing file.
pub fn create(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> EntryRecord {
        EntryRecord {
            index: "11320100MB1234567X/2024-00012".into(),
            legacy_index: false,
            title: "关于印发《方案》的通知".into(),
            summary: "明确目标任务: 责任分工".into(),
            category: "0201".into(),
            created: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            published: NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
            publisher: None,
            doc_number: Some("示政发〔2024〕3号".into()),
            keywords: vec!["人居环境".into(), "整治".into()],
            validity: Validity::Valid,
            repealed: None,
            disclosure: Disclosure::Proactive,
            attachments: vec![AttachmentRef {
                file: "方案全文.pdf".into(),
                title: "方案全文".into(),
            }],
            reviewed: Some(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap()),
            draft: false,
            extra: yaml::Value::Null,
            body: "正文\n".into(),
        }
    }

    #[test]
    fn clean_front_matter_in_format_order() {
        let text = record().to_text(Style::Clean).unwrap();
        assert_eq!(
            text,
            "---\nindex: 11320100MB1234567X/2024-00012\ntitle: 关于印发《方案》的通知\nsummary: \"明确目标任务: 责任分工\"\ncategory: \"0201\"\ncreated: 2024-03-01\npublished: 2024-03-05\ndoc_number: 示政发〔2024〕3号\nkeywords: [人居环境, 整治]\nattachments:\n  - {file: 方案全文.pdf, title: 方案全文}\nreviewed: 2024-03-04\n---\n正文\n"
        );
    }

    #[test]
    fn to_fill_in_spells_out_the_optional_fields() {
        let mut r = record();
        r.doc_number = None;
        r.keywords.clear();
        r.attachments.clear();
        r.reviewed = None;
        r.draft = true;
        let text = r.to_text(Style::ToFillIn).unwrap();
        for line in [
            "doc_number: \"\"\n",
            "keywords: []\n",
            "validity: 有效\n",
            "disclosure: 主动公开\n",
            "attachments: []\n",
            "draft: true\n",
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
    }
}
