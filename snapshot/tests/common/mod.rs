//! Base images shared by the fixture and sweep tests.
#![allow(dead_code)]

use std::path::PathBuf;

use wren_vm::image::*;
use wren_vm::object::ObjKind;
use wren_vm::{Config, Progress, Vm};

pub fn dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../test/snapshot/restore"
    ))
}

/// The core image (a VM just bootstrapped), made small: see [`small`].
pub fn core() -> Image {
    small(Vm::new(Config::silent()).to_image().unwrap())
}

/// `base.wren` paused inside `Busy` (see the script), made small: see [`small`].
pub fn base() -> Image {
    let source = std::fs::read(dir().join("base.wren")).unwrap();
    let mut vm = Vm::new(Config::silent());
    let body = vm.compile_module("main", &source).unwrap();
    vm.start(body).expect("a fresh VM starts a module body");
    assert_eq!(vm.run_with_fuel(2000), Ok(Progress::Paused));
    small(vm.to_image().unwrap())
}

/// Keeps fixtures small: the method tables of every class but `List` (its primitives only),
/// `Random`, `Point` and `Point3` (and their metaclasses) are emptied, and the image saved
/// again, so that the core library's unreachable functions drop out.
pub fn small(mut img: Image) -> Image {
    let l = img.layout();
    let keep = ["List", "Random", "Point", "Point3"];
    for c in &mut img.classes {
        let name = String::from_utf8_lossy(&img.strings[l.index(c.name, ObjKind::String)].bytes)
            .into_owned();
        let base = name.strip_suffix(" metaclass").unwrap_or(&name);
        if !keep.contains(&base) {
            c.methods.clear();
        } else if base == "List" {
            c.methods.retain(|m| matches!(m.1, MethodRef::Primitive(_)));
        }
    }
    let verified = wren_vm::image::verify(img).unwrap();
    Vm::from_image(Config::silent(), verified)
        .unwrap()
        .to_image()
        .unwrap()
}
