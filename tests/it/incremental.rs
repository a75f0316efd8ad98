//! The build cache: a build that reuses what the previous one made (pages, search
//! bundles, unchanged files) writes exactly what a clean build writes, whatever changed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

/// `site-example` copied into a temp folder, built with its cache (`.gongkai-cache/`) into
/// `public/`, and clean (no cache) into `clean/` to compare with.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo().join("site-example"), &dir.path().join("site"));
        Site { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has {from}");
        fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
    }

    /// Builds with the cache and clean, checks both outputs are the same bytes, and
    /// returns how many files the cached build changed and how many it wrote.
    fn build(&self, what: &str) -> (usize, usize) {
        let root = self.root();
        let clean = self.dir.path().join("clean");
        let (cached, fresh) = std::thread::scope(|s| {
            let fresh = s.spawn(|| {
                let args = ["build", "--no-cache", "--output", clean.to_str().unwrap()];
                run(&root, &args)
            });
            (run(&root, &["build"]), fresh.join().unwrap())
        });
        assert_ok(&cached);
        assert_ok(&fresh);
        // Entries parsed by an earlier build report the same problems as a fresh parse.
        assert_eq!(stderr(&cached), stderr(&fresh), "{what}: the same warnings");
        let (mut a, mut b) = (all_files(&self.out()), all_files(&clean));
        a.sort();
        b.sort();
        let names = |f: &[(PathBuf, Vec<u8>)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "{what}: the same files");
        // Folders too: an update in place removes those its removals left empty.
        assert_eq!(
            folders(&self.out()),
            folders(&clean),
            "{what}: the same folders"
        );
        for ((p, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{what}: {} differs from a clean build", p.display());
        }
        let line = stdout(&cached);
        let changed = line
            .split_once(" 个有变化")
            .and_then(|(before, _)| before.rsplit('（').next()?.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no count of changed files in {line}"));
        (changed, a.len() - 1)
    }

    /// The inode of an output file: the same one means the file was not rewritten.
    fn inode(&self, rel: &str) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(self.out().join(rel)).unwrap().ino()
    }
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    all.sort();
    all
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        if first.is_some_and(|n| n.starts_with('.') || n == "public") {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

const ENTRY: &str = "content/dongcheng/entries/2023/2023-00003-gengdi.md";
const OTHER: &str = "entry/11321099MB03456784-2023-00005/index.html";

#[test]
fn incremental_builds_equal_clean_builds_byte_for_byte() {
    let s = Site::new();
    let (changed, files) = s.build("first build");
    assert_eq!(changed, files, "an empty cache: every file is new");
    let other = s.inode(OTHER);

    let marker = s.inode(".gongkai-output");
    let (changed, _) = s.build("nothing changed");
    assert_eq!(changed, 0, "nothing changed, nothing rewritten");
    assert_eq!(s.inode(OTHER), other);
    assert_eq!(
        s.inode(".gongkai-output"),
        marker,
        "updated in place, not swapped"
    );

    // Output files changed by hand, replaced or written through (the cache's link):
    // the next build puts them right.
    let index = "index.html";
    let tmp = s.out().join("replaced.tmp");
    fs::write(&tmp, "改过的首页").unwrap();
    fs::rename(&tmp, s.out().join(index)).unwrap();
    fs::write(s.out().join(OTHER), "改过").unwrap();
    let (changed, _) = s.build("output files edited by hand");
    assert_eq!(changed, 2, "the two edited files");
    let other = s.inode(OTHER);

    s.edit(ENTRY, "公示期7天", "公示期10天");
    let (changed, files) = s.build("an entry's body");
    // Its page and its search bundle's changed files; listings show no body.
    assert!(changed > 0 && changed * 20 < files, "{changed} of {files}");
    assert_eq!(s.inode(OTHER), other, "an unrelated page is left alone");

    s.edit(
        ENTRY,
        "title: 东城镇2023年耕地",
        "title: 东城镇二〇二三年耕地",
    );
    let (changed, files) = s.build("an entry's title");
    assert!(changed > 1 && changed * 10 < files, "{changed} of {files}");

    // An entry held back with a warning: the builds after this one take its parse from
    // the cache, and must still warn (`build` compares the warnings with a clean build).
    s.edit(
        "content/dongcheng/entries/2023/2023-00002-yusuan.md",
        "published: 2023-03-03",
        "published: 2099-01-01",
    );
    s.build("an entry not yet due");
    let again = run(&s.root(), &["build"]);
    assert!(
        stderr(&again).contains("还没到"),
        "a parse from the cache still warns: {}",
        stderr(&again)
    );
    // `check` reads the parses the build kept (without locking or changing the cache),
    // and warns as a fresh parse does.
    let checked = run(&s.root(), &["check"]);
    let said = format!("{}{}", stdout(&checked), stderr(&checked));
    assert!(said.contains("还没到"), "check still warns: {said}");

    // An entry's parse that looked at an attachment is never taken from the cache: the
    // attachment gone, the unchanged entry file fails.
    let pdf = s.path("content/ziranziyuanju/entries/2023/附件-村庄规划说明.pdf");
    let away = s.path("村庄规划说明.pdf");
    fs::rename(&pdf, &away).unwrap();
    let failed = run(&s.root(), &["build"]);
    assert!(!failed.status.success(), "an attachment is gone");
    assert!(
        stderr(&failed).contains("找不到附件文件"),
        "{}",
        stderr(&failed)
    );
    fs::rename(&away, &pdf).unwrap();
    s.build("the attachment back");

    s.edit(
        "content/dongcheng/catalogue.md",
        "name: 其他文件",
        "name: 其他政策文件",
    );
    s.build("a catalogue");

    let theme = repo().join("themes/default/templates/entry.html");
    let template = fs::read_to_string(theme).unwrap();
    let template = template.replace(
        "{% endblock content %}",
        "<p>本站模板</p>{% endblock content %}",
    );
    fs::create_dir_all(s.path("templates")).unwrap();
    fs::write(s.path("templates/entry.html"), template).unwrap();
    let (changed, files) = s.build("a template");
    assert!(changed > 300, "every entry page: {changed} of {files}");

    s.edit(
        "site.yaml",
        "title: 示例县政府信息公开平台",
        "title: 示例县政务公开平台",
    );
    let (changed, files) = s.build("site.yaml");
    assert!(
        changed * 2 > files,
        "the title is on every page: {changed} of {files}"
    );

    fs::remove_file(s.path("content/dongcheng/entries/2022/2022-00003-gengdi.md")).unwrap();
    s.build("a deletion");

    fs::rename(
        s.path(ENTRY),
        s.path("content/dongcheng/entries/2022/2023-00003-gengdi.md"),
    )
    .unwrap();
    s.build("a move");

    fs::remove_dir_all(s.path(".gongkai-cache")).unwrap();
    s.build("the cache deleted");
    let (changed, _) = s.build("rebuilt cache");
    assert_eq!(changed, 0);

    // Only the manifest lost (or left by an older version): the files it listed are
    // cleared, not kept as copies that the next build could not tell from the output.
    fs::remove_file(s.path(".gongkai-cache/manifest.bin")).unwrap();
    s.edit(
        "content/dongcheng/entries/2022/2023-00003-gengdi.md",
        "title: ",
        "title: 再改：",
    );
    s.build("the manifest deleted");
    let (changed, _) = s.build("after the manifest deleted");
    assert_eq!(changed, 0, "the output is the cache's again");
}
