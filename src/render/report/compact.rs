//! The small-screen form of tables 三 and 四: one row per official row, its total and
//! the kinds that are not zero, so a phone shows it without squeezing label columns.
//!
//! The page shows either this form or the official grid (CSS, by width; print always
//! takes the grid), never both, so a screen reader reads one table. Every figure of
//! the grid is here: kinds left out are zero (the note says so), and the zero rows of
//! a group are folded into one row that names them all.

use serde::Serialize;

use crate::report::figures::{Figure, Tables};
use crate::report::schema::{APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANTS};

#[derive(Debug, Clone, Serialize)]
pub struct Compact {
    /// Header of the figures column.
    pub value_label: &'static str,
    /// Says that kinds left out are zero.
    pub note: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The row's own label; for a folded row, every folded label.
    pub label: String,
    /// The groups it belongs to, read out before the label (shown by the group rows).
    pub path: String,
    pub depth: usize,
    /// A group's heading row (no figures).
    pub group: bool,
    /// Zero rows of a group, folded into this one.
    pub folded: bool,
    pub total: i64,
    /// `自然人 3` for each kind that is not zero.
    pub parts: Vec<String>,
}

impl Row {
    fn group(label: &str, depth: usize) -> Row {
        Row {
            label: label.to_string(),
            path: String::new(),
            depth,
            group: true,
            folded: false,
            total: 0,
            parts: Vec::new(),
        }
    }
}

/// `label value` for each column whose figure is not zero (the total column excluded).
fn parts(figures: &[Figure], labels: &[&str]) -> Vec<String> {
    figures
        .iter()
        .zip(labels)
        .filter(|(f, _)| f.value != 0)
        .map(|(f, l)| format!("{l} {}", f.value))
        .collect()
}

/// Table 三: the rows in official order; zero rows inside （三）–（六） are folded.
pub fn requests(t: &Tables) -> Compact {
    let labels: Vec<&str> = APPLICANTS[..6].iter().map(|c| c.label).collect();
    let mut rows = Vec::new();
    let mut zeros: Vec<&str> = Vec::new();
    let flat = t.format.request_rows();
    for (i, (row, figures)) in flat.iter().zip(&t.requests).enumerate() {
        for &(depth, label, _) in &row.opens {
            rows.push(Row::group(label, depth));
        }
        let path = row.groups.join(" ");
        let total = figures[6].value;
        // Sub-rows of （三）–（六） sit two groups deep.
        if total == 0 && row.groups.len() >= 2 {
            zeros.push(row.label);
        } else {
            rows.push(Row {
                label: row.label.to_string(),
                path: path.clone(),
                depth: row.depth,
                group: false,
                folded: false,
                total,
                parts: parts(&figures[..6], &labels),
            });
        }
        let group_ends = flat.get(i + 1).is_none_or(|next| next.groups != row.groups);
        if group_ends && !zeros.is_empty() {
            rows.push(Row {
                label: zeros.join("；"),
                path,
                depth: row.depth,
                group: false,
                folded: true,
                total: 0,
                parts: Vec::new(),
            });
            zeros.clear();
        }
    }
    Compact {
        value_label: "件数",
        note: "各行列出总计和不为 0 的申请人类型，未列出的申请人类型均为 0。",
        rows,
    }
}

/// Table 四: 行政复议, then the two groups of 行政诉讼.
pub fn appeals(t: &Tables) -> Compact {
    let labels: Vec<&str> = APPEAL_COLUMNS[..4].iter().map(|c| c.label).collect();
    let mut rows = Vec::new();
    for (g, (_, label, parent)) in APPEAL_GROUPS.iter().enumerate() {
        let nested = parent != label;
        if nested && g == 1 {
            rows.push(Row::group(parent, 0));
        }
        rows.push(Row {
            label: label.to_string(),
            path: if nested {
                parent.to_string()
            } else {
                String::new()
            },
            depth: usize::from(nested),
            group: false,
            folded: false,
            total: t.appeals[g][4].value,
            parts: parts(&t.appeals[g][..4], &labels),
        });
    }
    Compact {
        value_label: "件数",
        note: "各行列出总计和不为 0 的结果，未列出的结果均为 0。",
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::Origin;
    use crate::report::schema::{CURRENT, TRIAL};

    fn set(t: &mut Tables, path: &str, column: usize, value: i64) {
        let i = t.request_index(path);
        let f = Figure {
            value,
            origin: Origin::Computed,
        };
        t.requests[i][column] = f;
    }

    #[test]
    fn zero_sub_rows_fold_into_one_row_per_group_and_no_label_is_lost() {
        let mut t = Tables::empty(&CURRENT);
        set(&mut t, "received", 0, 3);
        set(&mut t, "received", 4, 1);
        set(&mut t, "received", 6, 4);
        set(&mut t, "results.withheld.third_party_rights", 0, 1);
        set(&mut t, "results.withheld.third_party_rights", 6, 1);
        let c = requests(&t);
        let received = &c.rows[0];
        assert_eq!(
            (received.total, received.parts.clone()),
            (4, vec!["自然人 3".to_string(), "法律服务机构 1".into()])
        );
        let withheld: Vec<&Row> = c
            .rows
            .iter()
            .filter(|r| r.path.contains("（三）不予公开"))
            .collect();
        assert_eq!(withheld.len(), 2, "{withheld:#?}");
        assert_eq!(withheld[0].label, "4.保护第三方合法权益");
        assert!(withheld[1].folded);
        assert_eq!(
            withheld[1].label.matches('；').count(),
            6,
            "seven zero rows folded"
        );
        // Every official label appears once, in a row or a fold.
        let text: String = c.rows.iter().map(|r| r.label.clone() + "|").collect();
        for row in CURRENT.request_rows() {
            assert_eq!(text.matches(row.label).count(), 1, "{}", row.label);
        }
        // An all-zero group is one heading and one folded row; top-level rows stay.
        let unable: Vec<&Row> = c
            .rows
            .iter()
            .filter(|r| r.label.contains("本机关不掌握"))
            .collect();
        assert!(unable.len() == 1 && unable[0].folded);
        assert!(
            c.rows
                .iter()
                .any(|r| r.label == "二、上年结转政府信息公开申请数量" && !r.folded)
        );
        assert_eq!(
            requests(&Tables::empty(&TRIAL))
                .rows
                .iter()
                .filter(|r| r.folded)
                .count(),
            3
        );
    }

    #[test]
    fn table_four_has_three_rows_under_two_headings() {
        let mut t = Tables::empty(&CURRENT);
        t.appeals[0] = [5, 0, 0, 2, 7].map(|value| Figure {
            value,
            origin: Origin::Computed,
        });
        let c = appeals(&t);
        let shown: Vec<(&str, bool, i64)> = c
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.group, r.total))
            .collect();
        assert_eq!(
            shown,
            [
                ("行政复议", false, 7),
                ("行政诉讼", true, 0),
                ("未经复议直接起诉", false, 0),
                ("复议后起诉", false, 0)
            ]
        );
        assert_eq!(c.rows[0].parts, ["结果维持 5", "尚未审结 2"]);
    }
}
