//! A Wren 0.4 virtual machine in safe Rust, with a heap designed to be saved and restored.
//!
//! * [`value`]: NaN-tagged or enum values (`value-enum` feature).
//! * [`heap`] and [`object`]: the arena of objects addressed by typed handles, and its tracing GC.
//! * [`opcode`]: the instruction set, declared once.
//! * [`lexer`] and [`compiler`]: a single-pass compiler from source to bytecode.
//! * [`vm`]: the interpreter, fibers, modules and the embedding API.
//! * [`core`]: the core library (primitives in Rust, the rest in Wren).
#![forbid(unsafe_code)]

pub mod compiler;
pub mod core;
pub mod debug;
pub mod heap;
pub mod lexer;
pub mod limits;
pub mod map;
pub mod numfmt;
pub mod object;
pub mod opcode;
pub mod optional;
pub mod utf8;
pub mod value;
pub mod vm;

pub use heap::{Handle, Heap};
pub use value::{ObjRef, Value, ValueKind};
pub use vm::{Config, ErrorKind, InterpretResult, Vm};
