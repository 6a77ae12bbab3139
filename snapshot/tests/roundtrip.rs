//! Bytes round trips: encode → decode → verify → install → save gives the same bytes.

use wren_vm::{Config, Vm};

#[test]
fn core_image_bytes_round_trip() {
    let vm = Vm::new(Config::silent());
    let bytes = wren_snapshot::save(&vm, Default::default()).unwrap();
    let restored =
        wren_snapshot::restore(&bytes, Config::silent()).unwrap_or_else(|e| panic!("{e}"));
    let again = wren_snapshot::save(&restored, Default::default()).unwrap();
    assert_eq!(bytes, again);
    println!(
        "core image: {} bytes, {}",
        bytes.len(),
        wren_snapshot::inspect::census_line(&restored.to_image().unwrap())
    );
}
