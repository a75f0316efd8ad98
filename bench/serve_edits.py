#!/usr/bin/env python3
"""`gongkai serve` under a stream of edits: reload latency and memory.

    python3 bench/serve_edits.py --entries 100000            # 100 edits on a generated site
    python3 bench/serve_edits.py --site path/to/site --edits 20

Writes a corpus with target/release/gongkai-corpus (or uses `--site`, which is copied
first: the edits change its files), starts `target/release/gongkai serve` on a free port
and waits for the first build and its search index. Then it edits one entry file at a
time (its title gets a new marker; the entries edited take turns), and times from the
file's write to the moment the entry's page, polled over HTTP, shows the new title — what
a browser sees after its reload. Between edits it waits `--pause` seconds, or with
`--settle` until the search index of that edit is finished. It prints the latency
median / p95 / max and the server's RSS (VmRSS of /proc/PID/status) at the start, after
every 10 edits and at the end once the last search index is done, and its peak (VmHWM).

Needs Linux (/proc). Not part of the test suite.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TITLE = re.compile(r'^title:\s*"?(.*?)"?\s*$', re.M)
INDEX = re.compile(r'^index:\s*"?(.*?)"?\s*$', re.M)


def status_mib(pid, field):
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1)) / 1024


def slug(index):
    return "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "-" for c in index)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, ConnectionError):
        return None, ""


class Server:
    """`gongkai serve` with its stdout read on a thread: the URL, and search-index lines."""

    def __init__(self, binary, root):
        self.proc = subprocess.Popen(
            [binary, "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.url = None
        self.indexed = 0  # search indexes finished so far
        self.lock = threading.Condition()
        self.log = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.log.append(line)
                m = re.search(r"本地预览：(http://\S+/)", line)
                if m:
                    self.url = m.group(1)
                if "] 搜索索引：" in line:
                    self.indexed += 1
                self.lock.notify_all()

    def wait(self, pred, timeout):
        with self.lock:
            if not self.lock.wait_for(pred, timeout):
                sys.exit("serve: timed out; its output:\n" + "".join(self.log[-30:]))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--site", type=Path, help="an existing site (copied) instead of a generated one")
    ap.add_argument("--edits", type=int, default=100)
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between edits")
    ap.add_argument("--settle", action="store_true", help="wait for each edit's search index")
    ap.add_argument("--bin", default=str(REPO / "target/release/gongkai"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="serve-edits-") as tmp:
        root = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, root, symlinks=True)
        else:
            corpus = REPO / "target/release/gongkai-corpus"
            subprocess.run([str(corpus), "--entries", str(args.entries), "--out", tmp], check=True,
                           stdout=subprocess.DEVNULL)
            shutil.move(Path(tmp) / "gongkai", root)
            shutil.rmtree(Path(tmp) / "hugo", ignore_errors=True)
        candidates = sorted(p for p in (root / "content").rglob("*.md") if "/entries/" in str(p))

        start = time.perf_counter()
        server = Server(args.bin, root)
        try:
            server.wait(lambda: server.url is not None and server.indexed >= 1, 1800)
            print(f"first build and search index: {time.perf_counter() - start:.1f} s", flush=True)
            pid = server.proc.pid
            # Entries with a page (not drafts or held back), ten of them in turn.
            files = []
            for p in candidates:
                if len(files) == 10:
                    break
                index = INDEX.search(p.read_text(encoding="utf-8")).group(1)
                if get(f"{server.url}entry/{slug(index)}/")[0] == 200:
                    files.append(p)
            if not files:
                sys.exit("no published entry files found under content/**/entries/")
            rss = [(0, status_mib(pid, "VmRSS"))]
            print(f"edit   0: RSS {rss[0][1]:7.0f} MiB", flush=True)
            latencies = []
            for n in range(1, args.edits + 1):
                path = files[n % len(files)]
                text = path.read_text(encoding="utf-8")
                title = TITLE.search(text).group(1)
                index = INDEX.search(text).group(1)
                new_title = re.sub(r"（第\d+次修改）$", "", title) + f"（第{n}次修改）"
                text = TITLE.sub(f'title: "{new_title}"', text, count=1)
                page = f"{server.url}entry/{slug(index)}/"
                before = server.indexed
                t0 = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                while True:
                    status, body = get(page)
                    if status == 200 and new_title in body:
                        break
                    if time.perf_counter() - t0 > 60:
                        sys.exit(f"edit {n}: {page} did not show the new title within 60 s")
                    time.sleep(0.002)
                latencies.append((time.perf_counter() - t0) * 1000)
                if args.settle:
                    server.wait(lambda b=before: server.indexed > b, 1800)
                else:
                    time.sleep(args.pause)
                if n % 10 == 0 or n == args.edits:
                    rss.append((n, status_mib(pid, "VmRSS")))
                    recent = latencies[-10:]
                    print(f"edit {n:3}: RSS {rss[-1][1]:7.0f} MiB   last 10 reloads: "
                          f"{statistics.median(recent):6.0f} ms median, {max(recent):6.0f} ms max", flush=True)
            # The last edit's index, then memory once everything is idle.
            done = server.indexed
            server.wait(lambda: server.indexed >= done, 1800)
            time.sleep(max(args.pause, 2.0))
            settled = status_mib(pid, "VmRSS")
            peak = status_mib(pid, "VmHWM")
            lat = sorted(latencies)
            p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
            print(f"\nreload after an edit ({len(lat)} edits): median {statistics.median(lat):.0f} ms, "
                  f"p95 {p95:.0f} ms, max {lat[-1]:.0f} ms")
            own = sorted(int(m) for m in re.findall(r"保存后 (\d+) 毫秒", "".join(server.log)))
            if own:
                print(f"serve's own figure (first file event to the reload signal): median "
                      f"{statistics.median(own):.0f} ms, max {own[-1]} ms")
            print(f"RSS: start {rss[0][1]:.0f} MiB, after {args.edits} edits {rss[-1][1]:.0f} MiB, "
                  f"idle at the end {settled:.0f} MiB, peak {peak:.0f} MiB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
