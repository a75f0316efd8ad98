//! `import` and `export`: old systems' tables in every encoding and format, malformed
//! and duplicate rows, re-runs, a large import, and exact round trips.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use gongkai::authoring::entry_file::{EntryRecord, Style};
use gongkai::site::LoadOptions;
use gongkai::validate::load;

use crate::support::*;

/// A table as an old CMS exports it: Chinese headers, mixed date forms, category names.
const OLD_EXPORT: &str = "\
索引号,标题,内容概述,成文日期,发布日期,发布机构,文号,主题分类,关键词,时效,正文
,关于印发《测试镇2024年工作要点》的通知,部署全年重点工作。,2024/3/1,2024年3月5日,,测政发〔2024〕1号,其他文件,工作要点；年度,现行有效,\"各村：\n\n现印发，请遵照执行。\"
11320100MB1234567X/2024-00007,测试镇行政规范性文件管理办法,规范文件管理。,20240310,45366,测试镇人民政府,测政规〔2024〕1号,政策文件/行政规范性文件,规范性文件,有效,第一条……
,测试镇机构职能,本机关的职能和机构设置。,2024-01-02,2024-01-03,,,机构职能,,,职能正文
";

/// Writes `text` encoded as `enc` (`None`: UTF-8 with BOM).
fn write_encoded(path: &Path, text: &str, enc: Option<&'static encoding_rs::Encoding>) {
    let bytes = match enc {
        Some(e) => {
            let (b, _, unmappable) = e.encode(text);
            assert!(!unmappable, "fixture must be representable");
            b.into_owned()
        }
        None => [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
    };
    fs::write(path, bytes).unwrap();
}

/// Every entry file under `content/`, by path relative to the site root.
fn entry_files(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "md")
                && e.path().components().any(|c| c.as_os_str() == "entries")
        })
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn old_exports_import_in_every_encoding_and_format() {
    let gb18030_only = "测试镇𠮷家村饮水工程"; // 𠮷 is outside GBK: four bytes in GB18030
    let with_rare = OLD_EXPORT.replace("测试镇机构职能", gb18030_only);
    let cases: Vec<(&str, String, Option<&'static encoding_rs::Encoding>, &str)> = vec![
        (
            "utf8.csv",
            OLD_EXPORT.to_string(),
            Some(encoding_rs::UTF_8),
            "UTF-8",
        ),
        (
            "bom.csv",
            OLD_EXPORT.to_string(),
            None,
            "UTF-8 编码，带 BOM",
        ),
        (
            "gbk.csv",
            OLD_EXPORT.to_string(),
            Some(encoding_rs::GBK),
            "GBK",
        ),
        (
            "gb18030.csv",
            with_rare.clone(),
            Some(encoding_rs::GB18030),
            "GB18030",
        ),
    ];
    for (name, text, enc, label) in cases {
        let s = TestSite::new();
        let file = s.root().join(name);
        write_encoded(&file, &text, enc);
        let o = run(s.root(), &["import", name]);
        assert_ok(&o);
        let out = stdout(&o);
        assert!(out.contains(label), "{name}: {out}");
        assert!(out.contains("新建 3 个条目"), "{name}: {out}");
        let files = entry_files(s.root());
        let all: String = files.values().cloned().collect();
        assert!(
            all.contains("title: 关于印发《测试镇2024年工作要点》的通知"),
            "{all}"
        );
        assert!(all.contains("doc_number: 测政发〔2024〕1号"), "{all}");
        if name == "gb18030.csv" {
            assert!(all.contains(gb18030_only), "{all}");
        }
        // Kept number, category by path, Excel serial date, validity word.
        let kept = &files[&format!("content/entries/2024/{CODE}-2024-00007.md")];
        assert!(kept.contains("category: \"0201\""), "{kept}");
        assert!(kept.contains("published: 2024-03-15"), "{kept}");
        assert!(kept.contains("created: 2024-03-10"), "{kept}");
        assert!(!kept.contains("publisher:"), "the agency itself: {kept}");
        // Rows without a number get the next ones, in date order.
        let first = files.values().find(|t| t.contains("工作要点")).unwrap();
        assert!(
            first.contains(&format!("index: {CODE}/2024-00009")),
            "{first}"
        );
        assert!(first.contains("keywords: [工作要点, 年度]"), "{first}");
        assert!(first.contains("各村：\n\n现印发，请遵照执行。"), "{first}");
        let older = files
            .values()
            .find(|t| t.contains("created: 2024-01-02"))
            .unwrap();
        assert!(
            older.contains(&format!("index: {CODE}/2024-00008")),
            "{older}"
        );
        let o = s.build();
        assert_ok(&o);
        assert!(stdout(&o).contains("3 个条目"), "{}", stdout(&o));
    }
}

#[test]
fn xlsx_with_date_cells_title_row_and_mapping_file() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let s = TestSite::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    // A title row above the header, as many old systems write.
    sheet.write_string(0, 0, "测试镇政府信息公开目录").unwrap();
    let headers = [
        "信息标题",
        "摘要",
        "发文日期",
        "上线时间",
        "所属栏目",
        "点击量",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let d = ExcelDateTime::from_ymd(2024, 4, 1).unwrap();
    sheet.write_string(2, 0, "关于春耕生产的通知").unwrap();
    sheet.write_string(2, 1, "部署春耕生产。").unwrap();
    sheet.write_datetime_with_format(2, 2, &d, &date).unwrap();
    sheet.write_number(2, 3, 45385.0).unwrap(); // 2024-04-03 as a bare serial number
    sheet.write_string(2, 4, "通知公告").unwrap();
    sheet.write_number(2, 5, 321.0).unwrap();
    sheet.write_string(2, 6, "旧系统编号 A-17").unwrap();
    book.save(s.root().join("旧目录.xlsx")).unwrap();
    s.write(
        "mapping.yaml",
        "columns:\n  信息标题: title\n  上线时间: published\ncategories:\n  通知公告: \"0202\"\nignore: [点击量]\n",
    );
    let o = run(
        s.root(),
        &["import", "旧目录.xlsx", "--map", "mapping.yaml"],
    );
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("工作表"), "{out}");
    assert!(out.contains("备注"), "unknown column reported: {out}");
    let files = entry_files(s.root());
    let text = files.values().next().unwrap();
    for line in [
        "title: 关于春耕生产的通知",
        "summary: 部署春耕生产。",
        "category: \"0202\"",
        "created: 2024-04-01",
        "published: 2024-04-03",
        "extra:\n  备注: 旧系统编号 A-17",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(!text.contains("321"), "ignored column kept out: {text}");
    assert_ok(&s.build());
}

#[test]
fn malformed_duplicate_and_unknown_rows_go_to_the_rejects_report() {
    let s = TestSite::new();
    s.entry("existing", 3, "0201", "", "已有条目");
    let table = "\
名称,生成日期,公开日期,分类,索引号,附件
正常一,2024-05-06,2024-05-08,其他文件,,
未知分类,2024-05-06,2024-05-08,通知公告,,
日期错误,2024-02-30,2024-05-08,其他文件,,
缺少日期,,2024-05-08,其他文件,,
,2024-05-06,2024-05-08,其他文件,,
早于生成,2024-05-06,2024-05-01,其他文件,,
旧系统编号,2024-05-06,2024-05-08,其他文件,11320100MB1234567X/2023-00001,
已存在,2024-05-06,2024-05-08,其他文件,11320100MB1234567X/2024-00003,
重复一,2024-05-06,2024-05-08,其他文件,11320100MB1234567X/2024-00040,
重复二,2024-05-06,2024-05-08,其他文件,11320100MB1234567X/2024-00040,
正常一,2024-05-06,2024-05-08,其他文件,,
有附件,2024-05-06,2024-05-08,其他文件,,不存在.pdf | 方案
错位,2024-05-06,2024-05-08,其他文件,,,多出来的
";
    s.write("目录.csv", table);
    let o = run(s.root(), &["import", "目录.csv", "--dry-run"]);
    assert!(!o.status.success(), "rejects make the exit code non-zero");
    assert!(stdout(&o).contains("试运行"), "{}", stdout(&o));
    assert!(entry_files(s.root()).len() == 1, "a dry run writes nothing");
    assert!(!s.root().join("目录-未导入.csv").exists());

    let o = run(s.root(), &["import", "目录.csv"]);
    let out = stdout(&o);
    assert!(!o.status.success());
    let expect = [
        (3, "分类「通知公告」在目录中找不到"),
        (4, "生成日期：日期 `2024-02-30` 无法识别"),
        (5, "缺少生成日期"),
        (6, "缺少名称"),
        (7, "早于生成日期"),
        (11, "与第 10 行重复"),
        (12, "与第 2 行重复"),
        (13, "找不到附件文件 `不存在.pdf`"),
        (14, "多出 1 个单元格"),
    ];
    for (row, why) in expect {
        let line = format!("  第 {row} 行：");
        assert!(
            out.lines().any(|l| l.starts_with(&line) && l.contains(why)),
            "row {row}: {why} in\n{out}"
        );
    }
    // A number outside the agency's format (here: another year's) is an address an old
    // system already published: kept as it is, marked legacy.
    assert!(
        out.contains("第 8 行 → content/entries/2024/11320100MB1234567X-2023-00001.md"),
        "{out}"
    );
    let kept = fs::read_to_string(
        s.root()
            .join("content/entries/2024/11320100MB1234567X-2023-00001.md"),
    )
    .unwrap();
    assert!(
        kept.contains("index: 11320100MB1234567X/2023-00001\nlegacy_index: true\n"),
        "{kept}"
    );
    assert!(out.contains("新建 3 个条目"), "{out}");
    assert!(out.contains("已在站点中 1 行"), "{out}");
    // Every data row is accounted for: 3 new + 1 existing + 9 rejected = 13.
    assert!(out.contains("13 行数据"), "{out}");
    let rejects = fs::read_to_string(s.root().join("目录-未导入.csv")).unwrap();
    let rejects = rejects.trim_start_matches('\u{feff}');
    assert_eq!(rejects.lines().count(), 10, "{rejects}");
    assert!(rejects.starts_with("行号,原因,名称,生成日期"), "{rejects}");
    assert!(rejects.contains("3,分类「通知公告」"), "{rejects}");
    assert_ok(&s.build());

    // Fix a rejected row in the rejects report and import it: only that row is new.
    let fixed = rejects.replace(
        "未知分类,2024-05-06,2024-05-08,通知公告",
        "未知分类,2024-05-06,2024-05-08,其他文件",
    );
    s.write("目录-未导入.csv", &fixed);
    let o = run(s.root(), &["import", "目录-未导入.csv"]);
    assert!(stdout(&o).contains("新建 1 个条目"), "{}", stdout(&o));

    // Re-running the first import adds nothing.
    let before = entry_files(s.root()).len();
    let o = run(s.root(), &["import", "目录.csv"]);
    assert!(stdout(&o).contains("新建 0 个条目"), "{}", stdout(&o));
    assert_eq!(entry_files(s.root()).len(), before);
}

#[test]
fn five_thousand_rows() {
    let s = TestSite::new();
    let mut csv = String::from("名称,内容概述,生成日期,公开日期,分类,文号,正文\n");
    for i in 0..5000 {
        let day = i % 28 + 1;
        let month = i % 12 + 1;
        csv.push_str(&format!(
            "第{i}号通知,概述{i},2024-{month:02}-{day:02},2024-{month:02}-{day:02},0202,测发〔2024〕{i}号,正文{i}\n"
        ));
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    fs::write(s.root().join("big.csv"), gbk).unwrap();
    let o = run(s.root(), &["import", "big.csv"]);
    assert_ok(&o);
    assert!(stdout(&o).contains("新建 5000 个条目"), "{}", stdout(&o));
    let files = entry_files(s.root());
    assert_eq!(files.len(), 5000);
    // Numbered 1..=5000 in date order.
    let jan1 = files
        .values()
        .find(|t| t.contains("title: 第0号通知"))
        .unwrap();
    assert!(jan1.contains(&format!("{CODE}/2024-00001")), "{jan1}");
    let o = s.build();
    assert_ok(&o);
    assert!(stdout(&o).contains("5000 个条目"), "{}", stdout(&o));
    let o = run(s.root(), &["import", "big.csv"]);
    assert!(stdout(&o).contains("新建 0 个条目"), "{}", stdout(&o));
}

/// The site's public entries, each written by the one entry writer.
fn normalised(root: &Path) -> BTreeMap<String, String> {
    let loaded = load(root, &LoadOptions::default());
    let site = loaded.site.expect("source site loads");
    site.public_entries()
        .map(|(_, e)| {
            (
                e.source.to_string_lossy().replace('\\', "/"),
                EntryRecord::from_entry(e, &site)
                    .unwrap()
                    .to_text(Style::Clean)
                    .unwrap(),
            )
        })
        .collect()
}

/// Every field of every public entry as the model holds it (only where the file sits
/// is blanked), so a field that export or import forgets cannot hide behind
/// `EntryRecord`.
fn every_field(root: &Path) -> BTreeMap<String, String> {
    let site = load(root, &LoadOptions::default())
        .site
        .expect("site loads");
    site.public_entries()
        .map(|(_, e)| {
            let mut e = e.clone();
            let body = site.published_body(&e).unwrap();
            let key = e.source.to_string_lossy().replace('\\', "/");
            e.source = PathBuf::new();
            e.index_line = 0;
            // Where the body starts in the file depends on the front matter's layout;
            // what counts is the body itself. Attachments are compared without their
            // place on disk.
            let mut debug = format!("{e:?}");
            for a in e.attachment_files() {
                debug = debug.replace(&format!("path: {:?}", a.path), "path: \"\"");
            }
            let at = debug.find("body: ").unwrap();
            let end = at
                + debug[at..]
                    .find("), ")
                    .or_else(|| debug[at..].find("None, ").map(|n| n + 4))
                    .unwrap();
            (
                key,
                format!("{}body: {body:?}{}", &debug[..at], &debug[end..]),
            )
        })
        .collect()
}

/// The site without entries: settings, guides, catalogues, calendar.
fn skeleton(src: &Path) -> tempfile::TempDir {
    let dst = tempfile::tempdir().unwrap();
    for item in walkdir::WalkDir::new(src).into_iter().flatten() {
        let rel = item.path().strip_prefix(src).unwrap();
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned());
        let keep = matches!(
            name.as_deref(),
            Some("guide.md" | "catalogue.md" | "site.yaml" | "calendar.yaml")
        ) && (rel.starts_with("content") || rel.components().count() == 1);
        if keep {
            let to = dst.path().join(rel);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(item.path(), to).unwrap();
        }
    }
    dst
}

/// export → import into an empty copy → the same entries, byte for byte, and the
/// same export again.
fn round_trip(src: &Path) -> usize {
    let want = normalised(src);
    assert!(!want.is_empty());
    let work = tempfile::tempdir().unwrap();
    let mut first_csv = None;
    for format in ["csv", "xlsx", "json"] {
        let table: PathBuf = work.path().join(format!("目录.{format}"));
        let table_arg = table.to_string_lossy().into_owned();
        let src_arg = src.to_string_lossy().into_owned();
        let o = run(src, &["export", "--format", format, "--output", &table_arg]);
        assert_ok(&o);
        let dst = skeleton(src);
        let o = run(dst.path(), &["import", &table_arg, "--files", &src_arg]);
        assert_ok(&o);
        let got = entry_files(dst.path());
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{format}: same files"
        );
        for (path, text) in &want {
            let got = &got[path];
            let at = got
                .bytes()
                .zip(text.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(text.len()));
            assert!(
                got == text,
                "{format}: {path} differs at byte {at} (lengths {} and {}): {:?} vs {:?}",
                got.len(),
                text.len(),
                got.get(at.saturating_sub(20)..(at + 20).min(got.len())),
                text.get(at.saturating_sub(20)..(at + 20).min(text.len())),
            );
        }
        assert!(
            normalised(dst.path()) == want,
            "{format}: reloaded entries differ"
        );
        let (a, b) = (every_field(src), every_field(dst.path()));
        for (path, fields) in &a {
            assert_eq!(Some(fields), b.get(path), "{format}: {path} lost a field");
        }
        let o = run(dst.path(), &["export", "--format", "csv"]);
        assert_ok(&o);
        let again = o.stdout;
        match &first_csv {
            None => {
                let o = run(src, &["export"]);
                assert!(
                    o.stdout == again,
                    "{format}: export of the import is identical"
                );
                first_csv = Some(again);
            }
            Some(first) => assert!(
                first == &again,
                "{format}: export of the import is identical"
            ),
        }
        assert_ok(&run(dst.path(), &["build"]));
    }
    want.len()
}

#[test]
fn round_trip_of_the_demo_and_the_example_county() {
    assert_eq!(round_trip(&repo()), 55);
    let n = round_trip(&repo().join("site-example"));
    assert!(n > 200, "{n}");
}

#[test]
fn round_trip_of_a_generated_site_with_awkward_values() {
    let s = TestSite::new();
    s.write("content/xz/guide.md", &guide("测试镇某站", "123456789"));
    s.write(
        "content/xz/catalogue.md",
        &CATALOGUE.replace(
            "categories:",
            "index_format: \"{code}-{category}-{year}{month}-{seq:03}\"\ncategories:",
        ),
    );
    let long_body: String = "很长的正文。".repeat(7000); // > 32,767 characters: several Excel cells
    let awkward = [
        (
            "title: \"标题: 带冒号 #井号 'yes'\"\n",
            "正文\r\n用 Windows 换行\r\n",
        ),
        (
            "summary: \"第一行\\n第二行\"\n",
            "---\n正文里有三条横线\n---\n",
        ),
        (
            "keywords: [\"带 空格\", 数字123]\nvalidity: 废止\npublisher: 测试镇某办公室\nreviewed: 2024-04-03\n",
            "  前后有空格  \n\n",
        ),
        (
            "extra:\n  来源: 旧系统\n  编号: 17\n  开关: \"yes\"\n  列表: [a, b]\n",
            "😀 表情和〔〕符号\n",
        ),
        ("disclosure: 依申请公开\n", "依申请公开的正文不会导出"),
        ("doc_number: 测政发〔2024〕9号\n", long_body.as_str()),
        // Cells a spreadsheet would run as formulas, and keywords holding separators.
        (
            "title: \"=HYPERLINK(\\\"http://evil.example/\\\",\\\"点击\\\")\"\nkeywords: [\"甲,乙\", \"丙、丁\"]\ndoc_number: \"@测政发〔2024〕1号\"\npublisher: \"+86 测试镇\"\n",
            "- 正文第一行是列表\n=SUM(A1)\n",
        ),
    ];
    for (i, (extra, body)) in awkward.iter().enumerate() {
        let i = i as u32 + 1;
        let text = entry_text(CODE, 2024, i, "0202", extra, body);
        let text = if extra.starts_with("title:") {
            text.replace(&format!("title: 第{i}号测试通知\n"), "")
        } else if extra.starts_with("summary:") {
            text.replace(&format!("summary: 第{i}号通知的内容概述。\n"), "")
        } else {
            text
        };
        s.write(&format!("content/entries/2024/{i}.md"), &text);
    }
    // Attachments in a sub-folder, and an entry of the nested agency.
    s.write("content/entries/2024/附件/方案 全文.pdf", "%PDF-1.4 test");
    s.write(
        "content/entries/2024/att.md",
        &entry_text(
            CODE,
            2024,
            9,
            "0201",
            "attachments:\n  - { file: 附件/方案 全文.pdf, title: 方案全文 }\n",
            "见附件。",
        ),
    );
    s.write(
        "content/xz/entries/a.md",
        "---\nindex: 123456789-0201-202403-001\ntitle: 站所文件\nsummary: 概述\ncategory: \"0201\"\ncreated: 2024-03-02\npublished: 2024-03-05\n---\n站所正文\n",
    );
    // A number kept from an old system (even one that happens to fit the format), and a
    // body of raw HTML that is gongkai's own: both come back exactly.
    s.write(
        "content/xz/entries/old.md",
        "---\nindex: 123456789-0201-202001-007\nlegacy_index: true\ntitle: 旧系统文件\nsummary: 概述\ncategory: \"0201\"\ncreated: 2020-01-02\npublished: 2020-01-05\n---\n<p>原样保留的 HTML 正文</p>\n",
    );
    // Held back: never exported.
    s.entry("draft", 20, "0201", "draft: true\n", "草稿");
    assert_ok(&s.build());
    assert_eq!(round_trip(s.root()), 10);
    // No CSV cell starts what a spreadsheet takes for a formula.
    let o = run(s.root(), &["export", "--format", "csv"]);
    let mut cells = 0;
    for record in csv::Reader::from_reader(&o.stdout[3..]).records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a live formula: {cell}"
            );
        }
    }
    assert!(stdout(&o).contains("'=HYPERLINK(") && cells > 100);
    // 机构 is the agency's name; its folder has a column of its own.
    let o = run(s.root(), &["export", "--format", "csv"]);
    let csv_text = stdout(&o);
    let mut table = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = table.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (agency, folder, legacy) = (col("机构"), col("机构文件夹"), col("沿用旧索引号"));
    let old = table
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("索引号")] == "123456789-0201-202001-007")
        .unwrap();
    assert_eq!(
        (&old[agency], &old[folder], &old[legacy]),
        ("测试镇某站", "content/xz", "是")
    );
    let o = run(s.root(), &["export", "--format", "json"]);
    let json = stdout(&o);
    assert!(!json.contains("草稿"), "a draft was exported");
    assert!(
        !json.contains("依申请公开的正文不会导出"),
        "an on-request body was exported"
    );
    assert!(stderr(&o).contains("未导出"), "{}", stderr(&o));
}

/// An old CMS's export as county IT staff receive it: a one-cell title row above the
/// header, index numbers in the forms old systems used (宿迁 `014320144/2014-00083`,
/// 郯城 `tcxzf-/2016-1117091`, a hyphenated org code `0142768-8/2022-00185`: see
/// domain.md §3.2 for the sources; titles and bodies are made up), HTML bodies, rows
/// without a number and a row cut short by a stray line break.
const OLD_CMS: &str = "\
某县人民政府信息公开目录导出（2024年11月）
索引号,信息名称,内容概述,成文日期,发布日期,审查日期,主题分类,文号,正文
014320144/2014-00083,关于印发《农村低保工作实施细则》的通知,规定农村低保的对象、标准和程序。,2014-03-03,2014-03-10,2014-03-09,社会救助,宿政发〔2014〕8号,\"<p style=\"\"text-indent:2em\"\">各乡镇：</p><p>&nbsp;&nbsp;现将细则印发给你们。</p><table border=\"\"1\"\"><tr><td>类别</td><td>标准（元/月）</td></tr><tr><td>一类</td><td>450</td></tr></table><p>详见<a href=\"\"http://www.example.gov.cn/a.pdf\"\">附件</a>。</p>\"
tcxzf-/2016-1117091,2016年财政预算公开,公开2016年部门预算。,2016-01-20,2016-02-01,2016-01-29,财政预决算,,<p>预算说明。</p>
0142768-8/2022-00185,关于做好防汛工作的通知,部署防汛。,2022-05-06,2022-05-09,2022-05-07,应急管理,,<div>各村：做好防汛。</div>
,本机关机构职能,本机关的职能和内设机构。,2024-01-02,2024-01-03,2024-01-03,机构职能,,职能正文
,关于春耕生产的通知,部署春耕。,2024-03-01
";

#[test]
fn an_old_cms_export_migrates_into_a_fresh_site_keeping_every_address() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = run(
        dir.path(),
        &["init", "site", "--agency", "测试镇人民政府", "--code", CODE],
    );
    assert_ok(&o);
    // The scaffold's example is a draft of this year; the table's rows are older.
    fs::write(site.join("旧目录.csv"), OLD_CMS).unwrap();
    let o = run(&site, &["import", "旧目录.csv"]);
    let out = stdout(&o);
    assert!(!o.status.success(), "the short row is rejected: {out}");
    assert!(out.contains("5 行数据"), "the title row is skipped: {out}");
    // Every old number is kept verbatim, at the address derived from it.
    for (number, file) in [
        (
            "014320144/2014-00083",
            "content/entries/2014/014320144-2014-00083.md",
        ),
        (
            "tcxzf-/2016-1117091",
            "content/entries/2016/tcxzf--2016-1117091.md",
        ),
        (
            "0142768-8/2022-00185",
            "content/entries/2022/0142768-8-2022-00185.md",
        ),
    ] {
        let text =
            fs::read_to_string(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}\n{out}"));
        assert!(
            text.contains(&format!("index: {number}\nlegacy_index: true\n")),
            "{text}"
        );
    }
    assert!(out.contains("3 个条目沿用旧系统的索引号"), "{out}");
    // A row without a number gets one from `new`'s numbering, in the agency's format.
    let numbered = site.join(format!("content/entries/2024/{CODE}-2024-00001.md"));
    assert!(
        fs::read_to_string(&numbered)
            .unwrap()
            .contains("title: 本机关机构职能")
    );
    // The short row is called short, not an unpaired quote.
    let short = out.lines().find(|l| l.starts_with("  第 7 行：")).unwrap();
    assert!(
        short.contains("这一行只有 4 个单元格，表头有 9 列"),
        "{short}"
    );
    assert!(!short.contains("引号"), "{short}");
    // HTML bodies became Markdown, table and link kept.
    let lowbao =
        fs::read_to_string(site.join("content/entries/2014/014320144-2014-00083.md")).unwrap();
    assert!(
        lowbao.ends_with("---\n各乡镇：\n\n现将细则印发给你们。\n\n| 类别 | 标准（元/月） |\n| -- | ------- |\n| 一类 | 450     |\n\n详见[附件](http://www.example.gov.cn/a.pdf)。\n"),
        "{lowbao}"
    );

    // Once the office's facts are filled in, the site builds with every old address.
    fill_in(&site);
    let o = run(&site, &["build"]);
    assert_ok(&o);
    let public = site.join("public");
    for slug in [
        "014320144-2014-00083",
        "tcxzf--2016-1117091",
        "0142768-8-2022-00185",
    ] {
        assert!(
            public.join(format!("entry/{slug}/index.html")).is_file(),
            "{slug}"
        );
    }
    let lowbao = page(&public, "entry/014320144-2014-00083/");
    assert!(
        lowbao.contains("<th scope=\"col\">类别</th>"),
        "the table renders with its header"
    );
    assert!(lowbao.contains("<a href=\"http://www.example.gov.cn/a.pdf\">附件</a>"));
    // `check` does not ask for old numbers to follow the new format.
    let o = run(&site, &["check"]);
    assert!(!stderr(&o).contains("索引号格式"), "{}", stderr(&o));
    // `new` continues the agency's own numbering, past the imported row.
    let o = run(
        &site,
        &[
            "new",
            "关于秋收的通知",
            "--category",
            "其他文件",
            "--created",
            "2024-09-01",
        ],
    );
    assert_ok(&o);
    assert!(
        stdout(&o)
            .trim()
            .ends_with(&format!("{CODE}-2024-00002.md")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn new_continues_an_old_systems_numbering_once_its_format_is_adopted() {
    let s = TestSite::new();
    s.write(
        "旧目录.csv",
        "索引号,名称,生成日期,公开日期,分类\n\
         113201009876543210/2021-00001,第一条,2021-01-04,2021-01-05,其他文件\n\
         113201009876543210/2021-00002,第二条,2021-02-01,2021-02-03,其他文件\n\
         113201009876543210/2021-00003,第三条,2021-03-01,2021-03-02,其他文件\n",
    );
    let o = run(s.root(), &["import", "旧目录.csv"]);
    assert_ok(&o);
    let out = stdout(&o);
    // The agency's code differs from the old prefix: the numbers are legacy, and the
    // report names the format they follow.
    assert!(
        out.contains("这些索引号都符合格式 `113201009876543210/{year}-{seq:05}`"),
        "{out}"
    );
    let catalogue = s.root().join("content/catalogue.md");
    let text = fs::read_to_string(&catalogue).unwrap();
    fs::write(
        &catalogue,
        text.replace(
            "---\ncategories:",
            "---\nindex_format: \"113201009876543210/{year}-{seq:05}\"\ncategories:",
        ),
    )
    .unwrap();
    let o = run(
        s.root(),
        &[
            "new",
            "第四条",
            "--category",
            "0202",
            "--created",
            "2021-04-01",
        ],
    );
    assert_ok(&o);
    assert!(
        stdout(&o)
            .trim()
            .ends_with("113201009876543210-2021-00004.md"),
        "{}",
        stdout(&o)
    );
    assert_ok(&s.build());
}
