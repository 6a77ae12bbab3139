//! Repeats one phase of save or restore on the core image, for profilers:
//! `cargo run --release -p wren-snapshot --example profile -- restore 1000`.

use wren_vm::{Config, Vm};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let phase = args.get(1).map(String::as_str).unwrap_or("restore");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut vm = Vm::new(Config::silent());
    if std::env::var("MILLION").is_ok() {
        vm.interpret(
            "main",
            "class P {\n construct new(a, b) {\n _a = a\n _b = b\n }\n}\nvar L = []\nfor (i in 0...250000) {\n L.add(P.new(i, \"s%(i)\"))\n L.add([i, i + 1])\n L.add({i: i})\n}\n",
        ).expect("runs");
    }
    let bytes = wren_snapshot::save(&vm, Default::default()).unwrap();
    let image = vm.to_image().unwrap();
    let code: usize = image.fns.iter().map(|f| f.code.len()).sum();
    let methods: usize = image.classes.iter().map(|c| c.methods.len()).sum();
    eprintln!(
        "core image: {} bytes, {} objects, {code} code bytes, {methods} method entries, {} symbols",
        bytes.len(),
        image.len(),
        image.symbols.len()
    );
    let mut sink = 0usize;
    for _ in 0..n {
        sink += match phase {
            "save" => wren_snapshot::save(&vm, Default::default()).unwrap().len(),
            "to_image" => vm.to_image().unwrap().len(),
            "decode" => wren_snapshot::decode(&bytes).unwrap().image.len(),
            "check" => wren_snapshot::check(&bytes)
                .map(|c| c.image.image().len())
                .unwrap(),
            "restore" => wren_snapshot::restore(&bytes, Config::silent())
                .map(|v| v.object_count())
                .unwrap(),
            "bootstrap" => Vm::new(Config::silent()).object_count(),
            // Without dropping the VM (for profiles of restoring alone; leaks memory).
            "restore-keep" => {
                let vm = wren_snapshot::restore(&bytes, Config::silent()).unwrap();
                let n = vm.object_count();
                std::mem::forget(vm);
                n
            }
            other => panic!("unknown phase {other}"),
        };
    }
    println!("{phase} x{n}: {sink}");
}
