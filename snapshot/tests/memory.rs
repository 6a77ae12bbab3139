//! The restorer's allocation bound: restoring any input (accepted or not) allocates at most
//! `ALLOC_FACTOR × input + ALLOC_SLACK` bytes in total, counted by a global allocator that
//! sees every allocation. Checked on real images, on images built to be as expensive per byte
//! as the format allows, and on the fixtures.

mod common;

use std::alloc::System;
use std::rc::Rc;

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use wren_snapshot::limits::{ALLOC_FACTOR, ALLOC_SLACK};
use wren_vm::image::*;
use wren_vm::object::ObjKind;
use wren_vm::{Config, Value, Vm};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes allocated (in total, not at peak) while restoring `bytes`.
fn allocated_by_restore(bytes: &[u8]) -> (usize, bool) {
    let region = Region::new(GLOBAL);
    let ok = wren_snapshot::restore(bytes, Config::silent()).is_ok();
    let stats = region.change();
    (
        stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize,
        ok,
    )
}

/// Checks the documented bound, and that the decoder's charges (which enforce it) are an upper
/// bound of what restoring really allocates.
fn check(name: &str, bytes: &[u8]) -> (usize, bool) {
    let (used, ok) = allocated_by_restore(bytes);
    let bound = ALLOC_FACTOR * bytes.len() + ALLOC_SLACK;
    if let Ok(d) = wren_snapshot::decode(bytes) {
        // What the charges do not cover: the VM's fixed parts and the error's text.
        const FIXED: usize = 64 << 10;
        assert!(
            used <= d.charged + FIXED,
            "{name}: restoring allocated {used} bytes, more than the {} charged",
            d.charged
        );
    }
    println!(
        "{name}: {} bytes in, {used} bytes allocated ({:.1} per byte), {}",
        bytes.len(),
        used as f64 / bytes.len().max(1) as f64,
        if ok { "restored" } else { "rejected" }
    );
    assert!(
        used <= bound,
        "{name}: restoring {} bytes allocated {used}, over the bound {bound}",
        bytes.len()
    );
    (used, ok)
}

/// The core image with `extra` applied and saved again through a VM (so that it stays valid).
fn grown(extra: impl FnOnce(&mut Vm)) -> Vec<u8> {
    let mut vm = Vm::new(Config::silent());
    extra(&mut vm);
    wren_snapshot::save(&vm, Default::default()).unwrap()
}

/// One test, so that no other test's allocations run at the same time: the counter sees every
/// thread's.
#[test]
fn restoring_stays_within_the_allocation_bound() {
    // Process-wide tables (primitive names, fingerprints) are built on first use.
    let warm = wren_snapshot::save(&Vm::new(Config::silent()), Default::default()).unwrap();
    allocated_by_restore(&warm);
    real_images();
    expensive_images();
    fixtures();
}

fn real_images() {
    check("core", &grown(|_| {}));
    check(
        "a million small integers",
        &grown(|vm| {
            vm.interpret("main", "var L = []\nfor (i in 0...1000000) L.add(i % 100)")
                .expect("runs");
        }),
    );
    check(
        "100,000 empty lists",
        &grown(|vm| {
            vm.interpret("main", "var L = []\nfor (i in 0...100000) L.add([])")
                .expect("runs");
        }),
    );
    check(
        "a map of 100,000 entries",
        &grown(|vm| {
            vm.interpret("main", "var M = {}\nfor (i in 0...100000) M[i] = i")
                .expect("runs");
        }),
    );
    check(
        "10,000 fibers",
        &grown(|vm| {
            vm.interpret(
                "main",
                "var L = []\nfor (i in 0...10000) L.add(Fiber.new { Fiber.yield(i) })\nfor (f in L) f.call()",
            ).expect("runs");
        }),
    );
    check(
        "500 classes with late methods",
        &grown(|vm| {
            let mut src = String::new();
            for i in 0..500 {
                src.push_str(&format!("class C{i} {{ method{i}() {{ {i} }} }}\n"));
            }
            vm.interpret("main", &src).expect("runs");
        }),
    );
}

/// Images made to cost as much memory per input byte as possible, accepted or not.
fn expensive_images() {
    let core = common::core();
    let encode = |img: &Image| wren_snapshot::encode(img, Default::default()).unwrap();

    // Many tiny objects nothing refers to.
    let mut img = core.clone();
    img.make_room(ObjKind::List, 200_000);
    img.lists.extend((0..200_000).map(|_| ListObj::default()));
    check("200,000 unreferenced empty lists", &encode(&img));

    // Maps of one entry: a 16-slot table each.
    let mut img = core.clone();
    img.make_room(ObjKind::Map, 50_000);
    for _ in 0..50_000 {
        img.maps.push(MapObj {
            capacity: 16,
            entries: vec![MapEntry {
                slot: 0,
                key: Value::NULL,
                value: Value::NULL,
            }],
        });
    }
    check("50,000 one-entry maps", &encode(&img));

    // Classes with one method at the last symbol: a dense table each.
    let mut img = core.clone();
    while img.symbols.len() < 65_536 {
        let n = img.symbols.len();
        img.symbols.push(format!("m{n}").into());
    }
    img.make_room(ObjKind::Class, 2_000);
    let object = img.roots.core.object;
    let l = img.layout();
    let ci = l.index(object, ObjKind::Class);
    for _ in 0..2_000 {
        let mut c = img.classes[ci].clone();
        c.methods = vec![(65_535, MethodRef::FnCall)];
        img.classes.push(c);
    }
    check("2,000 classes with a method at symbol 65535", &encode(&img));

    // Module variables with long names.
    let mut img = core.clone();
    let m = img.modules.iter().position(|m| m.name.is_none()).unwrap();
    for i in 0..60_000 {
        let name: Rc<str> = format!("{i:0>64}").into();
        img.modules[m].names.push(name);
        img.modules[m].values.push(Value::NULL);
    }
    check("60,000 variables with 64-byte names", &encode(&img));

    // Strings sharing one long content.
    let mut img = core.clone();
    img.make_room(ObjKind::String, 100_000);
    let content: Rc<[u8]> = vec![b'x'; 100_000].into();
    for _ in 0..100_000 {
        img.strings.push(StringObj {
            bytes: content.clone(),
        });
    }
    check("100,000 strings of one 100 KB content", &encode(&img));

    // A fiber stack of small values.
    let mut img = core;
    img.make_room(ObjKind::List, 1);
    img.lists.push(ListObj {
        elements: vec![Value::NULL; 2_000_000],
    });
    check("a list of 2,000,000 nulls", &encode(&img));
}

fn fixtures() {
    for entry in std::fs::read_dir(common::dir()).unwrap().flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "snap") {
            let bytes = std::fs::read(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            check(&name, &bytes);
        }
    }
}
