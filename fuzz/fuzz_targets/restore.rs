//! Arbitrary bytes → restore: returns Ok or Err, never panics, aborts, hangs or
//! allocates beyond the documented bound; an accepted image is run briefly.
//! The logic lives in `fuzz/harness` (shared with AFL++, bolero and `cargo test`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wren_fuzz_harness::restore(data);
});
