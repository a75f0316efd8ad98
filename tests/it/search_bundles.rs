//! How the full-text index scales: bundles, the body limit and `search:` in site.yaml,
//! read from the built output.

use std::fs;
use std::path::Path;

use crate::support::*;

/// The files of one Pagefind bundle (not of the bundles nested in it), decompressed.
fn bundle_text(dir: &Path) -> Vec<(String, String)> {
    text_files(dir)
        .into_iter()
        // A nested bundle is a folder with its own entry file.
        .filter(|(p, _)| {
            let top = p.components().next().unwrap().as_os_str();
            p.components().count() == 1 || !dir.join(top).join("pagefind-entry.json").exists()
        })
        .map(|(p, text)| (p.display().to_string(), text))
        .collect()
}

fn holds(bundle: &[(String, String)], word: &str) -> bool {
    bundle.iter().any(|(_, t)| t.contains(word))
}

fn page_count(dir: &Path) -> u64 {
    let entry: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("pagefind-entry.json")).unwrap())
            .unwrap();
    entry["languages"]["zh-cn"]["page_count"].as_u64().unwrap()
}

/// A pair of characters that only entry `n`'s body holds (Pagefind indexes every pair
/// of adjacent characters, so a pair found in a bundle stands for that body).
fn unique_pair(n: u32) -> String {
    let chars: Vec<char> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
        .chars()
        .collect();
    let a = chars[n as usize % chars.len()];
    let b = chars[(n as usize * 7 + 3) % chars.len()];
    format!("{a}{b}")
}

/// The bundles of a built site: the primary one, then those `bundles.json` lists.
fn bundles(out: &Path) -> Vec<(String, std::path::PathBuf)> {
    let root = out.join("search/pagefind");
    let list: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("bundles.json")).unwrap()).unwrap();
    let mut all = vec![(String::new(), root.clone())];
    for name in list["merge"].as_array().unwrap() {
        let name = name.as_str().unwrap().trim_end_matches('/').to_string();
        all.push((name.clone(), root.join(&name)));
    }
    all
}

/// The bundles that the route of a built site names for `term` (numbers in the bundle
/// list), read as search.js reads it: the shard of each pair of consecutive letters or
/// digits, by FNV-1a.
fn route(out: &Path, term: &str) -> Vec<u64> {
    let list: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(out.join("search/pagefind/bundles.json")).unwrap(),
    )
    .unwrap();
    let shards = list["route"]["shards"].as_u64().expect("a route") as u32;
    let width = format!("{:x}", shards - 1).len();
    let chars: Vec<char> = term.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut held: Option<Vec<u64>> = None;
    for w in chars.windows(2) {
        let pair: String = w.iter().collect();
        let hash = pair.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let shard = format!("{:0width$x}", hash & (shards - 1));
        let text = fs::read_to_string(out.join(format!("search/route/{shard}.txt"))).unwrap();
        let set = text.lines().find_map(|l| l.strip_prefix(pair.as_str()));
        let these: Vec<u64> = match set {
            None => vec![],
            Some(set) => match set.strip_prefix('x') {
                Some(hex) => hex
                    .chars()
                    .enumerate()
                    .flat_map(|(k, d)| {
                        let d = d.to_digit(16).unwrap();
                        (0..4u64)
                            .filter(move |b| d >> b & 1 == 1)
                            .map(move |b| 4 * k as u64 + b)
                    })
                    .collect(),
                None => set.split(',').map(|n| n.parse().unwrap()).collect(),
            },
        };
        held = Some(match held {
            None => these,
            Some(h) => h.into_iter().filter(|n| these.contains(n)).collect(),
        });
    }
    held.expect("a term of two letters or more")
}

#[test]
fn a_site_over_the_bundle_size_is_indexed_in_bundles_of_whole_years_or_slices_of_one() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nsearch:\n  bundle_size: 3\n",
    );
    // 2021: 1 and 2; 2022: 3; 2024: 4 … 9 (published April 5 … 10, `entry_text`). 4 is a draft, 6 is
    // 依申请公开 (its metadata is indexed, not its body).
    let write = |seq: u32| {
        let year = match seq {
            1 | 2 => 2021,
            3 => 2022,
            _ => 2024,
        };
        let extra = match seq {
            4 => "draft: true\n",
            6 => "disclosure: 依申请公开\n",
            _ => "",
        };
        let body = format!("本条正文：{}。", unique_pair(seq));
        s.write(
            &format!("content/entries/e{seq}.md"),
            &entry_text(CODE, year, seq, "0201", extra, &body),
        );
    };
    (1..=9).for_each(write);
    let o = s.build();
    assert_ok(&o);
    assert!(
        stdout(&o).contains("8 个条目，正文全部编入，3 个分包"),
        "{}",
        stdout(&o)
    );
    let found = bundles(&s.out());
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    // 2024 holds five published entries: cut in slices of at most three (April 6–7 and
    // 8–10 fall in different 64ths of the year, a 32nd would hold all five). 2021 and
    // 2022 fit in one bundle.
    assert_eq!(names, ["", "2024-17of64", "2021-2022"]);
    assert_eq!(
        found.iter().map(|(_, d)| page_count(d)).collect::<Vec<_>>(),
        [3, 2, 3]
    );
    let root = s.out().join("search/pagefind");
    // Only the primary bundle carries the scripts and WebAssembly.
    assert!(root.join("pagefind.js").is_file() && root.join("pagefind-worker.js").is_file());
    for (_, extra) in &found[1..] {
        let names: Vec<String> = fs::read_dir(extra)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.ends_with(".js") && !n.starts_with("wasm")),
            "{names:?}"
        );
    }
    let texts: Vec<_> = found.iter().map(|(_, d)| bundle_text(d)).collect();
    // Newest first: the primary bundle holds 9, 8, 7.
    for (seq, expected) in [(9, 0), (8, 0), (7, 0), (5, 1), (3, 2), (2, 2), (1, 2)] {
        let pair = unique_pair(seq);
        let found: Vec<usize> = (0..3).filter(|&b| holds(&texts[b], &pair)).collect();
        assert_eq!(found, vec![expected], "entry {seq} ({pair})");
    }
    assert!(holds(&texts[1], "第6号测试通知"));
    // The route sends a query for a body's pair to that body's bundle only, one for the
    // catalogue to every bundle, and one for a word found nowhere to none.
    for (seq, expected) in [(9, 0), (8, 0), (7, 0), (5, 1), (3, 2), (2, 2), (1, 2)] {
        assert_eq!(
            route(&s.out(), &unique_pair(seq)),
            [expected],
            "entry {seq}"
        );
    }
    assert_eq!(route(&s.out(), "测试通知"), [0, 1, 2]);
    assert_eq!(route(&s.out(), "火星移民"), [] as [u64; 0]);
    // Held back: the draft entirely, the 依申请公开 entry's body; not even their pairs
    // are routed.
    for word in ["第4号测试通知".to_string(), unique_pair(4), unique_pair(6)] {
        assert!(texts.iter().all(|t| !holds(t, &word)), "{word} leaked");
    }
    assert_eq!(route(&s.out(), &unique_pair(4)), [] as [u64; 0]);
    assert_eq!(route(&s.out(), &unique_pair(6)), [] as [u64; 0]);
    assert_eq!(route(&s.out(), "第4号"), [] as [u64; 0]);
    let search = page(&s.out(), "search/");
    assert!(search.contains("data-full-text=\"true\""));

    // Editing the newest entry changes the newest bundle's files only.
    let before = |dir: &Path| all_files(dir);
    let old: Vec<_> = found[1..].iter().map(|(_, d)| before(d)).collect();
    let old_primary = bundle_text(&root);
    s.write(
        "content/entries/e9.md",
        &entry_text(CODE, 2024, 9, "0201", "", "改过的正文。"),
    );
    assert_ok(&s.build());
    assert_eq!(bundles(&s.out()).len(), 3);
    for ((_, dir), old) in found[1..].iter().zip(old) {
        assert_eq!(before(dir), old, "{} changed", dir.display());
    }
    assert_ne!(bundle_text(&root), old_primary);
}

#[test]
fn body_chars_limits_how_much_of_each_body_is_indexed() {
    let s = TestSite::new();
    let body = "开头十个字的正文内容，之后才出现检索专用词寅卯。";
    s.entry("a", 1, "0201", "", body);
    s.entry("b", 2, "0201", "", "短正文。");
    for (setting, line, late_word_indexed) in [
        (
            "body_chars: 10",
            "正文每条编入前 10 字（1 条正文较长，只编入开头）",
            false,
        ),
        ("body_chars: 0", "正文未编入", false),
        ("body_chars: all", "正文全部编入", true),
        ("body_chars: 自动", "正文全部编入", true),
    ] {
        s.write(
            "site.yaml",
            &format!("title: 测试\nbase_url: https://www.example.gov.cn/\nsearch:\n  {setting}\n"),
        );
        let o = s.build();
        assert_ok(&o);
        assert!(stdout(&o).contains(line), "{setting}: {}", stdout(&o));
        let text = bundle_text(&s.out().join("search/pagefind"));
        assert_eq!(holds(&text, "寅卯"), late_word_indexed, "{setting}");
        // The catalogue fields are always indexed.
        assert!(holds(&text, "第1号测试通知") && holds(&text, "概述"));
        assert_eq!(
            holds(&text, "开头"),
            setting != "body_chars: 0",
            "{setting}"
        );
    }
}

#[test]
fn without_full_text_only_the_lookup_is_built() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nsearch:\n  full_text: false\n",
    );
    s.entry("a", 1, "0201", "doc_number: 测发〔2024〕1号\n", "正文。");
    let o = s.build();
    assert_ok(&o);
    assert!(stdout(&o).contains("未生成全文索引"), "{}", stdout(&o));
    assert!(!s.out().join("search/pagefind").exists());
    let lookup = all_files(&s.out().join("search/lookup"));
    assert!(
        lookup
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("测发〔2024〕1号"))
    );
    let search = page(&s.out(), "search/");
    assert!(search.contains("data-full-text=\"false\""));
    assert!(search.contains("本站不提供全文搜索"));
    assert!(
        !search.contains("search-filters"),
        "no filters without full text"
    );
    assert!(page(&s.out(), "").contains("输入索引号或文号"));
}

#[test]
fn the_search_page_lists_filter_values_with_their_counts() {
    let s = TestSite::new();
    s.entry("a", 1, "0201", "", "正文。");
    s.entry(
        "b",
        2,
        "0202",
        "validity: 废止\nrepealed: 2024-05-01\n",
        "正文。",
    );
    s.entry("c", 3, "01", "", "正文。");
    s.entry("d", 4, "0201", "draft: true\n", "正文。");
    assert_ok(&s.build());
    let doc = scraper::Html::parse_document(&page(&s.out(), "search/"));
    let options = |key: &str| filter_options(&doc, key);
    // A category counts the entries of its sub-categories; the draft counts nowhere.
    assert_eq!(
        options("category"),
        [
            "全部",
            "政策文件（2）",
            "其他文件（1）",
            "机构职能（1）",
            "行政规范性文件（1）"
        ]
    );
    assert_eq!(options("validity"), ["全部", "有效（2）", "废止（1）"]);
    assert_eq!(options("year"), ["全部", "2024（3）"]);
    let hidden = |key: &str| {
        let sel = scraper::Selector::parse(&format!("[data-filter={key}]")).unwrap();
        doc.select(&sel)
            .next()
            .unwrap()
            .value()
            .attr("hidden")
            .is_some()
    };
    // One agency and one year cannot narrow anything.
    assert!(hidden("agency") && hidden("year"));
    assert!(!hidden("category") && !hidden("validity"));
}

#[test]
fn entries_alike_are_counted_together() {
    // Entries with the same agency, category, year and validity are counted as a group.
    let s = TestSite::new();
    s.numbered_entries(3);
    s.entry("d", 4, "0201", "draft: true\n", "正文。");
    assert_ok(&s.build());
    let doc = scraper::Html::parse_document(&page(&s.out(), "search/"));
    assert_eq!(
        filter_options(&doc, "category"),
        ["全部", "政策文件（3）", "行政规范性文件（3）"]
    );
    assert_eq!(filter_options(&doc, "validity"), ["全部", "有效（3）"]);
}

/// The options of a filter's list on the search page, as shown.
fn filter_options(doc: &scraper::Html, key: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(&format!("#filter-{key} option")).unwrap();
    doc.select(&sel)
        .map(|o| o.text().collect::<String>())
        .collect()
}

#[test]
fn search_settings_are_checked_with_chinese_messages() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nsearch:\n  full_text: 也许\n  body_chars: 很多\n  bundle_size: 0\n",
    );
    let err = stderr(&s.build());
    for expected in [
        "全文搜索（`full_text`）只能是 true 或 false",
        "正文编入字数（`body_chars`）不能是 `很多`",
        "索引分包条目数（`bundle_size`）应为正整数",
        "site.yaml:4",
        "site.yaml:5",
        "site.yaml:6",
    ] {
        assert!(err.contains(expected), "{expected}:\n{err}");
    }
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nsearch:\n  body_char: 100\n",
    );
    let err = stderr(&s.build());
    assert!(
        err.contains("未知字段 `body_char`") && err.contains("body_chars"),
        "{err}"
    );
}

#[test]
fn the_word_index_is_split_into_small_chunks() {
    // A visitor downloads, per query word, the chunk holding it. Pagefind's default
    // chunks (20,000 postings) put the demo's whole index in three files.
    let (out, _) = demo_build();
    let chunks = fs::read_dir(out.join("search/pagefind/index"))
        .unwrap()
        .count();
    assert!(chunks >= 15, "{chunks} index chunks");
}
