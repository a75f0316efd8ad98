#!/usr/bin/env bash
# The pip route end to end: `pip wheel .` builds the wheel from pyproject.toml (maturin,
# bindings = "bin"), a fresh virtualenv installs it without any package index, and the
# `gongkai` it puts on PATH, with no Rust toolchain on PATH, builds the demo site.
#
# tests/run.sh runs it with Cargo's dev profile, which reuses the build `cargo test` just
# made (about a minute on a fresh clone). `bash tests/wheel.sh --release` builds the wheel
# exactly as users get it (a cold release build: about 5 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

profile="--profile dev"
[ "${1:-}" = --release ] && profile="--release"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "tests/wheel.sh: $*" >&2; exit 1; }

python3 -m venv "$work/builder"
MATURIN_PEP517_ARGS="$profile" "$work/builder/bin/pip" wheel . --no-deps --quiet \
  --disable-pip-version-check --wheel-dir "$work/dist"
wheel=$(ls "$work"/dist/gongkai-*.whl)
echo "tests/wheel.sh: built $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"
python3 - "$wheel" <<'PY' || fail "the wheel must hold the gongkai binary and nothing else to run"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
scripts = sorted(n for n in names if ".data/scripts/" in n)
assert [s.rsplit("/", 1)[1] for s in scripts] in (["gongkai"], ["gongkai.exe"]), scripts
PY

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --no-index --quiet --disable-pip-version-check "$wheel"

# What an office has: the virtualenv's bin on PATH, no cargo, no target/ folder.
run() { env -i HOME="$work" PATH="$work/venv/bin:/usr/bin:/bin" "$@"; }
[ "$(run sh -c 'command -v gongkai')" = "$work/venv/bin/gongkai" ] || fail "gongkai is not on the virtualenv's PATH"
run sh -c '! command -v cargo' >/dev/null || fail "cargo is on PATH; the test must run without it"
want="gongkai $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
got="$(run gongkai --version)"
[ "$got" = "$want" ] || fail "gongkai --version says '$got', Cargo.toml says '$want'"

cp -r site.yaml content "$work/"
mkdir "$work/demo" && mv "$work/site.yaml" "$work/content" "$work/demo/"
(cd "$work/demo" && run gongkai build >"$work/build.log" 2>&1) || { cat "$work/build.log"; fail "gongkai build failed on the demo"; }
grep -q '构建完成' "$work/build.log" || fail "no build summary in: $(cat "$work/build.log")"
for f in index.html guide/index.html catalogue/index.html sitemap.xml atom.xml search/pagefind/pagefind.js; do
  [ -s "$work/demo/public/$f" ] || fail "the demo built by the wheel lacks public/$f"
done
entries=$(find "$work/demo/public/entry" -name index.html | wc -l)
[ "$entries" -ge 40 ] || fail "the demo built by the wheel has only $entries entry pages"
echo "tests/wheel.sh: the wheel's gongkai ($got) built the demo: $entries entry pages"
echo "wheel: 1 passed, 0 failed"
