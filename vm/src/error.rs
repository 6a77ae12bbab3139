//! The VM layer's errors, with their locations: what a host gets back from
//! [`Vm::interpret`](crate::Vm::interpret), [`Vm::compile_module`](crate::Vm::compile_module),
//! [`Vm::call`](crate::Vm::call) and [`Vm::resume`](crate::Vm::resume). The same errors also
//! stream, as they happen, through [`Config::error`](crate::Config::error); their `Display`
//! is what the reference command prints.
//!
//! (The snapshot layer's errors are `wren_vm::image::VerifyError`, `wren_vm::image::BindError`
//! and `wren_snapshot::RestoreError`.)

use std::fmt;

/// One compile error. Compilation goes on after an error (to report the next ones), so
/// compiling returns them all, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The module being compiled.
    pub module: String,
    /// The line of the token the error is at.
    pub line: u32,
    /// What the error is at, as the reference prints it: a token in quotes (`'foo'`),
    /// `newline` or `end of file`; `None` for an error in the token itself (a malformed
    /// number or string).
    pub at: Option<String>,
    /// What is wrong (`Expect ')' after arguments.`).
    pub message: String,
}

impl CompileError {
    /// The error without its location prefix, as the error callback receives it:
    /// `Error at 'foo': message` or `Error: message`.
    pub fn text(&self) -> String {
        match &self.at {
            Some(at) => format!("Error at {at}: {}", self.message),
            None => format!("Error: {}", self.message),
        }
    }
}

impl fmt::Display for CompileError {
    /// `[module line N] Error at 'foo': message`, as the reference prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} line {}] {}", self.module, self.line, self.text())
    }
}

impl std::error::Error for CompileError {}

/// One frame of a runtime error's stack trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    /// The module of the function.
    pub module: String,
    /// The line being executed.
    pub line: u32,
    /// The function (`(script)`, `foo(_)`, `new(_) block argument`, ...).
    pub function: String,
}

impl fmt::Display for TraceFrame {
    /// `[module line N] in function`, as the reference prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{} line {}] in {}",
            self.module, self.line, self.function
        )
    }
}

/// A runtime error no fiber caught.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    /// The error's message: the string the fiber was aborted with, or `[error object]` for a
    /// value that is not a string.
    pub message: String,
    /// The failing fiber's frames, innermost first (frames of functions without a module,
    /// such as host call stubs, are left out).
    pub trace: Vec<TraceFrame>,
    /// For a very deep stack: `(k, n)` when `n` frames were left out after the first `k`
    /// entries of `trace` (see `limits::MAX_TRACE_FRAMES`).
    pub elided: Option<(usize, usize)>,
}

impl fmt::Display for RuntimeError {
    /// The message, then one line per frame, as the reference prints them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        for (i, frame) in self.trace.iter().enumerate() {
            if let Some((k, n)) = self.elided {
                if i == k {
                    write!(f, "\n... {n} more frames ...")?;
                }
            }
            write!(f, "\n{frame}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuntimeError {}

/// Why interpreting, compiling or calling did not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The source did not compile: every error, in source order.
    Compile(Vec<CompileError>),
    /// A runtime error no fiber caught.
    Runtime(RuntimeError),
    /// Refused, with nothing run: a run is in progress or paused. Finish it with
    /// [`Vm::resume`](crate::Vm::resume) or drop it with [`Vm::abandon`](crate::Vm::abandon).
    Busy,
    /// A call handle made by another VM (or by this one before it was restored).
    InvalidHandle,
    /// [`Vm::start`](crate::Vm::start) was given a value that is not a closure taking no
    /// arguments.
    NotAClosure,
    /// A call handle was given another number of arguments than its signature takes.
    Arity {
        /// What the signature takes.
        expected: usize,
        /// What the call passed.
        found: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Compile(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Error::Runtime(e) => write!(f, "{e}"),
            Error::Busy => write!(f, "the VM is running or paused"),
            Error::InvalidHandle => write!(f, "a call handle of another VM"),
            Error::NotAClosure => write!(f, "not a closure taking no arguments"),
            Error::Arity { expected, found } => write!(
                f,
                "the signature takes {expected} arguments, the call passed {found}"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<RuntimeError> for Error {
    fn from(e: RuntimeError) -> Error {
        Error::Runtime(e)
    }
}

impl From<Vec<CompileError>> for Error {
    fn from(e: Vec<CompileError>) -> Error {
        Error::Compile(e)
    }
}

/// How a run that did not fail ended: finished (with the result of a call, for
/// [`Vm::call_with_fuel`](crate::Vm::call_with_fuel)), or paused because its fuel ran out
/// ([`Vm::resume`](crate::Vm::resume) continues it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Progress<T = ()> {
    /// The fiber chain finished.
    Finished(T),
    /// The fuel ran out at an instruction boundary.
    Paused,
}

impl<T> Progress<T> {
    /// Whether the run paused.
    pub fn is_paused(&self) -> bool {
        matches!(self, Progress::Paused)
    }
}
