//! The instruction set, declared once.
//!
//! Each opcode has one line in the table below: its byte, its constant name, its operand layout,
//! its stack effect and a doc line. The compiler's emitter (operand sizes, stack depth), the
//! interpreter's decoding, the bytecode walker and the disassembler all derive from this table.
//! Operands are big-endian; jump offsets count from the byte after the operand.

/// The operand layout of an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operands {
    None,
    /// One byte (a local slot, upvalue index, field index or field count).
    Byte,
    /// A 16-bit operand (constant, module variable, method symbol or jump offset).
    Short,
    /// A method symbol then a constant index (the superclass slot).
    ShortShort,
    /// A constant index naming a function, then `(is_local, index)` byte pairs, one per upvalue
    /// of that function.
    Closure,
    /// A local slot (one byte), a constant index, then a method symbol.
    LocalConstCall,
}

impl Operands {
    /// Bytes of operands, for the fixed-size layouts.
    pub const fn fixed_len(self) -> usize {
        match self {
            Operands::None => 0,
            Operands::Byte => 1,
            Operands::Short => 2,
            Operands::ShortShort => 4,
            Operands::Closure => 2,
            Operands::LocalConstCall => 5,
        }
    }
}

/// Static facts about one opcode.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    pub byte: u8,
    pub name: &'static str,
    pub operands: Operands,
    /// Net change in stack depth (for the compiler's `max_slots`).
    pub stack_effect: i8,
    pub doc: &'static str,
}

macro_rules! opcodes {
    ($( $byte:literal $name:ident $operands:ident $effect:tt $doc:literal; )*) => {
        /// Opcode bytes as constants, for matching in the interpreter.
        pub mod op {
            $( #[doc = $doc] pub const $name: u8 = $byte; )*
        }
        /// The table, indexed by byte.
        pub static OPCODES: &[OpInfo] = &[
            $( OpInfo {
                byte: $byte,
                name: stringify!($name),
                operands: Operands::$operands,
                stack_effect: $effect,
                doc: $doc,
            }, )*
        ];
    };
}

opcodes! {
    0 CONSTANT Short 1 "Push the constant at index [arg].";
    1 NULL None 1 "Push null.";
    2 FALSE None 1 "Push false.";
    3 TRUE None 1 "Push true.";
    4 LOAD_LOCAL_0 None 1 "Push local slot 0.";
    5 LOAD_LOCAL_1 None 1 "Push local slot 1.";
    6 LOAD_LOCAL_2 None 1 "Push local slot 2.";
    7 LOAD_LOCAL_3 None 1 "Push local slot 3.";
    8 LOAD_LOCAL_4 None 1 "Push local slot 4.";
    9 LOAD_LOCAL_5 None 1 "Push local slot 5.";
    10 LOAD_LOCAL_6 None 1 "Push local slot 6.";
    11 LOAD_LOCAL_7 None 1 "Push local slot 7.";
    12 LOAD_LOCAL_8 None 1 "Push local slot 8.";
    13 LOAD_LOCAL Byte 1 "Push local slot [arg].";
    14 STORE_LOCAL Byte 0 "Store the top of stack in local slot [arg] (no pop).";
    15 LOAD_UPVALUE Byte 1 "Push upvalue [arg] of the current closure.";
    16 STORE_UPVALUE Byte 0 "Store the top of stack in upvalue [arg] (no pop).";
    17 LOAD_MODULE_VAR Short 1 "Push module variable [arg].";
    18 STORE_MODULE_VAR Short 0 "Store the top of stack in module variable [arg] (no pop).";
    19 LOAD_FIELD_THIS Byte 1 "Push field [arg] of the receiver.";
    20 STORE_FIELD_THIS Byte 0 "Store the top of stack in field [arg] of the receiver (no pop).";
    21 LOAD_FIELD Byte 0 "Pop an instance and push its field [arg].";
    22 STORE_FIELD Byte (-1) "Pop an instance and store the top of stack in its field [arg].";
    23 POP None (-1) "Discard the top of stack.";
    24 CALL_0 Short 0 "Call method [arg] on the receiver with 0 arguments.";
    25 CALL_1 Short (-1) "Call method [arg] with 1 argument.";
    26 CALL_2 Short (-2) "Call method [arg] with 2 arguments.";
    27 CALL_3 Short (-3) "Call method [arg] with 3 arguments.";
    28 CALL_4 Short (-4) "Call method [arg] with 4 arguments.";
    29 CALL_5 Short (-5) "Call method [arg] with 5 arguments.";
    30 CALL_6 Short (-6) "Call method [arg] with 6 arguments.";
    31 CALL_7 Short (-7) "Call method [arg] with 7 arguments.";
    32 CALL_8 Short (-8) "Call method [arg] with 8 arguments.";
    33 CALL_9 Short (-9) "Call method [arg] with 9 arguments.";
    34 CALL_10 Short (-10) "Call method [arg] with 10 arguments.";
    35 CALL_11 Short (-11) "Call method [arg] with 11 arguments.";
    36 CALL_12 Short (-12) "Call method [arg] with 12 arguments.";
    37 CALL_13 Short (-13) "Call method [arg] with 13 arguments.";
    38 CALL_14 Short (-14) "Call method [arg] with 14 arguments.";
    39 CALL_15 Short (-15) "Call method [arg] with 15 arguments.";
    40 CALL_16 Short (-16) "Call method [arg] with 16 arguments.";
    41 SUPER_0 ShortShort 0 "Call method [arg1] on the superclass in constant [arg2], 0 arguments.";
    42 SUPER_1 ShortShort (-1) "Superclass call with 1 argument.";
    43 SUPER_2 ShortShort (-2) "Superclass call with 2 arguments.";
    44 SUPER_3 ShortShort (-3) "Superclass call with 3 arguments.";
    45 SUPER_4 ShortShort (-4) "Superclass call with 4 arguments.";
    46 SUPER_5 ShortShort (-5) "Superclass call with 5 arguments.";
    47 SUPER_6 ShortShort (-6) "Superclass call with 6 arguments.";
    48 SUPER_7 ShortShort (-7) "Superclass call with 7 arguments.";
    49 SUPER_8 ShortShort (-8) "Superclass call with 8 arguments.";
    50 SUPER_9 ShortShort (-9) "Superclass call with 9 arguments.";
    51 SUPER_10 ShortShort (-10) "Superclass call with 10 arguments.";
    52 SUPER_11 ShortShort (-11) "Superclass call with 11 arguments.";
    53 SUPER_12 ShortShort (-12) "Superclass call with 12 arguments.";
    54 SUPER_13 ShortShort (-13) "Superclass call with 13 arguments.";
    55 SUPER_14 ShortShort (-14) "Superclass call with 14 arguments.";
    56 SUPER_15 ShortShort (-15) "Superclass call with 15 arguments.";
    57 SUPER_16 ShortShort (-16) "Superclass call with 16 arguments.";
    58 JUMP Short 0 "Jump forward [arg] bytes.";
    59 LOOP Short 0 "Jump backward [arg] bytes.";
    60 JUMP_IF Short (-1) "Pop; if falsy, jump forward [arg] bytes.";
    61 AND Short (-1) "If the top is falsy jump forward [arg] keeping it, else pop it.";
    62 OR Short (-1) "If the top is falsy pop it, else jump forward [arg] keeping it.";
    63 CLOSE_UPVALUE None (-1) "Close the upvalue for the top slot, then pop it.";
    64 RETURN None 0 "Return the top of stack from the current frame.";
    65 CLOSURE Closure 1 "Push a closure of the function in constant [arg], capturing upvalues.";
    66 CONSTRUCT None 0 "Replace the class in slot 0 with a new instance of it.";
    67 FOREIGN_CONSTRUCT None 0 "Replace the foreign class in slot 0 with a new foreign instance.";
    68 CLASS Byte (-1) "Pop superclass and name; push a new class with [arg] own fields.";
    69 END_CLASS None (-2) "Pop attributes and class; set the class's attributes.";
    70 FOREIGN_CLASS None (-1) "Pop superclass and name; push a new foreign class.";
    71 METHOD_INSTANCE Short (-2) "Pop body and class; bind instance method symbol [arg].";
    72 METHOD_STATIC Short (-2) "Pop body and class; bind static method symbol [arg].";
    73 END_MODULE None 1 "Record the module as the last one run; push null.";
    74 IMPORT_MODULE Short 1 "Import the module named by constant [arg], running its body if new.";
    75 IMPORT_VARIABLE Short 1 "Push the variable named by constant [arg] from the last imported module.";
    76 END None 0 "End of code; never executed.";
    77 LOCAL_CONST_CALL_1 LocalConstCall 1 "Push local [a] and constant [b], then call method [c] with 1 argument.";
}

/// The table entry for `byte`, if it is an opcode.
#[inline]
pub fn info(byte: u8) -> Option<&'static OpInfo> {
    OPCODES.get(byte as usize)
}

/// Length in bytes of the instruction at `ip` (opcode included). `upvalues_of(k)` gives the
/// upvalue count of the function in constant `k`, needed for `CLOSURE`. `None` if the byte is
/// not an opcode, the constant is not a function, or the operands run past the end.
pub fn instruction_len(
    code: &[u8],
    ip: usize,
    upvalues_of: impl Fn(u16) -> Option<usize>,
) -> Option<usize> {
    let info = info(*code.get(ip)?)?;
    let mut len = 1 + info.operands.fixed_len();
    if info.operands == Operands::Closure {
        let k = u16::from_be_bytes([*code.get(ip + 1)?, *code.get(ip + 2)?]);
        len += 2 * upvalues_of(k)?;
    }
    if ip + len > code.len() {
        return None;
    }
    Some(len)
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
            assert_eq!(OPCODES[(op::CALL_0 + n) as usize].name, format!("CALL_{n}"));
            assert_eq!(
                OPCODES[(op::SUPER_0 + n) as usize].name,
                format!("SUPER_{n}")
            );
            assert_eq!(OPCODES[(op::CALL_0 + n) as usize].stack_effect, -(n as i8));
        }
    }

    #[test]
    fn closure_length_counts_upvalues() {
        let code = [op::CLOSURE, 0, 3, 1, 0, 0, 1];
        assert_eq!(
            instruction_len(&code, 0, |k| (k == 3).then_some(2)),
            Some(7)
        );
        assert_eq!(instruction_len(&code, 0, |_| Some(3)), None);
        assert_eq!(instruction_len(&[200], 0, |_| None), None);
    }
}
