//! The demo township at the repository root and the multi-agency `site-example/`.

use std::collections::BTreeMap;

use gongkai::site::LoadOptions;
use gongkai::validate;

use crate::support::*;

#[test]
fn demo_builds_and_every_entry_page_shows_its_metadata() {
    let (out, _) = demo_build();
    let loaded = validate::load(&repo(), &LoadOptions::default());
    let demo = loaded.site.expect("demo loads");
    let mut public = 0;
    for (_, e) in demo.public_entries() {
        public += 1;
        let html = page(out, &format!("entry/{}/", e.slug));
        let cat = &demo.agencies[e.agency].catalogue.categories[e.category];
        for needle in [
            &e.index,
            &e.title,
            &cat.name,
            &e.created.to_string(),
            &e.published.to_string(),
        ] {
            assert!(
                html.contains(needle.as_str()),
                "{} lacks {needle}",
                e.source.display()
            );
        }
        if let Some(r) = e.repealed {
            assert!(
                html.contains(&format!("自 {r} 起已{}", e.validity.label())),
                "{} shows its repeal date",
                e.source.display()
            );
        }
        if let Some(d) = &e.doc_number {
            assert!(
                html.contains(d.as_str()),
                "{} lacks its 文号",
                e.source.display()
            );
        }
        for a in demo.published_attachments(e) {
            assert!(
                out.join(format!("entry/{}/{}", e.slug, a.name)).is_file(),
                "attachment {} copied",
                a.name
            );
            assert!(html.contains(&a.kind), "attachment type shown");
        }
    }
    assert!(public >= 35, "the demo publishes its entries ({public})");
    let (pages, links) = check_links(out);
    assert!(
        pages > public && links > pages * 10,
        "{pages} pages, {links} links"
    );
}

#[test]
fn demo_navigation_uses_the_standard_column_names() {
    let (out, _) = demo_build();
    let home = page(out, "");
    for column in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    ] {
        assert!(home.contains(column), "home page lacks column {column}");
    }
    let guide = page(out, "guide/");
    for fact in ["办公地址", "办公时间", "联系电话", "传真", "电子邮箱"] {
        assert!(guide.contains(fact), "guide lacks {fact}");
    }
    assert!(
        out.join("sitemap.xml").is_file()
            && out.join("robots.txt").is_file()
            && out.join("404.html").is_file()
    );
}

#[test]
fn category_counts_add_up_in_the_catalogue() {
    let (out, _) = demo_build();
    let demo = validate::load(&repo(), &LoadOptions::default())
        .site
        .unwrap();
    let catalogue = &demo.agencies[0].catalogue;
    let html = page(out, "catalogue/");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".category-tree li").unwrap();
    let a = scraper::Selector::parse("a").unwrap();
    // Count shown per category, read from the page.
    let mut shown = BTreeMap::new();
    for li in doc.select(&sel) {
        let name = li.select(&a).next().unwrap().text().collect::<String>();
        let own_text: String = li.text().collect();
        let after = own_text.split(&name).nth(1).unwrap();
        let n: usize = after
            .split('（')
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        shown.insert(name, n);
    }
    assert_eq!(shown.len(), catalogue.categories.len());
    // Independently: count published entries per category, parents include children.
    for (i, c) in catalogue.categories.iter().enumerate() {
        let expected = demo
            .public_entries()
            .filter(|(_, e)| (i..c.subtree_end).contains(&e.category))
            .count();
        assert_eq!(shown[&c.name], expected, "count of {}", c.name);
        let children_sum: usize = catalogue.categories[i + 1..c.subtree_end]
            .iter()
            .filter(|k| k.parent == Some(i))
            .map(|k| shown[&k.name])
            .sum();
        let own = demo
            .public_entries()
            .filter(|(_, e)| e.category == i)
            .count();
        assert_eq!(
            shown[&c.name],
            own + children_sum,
            "{} = own + children",
            c.name
        );
    }
    let total: usize = catalogue
        .categories
        .iter()
        .filter(|c| c.parent.is_none())
        .map(|c| shown[&c.name])
        .sum();
    assert_eq!(total, demo.public_entries().count());
}

#[test]
fn site_example_builds_with_nested_agencies() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("public");
    assert_ok(&build_site(&repo().join("site-example"), &out, &[]));
    let example = validate::load(&repo().join("site-example"), &LoadOptions::default())
        .site
        .unwrap();
    assert!(example.agencies.len() >= 7);
    let nested = example
        .agencies
        .iter()
        .find(|a| a.depth >= 2)
        .expect("a nested 站所");
    let html = page(&out, &nested.url);
    let parent = &example.agencies[nested.parent.unwrap()];
    assert!(
        html.contains(nested.name()) && html.contains(parent.name()),
        "breadcrumbs name the parent agency"
    );
    let home = page(&out, "");
    for a in &example.agencies {
        assert!(home.contains(a.name()), "site home lists {}", a.name());
    }
    check_links(&out);
}
