//! Index numbers as a catalogue keeps them: one sequence per agency and year, without
//! gaps, rising with the 生成日期. Numbers kept from an old system (`legacy_index`) are
//! history that cannot be changed: they hold their places in the sequence, but gaps and
//! disorder are looked for only among the numbers after them.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::agency_file;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::site::index_number::Facts;

/// At most this many missing ranges are listed per agency and year.
const SHOWN_GAPS: usize = 20;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(usize, i32), Vec<(u64, usize)>> = BTreeMap::new();
    for (i, e) in site.entries.iter().enumerate() {
        let a = &site.agencies[e.agency];
        let facts = Facts {
            code: &a.guide.code,
            category: &a.catalogue.categories[e.category].code,
            year: e.created.year(),
            month: e.created.month(),
        };
        if let Some(seq) = a.catalogue.index_format.sequence(&e.index, facts) {
            groups
                .entry((e.agency, e.year()))
                .or_default()
                .push((seq, i));
        }
    }
    let mut out = Vec::new();
    for ((agency, year), mut list) in groups {
        list.sort_unstable();
        let a = &site.agencies[agency];
        let legacy_up_to = list
            .iter()
            .filter(|(_, i)| site.entries[*i].legacy_index)
            .map(|(s, _)| *s)
            .max()
            .unwrap_or(0);
        let mut gaps = gaps(&list.iter().map(|(s, _)| *s).collect::<Vec<_>>());
        gaps.retain(|(from, _)| *from > legacy_up_to);
        list.retain(|(s, _)| *s >= legacy_up_to);
        if !gaps.is_empty() {
            let missing: u64 = gaps.iter().map(|(from, to)| to - from + 1).sum();
            let mut shown: Vec<String> = gaps
                .iter()
                .take(SHOWN_GAPS)
                .map(|&(from, to)| {
                    if from == to {
                        from.to_string()
                    } else {
                        format!("{from}–{to}")
                    }
                })
                .collect();
            if gaps.len() > SHOWN_GAPS {
                shown.push("……".into());
            }
            let file = agency_file(a, "catalogue.md");
            out.push(
                Diagnostic::warning(
                    &file,
                    format!("{} {year} 年的索引号流水号有缺号：{}（共 {missing} 个）", a.name(), shown.join("、")),
                )
                .field("index_format")
                .hint("缺号可能是条目被删除或编号时跳号。已公开的信息不应删除（失效的请标注有效性）；确认无误可以忽略"),
            );
        }
        // A number above another must not be older than it.
        let mut newest: Option<usize> = None;
        for &(_, i) in &list {
            let e = &site.entries[i];
            match newest {
                Some(n) if e.created < site.entries[n].created => {
                    let n = &site.entries[n];
                    out.push(
                        Diagnostic::warning(
                            &e.source,
                            format!(
                                "索引号 {} 排在 {} 之后，生成日期 {} 却更早（后者为 {}）",
                                e.index, n.index, e.created, n.created
                            ),
                        )
                        .at(e.index_line, 1)
                        .field("index")
                        .hint("索引号应按生成日期先后编排。已公开的索引号不能再改；请核对生成日期，新条目用 `gongkai new` 编号"),
                    );
                }
                Some(n) if e.created <= site.entries[n].created => {}
                _ => newest = Some(i),
            }
        }
    }
    out
}

/// Missing numbers between 1 and the highest, as inclusive ranges.
fn gaps(sorted: &[u64]) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut expect = 1;
    for &s in sorted {
        if s > expect {
            out.push((expect, s - 1));
        }
        expect = expect.max(s + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn gaps_as_ranges() {
        assert_eq!(super::gaps(&[1, 2, 5, 6, 9]), vec![(3, 4), (7, 8)]);
        assert_eq!(super::gaps(&[2, 2, 3]), vec![(1, 1)]);
        assert!(super::gaps(&[1, 2, 3]).is_empty());
    }
}
