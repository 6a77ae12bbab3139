//! Every limit of the VM, declared once, with its reason.
//!
//! The language limits are the reference implementation's (C Wren 0.4), and the compiler reports
//! them with the reference's messages.

/// Module variables are addressed by a 16-bit operand.
pub const MAX_MODULE_VARS: usize = 65536;
/// `CALL_0` .. `CALL_16`: one opcode per argument count.
pub const MAX_PARAMETERS: usize = 16;
/// Longest method name, as in the reference.
pub const MAX_METHOD_NAME: usize = 64;
/// Longest variable name, as in the reference.
pub const MAX_VARIABLE_NAME: usize = 64;
/// Fields are addressed by an 8-bit operand.
pub const MAX_FIELDS: usize = 255;
/// Local slots are addressed by an 8-bit operand.
pub const MAX_LOCALS: usize = 256;
/// Upvalues are addressed by an 8-bit operand.
pub const MAX_UPVALUES: usize = 256;
/// Constants are addressed by a 16-bit operand.
pub const MAX_CONSTANTS: usize = 65536;
/// Jump offsets are 16-bit.
pub const MAX_JUMP: usize = 65536;
/// Nested `%(...)` interpolation depth, as in the reference.
pub const MAX_INTERPOLATION_NESTING: usize = 8;
/// Method symbols are addressed by a 16-bit operand.
pub const MAX_METHOD_SYMBOLS: usize = 65536;
/// Nesting depth of the compiler's recursive descent (expressions, blocks, nested functions):
/// deeper source is a compile error instead of a Rust stack overflow. Measured (release and
/// debug builds alike): about 250 bytes of native stack per level of nested expressions and
/// about 500 per level of nested functions (two levels each), so the deepest source allowed
/// needs under 1 MiB; run the VM on a thread with at least 2 MiB of stack (Rust's default for
/// spawned threads; the `wren` command uses 256 MiB).
pub const MAX_COMPILE_DEPTH: usize = 1_500;
/// Wren call frames per fiber: deeper recursion is a runtime error, never an abort.
pub const MAX_CALL_FRAMES: usize = 4_000_000;
/// Value slots per fiber stack.
pub const MAX_STACK_SLOTS: usize = 64 * 1024 * 1024;
/// Stack-trace lines printed for an uncaught error; deeper traces keep their innermost and
/// outermost halves (a runaway recursion would otherwise print millions of lines).
pub const MAX_TRACE_FRAMES: usize = 10_000;
/// Bytes of work (allocated, copied, compared or scanned by a primitive, or traced by the
/// collector) that count as one unit of fuel, like one instruction: fuel bounds the work of a
/// run, not just its instruction count (an image may loop over `List.filled(1e8, 0)`, or
/// collect a full heap on every allocation). Eight bytes is one value: a primitive that
/// touches `n` values costs about `n` instructions' worth, more than its real time.
pub const WORK_BYTES_PER_FUEL: usize = 8;

// ---- Snapshot images -------------------------------------------------------------------------
//
// A restored image is checked against these before anything is installed. They are far above
// what a program compiled from source produces in practice, and low enough that no image
// within them can exhaust the address space of a 64-bit host through one object.

/// Objects in one image: object numbers are `u32` arena indices, and the installer holds an
/// arena slot for each.
pub const MAX_IMAGE_OBJECTS: usize = 1 << 27;
/// Bytes in one string.
pub const MAX_STRING_BYTES: usize = 1 << 30;
/// Elements in one list.
pub const MAX_LIST_ELEMENTS: usize = 1 << 28;
/// Entries in one map (the table holds up to 4/3 of this, rounded to a power of two).
pub const MAX_MAP_ENTRIES: usize = 1 << 26;
/// Bytes of bytecode in one function. Jumps span at most [`MAX_JUMP`] bytes, but straight-line
/// module bodies can be longer.
pub const MAX_CODE_BYTES: usize = 1 << 24;
/// Stack slots one function may use (`max_slots`): 256 locals plus temporaries, which the
/// compile-depth limit keeps far below this.
pub const MAX_FN_SLOTS: usize = 1 << 16;
/// Bytes of payload in one foreign object.
pub const MAX_FOREIGN_BYTES: usize = 1 << 30;
/// Bytes of a name: a method signature, a module variable, a function's debug name or a part
/// of a foreign binding's name. The compiler limits method and variable names to 64
/// characters; a signature adds at most 16 parameters and punctuation.
pub const MAX_NAME_BYTES: usize = 256;
/// Host handles in one image.
pub const MAX_HANDLES: usize = 1 << 20;
/// Sweeps over a function's code the bytecode verifier may take before rejecting it as too
/// complex: compiled code settles in two or three (one more per loop that carries a captured
/// variable back to its head), crafted code could otherwise make the analysis quadratic.
pub const VERIFY_WORK_FACTOR: usize = 16;

// ---- The wire format (`image::wire`) ----------------------------------------------------

/// Bytes in one image: offsets and lengths in the table of contents are 32-bit, and an image
/// this large would describe a heap of tens of gigabytes.
pub const MAX_IMAGE_BYTES: usize = 1 << 30;

/// Restoring allocates at most this many bytes per byte of input, plus [`ALLOC_SLACK`], in
/// total (decoding, verifying and installing together). The decoder charges what every item
/// of the input will cost before allocating anything for it, and rejects an image that needs
/// more: a crafted image cannot make the restorer allocate without bound. Real images need 5
/// to 40 bytes per byte; `tests/memory.rs` measures real and adversarial images against the
/// bound.
pub const ALLOC_FACTOR: usize = 128;

/// The constant part of the allocation budget: small images may still describe a VM with
/// its core library, whose method tables are dense.
pub const ALLOC_SLACK: usize = 64 << 20;

/// Entries in the name table (every distinct string content and name).
pub const MAX_NAMES: usize = 1 << 26;
