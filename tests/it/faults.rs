//! Faults at the output: a full disk on a mount point, a read-only output, a build killed
//! at every step of the swap (the output module's fault injection, debug builds), and the
//! staging folders killed builds leave. In every case the previous site stays byte for
//! byte, or the new one is complete; never less.
//!
//! Mounting a tmpfs needs root: without it those tests print why they are skipped.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::*;

/// Builds with `env` set; the search index is skipped (it is one more folder to swap,
/// and the slowest stage of a debug build).
fn build_with(site: &Path, out: &Path, env: &[(&str, String)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.current_dir(site)
        .args(["build", "--output", out.to_str().unwrap()])
        .env("GONGKAI_SKIP_SEARCH", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// A tmpfs of `size` mounted at a fresh folder, unmounted when dropped; `None` (with the
/// reason printed) where this process may not mount.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            println!("跳过：挂载 tmpfs 需要 root 权限（本测试以普通用户运行）");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match o {
            Ok(o) if o.status.success() => Some(Tmpfs { dir }),
            Ok(o) => {
                println!(
                    "跳过：无法挂载 tmpfs：{}",
                    String::from_utf8_lossy(&o.stderr)
                );
                None
            }
            Err(e) => {
                println!("跳过：没有 mount 命令：{e}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) {
        let o = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// The site's files (path → bytes), without gongkai's lock and staging names.
fn snapshot(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = all_files(out)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".gongkai-lock"))
        .collect();
    files.sort();
    files
}

/// Names beside or inside `out` that a build leaves only when it was killed.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let beside = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-"))
        });
    let inside = fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gongkai-") && n != ".gongkai-lock" && n != ".gongkai-output");
    beside.chain(inside).collect()
}

/// A site whose one entry's body is `body`.
fn one_entry(body: &str) -> TestSite {
    let s = TestSite::new();
    s.entry("a", 1, "0201", "", body);
    s
}

#[test]
fn a_full_disk_on_a_mount_point_leaves_the_previous_site_byte_for_byte() {
    let Some(disk) = Tmpfs::mount("2m") else {
        return;
    };
    let out = disk.path();
    let s = one_entry("第一版正文。");
    let o = build_with(s.root(), out, &[]);
    assert_ok(&o);
    let before = snapshot(out);
    // A body larger than what is left on the disk (the page holds it once more as HTML).
    s.entry("a", 1, "0201", "", &"大".repeat(700_000));
    let o = build_with(s.root(), out, &[]);
    assert!(!o.status.success(), "the build cannot fit");
    let err = stderr(&o);
    assert!(err.contains("磁盘空间不足"), "{err}");
    assert!(err.contains("构建失败，输出目录保持不变"), "{err}");
    assert_eq!(snapshot(out), before, "the previous site is intact");
    assert_eq!(leftovers(out), Vec::<String>::new());
    // Once it fits, the mount point is replaced from the inside.
    s.entry("a", 1, "0201", "", "第二版正文。");
    assert_ok(&build_with(s.root(), out, &[]));
    let html = page(out, &format!("entry/{CODE}-2024-00001/"));
    assert!(html.contains("第二版正文") && !html.contains("第一版正文"));
    assert_eq!(leftovers(out), Vec::<String>::new());
}

#[test]
fn a_read_only_output_leaves_the_previous_site_and_says_why() {
    let s = one_entry("第一版正文。");
    s.write(
        "content/entries/b.md",
        &entry_text(CODE, 2024, 2, "0201", "", "乙。"),
    );
    if let Some(disk) = Tmpfs::mount("4m") {
        // A read-only mount point (a share mounted read-only, a full-disk remount).
        let out = disk.path();
        assert_ok(&build_with(s.root(), out, &[]));
        let before = snapshot(out);
        disk.remount("ro");
        s.entry("a", 1, "0201", "", "第二版正文。");
        let o = build_with(s.root(), out, &[]);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains("磁盘是只读的，不能写入"), "{err}");
        assert!(err.contains("构建失败，输出目录保持不变"), "{err}");
        assert_eq!(snapshot(out), before);
        disk.remount("rw");
    }
    // A folder whose parent may not be written (as a non-root user would meet it; root
    // is not stopped by permissions, so this half checks the message only when it can).
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert_ok(&build_with(s.root(), &out, &[]));
    let before = snapshot(&out);
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(parent.path(), fs::Permissions::from_mode(0o555)).unwrap();
    s.entry("a", 1, "0201", "", "第三版正文。");
    let o = build_with(s.root(), &out, &[]);
    fs::set_permissions(parent.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        assert!(!o.status.success());
        assert!(stderr(&o).contains("没有访问权限"), "{}", stderr(&o));
        assert_eq!(snapshot(&out), before);
    } else {
        println!("跳过一半：root 不受文件夹权限限制（只读挂载点的情形已在上面检查）");
    }
}

/// Builds `a`, then — for every step of the swap in turn — switches the source and
/// builds with a kill at that step; checks what a visitor would find right after the
/// kill (`whole`: the previous or the new site, complete) and that the next build
/// repairs everything. Returns how many builds were killed.
fn kill_at_every_step(out: &Path, env: &[(&str, String)], whole: bool) -> usize {
    let s = TestSite::new();
    s.numbered_entries(3);
    let version = |n: usize| {
        s.entry("e1", 1, "0201", "", &format!("第{n}版正文。"));
        // Something appears and something goes, so both phases of a swap have work.
        let _ = fs::remove_file(s.root().join(format!("content/entries/v{}.md", n - 1)));
        s.entry(&format!("v{n}"), 10 + n as u32, "0202", "", "变动的条目。");
    };
    version(1);
    assert_ok(&build_with(s.root(), out, env));
    let mut current = snapshot(out);
    let mut killed = 0;
    for step in 1.. {
        version(step + 1);
        let expected = {
            let t = tempfile::tempdir().unwrap();
            let o = t.path().join("public");
            assert_ok(&build_with(s.root(), &o, &[]));
            snapshot(&o)
        };
        let mut with_kill = env.to_vec();
        with_kill.push(("GONGKAI_FAULT_KILL_AT", step.to_string()));
        let o = build_with(s.root(), out, &with_kill);
        if o.status.success() {
            assert_eq!(snapshot(out), expected, "a build not killed swaps in fully");
            break;
        }
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            o.status.signal(),
            Some(9),
            "killed at step {step}: {}",
            stderr(&o)
        );
        killed += 1;
        if whole {
            let now = snapshot(out);
            assert!(
                now == current || now == expected,
                "after a kill at step {step} the output is neither the previous nor the new site"
            );
        }
        // The next build (same sources) repairs and completes.
        assert_ok(&build_with(s.root(), out, env));
        assert_eq!(
            snapshot(out),
            expected,
            "repaired after a kill at step {step}"
        );
        assert_eq!(leftovers(out), Vec::<String>::new(), "step {step}");
        current = expected;
    }
    killed
}

#[test]
fn a_kill_at_any_step_of_the_swap_never_leaves_less_than_a_whole_site() {
    // An ordinary folder: swapped in one step (renameat2 RENAME_EXCHANGE).
    let t = tempfile::tempdir().unwrap();
    let killed = kill_at_every_step(&t.path().join("public"), &[], true);
    assert_eq!(
        killed, 2,
        "the exchange and the removal of the previous site"
    );
    println!("故障注入：普通文件夹 {killed} 次");
    // Where no exchange exists: two renames; a kill between them leaves the previous site
    // aside, and the next build puts it back before anything else.
    let t = tempfile::tempdir().unwrap();
    let no_exchange = [("GONGKAI_FAULT_NO_EXCHANGE", "1".to_string())];
    let killed = kill_at_every_step(&t.path().join("public"), &no_exchange, false);
    assert_eq!(killed, 4, "exchange refused, two renames, removal");
    println!("故障注入：不支持交换的文件系统 {killed} 次");
    // A mount point: replaced from the inside, journalled, finished by the next build.
    if let Some(disk) = Tmpfs::mount("8m") {
        let killed = kill_at_every_step(disk.path(), &[], false);
        assert!(killed > 20, "every move of both phases: {killed}");
        println!("故障注入：挂载点 {killed} 次");
    }
}

#[test]
fn leftovers_of_killed_builds_go_with_the_next_build_unless_one_is_running() {
    let s = one_entry("正文。");
    let out = s.out();
    assert_ok(&build_with(s.root(), &out, &[]));
    for left in [".public.tmp-killed1/entry/x", ".public.old-killed2/entry/y"] {
        let dir = s.root().join(left);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "x".repeat(10_000)).unwrap();
    }
    // While another build holds the lock, they may be its own: left alone, and this
    // build waits its turn.
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(s.root().join(".public.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(s.root())
        .args(["build"])
        .env("GONGKAI_SKIP_SEARCH", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the build waits for the lock"
    );
    assert!(s.root().join(".public.tmp-killed1").exists());
    drop(lock);
    let o = waiting.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("另一个 gongkai build 正在写入同一个输出目录"));
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
