//! The `wren` command: runs scripts like the reference test runner, and saves, restores,
//! verifies and inspects snapshots.
//!
//! * `wren path/to/script.wren` runs the file as module `./path/to/script`;
//! * `wren --via-snapshot script.wren` compiles it, saves the VM, restores the image into a
//!   fresh VM and runs it there;
//! * `wren --snapshot-every N script.wren` saves, drops and restores the VM every `N`
//!   instructions;
//! * `wren --disassemble file.wren` prints the bytecode of a file's module body and functions;
//! * `wren save script.wren -o image.snap [--fuel N] [--strip-debug]` runs a script to a
//!   pause point (after `N` instructions) or to its end, then saves;
//! * `wren restore image.snap [--fuel N] [--max-heap-mib M] [-o out.snap]` continues a saved
//!   VM (by default for at most 200,000,000 instructions and a 1 GiB heap: an image is a
//!   program from anyone);
//! * `wren run --image base.snap script.wren` runs a script in a VM restored from an image
//!   instead of a freshly bootstrapped one (its modules are importable);
//! * `wren core-image -o core.snap` saves a freshly bootstrapped VM (the core library);
//! * `wren verify image.snap` prints `ok` and a census, or the rejection and where;
//! * `wren inspect image.snap` dumps an image;
//! * `wren` with no arguments opens a REPL.
//!
//! Exit codes: 0 on success, 65 after a compile error or for a rejected image, 70 after an
//! uncaught runtime error, 66 if a file is missing, 64 on bad usage.

use std::cell::RefCell;
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::rc::Rc;

use clap::{Parser, Subcommand};
use wren_snapshot::EncodeOptions;
use wren_vm::{Config, Error, Progress, Vm};

/// The interpreter runs on a thread with a large stack: compiling deeply nested source
/// recurses (to the compile-depth limit).
const STACK_SIZE: usize = 256 * 1024 * 1024;

const EXIT_USAGE: u8 = 64;
const EXIT_COMPILE: u8 = 65;
const EXIT_REJECTED: u8 = 65;
const EXIT_MISSING: u8 = 66;
const EXIT_RUNTIME: u8 = 70;

/// `wren restore`'s default instruction budget (an image is a program from anyone).
const DEFAULT_RESTORE_FUEL: u64 = 200_000_000;
/// `wren restore`'s default heap limit, in MiB.
const DEFAULT_RESTORE_HEAP_MIB: usize = 1024;

#[derive(Parser, Debug)]
#[command(
    name = "wren",
    about = "Runs Wren scripts, and saves, restores, verifies and inspects VM snapshots.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The script to run (a REPL opens without one).
    script: Option<String>,
    /// Print the script's bytecode instead of running it.
    #[arg(long)]
    disassemble: bool,
    /// Compile, save the VM, restore it into a fresh VM, then run.
    #[arg(long, conflicts_with = "snapshot_every")]
    via_snapshot: bool,
    /// Every N instructions: save the VM, drop it, restore the image into a fresh VM, and
    /// continue.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    snapshot_every: Option<u64>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a script to a pause point or to its end, then save the VM.
    Save {
        script: String,
        /// The image to write.
        #[arg(short, long)]
        output: String,
        /// Pause after this many instructions (if the script runs that long).
        #[arg(long)]
        fuel: Option<u64>,
        /// Leave function names and line tables out of the image.
        #[arg(long)]
        strip_debug: bool,
    },
    /// Continue a saved VM.
    Restore {
        image: String,
        /// Stop after this many instructions. An image may come from anyone and run forever:
        /// the default stops after 200,000,000 (about a second); `--fuel 0` runs unbounded.
        #[arg(long, default_value_t = DEFAULT_RESTORE_FUEL)]
        fuel: u64,
        /// The heap limit in MiB for the restored VM (its program gets "Out of memory."
        /// beyond it).
        #[arg(long, default_value_t = DEFAULT_RESTORE_HEAP_MIB)]
        max_heap_mib: usize,
        /// Save the VM again when it stops.
        #[arg(short, long)]
        output: Option<String>,
        /// Leave function names and line tables out of the saved image.
        #[arg(long, requires = "output")]
        strip_debug: bool,
    },
    /// Run a script in a VM restored from an image instead of a bootstrapped one.
    Run {
        /// The image to start from.
        #[arg(long)]
        image: String,
        script: String,
    },
    /// Save the VM as it is right after bootstrapping: the core library, nothing else.
    CoreImage {
        /// The image to write.
        #[arg(short, long)]
        output: String,
        /// Leave function names and line tables out of the image.
        #[arg(long)]
        strip_debug: bool,
    },
    /// Check an image: print `ok` and a census, or the rejection and where.
    Verify { image: String },
    /// Print an image: header, census, roots, objects and bytecode.
    Inspect { image: String },
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let child = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(args))
        .expect("spawn interpreter thread");
    ExitCode::from(child.join().unwrap_or(EXIT_RUNTIME))
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

type Out = Rc<RefCell<BufWriter<std::io::Stdout>>>;

/// The host configuration: output through `out`, errors to stderr, imports from files.
fn config(out: &Out) -> Config {
    let write_out = out.clone();
    let err_out = out.clone();
    Config {
        write: Box::new(move |s| {
            let _ = write_out.borrow_mut().write_all(s);
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
    }
}

fn run(args: Vec<String>) -> u8 {
    // As the reference runner prints it.
    if args.len() == 2 && args[1] == "--version" {
        println!("wren is running on Wren version 0.4.0");
        return 1;
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => EXIT_USAGE,
            };
            let _ = e.print();
            return code;
        }
    };
    let out: Out = Rc::new(RefCell::new(BufWriter::new(std::io::stdout())));
    let code = match (cli.command, cli.script) {
        (
            Some(Command::Save {
                script,
                output,
                fuel,
                strip_debug,
            }),
            _,
        ) => save(&out, &script, &output, fuel, strip_debug),
        (
            Some(Command::Restore {
                image,
                fuel,
                max_heap_mib,
                output,
                strip_debug,
            }),
            _,
        ) => restore(
            &out,
            &image,
            (fuel > 0).then_some(fuel),
            max_heap_mib,
            output.as_deref(),
            strip_debug,
        ),
        (Some(Command::Run { image, script }), _) => run_with_image(&out, &image, &script),
        (
            Some(Command::CoreImage {
                output,
                strip_debug,
            }),
            _,
        ) => match wren_snapshot::save(&Vm::new(config(&out)), EncodeOptions { strip_debug }) {
            Ok(bytes) => write_image(&output, &bytes),
            Err(e) => {
                eprintln!("Could not save: {e}");
                EXIT_RUNTIME
            }
        },
        (Some(Command::Verify { image }), _) => verify(&image),
        (Some(Command::Inspect { image }), _) => inspect(&image),
        (None, None) => repl(&out),
        (None, Some(path)) if cli.disassemble => disassemble(&path),
        (None, Some(path)) => match (cli.via_snapshot, cli.snapshot_every) {
            (true, _) => run_stepped(&out, &path, None),
            (false, Some(n)) => run_stepped(&out, &path, Some(n)),
            (false, None) => run_file(&out, &path),
        },
    };
    let _ = out.borrow_mut().flush();
    code
}

/// A script's bytes: like the reference, the lexer works on bytes, not decoded text.
fn read_source(path: &str) -> Result<Vec<u8>, u8> {
    std::fs::read(path).map_err(|_| {
        eprintln!("Could not find file \"{path}\".");
        EXIT_MISSING
    })
}

/// The exit code for how a run ended (the errors themselves have been printed as they
/// happened, through the error callback).
fn exit_code<T>(r: Result<T, impl Into<Error>>) -> u8 {
    match r.map_err(Into::into) {
        Ok(_) => 0,
        Err(Error::Compile(_)) => EXIT_COMPILE,
        Err(Error::Runtime(_) | Error::Busy | Error::InvalidHandle | Error::Arity { .. }) => {
            EXIT_RUNTIME
        }
    }
}

fn run_file(out: &Out, path: &str) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = Vm::new(config(out));
    exit_code(vm.interpret(&module_name_for_path(path), &source))
}

/// Saves `vm` and restores the image into a fresh VM. A rejection of its own image is a bug;
/// it is reported like any rejected image.
fn cycle(out: &Out, vm: &Vm) -> Result<Vm, u8> {
    let bytes = wren_snapshot::save(vm, EncodeOptions::default()).map_err(|e| {
        eprintln!("Could not save: {e}");
        EXIT_RUNTIME
    })?;
    let _ = out.borrow_mut().flush();
    wren_snapshot::restore(&bytes, config(out)).map_err(|e| {
        eprintln!("Could not restore the snapshot: {e}");
        EXIT_REJECTED
    })
}

/// `--via-snapshot` (`every` = `None`): compile, save, restore, run. `--snapshot-every N`:
/// also save and restore every `N` instructions.
fn run_stepped(out: &Out, path: &str, every: Option<u64>) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = Vm::new(config(out));
    let Ok(body) = vm.compile_module(Some(&module_name_for_path(path)), &source) else {
        return EXIT_COMPILE;
    };
    vm.start(body);
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

fn write_image(path: &str, bytes: &[u8]) -> u8 {
    match std::fs::write(path, bytes) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Could not write \"{path}\": {e}.");
            EXIT_USAGE
        }
    }
}

fn save(out: &Out, path: &str, output: &str, fuel: Option<u64>, strip_debug: bool) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut vm = Vm::new(config(out));
    let Ok(body) = vm.compile_module(Some(&module_name_for_path(path)), &source) else {
        return EXIT_COMPILE;
    };
    vm.start(body);
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

fn read_image(path: &str) -> Result<Vec<u8>, u8> {
    std::fs::read(path).map_err(|_| {
        eprintln!("Could not find file \"{path}\".");
        EXIT_MISSING
    })
}

fn restore(
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
            "{path}: stopped after {} instructions (--fuel N to run longer, --fuel 0 without a limit, -o to save)",
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

fn run_with_image(out: &Out, image: &str, path: &str) -> u8 {
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

fn verify(path: &str) -> u8 {
    let bytes = match read_image(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    match wren_snapshot::check(&bytes) {
        Ok(checked) => {
            println!(
                "ok: {} bytes, {}",
                bytes.len(),
                wren_snapshot::inspect::census_line(checked.image.image())
            );
            0
        }
        Err(e) => {
            println!("rejected: {e}");
            EXIT_REJECTED
        }
    }
}

fn inspect(path: &str) -> u8 {
    let bytes = match read_image(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    match wren_snapshot::decode(&bytes) {
        Ok(decoded) => {
            print!("{}", wren_snapshot::inspect::inspect(&decoded));
            match wren_snapshot::check(&bytes) {
                Ok(_) => {
                    println!("\n== verification\nok");
                    0
                }
                Err(e) => {
                    println!("\n== verification\nrejected: {e}");
                    EXIT_REJECTED
                }
            }
        }
        Err(e) => {
            println!("rejected: decode error: {e}");
            EXIT_REJECTED
        }
    }
}

fn disassemble(path: &str) -> u8 {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let out: Out = Rc::new(RefCell::new(BufWriter::new(std::io::stdout())));
    let mut vm = Vm::new(config(&out));
    let name = module_name_for_path(path);
    let module = vm.get_or_create_module(Some(&name));
    match wren_vm::compiler::compile_bytes(&mut vm, module, &source, false, true) {
        Ok(f) => {
            print!(
                "{}",
                wren_vm::debug::disassemble(&vm.heap, &vm.method_names, f)
            );
            0
        }
        Err(_) => EXIT_COMPILE,
    }
}

fn repl(out: &Out) -> u8 {
    let mut vm = Vm::new(config(out));
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
        let as_expr = wren_vm::compiler::compile(&mut vm, module, &expr, false, false).is_ok();
        let code = if as_expr { expr } else { src.to_string() };
        let _ = vm.interpret("repl", &code);
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

    #[test]
    fn command_line_forms() {
        let p = |a: &[&str]| Cli::try_parse_from(a.iter().copied());
        assert!(p(&["wren", "x.wren"]).unwrap().script.is_some());
        assert_eq!(
            p(&["wren", "--snapshot-every", "5", "x.wren"])
                .unwrap()
                .snapshot_every,
            Some(5)
        );
        assert!(p(&["wren", "--snapshot-every", "0", "x.wren"]).is_err());
        assert!(matches!(
            p(&["wren", "save", "x.wren", "-o", "y.snap", "--fuel", "10"])
                .unwrap()
                .command,
            Some(Command::Save { fuel: Some(10), .. })
        ));
        assert!(matches!(
            p(&["wren", "run", "--image", "b.snap", "x.wren"])
                .unwrap()
                .command,
            Some(Command::Run { .. })
        ));
        assert!(p(&["wren", "--via-snapshot", "--snapshot-every", "3", "x.wren"]).is_err());
    }
}
