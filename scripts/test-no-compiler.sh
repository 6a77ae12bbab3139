#!/usr/bin/env bash
# The compiler-less build (`--no-default-features`): it builds, lints clean, and restores
# every image of the corpus exactly as the full build does (same output, same exit code).
# Source it cannot run is refused with a message; inside a restored image, `Meta.eval` and
# importing a module that is not loaded are runtime errors.
set -euo pipefail
cd "$(dirname "$0")/.."
TD=target/no-compiler
echo "== clippy, no compiler"
cargo clippy -q -p wren-vm -p wren-snapshot -p wren-cli --no-default-features --target-dir "$TD" -- -D warnings
echo "== build both"
cargo build -q --release -p wren-cli
cargo build -q --release -p wren-cli --no-default-features --target-dir "$TD"
FULL=target/release/wren
BARE=$TD/release/wren
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

echo "== every corpus image: the same output and exit code from both builds"
n=0
for img in corpus/*.snap; do
  set +e
  "$FULL" restore "$img" >"$TMP/full.out" 2>"$TMP/full.err"; a=$?
  "$BARE" restore "$img" >"$TMP/bare.out" 2>"$TMP/bare.err"; b=$?
  set -e
  if [ $a != $b ] || ! cmp -s "$TMP/full.out" "$TMP/bare.out" || ! cmp -s "$TMP/full.err" "$TMP/bare.err"; then
    echo "FAIL: $img: exit $a vs $b"; diff "$TMP/full.out" "$TMP/bare.out" | head -5; fail=1
  fi
  "$BARE" verify "$img" >/dev/null || { echo "FAIL: verify $img"; fail=1; }
  n=$((n + 1))
done
echo "   $n images"

echo "== source is refused with a message"
set +e
"$BARE" test/language/empty_file.wren 2>"$TMP/err"; rc=$?
set -e
if [ $rc != 64 ] || ! grep -q "built without it" "$TMP/err"; then
  echo "FAIL: running a script without the compiler: exit $rc, $(cat "$TMP/err")"; fail=1
fi

echo "== Meta.eval and an unloaded import inside a restored image are runtime errors"
"$FULL" save test/no-compiler/meta_and_import.wren -o "$TMP/meta.snap" --fuel 300
set +e
"$BARE" restore "$TMP/meta.snap" >"$TMP/out" 2>"$TMP/err"; rc=$?
set -e
expected_out=$'before\nMeta.compile and Meta.eval need the compiler, which this VM lacks.'
if [ $rc != 70 ] || [ "$(cat "$TMP/out")" != "$expected_out" ] \
   || ! grep -q "Could not load module 'random': this VM has no compiler." "$TMP/err"; then
  echo "FAIL: meta_and_import: exit $rc"; cat "$TMP/out" "$TMP/err"; fail=1
fi
"$FULL" restore "$TMP/meta.snap" >"$TMP/out"
[ "$(cat "$TMP/out")" = $'before\nevaluated\nnull\nafter' ] || { echo "FAIL: the full build"; cat "$TMP/out"; fail=1; }

echo "== binary sizes (release, stripped)"
for b in "$FULL" "$BARE"; do
  cp "$b" "$TMP/w"; strip "$TMP/w" 2>/dev/null || true
  printf '   %-34s %9d bytes\n' "$b" "$(stat -c %s "$TMP/w")"
done
[ $fail = 0 ] && echo "ok"
exit $fail
