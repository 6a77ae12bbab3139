//! Images: save, verify, install and save again, on the core library and on programs paused
//! at many points.

use wren_vm::image::{verify, Image};
use wren_vm::{Config, InterpretResult, Vm};

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
    vm.interpret(&module, &source);

    let stepped = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(capture(&stepped, &root));
    let Some(body) = vm.compile_module(Some(&module), &source, true) else {
        return (direct.borrow().as_slice() == stepped.borrow().as_slice())
            .then_some(())
            .ok_or_else(|| "compile output differs".to_string());
    };
    vm.start(body);
    let mut snapshots = 0;
    while vm.run_with_fuel(every) == InterpretResult::Paused {
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
