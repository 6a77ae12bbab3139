//! Running scripts: directly, through a snapshot (`--via-snapshot`, `--snapshot-every N`),
//! or disassembled.

use std::cell::RefCell;
use std::io::{BufWriter, Write};
use std::rc::Rc;

use wren_snapshot::EncodeOptions;
use wren_vm::{Progress, Vm};

use crate::host::{config, module_name_for_path, Out};
use crate::say;
use crate::{exit_code, read_source, EXIT_COMPILE, EXIT_REJECTED, EXIT_RUNTIME};

pub fn run_file(out: &Out, path: &str) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = Vm::new(config(out));
    let code = exit_code(vm.interpret(&module_name_for_path(path), &source));
    // The process ends next: the OS takes the heap back at once, where dropping the VM frees
    // it object by object (the CLI binds no finalizer that would need to run).
    std::mem::forget(vm);
    code
}

/// The host configuration for `--snapshot-every N`: the fuel counts instructions alone, so
/// that the VM is saved every `N` instructions whatever they do (the script is the user's
/// own; `wren restore` is the command for images from strangers).
fn stepping_config(out: &Out) -> wren_vm::Config {
    wren_vm::Config {
        fuel_counts_work: false,
        ..config(out)
    }
}

/// Saves `vm` and restores the image into a fresh VM. A rejection of its own image is a bug;
/// it is reported like any rejected image.
fn cycle(out: &Out, vm: &Vm) -> Result<Vm, u8> {
    let bytes = wren_snapshot::save(vm, EncodeOptions::default()).map_err(|e| {
        eprintln!("Could not save: {e}");
        EXIT_RUNTIME
    })?;
    let _ = out.borrow_mut().flush();
    wren_snapshot::restore(&bytes, stepping_config(out)).map_err(|e| {
        eprintln!("Could not restore the snapshot: {e}");
        EXIT_REJECTED
    })
}

/// `--via-snapshot` (`every` = `None`): compile, save, restore, run. `--snapshot-every N`:
/// also save and restore every `N` instructions.
pub fn run_stepped(out: &Out, path: &str, every: Option<u64>) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = Vm::new(stepping_config(out));
    let Ok(body) = vm.compile_module(&module_name_for_path(path), &source) else {
        return EXIT_COMPILE;
    };
    if vm.start(body).is_err() {
        return EXIT_RUNTIME;
    }
    vm = match cycle(out, &vm) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(n) = every else {
        return exit_code(vm.resume(None));
    };
    loop {
        match vm.resume(Some(n)) {
            Ok(Progress::Paused) => {
                vm = match cycle(out, &vm) {
                    Ok(v) => v,
                    Err(code) => return code,
                }
            }
            r => return exit_code(r),
        }
    }
}

pub fn disassemble(path: &str) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let out: Out = Rc::new(RefCell::new(BufWriter::new(std::io::stdout())));
    let mut vm = Vm::new(config(&out));
    match vm.disassemble(&module_name_for_path(path), &source) {
        Ok(text) => {
            say!("{text}");
            0
        }
        Err(_) => EXIT_COMPILE,
    }
}
