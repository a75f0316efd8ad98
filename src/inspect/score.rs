//! What an inspector counts, per agency: coverage of the standard's applicable items,
//! blank and stale columns, late entries, the yearly report's status, and the three
//! 栏目 lines of 单项否决 (国办秘函〔2019〕19号). The terminal table, the JSON and the
//! HTML score sheet all show this one value, and the findings come from it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::agency_file;
use super::columns::{self, Columns};
use super::coverage::{self, Coverage};
use super::timeliness::{self, Late};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use crate::site::adoption::Adoption;
use crate::site::catalogue::ColumnKind;
use crate::site::listing::Listings;

/// The 单项否决 thresholds for columns.
pub const STALE_COLUMNS_VETO: usize = 5;
pub const SHOULD_UPDATE_VETO: usize = 10;
pub const BLANK_COLUMNS_VETO: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// The day counted as the inspection date (监测时间点).
    pub date: NaiveDate,
    pub agencies: Vec<AgencyScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyScore {
    pub name: String,
    /// Address of the agency's home page in the built site.
    pub url: String,
    pub catalogue: PathBuf,
    pub standard: Option<StandardScore>,
    pub blank_columns: Vec<ColumnRow>,
    pub noted_columns: Vec<ColumnRow>,
    pub stale_columns: Vec<ColumnRow>,
    pub late_entries: Vec<LateRow>,
    pub report: Option<ReportStatus>,
    pub vetoes: Vec<Veto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StandardScore {
    pub level: &'static str,
    pub applicable: usize,
    pub covered: usize,
    pub without_column: Vec<String>,
    pub empty: Vec<String>,
    pub yearly_missing: Vec<coverage::Yearly>,
    pub not_applicable: Vec<NotApplicableRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotApplicableRow {
    pub domain: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnRow {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    /// The standard item it holds.
    pub item: Option<String>,
    pub newest: Option<NaiveDate>,
    pub note: Option<String>,
    /// How long it may go without an update (stale columns).
    pub period: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LateRow {
    pub title: String,
    pub index: String,
    pub file: PathBuf,
    pub created: NaiveDate,
    pub published: NaiveDate,
    pub due: NaiveDate,
    pub limit: String,
    /// Days past the due date.
    pub late_by: i64,
    pub item: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportStatus {
    /// The latest year whose report is due by the inspection date.
    pub year: i32,
    pub due: NaiveDate,
    pub file: Option<PathBuf>,
    pub published: Option<NaiveDate>,
    /// 按时发布 | 逾期发布 | 未写公布日期 | 未发布
    pub status: &'static str,
    /// Findings of the report rules (R1–R9) on its file.
    pub rule_findings: usize,
}

impl ReportStatus {
    pub fn ok(&self) -> bool {
        self.status == "按时发布" && self.rule_findings == 0
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Veto {
    pub line: &'static str,
    pub count: usize,
    pub threshold: usize,
    pub reached: bool,
    pub columns: Vec<String>,
}

/// Counts the site as an inspector would on `site.today`, and states what it finds.
/// `found` are the diagnostics so far (the report rules' findings are counted from it).
pub fn inspect(site: &Site, found: &Diagnostics) -> (Inspection, Vec<Diagnostic>) {
    let listings = Listings::new(site);
    let adoptions: Vec<Option<Adoption>> = site
        .agencies
        .iter()
        .map(|a| Adoption::of(&site.standard, &a.catalogue))
        .collect();
    let late = timeliness::late(site, &adoptions);
    let mut out = Vec::new();
    timeliness::findings(site, &late, &mut out);
    let mut agencies = Vec::new();
    for (ai, a) in site.agencies.iter().enumerate() {
        let listing = &listings.agencies[ai];
        let adoption = adoptions[ai].as_ref();
        let cols = columns::columns(site, a, listing, adoption);
        columns::findings(site, a, adoption, &cols, &mut out);
        let cover = adoption.map(|ad| {
            let c = coverage::coverage(site, listing, ad);
            coverage::findings(a, ad, &c, &mut out);
            c
        });
        let row = |c: usize, period: Option<&'static str>| {
            let cat = &a.catalogue.categories[c];
            ColumnRow {
                code: cat.code.clone(),
                name: cat.name.clone(),
                kind: columns::kind_of(&a.catalogue, c).label(),
                item: adoption.and_then(|ad| ad.category_item[c]).map(|i| i.key()),
                newest: listing.by_category[c]
                    .first()
                    .map(|&e| site.entries[e].published),
                note: cat.note.clone(),
                period,
            }
        };
        let vetoes = vetoes(a.catalogue.categories.as_slice(), &cols);
        vetoes_findings(a, &vetoes, &mut out);
        agencies.push(AgencyScore {
            name: a.name().to_string(),
            url: crate::output::layout::agency_home(&a.url),
            catalogue: agency_file(a, "catalogue.md"),
            standard: cover.map(standard_score),
            blank_columns: cols.blank.iter().map(|&c| row(c, None)).collect(),
            noted_columns: cols.noted.iter().map(|&c| row(c, None)).collect(),
            stale_columns: cols
                .stale
                .iter()
                .map(|s| row(s.category, Some(columns::period(s.kind).0)))
                .collect(),
            late_entries: late
                .iter()
                .filter(|l| site.entries[l.entry].agency == ai)
                .map(|l| late_row(site, l))
                .collect(),
            report: report_status(site, ai, found),
            vetoes,
        });
    }
    (
        Inspection {
            date: site.today,
            agencies,
        },
        out,
    )
}

fn standard_score(c: Coverage) -> StandardScore {
    StandardScore {
        level: c.level.name(),
        applicable: c.applicable,
        covered: c.covered,
        without_column: c.without_column,
        empty: c.empty,
        yearly_missing: c.yearly_missing,
        not_applicable: c
            .not_applicable
            .into_iter()
            .map(|(domain, reason)| NotApplicableRow { domain, reason })
            .collect(),
    }
}

fn late_row(site: &Site, l: &Late) -> LateRow {
    let e = &site.entries[l.entry];
    LateRow {
        title: e.title.clone(),
        index: e.index.clone(),
        file: e.source.clone(),
        created: e.created,
        published: e.published,
        due: l.due,
        limit: l
            .limit_text
            .clone()
            .unwrap_or_else(|| "《条例》第二十六条：20个工作日".into()),
        late_by: l.days_late,
        item: l.item.clone(),
    }
}

/// The three column lines of 单项否决, always counted.
fn vetoes(cats: &[crate::site::Category], cols: &Columns) -> Vec<Veto> {
    let name = |c: usize| format!("{}（{}）", cats[c].name, cats[c].code);
    // Line 1: 动态、要闻 columns idle for 2 weeks, and 通知公告、政策文件 一级栏目 for 6 months.
    let first: Vec<String> = cols
        .stale
        .iter()
        .filter(|s| {
            s.kind == ColumnKind::News
                || (cats[s.category].parent.is_none()
                    && matches!(s.kind, ColumnKind::Notices | ColumnKind::Policies))
        })
        .chain(&cols.stale_top)
        .map(|s| name(s.category))
        .collect();
    // Line 2: 应更新但长期未更新 — blank columns and stale columns of the kinds that must be updated.
    let second: Vec<String> = cols
        .blank
        .iter()
        .map(|&c| name(c))
        .chain(cols.should_update().map(|s| name(s.category)))
        .collect();
    let third: Vec<String> = cols.blank.iter().map(|&c| name(c)).collect();
    [
        (
            "监测时间点前2周内的动态、要闻类栏目，以及前6个月内的通知公告、政策文件类一级栏目，累计超过（含）5个未更新",
            first,
            STALE_COLUMNS_VETO,
        ),
        ("应更新但长期未更新的栏目数量超过（含）10个", second, SHOULD_UPDATE_VETO),
        ("空白栏目数量超过（含）5个", third, BLANK_COLUMNS_VETO),
    ]
    .into_iter()
    .map(|(line, columns, threshold)| Veto {
        line,
        count: columns.len(),
        threshold,
        reached: columns.len() >= threshold,
        columns,
    })
    .collect()
}

fn vetoes_findings(a: &crate::site::Agency, vetoes: &[Veto], out: &mut Vec<Diagnostic>) {
    let file = agency_file(a, "catalogue.md");
    for v in vetoes.iter().filter(|v| v.reached) {
        const SHOWN: usize = 12;
        let mut list = v
            .columns
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        if v.columns.len() > SHOWN {
            list += &format!("等{}个", v.columns.len());
        }
        out.push(
            Diagnostic::warning(
                &file,
                format!("单项否决：{}有 {} 个栏目触及“{}”：{list}", a.name(), v.count, v.line),
            )
            .field("categories")
            .hint("政府网站检查（国办秘函〔2019〕19号）中，“栏目不更新”任一项达到即单项否决，判为不合格；按上面逐条列出的栏目更新或说明"),
        );
    }
}

/// The latest report due by the inspection date, and how it stands.
fn report_status(site: &Site, agency: usize, found: &Diagnostics) -> Option<ReportStatus> {
    use chrono::Datelike;
    let (m, d) = site.config.report_deadline;
    let due_for = |year: i32| {
        NaiveDate::from_ymd_opt(year + 1, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(year + 1, m, 28))
            .expect("valid deadline")
    };
    let year = (site.today.year() - 2..site.today.year())
        .rev()
        .find(|&y| due_for(y) < site.today)?;
    let due = due_for(year);
    let a = &site.agencies[agency];
    let report = a.reports.iter().find(|r| r.year == year);
    let status = match report {
        None => "未发布",
        Some(r) => match r.published {
            None => "未写公布日期",
            Some(p) if p <= due => "按时发布",
            Some(_) => "逾期发布",
        },
    };
    let file: Option<&Path> = report.map(|r| r.source.as_path());
    Some(ReportStatus {
        year,
        due,
        file: file.map(Path::to_path_buf),
        published: report.and_then(|r| r.published),
        status,
        rule_findings: file.map_or(0, |f| found.iter().filter(|d| d.file == f).count()),
    })
}
