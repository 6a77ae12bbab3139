//! The built-in core image (`vm/src/core/core.snap`, restored by `Vm::new`) is what compiling
//! `core.wren` makes, and a VM restored from it is the bootstrapped VM.

use wren_vm::image::wire::decode::decode;
use wren_vm::image::wire::encode::encode;
use wren_vm::{Config, Vm};

const STALE: &str =
    "the built-in core image is stale: run scripts/make-core-image.sh and commit vm/src/core/core.snap";

#[test]
fn the_built_in_core_image_is_what_bootstrapping_makes() {
    let shipped = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/core.snap"))
        .expect("vm/src/core/core.snap");
    let shipped = decode(&shipped).unwrap_or_else(|e| panic!("{STALE} ({e})"));
    let built = Vm::bootstrap(Config::silent()).to_image().unwrap();
    // Compared as models: the header's value-representation flag is the only thing that
    // differs between the two builds' bytes.
    assert!(
        format!("{:?}", shipped.image) == format!("{built:?}"),
        "{STALE}"
    );
}

#[test]
fn new_restores_the_bootstrapped_vm() {
    let restored = Vm::new(Config::silent()).to_image().unwrap();
    let bootstrapped = Vm::bootstrap(Config::silent()).to_image().unwrap();
    assert_eq!(
        encode(&restored, Default::default()).unwrap(),
        encode(&bootstrapped, Default::default()).unwrap()
    );
}
