//! Runs after reading, per agency and year: counts the catalogue, fills in what the
//! report leaves out, applies R1–R9 and turns every finding into a diagnostic.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use crate::calendar::WorkingDayCalendar;
use crate::diagnostics::Diagnostic;
use crate::report::rules::{self, Finding, Place};
use crate::report::schema::SECTIONS;
use crate::report::{Report, narrative, quotes};
use crate::site::{Agency, Entry};

/// Checks every report of every agency; fills in each report's totals, catalogue
/// figures and statistics.
pub fn check(
    agencies: &mut [Agency],
    entries: &[Entry],
    calendar: &WorkingDayCalendar,
    today: NaiveDate,
    deadline: (u32, u32),
    out: &mut Vec<Diagnostic>,
) {
    if agencies.iter().all(|a| a.reports.is_empty()) {
        return;
    }
    let mut by_agency = vec![Vec::new(); agencies.len()];
    for (i, e) in entries.iter().enumerate() {
        by_agency[e.agency].push(i);
    }
    for (a, agency) in agencies.iter_mut().enumerate() {
        let mut reports = std::mem::take(&mut agency.reports);
        let mut undated = BTreeSet::new();
        for k in 0..reports.len() {
            let (done, rest) = reports.split_at_mut(k);
            let prev = done.last().filter(|p| p.year == rest[0].year - 1);
            let ctx = Context {
                agency,
                entries,
                own: &by_agency[a],
                calendar,
                today,
                deadline,
            };
            ctx.report(&mut rest[0], prev, out);
            if rest[0].tables.is_some()
                && let Some(n) = rest[0]
                    .statistics
                    .as_ref()
                    .and_then(|s| s.normative.as_ref())
            {
                undated.extend(n.undated.iter().copied());
            }
        }
        agency.reports = reports;
        for i in undated {
            let e = &entries[i];
            out.push(
                Diagnostic::warning(
                    &e.source,
                    format!(
                        "行政规范性文件「{}」的有效性是「{}」，但没有填写废止日期（repealed），年度报告无法把它计入哪一年的本年废止件数，也不计入现行有效件数",
                        e.title,
                        e.validity.label()
                    ),
                )
                .field("repealed")
                .hint("在前置信息加一行 `repealed: 2024-01-22`，写明文件废止或失效的日期"),
            );
        }
    }
}

struct Context<'a> {
    agency: &'a Agency,
    entries: &'a [Entry],
    own: &'a [usize],
    calendar: &'a WorkingDayCalendar,
    today: NaiveDate,
    deadline: (u32, u32),
}

impl Context<'_> {
    fn report(&self, r: &mut Report, prev: Option<&Report>, out: &mut Vec<Diagnostic>) {
        let stats =
            super::statistics::count(self.agency, self.entries, self.own, r.year, self.calendar);
        let mut found: Vec<Finding> = Vec::new();
        let readable = r.figures_read;
        if let Some(t) = r.tables.as_mut().filter(|_| readable) {
            let describe = |list: &[usize]| describe(self.entries, list);
            found.extend(rules::catalogue_figures(t, &stats, &describe));
            found.extend(rules::requests(t));
            found.extend(rules::appeals(t));
        }
        let prev = prev.filter(|p| p.figures_read && readable);
        if let (Some(t), Some(p)) = (&r.tables, prev) {
            found.extend(rules::carry_over(t, p));
            found.extend(rules::in_force(t, p));
        }
        if let Some(t) = r.tables.as_ref().filter(|_| readable) {
            found.extend(rules::rule_making(t, self.agency.name()));
        }
        if let Some(t) = &r.tables {
            if let Some(one) = r.narrative.sections[0].as_ref().filter(|_| readable) {
                found.extend(rules::quoted(&quotes::quotes(one), t, Some(&stats)));
            }
            for part in [0, 4, 5] {
                if r.narrative.sections[part].is_none() {
                    out.push(
                        Diagnostic::warning(&r.source, format!("年度报告缺少「{}」部分", SECTIONS[part]))
                            .hint(format!(
                                "在正文中用二级标题 `## {}` 开始这一部分（《条例》第五十条规定的报告内容）；没有可报告的内容也请写明，例如“无。”",
                                SECTIONS[part]
                            )),
                    );
                }
            }
            for &(part, line) in &r.narrative.repeated {
                out.push(
                    r.at_file(
                        line,
                        1,
                        format!(
                            "「{}」出现了两次，第二处的内容接在第一处后面显示",
                            SECTIONS[part]
                        ),
                    )
                    .into_warning()
                    .hint("每个部分只用一个二级标题；小节请用三级标题 `### （一）……`"),
                );
            }
        }
        let years = narrative::period_years(&r.body, r.narrative.preamble.line);
        found.extend(rules::period(r, self.today, self.deadline, &years));
        for f in found {
            let d = match f.place {
                Place::Yaml(at) => r.at_yaml(at, f.message),
                Place::File(line, column) => r.at_file(line, column, f.message),
            }
            .field(f.field)
            .hint(f.hint);
            out.push(if f.warning { d.into_warning() } else { d });
        }
        r.statistics = Some(stats);
    }
}

/// "：示政规〔2024〕1号、示政规〔2024〕2号" — the entries a derived figure counted.
fn describe(entries: &[Entry], list: &[usize]) -> String {
    const SHOWN: usize = 5;
    if list.is_empty() {
        return "：无".into();
    }
    let names: Vec<String> = list
        .iter()
        .take(SHOWN)
        .map(|&i| {
            let e = &entries[i];
            e.doc_number
                .clone()
                .unwrap_or_else(|| format!("{}（{}）", e.title, e.created.year()))
        })
        .collect();
    let more = if list.len() > SHOWN {
        format!("等{}件", list.len())
    } else {
        String::new()
    };
    format!("：{}{more}", names.join("、"))
}
