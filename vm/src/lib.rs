//! A Wren 0.4 virtual machine in safe Rust, with a heap designed to be saved and restored.
//!
//! * [`Vm`] and [`Config`]: the interpreter and the embedding API; [`Error`] and the other
//!   types of [`error`]: what it reports.
//! * [`value`]: NaN-tagged or enum values (`value-enum` feature).
//! * [`opcode`]: the instruction set, declared once.
//! * [`image`]: a whole VM as plain data, its verifier and its installer (snapshots).
//! * [`limits`]: every limit of the VM, with its reason.
//!
//! Cargo features: `compiler` (on by default) is the lexer and compiler. Without it the VM
//! restores images and runs them (its core library comes from the built-in core image either
//! way): [`Vm::interpret`], [`Vm::compile_module`], [`Vm::compile_expression`] and
//! [`Vm::disassemble`] are gone, and in Wren `Meta.compile`/`Meta.eval` and importing a
//! module the VM has not loaded are runtime errors. `value-enum` makes [`Value`] a plain enum
//! instead of a NaN-tagged `u64`.
//!
//! The rest is internal (crate-private; public only with the `internals` feature, for the fuzz
//! harness, benchmarks and white-box tests, and not part of the API): `heap` and `object`, the
//! arena of objects addressed by typed handles ([`Handle`]) and its tracing GC; `lexer` and
//! `compiler`, a single-pass compiler from source to bytecode; `vm`, the interpreter, fibers
//! and modules; `core`, the core library (primitives in Rust, the rest in Wren); `optional`,
//! the `meta` and `random` modules.
//!
//! # Embedding
//!
//! Run source in a module, capturing what it prints:
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! use wren_vm::{Config, Vm};
//!
//! let out = Rc::new(RefCell::new(String::new()));
//! let sink = out.clone();
//! let mut vm = Vm::new(Config {
//!     write: Box::new(move |s| sink.borrow_mut().push_str(&String::from_utf8_lossy(s))),
//!     ..Config::default()
//! });
//! vm.interpret("main", "System.print([1, 2, 3].map {|x| x * x }.toList)")?;
//! assert_eq!(*out.borrow(), "[1, 4, 9]\n");
//! # Ok::<(), wren_vm::Error>(())
//! ```
//!
//! Errors come back typed, with their locations (and also stream through
//! [`Config::error`] as they happen, for hosts that print them):
//!
//! ```
//! use wren_vm::{Config, Error, Vm};
//!
//! let mut vm = Vm::new(Config::silent());
//! let Err(Error::Compile(errors)) = vm.interpret("main", "var x = (1 +") else { panic!() };
//! assert_eq!(errors[0].line, 1);
//! assert_eq!(errors[0].to_string(), "[main line 1] Error at end of file: Expected expression.");
//!
//! let src = "class A {\n  static f() { Fiber.abort(\"boom\") }\n}\nA.f()\n";
//! let Err(Error::Runtime(e)) = vm.interpret("main", src) else { panic!() };
//! assert_eq!(e.message, "boom");
//! assert_eq!((e.trace[0].function.as_str(), e.trace[0].line), ("f()", 2));
//! assert_eq!((e.trace[1].function.as_str(), e.trace[1].line), ("(script)", 4));
//! ```
//!
//! Read and set module variables, and call methods from the host with a call handle:
//!
//! ```
//! use wren_vm::{Config, Value, Vm};
//!
//! let mut vm = Vm::new(Config::default());
//! vm.interpret("game", r#"
//!   class Score {
//!     static add(a, b) { a + b }
//!   }
//!   var Level = 1
//! "#);
//! assert_eq!(vm.get_variable("game", "Level").and_then(|v| v.as_num()), Some(1.0));
//! vm.set_variable("game", "Level", Value::num(2.0));
//! assert_eq!(vm.get_variable("game", "Level").and_then(|v| v.as_num()), Some(2.0));
//!
//! let score = vm.get_variable("game", "Score").unwrap();
//! let add = vm.make_call_handle("add(_,_)");
//! let sum = vm.call(&add, score, &[Value::num(40.0), Value::num(2.0)]).unwrap();
//! assert_eq!(sum.as_num(), Some(42.0));
//! ```
//!
//! Bind foreign methods and foreign classes. A foreign object's payload is bytes (so that a
//! snapshot can carry it); the allocator creates it and the finalizer sees it when the object
//! is collected:
//!
//! ```
//! use std::{cell::Cell, rc::Rc};
//! use wren_vm::{Config, ForeignClassMethods, Value, Vm};
//!
//! let finalized = Rc::new(Cell::new(0));
//! let seen = finalized.clone();
//! let mut vm = Vm::new(Config {
//!     bind_foreign_class: Some(Box::new(move |module, class| {
//!         let seen = seen.clone();
//!         (module == "main" && class == "Counter").then(|| ForeignClassMethods {
//!             allocate: Rc::new(|vm: &mut Vm| {
//!                 vm.set_slot_new_foreign(0, 0u64.to_le_bytes().to_vec());
//!             }),
//!             finalize: Some(Rc::new(move |_bytes: &mut [u8]| seen.set(seen.get() + 1))),
//!             validate: None,
//!         })
//!     })),
//!     bind_foreign_method: Some(Box::new(|module, class, is_static, sig| {
//!         match (module, class, is_static, sig) {
//!             ("main", "Counter", false, "bump()") => Some(Rc::new(|vm: &mut Vm| {
//!                 let bytes = vm.api_foreign_mut(0).unwrap();
//!                 let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) + 1;
//!                 bytes.copy_from_slice(&n.to_le_bytes());
//!                 vm.set_api_slot(0, Value::num(n as f64));
//!             })),
//!             _ => None,
//!         }
//!     })),
//!     ..Config::default()
//! });
//! let src = r#"
//!   foreign class Counter {
//!     construct new() {}
//!     foreign bump()
//!   }
//!   var c = Counter.new()
//!   c.bump()
//!   var Total = c.bump()
//! "#;
//! vm.interpret("main", src).unwrap();
//! assert_eq!(vm.get_variable("main", "Total").and_then(|v| v.as_num()), Some(2.0));
//! vm.set_variable("main", "c", Value::NULL);
//! vm.collect_garbage();
//! assert_eq!(finalized.get(), 1);
//! ```
//!
//! Run with fuel, pausing at an instruction boundary and resuming with no observable
//! difference:
//!
//! ```
//! use wren_vm::{Config, Vm};
//!
//! let mut vm = Vm::new(Config::default());
//! let body = vm.compile_module("main", "var i = 0\nwhile (i < 1000) i = i + 1").unwrap();
//! vm.start(body).expect("a fresh VM starts a module body");
//! let mut slices = 0;
//! while vm.run_with_fuel(100).unwrap().is_paused() {
//!     slices += 1;
//! }
//! assert!(slices > 10);
//! assert_eq!(vm.get_variable("main", "i").and_then(|v| v.as_num()), Some(1000.0));
//! ```
// `unsafe_code` is denied in Cargo.toml (`[lints]`): no unsafe code, unless a benchmark proves
// the win and a safety argument sits at the site (see SECURITY.md).

/// Declares internal modules: crate-private, or public with the `internals` feature, which
/// the fuzz harness, the benchmarks and white-box tests use. Nothing in them is part of the
/// API or covered by semver.
macro_rules! internal_modules {
    ($($(#[$meta:meta])* $name:ident;)*) => {
        $(
            $(#[$meta])*
            #[cfg(feature = "internals")]
            #[allow(missing_docs)]
            #[doc(hidden)]
            pub mod $name;
            $(#[$meta])*
            #[cfg(not(feature = "internals"))]
            pub(crate) mod $name;
        )*
    };
}

pub mod error;
pub mod image;
pub mod limits;
pub mod opcode;
pub mod value;

internal_modules! {
    /// The single-pass compiler: source to bytecode (`compiler` feature).
    #[cfg(feature = "compiler")]
    compiler;
    /// The core library: primitives in Rust, the rest in Wren.
    core;
    /// The disassembler of compiled source (`compiler` feature).
    #[cfg(feature = "compiler")]
    debug;
    /// The arena heap and its collector.
    heap;
    /// The lexer (`compiler` feature).
    #[cfg(feature = "compiler")]
    lexer;
    /// Map hash tables.
    map;
    /// Number formatting and parsing, as C's printf and strtod do it.
    numfmt;
    /// Heap object types.
    object;
    /// The `meta` and `random` modules.
    optional;
    /// UTF-8 helpers.
    utf8;
    /// The interpreter and the embedding API.
    vm;
}

pub use error::{CompileError, Error, Progress, RuntimeError, TraceFrame};
pub use heap::Handle;
pub use value::{ObjRef, Value, ValueKind};
pub use vm::{
    BindForeignClassFn, BindForeignMethodFn, CallHandle, Config, ErrorFn, ErrorKind, FinalizerFn,
    ForeignClassMethods, ForeignMethodFn, LoadModuleFn, ResolveModuleFn, ValidateFn, ValueHandle,
    Vm, WriteFn,
};
