//! Images: save, verify, install and save again, on the core library and on programs paused
//! at many points.

use wren_vm::image::{verify, Image};
use wren_vm::{Config, Progress, Vm};

fn roundtrip(vm: &Vm) -> (Image, Vm) {
    let image = vm.to_image().expect("save");
    let verified = match verify(image.clone()) {
        Ok(v) => v,
        Err(e) => panic!("the saver's image does not verify: {e}"),
    };
    let restored = Vm::from_image(Config::silent(), verified).expect("install");
    (image, restored)
}

#[test]
fn core_image_round_trips() {
    let vm = Vm::new(Config::silent());
    let (image, restored) = roundtrip(&vm);
    let again = restored.to_image().expect("save again");
    assert_eq!(format!("{image:?}"), format!("{again:?}"));
    assert!(image.len() > 100);
}

use std::cell::RefCell;
use std::rc::Rc;

/// A configuration that collects output and errors into `out`, with imports resolved like
/// the `wren` command's (relative to the importer, loaded from `<root>/<name>.wren`).
fn capture(out: &Rc<RefCell<Vec<u8>>>, root: &std::path::Path) -> Config {
    let o = out.clone();
    let e = out.clone();
    let root = root.to_path_buf();
    Config {
        write: Box::new(move |s| o.borrow_mut().extend_from_slice(s)),
        error: Box::new(move |kind, module, line, msg| {
            let text = match kind {
                wren_vm::ErrorKind::Compile => format!("[{module} line {line}] {msg}\n"),
                wren_vm::ErrorKind::Runtime => format!("{msg}\n"),
                wren_vm::ErrorKind::StackTrace => format!("[{module} line {line}] in {msg}\n"),
            };
            e.borrow_mut().extend_from_slice(text.as_bytes());
        }),
        resolve_module: Some(Box::new(|importer, name| {
            if !(name.starts_with("./") || name.starts_with("../")) {
                return Some(name.to_string());
            }
            let dir = importer.rsplit_once('/').map_or(".", |(d, _)| d);
            let mut parts: Vec<&str> = Vec::new();
            let joined = format!("{dir}/{name}");
            for seg in joined.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s),
                }
            }
            Some(format!("./{}", parts.join("/")))
        })),
        load_module: Some(Box::new(move |name| {
            std::fs::read(root.join(format!("{name}.wren"))).ok()
        })),
        max_heap: Some(1 << 30),
        ..Config::default()
    }
}

fn scripts() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "snapshot") {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "wren") {
                out.push(p);
            }
        }
    }
    let mut v = Vec::new();
    walk(&root().join("test"), &mut v);
    v.sort();
    v.retain(|p| {
        let src = std::fs::read_to_string(p).unwrap_or_default();
        !src.lines().next().unwrap_or("").contains("// nontest")
            && !src.contains("// skip:")
            && !src.contains("gc-stress: skip")
    });
    v
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Runs `path` directly, and again with a save / verify / install / continue every `every`
/// instructions; both must print the same.
fn run_both(path: &std::path::Path, every: u64) -> Result<(), String> {
    let root = root();
    let rel = path
        .strip_prefix(&root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let module = format!("./{}", rel.strip_suffix(".wren").unwrap());
    let source = std::fs::read(path).unwrap();
    let direct = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(capture(&direct, &root));
    // Failing scripts (expected errors) are compared too.
    let _ = vm.interpret(&module, &source);

    let stepped = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(capture(&stepped, &root));
    let Ok(body) = vm.compile_module(&module, &source) else {
        return (direct.borrow().as_slice() == stepped.borrow().as_slice())
            .then_some(())
            .ok_or_else(|| "compile output differs".to_string());
    };
    vm.start(body).expect("a fresh VM starts a module body");
    let mut snapshots = 0;
    while vm.run_with_fuel(every) == Ok(Progress::Paused) {
        let image = vm.to_image().map_err(|e| format!("save: {e}"))?;
        let verified = verify(image).map_err(|e| format!("after {snapshots} snapshots: {e}"))?;
        vm = Vm::from_image(capture(&stepped, &root), verified).map_err(|e| e.to_string())?;
        snapshots += 1;
    }
    let (a, b) = (direct.borrow(), stepped.borrow());
    if *a != *b {
        return Err(format!(
            "output differs after {snapshots} snapshots:\n--- direct\n{}\n--- stepped\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        ));
    }
    Ok(())
}

#[test]
fn every_script_survives_snapshots_every_997_instructions() {
    let mut failures = Vec::new();
    for p in scripts() {
        if let Err(e) = run_both(&p, 997) {
            failures.push(format!("{}: {e}", p.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Binding a method checks what the verifier checks of method tables, so a running VM never
/// reaches a state its own images are rejected for (found by the `restore_run` fuzz target:
/// an image whose code bound a method using fields its class lacks saved an image that did not
/// verify). Compiled code always passes; crafted code gets a runtime error.
mod binding_checks {
    use super::*;
    use wren_vm::opcode::{self, op};

    /// Compiles `src` paused before its first instruction, lets `edit` change the bytecode of
    /// the function named `name`, verifies and installs the image, and runs it; returns the
    /// runtime error message, if any.
    fn run_edited(src: &str, name: &str, edit: impl Fn(&mut Vec<u8>)) -> Option<String> {
        let mut vm = Vm::new(Config::silent());
        let body = vm.compile_module("main", src).expect("compiles");
        vm.start(body).expect("a fresh VM starts a module body");
        let mut image = vm.to_image().expect("save");
        let f = image
            .fns
            .iter_mut()
            .find(|f| f.debug.as_ref().is_some_and(|d| &*d.name == name))
            .expect("the function");
        let mut code = f.code.to_vec();
        edit(&mut code);
        f.code = code.into();
        let verified = verify(image).unwrap_or_else(|e| panic!("the edited image: {e}"));
        let errors = Rc::new(RefCell::new(Vec::new()));
        let e = errors.clone();
        let mut restored = Vm::from_image(
            Config {
                error: Box::new(move |kind, _, _, msg| {
                    if kind == wren_vm::ErrorKind::Runtime {
                        e.borrow_mut().push(msg.to_string());
                    }
                }),
                ..Config::silent()
            },
            verified,
        )
        .expect("install");
        let r = restored.resume(None);
        let msg = errors.borrow().first().cloned();
        assert_eq!(msg, r.err().map(|e| e.message));
        msg
    }

    /// Changes the first instruction `from` in `code` to `to` (same operands).
    fn replace_op(code: &mut [u8], from: u8, to: u8) {
        let mut ip = 0;
        while ip < code.len() {
            let ins = opcode::decode(code, ip, |_| Some(0)).expect("decodes");
            if code[ip] == from {
                code[ip] = to;
                return;
            }
            ip = ins.next();
        }
        panic!("no such instruction");
    }

    /// Found by `restore_run`: a function whose constants lead back to itself (compiled code
    /// nests functions as a tree; an image need not). Binding copies each function once,
    /// where copying per reference never ended and took all memory.
    #[test]
    fn binding_a_method_whose_functions_form_a_cycle_ends() {
        let src = "class A {\n  construct new() {}\n  m { Fn.new { Fn.new { 1 } } }\n}\nSystem.print(A.new().m.call().call())\n";
        let mut vm = Vm::new(Config::silent());
        let body = vm.compile_module("main", src).expect("compiles");
        vm.start(body).expect("a fresh VM starts a module body");
        let mut image = vm.to_image().expect("save");
        let layout = image.layout();
        let m = image
            .fns
            .iter()
            .position(|f| f.debug.as_ref().is_some_and(|d| &*d.name == "m"))
            .expect("m");
        // The function a constant names (the first function constant of `f`).
        let block = |image: &wren_vm::image::Image, f: usize| {
            image.fns[f]
                .constants
                .iter()
                .enumerate()
                .find_map(|(k, v)| {
                    let id = wren_vm::image::value_ref(*v)?;
                    let (kind, i) = layout.locate(id)?;
                    (kind == wren_vm::image::ObjKind::Fn).then_some((k, *v, i))
                })
                .expect("a block")
        };
        let (_, outer_value, outer) = block(&image, m);
        let (k, _, _) = block(&image, outer);
        // The outer block's CLOSURE now makes the outer block again.
        image.fns[outer].constants[k] = outer_value;
        let verified = verify(image).unwrap_or_else(|e| panic!("the edited image: {e}"));
        let mut restored = Vm::from_image(Config::silent(), verified).expect("install");
        let r = restored.resume(Some(1_000_000));
        // `m.call().call()` is now a block again, printed; binding `m` ended.
        assert!(r.is_ok(), "{r:?}");
    }

    /// Found by `restore_run`: code could bind a foreign method at another method's symbol
    /// (another arity: the host method would read arguments never passed).
    #[test]
    fn a_foreign_method_bound_at_another_signature_is_a_runtime_error() {
        let src = "class A {\n  foreign static f(x)\n  static g { 1 }\n}\n";
        // As compiled, binding asks the host (there is none) for `f(_)`.
        assert_eq!(
            run_edited(src, "(script)", |_| {}).as_deref(),
            Some("Could not find foreign method 'f(_)' for class A metaclass in module 'main'.")
        );
        // The two METHOD_STATIC instructions swap symbols: `f(_)`'s signature at `g`.
        let msg = run_edited(src, "(script)", |code| {
            let mut at = Vec::new();
            let mut ip = 0;
            while ip < code.len() {
                let ins = opcode::decode(code, ip, |_| Some(0)).expect("decodes");
                if code[ip] == op::METHOD_STATIC {
                    at.push(ip + 1);
                }
                ip = ins.next();
            }
            let (a, b) = (at[0], at[1]);
            let (x, y) = ([code[a], code[a + 1]], [code[b], code[b + 1]]);
            code[a..a + 2].copy_from_slice(&y);
            code[b..b + 2].copy_from_slice(&x);
        });
        assert_eq!(
            msg.as_deref(),
            Some("Foreign method signature differs from the method's.")
        );
    }

    #[test]
    fn a_constructor_bound_as_an_instance_method_is_a_runtime_error() {
        let src = "class A {\n  construct new() {}\n}\nSystem.print(A.new())\n";
        assert_eq!(run_edited(src, "(script)", |_| {}), None);
        let msg = run_edited(src, "(script)", |code| {
            replace_op(code, op::METHOD_STATIC, op::METHOD_INSTANCE)
        });
        assert_eq!(
            msg.as_deref(),
            Some("Constructor bound to a class it cannot construct.")
        );
    }

    #[test]
    fn a_method_using_a_field_its_class_lacks_is_a_runtime_error() {
        let src =
            "class A {\n  construct new() { _a = 1 }\n  a { _a }\n}\nSystem.print(A.new().a)\n";
        assert_eq!(run_edited(src, "(script)", |_| {}), None);
        // The getter's field operand moves past the class's one field.
        let msg = run_edited(src, "a", |code| {
            let mut ip = 0;
            loop {
                let ins = opcode::decode(code, ip, |_| Some(0)).expect("decodes");
                if code[ip] == op::LOAD_FIELD_THIS {
                    code[ip + 1] = 5;
                    return;
                }
                ip = ins.next();
            }
        });
        assert_eq!(
            msg.as_deref(),
            Some("Method uses a field its class does not have.")
        );
    }
}
