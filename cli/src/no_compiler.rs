//! The commands that compile source, in a build without the compiler (`--no-default-features`):
//! each says so and exits with the usage code. Restoring, verifying and inspecting images work.

use crate::host::Out;
use crate::EXIT_USAGE;

fn unavailable(what: &str) -> u8 {
    eprintln!(
        "wren: {what} needs the compiler, and this wren was built without it \
         (it restores, verifies and inspects images)."
    );
    EXIT_USAGE
}

pub fn save(_: &Out, _: &str, _: &str, _: Option<u64>, _: bool) -> u8 {
    unavailable("`wren save`")
}

pub fn run_with_image(_: &Out, _: &str, _: &str) -> u8 {
    unavailable("`wren run`")
}

pub fn run_file(_: &Out, _: &str) -> u8 {
    unavailable("running a script")
}

pub fn run_stepped(_: &Out, _: &str, _: Option<u64>) -> u8 {
    unavailable("running a script")
}

pub fn disassemble(_: &str) -> u8 {
    unavailable("`--disassemble`")
}

pub fn repl(_: &Out) -> u8 {
    unavailable("the REPL")
}
