//! Test support: fixture sites written into temp folders, the real binary run on them,
//! and a reader for the output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{Html, Selector};

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

    /// Entries `e1` … `e<n>` in 0201, sequences 1 … n, bodies `第<n>号正文。` (newest
    /// first in listings: e<n> … e1).
    pub fn numbered_entries(&self, n: u32) -> &Self {
        for seq in 1..=n {
            self.entry(
                &format!("e{seq}"),
                seq,
                "0201",
                "",
                &format!("第{seq}号正文。"),
            );
        }
        self
    }

    pub fn build(&self) -> Output {
        run(self.root(), &["build"])
    }
}

/// The demo at the repository root, built once per test run with default options and
/// shared by the tests that only read it: the output folder and the build's output.
pub fn demo_build() -> (&'static Path, &'static Output) {
    static DEMO: std::sync::OnceLock<(PathBuf, Output)> = std::sync::OnceLock::new();
    let (out, o) = DEMO.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-public");
        let o = run(&repo(), &["build", "--output", out.to_str().unwrap()]);
        (out, o)
    });
    assert_ok(o);
    (out, o)
}

pub fn guide(name: &str, code: &str) -> String {
    format!(
        "---\nagency: {name}\ncode: \"{code}\"\noffice: {name}办公室\naddress: 某省某市人民路1号\nhours: 周一至周五 8:30-17:30\nphone: 0523-81234567\nemail: xxgk@example.gov.cn\n---\n## 一、主动公开\n\n指南正文。\n\n## 政府信息的分类、编排体系和获取方式\n\n按公开目录分类编排，在本平台查阅、检索和下载。\n"
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

/// Does what a clerk does after `init`: every 【请填写】 mark in the site's files is
/// replaced by the text it stands before (`office: 【请填写】工作机构` → `office: 工作机构`).
pub fn fill_in(root: &Path) {
    for f in walkdir::WalkDir::new(root).into_iter().flatten() {
        let p = f.path();
        if p.extension().is_some_and(|e| e == "md" || e == "yaml")
            && let Ok(text) = fs::read_to_string(p)
            && text.contains("【请填写】")
        {
            fs::write(p, text.replace("【请填写】", "")).unwrap();
        }
    }
}

/// `gongkai build --root ROOT --output OUT EXTRA…`, run from the repository.
pub fn build_site(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&repo(), &args)
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

/// Every file below `dir` as text, gunzipped where it is gzip (Pagefind gzips its index
/// files).
pub fn text_files(dir: &Path) -> Vec<(PathBuf, String)> {
    use std::io::Read;
    all_files(dir)
        .into_iter()
        .map(|(p, bytes)| {
            let mut text = Vec::new();
            let bytes = match flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut text) {
                Ok(_) => text,
                Err(_) => bytes,
            };
            (p, String::from_utf8_lossy(&bytes).into_owned())
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
    let sel = Selector::parse("[href], [src]").unwrap();
    let (mut pages, mut links) = (0, 0);
    let mut broken = Vec::new();
    for (rel, bytes) in all_files(out) {
        if rel.extension().is_none_or(|x| x != "html") || rel == Path::new("404.html") {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
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

/// A running `gongkai serve` on a free port; killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub url: String,
    stdout: std::sync::Arc<std::sync::Mutex<String>>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    agent: ureq::Agent,
}

/// How long a test waits for the server to react (debug builds on a busy machine).
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Server {
    /// Starts `gongkai serve --root <root> --port 0 <extra>` and waits for its address.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pipe = |mut r: Box<dyn Read + Send>| {
            let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
            let sink = text.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = r.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            text
        };
        let stdout = pipe(Box::new(child.stdout.take().unwrap()));
        let stderr = pipe(Box::new(child.stderr.take().unwrap()));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut server = Server {
            child,
            url: String::new(),
            stdout,
            stderr,
            agent,
        };
        server.url = server.wait("the server's address", |s| {
            let out = s.stdout();
            let at = out.find("本地预览：http://")?;
            let rest = &out[at + "本地预览：".len()..];
            Some(rest[..rest.find('\n')?].trim().to_string())
        });
        server
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn addr(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// GET `path` (e.g. `entry/x/`, relative to the site root).
    pub fn get(&self, path: &str) -> Reply {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.url))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let header = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        let content_type = header("content-type").unwrap_or_default();
        let location = header("location");
        Reply {
            status: r.status().as_u16(),
            content_type,
            location,
            body: r.body_mut().read_to_vec().unwrap(),
        }
    }

    /// Sends `GET <target>` exactly as written (no client-side clean-up of `..`) and
    /// returns the status code.
    pub fn raw_status(&self, target: &str) -> u16 {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(self.addr()).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr()
        )
        .unwrap();
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        reply
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no status for {target}: {reply}"))
    }

    /// Polls `check` until it gives a value (bounded by `PATIENCE`).
    #[track_caller]
    pub fn wait<T>(&self, what: &str, mut check: impl FnMut(&Server) -> Option<T>) -> T {
        let start = std::time::Instant::now();
        loop {
            if let Some(v) = check(self) {
                return v;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Polls `path` until its body satisfies `pred`; returns the reply.
    #[track_caller]
    pub fn wait_page(&self, path: &str, what: &str, pred: impl Fn(&Reply) -> bool) -> Reply {
        self.wait(what, |s| Some(s.get(path)).filter(|r| pred(r)))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself; its exit status.
    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        let start = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < PATIENCE, "server did not stop");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (file:line, message fragment) must appear together in one diagnostic's text.
#[track_caller]
pub fn assert_reported(err: &str, place: &str, fragments: &[&str]) {
    let found = err.split("\n\n").any(|block| {
        block.contains(&format!("--> {place}")) && fragments.iter().all(|f| block.contains(f))
    });
    assert!(
        found,
        "expected a diagnostic at {place} with {fragments:?}\n--- output ---\n{err}"
    );
}

/// Cells of a table row (its `<td>`s) found by the row's label.
pub fn cells(html: &str, table: &str, label: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let tr = Selector::parse(&format!("{table} tr")).unwrap();
    let td = Selector::parse("td").unwrap();
    let th = Selector::parse("th").unwrap();
    doc.select(&tr)
        .find(|r| {
            r.select(&th)
                .any(|h| h.text().collect::<String>().trim() == label)
        })
        .map(|r| {
            r.select(&td)
                .map(|c| {
                    c.text()
                        .collect::<String>()
                        .replace("（由公开目录自动统计）", "")
                        .replace('※', "")
                        .trim()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_else(|| panic!("no row {label} in {table}"))
}
