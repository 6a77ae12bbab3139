//! Primitives of Fiber and Fn. Fiber switches move the running fiber's state back into the heap
//! and load the target's: no Rust recursion, so any number of fibers may call each other.

use super::{arg, Prim, PrimDef};
use crate::heap::Handle;
use crate::object::{FiberState, ObjClosure, ObjFiber};
use crate::core::prims;
use crate::value::Value;
use crate::vm::Vm;

pub static PRIMS: &[PrimDef] = prims![
    "Fiber metaclass" "new(_)" => fiber_new,
    "Fiber metaclass" "abort(_)" => |vm, a, _| {
        let e = arg(vm, a, 1);
        if e.is_null() {
            Prim::Ret(Value::NULL)
        } else {
            Prim::Err(e)
        }
    },
    "Fiber metaclass" "current" => |vm, _, _| {
        Prim::Ret(vm.fiber.map_or(Value::NULL, |f| f.value()))
    },
    "Fiber metaclass" "suspend()" => |vm, _, _| {
        vm.switch_fiber(None);
        Prim::Switched
    },
    "Fiber metaclass" "yield()" => |vm, a, _| fiber_yield(vm, a, Value::NULL),
    "Fiber metaclass" "yield(_)" => |vm, a, _| {
        let v = arg(vm, a, 1);
        fiber_yield(vm, a, v)
    },
    "Fiber" "call()" => |vm, a, n| run_fiber(vm, a, n, true, "call"),
    "Fiber" "call(_)" => |vm, a, n| run_fiber(vm, a, n, true, "call"),
    "Fiber" "error" => |vm, a, _| {
        let f = this(vm, a);
        Prim::Ret(vm.heap.get(f).error)
    },
    "Fiber" "isDone" => |vm, a, _| {
        let f = this(vm, a);
        let done = vm.fiber_frames_len(f) == 0 || !vm.heap.get(f).error.is_null();
        Prim::Ret(Value::bool(done))
    },
    "Fiber" "transfer()" => |vm, a, n| run_fiber(vm, a, n, false, "transfer to"),
    "Fiber" "transfer(_)" => |vm, a, n| run_fiber(vm, a, n, false, "transfer to"),
    "Fiber" "transferError(_)" => |vm, a, n| {
        // As in the reference, the error is raised in whichever fiber runs afterwards: the
        // target, or this one if the transfer itself failed.
        let e = arg(vm, a, 1);
        let _ = run_fiber(vm, a, n, false, "transfer to");
        Prim::Err(e)
    },
    "Fiber" "try()" => fiber_try,
    "Fiber" "try(_)" => fiber_try,
    "Fn metaclass" "new(_)" => |vm, a, _| {
        let f = arg(vm, a, 1);
        if vm.heap.cast::<ObjClosure>(f).is_none() {
            return vm.err("Argument must be a function.");
        }
        Prim::Ret(f)
    },
    "Fn" "arity" => |vm, a, _| {
        let c = vm.heap.cast::<ObjClosure>(arg(vm, a, 0)).expect("receiver is a fn");
        let arity = vm.heap.get(vm.heap.get(c).func).arity;
        Prim::Ret(Value::num(arity as f64))
    },
    "Fn" "toString" => |vm, _, _| Prim::Ret(vm.str("<fn>")),
];

fn this(vm: &Vm, a: usize) -> Handle<ObjFiber> {
    vm.heap
        .cast::<ObjFiber>(arg(vm, a, 0))
        .expect("receiver is a fiber")
}

fn fiber_new(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let Some(closure) = vm.heap.cast::<ObjClosure>(arg(vm, a, 1)) else {
        return vm.err("Argument must be a function.");
    };
    if vm.heap.get(vm.heap.get(closure).func).arity > 1 {
        return vm.err("Function cannot take more than one parameter.");
    }
    let f = vm.new_fiber(closure);
    Prim::Ret(f.value())
}

fn fiber_yield(vm: &mut Vm, a: usize, value: Value) -> Prim {
    let current = vm.fiber.expect("yield outside a fiber");
    let caller = vm.heap.get(current).caller;
    {
        let f = vm.heap.get_mut(current);
        f.caller = None;
        f.state = FiberState::Other;
    }
    // The receiver slot will hold the value this fiber is resumed with (whether it returns to
    // a caller or to the host, which may transfer to it later).
    vm.stack.truncate(a + 1);
    vm.switch_fiber(caller);
    if caller.is_some() {
        if let Some(top) = vm.stack.last_mut() {
            *top = value;
        }
    }
    Prim::Switched
}

fn fiber_try(vm: &mut Vm, a: usize, n: usize) -> Prim {
    let target = this(vm, a);
    let r = run_fiber(vm, a, n, true, "try");
    if let Prim::Switched = r {
        vm.heap.get_mut(target).state = FiberState::Try;
    }
    r
}

/// Starts or resumes the receiver fiber (`call`, `transfer`, `try`), passing the optional
/// argument in.
fn run_fiber(vm: &mut Vm, a: usize, argc: usize, is_call: bool, verb: &str) -> Prim {
    let target = this(vm, a);
    let has_value = argc == 1;
    let value = if has_value {
        arg(vm, a, 1)
    } else {
        Value::NULL
    };
    if !vm.heap.get(target).error.is_null() {
        return vm.err(&format!("Cannot {verb} an aborted fiber."));
    }
    if is_call {
        let t = vm.heap.get(target);
        if t.caller.is_some() {
            return vm.err("Fiber has already been called.");
        }
        if t.state == FiberState::Root {
            return vm.err("Cannot call root fiber.");
        }
    }
    if vm.fiber_frames_len(target) == 0 {
        return vm.err(&format!("Cannot {verb} a finished fiber."));
    }
    if is_call {
        vm.heap.get_mut(target).caller = vm.fiber;
    }
    // The receiver slot receives the result when this fiber is resumed.
    vm.stack.truncate(a + 1);
    vm.switch_fiber(Some(target));
    let starting = vm.frames.len() == 1 && vm.frames[0].ip == 0;
    if starting {
        // A new fiber's stack already has a slot for each parameter (see `Vm::new_fiber`);
        // the value passed in becomes the first.
        if vm.stack.len() > 1 {
            vm.stack[1] = value;
        }
    } else if let Some(top) = vm.stack.last_mut() {
        *top = value;
    }
    Prim::Switched
}
