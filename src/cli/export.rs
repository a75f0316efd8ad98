//! `gongkai export`: the whole public catalogue as a table, every field.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::SiteArgs;
use crate::authoring::catalogue_io::export;
use crate::diagnostics::terminal::print_diagnostics;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::LoadOptions;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// CSV 表格（UTF-8 编码，Excel 可直接打开）
    Csv,
    /// Excel 工作簿
    Xlsx,
    /// JSON（供程序处理）
    Json,
}

#[derive(Args)]
pub struct ExportArgs {
    /// 导出格式：csv、xlsx 或 json；默认按 --output 的扩展名，否则为 csv
    #[arg(long, value_enum, value_name = "格式")]
    format: Option<Format>,
    /// 写入这个文件；不写时输出到标准输出
    #[arg(long, short, value_name = "文件")]
    output: Option<PathBuf>,
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(args: ExportArgs) -> ExitCode {
    match export(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_diagnostics(&d);
            eprintln!("没有导出。");
            ExitCode::FAILURE
        }
    }
}

fn export(args: &ExportArgs) -> Result<(), Diagnostics> {
    let one = |d: Diagnostic| -> Diagnostics { std::iter::once(d).collect() };
    let format = args.format.unwrap_or_else(|| {
        let ext = args
            .output
            .as_ref()
            .and_then(|o| o.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("xlsx") => Format::Xlsx,
            Some("json") => Format::Json,
            _ => Format::Csv,
        }
    });
    if format == Format::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(one(Diagnostic::error(
            "--output",
            "Excel 文件不能输出到屏幕",
        )
        .hint("用 --output 指定文件名，例如 --output 目录.xlsx")));
    }
    let loaded = crate::validate::load(&args.site.root, &LoadOptions::default());
    let Some(site) = loaded.site else {
        let mut d = loaded.diagnostics;
        d.push(
            Diagnostic::error("site.yaml", "站点有错误，无法确定哪些条目可以公开")
                .hint("按上面的提示修改后重新导出"),
        );
        return Err(d);
    };
    let rows = export::rows(&site)?;
    let mut bytes = Vec::new();
    let written = match format {
        Format::Csv => export::write_csv(&rows, &mut bytes).map_err(|e| e.to_string()),
        Format::Json => export::write_json(&rows, &mut bytes).map_err(|e| e.to_string()),
        Format::Xlsx => export::write_xlsx(&rows).map(|b| bytes = b),
    };
    written.map_err(|e| one(Diagnostic::error("export", format!("导出失败：{e}"))))?;
    match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                // The reader stopped early (`| head`): not an error of the export.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                Err(e) => {
                    return Err(one(Diagnostic::error(
                        "stdout",
                        format!("输出失败：{}", crate::diagnostics::os_error(&e)),
                    )));
                }
                Ok(()) => {}
            }
        }
        Some(path) => write_file(path, &bytes).map_err(|e| {
            one(Diagnostic::error(
                path.display().to_string(),
                format!("无法写入：{}", crate::diagnostics::os_error(&e)),
            )
            .hint("检查文件夹是否存在、文件是否正被 Excel 打开"))
        })?,
    }
    let held = site.entries.len() - rows.len();
    let held = if held > 0 {
        format!("（另有 {held} 个草稿、未审核或未到公开日期的条目不公开，未导出）")
    } else {
        String::new()
    };
    let to = match &args.output {
        Some(p) => format!("到 {}", p.display()),
        None => String::new(),
    };
    eprintln!("已导出 {} 个条目{to}{held}。", rows.len());
    Ok(())
}

/// Writes beside the target and renames, so a failed export leaves the old file.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
