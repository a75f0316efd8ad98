#!/usr/bin/env bash
# The project's one test command (the README names it; .ci/run calls it).
# It sets up what the tests need on a fresh machine, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets --locked
