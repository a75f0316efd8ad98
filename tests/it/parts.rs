//! `build --part K/N` on N machines and `build --merge`: the merged site is the single
//! build, byte for byte; a merge of parts that do not belong together changes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn merge(parts: &[PathBuf], out: &Path) -> std::process::Output {
    let mut args = vec!["build", "--output", out.to_str().unwrap(), "--merge"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    run(&repo(), &args)
}

/// Every file of a built site except gongkai's own bookkeeping (`.gongkai*`).
fn site_files(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    all_files(out)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().starts_with(".gongkai"))
        .collect()
}

/// `site-example` copied to a temporary folder, with `extra` appended to its site.yaml.
fn example_copy(extra: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let from = repo().join("site-example");
    for item in walkdir::WalkDir::new(&from) {
        let item = item.unwrap();
        let to = t.path().join(item.path().strip_prefix(&from).unwrap());
        if item.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(item.path(), &to).unwrap();
        }
    }
    let yaml = t.path().join("site.yaml");
    let text = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, text + extra).unwrap();
    t
}

/// Builds `root` whole and in three parts, merges the parts, and returns (whole,
/// merged, the parts' own files).
fn whole_and_merged(root: &Path, work: &Path) -> (PathBuf, PathBuf, Vec<PathBuf>) {
    let whole = work.join("whole");
    assert_ok(&build_site(root, &whole, &[]));
    let parts: Vec<PathBuf> = (1..=3).map(|k| work.join(format!("part{k}"))).collect();
    for (k, dir) in parts.iter().enumerate() {
        let o = build_site(root, dir, &["--part", &format!("{}/3", k + 1)]);
        assert_ok(&o);
    }
    let merged = work.join("merged");
    let o = merge(&parts, &merged);
    assert_ok(&o);
    assert!(stdout(&o).contains("合并完成：3 个部分"), "{}", stdout(&o));
    (whole, merged, parts)
}

#[test]
fn three_parts_merged_are_the_single_build_of_site_example_byte_for_byte() {
    let work = tempfile::tempdir().unwrap();
    // As it is (one index bundle), and cut into several bundles so that each part
    // indexes some of them.
    let several = example_copy("search:\n  bundle_size: 40\n");
    for root in [repo().join("site-example"), several.path().to_path_buf()] {
        let dir = work.path().join(root.file_name().unwrap());
        let (whole, merged, parts) = whole_and_merged(&root, &dir);
        let whole_files = site_files(&whole);
        let merged_files = site_files(&merged);
        assert_eq!(
            whole_files.keys().collect::<Vec<_>>(),
            merged_files.keys().collect::<Vec<_>>(),
            "{}: the same files",
            root.display()
        );
        for (path, bytes) in &whole_files {
            assert!(
                merged_files[path] == *bytes,
                "{}: {} differs",
                root.display(),
                path.display()
            );
        }
        // Each part wrote a real share: some pages, not all of them.
        let shares: Vec<BTreeMap<PathBuf, Vec<u8>>> = parts.iter().map(|p| site_files(p)).collect();
        for share in &shares {
            let pages = share.keys().filter(|p| p.ends_with("index.html")).count();
            assert!(pages > 0 && share.len() < whole_files.len());
        }
        if root != repo().join("site-example") {
            // Every part indexed some of the bundles.
            let indexed = |share: &BTreeMap<PathBuf, Vec<u8>>| {
                share
                    .keys()
                    .filter(|p| p.ends_with("pagefind-entry.json"))
                    .count()
            };
            assert!(
                shares.iter().all(|s| indexed(s) > 0),
                "bundles in every part"
            );
        }
    }
}

#[test]
fn parts_that_do_not_make_one_site_are_refused_and_the_output_is_kept() {
    let work = tempfile::tempdir().unwrap();
    let root = repo().join("site-example");
    let parts: Vec<PathBuf> = (1..=3)
        .map(|k| work.path().join(format!("part{k}")))
        .collect();
    for (k, dir) in parts.iter().enumerate() {
        assert_ok(&build_site(
            &root,
            dir,
            &["--part", &format!("{}/3", k + 1)],
        ));
    }
    // Another site's part 3/3 (the demo township).
    let other = work.path().join("other3");
    assert_ok(&build_site(&repo(), &other, &["--part", "3/3"]));
    let out = work.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join(".gongkai-output"), "").unwrap();
    fs::write(out.join("index.html"), "旧网站").unwrap();

    for (given, expected) in [
        (vec![parts[0].clone(), parts[1].clone()], "缺少第 3/3 部分"),
        (
            vec![
                parts[0].clone(),
                parts[1].clone(),
                parts[1].clone(),
                parts[2].clone(),
            ],
            "第 2/3 部分出现了两次",
        ),
        (
            vec![parts[0].clone(), parts[1].clone(), other.clone()],
            "不是同一次拆分构建的结果",
        ),
        (
            vec![parts[0].clone(), parts[1].clone(), root.clone()],
            "不是拆分构建的一个部分",
        ),
    ] {
        let o = merge(&given, &out);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(expected), "{expected}:\n{}", stderr(&o));
        assert!(stderr(&o).contains("合并失败，输出目录保持不变"));
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "旧网站"
        );
    }
    for bad in ["0/3", "4/3", "2", "a/b", "1/0"] {
        let o = build_site(&root, &work.path().join("x"), &["--part", bad]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("应写成 K/N"), "{bad}: {}", stderr(&o));
    }
}
