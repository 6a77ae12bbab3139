//! The host's side of snapshots: foreign methods and classes bound again by name, the
//! `validate` hook, the new host's callbacks, host handles, saving during a foreign call,
//! `Vm::fork`, and images moving between the two value representations.

use std::cell::RefCell;
use std::rc::Rc;

use wren_snapshot::{RestoreError, SaveError};
use wren_vm::image::SaveError as VmSaveError;
use wren_vm::{Config, ForeignClassMethods, Progress, Value, Vm};

type Out = Rc<RefCell<String>>;

/// A host with a foreign class `Counter` (8 bytes: a little-endian count) in module `main`,
/// whose `bump()` adds one and returns the count. Output goes to `out`.
fn host(out: &Out) -> Config {
    let o = out.clone();
    Config {
        write: Box::new(move |s| o.borrow_mut().push_str(&String::from_utf8_lossy(s))),
        bind_foreign_class: Some(Box::new(|module, class| {
            (module == "main" && class == "Counter").then(|| ForeignClassMethods {
                allocate: Rc::new(|vm: &mut Vm| {
                    vm.set_slot_new_foreign(0, 0u64.to_le_bytes().to_vec());
                }),
                finalize: None,
                validate: Some(Rc::new(|bytes: &[u8]| {
                    (bytes.len() == 8)
                        .then_some(())
                        .ok_or_else(|| format!("{} bytes, not 8", bytes.len()))
                })),
            })
        })),
        bind_foreign_method: Some(Box::new(|module, class, is_static, sig| {
            match (module, class, is_static, sig) {
                ("main", "Counter", false, "bump()") => Some(Rc::new(|vm: &mut Vm| {
                    let Some(bytes) = vm.api_foreign_mut(0) else {
                        return;
                    };
                    let Ok(raw) = <[u8; 8]>::try_from(&bytes[..]) else {
                        return;
                    };
                    let n = u64::from_le_bytes(raw) + 1;
                    bytes.copy_from_slice(&n.to_le_bytes());
                    vm.set_api_slot(0, Value::num(n as f64));
                })),
                ("main", "Counter", true, "save()") => Some(Rc::new(|vm: &mut Vm| {
                    // A snapshot requested from inside a foreign method.
                    let refused = matches!(
                        wren_snapshot::save(vm, Default::default()),
                        Err(SaveError::Vm(VmSaveError::InForeignCall))
                    );
                    vm.set_api_slot(0, Value::bool(refused));
                })),
                _ => None,
            }
        })),
        ..Config::silent()
    }
}

const COUNTER: &str = r#"
foreign class Counter {
  construct new() {}
  foreign bump()
  foreign static save()
}
var C = Counter.new()
C.bump()
C.bump()
"#;

fn counter_vm(out: &Out) -> Vm {
    let mut vm = Vm::new(host(out));
    vm.interpret("main", COUNTER).unwrap();
    vm
}

#[test]
fn foreign_bindings_are_bound_again_by_name() {
    let out = Out::default();
    let vm = counter_vm(&out);
    let bytes = wren_snapshot::save(&vm, Default::default()).unwrap();
    drop(vm);
    // A new host: new closures, new output.
    let later = Out::default();
    let mut vm = wren_snapshot::restore(&bytes, host(&later)).unwrap();
    assert_eq!(
        vm.interpret(
            "main",
            "System.print(C.bump())\nSystem.print(Counter.new().bump())"
        ),
        Ok(())
    );
    assert_eq!(*later.borrow(), "3\n1\n");
    assert_eq!(*out.borrow(), "");
}

#[test]
fn a_host_that_cannot_bind_is_a_bind_error() {
    let out = Out::default();
    let bytes = wren_snapshot::save(&counter_vm(&out), Default::default()).unwrap();
    match wren_snapshot::restore(&bytes, Config::silent()) {
        Err(e @ RestoreError::Bind { .. }) => {
            assert_eq!(e.rule(), "unbound-foreign-method");
            assert!(e.to_string().contains("Counter.bump()"), "{e}");
        }
        other => panic!("expected a bind error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn the_validate_hook_sees_every_foreign_object() {
    let out = Out::default();
    let vm = counter_vm(&out);
    let mut image = vm.to_image().unwrap();
    image.foreigns[0].data.push(0);
    let bytes = wren_snapshot::encode(&image, Default::default()).unwrap();
    let e = wren_snapshot::restore(&bytes, host(&out))
        .err()
        .expect("rejected");
    assert_eq!(e.rule(), "foreign-data-rejected");
    assert!(e.to_string().contains("9 bytes, not 8"), "{e}");
    assert!(e.offset().is_some() && e.object().is_some());
}

#[test]
fn saving_during_a_foreign_call_is_refused() {
    let out = Out::default();
    let mut vm = counter_vm(&out);
    assert_eq!(vm.interpret("main", "System.print(Counter.save())"), Ok(()));
    assert_eq!(*out.borrow(), "true\n");
}

#[test]
fn host_handles_come_back_in_order() {
    let mut vm = Vm::new(Config::silent());
    vm.interpret("main", "var A = \"first\"\nvar B = [1, 2]")
        .expect("runs");
    let a = vm.get_variable("main", "A").unwrap();
    let b = vm.get_variable("main", "B").unwrap();
    let ha = vm.make_handle(a);
    let released = vm.make_handle(Value::NULL);
    let hb = vm.make_handle(b);
    vm.release_handle(released);
    let _ = (ha, hb);
    let bytes = wren_snapshot::save(&vm, Default::default()).unwrap();
    let mut restored = wren_snapshot::restore(&bytes, Config::silent()).unwrap();
    let handles = restored.take_restored_handles();
    assert_eq!(handles.len(), 2);
    let first = restored.handle_value(&handles[0]);
    assert_eq!(restored.string_bytes(first), Some(&b"first"[..]));
    let second = restored.handle_value(&handles[1]);
    assert!(restored.kind_of(second) == Some(wren_vm::image::ObjKind::List));
    assert!(restored.take_restored_handles().is_empty());
}

#[test]
fn fork_gives_an_independent_copy_of_a_paused_vm() {
    let out = Out::default();
    let mut vm = Vm::new(host(&out));
    let body = vm
        .compile_module(
            "main",
            "var L = []\nfor (i in 1..5) {\n  L.add(i)\n  System.print(L.count)\n}",
        )
        .unwrap();
    vm.start(body).expect("a fresh VM starts a module body");
    assert_eq!(vm.run_with_fuel(40), Ok(Progress::Paused));
    let printed = out.borrow().clone();
    let forked_out = Out::default();
    let mut fork = vm.fork(host(&forked_out)).unwrap();
    assert_eq!(vm.resume(None), Ok(Progress::Finished(())));
    assert_eq!(fork.resume(None), Ok(Progress::Finished(())));
    // Both finish the loop from the same point, each printing to its own host.
    assert_eq!(
        format!("{printed}{}", forked_out.borrow()),
        *out.borrow(),
        "the fork continues exactly where the original was"
    );
    fork.interpret("main", "L.add(99)").expect("runs");
    let l = vm.get_variable("main", "L").unwrap();
    let count = vm.list_elements(l).unwrap().len();
    assert_eq!(count, 5, "the original does not see the fork's changes");
}

/// Images saved by the other value representation (committed in `corpus/`) restore and run.
#[test]
fn images_move_between_value_representations() {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"));
    let mut seen = [false, false];
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let header = wren_snapshot::decode::read_header(&bytes).unwrap().0;
        seen[header.nan_tagged() as usize] = true;
        let mut vm = wren_snapshot::restore(&bytes, Config::silent())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        // Runs on (or stops at an error) without a panic.
        let _ = vm.resume(Some(100_000));
    }
    assert!(
        seen[0] && seen[1],
        "the corpus holds images from both value representations"
    );
}
