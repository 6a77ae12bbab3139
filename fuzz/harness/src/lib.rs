//! The logic of every fuzz target, in one library: the cargo-fuzz targets in `fuzz/`, the
//! AFL++ binaries in `fuzz/afl/`, the bolero harnesses in `fuzz/bolero/` and `cargo test`
//! (which replays `corpus/` and `corpus/regressions/<target>/` through it) all call these
//! functions, so a crash found by one is reproduced by all.
//!
//! Every input starts from a fresh VM, restored from the core image (cheap) rather than
//! bootstrapped: nothing carries over from one input to the next. Every function either
//! returns or panics; a panic is a finding.
//!
//! | function | input | checks |
//! |---|---|---|
//! | [`restore`] | bytes | restoring returns `Ok` or `Err`; an accepted image runs briefly and collects |
//! | [`restore_run`] | bytes | a restored VM runs every fiber it can, prints its module variables, collects, saves, and the save restores |
//! | [`roundtrip`] | a program, or an image | save → restore → save is byte-identical, and both VMs print the same when run |
//! | [`structured`] | `arbitrary` choices | an image built from a seed image by model-level edits encodes, and restores (and runs) or is rejected |
//! | [`mutate`] | an image | the custom mutator: decode, one meaningful edit, re-encode |
//! | [`compile`] | source | compiling never panics, and the compiler's output passes the verifier |
//! | [`run`] | source | compiling and running with fuel never panics |

use std::cell::RefCell;
use std::rc::Rc;

use arbitrary::Unstructured;
use wren_vm::image::{self, Image};
use wren_vm::{Config, Progress, Value, Vm};

pub mod edit;
pub mod gen;

/// Instructions a restored image, or a compiled program, runs per input.
pub const FUEL: u64 = 20_000;
/// Instructions an image accepted by [`restore`] runs.
pub const QUICK_FUEL: u64 = 1_000;
/// Instructions each extra fiber, and each `toString`, runs.
pub const SIDE_FUEL: u64 = 2_000;
/// The heap limit of every VM a target makes.
pub const MAX_HEAP: usize = 64 << 20;
/// Extra fibers run per input, at most.
pub const MAX_FIBERS_RUN: usize = 32;
/// Module variables printed per input, at most.
pub const MAX_VARIABLES_PRINTED: usize = 64;

fn config() -> Config {
    Config {
        max_heap: Some(MAX_HEAP),
        initial_heap: 4 << 20,
        ..Config::silent()
    }
}

/// A configuration that collects what the program prints (for `roundtrip`, which compares
/// a VM with its restored copy under fuel: the fuel counts instructions alone, since the
/// work of collections depends on heap state a restored VM does not share exactly).
fn capturing(out: &Rc<RefCell<Vec<u8>>>) -> Config {
    let o = out.clone();
    let e = out.clone();
    Config {
        write: Box::new(move |s| o.borrow_mut().extend_from_slice(s)),
        error: Box::new(move |_, module, line, msg| {
            e.borrow_mut()
                .extend_from_slice(format!("[{module} {line}] {msg}\n").as_bytes())
        }),
        fuel_counts_work: false,
        ..config()
    }
}

thread_local! {
    /// The core image's bytes, saved once per thread.
    static CORE: Vec<u8> = wren_snapshot::save(&Vm::new(Config::silent()), Default::default())
        .expect("the core image saves");
}

/// A fresh VM holding the core library: [`Vm::new`] restores it from the built-in core
/// image (decoded and verified; no bootstrapping).
pub fn fresh_vm(config: Config) -> Vm {
    Vm::new(config)
}

/// The core image's bytes.
pub fn core_image() -> Vec<u8> {
    CORE.with(|c| c.clone())
}

/// The bytes as a fuzzing build sees them. Fuzzing builds skip the image checksum
/// (`cfg(fuzzing)`), so inputs a fuzzer found carry stale checksums; an ordinary build (the
/// replay in `cargo test`) seals them first, so that they reach the same code. And so that a
/// kept input stays meaningful after the instruction set or the primitives change, the
/// header's build fingerprints are set to this build's.
fn as_fuzzed(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if cfg!(fuzzing) || !data.starts_with(&wren_snapshot::format::MAGIC) {
        return std::borrow::Cow::Borrowed(data);
    }
    let mut sealed = data.to_vec();
    if sealed.len() >= wren_snapshot::format::HEADER_LEN {
        // Header: magic, version, flags, then the two fingerprints (FORMAT.md §2).
        sealed[12..20].copy_from_slice(&image::primitives_fingerprint().to_le_bytes());
        sealed[20..28].copy_from_slice(&wren_vm::opcode::table_fingerprint().to_le_bytes());
    }
    wren_snapshot::encode::seal(&mut sealed);
    std::borrow::Cow::Owned(sealed)
}

/// `restore`: bytes → restore; an accepted image runs on for [`QUICK_FUEL`] instructions and
/// is collected (every target that restores uses what it restored; [`restore_run`] does so
/// thoroughly). Returns whether the image was accepted.
pub fn restore(data: &[u8]) -> bool {
    let Ok(mut vm) = wren_snapshot::restore(&as_fuzzed(data), config()) else {
        return false;
    };
    if vm.resume(Some(QUICK_FUEL)) == Ok(Progress::Paused) {
        vm.abandon();
    }
    vm.collect_garbage();
    true
}

/// Uses a VM the way a host would, under fuel: continues its current fiber, runs each other
/// fiber that can run (through `try`), prints (`toString`) its module variables, collects
/// garbage. Never panics on a verified VM.
pub fn exercise(vm: &mut Vm, fuel: u64) {
    if vm.resume(Some(fuel)) == Ok(Progress::Paused) {
        vm.abandon();
    }
    // Every fiber in the heap that is not done.
    let fibers: Vec<Value> = vm
        .heap()
        .iter()
        .filter_map(|(r, o)| match o {
            wren_vm::object::Obj::Fiber(f) if !f.frames.is_empty() && f.error.is_null() => {
                Some(Value::obj(r))
            }
            _ => None,
        })
        .take(MAX_FIBERS_RUN)
        .collect();
    let try_ = vm.make_call_handle("try()");
    for f in fibers {
        if let Ok(Progress::Paused) = vm.call_with_fuel(&try_, f, &[], Some(SIDE_FUEL)) {
            vm.abandon();
        }
    }
    // Every module variable, printed.
    let mut values = Vec::new();
    for (_, o) in vm.heap().iter() {
        if let wren_vm::object::Obj::Module(m) = o {
            values.extend(m.variables.iter().copied());
        }
        if values.len() >= MAX_VARIABLES_PRINTED {
            break;
        }
    }
    values.truncate(MAX_VARIABLES_PRINTED);
    let to_string = vm.make_call_handle("toString");
    for v in values {
        if let Ok(Progress::Paused) = vm.call_with_fuel(&to_string, v, &[], Some(SIDE_FUEL)) {
            vm.abandon();
        }
    }
    vm.collect_garbage();
}

/// Saves `vm` and restores the image: a VM restored from a verified image must stay
/// verifiable whatever it did since.
fn save_and_restore(vm: &Vm) -> Vm {
    let bytes = wren_snapshot::save(vm, Default::default())
        .unwrap_or_else(|e| panic!("a VM restored from a verified image cannot save: {e}"));
    wren_snapshot::restore(&bytes, config()).unwrap_or_else(|e| {
        panic!("a VM restored from a verified image saved an image that is rejected: {e}")
    })
}

/// `restore_run`: bytes → restore; when accepted, [`exercise`] it, save it, and restore the
/// save. The proof that a verified image runs safely.
pub fn restore_run(data: &[u8]) {
    let Ok(mut vm) = wren_snapshot::restore(&as_fuzzed(data), config()) else {
        return;
    };
    exercise(&mut vm, FUEL);
    let _ = save_and_restore(&vm);
}

/// `roundtrip`: an image (starting with the format's magic) is restored; anything else is a
/// program whose first byte picks how long it runs (up to about 4,000 instructions) before it
/// is saved. Either way: see [`check_roundtrip`].
pub fn roundtrip(data: &[u8]) {
    if data.starts_with(&wren_snapshot::format::MAGIC) {
        let out = Rc::new(RefCell::new(Vec::new()));
        if let Ok(vm) = wren_snapshot::restore(&as_fuzzed(data), capturing(&out)) {
            check_roundtrip(vm, out);
        }
    } else if let Some((&steps, source)) = data.split_first() {
        roundtrip_program(source, steps as u64 * 16);
    }
}

/// Compiles `source` in a fresh VM, runs it for `steps` instructions (or to its end), and
/// checks the paused VM round-trips ([`check_roundtrip`]).
pub fn roundtrip_program(source: &[u8], steps: u64) {
    let out = Rc::new(RefCell::new(Vec::new()));
    let mut vm = fresh_vm(capturing(&out));
    let Ok(body) = vm.compile_module("main", source) else {
        return;
    };
    vm.start(body).expect("a fresh VM starts a module body");
    // Paused, finished or failed: every state round-trips.
    let _ = vm.run_with_fuel(steps);
    check_roundtrip(vm, out);
}

/// save → restore → save gives the same bytes; the saved VM and the restored one then run on
/// the same: same result, same output, same image.
fn check_roundtrip(mut a: Vm, out_a: Rc<RefCell<Vec<u8>>>) {
    let first = wren_snapshot::save(&a, Default::default()).expect("a VM saves");
    let out_b = Rc::new(RefCell::new(Vec::new()));
    let mut b = wren_snapshot::restore(&first, capturing(&out_b))
        .unwrap_or_else(|e| panic!("a saved VM's image is rejected: {e}"));
    let second = wren_snapshot::save(&b, Default::default()).expect("a restored VM saves");
    assert!(
        first == second,
        "save(restore(save(vm))) differs from save(vm)"
    );
    out_a.borrow_mut().clear();
    let ra = a.resume(Some(FUEL));
    let rb = b.resume(Some(FUEL));
    assert_eq!(ra, rb, "the original and the restored VM end differently");
    assert!(
        *out_a.borrow() == *out_b.borrow(),
        "the original and the restored VM print differently"
    );
    let (sa, sb) = (
        wren_snapshot::save(&a, Default::default()).expect("saves"),
        wren_snapshot::save(&b, Default::default()).expect("saves"),
    );
    assert!(sa == sb, "the original and the restored VM diverge");
}

/// The seed images `structured` builds from.
fn seed(pick: impl FnOnce(usize) -> usize) -> Image {
    thread_local! {
        static SEEDS: Vec<Image> = {
            let mut vm = fresh_vm(config());
            let src = br#"
var L = [1, "a", 2..3, {"k": null}]
class A {
  construct new() { _x = 1 }
  x { _x }
  static make(n) { A.new() }
}
var I = A.make(1)
var F = Fiber.new {|v|
  var c = v
  var g = Fn.new { c }
  while (true) c = c + Fiber.yield(g.call())
}
F.call(1)
var i = 0
while (i < 100000) i = i + 1
"#;
            let body = vm.compile_module("main", &src[..]).expect("the seed compiles");
            vm.start(body).expect("a fresh VM starts a module body");
            let _ = vm.run_with_fuel(300).expect("the seed runs");
            vec![
                fresh_vm(config()).to_image().expect("saves"),
                vm.to_image().expect("saves"),
            ]
        };
    }
    SEEDS.with(|s| s[pick(s.len()).min(s.len() - 1)].clone())
}

/// `structured`: picks a seed image (the core library, or a program paused with a fiber, a
/// closure over an open upvalue, an instance, a list and a map), applies up to eight edits to
/// the image model chosen by `u` (see [`edit`]), encodes it, and restores it; an accepted
/// image is exercised. Reaches deep into the verifier, past the decoder.
pub fn structured(u: &mut Unstructured) -> arbitrary::Result<()> {
    let mut which = Ok(0);
    let mut image = seed(|n| {
        which = u.int_in_range(0..=n - 1);
        *which.as_ref().unwrap_or(&0)
    });
    which?;
    let edits = u.int_in_range(1..=8)?;
    for _ in 0..edits {
        edit::apply(&mut image, u)?;
    }
    let Ok(bytes) = wren_snapshot::encode(&image, Default::default()) else {
        return Ok(());
    };
    restore_run(&bytes);
    Ok(())
}

/// The custom mutator: decodes `data[..size]`, applies one edit chosen by `seed`, and
/// re-encodes into `data` (at most `max_size` bytes). Returns the new size, or `None` when
/// the input is not an image (the caller then mutates bytes instead).
pub fn mutate(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> Option<usize> {
    let decoded = wren_snapshot::decode(&data[..size]).ok()?;
    let mut image = decoded.image;
    // A few bytes of entropy from the seed drive the edit.
    let mut state = u64::from(seed) | 1 << 32;
    let entropy: Vec<u8> = (0..64)
        .map(|_| {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect();
    let mut u = Unstructured::new(&entropy);
    edit::apply(&mut image, &mut u).ok()?;
    let bytes = wren_snapshot::encode(&image, Default::default()).ok()?;
    if bytes.len() > max_size {
        return None;
    }
    data[..bytes.len()].copy_from_slice(&bytes);
    Some(bytes.len())
}

/// `compile`: source → compile (as a module, and as an expression) in a fresh VM. Never
/// panics; and the VM holding the compiler's output passes the verifier: a rejection is a bug
/// in one of the two.
pub fn compile(data: &[u8]) {
    let mut vm = fresh_vm(config());
    // Keep what compiled reachable (held by handles), so that the image holds it.
    if let Ok(body) = vm.compile_module("fuzz", data) {
        let _ = vm.make_handle(body);
    }
    if let Ok(expr) = vm.compile_expression("fuzz", data) {
        let _ = vm.make_handle(expr);
    }
    let image = vm.to_image().expect("a VM saves");
    if let Err(e) = image::verify(image) {
        panic!("the verifier rejects the compiler's output: {e}");
    }
}

/// `run`: source → compile and run in a fresh VM with fuel and a heap limit. Never panics.
pub fn run(data: &[u8]) {
    let mut vm = fresh_vm(config());
    if let Ok(closure) = vm.compile_module("fuzz", data) {
        vm.start(closure).expect("a fresh VM starts a module body");
        if vm.run_with_fuel(200_000) == Ok(Progress::Paused) {
            vm.abandon();
        }
    }
}

// ---- Properties (run by proptest and bolero in `cargo test`, and as fuzzers) ---------------

/// Property: a generated program ([`gen::program`]), paused at an arbitrary instruction,
/// round-trips ([`check_roundtrip`]).
pub fn prop_program_roundtrip(u: &mut Unstructured) -> arbitrary::Result<()> {
    let source = gen::program(u)?;
    let steps = u.int_in_range(0..=20_000u64)?;
    roundtrip_program(source.as_bytes(), steps);
    Ok(())
}

/// Property: the verifier accepts every compiler output, for generated programs (which
/// compile) as for arbitrary bytes (which mostly do not).
pub fn prop_compiler_output_verifies(u: &mut Unstructured) -> arbitrary::Result<()> {
    if u.arbitrary()? {
        compile(gen::program(u)?.as_bytes());
    } else {
        compile(u.bytes(u.len())?);
    }
    Ok(())
}

/// Property: decoding, checking and restoring any bytes returns (no panic).
pub fn prop_decode_never_panics(data: &[u8]) {
    let _ = wren_snapshot::decode(data);
    let _ = wren_snapshot::check(data);
    let _ = restore(data);
}

/// Property: the canonical encoding is a fixed point. Whatever decodes encodes to bytes that
/// decode and encode to themselves; and a saved VM's image is already canonical.
pub fn prop_canonical_fixed_point(data: &[u8]) {
    if let Ok(d) = wren_snapshot::decode(data) {
        if let Ok(first) = wren_snapshot::encode(&d.image, Default::default()) {
            let again = wren_snapshot::decode(&first)
                .unwrap_or_else(|e| panic!("an encoded image does not decode: {e}"));
            let second = wren_snapshot::encode(&again.image, Default::default())
                .expect("a decoded canonical image encodes");
            assert!(
                first == second,
                "encode(decode(encode(x))) differs from encode(x)"
            );
        }
    }
}

/// Property: [`prop_canonical_fixed_point`] on the image of a generated program paused at an
/// arbitrary instruction, which must already be canonical: encode(decode(save)) == save.
pub fn prop_saved_image_is_canonical(u: &mut Unstructured) -> arbitrary::Result<()> {
    let source = gen::program(u)?;
    let steps = u.int_in_range(0..=20_000u64)?;
    let mut vm = fresh_vm(config());
    let Ok(body) = vm.compile_module("main", source.as_bytes()) else {
        return Ok(());
    };
    vm.start(body).expect("a fresh VM starts a module body");
    let _ = vm.run_with_fuel(steps);
    let saved = wren_snapshot::save(&vm, Default::default()).expect("a VM saves");
    let d = wren_snapshot::decode(&saved).expect("a saved image decodes");
    let again = wren_snapshot::encode(&d.image, Default::default()).expect("encodes");
    assert!(again == saved, "a saved image is not canonical");
    prop_canonical_fixed_point(&saved);
    Ok(())
}

/// Every target, by name, as a function of bytes (for replaying files).
pub fn target(name: &str) -> Option<fn(&[u8])> {
    Some(match name {
        "restore" => |d| {
            restore(d);
        },
        "restore_run" | "restore_mutated" => restore_run,
        "roundtrip" => roundtrip,
        "structured" => |d| {
            let _ = structured(&mut Unstructured::new(d));
        },
        "compile" => compile,
        "run" => run,
        "program_roundtrip" => |d| {
            let _ = prop_program_roundtrip(&mut Unstructured::new(d));
        },
        "compiler_output_verifies" => |d| {
            let _ = prop_compiler_output_verifies(&mut Unstructured::new(d));
        },
        "decode_never_panics" => prop_decode_never_panics,
        "canonical_fixed_point" => prop_canonical_fixed_point,
        "saved_image_is_canonical" => |d| {
            let _ = prop_saved_image_is_canonical(&mut Unstructured::new(d));
        },
        _ => return None,
    })
}
