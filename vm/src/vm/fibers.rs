//! Fibers (moving the running fiber's stack and frames in and out of its heap object) and
//! upvalues (captured variables, open while their slot is live).

use super::Vm;

use crate::heap::{Handle, Heap};
use crate::object::*;
use crate::value::Value;

impl Vm {

    /// `CLOSURE`: a closure of function `func` (a constant) in the frame at `base` of
    /// `enclosing`, capturing what the instruction's operand pairs at `code[at..]` name: a
    /// local of this frame, or an upvalue of the enclosing closure. Pushes it; returns the
    /// number of pairs read.
    pub(super) fn make_closure(
        &mut self,
        enclosing: Handle<ObjClosure>,
        base: usize,
        func: Value,
        code: &[u8],
        at: usize,
    ) -> usize {
        let f = self
            .heap
            .cast::<ObjFn>(func)
            .expect("the compiler and the verifier give CLOSURE a function constant");
        let n = self.heap.get(f).num_upvalues as usize;
        let mut ups = Vec::with_capacity(n);
        for pair in code[at..at + 2 * n].chunks_exact(2) {
            let (is_local, index) = (pair[0], pair[1] as usize);
            if is_local != 0 {
                ups.push(self.capture_upvalue((base + index) as u32));
            } else {
                ups.push(self.heap.get(enclosing).upvalues[index]);
            }
        }
        let c = self.heap.alloc(ObjClosure {
            func: f,
            upvalues: ups.into(),
        });
        self.stack.push(c.value());
        n
    }
    /// A new, not yet started fiber for `closure`. Its stack holds the closure and a `null`
    /// for each parameter, so that a fiber always has the stack height its code expects.
    pub(crate) fn new_fiber(&mut self, closure: Handle<ObjClosure>) -> Handle<ObjFiber> {
        let arity = self.heap.get(self.heap.get(closure).func).arity as usize;
        let mut stack = Vec::with_capacity(arity + 1);
        stack.push(closure.value());
        stack.resize(arity + 1, Value::NULL);
        self.heap.alloc(ObjFiber {
            stack,
            frames: vec![CallFrame {
                ip: 0,
                closure,
                base: 0,
            }],
            open_upvalues: Vec::new(),
            caller: None,
            error: Value::NULL,
            state: FiberState::Other,
        })
    }

    /// Makes a new root fiber running `closure` the current fiber.
    pub(crate) fn start_fiber(&mut self, closure: Handle<ObjClosure>) {
        let fiber = self.new_fiber(closure);
        self.heap.get_mut(fiber).state = FiberState::Root;
        self.save_fiber();
        self.load_fiber(Some(fiber));
    }

    /// Moves the running fiber's stack and frames back into its heap object.
    pub(crate) fn save_fiber(&mut self) {
        if let Some(f) = self.fiber {
            let stack = std::mem::take(&mut self.stack);
            let frames = std::mem::take(&mut self.frames);
            let open = std::mem::take(&mut self.open_upvalues);
            let fib = self.heap.get_mut(f);
            fib.stack = stack;
            fib.frames = frames;
            fib.open_upvalues = open;
        }
    }

    /// Makes `fiber` the running fiber, moving its stack and frames out of the heap.
    pub(crate) fn load_fiber(&mut self, fiber: Option<Handle<ObjFiber>>) {
        self.fiber = fiber;
        if let Some(f) = fiber {
            let fib = self.heap.get_mut(f);
            self.stack = std::mem::take(&mut fib.stack);
            self.frames = std::mem::take(&mut fib.frames);
            self.open_upvalues = std::mem::take(&mut fib.open_upvalues);
        }
    }

    /// Switches the running fiber to `to` (which may be `None`: nothing left to run).
    pub(crate) fn switch_fiber(&mut self, to: Option<Handle<ObjFiber>>) {
        self.save_fiber();
        self.load_fiber(to);
    }

    /// The stack of `fiber`, wherever it currently lives.
    pub(crate) fn fiber_stack_mut(&mut self, fiber: Handle<ObjFiber>) -> &mut Vec<Value> {
        if Some(fiber) == self.fiber {
            &mut self.stack
        } else {
            &mut self.heap.get_mut(fiber).stack
        }
    }

    pub(crate) fn fiber_frames_len(&self, fiber: Handle<ObjFiber>) -> usize {
        if Some(fiber) == self.fiber {
            self.frames.len()
        } else {
            self.heap.get(fiber).frames.len()
        }
    }

    pub(super) fn read_upvalue(&self, u: Handle<ObjUpvalue>) -> Value {
        match self.heap.get(u).state {
            UpvalueState::Closed(v) => v,
            // An open upvalue names a live slot of its fiber's stack: the verifier checks
            // that code closes a captured slot before it leaves the stack. The fallback
            // keeps a broken invariant from becoming a panic.
            UpvalueState::Open { fiber, slot } => {
                let stack = if Some(fiber) == self.fiber {
                    &self.stack
                } else {
                    &self.heap.get(fiber).stack
                };
                stack.get(slot as usize).copied().unwrap_or(Value::NULL)
            }
        }
    }

    pub(super) fn write_upvalue(&mut self, u: Handle<ObjUpvalue>, v: Value) {
        match self.heap.get(u).state {
            UpvalueState::Closed(_) => self.heap.get_mut(u).state = UpvalueState::Closed(v),
            UpvalueState::Open { fiber, slot } => {
                if let Some(s) = self.fiber_stack_mut(fiber).get_mut(slot as usize) {
                    *s = v;
                }
            }
        }
    }

    /// The open upvalue for `slot` of the running fiber, reusing an existing one.
    pub(super) fn capture_upvalue(&mut self, slot: u32) -> Handle<ObjUpvalue> {
        let fiber = self.fiber.expect("capture outside a fiber");
        let slot_of = |heap: &Heap, u: Handle<ObjUpvalue>| match heap.get(u).state {
            UpvalueState::Open { slot, .. } => slot,
            UpvalueState::Closed(_) => u32::MAX,
        };
        let pos = self
            .open_upvalues
            .partition_point(|u| slot_of(&self.heap, *u) < slot);
        if let Some(&u) = self.open_upvalues.get(pos) {
            if slot_of(&self.heap, u) == slot {
                return u;
            }
        }
        let u = self.heap.alloc(ObjUpvalue {
            state: UpvalueState::Open { fiber, slot },
        });
        self.open_upvalues.insert(pos, u);
        u
    }

    /// Closes every open upvalue of the running fiber at or above `from`.
    #[inline]
    pub(super) fn close_upvalues(&mut self, from: usize) {
        while let Some(&u) = self.open_upvalues.last() {
            let UpvalueState::Open { slot, .. } = self.heap.get(u).state else {
                return;
            };
            if (slot as usize) < from {
                return;
            }
            let v = self
                .stack
                .get(slot as usize)
                .copied()
                .unwrap_or(Value::NULL);
            self.heap.get_mut(u).state = UpvalueState::Closed(v);
            self.open_upvalues.pop();
        }
    }
}
