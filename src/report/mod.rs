//! 政府信息公开工作年度报告: the yearly report in the national standard format.
//!
//! - `schema`: the formats as data (headings, official labels, front-matter keys).
//! - `tree`, `figures`: the front matter read against the schema (R8, unknown keys).
//! - `narrative`: the body split into the six parts (headings kept as written).
//! - `quotes`: the figures the prose of 一、总体情况 states (read for R7).
//! - `statistics`: what the catalogue already knows about the year (counted by
//!   `validate::statistics`).
//! - `rules`: R1–R9 of `domain.md` §2.6 (R7 in `rules::quoted`), the check of hand-typed
//!   derived figures, and 规章 reported without the power to make them.
//!
//! The report sits below the site model (an agency holds its reports): the checks that
//! need the catalogue run in the validation stage (`validate::reports`), and the page
//! is `render::report`.
//!
//! Formats by year: 2021 and later use 国办公开办函〔2021〕30号; 2019 and 2020 use the
//! trial format (国办公开办函〔2019〕60号), which differs in table 二 and has a single
//! 其他处理 row in table 三; earlier reports predate the standard format and are shown
//! from their body alone.

pub mod figures;
pub mod narrative;
pub mod quotes;
pub mod rules;
pub mod schema;
pub mod statistics;
pub mod tree;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::source::fields;
use crate::source::yaml::{self, Located, Source};

pub use figures::{Figure, Origin, Tables};
pub use narrative::Narrative;
pub use schema::Format;
pub use statistics::Statistics;
use tree::Tree;

/// The front matter. Groups of figures are read as located trees and checked against
/// the schema by `figures`, which reports unknown keys at every depth.
#[derive(Deserialize)]
struct Raw {
    title: Option<Located<String>>,
    published: Option<Located<String>>,
    proactive: Option<Located<Tree>>,
    requests: Option<Located<Tree>>,
    review_and_litigation: Option<Located<Tree>>,
    extra: Option<yaml::Value>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub year: i32,
    /// Path shown to users (relative to the site root).
    pub source: PathBuf,
    /// Replaces the standard title `<机构><年>年政府信息公开工作年度报告`.
    pub custom_title: Option<String>,
    /// 公布日期, if stated.
    pub published: Option<NaiveDate>,
    /// `None` for reports before 2019 (old format: body only).
    pub format: Option<&'static Format>,
    /// The three tables; totals and catalogue figures are filled in by `validate::reports`.
    pub tables: Option<Tables>,
    pub narrative: Narrative,
    /// Markdown, whole.
    pub body: String,
    /// Filled in by `validate::reports`: what the catalogue says about the year.
    pub statistics: Option<Statistics>,
    /// No figure was unreadable (unknown key, R8). Otherwise the arithmetic rules are
    /// skipped: a dropped figure would only make them report knock-on errors.
    pub figures_read: bool,
    pub extra: yaml::Value,
    /// The file's text and the line its YAML starts on, to point at lines later.
    text: String,
    yaml_line: usize,
    /// YAML position of `published:`.
    published_at: Option<(usize, usize)>,
}

impl Report {
    pub fn parse(
        src: &Source,
        year: i32,
        yaml_text: &str,
        body: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Report> {
        let raw: Raw = yaml::parse(src, yaml_text, out)?;
        let format = Format::for_year(year);
        let published = raw
            .published
            .as_ref()
            .and_then(|v| fields::date(src, v, "published", out));
        let before = out.iter().filter(|d| d.is_error()).count();
        let tables = match format {
            Some(f) => Some(figures::Reader { src, out }.read(
                f,
                raw.proactive.as_ref(),
                raw.requests.as_ref(),
                raw.review_and_litigation.as_ref(),
            )),
            None => {
                for (key, v) in [
                    ("proactive", &raw.proactive),
                    ("requests", &raw.requests),
                    ("review_and_litigation", &raw.review_and_litigation),
                ] {
                    if let Some(v) = v {
                        out.push(
                            src.warning(v, key, format!(
                                "{year}年的报告早于统一格式（2019年起施行），只发布正文，`{key}` 中的数字不会显示"
                            ))
                            .hint("2019年以前的年报按当时的格式，把表格写在正文里即可；可以删除这一组数字"),
                        );
                    }
                }
                None
            }
        };
        let figures_read = out.iter().filter(|d| d.is_error()).count() == before;
        let text = src.text.to_string();
        let body_line = 1 + text[..text.len() - body.len()].matches('\n').count();
        Some(Report {
            year,
            source: src.path(),
            custom_title: fields::optional(raw.title),
            published,
            format,
            tables,
            narrative: narrative::split(body, body_line),
            body: body.to_string(),
            statistics: None,
            figures_read,
            extra: raw.extra.unwrap_or(yaml::Value::Null),
            published_at: raw.published.as_ref().map(|p| (p.line, p.column)),
            text,
            yaml_line: src.yaml_line,
        })
    }

    pub fn title(&self, agency: &str) -> String {
        self.custom_title
            .clone()
            .unwrap_or_else(|| format!("{agency}{}年政府信息公开工作年度报告", self.year))
    }

    /// The file line of a YAML position.
    pub fn file_line(&self, yaml_line: usize) -> usize {
        yaml_line + self.yaml_line - 1
    }

    /// A diagnostic at a YAML position (`None`: the file as a whole).
    pub(crate) fn at_yaml(
        &self,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::error(&self.source, message);
        match at {
            Some((line, column)) => d.at(self.file_line(line), column).quote(&self.text),
            None => d,
        }
    }

    /// A diagnostic at a line and column of the file (the narrative).
    pub(crate) fn at_file(
        &self,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(&self.source, message)
            .at(line, column)
            .quote(&self.text)
    }

    pub fn published_at(&self) -> Option<(usize, usize)> {
        self.published_at
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_format_reference_lists_every_report_group() {
        crate::source::format_reference::assert_documented(
            "`reports/<年份>.md`",
            crate::source::yaml::known_keys::<super::Raw>(),
        );
    }
}
