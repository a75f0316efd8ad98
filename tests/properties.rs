//! Property tests (proptest): generated inputs against what must hold for every input.
//! Front matter and YAML mistakes, index-number formats, dates, report validation, and
//! Markdown with hostile raw HTML. None may panic; sanitised HTML never holds a script,
//! an event attribute or a script URL; the nesting the sanitiser sees is capped (which is
//! what keeps its cost linear: `cargo run --release --example raw_html_nesting` measures
//! it). Each property runs a fixed number of cases, a few seconds in all; longer runs are
//! the fuzz targets' job (`fuzz/`, see the README).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use gongkai::site::index_number::{Facts, IndexFormat, slug};
use gongkai::source::yaml::{self, Located, Source};
use gongkai::source::{fields, markdown, raw_html};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per property (the report property, which loads a site each time, runs 64).
const CASES: u32 = 1000;

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

// ---- Front matter ----

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)] // the fields are only there to be read
struct Raw {
    index: Option<Located<String>>,
    title: Option<Located<String>>,
    summary: Option<Located<String>>,
    keywords: Option<fields::ListOrText>,
    extra: Option<yaml::Value>,
}

/// A line of hand-typed front matter: right and wrong indentation, separators and values.
fn line() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "", "  ", "    ", "\t", "\u{3000}", " \t"]);
    let key = prop::sample::select(vec![
        "title", "summary", "index", "keywords", "extra", "titel", "- x", "-", "#注释", "",
    ]);
    let sep = prop::sample::select(vec![
        ": ",
        ": ",
        "：",
        ":",
        ":\t",
        " : ",
        ":\u{3000}",
        "　: ",
    ]);
    let value = prop::sample::select(vec![
        "关于印发方案的通知",
        "\"带引号",
        "'单引号'",
        "[a, b",
        "[甲, 乙]",
        "{x: y}",
        "&a 锚点",
        "*a",
        "*nowhere",
        "|",
        ">",
        "@开头",
        "`反引号",
        "2024-03-01",
        "",
        "\t",
        "a: b: c",
    ]);
    (indent, key, sep, value).prop_map(|(i, k, s, v)| format!("{i}{k}{s}{v}"))
}

proptest! {
    #![proptest_config(Config::with_cases(CASES))]

    /// Whatever is typed: no panic, and every message is Chinese and points inside the file.
    #[test]
    fn front_matter_mistakes_are_named_inside_the_file(lines in prop::collection::vec(line(), 0..12), close in any::<bool>()) {
        let text = format!("---\n{}\n{}正文\n", lines.join("\n"), if close { "---\n" } else { "" });
        let file_lines = text.lines().count();
        let Ok(doc) = yaml::split_front_matter(&text) else { return Ok(()) };
        let path = Path::new("a.md");
        let src = Source::new(path, &text, doc.yaml_line);
        let mut out = Vec::new();
        let _ = yaml::parse::<Raw>(&src, doc.yaml, &mut out);
        for d in &out {
            prop_assert!(chinese(&d.message), "{:?}", d);
            prop_assert!(d.line.is_none_or(|l| (1..=file_lines).contains(&l)), "{:?} in\n{text}", d);
        }
    }

    /// A line starting with a tab or full-width space, or a key followed by a full-width
    /// colon, is always named on its own line.
    #[test]
    fn tabs_and_full_width_forms_are_named_on_their_line(before in prop::collection::vec("[a-z]{1,8}: 值", 0..5), bad in prop::sample::select(vec!["\ttitle: x", "\u{3000}title: x", "title：x"])) {
        let mut lines = before.clone();
        lines.push(bad.to_string());
        let text = format!("---\n{}\n---\n", lines.join("\n"));
        let doc = yaml::split_front_matter(&text).unwrap();
        let path = Path::new("a.md");
        let src = Source::new(path, &text, doc.yaml_line);
        let found = yaml::lint(&src, doc.yaml);
        let line = lines.len() + 1;
        prop_assert!(found.iter().any(|d| d.line == Some(line) && d.message.starts_with(&format!("第{line}行"))), "{found:?}");
    }
}

// ---- Index numbers ----

fn format_and_facts() -> impl Strategy<Value = (String, String, i32, u32, u64)> {
    let field = prop::sample::select(vec![
        "{code}",
        "{category}",
        "{year}",
        "{month}",
        "文",
        "XK",
    ]);
    let sep = prop::sample::select(vec!["/", "-", "_", ".", "〔", "〕"]);
    let width = prop::sample::select(vec!["{seq}", "{seq:03}", "{seq:05}", "{seq:08}"]);
    (
        prop::collection::vec((field, sep), 0..4),
        width,
        prop::option::of(sep_end()),
        "[A-Z][A-Z0-9]{8,17}",
        2000i32..2100,
        1u32..=12,
        1u64..2_000_000,
    )
        .prop_map(|(fields, seq, end, code, year, month, n)| {
            let mut f: String = fields.iter().map(|(a, b)| format!("{a}{b}")).collect();
            f.push_str(seq);
            if let Some(e) = end {
                f.push_str(&e);
            }
            (f, code, year, month, n)
        })
}

fn sep_end() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["-{year}", "/{code}", "号"]).prop_map(String::from)
}

proptest! {
    #![proptest_config(Config::with_cases(CASES))]

    /// A number written for an entry's facts reads back as its sequence, for those facts
    /// only; its address is made of safe characters and can never climb out of `entry/`.
    #[test]
    fn index_numbers_read_back_and_their_addresses_stay_put((format, code, year, month, seq) in format_and_facts()) {
        let f = IndexFormat::parse(&format).unwrap();
        let facts = Facts { code: &code, category: "0201", year, month };
        let index = f.format(facts, seq);
        prop_assert_eq!(f.sequence(&index, facts), Some(seq), "{} → {}", format, index);
        if f.as_str().contains("{year}") {
            let other = Facts { year: year + 1, ..facts };
            prop_assert_eq!(f.sequence(&index, other), None);
        }
        let s = slug(&index);
        prop_assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)));
        prop_assert!(s != "." && s != "..");
    }

    /// Any text as a format or a number: no panic.
    #[test]
    fn any_text_as_a_format_or_a_number(format in ".{0,30}", index in ".{0,40}") {
        if let Ok(f) = IndexFormat::parse(&format) {
            let facts = Facts { code: "11320100MB1234567X", category: "01", year: 2024, month: 3 };
            let _ = f.sequence(&index, facts);
            let _ = f.expected(facts);
        }
        let _ = slug(&index);
    }
}

// ---- Dates ----

proptest! {
    #![proptest_config(Config::with_cases(CASES))]

    /// Every way old systems write a real date reads as that date; only `YYYY-MM-DD` is
    /// accepted in front matter, and what it accepts is a real date.
    #[test]
    fn dates_in_every_spelling(days in 0i64..73_000, text in ".{0,16}") {
        let d = NaiveDate::from_ymd_opt(1901, 1, 1).unwrap() + chrono::Duration::days(days);
        let (y, m, dd) = (d.year(), d.month(), d.day());
        for spelled in [
            format!("{y}-{m:02}-{dd:02}"),
            format!("{y}/{m}/{dd}"),
            format!("{y}.{m}.{dd}"),
            format!("{y}年{m}月{dd}日"),
            format!("{y}{m:02}{dd:02}"),
        ] {
            prop_assert_eq!(fields::loose_date(&spelled), Some(d), "{}", spelled);
        }
        let path = Path::new("a.md");
        let src = Source::new(path, "---\ncreated: x\n---\n", 2);
        let mut out = Vec::new();
        let strict = |s: &str, out: &mut Vec<_>| fields::date(&src, &Located { value: s.to_string(), line: 1, column: 10 }, "created", out);
        prop_assert_eq!(strict(&format!("{y}-{m:02}-{dd:02}"), &mut out), Some(d));
        prop_assert!(out.is_empty());
        if let Some(got) = strict(&text, &mut out) {
            prop_assert_eq!(got.format("%Y-%m-%d").to_string(), text.trim());
        } else {
            prop_assert!(out.iter().all(|d| chinese(&d.message)));
        }
    }
}

// ---- Report validation ----

/// received, carried over, carried forward, disclosed.
type Column = (u32, u32, u32, u32);

/// One requester column of table 三, consistent: received + carried over = handled +
/// carried forward, all handled as 予以公开 or 不予处理（重复申请）.
fn column() -> impl Strategy<Value = Column> {
    (0u32..50, 0u32..10).prop_flat_map(|(received, over)| {
        let total = received + over;
        (0..=total).prop_flat_map(move |forward| {
            (0..=total - forward).prop_map(move |disclosed| (received, over, forward, disclosed))
        })
    })
}

fn report_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs/base");
    for e in walkdir::WalkDir::new(&base).into_iter().flatten() {
        let dest = t.path().join(e.path().strip_prefix(&base).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(dest).unwrap();
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
    std::fs::create_dir_all(t.path().join("content/reports")).unwrap();
    t
}

proptest! {
    #![proptest_config(Config::with_cases(64))]

    /// A consistent table 三 passes R1–R3 (totals written or not); one total off by one is
    /// an error naming R3 — never a panic.
    #[test]
    fn report_tables_that_add_up_pass_and_a_wrong_total_fails(cols in prop::collection::vec(column(), 1..4), write_totals in any::<bool>(), off in any::<bool>()) {
        let names = ["natural_person", "business", "legal_services"];
        let row = |pick: &dyn Fn(&Column) -> u32, total_off: i64| {
            let mut cells: Vec<String> = cols.iter().zip(names).map(|(c, n)| format!("{n}: {}", pick(c))).collect();
            let sum: u32 = cols.iter().map(pick).sum();
            if write_totals || total_off != 0 {
                cells.push(format!("total: {}", sum as i64 + total_off));
            }
            format!("{{ {} }}", cells.join(", "))
        };
        let repeated = |c: &Column| c.0 + c.1 - c.2 - c.3;
        let yaml = format!(
            "---\npublished: 2025-01-20\nrequests:\n  received: {}\n  carried_over: {}\n  results:\n    disclosed: {}\n    not_processed:\n      repeated: {}\n  carried_forward: {}\n---\n## 一、总体情况\n\n无。\n",
            row(&|c| c.0, if off { 1 } else { 0 }),
            row(&|c| c.1, 0),
            row(&|c| c.3, 0),
            row(&repeated, 0),
            row(&|c| c.2, 0),
        );
        let site = report_site();
        std::fs::write(site.path().join("content/reports/2024.md"), &yaml).unwrap();
        let opts = gongkai::site::LoadOptions { today: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(), ..Default::default() };
        let loaded = gongkai::validate::load(site.path(), &opts);
        let rules: Vec<String> = loaded.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
        if off {
            prop_assert!(rules.iter().any(|m| m.starts_with("R3")), "{rules:?}\n{yaml}");
        } else {
            prop_assert!(rules.is_empty(), "{rules:?}\n{yaml}");
        }
    }
}

// ---- Markdown and sanitising ----

fn hostile_fragment() -> impl Strategy<Value = String> {
    let tag = prop::sample::select(vec![
        "script", "iframe", "img", "a", "div", "svg", "math", "style", "object", "embed", "p", "b",
        "table", "tr", "td", "form", "input", "base", "meta", "link", "noscript", "template",
    ]);
    let attr = prop::sample::select(vec![
        "onclick",
        "onerror",
        "OnLoad",
        "href",
        "src",
        "style",
        "formaction",
        "xlink:href",
        "action",
        "data",
    ]);
    let value = prop::sample::select(vec![
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "x.png",
        "https://www.example.gov.cn/",
        "\"><script>alert(1)</script>",
    ]);
    let text = prop::sample::select(vec![
        "正文",
        "alert(1)",
        "<",
        ">",
        "&",
        "[链接](javascript:alert(1))",
        "![图](javascript:x)",
        "<!--",
        "-->",
        "\n\n",
        "`code`",
        "> 引用",
        "- 列表",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "[x]: javascript:alert(1)\n\n[x]",
        "<https://www.example.gov.cn/>",
    ]);
    prop_oneof![
        (
            tag.clone(),
            prop::collection::vec((attr, value), 0..3),
            any::<bool>()
        )
            .prop_map(|(t, attrs, close)| {
                let a: String = attrs.iter().map(|(k, v)| format!(" {k}=\"{v}\"")).collect();
                if close {
                    format!("<{t}{a}>")
                } else {
                    format!("<{t}{a}/>")
                }
            }),
        tag.prop_map(|t| format!("</{t}>")),
        text.prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(Config::with_cases(CASES))]

    /// Sanitised output holds no script, active element, event attribute or script URL.
    #[test]
    fn sanitised_html_runs_nothing(parts in prop::collection::vec(hostile_fragment(), 0..40)) {
        let md = parts.concat();
        let html = markdown::to_html(&md, true);
        let doc = scraper::Html::parse_fragment(&html);
        for el in doc.select(&scraper::Selector::parse("*").unwrap()) {
            let name = el.value().name();
            prop_assert!(!["script", "iframe", "object", "embed", "style", "base", "meta", "link", "form", "svg", "math"].contains(&name), "<{name}> in {html}\nfrom {md}");
            for (attr, value) in el.value().attrs() {
                prop_assert!(!attr.to_ascii_lowercase().starts_with("on"), "{attr} in {html}");
                let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
                prop_assert!(!v.starts_with("javascript:") && !v.starts_with("vbscript:") && !v.starts_with("data:text"), "{attr}={value} in {html}");
            }
        }
    }

    /// However deep the raw HTML nests, the sanitiser sees at most `MAX_DEPTH` levels.
    #[test]
    fn nesting_the_sanitiser_sees_is_capped(open in prop::collection::vec(prop::sample::select(vec!["<div>", "<b>", "<td>", "<li>", "<table>", "<span>", "</div>", "</b>", "x", "<p>"]), 0..600)) {
        let html = open.concat();
        let capped = raw_html::cap(&html);
        let seen = capped.as_deref().unwrap_or(&html);
        prop_assert!(raw_html::depth(seen) <= raw_html::MAX_DEPTH);
        prop_assert!(seen.len() <= html.len());
        prop_assert_eq!(seen.matches('x').count(), html.matches('x').count(), "the text stays");
    }
}
