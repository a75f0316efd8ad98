//! Checks that need more than one file: duplicate index numbers, colliding page
//! addresses, agency folders that would shadow the site's own pages.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};
use crate::output::layout;
use crate::site::{Agency, Entry};

pub fn site(root: &Path, agencies: &[Agency], entries: &[Entry], out: &mut Vec<Diagnostic>) {
    self::entries(entries, out);
    agency_folders(root, agencies, out);
}

/// The checks across entries: index numbers and page addresses are unique.
pub fn entries<'a>(entries: impl IntoIterator<Item = &'a Entry>, out: &mut Vec<Diagnostic>) {
    let entries = entries.into_iter();
    let size = entries.size_hint().0;
    let mut by_index: HashMap<&str, &Entry> = HashMap::with_capacity(size);
    let mut by_slug: HashMap<&str, &Entry> = HashMap::with_capacity(size);
    for e in entries {
        if let Some(first) = by_index.insert(&e.index, e) {
            out.push(same_index(e, first));
            by_index.insert(&first.index, first);
        } else if let Some(first) = by_slug.insert(&e.slug, e) {
            out.push(same_address(e, first));
            by_slug.insert(&first.slug, first);
        }
    }
}

/// The same checks for `changed` entries (in order) against `others`, which passed them
/// already: a scan instead of hash maps over the whole site (`serve`, once per save).
pub fn changed_entries<'a, I>(others: I, changed: &[&'a Entry], out: &mut Vec<Diagnostic>)
where
    I: Iterator<Item = &'a Entry> + Clone,
{
    for (k, e) in changed.iter().enumerate() {
        let earlier = others.clone().chain(changed[..k].iter().copied());
        if let Some(first) = earlier.clone().find(|o| o.index == e.index) {
            out.push(same_index(e, first));
        } else if let Some(first) = earlier.clone().find(|o| o.slug == e.slug) {
            out.push(same_address(e, first));
        }
    }
}

fn place(e: &Entry) -> String {
    format!("{}:{}", e.source.display(), e.index_line)
}

fn same_index(e: &Entry, first: &Entry) -> Diagnostic {
    Diagnostic::error(
        &e.source,
        format!(
            "索引号 `{}` 重复：{} 也使用了这个索引号",
            e.index,
            place(first)
        ),
    )
    .at(e.index_line, 1)
    .field("index")
    .hint("索引号在全站必须唯一；新条目请用 `gongkai new` 取得下一个空闲编号")
}

fn same_address(e: &Entry, first: &Entry) -> Diagnostic {
    Diagnostic::error(
        &e.source,
        format!(
            "索引号 `{}` 和 {} 的索引号 `{}` 生成的网页地址相同（entry/{}/）",
            e.index,
            place(first),
            first.index,
            e.slug
        ),
    )
    .at(e.index_line, 1)
    .field("index")
    .hint("网页地址只保留字母、数字、点、下划线和连字符，其余字符都变成 `-`；请修改其中一个索引号")
}

fn agency_folders(root: &Path, agencies: &[Agency], out: &mut Vec<Diagnostic>) {
    for a in agencies {
        let Some(name) = a.dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let parent_is_site = a.parent.is_none_or(|p| agencies[p].is_root());
        let reserved = layout::AGENCY_RESERVED.contains(&name.as_str())
            || (parent_is_site && layout::SITE_RESERVED.contains(&name.as_str()));
        let shown = display_path(root, &root.join("content").join(&a.dir));
        if reserved {
            out.push(
                Diagnostic::error(
                    &shown,
                    format!("机构文件夹名 `{name}` 与网站自身的页面地址冲突"),
                )
                .hint("请给这个机构文件夹换个名字（建议用拼音，例如 xihe）"),
            );
        } else if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            out.push(
                Diagnostic::warning(
                    &shown,
                    format!("机构文件夹名 `{name}` 含有字母数字以外的字符，网址会难以阅读和转发"),
                )
                .hint("文件夹名会成为网址的一部分，建议用拼音或英文，例如 xihe、minzhengju"),
            );
        }
    }
}
