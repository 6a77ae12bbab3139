#!/usr/bin/env bash
# The main job: a time-boxed fuzzing campaign.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS is the time per target (default 600). TARGETs default to every target in
# fuzz/fuzz_targets. Installs cargo-fuzz if it is missing, seeds each corpus from the shipped
# seeds (Wren scripts under test/ for `compile` and `run`), and runs on stable Rust without a
# sanitizer (set ASAN=1 for AddressSanitizer through RUSTC_BOOTSTRAP=1). Crashes land in
# fuzz/artifacts/<target>/ and make this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  for f in fuzz/fuzz_targets/*.rs; do TARGETS+=("$(basename "$f" .rs)"); done
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz@0.13.2
fi

SAN=(--sanitizer none)
if [ "${ASAN:-0}" = 1 ]; then export RUSTC_BOOTSTRAP=1; SAN=(); fi

seed() { # target
  local dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $1 in
    compile|run)
      find test -name '*.wren' -not -path '*/snapshot/*' | while read -r f; do
        cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
      done ;;
  esac
}

status=0
for t in "${TARGETS[@]}"; do
  seed "$t"
  echo "== fuzzing $t for ${SECONDS_PER_TARGET}s"
  mkdir -p fuzz/logs
  log=fuzz/logs/$t.log
  if cargo fuzz run "${SAN[@]}" "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=4096 \
      -dict=fuzz/wren.dict -print_final_stats=1 >"$log" 2>&1; then
    echo "   $t: $(grep -aoE 'exec/s: [0-9]+' "$log" | tail -1), corpus $(ls "fuzz/corpus/$t" | wc -l) files"
  else
    echo "   $t: FAILED (crash or build error); full log in $log"
    grep -a -A3 "panicked at" "$log" | head -8 || true
    grep -a "Test unit written to" "$log" || tail -40 "$log"
    status=1
  fi
done
exit $status
