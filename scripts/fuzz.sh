#!/usr/bin/env bash
# The main job: a time-boxed fuzzing campaign.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS is the time per target (default 600). TARGETs default to `restore`, the restorer
# fed from the shipped images in corpus/ (the main job); name others to run them too
# (`compile`, `run`). Installs cargo-fuzz if it is missing, seeds each corpus from the shipped
# seeds (images under corpus/ for `restore`, Wren scripts under test/ for `compile` and
# `run`), and runs on stable Rust without a sanitizer (ASAN=1 for AddressSanitizer; plain
# `cargo fuzz run restore` uses it too, through .cargo/rustc-bootstrap). Crashes land in
# fuzz/artifacts/<target>/ and make this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(restore)
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz@0.13.2
fi

SAN=(--sanitizer none)
if [ "${ASAN:-0}" = 1 ]; then SAN=(); fi

seed() { # target
  local dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $1 in
    compile|run)
      find test -name '*.wren' -not -path '*/snapshot/*' | while read -r f; do
        cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
      done ;;
    restore*)
      cp corpus/*.snap "$dir/" ;;
  esac
}

# Per target: its dictionary and limits. The restorer's memory bound is 128 bytes per input
# byte plus 64 MiB; inputs stay under 1 MiB, and a restored VM runs with a 64 MiB heap.
flags() { # target
  case $1 in
    restore*) echo "-dict=fuzz/snapshot.dict -max_len=1048576 -rss_limit_mb=2048 -malloc_limit_mb=1024" ;;
    *) echo "-dict=fuzz/wren.dict -rss_limit_mb=4096" ;;
  esac
}

status=0
for t in "${TARGETS[@]}"; do
  seed "$t"
  echo "== fuzzing $t for ${SECONDS_PER_TARGET}s"
  mkdir -p fuzz/logs
  log=fuzz/logs/$t.log
  # shellcheck disable=SC2046
  if cargo fuzz run "${SAN[@]}" "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=20 $(flags "$t") \
      -print_final_stats=1 >"$log" 2>&1; then
    echo "   $t: $(grep -aoE 'exec/s: [0-9]+' "$log" | tail -1), corpus $(ls "fuzz/corpus/$t" | wc -l) files"
  else
    echo "   $t: FAILED (crash or build error); full log in $log"
    grep -a -A3 "panicked at" "$log" | head -8 || true
    grep -a "Test unit written to" "$log" || tail -40 "$log"
    status=1
  fi
done
exit $status
