//! The disassembler: bytecode to text, derived from the opcode table.

use std::fmt::Write;

use crate::heap::{Handle, Heap};
use crate::object::ObjFn;
use crate::opcode::{self, Operands};
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
        let code = &f.code;
        let mut ip = 0;
        let mut last_line = 0;
        while ip < code.len() {
            let line = f.lines.get(ip).copied().unwrap_or(0);
            let line_col = if line != last_line {
                last_line = line;
                format!("{line:4}")
            } else {
                "   |".to_string()
            };
            let Some(info) = opcode::info(code[ip]) else {
                let _ = writeln!(out, "{line_col} {ip:04} <invalid byte {}>", code[ip]);
                ip += 1;
                continue;
            };
            let short = |at: usize| -> usize {
                u16::from_be_bytes([
                    code.get(at).copied().unwrap_or(0),
                    code.get(at + 1).copied().unwrap_or(0),
                ]) as usize
            };
            let constant = |k: usize| -> String {
                f.constants
                    .get(k)
                    .map(|v| describe(heap, *v))
                    .unwrap_or_else(|| "?".into())
            };
            let mut text = format!("{line_col} {ip:04} {:<18}", info.name);
            match info.operands {
                Operands::None => {}
                Operands::Byte => {
                    let _ = write!(text, " {}", code.get(ip + 1).copied().unwrap_or(0));
                }
                Operands::Short => {
                    let a = short(ip + 1);
                    let b = info.byte;
                    use opcode::op;
                    if b == op::CONSTANT || b == op::IMPORT_MODULE || b == op::IMPORT_VARIABLE {
                        let _ = write!(text, " {a:5} ({})", constant(a));
                    } else if (op::CALL_0..=op::CALL_16).contains(&b)
                        || b == op::METHOD_INSTANCE
                        || b == op::METHOD_STATIC
                    {
                        let _ = write!(text, " {a:5} '{}'", symbols.name(a as u32));
                    } else if b == op::JUMP || b == op::JUMP_IF || b == op::AND || b == op::OR {
                        let _ = write!(text, " {a:5} -> {}", ip + 3 + a);
                    } else if b == op::LOOP {
                        let _ = write!(text, " {a:5} -> {}", (ip + 3).wrapping_sub(a));
                    } else {
                        let _ = write!(text, " {a:5}");
                    }
                }
                Operands::ShortShort => {
                    let a = short(ip + 1);
                    let _ = write!(
                        text,
                        " {a:5} '{}' super {}",
                        symbols.name(a as u32),
                        short(ip + 3)
                    );
                }
                Operands::LocalConstCall => {
                    let slot = code.get(ip + 1).copied().unwrap_or(0);
                    let k = short(ip + 2);
                    let sym = short(ip + 4);
                    let _ = write!(
                        text,
                        " {slot} {k:5} ({}) {sym:5} '{}'",
                        constant(k),
                        symbols.name(sym as u32)
                    );
                }
                Operands::Closure => {
                    let k = short(ip + 1);
                    let _ = write!(text, " {k:5} {}", constant(k));
                    if let Some(inner) = f.constants.get(k).and_then(|v| heap.cast::<ObjFn>(*v)) {
                        work.push(inner);
                    }
                }
            }
            let _ = writeln!(out, "{}", text.trim_end());
            let len = opcode::instruction_len(code, ip, |k| {
                f.constants
                    .get(k as usize)
                    .and_then(|v| heap.peek::<ObjFn>(*v))
                    .map(|f| f.num_upvalues as usize)
            })
            .unwrap_or(1);
            if info.operands == Operands::Closure {
                let mut at = ip + 3;
                while at + 1 < ip + len {
                    let kind = if code[at] != 0 { "local" } else { "upvalue" };
                    let _ = writeln!(out, "   | {at:04}   {kind} {}", code[at + 1]);
                    at += 2;
                }
            }
            ip += len;
        }
        out.push('\n');
    }
    out
}
