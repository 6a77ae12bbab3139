//! The `wren` command: runs a script like the reference test runner, or opens a REPL.
//!
//! * `wren path/to/script.wren` runs the file as module `./path/to/script`;
//! * `wren --disassemble file.wren` prints the bytecode of a file's module body and functions;
//! * `wren` with no file opens a REPL.
//!
//! Exit codes: 0 on success, 65 after a compile error, 70 after an uncaught runtime error, 66 if
//! the file is missing, 64 on bad usage.

use std::cell::RefCell;
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::rc::Rc;

use wren_vm::{Config, InterpretResult, Vm};

/// The interpreter runs on a thread with a large stack: compiling deeply nested source
/// recurses (to the compile-depth limit).
const STACK_SIZE: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let child = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(args))
        .expect("spawn interpreter thread");
    ExitCode::from(child.join().unwrap_or(70))
}

/// The module name for a script path: `.wren` stripped, `./` added to a relative path.
fn module_name_for_path(path: &str) -> String {
    let stem = path.strip_suffix(".wren").unwrap_or(path);
    if stem.starts_with("./") || stem.starts_with("../") || stem.starts_with('/') {
        stem.to_string()
    } else {
        format!("./{stem}")
    }
}

/// Joins a relative import (`./x`, `../x`) to the importer's directory and normalizes `.`,
/// `..` and empty segments; other names are returned unchanged.
fn resolve_import(importer: &str, name: &str) -> String {
    if !(name.starts_with("./") || name.starts_with("../")) {
        return name.to_string();
    }
    let dir = match importer.rfind('/') {
        Some(i) => &importer[..i],
        None => ".",
    };
    let joined = format!("{dir}/{name}");
    let absolute = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    let mut leading_dot = joined.starts_with("./");
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                    leading_dot = false;
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    if absolute {
        format!("/{body}")
    } else if leading_dot && !body.starts_with("..") {
        format!("./{body}")
    } else {
        body
    }
}

fn make_vm(out: Rc<RefCell<BufWriter<std::io::Stdout>>>) -> Vm {
    let err_out = out.clone();
    let config = Config {
        write: Box::new(move |s| {
            let _ = out.borrow_mut().write_all(s);
        }),
        error: Box::new(move |kind, module, line, msg| {
            let _ = err_out.borrow_mut().flush();
            match kind {
                wren_vm::ErrorKind::Compile => eprintln!("[{module} line {line}] {msg}"),
                wren_vm::ErrorKind::Runtime => eprintln!("{msg}"),
                wren_vm::ErrorKind::StackTrace => eprintln!("[{module} line {line}] in {msg}"),
            }
        }),
        resolve_module: Some(Box::new(|importer, name| {
            Some(resolve_import(importer, name))
        })),
        load_module: Some(Box::new(|name| std::fs::read(format!("{name}.wren")).ok())),
        gc_stress: std::env::var_os("WREN_GC_STRESS").is_some_and(|v| v != "0"),
        // The reference's defaults: first collection at 10 MiB, then at 150% of what survives.
        initial_heap: 10 * 1024 * 1024,
        // A runaway allocation ends in "Out of memory." instead of exhausting the machine.
        max_heap: Some(4 << 30),
        ..Config::default()
    };
    Vm::new(config)
}

fn run(args: Vec<String>) -> u8 {
    let out = Rc::new(RefCell::new(BufWriter::new(std::io::stdout())));
    let code = match args.as_slice() {
        [] => repl(out.clone()),
        [flag] if flag == "--version" => {
            println!("wren is running on Wren version 0.4.0");
            1
        }
        [flag] if flag == "--help" || flag == "-h" => {
            println!("usage: wren [--disassemble] [script.wren]");
            0
        }
        [flag, path] if flag == "--disassemble" => disassemble(path),
        [path] => run_file(path, out.clone()),
        _ => {
            eprintln!("usage: wren [--disassemble] [script.wren]");
            64
        }
    };
    let _ = out.borrow_mut().flush();
    code
}

/// A script's bytes: like the reference, the lexer works on bytes, not decoded text.
fn read_source(path: &str) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

fn run_file(path: &str, out: Rc<RefCell<BufWriter<std::io::Stdout>>>) -> u8 {
    let Some(source) = read_source(path) else {
        eprintln!("Could not find file \"{path}\".");
        return 66;
    };
    let mut vm = make_vm(out);
    match vm.interpret(&module_name_for_path(path), &source) {
        InterpretResult::Success | InterpretResult::Paused => 0,
        InterpretResult::CompileError => 65,
        InterpretResult::RuntimeError => 70,
    }
}

fn disassemble(path: &str) -> u8 {
    let Some(source) = read_source(path) else {
        eprintln!("Could not find file \"{path}\".");
        return 66;
    };
    let out = Rc::new(RefCell::new(BufWriter::new(std::io::stdout())));
    let mut vm = make_vm(out);
    let name = module_name_for_path(path);
    let module = vm.get_or_create_module(Some(&name));
    match wren_vm::compiler::compile_bytes(&mut vm, module, &source, false, true) {
        Some(f) => {
            print!(
                "{}",
                wren_vm::debug::disassemble(&vm.heap, &vm.method_names, f)
            );
            0
        }
        None => 65,
    }
}

fn repl(out: Rc<RefCell<BufWriter<std::io::Stdout>>>) -> u8 {
    let mut vm = make_vm(out.clone());
    let stdin = std::io::stdin();
    let mut line = String::new();
    loop {
        print!("> ");
        let _ = std::io::stdout().flush();
        line.clear();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => {
                println!();
                return 0;
            }
            Ok(_) => {}
        }
        let src = line.trim_end();
        if src.is_empty() {
            continue;
        }
        // Try it as an expression first, printing its value; else run it as statements.
        let expr = format!("System.print({src})");
        let module = vm.get_or_create_module(Some("repl"));
        let as_expr = wren_vm::compiler::compile(&mut vm, module, &expr, false, false).is_some();
        let code = if as_expr { expr } else { src.to_string() };
        vm.interpret("repl", &code);
        let _ = out.borrow_mut().flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert_eq!(module_name_for_path("test/a/b.wren"), "./test/a/b");
        assert_eq!(module_name_for_path("./x.wren"), "./x");
        assert_eq!(module_name_for_path("../x.wren"), "../x");
    }

    #[test]
    fn imports_resolve_relative_to_importer() {
        assert_eq!(resolve_import("./test/a/b", "./c"), "./test/a/c");
        assert_eq!(resolve_import("./test/a/b", "../c"), "./test/c");
        assert_eq!(resolve_import("./test/a/b", "./d/../e"), "./test/a/e");
        assert_eq!(resolve_import("./b", "../c"), "../c");
        assert_eq!(resolve_import("./test/a/b", "meta"), "meta");
    }
}
