//! The county view: one row per agency, as the terminal shows it (the HTML sheet shows
//! the same rows, `sheet`).

use unicode_width::UnicodeWidthStr;

use super::score::{AgencyScore, Inspection};

/// The columns of the table, and each agency's cells.
pub const HEADERS: [&str; 8] = [
    "机构",
    "标准目录",
    "事项有条目/适用",
    "空白栏目",
    "未更新栏目",
    "逾期条目",
    "年度报告",
    "单项否决",
];

pub fn cells(a: &AgencyScore) -> [String; 8] {
    let (level, coverage) = match &a.standard {
        Some(s) => (
            s.level.to_string(),
            format!("{}/{}", s.covered, s.applicable),
        ),
        None => ("未采用".to_string(), "—".to_string()),
    };
    let report = match &a.report {
        Some(r) if r.rule_findings > 0 => {
            format!("{}年 {}，{} 处待核对", r.year, r.status, r.rule_findings)
        }
        Some(r) => format!("{}年 {}", r.year, r.status),
        None => "—".to_string(),
    };
    let vetoes = a.vetoes.iter().filter(|v| v.reached).count();
    [
        a.name.clone(),
        level,
        coverage,
        a.blank_columns.len().to_string(),
        a.stale_columns.len().to_string(),
        a.late_entries.len().to_string(),
        report,
        if vetoes == 0 {
            "无".to_string()
        } else {
            format!("{vetoes} 项")
        },
    ]
}

/// The table as plain text, columns aligned for a terminal (CJK characters are two
/// cells wide).
pub fn table(i: &Inspection) -> String {
    let rows: Vec<[String; 8]> = i.agencies.iter().map(cells).collect();
    let mut widths = HEADERS.map(UnicodeWidthStr::width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (k, (c, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(c);
            if k + 1 < cells.len() {
                s.push_str(&" ".repeat(w - c.width() + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = format!("检查时点 {}，各机构情况：\n", i.date);
    out += &line(&HEADERS);
    out += &line(
        &widths
            .map(|w| "-".repeat(w))
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    for r in &rows {
        out += &line(&r.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}
