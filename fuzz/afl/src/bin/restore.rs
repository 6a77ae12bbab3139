//! AFL++ binary for the `restore` target (logic in `fuzz/harness`). Outside AFL it reads one
//! input from stdin: `restore < image.snap`.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        wren_fuzz_harness::restore(data);
    });
}
