//! The disassembler: bytecode to text, derived from the opcode table.

use std::fmt::Write;

use crate::heap::{Handle, Heap};
use crate::object::ObjFn;
use crate::opcode;
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
        let _ = opcode::disassemble(
            &mut out,
            &f.code,
            &|ip| f.lines.line_at(ip).unwrap_or(0),
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
