//! `gongkai check`: what `build` validates plus a supervisor's inspection.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::SiteArgs;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::terminal::{print_diagnostics, print_out};
use crate::site::LoadOptions;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 便于阅读的文字（默认）
    Text,
    /// JSON，供持续集成等程序读取
    Json,
}

#[derive(Args)]
pub struct CheckArgs {
    /// 输出格式：text（默认，便于阅读）或 json（供持续集成等程序读取）
    #[arg(long, value_enum, default_value = "text", value_name = "格式")]
    format: Format,
    /// 有警告也算不通过（退出码非 0）
    #[arg(long)]
    strict: bool,
    /// 另外写出一页 HTML 检查评分表（可打印，每个机构一页）
    #[arg(long, value_name = "文件")]
    html: Option<PathBuf>,
    /// 检查时点（年-月-日）：按这一天计算逾期、栏目更新和年度报告，默认今天
    #[arg(long, value_name = "日期")]
    date: Option<String>,
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let mut opts = LoadOptions::default();
    if let Some(text) = &args.date {
        match chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            Ok(d) => opts.today = d,
            Err(_) => {
                print_diagnostics(
                    &std::iter::once(
                        Diagnostic::error("--date", format!("检查时点 `{text}` 不是日期"))
                            .hint("写成 年-月-日，例如 --date 2024-12-31"),
                    )
                    .collect(),
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let checked = crate::inspect::check(&args.site.root, &opts);
    let mut found = checked.diagnostics;
    let inspection = checked.inspection;
    if let (Some(path), Some(i)) = (&args.html, &inspection) {
        let title = checked.title.as_deref().unwrap_or_default();
        let written = crate::inspect::sheet::html(title, i).and_then(|html| {
            std::fs::write(path, html).map_err(|e| {
                Diagnostic::error(path, format!("无法写入检查评分表：{e}"))
                    .hint("检查文件夹是否存在、是否可写")
            })
        });
        if let Err(d) = written {
            found.push(d);
        }
    }
    let (errors, warnings) = (found.error_count(), found.warning_count());
    let failed = errors > 0 || (args.strict && warnings > 0);
    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "ok": !failed,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": found,
                "inspection": inspection,
            });
            print_out(&format!("{report:#}\n"));
        }
        Format::Text => {
            print_diagnostics(&found);
            let mut out = String::new();
            // The county view: several agencies, or any that follows the standard.
            if let Some(i) = inspection
                .as_ref()
                .filter(|i| i.agencies.len() > 1 || i.agencies.iter().any(|a| a.standard.is_some()))
            {
                out += &crate::inspect::county::table(i);
                out += "\n";
            }
            if let (Some(path), true) = (&args.html, inspection.is_some()) {
                out += &format!("检查评分表已写入 {}\n", path.display());
            }
            out += &if errors == 0 && warnings == 0 {
                "检查通过：没有发现问题。\n".to_string()
            } else if failed {
                format!("检查未通过：{errors} 个错误，{warnings} 个警告。\n")
            } else {
                format!("检查通过，但有 {warnings} 个警告需要留意。\n")
            };
            print_out(&out);
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
