//! The harness's properties under proptest (bounded, in plain `cargo test`; failures shrink
//! and are saved to `properties.proptest-regressions`, which is committed and replayed
//! first). The same properties run under bolero in `fuzz/bolero`, and as fuzzers.
//!
//! * a save / restore round trip on generated heaps and paused programs;
//! * the verifier accepts every compiler output;
//! * decode never panics;
//! * the canonical encoding is a fixed point.

use std::sync::OnceLock;

use arbitrary::Unstructured;
use proptest::prelude::*;
use wren_fuzz_harness as harness;

/// The shipped seed images plus the core image: the starting points of byte-level edits.
fn images() -> &'static [Vec<u8>] {
    static IMAGES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    IMAGES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut v: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "snap"))
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        v.sort();
        v.push(harness::core_image());
        v
    })
}

/// A seed image with a few byte edits and perhaps a truncation.
fn edited_image() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        prop::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(|(which, edits, cut)| {
            let mut bytes = which.get(images()).clone();
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

/// Raw choices for an `arbitrary`-driven property.
fn choices(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

/// Runs `f` on a thread with a large stack (as the fuzzers and the `wren` command do).
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn program_roundtrip(data in choices(4096)) {
        big_stack(move || {
            let _ = harness::prop_program_roundtrip(&mut Unstructured::new(&data));
        });
    }

    #[test]
    fn compiler_output_verifies(data in choices(4096)) {
        big_stack(move || {
            let _ = harness::prop_compiler_output_verifies(&mut Unstructured::new(&data));
        });
    }

    #[test]
    fn saved_image_is_canonical(data in choices(4096)) {
        big_stack(move || {
            let _ = harness::prop_saved_image_is_canonical(&mut Unstructured::new(&data));
        });
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in edited_image()) {
        big_stack(move || harness::prop_decode_never_panics(&bytes));
    }

    #[test]
    fn decode_never_panics_on_raw_bytes(bytes in choices(512)) {
        harness::prop_decode_never_panics(&bytes);
    }

    #[test]
    fn canonical_fixed_point(bytes in edited_image()) {
        harness::prop_canonical_fixed_point(&bytes);
    }
}

/// The generator is worth its name: most generated programs compile, and most run a good
/// way before they finish, fail or pause.
#[test]
fn generated_programs_compile_and_run() {
    big_stack(|| {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut compiled, mut ran_far, total) = (0, 0, 200);
        for _ in 0..total {
            let data: Vec<u8> = (0..2048)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            let src = harness::gen::program(&mut Unstructured::new(&data)).unwrap();
            let mut vm = harness::fresh_vm(wren_vm::Config::silent());
            let Ok(body) = vm.compile_module("main", src.as_bytes()) else {
                continue;
            };
            compiled += 1;
            vm.start(body).expect("a fresh VM starts a module body");
            if vm.run_with_fuel(1_000) == Ok(wren_vm::Progress::Paused) {
                ran_far += 1;
            }
        }
        assert!(
            compiled >= total * 95 / 100,
            "{compiled} of {total} compile"
        );
        assert!(
            ran_far >= total / 2,
            "{ran_far} of {total} run 1,000 instructions"
        );
    });
}
