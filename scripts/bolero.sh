#!/usr/bin/env bash
# The bolero harnesses (fuzz/bolero) as fuzzers.
#
#   scripts/bolero.sh [SECONDS] [TEST...]
#
# TESTs are names in fuzz/bolero/src/lib.rs (default: program_roundtrip
# compiler_output_verifies decode_never_panics canonical_fixed_point); each runs under
# cargo-bolero's libFuzzer engine without a sanitizer for SECONDS (default 60). Installs
# cargo-bolero if missing. Corpora and crashes land in fuzz/bolero/src/__fuzz__/tests__<test>/.
# Under plain `cargo test` the same harnesses run as bounded random tests.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
TESTS=("$@")
if [ ${#TESTS[@]} -eq 0 ]; then
  TESTS=(program_roundtrip compiler_output_verifies decode_never_panics canonical_fixed_point)
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo bolero --version >/dev/null 2>&1; then scripts/fuzz-install.sh bolero; fi
mkdir -p fuzz/logs
status=0
for t in "${TESTS[@]}"; do
  echo "== bolero: $t for ${SECS}s"
  if (cd fuzz/bolero && cargo bolero test "tests::$t" --sanitizer NONE -T "${SECS}s") \
      >"fuzz/logs/bolero-$t.log" 2>&1; then
    echo "   $t: $(grep -aoE 'exec/s: [0-9]+' "fuzz/logs/bolero-$t.log" | tail -1)"
  else
    echo "   $t FAILED; log: fuzz/logs/bolero-$t.log"
    grep -a -A3 "panicked at" "fuzz/logs/bolero-$t.log" | head -8 || true
    status=1
  fi
done
exit $status
