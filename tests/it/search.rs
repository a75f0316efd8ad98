//! The search index, the lookup table, the search page and the index-number pages, read
//! from the built output. (The browser tests in `tests/browser/` search through them.)

use std::fs;
use std::path::Path;

use gongkai::search::{PAGEFIND_VERSION, lookup_key, shard_of};
use gongkai::site::LoadOptions;
use gongkai::validate;

use crate::support::*;

/// Every file of the Pagefind index, decompressed.
fn index_text(out: &Path) -> Vec<(String, String)> {
    text_files(&out.join("search/pagefind"))
        .into_iter()
        .map(|(p, text)| (p.display().to_string(), text))
        .collect()
}

fn lookup_rows(out: &Path) -> Vec<serde_json::Value> {
    all_files(&out.join("search/lookup"))
        .into_iter()
        .flat_map(|(_, b)| {
            serde_json::from_slice::<Vec<serde_json::Value>>(&b)
                .unwrap()
                .into_iter()
        })
        .collect()
}

#[test]
fn held_back_entries_are_in_neither_the_index_nor_the_lookup_table() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nrequire_review: true\n",
    );
    let ok = "reviewed: 2024-03-20\n";
    s.entry("public", 1, "0201", ok, "公开正文甲子乙丑。");
    s.entry(
        "draft",
        2,
        "0201",
        &format!("{ok}draft: true\ndoc_number: 测草〔2024〕2号\n"),
        "草稿正文丙寅丁卯。",
    );
    s.entry("unreviewed", 3, "0201", "", "未审核正文戊辰己巳。");
    s.entry(
        "onrequest",
        4,
        "0202",
        &format!("{ok}disclosure: 依申请公开\n"),
        "依申请正文庚午辛未。",
    );
    s.entry("future", 5, "0201", ok, "未来正文壬申癸酉。");
    let future = fs::read_to_string(s.root().join("content/entries/future.md")).unwrap();
    s.write(
        "content/entries/future.md",
        &future.replace("published: 2024-04-06", "published: 2999-01-01"),
    );
    let o = s.build();
    assert_ok(&o);
    assert!(
        stdout(&o).contains("搜索索引：2 个条目"),
        "the public and the 依申请公开 entry are indexed: {}",
        stdout(&o)
    );
    let index = index_text(&s.out());
    let holding = |word: &str| -> Vec<String> {
        index
            .iter()
            .filter(|(_, t)| t.contains(word))
            .map(|(p, _)| p.clone())
            .collect()
    };
    // Each body's characters are indexed in pairs; a pair found only in one body
    // stands for that body.
    assert!(!holding("甲子").is_empty(), "the public body is indexed");
    for pair in [
        "丙寅",
        "戊辰",
        "庚午",
        "壬申",
        "第2号测试通知",
        "第3号",
        "第5号",
    ] {
        assert_eq!(holding(pair), Vec::<String>::new(), "{pair} leaked");
    }
    // The 依申请公开 entry's metadata is searchable, its body is not.
    assert!(!holding("第4号测试通知").is_empty());

    let rows = lookup_rows(&s.out());
    let indexes: Vec<&str> = rows.iter().map(|r| r["index"].as_str().unwrap()).collect();
    assert_eq!(indexes.len(), 2, "{indexes:?}");
    for seq in [1, 4] {
        assert!(indexes.contains(&format!("{CODE}/2024-{seq:05}").as_str()));
    }
    let everything: String = all_files(&s.out())
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(!everything.contains("测草"), "the draft's 文号 leaked");

    let list = page(&s.out(), "index-numbers/");
    assert!(
        list.contains(&format!("{CODE}/2024-00001"))
            && list.contains(&format!("{CODE}/2024-00004"))
    );
    for seq in [2, 3, 5] {
        assert!(
            !list.contains(&format!("{CODE}/2024-{seq:05}")),
            "{seq} listed"
        );
    }
}

#[test]
fn demo_index_covers_every_published_entry_and_matches_its_scripts() {
    let (out, _) = demo_build();
    let demo = validate::load(&repo(), &LoadOptions::default())
        .site
        .unwrap();
    let public: Vec<_> = demo.public_entries().map(|(_, e)| e).collect();

    let entry: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(out.join("search/pagefind/pagefind-entry.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(entry["version"], PAGEFIND_VERSION);
    assert_eq!(entry["languages"]["zh-cn"]["page_count"], public.len());
    let js = fs::read_to_string(out.join("search/pagefind/pagefind.js")).unwrap();
    assert!(
        js.contains(&format!("\"{PAGEFIND_VERSION}\"")),
        "the search script is the index's release"
    );
    assert!(
        !out.join("search/pagefind/pagefind-ui.js").exists(),
        "Pagefind's own UI is not shipped"
    );

    // Every index number and 文号 is in the shard its key hashes to, with its address.
    for e in &public {
        for text in std::iter::once(&e.index).chain(e.doc_number.as_ref()) {
            let key = lookup_key(text);
            let shard: Vec<serde_json::Value> = serde_json::from_str(
                &fs::read_to_string(out.join(format!("search/lookup/{}.json", shard_of(&key))))
                    .unwrap(),
            )
            .unwrap();
            let row = shard
                .iter()
                .find(|r| r["keys"].as_array().unwrap().iter().any(|k| k == &key))
                .unwrap_or_else(|| panic!("{text} not in its shard"));
            assert_eq!(row["url"], format!("entry/{}/", e.slug));
            assert_eq!(row["title"], e.title.as_str());
        }
    }
    let held_back: Vec<_> = demo.entries.iter().filter(|e| !e.is_public()).collect();
    assert!(!held_back.is_empty());
    for row in lookup_rows(out) {
        assert!(
            held_back.iter().all(|e| row["index"] != e.index.as_str()),
            "{row} is held back"
        );
    }
}

#[test]
fn every_page_has_a_labelled_search_box_and_the_search_page_works_without_it() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("xxgk");
    assert_ok(&run(
        &repo(),
        &[
            "build",
            "--root",
            "site-example",
            "--output",
            out.to_str().unwrap(),
        ],
    ));
    let form = scraper::Selector::parse("header form[role=search]").unwrap();
    let input = scraper::Selector::parse("input[name=q]").unwrap();
    let label = scraper::Selector::parse("label").unwrap();
    let mut pages = 0;
    for (rel, bytes) in all_files(&out) {
        if rel.extension().is_none_or(|x| x != "html")
            || rel.starts_with("search")
            || rel == Path::new("404.html")
        {
            continue;
        }
        pages += 1;
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let f = doc
            .select(&form)
            .next()
            .unwrap_or_else(|| panic!("{} has no search box", rel.display()));
        let id = f.select(&input).next().unwrap().value().attr("id").unwrap();
        assert!(
            f.select(&label).any(|l| l.value().attr("for") == Some(id)),
            "{}: the search box is labelled",
            rel.display()
        );
        // The form's target is the search page, relative to this page.
        let action = f.value().attr("action").unwrap();
        let depth = rel.components().count() - 1;
        let root = if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        };
        assert_eq!(action, format!("{root}search/"), "{}", rel.display());
    }
    assert!(pages > 50);

    let search = page(&out, "search/");
    let doc = scraper::Html::parse_document(&search);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert!(doc.select(&sel("label[for=search-q]")).next().is_some());
    assert!(
        doc.select(&sel("[role=status][aria-live=polite]"))
            .next()
            .is_some()
    );
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    // Without JavaScript: a message and every agency's catalogue and index-number list.
    let noscript = doc.select(&sel("noscript")).next().unwrap().inner_html();
    assert!(noscript.contains("需要浏览器启用 JavaScript"));
    let demo = validate::load(&repo().join("site-example"), &LoadOptions::default())
        .site
        .unwrap();
    for a in &demo.agencies {
        assert!(
            noscript.contains(&format!("{}catalogue/", a.url)),
            "{}",
            a.name()
        );
        assert!(
            noscript.contains(&format!("{}index-numbers/", a.url)),
            "{}",
            a.name()
        );
        assert!(out.join(&a.url).join("index-numbers/index.html").is_file());
    }
    check_links(&out);
}

#[test]
fn every_index_number_is_two_clicks_from_the_search_page_agency_then_year() {
    // From the search page (without JavaScript) to an agency's index-number list, then
    // to the year the entry was made: every published number is in its year's section.
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build_site(
        &repo().join("site-example"),
        out.path(),
        &["--no-cache"],
    ));
    let site = validate::load(&repo().join("site-example"), &LoadOptions::default())
        .site
        .unwrap();
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let mut checked = 0;
    for (i, a) in site.agencies.iter().enumerate() {
        let html = page(out.path(), &format!("{}index-numbers/", a.url));
        let doc = scraper::Html::parse_document(&html);
        let years: Vec<String> = doc
            .select(&sel("section > h2"))
            .map(|h| h.value().attr("id").unwrap().to_string())
            .collect();
        let nav: Vec<String> = doc
            .select(&sel(".year-nav a"))
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect();
        if years.len() > 1 {
            let linked: Vec<String> = years.iter().map(|y| format!("#{y}")).collect();
            assert_eq!(nav, linked, "{}: the year links", a.name());
        }
        // Newest year first.
        let mut sorted = years.clone();
        sorted.sort_by(|x, y| y.cmp(x));
        assert_eq!(years, sorted);
        for (_, e) in site.public_entries().filter(|(_, e)| e.agency == i) {
            let id = format!("y{}", chrono::Datelike::year(&e.created));
            let section = doc
                .select(&sel("section"))
                .find(|s| s.value().attr("aria-labelledby") == Some(id.as_str()))
                .unwrap_or_else(|| panic!("{}: no {id}", a.name()));
            assert!(
                section.html().contains(&e.index),
                "{} not under {id}",
                e.index
            );
            checked += 1;
        }
    }
    assert_eq!(checked, site.public_entries().count());
}
