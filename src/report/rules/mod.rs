//! The consistency rules of `domain.md` §2.6 (勾稽关系), and the check of figures the
//! report types although the catalogue already knows them.
//!
//! | rule | what | level |
//! |---|---|---|
//! | R1 | table 三, each column: 一 + 二 = 三（七）总计 + 四 | error |
//! | R2 | table 三, each column: （七）总计 = the outcome rows （一）…（六） | error |
//! | R3 | table 三, each row: 总计 = the six applicant columns | error |
//! | R4 | table 三 二（上年结转） = last year's 四（结转下年度继续办理） | error |
//! | R5 | table 四, each group: 总计 = 维持 + 纠正 + 其他 + 尚未审结 | error |
//! | R6 | table 二 现行有效 = last year's + 本年制发 − 本年废止 | warning |
//! | R7 | figures quoted in 一、总体情况 = the tables (`quoted`) | error where the words are unambiguous, else warning |
//! | R8 | counts are whole numbers ≥ 0 (checked while reading, `figures`) | error |
//! | R9 | the year is over, published (and by the deadline), 统计期限 names the year | warning |
//! | 规章 | a township or county-level agency reports 规章 (`rule_making`) | warning |
//!
//! Totals the report leaves out are added up here (`Origin::Computed`); totals it
//! types are checked. Each finding names the rule, table, row, column, the expected
//! and the found value, in the words of the standard table.

mod quoted;

pub use quoted::check as quoted;

use chrono::NaiveDate;

use super::Report;
use super::figures::{Figure, Origin, Tables};
use super::schema::{
    self, APPEAL_GROUPS, APPLICANTS, CARRIED_FORWARD, CARRIED_OVER, Edition, RECEIVED,
    RESULTS_TOTAL,
};
use super::statistics::Statistics;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    R9,
    /// A hand-typed figure the catalogue disagrees with.
    Catalogue,
    /// 规章 reported by an agency that cannot make them.
    RuleMaking,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::R1 => "R1",
            Rule::R2 => "R2",
            Rule::R3 => "R3",
            Rule::R4 => "R4",
            Rule::R5 => "R5",
            Rule::R6 => "R6",
            Rule::R7 => "R7",
            Rule::R9 => "R9",
            Rule::Catalogue => "目录核对",
            Rule::RuleMaking => "规章权限",
        }
    }
}

/// Where a finding points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A YAML position of the front matter (`None`: the file as a whole).
    Yaml(Option<(usize, usize)>),
    /// A line and column of the file (the narrative).
    File(usize, usize),
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Rule,
    pub warning: bool,
    /// 表二 / 表三 / 表四 (empty for R9).
    pub table: &'static str,
    pub row: String,
    pub column: String,
    pub expected: String,
    pub found: String,
    /// The whole sentence shown to the user.
    pub message: String,
    pub hint: String,
    /// The front-matter key path the finding is about.
    pub field: String,
    pub place: Place,
}

fn sum(cells: &[Figure]) -> i64 {
    cells.iter().map(|c| c.value).sum()
}

/// The first typed cell among `cells`, else `fallback`.
fn place_of(cells: &[&Figure], fallback: Option<(usize, usize)>) -> Place {
    Place::Yaml(cells.iter().find_map(|c| c.typed()).or(fallback))
}

/// Fills a total: checks it if typed (returns the typed value when it differs), else
/// writes the sum.
fn settle(cell: &mut Figure, value: i64) -> Option<i64> {
    if cell.is_typed() {
        let typed = cell.value;
        cell.value = value;
        (typed != value).then_some(typed)
    } else {
        *cell = Figure {
            value,
            origin: Origin::Computed,
        };
        None
    }
}

/// R3, R2 and R1 on table 三, in that order (later rules see completed totals).
pub fn requests(t: &mut Tables) -> Vec<Finding> {
    let mut found = Vec::new();
    let rows = t.format.request_rows();
    let total_row = t.request_index(RESULTS_TOTAL);
    let anchor = t.anchors.requests;
    for (i, row) in rows.iter().enumerate() {
        if i == total_row {
            continue;
        }
        let parts = sum(&t.requests[i][..6]);
        let at = t.requests[i][6].typed();
        if let Some(typed) = settle(&mut t.requests[i][6], parts) {
            found.push(Finding {
                rule: Rule::R3,
                warning: false,
                table: "表三",
                row: row.label.to_string(),
                column: "总计".into(),
                expected: parts.to_string(),
                found: typed.to_string(),
                message: format!(
                    "R3：表三「{}」行「总计」列应为 {parts}（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和），实际填写 {typed}",
                    row.label
                ),
                hint: "总计（total）等于同一行六类申请人之和；可以不写 total，由系统自动相加".into(),
                field: format!("requests.{}.total", row.path),
                place: Place::Yaml(at),
            });
        }
    }
    let outcomes: Vec<usize> = (0..rows.len())
        .filter(|&i| i != total_row && rows[i].path.starts_with("results."))
        .collect();
    for (c, column) in APPLICANTS.iter().enumerate() {
        let value: i64 = outcomes.iter().map(|&i| t.requests[i][c].value).sum();
        let at = t.requests[total_row][c].typed();
        if let Some(typed) = settle(&mut t.requests[total_row][c], value) {
            found.push(Finding {
                rule: Rule::R2,
                warning: false,
                table: "表三",
                row: "三、本年度办理结果（七）总计".into(),
                column: column.label.into(),
                expected: value.to_string(),
                found: typed.to_string(),
                message: format!(
                    "R2：表三「（七）总计」行「{}」列应为 {value}（（一）至（六）各项办理结果之和），实际填写 {typed}",
                    column.label
                ),
                hint: "每件申请只计入一种办理结果，（七）总计等于（一）至（六）各行之和；可以不写 results.total，由系统自动相加".into(),
                field: format!("requests.results.total.{}", column.key),
                place: Place::Yaml(at),
            });
        }
    }
    let (a, b, d) = (
        t.request_index(RECEIVED),
        t.request_index(CARRIED_OVER),
        t.request_index(CARRIED_FORWARD),
    );
    let mut r1_failed = false;
    for (c, column) in APPLICANTS.iter().enumerate() {
        if c == 6 && r1_failed {
            break;
        }
        let [r, o, x, f] = [a, b, total_row, d].map(|i| t.requests[i][c]);
        let (left, right) = (r.value + o.value, x.value + f.value);
        if left == right {
            continue;
        }
        r1_failed = true;
        found.push(Finding {
            rule: Rule::R1,
            warning: false,
            table: "表三",
            row: "三（七）总计 + 四、结转下年度继续办理".into(),
            column: column.label.into(),
            expected: left.to_string(),
            found: right.to_string(),
            message: format!(
                "R1：表三「{}」列不平：一（本年新收）{} + 二（上年结转）{} = {left}，而三（七）总计 {} + 四（结转下年度继续办理）{} = {right}；后者应为 {left}，实际为 {right}",
                column.label, r.value, o.value, x.value, f.value
            ),
            hint: "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。请核对这一列的本年新收、上年结转、各项办理结果；年底尚未办结的申请计入「四、结转下年度继续办理」（carried_forward）".into(),
            field: format!("requests.carried_forward.{}", column.key),
            place: place_of(&[&f, &x, &o, &r], anchor),
        });
    }
    found
}

/// R5 on table 四.
pub fn appeals(t: &mut Tables) -> Vec<Finding> {
    let mut found = Vec::new();
    for (g, (path, label, parent)) in APPEAL_GROUPS.iter().enumerate() {
        let parts = sum(&t.appeals[g][..4]);
        let at = t.appeals[g][4].typed();
        if let Some(typed) = settle(&mut t.appeals[g][4], parts) {
            let name = if parent == label {
                label.to_string()
            } else {
                format!("{parent}·{label}")
            };
            found.push(Finding {
                rule: Rule::R5,
                warning: false,
                table: "表四",
                row: name.clone(),
                column: "总计".into(),
                expected: parts.to_string(),
                found: typed.to_string(),
                message: format!(
                    "R5：表四「{name}」的「总计」列应为 {parts}（结果维持、结果纠正、其他结果、尚未审结之和），实际填写 {typed}"
                ),
                hint: "总计等于四种结果之和；可以不写 total，由系统自动相加".into(),
                field: format!("review_and_litigation.{path}.total"),
                place: Place::Yaml(at),
            });
        }
    }
    found
}

/// R4: this year's 上年结转 is last year's 结转下年度继续办理, column by column.
pub fn carry_over(cur: &Tables, prev: &Report) -> Vec<Finding> {
    let Some(pt) = &prev.tables else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let now = cur.request(CARRIED_OVER);
    let then = pt.request(CARRIED_FORWARD);
    for (c, column) in APPLICANTS.iter().enumerate() {
        if c == 6 && !found.is_empty() {
            break;
        }
        if now[c].value == then[c].value {
            continue;
        }
        let source = match then[c].typed() {
            Some((line, _)) => format!("{}:{}", prev.source.display(), prev.file_line(line)),
            None => prev.source.display().to_string(),
        };
        found.push(Finding {
            rule: Rule::R4,
            warning: false,
            table: "表三",
            row: "二、上年结转政府信息公开申请数量".into(),
            column: column.label.into(),
            expected: then[c].value.to_string(),
            found: now[c].value.to_string(),
            message: format!(
                "R4：表三「二、上年结转政府信息公开申请数量」行「{}」列应为 {}（{}年度报告 {source} 中「四、结转下年度继续办理」的数字），实际为 {}",
                column.label, then[c].value, prev.year, now[c].value
            ),
            hint: format!(
                "本年的上年结转（carried_over）应等于{}年度报告的结转下年度继续办理（carried_forward）；请核对两份报告，改正错误的一份",
                prev.year
            ),
            field: format!("requests.carried_over.{}", column.key),
            place: place_of(&[&now[c]], cur.anchors.requests),
        });
    }
    found
}

/// R6: 现行有效 carried from last year (a warning: amendments and expiry can break it).
pub fn in_force(cur: &Tables, prev: &Report) -> Vec<Finding> {
    let Some(pt) = &prev.tables else {
        return Vec::new();
    };
    if pt.format.edition != cur.format.edition {
        return Vec::new();
    }
    let (stock, added, removed) = match cur.format.edition {
        Edition::Current => ("in_force", "issued", Some("repealed")),
        Edition::Trial => ("total", "published", None),
    };
    let mut found = Vec::new();
    for row in ["rules", schema::NORMATIVE_ROW] {
        let get = |t: &Tables, cell: &str| t.proactive(&format!("{row}.{cell}")).copied();
        let (Some(now), Some(before), Some(plus)) =
            (get(cur, stock), get(pt, stock), get(cur, added))
        else {
            continue;
        };
        let minus = removed.and_then(|r| get(cur, r)).map_or(0, |f| f.value);
        let expected = before.value + plus.value - minus;
        if now.value == expected {
            continue;
        }
        let (block, item, cell) = cur
            .format
            .proactive_cells()
            .find(|(_, r, c)| r.key == row && c.key == stock)
            .expect("schema cell");
        let column = schema::cell_label(block, item, cell);
        let added_label = if removed.is_some() {
            "本年制发"
        } else {
            "本年新公开"
        };
        let why = match removed {
            Some(_) => format!(
                "{}年度{column} {} + {added_label} {} − 本年废止 {minus}",
                prev.year, before.value, plus.value
            ),
            None => format!(
                "{}年度{column} {} + {added_label} {}",
                prev.year, before.value, plus.value
            ),
        };
        found.push(Finding {
            rule: Rule::R6,
            warning: true,
            table: "表二",
            row: item.label.into(),
            column: column.into(),
            expected: expected.to_string(),
            found: now.value.to_string(),
            message: format!(
                "R6：表二「{}」行「{column}」列应为 {expected}（{why}），实际为 {}",
                item.label, now.value
            ),
            hint: format!(
                "如果差异来自文件修订、有效期届满等情况，可以忽略此警告；否则请核对本报告和{}年度报告（{}）",
                prev.year,
                prev.source.display()
            ),
            field: format!("proactive.{row}.{stock}"),
            place: place_of(&[&now], cur.anchors.proactive),
        });
    }
    found
}

/// R9: the year is over, the report is published in time, the 统计期限 names the year.
pub fn period(
    report: &Report,
    today: NaiveDate,
    deadline: (u32, u32),
    period_years: &[(i32, usize)],
) -> Vec<Finding> {
    let year = report.year;
    let mut found = Vec::new();
    let mut push = |expected: String, found_v: String, message: String, hint: &str, place| {
        found.push(Finding {
            rule: Rule::R9,
            warning: true,
            table: "",
            row: String::new(),
            column: String::new(),
            expected,
            found: found_v,
            message,
            hint: hint.into(),
            field: "published".into(),
            place,
        })
    };
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    if today <= year_end {
        push(
            format!("{}年1月1日以后", year + 1),
            today.to_string(),
            format!("R9：{year}年还没有结束，年度报告应统计全年（{year}年1月1日至12月31日）的情况"),
            "年度结束后再发布报告；草拟中的报告可以先放在 reports/ 以外的地方",
            Place::Yaml(None),
        );
    }
    // Before the 2019 Regulation every agency reported by 31 March (2007 Art. 31).
    let (m, d) = if year < schema::FIRST_STANDARD_YEAR {
        (3, 31)
    } else {
        deadline
    };
    let due = NaiveDate::from_ymd_opt(year + 1, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(year + 1, m, 28))
        .expect("valid deadline");
    if report.published.is_none() && today > year_end {
        push(
            format!("{}年1月1日至{due}之间的日期", year + 1),
            String::new(),
            "R9：报告没有填写公布日期（published），无法核对是否按时公布".into(),
            "在前置信息加一行 `published: 2025-01-20`，写报告向社会公布的日期；迁移来的旧报告写它当初在网站上公布的日期",
            Place::Yaml(None),
        );
    }
    if let Some(p) = report.published {
        let at = Place::Yaml(report.published_at());
        if p <= year_end {
            push(
                format!("{}年1月1日以后", year + 1),
                p.to_string(),
                format!(
                    "R9：公布日期 {p} 早于报告年度结束（{year}-12-31），年度报告应在年度结束后公布"
                ),
                "请核对公布日期（published）和报告年份（文件名）",
                at,
            );
        } else if p > due {
            push(
                due.to_string(),
                p.to_string(),
                format!("R9：公布日期 {p} 晚于公布截止日期 {due}"),
                "《条例》第四十九条要求每年1月31日前公布上一年度报告；本站的截止日期可在 site.yaml 用 `report_deadline: \"03-31\"` 这样的写法调整",
                at,
            );
        }
    }
    for &(y, line) in period_years {
        if y != year {
            push(
                format!("{year}年1月1日至{year}年12月31日"),
                format!("{y}年"),
                format!("R9：正文写的统计期限是{y}年，而这是{year}年度的报告"),
                "统计期限应为报告年度的1月1日至12月31日；请核对正文或文件名",
                Place::File(line, 1),
            );
        }
    }
    found
}

/// 规章 are made by State Council departments and by the governments of provinces,
/// 设区的市 and 自治州 (《立法法》); a township or a county-level agency reporting some
/// has most likely counted rules it applies. A warning: the level is read from the name.
pub fn rule_making(t: &Tables, agency: &str) -> Vec<Finding> {
    let Some(level) = lacks_rule_making_power(agency) else {
        return Vec::new();
    };
    let Some((block, row, cell, figure)) = t
        .format
        .proactive_cells()
        .zip(&t.proactive)
        .find(|((_, r, _), f)| r.key == "rules" && f.value != 0)
        .map(|((b, r, c), f)| (b, r, c, f))
    else {
        return Vec::new();
    };
    let column = schema::cell_label(block, row, cell);
    vec![Finding {
        rule: Rule::RuleMaking,
        warning: true,
        table: "表二",
        row: row.label.into(),
        column: column.into(),
        expected: "0".into(),
        found: figure.value.to_string(),
        message: format!(
            "表二「规章」行「{column}」列填写了 {}，但「{agency}」是{level}机关，没有制定规章的权限",
            figure.value
        ),
        hint: "规章由国务院部门和省、自治区、直辖市、设区的市、自治州的人民政府制定（《立法法》）；乡镇、街道和县级机关的报告中，规章一行通常均为 0。本机关执行的上级规章不计入；如果本机关不是乡镇或县级机关，可以忽略此警告".into(),
        field: format!("proactive.{}", schema::cell_path(row, cell)),
        place: place_of(&[figure], t.anchors.proactive),
    }]
}

/// "乡镇、街道" or "县级" when the agency's full name places it there: it names a
/// township (镇, 乡, 街道, 苏木; not 城镇, 城乡, 乡村) or a county, banner or district
/// (县, 旗人民政府, 区; not 自治区, 地区, 社区).
fn lacks_rule_making_power(name: &str) -> Option<&'static str> {
    let chars: Vec<char> = name.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let prev = |i: usize| i.checked_sub(1).and_then(at);
    let township = (0..chars.len()).any(|i| match chars[i] {
        '镇' => prev(i) != Some('城'),
        '乡' => prev(i) != Some('城') && at(i + 1) != Some('村'),
        _ => false,
    }) || name.contains("街道")
        || name.contains("苏木");
    if township {
        return Some("乡镇、街道");
    }
    let county = name.contains('县')
        || name.contains("旗人民政府")
        || (0..chars.len()).any(|i| {
            chars[i] == '区'
                && !matches!(prev(i), Some('治' | '地' | '社'))
                && at(i + 1) != Some('域')
        });
    county.then_some("县级")
}

/// Fills the normative-documents row of table 二 from the catalogue; a figure the
/// report types anyway is kept, with a warning when the two disagree.
pub fn catalogue_figures(
    t: &mut Tables,
    stats: &Statistics,
    describe: &dyn Fn(&[usize]) -> String,
) -> Vec<Finding> {
    let Some(n) = &stats.normative else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let cells: Vec<(String, String, &'static str, &'static str)> = t
        .format
        .proactive_cells()
        .filter(|(_, r, _)| r.key == schema::NORMATIVE_ROW)
        .map(|(b, r, c)| {
            (
                schema::cell_path(r, c),
                c.key.to_string(),
                r.label,
                schema::cell_label(b, r, c),
            )
        })
        .collect();
    for (path, key, row, column) in cells {
        let Some(entries) = n.count(&key) else {
            continue;
        };
        let derived = entries.len() as i64;
        let Some(cell) = t.proactive_mut(&path) else {
            continue;
        };
        if !cell.is_typed() {
            *cell = Figure {
                value: derived,
                origin: Origin::Derived,
            };
            continue;
        }
        if cell.value == derived {
            continue;
        }
        let what = match key.as_str() {
            "issued" | "made" => format!("生成日期在{}年", stats.year),
            "repealed" => format!("废止或失效日期在{}年", stats.year),
            "in_force" => format!("到{}年底仍有效", stats.year),
            "published" => format!("公开日期在{}年", stats.year),
            _ => format!("到{}年底已公开", stats.year),
        };
        found.push(Finding {
            rule: Rule::Catalogue,
            warning: true,
            table: "表二",
            row: row.into(),
            column: column.into(),
            expected: derived.to_string(),
            found: cell.value.to_string(),
            message: format!(
                "表二「{row}」行「{column}」列：本报告填写 {}，而公开目录统计为 {derived}（{what}的条目{}）",
                cell.value,
                describe(entries)
            ),
            hint: "页面按报告填写的数字显示。如果目录统计正确，删除这一行即可自动使用目录的数字；如果报告正确，请把缺少的文件补录进目录，或核对条目的生成日期、有效性（validity）和废止日期（repealed）".into(),
            field: format!("proactive.{path}"),
            place: Place::Yaml(cell.typed()),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::tests::read;
    use crate::report::schema::{CURRENT, TRIAL};

    fn only(found: &[Finding], rule: Rule) -> Vec<&Finding> {
        found.iter().filter(|f| f.rule == rule).collect()
    }

    const BALANCED: &str = "requests:\n  received: { natural_person: 3, business: 1, total: 4 }\n  carried_over: { natural_person: 1 }\n  results:\n    disclosed: { natural_person: 2, business: 1 }\n    unable:\n      not_held: { natural_person: 1 }\n    total: { natural_person: 3, business: 1, total: 4 }\n  carried_forward: { natural_person: 1 }\n";

    #[test]
    fn r1_r2_r3_pass_on_a_balanced_table_and_fill_totals() {
        let (mut t, out) = read(&CURRENT, BALANCED);
        assert!(out.is_empty(), "{out:?}");
        let found = requests(&mut t);
        assert!(found.is_empty(), "{found:#?}");
        let fwd = t.request(CARRIED_FORWARD)[6];
        assert_eq!((fwd.value, fwd.origin), (1, Origin::Computed));
        assert_eq!(t.request("results.unable.not_held")[6].value, 1);
        assert!(t.request(RESULTS_TOTAL)[6].is_typed());
    }

    #[test]
    fn r1_fails_per_column_when_carry_forward_is_forgotten() {
        let (mut t, _) = read(
            &CURRENT,
            &BALANCED.replace("  carried_forward: { natural_person: 1 }\n", ""),
        );
        let found = requests(&mut t);
        let r1 = only(&found, Rule::R1);
        assert_eq!(r1.len(), 1, "{found:#?}");
        let f = r1[0];
        assert_eq!(
            (
                f.table,
                f.column.as_str(),
                f.expected.as_str(),
                f.found.as_str()
            ),
            ("表三", "自然人", "4", "3")
        );
        assert!(
            f.message.contains("一（本年新收）3 + 二（上年结转）1 = 4"),
            "{}",
            f.message
        );
        assert!(
            matches!(f.place, Place::Yaml(Some((8, _)))),
            "points at the typed （七）总计: {:?}",
            f.place
        );
        assert!(!f.warning);
    }

    #[test]
    fn r2_fails_when_the_typed_outcome_total_is_wrong() {
        let (mut t, _) = read(
            &CURRENT,
            &BALANCED.replace(
                "total: { natural_person: 3, business: 1, total: 4 }",
                "total: { natural_person: 2, business: 1, total: 3 }",
            ),
        );
        let found = requests(&mut t);
        let r2 = only(&found, Rule::R2);
        assert_eq!(r2.len(), 2, "{found:#?}");
        assert_eq!(
            (
                r2[0].column.as_str(),
                r2[0].expected.as_str(),
                r2[0].found.as_str()
            ),
            ("自然人", "3", "2")
        );
        assert_eq!(
            (
                r2[1].column.as_str(),
                r2[1].expected.as_str(),
                r2[1].found.as_str()
            ),
            ("总计", "4", "3")
        );
        assert!(
            r2[0]
                .message
                .starts_with("R2：表三「（七）总计」行「自然人」列应为 3"),
            "{}",
            r2[0].message
        );
        assert!(
            only(&found, Rule::R1).is_empty(),
            "no knock-on R1: {found:#?}"
        );
    }

    #[test]
    fn r3_fails_when_a_typed_row_total_is_wrong() {
        let (mut t, _) = read(
            &CURRENT,
            &BALANCED.replace(
                "business: 1, total: 4 }\n  carried_over",
                "business: 1, total: 5 }\n  carried_over",
            ),
        );
        let found = requests(&mut t);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.rule, Rule::R3);
        assert_eq!(
            (
                f.row.as_str(),
                f.column.as_str(),
                f.expected.as_str(),
                f.found.as_str()
            ),
            ("一、本年新收政府信息公开申请数量", "总计", "4", "5")
        );
        assert_eq!(f.field, "requests.received.total");
        assert!(matches!(f.place, Place::Yaml(Some((2, _)))));
    }

    #[test]
    fn r5_checks_each_group_of_table_four() {
        let (mut t, _) = read(
            &CURRENT,
            "review_and_litigation:\n  review: { upheld: 1, corrected: 1, total: 2 }\n  litigation:\n    after_review: { pending: 1, total: 2 }\n",
        );
        let found = appeals(&mut t);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].rule, Rule::R5);
        assert_eq!(
            (
                found[0].row.as_str(),
                found[0].expected.as_str(),
                found[0].found.as_str()
            ),
            ("行政诉讼·复议后起诉", "1", "2")
        );
        assert_eq!(
            t.appeals[1][4],
            Figure {
                value: 0,
                origin: Origin::Computed
            }
        );
        let (mut ok, _) = read(
            &CURRENT,
            "review_and_litigation:\n  review: { upheld: 1, corrected: 1, total: 2 }\n",
        );
        assert!(appeals(&mut ok).is_empty());
        assert_eq!(ok.appeals[0][4].value, 2);
    }

    fn report(year: i32, yaml: &str) -> Report {
        let text = format!("---\n{yaml}---\n正文\n");
        let src = crate::source::yaml::Source::new(std::path::Path::new("reports/x.md"), &text, 2);
        let mut out = Vec::new();
        let doc = crate::source::yaml::split_front_matter(&text).unwrap();
        let mut r = Report::parse(&src, year, doc.yaml, doc.body, &mut out).unwrap();
        assert!(out.is_empty(), "{out:?}");
        r.source = format!("reports/{year}.md").into();
        if let Some(t) = &mut r.tables {
            requests(t);
            appeals(t);
        }
        r
    }

    #[test]
    fn r4_compares_carry_over_with_last_years_report() {
        let prev = report(
            2023,
            "requests:\n  received: { natural_person: 2 }\n  results:\n    disclosed: { natural_person: 1 }\n  carried_forward: { natural_person: 1 }\n",
        );
        let good = report(
            2024,
            "requests:\n  carried_over: { natural_person: 1 }\n  results:\n    disclosed: { natural_person: 1 }\n",
        );
        assert!(carry_over(good.tables.as_ref().unwrap(), &prev).is_empty());
        let bad = report(
            2024,
            "requests:\n  carried_over: { business: 1 }\n  results:\n    disclosed: { business: 1 }\n",
        );
        let found = carry_over(bad.tables.as_ref().unwrap(), &prev);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            (
                found[0].column.as_str(),
                found[0].expected.as_str(),
                found[0].found.as_str()
            ),
            ("自然人", "1", "0")
        );
        assert!(
            found[0].message.contains("2023年度报告 reports/2023.md:6"),
            "{}",
            found[0].message
        );
        assert_eq!(
            (
                found[1].column.as_str(),
                found[1].expected.as_str(),
                found[1].found.as_str()
            ),
            ("商业企业", "0", "1")
        );
    }

    #[test]
    fn r6_warns_when_in_force_does_not_carry() {
        let prev = report(
            2023,
            "proactive:\n  normative_documents: { issued: 2, in_force: 5 }\n",
        );
        let good = report(
            2024,
            "proactive:\n  normative_documents: { issued: 1, repealed: 2, in_force: 4 }\n",
        );
        assert!(in_force(good.tables.as_ref().unwrap(), &prev).is_empty());
        let bad = report(
            2024,
            "proactive:\n  normative_documents: { issued: 1, repealed: 2, in_force: 6 }\n  rules: { in_force: 1 }\n",
        );
        let found = in_force(bad.tables.as_ref().unwrap(), &prev);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.warning && f.rule == Rule::R6));
        assert_eq!(
            (
                found[0].row.as_str(),
                found[0].expected.as_str(),
                found[0].found.as_str()
            ),
            ("规章", "0", "1")
        );
        assert_eq!(
            (
                found[1].row.as_str(),
                found[1].column.as_str(),
                found[1].expected.as_str(),
                found[1].found.as_str()
            ),
            ("行政规范性文件", "现行有效件数", "4", "6")
        );
        assert!(
            found[1]
                .message
                .contains("2023年度现行有效件数 5 + 本年制发 1 − 本年废止 2"),
            "{}",
            found[1].message
        );
        // Across formats (2020 trial → 2021) there is nothing to compare.
        let trial = report(2020, "proactive:\n  normative_documents: { total: 9 }\n");
        assert!(in_force(good.tables.as_ref().unwrap(), &trial).is_empty());
        let trial_next = report(
            2020,
            "proactive:\n  normative_documents: { published: 1, total: 9 }\n",
        );
        let trial_prev = report(2019, "proactive:\n  normative_documents: { total: 7 }\n");
        let f = in_force(trial_next.tables.as_ref().unwrap(), &trial_prev);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].column.as_str(), f[0].expected.as_str()),
            ("对外公开总数量", "8")
        );
    }

    #[test]
    fn r9_year_deadline_and_period() {
        let r = report(2023, "published: 2024-01-20\n");
        let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert!(period(&r, today, (1, 31), &[(2023, 9)]).is_empty());
        let late = report(2023, "published: 2024-02-20\n");
        let found = period(&late, today, (1, 31), &[(2022, 9)]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.warning && f.rule == Rule::R9));
        assert_eq!(
            (found[0].expected.as_str(), found[0].found.as_str()),
            ("2024-01-31", "2024-02-20")
        );
        assert_eq!(found[1].place, Place::File(9, 1));
        assert!(
            period(&late, today, (3, 31), &[]).is_empty(),
            "a site's own deadline"
        );
        let early = report(2023, "published: 2023-12-20\n");
        assert_eq!(period(&early, today, (1, 31), &[]).len(), 1);
        let unfinished = report(2024, "");
        assert_eq!(period(&unfinished, today, (1, 31), &[]).len(), 1);
        let old = report(2017, "published: 2018-03-20\n");
        assert!(
            period(&old, today, (1, 31), &[]).is_empty(),
            "old reports were due 31 March"
        );
    }

    #[test]
    fn r9_warns_when_the_publication_date_is_missing() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let found = period(&report(2023, ""), today, (1, 31), &[]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].warning && found[0].message.contains("没有填写公布日期"));
        assert!(
            period(
                &report(2023, "published: 2024-01-20\n"),
                today,
                (1, 31),
                &[]
            )
            .is_empty()
        );
    }

    #[test]
    fn rules_reported_below_the_rule_making_level_warn() {
        let r = report(2024, "proactive:\n  rules: { in_force: 2 }\n");
        let t = r.tables.as_ref().unwrap();
        for township in ["示例镇人民政府", "西河镇农业技术推广站", "大明湖街道办事处"]
        {
            let found = rule_making(t, township);
            assert_eq!(found.len(), 1, "{township}");
            assert!(found[0].warning);
            assert!(
                found[0].message.contains("乡镇、街道机关"),
                "{}",
                found[0].message
            );
            assert_eq!(found[0].column, "现行有效件数");
            assert_eq!(found[0].field, "proactive.rules.in_force");
        }
        for county in [
            "示例县农业农村局",
            "上海市浦东新区人民政府",
            "深圳市龙华区应急管理局",
        ] {
            assert!(
                rule_making(t, county)[0].message.contains("县级机关"),
                "{county}"
            );
        }
        for able in [
            "上海市人民政府办公厅",
            "广西壮族自治区人民政府",
            "示例市住房和城乡建设局",
            "示例市乡村振兴局",
        ] {
            assert!(rule_making(t, able).is_empty(), "{able}");
        }
        let zero = report(2024, "proactive:\n  rules: { in_force: 0 }\n");
        assert!(rule_making(zero.tables.as_ref().unwrap(), "示例镇人民政府").is_empty());
    }

    #[test]
    fn catalogue_figures_fill_and_compare() {
        let stats = Statistics {
            year: 2024,
            normative: Some(crate::report::statistics::Normative {
                issued: vec![7, 8],
                in_force: vec![1, 7, 8],
                ..Default::default()
            }),
            ..Statistics::default()
        };
        let (mut t, _) = read(
            &CURRENT,
            "proactive:\n  normative_documents: { issued: 3 }\n",
        );
        let found = catalogue_figures(&mut t, &stats, &|e| format!("{}件", e.len()));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].warning);
        assert_eq!(
            (found[0].expected.as_str(), found[0].found.as_str()),
            ("2", "3")
        );
        assert!(
            found[0]
                .message
                .contains("本报告填写 3，而公开目录统计为 2"),
            "{}",
            found[0].message
        );
        assert_eq!(
            t.proactive("normative_documents.issued").unwrap().value,
            3,
            "the typed figure is shown"
        );
        assert_eq!(
            *t.proactive("normative_documents.in_force").unwrap(),
            Figure {
                value: 3,
                origin: Origin::Derived
            }
        );
        let (mut trial, _) = read(&TRIAL, "");
        assert!(catalogue_figures(&mut trial, &stats, &|_| String::new()).is_empty());
        assert_eq!(
            trial.proactive("normative_documents.made").unwrap().value,
            2
        );
    }
}
