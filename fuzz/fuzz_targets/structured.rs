//! `arbitrary`-driven edits of seed images at the model level → encode → restore (and
//! run): reaches the verifier's checks past the decoder.
//! The logic lives in `fuzz/harness` (shared with AFL++, bolero and `cargo test`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wren_fuzz_harness::structured(&mut arbitrary::Unstructured::new(data));
});
