#!/usr/bin/env bash
# Start-up cost, in machine instructions (callgrind, whole process), of a one-line script:
#   wren hello.wren  (the core library restored from the built-in image, verified)
# beside C Wren 0.4 (compiling its core library from source), and each binary's floor (the
# process with no VM: `--version` for ours, a missing script for the C runner; both exit
# before creating a VM).
#
#   scripts/startup.sh        # builds both if needed; needs valgrind
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "startup.sh needs valgrind (apt-get install valgrind)"; exit 2; }
cargo build -q --release -p wren-cli
[ -x target/reference/wren_ref ] || scripts/build-reference.sh >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo 'System.print("Hello, world!")' > "$TMP/hello.wren"
count() {
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg" "$@" >/dev/null 2>"$TMP/log" || true
  grep -o 'Collected : [0-9]*' "$TMP/log" | grep -o '[0-9]*$'
}
ours=$(count target/release/wren "$TMP/hello.wren")
ours_floor=$(count target/release/wren --version)
theirs=$(count target/reference/wren_ref "$TMP/hello.wren")
theirs_floor=$(count target/reference/wren_ref --version)
m() { awk -v n="$1" 'BEGIN { printf "%.2f M", n / 1e6 }'; }
printf '| %-28s | %12s | %12s | %12s |\n' "wren hello.wren" "whole process" "floor" "VM (difference)"
printf '|%s|%s|%s|%s|\n' "------------------------------" "--------------" "--------------" "--------------"
printf '| %-28s | %12s | %12s | %12s |\n' "this VM (built-in core image)" "$(m "$ours")" "$(m "$ours_floor")" "$(m $((ours - ours_floor)))"
printf '| %-28s | %12s | %12s | %12s |\n' "C Wren 0.4 (bootstrap)" "$(m "$theirs")" "$(m "$theirs_floor")" "$(m $((theirs - theirs_floor)))"
awk -v a="$ours" -v b="$theirs" -v c=$((ours - ours_floor)) -v d=$((theirs - theirs_floor)) \
  'BEGIN { printf "C / this VM: %.2fx whole process, %.2fx VM\n", b / a, d / c }'
