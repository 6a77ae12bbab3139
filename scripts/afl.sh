#!/usr/bin/env bash
# AFL++ (through afl.rs) on the restorer, in parallel mode.
#
#   scripts/afl.sh [SECONDS] [JOBS] [TARGET]
#
# SECONDS: campaign length (default 600). JOBS: fuzzer instances, one main (-M) and the rest
# secondaries (-S) sharing one output directory (default: the number of cores). TARGET:
# restore_run (default) or restore. Installs cargo-afl if missing, seeds from the images in
# corpus/, uses fuzz/snapshot.dict, and prints each instance's execs/s, the queue size and
# the crashes and hangs; exits non-zero if any instance saved a crash or a hang. Output lands
# in fuzz/afl-out/<target>/ (crashes under */crashes/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-600}
JOBS=${2:-$(nproc)}
TARGET=${3:-restore_run}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! cargo afl --version >/dev/null 2>&1; then
  echo "== installing cargo-afl"
  scripts/fuzz-install.sh afl
fi

echo "== building the AFL++ binaries"
(cd fuzz/afl && cargo afl build --release -q)
BIN=fuzz/afl/target/release/$TARGET

OUT=fuzz/afl-out/$TARGET
SEEDS=fuzz/afl-out/seeds
mkdir -p "$SEEDS" "$OUT"
cp corpus/*.snap "$SEEDS/"

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1
# A previous run's queue is resumed (AFL_AUTORESUME); the seeds only start a fresh one.
export AFL_AUTORESUME=1

echo "== AFL++ on $TARGET: $JOBS instance(s) for ${SECS}s"
pids=()
for i in $(seq 0 $((JOBS - 1))); do
  if [ "$i" = 0 ]; then role=(-M main); else role=(-S "s$i"); fi
  cargo afl fuzz "${role[@]}" -i "$SEEDS" -o "$OUT" -x fuzz/snapshot.dict -t 5000 \
    -V "$SECS" -- "$BIN" >"$OUT/afl-$i.log" 2>&1 &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done

crashes=0
hangs=0
for stats in "$OUT"/*/fuzzer_stats; do
  name=$(basename "$(dirname "$stats")")
  get() { sed -n "s/^$1 *: //p" "$stats"; }
  echo "   $name: $(get execs_per_sec) execs/s, $(get execs_done) execs, queue $(get corpus_count), crashes $(get saved_crashes), hangs $(get saved_hangs)"
  crashes=$((crashes + $(get saved_crashes)))
  hangs=$((hangs + $(get saved_hangs)))
done
if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
  echo "AFL++ found $crashes crash(es) and $hangs hang(s): see $OUT/*/crashes and */hangs"
  exit 1
fi
if [ "$status" != 0 ]; then
  echo "an AFL++ instance failed; logs in $OUT/afl-*.log"
  exit 1
fi
echo "== no crash, no hang"
