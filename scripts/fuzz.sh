#!/usr/bin/env bash
# The main job: a time-boxed fuzzing campaign of the restorer from the shipped corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS is the time per target (default 600). TARGETs default to `restore_run restore`
# (restore an image, then use it; restore alone); the others are restore_mutated, roundtrip,
# structured, compile and run (`all` names every one). Targets run side by side, JOBS at a
# time (default: the number of cores).
#
# Installs cargo-fuzz if it is missing; seeds each corpus (fuzz/corpus/<target>) from the
# shipped seeds — the images in corpus/, the Wren scripts under test/ and
# corpus/regressions/<target>/ — with the matching dictionary; shows progress every 30 s and
# closes with a summary per target: execs/s, coverage (edges and features), corpus size and
# crashes. Stable Rust, no sanitizer (ASAN=1 for AddressSanitizer; plain `cargo fuzz run
# restore` uses it too, through .cargo/rustc-bootstrap). A crash lands in
# fuzz/artifacts/<target>/ and makes this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-600}
shift || true
TARGETS=("$@")
ALL=(restore restore_run restore_mutated roundtrip structured compile run)
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(restore_run restore)
elif [ "${TARGETS[0]}" = all ]; then
  TARGETS=("${ALL[@]}")
fi
JOBS=${JOBS:-$(nproc)}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  scripts/fuzz-install.sh fuzz
fi

SAN=(--sanitizer none)
if [ "${ASAN:-0}" = 1 ]; then SAN=(); fi
# Targets built without comparison tracing (-sanitizer-coverage-trace-compares), in a target
# directory of their own: `restore` trades that guidance (of little use past the seeds, which
# already hold every tag, count and fingerprint right) for 2.5x the executions; the others
# keep it.
FAST_TARGETS=" ${FAST_TARGETS:-restore} "
build_flags() { # target
  if [[ $FAST_TARGETS == *" $1 "* ]]; then
    echo "--no-trace-compares --target-dir fuzz/target-fast"
  fi
}

echo "== building the fuzz targets"
mkdir -p fuzz/logs
cargo fuzz build "${SAN[@]}" >fuzz/logs/build.log 2>&1 || { tail -30 fuzz/logs/build.log; exit 1; }
for t in "${TARGETS[@]}"; do
  if [ -n "$(build_flags "$t")" ]; then
    # shellcheck disable=SC2046
    cargo fuzz build "${SAN[@]}" $(build_flags "$t") "$t" >>fuzz/logs/build.log 2>&1 ||
      { tail -30 fuzz/logs/build.log; exit 1; }
  fi
done

# Seeds: shipped, never generated here (see scripts/make-corpus.sh).
seed() { # target
  local t=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $t in
    compile|run)
      find test -name '*.wren' -not -path '*/snapshot/*' | while read -r f; do
        cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
      done ;;
    restore|restore_run|restore_mutated)
      cp corpus/*.snap "$dir/" ;;
    roundtrip)
      # Images as they are; programs after a byte that picks how long they run (0x40: 1,024
      # instructions).
      cp corpus/*.snap "$dir/"
      # (The first 300 scripts; `sed` reads all its input, so no SIGPIPE trips pipefail.)
      find test/language test/core -name '*.wren' | sort | sed -n '1,300p' | while read -r f; do
        { printf '\x40'; cat "$f"; } >"$dir/seed-$(echo "$f" | tr '/' '_')"
      done ;;
  esac
  if [ -d "corpus/regressions/$t" ]; then
    find "corpus/regressions/$t" -type f -not -name '*.md' -exec cp {} "$dir/" \;
  fi
}

# Per target: dictionary and limits. The restorer's memory bound is 128 bytes per input byte
# plus 64 MiB (vm/src/limits.rs); inputs stay under 1 MiB, and a restored VM runs with
# a 64 MiB heap.
flags() { # target
  case $1 in
    restore|restore_run|restore_mutated)
      echo "-dict=fuzz/snapshot.dict -max_len=1048576 -rss_limit_mb=2048 -malloc_limit_mb=1024" ;;
    roundtrip) echo "-dict=fuzz/snapshot.dict -max_len=1048576 -rss_limit_mb=4096" ;;
    structured) echo "-max_len=4096 -rss_limit_mb=4096" ;;
    *) echo "-dict=fuzz/wren.dict -rss_limit_mb=4096" ;;
  esac
}

# The last status line libFuzzer printed: "#N ... cov: C ft: F corp: K/S ... exec/s: E".
status_of() { # log
  grep -aE '^#[0-9]+' "$1" 2>/dev/null | tail -1 || true
}
field() { # line name
  sed -nE "s|.* $2: ([0-9]+).*|\1|p" <<<"$1"
}

started=$(date +%s)
declare -A PID
declare -A ARTIFACTS_BEFORE
launch() { # target
  local t=$1
  seed "$t"
  mkdir -p "fuzz/artifacts/$t"
  ARTIFACTS_BEFORE[$t]=$(find "fuzz/artifacts/$t" -type f | wc -l)
  # shellcheck disable=SC2046
  cargo fuzz run "${SAN[@]}" $(build_flags "$t") "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECS" -timeout=20 $(flags "$t") -print_final_stats=1 \
    >"fuzz/logs/$t.log" 2>&1 &
  PID[$t]=$!
  echo "== fuzzing $t for ${SECS}s (log: fuzz/logs/$t.log)"
}

pending=("${TARGETS[@]}")
running=()
while [ ${#pending[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
  while [ ${#pending[@]} -gt 0 ] && [ ${#running[@]} -lt "$JOBS" ]; do
    launch "${pending[0]}"
    running+=("${pending[0]}")
    pending=("${pending[@]:1}")
  done
  for _ in $(seq 30); do
    sleep 1
    alive=0
    for t in "${running[@]}"; do kill -0 "${PID[$t]}" 2>/dev/null && alive=$((alive + 1)); done
    [ "$alive" -lt ${#running[@]} ] && break
  done
  still=()
  for t in "${running[@]}"; do
    line=$(status_of "fuzz/logs/$t.log")
    printf '   [%4ss] %-16s execs %-10s exec/s %-7s cov %-6s corpus %s\n' \
      "$(($(date +%s) - started))" "$t" "$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$line")" \
      "$(field "$line" exec/s)" "$(field "$line" cov)" "$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$line")"
    if kill -0 "${PID[$t]}" 2>/dev/null; then still+=("$t"); else wait "${PID[$t]}" || true; fi
  done
  running=("${still[@]+"${still[@]}"}")
done

echo
echo "== summary (${SECS}s per target)"
printf '%-16s %12s %8s %8s %8s %8s %8s\n' target execs exec/s cov ft corpus crashes
status=0
for t in "${TARGETS[@]}"; do
  log=fuzz/logs/$t.log
  line=$(status_of "$log")
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)
  found=$(($(find "fuzz/artifacts/$t" -type f | wc -l) - ${ARTIFACTS_BEFORE[$t]}))
  if grep -qaE 'Test unit written to|ERROR: libFuzzer|panicked at' "$log"; then
    found=$((found > 0 ? found : 1))
  fi
  printf '%-16s %12s %8s %8s %8s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" \
    "$(field "$line" cov)" "$(field "$line" ft)" "$(find "fuzz/corpus/$t" -type f | wc -l)" "$found"
  if [ "$found" -gt 0 ] || [ -z "$execs" ]; then
    status=1
    echo "   $t FAILED; log: $log"
    grep -a -A3 "panicked at" "$log" | head -8 || true
    grep -a "Test unit written to" "$log" || tail -20 "$log"
  fi
done
exit $status
