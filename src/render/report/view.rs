//! The standard tables as grids of cells for the theme: official labels, merged cells
//! (`rowspan`/`colspan`) and header scopes exactly as the standard prints them.

use serde::Serialize;

use super::compact::{self, Compact};

use crate::report::figures::{Figure, Origin, Tables, format_amount};
use crate::report::schema::{
    self, APPEAL_COLUMNS, APPLICANTS, APPLICANTS_GROUP, Kind, ORGANISATIONS_GROUP, REQUESTS_CORNER,
};

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    /// `<th>` rather than `<td>`.
    pub header: bool,
    /// `col`, `colgroup`, `row` or `rowgroup` for header cells.
    pub scope: Option<&'static str>,
    pub rowspan: usize,
    pub colspan: usize,
    pub class: Option<&'static str>,
    /// Counted from the catalogue (the page marks it and explains below the table).
    pub derived: bool,
}

impl Cell {
    fn th(text: &str, scope: &'static str) -> Cell {
        Cell {
            text: text.to_string(),
            header: true,
            scope: Some(scope),
            rowspan: 1,
            colspan: 1,
            class: None,
            derived: false,
        }
    }

    fn span(mut self, rowspan: usize, colspan: usize) -> Cell {
        self.rowspan = rowspan;
        self.colspan = colspan;
        self
    }

    fn figure(f: &Figure, kind: Kind, unit: Option<&str>) -> Cell {
        Cell {
            text: match kind {
                Kind::Amount => format_amount(f.value),
                Kind::Money => format!("{}{}", format_amount(f.value), unit.unwrap_or("")),
                Kind::Count | Kind::Change => f.value.to_string(),
            },
            header: false,
            scope: None,
            rowspan: 1,
            colspan: 1,
            class: Some("num"),
            derived: f.origin == Origin::Derived,
        }
    }

    fn blank(colspan: usize) -> Cell {
        Cell {
            text: String::new(),
            header: false,
            scope: None,
            rowspan: 1,
            colspan,
            class: None,
            derived: false,
        }
    }
}

type Row = Vec<Cell>;

#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    /// Class of the `<table>`: `report-proactive`, `report-requests`, `report-appeals`.
    pub class: &'static str,
    pub head: Vec<Row>,
    /// One `<tbody>` each.
    pub bodies: Vec<Vec<Row>>,
    /// The small-screen form, for tables too wide for a phone.
    pub compact: Option<Compact>,
}

/// Table 二: one block per Article 20 item, each opened by its caption row.
pub fn proactive(t: &Tables) -> Grid {
    let mut values = t.proactive.iter().zip(&t.units);
    let bodies = t
        .format
        .proactive
        .iter()
        .map(|block| {
            let width: usize = block.header.iter().map(|h| h.1).sum();
            let mut rows = vec![
                vec![Cell::th(block.caption, "rowgroup").span(1, width)],
                block
                    .header
                    .iter()
                    .map(|&(label, colspan)| {
                        if label.is_empty() {
                            Cell::blank(colspan)
                        } else {
                            Cell::th(label, "col").span(1, colspan)
                        }
                    })
                    .collect(),
            ];
            for item in block.rows {
                let mut row = vec![Cell::th(item.label, "row")];
                for (k, cell) in item.cells.iter().enumerate() {
                    let colspan = block.header.get(k + 1).map_or(1, |h| h.1);
                    let (f, unit) = values.next().expect("one figure per cell");
                    row.push(Cell::figure(f, cell.kind, *unit).span(1, colspan));
                }
                let used: usize = 1 + block.header[1..=item.cells.len()]
                    .iter()
                    .map(|h| h.1)
                    .sum::<usize>();
                if used < width {
                    row.push(Cell::blank(width - used));
                }
                rows.push(row);
            }
            rows
        })
        .collect();
    Grid {
        class: "report-proactive",
        head: Vec::new(),
        bodies,
        compact: None,
    }
}

/// Table 三: three label columns, then the seven applicant columns.
pub fn requests(t: &Tables) -> Grid {
    let corner = Cell {
        text: REQUESTS_CORNER.into(),
        header: false,
        scope: None,
        rowspan: 3,
        colspan: 3,
        class: Some("corner"),
        derived: false,
    };
    let head = vec![
        vec![corner, Cell::th(APPLICANTS_GROUP, "colgroup").span(1, 7)],
        vec![
            Cell::th(APPLICANTS[0].label, "col").span(2, 1),
            Cell::th(ORGANISATIONS_GROUP, "colgroup").span(1, 5),
            Cell::th(APPLICANTS[6].label, "col").span(2, 1),
        ],
        APPLICANTS[1..6]
            .iter()
            .map(|c| Cell::th(c.label, "col"))
            .collect(),
    ];
    let body = t
        .format
        .request_rows()
        .iter()
        .zip(&t.requests)
        .map(|(row, figures)| {
            let mut cells: Row = row
                .opens
                .iter()
                .map(|&(_, label, span)| Cell::th(label, "rowgroup").span(span, 1))
                .collect();
            cells.push(Cell::th(row.label, "row").span(1, 3 - row.depth));
            cells.extend(figures.iter().map(|f| Cell::figure(f, Kind::Count, None)));
            cells
        })
        .collect();
    Grid {
        class: "report-requests",
        head,
        bodies: vec![body],
        compact: Some(compact::requests(t)),
    }
}

/// Table 四: 行政复议 (5 columns) and 行政诉讼 (two groups of 5); one row of figures.
pub fn appeals(t: &Tables) -> Grid {
    let columns = || APPEAL_COLUMNS.iter().map(|c| Cell::th(c.label, "col"));
    let mut second: Row = columns().map(|c| c.span(2, 1)).collect();
    second.push(Cell::th(schema::APPEAL_GROUPS[1].1, "colgroup").span(1, 5));
    second.push(Cell::th(schema::APPEAL_GROUPS[2].1, "colgroup").span(1, 5));
    let head = vec![
        vec![
            Cell::th("行政复议", "colgroup").span(1, 5),
            Cell::th("行政诉讼", "colgroup").span(1, 10),
        ],
        second,
        columns().chain(columns()).collect(),
    ];
    let row = t
        .appeals
        .iter()
        .flatten()
        .map(|f| Cell::figure(f, Kind::Count, None))
        .collect();
    Grid {
        class: "report-appeals",
        head,
        bodies: vec![vec![row]],
        compact: Some(compact::appeals(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::schema::{CURRENT, TRIAL};

    /// Columns each row covers, counting cells spanned from rows above.
    fn widths(rows: &[Row]) -> Vec<usize> {
        let mut carry: Vec<usize> = Vec::new(); // remaining rowspan per column
        let mut out = Vec::new();
        for row in rows {
            let mut col = 0;
            let mut width = 0;
            for cell in row {
                while carry.get(col).copied().unwrap_or(0) > 0 {
                    col += 1;
                    width += 1;
                }
                for c in col..col + cell.colspan {
                    if carry.len() <= c {
                        carry.resize(c + 1, 0);
                    }
                    carry[c] = cell.rowspan;
                }
                col += cell.colspan;
                width += cell.colspan;
            }
            while carry.get(col).copied().unwrap_or(0) > 0 {
                col += 1;
                width += 1;
            }
            for c in carry.iter_mut() {
                *c = c.saturating_sub(1);
            }
            out.push(width);
        }
        out
    }

    #[test]
    fn every_row_of_every_table_is_full_width() {
        for format in [&CURRENT, &TRIAL] {
            let t = Tables::empty(format);
            let p = proactive(&t);
            for body in &p.bodies {
                assert!(widths(body).iter().all(|&w| w == 4), "{:?}", widths(body));
            }
            let r = requests(&t);
            assert!(
                widths(&r.head).iter().all(|&w| w == 10),
                "{:?}",
                widths(&r.head)
            );
            assert!(
                widths(&r.bodies[0]).iter().all(|&w| w == 10),
                "{:?}",
                widths(&r.bodies[0])
            );
            let a = appeals(&t);
            let mut all = a.head.clone();
            all.extend(a.bodies[0].clone());
            assert!(widths(&all).iter().all(|&w| w == 15), "{:?}", widths(&all));
        }
    }
}
