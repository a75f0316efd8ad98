//! The benchmark corpus generator (`gongkai-corpus`): deterministic by seed, and what it
//! writes is a valid site that builds without a single warning.

use std::path::Path;

use assert_cmd::Command;

use crate::support::*;

fn generate(out: &Path, entries: usize, seed: u64) {
    let o = Command::cargo_bin("gongkai-corpus")
        .unwrap()
        .args([
            "--entries",
            &entries.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_ok(&o);
}

/// A `key: value` line of the generator's `corpus.txt`.
fn fact(dir: &Path, key: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("corpus.txt")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .unwrap_or_else(|| panic!("{key} missing in corpus.txt:\n{text}"))
        .parse()
        .unwrap()
}

#[test]
fn corpus_is_deterministic_by_seed() {
    let t = tempfile::tempdir().unwrap();
    let (a, b, c) = (t.path().join("a"), t.path().join("b"), t.path().join("c"));
    generate(&a, 60, 7);
    generate(&b, 60, 7);
    generate(&c, 60, 8);
    let sorted = |d: &Path| {
        let mut f = all_files(d);
        f.sort();
        f
    };
    let (fa, fb, fc) = (sorted(&a), sorted(&b), sorted(&c));
    // 11 agencies × (guide + catalogue) + 60 entries + site.yaml, and the Hugo twin.
    assert!(fa.len() > 2 * 60 + 22, "{} files", fa.len());
    assert!(fa == fb, "same seed, different files");
    assert!(fa != fc, "another seed must give other entries");
    // Regenerating into the same folder replaces the previous corpus.
    generate(&c, 60, 7);
    assert!(sorted(&c) == fa);
}

#[test]
fn corpus_builds_cleanly_with_every_public_entry_on_its_page() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    generate(dir, 700, 3);
    let (entries, public) = (fact(dir, "entries"), fact(dir, "public"));
    assert_eq!(entries, 700);
    assert!(public < entries, "the corpus holds some drafts");
    let out = dir.join("out");
    let o = run(
        &dir.join("gongkai"),
        &["build", "--output", out.to_str().unwrap()],
    );
    assert_ok(&o);
    // Every index number follows its agency's `index_format`: no error, no warning at all.
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let pages: Vec<_> = std::fs::read_dir(out.join("entry"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("index.html").is_file())
        .collect();
    assert_eq!(pages.len(), public);
    assert!(
        stdout(&o).contains(&format!("{public} 个条目")),
        "{}",
        stdout(&o)
    );
    // Nested agencies, categories paginated 20 a page.
    assert!(out.join("xihe/nongjizhan/index.html").is_file());
    let second_pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().ends_with("page/2/index.html"))
        .count();
    assert!(second_pages > 0, "no category reached a second page");
    check_links(&out);
    // The Hugo twin holds the same entries, drafts included (Hugo skips them itself).
    let hugo_entries = walkdir::WalkDir::new(dir.join("hugo/content"))
        .into_iter()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.ends_with(".md") && n != "_index.md" && n != "guide.md"
        })
        .count();
    assert_eq!(hugo_entries, entries);
}
