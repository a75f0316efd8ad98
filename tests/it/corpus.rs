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

#[test]
fn a_word_list_gives_bodies_its_vocabulary_and_drafts_never_reach_the_output() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    // jieba's format: word, frequency, part of speech. Non-Han and over-long words are
    // skipped; "罕见" is so rare it may never be drawn.
    let words = dir.join("dict.txt");
    std::fs::write(
        &words,
        "测绘 9000 n\n水渠 8000 n\n巡查 7000 v\nABC 99999 eng\n太长的一个词 5000 n\n罕见 1 a\n",
    )
    .unwrap();
    let o = Command::cargo_bin("gongkai-corpus")
        .unwrap()
        .args(["--entries", "300", "--seed", "5", "--words"])
        .arg(&words)
        .arg("--out")
        .arg(dir)
        .output()
        .unwrap();
    assert_ok(&o);
    let sources: Vec<String> = walkdir::WalkDir::new(dir.join("gongkai/content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().components().any(|c| c.as_os_str() == "entries"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert_eq!(sources.len(), 300);
    let with = |w: &str| sources.iter().filter(|s| s.contains(w)).count();
    assert!(with("水渠") > 100, "bodies are written from the word list");
    assert_eq!(with("ABC"), 0, "non-Han words are not drawn");
    assert_eq!(
        with("太长的一个词"),
        0,
        "words over four characters are not drawn"
    );
    // queries.tsv counts the published entries holding each word: title, summary, and
    // the body unless the entry is 依申请公开 (its body is never published).
    let queries = std::fs::read_to_string(dir.join("queries.tsv")).unwrap();
    for line in queries.lines() {
        let (word, n) = line.split_once('\t').unwrap();
        let expected = sources
            .iter()
            .filter(|s| !s.contains("\ndraft: true\n"))
            .filter(|s| {
                let (front, body) = s[4..].split_once("\n---\n").unwrap();
                let head: String = front
                    .lines()
                    .filter(|l| l.starts_with("title:") || l.starts_with("summary:"))
                    .collect();
                head.contains(word)
                    || (!front.contains("disclosure: 依申请公开") && body.contains(word))
            })
            .count();
        assert_eq!(n.parse::<usize>().unwrap(), expected, "{word}");
    }
    // The planted words of drafts and 依申请公开 bodies reach no output file, search
    // index included.
    let out = dir.join("out");
    assert_ok(&run(
        &dir.join("gongkai"),
        &["build", "--output", out.to_str().unwrap()],
    ));
    assert!(with("草稿专用词甲乙丙") > 0 && with("依申请专用词丁戊己") > 0);
    for (path, text) in text_files(&out) {
        for marker in ["草稿专用词甲乙丙", "依申请专用词丁戊己"] {
            assert!(!text.contains(marker), "{marker} in {}", path.display());
        }
    }
}
