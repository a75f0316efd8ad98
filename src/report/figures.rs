//! The report's figures as the clerk typed them, read against the schema.
//!
//! Every cell remembers where it came from (typed at a line, omitted, added up, or
//! counted from the catalogue), so a rule that fails can point at the line to fix and
//! a page can say which figures the generator filled in.

use crate::diagnostics::{Diagnostic, nearest};
use crate::source::yaml::{Located, Source};

use super::schema::{
    self, AMOUNT_SCALE, APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANTS, Format, Kind, RowNode,
};
use super::tree::{Scalar, Tree};

/// Where a figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Not written: counts as zero.
    Omitted,
    /// Written in the front matter, at this line and column of the YAML text.
    Typed { line: usize, column: usize },
    /// A total the generator added up because the report left it out.
    Computed,
    /// Counted from the agency's catalogue.
    Derived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// Counts as is; amounts in 元 (see `schema::AMOUNT_SCALE`).
    pub value: i64,
    pub origin: Origin,
}

impl Figure {
    pub const ZERO: Figure = Figure {
        value: 0,
        origin: Origin::Omitted,
    };

    pub fn typed(&self) -> Option<(usize, usize)> {
        match self.origin {
            Origin::Typed { line, column } => Some((line, column)),
            _ => None,
        }
    }

    pub fn is_typed(&self) -> bool {
        self.typed().is_some()
    }
}

/// Table 三 row: six applicant columns and the total.
pub type ApplicantRow = [Figure; 7];
/// Table 四 group: four outcomes and the total.
pub type AppealRow = [Figure; 5];

/// The three standard tables of one report.
#[derive(Debug, Clone)]
pub struct Tables {
    pub format: &'static Format,
    /// Table 二, one figure per cell in `Format::proactive_cells` order.
    pub proactive: Vec<Figure>,
    /// The unit written with a `Kind::Money` figure, same order.
    pub units: Vec<Option<&'static str>>,
    /// Table 三, one row per `Format::request_rows` entry.
    pub requests: Vec<ApplicantRow>,
    /// Table 四: 行政复议, 未经复议直接起诉, 复议后起诉.
    pub appeals: [AppealRow; 3],
    /// YAML position of each top-level group key, for rules about a whole table.
    pub anchors: Anchors,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Anchors {
    pub proactive: Option<(usize, usize)>,
    pub requests: Option<(usize, usize)>,
    pub appeals: Option<(usize, usize)>,
}

impl Tables {
    pub fn empty(format: &'static Format) -> Tables {
        Tables {
            format,
            proactive: vec![Figure::ZERO; format.proactive_cells().count()],
            units: vec![None; format.proactive_cells().count()],
            requests: vec![[Figure::ZERO; 7]; format.request_rows().len()],
            appeals: [[Figure::ZERO; 5]; 3],
            anchors: Anchors::default(),
        }
    }

    /// A table 三 row by path (`received`, `results.total` …).
    pub fn request(&self, path: &str) -> &ApplicantRow {
        let i = self.request_index(path);
        &self.requests[i]
    }

    pub fn request_index(&self, path: &str) -> usize {
        self.format
            .request_rows()
            .iter()
            .position(|r| r.path == path)
            .unwrap_or_else(|| panic!("table 三 has no row `{path}`"))
    }

    /// A table 二 cell by path (`normative_documents.issued`, `licensing`), if the
    /// format has it.
    pub fn proactive(&self, path: &str) -> Option<&Figure> {
        self.format
            .proactive_index(path)
            .map(|i| &self.proactive[i])
    }

    pub fn proactive_mut(&mut self, path: &str) -> Option<&mut Figure> {
        self.format
            .proactive_index(path)
            .map(|i| &mut self.proactive[i])
    }
}

/// Reads the three groups of figures; every problem goes to `out`.
pub struct Reader<'a, 'b> {
    pub src: &'a Source<'a>,
    pub out: &'b mut Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    pub fn read(
        &mut self,
        format: &'static Format,
        proactive: Option<&Located<Tree>>,
        requests: Option<&Located<Tree>>,
        appeals: Option<&Located<Tree>>,
    ) -> Tables {
        let mut t = Tables::empty(format);
        let pos = |l: &Located<Tree>| Some((l.line, l.column));
        t.anchors = Anchors {
            proactive: proactive.and_then(pos),
            requests: requests.and_then(pos),
            appeals: appeals.and_then(pos),
        };
        if let Some(p) = proactive {
            self.proactive(format, p, &mut t.proactive, &mut t.units);
        }
        if let Some(r) = requests {
            let mut rows = Vec::new();
            self.request_rows(format.requests, Some(r), "requests", &mut rows);
            t.requests = rows;
        }
        if let Some(a) = appeals {
            self.appeals(a, &mut t.appeals);
        }
        t
    }

    fn proactive(
        &mut self,
        format: &Format,
        node: &Located<Tree>,
        into: &mut [Figure],
        units: &mut [Option<&'static str>],
    ) {
        let rows: Vec<_> = format
            .proactive
            .iter()
            .flat_map(|b| b.rows.iter())
            .collect();
        let keys: Vec<(&str, &str)> = rows.iter().map(|r| (r.key, r.label)).collect();
        let values = self.fields(node, "proactive", "表二（主动公开政府信息情况）", &keys);
        let mut i = 0;
        for (row, value) in rows.iter().zip(values) {
            let block = format
                .proactive
                .iter()
                .find(|b| b.rows.iter().any(|r| std::ptr::eq(r, *row)))
                .expect("row of a block");
            let path = format!("proactive.{}", row.key);
            if let [only] = row.cells
                && only.key.is_empty()
            {
                if let Some(v) = value {
                    let place = format!(
                        "表二「{}」行「{}」列",
                        row.label,
                        schema::cell_label(block, row, only)
                    );
                    into[i] = self.number(v, only.kind, &path, &place);
                }
                i += 1;
                continue;
            }
            let cell_keys: Vec<(&str, &str)> = row
                .cells
                .iter()
                .map(|c| (c.key, schema::cell_label(block, row, c)))
                .collect();
            let cells = match value {
                Some(v) => self.fields(v, &path, &format!("表二「{}」行", row.label), &cell_keys),
                None => vec![None; row.cells.len()],
            };
            for (cell, v) in row.cells.iter().zip(cells) {
                if let Some(v) = v {
                    let place = format!(
                        "表二「{}」行「{}」列",
                        row.label,
                        schema::cell_label(block, row, cell)
                    );
                    into[i] = self.number(v, cell.kind, &format!("{path}.{}", cell.key), &place);
                    if cell.kind == Kind::Money {
                        units[i] = unit_of(v);
                    }
                }
                i += 1;
            }
        }
    }

    /// Reads rows in the same depth-first order as `Format::request_rows`.
    fn request_rows(
        &mut self,
        nodes: &'static [RowNode],
        node: Option<&Located<Tree>>,
        path: &str,
        rows: &mut Vec<ApplicantRow>,
    ) {
        let keys: Vec<(&str, &str)> = nodes.iter().map(|n| (n.key, n.label)).collect();
        let what = if path == "requests" {
            "表三（收到和处理政府信息公开申请情况）".to_string()
        } else {
            format!("表三「{}」", group_label(path))
        };
        let values = match node {
            Some(n) => self.fields(n, path, &what, &keys),
            None => vec![None; nodes.len()],
        };
        for (n, v) in nodes.iter().zip(values) {
            let child = format!("{path}.{}", n.key);
            if n.children.is_empty() {
                rows.push(self.applicant_row(n.label, &child, v));
            } else {
                self.request_rows(n.children, v, &child, rows);
            }
        }
    }

    fn applicant_row(
        &mut self,
        label: &str,
        path: &str,
        node: Option<&Located<Tree>>,
    ) -> ApplicantRow {
        let mut row = [Figure::ZERO; 7];
        let Some(node) = node else { return row };
        let keys: Vec<(&str, &str)> = APPLICANTS.iter().map(|c| (c.key, c.label)).collect();
        if let Tree::Scalar(_) = node.value {
            let key = path.rsplit('.').next().unwrap_or(path);
            self.out.push(
                self.src
                    .error(node, path, format!("表三「{label}」应按申请人类型分列填写，不能只写一个数"))
                    .hint(format!(
                        "例如 `{key}: {{ natural_person: 2, business: 1 }}`；可用的列：{}；没写的列按 0 计，总计（total）可以不写，自动相加",
                        describe(&keys)
                    )),
            );
            return row;
        }
        let values = self.fields(node, path, &format!("表三「{label}」行"), &keys);
        for ((cell, column), v) in row.iter_mut().zip(&APPLICANTS).zip(values) {
            if let Some(v) = v {
                let place = format!("表三「{label}」行「{}」列", column.label);
                *cell = self.number(v, Kind::Count, &format!("{path}.{}", column.key), &place);
            }
        }
        row
    }

    fn appeals(&mut self, node: &Located<Tree>, into: &mut [AppealRow; 3]) {
        let top = self.fields(
            node,
            "review_and_litigation",
            "表四（行政复议、行政诉讼情况）",
            &[("review", "行政复议"), ("litigation", "行政诉讼")],
        );
        let litigation = match top[1] {
            Some(l) => self.fields(
                l,
                "review_and_litigation.litigation",
                "表四「行政诉讼」",
                &[
                    ("direct", "未经复议直接起诉"),
                    ("after_review", "复议后起诉"),
                ],
            ),
            None => vec![None, None],
        };
        let groups = [top[0], litigation[0], litigation[1]];
        let keys: Vec<(&str, &str)> = APPEAL_COLUMNS.iter().map(|c| (c.key, c.label)).collect();
        for (i, (g, (gpath, glabel, parent))) in groups.into_iter().zip(APPEAL_GROUPS).enumerate() {
            let Some(g) = g else { continue };
            let path = format!("review_and_litigation.{gpath}");
            let name = if parent == glabel {
                glabel.to_string()
            } else {
                format!("{parent}·{glabel}")
            };
            let values = self.fields(g, &path, &format!("表四「{name}」"), &keys);
            for ((cell, column), v) in into[i].iter_mut().zip(&APPEAL_COLUMNS).zip(values) {
                if let Some(v) = v {
                    let place = format!("表四「{name}」的「{}」列", column.label);
                    *cell = self.number(v, Kind::Count, &format!("{path}.{}", column.key), &place);
                }
            }
        }
    }

    /// The values of a mapping, by the known keys (in `keys` order); every unknown or
    /// repeated key is reported. An empty value (`key:`) is an empty mapping.
    fn fields<'t>(
        &mut self,
        node: &'t Located<Tree>,
        path: &str,
        what: &str,
        keys: &[(&str, &str)],
    ) -> Vec<Option<&'t Located<Tree>>> {
        let mut found: Vec<Option<&Located<Tree>>> = vec![None; keys.len()];
        let pairs = match &node.value {
            Tree::Map(pairs) => pairs,
            Tree::Empty => return found,
            _ => {
                self.out.push(
                    self.src
                        .error(
                            node,
                            path,
                            format!("{what}应写成 `字段: 数字` 的分组，不能只写一个值"),
                        )
                        .hint(format!(
                            "在下一行缩进两个空格，逐项填写：{}",
                            describe(keys)
                        )),
                );
                return found;
            }
        };
        for (k, v) in pairs {
            let full = format!("{path}.{}", k.value);
            match keys.iter().position(|(key, _)| *key == k.value) {
                Some(i) if found[i].is_some() => self.out.push(
                    self.src
                        .error(k, &full, format!("字段 `{full}` 写了两次"))
                        .hint("删除重复的那一行"),
                ),
                Some(i) => found[i] = Some(v),
                None => {
                    let hint = match nearest(&k.value, keys.iter().map(|(key, _)| *key)) {
                        Some(near) => {
                            let label = keys
                                .iter()
                                .find(|(key, _)| *key == near)
                                .map_or("", |k| k.1);
                            format!("是否想写 `{near}`（{label}）？")
                        }
                        None => format!("{what}可用的字段：{}", describe(keys)),
                    };
                    self.out.push(
                        self.src
                            .error(k, &full, format!("未知字段 `{full}`"))
                            .hint(hint),
                    );
                }
            }
        }
        found
    }

    /// One figure; R8: counts are whole numbers ≥ 0, amounts ≥ 0 with ≤ 4 decimals.
    fn number(&mut self, node: &Located<Tree>, kind: Kind, path: &str, place: &str) -> Figure {
        let typed = |value| Figure {
            value,
            origin: Origin::Typed {
                line: node.line,
                column: node.column,
            },
        };
        let text = match &node.value {
            Tree::Empty => return Figure::ZERO,
            Tree::Scalar(Scalar::Int(n)) => n.to_string(),
            Tree::Scalar(Scalar::Float(x)) => x.to_string(),
            Tree::Scalar(Scalar::Text(t)) => halfwidth(t.trim()),
            Tree::Scalar(Scalar::Bool(b)) => b.to_string(),
            Tree::Map(_) | Tree::List(_) => {
                self.out.push(
                    self.src
                        .error(node, path, format!("{place}应填写一个数字"))
                        .hint(format!("写成 `{}: 0` 这样的一行", last_key(path))),
                );
                return Figure::ZERO;
            }
        };
        match parse_figure(&text, kind) {
            Ok(v) => typed(v),
            Err(why) => {
                let (example, unit) = match kind {
                    Kind::Amount => ("0.35", "不带单位"),
                    Kind::Money => ("251000元", "可以在数字后写单位“元”或“万元”"),
                    Kind::Change => ("-2", "不带单位"),
                    Kind::Count => ("3", "不带单位"),
                };
                self.out.push(
                    self.src
                        .error(
                            node,
                            path,
                            format!("R8：{place}应为{why}，实际填写 `{text}`"),
                        )
                        .hint(format!(
                            "只填阿拉伯数字，{unit}，例如 `{}: {example}`；没有就填 0 或删除这一行",
                            last_key(path)
                        )),
                );
                Figure::ZERO
            }
        }
    }
}

/// Figures above this are typing mistakes; the cap also keeps every sum far from overflow.
const MAX_FIGURE: i64 = 1_000_000_000_000;

/// Parses a figure's text; the error says what was expected.
pub fn parse_figure(text: &str, kind: Kind) -> Result<i64, &'static str> {
    let value = parse_unchecked(text, kind)?;
    let scaled = matches!(kind, Kind::Amount | Kind::Money);
    if value.abs() > MAX_FIGURE * AMOUNT_SCALE || (!scaled && value.abs() > MAX_FIGURE) {
        return Err("合理范围内的数字（不超过一万亿）");
    }
    Ok(value)
}

fn parse_unchecked(text: &str, kind: Kind) -> Result<i64, &'static str> {
    match kind {
        Kind::Count => match text.parse::<i64>() {
            Ok(n) if n >= 0 => Ok(n),
            _ => match text.parse::<f64>() {
                Ok(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e15 => Ok(x as i64),
                _ => Err("非负整数（件数不能为负数或小数）"),
            },
        },
        Kind::Change => text
            .parse::<i64>()
            .map_err(|_| "整数（减少用负数表示，例如 -8）"),
        Kind::Amount | Kind::Money => {
            let (text, err) = match kind {
                Kind::Money => (split_unit(text).0, "非负金额（最多四位小数）"),
                _ => (text, "非负金额（单位万元，最多四位小数）"),
            };
            let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !digits(whole) || !(frac.is_empty() || digits(frac)) || frac.len() > 4 {
                return Err(err);
            }
            let w: i64 = whole.parse().map_err(|_| err)?;
            let f: i64 = format!("{frac:0<4}").parse().map_err(|_| err)?;
            w.checked_mul(AMOUNT_SCALE)
                .and_then(|w| w.checked_add(f))
                .ok_or(err)
        }
    }
}

/// `251000元` → (`251000`, 元); the units a `Kind::Money` figure may carry.
fn split_unit(text: &str) -> (&str, Option<&'static str>) {
    for unit in ["万元", "元"] {
        if let Some(number) = text.strip_suffix(unit) {
            return (number.trim_end(), Some(unit));
        }
    }
    (text, None)
}

/// The unit written after a figure, if any.
fn unit_of(node: &Located<Tree>) -> Option<&'static str> {
    match &node.value {
        Tree::Scalar(Scalar::Text(t)) => split_unit(t.trim()).1,
        _ => None,
    }
}

/// Shows an amount in 万元 without trailing zeros: 3500 → `0.35`.
pub fn format_amount(value: i64) -> String {
    let whole = value / AMOUNT_SCALE;
    let frac = (value % AMOUNT_SCALE).abs();
    if frac == 0 {
        return whole.to_string();
    }
    let f = format!("{frac:04}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// Full-width digits and signs typed with a Chinese input method become ASCII.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect()
}

fn last_key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn describe(keys: &[(&str, &str)]) -> String {
    keys.iter()
        .map(|(k, l)| format!("{k}（{l}）"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The label of a table 三 group by its path (for messages).
fn group_label(path: &str) -> &'static str {
    fn find(nodes: &'static [RowNode], path: &str, prefix: &str) -> Option<&'static str> {
        for n in nodes {
            let p = if prefix.is_empty() {
                n.key.to_string()
            } else {
                format!("{prefix}.{}", n.key)
            };
            if p == path {
                return Some(n.label);
            }
            if let Some(l) = find(n.children, path, &p) {
                return Some(l);
            }
        }
        None
    }
    let inner = path.strip_prefix("requests.").unwrap_or(path);
    find(schema::CURRENT.requests, inner, "")
        .or_else(|| find(schema::TRIAL.requests, inner, ""))
        .unwrap_or("")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::yaml;
    use serde::Deserialize;
    use std::path::Path;

    #[derive(Deserialize)]
    struct Raw {
        proactive: Option<Located<Tree>>,
        requests: Option<Located<Tree>>,
        review_and_litigation: Option<Located<Tree>>,
    }

    pub(crate) fn read(format: &'static Format, y: &str) -> (Tables, Vec<Diagnostic>) {
        let text = format!("---\n{y}---\n");
        let src = Source::new(Path::new("reports/2024.md"), &text, 2);
        let mut out = Vec::new();
        let raw: Raw = yaml::parse(&src, y, &mut out).expect("readable");
        let t = Reader {
            src: &src,
            out: &mut out,
        }
        .read(
            format,
            raw.proactive.as_ref(),
            raw.requests.as_ref(),
            raw.review_and_litigation.as_ref(),
        );
        (t, out)
    }

    #[test]
    fn reads_every_table_and_omits_to_zero() {
        let (t, out) = read(
            &schema::CURRENT,
            "proactive:\n  licensing: 12\n  fees: 0.35\n  rules: { issued: 1 }\nrequests:\n  received: { natural_person: 2, business: 1 }\n  results:\n    withheld:\n      third_party_rights: { natural_person: 1 }\nreview_and_litigation:\n  litigation:\n    direct: { upheld: 1, total: 1 }\n",
        );
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(t.proactive("licensing").unwrap().value, 12);
        assert_eq!(t.proactive("fees").unwrap().value, 3500);
        assert_eq!(t.proactive("rules.issued").unwrap().value, 1);
        assert_eq!(
            t.proactive("rules.in_force").unwrap().origin,
            Origin::Omitted
        );
        assert_eq!(t.request("received")[0].value, 2);
        assert_eq!(t.request("received")[1].value, 1);
        assert_eq!(t.request("received")[0].typed(), Some((6, 31)));
        assert_eq!(t.request("results.withheld.third_party_rights")[0].value, 1);
        assert_eq!(t.appeals[1][0].value, 1);
        assert_eq!(t.appeals[0][4], Figure::ZERO);
    }

    #[test]
    fn unknown_nested_keys_are_all_reported_with_lines_and_suggestions() {
        let (_, out) = read(
            &schema::CURRENT,
            "requests:\n  recieved: { natural_person: 1 }\n  results:\n    withheld:\n      state_secret: { natual_person: 1 }\n    disclosed: { natural_person: 1, persons: 2 }\nreview_and_litigation:\n  review: { uphold: 1 }\n",
        );
        let mut out = out;
        out.sort_by_key(|d| d.line);
        let msgs: Vec<(Option<usize>, &str, &str)> = out
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(out.len(), 4, "{msgs:#?}");
        assert_eq!(msgs[0].0, Some(3));
        assert!(msgs[0].1.contains("`requests.recieved`"), "{msgs:?}");
        assert!(msgs[0].2.contains("`received`"), "{msgs:?}");
        assert_eq!(msgs[1].0, Some(6));
        assert!(msgs[1].1.contains("state_secret"));
        assert!(msgs[1].2.contains("state_secrets"));
        assert_eq!(msgs[2].0, Some(7));
        assert!(
            msgs[2].1.contains("`requests.results.disclosed.persons`"),
            "{msgs:?}"
        );
        assert_eq!(msgs[3].0, Some(9));
        assert!(msgs[3].2.contains("`upheld`（结果维持）"), "{msgs:?}");
    }

    #[test]
    fn r8_negative_fractional_and_worded_counts_are_errors() {
        let (_, out) = read(
            &schema::CURRENT,
            "requests:\n  received: { natural_person: -1, business: 1.5, research: 两件, other: ３ }\nproactive:\n  fees: -2\n  licensing: \"12\"\n",
        );
        let msgs: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(out.len(), 4, "{msgs:#?}");
        assert!(
            msgs[0]
                .contains("表二「行政事业性收费」行「本年收费金额（单位：万元）」列应为非负金额"),
            "{msgs:?}"
        );
        let msgs = &msgs[1..];
        assert!(
            msgs[0].starts_with(
                "R8：表三「一、本年新收政府信息公开申请数量」行「自然人」列应为非负整数"
            ),
            "{msgs:?}"
        );
        assert!(msgs[0].ends_with("`-1`"));
        assert!(msgs[1].contains("「商业企业」列"));
        assert!(
            msgs[2].contains("两件"),
            "full-width ３ is accepted: {msgs:?}"
        );
    }

    #[test]
    fn a_row_written_as_one_number_is_explained() {
        let (_, out) = read(&schema::CURRENT, "requests:\n  received: 3\n");
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("应按申请人类型分列"), "{out:?}");
        assert!(
            out[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("received: { natural_person: 2")
        );
    }

    #[test]
    fn trial_format_has_its_own_rows() {
        let (t, out) = read(
            &schema::TRIAL,
            "proactive:\n  licensing: { previous_items: 5, change: -2, decisions: 40 }\n  procurement: { items: 2, amount: 12.5 }\nrequests:\n  results:\n    other_handling: { natural_person: 1 }\n",
        );
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(t.proactive("licensing.change").unwrap().value, -2);
        assert_eq!(t.proactive("procurement.amount").unwrap().value, 125_000);
        assert_eq!(
            t.units[schema::TRIAL.proactive_index("procurement.amount").unwrap()],
            None
        );
        // The unit the report writes is kept (the trial header names none).
        let (m, out) = read(
            &schema::TRIAL,
            "proactive:\n  procurement: { items: 6, amount: 251000元 }\n",
        );
        assert!(out.is_empty(), "{out:?}");
        let at = schema::TRIAL.proactive_index("procurement.amount").unwrap();
        assert_eq!(
            (m.proactive[at].value, m.units[at]),
            (2_510_000_000, Some("元"))
        );
        let (_, out) = read(
            &schema::TRIAL,
            "proactive:\n  procurement: { amount: 2.5美元 }\n",
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].hint.as_deref().unwrap().contains("251000元"));
        assert_eq!(t.request("results.other_handling")[0].value, 1);
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_figure("0.35", Kind::Amount), Ok(3500));
        assert_eq!(parse_figure("12", Kind::Amount), Ok(120_000));
        assert!(parse_figure("0.12345", Kind::Amount).is_err());
        assert!(parse_figure("-1", Kind::Amount).is_err());
        assert_eq!(format_amount(3500), "0.35");
        assert_eq!(format_amount(120_000), "12");
        assert_eq!(format_amount(0), "0");
        assert!(parse_figure("9223372036854775807", Kind::Count).is_err());
        assert!(parse_figure("9999999999999", Kind::Amount).is_err());
        assert_eq!(parse_figure("-3", Kind::Change), Ok(-3));
    }
}
