#!/usr/bin/env bash
# Planted-bug drill: how quickly does fuzzing notice a missing verifier check?
#
#   scripts/drill.sh [CAP_SECONDS] [RULE...]
#
# For each RULE (default: the six below), builds the fuzz targets with that one check
# switched off (`--cfg wren_drill` + WREN_DRILL=<rule>; see `enforced` in
# vm/src/image/verify.rs), runs `restore_run` from the shipped seed images (corpus/*.snap,
# a fresh copy each time, no dictionary tricks beyond fuzz/snapshot.dict) until the first
# crash or CAP_SECONDS (default 600), and prints a table: the time and executions to the
# first crash, and where it panicked. A real build never has the cfg.
set -euo pipefail
cd "$(dirname "$0")/.."
CAP=${1:-600}
shift || true
RULES=("$@")
if [ ${#RULES[@]} -eq 0 ]; then
  RULES=(local-slot upvalue-index module-variable-index instance-fields closure-upvalue-count stack-extent)
fi
TARGET=${DRILL_TARGET:-restore_run}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then scripts/fuzz-install.sh fuzz; fi

WORK=fuzz/drill
mkdir -p "$WORK"
results=()
for rule in "${RULES[@]}"; do
  echo "== $rule: building with the check off"
  RUSTFLAGS="--cfg wren_drill" WREN_DRILL=$rule \
    cargo fuzz build --sanitizer none --target-dir fuzz/target-drill "$TARGET" \
    >"$WORK/build-$rule.log" 2>&1 || { tail -20 "$WORK/build-$rule.log"; exit 1; }
  corpus=$WORK/corpus-$rule
  rm -rf "$corpus" "$WORK/artifacts-$rule"
  mkdir -p "$corpus" "$WORK/artifacts-$rule"
  cp corpus/*.snap "$corpus/"
  echo "== $rule: fuzzing $TARGET for at most ${CAP}s"
  start=$(date +%s%N)
  RUSTFLAGS="--cfg wren_drill" WREN_DRILL=$rule \
    cargo fuzz run --sanitizer none --target-dir fuzz/target-drill "$TARGET" "$corpus" -- \
    -max_total_time="$CAP" -timeout=20 -dict=fuzz/snapshot.dict -max_len=1048576 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix="$WORK/artifacts-$rule/" >"$WORK/run-$rule.log" 2>&1 || true
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  secs=$((ms / 1000)).$((ms % 1000 / 100))
  if grep -qa "Test unit written to" "$WORK/run-$rule.log"; then
    # Startup (loading the seeds) included; executions up to the crash.
    execs=$(grep -aoE '^#[0-9]+' "$WORK/run-$rule.log" | tail -1 | tr -d '#')
    where=$(grep -a -m1 -A1 "panicked at" "$WORK/run-$rule.log" | tr '\n' ' ' | sed -E 's/.*panicked at ([^ ]+) ?(.*)/\1 \2/' | cut -c1-110)
    results+=("$(printf '%-24s found   %8ss %10s  %s' "$rule" "$secs" "${execs:-0}" "$where")")
  else
    results+=("$(printf '%-24s MISSED  %8ss %10s' "$rule" "$secs" "-")")
  fi
  echo "   ${results[-1]}"
done

echo
echo "== planted-bug drill ($TARGET, cap ${CAP}s)"
printf '%-24s %-7s %9s %10s  %s\n' check result time execs "first crash"
for r in "${results[@]}"; do echo "$r"; done
