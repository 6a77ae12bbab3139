#!/usr/bin/env bash
# Runs every test: unit tests, doc tests and the Wren script suite, under both value
# representations, then the script suite again with the GC collecting after every allocation.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== tests, NaN-tagged values (default)"
cargo test --workspace

echo "== tests, enum values (--features wren-vm/value-enum)"
cargo test --workspace --features wren-vm/value-enum

echo "== script suite under GC stress (collect after every allocation)"
WREN_GC_STRESS=1 cargo test -p wren-cli --test scripts

echo "== the build without the compiler (cargo feature 'compiler' off)"
./scripts/test-no-compiler.sh
