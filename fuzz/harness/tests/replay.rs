//! Replays, as named tests, through the same functions the fuzzers call:
//! * every seed image in `corpus/` through `restore`, `restore_run` and `roundtrip`;
//! * every file in `corpus/regressions/<target>/` (inputs that once crashed or hung a target,
//!   minimized) through that target;
//! * a bounded run of the `structured` target and of the custom mutator.
//!
//! `cargo test -p wren-fuzz-harness --test replay -- regressions::` replays the regressions
//! only.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use wren_fuzz_harness as harness;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Runs `f` on a thread with a large stack (like the `wren` command), turning a panic into a
/// failure.
fn guarded(f: impl FnOnce() + Send + 'static) -> Result<(), Failed> {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .map_err(|e| {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into());
            Failed::from(msg)
        })
}

fn main() {
    let args = Arguments::from_args();
    let root = root();
    let mut trials = Vec::new();

    for p in files(&root.join("corpus")) {
        if p.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        let b = bytes.clone();
        trials.push(Trial::test(format!("corpus::restore::{name}"), move || {
            guarded(move || assert!(harness::restore(&b), "a seed image is rejected"))
        }));
        let b = bytes.clone();
        trials.push(Trial::test(
            format!("corpus::restore_run::{name}"),
            move || guarded(move || harness::restore_run(&b)),
        ));
        let b = bytes;
        trials.push(Trial::test(
            format!("corpus::roundtrip::{name}"),
            move || guarded(move || harness::roundtrip(&b)),
        ));
    }

    for dir in files(&root.join("corpus/regressions"))
        .into_iter()
        .chain(
            std::fs::read_dir(root.join("corpus/regressions"))
                .map(|d| {
                    d.flatten()
                        .map(|e| e.path())
                        .filter(|p| p.is_dir())
                        .collect()
                })
                .unwrap_or_else(|_| Vec::new()),
        )
        .filter(|p| p.is_dir())
    {
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some(f) = harness::target(&target) else {
            let msg = format!("corpus/regressions/{target}: no such target");
            trials.push(Trial::test(format!("regressions::{target}"), move || {
                Err(msg.into())
            }));
            continue;
        };
        for p in files(&dir) {
            if p.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            trials.push(Trial::test(
                format!("regressions::{target}::{name}"),
                move || guarded(move || f(&bytes)),
            ));
        }
    }

    trials.push(Trial::test("smoke::structured", || {
        guarded(|| {
            // Deterministic pseudo-random inputs.
            let mut seed = 0x9e37_79b9_7f4a_7c15u64;
            for _ in 0..300 {
                let bytes: Vec<u8> = (0..256)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed as u8
                    })
                    .collect();
                let _ = harness::structured(&mut arbitrary::Unstructured::new(&bytes));
            }
        })
    }));
    trials.push(Trial::test("smoke::mutator", move || {
        let seeds: Vec<Vec<u8>> = files(&root.join("corpus"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "snap"))
            .take(6)
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        guarded(move || {
            let mut mutated = 0;
            for (k, seed_image) in seeds.iter().enumerate() {
                for s in 0..60u32 {
                    let mut data = seed_image.clone();
                    data.resize(seed_image.len() + 4096, 0);
                    let max = data.len();
                    if let Some(n) =
                        harness::mutate(&mut data, seed_image.len(), max, s * 7 + k as u32)
                    {
                        mutated += 1;
                        harness::restore_run(&data[..n]);
                    }
                }
            }
            assert!(mutated > 100, "the mutator mutated only {mutated} images");
        })
    }));

    libtest_mimic::run(&args, trials).exit();
}
