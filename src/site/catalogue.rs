//! `catalogue.md` — 政府信息公开目录: the category tree and the index-number format.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::site::index_number::{self, IndexFormat};
use crate::source::fields::ListOrText;
use crate::source::yaml::{self, Located, Source};
use crate::standard::{Level, TimeRule};

#[derive(Deserialize)]
struct Raw {
    title: Option<Located<String>>,
    index_format: Option<Located<String>>,
    categories: Option<Located<Vec<RawCategory>>>,
    /// Extension: the level of the 基层政务公开标准目录 the catalogue follows.
    standard: Option<Located<String>>,
    /// Extension: domains (or items) of the standard that do not apply, with the reason.
    not_applicable: Option<BTreeMap<String, Located<String>>>,
    extra: Option<yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: Option<Located<String>>,
    name: Option<Located<String>>,
    description: Option<String>,
    /// Extension: this category holds the 行政规范性文件 counted in the yearly report.
    normative: Option<Located<String>>,
    /// Extension: this category is the 政府信息公开制度 column.
    rules: Option<Located<String>>,
    /// Extension: the standard's domain, group or item this category holds.
    standard: Option<Located<ListOrText>>,
    /// Extension: why the column has nothing (shown on its page; not counted blank).
    note: Option<String>,
    /// Extension: the column's kind, for how soon it counts as not updated.
    kind: Option<Located<String>>,
    /// Extension: the column's own 公开时限 (a rule, e.g. `7个工作日`).
    time_limit: Option<Located<String>>,
    children: Option<Vec<RawCategory>>,
}

/// What an inspector calls a column (栏目) by how often it must be updated
/// (国办秘函〔2019〕19号, and the 2015 普查's 应更新栏目).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// 动态、要闻: two weeks.
    News,
    /// 通知公告: six months.
    Notices,
    /// 政策文件: six months.
    Policies,
    /// 人事: a year.
    Personnel,
    /// 规划计划: a year.
    Plans,
    /// Anything else (机构职能, 财政预决算 …).
    Other,
}

impl ColumnKind {
    pub const ALL: [ColumnKind; 6] = [
        ColumnKind::News,
        ColumnKind::Notices,
        ColumnKind::Policies,
        ColumnKind::Personnel,
        ColumnKind::Plans,
        ColumnKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ColumnKind::News => "动态",
            ColumnKind::Notices => "通知公告",
            ColumnKind::Policies => "政策文件",
            ColumnKind::Personnel => "人事",
            ColumnKind::Plans => "规划计划",
            ColumnKind::Other => "其他",
        }
    }

    pub fn parse(text: &str) -> Option<ColumnKind> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.label() == t || (*k == ColumnKind::News && t == "要闻"))
    }
}

/// A reference from the catalogue to the standard, with its file line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardRef {
    /// `社会救助/最低生活保障/审核信息`.
    pub key: String,
    pub line: usize,
}

/// A domain (or item) of the standard that the agency marks as not applying.
#[derive(Debug, Clone)]
pub struct NotApplicable {
    pub key: String,
    pub reason: String,
    pub line: usize,
}

/// The standard column name (国办公开办函〔2019〕61号) for an agency's disclosure rules.
pub const RULES_COLUMN: &str = "政府信息公开制度";

#[derive(Debug, Clone)]
pub struct Category {
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub normative: bool,
    pub rules: bool,
    /// What the category holds of the standard (`standard:`), most often one item.
    pub standard: Vec<StandardRef>,
    /// Why the column is empty, shown on its page (`note:`).
    pub note: Option<String>,
    /// The column's kind as written (`kind:`); otherwise the inspection infers it.
    pub kind: Option<ColumnKind>,
    /// The column's own 公开时限 (`time_limit:`), before the standard's and Art. 26.
    pub time_limit: Option<TimeRule>,
    pub parent: Option<usize>,
    pub depth: usize,
    /// Categories are stored in tree (pre-)order, so a category's descendants are
    /// exactly `index + 1 .. subtree_end`.
    pub subtree_end: usize,
    /// The address segment of the category's listing pages.
    pub slug: String,
}

#[derive(Debug, Clone)]
pub struct Catalogue {
    pub title: String,
    pub index_format: IndexFormat,
    pub categories: Vec<Category>,
    /// The arrangement text (编排体系), Markdown.
    pub body: String,
    pub source: PathBuf,
    pub extra: yaml::Value,
    /// The level of the standard the catalogue follows (`standard: 乡镇`), and its line.
    pub standard: Option<(Level, usize)>,
    pub not_applicable: Vec<NotApplicable>,
    /// Ordered, so the build cache's fingerprint of the site (its `Debug` text) is stable.
    by_code: BTreeMap<String, usize>,
}

/// How an entry's `category:` value resolved.
pub enum Lookup {
    Found(usize),
    Ambiguous(Vec<usize>),
    Missing,
}

impl Catalogue {
    pub fn parse(
        src: &Source,
        yaml_text: &str,
        body: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Catalogue> {
        let raw: Raw = yaml::parse(src, yaml_text, out)?;
        let file_line = |line: usize| src.yaml_line + line - 1;
        let standard = raw
            .standard
            .as_ref()
            .and_then(|l| match Level::parse(&l.value) {
                Some(level) => Some((level, file_line(l.line))),
                None => {
                    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
                    out.push(
                        src.error(
                            l,
                            "standard",
                            format!("`{}` 不是基层政务公开标准目录的层级", l.value.trim()),
                        )
                        .hint(format!("可选：{}", levels.join(" | "))),
                    );
                    None
                }
            });
        let mut not_applicable = Vec::new();
        for (key, reason) in raw.not_applicable.unwrap_or_default() {
            if reason.value.trim().is_empty() {
                out.push(
                    src.error(&reason, "not_applicable", format!("「{key}」标为不涉及，但没有写明理由"))
                        .hint(format!("写明为什么不涉及，例如 `{key}: 本镇未设……，该领域事项由县……负责`；这段说明会发布在“未涉及领域事项说明”页面")),
                );
                continue;
            }
            not_applicable.push(NotApplicable {
                key: key.trim().to_string(),
                reason: reason.value.trim().to_string(),
                line: file_line(reason.line),
            });
        }
        let index_format = match &raw.index_format {
            Some(f) => match IndexFormat::parse(f.value.trim()) {
                Ok(fmt) => Some(fmt),
                Err(msg) => {
                    out.push(src.error(f, "index_format", msg).hint(format!(
                        "国家默认格式为 `index_format: \"{}\"`",
                        index_number::DEFAULT_FORMAT
                    )));
                    None
                }
            },
            None => IndexFormat::parse(index_number::DEFAULT_FORMAT).ok(),
        };
        let mut categories = Vec::new();
        match raw.categories {
            Some(list) if !list.value.is_empty() => flatten(src, list.value, None, 0, &mut categories, out),
            _ => out.push(
                src.file_error("目录没有定义任何分类（`categories`）")
                    .field("categories")
                    .hint("至少定义一个分类，例如：\ncategories:\n  - code: \"01\"\n    name: 机构职能"),
            ),
        }
        let mut by_code = BTreeMap::new();
        let mut slugs: HashMap<String, usize> = HashMap::new();
        for (i, c) in categories.iter().enumerate() {
            if let Some(first) = by_code.insert(c.code.clone(), i) {
                out.push(
                    src.file_error(format!(
                        "分类代码 `{}` 重复：「{}」和「{}」用了同一个代码",
                        c.code, categories[first].name, c.name
                    ))
                    .field("categories")
                    .hint("每个分类的代码必须唯一"),
                );
            } else if let Some(other) = slugs.insert(c.slug.clone(), i) {
                out.push(
                    src.file_error(format!(
                        "分类代码 `{}` 和 `{}` 生成的网页地址相同（{}）",
                        categories[other].code, c.code, c.slug
                    ))
                    .field("categories")
                    .hint("分类代码请只用字母、数字、点、下划线和连字符"),
                );
            }
        }
        if !categories.is_empty() && !categories.iter().any(|c| c.rules || c.name == RULES_COLUMN) {
            out.push(
                src.file_error(format!("目录中没有「{RULES_COLUMN}」栏目对应的分类"))
                    .field("categories")
                    .hint(format!(
                        "检查人员会查看「{RULES_COLUMN}」栏目；请新增名为「{RULES_COLUMN}」的分类，或给已有分类加上 `rules: true`。在此之前，该栏目链接到目录页"
                    ))
                    .into_warning(),
            );
        }
        if categories.iter().filter(|c| c.normative).count() > 1 {
            out.push(
                src.file_error("有多个分类标记了 `normative: true`")
                    .field("categories")
                    .hint("只给存放行政规范性文件的那一个分类标记 `normative: true`"),
            );
        }
        Some(Catalogue {
            title: crate::source::fields::optional(raw.title)
                .unwrap_or_else(|| "政府信息公开目录".into()),
            index_format: index_format?,
            categories,
            body: body.to_string(),
            source: src.path(),
            extra: raw.extra.unwrap_or(yaml::Value::Null),
            standard,
            not_applicable,
            by_code,
        })
    }

    /// Resolves an entry's `category:` by code, then by exact name.
    pub fn lookup(&self, code_or_name: &str) -> Lookup {
        if let Some(&i) = self.by_code.get(code_or_name) {
            return Lookup::Found(i);
        }
        let named: Vec<usize> = (0..self.categories.len())
            .filter(|&i| self.categories[i].name == code_or_name)
            .collect();
        match named.len() {
            0 => Lookup::Missing,
            1 => Lookup::Found(named[0]),
            _ => Lookup::Ambiguous(named),
        }
    }

    /// The category and its ancestors, root first.
    pub fn path_to(&self, mut idx: usize) -> Vec<usize> {
        let mut path = vec![idx];
        while let Some(p) = self.categories[idx].parent {
            path.push(p);
            idx = p;
        }
        path.reverse();
        path
    }

    /// The category shown as the 政府信息公开制度 column: marked `rules: true`, or so named.
    pub fn rules(&self) -> Option<usize> {
        self.categories
            .iter()
            .position(|c| c.rules)
            .or_else(|| self.categories.iter().position(|c| c.name == RULES_COLUMN))
    }

    /// Whether the agency publishes a 未涉及领域事项说明 (it follows the standard and marks
    /// something as not applying).
    pub fn has_not_applicable_page(&self) -> bool {
        self.standard.is_some() && !self.not_applicable.is_empty()
    }

    pub fn normative(&self) -> Option<usize> {
        self.categories.iter().position(|c| c.normative)
    }
}

fn flatten(
    src: &Source,
    list: Vec<RawCategory>,
    parent: Option<usize>,
    depth: usize,
    out_list: &mut Vec<Category>,
    out: &mut Vec<Diagnostic>,
) {
    for raw in list {
        let (code, name) = match (raw.code, raw.name) {
            (Some(c), Some(n)) if !c.value.trim().is_empty() && !n.value.trim().is_empty() => {
                (c, n)
            }
            (c, n) => {
                let at = c.as_ref().or(n.as_ref());
                let msg = "分类必须同时有 `code`（代码）和 `name`（名称）";
                let d = match at {
                    Some(loc) => src.error(loc, "categories", msg),
                    None => src.file_error(msg).field("categories"),
                };
                out.push(d.hint("例如：`- { code: \"0201\", name: 行政规范性文件 }`"));
                continue;
            }
        };
        let normative = match &raw.normative {
            Some(v) => crate::source::fields::flag(src, v, "normative", out).unwrap_or(false),
            None => false,
        };
        let rules = match &raw.rules {
            Some(v) => crate::source::fields::flag(src, v, "rules", out).unwrap_or(false),
            None => false,
        };
        let kind = raw.kind.as_ref().and_then(|k| {
            let kind = ColumnKind::parse(&k.value);
            if kind.is_none() {
                let kinds: Vec<&str> = ColumnKind::ALL.iter().map(|k| k.label()).collect();
                out.push(
                    src.error(k, "kind", format!("栏目类别 `{}` 无法识别", k.value.trim()))
                        .hint(format!(
                            "可选：{}（决定多久不更新算“未更新”）",
                            kinds.join(" | ")
                        )),
                );
            }
            kind
        });
        let time_limit = raw
            .time_limit
            .as_ref()
            .and_then(|t| match TimeRule::parse(&t.value) {
                Ok(rule) => Some(rule),
                Err(msg) => {
                    out.push(src.error(
                        t,
                        "time_limit",
                        format!("公开时限 `{}`：{msg}", t.value.trim()),
                    ));
                    None
                }
            });
        let standard = raw
            .standard
            .map(|s| {
                let line = src.yaml_line + s.line - 1;
                s.value
                    .into_unsplit()
                    .into_iter()
                    .map(|key| StandardRef { key, line })
                    .collect()
            })
            .unwrap_or_default();
        let idx = out_list.len();
        let code_text = code.value.trim().to_string();
        out_list.push(Category {
            slug: index_number::slug(&code_text),
            code: code_text,
            name: name.value.trim().to_string(),
            description: raw
                .description
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            normative,
            rules,
            standard,
            note: raw
                .note
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            kind,
            time_limit,
            parent,
            depth,
            subtree_end: idx + 1,
        });
        if let Some(children) = raw.children {
            flatten(src, children, Some(idx), depth + 1, out_list, out);
        }
        out_list[idx].subtree_end = out_list.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_format_reference_lists_every_catalogue_field() {
        use crate::source::format_reference::assert_documented;
        assert_documented("`catalogue.md`", yaml::known_keys::<Raw>());
        assert_documented("每个分类", yaml::known_keys::<RawCategory>());
    }

    fn parse(yaml: &str) -> (Option<Catalogue>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let text = format!("---\n{yaml}---\n");
        let c = Catalogue::parse(
            &Source::new(Path::new("catalogue.md"), &text, 2),
            yaml,
            "",
            &mut out,
        );
        (c, out)
    }

    #[test]
    fn tree_in_preorder_with_subtree_ranges() {
        let (c, out) = parse(
            "categories:\n  - { code: \"01\", name: 机构职能 }\n  - code: \"02\"\n    name: 政策文件\n    children:\n      - { code: \"0201\", name: 规范性文件, normative: true }\n      - { code: \"0202\", name: 其他文件 }\n  - { code: \"99\", name: 其他 }\n",
        );
        assert_eq!(out.len(), 1, "only the missing rules column: {out:?}");
        let c = c.unwrap();
        let codes: Vec<_> = c.categories.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["01", "02", "0201", "0202", "99"]);
        assert_eq!(c.categories[1].subtree_end, 4);
        assert_eq!(c.categories[2].parent, Some(1));
        assert_eq!(c.normative(), Some(2));
        assert!(matches!(c.lookup("其他文件"), Lookup::Found(3)));
        assert!(matches!(c.lookup("0202"), Lookup::Found(3)));
        assert!(matches!(c.lookup("不存在"), Lookup::Missing));
        assert_eq!(c.path_to(3), vec![1, 3]);
        assert_eq!(c.index_format.as_str(), index_number::DEFAULT_FORMAT);
    }

    #[test]
    fn duplicate_codes_and_bad_format_are_errors() {
        let (_, out) = parse(
            "index_format: \"{code}/{year}\"\ncategories:\n  - { code: \"01\", name: 甲 }\n  - { code: \"01\", name: 政府信息公开制度 }\n",
        );
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].message.contains("流水号"));
        assert_eq!(out[0].line, Some(2));
        assert!(out[1].message.contains("重复"));
    }
}
