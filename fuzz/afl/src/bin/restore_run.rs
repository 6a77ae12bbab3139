//! AFL++ binary for the `restore_run` target (logic in `fuzz/harness`). Outside AFL it reads
//! one input from stdin: `restore_run < image.snap`.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        wren_fuzz_harness::restore_run(data);
    });
}
