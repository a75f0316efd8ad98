//! Interpreting front-matter scalars (kept as located strings by `yaml`) into typed
//! values, with one Chinese message per mistake.

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::Diagnostic;
use crate::source::yaml::{Located, Source};

/// The Chinese label of a field, so messages read `名称（title）`.
pub fn label(field: &str) -> &'static str {
    match field {
        "title" => "名称",
        "index" => "索引号",
        "summary" => "内容概述",
        "category" => "分类",
        "created" => "生成日期",
        "published" => "公开日期",
        "publisher" => "发布机构",
        "doc_number" => "文号",
        "keywords" => "关键词",
        "validity" => "有效性",
        "repealed" => "废止日期",
        "disclosure" => "公开方式",
        "attachments" => "附件",
        "reviewed" => "保密审查日期",
        "draft" => "草稿",
        "agency" => "机构名称",
        "code" => "机构代码",
        "office" => "政府信息公开工作机构",
        "address" => "办公地址",
        "hours" => "办公时间",
        "phone" => "联系电话",
        "fax" => "传真",
        "email" => "电子邮箱",
        "website" => "网站",
        "postcode" => "邮政编码",
        "updated" => "更新日期",
        "base_url" => "网站地址",
        "per_page" => "每页条数",
        "index_format" => "索引号格式",
        "categories" => "分类",
        "full_text" => "全文搜索",
        "body_chars" => "正文编入字数",
        "bundle_size" => "索引分包条目数",
        _ => "",
    }
}

fn named(field: &str) -> String {
    match label(field) {
        "" => format!("`{field}`"),
        l => format!("{l}（`{field}`）"),
    }
}

/// Takes a required field: reports it missing or blank.
pub fn required(
    src: &Source,
    value: Option<Located<String>>,
    field: &str,
    example: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Located<String>> {
    match value {
        Some(v) if !v.value.trim().is_empty() => Some(trimmed(v)),
        Some(v) => {
            out.push(
                src.error(&v, field, format!("{}不能为空", named(field)))
                    .hint(format!("例如：`{field}: {example}`")),
            );
            None
        }
        None => {
            // `phone:` with nothing after it reads as absent: point at the empty line.
            let empty_line = src.text.lines().skip(src.yaml_line - 1).position(|l| {
                l.strip_prefix(field)
                    .and_then(|r| r.trim_start().strip_prefix(':'))
                    .is_some_and(|r| r.split('#').next().unwrap_or("").trim().is_empty())
            });
            let d = match empty_line {
                Some(i) => src
                    .error_at(i + 1, 1, format!("{}没有填写", named(field)))
                    .field(field)
                    .hint(format!("在冒号后面填写内容，例如：`{field}: {example}`")),
                None => src
                    .file_error(format!("缺少必填字段{}", named(field)))
                    .field(field)
                    .hint(format!(
                        "在前置信息（两行 `---` 之间）加一行：`{field}: {example}`"
                    )),
            };
            out.push(d);
            None
        }
    }
}

/// An optional text field; blank counts as absent.
pub fn optional(value: Option<Located<String>>) -> Option<String> {
    value
        .map(|v| v.value.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn trimmed(mut v: Located<String>) -> Located<String> {
    let t = v.value.trim();
    if t.len() != v.value.len() {
        v.value = t.to_string();
    }
    v
}

/// Parses `YYYY-MM-DD`; other spellings get a message showing the right one.
pub fn date(
    src: &Source,
    v: &Located<String>,
    field: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let text = v.value.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && text.len() == 10
    {
        return Some(d);
    }
    let hint = match loose_date(text) {
        Some(d) => format!("应写成 `{field}: {}`", d.format("%Y-%m-%d")),
        None => format!("日期写成 年-月-日，例如 `{field}: 2024-03-01`"),
    };
    let message = match missing_day(text) {
        Some(why) => format!("{}的日期 `{text}` 不存在：{why}", named(field)),
        None => format!("{}的日期 `{text}` 无法识别或不存在", named(field)),
    };
    out.push(src.error(v, field, message).hint(hint));
    None
}

/// Why a date written with numbers does not exist (`2024-02-30`: 2024年2月只有29天).
fn missing_day(text: &str) -> Option<String> {
    let parts: Vec<u32> = text
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [y, m, d] = parts[..] else {
        return None;
    };
    if !(1..=12).contains(&m) {
        return Some(format!("没有{m}月"));
    }
    let first = NaiveDate::from_ymd_opt(y as i32, m, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let days = (next - first).num_days() as u32;
    (d == 0 || d > days).then(|| format!("{y}年{m}月只有{days}天"))
}

/// Dates as old systems and people write them: 2024/3/1, 2024.3.1, 2024年3月1日, 20240301.
pub fn loose_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if let [y, m, d] = parts[..] {
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        return NaiveDate::from_ymd_opt(y, m, d).filter(|d| d.year() > 1900);
    }
    None
}

/// Parses a yes/no flag (`true`/`false`, also `是`/`否`).
pub fn flag(
    src: &Source,
    v: &Located<String>,
    field: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<bool> {
    match v.value.trim() {
        "true" | "True" | "TRUE" | "yes" | "是" => Some(true),
        "false" | "False" | "FALSE" | "no" | "否" => Some(false),
        other => {
            out.push(
                src.error(
                    v,
                    field,
                    format!("{}只能是 true 或 false，不能是 `{other}`", named(field)),
                )
                .hint(format!("例如：`{field}: true`")),
            );
            None
        }
    }
}

/// One of a fixed set of Chinese values.
pub fn choice<'a>(
    src: &Source,
    v: &Located<String>,
    field: &str,
    allowed: &[&'a str],
    out: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
    let t = v.value.trim();
    if let Some(a) = allowed.iter().find(|a| **a == t) {
        return Some(a);
    }
    out.push(
        src.error(
            v,
            field,
            format!("{}的值 `{t}` 不在可选范围内", named(field)),
        )
        .hint(format!("可选：{}", allowed.join(" | "))),
    );
    None
}

/// A positive whole number.
pub fn positive(
    src: &Source,
    v: &Located<String>,
    field: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    match v.value.trim().parse::<usize>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            out.push(
                src.error(
                    v,
                    field,
                    format!("{}应为正整数，不能是 `{}`", named(field), v.value.trim()),
                )
                .hint(format!("例如：`{field}: 20`")),
            );
            None
        }
    }
}

/// A list written either as a YAML list or as one string separated by commas or 顿号.
#[derive(Debug, Clone)]
pub enum ListOrText {
    List(Vec<String>),
    Text(String),
}

// By hand rather than `#[serde(untagged)]`, which buffers every value to try each
// variant in turn: that was a tenth of the front matter's parsing time.
impl<'de> serde::Deserialize<'de> for ListOrText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = ListOrText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list or a text")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ListOrText, E> {
                Ok(ListOrText::Text(s.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<ListOrText, E> {
                Ok(ListOrText::Text(n.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<ListOrText, E> {
                Ok(ListOrText::Text(n.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ListOrText, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(ListOrText::List(items))
            }
        }
        d.deserialize_any(Either)
    }
}

impl ListOrText {
    /// The items, a text being one item (for values that may contain 、 themselves).
    pub fn into_unsplit(self) -> Vec<String> {
        let items = match self {
            ListOrText::List(v) => v,
            ListOrText::Text(t) => vec![t],
        };
        items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn into_items(self) -> Vec<String> {
        let items = match self {
            ListOrText::List(v) => v,
            ListOrText::Text(t) => t
                .split([',', '，', '、', ';', '；'])
                .map(str::to_string)
                .collect(),
        };
        items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_dates() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 1);
        for s in [
            "2024/3/1",
            "2024.03.01",
            "2024年3月1日",
            "20240301",
            "2024-3-1",
        ] {
            assert_eq!(loose_date(s), d, "{s}");
        }
        assert_eq!(loose_date("2024-02-30"), None);
        assert_eq!(loose_date("昨天"), None);
    }

    #[test]
    fn list_or_text_splits_chinese_separators() {
        let t = ListOrText::Text("人居环境、整治, 农村".into());
        assert_eq!(t.into_items(), vec!["人居环境", "整治", "农村"]);
    }
}
