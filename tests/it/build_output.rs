//! The output: pagination, atomic replacement, nothing stale, sub-path links, overrides.

use std::fs;

use crate::support::*;

fn seven_entries() -> TestSite {
    let s = TestSite::new();
    s.numbered_entries(7);
    s
}

#[test]
fn pagination_splits_at_per_page_newest_first() {
    let s = seven_entries();
    assert_ok(&s.build());
    let out = s.out();
    let rows = |url: &str| {
        let doc = scraper::Html::parse_document(&page(&out, url));
        let sel = scraper::Selector::parse(".catalogue-table tbody tr .col-title a").unwrap();
        doc.select(&sel)
            .map(|a| a.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows("category/0201/"),
        ["第7号测试通知", "第6号测试通知", "第5号测试通知"]
    );
    assert_eq!(
        rows("category/0201/page/2/"),
        ["第4号测试通知", "第3号测试通知", "第2号测试通知"]
    );
    assert_eq!(rows("category/0201/page/3/"), ["第1号测试通知"]);
    assert!(!out.join("category/0201/page/4").exists());
    // The parent category lists its children's entries too.
    assert_eq!(rows("category/02/"), rows("category/0201/"));
    let p2 = page(&out, "category/0201/page/2/");
    assert!(
        p2.contains("href=\"../../../../category/0201/\" rel=\"prev\""),
        "{p2}"
    );
    assert!(p2.contains("href=\"../../../../category/0201/page/3/\" rel=\"next\""));
    // Previous/next on entry pages follow the same order.
    let e4 = page(&out, &format!("entry/{CODE}-2024-00004/"));
    assert!(e4.contains("第5号测试通知") && e4.contains("第3号测试通知"));
    check_links(&out);
}

#[test]
fn a_failed_build_leaves_the_previous_output_in_place() {
    let s = seven_entries();
    assert_ok(&s.build());
    let before = all_files(&s.out());
    s.write("content/entries/broken.md", "---\ntitle: 坏文件\n---\n");
    let o = s.build();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("输出目录保持不变"));
    assert_eq!(all_files(&s.out()), before, "output untouched");
    let leftovers: Vec<_> = fs::read_dir(s.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folders left behind");
}

#[test]
fn nothing_stale_survives_a_rebuild() {
    let s = seven_entries();
    assert_ok(&s.build());
    let gone = s.out().join(format!("entry/{CODE}-2024-00007/index.html"));
    assert!(gone.is_file());
    fs::remove_file(s.root().join("content/entries/e7.md")).unwrap();
    assert_ok(&s.build());
    assert!(!gone.exists());
    assert!(!page(&s.out(), "category/0201/").contains("第7号测试通知"));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let s = seven_entries();
    let foreign = s.root().join("docs");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "重要文件").unwrap();
    let o = run(s.root(), &["build", "--output", "docs"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是 gongkai 生成的"));
    assert_eq!(
        fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "重要文件"
    );
}

#[test]
fn links_work_under_a_sub_path_and_absolute_urls_use_base_url() {
    let s = seven_entries();
    let o = run(
        s.root(),
        &["build", "--base-url", "https://county.gov.cn/zwgk/town"],
    );
    assert_ok(&o);
    let out = s.out();
    check_links(&out);
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(&format!(
            "<loc>https://county.gov.cn/zwgk/town/entry/{CODE}-2024-00001/</loc>"
        )),
        "{sitemap}"
    );
    assert!(
        sitemap
            .lines()
            .filter(|l| l.contains("<loc>"))
            .all(|l| l.contains("https://county.gov.cn/zwgk/town/"))
    );
    // The 404 page is served at any depth, so its links are absolute from the sub-path.
    let nf = page(&out, "404.html");
    assert!(nf.contains("href=\"/zwgk/town/assets/style.css\""), "{nf}");
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://county.gov.cn/zwgk/town/sitemap.xml"));
    // Pages carry no absolute links to the host: they work when copied anywhere.
    let entry = page(&out, &format!("entry/{CODE}-2024-00001/"));
    assert!(!entry.contains("href=\"/"), "relative links only");
}

#[test]
fn site_templates_override_the_theme_by_name_and_static_is_copied() {
    let s = seven_entries();
    s.write("templates/entry.html", "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">自定义：{{ entry.index }}</p>{% endblock content %}");
    s.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    assert_ok(&s.build());
    assert!(
        page(&s.out(), &format!("entry/{CODE}-2024-00001/"))
            .contains(&format!("自定义：{CODE}/2024-00001"))
    );
    assert!(s.out().join("logo.svg").is_file());
    // A broken override is reported with its file.
    s.write("templates/entry.html", "{% if %}");
    let err = stderr(&s.build());
    assert!(
        err.contains("templates/entry.html") || err.contains("entry.html"),
        "{err}"
    );
}

#[test]
fn nested_agencies_get_their_own_pages_and_folder_names_are_checked() {
    let s = TestSite::new();
    s.write(
        "content/xihe/guide.md",
        &guide("西河镇人民政府", "11321099014124055G"),
    );
    s.write("content/xihe/catalogue.md", CATALOGUE);
    s.write(
        "content/xihe/entries/a.md",
        &entry_text("11321099014124055G", 2024, 1, "0202", "", "西河正文"),
    );
    s.write(
        "content/xihe/nongjizhan/guide.md",
        &guide("西河镇农业技术推广站", "123210994661231840"),
    );
    s.write("content/xihe/nongjizhan/catalogue.md", CATALOGUE);
    assert_ok(&s.build());
    let out = s.out();
    assert!(page(&out, "xihe/").contains("西河镇人民政府"));
    assert!(page(&out, "xihe/nongjizhan/guide/").contains("西河镇农业技术推广站"));
    assert!(page(&out, "xihe/category/0202/").contains("11321099014124055G/2024-00001"));
    check_links(&out);
    // A folder named like one of the site's own addresses is refused.
    s.write(
        "content/entry/guide.md",
        &guide("冲突机构", "11321099014124056X"),
    );
    s.write("content/entry/catalogue.md", CATALOGUE);
    let err = stderr(&s.build());
    assert!(
        err.contains("content/entry") && err.contains("冲突"),
        "{err}"
    );
}
