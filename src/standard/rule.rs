//! 公开时限 as a rule gongkai can compute. The standard's own wording (`time_limit`)
//! varies from catalogue to catalogue; `rule` is its reading in a small fixed grammar:
//!
//! - `20个工作日`: within 20 working days of 形成或变更 (the entry's `created`);
//! - `批准后20日`: within 20 calendar days of an event (`created` records the event);
//! - `10个工作日，公示7个工作日`: a deadline and a 公示 period (shown, not checked);
//! - `实时` / `及时` / `长期` / `按进展` / `其他`: no deadline that can be counted.

use std::fmt;

use chrono::{Days, NaiveDate};

use crate::calendar::WorkingDayCalendar;

/// A number of days, working or calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub days: u32,
    pub working: bool,
}

impl Span {
    /// The last day of the span counted from `from` (which itself does not count).
    pub fn end(&self, from: NaiveDate, calendar: &WorkingDayCalendar) -> NaiveDate {
        if self.working {
            calendar.add_working_days(from, self.days)
        } else {
            from + Days::new(u64::from(self.days))
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let unit = if self.working { "个工作日" } else { "日" };
        write!(f, "{}{unit}", self.days)
    }
}

/// A time limit without a countable deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// 实时
    Immediate,
    /// 及时
    Prompt,
    /// 长期（动态调整）
    Standing,
    /// 按进展
    AsProgress,
    /// A limit of another kind (e.g. 提前一周发通知邀请): shown, never counted.
    Other,
}

const OPEN: &[(&str, Open)] = &[
    ("实时", Open::Immediate),
    ("及时", Open::Prompt),
    ("长期", Open::Standing),
    ("按进展", Open::AsProgress),
    ("其他", Open::Other),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    Within(Span),
    Open(Open),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRule {
    /// The event the days count from (`批准`), when it is not 形成或变更.
    pub event: Option<String>,
    pub limit: Limit,
    /// How long a 公示 stays up.
    pub posting: Option<Span>,
}

impl TimeRule {
    /// The Art. 26 default: 20 working days of 形成或者变更.
    pub const ARTICLE_26: TimeRule = TimeRule {
        event: None,
        limit: Limit::Within(Span {
            days: crate::calendar::DISCLOSURE_WORKING_DAYS,
            working: true,
        }),
        posting: None,
    };

    pub fn parse(text: &str) -> Result<TimeRule, String> {
        let text = text.trim();
        if let Some(&(_, open)) = OPEN.iter().find(|(word, _)| *word == text) {
            return Ok(TimeRule {
                event: None,
                limit: Limit::Open(open),
                posting: None,
            });
        }
        let (main, posting) = match text.split_once(['，', ',']) {
            Some((main, rest)) => {
                let rest = rest.trim();
                let Some(span) = rest.strip_prefix("公示") else {
                    return Err(format!(
                        "逗号后面应是公示期，例如“公示7个工作日”，而不是“{rest}”"
                    ));
                };
                (main.trim(), Some(span_of(span.trim())?))
            }
            None => (text, None),
        };
        let (event, span) = match main.rfind('后') {
            Some(at) => (
                Some(main[..at].trim().to_string()).filter(|e| !e.is_empty()),
                &main[at + '后'.len_utf8()..],
            ),
            None => (None, main),
        };
        Ok(TimeRule {
            event,
            limit: Limit::Within(span_of(span.trim())?),
            posting,
        })
    }

    /// The last day an entry formed on `created` may be published, when the rule has one.
    pub fn due(&self, created: NaiveDate, calendar: &WorkingDayCalendar) -> Option<NaiveDate> {
        match &self.limit {
            Limit::Within(span) => Some(span.end(created, calendar)),
            Limit::Open(_) => None,
        }
    }

    pub fn span(&self) -> Option<Span> {
        match self.limit {
            Limit::Within(s) => Some(s),
            Limit::Open(_) => None,
        }
    }
}

impl fmt::Display for TimeRule {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if let Some(e) = &self.event {
            write!(f, "{e}后")?;
        }
        match &self.limit {
            Limit::Within(span) => write!(f, "{span}")?,
            Limit::Open(open) => {
                let word = OPEN.iter().find(|(_, o)| o == open).map_or("", |(w, _)| w);
                f.write_str(word)?;
            }
        }
        if let Some(p) = &self.posting {
            write!(f, "，公示{p}")?;
        }
        Ok(())
    }
}

/// `20个工作日`, `20日` (also `20天`).
fn span_of(text: &str) -> Result<Span, String> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let unit = &text[digits.len()..];
    let working = match unit {
        "个工作日" | "工作日" => true,
        "日" | "天" => false,
        _ => {
            return Err(format!(
                "“{text}”不是天数；写成“20个工作日”“20日”，或 实时、及时、长期、按进展、其他 之一"
            ));
        }
    };
    match digits.parse::<u32>() {
        Ok(days) if days > 0 && days <= 3650 => Ok(Span { days, working }),
        _ => Err(format!("“{text}”缺少天数，例如“20个工作日”")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_forms_the_standard_uses() {
        let r = TimeRule::parse("10个工作日，公示7个工作日").unwrap();
        assert_eq!(
            r.limit,
            Limit::Within(Span {
                days: 10,
                working: true
            })
        );
        assert_eq!(r.posting.unwrap().days, 7);
        assert_eq!(r.to_string(), "10个工作日，公示7个工作日");
        let r = TimeRule::parse("批准后20日").unwrap();
        assert_eq!(r.event.as_deref(), Some("批准"));
        assert!(!r.span().unwrap().working);
        assert_eq!(r.to_string(), "批准后20日");
        assert_eq!(
            TimeRule::parse("分配结果确定后20个工作日")
                .unwrap()
                .event
                .as_deref(),
            Some("分配结果确定")
        );
        assert_eq!(
            TimeRule::parse("长期").unwrap().limit,
            Limit::Open(Open::Standing)
        );
        for bad in ["二十个工作日", "20周", "20个工作日，7个工作日", "后", ""] {
            assert!(TimeRule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn working_days_and_calendar_days() {
        let cal = WorkingDayCalendar::builtin();
        // 2024-09-30 (Mon) + 10 working days: Oct 1-7 are National Day, Saturday Oct 12 is a
        // make-up workday: 8, 9, 10, 11, 12, 14, 15, 16, 17, 18.
        let ten = TimeRule::parse("10个工作日").unwrap();
        assert_eq!(ten.due(d("2024-09-30"), &cal), Some(d("2024-10-18")));
        let twenty = TimeRule::parse("批准后20日").unwrap();
        assert_eq!(twenty.due(d("2024-01-31"), &cal), Some(d("2024-02-20")));
        assert_eq!(
            TimeRule::parse("实时").unwrap().due(d("2024-01-31"), &cal),
            None
        );
    }
}
