//! Art. 26: proactively disclosed information is published within 20 working days of
//! being formed or changed (生成日期 → 公开日期, on the working-day calendar).

use chrono::Datelike;

use super::at_field;
use crate::calendar::DISCLOSURE_WORKING_DAYS;
use crate::diagnostics::Diagnostic;
use crate::site::{Disclosure, Site, Status};

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let cal = &site.calendar;
    site.entries
        .iter()
        .filter(|e| e.status != Status::Draft && e.disclosure == Disclosure::Proactive)
        .filter_map(|e| {
            let t = cal.timeliness(e.created, e.published);
            if t.on_time {
                return None;
            }
            let uncovered: Vec<String> = (e.created.year()..=e.published.year())
                .filter(|y| !cal.covers(*y))
                .map(|y| y.to_string())
                .collect();
            let hint = if uncovered.is_empty() {
                "《条例》第二十六条：属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内公开（法律、法规另有规定的除外）。请核对生成日期和公开日期".to_string()
            } else {
                format!(
                    "日历中没有 {} 年的节假日安排，这些年份只按周末计算；国务院办公厅公布放假安排后请补充到 calendar.yaml",
                    uncovered.join("、")
                )
            };
            let d = Diagnostic::warning(
                &e.source,
                format!(
                    "公开日期 {} 晚于生成日期 {} 后的第{DISCLOSURE_WORKING_DAYS}个工作日（{}），逾期 {} 天",
                    e.published, e.created, t.due, t.days_late
                ),
            )
            .hint(hint);
            Some(at_field(site, &e.source, "published", d))
        })
        .collect()
}
