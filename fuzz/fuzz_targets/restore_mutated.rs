//! `restore_run` with a format-aware mutator: the mutator decodes a corpus image, changes one
//! count, reference, opcode, operand, frame ip or field at the model level, and re-encodes
//! it (falling back to libFuzzer's byte mutations when the input is not an image). The logic
//! lives in `fuzz/harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wren_fuzz_harness::restore_run(data);
});

libfuzzer_sys::fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    // One time in four, libFuzzer's own byte-level mutations (which also reach the decoder).
    if seed % 4 != 0 {
        if let Some(n) = wren_fuzz_harness::mutate(data, size, max_size, seed) {
            return n;
        }
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
});
