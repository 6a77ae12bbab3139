//! Arbitrary bytes as Wren source → compile. Must never panic, whatever the input.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use wren_vm::{Config, Vm};

thread_local! {
    static VM: RefCell<(Vm, u32)> = RefCell::new((quiet_vm(), 0));
}

fn quiet_vm() -> Vm {
    Vm::new(Config::silent())
}

fuzz_target!(|data: &[u8]| {
    VM.with(|cell| {
        let (vm, uses) = &mut *cell.borrow_mut();
        // A fresh VM now and then keeps the method symbol table bounded.
        *uses += 1;
        if *uses > 5000 {
            *vm = quiet_vm();
            *uses = 0;
        }
        let module = vm.get_or_create_module(Some("fuzz"));
        let _ = wren_vm::compiler::compile_bytes(vm, module, data, false, true);
        let _ = wren_vm::compiler::compile_bytes(vm, module, data, true, true);
        vm.remove_module("fuzz");
        vm.collect_garbage();
    });
});
