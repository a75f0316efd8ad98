//! A broken site fails with every problem listed together, each with file, line and a hint.

use crate::support::*;

#[test]
fn every_error_of_a_broken_site_is_reported_in_one_run() {
    let s = TestSite::new();
    s.entry("ok", 1, "0201", "", "正文。");
    // Unknown key with a typo, a bad date, an unknown category.
    s.write(
        "content/entries/typo.md",
        &entry_text(
            CODE,
            2024,
            2,
            "9999",
            "dco_number: 测政发〔2024〕1号\n",
            "正文",
        )
        .replace("created: 2024-03-03", "created: 2024-02-30"),
    );
    // Published before created.
    s.write(
        "content/entries/backdated.md",
        &entry_text(CODE, 2024, 3, "0201", "", "正文")
            .replace("published: 2024-04-04", "published: 2024-01-01"),
    );
    // Duplicate index number (same as `ok`).
    s.entry("dup", 1, "0202", "", "正文");
    // Index number of another year than `created`.
    s.write(
        "content/entries/wrongyear.md",
        &entry_text(CODE, 2024, 5, "0201", "", "正文")
            .replace("created: 2024-03-06", "created: 2023-03-06"),
    );
    // Missing required field and a missing attachment.
    s.write(
        "content/entries/missing.md",
        &entry_text(
            CODE,
            2024,
            6,
            "0201",
            "attachments:\n  - { file: 不存在.pdf, title: 附件 }\n",
            "正文",
        )
        .replace("summary: 第6号通知的内容概述。\n", ""),
    );
    // A file without front matter.
    s.write("content/entries/nofm.md", "只有正文，没有前置信息。\n");
    let o = s.build();
    assert!(!o.status.success(), "a broken site must fail");
    let err = stderr(&o);
    let expect = [
        ("content/entries/typo.md:8", "未知字段 `dco_number`"),
        ("content/entries/typo.md", "是否想写 `doc_number`"),
        ("content/entries/typo.md:6", "2024-02-30"),
        ("content/entries/typo.md:5", "目录中没有分类 `9999`"),
        ("content/entries/backdated.md:7", "早于生成日期"),
        (
            "content/entries/ok.md:2",
            "content/entries/dup.md:2 也使用了这个索引号",
        ),
        ("content/entries/wrongyear.md:2", "与本机构的索引号格式"),
        ("content/entries/missing.md", "缺少必填字段内容概述"),
        ("content/entries/missing.md", "找不到附件文件 `不存在.pdf`"),
        ("content/entries/nofm.md:1", "缺少前置信息"),
    ];
    for (place, what) in expect {
        let found = err
            .split("\n\n")
            .any(|block| block.contains(place) && block.contains(what));
        assert!(found, "missing report {place} / {what} in:\n{err}");
    }
    assert!(err.contains("共 9 个错误"), "{err}");
    assert!(!s.out().exists(), "nothing written");
}

#[test]
fn site_yaml_and_catalogue_problems_are_reported_with_lines() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: 测试\nbase_url: www.example.gov.cn\nper_pag: 10\n",
    );
    s.write("content/catalogue.md", "---\nindex_format: \"{code}/{year}\"\ncategories:\n  - { code: \"01\", name: 甲 }\n  - { code: \"01\", name: 乙 }\n---\n");
    let o = s.build();
    assert!(!o.status.success());
    let err = stderr(&o);
    for (place, what) in [
        ("site.yaml:2", "网站地址"),
        ("site.yaml:3", "是否想写 `per_page`"),
        ("content/catalogue.md:2", "流水号"),
        ("content/catalogue.md", "分类代码 `01` 重复"),
    ] {
        assert!(
            err.split("\n\n")
                .any(|b| b.contains(place) && b.contains(what)),
            "missing {place} / {what}:\n{err}"
        );
    }
}

#[test]
fn yaml_syntax_errors_name_the_line_and_do_not_hide_other_files() {
    let s = TestSite::new();
    s.write(
        "content/entries/bad.md",
        "---\nindex: \"x\"\ntitle: [未闭合\n---\n正文\n",
    );
    s.write(
        "content/entries/other.md",
        &entry_text(CODE, 2024, 1, "0201", "validity: 作废\n", "正文"),
    );
    let err = stderr(&s.build());
    assert!(err.contains("content/entries/bad.md:"), "{err}");
    assert!(err.contains("YAML"), "{err}");
    assert!(
        err.contains("content/entries/other.md:8") && err.contains("有效 | 失效 | 废止"),
        "{err}"
    );
}

#[test]
fn gbk_files_and_bom_crlf_files() {
    let s = TestSite::new();
    // A UTF-8 file with BOM and Windows line endings is fine.
    let text = format!(
        "\u{feff}{}",
        entry_text(CODE, 2024, 1, "0201", "", "第一行\n第二行").replace('\n', "\r\n")
    );
    s.write("content/entries/bom.md", &text);
    assert_ok(&s.build());
    assert!(page(&s.out(), &format!("entry/{CODE}-2024-00001/")).contains("第1号测试通知"));
    // GBK bytes get a clear message instead of garbage.
    let gbk: &[u8] = b"---\ntitle: \xb2\xe2\xca\xd4\n---\n";
    std::fs::write(s.root().join("content/entries/gbk.md"), gbk).unwrap();
    let err = stderr(&s.build());
    assert!(
        err.contains("content/entries/gbk.md") && err.contains("UTF-8"),
        "{err}"
    );
}

/// Article 12: a guide without 政府信息的分类、编排体系、获取方式 does not build, and the
/// error names the part that is missing.
#[test]
fn a_guide_without_the_article_12_parts_is_refused_naming_them() {
    let s = TestSite::new();
    s.write(
        "content/guide.md",
        &guide("测试镇人民政府", CODE).replace(
            "## 政府信息的分类、编排体系和获取方式",
            "## 编排体系和获取方式",
        ),
    );
    let o = s.build();
    assert!(!o.status.success(), "a guide without 分类 must not build");
    let err = stderr(&o);
    assert!(
        err.contains("content/guide.md")
            && err.contains("指南缺少《条例》第十二条要求的「政府信息的分类」部分"),
        "{err}"
    );
    assert!(
        !err.contains("「编排体系」部分") && !err.contains("「获取方式」部分"),
        "{err}"
    );
    // An empty body lacks all three, reported together.
    let body_start = guide("测试镇人民政府", CODE).rfind("---\n").unwrap() + 4;
    s.write(
        "content/guide.md",
        &guide("测试镇人民政府", CODE)[..body_start],
    );
    let err = stderr(&s.build());
    for part in ["政府信息的分类", "编排体系", "获取方式"] {
        assert!(err.contains(&format!("「{part}」部分")), "{part}: {err}");
    }
}
