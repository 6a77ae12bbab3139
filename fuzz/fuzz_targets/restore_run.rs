//! Arbitrary bytes → restore; an accepted image runs every fiber it can with fuel and a
//! heap limit, prints its module variables, collects, saves, and the save restores. The proof
//! that a verified image runs safely.
//! The logic lives in `fuzz/harness` (shared with AFL++, bolero and `cargo test`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wren_fuzz_harness::restore_run(data);
});
