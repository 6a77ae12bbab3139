#!/usr/bin/env bash
# Corpus and crash minimization, with cargo-fuzz.
#
#   scripts/minimize.sh cmin TARGET           shrink fuzz/corpus/TARGET to the inputs that
#                                             keep its coverage (the old one is kept in
#                                             fuzz/corpus/TARGET.before-cmin)
#   scripts/minimize.sh tmin TARGET FILE NAME  minimize a crashing input and store it as
#                                             corpus/regressions/TARGET/NAME, where
#                                             `cargo test` replays it as a named test
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then scripts/fuzz-install.sh fuzz; fi
cmd=${1:?cmin or tmin}
target=${2:?target}
case $cmd in
  cmin)
    dir=fuzz/corpus/$target
    before=$(find "$dir" -type f | wc -l)
    rm -rf "$dir.before-cmin"
    cp -r "$dir" "$dir.before-cmin"
    cargo fuzz cmin --sanitizer none "$target" "$dir" -- -rss_limit_mb=4096 -timeout=20 \
      >"fuzz/logs/cmin-$target.log" 2>&1
    echo "cmin $target: $before -> $(find "$dir" -type f | wc -l) inputs"
    ;;
  tmin)
    file=${3:?crashing input}
    name=${4:?name for the regression}
    cargo fuzz tmin --sanitizer none "$target" "$file" -r 2000 >"fuzz/logs/tmin-$target.log" 2>&1 || true
    min=$(grep -aoE "fuzz/artifacts/$target/minimized-from-[0-9a-f]+" "fuzz/logs/tmin-$target.log" | tail -1)
    if [ -z "$min" ] || [ ! -f "$min" ]; then min=$file; fi
    mkdir -p "corpus/regressions/$target"
    cp "$min" "corpus/regressions/$target/$name"
    echo "tmin $target: $(wc -c <"$file") -> $(wc -c <"$min") bytes, stored as corpus/regressions/$target/$name"
    ;;
  *) echo "usage: $0 cmin TARGET | tmin TARGET FILE NAME" >&2; exit 64 ;;
esac
