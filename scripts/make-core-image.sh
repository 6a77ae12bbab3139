#!/usr/bin/env bash
# Regenerates the built-in core image (vm/src/core/core.snap), which `Vm::new` restores
# instead of compiling core.wren. Needed after a change to core.wren, the primitives, the
# instruction set or the format (vm/tests/core_image.rs fails until then).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --release -p wren-vm --example make_core_image -- vm/src/core/core.snap
