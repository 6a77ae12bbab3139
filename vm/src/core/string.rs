//! Primitives of String. Strings are byte strings; indexes are byte offsets and iteration walks
//! UTF-8 sequences leniently, as in the reference. The rest of String (`split`, `replace`,
//! `trim`, `*`, the byte and code point sequences) is in `core.wren`.

use super::num::{c_int, c_u32};
use super::range;
use super::{arg, validate_index, validate_int, validate_string, Prim, PrimDef};
use crate::heap::Handle;
use crate::object::{ObjRange, ObjString};
use crate::core::prims;
use crate::core::tri;
use crate::utf8;
use crate::value::Value;
use crate::vm::Vm;

pub static PRIMS: &[PrimDef] = prims![
    "String metaclass" "fromCodePoint(_)" => from_code_point,
    "String metaclass" "fromByte(_)" => from_byte,
    "String" "+(_)" => plus,
    "String" "[_]" => subscript,
    "String" "byteAt(_)" => |vm, a, _| {
        let s = this(vm, a);
        let len = bytes(vm, s).len();
        let i = arg(vm, a, 1);
        let i = tri!(validate_index(vm, i, len, "Index"));
        Prim::Ret(Value::num(bytes(vm, s)[i] as f64))
    },
    "String" "byteCount_" => |vm, a, _| {
        let s = this(vm, a);
        Prim::Ret(Value::num(bytes(vm, s).len() as f64))
    },
    "String" "codePointAt(_)" => |vm, a, _| {
        let s = this(vm, a);
        let len = bytes(vm, s).len();
        let i = arg(vm, a, 1);
        let i = tri!(validate_index(vm, i, len, "Index"));
        let b = bytes(vm, s);
        // The middle of a UTF-8 sequence, or an invalid one, is -1.
        let cp = if is_continuation(b[i]) {
            -1.0
        } else {
            utf8::decode(&b[i..]).map_or(-1.0, |c| c as f64)
        };
        Prim::Ret(Value::num(cp))
    },
    "String" "contains(_)" => |vm, a, _| {
        let (s, needle) = tri!(this_and_string(vm, a));
        vm.heap.charge_bytes(bytes(vm, s).len());
        let found = utf8::find(bytes(vm, s), bytes(vm, needle), 0).is_some();
        Prim::Ret(Value::bool(found))
    },
    "String" "endsWith(_)" => |vm, a, _| {
        let (s, suffix) = tri!(this_and_string(vm, a));
        vm.heap.charge_bytes(bytes(vm, suffix).len());
        Prim::Ret(Value::bool(bytes(vm, s).ends_with(bytes(vm, suffix))))
    },
    "String" "indexOf(_)" => |vm, a, _| {
        let (s, needle) = tri!(this_and_string(vm, a));
        vm.heap.charge_bytes(bytes(vm, s).len());
        let i = utf8::find(bytes(vm, s), bytes(vm, needle), 0);
        Prim::Ret(Value::num(i.map_or(-1.0, |i| i as f64)))
    },
    "String" "indexOf(_,_)" => |vm, a, _| {
        let (s, needle) = tri!(this_and_string(vm, a));
        let len = bytes(vm, s).len();
        let start = arg(vm, a, 2);
        let start = tri!(validate_index(vm, start, len, "Start"));
        vm.heap.charge_bytes(len - start);
        let i = utf8::find(bytes(vm, s), bytes(vm, needle), start);
        Prim::Ret(Value::num(i.map_or(-1.0, |i| i as f64)))
    },
    "String" "iterate(_)" => |vm, a, _| iterate(vm, a, false),
    "String" "iterateByte_(_)" => |vm, a, _| iterate(vm, a, true),
    "String" "iteratorValue(_)" => |vm, a, _| {
        let s = this(vm, a);
        let len = bytes(vm, s).len();
        let i = arg(vm, a, 1);
        let i = tri!(validate_index(vm, i, len, "Iterator"));
        let cp = utf8::code_point_at(bytes(vm, s), i);
        Prim::Ret(vm.string(cp))
    },
    "String" "startsWith(_)" => |vm, a, _| {
        let (s, prefix) = tri!(this_and_string(vm, a));
        vm.heap.charge_bytes(bytes(vm, prefix).len());
        Prim::Ret(Value::bool(bytes(vm, s).starts_with(bytes(vm, prefix))))
    },
    // Used by `*(_)`, which has checked that the count is a non-negative integer.
    "String" "repeat_(_)" => repeat,
    "String" "toString" => |vm, a, _| Prim::Ret(arg(vm, a, 0)),
    // The number of steps `iterate` takes: every byte that does not continue a UTF-8
    // sequence, and the first byte whatever it is.
    "String" "count" => |vm, a, _| {
        let s = this(vm, a);
        let b = bytes(vm, s);
        vm.heap.charge_bytes(b.len());
        let n = match b.split_first() {
            None => 0,
            Some((_, rest)) => 1 + rest.iter().filter(|&&c| !is_continuation(c)).count(),
        };
        Prim::Ret(Value::num(n as f64))
    },
];

fn this(vm: &Vm, a: usize) -> Handle<ObjString> {
    vm.heap
        .cast::<ObjString>(arg(vm, a, 0))
        .expect("receiver is a string")
}

#[inline]
fn bytes(vm: &Vm, s: Handle<ObjString>) -> &[u8] {
    &vm.heap.get(s).bytes
}

#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// The receiver and a string argument, or "Argument must be a string.".
fn this_and_string(vm: &mut Vm, a: usize) -> Result<(Handle<ObjString>, Handle<ObjString>), Prim> {
    let v = arg(vm, a, 1);
    let other = validate_string(vm, v, "Argument")?;
    Ok((this(vm, a), other))
}

/// A new string of `len` bytes built by `fill`, or "Out of memory." when that would pass the
/// heap limit.
fn build(vm: &mut Vm, len: usize, fill: impl FnOnce(&Vm, &mut Vec<u8>)) -> Prim {
    if vm.heap.would_exceed(len) {
        return vm.err("Out of memory.");
    }
    let mut out = Vec::new();
    if out.try_reserve_exact(len).is_err() {
        return vm.err("Out of memory.");
    }
    fill(vm, &mut out);
    Prim::Ret(vm.string(out))
}

fn plus(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let v = arg(vm, a, 1);
    let right = tri!(validate_string(vm, v, "Right operand"));
    let left = this(vm, a);
    let len = bytes(vm, left).len().saturating_add(bytes(vm, right).len());
    build(vm, len, |vm, out| {
        out.extend_from_slice(bytes(vm, left));
        out.extend_from_slice(bytes(vm, right));
    })
}

fn subscript(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let s = this(vm, a);
    let len = bytes(vm, s).len();
    let i = arg(vm, a, 1);
    if i.is_num() {
        let i = tri!(validate_index(vm, i, len, "Subscript"));
        let cp = utf8::code_point_at(bytes(vm, s), i);
        return Prim::Ret(vm.string(cp));
    }
    let Some(&r) = vm.heap.peek::<ObjRange>(i) else {
        return vm.err("Subscript must be a number or a range.");
    };
    let span = tri!(range::resolve(vm, r, len));
    // Each selected byte that starts a valid UTF-8 sequence contributes that code point;
    // other bytes contribute nothing.
    let size: usize = span
        .indexes()
        .map(|i| utf8::decode_len(bytes(vm, s)[i]))
        .sum();
    build(vm, size, |vm, out| {
        let b = bytes(vm, s);
        for i in span.indexes() {
            if let Some(cp) = utf8::decode(&b[i..]) {
                utf8::encode(cp, out);
            }
        }
    })
}

/// `iterate(_)` (to the start of the next UTF-8 sequence) and `iterateByte_(_)` (to the next
/// byte).
fn iterate(vm: &mut Vm, a: usize, by_byte: bool) -> Prim {
    let s = this(vm, a);
    let len = bytes(vm, s).len();
    let it = arg(vm, a, 1);
    if it.is_null() {
        return Prim::Ret(if len == 0 {
            Value::FALSE
        } else {
            Value::num(0.0)
        });
    }
    let n = tri!(validate_int(vm, it, "Iterator"));
    if n < 0.0 {
        return Prim::Ret(Value::FALSE);
    }
    // The reference converts the iterator to a 32-bit unsigned integer.
    let mut i = c_u32(n) as usize;
    let from = i;
    let b = bytes(vm, s);
    let next = loop {
        i += 1;
        if i >= len {
            break Value::FALSE;
        }
        if by_byte || !is_continuation(b[i]) {
            break Value::num(i as f64);
        }
    };
    // A run of continuation bytes is skipped in one step.
    vm.heap.charge_bytes(i.min(len) - from.min(len));
    Prim::Ret(next)
}

fn from_code_point(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let v = arg(vm, a, 1);
    let n = tri!(validate_int(vm, v, "Code point"));
    let cp = c_int(n);
    if cp < 0 {
        return vm.err("Code point cannot be negative.");
    }
    if cp > 0x10ffff {
        return vm.err("Code point cannot be greater than 0x10ffff.");
    }
    let mut out = Vec::with_capacity(4);
    utf8::encode(cp as u32, &mut out);
    Prim::Ret(vm.string(out))
}

fn from_byte(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let v = arg(vm, a, 1);
    let n = tri!(validate_int(vm, v, "Byte"));
    let b = c_int(n);
    if b < 0 {
        return vm.err("Byte cannot be negative.");
    }
    if b > 0xff {
        return vm.err("Byte cannot be greater than 0xff.");
    }
    Prim::Ret(vm.string(vec![b as u8]))
}

fn repeat(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let s = this(vm, a);
    let count = arg(vm, a, 1).as_num().unwrap_or(0.0);
    let len = bytes(vm, s).len();
    if len == 0 || count <= 0.0 {
        return Prim::Ret(vm.str(""));
    }
    let total = len as f64 * count;
    if total > isize::MAX as f64 {
        return vm.err("Out of memory.");
    }
    build(vm, total as usize, |vm, out| {
        let b = bytes(vm, s);
        for _ in 0..count as usize {
            out.extend_from_slice(b);
        }
    })
}
