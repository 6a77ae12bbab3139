//! The instruction set, declared once.
//!
//! Each opcode has one line in the table below: its byte, its name, the kind of each operand,
//! the values it pops and pushes, its control flow and a doc line. Everything that reads or
//! writes bytecode derives from this table: the compiler's stack-depth tracking, the generated
//! [`decode`], the disassembler, method binding (`patch_method_code`), the compiler's loop
//! patching and fusion pass, and the snapshot verifier's operand, stack-height and control-flow
//! checks.
//!
//! Operands are big-endian; jump offsets count from the byte after the instruction.

use std::fmt::{self, Write as _};

/// What an operand names. The kind decides its width and what the verifier checks of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A local slot of the running frame (one byte); it must be below the stack height.
    Local,
    /// A constant-table index (two bytes) whose value is pushed: never a function.
    Constant,
    /// A constant-table index (two bytes) naming a string: a module or variable name.
    Name,
    /// A constant-table index (two bytes) holding the superclass of a `super` call (`null`
    /// until the method is bound to a class).
    SuperClass,
    /// A constant-table index (two bytes) holding a function, followed by one
    /// `(is_local, index)` byte pair per upvalue of that function.
    Function,
    /// A module-variable index (two bytes) of the function's module.
    ModuleVar,
    /// A method symbol (two bytes).
    Symbol,
    /// A field index (one byte) of the receiver or of a popped instance.
    Field,
    /// An upvalue index (one byte) of the running closure.
    Upvalue,
    /// A forward jump offset (two bytes).
    JumpForward,
    /// A backward jump offset (two bytes).
    JumpBackward,
    /// The number of fields a class declares (one byte).
    FieldCount,
}

impl Operand {
    /// Bytes the operand takes (the upvalue pairs of [`Operand::Function`] not included).
    pub const fn width(self) -> usize {
        match self {
            Operand::Local | Operand::Field | Operand::Upvalue | Operand::FieldCount => 1,
            _ => 2,
        }
    }
}

/// Where control goes after an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// To the next instruction.
    Next,
    /// To the next instruction, after a call that may push a frame or switch fibers: a frame
    /// below the running one, or a suspended fiber, waits right after such an instruction.
    Call,
    /// Always to the jump target.
    Jump,
    /// To the jump target or the next instruction; both see the stack after the pops.
    Branch,
    /// To the jump target keeping the popped value, or to the next instruction without it
    /// (`AND`, `OR`).
    BranchKeep,
    /// Leaves the frame.
    Return,
    /// The end of the code: never executed.
    End,
}

/// Static facts about one opcode.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// The opcode byte, which is also the entry's index in [`OPCODES`].
    pub byte: u8,
    /// The upper-case name, as the constant in [`op`] has it (`LOAD_LOCAL_0`).
    pub name: &'static str,
    /// The operands, in order.
    pub operands: &'static [Operand],
    /// Values the instruction takes from the stack (it needs at least this many).
    pub pops: u8,
    /// Values it leaves in their place.
    pub pushes: u8,
    /// Where control goes next.
    pub flow: Flow,
    /// A one-line description; operands are written `[arg]` (or `[a]`, `[b]`, `[c]` in
    /// operand order).
    pub doc: &'static str,
}

impl OpInfo {
    /// Net change in stack height (on the fall-through path).
    pub const fn stack_effect(&self) -> i32 {
        self.pushes as i32 - self.pops as i32
    }
    /// Bytes of the instruction without `CLOSURE`'s upvalue pairs, opcode included.
    pub fn fixed_len(&self) -> usize {
        1 + self.operands.iter().map(|o| o.width()).sum::<usize>()
    }
}

macro_rules! opcodes {
    ($( $byte:literal $name:ident [$($operand:ident),*] $pops:literal $pushes:literal $flow:ident
        $doc:literal; )*) => {
        /// Opcode bytes as constants, for matching in the interpreter.
        // Each constant's doc is its table doc line (also `OpInfo::doc`), which writes
        // operands as `[arg]`: notation, not a link.
        #[allow(rustdoc::broken_intra_doc_links)]
        pub mod op {
            $( #[doc = $doc] pub const $name: u8 = $byte; )*
        }
        /// The table, indexed by byte.
        pub static OPCODES: &[OpInfo] = &[
            $( OpInfo {
                byte: $byte,
                name: stringify!($name),
                operands: &[$(Operand::$operand),*],
                pops: $pops,
                pushes: $pushes,
                flow: Flow::$flow,
                doc: $doc,
            }, )*
        ];
    };
}

opcodes! {
    0 CONSTANT [Constant] 0 1 Next "Push the constant at index [arg].";
    1 NULL [] 0 1 Next "Push null.";
    2 FALSE [] 0 1 Next "Push false.";
    3 TRUE [] 0 1 Next "Push true.";
    4 LOAD_LOCAL_0 [] 0 1 Next "Push local slot 0.";
    5 LOAD_LOCAL_1 [] 0 1 Next "Push local slot 1.";
    6 LOAD_LOCAL_2 [] 0 1 Next "Push local slot 2.";
    7 LOAD_LOCAL_3 [] 0 1 Next "Push local slot 3.";
    8 LOAD_LOCAL_4 [] 0 1 Next "Push local slot 4.";
    9 LOAD_LOCAL_5 [] 0 1 Next "Push local slot 5.";
    10 LOAD_LOCAL_6 [] 0 1 Next "Push local slot 6.";
    11 LOAD_LOCAL_7 [] 0 1 Next "Push local slot 7.";
    12 LOAD_LOCAL_8 [] 0 1 Next "Push local slot 8.";
    13 LOAD_LOCAL [Local] 0 1 Next "Push local slot [arg].";
    14 STORE_LOCAL [Local] 1 1 Next "Store the top of stack in local slot [arg] (no pop).";
    15 LOAD_UPVALUE [Upvalue] 0 1 Next "Push upvalue [arg] of the current closure.";
    16 STORE_UPVALUE [Upvalue] 1 1 Next "Store the top of stack in upvalue [arg] (no pop).";
    17 LOAD_MODULE_VAR [ModuleVar] 0 1 Next "Push module variable [arg].";
    18 STORE_MODULE_VAR [ModuleVar] 1 1 Next "Store the top of stack in module variable [arg] (no pop).";
    19 LOAD_FIELD_THIS [Field] 0 1 Next "Push field [arg] of the receiver.";
    20 STORE_FIELD_THIS [Field] 1 1 Next "Store the top of stack in field [arg] of the receiver (no pop).";
    21 LOAD_FIELD [Field] 1 1 Next "Pop an instance and push its field [arg].";
    22 STORE_FIELD [Field] 2 1 Next "Pop an instance and store the top of stack in its field [arg] (no pop).";
    23 POP [] 1 0 Next "Discard the top of stack.";
    24 CALL_0 [Symbol] 1 1 Call "Call method [arg] on the receiver with 0 arguments.";
    25 CALL_1 [Symbol] 2 1 Call "Call method [arg] with 1 argument.";
    26 CALL_2 [Symbol] 3 1 Call "Call method [arg] with 2 arguments.";
    27 CALL_3 [Symbol] 4 1 Call "Call method [arg] with 3 arguments.";
    28 CALL_4 [Symbol] 5 1 Call "Call method [arg] with 4 arguments.";
    29 CALL_5 [Symbol] 6 1 Call "Call method [arg] with 5 arguments.";
    30 CALL_6 [Symbol] 7 1 Call "Call method [arg] with 6 arguments.";
    31 CALL_7 [Symbol] 8 1 Call "Call method [arg] with 7 arguments.";
    32 CALL_8 [Symbol] 9 1 Call "Call method [arg] with 8 arguments.";
    33 CALL_9 [Symbol] 10 1 Call "Call method [arg] with 9 arguments.";
    34 CALL_10 [Symbol] 11 1 Call "Call method [arg] with 10 arguments.";
    35 CALL_11 [Symbol] 12 1 Call "Call method [arg] with 11 arguments.";
    36 CALL_12 [Symbol] 13 1 Call "Call method [arg] with 12 arguments.";
    37 CALL_13 [Symbol] 14 1 Call "Call method [arg] with 13 arguments.";
    38 CALL_14 [Symbol] 15 1 Call "Call method [arg] with 14 arguments.";
    39 CALL_15 [Symbol] 16 1 Call "Call method [arg] with 15 arguments.";
    40 CALL_16 [Symbol] 17 1 Call "Call method [arg] with 16 arguments.";
    41 SUPER_0 [Symbol, SuperClass] 1 1 Call "Call method [arg1] on the superclass in constant [arg2], 0 arguments.";
    42 SUPER_1 [Symbol, SuperClass] 2 1 Call "Superclass call with 1 argument.";
    43 SUPER_2 [Symbol, SuperClass] 3 1 Call "Superclass call with 2 arguments.";
    44 SUPER_3 [Symbol, SuperClass] 4 1 Call "Superclass call with 3 arguments.";
    45 SUPER_4 [Symbol, SuperClass] 5 1 Call "Superclass call with 4 arguments.";
    46 SUPER_5 [Symbol, SuperClass] 6 1 Call "Superclass call with 5 arguments.";
    47 SUPER_6 [Symbol, SuperClass] 7 1 Call "Superclass call with 6 arguments.";
    48 SUPER_7 [Symbol, SuperClass] 8 1 Call "Superclass call with 7 arguments.";
    49 SUPER_8 [Symbol, SuperClass] 9 1 Call "Superclass call with 8 arguments.";
    50 SUPER_9 [Symbol, SuperClass] 10 1 Call "Superclass call with 9 arguments.";
    51 SUPER_10 [Symbol, SuperClass] 11 1 Call "Superclass call with 10 arguments.";
    52 SUPER_11 [Symbol, SuperClass] 12 1 Call "Superclass call with 11 arguments.";
    53 SUPER_12 [Symbol, SuperClass] 13 1 Call "Superclass call with 12 arguments.";
    54 SUPER_13 [Symbol, SuperClass] 14 1 Call "Superclass call with 13 arguments.";
    55 SUPER_14 [Symbol, SuperClass] 15 1 Call "Superclass call with 14 arguments.";
    56 SUPER_15 [Symbol, SuperClass] 16 1 Call "Superclass call with 15 arguments.";
    57 SUPER_16 [Symbol, SuperClass] 17 1 Call "Superclass call with 16 arguments.";
    58 JUMP [JumpForward] 0 0 Jump "Jump forward [arg] bytes.";
    59 LOOP [JumpBackward] 0 0 Jump "Jump backward [arg] bytes.";
    60 JUMP_IF [JumpForward] 1 0 Branch "Pop; if falsy, jump forward [arg] bytes.";
    61 AND [JumpForward] 1 0 BranchKeep "If the top is falsy jump forward [arg] keeping it, else pop it.";
    62 OR [JumpForward] 1 0 BranchKeep "If the top is falsy pop it, else jump forward [arg] keeping it.";
    63 CLOSE_UPVALUE [] 1 0 Next "Close the upvalue for the top slot, then pop it.";
    64 RETURN [] 1 0 Return "Return the top of stack from the current frame.";
    65 CLOSURE [Function] 0 1 Next "Push a closure of the function in constant [arg], capturing upvalues.";
    66 CONSTRUCT [] 0 0 Next "Replace the class in slot 0 with a new instance of it.";
    67 FOREIGN_CONSTRUCT [] 0 0 Next "Replace the foreign class in slot 0 with a new foreign instance.";
    68 CLASS [FieldCount] 2 1 Next "Pop superclass and name; push a new class with [arg] own fields.";
    69 END_CLASS [] 2 0 Next "Pop attributes and class; set the class's attributes.";
    70 FOREIGN_CLASS [] 2 1 Next "Pop superclass and name; push a new foreign class.";
    71 METHOD_INSTANCE [Symbol] 2 0 Next "Pop class and body; bind instance method symbol [arg].";
    72 METHOD_STATIC [Symbol] 2 0 Next "Pop class and body; bind static method symbol [arg].";
    73 END_MODULE [] 0 1 Next "Record the module as the last one run; push null.";
    74 IMPORT_MODULE [Name] 0 1 Call "Import the module named by constant [arg], running its body if new.";
    75 IMPORT_VARIABLE [Name] 0 1 Next "Push the variable named by constant [arg] from the last imported module.";
    76 END [] 0 0 End "End of code; never executed.";
    77 LOCAL_CONST_CALL_1 [Local, Constant, Symbol] 0 1 Call "Push local [a] and constant [b], then call method [c] with 1 argument.";
}

/// The table entry for `byte`, if it is an opcode.
#[inline]
pub fn info(byte: u8) -> Option<&'static OpInfo> {
    OPCODES.get(byte as usize)
}

/// One decoded instruction.
#[derive(Clone, Copy, Debug)]
pub struct Instruction<'c> {
    /// Offset of the opcode in the code.
    pub ip: usize,
    /// The table entry of its opcode.
    pub info: &'static OpInfo,
    /// Bytes of the whole instruction, opcode and upvalue pairs included.
    pub len: usize,
    /// Operand values, in the order of `info.operands`.
    args: [u16; 3],
    /// `CLOSURE`'s `(is_local, index)` byte pairs; empty for every other opcode.
    pub upvalue_pairs: &'c [u8],
}

impl Instruction<'_> {
    /// The value of operand `i` (in the order of [`OpInfo::operands`]).
    #[inline]
    pub fn arg(&self, i: usize) -> u16 {
        self.args[i]
    }
    /// The value of the first operand of kind `kind`.
    pub fn arg_of(&self, kind: Operand) -> Option<u16> {
        self.info
            .operands
            .iter()
            .position(|&o| o == kind)
            .map(|i| self.args[i])
    }
    /// The offset after this instruction.
    #[inline]
    pub fn next(&self) -> usize {
        self.ip + self.len
    }
    /// The code offset a jump or branch goes to (`None` for other instructions, or a backward
    /// jump before the start of the code).
    pub fn jump_target(&self) -> Option<usize> {
        match self.info.operands.first()? {
            Operand::JumpForward => Some(self.next() + self.args[0] as usize),
            Operand::JumpBackward => self.next().checked_sub(self.args[0] as usize),
            _ => None,
        }
    }
    /// The upvalues `CLOSURE` captures: `(is_local, index)`.
    pub fn captures(&self) -> impl Iterator<Item = (bool, u8)> + '_ {
        self.upvalue_pairs
            .chunks_exact(2)
            .map(|p| (p[0] != 0, p[1]))
    }
}

/// Why bytes at an offset are not an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The byte is not an opcode.
    UnknownOpcode(u8),
    /// The operands run past the end of the code.
    Truncated,
    /// `CLOSURE`'s constant (the operand) is not a function.
    NotAFunction(u16),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnknownOpcode(b) => write!(f, "unknown opcode {b}"),
            DecodeError::Truncated => write!(f, "operands run past the end of the code"),
            DecodeError::NotAFunction(k) => write!(f, "constant {k} is not a function"),
        }
    }
}

/// Decodes the instruction at `ip`. `upvalues_of(k)` gives the upvalue count of the function
/// in constant `k` (needed for `CLOSURE`), or `None` if that constant is not a function.
pub fn decode(
    code: &[u8],
    ip: usize,
    upvalues_of: impl FnOnce(u16) -> Option<usize>,
) -> Result<Instruction<'_>, DecodeError> {
    let byte = *code.get(ip).ok_or(DecodeError::Truncated)?;
    let info = info(byte).ok_or(DecodeError::UnknownOpcode(byte))?;
    let mut args = [0u16; 3];
    let mut at = ip + 1;
    for (i, operand) in info.operands.iter().enumerate() {
        args[i] = match operand.width() {
            1 => *code.get(at).ok_or(DecodeError::Truncated)? as u16,
            _ => {
                let hi = *code.get(at).ok_or(DecodeError::Truncated)?;
                let lo = *code.get(at + 1).ok_or(DecodeError::Truncated)?;
                u16::from_be_bytes([hi, lo])
            }
        };
        at += operand.width();
    }
    let mut upvalue_pairs: &[u8] = &[];
    if info.operands.first() == Some(&Operand::Function) {
        let n = upvalues_of(args[0]).ok_or(DecodeError::NotAFunction(args[0]))?;
        let end = at
            .checked_add(n.checked_mul(2).ok_or(DecodeError::Truncated)?)
            .ok_or(DecodeError::Truncated)?;
        upvalue_pairs = code.get(at..end).ok_or(DecodeError::Truncated)?;
        at = end;
    }
    Ok(Instruction {
        ip,
        info,
        len: at - ip,
        args,
        upvalue_pairs,
    })
}

/// A hash of the table (bytes, names, operand kinds, stack effects, flow), for the snapshot
/// header's build fingerprint: an image is only loaded by a build with the same instruction
/// set.
pub fn table_fingerprint() -> u64 {
    static HASH: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *HASH.get_or_init(compute_fingerprint)
}

fn compute_fingerprint() -> u64 {
    let mut h = crate::utf8::Fnv64::new();
    for o in OPCODES {
        h.write(&[o.byte, o.pops, o.pushes, o.flow as u8]);
        h.write(o.name.as_bytes());
        for operand in o.operands {
            h.write(&[*operand as u8]);
        }
        h.write(&[0xff]);
    }
    h.finish()
}

/// Writes one line per instruction of `code`: line number (or `|` when unchanged), offset,
/// name and operands. `upvalues_of`, `constant` and `symbol` describe the function's
/// constants and the symbol table; bytes that do not decode are written as `<invalid ...>`
/// and skipped one at a time.
pub fn disassemble(
    out: &mut String,
    code: &[u8],
    line_of: &dyn Fn(usize) -> u32,
    upvalues_of: impl Fn(u16) -> Option<usize>,
    constant: &dyn Fn(u16) -> String,
    symbol: &dyn Fn(u16) -> String,
) -> std::fmt::Result {
    let mut ip = 0;
    let mut last_line = u32::MAX;
    while ip < code.len() {
        let line = line_of(ip);
        let line_col = if line != last_line {
            last_line = line;
            format!("{line:4}")
        } else {
            "   |".to_string()
        };
        let ins = match decode(code, ip, &upvalues_of) {
            Ok(ins) => ins,
            Err(e) => {
                writeln!(out, "{line_col} {ip:04} <invalid: {e}>")?;
                ip += 1;
                continue;
            }
        };
        let mut text = format!("{line_col} {ip:04} {:<18}", ins.info.name);
        for (i, kind) in ins.info.operands.iter().enumerate() {
            let a = ins.arg(i);
            match kind {
                Operand::Constant | Operand::Name | Operand::Function => {
                    write!(text, " {a:5} ({})", constant(a))?
                }
                Operand::SuperClass => write!(text, " super {a}")?,
                Operand::Symbol => write!(text, " {a:5} '{}'", symbol(a))?,
                Operand::JumpForward | Operand::JumpBackward => match ins.jump_target() {
                    Some(t) => write!(text, " {a:5} -> {t}")?,
                    None => write!(text, " {a:5} -> <before start>")?,
                },
                Operand::Local
                | Operand::ModuleVar
                | Operand::Field
                | Operand::Upvalue
                | Operand::FieldCount => write!(text, " {a}")?,
            }
        }
        writeln!(out, "{}", text.trim_end())?;
        for (n, (is_local, index)) in ins.captures().enumerate() {
            let kind = if is_local { "local" } else { "upvalue" };
            writeln!(out, "   | {:04}   {kind} {index}", ip + 3 + 2 * n)?;
        }
        ip += ins.len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_dense_and_ordered() {
        for (i, o) in OPCODES.iter().enumerate() {
            assert_eq!(o.byte as usize, i, "{} out of order", o.name);
        }
        assert_eq!(info(op::END).unwrap().name, "END");
        assert!(info(OPCODES.len() as u8).is_none());
    }

    #[test]
    fn call_families_are_contiguous() {
        for n in 0..=16u8 {
            let call = &OPCODES[(op::CALL_0 + n) as usize];
            let sup = &OPCODES[(op::SUPER_0 + n) as usize];
            assert_eq!(call.name, format!("CALL_{n}"));
            assert_eq!(sup.name, format!("SUPER_{n}"));
            assert_eq!(call.stack_effect(), -(n as i32));
            assert_eq!(call.pops, n + 1);
            assert_eq!(sup.pops, n + 1);
        }
    }

    #[test]
    fn closure_length_counts_upvalues() {
        let code = [op::CLOSURE, 0, 3, 1, 0, 0, 1];
        let i = decode(&code, 0, |k| (k == 3).then_some(2)).unwrap();
        assert_eq!(i.len, 7);
        assert_eq!(i.captures().collect::<Vec<_>>(), [(true, 0), (false, 1)]);
        assert_eq!(
            decode(&code, 0, |_| Some(3)).unwrap_err(),
            DecodeError::Truncated
        );
        assert_eq!(
            decode(&code, 0, |_| None).unwrap_err(),
            DecodeError::NotAFunction(3)
        );
        assert_eq!(
            decode(&[200], 0, |_| None).unwrap_err(),
            DecodeError::UnknownOpcode(200)
        );
    }

    #[test]
    fn operands_decode_by_kind() {
        let code = [
            op::LOCAL_CONST_CALL_1,
            7,
            0x01,
            0x02,
            0x00,
            0x09,
            op::LOOP,
            0,
            7,
        ];
        let i = decode(&code, 0, |_| None).unwrap();
        assert_eq!(i.len, 6);
        assert_eq!((i.arg(0), i.arg(1), i.arg(2)), (7, 0x102, 9));
        assert_eq!(i.arg_of(Operand::Symbol), Some(9));
        let l = decode(&code, 6, |_| None).unwrap();
        assert_eq!(l.jump_target(), Some(2));
        let far = [op::LOOP, 0, 9];
        assert_eq!(decode(&far, 0, |_| None).unwrap().jump_target(), None);
        assert_eq!(
            decode(&[op::CALL_0, 1], 0, |_| None).unwrap_err(),
            DecodeError::Truncated
        );
    }
}
