//! Drafts, unreviewed entries and the bodies of 依申请公开 entries never reach the output.

use crate::support::*;

#[test]
fn held_back_content_appears_nowhere_in_the_output() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: https://www.example.gov.cn/\nrequire_review: true\n",
    );
    s.entry(
        "public",
        1,
        "0201",
        "reviewed: 2024-03-20\n",
        "公开正文公开专用词。",
    );
    s.entry(
        "draft",
        2,
        "0201",
        "reviewed: 2024-03-20\ndraft: true\n",
        "草稿专用词子丑寅。",
    );
    s.entry("unreviewed", 3, "0201", "", "未审核专用词卯辰巳。");
    s.entry(
        "onrequest",
        4,
        "0202",
        "reviewed: 2024-03-20\ndisclosure: 依申请公开\ntitle_note: x\n"
            .replace("title_note: x\n", "")
            .as_str(),
        "依申请专用词午未申。",
    );
    s.entry(
        "future",
        5,
        "0201",
        "reviewed: 2024-03-20\n",
        "未来专用词酉戌亥。",
    );
    // Move the last one's publication date into the future.
    let future = std::fs::read_to_string(s.root().join("content/entries/future.md")).unwrap();
    s.write(
        "content/entries/future.md",
        &future.replace("published: 2024-04-06", "published: 2999-01-01"),
    );
    let o = s.build();
    assert_ok(&o);
    let out = s.out();
    assert_eq!(
        files_containing(&out, "公开专用词").len(),
        1,
        "the public body is there"
    );
    for word in [
        "草稿专用词",
        "未审核专用词",
        "依申请专用词",
        "未来专用词",
        "第2号测试通知",
        "第3号测试通知",
        "第5号测试通知",
    ] {
        assert_eq!(
            files_containing(&out, word),
            Vec::<std::path::PathBuf>::new(),
            "{word} leaked"
        );
    }
    // The 依申请公开 entry is listed with its metadata and a note on how to apply.
    let html = page(&out, &format!("entry/{CODE}-2024-00004/"));
    assert!(
        html.contains("第4号测试通知") && html.contains("依申请公开") && html.contains("提出申请")
    );
    assert!(
        stderr(&o).contains("reviewed"),
        "the unreviewed entry is reported"
    );
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
