//! What a host configures: output and error callbacks, module loading, foreign bindings,
//! heap limits.

use super::Vm;
use std::rc::Rc;

/// What kind of message the error callback receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A compile error: module, line and message.
    Compile,
    /// The message of an uncaught runtime error.
    Runtime,
    /// One line of the stack trace after a runtime error: module, line and function name.
    StackTrace,
}

/// A foreign method implemented by the host. Arguments are at `vm.api_slot(0..)`; the result is
/// what the method leaves in slot 0. It reports an error with [`Vm::abort_fiber`].
pub type ForeignMethodFn = Rc<dyn Fn(&mut Vm)>;

/// Receives program output (bytes).
pub type WriteFn = Box<dyn FnMut(&[u8])>;

/// Receives errors: `(kind, module, line, message)`.
pub type ErrorFn = Box<dyn FnMut(ErrorKind, &str, u32, &str)>;

/// Resolves an import: `(importing module, imported name)` to a canonical module name.
pub type ResolveModuleFn = Box<dyn FnMut(&str, &str) -> Option<String>>;

/// Loads a module's source (bytes, as in a file) by its canonical name.
pub type LoadModuleFn = Box<dyn FnMut(&str) -> Option<Vec<u8>>>;

/// Binds a foreign method: `(module, class, is_static, signature)`.
pub type BindForeignMethodFn = Box<dyn FnMut(&str, &str, bool, &str) -> Option<ForeignMethodFn>>;

/// Binds a foreign class: `(module, class)`.
pub type BindForeignClassFn = Box<dyn FnMut(&str, &str) -> Option<ForeignClassMethods>>;

/// A foreign class's finalizer: receives the object's bytes when it is collected.
pub type FinalizerFn = Rc<dyn Fn(&mut [u8])>;

/// Checks the bytes of a foreign object restored from a snapshot: an `Err` rejects the image
/// with its message.
pub type ValidateFn = Rc<dyn Fn(&[u8]) -> Result<(), String>>;

/// How instances of a foreign class are made, checked and unmade.
#[derive(Clone)]
pub struct ForeignClassMethods {
    /// Called for `construct` on the class with the constructor's arguments in the API slots;
    /// must put a new foreign object in slot 0 with [`Vm::set_slot_new_foreign`].
    pub allocate: ForeignMethodFn,
    /// Called with a copy of the object's bytes after a collection freed it; not called for
    /// objects still alive when the VM is dropped. `None` for no finalizer.
    pub finalize: Option<FinalizerFn>,
    /// Run on each of the class's objects when a snapshot is restored, before the VM runs:
    /// the bytes come from the image and may have been crafted.
    pub validate: Option<ValidateFn>,
}

/// A bound foreign class: its allocator and finalizer ids, and the module it was bound in
/// (what a snapshot records to bind it again).
#[derive(Clone, Debug)]
pub(crate) struct ForeignClassBinding {
    pub allocate: u32,
    pub finalize: Option<u32>,
    pub module: Rc<str>,
}

/// Host callbacks.
pub struct Config {
    /// Receives everything `System.print` and friends write: bytes, as the program's strings
    /// hold them (not necessarily UTF-8).
    pub write: WriteFn,
    /// Receives compile errors, runtime errors and stack-trace lines:
    /// `(kind, module, line, message)`.
    pub error: ErrorFn,
    /// Turns an import name into a canonical module name, given the importing module's name.
    pub resolve_module: Option<ResolveModuleFn>,
    /// Returns the source of a module.
    pub load_module: Option<LoadModuleFn>,
    /// Binds `foreign` methods: `(module, class, is_static, signature)`.
    pub bind_foreign_method: Option<BindForeignMethodFn>,
    /// Binds `foreign class`es: `(module, class)`.
    pub bind_foreign_class: Option<BindForeignClassFn>,
    /// Collect at every safe point (GC stress testing).
    pub gc_stress: bool,
    /// Initial collection threshold in bytes.
    pub initial_heap: usize,
    /// Hard limit on heap bytes: allocation beyond it is a runtime error.
    pub max_heap: Option<usize>,
    /// Whether fuel ([`Vm::run_with_fuel`](super::Vm::run_with_fuel)) also pays for the work
    /// of primitives and the collector, one unit per 8 bytes (the default: fuel then bounds
    /// the time a program runs, whatever it does), or counts instructions alone (to pause
    /// at exact instruction counts, as `wren --snapshot-every N` does). With it on, where a
    /// run pauses depends on heap state such as the timing of collections, which a VM
    /// restored from an image does not share exactly; with it off, a restored VM pauses
    /// exactly where the original would.
    pub fuel_counts_work: bool,
}

impl Config {
    /// A configuration that discards all output and errors (for fuzzing and tests).
    pub fn silent() -> Config {
        Config {
            write: Box::new(|_| {}),
            error: Box::new(|_, _, _, _| {}),
            ..Config::default()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            write: Box::new(|s| {
                use std::io::Write;
                let _ = std::io::stdout().write_all(s);
            }),
            error: Box::new(|kind, module, line, msg| match kind {
                ErrorKind::Compile => eprintln!("[{module} line {line}] {msg}"),
                ErrorKind::Runtime => eprintln!("{msg}"),
                ErrorKind::StackTrace => eprintln!("[{module} line {line}] in {msg}"),
            }),
            resolve_module: None,
            load_module: None,
            bind_foreign_method: None,
            bind_foreign_class: None,
            gc_stress: false,
            initial_heap: 10 * 1024 * 1024,
            max_heap: None,
            fuel_counts_work: true,
        }
    }
}
