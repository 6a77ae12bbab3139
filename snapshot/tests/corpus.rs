//! Every image in `corpus/` restores, saves back to the same bytes (images from the saver are
//! canonical: `save(restore(save(vm)))` is `save(vm)`), runs under fuel, and saves and
//! restores again after running.

use wren_snapshot::format::FLAG_NAN_TAGGED;
use wren_vm::Config;

/// `bytes` as this build would write its header: the value-representation flag is the only
/// field that depends on the build (and the checksum does not cover the header).
fn as_this_build(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let mut flags = u16::from_le_bytes([b[10], b[11]]) & !FLAG_NAN_TAGGED;
    if wren_vm::value::NAN_TAGGED {
        flags |= FLAG_NAN_TAGGED;
    }
    b[10..12].copy_from_slice(&flags.to_le_bytes());
    b
}

#[test]
fn corpus_images_round_trip_and_run() {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        n += 1;
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        let debug = wren_snapshot::decode::read_header(&bytes)
            .unwrap()
            .0
            .debug_info();
        let options = wren_snapshot::EncodeOptions {
            strip_debug: !debug,
        };
        let mut vm = wren_snapshot::restore(&bytes, Config::silent())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = wren_snapshot::save(&vm, options).unwrap();
        assert!(
            again == as_this_build(&bytes),
            "{name}: saving the restored VM gives other bytes"
        );
        // Runs on (or stops at an error) without a panic.
        let _ = vm.resume(Some(20_000));
        let after = wren_snapshot::save(&vm, Default::default()).unwrap();
        wren_snapshot::restore(&after, Config::silent())
            .unwrap_or_else(|e| panic!("{name} after running: {e}"));
    }
    assert!(n >= 20, "only {n} corpus images");
}
