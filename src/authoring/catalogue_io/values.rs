//! Cell values ↔ field values: dates in the forms exports use (incl. Excel serial
//! numbers), validity and disclosure words, keyword and attachment lists.

use chrono::{Days, NaiveDate};

use super::table::Cell;
use crate::authoring::entry_file::AttachmentRef;
use crate::site::{Disclosure, Validity};
use crate::source::fields::{ListOrText, loose_date};

/// Excel counts days from 1899-12-30 (for every date after 1900-02-28, i.e. all that matter).
pub fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.trunc() as u64))
}

/// A cell's text; numbers as Excel shows them (no `.0` on whole numbers).
pub fn text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// A date cell: a real date, an Excel serial number, or text such as 2024-03-01,
/// 2024/3/1, 2024年3月1日, 20240301, `2024-03-01 09:30:00`. `Ok(None)` when empty.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => excel_serial(*n)
            .map(Some)
            .ok_or_else(|| format!("日期 `{}` 无法识别", text(cell))),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            // Date and time: keep the date.
            let day = t.split([' ', 'T']).next().unwrap_or(t);
            if let Some(d) = loose_date(day) {
                return Ok(Some(d));
            }
            // A serial number saved as text (e.g. a CSV written from a date cell).
            if let Ok(n) = day.parse::<f64>()
                && (20_000.0..=80_000.0).contains(&n)
            {
                return Ok(excel_serial(n));
            }
            Err(format!("日期 `{t}` 无法识别"))
        }
    }
}

/// 有效性 as old systems word it: 有效 / 现行有效 / 失效 / 已失效 / 废止 / 已废止; empty = 有效.
pub fn validity(text: &str) -> Result<Validity, String> {
    let t = text.trim();
    if t.contains("废止") {
        Ok(Validity::Repealed)
    } else if t.contains("失效") || t == "无效" {
        Ok(Validity::Expired)
    } else if t.is_empty() || t.contains("有效") || t == "长期" {
        Ok(Validity::Valid)
    } else {
        Err(format!("有效性 `{t}` 无法识别，应为 有效、失效 或 废止"))
    }
}

/// 公开方式: 主动公开 (default) or 依申请公开. 不予公开 information has no place in the catalogue.
pub fn disclosure(text: &str) -> Result<Disclosure, String> {
    let t = text.trim();
    match t {
        "" | "主动公开" | "主动" => Ok(Disclosure::Proactive),
        "依申请公开" | "依申请" => Ok(Disclosure::OnRequest),
        _ if t.contains("不予公开") || t.contains("不公开") => {
            Err(format!("公开方式为「{t}」：不予公开的信息不能进入公开目录"))
        }
        _ => Err(format!(
            "公开方式 `{t}` 无法识别，应为 主动公开 或 依申请公开"
        )),
    }
}

/// The keywords of one cell: a JSON list (`["甲,乙","丙"]`, what `keywords_text`
/// writes when a keyword holds a separator) or a text split like the front matter's.
pub fn keywords(text: &str) -> Vec<String> {
    let t = text.trim();
    if t.starts_with('[')
        && let Ok(list) = serde_json::from_str::<Vec<String>>(t)
    {
        return ListOrText::List(list).into_items();
    }
    ListOrText::Text(text.to_string()).into_items()
}

/// Keywords in one cell: joined with 、 as people write them, or — when a keyword itself
/// holds a separator the loader splits on — as a JSON list, so it comes back whole.
pub fn keywords_text(keywords: &[String]) -> String {
    let splits = |k: &String| ListOrText::Text(k.clone()).into_items() != [k.trim()];
    if keywords.iter().any(splits) || keywords.first().is_some_and(|k| k.starts_with('[')) {
        serde_json::to_string(keywords).unwrap_or_default()
    } else {
        keywords.join("、")
    }
}

const ATTACHMENT_SEPARATOR: &str = " | ";

/// One attachment per line: `file | title` (a line with only a file takes the file's
/// name as title, as the build does).
pub fn attachments(text: &str) -> Vec<AttachmentRef> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (file, title) = line
                .split_once(ATTACHMENT_SEPARATOR)
                .map(|(f, t)| (f.trim(), t.trim()))
                .unwrap_or((line, ""));
            let title = if title.is_empty() {
                std::path::Path::new(file.rsplit('/').next().unwrap_or(file))
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            } else {
                title.to_string()
            };
            AttachmentRef {
                file: file.to_string(),
                title,
            }
        })
        .collect()
}

pub fn attachments_text(list: &[AttachmentRef]) -> String {
    list.iter()
        .map(|a| format!("{}{ATTACHMENT_SEPARATOR}{}", a.file, a.title))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_in_export_forms() {
        for t in [
            "2024-03-01",
            "2024/3/1",
            "2024年3月1日",
            "20240301",
            "2024-03-01 09:30:00",
            "2024/3/1 9:30",
            "45352",
        ] {
            assert_eq!(date(&Cell::Text(t.into())), Ok(d(2024, 3, 1)), "{t}");
        }
        assert_eq!(date(&Cell::Number(45352.0)), Ok(d(2024, 3, 1)));
        assert_eq!(date(&Cell::Number(45352.75)), Ok(d(2024, 3, 1)));
        assert_eq!(date(&Cell::Text("  ".into())), Ok(None));
        assert!(date(&Cell::Text("三月一日".into())).is_err());
        assert!(date(&Cell::Text("12345".into())).is_err());
    }

    #[test]
    fn validity_and_disclosure_words() {
        assert_eq!(validity("现行有效"), Ok(Validity::Valid));
        assert_eq!(validity("已废止"), Ok(Validity::Repealed));
        assert_eq!(validity("失效"), Ok(Validity::Expired));
        assert_eq!(validity(""), Ok(Validity::Valid));
        assert!(validity("待定").is_err());
        assert_eq!(disclosure("依申请公开"), Ok(Disclosure::OnRequest));
        assert!(disclosure("不予公开").is_err());
    }

    #[test]
    fn attachments_round_trip() {
        let list = attachments("方案全文.pdf | 方案全文\n附件/表.xlsx\n");
        assert_eq!(list[1].title, "表");
        assert_eq!(attachments(&attachments_text(&list)), list);
    }

    #[test]
    fn numbers_show_as_excel_shows_them() {
        assert_eq!(text(&Cell::Number(12.0)), "12");
        assert_eq!(text(&Cell::Number(1.5)), "1.5");
    }

    #[test]
    fn keywords_with_separators_keep_their_shape() {
        for list in [
            vec!["甲,乙", "丙、丁"],
            vec!["人居环境", "整治"],
            vec!["a;b"],
            vec!["\"引号\"", "[括号]"],
            vec!["[\"x\"]"],
        ] {
            let list: Vec<String> = list.into_iter().map(String::from).collect();
            assert_eq!(keywords(&keywords_text(&list)), list, "{list:?}");
        }
        assert_eq!(keywords_text(&["甲".into(), "乙".into()]), "甲、乙");
        assert_eq!(keywords("甲，乙;丙"), ["甲", "乙", "丙"]);
    }
}
