//! Calls and frames: pushing a frame, and runtime errors (unwinding to a `try`, or reporting
//! the error and its stack trace).

use super::{ErrorKind, Vm};
use crate::error::{RuntimeError, TraceFrame};

use crate::heap::Handle;
use crate::limits;
use crate::object::*;
use crate::value::Value;

impl Vm {
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
                line: func.lines.get(ip).copied().unwrap_or(0),
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
        self.last_error = Some(e);
    }
}
