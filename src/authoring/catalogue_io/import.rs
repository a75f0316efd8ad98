//! Table → entry files. Every row either becomes an entry file that loads as the build
//! loads it, is recognised as already imported, or is rejected with its row number and
//! the reasons — nothing is dropped silently.
//!
//! Rows with an index number keep it verbatim: a number outside the agency's
//! `index_format` (an old system's) is kept too, marked `legacy_index: true` and checked
//! for uniqueness and safe characters only. Rows without one get the next free number
//! of their agency and year from `new`'s numbering, in date order. A row already in the
//! site (same index number, or same name, date and 文号) is not written again, so
//! re-running an import is safe.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::mapping::Mapping;
use super::table::{Cell, Row, Table};
use super::{Column, html, values};
use crate::authoring::entry_file::{self, AttachmentRef, EntryRecord, Style};
use crate::authoring::workspace::Workspace;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path, nearest};
use crate::site::Catalogue;
use crate::site::catalogue::Lookup;
use crate::site::index_number::{self, Facts};

pub struct ImportOptions {
    /// `--agency`: every row goes to this agency.
    pub agency: Option<String>,
    /// Where attachments named in the table are looked for.
    pub files_dir: PathBuf,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// Written (or, in a dry run, would be written).
    Created {
        path: PathBuf,
        index: String,
    },
    /// Already in the site: not written again.
    Existing {
        path: PathBuf,
        index: String,
    },
    Rejected {
        reasons: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct RowResult {
    pub row: usize,
    pub outcome: Outcome,
    /// Things to look at in a row that was imported (e.g. an empty summary).
    pub notes: Vec<String>,
}

pub struct Report {
    pub results: Vec<RowResult>,
    /// Per agency receiving legacy numbers: how `new` can continue in their format.
    pub legacy: Vec<LegacyNumbers>,
    /// Columns that are no entry field: their contents went into each entry's `extra`.
    pub extra_columns: Vec<String>,
}

impl Report {
    /// The rejected rows with their reasons.
    pub fn rejected_rows(&self) -> impl Iterator<Item = (usize, &Vec<String>)> {
        self.results.iter().filter_map(|r| match &r.outcome {
            Outcome::Rejected { reasons } => Some((r.row, reasons)),
            _ => None,
        })
    }

    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| f(&r.outcome)).count()
    }

    pub fn rejected(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Rejected { .. }))
    }
}

/// The numbers kept from an old system for one agency.
pub struct LegacyNumbers {
    /// `content/catalogue.md`, where `index_format` is set.
    pub catalogue: PathBuf,
    pub index_format: String,
    pub count: usize,
    pub example: String,
    /// An `index_format` all of them follow, if one does (see `index_number::infer_format`).
    pub follows: Option<String>,
}

/// One row on its way to becoming an entry.
struct Candidate {
    row: usize,
    agency: usize,
    record: EntryRecord,
    /// The row brought its own index number.
    numbered: bool,
    /// Where the row's entry file used to be (`文件` column), relative to the site root.
    old_file: Option<String>,
    /// (source on disk, path relative to the entry's folder) per attachment.
    attachments: Vec<(Option<PathBuf>, AttachmentRef)>,
    reasons: Vec<String>,
    notes: Vec<String>,
    path: Option<PathBuf>,
    text: Option<String>,
}

/// Plans (and unless `dry_run`, writes) the entries of `table`.
pub fn import(
    ws: &mut Workspace,
    table: &Table,
    mapping: &Mapping,
    opts: &ImportOptions,
) -> Result<Report, Diagnostics> {
    let layout = Layout::new(table, mapping);
    if !layout.has(Column::Title) {
        return Err(one(Diagnostic::error(
            "表头",
            format!(
                "表格中找不到名称（标题）列；表头是：{}",
                table.headers.join("、")
            ),
        )
        .hint("名称列的表头应为「名称」或「标题」；其他写法请用映射文件指定，例如 `columns: {信息标题: title}`，再加 --map 映射文件")));
    }
    let fixed_agency = match &opts.agency {
        Some(spec) => Some(ws.find_agency(Some(spec))?),
        None if !layout.has(Column::Agency) && !layout.has(Column::AgencyFolder) => {
            Some(ws.find_agency(None)?)
        }
        None => None,
    };

    let mut candidates: Vec<Candidate> = table
        .rows
        .iter()
        .filter(|r| r.problem.is_some() || r.cells.iter().any(|c| !c.is_empty()))
        .map(|row| read_row(ws, table, &layout, mapping, fixed_agency, row, opts))
        .collect();

    find_duplicates(ws, &mut candidates);
    assign_numbers(ws, &mut candidates);
    let mut used_paths = HashSet::new();
    for c in &mut candidates {
        if c.reasons.is_empty() {
            place(ws, c, &mut used_paths);
        }
    }
    let legacy = legacy_numbers(ws, &candidates);
    let mut results = Vec::with_capacity(candidates.len());
    for c in candidates {
        let outcome = if !c.reasons.is_empty() {
            Outcome::Rejected { reasons: c.reasons }
        } else if let (Some(path), Some(text)) = (&c.path, &c.text) {
            let shown = display_path(&ws.root, path);
            let written = if opts.dry_run {
                Ok(())
            } else {
                write(path, text, &c.attachments)
            };
            match written {
                Ok(()) => Outcome::Created {
                    path: shown,
                    index: c.record.index,
                },
                Err(e) => Outcome::Rejected {
                    reasons: vec![format!(
                        "无法写入 {}：{}",
                        shown.display(),
                        crate::diagnostics::os_error(&e)
                    )],
                },
            }
        } else {
            // Recognised as already imported (see `find_duplicates`).
            Outcome::Existing {
                path: c.path.clone().unwrap_or_default(),
                index: c.record.index,
            }
        };
        results.push(RowResult {
            row: c.row,
            outcome,
            notes: c.notes,
        });
    }
    Ok(Report {
        results,
        legacy,
        extra_columns: layout.extra_names(),
    })
}

fn one(d: Diagnostic) -> Diagnostics {
    std::iter::once(d).collect()
}

/// Which fields each column of the table fills.
struct Layout {
    /// Per field, the columns holding it, in the order to try them.
    fields: BTreeMap<Column, Vec<usize>>,
    /// Columns that are no field: (column, name used as the `extra` key).
    extra: Vec<(usize, String)>,
}

impl Layout {
    fn new(table: &Table, mapping: &Mapping) -> Layout {
        let mut fields: BTreeMap<Column, Vec<usize>> = BTreeMap::new();
        let mut extra = Vec::new();
        for (i, header) in table.headers.iter().enumerate() {
            let cols = mapping.columns_for(header);
            if cols.is_empty() {
                let name = match header.trim() {
                    "" => format!("第{}列", i + 1),
                    h => h.to_string(),
                };
                extra.push((i, name));
            }
            for c in cols {
                fields.entry(c).or_default().push(i);
            }
        }
        if let Some(cats) = fields.get_mut(&Column::Category) {
            cats.sort_by_key(|&i| Column::category_rank(&table.headers[i]));
        }
        // Category names help only when no category column resolves.
        if let Some(names) = fields.remove(&Column::CategoryName) {
            fields.entry(Column::Category).or_default().extend(names);
        }
        Layout { fields, extra }
    }

    fn has(&self, c: Column) -> bool {
        self.fields.contains_key(&c)
    }

    fn extra_names(&self) -> Vec<String> {
        self.extra.iter().map(|(_, n)| n.clone()).collect()
    }

    /// The first non-empty cell of a field.
    fn cell<'r>(&self, row: &'r Row, c: Column) -> Option<&'r Cell> {
        self.fields
            .get(&c)?
            .iter()
            .filter_map(|&i| row.cells.get(i))
            .find(|cell| !cell.is_empty())
    }

    fn text(&self, row: &Row, c: Column) -> String {
        self.cell(row, c)
            .map(|cell| values::text(cell).trim().to_string())
            .unwrap_or_default()
    }

    /// The body, with Excel continuation pieces joined, exactly as written.
    fn body(&self, row: &Row) -> String {
        let mut pieces: Vec<(u16, &Cell)> = Vec::new();
        for (col, idx) in &self.fields {
            if let Column::Body(n) = col
                && let Some(cell) = idx
                    .iter()
                    .filter_map(|&i| row.cells.get(i))
                    .find(|c| !c.is_empty())
            {
                pieces.push((*n, cell));
            }
        }
        pieces.sort_by_key(|(n, _)| *n);
        pieces.iter().map(|(_, c)| values::text(c)).collect()
    }
}

fn read_row(
    ws: &Workspace,
    table: &Table,
    layout: &Layout,
    mapping: &Mapping,
    fixed_agency: Option<usize>,
    row: &Row,
    opts: &ImportOptions,
) -> Candidate {
    let mut reasons = Vec::new();
    let mut notes = Vec::new();
    if let Some(p) = &row.problem {
        reasons.push(p.clone());
    }
    if table
        .raw(row)
        .iter()
        .any(|c| c.contains(char::REPLACEMENT_CHARACTER))
    {
        reasons.push("含有无法识别的字符（�），可能是文件编码有误，或原文件已损坏".into());
    }
    let agency = fixed_agency.or_else(|| {
        // The folder maps back exactly; the name is what people and older exports wrote.
        let spec = match layout.text(row, Column::AgencyFolder) {
            folder if folder.is_empty() => layout.text(row, Column::Agency),
            folder => folder,
        };
        let found = if spec.is_empty() {
            (ws.agencies.len() == 1).then_some(0)
        } else {
            ws.lookup_agency(&spec)
        };
        if found.is_none() {
            reasons.push(if spec.is_empty() {
                "没有写机构，而站点有多个机构；请用 --agency 指定".to_string()
            } else {
                format!("站点中没有机构「{spec}」；请用 --agency 指定导入到哪个机构")
            });
        }
        found.filter(|&a| {
            let ok = ws.agencies[a].is_some();
            if !ok {
                reasons.push(format!("机构「{spec}」的指南或目录有错误，请先修改"));
            }
            ok
        })
    });
    let title = layout.text(row, Column::Title);
    if title.is_empty() {
        reasons.push("缺少名称（标题）".into());
    }
    let mut date = |c: Column, what: &str, required: bool| -> Option<NaiveDate> {
        match layout.cell(row, c).map_or(Ok(None), values::date) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                if required {
                    reasons.push(format!("缺少{what}"));
                }
                None
            }
            Err(e) => {
                reasons.push(format!("{what}：{e}"));
                None
            }
        }
    };
    let created = date(Column::Created, "生成日期", true);
    let published = date(Column::Published, "公开日期", true);
    let reviewed = date(Column::Reviewed, "保密审查日期", false);
    let repealed = date(Column::Repealed, "废止日期", false);
    let validity = values::validity(&layout.text(row, Column::Validity))
        .map_err(|e| reasons.push(e))
        .ok();
    let disclosure = values::disclosure(&layout.text(row, Column::Disclosure))
        .map_err(|e| reasons.push(e))
        .ok();
    let category = agency.and_then(|a| {
        let catalogue = &ws.agency(a).catalogue;
        category(catalogue, mapping, layout, row)
            .map_err(|e| reasons.push(e))
            .ok()
    });
    let mut extra = match layout.text(row, Column::Extra) {
        t if t.is_empty() => crate::source::yaml::Value::Null,
        t => serde_json::from_str(&t).unwrap_or_else(|e| {
            reasons.push(format!("扩展数据不是有效的 JSON：{e}"));
            crate::source::yaml::Value::Null
        }),
    };
    for (i, name) in &layout.extra {
        let Some(cell) = row.cells.get(*i).filter(|c| !c.is_empty()) else {
            continue;
        };
        match &mut extra {
            crate::source::yaml::Value::Null => {
                extra = crate::source::yaml::Value::Object(Default::default());
                if let crate::source::yaml::Value::Object(m) = &mut extra {
                    m.insert(name.clone(), values::text(cell).trim().into());
                }
            }
            crate::source::yaml::Value::Object(m) => {
                m.insert(name.clone(), values::text(cell).trim().into());
            }
            _ => reasons.push(format!(
                "列「{name}」不是目录字段，本应存入扩展数据，但扩展数据不是键值对"
            )),
        }
    }
    let publisher = Some(layout.text(row, Column::Publisher))
        .filter(|p| !p.is_empty())
        .filter(|p| agency.is_none_or(|a| *p != ws.agency(a).guide.agency));
    let old_file = Some(layout.text(row, Column::File)).filter(|f| !f.is_empty());
    let attachments = values::attachments(&layout.text(row, Column::Attachments))
        .into_iter()
        .map(|a| find_attachment(a, old_file.as_deref(), &opts.files_dir, &mut reasons))
        .collect();
    let mut body = layout.body(row);
    // A body from gongkai's own export (it names the entry's file) is kept byte for byte.
    if old_file.is_none() && html::is_html(&body) {
        body = html::to_markdown(&body);
        notes.push("正文是旧系统的 HTML，已转换为 Markdown（表格、链接保留），请核对排版".into());
    }
    if !reasons.is_empty() && row.cells.len() < table.headers.len() {
        reasons.insert(
            0,
            format!(
                "这一行只有 {} 个单元格，表头有 {} 列，后面的列都是空的：可能是某个单元格里的换行把这一行断成了两行，或旧系统漏导了这几列，请在原表格中核对这一行",
                row.cells.len(),
                table.headers.len()
            ),
        );
    }
    let index = layout.text(row, Column::Index);
    let legacy_index = match layout.text(row, Column::LegacyIndex).as_str() {
        "" | "否" | "false" => false,
        "是" | "true" => true,
        other => {
            reasons.push(format!(
                "沿用旧索引号一列应为「是」或空白，不能是「{other}」"
            ));
            false
        }
    };
    Candidate {
        row: row.number,
        agency: agency.unwrap_or(0),
        numbered: !index.is_empty(),
        record: EntryRecord {
            index,
            legacy_index,
            title,
            summary: layout.text(row, Column::Summary),
            category: category.unwrap_or_default(),
            created: created.unwrap_or_default(),
            published: published.unwrap_or_default(),
            publisher,
            doc_number: Some(layout.text(row, Column::DocNumber)).filter(|d| !d.is_empty()),
            keywords: values::keywords(&layout.text(row, Column::Keywords)),
            validity: validity.unwrap_or(crate::site::Validity::Valid),
            repealed,
            disclosure: disclosure.unwrap_or(crate::site::Disclosure::Proactive),
            attachments: Vec::new(),
            reviewed,
            draft: false,
            extra,
            body,
        },
        old_file,
        attachments,
        reasons,
        notes,
        path: None,
        text: None,
    }
}

/// Matches a row's category to the catalogue: the mapping file's renames, then code or
/// exact name, then a path such as `政策文件/行政规范性文件` or `0201 行政规范性文件`.
fn category(
    catalogue: &Catalogue,
    mapping: &Mapping,
    layout: &Layout,
    row: &Row,
) -> Result<String, String> {
    let values: Vec<String> = layout
        .fields
        .get(&Column::Category)
        .into_iter()
        .flatten()
        .filter_map(|&i| row.cells.get(i))
        .map(|c| values::text(c).trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    for v in &values {
        if let Some(i) = resolve_category(catalogue, mapping, v) {
            return Ok(catalogue.categories[i].code.clone());
        }
    }
    let Some(first) = values.first() else {
        return Err("缺少分类".into());
    };
    let last = first
        .rsplit(['/', '\\', '>', '＞', '›'])
        .next()
        .unwrap_or(first);
    let near = nearest(
        last.trim(),
        catalogue.categories.iter().map(|c| c.name.as_str()),
    );
    let hint = match near {
        Some(n) => format!("，是否是「{n}」？"),
        None => "。".into(),
    };
    Err(format!(
        "分类「{first}」在目录中找不到{hint}可以在映射文件的 categories 中写明它对应的分类代码"
    ))
}

fn resolve_category(catalogue: &Catalogue, mapping: &Mapping, v: &str) -> Option<usize> {
    if let Some(target) = mapping.categories.get(v) {
        return match catalogue.lookup(target) {
            Lookup::Found(i) => Some(i),
            _ => None,
        };
    }
    match catalogue.lookup(v) {
        Lookup::Found(i) => return Some(i),
        Lookup::Ambiguous(_) | Lookup::Missing => {}
    }
    // `0201 行政规范性文件`: a code followed by its name.
    if let Some((code, name)) = v.split_once(char::is_whitespace)
        && let Lookup::Found(i) = catalogue.lookup(code)
        && catalogue.categories[i].name == name.trim()
    {
        return Some(i);
    }
    // A path of names, outermost first; it must end in one category and match its parents.
    let parts: Vec<&str> = v
        .split(['/', '\\', '>', '＞', '›'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let fits = |i: usize| {
        let names: Vec<&str> = catalogue
            .path_to(i)
            .iter()
            .map(|&j| catalogue.categories[j].name.as_str())
            .collect();
        names.ends_with(&parts) || parts.ends_with(&names)
    };
    let matches: Vec<usize> = (0..catalogue.categories.len())
        .filter(|&i| fits(i))
        .collect();
    match matches[..] {
        [i] => Some(i),
        _ => None,
    }
}

/// Finds an attachment's file: beside the entry's old file, then as written, then by
/// name, all under `files_dir`. A web address is looked up by its file name.
fn find_attachment(
    mut a: AttachmentRef,
    old_file: Option<&str>,
    files_dir: &Path,
    reasons: &mut Vec<String>,
) -> (Option<PathBuf>, AttachmentRef) {
    let written = a.file.clone();
    if written.contains("://") {
        let name = written
            .split(['?', '#'])
            .next()
            .unwrap_or(&written)
            .rsplit('/')
            .next()
            .unwrap_or_default();
        a.file = percent_encoding::percent_decode_str(name)
            .decode_utf8_lossy()
            .into_owned();
    }
    let rel = Path::new(&a.file);
    let safe = !a.file.is_empty()
        && rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !safe {
        reasons.push(format!(
            "附件路径 `{written}` 无效：应是相对于条目文件的路径，不能含有 `..`"
        ));
        return (None, a);
    }
    let name = rel.file_name().map(PathBuf::from).unwrap_or_default();
    let mut tried = Vec::new();
    if let Some(old) = old_file.and_then(|f| Path::new(f).parent()) {
        tried.push(files_dir.join(old).join(rel));
    }
    tried.push(files_dir.join(rel));
    tried.push(files_dir.join(&name));
    match tried.iter().find(|p| p.is_file()) {
        Some(p) => (Some(p.clone()), a),
        None => {
            reasons.push(format!(
                "找不到附件文件 `{written}`（在 {} 中查找过）；请把附件放进这个文件夹，或用 --files 指定附件所在的文件夹",
                files_dir.display()
            ));
            (None, a)
        }
    }
}

/// Rows already in the site, and rows that repeat an earlier row of the table.
fn find_duplicates(ws: &Workspace, candidates: &mut [Candidate]) {
    let key = |agency: usize, title: &str, created: NaiveDate, doc: Option<&str>| {
        (
            agency,
            title.to_string(),
            created,
            doc.unwrap_or("").to_string(),
        )
    };
    let existing: HashMap<_, (&Path, &str)> = ws
        .numbers
        .existing
        .iter()
        .filter_map(|e| {
            Some((
                key(
                    e.agency,
                    e.title.as_deref()?,
                    e.created?,
                    e.doc_number.as_deref(),
                ),
                (e.path.as_path(), e.index.as_deref().unwrap_or_default()),
            ))
        })
        .collect();
    let mut seen_index: HashMap<String, usize> = HashMap::new();
    let mut seen_key = HashMap::new();
    for c in candidates.iter_mut().filter(|c| c.reasons.is_empty()) {
        let r = &c.record;
        let k = key(c.agency, &r.title, r.created, r.doc_number.as_deref());
        if c.numbered {
            if let Some(path) = ws.numbers.holder(&r.index) {
                c.path = Some(display_path(&ws.root, path));
            } else if let Some(first) = seen_index.insert(r.index.clone(), c.row) {
                c.reasons
                    .push(format!("索引号 {} 与第 {first} 行重复", r.index));
            }
        } else if let Some((path, index)) = existing.get(&k) {
            c.path = Some(display_path(&ws.root, path));
            c.record.index = index.to_string();
        } else if let Some(first) = seen_key.insert(k, c.row) {
            c.reasons.push(format!(
                "与第 {first} 行重复（名称、生成日期和文号都相同，且都没有索引号）"
            ));
        }
    }
}

/// Keeps the rows' own numbers (those outside the agency's format as legacy numbers),
/// then numbers the others in date order.
fn assign_numbers(ws: &mut Workspace, candidates: &mut [Candidate]) {
    let todo = |c: &Candidate| c.reasons.is_empty() && c.path.is_none();
    for c in candidates.iter_mut().filter(|c| todo(c) && c.numbered) {
        let a = ws.agency(c.agency);
        let seq = a.catalogue.index_format.sequence(
            &c.record.index,
            Facts {
                code: &a.guide.code,
                category: &c.record.category,
                year: c.record.created.year(),
                month: c.record.created.month(),
            },
        );
        if seq.is_none() {
            // An old system's number: an address already published, kept as it is.
            c.record.legacy_index = true;
            if let Err(why) = index_number::check_legacy(&c.record.index) {
                c.reasons.push(format!(
                    "索引号 `{}` {why}，不能原样保留为网址",
                    c.record.index
                ));
                continue;
            }
        }
        let (index, agency, year) = (c.record.index.clone(), c.agency, c.record.created.year());
        ws.numbers.claim(&index, agency, year, seq, Path::new(""));
    }
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| todo(&candidates[i]) && !candidates[i].numbered)
        .collect();
    order.sort_by_key(|&i| (candidates[i].record.created, candidates[i].row));
    for i in order {
        let c = &mut candidates[i];
        if let Some(d) = ws.numbering_blocked(c.agency) {
            c.reasons.push(format!(
                "这一行没有索引号，要按本机构的格式编号，但{}（{}）",
                d.message,
                d.file.display()
            ));
            continue;
        }
        let a = ws.agency(c.agency);
        let (code, format) = (a.guide.code.clone(), a.catalogue.index_format.clone());
        let facts = Facts {
            code: &code,
            category: &c.record.category,
            year: c.record.created.year(),
            month: c.record.created.month(),
        };
        c.record.index = ws.numbers.next(c.agency, &format, facts);
    }
}

/// The legacy numbers about to be written, by agency, with the format they follow.
fn legacy_numbers(ws: &Workspace, candidates: &[Candidate]) -> Vec<LegacyNumbers> {
    let mut by_agency: BTreeMap<usize, Vec<(&str, i32)>> = BTreeMap::new();
    for c in candidates {
        if c.reasons.is_empty() && c.text.is_some() && c.record.legacy_index {
            let year = c.record.created.year();
            by_agency
                .entry(c.agency)
                .or_default()
                .push((&c.record.index, year));
        }
    }
    by_agency
        .into_iter()
        .map(|(a, numbers)| {
            let agency = ws.agency(a);
            LegacyNumbers {
                catalogue: display_path(&ws.root, &agency.dir.join("catalogue.md")),
                index_format: agency.catalogue.index_format.as_str().to_string(),
                count: numbers.len(),
                example: numbers[0].0.to_string(),
                follows: index_number::infer_format(&numbers, &agency.guide.code),
            }
        })
        .collect()
}

/// Chooses the file, renders it, and checks it as the build will.
fn place(ws: &Workspace, c: &mut Candidate, used: &mut HashSet<PathBuf>) {
    if c.path.is_some() {
        return; // already in the site
    }
    let agency = ws.agency(c.agency);
    let kept = c.old_file.as_deref().and_then(|f| {
        let parts: Vec<&str> = f.split(['/', '\\']).collect();
        let start = parts.iter().position(|p| *p == "entries")?;
        let rel: PathBuf = parts[start..].iter().collect();
        let ok = rel.extension().is_some_and(|e| e == "md")
            && rel.components().all(|c| matches!(c, Component::Normal(_)));
        ok.then(|| agency.dir.join(rel))
    });
    let default = entry_file::default_path(&agency.dir, &c.record.index, c.record.created);
    let Some(path) = [kept, Some(default)]
        .into_iter()
        .flatten()
        .find(|p| !p.exists() && !used.contains(p))
    else {
        c.reasons.push(format!(
            "目标文件 {} 已经存在",
            display_path(
                &ws.root,
                &entry_file::default_path(&agency.dir, &c.record.index, c.record.created)
            )
            .display()
        ));
        return;
    };
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    for (src, a) in &c.attachments {
        let target = dir.join(&a.file);
        if let (Some(src), true) = (src, target.exists())
            && std::fs::read(src).ok() != std::fs::read(&target).ok()
        {
            c.reasons.push(format!(
                "附件 {} 已经存在，且与要导入的文件内容不同",
                display_path(&ws.root, &target).display()
            ));
        }
    }
    // Checked without attachments: they are copied only when the entry is written,
    // and were found above.
    let mut full = c.record.clone();
    full.attachments = c.attachments.iter().map(|(_, a)| a.clone()).collect();
    let bare = if full.attachments.is_empty() {
        full.to_text(Style::Clean)
    } else {
        c.record.to_text(Style::Clean)
    };
    match (bare, full.to_text(Style::Clean)) {
        (Ok(bare_text), Ok(text)) => {
            for d in ws.check_entry(c.agency, &path, &bare_text) {
                let what = match d.field.as_deref() {
                    Some(f) => match crate::source::fields::label(f) {
                        "" => String::new(),
                        l => format!("{l}："),
                    },
                    None => String::new(),
                };
                let msg = format!("{what}{}", d.message);
                if d.is_error() {
                    c.reasons.push(msg);
                } else {
                    c.notes.push(msg);
                }
            }
            if c.reasons.is_empty() {
                used.insert(path.clone());
                c.record = full;
                c.text = Some(text);
                c.path = Some(path);
            }
        }
        (Err(e), _) | (_, Err(e)) => c.reasons.push(format!("无法生成条目文件：{e}")),
    }
}

/// Copies the attachments beside the entry, then writes the entry file.
fn write(
    path: &Path,
    text: &str,
    attachments: &[(Option<PathBuf>, AttachmentRef)],
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new(""));
    for (src, a) in attachments {
        let Some(src) = src else { continue };
        let target = dir.join(&a.file);
        if !target.exists() {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(src, &target)?;
        }
    }
    entry_file::create(path, text)
}

/// Writes the rejected rows as a CSV that can be corrected and imported again: the
/// row number and reasons first, then the row as it was.
pub fn write_rejects(table: &Table, report: &Report, path: &Path) -> std::io::Result<()> {
    let reasons: HashMap<usize, &Vec<String>> = report.rejected_rows().collect();
    let mut out = std::fs::File::create(path)?;
    std::io::Write::write_all(&mut out, b"\xef\xbb\xbf")?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut header = vec!["行号".to_string(), "原因".to_string()];
    header.extend(table.headers.iter().cloned());
    w.write_record(&header)?;
    for row in &table.rows {
        if let Some(r) = reasons.get(&row.number) {
            let mut rec = vec![row.number.to_string(), r.join("；")];
            rec.extend(table.raw(row));
            w.write_record(&rec)?;
        }
    }
    w.flush()
}
