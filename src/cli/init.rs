//! `gongkai init DIR`: a new site that builds at once, with everything to fill in marked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Datelike;
use clap::Args;

use crate::authoring::entry_file::{self, EntryRecord, Style};
use crate::authoring::scaffold::standard::Choice;
use crate::authoring::scaffold::{self, Settings};
use crate::authoring::workspace::Workspace;
use crate::diagnostics::terminal::{print_diagnostics, print_out};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest, os_error};
use crate::site::index_number::Facts;
use crate::site::{Disclosure, Validity};
use crate::source::placeholder::TO_FILL_IN;
use crate::standard::{Level, Standard};

#[derive(Args)]
pub struct InitArgs {
    /// 新站点的文件夹（不存在时自动创建）
    #[arg(value_name = "文件夹")]
    dir: PathBuf,
    /// 机构全称，例如 示例镇人民政府
    #[arg(long, value_name = "名称")]
    agency: Option<String>,
    /// 统一社会信用代码（18位）或组织机构代码（9位）
    #[arg(long, value_name = "代码")]
    code: Option<String>,
    /// 按基层政务公开标准目录生成目录：乡镇、街道或县级部门
    #[arg(long, value_name = "层级")]
    standard: Option<String>,
    /// 与 --standard 一起用：只采用这些领域（可写多次，或用逗号分隔），其余标为不涉及
    #[arg(long = "domain", value_name = "领域", value_delimiter = ',')]
    domains: Vec<String>,
    /// 文件夹不是空的也写入（已有的同名文件保留不动）
    #[arg(long)]
    force: bool,
}

pub fn run(args: InitArgs) -> ExitCode {
    match init(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_diagnostics(&d);
            ExitCode::FAILURE
        }
    }
}

fn init(args: &InitArgs) -> Result<(), Diagnostics> {
    let dir = &args.dir;
    let shown = dir.display().to_string();
    let fail = |d: Diagnostic| -> Diagnostics { std::iter::once(d).collect() };
    if let Some(code) = &args.code
        && (code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return Err(fail(
            Diagnostic::error(
                "--code",
                format!("机构代码 `{code}` 只能由字母、数字和连字符组成"),
            )
            .hint("填写18位统一社会信用代码，例如 --code 11320100MB1234567X"),
        ));
    }
    if let Some(name) = &args.agency
        && name.trim().is_empty()
    {
        return Err(fail(Diagnostic::error("--agency", "机构全称不能为空")));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(fail(Diagnostic::error(&shown, "这是一个文件，不是文件夹")));
    }
    if !args.force && !is_empty(dir) {
        return Err(fail(
            Diagnostic::error(
                &shown,
                "文件夹不是空的，为避免覆盖已有文件，没有写入任何内容",
            )
            .hint("换一个新文件夹；确实要写入这个文件夹时加 --force（已有的同名文件不会被覆盖）"),
        ));
    }
    let standard = standard_choice(args)?;
    let settings = Settings {
        agency: args.agency.as_ref().map(|a| a.trim().to_string()),
        code: args.code.clone(),
        today: chrono::Local::now().date_naive(),
        standard,
    };
    let mut written = Vec::new();
    let mut kept = Vec::new();
    for (rel, text) in scaffold::files(&settings) {
        let path = dir.join(&rel);
        if path.exists() {
            kept.push(rel);
            continue;
        }
        entry_file::create(&path, &text).map_err(|e| {
            fail(
                Diagnostic::error(
                    path.display().to_string(),
                    format!("无法写入文件：{}", os_error(&e)),
                )
                .hint("检查文件夹是否可写"),
            )
        })?;
        written.push(rel);
    }
    match example_entry(dir, &settings)? {
        Ok(rel) => written.push(rel),
        Err(rel) => kept.push(rel),
    }

    let mut out = format!("已在 {shown} 新建站点，写入 {} 个文件：\n", written.len());
    for w in &written {
        out += &format!("  {}\n", w.display());
    }
    if !kept.is_empty() {
        out += "以下文件已经存在，保留原文件未改动：\n";
        for k in &kept {
            out += &format!("  {}\n", k.display());
        }
    }
    if args.agency.is_none() || args.code.is_none() {
        out += "\n提示：加上 --agency 机构全称 --code 统一社会信用代码，可以直接把它们写进所有文件。\n";
    }
    out += &format!(
        "\n下一步：\n  1. 把 site.yaml、content/guide.md 等文件中标有{TO_FILL_IN}的地方改成本单位的实际内容（还有没填的，`gongkai build` 不会生成网站）；\n  2. 运行 `gongkai serve --root {shown} --drafts` 预览（示例条目是草稿，只在预览中显示），运行 `gongkai check --root {shown}` 检查，按提示修改到没有错误；\n  3. 运行 `gongkai build --root {shown}` 生成网站，或推送到 GitHub/GitLab 自动发布（见 README.md）。\n"
    );
    print_out(&out);
    Ok(())
}

/// `--standard` and `--domain`, checked against the built-in standard.
fn standard_choice(args: &InitArgs) -> Result<Option<Choice>, Diagnostics> {
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
    let Some(text) = &args.standard else {
        if args.domains.is_empty() {
            return Ok(None);
        }
        return Err(std::iter::once(
            Diagnostic::error("--domain", "--domain 要和 --standard 一起用").hint(format!(
                "例如 --standard 县级部门 --domain 社会救助,养老服务；层级可选：{}",
                levels.join("、")
            )),
        )
        .collect());
    };
    let Some(level) = Level::parse(text) else {
        return Err(std::iter::once(
            Diagnostic::error(
                "--standard",
                format!("`{text}` 不是基层政务公开标准目录的层级"),
            )
            .hint(format!("可选：{}", levels.join("、"))),
        )
        .collect());
    };
    let known: Vec<String> = Standard::builtin()
        .level(level)
        .iter()
        .map(|d| d.domain.name.clone())
        .collect();
    let domains: Vec<String> = args
        .domains
        .iter()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    let wrong: Diagnostics = domains
        .iter()
        .filter(|d| !known.contains(d))
        .map(|d| {
            let hint = match nearest(d, known.iter().map(String::as_str)) {
                Some(near) => format!("是否想写 `{near}`？"),
                None => format!("可选的领域：{}", known.join("、")),
            };
            Diagnostic::error("--domain", format!("标准目录中没有「{d}」这个领域")).hint(hint)
        })
        .collect();
    if !wrong.is_empty() {
        return Err(wrong);
    }
    Ok(Some(Choice { level, domains }))
}

/// A folder counts as empty when it holds nothing but a `.git` folder.
fn is_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(items) => items.flatten().all(|i| i.file_name() == ".git"),
        Err(_) => true,
    }
}

/// One example entry, numbered and written like any other (`Err` if one is there already).
fn example_entry(dir: &Path, settings: &Settings) -> Result<Result<PathBuf, PathBuf>, Diagnostics> {
    let rel = PathBuf::from("content/entries")
        .join(settings.today.year().to_string())
        .join("示例条目.md");
    if dir.join(&rel).exists() {
        return Ok(Err(rel));
    }
    let mut ws = Workspace::open(dir)?;
    let a = ws.find_agency(Some(""))?;
    let agency = ws.agency(a);
    let category = agency.catalogue.categories[0].code.clone();
    let format = agency.catalogue.index_format.clone();
    let code = agency.guide.code.clone();
    let name = agency.guide.agency.clone();
    let today = settings.today;
    let facts = Facts {
        code: &code,
        category: &category,
        year: today.year(),
        month: today.month(),
    };
    let index = ws.numbers.next(a, &format, facts);
    let record = EntryRecord {
        index,
        legacy_index: false,
        title: format!("{name}机构职能（示例条目）"),
        summary:
            "示例条目：演示一条政府信息的写法。正式使用前请改成本机关的实际内容，或删除本文件。"
                .into(),
        category,
        created: today,
        published: today,
        publisher: None,
        doc_number: None,
        keywords: vec!["机构职能".into(), "示例".into()],
        validity: Validity::Valid,
        repealed: None,
        disclosure: Disclosure::Proactive,
        attachments: Vec::new(),
        reviewed: Some(today),
        // An example is not the office's information: previewed (`serve --drafts`),
        // never published until someone makes it real and deletes this line.
        draft: true,
        extra: crate::source::yaml::Value::Null,
        body: format!(
            "这是 `gongkai init` 生成的示例条目。每条政府信息是 `content/entries/` 下的一个文件：两行 `---` 之间是目录信息（索引号、名称、内容概述、分类、日期等），下面是正文。新增条目请用 `gongkai new \"标题\" --category 分类代码`，它会自动编排索引号。\n\n## 一、主要职能\n\n{TO_FILL_IN}本机关的主要职能。\n\n## 二、机构设置\n\n{TO_FILL_IN}本机关的内设机构和负责人姓名。\n"
        ),
    };
    let path = dir.join(&rel);
    let text = record
        .to_text(Style::Clean)
        .and_then(|t| entry_file::create(&path, &t).map_err(|e| e.to_string()));
    if let Err(e) = text {
        return Err(std::iter::once(Diagnostic::error(
            rel.display().to_string(),
            format!("无法写入示例条目：{e}"),
        ))
        .collect());
    }
    Ok(Ok(rel))
}
