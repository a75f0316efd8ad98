//! Columns (栏目) as an inspector sees them: a category with nothing published is a
//! blank column (five or more fail an inspection outright), one with nothing new for a
//! year is idle.

use chrono::Months;

use super::{agency_file, text_of};
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::site::listing::Listings;

/// Blank columns from which a site fails inspection (国办秘函〔2019〕19号).
pub const BLANK_COLUMNS_VETO: usize = 5;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let listings = Listings::new(site);
    let a_year_ago = site.today - Months::new(12);
    let mut out = Vec::new();
    for (ai, a) in site.agencies.iter().enumerate() {
        let file = agency_file(a, "catalogue.md");
        let text = text_of(site, &file).unwrap_or_default();
        let place = |d: Diagnostic, code: &str| match code_line(&text, code) {
            Some(line) => d.at(line, 1).quote(&text),
            None => d,
        };
        let mut blank = Vec::new();
        for (ci, c) in a.catalogue.categories.iter().enumerate() {
            let list = &listings.agencies[ai].by_category[ci];
            match list.first().map(|&e| site.entries[e].published) {
                None => {
                    blank.push(c.name.as_str());
                    out.push(place(
                        Diagnostic::warning(&file, format!("栏目「{}」（{}）没有任何公开的条目", c.name, c.code))
                            .field("categories")
                            .hint("空白栏目是政府网站检查的问题项；请发布这一栏目的信息，或从目录中删除这个分类"),
                        &c.code,
                    ));
                }
                Some(newest) if newest < a_year_ago => out.push(place(
                    Diagnostic::warning(
                        &file,
                        format!(
                            "栏目「{}」（{}）超过一年没有更新（最近一条公开于 {newest}）",
                            c.name, c.code
                        ),
                    )
                    .field("categories")
                    .hint("长期不更新的栏目是政府网站检查的问题项；请及时公开这一栏目的新信息"),
                    &c.code,
                )),
                Some(_) => {}
            }
        }
        if blank.len() >= BLANK_COLUMNS_VETO {
            out.push(
                Diagnostic::warning(
                    &file,
                    format!(
                        "{} 有 {} 个空白栏目：{}",
                        a.name(),
                        blank.len(),
                        blank.join("、")
                    ),
                )
                .field("categories")
                .hint(format!(
                    "政府网站检查中空白栏目达到 {BLANK_COLUMNS_VETO} 个即单项否决（判为不合格）"
                )),
            );
        }
    }
    out
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
