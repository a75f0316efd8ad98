#!/usr/bin/env bash
# The project's one test command (the README names it; .ci/run calls it).
# It sets up what the tests need on a fresh machine, then runs every test:
# the Rust tests, the wheel test (tests/wheel.sh), then the browser tests (tests/browser/)
# in Debian's headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Set-up: Chromium, a Chinese font for its screenshots, Node.js, npm packages, Python's venv ---
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- Tests ---
cargo test --all-targets --locked
# The pip wheel (pyproject.toml), installed in a fresh virtualenv, builds the demo.
bash tests/wheel.sh
# The browser tests build the demo with the binary cargo just built.
(cd tests/browser && GONGKAI_BIN="$PWD/../../target/debug/gongkai" node --test --test-concurrency=1)
