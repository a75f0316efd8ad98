//! The standard, item by item, as an inspector counts it: each applicable 公开事项 has a
//! column, the column has entries, and a yearly item (财政预决算) has one for this year.
//! Items in domains the office marked as not applying are not counted; they are listed
//! with their reasons (the 未涉及领域事项说明 page publishes them).

use chrono::Datelike;

use super::agency_file;
use crate::diagnostics::Diagnostic;
use crate::site::adoption::Adoption;
use crate::site::listing::AgencyListing;
use crate::site::{Agency, Site};
use crate::standard::{Item, Level, Period};

#[derive(Debug, Clone)]
pub struct Coverage {
    pub level: Level,
    /// Applicable items.
    pub applicable: usize,
    /// Applicable items with at least one public entry.
    pub covered: usize,
    /// Applicable items no category holds (`领域/一级/二级`).
    pub without_column: Vec<String>,
    /// Applicable items whose columns are empty (blank or noted).
    pub empty: Vec<String>,
    /// Yearly items with entries, but none formed this year.
    pub not_this_year: Vec<String>,
    /// Domains marked as not applying, with the reason.
    pub not_applicable: Vec<(String, String)>,
}

pub fn coverage(site: &Site, listing: &AgencyListing, adoption: &Adoption) -> Coverage {
    let year = site.today.year();
    let mut c = Coverage {
        level: adoption.level,
        applicable: 0,
        covered: 0,
        without_column: Vec::new(),
        empty: Vec::new(),
        not_this_year: Vec::new(),
        not_applicable: adoption
            .not_applicable()
            .map(|(d, na)| (d.view.domain.name.clone(), na.reason.clone()))
            .collect(),
    };
    for d in &adoption.domains {
        for it in d.items.iter().filter(|it| it.applies()) {
            c.applicable += 1;
            if it.categories.is_empty() {
                c.without_column.push(it.item.key());
                continue;
            }
            let entries = || {
                it.categories
                    .iter()
                    .flat_map(|&cat| &listing.by_category[cat])
            };
            if entries().next().is_none() {
                c.empty.push(it.item.key());
                continue;
            }
            c.covered += 1;
            if it.item.period == Some(Period::Yearly)
                && !entries().any(|&e| site.entries[e].created.year() == year)
            {
                c.not_this_year.push(it.item.key());
            }
        }
    }
    c
}

/// Items without a column (one finding per domain) and yearly items missing this year.
/// Empty columns are reported as blank columns (`columns`).
pub fn findings(
    site: &Site,
    a: &Agency,
    adoption: &Adoption,
    c: &Coverage,
    out: &mut Vec<Diagnostic>,
) {
    let file = agency_file(a, "catalogue.md");
    for d in &adoption.domains {
        let missing: Vec<&str> = d
            .items
            .iter()
            .filter(|it| it.applies() && it.categories.is_empty())
            .map(|it| it.item.name())
            .collect();
        if missing.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                &file,
                format!(
                    "{}级标准目录「{}」领域有 {} 个公开事项在目录中没有对应的分类：{}",
                    adoption.level.name(),
                    d.view.domain.name,
                    missing.len(),
                    missing.join("、")
                ),
            )
            .field("categories")
            .hint(format!(
                "为每个事项设一个分类，写上 `standard: {}/一级事项/二级事项`；本机关不涉及的，在目录前置信息的 not_applicable 下写明理由",
                d.view.domain.name
            )),
        );
    }
    let year = site.today.year();
    for key in &c.not_this_year {
        let item: Option<&Item> = adoption
            .domains
            .iter()
            .flat_map(|d| &d.items)
            .map(|it| it.item)
            .find(|i| &i.key() == key);
        let limit = item
            .and_then(|i| i.time_limit.as_deref())
            .unwrap_or("来源未载明");
        out.push(
            Diagnostic::warning(&file, format!("标准目录事项「{key}」每年公开，本年度（{year}年）还没有公开的条目"))
                .field("categories")
                .hint(format!(
                    "公开时限：{limit}。条目的生成日期（created）写批准或批复的日期；本年度的条目公开后，这一提示即消失"
                )),
        );
    }
}
