//! `reports/<year>.md` — 政府信息公开工作年度报告.
//!
//! Loaded and checked for readable YAML here; the figures' schema, the arithmetic
//! rules and the official layout belong to the report module proper.

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Source};

#[derive(Debug, Clone)]
pub struct Report {
    pub year: i32,
    pub source: PathBuf,
    /// The front matter as written.
    pub figures: yaml::Value,
    /// Markdown narrative.
    pub body: String,
}

impl Report {
    pub fn parse(
        src: &Source,
        year: i32,
        yaml_text: &str,
        body: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Report> {
        let figures: yaml::Value = yaml::parse(src, yaml_text, out)?;
        Some(Report {
            year,
            source: src.path(),
            figures,
            body: body.to_string(),
        })
    }

    pub fn title(&self, agency: &str) -> String {
        format!("{agency}{}年政府信息公开工作年度报告", self.year)
    }
}
