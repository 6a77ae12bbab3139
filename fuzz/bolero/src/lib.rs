//! bolero harnesses: the fuzz targets and the properties of `fuzz/harness`, each a bounded
//! random test under `cargo test` (bolero's default: about a second of generated inputs,
//! plus any files under `src/__fuzz__/<test>/corpus`) and a fuzzer under
//! `cargo bolero test tests::<name> --sanitizer NONE -T 60s` (libFuzzer, or `-e afl`).
//!
//! `scripts/bolero.sh SECONDS [TEST...]` runs them as fuzzers.

#[cfg(test)]
mod tests {
    use arbitrary::Unstructured;
    use wren_fuzz_harness as harness;

    /// Every harness runs on a thread with a large stack, as the `wren` command does.
    fn big_stack(f: impl FnOnce() + Send + 'static) {
        let r = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(f)
            .unwrap()
            .join();
        if let Err(e) = r {
            std::panic::resume_unwind(e);
        }
    }

    /// A `for_each` body over bytes, run on a big stack.
    fn bytes(f: fn(&[u8])) -> impl FnMut(&[u8]) {
        move |data: &[u8]| {
            let d = data.to_vec();
            big_stack(move || f(&d));
        }
    }

    /// A `for_each` body over `arbitrary` choices, run on a big stack.
    fn choices(f: fn(&mut Unstructured) -> arbitrary::Result<()>) -> impl FnMut(&[u8]) {
        move |data: &[u8]| {
            let d = data.to_vec();
            big_stack(move || {
                let _ = f(&mut Unstructured::new(&d));
            });
        }
    }

    #[test]
    fn restore() {
        bolero::check!().for_each(bytes(|d| {
            harness::restore(d);
        }));
    }

    #[test]
    fn restore_run() {
        bolero::check!().for_each(bytes(harness::restore_run));
    }

    #[test]
    fn roundtrip() {
        bolero::check!().for_each(bytes(harness::roundtrip));
    }

    #[test]
    fn structured() {
        bolero::check!().for_each(choices(harness::structured));
    }

    #[test]
    fn compile() {
        bolero::check!().for_each(bytes(harness::compile));
    }

    #[test]
    fn run() {
        bolero::check!().for_each(bytes(harness::run));
    }

    #[test]
    fn program_roundtrip() {
        bolero::check!().for_each(choices(harness::prop_program_roundtrip));
    }

    #[test]
    fn compiler_output_verifies() {
        bolero::check!().for_each(choices(harness::prop_compiler_output_verifies));
    }

    #[test]
    fn decode_never_panics() {
        bolero::check!().for_each(bytes(harness::prop_decode_never_panics));
    }

    #[test]
    fn canonical_fixed_point() {
        bolero::check!().for_each(bytes(harness::prop_canonical_fixed_point));
    }

    #[test]
    fn saved_image_is_canonical() {
        bolero::check!().for_each(choices(harness::prop_saved_image_is_canonical));
    }
}
