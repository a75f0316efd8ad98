//! `check`: a site seeded with one of every problem an inspection looks for.

use std::fs;

use crate::support::*;

/// The page address of test entry `seq` of 2024.
fn page_of(seq: u32) -> String {
    format!("{CODE}-2024-{seq:05}")
}

fn seeded() -> TestSite {
    let s = TestSite::new();
    // Guide: something left to fill in, no fax, updated long ago.
    s.write(
        "content/guide.md",
        &guide("测试镇人民政府", CODE)
            .replace(
                "office: 测试镇人民政府办公室",
                "office: 【请填写】政府信息公开工作机构",
            )
            .replace("email:", "updated: 2020-01-02\nemail:"),
    );
    // 1: published 2 months after it was formed (late); links to the repealed entry 3.
    s.write(
        "content/entries/a/1.md",
        &entry_text(
            CODE,
            2024,
            1,
            "0201",
            "",
            &format!("依据[旧办法](../{}/)执行。", page_of(3)),
        )
        .replace("created: 2024-03-02", "created: 2024-01-02")
        .replace("published: 2024-04-02", "published: 2024-03-04"),
    );
    // 2: broken links of three kinds, and something left to fill in.
    s.write("content/entries/b/附件.pdf", "%PDF-1.4");
    s.write(
        "content/entries/b/2.md",
        &entry_text(
            CODE,
            2024,
            2,
            "0202",
            "",
            "见[不存在的页面](../不存在/)。\n\n下载[附件](附件.pdf)。\n\n参见[源文件](../a/1.md)。\n\n联系电话：【请填写】",
        ),
    );
    // 3: repealed. 6: numbered after 3 but formed before it (and 4–5 are missing).
    s.entry("c/3", 3, "0201", "validity: 废止\n", "旧办法正文。");
    s.write(
        "content/entries/c/6.md",
        &entry_text(CODE, 2024, 6, "0202", "", "正文")
            .replace("created: 2024-03-07", "created: 2024-03-01"),
    );
    s
}

#[test]
fn every_problem_is_found_with_its_place() {
    let s = seeded();
    // What is still marked 【请填写】 stops a build, every place named, nothing written…
    let o = s.build();
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    for place in ["content/guide.md:4", "content/entries/b/2.md:15"] {
        assert!(
            err.split("\n\n")
                .any(|b| b.starts_with("错误") && b.contains(place) && b.contains("【请填写】")),
            "{place} in {err}"
        );
    }
    assert!(!s.out().exists(), "nothing is published");
    let o = run(s.root(), &["check"]);
    assert!(!o.status.success(), "...and check fails on errors");
    let err = stderr(&o);
    let expect = [
        ("错误", "content/guide.md:4", "【请填写】"),
        ("警告", "content/guide.md", "传真号码"),
        (
            "警告",
            "content/guide.md",
            "超过一年没有更新（最近一次：2020-01-02）",
        ),
        ("警告", "content/entries/a/1.md:7", "逾期"),
        ("错误", "content/entries/b/2.md:15", "联系电话：【请填写】"),
        ("错误", "content/entries/b/2.md:9", "`../不存在/`"),
        (
            "错误",
            "content/entries/b/2.md:11",
            "没有列在 attachments 里",
        ),
        (
            "错误",
            "content/entries/b/2.md:13",
            &format!("`../{}/`", page_of(1)),
        ),
        (
            "警告",
            "content/entries/a/1.md:9",
            "链接到已废止的《第3号测试通知》",
        ),
        ("警告", "content/catalogue.md", "缺号：4–5（共 2 个）"),
        (
            "警告",
            "content/entries/c/6.md:2",
            "生成日期 2024-03-01 却更早",
        ),
        (
            "警告",
            "content/catalogue.md:3",
            "栏目「机构职能」（01）没有任何公开的条目",
        ),
        (
            "警告",
            "content/catalogue.md",
            "栏目「其他文件」（0202，政策文件类）超过6个月没有更新",
        ),
    ];
    for (level, place, what) in expect {
        let found = err
            .split("\n\n")
            .any(|b| b.starts_with(level) && b.contains(place) && b.contains(what));
        assert!(found, "missing {level} {place} / {what} in:\n{err}");
    }
    assert!(stdout(&o).contains("检查未通过"), "{}", stdout(&o));

    // The same, for CI.
    let o = run(s.root(), &["check", "--format", "json"]);
    assert!(!o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 5);
    let list = v["diagnostics"].as_array().unwrap();
    assert_eq!(
        list.len() as u64,
        v["errors"].as_u64().unwrap() + v["warnings"].as_u64().unwrap()
    );
    let late = list
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("逾期"))
        .unwrap();
    assert_eq!(late["file"], "content/entries/a/1.md");
    assert_eq!(late["line"], 7);
    assert_eq!(late["severity"], "warning");
    assert_eq!(late["field"], "published");

    // Filled in, none of the rest stops a build: they are for a person to look at.
    fill_in(s.root());
    assert_ok(&s.build());
}

#[test]
fn warnings_fail_only_when_strict() {
    let s = seeded();
    s.write("content/guide.md", &guide("测试镇人民政府", CODE));
    fs::remove_file(s.root().join("content/entries/b/2.md")).unwrap();
    let o = run(s.root(), &["check"]);
    assert_ok(&o);
    assert!(stdout(&o).contains("警告需要留意"), "{}", stdout(&o));
    let o = run(s.root(), &["check", "--strict"]);
    assert!(!o.status.success());
}

#[test]
fn everything_build_rejects_check_rejects() {
    let s = TestSite::new();
    s.entry("ok", 1, "0201", "", "正文");
    s.entry("bad", 2, "0201", "dco_number: 1\n", "正文");
    let o = run(s.root(), &["check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("未知字段 `dco_number`"),
        "{}",
        stderr(&o)
    );
    // A template that fails to render is found too, without writing anything.
    let s = TestSite::new();
    s.entry("ok", 1, "0201", "", "正文");
    s.write("templates/entry.html", "{{ no_such_value.field }}");
    let o = run(s.root(), &["check"]);
    assert!(!o.status.success(), "{}", stderr(&o));
    assert!(!s.out().exists());
}

#[test]
fn the_demo_is_a_well_kept_site() {
    // The demo models an office that keeps every column current: as of the date its
    // content runs to (the 2024 report is out, the year's first information published),
    // `check` finds nothing a real office would be told to fix. (site-example is the
    // same but for 南山乡, neglected on purpose: `standard::site_example_inspected_on_2025_02_28_one_neglected_township`.)
    let o = run(
        &repo(),
        &["check", "--format", "json", "--date", EXAMPLES_AS_OF],
    );
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (&v["errors"], &v["warnings"]),
        (&0.into(), &0.into()),
        "{v:#}"
    );
    // Later, its columns are idle: exactly what `check` is there to say.
    let o = run(&repo(), &["check", "--date", "2026-06-30"]);
    assert!(stderr(&o).contains("超过一年没有更新"), "{}", stderr(&o));
}

/// The day the examples' content runs to (README, 示例站点).
const EXAMPLES_AS_OF: &str = "2025-02-28";
