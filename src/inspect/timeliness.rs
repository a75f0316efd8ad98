//! Late publication: each entry against its own 公开时限 — the category's `time_limit`,
//! else the standard item its category holds (10 working days for 民政 items, 批准后20日
//! for budgets …), else Art. 26: 20 working days of being formed or changed (生成日期 →
//! 公开日期, on the working-day calendar). A limit without a countable deadline (实时,
//! 及时, 长期 …) is held to Art. 26, the outer bound the law sets.

use chrono::{Datelike, NaiveDate};

use super::at_field;
use crate::calendar::Timeliness;
use crate::diagnostics::Diagnostic;
use crate::site::adoption::{Adoption, RuleSource};
use crate::site::{Disclosure, Site, Status};
use crate::standard::TimeRule;
use crate::standard::rule::Span;

#[derive(Debug, Clone)]
pub struct Late {
    pub entry: usize,
    pub due: NaiveDate,
    /// Days past `due` (calendar days, as the yearly report counts them).
    pub days_late: i64,
    pub span: Span,
    /// The standard item whose limit applies (`社会救助/最低生活保障/审核信息`), if any.
    pub item: Option<String>,
    /// The limit as the standard or the category words it.
    pub limit_text: Option<String>,
}

/// Every late entry of the site, in entry order.
pub fn late(site: &Site, adoptions: &[Option<Adoption>]) -> Vec<Late> {
    let cal = &site.calendar;
    site.entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.status != Status::Draft && e.disclosure == Disclosure::Proactive)
        .filter_map(|(i, e)| {
            let catalogue = &site.agencies[e.agency].catalogue;
            let source = Adoption::rule_for(catalogue, adoptions[e.agency].as_ref(), e.category);
            let counted = source.map(|s| s.rule()).filter(|r| r.span().is_some());
            let rule = counted.unwrap_or(&TimeRule::ARTICLE_26);
            let span = rule.span()?;
            let t = Timeliness::by(span.end(e.created, cal), e.published);
            if t.on_time {
                return None;
            }
            let (item, limit_text) = match source.filter(|_| counted.is_some()) {
                Some(RuleSource::Item(item, _)) => (Some(item.key()), item.time_limit.clone()),
                Some(RuleSource::Category(_, r)) => (None, Some(r.to_string())),
                None => (None, None),
            };
            Some(Late {
                entry: i,
                due: t.due,
                days_late: t.days_late,
                span,
                item,
                limit_text,
            })
        })
        .collect()
}

pub fn findings(site: &Site, late: &[Late], out: &mut Vec<Diagnostic>) {
    let cal = &site.calendar;
    for l in late {
        let e = &site.entries[l.entry];
        let uncovered: Vec<String> = (e.created.year()..=e.published.year())
            .filter(|y| l.span.working && !cal.covers(*y))
            .map(|y| y.to_string())
            .collect();
        let whose = match &l.item {
            Some(key) => format!("按标准目录事项「{key}」的公开时限，"),
            None if l.limit_text.is_some() => "按本栏目的公开时限，".to_string(),
            None => String::new(),
        };
        let hint = if !uncovered.is_empty() {
            format!(
                "日历中没有 {} 年的节假日安排，这些年份只按周末计算；国务院办公厅公布放假安排后请补充到 calendar.yaml",
                uncovered.join("、")
            )
        } else if let Some(text) = &l.limit_text {
            format!("公开时限：{text}。请核对生成日期和公开日期")
        } else {
            "《条例》第二十六条：属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内公开（法律、法规另有规定的除外）。请核对生成日期和公开日期".to_string()
        };
        let d = Diagnostic::warning(
            &e.source,
            format!(
                "{whose}公开日期 {} 晚于生成日期 {} 后的第{}（{}），逾期 {} 天",
                e.published, e.created, l.span, l.due, l.days_late
            ),
        )
        .hint(hint);
        out.push(at_field(site, &e.source, "published", d));
    }
}
