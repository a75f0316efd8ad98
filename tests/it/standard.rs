//! The 基层政务公开标准目录 built in: `init --standard`, the catalogue's references to it,
//! the pages it adds, and `check` counting like an inspector.

use std::fs;

use chrono::{Datelike, Months, NaiveDate};
use gongkai::calendar::WorkingDayCalendar;
use gongkai::standard::{Level, Standard};
use serde_json::Value;

use crate::support::*;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn messages(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["file"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn init_standard_township_builds_and_check_reports_its_empty_items() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &[
            "init",
            "镇",
            "--standard",
            "乡镇",
            "--agency",
            "测试镇人民政府",
            "--code",
            CODE,
        ],
    );
    assert_ok(&o);
    let site = dir.path().join("镇");
    let catalogue = fs::read_to_string(site.join("content/catalogue.md")).unwrap();
    assert!(catalogue.contains("standard: 乡镇\n"), "{catalogue}");
    // What the clerk fills in first (`build` refuses while 【请填写】 marks remain).
    fill_in(&site);
    let o = run(&site, &["build"]);
    assert_ok(&o);

    // Every item of the township standard (its own rows and those borrowed from 街道) is a
    // category, and its page shows the item's 公开时限 and 公开依据.
    let views = Standard::builtin().level(Level::Township);
    let items: Vec<_> = views.iter().flat_map(|d| d.items()).collect();
    assert!(items.len() > 50, "{}", items.len());
    let page = page(&site.join("public"), "category/S200203/");
    assert!(page.contains("<h1>审核信息</h1>"), "{page}");
    assert!(
        page.contains("制定或获取信息之日起10个工作日内，公示7个工作日"),
        "{page}"
    );
    assert!(page.contains("<dt>公开依据</dt>"), "{page}");
    assert!(page.contains("民政部 民办函〔2019〕52号"), "{page}");

    // check: each applicable item without an entry, placed on its category's line.
    let o = run(&site, &["check", "--format", "json"]);
    assert_ok(&o); // every mark filled in: the empty items are warnings
    let v = json(&o);
    let std = &v["inspection"]["agencies"][0]["standard"];
    assert_eq!(std["level"], "乡镇");
    assert_eq!(std["applicable"].as_u64().unwrap() as usize, items.len());
    assert_eq!(std["covered"], 0);
    assert_eq!(std["empty"].as_array().unwrap().len(), items.len());
    assert!(std["without_column"].as_array().unwrap().is_empty());
    let found = messages(&v);
    for item in &items {
        let want = format!("标准目录事项「{}」没有公开的条目", item.key());
        assert!(found.iter().any(|m| m.contains(&want)), "missing: {want}");
    }
    let o = run(&site, &["check"]);
    let err = stderr(&o);
    let block = err
        .split("\n\n")
        .find(|b| b.contains("「社会救助/最低生活保障/审核信息」没有公开的条目"))
        .unwrap();
    assert!(block.contains("content/catalogue.md:"), "{block}");
    assert!(block.contains("code: \"S200203\""), "{block}");
    // The county view names the level and the coverage.
    assert!(
        stdout(&o).contains(&format!("乡镇      0/{}", items.len())),
        "{}",
        stdout(&o)
    );
}

#[test]
fn init_standard_for_a_department_marks_the_other_domains() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &[
            "init",
            "局",
            "--standard",
            "县级部门",
            "--domain",
            "涉农补贴,财政预决算",
            "--code",
            CODE,
        ],
    );
    assert_ok(&o);
    let catalogue = fs::read_to_string(dir.path().join("局/content/catalogue.md")).unwrap();
    assert!(catalogue.contains("  社会救助: \"【请填写】本机关不涉及这一领域的原因\""));
    assert!(catalogue.contains("standard: \"涉农补贴/农业生产发展资金/农机购置补贴\""));
    assert!(!catalogue.contains("name: \"社会救助\""));
    // Misspelt names are refused with a suggestion, and nothing is written.
    let o = run(
        dir.path(),
        &[
            "init",
            "错",
            "--standard",
            "县级部门",
            "--domain",
            "涉农补助",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("是否想写 `涉农补贴`"), "{}", stderr(&o));
    assert!(!dir.path().join("错").exists());
    let o = run(dir.path(), &["init", "错", "--standard", "村"]);
    assert!(
        stderr(&o).contains("乡镇、街道、县级部门"),
        "{}",
        stderr(&o)
    );
}

/// A township that follows the standard for 财政预决算 and 社会救助, marks every other
/// domain as not applying, and keeps every column current: `check --strict` passes.
struct Township {
    site: TestSite,
    today: NaiveDate,
    /// (category code, created, published) of each entry.
    entries: Vec<(String, NaiveDate, NaiveDate)>,
    not_applicable: Vec<String>,
    standard_file: Option<String>,
}

const KEPT: [&str; 2] = ["财政预决算", "社会救助"];

impl Township {
    fn new() -> Township {
        let today = chrono::Local::now().date_naive();
        let site = TestSite::new();
        site.write(
            "site.yaml",
            "title: 测试镇人民政府信息公开\nbase_url: https://xxgk.test.gov.cn/\n",
        );
        site.write(
            "content/guide.md",
            &guide("测试镇人民政府", CODE).replace(
                "email:",
                &format!("fax: 0523-81234568\nupdated: {today}\nemail:"),
            ),
        );
        let mut t = Township {
            site,
            today,
            entries: Vec::new(),
            not_applicable: Standard::builtin()
                .level(Level::Township)
                .iter()
                .map(|d| d.domain.name.clone())
                .filter(|n| !KEPT.contains(&n.as_str()))
                .collect(),
            standard_file: None,
        };
        for (code, _) in t.columns() {
            t.entries.push((code, today, today));
        }
        t
    }

    /// The leaf categories: the rules column and one per item of the kept domains.
    fn columns(&self) -> Vec<(String, String)> {
        let mut out = vec![("R".to_string(), String::new())];
        for (d, view) in Standard::builtin()
            .level(Level::Township)
            .iter()
            .enumerate()
        {
            if !KEPT.contains(&view.domain.name.as_str()) {
                continue;
            }
            for (i, item) in view.items().iter().enumerate() {
                out.push((format!("S{d:02}{i:02}"), item.key()));
            }
        }
        out
    }

    fn set(&mut self, code: &str, created: NaiveDate, published: NaiveDate) {
        let e = self.entries.iter_mut().find(|e| e.0 == code).unwrap();
        e.1 = created;
        e.2 = published;
    }

    fn write(&self) {
        let mut c = String::from("---\nstandard: 乡镇\nnot_applicable:\n");
        for d in &self.not_applicable {
            c += &format!("  {d}: 本镇不涉及{d}领域，相关事项由县级部门公开。\n");
        }
        c += "categories:\n  - { code: \"R\", name: 政府信息公开制度 }\n";
        let views = Standard::builtin().level(Level::Township);
        for (d, view) in views.iter().enumerate() {
            if !KEPT.contains(&view.domain.name.as_str()) {
                continue;
            }
            c += &format!(
                "  - code: \"S{d:02}\"\n    name: {}\n    standard: {}\n    children:\n",
                view.domain.name, view.domain.name
            );
            for (i, item) in view.items().iter().enumerate() {
                c += &format!(
                    "      - {{ code: \"S{d:02}{i:02}\", name: \"{}\", standard: \"{}\" }}\n",
                    item.name(),
                    item.key()
                );
            }
        }
        c += "---\n按基层政务公开标准目录编排。\n";
        self.site.write("content/catalogue.md", &c);
        let _ = fs::remove_dir_all(self.site.root().join("content/entries"));
        // Numbered per year in the order formed, so the numbers have no gaps or disorder.
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| (self.entries[i].1, i));
        let mut seq = std::collections::BTreeMap::new();
        for i in order {
            let (code, created, published) = &self.entries[i];
            let n = seq.entry(created.year()).or_insert(0);
            *n += 1;
            self.site.write(
                &format!("content/entries/{i}.md"),
                &format!(
                    "---\nindex: \"{CODE}/{}-{:05}\"\ntitle: 第{i}号信息\nsummary: 第{i}号信息的内容概述。\ncategory: \"{code}\"\ncreated: {created}\npublished: {published}\n---\n正文。\n",
                    created.year(),
                    n
                ),
            );
        }
        if let Some(text) = &self.standard_file {
            self.site.write("standard/社会救助.yaml", text);
        }
    }

    /// `check --format json`, after writing the site.
    fn check(&self) -> Value {
        self.write();
        json(&run(self.site.root(), &["check", "--format", "json"]))
    }
}

fn code_of(t: &Township, key: &str) -> String {
    t.columns().into_iter().find(|(_, k)| k == key).unwrap().0
}

#[test]
fn a_well_kept_township_passes_and_each_lapse_is_one_finding() {
    let base = Township::new();
    let v = base.check();
    assert_eq!(messages(&v), Vec::<String>::new(), "the base site is clean");
    assert_eq!(v["ok"], true);
    let a = &v["inspection"]["agencies"][0];
    let applicable = a["standard"]["applicable"].as_u64().unwrap();
    assert_eq!(a["standard"]["covered"].as_u64().unwrap(), applicable);
    assert_eq!(applicable as usize, base.columns().len() - 1);
    // Not-applicable domains are not counted, and are listed with their reasons.
    let marked = a["standard"]["not_applicable"].as_array().unwrap();
    assert_eq!(marked.len(), base.not_applicable.len());
    assert!(marked.iter().any(|d| d["domain"] == "养老服务"
        && d["reason"] == "本镇不涉及养老服务领域，相关事项由县级部门公开。"));
    assert!(
        a["vetoes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["reached"] == false)
    );
    assert_ok(&base.site.build());
    let page = page(&base.site.out(), "catalogue/not-applicable/");
    assert!(page.contains("<h1>未涉及领域事项说明</h1>"));
    assert!(page.contains("<th scope=\"row\">养老服务</th><td>本镇不涉及养老服务领域，相关事项由县级部门公开。</td>"), "{page}");
    assert!(
        crate::support::page(&base.site.out(), "catalogue/").contains("未涉及领域事项说明</a>")
    );

    let only = |t: &Township| -> String {
        let found = messages(&t.check());
        assert_eq!(found.len(), 1, "one finding and nothing else: {found:#?}");
        found.into_iter().next().unwrap()
    };
    let year = base.today.year();

    // 1. The current period's 政府预算 missing: the last one is 13 months old, and the
    // next was due a year after it plus the item's 20 days.
    let mut t = Township::new();
    let last = base.today - Months::new(13);
    t.set(&code_of(&t, "财政预决算/财政预决算/政府预算"), last, last);
    let f = only(&t);
    let due = last + Months::new(12) + chrono::Days::new(20);
    assert!(
        f.contains(&format!("标准目录事项「财政预决算/财政预决算/政府预算」每年公开，上一次公开于 {last}，本期应在 {due} 前公开，至今没有")),
        "{f}"
    );
    // Last year's, within the year: nothing to report.
    let mut t = Township::new();
    let recent = NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap();
    t.set(
        &code_of(&t, "财政预决算/财政预决算/政府预算"),
        recent,
        recent,
    );
    assert_eq!(messages(&t.check()), Vec::<String>::new());

    // 2. A 低保 初审对象名单 公示 published 12 working days after it was formed: late by the
    // item's own limit (10 working days), though within Art. 26's 20.
    let mut t = Township::new();
    let cal = WorkingDayCalendar::builtin();
    let formed = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let published = cal.add_working_days(formed, 12);
    let code = code_of(&t, "社会救助/最低生活保障/审核信息");
    t.entries.push((code.clone(), formed, published));
    let f = only(&t);
    assert!(
        f.contains("按标准目录事项「社会救助/最低生活保障/审核信息」的公开时限"),
        "{f}"
    );
    let due = cal.add_working_days(formed, 10);
    let late = (published - due).num_days();
    assert!(
        f.contains(&format!(
            "晚于生成日期 2024-03-01 后的第10个工作日（{due}），逾期 {late} 天"
        )),
        "{f}"
    );
    // A county whose province allows 15 working days says so in its own standard file.
    t.standard_file = Some(
        "level: 乡镇\ndomain: 社会救助\nsources:\n  county: { title: 某县社会救助领域标准目录（2024年修订） }\nitems:\n  - first: 最低生活保障\n    second: 审核信息\n    time_limit: 制定或获取信息之日起15个工作日内，公示7个工作日\n    rule: 15个工作日，公示7个工作日\n    sources: [county]\n"
            .into(),
    );
    assert_eq!(messages(&t.check()), Vec::<String>::new());

    // 3. A 政策文件 column untouched for 7 months (its kind allows 6).
    let mut t = Township::new();
    let old = base.today - Months::new(7);
    t.set(&code_of(&t, "社会救助/综合业务/政策法规文件"), old, old);
    let f = only(&t);
    assert!(f.contains("栏目「政策法规文件」"), "{f}");
    assert!(
        f.contains(&format!(
            "政策文件类）超过6个月没有更新（最近一条公开于 {old}）"
        )),
        "{f}"
    );

    // 4. A domain no longer marked as not applying: its items count, and it has no columns.
    let mut t = Township::new();
    t.not_applicable.retain(|d| d != "养老服务");
    let f = only(&t);
    assert!(
        f.contains("乡镇级标准目录「养老服务」领域有 3 个公开事项在目录中没有对应的分类"),
        "{f}"
    );
}

#[test]
fn a_column_that_says_why_it_is_empty_is_not_blank() {
    let mut t = Township::new();
    let code = code_of(&t, "社会救助/特困人员救助供养/审核信息");
    t.entries.retain(|e| e.0 != code);
    let f = messages(&t.check());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].contains("「社会救助/特困人员救助供养/审核信息」没有公开的条目"),
        "{}",
        f[0]
    );
    // The same column with a note: nothing to report, and the note is on its page.
    t.write();
    let path = t.site.root().join("content/catalogue.md");
    let text = fs::read_to_string(&path).unwrap().replace(
        &format!("{{ code: \"{code}\", name: \"审核信息\""),
        &format!("{{ code: \"{code}\", note: 本年度本镇无新增特困供养对象。, name: \"审核信息\""),
    );
    fs::write(&path, text).unwrap();
    let o = run(t.site.root(), &["check", "--format", "json"]);
    assert_eq!(messages(&json(&o)), Vec::<String>::new());
    assert_ok(&t.site.build());
    let page = page(&t.site.out(), &format!("category/{code}/"));
    assert!(
        page.contains("本栏目暂无信息：本年度本镇无新增特困供养对象。"),
        "{page}"
    );
}

#[test]
fn names_the_standard_does_not_have_are_errors_with_suggestions() {
    let s = TestSite::new();
    s.write(
        "content/catalogue.md",
        "---\nstandard: 乡镇\nnot_applicable:\n  城市管理: 本镇没有。\n  救灾: \"\"\ncategories:\n  - { code: \"01\", name: 政府信息公开制度 }\n  - { code: \"02\", name: 低保, standard: 社会救助/最低生活保障/审核信心 }\n---\n",
    );
    let o = run(s.root(), &["check"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for want in [
        "content/catalogue.md:8:1",
        "分类「低保」对应的「社会救助/最低生活保障/审核信心」不在乡镇级标准目录中",
        "是否想写 `社会救助/最低生活保障/审核信息`",
        "标为不涉及的「城市管理」不在乡镇级标准目录中",
        "「救灾」标为不涉及，但没有写明理由",
    ] {
        assert!(err.contains(want), "missing {want} in:\n{err}");
    }
    // Naming the standard without saying which level the catalogue follows.
    let s = TestSite::new();
    s.write(
        "content/catalogue.md",
        "---\ncategories:\n  - { code: \"01\", name: 政府信息公开制度 }\n  - { code: \"02\", name: 低保, standard: 社会救助 }\n---\n",
    );
    let o = run(s.root(), &["build"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("但目录没有写明采用哪一级的标准目录"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("content/catalogue.md:4"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_score_sheet_is_written_and_dated() {
    let t = Township::new();
    t.write();
    let sheet = t.site.root().join("评分表.html");
    let date = t.today.to_string();
    let o = run(
        t.site.root(),
        &["check", "--date", &date, "--html", sheet.to_str().unwrap()],
    );
    assert_ok(&o);
    assert!(stdout(&o).contains("检查评分表已写入"), "{}", stdout(&o));
    let html = fs::read_to_string(&sheet).unwrap();
    assert!(html.contains(&format!("检查时点：{date}")));
    assert!(
        html.contains("<th scope=\"row\"><a href=\"#agency-1\">测试镇人民政府</a></th>"),
        "{html}"
    );
    assert!(html.contains("本镇不涉及养老服务领域，相关事项由县级部门公开。"));
    let o = run(t.site.root(), &["check", "--date", "2024-13-01"]);
    assert!(stderr(&o).contains("检查时点 `2024-13-01` 不是日期"));
}

#[test]
fn site_example_inspected_on_2025_02_28_one_neglected_township() {
    let root = repo().join("site-example");
    let o = run(
        &root,
        &["check", "--date", "2025-02-28", "--format", "json"],
    );
    assert_ok(&o);
    let v = json(&o);
    let agencies = v["inspection"]["agencies"].as_array().unwrap();
    assert!(agencies.len() >= 8);
    let found = messages(&v);
    for a in agencies {
        let name = a["name"].as_str().unwrap();
        if name == "南山乡人民政府" {
            // What check finds in a neglected township.
            let s = &a["standard"];
            assert_eq!(s["level"], "乡镇");
            assert!(s["covered"].as_u64().unwrap() < 10, "{s}");
            assert!(!s["without_column"].as_array().unwrap().is_empty());
            assert!(
                a["vetoes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|v| v["reached"] == true)
                    .count()
                    >= 2
            );
            assert!(
                a["late_entries"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["item"] == "社会救助/最低生活保障/审核信息")
            );
            assert_eq!(a["report"]["status"], "未发布");
            continue;
        }
        // The others are well kept: nothing to report on them, and their reports are on time.
        if let Some(s) = a["standard"].as_object() {
            assert_eq!(s["covered"], s["applicable"], "{name}");
        }
        assert!(a["blank_columns"].as_array().unwrap().is_empty(), "{name}");
        assert!(a["stale_columns"].as_array().unwrap().is_empty(), "{name}");
        assert!(a["late_entries"].as_array().unwrap().is_empty(), "{name}");
        assert_eq!(a["report"]["status"], "按时发布", "{name}");
        assert_eq!(a["report"]["rule_findings"], 0, "{name}");
    }
    // Every finding is about 南山乡.
    assert!(!found.is_empty());
    for f in &found {
        assert!(f.starts_with("content/nanshan/"), "{f}");
    }
    let townships: Vec<&Value> = agencies
        .iter()
        .filter(|a| a["standard"]["level"] == "乡镇")
        .collect();
    assert_eq!(townships.len(), 3);
    let departments = agencies
        .iter()
        .filter(|a| a["standard"]["level"] == "县级部门")
        .count();
    assert_eq!(departments, 3);
}
