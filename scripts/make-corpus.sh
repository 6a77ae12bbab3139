#!/usr/bin/env bash
# Regenerates corpus/: seed images made from real programs paused at several points, by both
# value representations, plus the core image. Fuzzers start from these; tests restore them.
#
#   scripts/make-corpus.sh
#
# Needed after a change to the format, the primitives or the instruction set (which changes
# every image's fingerprint). Images over 64 KiB are not kept.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p wren-cli
cargo build --release -q -p wren-cli --features value-enum --target-dir target/value-enum
NAN=target/release/wren
ENUM=target/value-enum/release/wren
OUT=corpus
MAX=65536
rm -f "$OUT"/*.snap

keep() { # file
  if [ "$(wc -c <"$1")" -gt "$MAX" ]; then rm -f "$1"; fi
}

$NAN core-image -o "$OUT/core.snap"
$ENUM core-image -o "$OUT/core-enum.snap"
$NAN core-image --strip-debug -o "$OUT/core-stripped.snap"

# Programs, paused after N instructions (or finished, when they end sooner).
for prog in bench/fib.wren bench/fibers.wren bench/method_call.wren bench/binary_trees.wren \
            bench/delta_blue.wren bench/map_string.wren bench/for_list.wren \
            test/snapshot/restore/base.wren; do
  name=$(basename "$prog" .wren)
  for fuel in 1 100 1000 10000 100000; do
    out="$OUT/$name-$fuel.snap"
    (cd "$(dirname "$prog")" && "$OLDPWD/$NAN" save "$(basename "$prog")" -o "$OLDPWD/$out" --fuel "$fuel") >/dev/null
    keep "$out"
  done
done
for prog in bench/fibers.wren test/snapshot/restore/base.wren; do
  name=$(basename "$prog" .wren)
  out="$OUT/$name-enum-1000.snap"
  (cd "$(dirname "$prog")" && "$OLDPWD/$ENUM" save "$(basename "$prog")" -o "$OLDPWD/$out" --fuel 1000) >/dev/null
  keep "$out"
done
# Language features, paused midway.
for t in language/fiber/call_and_yield language/fiber/closure_in_fiber language/closure/shared_upvalue \
         language/closure/closed_in_while core/map/remove core/fiber/transfer_error \
         core/fiber/yield_returns_to_caller language/class/define_twice_with_fields; do
  src="test/$t.wren"
  [ -f "$src" ] || continue
  name=$(echo "$t" | tr '/' '-')
  for fuel in 50 500; do
    out="$OUT/$name-$fuel.snap"
    $NAN save "$src" -o "$out" --fuel "$fuel" >/dev/null 2>&1 || rm -f "$out"
    [ -f "$out" ] && keep "$out"
  done
done
for f in "$OUT"/*.snap; do
  $NAN verify "$f" >/dev/null || { echo "corpus image $f does not verify" >&2; exit 1; }
done
echo "corpus: $(ls "$OUT"/*.snap | wc -l) images, $(cat "$OUT"/*.snap | wc -c) bytes"
