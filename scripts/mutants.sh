#!/usr/bin/env bash
# Mutation testing of the verifier (vm/src/image/verify.rs, vm/src/image/code.rs): how many
# injected faults do the tests catch? The oracle is the tests of wren-vm, wren-snapshot (the
# bad* fixtures, the sweep, the corpus round trip) and wren-fuzz-harness (the corpus and
# regression replay through every fuzz target's logic).
#
#   scripts/mutants.sh            # every mutant (about 520: hours on 2 cores)
#   SHARD=0/20 scripts/mutants.sh # a spread sample: every 20th mutant (round-robin)
#
# Prints caught/missed/unviable counts and lists the survivors (missed mutants), which are
# also in mutants.out/missed.txt. Installs cargo-mutants if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo mutants --version >/dev/null 2>&1; then scripts/fuzz-install.sh mutants; fi
args=(-f vm/src/image/verify.rs -f vm/src/image/code.rs
  --test-package wren-vm --test-package wren-snapshot --test-package wren-fuzz-harness
  --timeout "${TIMEOUT:-300}" --output target)
if [ -n "${SHARD:-}" ]; then args+=(--sharding round-robin --shard "$SHARD"); fi
cargo mutants "${args[@]}" || true
out=target/mutants.out
caught=$(wc -l <"$out/caught.txt"); missed=$(wc -l <"$out/missed.txt")
unviable=$(wc -l <"$out/unviable.txt"); timeout=$(wc -l <"$out/timeout.txt")
echo
echo "== mutants of the verifier${SHARD:+ (shard $SHARD)}"
echo "caught $caught, missed $missed, timed out $timeout (counted as caught), unviable $unviable"
awk -v c="$caught" -v m="$missed" -v t="$timeout" 'BEGIN { if (c + m + t > 0) printf "caught: %.1f%% of viable mutants\n", 100 * (c + t) / (c + m + t) }'
if [ "$missed" -gt 0 ]; then echo "survivors:"; sed 's/^/  /' "$out/missed.txt"; fi
