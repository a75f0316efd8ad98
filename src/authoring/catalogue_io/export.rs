//! Entries → table: the whole public catalogue with every field, as CSV, Excel or JSON.
//! Only `Site::public_entries()` leave: drafts, unreviewed and not-yet-due entries never
//! do, and 依申请公开 entries carry no body (the loader has already dropped it).

use std::io::{self, Write};
use std::path::Component;

use chrono::NaiveDate;

use super::Column;
use super::values::{attachments_text, keywords_text};
use crate::authoring::entry_file::EntryRecord;
use crate::output::spreadsheet::safe_cell;
use crate::site::Site;

/// Excel's limit for one cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// One exported entry.
pub struct ExportRow {
    /// The agency's name, as people read it.
    pub agency_name: String,
    /// The agency folder relative to the site root: `content`, `content/xihe`.
    pub agency: String,
    pub category_name: String,
    /// The entry file relative to the site root, `/`-separated.
    pub file: String,
    pub record: EntryRecord,
}

pub enum Value {
    Text(String),
    Date(NaiveDate),
}

/// Every public entry, agencies in tree order, then by index number.
pub fn rows(site: &Site) -> Result<Vec<ExportRow>, crate::diagnostics::Diagnostics> {
    let mut problems = crate::diagnostics::Diagnostics::new();
    let mut list: Vec<ExportRow> = site
        .public_entries()
        .filter_map(|(_, e)| {
            let agency = &site.agencies[e.agency];
            let record = EntryRecord::from_entry(e, site)
                .map_err(|d| problems.push(d))
                .ok()?;
            Some(ExportRow {
                agency_name: agency.name().to_string(),
                agency: slash_path(&std::path::Path::new("content").join(&agency.dir)),
                category_name: agency.catalogue.categories[e.category].name.clone(),
                file: slash_path(&e.source),
                record,
            })
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let order: std::collections::HashMap<String, usize> = site
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| (slash_path(&std::path::Path::new("content").join(&a.dir)), i))
        .collect();
    list.sort_by(|a, b| {
        (order.get(&a.agency), &a.record.index).cmp(&(order.get(&b.agency), &b.record.index))
    });
    Ok(list)
}

fn slash_path(p: &std::path::Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl ExportRow {
    /// The value of one column (every `Body` column holds the whole body; Excel cuts it
    /// into pieces, see `write_xlsx`).
    pub fn value(&self, col: Column) -> Value {
        let r = &self.record;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        Value::Text(match col {
            Column::Agency => self.agency_name.clone(),
            Column::AgencyFolder => self.agency.clone(),
            Column::Index => r.index.clone(),
            Column::LegacyIndex if r.legacy_index => "是".into(),
            Column::LegacyIndex => String::new(),
            Column::Title => r.title.clone(),
            Column::Summary => r.summary.clone(),
            Column::Category => r.category.clone(),
            Column::CategoryName => self.category_name.clone(),
            Column::Created => return Value::Date(r.created),
            Column::Published => return Value::Date(r.published),
            Column::Publisher => opt(&r.publisher),
            Column::DocNumber => opt(&r.doc_number),
            Column::Keywords => keywords_text(&r.keywords),
            Column::Validity => r.validity.label().to_string(),
            Column::Disclosure => r.disclosure.label().to_string(),
            Column::Attachments => attachments_text(&r.attachments),
            Column::Reviewed => match r.reviewed {
                Some(d) => return Value::Date(d),
                None => String::new(),
            },
            Column::Repealed => match r.repealed {
                Some(d) => return Value::Date(d),
                None => String::new(),
            },
            Column::Extra if r.extra.is_null() => String::new(),
            Column::Extra => r.extra.to_string(),
            Column::Body(_) => r.body.clone(),
            Column::File => self.file.clone(),
            Column::Ignored => String::new(),
        })
    }

    fn text(&self, col: Column) -> String {
        match self.value(col) {
            Value::Text(t) => t,
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The n-th piece (from 1) of a body cut into Excel-sized pieces on character boundaries.
fn body_piece(body: &str, n: u16) -> String {
    body.chars()
        .skip((n as usize - 1) * EXCEL_CELL_CHARS)
        .take(EXCEL_CELL_CHARS)
        .collect()
}

/// CSV and JSON hold a body in one cell; Excel needs as many pieces as the longest body.
fn columns(rows: &[ExportRow], excel: bool) -> Vec<Column> {
    let pieces = if excel {
        rows.iter()
            .map(|r| r.record.body.chars().count().div_ceil(EXCEL_CELL_CHARS))
            .max()
            .unwrap_or(1)
            .max(1)
    } else {
        1
    };
    let mut cols = Vec::new();
    for c in Column::EXPORTED {
        cols.push(c);
        if c == Column::Body(1) {
            cols.extend((2..=pieces as u16).map(Column::Body));
        }
    }
    cols
}

/// UTF-8 with a BOM, so that Excel on Chinese Windows opens it with the right encoding.
/// No cell starts a formula (`output::spreadsheet::safe_cell`); `import` restores them exactly.
pub fn write_csv(rows: &[ExportRow], out: impl Write) -> io::Result<()> {
    let mut out = out;
    out.write_all(b"\xef\xbb\xbf")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let cols = columns(rows, false);
    w.write_record(cols.iter().map(|c| c.header()))?;
    for r in rows {
        let cells: Vec<String> = cols.iter().map(|&c| r.text(c)).collect();
        w.write_record(cells.iter().map(|t| safe_cell(t).into_owned()))?;
    }
    w.flush()
}

pub fn write_json(rows: &[ExportRow], out: impl Write) -> io::Result<()> {
    use serde_json::{Map, Value as J};
    let items: Vec<J> = rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            for c in columns(rows, false) {
                let v = match c {
                    Column::Keywords => J::from(r.record.keywords.clone()),
                    Column::Attachments => {
                        serde_json::to_value(&r.record.attachments).unwrap_or(J::Null)
                    }
                    Column::Extra => r.record.extra.clone(),
                    Column::LegacyIndex => J::Bool(r.record.legacy_index),
                    Column::Publisher | Column::DocNumber | Column::Reviewed | Column::Repealed => {
                        match r.text(c) {
                            t if t.is_empty() => J::Null,
                            t => J::String(t),
                        }
                    }
                    _ => J::String(r.text(c)),
                };
                m.insert(c.key().to_string(), v);
            }
            J::Object(m)
        })
        .collect();
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, &items)?;
    out.write_all(b"\n")
}

/// An .xlsx workbook: one sheet, a bold frozen header, real date cells, text kept as text.
pub fn write_xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("政府信息公开目录").map_err(err)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let cols = columns(rows, true);
    for (c, col) in cols.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, col.header(), &bold)
            .map_err(err)?;
        let width = match col {
            Column::Title | Column::Summary => 40,
            Column::Index | Column::DocNumber | Column::File => 28,
            Column::Body(_) | Column::Attachments | Column::Extra => 30,
            _ => 12,
        };
        sheet.set_column_width(c as u16, width).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, &col) in cols.iter().enumerate() {
            let c = c as u16;
            let value = match col {
                Column::Body(n) => Value::Text(body_piece(&r.record.body, n)),
                _ => r.value(col),
            };
            match value {
                Value::Date(d) => {
                    use chrono::Datelike;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(err)?;
                    sheet
                        .write_datetime_with_format(row, c, &dt, &date)
                        .map_err(err)?;
                }
                Value::Text(t) if t.is_empty() => {}
                Value::Text(t) => {
                    if t.chars().count() > EXCEL_CELL_CHARS {
                        return Err(format!(
                            "条目 {} 的「{}」超过 Excel 单元格的 {EXCEL_CELL_CHARS} 字上限，请改用 CSV 或 JSON 导出",
                            r.record.index,
                            col.header()
                        ));
                    }
                    sheet.write_string(row, c, t).map_err(err)?;
                }
            }
        }
    }
    book.save_to_buffer().map_err(err)
}
