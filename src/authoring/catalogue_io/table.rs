//! Reading a catalogue table from a file: CSV (UTF-8 with or without BOM, GBK, GB18030,
//! UTF-16 — detected, not guessed by extension), Excel (.xlsx, .xls, .ods) read
//! natively, or this tool's JSON export. Rows keep the number a spreadsheet shows.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;

use super::Column;
use super::values::excel_serial;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row number a spreadsheet shows (the header row counts).
    pub number: usize,
    pub cells: Vec<Cell>,
    /// Why the row cannot be read as it stands (e.g. more cells than headers).
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// What was read, for the report: `CSV（GBK 编码）`, `Excel 工作表「Sheet1」`.
    pub kind: String,
    /// A problem with the file as a whole that the user should know of.
    pub notes: Vec<String>,
}

impl Table {
    /// The text of every cell of a row, as in the file (for the rejects report).
    pub fn raw(&self, row: &Row) -> Vec<String> {
        (0..self.headers.len().max(row.cells.len()))
            .map(|i| {
                row.cells
                    .get(i)
                    .map(super::values::text)
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// Reads a table by the file's extension. Errors are Chinese sentences.
pub fn read(path: &Path) -> Result<Table, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        "json" => read_json(path),
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("无法读取文件：{}", crate::diagnostics::os_error(&e)))?;
            Ok(read_csv(&bytes))
        }
        _ => Err(format!(
            "不支持的文件类型 `.{ext}`：请用 CSV（.csv）或 Excel（.xlsx、.xls）文件"
        )),
    }
}

/// Decodes CSV bytes: a BOM decides; else valid UTF-8 is UTF-8; else the encoding is
/// detected (legacy Chinese exports are GBK or GB18030, which one decoder reads).
pub fn decode(bytes: &[u8]) -> (String, String, bool) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (
            text.into_owned(),
            format!("{} 编码，带 BOM", enc.name()),
            had_errors,
        );
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), "UTF-8 编码".into(), false);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let (text, _, had_errors) = enc.decode(bytes);
    let name = if enc == encoding_rs::GBK {
        // encoding_rs reads GBK with the GB18030 decoder; name what the file really is.
        if gb18030_four_byte(bytes) {
            "GB18030 编码".to_string()
        } else {
            "GBK 编码".to_string()
        }
    } else {
        format!("{} 编码（自动识别）", enc.name())
    };
    (text.into_owned(), name, had_errors)
}

/// Whether GB bytes use GB18030's four-byte sequences (characters outside GBK).
fn gb18030_four_byte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
        } else if i + 3 < bytes.len()
            && (0x81..=0xfe).contains(&b)
            && bytes[i + 1].is_ascii_digit()
            && (0x81..=0xfe).contains(&bytes[i + 2])
            && bytes[i + 3].is_ascii_digit()
        {
            return true;
        } else {
            i += 2;
        }
    }
    false
}

pub fn read_csv(bytes: &[u8]) -> Table {
    let (text, encoding, had_errors) = decode(bytes);
    // Judged on the first lines, not the first only: old exports put a one-cell title
    // row (no delimiter at all) above the header. Ties go to the comma.
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .rev()
        .max_by_key(|d| {
            text.lines()
                .take(10)
                .map(|l| l.bytes().filter(|b| b == d).count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records: Vec<Row> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let number = i + 1;
        match rec {
            Ok(r) => records.push(Row {
                number,
                cells: r
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            Cell::Empty
                        } else {
                            // Cells the export kept from reading as formulas.
                            Cell::Text(crate::output::spreadsheet::original_cell(c).to_string())
                        }
                    })
                    .collect(),
                problem: None,
            }),
            Err(e) => records.push(Row {
                number,
                cells: Vec::new(),
                problem: Some(format!("这一行无法按 CSV 格式读取：{e}")),
            }),
        }
    }
    let mut notes = Vec::new();
    // An unclosed quote swallows the rest of the file into one cell: say where. A stray
    // `"` inside a cell (`5"`) does not, so the swallowed lines must be seen in that cell.
    if text.matches('"').count() % 2 == 1
        && let Some(last) = records.last_mut()
        && last.cells.iter().any(
            |c| matches!(c, Cell::Text(t) if t.contains('\n') && t.contains(char::from(delimiter))),
        )
    {
        last.problem = Some(
            "这一行的英文双引号没有成对，之后的内容都被读进了同一个单元格；请检查这一行的引号"
                .into(),
        );
    }
    if had_errors {
        notes.push(format!(
            "文件中有无法按 {encoding}识别的字符（显示为 �），含有这些字符的行不会导入"
        ));
    }
    let kind = format!("CSV 文件（{encoding}）");
    into_table(records, kind, notes)
}

fn read_workbook(path: &Path) -> Result<Table, String> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("无法打开 Excel 文件：{e}（文件可能已损坏，或不是 Excel 格式）"))?;
    let names = book.sheet_names();
    let mut chosen = None;
    for (i, name) in names.iter().enumerate() {
        let range = book
            .worksheet_range_at(i)
            .ok_or_else(|| format!("无法读取工作表「{name}」"))?
            .map_err(|e| format!("无法读取工作表「{name}」：{e}"))?;
        if !range.is_empty() {
            chosen = Some((name.clone(), range));
            break;
        }
    }
    let Some((name, range)) = chosen else {
        return Err("Excel 文件里没有任何内容".into());
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let records = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let mut cells: Vec<Cell> = vec![Cell::Empty; col0 as usize];
            cells.extend(r.iter().map(cell_of));
            Row {
                number: row0 as usize + i + 1,
                cells,
                problem: None,
            }
        })
        .collect();
    let mut notes = Vec::new();
    if names.len() > 1 {
        notes.push(format!(
            "文件有 {} 个工作表，只读取了第一个有内容的工作表「{name}」",
            names.len()
        ));
    }
    Ok(into_table(
        records,
        format!("Excel 文件（工作表「{name}」）"),
        notes,
    ))
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => match excel_serial(dt.as_f64()) {
            Some(day) => Cell::Date(day),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// This tool's JSON export: an array of objects keyed by field name.
fn read_json(path: &Path) -> Result<Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取文件：{}", crate::diagnostics::os_error(&e)))?;
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("JSON 格式错误：{e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err("JSON 文件应是一个条目数组（`gongkai export --format json` 的格式）".into());
    };
    let mut headers: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let serde_json::Value::Object(map) = item else {
            rows.push((i, Vec::new(), Some("这一项不是对象".to_string())));
            continue;
        };
        let mut cells = Vec::new();
        for (k, v) in map {
            let col = match headers.iter().position(|h| h == k) {
                Some(c) => c,
                None => {
                    headers.push(k.clone());
                    headers.len() - 1
                }
            };
            cells.push((col, json_cell(k, v)));
        }
        rows.push((i, cells, None));
    }
    let width = headers.len();
    let rows = rows
        .into_iter()
        .map(|(i, cells, problem)| {
            let mut row = vec![Cell::Empty; width];
            for (c, v) in cells {
                row[c] = v;
            }
            Row {
                number: i + 2,
                cells: row,
                problem,
            }
        })
        .collect();
    Ok(Table {
        headers,
        rows,
        kind: "JSON 文件".into(),
        notes: Vec::new(),
    })
}

/// JSON values in the cell form the table columns use.
fn json_cell(key: &str, v: &serde_json::Value) -> Cell {
    use serde_json::Value as J;
    match (key, v) {
        (_, J::Null) => Cell::Empty,
        (_, J::String(s)) => Cell::Text(s.clone()),
        (_, J::Number(n)) => Cell::Text(n.to_string()),
        (_, J::Bool(b)) => Cell::Text(b.to_string()),
        ("keywords", J::Array(items)) => Cell::Text(super::values::keywords_text(
            &items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>(),
        )),
        ("attachments", J::Array(items)) => {
            let list: Vec<crate::authoring::entry_file::AttachmentRef> = items
                .iter()
                .map(|i| crate::authoring::entry_file::AttachmentRef {
                    file: i["file"].as_str().unwrap_or_default().to_string(),
                    title: i["title"].as_str().unwrap_or_default().to_string(),
                })
                .collect();
            Cell::Text(super::values::attachments_text(&list))
        }
        (_, other) => Cell::Text(other.to_string()),
    }
}

/// Finds the header row (old exports often put a title row above it) and keeps the
/// rows below it.
fn into_table(mut records: Vec<Row>, kind: String, notes: Vec<String>) -> Table {
    let recognised = |r: &Row| {
        r.cells
            .iter()
            .filter(|c| {
                Column::recognise(&super::values::text(c)).is_some_and(|c| c != Column::Ignored)
            })
            .count()
    };
    let header_at = records
        .iter()
        .take(10)
        .position(|r| recognised(r) >= 2)
        .or_else(|| {
            records
                .iter()
                .position(|r| r.cells.iter().any(|c| !c.is_empty()))
        })
        .unwrap_or(0);
    let rows = records.split_off((header_at + 1).min(records.len()));
    let headers = records
        .pop()
        .map(|r| r.cells.iter().map(super::values::text).collect())
        .unwrap_or_default();
    let mut table = Table {
        headers,
        rows,
        kind,
        notes,
    };
    let width = table.headers.len();
    for row in &mut table.rows {
        let extra = row.cells.len().saturating_sub(width);
        if row.problem.is_none() && extra > 0 && row.cells[width..].iter().any(|c| !c.is_empty()) {
            row.problem = Some(format!(
                "这一行比表头多出 {extra} 个单元格（可能某个内容里有逗号却没有用英文双引号括起来），各列已经错位"
            ));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_bom_are_detected() {
        let (gbk, _, _) = encoding_rs::GBK.encode("索引号,名称\n1,关于印发方案的通知\n");
        let t = read_csv(&gbk);
        assert!(t.kind.contains("GBK"), "{}", t.kind);
        assert_eq!(t.headers, ["索引号", "名称"]);
        assert_eq!(t.rows[0].cells[1], Cell::Text("关于印发方案的通知".into()));
        assert_eq!(t.rows[0].number, 2);

        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend("名称,生成日期\n通知,2024/3/1\n".as_bytes());
        let t = read_csv(&bom);
        assert_eq!(t.headers, ["名称", "生成日期"]);
        assert!(t.kind.contains("UTF-8"), "{}", t.kind);
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let t =
            read_csv("示例镇政府信息公开目录,,\n索引号,名称,发布日期\na,b,2024-01-01\n".as_bytes());
        assert_eq!(t.headers[1], "名称");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 3);
    }

    #[test]
    fn a_one_cell_title_row_does_not_decide_the_delimiter() {
        let t = read_csv(
            "示例镇人民政府政府信息公开目录\n索引号,名称,发布日期\na,b,2024-01-01\n".as_bytes(),
        );
        assert_eq!(t.headers, ["索引号", "名称", "发布日期"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 3);
    }

    #[test]
    fn a_stray_quote_in_a_short_row_is_no_unclosed_quote() {
        let t = read_csv(
            "名称,生成日期,公开日期\n甲,2024-01-01,2024-01-02\n27\"显示器,2024-01-01\n".as_bytes(),
        );
        assert_eq!(t.rows[1].problem, None);
        assert_eq!(t.rows[1].cells[0], Cell::Text("27\"显示器".into()));
    }

    #[test]
    fn shifted_and_unclosed_rows_are_flagged() {
        let t = read_csv(
            "名称,生成日期\n甲,2024-01-01,多余\n乙,\"2024-01-02\n丙,2024-01-03\n".as_bytes(),
        );
        assert!(t.rows[0].problem.as_deref().unwrap().contains("多出 1 个"));
        assert!(t.rows[1].problem.as_deref().unwrap().contains("引号"));
    }
}
