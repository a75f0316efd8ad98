//! `gongkai new "标题" --category 0201`: a new entry file with the next free index number.

use std::path::Path;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use clap::Args;

use super::SiteArgs;
use crate::authoring::entry_file::{self, EntryRecord, Style};
use crate::authoring::workspace::Workspace;
use crate::diagnostics::terminal::{print_diagnostics, print_out};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::site::catalogue::Lookup;
use crate::site::index_number::{self, Facts};
use crate::site::{Disclosure, Validity};
use crate::source::fields;

#[derive(Args)]
pub struct NewArgs {
    /// 条目名称（标题）
    #[arg(value_name = "标题")]
    title: String,
    /// 分类代码或完整的分类名称，例如 0201
    #[arg(long, short, value_name = "分类")]
    category: String,
    /// 机构：文件夹（相对于 content/，例如 xihe/nongjizhan）或机构全称；只有一个机构时可省略
    #[arg(long, value_name = "机构")]
    agency: Option<String>,
    /// 文号，例如 示政发〔2024〕3号
    #[arg(long, value_name = "文号")]
    doc_number: Option<String>,
    /// 生成日期（成文日期），默认今天
    #[arg(long, value_name = "日期")]
    created: Option<String>,
    /// 公开日期，默认今天
    #[arg(long, value_name = "日期")]
    published: Option<String>,
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(args: NewArgs) -> ExitCode {
    match create(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_diagnostics(&d);
            eprintln!("没有新建条目。");
            ExitCode::FAILURE
        }
    }
}

fn create(args: &NewArgs) -> Result<(), Diagnostics> {
    let root = &args.site.root;
    let title = args.title.trim();
    if title.is_empty() {
        return Err(one(Diagnostic::error("标题", "条目名称（标题）不能为空")
            .hint("例如：gongkai new \"关于印发……的通知\" --category 0201")));
    }
    let ws = Workspace::open(root)?;
    let today = ws.today;
    let date = |v: &Option<String>, what: &str| -> Result<NaiveDate, Diagnostics> {
        match v {
            None => Ok(today),
            Some(text) => fields::loose_date(text).ok_or_else(|| {
                one(Diagnostic::error(what, format!("日期 `{text}` 无法识别"))
                    .hint("日期写成 年-月-日，例如 2024-03-01"))
            }),
        }
    };
    let created = date(&args.created, "--created")?;
    let published = date(&args.published, "--published")?;
    if published < created {
        return Err(one(Diagnostic::error(
            "--published",
            format!("公开日期 {published} 早于生成日期 {created}"),
        )
        .hint("公开日期不能早于生成日期")));
    }
    let a = ws.find_agency(args.agency.as_deref())?;
    let agency = ws.agency(a);
    let catalogue = &agency.catalogue;
    let category = match catalogue.lookup(args.category.trim()) {
        Lookup::Found(i) => &catalogue.categories[i],
        Lookup::Ambiguous(list) => {
            let codes: Vec<_> = list
                .iter()
                .map(|&i| catalogue.categories[i].code.as_str())
                .collect();
            return Err(one(Diagnostic::error(
                display_path(root, &agency.dir.join("catalogue.md")),
                format!("分类名称「{}」不唯一", args.category),
            )
            .hint(format!("请改用分类代码：{}", codes.join(" 或 ")))));
        }
        Lookup::Missing => {
            let known: Vec<String> = catalogue
                .categories
                .iter()
                .map(|c| format!("{} {}", c.code, c.name))
                .collect();
            return Err(one(Diagnostic::error(
                display_path(root, &agency.dir.join("catalogue.md")),
                format!("目录中没有分类 `{}`", args.category),
            )
            .hint(format!("可用的分类：{}", known.join("、")))));
        }
    };
    let (code, category_code) = (agency.guide.code.clone(), category.code.clone());
    let format = catalogue.index_format.clone();
    let facts = Facts {
        code: &code,
        category: &category_code,
        year: created.year(),
        month: created.month(),
    };
    let mut ws = ws;
    if let Some(d) = ws.numbering_blocked(a) {
        return Err(one(d));
    }
    let index = ws.numbers.next(a, &format, facts);
    let agency = ws.agency(a);
    let path = entry_file::default_path(&agency.dir, &index, created);
    let record = EntryRecord {
        index: index.clone(),
        legacy_index: false,
        title: title.to_string(),
        summary: String::new(),
        category: category_code.clone(),
        created,
        published,
        publisher: None,
        doc_number: args.doc_number.clone(),
        keywords: Vec::new(),
        validity: Validity::Valid,
        repealed: None,
        disclosure: Disclosure::Proactive,
        attachments: Vec::new(),
        reviewed: None,
        draft: true,
        extra: crate::source::yaml::Value::Null,
        body: String::new(),
    };
    let text = record.to_text(Style::ToFillIn).map_err(|e| {
        one(Diagnostic::error(
            display_path(root, &path),
            format!("无法生成条目文件：{e}"),
        ))
    })?;
    let shown = display_path(root, &path);
    if let Err(e) = entry_file::create(&path, &text) {
        return Err(one(Diagnostic::error(
            &shown,
            format!("无法写入条目文件：{}", crate::diagnostics::os_error(&e)),
        )
        .hint(
            "检查文件夹是否可写；如果同名文件已存在，请先查看它是否就是要新建的条目",
        )));
    }
    let printed = if root == Path::new(".") {
        shown.clone()
    } else {
        root.join(&shown)
    };
    print_out(&format!("{}\n", printed.display()));
    let review = if ws.config.require_review {
        "、保密审查日期（reviewed）"
    } else {
        ""
    };
    let page = format!(
        "http://127.0.0.1:1111{}{}",
        ws.config.base_path,
        crate::output::layout::entry(&index_number::slug(&index))
    );
    eprintln!(
        "已新建条目，索引号 {index}（{}）。\n请填写内容概述（summary）、关键词（keywords）{review}和正文；填写完成后删除 `draft: true` 一行，重新构建即可发布。\n预览：运行 `gongkai serve --drafts`（草稿只在预览中显示），然后打开 {page}",
        agency.label()
    );
    Ok(())
}

fn one(d: Diagnostic) -> Diagnostics {
    std::iter::once(d).collect()
}
