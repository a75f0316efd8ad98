//! Agencies (机构): a folder with a `guide.md` (政府信息公开指南), its catalogue and reports.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Deserialize;

use super::catalogue::Catalogue;
use crate::diagnostics::Diagnostic;
use crate::report::Report;
use crate::source::yaml::{self, Located, Source};
use crate::source::{fields, markdown};

#[derive(Deserialize)]
struct Raw {
    title: Option<Located<String>>,
    agency: Option<Located<String>>,
    code: Option<Located<String>>,
    office: Option<Located<String>>,
    address: Option<Located<String>>,
    hours: Option<Located<String>>,
    phone: Option<Located<String>>,
    fax: Option<Located<String>>,
    email: Option<Located<String>>,
    website: Option<Located<String>>,
    postcode: Option<Located<String>>,
    updated: Option<Located<String>>,
    extra: Option<yaml::Value>,
}

/// The Article 12 facts and the guide's text.
#[derive(Debug, Clone)]
pub struct Guide {
    pub title: String,
    /// 机构名称, the agency's full legal name.
    pub agency: String,
    pub code: String,
    pub office: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub postcode: Option<String>,
    pub updated: Option<NaiveDate>,
    pub body: String,
    pub source: PathBuf,
    pub extra: yaml::Value,
}

impl Guide {
    pub fn parse(
        src: &Source,
        yaml_text: &str,
        body: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Guide> {
        let raw: Raw = yaml::parse(src, yaml_text, out)?;
        let mut req = |v, f, ex| fields::required(src, v, f, ex, out).map(|l| l.value);
        let agency = req(raw.agency, "agency", "示例镇人民政府");
        let code_loc = raw.code.clone();
        let code = req(raw.code, "code", "11320100MB1234567X");
        let office = req(raw.office, "office", "示例镇党政办公室");
        let address = req(raw.address, "address", "某省某市示例镇人民路1号");
        let hours = req(
            raw.hours,
            "hours",
            "周一至周五 8:30-12:00 14:00-17:30（法定节假日除外）",
        );
        let phone = req(raw.phone, "phone", "0523-81234567");
        let email = fields::optional(raw.email);
        let website = fields::optional(raw.website);
        if email.is_none() && website.is_none() {
            out.push(
                src.file_error("指南缺少互联网联系方式：`email` 和 `website` 至少要填一个")
                    .field("email")
                    .hint(
                        "《条例》第十二条要求公开互联网联系方式，例如 `email: xxgk@example.gov.cn`",
                    ),
            );
        }
        if let Some(c) = &code {
            let len = c.chars().count();
            if !matches!(len, 9 | 10 | 18) {
                let loc = code_loc.as_ref();
                let msg = format!(
                    "机构代码 `{c}` 有 {len} 位，通常应为18位统一社会信用代码或9位组织机构代码"
                );
                out.push(match loc {
                    Some(l) => src.warning(l, "code", msg),
                    None => src.file_error(msg),
                });
            }
        }
        let updated = raw
            .updated
            .as_ref()
            .and_then(|v| fields::date(src, v, "updated", out));
        let headings = markdown::headings(body);
        for (part, words) in ARTICLE_12_PARTS {
            if !headings.iter().any(|h| words.iter().any(|w| h.contains(w))) {
                out.push(
                    src.file_error(format!("指南缺少《条例》第十二条要求的「{part}」部分"))
                        .hint(format!(
                            "在指南正文中用标题写明这一部分，标题含有「{}」即可识别，例如 `## 四、政府信息的分类、编排体系和获取方式`（一个标题可以同时写明几部分）",
                            words.join("」或「")
                        )),
                );
            }
        }
        Some(Guide {
            title: fields::optional(raw.title).unwrap_or_else(|| "政府信息公开指南".into()),
            agency: agency?,
            code: code?,
            office: office?,
            address: address?,
            hours: hours?,
            phone: phone?,
            fax: fields::optional(raw.fax),
            email,
            website,
            postcode: fields::optional(raw.postcode),
            updated,
            body: body.to_string(),
            source: src.path(),
            extra: raw.extra.unwrap_or(yaml::Value::Null),
        })
    }
}

/// Article 12: a guide states 政府信息的分类、编排体系、获取方式 (besides the office's
/// facts in the front matter). Each part is recognised by a heading of the body that
/// names it, at any level; one heading may name several.
const ARTICLE_12_PARTS: [(&str, &[&str]); 3] = [
    ("政府信息的分类", &["分类"]),
    ("编排体系", &["编排"]),
    ("获取方式", &["获取"]),
];

#[derive(Debug, Clone)]
pub struct Agency {
    /// Folder relative to `content/` (empty for `content/` itself).
    pub dir: PathBuf,
    /// Address prefix of the agency's pages: `""` or `"xihe/nongjizhan/"`.
    pub url: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub depth: usize,
    pub guide: Guide,
    pub catalogue: Catalogue,
    /// Sorted by year, oldest first.
    pub reports: Vec<Report>,
}

impl Agency {
    pub fn name(&self) -> &str {
        &self.guide.agency
    }

    /// `content/` itself is the agency: its home is the site's home.
    pub fn is_root(&self) -> bool {
        self.url.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(body: &str) -> Vec<Diagnostic> {
        let yaml = "agency: 示例镇人民政府\ncode: \"11320100MB1234567X\"\noffice: 党政办\naddress: 人民路1号\nhours: 周一至周五\nphone: 0523-81234567\nfax: 无\nemail: a@example.gov.cn\n";
        let text = format!("---\n{yaml}---\n{body}");
        let mut out = Vec::new();
        Guide::parse(
            &Source::new(Path::new("guide.md"), &text, 2),
            yaml,
            body,
            &mut out,
        );
        out
    }

    #[test]
    fn a_guide_names_the_three_article_12_parts_in_its_headings() {
        assert!(
            parse(
                "## 一、主动公开\n\n正文。\n\n## 四、政府信息的分类、编排体系和获取方式\n\n正文。\n"
            )
            .is_empty()
        );
        assert!(parse("## 信息分类\n\n### 编排体系\n\n#### 获取方式\n").is_empty());
        let empty = parse("");
        let messages: Vec<&str> = empty.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "指南缺少《条例》第十二条要求的「政府信息的分类」部分",
                "指南缺少《条例》第十二条要求的「编排体系」部分",
                "指南缺少《条例》第十二条要求的「获取方式」部分",
            ]
        );
        assert!(empty.iter().all(|d| d.is_error()));
        // Words in the text, not in a heading, do not count.
        let found = parse("## 四、编排体系和获取方式\n\n按分类编排。\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("「政府信息的分类」"));
    }

    #[test]
    fn the_format_reference_lists_every_guide_field() {
        crate::source::format_reference::assert_documented("`guide.md`", yaml::known_keys::<Raw>());
    }

    #[test]
    fn missing_article_12_fields_are_all_reported() {
        let yaml = "agency: 示例镇人民政府\ncode: \"11320100MB1234567X\"\nphone: 0523-81234567\n";
        let text = format!("---\n{yaml}---\n");
        let mut out = Vec::new();
        let g = Guide::parse(
            &Source::new(Path::new("guide.md"), &text, 2),
            yaml,
            "",
            &mut out,
        );
        assert!(g.is_none());
        let fields: Vec<_> = out.iter().filter_map(|d| d.field.as_deref()).collect();
        assert_eq!(fields, ["office", "address", "hours", "email"], "{out:?}");
    }
}
