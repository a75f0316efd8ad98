//! R7: the figures 一、总体情况 quotes (`quotes`) agree with the tables, and, as a
//! warning, with the catalogue.
//!
//! A mismatch stops the build only where the words are unambiguous. 受理 … N件 is read
//! either way real reports use it (本年新收, or 本年新收 + 上年结转) and warns only when
//! it matches neither; split in the sentence itself ("其中…上年结转…"), it is the sum.

use super::{Finding, Place, Rule};
use crate::report::figures::Tables;
use crate::report::quotes::{Quote, Quoted};
use crate::report::schema::{
    self, CARRIED_FORWARD, CARRIED_OVER, Edition, RECEIVED, RESULTS_TOTAL,
};
use crate::report::statistics::Statistics;

/// What a quote is compared with.
struct Target {
    table: &'static str,
    row: &'static str,
    column: &'static str,
    expected: i64,
}

fn requests(row: &'static str, expected: i64) -> Option<Target> {
    Some(Target {
        table: "表三",
        row,
        column: "总计",
        expected,
    })
}

pub fn check(quotes: &[Quote], t: &Tables, stats: Option<&Statistics>) -> Vec<Finding> {
    let total = |path: &str| t.request(path)[6].value;
    // A table 三 row, or the sum of a group's rows (（三）不予公开 …).
    let rows = t.format.request_rows();
    let group = |prefix: &str| -> i64 {
        rows.iter()
            .zip(&t.requests)
            .filter(|(r, _)| r.path == prefix || r.path.starts_with(&format!("{prefix}.")))
            .map(|(_, f)| f[6].value)
            .sum()
    };
    let mut found = Vec::new();
    for q in quotes {
        let target = match q.what {
            Quoted::Received => requests("一、本年新收政府信息公开申请数量", total(RECEIVED)),
            Quoted::Accepted if q.with_carried_over => requests(
                "一、本年新收与二、上年结转之和",
                total(RECEIVED) + total(CARRIED_OVER),
            ),
            Quoted::Accepted => {
                found.extend(accepted(q, total(RECEIVED), total(CARRIED_OVER)));
                None
            }
            Quoted::CarriedOver => {
                requests("二、上年结转政府信息公开申请数量", total(CARRIED_OVER))
            }
            Quoted::Handled => requests("三、本年度办理结果（七）总计", total(RESULTS_TOTAL)),
            Quoted::CarriedForward => requests("四、结转下年度继续办理", total(CARRIED_FORWARD)),
            Quoted::Granted => requests("（一）予以公开", group("results.disclosed")),
            Quoted::PartlyGranted => requests(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                group("results.partly_disclosed"),
            ),
            Quoted::GrantedOrPartly => requests(
                "（一）予以公开与（二）部分公开之和",
                group("results.disclosed") + group("results.partly_disclosed"),
            ),
            Quoted::Withheld => requests("（三）不予公开（各项之和）", group("results.withheld")),
            Quoted::Unable => requests("（四）无法提供（各项之和）", group("results.unable")),
            Quoted::NotProcessed => {
                requests("（五）不予处理（各项之和）", group("results.not_processed"))
            }
            Quoted::OtherHandling => requests("（六）其他处理", group("results.other_handling")),
            Quoted::Reviews => Some(Target {
                table: "表四",
                row: "行政复议",
                column: "总计",
                expected: t.appeals[0][4].value,
            }),
            Quoted::Lawsuits => Some(Target {
                table: "表四",
                row: "行政诉讼（未经复议直接起诉与复议后起诉）",
                column: "总计",
                expected: t.appeals[1][4].value + t.appeals[2][4].value,
            }),
            Quoted::NormativeIssued => {
                let (cell, row, column) = match t.format.edition {
                    Edition::Current => ("issued", "行政规范性文件", "本年制发件数"),
                    Edition::Trial => ("made", "规范性文件", "本年新制作数量"),
                };
                t.proactive(&format!("{}.{cell}", schema::NORMATIVE_ROW))
                    .map(|f| Target {
                        table: "表二",
                        row,
                        column,
                        expected: f.value,
                    })
            }
            Quoted::Disclosed => {
                if let Some(s) = stats {
                    found.extend(disclosed(q, s.disclosed.len() as i64));
                }
                None
            }
        };
        let Some(Target {
            table,
            row,
            column,
            expected,
        }) = target
        else {
            continue;
        };
        if q.value == expected {
            continue;
        }
        found.push(Finding {
            rule: Rule::R7,
            warning: false,
            table,
            row: row.into(),
            column: column.into(),
            expected: expected.to_string(),
            found: q.value.to_string(),
            message: format!(
                "R7：「一、总体情况」写的“{}”与{table}「{row}」行「{column}」列不符：应为 {expected}，实际为 {}",
                q.text, q.value
            ),
            hint: "正文引用的数字应与表格一致；请修改正文或表格中错误的一处".into(),
            field: "一、总体情况".into(),
            place: Place::File(q.line, q.column),
        });
    }
    found
}

/// 受理 … N件 without parts: either 本年新收 or 本年新收 + 上年结转 is right.
fn accepted(q: &Quote, received: i64, carried: i64) -> Option<Finding> {
    let both = received + carried;
    if q.value == received || q.value == both {
        return None;
    }
    Some(Finding {
        rule: Rule::R7,
        warning: true,
        table: "表三",
        row: "一、本年新收政府信息公开申请数量".into(),
        column: "总计".into(),
        expected: if carried == 0 {
            received.to_string()
        } else {
            format!("{received} 或 {both}")
        },
        found: q.value.to_string(),
        message: format!(
            "R7：「一、总体情况」写的“{}”与表三对不上：本年新收 {received} 件{}，正文写的是 {}",
            q.text,
            if carried == 0 {
                String::new()
            } else {
                format!("，加上年结转 {carried} 件共 {both} 件")
            },
            q.value
        ),
        hint: "“受理”可以指本年新收的申请，也可以指本年新收与上年结转之和，两种都对不上；请核对正文或表三。写成“收到……申请N件”或“受理N件（其中本年新收…件，上年结转…件）”，核对会更准确".into(),
        field: "一、总体情况".into(),
        place: Place::File(q.line, q.column),
    })
}

/// 主动公开 … N条 against the catalogue: a warning (entries may be kept elsewhere).
fn disclosed(q: &Quote, counted: i64) -> Option<Finding> {
    (q.value != counted).then(|| Finding {
        rule: Rule::R7,
        warning: true,
        table: "",
        row: String::new(),
        column: String::new(),
        expected: counted.to_string(),
        found: q.value.to_string(),
        message: format!(
            "R7：「一、总体情况」写的“{}”与公开目录不符：目录中本年主动公开的政府信息为 {counted} 条，正文写的是 {}",
            q.text, q.value
        ),
        hint: "这个数字由公开目录统计（公开日期在本年度、已发布的主动公开条目）；请核对正文，或检查是否有条目漏录、仍是草稿".into(),
        field: "一、总体情况".into(),
        place: Place::File(q.line, q.column),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::tests::read;
    use crate::report::rules::{appeals, requests as balance};
    use crate::report::schema::CURRENT;

    const BALANCED: &str = "requests:\n  received: { natural_person: 3, business: 1, total: 4 }\n  carried_over: { natural_person: 1 }\n  results:\n    disclosed: { natural_person: 2, business: 1 }\n    unable:\n      not_held: { natural_person: 1 }\n    total: { natural_person: 3, business: 1, total: 4 }\n  carried_forward: { natural_person: 1 }\n";

    fn q(what: Quoted, value: i64) -> Quote {
        Quote {
            what,
            value,
            text: "x".into(),
            line: 30,
            column: 3,
            with_carried_over: false,
        }
    }

    fn tables() -> Tables {
        let (mut t, _) = read(&CURRENT, BALANCED);
        balance(&mut t);
        appeals(&mut t);
        t
    }

    #[test]
    fn quoted_figures_are_compared_with_the_tables() {
        let t = tables();
        let stats = Statistics {
            disclosed: vec![1, 2, 3],
            ..Statistics::default()
        };
        let good = [
            q(Quoted::Received, 4),
            q(Quoted::CarriedOver, 1),
            q(Quoted::Handled, 4),
            q(Quoted::CarriedForward, 1),
            q(Quoted::Granted, 3),
            q(Quoted::PartlyGranted, 0),
            q(Quoted::GrantedOrPartly, 3),
            q(Quoted::Withheld, 0),
            q(Quoted::Unable, 1),
            q(Quoted::NotProcessed, 0),
            q(Quoted::OtherHandling, 0),
            q(Quoted::Reviews, 0),
            q(Quoted::Lawsuits, 0),
            q(Quoted::Disclosed, 3),
            q(Quoted::NormativeIssued, 0),
        ];
        assert!(check(&good, &t, Some(&stats)).is_empty());
        let bad = [
            q(Quoted::Received, 5),
            q(Quoted::Disclosed, 4),
            q(Quoted::Lawsuits, 1),
            q(Quoted::Unable, 2),
        ];
        let found = check(&bad, &t, Some(&stats));
        assert_eq!(found.len(), 4);
        assert_eq!(
            (
                found[0].row.as_str(),
                found[0].expected.as_str(),
                found[0].found.as_str(),
                found[0].warning
            ),
            ("一、本年新收政府信息公开申请数量", "4", "5", false)
        );
        assert_eq!(found[0].place, Place::File(30, 3));
        assert!(
            found[1].warning && found[1].message.contains("与公开目录不符"),
            "{:?}",
            found[1]
        );
        assert_eq!(found[2].table, "表四");
        assert_eq!(
            (
                found[3].row.as_str(),
                found[3].expected.as_str(),
                found[3].warning
            ),
            ("（四）无法提供（各项之和）", "1", false)
        );
    }

    #[test]
    fn accepted_may_mean_new_or_new_and_carried_over() {
        let t = tables();
        // 本年新收 4, 上年结转 1.
        assert!(check(&[q(Quoted::Accepted, 4)], &t, None).is_empty());
        assert!(check(&[q(Quoted::Accepted, 5)], &t, None).is_empty());
        let neither = check(&[q(Quoted::Accepted, 7)], &t, None);
        assert_eq!(neither.len(), 1);
        assert!(neither[0].warning, "ambiguous words only warn");
        assert_eq!(neither[0].expected, "4 或 5");
        // Split in the sentence: the sum, and a mismatch is an error.
        let split = |v| Quote {
            with_carried_over: true,
            ..q(Quoted::Accepted, v)
        };
        assert!(check(&[split(5)], &t, None).is_empty());
        let wrong = check(&[split(4)], &t, None);
        assert_eq!(wrong.len(), 1);
        assert!(!wrong[0].warning);
        assert_eq!(wrong[0].row, "一、本年新收与二、上年结转之和");
    }
}
