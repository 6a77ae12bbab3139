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
//!   pause point (after `N` units of fuel: instructions, and the work of primitives) or to
//!   its end, then saves;
//! * `wren restore image.snap [--fuel N] [--max-heap-mib M] [-o out.snap]` continues a saved
//!   VM (by default for at most 200,000,000 units of fuel and a 1 GiB heap: an image is a
//!   program from anyone, and fuel pays for the work of primitives and the collector too, so
//!   it bounds the time);
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
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::rc::Rc;

use clap::{Parser, Subcommand};
use wren_snapshot::EncodeOptions;
use wren_vm::{Error, Vm};

mod host;
mod images;
#[cfg(not(feature = "compiler"))]
mod no_compiler;
#[cfg(feature = "compiler")]
mod repl;
#[cfg(feature = "compiler")]
mod scripts;

use host::{config, Out};
use images::{inspect, restore, verify, write_image};
#[cfg(feature = "compiler")]
use images::{run_with_image, save};
#[cfg(not(feature = "compiler"))]
use no_compiler::{disassemble, repl, run_file, run_stepped, run_with_image, save};
#[cfg(feature = "compiler")]
use scripts::{disassemble, run_file, run_stepped};

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
        /// Pause after this much fuel (if the script runs that long): one unit per
        /// instruction, plus one per 8 bytes a primitive or the collector works through.
        #[arg(long)]
        fuel: Option<u64>,
        /// Leave function names and line tables out of the image.
        #[arg(long)]
        strip_debug: bool,
    },
    /// Continue a saved VM.
    Restore {
        image: String,
        /// Stop after this much fuel: one unit per instruction, plus one per 8 bytes a
        /// primitive or the collector works through, so that no program outlasts it. An
        /// image may come from anyone and run forever: the default stops after 200,000,000
        /// (about a second); `--fuel 0` runs unbounded.
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

fn run(args: Vec<String>) -> u8 {
    // As the reference runner prints it.
    if args.len() == 2 && args[1] == "--version" {
        sayln!("wren is running on Wren version 0.4.0");
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

/// Writes to stdout, ignoring errors: output into a closed pipe (`wren inspect x | head`)
/// ends the listing, not the process with a panic.
fn write_stdout(text: std::fmt::Arguments<'_>) {
    let _ = std::io::stdout().lock().write_fmt(text);
}

/// `print!` that never panics (see [`write_stdout`]).
macro_rules! say {
    ($($t:tt)*) => { $crate::write_stdout(format_args!($($t)*)) };
}

/// `println!` that never panics (see [`write_stdout`]).
macro_rules! sayln {
    ($($t:tt)*) => { $crate::write_stdout(format_args!("{}\n", format_args!($($t)*))) };
}
pub(crate) use {say, sayln};

#[cfg(feature = "compiler")]
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
        Err(
            Error::Runtime(_)
            | Error::Busy
            | Error::InvalidHandle
            | Error::NotAClosure
            | Error::Arity { .. },
        ) => EXIT_RUNTIME,
    }
}

#[cfg(feature = "compiler")]
use repl::repl;

#[cfg(test)]
mod tests {
    use super::*;
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
