//! Columns (栏目) as an inspector counts them (国办秘函〔2019〕19号; the 2015 普查's
//! 应更新栏目): a column with nothing published is blank, unless its page says why
//! (`note:`); a column is not updated when its newest entry is older than its kind
//! allows: 动态、要闻 2 weeks, 通知公告、政策文件 6 months, 人事、规划计划 a year. Other
//! columns are flagged after a year but not counted towards the 单项否决 lines.
//!
//! Columns are the catalogue's leaf categories (a parent's page lists its children's
//! entries); the 一级栏目 of 通知公告 and 政策文件 are also judged as a whole (line 1).

use chrono::{Days, Months, NaiveDate};

use super::{agency_file, text_of};
use crate::diagnostics::Diagnostic;
use crate::site::adoption::Adoption;
use crate::site::catalogue::{Catalogue, ColumnKind};
use crate::site::listing::AgencyListing;
use crate::site::{Agency, Site};

/// A column past its kind's period.
#[derive(Debug, Clone)]
pub struct Stale {
    pub category: usize,
    pub kind: ColumnKind,
    pub newest: NaiveDate,
}

#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Leaf categories with nothing published and no note.
    pub blank: Vec<usize>,
    /// Leaf categories with nothing published whose page says why.
    pub noted: Vec<usize>,
    /// Leaf categories not updated within their kind's period.
    pub stale: Vec<Stale>,
    /// Top-level 通知公告 / 政策文件 categories with children, not updated in 6 months.
    pub stale_top: Vec<Stale>,
}

impl Columns {
    /// Stale columns that inspectors count as 应更新 (every kind but 其他).
    pub fn should_update(&self) -> impl Iterator<Item = &Stale> {
        self.stale.iter().filter(|s| s.kind != ColumnKind::Other)
    }
}

/// How long a column of `kind` may go without a new entry, and how that reads.
pub fn period(kind: ColumnKind) -> (&'static str, fn(NaiveDate) -> NaiveDate) {
    match kind {
        ColumnKind::News => ("2周", |d| d - Days::new(14)),
        ColumnKind::Notices | ColumnKind::Policies => ("6个月", |d| d - Months::new(6)),
        ColumnKind::Personnel | ColumnKind::Plans | ColumnKind::Other => {
            ("1年", |d| d - Months::new(12))
        }
    }
}

/// The kind of a column: as written (`kind:`), else by its name, else its parent's.
pub fn kind_of(catalogue: &Catalogue, category: usize) -> ColumnKind {
    let mut c = Some(category);
    while let Some(i) = c {
        let cat = &catalogue.categories[i];
        if let Some(k) = cat.kind {
            return k;
        }
        let n = cat.name.as_str();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        let by_name = if has(&["动态", "要闻", "新闻"]) {
            Some(ColumnKind::News)
        } else if has(&["通知", "公告", "公示"]) {
            Some(ColumnKind::Notices)
        } else if has(&["政策", "文件", "法规", "规章"]) {
            Some(ColumnKind::Policies)
        } else if has(&["人事", "任免", "招聘", "招录"]) {
            Some(ColumnKind::Personnel)
        } else if has(&["规划", "计划"]) {
            Some(ColumnKind::Plans)
        } else {
            None
        };
        if let Some(k) = by_name {
            return k;
        }
        c = cat.parent;
    }
    ColumnKind::Other
}

pub fn columns(
    site: &Site,
    a: &Agency,
    listing: &AgencyListing,
    adoption: Option<&Adoption>,
) -> Columns {
    let cats = &a.catalogue.categories;
    let newest = |c: usize| {
        listing.by_category[c]
            .first()
            .map(|&e| site.entries[e].published)
    };
    // Columns for items the office marked as not applying are reported by `validate`.
    let not_applicable = |c: usize| {
        adoption.is_some_and(|ad| {
            ad.domains.iter().any(|d| {
                d.items.iter().any(|it| {
                    !it.applies() && ad.category_item[c].is_some_and(|i| std::ptr::eq(i, it.item))
                })
            })
        })
    };
    let yearly = |c: usize| {
        adoption
            .and_then(|ad| ad.category_item[c])
            .is_some_and(|i| i.period.is_some())
    };
    let mut out = Columns::default();
    for (c, cat) in cats.iter().enumerate() {
        let leaf = cat.subtree_end == c + 1;
        let kind = kind_of(&a.catalogue, c);
        let (_, since) = period(kind);
        match newest(c) {
            None if leaf && !not_applicable(c) => {
                if cat.note.is_some() {
                    out.noted.push(c);
                } else {
                    out.blank.push(c);
                }
            }
            // A yearly item's column is judged by its period (`coverage`), not a year idle.
            Some(_) if kind == ColumnKind::Other && yearly(c) => {}
            Some(n) if n < since(site.today) => {
                let s = Stale {
                    category: c,
                    kind,
                    newest: n,
                };
                if leaf {
                    out.stale.push(s);
                } else if cat.parent.is_none()
                    && matches!(kind, ColumnKind::Notices | ColumnKind::Policies)
                {
                    out.stale_top.push(s);
                }
            }
            _ => {}
        }
    }
    out
}

/// One finding per blank and per stale column, placed on the category's line.
pub fn findings(
    site: &Site,
    a: &Agency,
    adoption: Option<&Adoption>,
    cols: &Columns,
    out: &mut Vec<Diagnostic>,
) {
    let file = agency_file(a, "catalogue.md");
    let text = text_of(site, &file).unwrap_or_default();
    let cats = &a.catalogue.categories;
    let place = |d: Diagnostic, c: usize| match code_line(&text, &cats[c].code) {
        Some(line) => d.at(line, 1).quote(&text),
        None => d,
    };
    let item = |c: usize| adoption.and_then(|ad| ad.category_item[c]);
    for &c in &cols.blank {
        let cat = &cats[c];
        let (message, hint) = match item(c) {
            Some(i) => (
                format!("标准目录事项「{}」没有公开的条目（栏目「{}」（{}）是空白栏目）", i.key(), cat.name, cat.code),
                format!(
                    "检查时逐项核对标准目录事项，空白栏目也计入单项否决；请公开这一事项的信息（公开时限：{}），本机关确实没有这类信息的，在分类下加 `note:` 说明原因（显示在栏目页面）",
                    i.time_limit.as_deref().unwrap_or("来源未载明")
                ),
            ),
            None => (
                format!("栏目「{}」（{}）没有任何公开的条目", cat.name, cat.code),
                "空白栏目是政府网站检查的问题项；请发布这一栏目的信息，或从目录中删除这个分类；确实没有这类信息的，在分类下加 `note:` 说明原因（显示在栏目页面，不算空白栏目）".to_string(),
            ),
        };
        out.push(place(
            Diagnostic::warning(&file, message)
                .field("categories")
                .hint(hint),
            c,
        ));
    }
    for s in &cols.stale {
        let cat = &cats[s.category];
        let d = if s.kind == ColumnKind::Other {
            Diagnostic::warning(
                &file,
                format!(
                    "栏目「{}」（{}）超过一年没有更新（最近一条公开于 {}）",
                    cat.name, cat.code, s.newest
                ),
            )
            .hint("长期不更新的栏目是政府网站检查的问题项；请及时公开这一栏目的新信息")
        } else {
            let (label, _) = period(s.kind);
            Diagnostic::warning(
                &file,
                format!(
                    "栏目「{}」（{}，{}类）超过{label}没有更新（最近一条公开于 {}）",
                    cat.name,
                    cat.code,
                    s.kind.label(),
                    s.newest
                ),
            )
            .hint(format!(
                "政府网站检查中{}类栏目{label}内应有更新，否则计为“应更新未更新”；栏目类别不对的，在分类下写 `kind:`（动态、通知公告、政策文件、人事、规划计划、其他）",
                s.kind.label()
            ))
        };
        out.push(place(d.field("categories"), s.category));
    }
}

/// The line defining a category code in the catalogue (`code: "0201"` in any quoting).
fn code_line(text: &str, code: &str) -> Option<usize> {
    let forms = [
        format!("code: \"{code}\""),
        format!("code: '{code}'"),
        format!("code: {code}"),
    ];
    text.lines()
        .position(|l| {
            forms.iter().any(|f| {
                l.find(f.as_str()).is_some_and(|at| {
                    let rest = &l[at + f.len()..];
                    rest.is_empty() || rest.starts_with([',', ' ', '}'])
                })
            })
        })
        .map(|i| i + 1)
}
