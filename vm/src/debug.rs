//! The disassembler: bytecode to text, derived from the opcode table.

use std::fmt::Write;

use crate::heap::{Handle, Heap};
use crate::object::ObjFn;
use crate::opcode::{self, Operand};
use crate::value::{Value, ValueKind};
use crate::vm::SymbolTable;

fn describe(heap: &Heap, v: Value) -> String {
    match v.kind() {
        ValueKind::Num(n) => crate::numfmt::format_num(n),
        ValueKind::Obj(_) => match heap.str_bytes(v) {
            Some(b) => format!("{:?}", String::from_utf8_lossy(b)),
            None => match heap.peek::<ObjFn>(v) {
                Some(f) => format!("<fn {}>", f.name),
                None => format!("{v:?}"),
            },
        },
        _ => format!("{v:?}"),
    }
}

/// Disassembles `func` and, after it, every function nested in it.
pub fn disassemble(heap: &Heap, symbols: &SymbolTable, func: Handle<ObjFn>) -> String {
    let mut out = String::new();
    let mut work = vec![func];
    while let Some(fh) = work.pop() {
        let f = heap.get(fh);
        let _ = writeln!(out, "== {} ==", f.name);
        let constant = |k: u16| -> String {
            f.constants
                .get(k as usize)
                .map(|v| describe(heap, *v))
                .unwrap_or_else(|| "?".into())
        };
        let mut nested = Vec::new();
        let _ = disassemble_code(
            &mut out,
            &f.code,
            &|ip| f.lines.get(ip).copied().unwrap_or(0),
            heap.upvalue_counts(&f.constants),
            &constant,
            &|s| symbols.name(s as u32).to_string(),
        );
        for k in f.constants.iter() {
            if let Some(inner) = heap.cast::<ObjFn>(*k) {
                nested.push(inner);
            }
        }
        // Nested functions in constant order.
        work.extend(nested.into_iter().rev());
        out.push('\n');
    }
    out
}

/// Writes one line per instruction of `code`: line number (or `|` when unchanged), offset,
/// name and operands. `upvalues_of`, `constant` and `symbol` describe the function's
/// constants and the symbol table; bytes that do not decode are written as `<invalid ...>`
/// and skipped one at a time.
pub fn disassemble_code(
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
        let ins = match opcode::decode(code, ip, &upvalues_of) {
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
