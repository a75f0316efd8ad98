//! Art. 12 and 53(二): the guide states how to reach the disclosure office and is kept
//! current.

use chrono::Months;

use super::{agency_file, at_field};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let a_year_ago = site.today - Months::new(12);
    for a in &site.agencies {
        let g = &a.guide;
        let file = agency_file(a, "guide.md");
        if g.fax.is_none() {
            out.push(at_field(
                site,
                &file,
                "fax",
                Diagnostic::warning(&file, "指南没有写传真号码（`fax`）")
                    .hint("《条例》第十二条要求指南写明传真号码；没有传真的写 `fax: 无`"),
            ));
        }
        match g.updated {
            None => out.push(
                Diagnostic::warning(&file, "指南没有写更新日期（`updated`）")
                    .field("updated")
                    .hint("《条例》第十二条要求指南及时更新；每次修改后写上日期，例如 `updated: 2024-01-15`"),
            ),
            Some(d) if d < a_year_ago => out.push(at_field(
                site,
                &file,
                "updated",
                Diagnostic::warning(&file, format!("指南已超过一年没有更新（最近一次：{d}）"))
                    .hint("核对指南内容（机构、地址、电话、申请方式等）是否仍然准确，更新后改写 `updated` 日期；不及时更新指南属于《条例》第五十三条规定的情形"),
            )),
            Some(_) => {}
        }
    }
    out
}
