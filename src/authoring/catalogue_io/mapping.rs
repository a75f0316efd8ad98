//! The mapping file (`import --map mapping.yaml`): which field an unusual column holds,
//! columns to ignore, and old category names to catalogue codes.
//!
//! ```yaml
//! columns:             # 表格中的列名: 字段（英文字段名或中文名称）
//!   信息标题: title
//!   日期: [created, published]
//! ignore: [点击量, 序号]
//! categories:          # 旧系统的分类名称: 目录中的分类代码
//!   通知公告: "0202"
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::{Column, column_for_field, normalise_header};
use crate::diagnostics::Diagnostic;
use crate::source::fields::ListOrText;
use crate::source::yaml::{self, Located, Source};

#[derive(Deserialize)]
struct Raw {
    columns: Option<BTreeMap<String, Located<ListOrText>>>,
    ignore: Option<ListOrText>,
    categories: Option<BTreeMap<String, Located<String>>>,
}

#[derive(Debug, Default, Clone)]
pub struct Mapping {
    /// Normalised header → the fields it fills.
    columns: HashMap<String, Vec<Column>>,
    /// Old category name → catalogue code (or name).
    pub categories: HashMap<String, String>,
}

impl Mapping {
    /// Reads a mapping file; every problem is reported with its line.
    pub fn parse(file: &Path, text: &str, out: &mut Vec<Diagnostic>) -> Option<Mapping> {
        let raw: Raw = yaml::parse_file(file, text, out)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let src = Source::new(file, text, 1);
        let mut m = Mapping::default();
        for (header, fields) in raw.columns.unwrap_or_default() {
            let mut cols = Vec::new();
            for name in fields.value.clone().into_items() {
                match column_for_field(&name) {
                    Some(c) => cols.push(c),
                    None => out.push(
                        src.error(&fields, "columns", format!("不认识的字段 `{name}`（列「{header}」）"))
                            .hint("可用的字段：index 索引号、title 名称、summary 内容概述、category 分类、created 生成日期、published 公开日期、publisher 发布机构、doc_number 文号、keywords 关键词、validity 有效性、repealed 废止日期、disclosure 公开方式、attachments 附件、reviewed 保密审查日期、body 正文、ignore 忽略"),
                    ),
                }
            }
            m.columns.insert(normalise_header(&header), cols);
        }
        for header in raw.ignore.map(ListOrText::into_items).unwrap_or_default() {
            m.columns
                .insert(normalise_header(&header), vec![Column::Ignored]);
        }
        for (old, code) in raw.categories.unwrap_or_default() {
            m.categories
                .insert(old.trim().to_string(), code.value.trim().to_string());
        }
        Some(m)
    }

    /// The fields a column fills: the mapping's word first, then the known names.
    /// Empty when the column is unknown.
    pub fn columns_for(&self, header: &str) -> Vec<Column> {
        match self.columns.get(&normalise_header(header)) {
            Some(cols) => cols.clone(),
            None => Column::recognise(header).into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_file_maps_ignores_and_renames_categories() {
        let mut out = Vec::new();
        let m = Mapping::parse(
            Path::new("mapping.yaml"),
            "columns:\n  信息标题: title\n  日期: [created, 公开日期]\n  奇怪: nonsense\nignore: 点击量、序号\ncategories:\n  通知公告: \"0202\"\n",
            &mut out,
        )
        .unwrap();
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].line, Some(4));
        assert_eq!(m.columns_for("信息标题"), [Column::Title]);
        assert_eq!(m.columns_for("日期"), [Column::Created, Column::Published]);
        assert_eq!(m.columns_for("点击量"), [Column::Ignored]);
        assert_eq!(m.columns_for("成文日期"), [Column::Created]);
        assert!(m.columns_for("不知道").is_empty());
        assert_eq!(m.categories["通知公告"], "0202");
    }
}
