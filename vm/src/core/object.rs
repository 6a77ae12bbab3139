//! Primitives of Object, Class, Object metaclass, Bool, Null and System.

use std::sync::OnceLock;
use std::time::Instant;

use super::{arg, Prim, PrimDef};
use crate::object::ObjClass;
use crate::core::prims;
use crate::value::Value;
use crate::vm::Vm;

pub static PRIMS: &[PrimDef] = prims![
    "Object" "!" => |_, _, _| Prim::Ret(Value::FALSE),
    "Object" "==(_)" => |vm, a, _| {
        Prim::Ret(Value::bool(vm.heap.values_equal(arg(vm, a, 0), arg(vm, a, 1))))
    },
    "Object" "!=(_)" => |vm, a, _| {
        Prim::Ret(Value::bool(!vm.heap.values_equal(arg(vm, a, 0), arg(vm, a, 1))))
    },
    "Object" "is(_)" => object_is,
    "Object" "toString" => |vm, a, _| {
        let class = vm.class_of(arg(vm, a, 0));
        let s = format!("instance of {}", vm.class_name(class));
        Prim::Ret(vm.str(&s))
    },
    "Object" "type" => |vm, a, _| Prim::Ret(vm.class_of(arg(vm, a, 0)).value()),
    "Object metaclass" "same(_,_)" => |vm, a, _| {
        Prim::Ret(Value::bool(vm.heap.values_equal(arg(vm, a, 1), arg(vm, a, 2))))
    },
    "Class" "name" => |vm, a, _| {
        let c = vm.heap.cast::<ObjClass>(arg(vm, a, 0)).expect("receiver is a class");
        Prim::Ret(vm.heap.get(c).name.value())
    },
    "Class" "supertype" => |vm, a, _| {
        let c = vm.heap.cast::<ObjClass>(arg(vm, a, 0)).expect("receiver is a class");
        Prim::Ret(vm.heap.get(c).superclass.map_or(Value::NULL, |s| s.value()))
    },
    "Class" "toString" => |vm, a, _| {
        let c = vm.heap.cast::<ObjClass>(arg(vm, a, 0)).expect("receiver is a class");
        Prim::Ret(vm.heap.get(c).name.value())
    },
    "Class" "attributes" => |vm, a, _| {
        let c = vm.heap.cast::<ObjClass>(arg(vm, a, 0)).expect("receiver is a class");
        Prim::Ret(vm.heap.get(c).attributes)
    },
    "Bool" "!" => |vm, a, _| Prim::Ret(Value::bool(arg(vm, a, 0).is_falsy())),
    "Bool" "toString" => |vm, a, _| {
        let s = if arg(vm, a, 0).is_falsy() { "false" } else { "true" };
        Prim::Ret(vm.str(s))
    },
    "Null" "!" => |_, _, _| Prim::Ret(Value::TRUE),
    "Null" "toString" => |vm, _, _| Prim::Ret(vm.str("null")),
    "System metaclass" "clock" => |_, _, _| Prim::Ret(Value::num(clock())),
    "System metaclass" "gc()" => |vm, _, _| {
        vm.collect_garbage();
        Prim::Ret(Value::NULL)
    },
    "System metaclass" "writeString_(_)" => |vm, a, _| {
        let v = arg(vm, a, 1);
        if let Some(b) = vm.heap.str_bytes(v) {
            vm.heap.charge_bytes(b.len());
            // The reference hands the host a C string: output stops at a NUL byte.
            let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
            let s = b[..end].to_vec();
            vm.write(&s);
        }
        Prim::Ret(v)
    },
];

fn object_is(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let Some(class) = vm.heap.cast::<ObjClass>(arg(vm, a, 1)) else {
        return vm.err("Right operand must be a class.");
    };
    let mine = vm.class_of(arg(vm, a, 0));
    Prim::Ret(Value::bool(vm.is_subclass(mine, class)))
}

/// Seconds since the VM library was first used (the reference reports CPU time).
fn clock() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}
