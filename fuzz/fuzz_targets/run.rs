//! Arbitrary bytes as Wren source → compile and run with fuel and a heap limit. Must never
//! panic, abort, overflow the stack or hang, whatever the program does.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use wren_vm::{Config, InterpretResult, Vm};

/// Instructions per input.
const FUEL: u64 = 200_000;
/// Heap bytes per VM.
const MAX_HEAP: usize = 64 * 1024 * 1024;

thread_local! {
    static VM: RefCell<(Vm, u32)> = RefCell::new((quiet_vm(), 0));
}

fn quiet_vm() -> Vm {
    Vm::new(Config {
        max_heap: Some(MAX_HEAP),
        initial_heap: 4 * 1024 * 1024,
        ..Config::silent()
    })
}

fuzz_target!(|data: &[u8]| {
    VM.with(|cell| {
        let (vm, uses) = &mut *cell.borrow_mut();
        *uses += 1;
        if *uses > 2000 {
            *vm = quiet_vm();
            *uses = 0;
        }
        if let Some(closure) = vm.compile_module(Some("fuzz"), data, false) {
            vm.start(closure);
            if vm.run_with_fuel(FUEL) == InterpretResult::Paused {
                vm.abandon();
            }
        }
        vm.remove_module("fuzz");
        vm.collect_garbage();
    });
});
