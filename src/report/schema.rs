//! The standard report formats, as data: the six headings, the tables' official labels
//! and the English front-matter key of every row and column.
//!
//! One definition drives parsing (which keys exist), checking (which cells sum to
//! which) and rendering (labels, merged cells), so a key and its label cannot drift.
//! Labels are verbatim from 国办公开办函〔2021〕30号 and, for the 2019 and 2020 reports,
//! the trial format of 国办公开办函〔2019〕60号 (see `domain.md` §2.3–2.5).

/// How a cell's number is read and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A non-negative whole number (R8).
    Count,
    /// A whole number that may be negative (the trial format's 本年增/减).
    Change,
    /// A non-negative amount in 万元 with up to four decimals, stored in 元.
    Amount,
    /// A non-negative amount in the unit written after it (`251000元`, `25.1万元`, or
    /// none), stored like `Amount` in ten-thousandths: the trial format's 采购总金额,
    /// whose header names no unit.
    Money,
}

/// Amounts are kept as whole 元 (1 万元 = 10000).
pub const AMOUNT_SCALE: i64 = 10_000;

/// One cell of a table 二 row.
#[derive(Debug)]
pub struct ItemCell {
    /// Key under the row; empty when the row holds a single number written as `row: 5`.
    pub key: &'static str,
    pub kind: Kind,
}

/// A row of table 二: `规章`, `行政许可` …
#[derive(Debug)]
pub struct ItemRow {
    pub key: &'static str,
    pub label: &'static str,
    pub cells: &'static [ItemCell],
}

/// One of table 二's blocks, opened by a full-width row naming the Article 20 item.
#[derive(Debug)]
pub struct ItemBlock {
    pub caption: &'static str,
    /// The column-label row: (label, colspan); the first is 信息内容. An empty label is
    /// a blank cell, as printed in the trial format.
    pub header: &'static [(&'static str, usize)],
    pub rows: &'static [ItemRow],
}

/// A row of table 三 or a group of rows (a group spans its rows in a label column).
#[derive(Debug)]
pub struct RowNode {
    pub key: &'static str,
    pub label: &'static str,
    pub children: &'static [RowNode],
}

/// A column of table 三 or 四; the last column of each is the row's total.
#[derive(Debug)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// Reports for 2021 and later.
    Current,
    /// The trial format, for the 2019 and 2020 reports.
    Trial,
}

/// A report format: its tables and where it comes from.
#[derive(Debug)]
pub struct Format {
    pub edition: Edition,
    /// The notice that prescribes it, shown on the page.
    pub basis: &'static str,
    pub proactive: &'static [ItemBlock],
    pub requests: &'static [RowNode],
}

/// The six parts of every report since 2019 (Art. 50; both formats).
pub const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The first year of the 2019 trial format; earlier reports keep their old layout.
pub const FIRST_STANDARD_YEAR: i32 = 2019;
/// The first year reported in the current (2021) format.
pub const FIRST_CURRENT_YEAR: i32 = 2021;

impl Format {
    /// The format a year's report is written in; `None` before 2019 (old reports).
    pub fn for_year(year: i32) -> Option<&'static Format> {
        match year {
            y if y >= FIRST_CURRENT_YEAR => Some(&CURRENT),
            y if y >= FIRST_STANDARD_YEAR => Some(&TRIAL),
            _ => None,
        }
    }

    /// Table 三's rows in order, flattened: (path of keys, label, depth, group sizes).
    pub fn request_rows(&self) -> Vec<FlatRow> {
        let mut rows = Vec::new();
        flatten(self.requests, "", 0, &mut rows);
        rows
    }

    /// Table 二's cells in order: (block, row, cell).
    pub fn proactive_cells(&self) -> impl Iterator<Item = (&ItemBlock, &ItemRow, &ItemCell)> {
        self.proactive.iter().flat_map(|b| {
            b.rows
                .iter()
                .flat_map(move |r| r.cells.iter().map(move |c| (b, r, c)))
        })
    }

    /// Position of a table 二 cell by `row.cell` path (`rules.issued`, `licensing`).
    pub fn proactive_index(&self, path: &str) -> Option<usize> {
        self.proactive_cells()
            .position(|(_, r, c)| cell_path(r, c) == path)
    }
}

/// `rules.issued`, or `licensing` for a single-number row.
pub fn cell_path(row: &ItemRow, cell: &ItemCell) -> String {
    if cell.key.is_empty() {
        row.key.to_string()
    } else {
        format!("{}.{}", row.key, cell.key)
    }
}

/// The column label of a table 二 cell (the header over it).
pub fn cell_label(block: &ItemBlock, row: &ItemRow, cell: &ItemCell) -> &'static str {
    let i = row
        .cells
        .iter()
        .position(|c| std::ptr::eq(c, cell))
        .unwrap_or(0);
    block.header.get(i + 1).map_or("", |h| h.0)
}

/// A leaf row of table 三 with where it sits in the tree.
#[derive(Debug, Clone)]
pub struct FlatRow {
    /// `received`, `results.withheld.state_secrets` …
    pub path: String,
    pub label: &'static str,
    /// Labels of the groups it belongs to, outermost first.
    pub groups: Vec<&'static str>,
    /// For each group this row opens: (depth, label, number of rows it spans).
    pub opens: Vec<(usize, &'static str, usize)>,
    pub depth: usize,
}

fn flatten(nodes: &'static [RowNode], prefix: &str, depth: usize, out: &mut Vec<FlatRow>) {
    for n in nodes {
        let path = if prefix.is_empty() {
            n.key.to_string()
        } else {
            format!("{prefix}.{}", n.key)
        };
        if n.children.is_empty() {
            out.push(FlatRow {
                path,
                label: n.label,
                groups: Vec::new(),
                opens: Vec::new(),
                depth,
            });
            continue;
        }
        let first = out.len();
        flatten(n.children, &path, depth + 1, out);
        let span = out.len() - first;
        for row in &mut out[first..] {
            row.groups.insert(0, n.label);
        }
        out[first].opens.insert(0, (depth, n.label, span));
    }
}

/// Table 三 columns: six kinds of applicant, then the total.
pub const APPLICANTS: [Column; 7] = [
    Column {
        key: "natural_person",
        label: "自然人",
    },
    Column {
        key: "business",
        label: "商业企业",
    },
    Column {
        key: "research",
        label: "科研机构",
    },
    Column {
        key: "public_welfare",
        label: "社会公益组织",
    },
    Column {
        key: "legal_services",
        label: "法律服务机构",
    },
    Column {
        key: "other",
        label: "其他",
    },
    Column {
        key: "total",
        label: "总计",
    },
];

/// Table 三's merged corner cell, which states rule R1.
pub const REQUESTS_CORNER: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
pub const APPLICANTS_GROUP: &str = "申请人情况";
pub const ORGANISATIONS_GROUP: &str = "法人或其他组织";

const fn row(key: &'static str, label: &'static str) -> RowNode {
    RowNode {
        key,
        label,
        children: &[],
    }
}

const fn group(key: &'static str, label: &'static str, children: &'static [RowNode]) -> RowNode {
    RowNode {
        key,
        label,
        children,
    }
}

const WITHHELD: &[RowNode] = &[
    row("state_secrets", "1.属于国家秘密"),
    row("prohibited_by_law", "2.其他法律行政法规禁止公开"),
    row("security_and_stability", "3.危及“三安全一稳定”"),
    row("third_party_rights", "4.保护第三方合法权益"),
    row("internal_affairs", "5.属于三类内部事务信息"),
    row("process_information", "6.属于四类过程性信息"),
    row("enforcement_files", "7.属于行政执法案卷"),
    row("query_matters", "8.属于行政查询事项"),
];

const UNABLE: &[RowNode] = &[
    row("not_held", "1.本机关不掌握相关政府信息"),
    row("needs_creation", "2.没有现成信息需要另行制作"),
    row("unclear_after_correction", "3.补正后申请内容仍不明确"),
];

const NOT_PROCESSED: &[RowNode] = &[
    row("petitions", "1.信访举报投诉类申请"),
    row("repeated", "2.重复申请"),
    row("publications", "3.要求提供公开出版物"),
    row("excessive", "4.无正当理由大量反复申请"),
    row("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
];

const OTHER_HANDLING: &[RowNode] = &[
    row(
        "no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    row(
        "fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    row("other", "3.其他"),
];

const RESULTS_CURRENT: &[RowNode] = &[
    row("disclosed", "（一）予以公开"),
    row(
        "partly_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    group("withheld", "（三）不予公开", WITHHELD),
    group("unable", "（四）无法提供", UNABLE),
    group("not_processed", "（五）不予处理", NOT_PROCESSED),
    group("other_handling", "（六）其他处理", OTHER_HANDLING),
    row("total", "（七）总计"),
];

/// The trial format had one 其他处理 row.
const RESULTS_TRIAL: &[RowNode] = &[
    row("disclosed", "（一）予以公开"),
    row(
        "partly_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    group("withheld", "（三）不予公开", WITHHELD),
    group("unable", "（四）无法提供", UNABLE),
    group("not_processed", "（五）不予处理", NOT_PROCESSED),
    row("other_handling", "（六）其他处理"),
    row("total", "（七）总计"),
];

const REQUESTS_CURRENT: &[RowNode] = &[
    row("received", "一、本年新收政府信息公开申请数量"),
    row("carried_over", "二、上年结转政府信息公开申请数量"),
    group("results", "三、本年度办理结果", RESULTS_CURRENT),
    row("carried_forward", "四、结转下年度继续办理"),
];

const REQUESTS_TRIAL: &[RowNode] = &[
    row("received", "一、本年新收政府信息公开申请数量"),
    row("carried_over", "二、上年结转政府信息公开申请数量"),
    group("results", "三、本年度办理结果", RESULTS_TRIAL),
    row("carried_forward", "四、结转下年度继续办理"),
];

/// Paths of the table 三 rows the rules name.
pub const RECEIVED: &str = "received";
pub const CARRIED_OVER: &str = "carried_over";
pub const RESULTS_TOTAL: &str = "results.total";
pub const CARRIED_FORWARD: &str = "carried_forward";

const fn cell(key: &'static str, kind: Kind) -> ItemCell {
    ItemCell { key, kind }
}

const ISSUED_REPEALED_IN_FORCE: &[ItemCell] = &[
    cell("issued", Kind::Count),
    cell("repealed", Kind::Count),
    cell("in_force", Kind::Count),
];
const SINGLE_COUNT: &[ItemCell] = &[cell("", Kind::Count)];
const SINGLE_AMOUNT: &[ItemCell] = &[cell("", Kind::Amount)];

const PROACTIVE_CURRENT: &[ItemBlock] = &[
    ItemBlock {
        caption: "第二十条第（一）项",
        header: &[
            ("信息内容", 1),
            ("本年制发件数", 1),
            ("本年废止件数", 1),
            ("现行有效件数", 1),
        ],
        rows: &[
            ItemRow {
                key: "rules",
                label: "规章",
                cells: ISSUED_REPEALED_IN_FORCE,
            },
            ItemRow {
                key: "normative_documents",
                label: "行政规范性文件",
                cells: ISSUED_REPEALED_IN_FORCE,
            },
        ],
    },
    ItemBlock {
        caption: "第二十条第（五）项",
        header: &[("信息内容", 1), ("本年处理决定数量", 3)],
        rows: &[ItemRow {
            key: "licensing",
            label: "行政许可",
            cells: SINGLE_COUNT,
        }],
    },
    ItemBlock {
        caption: "第二十条第（六）项",
        header: &[("信息内容", 1), ("本年处理决定数量", 3)],
        rows: &[
            ItemRow {
                key: "penalties",
                label: "行政处罚",
                cells: SINGLE_COUNT,
            },
            ItemRow {
                key: "coercion",
                label: "行政强制",
                cells: SINGLE_COUNT,
            },
        ],
    },
    ItemBlock {
        caption: "第二十条第（八）项",
        header: &[("信息内容", 1), ("本年收费金额（单位：万元）", 3)],
        rows: &[ItemRow {
            key: "fees",
            label: "行政事业性收费",
            cells: SINGLE_AMOUNT,
        }],
    },
];

const MADE_PUBLISHED_TOTAL: &[ItemCell] = &[
    cell("made", Kind::Count),
    cell("published", Kind::Count),
    cell("total", Kind::Count),
];
const ITEMS_CHANGE_DECISIONS: &[ItemCell] = &[
    cell("previous_items", Kind::Count),
    cell("change", Kind::Change),
    cell("decisions", Kind::Count),
];
const TRIAL_ITEM_HEADER: &[(&str, usize)] = &[
    ("信息内容", 1),
    ("上一年项目数量", 1),
    ("本年增/减", 1),
    ("处理决定数量", 1),
];

const PROACTIVE_TRIAL: &[ItemBlock] = &[
    ItemBlock {
        caption: "第二十条第（一）项",
        header: &[
            ("信息内容", 1),
            ("本年新制作数量", 1),
            ("本年新公开数量", 1),
            ("对外公开总数量", 1),
        ],
        rows: &[
            ItemRow {
                key: "rules",
                label: "规章",
                cells: MADE_PUBLISHED_TOTAL,
            },
            ItemRow {
                key: "normative_documents",
                label: "规范性文件",
                cells: MADE_PUBLISHED_TOTAL,
            },
        ],
    },
    ItemBlock {
        caption: "第二十条第（五）项",
        header: TRIAL_ITEM_HEADER,
        rows: &[
            ItemRow {
                key: "licensing",
                label: "行政许可",
                cells: ITEMS_CHANGE_DECISIONS,
            },
            ItemRow {
                key: "other_services",
                label: "其他对外管理服务事项",
                cells: ITEMS_CHANGE_DECISIONS,
            },
        ],
    },
    ItemBlock {
        caption: "第二十条第（六）项",
        header: TRIAL_ITEM_HEADER,
        rows: &[
            ItemRow {
                key: "penalties",
                label: "行政处罚",
                cells: ITEMS_CHANGE_DECISIONS,
            },
            ItemRow {
                key: "coercion",
                label: "行政强制",
                cells: ITEMS_CHANGE_DECISIONS,
            },
        ],
    },
    ItemBlock {
        caption: "第二十条第（八）项",
        header: &[
            ("信息内容", 1),
            ("上一年项目数量", 1),
            ("本年增/减", 1),
            ("", 1),
        ],
        rows: &[ItemRow {
            key: "fees",
            label: "行政事业性收费",
            cells: &[
                cell("previous_items", Kind::Count),
                cell("change", Kind::Change),
            ],
        }],
    },
    ItemBlock {
        caption: "第二十条第（九）项",
        header: &[
            ("信息内容", 1),
            ("采购项目数量", 1),
            ("采购总金额", 1),
            ("", 1),
        ],
        rows: &[ItemRow {
            key: "procurement",
            label: "政府集中采购",
            cells: &[cell("items", Kind::Count), cell("amount", Kind::Money)],
        }],
    },
];

pub static CURRENT: Format = Format {
    edition: Edition::Current,
    basis: "国办公开办函〔2021〕30号",
    proactive: PROACTIVE_CURRENT,
    requests: REQUESTS_CURRENT,
};

pub static TRIAL: Format = Format {
    edition: Edition::Trial,
    basis: "国办公开办函〔2019〕60号（试行）",
    proactive: PROACTIVE_TRIAL,
    requests: REQUESTS_TRIAL,
};

/// Table 四: three groups of five columns.
pub const APPEAL_COLUMNS: [Column; 5] = [
    Column {
        key: "upheld",
        label: "结果维持",
    },
    Column {
        key: "corrected",
        label: "结果纠正",
    },
    Column {
        key: "other",
        label: "其他结果",
    },
    Column {
        key: "pending",
        label: "尚未审结",
    },
    Column {
        key: "total",
        label: "总计",
    },
];

/// Table 四's groups as (path, label of the group, label of the parent group).
pub const APPEAL_GROUPS: [(&str, &str, &str); 3] = [
    ("review", "行政复议", "行政复议"),
    ("litigation.direct", "未经复议直接起诉", "行政诉讼"),
    ("litigation.after_review", "复议后起诉", "行政诉讼"),
];

/// Where the table 二 derived figures sit (both formats use these row keys).
pub const NORMATIVE_ROW: &str = "normative_documents";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_three_spans_match_the_standard() {
        let rows = CURRENT.request_rows();
        assert_eq!(rows.len(), 25);
        let results = rows.iter().find(|r| r.path == "results.disclosed").unwrap();
        assert_eq!(results.opens, vec![(0, "三、本年度办理结果", 22)]);
        let withheld = rows
            .iter()
            .find(|r| r.path == "results.withheld.state_secrets")
            .unwrap();
        assert_eq!(withheld.opens, vec![(1, "（三）不予公开", 8)]);
        assert_eq!(withheld.depth, 2);
        let other = rows
            .iter()
            .find(|r| r.path == "results.other_handling.no_correction")
            .unwrap();
        assert_eq!(other.opens[0].2, 3);
        let trial = TRIAL.request_rows();
        assert_eq!(trial.len(), 23);
        assert_eq!(trial[2].opens, vec![(0, "三、本年度办理结果", 20)]);
    }

    #[test]
    fn table_two_cells_by_path() {
        assert_eq!(CURRENT.proactive_index("rules.issued"), Some(0));
        assert_eq!(
            CURRENT.proactive_index("normative_documents.in_force"),
            Some(5)
        );
        assert_eq!(CURRENT.proactive_index("fees"), Some(9));
        assert_eq!(CURRENT.proactive_cells().count(), 10);
        let (b, r, c) = CURRENT.proactive_cells().nth(6).unwrap();
        assert_eq!(cell_label(b, r, c), "本年处理决定数量");
        assert_eq!(TRIAL.proactive_index("procurement.amount"), Some(21));
    }
}
