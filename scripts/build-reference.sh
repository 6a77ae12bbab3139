#!/usr/bin/env bash
# Builds the reference C implementation of Wren 0.4.0 for comparisons, into
# target/reference/wren_ref. The C source comes from the crates.io package ruwren-sys (which
# ships upstream Wren's sources unmodified) and is fetched at build time into cargo's registry
# cache; none of it is part of this repository. Only our runner, scripts/reference-runner.c,
# is ours.
#
#   scripts/build-reference.sh && scripts/bench.py --compare target/reference/wren_ref
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.4.10
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "fetch-reference"
version = "0.0.0"
edition = "2021"
[dependencies]
ruwren-sys = "=$VERSION"
TOML
touch "$work/src/lib.rs"
(cd "$work" && cargo fetch -q)
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ruwren-sys-$VERSION | head -1)
mkdir -p target/reference
cc -O2 -DNDEBUG -std=c99 -I"$src/include" -I"$src/src" -I"$src/optional" \
  "$src"/src/*.c "$src"/optional/*.c scripts/reference-runner.c -lm -o target/reference/wren_ref
echo "built target/reference/wren_ref"
