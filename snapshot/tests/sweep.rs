//! Sweeps of small images: every truncation, and single-byte edits at every offset (several
//! values each, the checksum recomputed so that the edit reaches past it). Restoring must
//! never panic; an image that is accepted must run under fuel without a panic, and save into
//! an image that restores again.
//!
//! The sweep is exhaustive over offsets and samples the byte values; `SWEEP_EDITS=all` tries
//! all 255 other values at every offset (slow: for a campaign, not for CI).

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use wren_snapshot::encode::seal;
use wren_vm::{Config, Progress};

/// Instructions an accepted mutant runs.
const FUEL: u64 = 5_000;

fn config() -> Config {
    Config {
        max_heap: Some(64 << 20),
        ..Config::silent()
    }
}

/// Restores `bytes`; when accepted, runs it, saves it and restores that. Returns whether the
/// image was accepted; panics (caught by the caller) are the failures.
fn exercise(bytes: &[u8]) -> bool {
    let Ok(mut vm) = wren_snapshot::restore(bytes, config()) else {
        return false;
    };
    let r = vm.resume(Some(FUEL));
    if r == Ok(Progress::Paused) || !vm.is_paused() {
        let again = wren_snapshot::save(&vm, Default::default())
            .expect("a VM restored from a verified image saves");
        if let Err(e) = wren_snapshot::restore(&again, config()) {
            panic!("a VM restored from a verified image saved an image that is rejected: {e}");
        }
    }
    true
}

fn sweep(name: &str, image: &[u8]) {
    let all = std::env::var("SWEEP_EDITS").is_ok_and(|v| v == "all");
    let mut failures = Vec::new();
    let mut accepted = 0usize;
    let mut tried = 0usize;
    let mut check = |label: String, bytes: &[u8]| {
        tried += 1;
        match catch_unwind(AssertUnwindSafe(|| exercise(bytes))) {
            Ok(true) => accepted += 1,
            Ok(false) => {}
            Err(_) => failures.push(label),
        }
    };
    for len in 0..image.len() {
        check(format!("truncated to {len}"), &image[..len]);
    }
    for at in 0..image.len() {
        let b = image[at];
        let values: Vec<u8> = if all {
            (0..=255u8).filter(|&v| v != b).collect()
        } else {
            // Every single-bit flip, the neighbours, and the extremes.
            let mut v: Vec<u8> = (0..8).map(|bit| b ^ (1 << bit)).collect();
            v.extend([b.wrapping_add(1), b.wrapping_sub(1), 0x00, 0x7f, 0x80, 0xff]);
            v.retain(|&x| x != b);
            v.sort_unstable();
            v.dedup();
            v
        };
        for v in values {
            let mut m = image.to_vec();
            m[at] = v;
            seal(&mut m);
            check(format!("byte {at} = {v:#04x}"), &m);
        }
    }
    // Without the checksum recomputed, every edit past the header is caught by it.
    let mut m = image.to_vec();
    let last = m.len() - 1;
    m[last] ^= 0x55;
    check("unsealed edit".into(), &m);
    println!(
        "{name}: {tried} inputs, {accepted} accepted, {} panics",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{name}: {} of {tried} inputs panicked, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
}

#[test]
fn sweep_program_image() {
    let image = wren_snapshot::encode(&common::base(), Default::default()).unwrap();
    sweep("base.wren paused", &image);
}

#[test]
fn sweep_core_image() {
    let image = wren_snapshot::encode(&common::core(), Default::default()).unwrap();
    sweep("core", &image);
}
