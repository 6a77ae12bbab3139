#!/usr/bin/env bash
# Tests the ClusterFuzzLite build script locally: builds into a temporary OUT, checks that
# every target, seed corpus, dictionary and options file is there, and runs each target for a
# few hundred inputs from its seed corpus (as ClusterFuzzLite would start it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then scripts/fuzz-install.sh fuzz; fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
OUT=$OUT .clusterfuzzlite/build.sh >"$OUT.log" 2>&1 || { tail -30 "$OUT.log"; exit 1; }
status=0
for t in $(cargo fuzz list); do
  for f in "$t" "$t.options"; do
    [ -s "$OUT/$f" ] || { echo "FAIL: $OUT/$f missing"; status=1; }
  done
  [ -x "$OUT/$t" ] || { echo "FAIL: $t not executable"; status=1; }
  work=$OUT/work-$t
  mkdir -p "$work"
  if [ -f "$OUT/${t}_seed_corpus.zip" ]; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
      "$OUT/${t}_seed_corpus.zip" "$work"
  fi
  dict=()
  [ -f "$OUT/$t.dict" ] && dict=(-dict="$OUT/$t.dict")
  if (cd "$OUT" && ./"$t" "${dict[@]}" -runs=300 -rss_limit_mb=4096 "$work" >"$work.log" 2>&1); then
    echo "ok   $t: $(ls "$work" | wc -l) seeds, $(grep -aoE 'exec/s: [0-9]+' "$work.log" | tail -1)"
  else
    echo "FAIL $t"; tail -20 "$work.log"; status=1
  fi
done
exit $status
