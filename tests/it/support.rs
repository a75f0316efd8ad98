//! Test support: fixture sites written into temp folders, the real binary run on them,
//! and a reader for the output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub const CODE: &str = "11320100MB1234567X";

/// A small valid site in a temp folder; tests add or break files.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// One township at `content/` with a three-level catalogue and no entries.
    pub fn new() -> TestSite {
        let s = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        s.write(
            "site.yaml",
            "title: 测试镇人民政府信息公开\nbase_url: https://www.example.gov.cn/xxgk/\nper_page: 3\n",
        );
        s.write("content/guide.md", &guide("测试镇人民政府", CODE));
        s.write("content/catalogue.md", CATALOGUE);
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    /// An entry file `content/entries/<name>.md` with sequence `seq` in 2024.
    pub fn entry(&self, name: &str, seq: u32, category: &str, extra: &str, body: &str) -> &Self {
        self.write(
            &format!("content/entries/{name}.md"),
            &entry_text(CODE, 2024, seq, category, extra, body),
        )
    }

    pub fn build(&self) -> Output {
        run(self.root(), &["build"])
    }
}

pub fn guide(name: &str, code: &str) -> String {
    format!(
        "---\nagency: {name}\ncode: \"{code}\"\noffice: {name}办公室\naddress: 某省某市人民路1号\nhours: 周一至周五 8:30-17:30\nphone: 0523-81234567\nemail: xxgk@example.gov.cn\n---\n## 一、主动公开\n\n指南正文。\n"
    )
}

pub const CATALOGUE: &str = "---\ncategories:\n  - { code: \"01\", name: 机构职能 }\n  - code: \"02\"\n    name: 政策文件\n    children:\n      - { code: \"0201\", name: 行政规范性文件, normative: true }\n      - { code: \"0202\", name: 其他文件 }\n  - { code: \"03\", name: 政府信息公开制度 }\n---\n按分类编排。\n";

/// Entry front matter + body; `extra` lines are appended to the front matter.
pub fn entry_text(
    code: &str,
    year: i32,
    seq: u32,
    category: &str,
    extra: &str,
    body: &str,
) -> String {
    let day = seq % 27 + 1;
    format!(
        "---\nindex: \"{code}/{year}-{seq:05}\"\ntitle: 第{seq}号测试通知\nsummary: 第{seq}号通知的内容概述。\ncategory: \"{category}\"\ncreated: {year}-03-{day:02}\npublished: {year}-04-{day:02}\n{extra}---\n{body}\n"
    )
}

/// Runs the real binary in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("gongkai")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        stdout(o),
        stderr(o)
    );
}

/// The repository root (the demo site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads an output page by address (`entry/x/` → `entry/x/index.html`).
pub fn page(out: &Path, url: &str) -> String {
    let rel = if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    };
    fs::read_to_string(out.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file under `out`, as (relative path, bytes).
pub fn all_files(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Paths of output files containing `needle`.
pub fn files_containing(out: &Path, needle: &str) -> Vec<PathBuf> {
    all_files(out)
        .into_iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(needle))
        .map(|(p, _)| p)
        .collect()
}

/// Checks every `href`/`src` in every HTML page resolves to a file in the output.
/// Returns (pages checked, links checked).
pub fn check_links(out: &Path) -> (usize, usize) {
    let sel = scraper::Selector::parse("[href], [src]").unwrap();
    let (mut pages, mut links) = (0, 0);
    let mut broken = Vec::new();
    for (rel, bytes) in all_files(out) {
        if rel.extension().is_none_or(|x| x != "html") || rel == Path::new("404.html") {
            continue;
        }
        pages += 1;
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for el in doc.select(&sel) {
            let attr = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap();
            if attr.starts_with("http")
                || attr.starts_with("mailto:")
                || attr.starts_with("tel:")
                || attr.starts_with('#')
            {
                continue;
            }
            links += 1;
            let target = resolve(&rel, attr.split(['#', '?']).next().unwrap());
            let exists = match &target {
                Some(t) if t.as_os_str().is_empty() || attr.ends_with('/') => {
                    out.join(t).join("index.html").is_file()
                }
                Some(t) => out.join(t).is_file() || out.join(t).join("index.html").is_file(),
                None => false,
            };
            if !exists {
                broken.push(format!("{} -> {attr}", rel.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links, e.g.:\n{}",
        broken.len(),
        broken[..broken.len().min(20)].join("\n")
    );
    (pages, links)
}

/// Resolves a relative link from the page file `from` (relative to the output root);
/// `None` if it climbs out of the site.
fn resolve(from: &Path, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = from
        .parent()
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if link.starts_with('/') {
        return None;
    }
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.iter().collect())
}
