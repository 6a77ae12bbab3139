//! Garbage collection: the roots, and the safe points where the interpreter collects.

use super::Vm;

use crate::heap::Handle;
use crate::object::*;
use crate::value::Value;

impl Vm {
    /// Collects garbage now. Roots: the module registry, the running fiber (its stack, frames
    /// and open upvalues), the last module, the core classes and the host's value handles.
    pub fn collect_garbage(&mut self) {
        let mut roots: Vec<Value> = Vec::with_capacity(16 + self.handles.len());
        self.for_each_root(|v| roots.push(v));
        // The running fiber's state lives in the VM's fields while it runs.
        let frames = self.frames.iter().map(|f| f.closure.value());
        let stack = self.stack.iter().copied();
        let open = self.open_upvalues.iter().map(|u| u.value());
        let all = roots.into_iter().chain(frames).chain(stack).chain(open);
        let mut dead: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut dead_classes = Vec::new();
        self.heap.collect(all, |r, obj| match obj {
            Obj::Foreign(f) => {
                if let Some(id) = f.finalizer {
                    dead.push((id, f.data.clone()));
                }
            }
            Obj::Class(c) if c.is_foreign => dead_classes.push(r),
            _ => {}
        });
        for r in dead_classes {
            self.foreign_classes.remove(&Handle::from_ref(r));
        }
        for (id, mut data) in dead {
            if let Some(f) = self.finalizers.get(id as usize).cloned() {
                f(&mut data);
            }
        }
    }

    /// Calls `f` on every root, in a fixed order: the core classes, the module registry, the
    /// current fiber, the last imported module, then the host's handles. The collector marks
    /// from them (and from the running fiber's stack, frames and open upvalues, which live in
    /// the VM's fields while it runs); the snapshot saver discovers objects from them in this
    /// order.
    pub(crate) fn for_each_root(&self, mut f: impl FnMut(Value)) {
        for c in self.core.all() {
            f(c.value());
        }
        if self.modules.index() != u32::MAX {
            f(self.modules.value());
        }
        if let Some(fiber) = self.fiber {
            f(fiber.value());
        }
        if let Some(m) = self.last_module {
            f(m.value());
        }
        for v in self.handles.iter().flatten() {
            f(*v);
        }
    }

    /// At a safe point: collects if due. Returns the "Out of memory." error if the live heap
    /// is still over the host's limit afterwards.
    #[inline]
    pub(super) fn gc_safe_point(&mut self) -> Result<(), Value> {
        if self.heap.should_collect() && self.compiling == 0 {
            self.collect_garbage();
            if self.heap.over_limit() {
                return Err(self.str("Out of memory."));
            }
        }
        Ok(())
    }
}
