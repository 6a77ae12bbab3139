//! Every input a fuzzer found a bug with, replayed: compiling and running it must not panic.
//! Files live in `vm/tests/regressions/`, named after the bug.

use wren_vm::{Config, InterpretResult, Vm};

fn quiet_vm() -> Vm {
    Vm::new(Config {
        max_heap: Some(64 * 1024 * 1024),
        ..Config::silent()
    })
}

#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("regressions dir") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let mut vm = quiet_vm();
        let module = vm.get_or_create_module(Some("fuzz"));
        let _ = wren_vm::compiler::compile_bytes(&mut vm, module, &bytes, false, true);
        let _ = wren_vm::compiler::compile_bytes(&mut vm, module, &bytes, true, true);
        let mut vm = quiet_vm();
        if let Some(c) = vm.compile_module(Some("run"), &bytes, true) {
            vm.start(c);
            let r = vm.run_with_fuel(1_000_000);
            assert!(r != InterpretResult::CompileError, "{}", path.display());
        }
        n += 1;
    }
    assert!(n > 0, "no regression inputs found");
}
