//! The yearly report: rules refuse wrong reports with actionable messages, derived
//! figures match the catalogue, and the page carries the official layout.

use gongkai::site::{Disclosure, LoadOptions, Validity};
use gongkai::validate;
use scraper::{Html, Selector};

use crate::support::*;

/// A body with the three prose parts, so no "missing part" warning gets in the way.
fn body(one: &str) -> String {
    format!(
        "本报告中所列数据的统计期限为2024年1月1日至12月31日。\n\n## 一、总体情况\n\n{one}\n\n## 五、存在的主要问题及改进情况\n\n无。\n\n## 六、其他需要报告的事项\n\n无。\n"
    )
}

fn report(front: &str, body: &str) -> String {
    format!("---\n{front}---\n{body}")
}

#[test]
fn a_wrong_report_is_refused_with_rule_table_row_column_expected_and_found() {
    let s = TestSite::new();
    s.entry("n1", 1, "0201", "", "正文");
    // A report whose figures cannot be read: unknown nested keys and R8.
    s.write(
        "content/reports/2021.md",
        &report(
            "requests:\n  received: { natual_person: 1 }\n  results:\n    withheld:\n      state_secret: { natural_person: 1 }\nreview_and_litigation:\n  review: { upheld: -1 }\nproactive:\n  fees: 一万\n",
            &body("无。"),
        ),
    );
    s.write(
        "content/reports/2023.md",
        &report(
            "requests:\n  received: { natural_person: 2 }\n  carried_forward: { natural_person: 2 }\n",
            &body("共收到政府信息公开申请2件。").replace("2024年", "2023年"),
        ),
    );
    s.write(
        "content/reports/2024.md",
        &report(
            concat!(
                "published: 2025-03-01\n",                                    // 2
                "proactive:\n",                                               // 3
                "  rules: { in_force: 1 }\n",                                 // 4  R6 (warning)
                "  normative_documents: { issued: 5 }\n", // 5  catalogue (warning)
                "requests:\n",                            // 6
                "  received: { natural_person: 3, business: 1, total: 5 }\n", // 7  R3
                "  carried_over: { natural_person: 1 }\n", // 8  R4
                "  results:\n",                           // 9
                "    disclosed: { natural_person: 4 }\n", // 10
                "    total: { natural_person: 3 }\n",     // 11 R2
                "review_and_litigation:\n",               // 12
                "  review: { upheld: 1, total: 2 }\n",    // 13 R5
            ),
            // Line 15 of the file is the first body line; 一、总体情况 text is on line 19.
            &body("全年主动公开政府信息9条，共收到政府信息公开申请6件。"),
        ),
    );
    let o = s.build();
    assert!(!o.status.success(), "a wrong report must fail the build");
    let err = stderr(&o);
    let r21 = "content/reports/2021.md";
    assert_reported(
        &err,
        &format!("{r21}:3:"),
        &[
            "错误",
            "未知字段 `requests.received.natual_person`",
            "是否想写 `natural_person`（自然人）",
        ],
    );
    assert_reported(
        &err,
        &format!("{r21}:6:"),
        &[
            "未知字段 `requests.results.withheld.state_secret`",
            "`state_secrets`",
        ],
    );
    assert_reported(
        &err,
        &format!("{r21}:8:"),
        &["R8：表四「行政复议」的「结果维持」列应为非负整数", "`-1`"],
    );
    assert_reported(
        &err,
        &format!("{r21}:10:"),
        &[
            "R8：表二「行政事业性收费」行「本年收费金额（单位：万元）」列",
            "`一万`",
        ],
    );
    assert!(
        !err.contains("content/reports/2021.md:") || !err.contains("R1：表三「自然人」"),
        "no knock-on arithmetic errors from a report whose figures were not read:\n{err}"
    );

    let r24 = "content/reports/2024.md";
    assert_reported(
        &err,
        &format!("{r24}:7:"),
        &[
            "错误[requests.received.total]",
            "R3：表三「一、本年新收政府信息公开申请数量」行「总计」列应为 4",
            "实际填写 5",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:8:"),
        &[
            "R4：表三「二、上年结转政府信息公开申请数量」行「自然人」列应为 2",
            "2023年度报告 content/reports/2023.md:4",
            "实际为 1",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:11:"),
        &["R2：表三「（七）总计」行「自然人」列应为 4", "实际填写 3"],
    );
    assert_reported(
        &err,
        r24,
        &[
            "R1：表三「商业企业」列不平",
            "一（本年新收）1 + 二（上年结转）0 = 1",
            "后者应为 1，实际为 0",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:13:"),
        &["R5：表四「行政复议」的「总计」列应为 1", "实际填写 2"],
    );
    assert_reported(
        &err,
        &format!("{r24}:19:"),
        &[
            "错误",
            "R7：「一、总体情况」写的“共收到政府信息公开申请6件”与表三「一、本年新收政府信息公开申请数量」行「总计」列不符：应为 4，实际为 6",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:19:"),
        &[
            "警告",
            "R7",
            "目录中本年主动公开的政府信息为 1 条，正文写的是 9",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:4:"),
        &[
            "警告",
            "R6：表二「规章」行「现行有效件数」列应为 0",
            "实际为 1",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:5:"),
        &[
            "警告",
            "表二「行政规范性文件」行「本年制发件数」列：本报告填写 5，而公开目录统计为 1",
            "第1号测试通知（2024）",
        ],
    );
    assert_reported(
        &err,
        &format!("{r24}:2:"),
        &[
            "警告",
            "R9：公布日期 2025-03-01 晚于公布截止日期 2025-01-31",
        ],
    );
    // Every rule message is Chinese and comes with a hint.
    for block in err
        .split("\n\n")
        .filter(|b| b.contains("：R") || b.contains(": R"))
    {
        assert!(block.contains("提示："), "no hint:\n{block}");
    }
}

#[test]
fn a_correct_report_builds_without_warnings_and_fills_in_its_totals() {
    let s = TestSite::new();
    s.write(
        "content/reports/2024.md",
        &report(
            "published: 2025-01-10\nrequests:\n  received: { natural_person: 2, research: 1 }\n  results:\n    disclosed: { natural_person: 1, research: 1 }\n    other_handling:\n      no_correction: { natural_person: 1 }\n",
            &body("本年度共收到政府信息公开申请3件，办结3件。未发生政府信息公开行政复议、行政诉讼。"),
        ),
    );
    let o = s.build();
    assert_ok(&o);
    let err = stderr(&o);
    assert!(!err.contains("年度报告") && !err.contains("R"), "{err}");
    let html = page(&s.out(), "reports/2024/");
    let doc = Html::parse_document(&html);
    let row = |label: &str| -> Vec<String> {
        let tr = Selector::parse(".report-requests tbody tr").unwrap();
        let td = Selector::parse("td").unwrap();
        doc.select(&tr)
            .find(|r| r.text().collect::<String>().contains(label))
            .map(|r| r.select(&td).map(|c| c.text().collect()).collect())
            .unwrap_or_else(|| panic!("row {label}"))
    };
    assert_eq!(row("一、本年新收"), ["2", "0", "1", "0", "0", "0", "3"]);
    assert_eq!(
        row("（七）总计"),
        ["2", "0", "1", "0", "0", "0", "3"],
        "computed"
    );
    assert_eq!(
        row("1.申请人无正当理由逾期不补正"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
    assert_eq!(row("四、结转下年度"), ["0", "0", "0", "0", "0", "0", "0"]);
}

/// Entry with explicit dates and extra front matter lines.
fn dated(
    s: &TestSite,
    year: i32,
    seq: u32,
    category: &str,
    created: &str,
    published: &str,
    extra: &str,
) {
    let text = entry_text(
        CODE,
        year,
        seq,
        category,
        extra,
        &format!("正文{year}-{seq}。"),
    );
    let day = seq % 27 + 1;
    let text = text
        .replace(
            &format!("created: {year}-03-{day:02}"),
            &format!("created: {created}"),
        )
        .replace(
            &format!("published: {year}-04-{day:02}"),
            &format!("published: {published}"),
        )
        .replace(
            &format!("title: 第{seq}号测试通知"),
            &format!("title: {year}年第{seq}号测试通知"),
        );
    s.write(&format!("content/entries/{year}-{seq}.md"), &text);
}

#[test]
fn derived_counts_match_a_catalogue_built_for_the_purpose() {
    let s = TestSite::new();
    // Normative documents (category 0201) with every case of validity and date.
    dated(&s, 2023, 1, "0201", "2023-02-01", "2023-02-03", "");
    dated(
        &s,
        2023,
        2,
        "0201",
        "2023-05-04",
        "2023-05-05",
        "validity: 废止\nrepealed: 2024-03-01\n",
    );
    dated(
        &s,
        2023,
        3,
        "0201",
        "2023-06-01",
        "2023-06-02",
        "validity: 失效\nrepealed: 2023-12-01\n",
    );
    dated(
        &s,
        2023,
        4,
        "0201",
        "2023-07-03",
        "2023-07-04",
        "validity: 废止\n",
    ); // no date: cannot be placed
    dated(&s, 2024, 1, "0201", "2024-01-10", "2024-01-12", "");
    dated(&s, 2024, 2, "0201", "2024-02-01", "2024-04-01", ""); // late: > 20 working days
    dated(
        &s,
        2024,
        3,
        "0201",
        "2024-03-01",
        "2024-03-04",
        "draft: true\n",
    );
    dated(&s, 2024, 4, "0201", "2024-05-06", "2099-01-01", ""); // not yet due
    dated(
        &s,
        2024,
        5,
        "0202",
        "2024-05-07",
        "2024-05-08",
        "disclosure: 依申请公开\n",
    );
    dated(&s, 2024, 6, "01", "2024-12-30", "2025-01-03", ""); // disclosed in 2025
    dated(&s, 2024, 7, "03", "2024-06-03", "2024-06-04", "");
    let parts = |year: i32| body("无。").replace("2024年", &format!("{year}年"));
    s.write(
        "content/reports/2023.md",
        &report("published: 2024-01-15\n", &parts(2023)),
    );
    s.write(
        "content/reports/2024.md",
        &report("published: 2025-01-15\n", &parts(2024)),
    );
    let o = s.build();
    assert_ok(&o);
    let err = stderr(&o);
    assert!(
        !err.contains("R6"),
        "derived figures carry from year to year: {err}"
    );
    assert_reported(
        &err,
        "content/entries/2023-4.md",
        &["警告[repealed]", "没有填写废止日期"],
    );

    // Hand-counted from the entries above.
    let y23 = page(&s.out(), "reports/2023/");
    assert_eq!(
        cells(&y23, ".report-proactive", "行政规范性文件"),
        ["4", "1", "2"]
    );
    let y24 = page(&s.out(), "reports/2024/");
    assert_eq!(
        cells(&y24, ".report-proactive", "行政规范性文件"),
        ["2", "1", "3"]
    );
    assert!(y24.contains("「行政规范性文件」分类中的条目自动统计"));
    assert!(y23.contains("本年废止件数含有效期届满失效的文件 1 件"));
    // Disclosed in 2024: 2024-1 (Jan), 2024-2 (Apr), 2024-7 (Jun); 2 of 3 on time.
    assert!(y24.contains("主动公开政府信息 <strong>3</strong> 条，其中自生成之日起 20 个工作日内公开 2 条，占 <strong>67%</strong>"), "{y24}");
    assert_eq!(
        cells(&y24, ".stats-table", "政策文件"),
        [
            "1", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "2"
        ]
    );
    assert_eq!(
        cells(&y24, ".stats-table", "政府信息公开制度"),
        [
            "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "1"
        ]
    );
    assert!(
        y24.contains("2024年第2号测试通知") && y24.contains("未在 20 个工作日内公开的信息（1 条）")
    );
    for held_back in [
        "2024年第3号测试通知",
        "2024年第4号测试通知",
        "2024年第5号测试通知",
    ] {
        assert!(
            !y24.contains(held_back),
            "{held_back} must not be counted or listed"
        );
    }
    // The same counts, from the library, against an independent count of the catalogue.
    let site = validate::load(s.root(), &LoadOptions::default())
        .site
        .unwrap();
    let r = &site.agencies[0].reports[1];
    let stats = r.statistics.as_ref().unwrap();
    let expected = site
        .public_entries()
        .filter(|(_, e)| {
            e.disclosure == Disclosure::Proactive && e.published.format("%Y").to_string() == "2024"
        })
        .count();
    assert_eq!(stats.disclosed.len(), expected);
}

/// The texts of a table's header and label cells, in document order.
fn labels(html: &str, table: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(&format!("{table} th, {table} td.corner")).unwrap();
    doc.select(&sel)
        .map(|c| c.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn the_demo_report_carries_the_official_headings_and_table_labels_in_order() {
    let (out, _) = demo_build();
    let html = page(out, "reports/2024/");
    let doc = Html::parse_document(&html);
    let h2: Vec<String> = doc
        .select(&Selector::parse(".report h2").unwrap())
        .map(|h| h.text().collect())
        .collect();
    // The catalogue statistics are not part of the standard format: after part 六.
    assert_eq!(
        h2,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
            "附：本年度主动公开信息统计",
        ]
    );
    // Table 二 (国办公开办函〔2021〕30号), its four Article 20 blocks in order.
    assert_eq!(
        labels(&html, ".report-proactive"),
        [
            "第二十条第（一）项",
            "信息内容",
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "规章",
            "行政规范性文件",
            "第二十条第（五）项",
            "信息内容",
            "本年处理决定数量",
            "行政许可",
            "第二十条第（六）项",
            "信息内容",
            "本年处理决定数量",
            "行政处罚",
            "行政强制",
            "第二十条第（八）项",
            "信息内容",
            "本年收费金额（单位：万元）",
            "行政事业性收费",
        ]
    );
    // Table 三.
    assert_eq!(
        labels(&html, ".report-requests"),
        [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "总计",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "三、本年度办理结果",
            "（一）予以公开",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（三）不予公开",
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
            "（四）无法提供",
            "1.本机关不掌握相关政府信息",
            "2.没有现成信息需要另行制作",
            "3.补正后申请内容仍不明确",
            "（五）不予处理",
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
            "（七）总计",
            "四、结转下年度继续办理",
        ]
    );
    // Table 四.
    let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut expected = vec!["行政复议", "行政诉讼"];
    expected.extend(outcomes);
    expected.extend(["未经复议直接起诉", "复议后起诉"]);
    expected.extend(outcomes);
    expected.extend(outcomes);
    assert_eq!(labels(&html, ".report-appeals"), expected);
    // Merged cells and header scopes as in the standard.
    let attr = |css: &str, name: &str| -> Vec<String> {
        doc.select(&Selector::parse(css).unwrap())
            .map(|e| e.value().attr(name).unwrap_or("1").to_string())
            .collect()
    };
    let spans = |text: &str| -> (String, String, String) {
        let el = doc
            .select(&Selector::parse(".report-table th, .report-table td").unwrap())
            .find(|e| e.text().collect::<String>().trim() == text)
            .unwrap_or_else(|| panic!("{text}"));
        let a = |n| el.value().attr(n).unwrap_or("").to_string();
        (a("rowspan"), a("colspan"), a("scope"))
    };
    assert_eq!(
        spans("三、本年度办理结果"),
        ("22".into(), "".into(), "rowgroup".into())
    );
    assert_eq!(
        spans("（三）不予公开"),
        ("8".into(), "".into(), "rowgroup".into())
    );
    assert_eq!(
        spans("（六）其他处理"),
        ("3".into(), "".into(), "rowgroup".into())
    );
    assert_eq!(
        spans("（一）予以公开"),
        ("".into(), "2".into(), "row".into())
    );
    assert_eq!(
        spans("四、结转下年度继续办理"),
        ("".into(), "3".into(), "row".into())
    );
    assert_eq!(
        spans("申请人情况"),
        ("".into(), "7".into(), "colgroup".into())
    );
    assert_eq!(
        spans("法人或其他组织"),
        ("".into(), "5".into(), "colgroup".into())
    );
    assert_eq!(
        spans("行政诉讼"),
        ("".into(), "10".into(), "colgroup".into())
    );
    assert_eq!(
        spans("本年收费金额（单位：万元）"),
        ("".into(), "3".into(), "col".into())
    );
    assert!(
        attr(".report-table th", "scope")
            .iter()
            .all(|s| ["col", "colgroup", "row", "rowgroup"].contains(&s.as_str()))
    );
    // The chart is inline SVG with a title, a description and a table equivalent.
    let svg = Selector::parse("svg[role=img] title").unwrap();
    assert_eq!(doc.select(&svg).count(), 2);
    assert!(
        doc.select(&Selector::parse("svg desc").unwrap())
            .all(|d| d.text().collect::<String>().contains("条"))
    );
    assert!(html.contains("stats-table"));
}

#[test]
fn the_demo_reports_match_the_demo_catalogue() {
    let (out, o) = demo_build();
    let err = stderr(o);
    assert!(
        !err.contains("reports/"),
        "the demo reports are clean: {err}"
    );
    let demo = validate::load(&repo(), &LoadOptions::default())
        .site
        .unwrap();
    let town = &demo.agencies[0];
    assert_eq!(
        town.reports.iter().map(|r| r.year).collect::<Vec<_>>(),
        [2023, 2024]
    );
    let normative = town.catalogue.normative().unwrap();
    for r in &town.reports {
        let y = r.year;
        let html = page(out, &format!("reports/{y}/"));
        let public: Vec<_> = demo
            .public_entries()
            .map(|(_, e)| e)
            .filter(|e| e.disclosure == Disclosure::Proactive)
            .collect();
        let disclosed = public
            .iter()
            .filter(|e| e.published.format("%Y").to_string() == y.to_string())
            .count();
        assert!(
            html.contains(&format!("主动公开政府信息 <strong>{disclosed}</strong> 条")),
            "{y}: {disclosed}"
        );
        let end = chrono::NaiveDate::from_ymd_opt(y, 12, 31).unwrap();
        let docs: Vec<_> = public
            .iter()
            .filter(|e| e.category == normative && e.created <= end)
            .collect();
        let issued = docs
            .iter()
            .filter(|e| e.created.format("%Y").to_string() == y.to_string())
            .count();
        let repealed = docs
            .iter()
            .filter(|e| {
                e.repealed
                    .is_some_and(|d| d.format("%Y").to_string() == y.to_string())
            })
            .count();
        let in_force = docs
            .iter()
            .filter(|e| e.validity == Validity::Valid || e.repealed.is_some_and(|d| d > end))
            .count();
        assert_eq!(
            cells(&html, ".report-proactive", "行政规范性文件"),
            [issued, repealed, in_force].map(|n| n.to_string()),
            "{y}"
        );
    }
    // The reports index lists the newest first.
    let index = page(out, "reports/");
    assert!(
        index.find("2024年政府信息公开工作年度报告").unwrap()
            < index.find("2023年政府信息公开工作年度报告").unwrap()
    );
}

#[test]
fn old_reports_render_from_their_body_and_trial_reports_in_the_trial_format() {
    let s = TestSite::new();
    s.write(
        "content/reports/2017.md",
        &report(
            "published: 2018-03-20\nrequests:\n  received: { natural_person: 1 }\n",
            "## 一、概述\n\n2017年共受理申请1件。\n\n| 指标 | 数量 |\n|---|---|\n| 受理 | 1 |\n",
        ),
    );
    s.write(
        "content/reports/2020.md",
        &report(
            "published: 2021-01-20\nproactive:\n  licensing: { previous_items: 12, change: -2, decisions: 30 }\n  procurement: { items: 1, amount: 2.5 }\nrequests:\n  received: { natural_person: 1 }\n  results:\n    other_handling: { natural_person: 1 }\n",
            &body("全年共收到政府信息公开申请1件。").replace("2024年", "2020年"),
        ),
    );
    let o = s.build();
    assert_ok(&o);
    assert_reported(
        &stderr(&o),
        "content/reports/2017.md",
        &["警告[requests]", "只发布正文"],
    );
    let old = page(&s.out(), "reports/2017/");
    assert!(old.contains("本报告为2019年以前的年度报告") && old.contains("2017年共受理申请1件"));
    assert!(
        !old.contains("report-requests"),
        "no standard tables for an old report"
    );
    let trial = page(&s.out(), "reports/2020/");
    assert!(trial.contains("国办公开办函〔2019〕60号（试行）"));
    let p = labels(&trial, ".report-proactive");
    for label in [
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规范性文件",
        "其他对外管理服务事项",
        "上一年项目数量",
        "本年增/减",
        "第二十条第（九）项",
        "采购项目数量",
        "采购总金额",
        "政府集中采购",
    ] {
        assert!(p.iter().any(|l| l == label), "{label} in {p:?}");
    }
    assert_eq!(
        cells(&trial, ".report-proactive", "行政许可"),
        ["12", "-2", "30"]
    );
    assert_eq!(
        cells(&trial, ".report-proactive", "政府集中采购"),
        ["1", "2.5", ""]
    );
    let doc = Html::parse_document(&trial);
    let results = doc
        .select(&Selector::parse(".report-requests th").unwrap())
        .find(|e| e.text().collect::<String>() == "三、本年度办理结果")
        .unwrap();
    assert_eq!(
        results.value().attr("rowspan"),
        Some("20"),
        "the trial format has one 其他处理 row"
    );
    assert_eq!(
        cells(&trial, ".report-requests", "（六）其他处理"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
}

#[test]
fn several_agencies_get_a_comparison_page_per_year() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("public");
    let root = repo().join("site-example");
    assert_ok(&run(
        &repo(),
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    ));
    let example = validate::load(&root, &LoadOptions::default()).site.unwrap();
    let with_reports: Vec<_> = example
        .agencies
        .iter()
        .filter(|a| !a.reports.is_empty())
        .collect();
    assert!(
        with_reports.len() >= 2,
        "site-example has reports for several agencies"
    );
    let html = page(&out, "reports/compare/2024/");
    let doc = Html::parse_document(&html);
    let rows = Selector::parse(".overview-table tbody tr").unwrap();
    assert_eq!(
        doc.select(&rows).count(),
        example.agencies.len(),
        "every agency has a row"
    );
    for a in &example.agencies {
        let row = doc
            .select(&rows)
            .find(|r| r.text().collect::<String>().contains(a.name()))
            .unwrap_or_else(|| panic!("{}", a.name()));
        let text: String = row.text().collect();
        match a.reports.iter().find(|r| r.year == 2024) {
            Some(r) => {
                let disclosed = r.statistics.as_ref().unwrap().disclosed.len();
                let first = row
                    .select(&Selector::parse("td").unwrap())
                    .next()
                    .unwrap()
                    .text()
                    .collect::<String>();
                assert_eq!(first, disclosed.to_string(), "{}", a.name());
            }
            None => assert!(text.contains("未发布2024年度报告"), "{text}"),
        }
    }
    for a in with_reports {
        let index = page(&out, &format!("{}reports/", a.url));
        assert!(
            index.contains("reports/compare/"),
            "the index links the comparison"
        );
    }
    check_links(&out);
}

/// One definition of on time (Art. 26, `WorkingDayCalendar::timeliness`): `check` and the
/// report page count the same entries late, at a weekend, a holiday and a make-up day.
#[test]
fn check_and_the_report_page_count_the_same_entries_late() {
    let s = TestSite::new();
    let entry = |name: &str, seq: u32, created: &str, published: &str| {
        s.write(
            &format!("content/entries/{name}.md"),
            &format!("---\nindex: \"{CODE}/2025-{seq:05}\"\ntitle: 第{seq}号通知\nsummary: 概述。\ncategory: \"0202\"\ncreated: {created}\npublished: {published}\n---\n正文\n"),
        );
    };
    // From Friday 2025-11-07 the 20th working day is Friday 2025-12-05.
    entry("friday", 1, "2025-11-07", "2025-12-05");
    entry("saturday", 2, "2025-11-07", "2025-12-06");
    // 1–8 October 2025 are off: from 2025-09-19 the 20th working day is 2025-10-23.
    entry("national-day", 3, "2025-09-19", "2025-10-23");
    // Saturday 2025-10-11 is a make-up workday, the 20th after 2025-09-08.
    entry("make-up", 4, "2025-09-08", "2025-10-11");
    entry("after-make-up", 5, "2025-09-08", "2025-10-12");
    s.write(
        "content/reports/2025.md",
        &report(
            "published: 2026-01-20\n",
            &body("无。").replace("2024年", "2025年"),
        ),
    );
    let o = run(s.root(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut late: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("逾期"))
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    late.sort();
    assert_eq!(
        late,
        [
            "content/entries/after-make-up.md",
            "content/entries/saturday.md"
        ],
        "{v:#}"
    );
    assert_ok(&s.build());
    let html = page(&s.out(), "reports/2025/");
    assert!(
        html.contains(
            "主动公开政府信息 <strong>5</strong> 条，其中自生成之日起 20 个工作日内公开 3 条"
        ),
        "{html}"
    );
    assert!(html.contains("未在 20 个工作日内公开的信息（2 条）"));
    assert!(html.contains("公开期限 2025-12-05，实际 2025-12-06 公开，逾期 1 天"));
    assert!(html.contains("公开期限 2025-10-11，实际 2025-10-12 公开，逾期 1 天"));
}
