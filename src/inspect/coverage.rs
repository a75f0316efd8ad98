//! The standard, item by item, as an inspector counts it: each applicable 公开事项 has a
//! column, the column has entries, and a yearly item (财政预决算) has one for the current
//! period: published within the year before the inspection date, plus the item's own
//! time limit (budgets are approved on a different day each year).
//! Items in domains the office marked as not applying are not counted; they are listed
//! with their reasons (the 未涉及领域事项说明 page publishes them).

use chrono::{Months, NaiveDate};

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
    /// Yearly items whose entry for the current period is overdue.
    pub yearly_missing: Vec<Yearly>,
    /// Domains marked as not applying, with the reason.
    pub not_applicable: Vec<(String, String)>,
}

/// When a yearly item's next entry is due: a year after the last one was published,
/// plus the item's own time limit (budgets are approved on a different day each year).
pub fn next_due(site: &Site, item: &Item, last: NaiveDate) -> NaiveDate {
    let a_year_on = last + Months::new(12);
    match item.rule.as_ref().and_then(|r| r.span()) {
        Some(span) => span.end(a_year_on, &site.calendar),
        None => a_year_on,
    }
}

/// A yearly item past the date its next entry was due.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Yearly {
    pub key: String,
    /// The last entry's publication.
    pub last: NaiveDate,
    pub due: NaiveDate,
}

pub fn coverage(site: &Site, listing: &AgencyListing, adoption: &Adoption) -> Coverage {
    let mut c = Coverage {
        level: adoption.level,
        applicable: 0,
        covered: 0,
        without_column: Vec::new(),
        empty: Vec::new(),
        yearly_missing: Vec::new(),
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
            let last = entries().map(|&e| site.entries[e].published).max();
            if let (Some(Period::Yearly), Some(last)) = (it.item.period, last) {
                let due = next_due(site, it.item, last);
                if site.today > due {
                    c.yearly_missing.push(Yearly {
                        key: it.item.key(),
                        last,
                        due,
                    });
                }
            }
        }
    }
    c
}

/// Items without a column (one finding per domain) and yearly items missing in the
/// current period. Empty columns are reported as blank columns (`columns`).
pub fn findings(a: &Agency, adoption: &Adoption, c: &Coverage, out: &mut Vec<Diagnostic>) {
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
    for y in &c.yearly_missing {
        let limit = adoption
            .domains
            .iter()
            .flat_map(|d| &d.items)
            .find(|it| it.item.key() == y.key)
            .and_then(|it| it.item.time_limit.as_deref())
            .unwrap_or("来源未载明");
        out.push(
            Diagnostic::warning(
                &file,
                format!(
                    "标准目录事项「{}」每年公开，上一次公开于 {}，本期应在 {} 前公开，至今没有",
                    y.key, y.last, y.due
                ),
            )
            .field("categories")
            .hint(format!(
                "检查时逐年核对这类事项（公开时限：{limit}）；条目的生成日期（created）写批准或批复的日期，公开本期的条目后这一提示即消失"
            )),
        );
    }
}
