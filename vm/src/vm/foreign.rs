//! Foreign methods: calling them, and the slot API they read arguments from and return
//! results through.

use super::{ForeignMethodFn, Vm};

use crate::object::*;
use crate::value::Value;

impl Vm {
    /// Calls a foreign function with its slots starting at `base`; the result is left in slot
    /// `base`, and with `pop_args` the arguments above it are popped. Returns the error it
    /// raised, if any.
    pub(crate) fn call_foreign(
        &mut self,
        f: &ForeignMethodFn,
        base: usize,
        pop_args: bool,
    ) -> Result<(), Value> {
        let saved = self.api_base;
        self.api_base = base;
        self.foreign_depth += 1;
        f(self);
        self.foreign_depth -= 1;
        self.api_base = saved;
        if pop_args {
            self.stack.truncate(base + 1);
        }
        if let Some(fiber) = self.fiber {
            let e = self.heap.get(fiber).error;
            if !e.is_null() {
                return Err(e);
            }
        }
        Ok(())
    }

    /// Slot `i` of the current foreign call (0 = receiver).
    ///
    /// # Panics
    ///
    /// If `i` is not below [`Vm::api_slot_count`]: a foreign method gets exactly the
    /// arguments its signature names.
    pub fn api_slot(&self, i: usize) -> Value {
        self.stack[self.api_base + i]
    }

    /// Sets slot `i` of the current foreign call; slot 0 is the result.
    pub fn set_api_slot(&mut self, i: usize, v: Value) {
        let idx = self.api_base + i;
        self.stack[idx] = v;
    }

    /// Number of slots of the current foreign call (receiver included).
    pub fn api_slot_count(&self) -> usize {
        self.stack.len() - self.api_base
    }

    /// Slot `i` as a number, if it is one.
    pub fn api_num(&self, i: usize) -> Option<f64> {
        self.api_slot(i).as_num()
    }

    /// Slot `i` as a string, if it is one.
    pub fn api_str(&self, i: usize) -> Option<String> {
        self.heap
            .str_bytes(self.api_slot(i))
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The bytes of the foreign object in slot `i`.
    pub fn api_foreign_mut(&mut self, i: usize) -> Option<&mut Vec<u8>> {
        let v = self.api_slot(i);
        let h = self.heap.cast::<ObjForeign>(v)?;
        Some(&mut self.heap.get_mut(h).data)
    }

    /// In an allocator: makes a new instance of the foreign class in slot 0 (where the class
    /// is) holding `data`, and puts it in slot `slot`.
    pub fn set_slot_new_foreign(&mut self, slot: usize, data: Vec<u8>) -> bool {
        let Some(class) = self.heap.cast::<ObjClass>(self.api_slot(0)) else {
            return false;
        };
        let finalizer = self.foreign_classes.get(&class).and_then(|c| c.finalize);
        let obj = self.heap.alloc(ObjForeign {
            class,
            data,
            finalizer,
        });
        self.set_api_slot(slot, obj.value());
        true
    }

    /// Raises a runtime error in the running fiber (from a foreign method).
    pub fn abort_fiber(&mut self, error: Value) {
        if let Some(f) = self.fiber {
            self.heap.get_mut(f).error = error;
        }
    }
}
