//! Arbitrary bytes as Wren source → compile and run with fuel and a heap limit. Never
//! panics, aborts, overflows the stack or hangs.
//! The logic lives in `fuzz/harness` (shared with AFL++, bolero and `cargo test`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wren_fuzz_harness::run(data);
});
