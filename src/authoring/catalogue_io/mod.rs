//! The catalogue as a table (政府信息公开目录 as old systems export it): one row per
//! entry, one column per field. `export` writes entries as rows; `import` reads rows
//! (CSV in UTF-8/GBK/GB18030, Excel, or this tool's own JSON) back into entry files.
//! Both use the columns defined here, so an exported table imports to the same entries.

pub mod export;
pub mod html;
pub mod import;
pub mod mapping;
pub mod table;
pub mod values;

/// What a column of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The agency's name (or, as older exports wrote it, its folder).
    Agency,
    /// The agency's folder relative to the site root (`content/minzhengju`): what maps a
    /// re-imported row back to its agency when names are not unique.
    AgencyFolder,
    Index,
    /// `是` when the index number was kept from an old system (`legacy_index: true`).
    LegacyIndex,
    Title,
    Summary,
    /// A category code, name or path such as `政策文件/行政规范性文件`.
    Category,
    /// A category's name only (read when no category column resolves).
    CategoryName,
    Created,
    Published,
    Publisher,
    DocNumber,
    Keywords,
    Validity,
    /// The date a 废止/失效 document stopped being in force.
    Repealed,
    Disclosure,
    /// One attachment per line: `file | title`.
    Attachments,
    Reviewed,
    /// The entry's `extra:` as JSON.
    Extra,
    /// The body; Excel cells hold at most 32,767 characters, so long bodies continue
    /// in `正文（续2）`, `正文（续3）` … (`Body(2)`, `Body(3)` …).
    Body(u16),
    /// The entry file's path relative to the site root, kept so a re-import puts the
    /// entry (and the attachments beside it) where it was.
    File,
    /// Columns of this tool's rejects report (行号, 原因): never entry data.
    Ignored,
}

impl Column {
    /// The columns `export` writes, in the field order of the format description.
    /// Body continuation columns are added after `Body(1)` as needed.
    pub const EXPORTED: [Column; 21] = [
        Column::Agency,
        Column::AgencyFolder,
        Column::Index,
        Column::LegacyIndex,
        Column::Title,
        Column::Summary,
        Column::Category,
        Column::CategoryName,
        Column::Created,
        Column::Published,
        Column::Publisher,
        Column::DocNumber,
        Column::Keywords,
        Column::Validity,
        Column::Repealed,
        Column::Disclosure,
        Column::Attachments,
        Column::Reviewed,
        Column::Extra,
        Column::Body(1),
        Column::File,
    ];

    /// The Chinese header `export` writes.
    pub fn header(self) -> String {
        match self {
            Column::Agency => "机构".into(),
            Column::AgencyFolder => "机构文件夹".into(),
            Column::Index => "索引号".into(),
            Column::LegacyIndex => "沿用旧索引号".into(),
            Column::Title => "名称".into(),
            Column::Summary => "内容概述".into(),
            Column::Category => "分类".into(),
            Column::CategoryName => "分类名称".into(),
            Column::Created => "生成日期".into(),
            Column::Published => "公开日期".into(),
            Column::Publisher => "发布机构".into(),
            Column::DocNumber => "文号".into(),
            Column::Keywords => "关键词".into(),
            Column::Validity => "有效性".into(),
            Column::Repealed => "废止日期".into(),
            Column::Disclosure => "公开方式".into(),
            Column::Attachments => "附件".into(),
            Column::Reviewed => "保密审查日期".into(),
            Column::Extra => "扩展数据".into(),
            Column::Body(1) => "正文".into(),
            Column::Body(n) => format!("正文（续{n}）"),
            Column::File => "文件".into(),
            Column::Ignored => String::new(),
        }
    }

    /// The front-matter field name (also the JSON key of `export --format json`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Agency => "agency",
            Column::AgencyFolder => "agency_folder",
            Column::Index => "index",
            Column::LegacyIndex => "legacy_index",
            Column::Title => "title",
            Column::Summary => "summary",
            Column::Category => "category",
            Column::CategoryName => "category_name",
            Column::Created => "created",
            Column::Published => "published",
            Column::Publisher => "publisher",
            Column::DocNumber => "doc_number",
            Column::Keywords => "keywords",
            Column::Validity => "validity",
            Column::Repealed => "repealed",
            Column::Disclosure => "disclosure",
            Column::Attachments => "attachments",
            Column::Reviewed => "reviewed",
            Column::Extra => "extra",
            Column::Body(_) => "body",
            Column::File => "file",
            Column::Ignored => "",
        }
    }

    /// Recognises a column from its header as old systems and this tool write it:
    /// Chinese names and their common variants, or the English field names.
    pub fn recognise(header: &str) -> Option<Column> {
        let h = normalise_header(header);
        if let Some(n) = h
            .strip_prefix("正文(续")
            .and_then(|r| r.strip_suffix(')'))
            .and_then(|n| n.parse::<u16>().ok())
            .filter(|n| *n >= 2)
        {
            return Some(Column::Body(n));
        }
        let c = match h.as_str() {
            "机构" | "机构名称" | "agency" => Column::Agency,
            "机构文件夹" | "agency_folder" => Column::AgencyFolder,
            "索引号" | "索引" | "信息索引号" | "index" => Column::Index,
            "沿用旧索引号" | "legacy_index" => Column::LegacyIndex,
            "名称" | "标题" | "信息名称" | "文件名称" | "文件标题" | "题名" | "信息标题"
            | "title" => Column::Title,
            "内容概述" | "摘要" | "内容摘要" | "概述" | "简介" | "信息摘要" | "summary" => {
                Column::Summary
            }
            "分类" | "分类代码" | "主题分类" | "信息分类" | "所属分类" | "组配分类" | "栏目"
            | "所属栏目" | "信息类别" | "category" => Column::Category,
            "分类名称" | "category_name" => Column::CategoryName,
            "生成日期" | "成文日期" | "发文日期" | "形成日期" | "产生日期" | "created" => {
                Column::Created
            }
            "发布日期" | "公开日期" | "发布时间" | "公开时间" | "上网日期" | "published" => {
                Column::Published
            }
            "发布机构" | "发文机关" | "发文机构" | "发布单位" | "publisher" => {
                Column::Publisher
            }
            "文号" | "发文字号" | "发布文号" | "文件编号" | "doc_number" => {
                Column::DocNumber
            }
            "关键词" | "关键字" | "主题词" | "keywords" => Column::Keywords,
            "有效性" | "时效" | "时效性" | "效力状态" | "validity" => Column::Validity,
            "废止日期" | "失效日期" | "repealed" => Column::Repealed,
            "公开方式" | "公开属性" | "公开形式" | "disclosure" => Column::Disclosure,
            "附件" | "attachments" => Column::Attachments,
            "保密审查日期" | "审查日期" | "reviewed" => Column::Reviewed,
            "扩展数据" | "extra" => Column::Extra,
            "正文" | "内容" | "正文内容" | "全文" | "body" => Column::Body(1),
            "文件" | "file" => Column::File,
            "行号" | "原因" => Column::Ignored,
            _ => return None,
        };
        Some(c)
    }

    /// Among several category columns, the one to trust first (lower is earlier).
    pub fn category_rank(header: &str) -> usize {
        let order = [
            "分类代码",
            "category",
            "分类",
            "组配分类",
            "所属栏目",
            "栏目",
            "信息分类",
            "所属分类",
            "信息类别",
            "主题分类",
        ];
        let h = normalise_header(header);
        order.iter().position(|o| *o == h).unwrap_or(order.len())
    }
}

/// The field a mapping file may name, by English key or Chinese label.
pub fn column_for_field(name: &str) -> Option<Column> {
    let n = name.trim();
    let by_key = Column::EXPORTED.iter().copied().find(|c| c.key() == n);
    by_key.or_else(|| match n {
        "机构" => Some(Column::Agency),
        "忽略" | "ignore" => Some(Column::Ignored),
        _ => Column::EXPORTED
            .iter()
            .copied()
            .find(|c| c.header() == n || crate::source::fields::label(c.key()) == n),
    })
}

/// Headers compared without spaces, full-width brackets, trailing colons or
/// "（必填）"-style notes, and ASCII case.
pub fn normalise_header(header: &str) -> String {
    let mut h: String = header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    while h.ends_with(':') || h.ends_with('：') || h.ends_with('*') {
        h.pop();
    }
    for note in ["(必填)", "(选填)", "(可选)"] {
        if let Some(s) = h.strip_suffix(note) {
            h = s.to_string();
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_headers_as_old_systems_write_them() {
        assert_eq!(Column::recognise(" 索引号 "), Some(Column::Index));
        assert_eq!(Column::recognise("标题（必填）"), Some(Column::Title));
        assert_eq!(Column::recognise("成文日期："), Some(Column::Created));
        assert_eq!(Column::recognise("公开日期"), Some(Column::Published));
        assert_eq!(Column::recognise("主题分类"), Some(Column::Category));
        assert_eq!(Column::recognise("时效"), Some(Column::Validity));
        assert_eq!(Column::recognise("正文（续3）"), Some(Column::Body(3)));
        assert_eq!(Column::recognise("Title"), Some(Column::Title));
        assert_eq!(Column::recognise("点击量"), None);
        for c in Column::EXPORTED {
            assert_eq!(Column::recognise(&c.header()), Some(c), "{c:?}");
            assert_eq!(Column::recognise(c.key()), Some(c), "{c:?}");
        }
        assert_eq!(
            Column::recognise(&Column::Body(2).header()),
            Some(Column::Body(2))
        );
    }

    #[test]
    fn mapping_names_fields_in_english_or_chinese() {
        assert_eq!(column_for_field("created"), Some(Column::Created));
        assert_eq!(column_for_field("生成日期"), Some(Column::Created));
        assert_eq!(column_for_field("名称"), Some(Column::Title));
        assert_eq!(column_for_field("忽略"), Some(Column::Ignored));
        assert_eq!(column_for_field("nonsense"), None);
    }
}
