//! Contexts of the yearly-report pages: one report, an agency's list of reports, and
//! the site-wide comparison of one year.

mod chart;
mod compact;
pub mod view;

use serde::Serialize;
use tera::Context;

use super::Renderer;
use crate::calendar::DISCLOSURE_WORKING_DAYS;
use crate::output::layout;
use crate::report::figures::format_amount;
use crate::report::schema::{self, Edition, SECTIONS};
use crate::report::{Report, Statistics};
use crate::site::Agency;
use crate::source::markdown;
use chart::BarChart;
use view::Grid;

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct ReportView {
    year: i32,
    title: String,
    /// Before 2019: no standard tables, the body is shown as written.
    legacy: bool,
    /// The 2019/2020 trial format.
    trial: bool,
    /// The notice that prescribes the format.
    basis: Option<&'static str>,
    published: Option<String>,
    period: String,
    preamble: String,
    sections: Vec<SectionView>,
    statistics: Option<StatisticsView>,
    reports_url: String,
    compare_url: Option<String>,
    newer: Option<Link>,
    older: Option<Link>,
}

#[derive(Serialize)]
struct SectionView {
    number: usize,
    /// The official heading; a trial-format report keeps its own wording.
    heading: String,
    /// The narrative written under this part (HTML), may be empty.
    html: String,
    table: Option<Grid>,
    /// Notes under the table (which figures the catalogue supplied).
    notes: Vec<String>,
}

#[derive(Serialize)]
struct StatisticsView {
    disclosed: usize,
    on_time: usize,
    on_time_percent: Option<u32>,
    working_days: u32,
    calendar_known: bool,
    months_chart: BarChart,
    categories_chart: BarChart,
    months: Vec<String>,
    rows: Vec<CategoryRow>,
    month_totals: [usize; 12],
    late: Vec<LateEntry>,
}

#[derive(Serialize)]
struct CategoryRow {
    name: String,
    url: String,
    months: [usize; 12],
    total: usize,
}

#[derive(Serialize)]
struct LateEntry {
    title: String,
    url: String,
    index: String,
    created: String,
    published: String,
    /// The 20th working day after `created`.
    due: String,
    days_late: i64,
}

#[derive(Serialize)]
struct ReportRow {
    year: i32,
    title: String,
    url: String,
    published: Option<String>,
    format: &'static str,
    disclosed: Option<usize>,
    received: Option<i64>,
}

#[derive(Serialize)]
struct OverviewRow {
    name: String,
    url: String,
    depth: usize,
    report_url: Option<String>,
    published: Option<String>,
    legacy: bool,
    /// Figures side by side; `—` where the format has no such cell.
    figures: Vec<String>,
}

/// Columns of the comparison page, in order.
const OVERVIEW_COLUMNS: [&str; 13] = [
    "主动公开信息（条）",
    "20个工作日内公开",
    "行政规范性文件本年制发",
    "行政规范性文件现行有效",
    "行政许可",
    "行政处罚",
    "行政强制",
    "收费（万元）",
    "本年新收申请",
    "上年结转",
    "结转下年度",
    "行政复议",
    "行政诉讼",
];

fn format_label(r: &Report) -> &'static str {
    match r.format.map(|f| f.edition) {
        Some(Edition::Current) => "统一格式",
        Some(Edition::Trial) => "统一格式（试行）",
        None => "旧格式",
    }
}

impl Renderer<'_> {
    fn compare_url(&self, year: i32) -> Option<String> {
        (self.site.agencies.len() > 1).then(|| layout::reports_overview(year))
    }

    /// `reports/<year>/` of an agency.
    pub(super) fn report_page(&self, ctx: &mut Context, a: usize, i: usize) {
        let site = self.site;
        let agency = &site.agencies[a];
        let r = &agency.reports[i];
        let html = |md: &str| markdown::to_html(md, site.config.sanitize_html);
        ctx.insert("year", &r.year);
        ctx.insert("body", &html(&r.body));
        let link = |r: &Report| Link {
            title: format!("{}年度", r.year),
            url: layout::report(&agency.url, r.year),
        };
        let mut sections = Vec::new();
        if let Some(t) = &r.tables {
            let trial = t.format.edition == Edition::Trial;
            for (k, official) in SECTIONS.iter().enumerate() {
                let heading = match &r.narrative.headings[k] {
                    Some(own) if trial => own_heading(k, own),
                    _ => official.to_string(),
                };
                let text = r.narrative.sections[k]
                    .as_ref()
                    .map_or(String::new(), |c| html(&c.text));
                let (table, notes) = match k {
                    1 => (Some(view::proactive(t)), self.proactive_notes(agency, r)),
                    2 => (Some(view::requests(t)), Vec::new()),
                    3 => (Some(view::appeals(t)), Vec::new()),
                    _ => (None, Vec::new()),
                };
                sections.push(SectionView {
                    number: k + 1,
                    heading,
                    html: text,
                    table,
                    notes,
                });
            }
        }
        let value = ReportView {
            year: r.year,
            title: r.title(agency.name()),
            legacy: r.format.is_none(),
            trial: r.format.is_some_and(|f| f.edition == Edition::Trial),
            basis: r.format.map(|f| f.basis),
            published: r.published.map(|d| d.to_string()),
            period: format!("{}年1月1日至12月31日", r.year),
            preamble: html(&r.narrative.preamble.text),
            sections,
            statistics: r
                .statistics
                .as_ref()
                .filter(|_| r.tables.is_some())
                .map(|s| self.statistics_view(agency, s)),
            reports_url: layout::reports(&agency.url),
            compare_url: self.compare_url(r.year),
            newer: agency.reports.get(i + 1).map(link),
            older: i.checked_sub(1).map(|j| link(&agency.reports[j])),
        };
        ctx.insert("report", &value);
    }

    /// What the catalogue supplied to table 二, said under the table.
    fn proactive_notes(&self, agency: &Agency, r: &Report) -> Vec<String> {
        let Some(n) = r.statistics.as_ref().and_then(|s| s.normative.as_ref()) else {
            return Vec::new();
        };
        let Some(t) = &r.tables else {
            return Vec::new();
        };
        let derived = t
            .proactive
            .iter()
            .any(|f| f.origin == crate::report::Origin::Derived);
        if !derived {
            return Vec::new();
        }
        let cat = &agency.catalogue.categories[n.category];
        let mut notes = vec![format!(
            "※ 标注的数字由本机关政府信息公开目录「{}」分类中的条目自动统计。",
            cat.name
        )];
        if n.expired > 0 && r.format.is_some_and(|f| f.edition == Edition::Current) {
            notes.push(format!(
                "本年废止件数含有效期届满失效的文件 {} 件。",
                n.expired
            ));
        }
        notes
    }

    fn statistics_view(&self, agency: &Agency, s: &Statistics) -> StatisticsView {
        let entries = &self.site.entries;
        let cats = &agency.catalogue.categories;
        let rows: Vec<CategoryRow> = s
            .by_category
            .iter()
            .map(|(c, months)| CategoryRow {
                name: cats[*c].name.clone(),
                url: layout::category(&agency.url, &cats[*c].slug, 1),
                months: *months,
                total: months.iter().sum(),
            })
            .collect();
        let bars: Vec<(String, usize)> = rows.iter().map(|r| (r.name.clone(), r.total)).collect();
        StatisticsView {
            disclosed: s.disclosed.len(),
            on_time: s.on_time,
            on_time_percent: s.on_time_percent(),
            working_days: DISCLOSURE_WORKING_DAYS,
            calendar_known: s.calendar_known,
            months_chart: chart::months(s.year, &s.by_month),
            categories_chart: chart::categories(s.year, &bars),
            months: (1..=12).map(|m| format!("{m}月")).collect(),
            rows,
            month_totals: s.by_month,
            late: s
                .late
                .iter()
                .map(|&(i, t)| {
                    let e = &entries[i];
                    LateEntry {
                        title: e.title.clone(),
                        url: layout::entry(&e.slug),
                        index: e.index.clone(),
                        created: e.created.to_string(),
                        published: e.published.to_string(),
                        due: t.due.to_string(),
                        days_late: t.days_late,
                    }
                })
                .collect(),
        }
    }

    /// `reports/` of an agency: every year, newest first.
    pub(super) fn reports_index(&self, ctx: &mut Context, a: usize) {
        let agency = &self.site.agencies[a];
        let rows: Vec<ReportRow> = agency
            .reports
            .iter()
            .rev()
            .map(|r| ReportRow {
                year: r.year,
                title: r.title(agency.name()),
                url: layout::report(&agency.url, r.year),
                published: r.published.map(|d| d.to_string()),
                format: format_label(r),
                disclosed: r
                    .statistics
                    .as_ref()
                    .filter(|_| r.tables.is_some())
                    .map(|s| s.disclosed.len()),
                received: r
                    .tables
                    .as_ref()
                    .map(|t| t.request(schema::RECEIVED)[6].value),
            })
            .collect();
        ctx.insert("reports", &rows);
        let compare: Vec<Link> = agency
            .reports
            .iter()
            .rev()
            .filter_map(|r| {
                self.compare_url(r.year).map(|url| Link {
                    title: format!("{}年度", r.year),
                    url,
                })
            })
            .collect();
        ctx.insert("compare", &compare);
    }

    /// `reports/compare/<year>/`: every agency's figures for one year, side by side.
    pub(super) fn reports_overview(&self, ctx: &mut Context, year: i32) -> String {
        let site = self.site;
        let rows: Vec<OverviewRow> = site
            .agencies
            .iter()
            .map(|a| {
                let r = a.reports.iter().find(|r| r.year == year);
                OverviewRow {
                    name: a.name().to_string(),
                    url: layout::agency_home(&a.url),
                    depth: a.depth,
                    report_url: r.map(|_| layout::report(&a.url, year)),
                    published: r.and_then(|r| r.published).map(|d| d.to_string()),
                    legacy: r.is_some_and(|r| r.tables.is_none()),
                    figures: r.map(overview_figures).unwrap_or_default(),
                }
            })
            .collect();
        let mut years: Vec<i32> = site
            .agencies
            .iter()
            .flat_map(|a| a.reports.iter().map(|r| r.year))
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let others: Vec<Link> = years
            .into_iter()
            .filter(|&y| y != year)
            .map(|y| Link {
                title: format!("{y}年度"),
                url: layout::reports_overview(y),
            })
            .collect();
        ctx.insert("year", &year);
        ctx.insert("columns", &OVERVIEW_COLUMNS);
        ctx.insert("rows", &rows);
        ctx.insert("other_years", &others);
        ctx.insert(
            "published_count",
            &rows.iter().filter(|r| r.report_url.is_some()).count(),
        );
        format!("{year}年度各机构政府信息公开工作年度报告对比")
    }
}

/// A part heading as the report wrote it, numbered as the standard numbers it
/// ("其他需要报告的事项" → "六、其他需要报告的事项").
fn own_heading(part: usize, written: &str) -> String {
    let number = SECTIONS[part].split('、').next().unwrap_or_default();
    if written.starts_with(number) {
        written.to_string()
    } else {
        format!("{number}、{written}")
    }
}

/// One agency's row on the comparison page (see `OVERVIEW_COLUMNS`).
fn overview_figures(r: &Report) -> Vec<String> {
    let (Some(t), Some(s)) = (&r.tables, &r.statistics) else {
        return Vec::new();
    };
    let dash = || "—".to_string();
    let cell = |path: &str| t.proactive(path).map_or_else(dash, |f| f.value.to_string());
    let trial = t.format.edition == Edition::Trial;
    let total = |path: &str| t.request(path)[6].value.to_string();
    vec![
        s.disclosed.len().to_string(),
        s.on_time_percent().map_or_else(dash, |p| format!("{p}%")),
        cell(if trial {
            "normative_documents.made"
        } else {
            "normative_documents.issued"
        }),
        if trial {
            dash()
        } else {
            cell("normative_documents.in_force")
        },
        cell(if trial {
            "licensing.decisions"
        } else {
            "licensing"
        }),
        cell(if trial {
            "penalties.decisions"
        } else {
            "penalties"
        }),
        cell(if trial {
            "coercion.decisions"
        } else {
            "coercion"
        }),
        if trial {
            dash()
        } else {
            t.proactive("fees")
                .map_or_else(dash, |f| format_amount(f.value))
        },
        total(schema::RECEIVED),
        total(schema::CARRIED_OVER),
        total(schema::CARRIED_FORWARD),
        t.appeals[0][4].value.to_string(),
        (t.appeals[1][4].value + t.appeals[2][4].value).to_string(),
    ]
}
