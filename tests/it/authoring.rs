//! `init` and `new`: a new site that builds at once; entries numbered without collisions.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

use crate::support::*;

#[test]
fn init_publishes_nothing_until_filled_in_with_and_without_agency() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("新站点");
    let o = run(
        dir.path(),
        &[
            "init",
            "新站点",
            "--agency",
            "测试镇人民政府",
            "--code",
            CODE,
        ],
    );
    assert_ok(&o);
    for f in [
        "site.yaml",
        "calendar.yaml",
        ".gitignore",
        ".github/workflows/gongkai.yml",
        ".gitlab-ci.yml",
        "README.md",
        "content/guide.md",
        "content/catalogue.md",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let guide = fs::read_to_string(site.join("content/guide.md")).unwrap();
    for field in [
        "agency:",
        "code:",
        "office:",
        "address:",
        "hours:",
        "phone:",
        "fax:",
        "email:",
        "website:",
        "postcode:",
        "updated:",
    ] {
        assert!(guide.contains(field), "guide lacks {field}");
    }
    assert!(guide.contains("office: 【请填写】"), "{guide}");
    let catalogue = fs::read_to_string(site.join("content/catalogue.md")).unwrap();
    assert!(catalogue.contains("name: 政府信息公开制度"));
    assert!(catalogue.contains("normative: true"));
    let last = catalogue
        .lines()
        .rfind(|l| l.trim_start().starts_with("name:"))
        .unwrap();
    assert!(last.ends_with("其他"), "the scheme ends in 其他: {last}");
    let year = chrono::Local::now().date_naive().format("%Y").to_string();
    let last_year = (year.parse::<i32>().unwrap() - 1).to_string();
    let report = fs::read_to_string(site.join(format!("content/reports/{last_year}.md"))).unwrap();
    for heading in [
        "## 一、总体情况",
        "## 二、主动公开政府信息情况",
        "## 三、收到和处理政府信息公开申请情况",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "## 五、存在的主要问题及改进情况",
        "## 六、其他需要报告的事项",
    ] {
        assert!(report.contains(heading), "{heading}");
    }
    for group in ["proactive:", "requests:", "review_and_litigation:"] {
        assert!(
            report.contains(group),
            "the report template lists the table figures: {group}"
        );
    }
    let example = site.join(format!("content/entries/{year}/示例条目.md"));
    let example = fs::read_to_string(example).unwrap();
    assert!(
        example.contains(&format!("index: {CODE}/{year}-00001")),
        "{example}"
    );
    // An example is not the office's information: a draft, previewed but never published.
    assert!(example.contains("\ndraft: true\n"), "{example}");

    // A fresh site publishes nothing while facts are still marked 【请填写】: the build
    // names each place (the guide's office is line 6) and writes nothing.
    let o = run(&site, &["build"]);
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("content/guide.md:6"), "{err}");
    assert!(
        err.contains(&format!("content/reports/{last_year}.md")),
        "the report template is named too: {err}"
    );
    assert!(!site.join("public").exists());

    fill_in(&site);
    let o = run(&site, &["build"]);
    assert_ok(&o);
    assert!(
        stdout(&o).contains("0 个条目（另有 1 个草稿"),
        "{}",
        stdout(&o)
    );
    let out = site.join("public");
    assert!(page(&out, "guide/").contains("测试镇人民政府"));
    assert!(!out.join(format!("entry/{CODE}-{year}-00001")).exists());
    check_links(&out);

    // Without names everything to fill in is marked; neither check nor build lets it
    // through until the marks are gone.
    let o = run(dir.path(), &["init", "空白"]);
    assert_ok(&o);
    assert!(stdout(&o).contains("--agency"), "{}", stdout(&o));
    for command in ["check", "build"] {
        let o = run(&dir.path().join("空白"), &[command]);
        assert!(!o.status.success(), "{command}");
        assert!(stderr(&o).contains("content/guide.md:6"), "{}", stderr(&o));
    }
    // Nor can `new` number an entry before the agency code is filled in: a number made
    // of 【请填写】 would be a published address.
    let o = run(
        &dir.path().join("空白"),
        &["new", "关于某事的通知", "--category", "01"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("机构代码（code）还没有填写"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("content/guide.md:5"), "{}", stderr(&o));
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), "我的说明").unwrap();
    let o = run(dir.path(), &["init", "."]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("文件夹不是空的"), "{}", stderr(&o));
    assert!(!dir.path().join("site.yaml").exists(), "nothing written");

    let o = run(
        dir.path(),
        &[
            "init",
            ".",
            "--force",
            "--agency",
            "测试镇人民政府",
            "--code",
            CODE,
        ],
    );
    assert_ok(&o);
    assert!(stdout(&o).contains("README.md"), "{}", stdout(&o));
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "我的说明"
    );
    fill_in(dir.path());
    assert_ok(&run(dir.path(), &["build"]));

    // A folder holding only `.git` counts as empty (a freshly cloned repository).
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    assert_ok(&run(repo.path(), &["init", "."]));
}

#[test]
fn help_is_chinese() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["init", "new", "check", "import", "export"] {
        let o = run(dir.path(), &[cmd, "--help"]);
        assert_ok(&o);
        let text = stdout(&o);
        assert!(text.contains("用法"), "{cmd}: {text}");
        assert!(!text.contains("Print help"), "{cmd}: {text}");
    }
    let top = stdout(&run(dir.path(), &["--help"]));
    for cmd in ["init", "new", "check", "import", "export"] {
        assert!(top.contains(cmd), "{top}");
    }
}

/// The index numbers of every entry file of a site.
fn indexes(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let text = fs::read_to_string(e.path()).ok()?;
            text.lines()
                .find_map(|l| l.strip_prefix("index: "))
                .map(|i| i.trim_matches('"').to_string())
        })
        .collect()
}

#[test]
fn new_takes_the_next_number_wherever_the_entries_are() {
    let s = TestSite::new();
    s.write(
        "content/entries/2024/a.md",
        &entry_text(CODE, 2024, 1, "0201", "", "甲"),
    );
    s.write(
        "content/entries/archive/deep/b.md",
        &entry_text(CODE, 2024, 7, "0202", "", "乙"),
    );
    // Another year does not count.
    s.write(
        "content/entries/c.md",
        &entry_text(CODE, 2023, 30, "01", "", "丙"),
    );
    let o = run(
        s.root(),
        &[
            "new",
            "关于测试的通知",
            "--category",
            "其他文件",
            "--doc-number",
            "测政发〔2024〕8号",
            "--created",
            "2024/6/3",
        ],
    );
    assert_ok(&o);
    let path = stdout(&o).trim().to_string();
    assert!(path.ends_with(&format!("{CODE}-2024-00008.md")), "{path}");
    // Where to look at the draft: the preview's address, under the site's sub-path.
    assert!(
        stderr(&o).contains(&format!(
            "gongkai serve --drafts`（草稿只在预览中显示），然后打开 http://127.0.0.1:1111/xxgk/entry/{CODE}-2024-00008/"
        )),
        "{}",
        stderr(&o)
    );
    let text = fs::read_to_string(s.root().join(&path)).unwrap();
    let today = chrono::Local::now().date_naive();
    for line in [
        format!("index: {CODE}/2024-00008"),
        "title: 关于测试的通知".into(),
        "summary: \"\"".into(),
        "category: \"0202\"".into(),
        "created: 2024-06-03".into(),
        format!("published: {today}"),
        "doc_number: 测政发〔2024〕8号".into(),
        "keywords: []".into(),
        "draft: true".into(),
    ] {
        assert!(text.contains(&line), "{line} in\n{text}");
    }
    assert!(stderr(&o).contains("draft: true"), "{}", stderr(&o));
    // The file loads as the build loads it (a draft: not published yet).
    let o = s.build();
    assert_ok(&o);
    assert!(stdout(&o).contains("1 个草稿"), "{}", stdout(&o));

    // An unknown category is refused with the list of known ones.
    let o = run(s.root(), &["new", "x", "--category", "9999"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("0201 行政规范性文件"), "{}", stderr(&o));
}

#[test]
fn new_follows_category_and_month_formats_and_agency_folders() {
    let s = TestSite::new();
    s.write(
        "content/nongjizhan/guide.md",
        &guide("测试镇农业站", "12345678X"),
    );
    s.write(
        "content/nongjizhan/catalogue.md",
        &CATALOGUE.replace(
            "categories:",
            "index_format: \"{code}-{category}-{year}{month}-{seq:03}\"\ncategories:",
        ),
    );
    s.write(
        "content/nongjizhan/entries/x.md",
        "---\nindex: 12345678X-01-202403-004\ntitle: 甲\nsummary: 甲\ncategory: \"01\"\ncreated: 2024-03-02\npublished: 2024-03-05\n---\n",
    );
    let o = run(
        s.root(),
        &[
            "new",
            "农业站通知",
            "-c",
            "0201",
            "--agency",
            "nongjizhan",
            "--created",
            "2024-05-06",
        ],
    );
    assert_ok(&o);
    assert!(
        stdout(&o).contains("content/nongjizhan/entries/2024/12345678X-0201-202405-005.md"),
        "{}",
        stdout(&o)
    );
    // With two agencies the agency must be named.
    let o = run(s.root(), &["new", "通知", "-c", "0201"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--agency"), "{}", stderr(&o));
    assert_ok(&s.build());
}

#[test]
fn concurrent_new_runs_never_share_a_number() {
    let s = TestSite::new();
    for (i, dir) in ["2024", "old", "a/b/c", "2024/x"].iter().enumerate() {
        s.write(
            &format!("content/entries/{dir}/e{i}.md"),
            &entry_text(CODE, 2024, i as u32 * 3 + 1, "0201", "", "正文"),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("gongkai");
    // All started before any finishes: they race for the site lock.
    let runs = 16;
    let children: Vec<_> = (0..runs)
        .map(|i| {
            StdCommand::new(&bin)
                .current_dir(s.root())
                .args([
                    "new",
                    &format!("同时启动第{i}号"),
                    "--category",
                    "0202",
                    "--created",
                    "2024-06-02",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert_ok(&o);
    }
    let all = indexes(s.root());
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 4 + runs, "{all:?}");
    assert_eq!(
        unique.len(),
        all.len(),
        "a number was handed out twice: {all:?}"
    );
    // Numbers continue from the highest (10) without gaps.
    let seqs: BTreeSet<u32> = all
        .iter()
        .map(|i| i.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    let expected: BTreeSet<u32> = [1, 4, 7, 10]
        .into_iter()
        .chain(11..11 + runs as u32)
        .collect();
    assert_eq!(seqs, expected);
    assert_ok(&s.build());
}
