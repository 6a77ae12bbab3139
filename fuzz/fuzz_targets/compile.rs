//! Arbitrary bytes as Wren source → compile (as a module and as an expression). Never
//! panics, and the compiler's output passes the verifier.
//! The logic lives in `fuzz/harness` (shared with AFL++, bolero and `cargo test`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wren_fuzz_harness::compile(data);
});
