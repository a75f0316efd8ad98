//! What a built site offers beyond its pages: open data (CSV and JSON of the catalogue),
//! per-agency feeds, a dated sitemap, a favicon, listings that show the date they are
//! sorted by, and a build that reports its progress and its total time.

use std::fs;

use crate::support::*;

const XIHE: &str = "11321099014124055G";

/// A township at `content/` with a town (西河镇) below it: published, draft, by-application
/// and attachment-carrying entries, and a title a spreadsheet would take for a formula.
fn county() -> TestSite {
    let s = TestSite::new();
    s.write("content/entries/附件.pdf", "%PDF-1.4");
    s.entry(
        "a",
        1,
        "0201",
        "keywords: [人居环境, 整治]\nattachments:\n  - { file: 附件.pdf, title: 方案全文 }\n",
        "正文一。",
    );
    s.entry(
        "b",
        2,
        "0202",
        "disclosure: 依申请公开\nattachments:\n  - { file: 附件.pdf, title: 分户明细 }\n",
        "不公开的正文",
    );
    s.entry("c", 3, "0202", "draft: true\n", "草稿正文");
    s.entry("d", 4, "0202", "", "正文四。");
    let formula = entry_text(CODE, 2024, 5, "0202", "", "正文五。").replace(
        "title: 第5号测试通知",
        "title: \"=HYPERLINK(\\\"http://x\\\",\\\"x\\\")\"",
    );
    s.write("content/entries/e.md", &formula);
    s.write("content/xihe/guide.md", &guide("西河镇人民政府", XIHE));
    s.write("content/xihe/catalogue.md", CATALOGUE);
    s.write(
        "content/xihe/entries/x.md",
        &entry_text(XIHE, 2024, 1, "0202", "", "西河正文"),
    );
    s
}

fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_catalogue_is_published_as_open_data_site_wide_and_per_agency() {
    let s = county();
    assert_ok(&s.build());
    let out = s.out();

    // CSV: UTF-8 with a BOM (Excel), the documented header, public entries only.
    let bytes = fs::read(out.join("catalogue.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "索引号",
            "名称",
            "内容概述",
            "机构",
            "发布机构",
            "分类代码",
            "分类",
            "生成日期",
            "公开日期",
            "文号",
            "关键词",
            "有效性",
            "废止日期",
            "公开方式",
            "网址",
            "附件"
        ]
    );
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(
        records.len(),
        5,
        "4 of the township's entries (no draft) + 1 of 西河"
    );
    assert!(!text.contains("第3号测试通知"), "the draft never leaves");
    assert!(!text.contains("不公开的正文") && !text.contains("草稿正文"));
    let first = records
        .iter()
        .find(|r| r[0] == format!("{CODE}/2024-00001"))
        .unwrap();
    assert_eq!(&first[3], "测试镇人民政府");
    assert_eq!(&first[10], "人居环境、整治");
    assert_eq!(
        &first[14],
        format!("https://www.example.gov.cn/xxgk/entry/{CODE}-2024-00001/")
    );
    assert!(first[15].starts_with(&format!(
        "https://www.example.gov.cn/xxgk/entry/{CODE}-2024-00001/%E9%99%84%E4%BB%B6.pdf | 方案全文"
    )));
    let on_request = records.iter().find(|r| r[0].ends_with("-00002")).unwrap();
    assert_eq!(&on_request[13], "依申请公开");
    assert_eq!(&on_request[15], "", "catalogue facts only: no attachment");
    assert!(!text.contains("分户明细"));
    let formula = records.iter().find(|r| r[0].ends_with("-00005")).unwrap();
    assert!(
        formula[1].starts_with("'="),
        "a formula is defused: {:?}",
        &formula[1]
    );

    // JSON: the same rows, keys as documented, lists where CSV joins.
    let site = json(&out.join("catalogue.json"));
    assert_eq!(site["count"], 5);
    assert_eq!(site["url"], "https://www.example.gov.cn/xxgk/");
    let entries = site["entries"].as_array().unwrap();
    let a = entries
        .iter()
        .find(|e| e["index"] == format!("{CODE}/2024-00001"))
        .unwrap();
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 16, "{keys:?}");
    assert_eq!(a["keywords"], serde_json::json!(["人居环境", "整治"]));
    assert_eq!(a["attachments"][0]["title"], "方案全文");
    // Newest 公开日期 first, as the listings.
    let published: Vec<&str> = entries
        .iter()
        .map(|e| e["published"].as_str().unwrap())
        .collect();
    let mut sorted = published.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(published, sorted);

    // Per agency: its own entries only, beside its catalogue page.
    let town = json(&out.join("xihe/catalogue/catalogue.json"));
    assert_eq!(town["count"], 1);
    assert_eq!(town["entries"][0]["index"], format!("{XIHE}/2024-00001"));
    let own = json(&out.join("catalogue/catalogue.json"));
    assert_eq!(own["count"], 4);
    assert!(out.join("xihe/catalogue/catalogue.csv").is_file());

    // Linked from the catalogue pages (with the field list) and from every footer.
    let catalogue = page(&out, "xihe/catalogue/");
    assert!(
        catalogue.contains("href=\"../../xihe/catalogue/catalogue.csv\""),
        "{catalogue}"
    );
    assert!(
        catalogue.contains("href=\"../../catalogue.json\""),
        "{catalogue}"
    );
    assert!(catalogue.contains("<td>公开日期</td><td><code>published</code></td>"));
    assert!(page(&out, "").contains("href=\"./catalogue.csv\""));
    check_links(&out);
}

#[test]
fn agency_pages_link_their_own_feed_and_the_sitemap_is_dated() {
    let s = county();
    s.write(
        "content/xihe/guide.md",
        &guide("西河镇人民政府", XIHE).replace("email:", "updated: 2024-02-03\nemail:"),
    );
    assert_ok(&s.build());
    let out = s.out();
    let feed = |p: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(&page(&out, p));
        let sel = scraper::Selector::parse("link[rel=alternate]").unwrap();
        doc.select(&sel)
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect()
    };
    // The town's pages (its home, catalogue, an entry) offer its feed beside the site's.
    let entry = format!("entry/{XIHE}-2024-00001/");
    assert_eq!(feed("xihe/"), ["../atom.xml", "../xihe/atom.xml"]);
    assert_eq!(feed(&entry), ["../../atom.xml", "../../xihe/atom.xml"]);
    assert!(page(&out, &entry).contains("订阅西河镇人民政府的更新（Atom）"));
    // The root agency's feed is the site's: offered once.
    assert_eq!(feed(""), ["./atom.xml"]);
    assert!(
        fs::read_to_string(out.join("xihe/atom.xml"))
            .unwrap()
            .contains("第1号测试通知")
    );

    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let lastmod = |loc: &str| {
        let at = sitemap
            .find(&format!("<loc>https://www.example.gov.cn/xxgk/{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} in {sitemap}"));
        let line = &sitemap[at..sitemap[at..].find('\n').unwrap() + at];
        line.split("<lastmod>").nth(1).map(|l| l[..10].to_string())
    };
    // An entry on its 公开日期 (day = seq % 27 + 1 in April), a listing on its newest.
    assert_eq!(lastmod(&entry).as_deref(), Some("2024-04-02"));
    assert_eq!(
        lastmod("xihe/category/0202/").as_deref(),
        Some("2024-04-02")
    );
    assert_eq!(lastmod("xihe/guide/").as_deref(), Some("2024-02-03"));
    assert_eq!(lastmod("guide/"), None, "no updated date, no lastmod");
    assert_eq!(lastmod("").as_deref(), Some("2024-04-06"));
}

#[test]
fn every_page_has_a_favicon_and_listings_show_the_date_they_are_sorted_by() {
    let s = county();
    assert_ok(&s.build());
    let out = s.out();
    assert!(
        fs::read(out.join("assets/favicon.ico"))
            .unwrap()
            .starts_with(&[0, 0, 1, 0])
    );
    for p in [
        "",
        "catalogue/",
        "xihe/guide/",
        &format!("entry/{CODE}-2024-00004/"),
    ] {
        assert!(page(&out, p).contains("assets/favicon.ico\""), "{p}");
    }
    // A site's own icon replaces it.
    s.write("static/assets/favicon.ico", "自己的图标");
    assert_ok(&s.build());
    assert_eq!(
        fs::read_to_string(out.join("assets/favicon.ico")).unwrap(),
        "自己的图标"
    );
    // Rows sorted by 公开日期 show it (and 生成日期).
    let home = scraper::Html::parse_document(&page(&out, ""));
    let th = scraper::Selector::parse("table.catalogue-table th").unwrap();
    let heads: Vec<String> = home.select(&th).map(|h| h.text().collect()).collect();
    assert_eq!(heads, ["索引号", "名称", "生成日期", "公开日期", "文号"]);
    let td = scraper::Selector::parse("td[data-label=公开日期]").unwrap();
    let dates: Vec<String> = home.select(&td).map(|d| d.text().collect()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first by the date shown");
    assert!(!dates.is_empty());
}

#[test]
fn a_build_reports_each_stage_and_which_time_is_the_total() {
    let s = county();
    let o = s.build();
    assert_ok(&o);
    let out = stdout(&o);
    // Not a terminal (as in CI): a plain line per finished stage, in order, with counts.
    let stages = [
        "读取与校验：2 个机构，5 个条目（另有 1 个不发布）",
        "生成页面：",
        "生成搜索索引：5 个条目",
        "替换输出目录：",
    ];
    let mut at = 0;
    for stage in stages {
        let found = out[at..]
            .find(stage)
            .unwrap_or_else(|| panic!("{stage} after {at} in {out}"));
        at += found;
    }
    assert!(out.contains("总用时"), "{out}");
    assert!(out.contains("（全部阶段，其中搜索索引"), "{out}");
    // Under a sub-path, robots.txt does not reach crawlers: the summary says so.
    assert!(out.contains("网站放在子路径 /xxgk/ 下"), "{out}");
    let o = run(
        s.root(),
        &["build", "--base-url", "https://www.example.gov.cn/"],
    );
    assert_ok(&o);
    assert!(!stdout(&o).contains("robots.txt"), "{}", stdout(&o));
}
