//! Drafts, unreviewed entries and the bodies of 依申请公开 entries never reach the output.

use crate::support::*;

/// The front matter and attachment of an entry whose every field holds `m`.
fn marked(s: &TestSite, name: &str, seq: u32, m: &str, extra: &str) {
    let file = format!("{m}附件.txt");
    s.write(&format!("content/entries/{file}"), &format!("{m}附件内容"));
    s.write(
        &format!("content/entries/{name}.md"),
        &format!(
            "---\nindex: \"{CODE}/2024-{seq:05}\"\ntitle: {m}名称\nsummary: {m}概述\ncategory: \"0201\"\ncreated: 2024-03-02\npublished: 2024-03-05\npublisher: {m}发布机构\ndoc_number: {m}文号〔2024〕1号\nkeywords: [{m}关键词]\nattachments: [{{ file: {file}, title: {m}附件标题 }}]\nextra: {{ 备注: {m}扩展 }}\n{extra}---\n{m}正文\n"
        ),
    );
}

/// Every byte of `bytes`, as text (gzip unpacked: Pagefind's index; an .xlsx read
/// cell by cell).
fn readable(name: &str, bytes: &[u8]) -> String {
    use std::io::Read;
    if name.ends_with(".xlsx") {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut text = String::new();
        for (_, sheet) in book.worksheets() {
            for cell in sheet.used_cells() {
                text.push_str(&cell.2.to_string());
                text.push('\n');
            }
        }
        return text;
    }
    let mut out = Vec::new();
    match flate2::read::GzDecoder::new(bytes).read_to_end(&mut out) {
        Ok(_) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[test]
fn held_back_content_reaches_no_sink() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nrequire_review: true\n",
    );
    s.entry(
        "public",
        1,
        "0201",
        "reviewed: 2024-03-04\nattachments: [{ file: 公开附件.txt, title: 公开附件 }]\n",
        "公开正文公开专用词。",
    );
    s.write("content/entries/公开附件.txt", "公开附件内容");
    let withheld = ["草稿标记", "未审核标记", "未到期标记"];
    marked(
        &s,
        "draft",
        2,
        withheld[0],
        "reviewed: 2024-03-04\ndraft: true\n",
    );
    marked(&s, "unreviewed", 3, withheld[1], "");
    marked(&s, "future", 5, withheld[2], "reviewed: 2024-03-04\n");
    let future = std::fs::read_to_string(s.root().join("content/entries/future.md")).unwrap();
    s.write(
        "content/entries/future.md",
        &future.replace("published: 2024-03-05", "published: 2999-01-01"),
    );
    // A 依申请公开 entry: its catalogue facts are published, its body and attachment never.
    marked(
        &s,
        "onrequest",
        4,
        "依申请标记",
        "reviewed: 2024-03-04\ndisclosure: 依申请公开\n",
    );
    let never: Vec<String> = withheld
        .iter()
        .flat_map(|m| {
            [
                "名称",
                "概述",
                "发布机构",
                "文号",
                "关键词",
                "附件",
                "附件内容",
                "附件标题",
                "扩展",
                "正文",
            ]
            .map(|f| format!("{m}{f}"))
        })
        .chain(["依申请标记正文", "依申请标记附件"].map(String::from))
        .chain([2, 3, 5].map(|n| format!("2024-{n:05}")))
        .collect();
    let o = s.build();
    assert_ok(&o);
    let out = s.out();
    // Every sink: pages, attachments, search index and lookup, feeds, sitemap, open data
    // — every file of the output, its name and every byte of it unpacked.
    let mut sinks: Vec<(String, String)> = all_files(&out)
        .into_iter()
        .map(|(p, b)| {
            let name = p.to_string_lossy().into_owned();
            let text = readable(&name, &b);
            (name, text)
        })
        .collect();
    assert!(
        sinks.iter().any(|(_, t)| t.contains("公开附件内容")),
        "the public attachment is there"
    );
    assert!(
        sinks.iter().any(|(_, t)| t.contains("依申请标记名称")),
        "the on-request entry is listed"
    );
    // The build cache beside site.yaml (what CI keeps between pushes), and a build in two
    // parts and their merge (what a CI matrix uploads and joins).
    let cache = s.root().join(".gongkai-cache");
    assert!(cache.is_dir(), "the build made its cache");
    let mut more = vec![("cache", cache)];
    let parts: Vec<_> = (1..=2).map(|k| s.root().join(format!("part{k}"))).collect();
    for (k, dir) in parts.iter().enumerate() {
        let part = format!("{}/2", k + 1);
        assert_ok(&build_site(s.root(), dir, &["--part", &part, "--no-cache"]));
        more.push(("part", dir.clone()));
    }
    let merged = s.root().join("merged");
    let mut args = vec!["build", "--output", merged.to_str().unwrap(), "--merge"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    assert_ok(&run(s.root(), &args));
    more.push(("merged", merged));
    for (what, dir) in more {
        let files = all_files(&dir);
        assert!(!files.is_empty(), "{what}: {}", dir.display());
        sinks.extend(files.into_iter().map(|(p, b)| {
            let name = p.to_string_lossy().into_owned();
            let text = readable(&name, &b);
            (format!("{what}: {name}"), text)
        }));
    }
    for format in ["csv", "xlsx", "json"] {
        let file = s.root().join(format!("目录.{format}"));
        assert_ok(&run(
            s.root(),
            &[
                "export",
                "--format",
                format,
                "--output",
                file.to_str().unwrap(),
            ],
        ));
        sinks.push((
            format!("export.{format}"),
            readable(&format!("x.{format}"), &std::fs::read(&file).unwrap()),
        ));
    }
    // What serve answers: every file of the build at its address, and the addresses the
    // held-back entries and attachments would have.
    let server = Server::start(s.root(), &[]);
    server.wait_page(
        "search/pagefind/pagefind-entry.json",
        "the search index",
        |r| r.status == 200,
    );
    let mut answered = 0;
    for (name, _) in all_files(&out) {
        let url = name.to_string_lossy().replace('\\', "/");
        if url == ".gongkai-output" {
            continue; // build's marker; serve writes no folder
        }
        let r = server.get(
            &url.split('/')
                .map(percent_encode)
                .collect::<Vec<_>>()
                .join("/"),
        );
        assert_eq!(r.status, 200, "serve answers /{url} as build wrote it");
        sinks.push((format!("serve /{url}"), readable(&url, &r.body)));
        answered += 1;
    }
    for (seq, m) in [
        (2, "草稿标记"),
        (3, "未审核标记"),
        (5, "未到期标记"),
        (4, "依申请标记"),
    ] {
        let page = format!("entry/{CODE}-2024-{seq:05}/");
        let attachment = format!("{page}{}", percent_encode(&format!("{m}附件.txt")));
        if seq != 4 {
            assert_eq!(server.get(&page).status, 404, "{page}");
        }
        let r = server.get(&attachment);
        assert_eq!(r.status, 404, "{attachment}");
        sinks.push((format!("serve: the attachment of entry {seq}"), r.text()));
    }
    let mut leaks = Vec::new();
    for (name, text) in &sinks {
        for word in &never {
            if name.contains(word.as_str()) || text.contains(word.as_str()) {
                leaks.push(format!("{word} in {name}"));
            }
        }
    }
    assert!(leaks.is_empty(), "leaked:\n{}", leaks.join("\n"));
    // The search route holds pairs of letters only (`search/route/<hex>.txt`, a line per
    // pair), where no whole marker word can be seen: the pairs found only in held-back
    // text are in none of its lines, while a pair of the public body is.
    let routed: std::collections::HashSet<String> = all_files(&out.join("search/route"))
        .into_iter()
        .flat_map(|(_, b)| {
            let text = String::from_utf8(b).unwrap();
            text.lines()
                .map(|l| l.chars().take(2).collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        routed.contains("专用"),
        "a pair of the public body is routed"
    );
    let held: Vec<_> = [
        "草稿", "稿标", "审核", "核标", "到期", "期标", "记正", "记附",
    ]
    .into_iter()
    .filter(|p| routed.contains(*p))
    .collect();
    assert!(held.is_empty(), "held-back pairs routed: {held:?}");
    assert!(
        answered > 30 && sinks.len() > 2 * answered,
        "{answered} served, {} sinks",
        sinks.len()
    );
    println!(
        "泄露检查：{} 个输出（构建的文件、构建缓存、拆分构建的各份与合并、三种导出、serve 的回答），{} 个标记词",
        sinks.len(),
        never.len()
    );
    // The 依申请公开 entry is listed with its metadata and a note on how to apply.
    let html = page(&out, &format!("entry/{CODE}-2024-00004/"));
    assert!(html.contains("依申请标记名称") && html.contains("提出申请"));
    assert!(
        stderr(&o).contains("reviewed"),
        "the unreviewed entry is reported"
    );
    assert!(
        stderr(&o).contains("它的附件不会发布"),
        "the on-request attachment is reported"
    );
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn raw_html_is_sanitised_unless_the_site_opts_out() {
    let s = TestSite::new();
    let body = "<script>alert('x')</script>\n\n<p onclick=\"steal()\">段落</p>\n\n[链接](javascript:alert(1))";
    s.entry("a", 1, "0201", "", body);
    assert_ok(&s.build());
    let html = page(&s.out(), &format!("entry/{CODE}-2024-00001/"));
    assert!(
        !html.contains("alert(") && !html.contains("onclick") && !html.contains("javascript:"),
        "{html}"
    );
    assert!(html.contains("段落"));

    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nsanitize_html: false\n",
    );
    assert_ok(&s.build());
    assert!(
        page(&s.out(), &format!("entry/{CODE}-2024-00001/"))
            .contains("<script>alert('x')</script>")
    );
}

#[test]
fn hostile_text_in_every_field_is_escaped_in_every_sink() {
    let s = TestSite::new();
    let x =
        |tag: &str| format!("<script>alert('{tag}')</script><img src=x onerror=alert('{tag}')>");
    s.write("content/entries/a.txt", "附件");
    let fm = format!(
        "---\nindex: \"{CODE}/2024-00001\"\ntitle: \"{}\"\nsummary: \"{}\"\ncategory: \"0201\"\ncreated: 2024-03-01\npublished: 2024-03-05\npublisher: \"{}\"\ndoc_number: \"{}\"\nkeywords: [\"{}\"]\nattachments: [{{ file: a.txt, title: \"{}\" }}]\n---\n",
        x("title"),
        x("summary"),
        x("publisher"),
        x("doc"),
        x("keyword"),
        x("attachment"),
    );
    let body = "<script>alert('body')</script>\n\n<iframe src=\"javascript:alert('iframe')\"></iframe>\n\n<a href=\"javascript:alert('a')\">链接</a> <a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">数据</a>\n\n<p onmouseover=\"alert('p')\" style=\"x\">段落</p>\n\n[md](javascript:alert('md')) [d](data:text/html,x) ![i](javascript:alert('img'))\n\n<svg><script>alert('svg')</script></svg> <object data=\"x.swf\"></object> <form action=\"javascript:alert(1)\"><button>提交</button></form>\n";
    s.write("content/entries/a.md", &format!("{fm}{body}"));
    assert_ok(&s.build());
    let out = s.out();
    let mut html_pages = 0;
    for (path, text) in text_files(&out) {
        let name = path.to_string_lossy().into_owned();
        // Feeds and sitemaps carry it escaped. (The search index and lookup table hold
        // it as data, which the search page only ever puts in as text: the browser test
        // `hostile.test.mjs` searches for it.)
        if name.ends_with(".xml") {
            for live in ["<script", "<img"] {
                assert!(!text.contains(live), "{live} in {name}");
            }
        }
        if !name.ends_with(".html") {
            continue;
        }
        html_pages += 1;
        let doc = scraper::Html::parse_document(&text);
        for el in doc.select(&scraper::Selector::parse("*").unwrap()) {
            let tag = el.value().name();
            assert!(
                !["iframe", "object", "embed"].contains(&tag),
                "<{tag}> in {name}"
            );
            if tag == "script" {
                let inner = el.inner_html();
                assert!(!inner.contains("alert"), "a script runs alert in {name}");
            }
            for (attr, value) in el.value().attrs() {
                let v = value.trim().to_ascii_lowercase();
                assert!(!attr.starts_with("on"), "{attr} on <{tag}> in {name}");
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("data:text")
                        && !v.starts_with("vbscript:"),
                    "{attr}={value} in {name}"
                );
            }
        }
    }
    assert!(html_pages > 10);
    // The text survives, escaped.
    let entry = page(&out, &format!("entry/{CODE}-2024-00001/"));
    for field in [
        "title",
        "summary",
        "publisher",
        "doc",
        "keyword",
        "attachment",
    ] {
        let escaped = format!("&lt;script&gt;alert(&#39;{field}&#39;)&lt;/script&gt;");
        assert!(entry.contains(&escaped), "{field}");
    }
    assert!(entry.contains("段落") && entry.contains("链接"));
    // Exports carry the text as it was written (a spreadsheet shows it as text).
    let o = run(s.root(), &["export", "--format", "json"]);
    assert!(stdout(&o).contains("<script>alert('title')</script>"));
}
