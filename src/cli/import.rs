//! `gongkai import FILE`: one entry file per row of an old system's catalogue export.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::SiteArgs;
use crate::authoring::catalogue_io::import::{self, ImportOptions, Outcome, Report};
use crate::authoring::catalogue_io::mapping::Mapping;
use crate::authoring::catalogue_io::table;
use crate::authoring::workspace::Workspace;
use crate::diagnostics::terminal::{print_diagnostics, print_out};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// `println!` into the report text.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

#[derive(Args)]
pub struct ImportArgs {
    /// 要导入的目录表格：CSV（UTF-8、GBK 或 GB18030 编码）、Excel（.xlsx、.xls）或 gongkai 导出的 JSON
    #[arg(value_name = "文件")]
    file: PathBuf,
    /// 导入到哪个机构：文件夹（相对于 content/）或机构全称；站点只有一个机构、或表格有「机构」列时可省略
    #[arg(long, value_name = "机构")]
    agency: Option<String>,
    /// 映射文件：特殊列名对应的字段、要忽略的列、旧分类名称对应的分类代码（写法见 README）
    #[arg(long, value_name = "映射文件")]
    map: Option<PathBuf>,
    /// 附件所在的文件夹，默认为表格所在的文件夹
    #[arg(long, value_name = "文件夹")]
    files: Option<PathBuf>,
    /// 只显示将会怎样导入，不写入任何文件
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(args: ImportArgs) -> ExitCode {
    match run_import(&args) {
        Ok(code) => code,
        Err(d) => {
            print_diagnostics(&d);
            eprintln!("没有导入任何条目。");
            ExitCode::FAILURE
        }
    }
}

fn run_import(args: &ImportArgs) -> Result<ExitCode, Diagnostics> {
    let shown = args.file.display().to_string();
    let one = |d: Diagnostic| -> Diagnostics { std::iter::once(d).collect() };
    let table = table::read(&args.file).map_err(|e| one(Diagnostic::error(&shown, e)))?;
    let mapping = match &args.map {
        None => Mapping::default(),
        Some(path) => {
            let mut out = Vec::new();
            let text = std::fs::read_to_string(path).map_err(|e| {
                one(Diagnostic::error(
                    path.display().to_string(),
                    format!("无法读取映射文件：{}", crate::diagnostics::os_error(&e)),
                ))
            })?;
            let m = Mapping::parse(path, &text, &mut out);
            match m.filter(|_| out.is_empty()) {
                Some(m) => m,
                None => return Err(out.into_iter().collect()),
            }
        }
    };
    let mut ws = Workspace::open(&args.site.root)?;
    let files_dir = args.files.clone().unwrap_or_else(|| {
        args.file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    });
    let opts = ImportOptions {
        agency: args.agency.clone(),
        files_dir,
        dry_run: args.dry_run,
    };
    let report = import::import(&mut ws, &table, &mapping, &opts)?;
    let rejects = rejects_path(&args.file);
    let mut out = String::new();
    print_report(&mut out, args, &table, &report);
    if !args.dry_run {
        if report.rejected() > 0 {
            match import::write_rejects(&table, &report, &rejects) {
                Ok(()) => say!(
                    out,
                    "未导入的行已写入 {}：按原因修改后可以再次导入它（已导入的行不会重复）。",
                    rejects.display()
                ),
                Err(e) => eprintln!(
                    "无法写入未导入行的清单 {}：{}",
                    rejects.display(),
                    crate::diagnostics::os_error(&e)
                ),
            }
        } else if rejects.is_file() {
            // A list from an earlier run would now be wrong.
            let _ = std::fs::remove_file(&rejects);
        }
    }
    let created = report.count(|o| matches!(o, Outcome::Created { .. }));
    if created > 0 && !args.dry_run {
        say!(
            out,
            "下一步：运行 `gongkai check` 检查导入的条目，再运行 `gongkai build` 生成网站。"
        );
    }
    print_out(&out);
    Ok(if report.rejected() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `目录.csv` → `目录-未导入.csv`, beside the imported file.
fn rejects_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    input.with_file_name(format!("{stem}-未导入.csv"))
}

/// "第 3、5、7 行" with long lists cut short.
fn rows(list: &[usize]) -> String {
    const SHOWN: usize = 30;
    let s: Vec<String> = list.iter().take(SHOWN).map(usize::to_string).collect();
    let more = if list.len() > SHOWN { "……" } else { "" };
    format!("第 {}{more} 行", s.join("、"))
}

fn print_report(out: &mut String, args: &ImportArgs, table: &table::Table, report: &Report) {
    let dry = args.dry_run;
    say!(
        out,
        "读取 {}：{}，{} 行数据。",
        args.file.display(),
        table.kind,
        report.results.len()
    );
    for n in &table.notes {
        say!(out, "注意：{n}");
    }
    let created: Vec<_> = report
        .results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Created { path, index } => Some((r.row, path, index)),
            _ => None,
        })
        .collect();
    let verb = if dry { "将新建" } else { "新建" };
    say!(out, "{verb} {} 个条目。", created.len());
    let limit = if dry { 20 } else { 5 };
    for (row, path, index) in created.iter().take(limit) {
        say!(out, "  第 {row} 行 → {}（索引号 {index}）", path.display());
    }
    if created.len() > limit {
        say!(out, "  ……");
    }
    let existing: Vec<usize> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Existing { .. }))
        .map(|r| r.row)
        .collect();
    if !existing.is_empty() {
        say!(
            out,
            "已在站点中 {} 行（索引号已被使用，或名称、生成日期和文号与已有条目相同），没有重复写入：{}。",
            existing.len(),
            rows(&existing)
        );
    }
    let rejected: Vec<_> = report.rejected_rows().collect();
    if !rejected.is_empty() {
        let verb = if dry { "将不能导入" } else { "未导入" };
        say!(out, "{verb} {} 行：", rejected.len());
        for (row, reasons) in &rejected {
            say!(out, "  第 {row} 行：{}", reasons.join("；"));
        }
    }
    let noted: Vec<_> = report
        .results
        .iter()
        .filter(|r| !r.notes.is_empty() && !matches!(r.outcome, Outcome::Rejected { .. }))
        .collect();
    if !noted.is_empty() {
        say!(out, "需要留意 {} 行：", noted.len());
        for r in noted {
            say!(out, "  第 {} 行：{}", r.row, r.notes.join("；"));
        }
    }
    for l in &report.legacy {
        say!(
            out,
            "{} 个条目沿用旧系统的索引号（如 {}），原样保留为网址，标记为 `legacy_index: true`：只检查是否重复，不按本机构的索引号格式 `{}` 检查。",
            l.count,
            l.example,
            l.index_format
        );
        match &l.follows {
            Some(f) => say!(
                out,
                "  这些索引号都符合格式 `{f}`。要让 `gongkai new` 接着旧系统的编号往下编，把 {} 中的 index_format 改为 \"{f}\"；不改则新条目按 `{}` 编号。",
                l.catalogue.display(),
                l.index_format
            ),
            None => say!(
                out,
                "  `gongkai new` 新建的条目按 {} 中的格式 `{}` 编号，不会与这些索引号重复。",
                l.catalogue.display(),
                l.index_format
            ),
        }
    }
    if !report.extra_columns.is_empty() {
        say!(
            out,
            "以下列不是目录字段，内容已存入条目的 extra（不会丢失）：{}。如果它们对应某个字段，请用 --map 映射文件指定。",
            report.extra_columns.join("、")
        );
    }
    if dry {
        say!(out, "这是试运行（--dry-run），没有写入任何文件。");
    }
}
