//! The catalogues' references to the 基层政务公开标准目录: every `standard:` and
//! `not_applicable:` name must be a domain, group or item of the level the catalogue
//! follows, and a category may name the standard only in a catalogue that follows it.

use std::path::Path;

use crate::diagnostics::{Diagnostic, nearest};
use crate::site::Agency;
use crate::site::adoption::{Adoption, Unknown};
use crate::standard::Standard;

pub fn check(root: &Path, agencies: &[Agency], standard: &Standard, out: &mut Vec<Diagnostic>) {
    for a in agencies {
        let c = &a.catalogue;
        let text = || crate::source::read_text(root, &root.join(&c.source)).unwrap_or_default();
        let at = |line: usize, d: Diagnostic| d.at(line, 1).quote(&text());
        let Some(adoption) = Adoption::of(standard, c) else {
            let named = c.categories.iter().flat_map(|cat| &cat.standard).next();
            if let Some(r) = named
                .map(|r| r.line)
                .or(c.not_applicable.first().map(|n| n.line))
            {
                out.push(at(
                    r,
                    Diagnostic::error(&c.source, "目录中的分类对应了基层政务公开标准目录，但目录没有写明采用哪一级的标准目录")
                        .field("standard")
                        .hint("在目录前置信息开头加一行 `standard: 乡镇`（或 街道、县级部门）"),
                ));
            }
            continue;
        };
        let keys = standard.keys(adoption.level);
        let suggest = |key: &str, d: Diagnostic| {
            match nearest(key, keys.iter().map(String::as_str)) {
            Some(near) => d.hint(format!("是否想写 `{near}`？")),
            None => d.hint(format!(
                "写标准目录中的领域名称，或“领域/一级事项/二级事项”；{}级标准目录的领域和事项见 README「基层政务公开标准目录」",
                adoption.level.name()
            )),
        }
        };
        for u in &adoption.unknown {
            out.push(match u {
                Unknown::Category(i, r) => at(
                    r.line,
                    suggest(
                        &r.key,
                        Diagnostic::error(
                            &c.source,
                            format!(
                                "分类「{}」对应的「{}」不在{}级标准目录中",
                                c.categories[*i].name,
                                r.key,
                                adoption.level.name()
                            ),
                        )
                        .field("standard"),
                    ),
                ),
                Unknown::NotApplicable(na) => at(
                    na.line,
                    suggest(
                        &na.key,
                        Diagnostic::error(
                            &c.source,
                            format!(
                                "标为不涉及的「{}」不在{}级标准目录中",
                                na.key,
                                adoption.level.name()
                            ),
                        )
                        .field("not_applicable"),
                    ),
                ),
            });
        }
        // A column for something the office says does not apply.
        for d in &adoption.domains {
            for it in &d.items {
                if let Some(na) = it.not_applicable {
                    for &cat in it.categories.iter().filter(|&&cat| {
                        adoption.category_item[cat].is_some_and(|i| std::ptr::eq(i, it.item))
                    }) {
                        let line = c.categories[cat]
                            .standard
                            .first()
                            .map_or(na.line, |r| r.line);
                        out.push(at(
                            line,
                            Diagnostic::warning(
                                &c.source,
                                format!(
                                    "分类「{}」对应的「{}」已标为不涉及（not_applicable: {}）",
                                    c.categories[cat].name,
                                    it.item.key(),
                                    na.key
                                ),
                            )
                            .field("standard")
                            .hint("不涉及的事项不必设栏目：删除这个分类，或去掉不涉及的标记"),
                        ));
                    }
                }
            }
        }
    }
}
