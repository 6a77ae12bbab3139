//! Primitives of List. The rest of List (sorting, `toString`, `+`, `*`, `addAll`) is in
//! `core.wren`.

use super::num::c_u32;
use super::range;
use super::{arg, validate_index, validate_int, Prim, PrimDef};
use crate::heap::Handle;
use crate::numfmt;
use crate::object::{ObjList, ObjRange};
use crate::core::prims;
use crate::core::tri;
use crate::value::{Value, ValueKind};
use crate::vm::Vm;

const VALUE_SIZE: usize = std::mem::size_of::<Value>();

pub static PRIMS: &[PrimDef] = prims![
    "List metaclass" "filled(_,_)" => filled,
    "List metaclass" "new()" => |vm, _, _| Prim::Ret(vm.new_list(Vec::new())),
    "List" "[_]" => subscript,
    "List" "[_]=(_)" => |vm, a, _| {
        let list = this(vm, a);
        let count = vm.heap.get(list).elements.len();
        let i = arg(vm, a, 1);
        let i = tri!(validate_index(vm, i, count, "Subscript"));
        let v = arg(vm, a, 2);
        vm.heap.get_mut(list).elements[i] = v;
        Prim::Ret(v)
    },
    "List" "add(_)" => |vm, a, _| {
        let v = arg(vm, a, 1);
        tri!(push(vm, a, v));
        Prim::Ret(v)
    },
    // Used by the compiler for list literals: returns the list.
    "List" "addCore_(_)" => |vm, a, _| {
        let v = arg(vm, a, 1);
        tri!(push(vm, a, v));
        Prim::Ret(arg(vm, a, 0))
    },
    "List" "clear()" => |vm, a, _| {
        let list = this(vm, a);
        vm.heap.get_mut(list).elements = Vec::new();
        Prim::Ret(Value::NULL)
    },
    "List" "count" => |vm, a, _| {
        let list = this(vm, a);
        Prim::Ret(Value::num(vm.heap.get(list).elements.len() as f64))
    },
    "List" "insert(_,_)" => |vm, a, _| {
        let list = this(vm, a);
        let count = vm.heap.get(list).elements.len();
        // `count + 1` so that inserting at the very end works.
        let i = arg(vm, a, 1);
        let i = tri!(validate_index(vm, i, count + 1, "Index"));
        tri!(grow(vm, list));
        let v = arg(vm, a, 2);
        // The elements after `i` move up one.
        vm.heap.charge(count - i);
        vm.heap.get_mut(list).elements.insert(i, v);
        Prim::Ret(v)
    },
    "List" "iterate(_)" => |vm, a, _| {
        let list = this(vm, a);
        let count = vm.heap.get(list).elements.len();
        let it = arg(vm, a, 1);
        if it.is_null() {
            return Prim::Ret(if count == 0 {
                Value::FALSE
            } else {
                Value::num(0.0)
            });
        }
        let i = tri!(validate_int(vm, it, "Iterator"));
        if i < 0.0 || i >= count as f64 - 1.0 {
            return Prim::Ret(Value::FALSE);
        }
        Prim::Ret(Value::num(i + 1.0))
    },
    "List" "iteratorValue(_)" => |vm, a, _| {
        let list = this(vm, a);
        let count = vm.heap.get(list).elements.len();
        let it = arg(vm, a, 1);
        let i = tri!(validate_index(vm, it, count, "Iterator"));
        Prim::Ret(vm.heap.get(list).elements[i])
    },
    "List" "removeAt(_)" => |vm, a, _| {
        let list = this(vm, a);
        let count = vm.heap.get(list).elements.len();
        let i = arg(vm, a, 1);
        let i = tri!(validate_index(vm, i, count, "Index"));
        Prim::Ret(remove_at(vm, list, i))
    },
    "List" "remove(_)" => |vm, a, _| {
        let list = this(vm, a);
        let v = arg(vm, a, 1);
        match index_of(vm, list, v) {
            Some(i) => Prim::Ret(remove_at(vm, list, i)),
            None => Prim::Ret(Value::NULL),
        }
    },
    "List" "indexOf(_)" => |vm, a, _| {
        let list = this(vm, a);
        let v = arg(vm, a, 1);
        let i = index_of(vm, list, v).map_or(-1.0, |i| i as f64);
        Prim::Ret(Value::num(i))
    },
    "List" "swap(_,_)" => |vm, a, _| {
        let list = this(vm, a);
        let count = vm.heap.get(list).elements.len();
        let (x, y) = (arg(vm, a, 1), arg(vm, a, 2));
        let x = tri!(validate_index(vm, x, count, "Index 0"));
        let y = tri!(validate_index(vm, y, count, "Index 1"));
        vm.heap.get_mut(list).elements.swap(x, y);
        Prim::Ret(Value::NULL)
    },
    // Used by `Sequence.join`: the concatenation of the list's elements, which are strings.
    "List" "concatStrings_" => concat_strings,
    // Used by `List.join(_)`: the join of a list of strings, numbers, bools and nulls (whose
    // `toString` cannot run user code), or null when the Wren loop must do it.
    "List" "joinPlain_(_)" => join_plain,
];

fn this(vm: &Vm, a: usize) -> Handle<ObjList> {
    vm.heap
        .cast::<ObjList>(arg(vm, a, 0))
        .expect("receiver is a list")
}

/// Makes room for one more element, accounting for the growth (or "Out of memory.").
fn grow(vm: &mut Vm, list: Handle<ObjList>) -> Result<(), Prim> {
    let (len, cap) = {
        let e = &vm.heap.get(list).elements;
        (e.len(), e.capacity())
    };
    if len < cap {
        return Ok(());
    }
    let extra = cap.max(8);
    if vm.heap.would_exceed(extra * VALUE_SIZE)
        || vm.heap.get_mut(list).elements.try_reserve(extra).is_err()
    {
        return Err(vm.err("Out of memory."));
    }
    let grown = vm.heap.get(list).elements.capacity() - cap;
    vm.heap.note_growth(grown * VALUE_SIZE);
    Ok(())
}

fn push(vm: &mut Vm, a: usize, v: Value) -> Result<(), Prim> {
    let list = this(vm, a);
    grow(vm, list)?;
    vm.heap.get_mut(list).elements.push(v);
    Ok(())
}

fn remove_at(vm: &mut Vm, list: Handle<ObjList>, i: usize) -> Value {
    // The elements after `i` move down one.
    vm.heap.charge(vm.heap.get(list).elements.len() - i);
    let elements = &mut vm.heap.get_mut(list).elements;
    let v = elements.remove(i);
    // Give back memory when the list has shrunk to well under its capacity.
    if elements.capacity() > 16 && elements.len() <= elements.capacity() / 4 {
        elements.shrink_to(elements.capacity() / 2);
    }
    v
}

/// Index of the first element equal (`==` of the reference, not a method call) to `v`.
fn index_of(vm: &Vm, list: Handle<ObjList>, v: Value) -> Option<usize> {
    let heap = &vm.heap;
    let elements = &heap.get(list).elements;
    let found = elements.iter().position(|&e| heap.values_equal(e, v));
    heap.charge(found.map_or(elements.len(), |i| i + 1));
    found
}

/// Allocates a vector of `n` values, or fails with "Out of memory." when `n` values would pass
/// the heap limit or cannot be allocated.
pub(super) fn alloc_values(vm: &mut Vm, n: usize) -> Result<Vec<Value>, Prim> {
    let bytes = n.saturating_mul(VALUE_SIZE);
    if vm.heap.would_exceed(bytes) {
        return Err(vm.err("Out of memory."));
    }
    let mut v = Vec::new();
    if v.try_reserve_exact(n).is_err() {
        return Err(vm.err("Out of memory."));
    }
    Ok(v)
}

fn filled(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let size = arg(vm, a, 1);
    let size = tri!(validate_int(vm, size, "Size"));
    if size < 0.0 {
        return vm.err("Size cannot be negative.");
    }
    // The reference converts the size to a 32-bit unsigned integer.
    let n = c_u32(size) as usize;
    let mut elements = tri!(alloc_values(vm, n));
    elements.resize(n, arg(vm, a, 2));
    Prim::Ret(vm.new_list(elements))
}

fn subscript(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let list = this(vm, a);
    let count = vm.heap.get(list).elements.len();
    let i = arg(vm, a, 1);
    if i.is_num() {
        let i = tri!(validate_index(vm, i, count, "Subscript"));
        return Prim::Ret(vm.heap.get(list).elements[i]);
    }
    let Some(&r) = vm.heap.peek::<ObjRange>(i) else {
        return vm.err("Subscript must be a number or a range.");
    };
    let span = tri!(range::resolve(vm, r, count));
    let mut out = tri!(alloc_values(vm, span.len));
    let elements = &vm.heap.get(list).elements;
    out.extend(span.indexes().map(|i| elements[i]));
    Prim::Ret(vm.new_list(out))
}

fn concat_strings(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let list = this(vm, a);
    let mut len = 0usize;
    for &v in &vm.heap.get(list).elements {
        match vm.heap.str_bytes(v) {
            Some(b) => len = len.saturating_add(b.len()),
            None => return vm.err("Right operand must be a string."),
        }
    }
    if vm.heap.would_exceed(len) {
        return vm.err("Out of memory.");
    }
    let mut out = Vec::new();
    if out.try_reserve_exact(len).is_err() {
        return vm.err("Out of memory.");
    }
    for &v in &vm.heap.get(list).elements {
        out.extend_from_slice(vm.heap.str_bytes(v).unwrap_or_default());
    }
    Prim::Ret(vm.string(out))
}

fn join_plain(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let list = this(vm, a);
    let Some(sep) = vm.heap.str_bytes(arg(vm, a, 1)) else {
        return Prim::Ret(Value::NULL);
    };
    let heap = &vm.heap;
    let mut out = Vec::new();
    for (i, &v) in heap.get(list).elements.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        match v.kind() {
            ValueKind::Num(n) => out.extend_from_slice(numfmt::format_num(n).as_bytes()),
            ValueKind::True => out.extend_from_slice(b"true"),
            ValueKind::False => out.extend_from_slice(b"false"),
            ValueKind::Null => out.extend_from_slice(b"null"),
            _ => match heap.str_bytes(v) {
                Some(b) => out.extend_from_slice(b),
                None => return Prim::Ret(Value::NULL),
            },
        }
        if out.len() > 1 << 20 && heap.would_exceed(out.len()) {
            return vm.err("Out of memory.");
        }
    }
    if vm.heap.would_exceed(out.len()) {
        return vm.err("Out of memory.");
    }
    Prim::Ret(vm.string(out))
}
