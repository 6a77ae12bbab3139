#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script: every cargo-fuzz target, with its seed corpus (a
# zip), its dictionary and its libFuzzer options, into $OUT.
#
# In the builder image it runs from $SRC/wren with SANITIZER set (address by default). It
# also runs locally, on stable Rust, without a sanitizer unless SANITIZER is set:
#
#   OUT=/tmp/cflite .clusterfuzzlite/build.sh
#
# (scripts/test-cflite.sh does that and runs each target briefly on its seeds.)
if [ -f fuzz/Cargo.toml ]; then ROOT=$PWD; else ROOT=$(cd "$(dirname "$0")/.." && pwd); fi
cd "$ROOT"
: "${OUT:?set OUT to the output directory}"
mkdir -p "$OUT"

case "${SANITIZER:-none}" in
  address) SAN=(--sanitizer address) ;;
  memory) SAN=(--sanitizer memory) ;;
  # coverage builds: OSS-Fuzz supplies the instrumentation flags itself.
  *) SAN=(--sanitizer none) ;;
esac
TRIPLE=x86_64-unknown-linux-gnu
cargo fuzz build -O "${SAN[@]}" --target "$TRIPLE"
BIN=fuzz/target/$TRIPLE/release

zipdir() { # zip files...
  local zipfile=$1
  shift
  rm -f "$zipfile"
  if command -v zip >/dev/null; then
    zip -q -j "$zipfile" "$@"
  else
    python3 -c 'import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for f in sys.argv[2:]:
        z.write(f, os.path.basename(f))' "$zipfile" "$@"
  fi
}

SEED_TMP=$(mktemp -d)
trap 'rm -rf "$SEED_TMP"' EXIT
scripts_seeds() { # dir prefix-byte
  find test -name '*.wren' -not -path '*/snapshot/*' | sort | while read -r f; do
    local out
    out="$1/$(echo "$f" | tr '/' '_')"
    if [ -n "$2" ]; then printf '%b' "$2" >"$out"; else : >"$out"; fi
    cat "$f" >>"$out"
  done
}

for t in $(cargo fuzz list); do
  cp "$BIN/$t" "$OUT/$t"
  seeds=$SEED_TMP/$t
  mkdir -p "$seeds"
  case $t in
    restore|restore_run|restore_mutated)
      cp corpus/*.snap "$seeds/"; cp fuzz/snapshot.dict "$OUT/$t.dict"
      printf '[libfuzzer]\ndict = %s.dict\nmax_len = 1048576\nrss_limit_mb = 2560\nmalloc_limit_mb = 1024\ntimeout = 20\n' "$t" >"$OUT/$t.options" ;;
    roundtrip)
      cp corpus/*.snap "$seeds/"; scripts_seeds "$seeds" '\x40'; cp fuzz/snapshot.dict "$OUT/$t.dict"
      printf '[libfuzzer]\ndict = %s.dict\nmax_len = 1048576\nrss_limit_mb = 2560\ntimeout = 20\n' "$t" >"$OUT/$t.options" ;;
    compile|run)
      scripts_seeds "$seeds" ''; cp fuzz/wren.dict "$OUT/$t.dict"
      printf '[libfuzzer]\ndict = %s.dict\nrss_limit_mb = 2560\ntimeout = 20\n' "$t" >"$OUT/$t.options" ;;
    *)
      printf '[libfuzzer]\nmax_len = 4096\nrss_limit_mb = 2560\ntimeout = 20\n' >"$OUT/$t.options" ;;
  esac
  if [ -d "corpus/regressions/$t" ]; then
    find "corpus/regressions/$t" -type f -not -name '*.md' -exec cp {} "$seeds/" \;
  fi
  if [ -n "$(ls -A "$seeds")" ]; then
    zipdir "$OUT/${t}_seed_corpus.zip" "$seeds"/*
  fi
done
echo "built: $(cargo fuzz list | tr '\n' ' ')-> $OUT"
