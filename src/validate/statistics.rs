//! Counts the catalogue for a yearly report (`report::Statistics`).
//!
//! Only what reaches the output counts (`Entry::is_public`), and only 主动公开 entries.

use chrono::{Datelike, NaiveDate};

use crate::calendar::WorkingDayCalendar;
use crate::report::statistics::{Normative, Statistics};
use crate::site::{Agency, Disclosure, Entry, Validity};

/// Counts `entries` (indices into `all`, the agency's entries) for `year`.
pub fn count(
    agency: &Agency,
    all: &[Entry],
    entries: &[usize],
    year: i32,
    calendar: &WorkingDayCalendar,
) -> Statistics {
    let catalogue = &agency.catalogue;
    let counted = |e: &Entry| e.is_public() && e.disclosure == Disclosure::Proactive;
    let mut s = Statistics {
        year,
        ..Statistics::default()
    };
    let mut per_top = vec![[0usize; 12]; catalogue.categories.len()];
    let mut years_seen = std::collections::BTreeSet::new();
    for &i in entries {
        let e = &all[i];
        if !counted(e) || e.published.year() != year {
            continue;
        }
        s.disclosed.push(i);
        let m = e.published.month0() as usize;
        s.by_month[m] += 1;
        let top = catalogue.path_to(e.category)[0];
        per_top[top][m] += 1;
        years_seen.insert(e.created.year());
        years_seen.insert(year);
        let t = calendar.timeliness(e.created, e.published);
        if t.on_time {
            s.on_time += 1;
        } else {
            s.late.push((i, t));
        }
    }
    s.disclosed
        .sort_by_key(|&i| (all[i].published, all[i].created, i));
    s.by_category = per_top
        .into_iter()
        .enumerate()
        .filter(|(_, months)| months.iter().any(|&n| n > 0))
        .collect();
    s.calendar_known = years_seen.iter().all(|&y| calendar.covers(y));
    s.normative = catalogue.normative().map(|cat| {
        let range = cat..catalogue.categories[cat].subtree_end;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a valid year");
        let mut n = Normative {
            category: cat,
            ..Normative::default()
        };
        for &i in entries {
            let e = &all[i];
            if !counted(e) || !range.contains(&e.category) || e.created > end {
                continue;
            }
            if e.created.year() == year {
                n.issued.push(i);
            }
            if e.published.year() == year {
                n.published.push(i);
            }
            if e.published <= end {
                n.total_public.push(i);
            }
            match (e.validity, e.repealed) {
                (Validity::Valid, _) => n.in_force.push(i),
                (_, Some(r)) if r > end => n.in_force.push(i),
                (v, Some(r)) if r.year() == year => {
                    n.repealed.push(i);
                    if v == Validity::Expired {
                        n.expired += 1;
                    }
                }
                (_, Some(_)) => {}
                (_, None) => n.undated.push(i),
            }
        }
        n
    });
    s
}
