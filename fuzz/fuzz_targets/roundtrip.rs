//! A program (first byte even) or an image (odd) → save → restore → save: byte-identical
//! images, and the same output when both VMs run on.
//! The logic lives in `fuzz/harness` (shared with AFL++, bolero and `cargo test`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wren_fuzz_harness::roundtrip(data);
});
