//! `check --html FILE`: the inspection as one page a county office can print and hand to
//! each agency (one section, one printed page, per agency), readable by screen readers.

use serde::Serialize;

use super::county;
use super::score::Inspection;
use crate::diagnostics::Diagnostic;

const TEMPLATE: &str = include_str!("sheet.html");

#[derive(Serialize)]
struct Sheet<'a> {
    title: String,
    inspection: &'a Inspection,
    headers: &'a [&'a str],
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    /// The agency's section (`#agency-<n>`).
    n: usize,
    name: String,
    cells: Vec<String>,
}

/// The score sheet of `inspection` for the site titled `site`.
pub fn html(site: &str, inspection: &Inspection) -> Result<String, Diagnostic> {
    let rows = inspection
        .agencies
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let [name, rest @ ..] = county::cells(a);
            Row {
                n: k + 1,
                name,
                cells: rest.to_vec(),
            }
        })
        .collect();
    let sheet = Sheet {
        title: format!("{site}政务公开检查评分表"),
        inspection,
        headers: &county::HEADERS,
        rows,
    };
    crate::render::templates::render_standalone("sheet.html", TEMPLATE, &sheet)
}
