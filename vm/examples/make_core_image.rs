//! Writes the built-in core image: the core library compiled from `core.wren`
//! (`Vm::bootstrap`), saved with debug info. `scripts/make-core-image.sh` runs it;
//! `vm/tests/core_image.rs` fails when the shipped image is stale.
//!
//! `cargo run -p wren-vm --example make_core_image -- vm/src/core/core.snap`
use wren_vm::image::wire::encode::{encode, EncodeOptions};
use wren_vm::{Config, Vm};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "vm/src/core/core.snap".into());
    let vm = Vm::bootstrap(Config::silent());
    let image = vm.to_image().expect("a fresh VM saves");
    let bytes = encode(&image, EncodeOptions::default()).expect("the core encodes");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("{path}: {} bytes, {} objects", bytes.len(), image.len());
}
