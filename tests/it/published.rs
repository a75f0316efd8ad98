//! Published reports, transcribed in tests/published/ (each file names its source and
//! what could be transcribed): one whose prose and tables agree builds, one whose prose
//! contradicts its own table is refused at the sentence that does.

use std::fs;

use crate::support::*;

fn transcribed(name: &str) -> String {
    fs::read_to_string(repo().join("tests/published").join(name)).unwrap()
}

/// A site holding one agency (guide and catalogue are the test's own) and one report.
fn site(agency: &str, year: i32, report: &str) -> TestSite {
    let s = TestSite::new();
    s.write("content/guide.md", &guide(agency, CODE));
    s.write(
        "content/catalogue.md",
        "---\ncategories:\n  - { code: \"01\", name: 工作动态 }\n---\n按分类编排。\n",
    );
    s.write(&format!("content/reports/{year}.md"), report);
    s
}

/// The file line of the body holding `needle` (1-based; the last, after the comments
/// of the front matter that may quote it too).
fn line_of(text: &str, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    1 + lines.iter().rposition(|l| l.contains(needle)).unwrap()
}

/// 深圳市市场监督管理局龙华监管局2023年信息公开年度报告 (tests/published/longhua-2023.md):
/// its prose says "共受理政府信息依申请公开121件（其中本年度新收申请数112件，上年结转申请数9件）"
/// while table 三 has 112 new and 9 carried-over requests. Real reports use 受理 for both
/// readings; this one splits the figure itself, so the parts are checked.
#[test]
fn longhua_2023_builds_its_prose_agreeing_with_its_tables() {
    let text = transcribed("longhua-2023.md");
    let s = site("深圳市市场监督管理局龙华监管局", 2023, &text);
    let o = s.build();
    assert_ok(&o);
    let err = stderr(&o);
    for rule in ["R1", "R2", "R3", "R5", "R7"] {
        assert!(!err.contains(&format!("{rule}：")), "{rule}:\n{err}");
    }
    // The page gives no publication date: R9 says so (a warning).
    assert!(err.contains("R9：报告没有填写公布日期"), "{err}");
    let html = page(&s.out(), "reports/2023/");
    assert_eq!(
        cells(
            &html,
            ".report-requests",
            "一、本年新收政府信息公开申请数量"
        )[6],
        "112"
    );
    assert_eq!(
        cells(&html, ".report-requests", "（七）总计")[6],
        "119",
        "60 + 13 + 6 + 26 + 3 + 11"
    );

    // Every figure of its prose is read: change one and the build stops there.
    let wrong = text
        .replace("依申请公开121件", "依申请公开120件")
        .replace("不同意公开的6件", "不同意公开的5件")
        .replace("收到诉讼为3件", "收到诉讼为4件");
    s.write("content/reports/2023.md", &wrong);
    let o = s.build();
    assert!(!o.status.success());
    let err = stderr(&o);
    let at = |needle: &str| format!("content/reports/2023.md:{}:", line_of(&wrong, needle));
    assert_reported(
        &err,
        &at("依申请公开120件"),
        &[
            "错误",
            "R7",
            "一、本年新收与二、上年结转之和",
            "应为 121，实际为 120",
        ],
    );
    assert_reported(
        &err,
        &at("不同意公开的5件"),
        &["R7", "（三）不予公开（各项之和）", "应为 6，实际为 5"],
    );
    assert_reported(
        &err,
        &at("收到诉讼为4件"),
        &["R7", "表四「行政诉讼", "应为 3，实际为 4"],
    );
}

/// 2019年上海市人民政府办公厅政府信息公开工作年度报告 (tests/published/shanghai-2019.md):
/// its prose says 予以公开及部分公开258件 and 无法提供265件; its table 三 has 272 + 3 = 275
/// and 252 + 12 + 1 + 44 + 3 + 25 = 337. Everything else it quotes agrees.
#[test]
fn shanghai_2019_is_refused_at_the_two_figures_its_table_contradicts() {
    let text = transcribed("shanghai-2019.md");
    let s = site("上海市人民政府办公厅", 2019, &text);
    let o = s.build();
    assert!(
        !o.status.success(),
        "a report contradicting itself must not be published"
    );
    let err = stderr(&o);
    let at = |needle: &str| format!("content/reports/2019.md:{}:", line_of(&text, needle));
    assert_reported(
        &err,
        &at("予以公开及部分公开258件"),
        &[
            "错误",
            "R7",
            "“予以公开及部分公开258件”",
            "（一）予以公开与（二）部分公开之和",
            "应为 275，实际为 258",
        ],
    );
    assert_reported(
        &err,
        &at("无法提供265件"),
        &["R7", "（四）无法提供（各项之和）", "应为 337，实际为 265"],
    );
    let errors = err.split("\n\n").filter(|b| b.starts_with("错误")).count();
    assert_eq!(errors, 2, "nothing else it quotes disagrees:\n{err}");

    // With the two figures its table gives, it builds, in its own words and units.
    let fixed = text
        .replace("予以公开及部分公开258件", "予以公开及部分公开275件")
        .replace("无法提供265件", "无法提供337件");
    s.write("content/reports/2019.md", &fixed);
    let o = s.build();
    assert_ok(&o);
    let html = page(&s.out(), "reports/2019/");
    assert!(
        html.contains(">五、政府信息公开工作存在的主要问题及改进情况</h2>"),
        "the trial-format report keeps its heading"
    );
    assert_eq!(
        cells(&html, ".report-proactive", "政府集中采购"),
        ["6", "251000元", ""]
    );
    assert_eq!(
        cells(&html, ".report-requests", "（七）总计"),
        ["767", "35", "0", "0", "2", "1", "805"]
    );
}
