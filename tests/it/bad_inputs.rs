//! The bad-input corpus (`tests/bad-inputs/`): one small site per case, each the base
//! site (`base/`) with the case's files laid over it, and beside them `expected.txt`,
//! the exact messages the case must produce. Every case also gets `other-problem.md`
//! (an unrelated mistake in another entry): it must be reported in the same run, so no
//! case stops the collection of problems.
//!
//! For each case, `check --format json` must exit with 1, list exactly the errors of
//! `expected.txt` (plus the other problem), and every warning listed there; every error
//! must name its file and carry a hint, both in Chinese. `build` must exit with 1 and say
//! the output was kept; nothing may panic.
//!
//! `setup.txt` does what files in git cannot: `链接 路径 -> 目标` makes a symbolic link,
//! `移出 路径` moves a folder out of the site (to `{外部}` in the messages) and links it
//! back, `填充 路径 N` appends N MB to a body, `嵌套 路径 N` appends N levels of nested
//! `<div>`s; `共享` lists that outside folder in `shared_folders`; `单独` leaves the other problem out (for a case that needs a site that
//! loads, such as a template failing on every page it renders).
//!
//! `GONGKAI_CORPUS_PRINT=1 cargo test --test it bad_inputs -- --nocapture` prints what
//! each case produces, in the form of `expected.txt`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn corpus() -> PathBuf {
    repo().join("tests/bad-inputs")
}

/// A diagnostic of `check --format json` rendered as in `expected.txt`: the terminal's
/// form without the quoted line.
fn block(d: &serde_json::Value) -> String {
    let label = if d["severity"] == "error" {
        "错误"
    } else {
        "警告"
    };
    let mut s = match d["field"].as_str() {
        Some(f) => format!("{label}[{f}]: {}\n", d["message"].as_str().unwrap()),
        None => format!("{label}: {}\n", d["message"].as_str().unwrap()),
    };
    let mut at = d["file"].as_str().unwrap().to_string();
    if let Some(line) = d["line"].as_u64() {
        at.push_str(&format!(":{line}"));
        if let Some(col) = d["column"].as_u64() {
            at.push_str(&format!(":{col}"));
        }
    }
    s.push_str(&format!("  --> {at}\n"));
    if let Some(h) = d["hint"].as_str() {
        s.push_str(&format!("   = 提示：{h}\n"));
    }
    s
}

/// The blocks of `expected.txt` (comment lines start with `#`).
fn expected(text: &str) -> Vec<String> {
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    body.split("\n\n")
        .map(|b| format!("{}\n", b.trim_matches('\n')))
        .filter(|b| b.trim() != "")
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else if !matches!(rel.to_str(), Some("expected.txt" | "setup.txt")) {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Does what `setup.txt` says inside the site at `site` (`outside` is a folder beside it).
fn setup(text: &str, site: &Path, outside: &Path) {
    use std::os::unix::fs::symlink;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (what, rest) = line.split_once(' ').unwrap_or((line, ""));
        match what {
            "链接" => {
                let (link, target) = rest.split_once(" -> ").unwrap();
                symlink(target, site.join(link)).unwrap();
            }
            "移出" => {
                let away = outside.join(rest.replace('/', "-"));
                fs::rename(site.join(rest), &away).unwrap();
                symlink(&away, site.join(rest)).unwrap();
            }
            "单独" => {}
            "共享" => {
                let mut yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
                yaml.push_str(&format!("shared_folders: [\"{}\"]\n", outside.display()));
                fs::write(site.join("site.yaml"), yaml).unwrap();
            }
            "填充" | "嵌套" => {
                let (path, n) = rest.split_once(' ').unwrap();
                let n: usize = n.parse().unwrap();
                let mut text = fs::read_to_string(site.join(path)).unwrap();
                if what == "填充" {
                    let line = "很长的正文，".repeat(100) + "\n";
                    while text.len() < n << 20 {
                        text.push_str(&line);
                    }
                } else {
                    text.push_str(&format!(
                        "\n<div>{}深处{}</div>\n",
                        "<div>".repeat(n),
                        "</div>".repeat(n)
                    ));
                }
                fs::write(site.join(path), text).unwrap();
            }
            other => panic!("setup.txt: unknown step {other}"),
        }
    }
}

const OTHER: &str =
    "错误[dco_number]: 未知字段 `dco_number`\n  --> content/entries/zz-other.md:8:1\n";

#[test]
fn every_bad_input_is_named_in_chinese_with_the_other_problems_of_the_run() {
    let print = std::env::var_os("GONGKAI_CORPUS_PRINT").is_some();
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with("base"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 35, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let work = tempfile::tempdir().unwrap();
        let site = work.path().join("site");
        let outside = work.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        copy_tree(&corpus().join("base"), &site);
        copy_tree(case, &site);
        let steps = fs::read_to_string(case.join("setup.txt")).unwrap_or_default();
        let alone = steps.lines().any(|l| l.trim() == "单独");
        if !alone {
            fs::copy(
                corpus().join("other-problem.md"),
                site.join("content/entries/zz-other.md"),
            )
            .unwrap();
        }
        setup(&steps, &site, &outside);
        let o = run(&site, &["check", "--format", "json"]);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{name}: {err}");
        let json: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}\n{err}", stdout(&o)));
        // Where a case moved files out of the site differs from run to run.
        let outside_text = outside.canonicalize().unwrap().display().to_string();
        let all: Vec<serde_json::Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| serde_json::from_str(&d.to_string().replace(&outside_text, "{外部}")).unwrap())
            .collect();
        let mut errors: Vec<String> = all
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(block)
            .collect();
        let warnings: Vec<String> = all
            .iter()
            .filter(|d| d["severity"] != "error")
            .map(block)
            .collect();
        if print {
            println!(
                "==== {name}\n{}\n-- 警告\n{}",
                errors.join("\n"),
                warnings.join("\n")
            );
        }
        // The unrelated problem of the run is always there.
        let other = errors.iter().position(|e| e.starts_with(OTHER));
        match other {
            Some(i) => {
                errors.remove(i);
            }
            None if alone => {}
            None => failures.push(format!("{name}: the other problem of the run is missing")),
        }
        for d in all.iter().filter(|d| d["severity"] == "error") {
            let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let hint = d["hint"].as_str().unwrap_or_default();
            if d["file"].as_str().unwrap_or_default().is_empty()
                || !chinese(d["message"].as_str().unwrap())
                || !chinese(hint)
            {
                failures.push(format!(
                    "{name}: not named in Chinese with a fix: {}",
                    block(d)
                ));
            }
        }
        if o.status.code() != Some(1) {
            failures.push(format!("{name}: check exited with {:?}", o.status.code()));
        }
        let want = expected(&fs::read_to_string(case.join("expected.txt")).unwrap());
        let (mut want_errors, want_warnings): (Vec<String>, Vec<String>) =
            want.into_iter().partition(|b| b.starts_with("错误"));
        want_errors.sort();
        errors.sort();
        if want_errors != errors {
            failures.push(format!(
                "{name}: errors differ\n--- expected\n{}\n--- found\n{}",
                want_errors.join("\n"),
                errors.join("\n")
            ));
        }
        for w in want_warnings {
            if !warnings.contains(&w) {
                failures.push(format!("{name}: warning missing\n{w}"));
            }
        }
        let b = run(&site, &["build"]);
        let err = stderr(&b);
        if b.status.code() != Some(1)
            || !err.contains("构建失败，输出目录保持不变")
            || err.contains("panicked")
        {
            failures.push(format!(
                "{name}: build exited with {:?}\n{err}",
                b.status.code()
            ));
        }
    }
    println!("坏输入语料：{} 个用例", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
