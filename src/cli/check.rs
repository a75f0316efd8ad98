//! `gongkai check`: what `build` validates plus a supervisor's inspection.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::SiteArgs;
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
    /// 按这一天检查（例如检查组的监测日期），写作 2024-12-31；默认今天
    #[arg(long, value_name = "日期")]
    today: Option<String>,
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let mut opts = LoadOptions::default();
    if let Some(day) = &args.today {
        match crate::source::fields::loose_date(day) {
            Some(d) => opts.today = d,
            None => {
                eprintln!(
                    "错误：--today 的日期 `{day}` 无法识别\n   = 提示：写作 年-月-日，例如 --today 2024-12-31"
                );
                return ExitCode::from(2);
            }
        }
    }
    let found = crate::inspect::check(&args.site.root, &opts);
    let (errors, warnings) = (found.error_count(), found.warning_count());
    let failed = errors > 0 || (args.strict && warnings > 0);
    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "ok": !failed,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": found,
            });
            print_out(&format!("{report:#}\n"));
        }
        Format::Text => {
            print_diagnostics(&found);
            print_out(&if errors == 0 && warnings == 0 {
                "检查通过：没有发现问题。\n".to_string()
            } else if failed {
                format!("检查未通过：{errors} 个错误，{warnings} 个警告。\n")
            } else {
                format!("检查通过，但有 {warnings} 个警告需要留意。\n")
            });
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
