//! The snapshot commands: `save`, `restore`, `run --image`, `verify`, `inspect`.

use std::io::Write;

use wren_snapshot::EncodeOptions;
#[cfg(feature = "compiler")]
use wren_vm::Vm;
use wren_vm::{Config, Progress};

#[cfg(feature = "compiler")]
use crate::host::module_name_for_path;
use crate::host::{config, Out};
use crate::{exit_code, EXIT_MISSING, EXIT_REJECTED, EXIT_RUNTIME, EXIT_USAGE};
#[cfg(feature = "compiler")]
use crate::{read_source, EXIT_COMPILE};
use crate::{say, sayln};

pub fn write_image(path: &str, bytes: &[u8]) -> u8 {
    match std::fs::write(path, bytes) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Could not write \"{path}\": {e}.");
            EXIT_USAGE
        }
    }
}

#[cfg(feature = "compiler")]
pub fn save(out: &Out, path: &str, output: &str, fuel: Option<u64>, strip_debug: bool) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = Vm::new(config(out));
    let Ok(body) = vm.compile_module(&module_name_for_path(path), &source) else {
        return EXIT_COMPILE;
    };
    if vm.start(body).is_err() {
        return EXIT_RUNTIME;
    }
    if vm.resume(fuel).is_err() {
        return EXIT_RUNTIME;
    }
    let _ = out.borrow_mut().flush();
    match wren_snapshot::save(&vm, EncodeOptions { strip_debug }) {
        Ok(bytes) => write_image(output, &bytes),
        Err(e) => {
            eprintln!("Could not save: {e}");
            EXIT_RUNTIME
        }
    }
}

pub fn read_image(path: &str) -> Result<Vec<u8>, u8> {
    std::fs::read(path).map_err(|_| {
        eprintln!("Could not find file \"{path}\".");
        EXIT_MISSING
    })
}

pub fn restore(
    out: &Out,
    path: &str,
    fuel: Option<u64>,
    max_heap_mib: usize,
    output: Option<&str>,
    strip_debug: bool,
) -> u8 {
    let bytes = match read_image(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let config = Config {
        max_heap: Some(max_heap_mib.saturating_mul(1 << 20)),
        ..config(out)
    };
    let mut vm = match wren_snapshot::restore(&bytes, config) {
        Ok(vm) => vm,
        Err(e) => {
            eprintln!("{path}: {e}");
            return EXIT_REJECTED;
        }
    };
    let r = vm.resume(fuel);
    if r == Ok(Progress::Paused) && output.is_none() {
        let _ = out.borrow_mut().flush();
        eprintln!(
            "{path}: stopped after {} units of fuel (--fuel N to run longer, --fuel 0 without a limit, -o to save)",
            fuel.unwrap_or(0)
        );
    }
    let code = exit_code(r);
    let Some(output) = output else {
        return code;
    };
    let _ = out.borrow_mut().flush();
    match wren_snapshot::save(&vm, EncodeOptions { strip_debug }) {
        Ok(bytes) => match write_image(output, &bytes) {
            0 => code,
            c => c,
        },
        Err(e) => {
            eprintln!("Could not save: {e}");
            EXIT_RUNTIME
        }
    }
}

#[cfg(feature = "compiler")]
pub fn run_with_image(out: &Out, image: &str, path: &str) -> u8 {
    let bytes = match read_image(image) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = match wren_snapshot::restore(&bytes, config(out)) {
        Ok(vm) => vm,
        Err(e) => {
            eprintln!("{image}: {e}");
            return EXIT_REJECTED;
        }
    };
    if vm.is_paused() {
        eprintln!("{image}: the image holds a paused program; continue it with `wren restore`.");
        return EXIT_USAGE;
    }
    exit_code(vm.interpret(&module_name_for_path(path), &source))
}

pub fn verify(path: &str) -> u8 {
    let bytes = match read_image(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    match wren_snapshot::check(&bytes) {
        Ok(checked) => {
            sayln!(
                "ok: {} bytes, {}",
                bytes.len(),
                wren_snapshot::inspect::census_line(checked.image.image())
            );
            0
        }
        Err(e) => {
            sayln!("rejected: {e}");
            EXIT_REJECTED
        }
    }
}

pub fn inspect(path: &str) -> u8 {
    let bytes = match read_image(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    match wren_snapshot::decode(&bytes) {
        Ok(decoded) => {
            say!("{}", wren_snapshot::inspect::inspect(&decoded));
            match wren_snapshot::check(&bytes) {
                Ok(_) => {
                    sayln!("\n== verification\nok");
                    0
                }
                Err(e) => {
                    sayln!("\n== verification\nrejected: {e}");
                    EXIT_REJECTED
                }
            }
        }
        Err(e) => {
            sayln!("rejected: decode error: {e}");
            EXIT_REJECTED
        }
    }
}
