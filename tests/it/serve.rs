//! `gongkai serve`: the real binary on a free port against sites in temp folders.

use std::fs;

use crate::support::*;

fn slug(seq: u32) -> String {
    format!("entry/{CODE}-2024-{seq:05}/")
}

/// Six entries in 0201, three rows a page (newest first: e6 … e1).
fn site() -> TestSite {
    let s = TestSite::new();
    s.numbered_entries(6);
    s
}

fn edit(s: &TestSite, rel: &str, from: &str, to: &str) {
    let p = s.root().join(rel);
    let text = fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} lacks `{from}`");
    fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_with_their_types_and_the_404_page() {
    let s = site();
    s.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    s.write("static/data/list.json", "{}");
    s.write("static/app.wasm", "\0asm");
    for f in ["a.pdf", "b.doc", "c.docx", "d.xls", "e.xlsx"] {
        s.write(&format!("content/entries/{f}"), "附件");
    }
    s.entry(
        "e7",
        7,
        "0202",
        "attachments:\n  - a.pdf\n  - b.doc\n  - c.docx\n  - d.xls\n  - e.xlsx\n"
            .replace("  - ", "  - file: ")
            .as_str(),
        "",
    );
    let server = Server::start(s.root(), &[]);
    let types = [
        ("", "text/html; charset=utf-8"),
        ("assets/style.css", "text/css; charset=utf-8"),
        ("assets/gongkai.js", "text/javascript; charset=utf-8"),
        ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("data/list.json", "application/json; charset=utf-8"),
        ("app.wasm", "application/wasm"),
        ("sitemap.xml", "text/xml; charset=utf-8"),
    ];
    for (path, kind) in types {
        let r = server.get(path);
        assert_eq!((r.status, r.content_type.as_str()), (200, kind), "{path}");
    }
    let attachments = [
        ("a.pdf", "application/pdf"),
        ("b.doc", "application/msword"),
        (
            "c.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("d.xls", "application/vnd.ms-excel"),
        (
            "e.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ];
    for (file, kind) in attachments {
        let r = server.get(&format!("{}{file}", slug(7)));
        assert_eq!((r.status, r.content_type.as_str()), (200, kind), "{file}");
        assert_eq!(r.text(), "附件");
    }
    // A folder address serves its index.html; without the slash it redirects.
    let page = server.get(&slug(3));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("第3号测试通知"));
    let r = server.get(slug(3).trim_end_matches('/'));
    assert_eq!(
        (r.status, r.location.as_deref()),
        (308, Some(format!("/{}", slug(3)).as_str()))
    );
    // The site also answers under its base_url's path (/xxgk/), where the 404 page links.
    assert!(
        server
            .get(&format!("xxgk/{}", slug(3)))
            .text()
            .contains("第3号测试通知")
    );
    // A missing page: the site's own 404 page, with status 404.
    let r = server.get("entry/no-such-entry/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("您访问的页面不存在"), "{}", r.text());
    // The reload script is in what serve sends, never in what build writes.
    assert!(page.text().contains("data-gongkai-serve"));
    assert!(!s.out().exists(), "serve never writes public/");
    assert_ok(&s.build());
    assert!(files_containing(&s.out(), "gongkai-serve").is_empty());
    assert!(files_containing(&s.out(), "__gongkai").is_empty());
}

#[test]
fn requests_outside_the_site_get_404() {
    let s = site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "机密").unwrap();
    fs::write(s.root().join("secret.txt"), "机密").unwrap();
    s.write("static/ok.txt", "ok");
    let server = Server::start(s.root(), &[]);
    assert_eq!(server.raw_status("/ok.txt"), 200);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/site.yaml",
        "/content/guide.md",
    ] {
        assert_eq!(server.raw_status(target), 404, "{target}");
    }
}

#[test]
fn links_out_of_the_site_are_refused_and_named() {
    let s = site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "机密").unwrap();
    s.write("static/ok.txt", "ok");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        s.root().join("static/link.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), s.root().join("static/dir")).unwrap();
    let server = Server::start(s.root(), &[]);
    server.wait("both links named", |s| {
        let err = s.stderr() + &s.stdout();
        (err.contains("static/link.txt") && err.contains("static/dir")).then_some(())
    });
    for target in ["/link.txt", "/dir/secret.txt"] {
        let r = server.get(target);
        assert_ne!(r.status, 200, "{target}");
        assert!(!r.text().contains("机密"), "{target}");
    }
}

#[test]
fn an_edit_shows_up_in_the_page_its_listing_and_its_neighbours() {
    let s = site();
    let server = Server::start(s.root(), &[]);
    let mut live = LiveSocket::connect(&server);
    let first = live.next_version();
    edit(
        &s,
        "content/entries/e3.md",
        "title: 第3号测试通知",
        "title: 更名后的通知",
    );
    server.wait_page(&slug(3), "the new title", |r| {
        r.text().contains("更名后的通知")
    });
    // Listing page 2 holds e3 (rows e6 e5 e4 | e3 e2 e1); e4 and e2 link to it.
    assert!(
        server
            .get("category/0201/page/2/")
            .text()
            .contains("更名后的通知")
    );
    assert!(server.get(&slug(4)).text().contains("更名后的通知"));
    assert!(server.get(&slug(2)).text().contains("更名后的通知"));
    assert!(!server.get("category/0201/").text().contains("更名后的通知"));
    // Open pages were told to reload.
    assert_ne!(live.next_version(), first);
    server.wait("the log line", |s| {
        s.stdout().contains("e3.md：重新生成").then_some(())
    });
}

#[test]
fn saves_by_rename_are_seen_with_native_events_and_polling() {
    for extra in [&[][..], &["--poll"][..]] {
        let s = site();
        let server = Server::start(s.root(), extra);
        assert_eq!(server.stdout().contains("轮询"), !extra.is_empty());
        // Editors that save atomically write a temporary file and rename it over the entry.
        let entry = s.root().join("content/entries/e2.md");
        let text = fs::read_to_string(&entry)
            .unwrap()
            .replace("第2号测试通知", "原子保存的标题");
        let tmp = s.root().join("content/entries/.e2.md.tmp4913");
        fs::write(&tmp, text).unwrap();
        fs::rename(&tmp, &entry).unwrap();
        server.wait_page(&slug(2), "the renamed-in content", |r| {
            r.text().contains("原子保存的标题")
        });
        server.wait("the log line", |s| {
            s.stdout().contains("e2.md：重新生成").then_some(())
        });
    }
}

#[test]
fn a_draft_leaves_the_site_and_a_new_entry_joins_it() {
    let s = site();
    let server = Server::start(s.root(), &[]);
    assert!(server.get("catalogue/").text().contains("共 6 条"));
    edit(&s, "content/entries/e5.md", "---\n", "---\ndraft: true\n");
    server.wait_page(&slug(5), "the draft's page to go", |r| r.status == 404);
    assert!(
        !server
            .get("category/0201/")
            .text()
            .contains("第5号测试通知")
    );
    assert!(server.get("catalogue/").text().contains("共 5 条"));
    s.entry("e9", 9, "0202", "", "新条目。");
    server.wait_page(&slug(9), "the new entry", |r| r.status == 200);
    assert!(
        server
            .get("category/0202/")
            .text()
            .contains("第9号测试通知")
    );
    assert!(server.get("catalogue/").text().contains("共 6 条"));
}

#[test]
fn drafts_unreviewed_and_future_entries_are_previewed_with_a_banner_never_built() {
    let s = site();
    s.write(
        "site.yaml",
        "title: 测试镇人民政府信息公开\nbase_url: https://www.example.gov.cn/xxgk/\nper_page: 20\nrequire_review: true\n",
    );
    for seq in 1..=6 {
        edit(
            &s,
            &format!("content/entries/e{seq}.md"),
            "---\n",
            "---\nreviewed: 2024-03-01\n",
        );
    }
    s.entry(
        "e7",
        7,
        "0201",
        "draft: true\nreviewed: 2024-03-01\n",
        "草稿正文。",
    );
    s.entry("e8", 8, "0201", "", "未审核的正文。");
    s.entry("e9", 9, "0201", "reviewed: 2024-03-01\n", "将来的正文。");
    edit(
        &s,
        "content/entries/e9.md",
        "published: 2024-04-10",
        "published: 2999-01-01",
    );
    let shown = [(7, "草稿"), (8, "未审核"), (9, "未到公开日期")];

    // Without --drafts (and in every build) they are not there.
    let plain = Server::start(s.root(), &[]);
    for (seq, _) in shown {
        assert_eq!(plain.get(&slug(seq)).status, 404, "e{seq}");
    }
    drop(plain);

    let server = Server::start(s.root(), &["--drafts"]);
    for (seq, label) in shown {
        let page = server.get(&slug(seq));
        assert_eq!(page.status, 200, "e{seq}");
        let html = page.text();
        assert!(
            html.contains(&format!("<strong>{label}</strong>：本条目")),
            "banner {label} on e{seq}: {html}"
        );
        assert!(
            html.contains("<code>gongkai build</code> 不会发布它"),
            "{html}"
        );
    }
    // In listings: a badge on each, none on published entries.
    let listing = server.get("category/0201/").text();
    for (_, label) in shown {
        assert!(
            listing.contains(&format!(
                "<span class=\"badge badge-unpublished\">{label}</span>"
            )),
            "{label} in {listing}"
        );
    }
    assert_eq!(listing.matches("badge-unpublished").count(), 3, "{listing}");
    assert!(!server.get(&slug(1)).text().contains("notice-unpublished"));
    server.wait("the summary line", |s| {
        s.stdout()
            .contains("另有 3 个草稿、未审核或未到公开日期的条目只在预览中显示，不会发布")
            .then_some(())
    });
    drop(server);

    let o = s.build();
    assert_ok(&o);
    for (seq, _) in shown {
        assert!(
            !s.out().join(slug(seq)).exists(),
            "build never writes e{seq}"
        );
    }
    for (path, text) in text_files(&s.out()) {
        if path.extension().is_some_and(|e| e == "css") {
            continue;
        }
        assert!(
            !text.contains("badge-unpublished") && !text.contains("第8号测试通知"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn what_build_would_refuse_is_shown_over_an_up_to_date_preview() {
    let s = site();
    edit(
        &s,
        "content/entries/e2.md",
        "第2号正文。",
        "联系电话：【请填写】",
    );
    let server = Server::start(s.root(), &[]);
    let page = server.get(&slug(2));
    assert_eq!(page.status, 200, "the preview is there");
    let html = page.text();
    assert!(html.contains("还有 1 处标着【请填写】"), "{html}");
    assert!(html.contains("content/entries/e2.md:9"), "{html}");
    edit(
        &s,
        "content/entries/e2.md",
        "联系电话：【请填写】",
        "联系电话：0523-81234567",
    );
    server.wait_page(&slug(2), "the notice to go", |r| {
        r.text().contains("0523-81234567") && !r.text().contains("gongkai-serve-errors")
    });
}

#[test]
fn a_broken_save_shows_the_error_over_the_last_good_site_until_fixed() {
    let s = site();
    let server = Server::start(s.root(), &[]);
    let mut live = LiveSocket::connect(&server);
    let good = live.next_version();
    edit(
        &s,
        "content/entries/e2.md",
        "category: \"0201\"",
        "category: \"9999\"",
    );
    let r = server.wait_page(&slug(2), "the error overlay", |r| {
        r.text().contains("gongkai-serve-errors")
    });
    let html = r.text();
    assert!(html.contains("目录中没有分类 `9999`"), "{html}");
    assert!(html.contains("content/entries/e2.md:5:11"), "{html}");
    assert!(
        html.contains("第2号测试通知"),
        "the last good page is still there"
    );
    assert_eq!(r.status, 200);
    assert_ne!(
        live.next_version(),
        good,
        "open pages reload to show the error"
    );
    server.wait("the same error in the terminal", |s| {
        s.stderr()
            .contains("content/entries/e2.md:5:11")
            .then_some(())
    });
    // Other pages show it too; fixing the file clears it.
    assert!(server.get("").text().contains("目录中没有分类"));
    edit(
        &s,
        "content/entries/e2.md",
        "category: \"9999\"",
        "category: \"0202\"",
    );
    server.wait_page("category/0202/", "the fixed entry", |r| {
        r.text().contains("第2号测试通知")
    });
    assert!(!server.get(&slug(2)).text().contains("gongkai-serve-errors"));
    // Bad YAML and a duplicate index number are caught the same way.
    edit(
        &s,
        "content/entries/e4.md",
        "title: 第4号测试通知",
        "title: [未闭合",
    );
    server.wait_page("", "the YAML error", |r| {
        r.text().contains("content/entries/e4.md:4")
    });
    edit(
        &s,
        "content/entries/e4.md",
        "title: [未闭合",
        "title: 第4号测试通知",
    );
    server.wait_page("", "recovery", |r| {
        !r.text().contains("gongkai-serve-errors")
    });
    edit(&s, "content/entries/e4.md", "2024-00004", "2024-00001");
    server.wait_page("", "the duplicate", |r| r.text().contains("重复"));
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let s = site();
    edit(&s, "content/entries/e1.md", "summary:", "sumary:");
    let server = Server::start(s.root(), &[]);
    let r = server.get("");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("sumary"), "{}", r.text());
    edit(&s, "content/entries/e1.md", "sumary:", "summary:");
    server.wait_page("", "the site", |r| r.status == 200);
    assert!(server.get(&slug(1)).text().contains("第1号测试通知"));
}

#[test]
fn a_template_change_rebuilds_everything() {
    let s = site();
    let server = Server::start(s.root(), &[]);
    s.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>自定义的找不到页面</h1>{% endblock content %}");
    server.wait_page("nowhere/", "the new 404 page", |r| {
        r.text().contains("自定义的找不到页面")
    });
    // An editor's swap file beside it changes nothing and breaks nothing.
    s.write("templates/.404.html.swp", "\u{0}\u{1}");
    s.write(
        "site.yaml",
        &fs::read_to_string(s.root().join("site.yaml"))
            .unwrap()
            .replace("测试镇", "改名镇"),
    );
    server.wait_page("", "the new site title", |r| r.text().contains("改名镇"));
    assert!(!server.get("").text().contains("gongkai-serve-errors"));
}

#[test]
fn a_port_in_use_is_explained() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let s = site();
    let o = run(s.root(), &["serve", "--port", &port]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains(&format!("端口 {port} 已被占用")), "{err}");
    assert!(err.contains("gongkai serve --port "), "{err}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let s = site();
    let mut server = Server::start(s.root(), &[]);
    let _live = LiveSocket::connect(&server);
    let ok = std::process::Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = server.wait_exit();
    assert!(status.success(), "{status:?}\n{}", server.stderr());
    assert!(server.stdout().contains("已停止本地预览"));
}

/// The live-reload websocket, as a page's script uses it.
struct LiveSocket(tungstenite::WebSocket<std::net::TcpStream>);

impl LiveSocket {
    fn connect(server: &Server) -> LiveSocket {
        let stream = std::net::TcpStream::connect(server.addr()).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let url = format!("ws://{}/__gongkai/live", server.addr());
        let (ws, _) = tungstenite::client(url.as_str(), stream).unwrap();
        LiveSocket(ws)
    }

    /// The next version the server announces (the first comes on connect).
    fn next_version(&mut self) -> String {
        loop {
            match self.0.read().expect("a message before the timeout") {
                tungstenite::Message::Text(t) => return t.to_string(),
                _ => continue,
            }
        }
    }
}

#[test]
fn the_search_index_follows_edits_in_the_background() {
    let s = site();
    let server = Server::start(s.root(), &[]);
    let pages = |r: &Reply| {
        let text = r.text();
        let at = text.find("\"page_count\":")? + "\"page_count\":".len();
        text[at..]
            .split(['}', ','])
            .next()?
            .trim()
            .parse::<usize>()
            .ok()
    };
    let entry = "search/pagefind/pagefind-entry.json";
    server.wait_page(entry, "the first search index", |r| pages(r) == Some(6));
    edit(&s, "content/entries/e5.md", "---\n", "---\ndraft: true\n");
    server.wait_page(&slug(5), "the draft's page to go", |r| r.status == 404);
    server.wait_page(entry, "the index without the draft", |r| {
        pages(r) == Some(5)
    });
    // The index is replaced as a whole: no file of the old bundle is left behind.
    let old_meta = server.wait("a fresh index", |s| {
        let t = s.get(entry).text();
        let at = t.find("\"hash\":\"")? + "\"hash\":\"".len();
        Some(t[at..t[at..].find('"')? + at].to_string())
    });
    s.entry("e9", 9, "0202", "", "新条目。");
    server.wait_page(entry, "the index with the new entry", |r| {
        pages(r) == Some(6)
    });
    assert_eq!(
        server
            .get(&format!("search/pagefind/pagefind.{old_meta}.pf_meta"))
            .status,
        404
    );
}

/// The status of `GET path` sent with this `Host` header.
fn status_for_host(server: &Server, host: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let status = reply.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, reply)
}

/// A websocket handshake with this `Origin`: the socket, or the refusal's status.
fn live_socket_from(
    server: &Server,
    origin: &str,
) -> Result<tungstenite::WebSocket<std::net::TcpStream>, u16> {
    use tungstenite::client::IntoClientRequest;
    let stream = std::net::TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut request = format!("ws://{}/__gongkai/live", server.addr())
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("Origin", origin.parse().unwrap());
    match tungstenite::client(request, stream) {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(r))) => {
            Err(r.status().as_u16())
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn only_the_previews_own_names_and_pages_reach_it() {
    let s = site();
    let server = Server::start(s.root(), &["--allow-host", "mypc.local"]);
    let port = server.addr().rsplit(':').next().unwrap().to_string();
    for host in [
        server.addr(),
        format!("localhost:{port}"),
        format!("mypc.local:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(status_for_host(&server, &host, "/").0, 200, "{host}");
    }
    // A page of another site whose name was made to point at 127.0.0.1 (DNS rebinding).
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.evil:{port}"),
    ] {
        let (status, reply) = status_for_host(&server, &host, "/");
        assert_eq!(status, 403, "{host}");
        assert!(reply.contains("--allow-host"), "{reply}");
    }
    // The live-reload socket only for the preview's own pages.
    assert_eq!(
        live_socket_from(&server, "http://evil.example").err(),
        Some(403)
    );
    assert_eq!(live_socket_from(&server, "null").err(), Some(403));
    let own = format!("http://{}", server.addr());
    // At most MAX_SOCKETS (64) at once; a closed one frees its place.
    let mut open: Vec<_> = (0..64)
        .map(|i| live_socket_from(&server, &own).unwrap_or_else(|s| panic!("socket {i}: {s}")))
        .collect();
    assert_eq!(live_socket_from(&server, &own).err(), Some(503));
    let mut first = open.remove(0);
    first.close(None).unwrap();
    while first.read().is_ok() {}
    drop(first);
    server.wait("a closed socket to free its place", |s| {
        live_socket_from(s, &own).ok()
    });
}

/// The server's resident memory in MiB (`VmRSS` of /proc/PID/status).
#[cfg(target_os = "linux")]
fn resident_mib(server: &Server) -> u64 {
    let status = fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap();
    kb / 1024
}

/// Memory stays flat while editing: each save keeps nothing of the one before (a copy of
/// the site, an old output, an old index). After a warm-up of 10 saves, 40 more leave the
/// resident memory within a margin of where it was, once the last search index is done.
/// (Reload times are measured by bench/serve_edits.py, not here.)
#[cfg(target_os = "linux")]
#[test]
fn memory_stays_flat_over_many_edits() {
    let dir = tempfile::tempdir().unwrap();
    let o = assert_cmd::Command::cargo_bin("gongkai-corpus")
        .unwrap()
        .args(["--entries", "200", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ok(&o);
    let root = dir.path().join("gongkai");
    let server = Server::start(&root, &[]);
    let indexed = |s: &Server| s.stdout().matches("] 搜索索引：").count();
    server.wait("the first search index", |s| (indexed(s) > 0).then_some(()));
    // A published entry: its file, and its page.
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md") && p.to_string_lossy().contains("/entries/")
        })
        .collect();
    files.sort();
    let (file, page) = files
        .iter()
        .find_map(|p| {
            let text = fs::read_to_string(p).unwrap();
            let index = text.lines().find_map(|l| l.strip_prefix("index: "))?;
            let slug: String = index
                .trim_matches('"')
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "._-".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            let page = format!("entry/{slug}/");
            (server.get(&page).status == 200).then(|| (p.clone(), page))
        })
        .expect("a published entry");
    let original = fs::read_to_string(&file).unwrap();
    let title = original
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap()
        .to_string();
    let mut saves = 0;
    let mut edit = |count: usize| {
        for _ in 0..count {
            saves += 1;
            let marker = format!("第{saves}次修改");
            let text = original.replacen(&title, &format!("title: \"{marker}\""), 1);
            fs::write(&file, text).unwrap();
            server.wait_page(&page, "the edited title", |r| r.text().contains(&marker));
        }
    };
    // Idle: the search index was built after the last reload, and is in place.
    let settled = |s: &Server| {
        s.wait("the search index of the last save", |s| {
            let out = s.stdout();
            let reload = out.rfind("通知浏览器刷新")?;
            (out[reload..].contains("] 搜索索引：")).then_some(())
        });
        std::thread::sleep(std::time::Duration::from_millis(500));
        resident_mib(s)
    };
    edit(10);
    let warm = settled(&server);
    edit(40);
    let after = settled(&server);
    eprintln!("resident memory: {warm} MiB after 10 saves, {after} MiB after 50");
    assert!(
        after <= warm + warm / 4 + 16,
        "resident memory grew from {warm} MiB to {after} MiB over 40 saves"
    );
}
