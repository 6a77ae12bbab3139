//! Calls and frames: pushing a frame, and runtime errors (unwinding to a `try`, or reporting
//! the error and its stack trace).

use super::dispatch::Step;
use super::{ErrorKind, Vm};
use crate::core::Prim;
use crate::error::{RuntimeError, TraceFrame};

use crate::heap::Handle;
use crate::limits;
use crate::object::*;
use crate::value::Value;

impl Vm {

    /// The number fast path of `CALL_1`: when the two values on top of the stack are numbers
    /// and `symbol` names a number operator (`+(_)`, `<(_)`, ...; see `Vm::num_ops`), replaces
    /// them with the result, as `Num`'s primitive would, and returns true.
    #[inline(always)]
    pub(super) fn num_op(&mut self, symbol: u16) -> bool {
        let len = self.stack.len();
        let (Some(a), Some(b)) = (self.stack[len - 2].as_num(), self.stack[len - 1].as_num())
        else {
            return false;
        };
        let result = match self.num_ops.get(symbol as usize).copied().unwrap_or(0) {
            0 => return false,
            1 => Value::num(a + b),
            2 => Value::num(a - b),
            3 => Value::num(a * b),
            4 => Value::num(a / b),
            5 => Value::num(a % b),
            6 => Value::bool(a < b),
            7 => Value::bool(a > b),
            8 => Value::bool(a <= b),
            9 => Value::bool(a >= b),
            10 => Value::bool(a == b),
            _ => Value::bool(a != b),
        };
        self.stack.pop();
        self.stack[len - 2] = result;
        true
    }

    /// Runs primitive `id` on the receiver at `args` and `argc` arguments; its result
    /// replaces them.
    #[inline(always)]
    fn call_primitive(&mut self, id: u16, args: usize, argc: usize) -> Step {
        match (self.prims[id as usize].func)(self, args, argc) {
            Prim::Ret(v) => {
                self.stack.truncate(args + 1);
                self.stack[args] = v;
                Step::Next
            }
            Prim::Err(e) => Step::Throw(e),
            Prim::Switched => Step::Switched,
        }
    }

    /// [`Vm::invoke`] without `super`, with the lookup and the two common cases (a primitive,
    /// a method written in Wren) written out for speed.
    #[inline(always)]
    pub(super) fn invoke_on_receiver(&mut self, symbol: u16, argc: usize) -> Step {
        let args = self.stack.len() - argc - 1;
        let class = self.class_of(self.stack[args]);
        match self.heap.get(class).methods.get(symbol as usize).copied() {
            Some(Method::Primitive(id)) => self.call_primitive(id, args, argc),
            Some(Method::Block(cl)) => self.enter(cl, args),
            _ => self.invoke(symbol, argc, None),
        }
    }

    /// Calls method `symbol` with the receiver and `argc` arguments on top of the stack:
    /// looked up in the receiver's class, or in `superclass` for a `super` call. The
    /// caller's ip is stored. A method written in Wren gets a frame ([`Step::Reload`]); a
    /// primitive or foreign method runs now.
    pub(super) fn invoke(&mut self, symbol: u16, argc: usize, superclass: Option<Value>) -> Step {
        let args = self.stack.len() - argc - 1;
        let class = match superclass {
            None => self.class_of(self.stack[args]),
            Some(c) => match self.heap.cast::<ObjClass>(c) {
                Some(c) => c,
                None => return Step::Throw(self.str("Superclass call outside a class.")),
            },
        };
        let method = self
            .heap
            .get(class)
            .methods
            .get(symbol as usize)
            .copied()
            .unwrap_or(Method::None);
        // A primitive or foreign method reached through `super` runs only on a receiver of
        // the class it belongs to (compiled code always passes one).
        if superclass.is_some()
            && matches!(method, Method::Primitive(_) | Method::Foreign(_))
            && !self.is_subclass(self.class_of(self.stack[args]), class)
        {
            return Step::Throw(self.str("Superclass call on a receiver outside the class."));
        }
        match method {
            Method::Primitive(id) => self.call_primitive(id, args, argc),
            Method::FnCall => {
                let callee = self.stack[args];
                let Some(cl) = self.heap.cast::<ObjClosure>(callee) else {
                    return Step::Throw(self.str("Receiver must be a function."));
                };
                let arity = self.heap.get(self.heap.get(cl).func).arity as usize;
                if argc < arity {
                    return Step::Throw(self.str("Function expects more arguments."));
                }
                // Extra arguments are dropped.
                self.stack.truncate(args + 1 + arity);
                self.enter(cl, args)
            }
            Method::Block(cl) => self.enter(cl, args),
            Method::Foreign(id) => {
                let f = self.foreign_methods[id as usize].clone();
                match self.call_foreign(&f, args, true) {
                    Ok(()) => Step::Next,
                    Err(e) => Step::Throw(e),
                }
            }
            Method::None => Step::Throw(self.method_not_found(class, symbol)),
        }
    }

    /// Pushes a frame for `closure` at `base`, as a [`Step`].
    #[inline(always)]
    fn enter(&mut self, closure: Handle<ObjClosure>, base: usize) -> Step {
        match self.push_frame(closure, base) {
            Ok(()) => Step::Reload,
            Err(e) => Step::Throw(e),
        }
    }
    /// Pushes a frame calling `closure` with its receiver/arguments starting at `base`.
    /// Returns an error value if the call stack would pass its limit.
    pub(super) fn push_frame(
        &mut self,
        closure: Handle<ObjClosure>,
        base: usize,
    ) -> Result<(), Value> {
        if self.frames.len() >= limits::MAX_CALL_FRAMES
            || self.stack.len() >= limits::MAX_STACK_SLOTS
        {
            return Err(self.str("Stack overflow."));
        }
        self.frames.push(CallFrame {
            ip: 0,
            closure,
            base: base as u32,
        });
        Ok(())
    }

    pub(super) fn method_not_found(&mut self, class: Handle<ObjClass>, symbol: u16) -> Value {
        let msg = format!(
            "{} does not implement '{}'.",
            self.class_name(class),
            self.method_names.name(symbol as u32)
        );
        self.str(&msg)
    }

    /// Handles a runtime error raised in the running fiber: unwinds to the nearest `try`, or
    /// reports the error and its stack trace. Returns `true` if execution can continue.
    pub(super) fn runtime_error(&mut self, error: Value) -> bool {
        let failing = self.fiber.expect("runtime error without a fiber");
        let mut current = Some(failing);
        // The failing fiber's frames are still loaded; keep them for the trace.
        while let Some(f) = current {
            self.heap.get_mut(f).error = error;
            let (state, caller) = {
                let fib = self.heap.get(f);
                (fib.state, fib.caller)
            };
            if state == FiberState::Try {
                if let Some(caller) = caller {
                    // The caller resumes with the error as the result of try().
                    self.heap.get_mut(f).caller = None;
                    self.switch_fiber(Some(caller));
                    if let Some(top) = self.stack.last_mut() {
                        *top = error;
                    }
                    return true;
                }
            }
            self.heap.get_mut(f).caller = None;
            current = caller;
        }
        self.report_error(error);
        false
    }

    /// Reports an uncaught error and the failing fiber's stack trace (top frame first)
    /// through the error callback, and keeps it for the host ([`Vm::resume`] returns it).
    pub(super) fn report_error(&mut self, error: Value) {
        let message = match self.heap.str_bytes(error) {
            Some(b) => String::from_utf8_lossy(b).into_owned(),
            None => "[error object]".to_string(),
        };
        // Traces of runaway recursion keep their innermost and outermost frames.
        const KEEP: usize = limits::MAX_TRACE_FRAMES / 2;
        let frames = &self.frames;
        let elide = frames.len() > limits::MAX_TRACE_FRAMES;
        let mut trace = Vec::new();
        let mut elided = None;
        for (depth, frame) in frames.iter().rev().enumerate() {
            if elide && depth >= KEEP && depth < frames.len() - KEEP {
                if depth == KEEP {
                    elided = Some((trace.len(), frames.len() - 2 * KEEP));
                }
                continue;
            }
            let func = self.heap.get(self.heap.get(frame.closure).func);
            let Some(module) = func.module else { continue };
            let Some(mname) = self.heap.get(module).name else {
                continue;
            };
            let ip = (frame.ip as usize).saturating_sub(1);
            trace.push(TraceFrame {
                module: self.heap.get(mname).lossy().into_owned(),
                line: func.lines.line_at(ip).unwrap_or(0),
                function: func.name.to_string(),
            });
        }
        let e = RuntimeError {
            message,
            trace,
            elided,
        };
        (self.config.error)(ErrorKind::Runtime, "", 0, &e.message);
        for (i, frame) in e.trace.iter().enumerate() {
            if let Some((k, n)) = e.elided {
                if i == k {
                    let msg = format!("... {n} more frames ...");
                    (self.config.error)(ErrorKind::Runtime, "", 0, &msg);
                }
            }
            (self.config.error)(
                ErrorKind::StackTrace,
                &frame.module,
                frame.line,
                &frame.function,
            );
        }
        self.last_error = Some(Box::new(e));
    }
}
