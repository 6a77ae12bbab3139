//! Primitives of Map. Iteration walks the table's slots, so an iterator is a slot index, as in
//! the reference. The rest of Map (`keys`, `values`, `toString`, entries) is in `core.wren`.

use super::num::c_u32;
use super::{arg, is_valid_key, validate_index, validate_int, Prim, PrimDef};
use crate::heap::Handle;
use crate::object::ObjMap;
use crate::core::prims;
use crate::core::tri;
use crate::value::Value;
use crate::vm::Vm;

pub static PRIMS: &[PrimDef] = prims![
    "Map metaclass" "new()" => |vm, _, _| Prim::Ret(vm.new_map().value()),
    "Map" "[_]" => |vm, a, _| {
        let (map, key) = tri!(this_and_key(vm, a));
        Prim::Ret(vm.heap.map_get(map, key).unwrap_or(Value::NULL))
    },
    "Map" "[_]=(_)" => |vm, a, _| {
        let (map, key) = tri!(this_and_key(vm, a));
        let v = arg(vm, a, 2);
        vm.heap.map_set(map, key, v);
        Prim::Ret(v)
    },
    // Used by the compiler for map literals: returns the map.
    "Map" "addCore_(_,_)" => |vm, a, _| {
        let (map, key) = tri!(this_and_key(vm, a));
        let v = arg(vm, a, 2);
        vm.heap.map_set(map, key, v);
        Prim::Ret(map.value())
    },
    "Map" "clear()" => |vm, a, _| {
        let map = this(vm, a);
        vm.heap.get_mut(map).table.clear();
        Prim::Ret(Value::NULL)
    },
    "Map" "containsKey(_)" => |vm, a, _| {
        let (map, key) = tri!(this_and_key(vm, a));
        Prim::Ret(Value::bool(vm.heap.map_get(map, key).is_some()))
    },
    "Map" "count" => |vm, a, _| {
        let map = this(vm, a);
        Prim::Ret(Value::num(vm.heap.get(map).table.count() as f64))
    },
    "Map" "remove(_)" => |vm, a, _| {
        let (map, key) = tri!(this_and_key(vm, a));
        Prim::Ret(vm.heap.map_remove(map, key).unwrap_or(Value::NULL))
    },
    "Map" "iterate(_)" => iterate,
    "Map" "keyIteratorValue_(_)" => |vm, a, _| {
        let (map, i) = tri!(entry(vm, a));
        Prim::Ret(vm.heap.get(map).table.key_at(i))
    },
    "Map" "valueIteratorValue_(_)" => |vm, a, _| {
        let (map, i) = tri!(entry(vm, a));
        Prim::Ret(vm.heap.get(map).table.value_at(i))
    },
];

fn this(vm: &Vm, a: usize) -> Handle<ObjMap> {
    vm.heap
        .cast::<ObjMap>(arg(vm, a, 0))
        .expect("receiver is a map")
}

/// The receiver and the key argument, or "Key must be a value type.".
fn this_and_key(vm: &mut Vm, a: usize) -> Result<(Handle<ObjMap>, Value), Prim> {
    let key = arg(vm, a, 1);
    if !is_valid_key(vm, key) {
        return Err(vm.err("Key must be a value type."));
    }
    Ok((this(vm, a), key))
}

fn iterate(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let map = this(vm, a);
    if vm.heap.get(map).table.count() == 0 {
        return Prim::Ret(Value::FALSE);
    }
    let it = arg(vm, a, 1);
    let start = if it.is_null() {
        0
    } else {
        let n = tri!(validate_int(vm, it, "Iterator"));
        if n < 0.0 {
            return Prim::Ret(Value::FALSE);
        }
        // The reference converts the iterator to a 32-bit unsigned integer.
        let i = c_u32(n) as usize;
        if i >= vm.heap.get(map).table.capacity() {
            return Prim::Ret(Value::FALSE);
        }
        i + 1
    };
    let next = vm.heap.get(map).table.next_occupied(start);
    // Empty slots are skipped in one step.
    let end = next.unwrap_or(vm.heap.get(map).table.capacity());
    vm.heap.charge(end.saturating_sub(start));
    match next {
        Some(i) => Prim::Ret(Value::num(i as f64)),
        None => Prim::Ret(Value::FALSE),
    }
}

/// The receiver and the slot its iterator argument names, which must hold an entry.
fn entry(vm: &mut Vm, a: usize) -> Result<(Handle<ObjMap>, usize), Prim> {
    let map = this(vm, a);
    let capacity = vm.heap.get(map).table.capacity();
    let it = arg(vm, a, 1);
    let i = validate_index(vm, it, capacity, "Iterator")?;
    if vm.heap.get(map).table.key_at(i).is_undefined() {
        return Err(vm.err("Invalid map iterator."));
    }
    Ok((map, i))
}
