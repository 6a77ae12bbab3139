//! Arbitrary bytes → restore. Must return Ok or Err, never panic, abort, hang or allocate
//! beyond the documented bound; an image that restores must run under fuel without a
//! panic, save, and restore again (a verified image runs safely).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wren_vm::{Config, InterpretResult};

/// Instructions a restored image runs.
const FUEL: u64 = 20_000;

fn config() -> Config {
    Config {
        max_heap: Some(64 << 20),
        ..Config::silent()
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut vm) = wren_snapshot::restore(data, config()) else {
        return;
    };
    let r = vm.resume(Some(FUEL));
    if r == InterpretResult::Paused || !vm.is_paused() {
        let again = wren_snapshot::save(&vm, Default::default()).expect("a restored VM saves");
        if let Err(e) = wren_snapshot::restore(&again, config()) {
            panic!("a restored VM saved an image that does not restore: {e}");
        }
    }
});
