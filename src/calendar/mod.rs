//! The working-day calendar (工作日): weekends, official public holidays and make-up
//! workdays (调休). Drives timeliness (Art. 26: 20 working days) and deadlines.
//!
//! A built-in calendar covers the recent years; a site's `calendar.yaml` (same format)
//! adds years or replaces a year it lists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::source::fields;
use crate::source::yaml::{self, Located, Source};

const BUILTIN: &str = include_str!("default.yaml");

/// Art. 26: proactively disclosed information is published within 20 working days of
/// being formed or changed (法律、法规另有规定的除外).
pub const DISCLOSURE_WORKING_DAYS: u32 = 20;

/// Whether an entry was published in time (Art. 26, or an item's own 公开时限), as
/// `check` and the yearly report both count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeliness {
    /// The last day to publish on: the 20th working day after `created` (Art. 26), or
    /// the end of an item's own time limit.
    pub due: NaiveDate,
    /// Published on or before `due`. A day off after the 20th working day is late.
    pub on_time: bool,
    /// Calendar days after `due` (0 when on time).
    pub days_late: i64,
}

impl Timeliness {
    /// Publication on `published` against the last day `due`: the one definition of on
    /// time, whatever the limit (a day off after the last working day is late).
    pub fn by(due: NaiveDate, published: NaiveDate) -> Timeliness {
        Timeliness {
            due,
            on_time: published <= due,
            days_late: (published - due).num_days().max(0),
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    years: BTreeMap<String, Located<RawYear>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    #[serde(default)]
    holidays: Vec<Located<String>>,
    #[serde(default)]
    workdays: Vec<Located<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct WorkingDayCalendar {
    // Ordered sets: the build cache fingerprints the site by its `Debug` text.
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
    /// Years whose official arrangements are known (beyond them: weekends only).
    years: BTreeSet<i32>,
}

impl WorkingDayCalendar {
    /// The built-in calendar.
    pub fn builtin() -> WorkingDayCalendar {
        let mut cal = WorkingDayCalendar::default();
        let mut out = Vec::new();
        cal.merge(Path::new("（内置日历）"), BUILTIN, &mut out);
        debug_assert!(out.is_empty(), "built-in calendar is valid: {out:?}");
        cal
    }

    /// The built-in calendar with the site's `calendar.yaml` (if any) laid over it.
    pub fn for_site(root: &Path, out: &mut Vec<Diagnostic>) -> WorkingDayCalendar {
        let mut cal = Self::builtin();
        let path = root.join("calendar.yaml");
        if path.is_file() {
            match crate::source::read_text(root, &path) {
                Ok(text) => cal.merge(Path::new("calendar.yaml"), &text, out),
                Err(d) => out.push(d),
            }
        }
        cal
    }

    /// Adds the years of a calendar file; a year listed there replaces the same year here.
    fn merge(&mut self, file: &Path, text: &str, out: &mut Vec<Diagnostic>) {
        let Some(raw) = yaml::parse_file::<Raw>(file, text, out) else {
            return;
        };
        let src = Source::new(file, text, 1);
        for (year_text, year) in raw.years {
            let Ok(y) = year_text.trim().parse::<i32>() else {
                out.push(
                    src.error(&year, "years", format!("`{year_text}` 不是年份"))
                        .hint("年份写成四位数字，例如 `2025:`"),
                );
                continue;
            };
            self.holidays.retain(|d| d.year() != y);
            self.workdays.retain(|d| d.year() != y);
            self.years.insert(y);
            for (list, into, field) in [
                (&year.value.holidays, &mut self.holidays, "holidays"),
                (&year.value.workdays, &mut self.workdays, "workdays"),
            ] {
                for item in list {
                    for d in dates(&src, item, field, out) {
                        into.insert(d);
                    }
                }
            }
        }
    }

    /// Whether the official arrangements for `year` are known.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !self.holidays.contains(&d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The `n`-th working day after `from` (the day of `from` itself does not count).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Art. 26 for information formed on `created` and published on `published`: the one
    /// definition of on time.
    pub fn timeliness(&self, created: NaiveDate, published: NaiveDate) -> Timeliness {
        Timeliness::by(
            self.add_working_days(created, DISCLOSURE_WORKING_DAYS),
            published,
        )
    }

    /// Working days after `from` up to and including `to` (0 if `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }
}

/// One item: `2024-01-01` or a range `2024-02-10..2024-02-17`.
fn dates(
    src: &Source,
    item: &Located<String>,
    field: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<NaiveDate> {
    let text = item.value.trim();
    let at = |s: &str| Located {
        value: s.trim().to_string(),
        line: item.line,
        column: item.column,
    };
    let Some((a, b)) = text.split_once("..") else {
        return fields::date(src, item, field, out).into_iter().collect();
    };
    match (
        fields::date(src, &at(a), field, out),
        fields::date(src, &at(b), field, out),
    ) {
        (Some(a), Some(b)) if a <= b => a.iter_days().take_while(|d| *d <= b).collect(),
        (Some(_), Some(_)) => {
            out.push(src.error(
                item,
                field,
                format!("日期范围 `{text}` 的结束日期早于开始日期"),
            ));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn holidays_and_make_up_days() {
        let c = WorkingDayCalendar::builtin();
        assert!(c.covers(2023) && c.covers(2024));
        assert!(!c.is_working_day(d("2024-10-03")), "National Day");
        assert!(c.is_working_day(d("2024-10-12")), "a Saturday make-up day");
        assert!(!c.is_working_day(d("2024-03-02")), "an ordinary Saturday");
        assert!(c.is_working_day(d("2024-03-04")));
        assert!(
            !c.is_working_day(d("2023-01-02")),
            "New Year 2023 listed under 2023"
        );
    }

    #[test]
    fn twenty_working_days_across_spring_festival() {
        let c = WorkingDayCalendar::builtin();
        // 2024-02-01 (Thu): 2,5..8 (5), 4 Feb is a make-up Sunday (+1), then 18 Feb (Sun, make-up)...
        let due = c.add_working_days(d("2024-02-01"), 20);
        assert_eq!(c.working_days_between(d("2024-02-01"), due), 20);
        assert!(
            due > d("2024-02-29"),
            "the 8-day holiday pushes the deadline into March: {due}"
        );
        assert_eq!(c.working_days_between(d("2024-03-01"), d("2024-03-01")), 0);
        assert_eq!(c.working_days_between(d("2024-03-01"), d("2024-03-04")), 1);
    }

    /// (created, published, due, on time) on the built-in 2025 calendar.
    fn art26(created: &str, published: &str) -> (NaiveDate, bool, i64) {
        let t = WorkingDayCalendar::builtin().timeliness(d(created), d(published));
        (t.due, t.on_time, t.days_late)
    }

    #[test]
    fn on_time_at_a_weekend_boundary() {
        // Friday 2025-11-07 + 20 working days (no holidays) = Friday 2025-12-05.
        assert_eq!(
            art26("2025-11-07", "2025-12-05"),
            (d("2025-12-05"), true, 0)
        );
        // The Saturday after is late, although it adds no working day.
        assert_eq!(
            art26("2025-11-07", "2025-12-06"),
            (d("2025-12-05"), false, 1)
        );
        assert_eq!(
            art26("2025-11-07", "2025-12-08"),
            (d("2025-12-05"), false, 3)
        );
        assert_eq!(
            art26("2025-11-07", "2025-11-07"),
            (d("2025-12-05"), true, 0)
        );
    }

    #[test]
    fn on_time_across_national_day() {
        // Friday 2025-09-19: 22–26, Sunday 28 (make-up), 29, 30 = 8; 1–8 October off;
        // 9, 10, Saturday 11 (make-up), 13–17, 20–23 = 20 → Thursday 2025-10-23.
        // Counting weekends only would give 2025-10-17.
        assert_eq!(
            art26("2025-09-19", "2025-10-20"),
            (d("2025-10-23"), true, 0)
        );
        assert_eq!(
            art26("2025-09-19", "2025-10-23"),
            (d("2025-10-23"), true, 0)
        );
        assert_eq!(
            art26("2025-09-19", "2025-10-24"),
            (d("2025-10-23"), false, 1)
        );
    }

    #[test]
    fn on_time_on_a_make_up_saturday() {
        // From Monday 2025-09-08 the 20th working day is Saturday 2025-10-11, a 调休 workday.
        assert_eq!(
            art26("2025-09-08", "2025-10-11"),
            (d("2025-10-11"), true, 0)
        );
        assert_eq!(
            art26("2025-09-08", "2025-10-12"),
            (d("2025-10-11"), false, 1)
        );
        // The make-up Sunday 2025-09-28 counts as a working day too: from Monday 2025-09-01
        // the 20th working day is 2025-09-28, not Monday 2025-09-29.
        assert_eq!(
            art26("2025-09-01", "2025-09-28"),
            (d("2025-09-28"), true, 0)
        );
        assert_eq!(
            art26("2025-09-01", "2025-09-29"),
            (d("2025-09-28"), false, 1)
        );
    }

    #[test]
    fn a_site_calendar_adds_and_replaces_years() {
        let mut c = WorkingDayCalendar::builtin();
        let mut out = Vec::new();
        c.merge(
            Path::new("calendar.yaml"),
            "years:\n  2030:\n    holidays: [2030-01-01..2030-01-02]\n  2024:\n    holidays: []\n    workdays: []\n",
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        assert!(c.covers(2030) && !c.is_working_day(d("2030-01-02")));
        assert!(
            c.is_working_day(d("2024-10-03")),
            "2024 replaced by the site's (empty) list"
        );
        c.merge(
            Path::new("calendar.yaml"),
            "years:\n  2031:\n    holidays: [2031-13-01]\n",
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].line, Some(3));
    }
}
