#!/usr/bin/env bash
# Coverage of the restorer and the verifier from a corpus.
#
#   scripts/coverage.sh [DIR...]
#
# Replays every file under the DIRs through `restore_run` (the harness's `replay` example,
# built with -C instrument-coverage by cargo-llvm-cov), the `structured` corpus through
# `structured`, and prints line and region coverage of the files that decode, verify and
# install an image, with a total. DIRs default to the shipped seeds (corpus/, its
# regressions, the bad* fixtures) plus whatever the fuzzers grew in fuzz/corpus/. Installs
# cargo-llvm-cov and the LLVM tools if missing. The full report is in
# target/coverage/summary.txt (`cargo llvm-cov report --html` renders it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo llvm-cov --version >/dev/null 2>&1; then scripts/fuzz-install.sh llvm-cov; fi
# shellcheck disable=SC1091
if [ -f target/fuzz-env.sh ]; then . target/fuzz-env.sh; fi

DIRS=("$@")
if [ ${#DIRS[@]} -eq 0 ]; then
  DIRS=(corpus test/snapshot/restore)
  for t in restore restore_run restore_mutated; do
    if [ -d "fuzz/corpus/$t" ]; then DIRS+=("fuzz/corpus/$t"); fi
  done
fi
# The files that read an image: decode (image/wire/), verify (image/verify.rs,
# image/code.rs), install (image/install.rs, image/mod.rs, image/lines.rs), and the snapshot
# crate's entry points (snapshot/src/lib.rs).
FILES='(snapshot/src/lib\.rs|vm/src/image/(verify|code|install|mod|lines)\.rs|vm/src/image/wire/(decode|format|mod)\.rs)$'

cargo llvm-cov clean --workspace >/dev/null 2>&1 || true
echo "== replaying ${DIRS[*]} through restore_run"
cargo llvm-cov run --no-report --release -p wren-fuzz-harness --example replay -- \
  restore_run "${DIRS[@]}" || true
if [ -d fuzz/corpus/structured ]; then
  echo "== replaying fuzz/corpus/structured through structured"
  cargo llvm-cov run --no-report --release -p wren-fuzz-harness --example replay -- \
    structured fuzz/corpus/structured || true
fi
mkdir -p target/coverage
cargo llvm-cov report --release --summary-only >target/coverage/summary.txt

echo
echo "== coverage of the restorer and the verifier"
printf '%-40s %9s %9s %9s %9s\n' file lines missed regions missed
awk -v files="$FILES" '
  $1 ~ files {
    # Filename Regions MissedRegions Cover Functions MissedFunctions Executed Lines MissedLines Cover ...
    printf "%-40s %9d %9d %9d %9d\n", $1, $8, $9, $2, $3
    lines += $8; mlines += $9; regions += $2; mregions += $3
  }
  END {
    if (lines == 0) { print "no matching files in the report"; exit 1 }
    printf "%-40s %9d %9d %9d %9d\n", "total", lines, mlines, regions, mregions
    printf "lines %.2f%%, regions %.2f%%\n", 100 * (lines - mlines) / lines, 100 * (regions - mregions) / regions
  }' target/coverage/summary.txt
