//! The embedding API: interpreting source, running with fuel, module variables, value and
//! call handles, and calling Wren methods from the host.

use super::dispatch::Exit;
use super::{call_arity, Vm};
#[cfg(feature = "compiler")]
use crate::error::CompileError;
use crate::error::{Error, Progress, RuntimeError};
#[cfg(feature = "compiler")]
use crate::heap::Handle;
use crate::object::*;
use crate::opcode::op;
use crate::value::Value;

/// A value the host keeps alive across collections; see [`Vm::make_handle`].
#[derive(Debug, PartialEq, Eq)]
pub struct ValueHandle(pub(crate) u32);

/// A method signature ready to be called from the host; see [`Vm::make_call_handle`].
#[derive(Debug)]
pub struct CallHandle {
    stub: ValueHandle,
    arity: usize,
}

impl Vm {
    /// Compiles `source` as module `module` and runs it to completion.
    ///
    /// Errors stream through [`Config::error`](super::Config::error) as they happen and are
    /// returned: [`Error::Compile`] with every compile error (nothing ran), or
    /// [`Error::Runtime`]. Refused with [`Error::Busy`] (nothing compiled or run) while
    /// another run is in progress or paused: finish that with [`Vm::resume`] or drop it with
    /// [`Vm::abandon`].
    #[cfg(feature = "compiler")]
    pub fn interpret(&mut self, module: &str, source: impl AsRef<[u8]>) -> Result<(), Error> {
        if self.fiber.is_some() {
            return Err(Error::Busy);
        }
        let closure = self.compile_body(Some(module), source)?;
        self.start_fiber(closure);
        Ok(self.run()?)
    }

    /// Compiles `source` as the body of module `module` (registering the module) into a
    /// closure, for [`Vm::start`]. Returns every compile error, after streaming each through
    /// [`Config::error`](super::Config::error).
    ///
    /// The closure is not a root: start it (or hold it with [`Vm::make_handle`]) before
    /// anything else runs or allocates.
    #[cfg(feature = "compiler")]
    pub fn compile_module(
        &mut self,
        module: &str,
        source: impl AsRef<[u8]>,
    ) -> Result<Value, Vec<CompileError>> {
        Ok(self.compile_body(Some(module), source)?.value())
    }

    /// Compiles `source` as one expression in module `module` (registering the module) into a
    /// closure that returns its value: call it with a `call()` call handle. Returns every
    /// compile error, after streaming each through [`Config::error`](super::Config::error).
    /// The closure is not a root (see [`Vm::compile_module`]).
    #[cfg(feature = "compiler")]
    pub fn compile_expression(
        &mut self,
        module: &str,
        source: impl AsRef<[u8]>,
    ) -> Result<Value, Vec<CompileError>> {
        let m = self.get_or_create_module(Some(module));
        let func = crate::compiler::compile_bytes(self, m, source.as_ref(), true, true)?;
        Ok(self
            .heap
            .alloc(ObjClosure {
                func,
                upvalues: Box::new([]),
            })
            .value())
    }

    /// [`Vm::compile_module`] for the crate (`None`: the core module).
    #[cfg(feature = "compiler")]
    pub(crate) fn compile_body(
        &mut self,
        name: Option<&str>,
        source: impl AsRef<[u8]>,
    ) -> Result<Handle<ObjClosure>, Vec<CompileError>> {
        let module = self.get_or_create_module(name);
        let func = crate::compiler::compile_bytes(self, module, source.as_ref(), false, true)?;
        Ok(self.heap.alloc(ObjClosure {
            func,
            upvalues: Box::new([]),
        }))
    }

    /// Compiles `source` as module `module` (registering it) and returns the disassembly of
    /// its code, each function after the one it is nested in (the `wren --disassemble` view).
    #[cfg(feature = "compiler")]
    pub fn disassemble(
        &mut self,
        module: &str,
        source: impl AsRef<[u8]>,
    ) -> Result<String, Vec<CompileError>> {
        let m = self.get_or_create_module(Some(module));
        let func = crate::compiler::compile_bytes(self, m, source.as_ref(), false, true)?;
        Ok(crate::debug::disassemble(&self.heap, &self.method_names, func))
    }

    /// Makes a new root fiber running `closure` (a closure value taking no arguments, such as
    /// a module body from [`Vm::compile_module`]) the current fiber, paused before its first
    /// instruction: [`Vm::run`], [`Vm::run_with_fuel`] or [`Vm::resume`] runs it. Refused with
    /// [`Error::Busy`] while a run is in progress or paused, and with [`Error::NotAClosure`]
    /// for any other value.
    pub fn start(&mut self, closure: Value) -> Result<(), Error> {
        if self.fiber.is_some() {
            return Err(Error::Busy);
        }
        match self.heap.cast::<ObjClosure>(closure) {
            Some(c) if self.heap.get(self.heap.get(c).func).arity == 0 => {
                self.start_fiber(c);
                Ok(())
            }
            _ => Err(Error::NotAClosure),
        }
    }

    /// Runs until the fiber chain finishes (or fails).
    pub fn run(&mut self) -> Result<(), RuntimeError> {
        self.fuel = None;
        match self.finish_run()? {
            Progress::Finished(()) | Progress::Paused => Ok(()),
        }
    }

    /// Runs at most `fuel` instructions: [`Progress::Paused`] if they ran out first.
    ///
    /// Fuel also pays for work beyond the instruction itself, so that it bounds the time of a
    /// run and not only its instruction count: every 8 bytes (`limits::WORK_BYTES_PER_FUEL`)
    /// that a primitive allocates, copies, compares or scans (`List.filled`, `String.indexOf`,
    /// `List.insert`, a map probe, ...) and that the collector traces cost one instruction's
    /// worth ([`Config::fuel_counts_work`](super::Config::fuel_counts_work) turns this off).
    /// A paused VM is still at an instruction boundary.
    pub fn run_with_fuel(&mut self, fuel: u64) -> Result<Progress, RuntimeError> {
        self.fuel = Some(fuel);
        self.finish_run()
    }

    /// Continues a paused VM with more fuel (`None` for unlimited). With nothing to run, it
    /// is [`Progress::Finished`] at once.
    pub fn resume(&mut self, fuel: Option<u64>) -> Result<Progress, RuntimeError> {
        self.fuel = fuel;
        self.finish_run()
    }

    /// Whether a fiber is ready to run (the VM was paused).
    pub fn is_paused(&self) -> bool {
        self.fiber.is_some()
    }

    pub(super) fn finish_run(&mut self) -> Result<Progress, RuntimeError> {
        if self.fiber.is_none() {
            return Ok(Progress::Finished(()));
        }
        let r = match self.execute() {
            Exit::Done => Ok(Progress::Finished(())),
            Exit::Error => Err(self.last_error.take().map_or_else(
                || RuntimeError {
                    message: String::new(),
                    trace: Vec::new(),
                    elided: None,
                },
                |e| *e,
            )),
            Exit::Paused => Ok(Progress::Paused),
        };
        // A paused fiber stays loaded; anything else leaves no fiber running.
        if !matches!(r, Ok(Progress::Paused)) {
            self.save_fiber();
            self.fiber = None;
        }
        r
    }

    /// Drops a paused fiber chain without running it further.
    pub fn abandon(&mut self) {
        self.save_fiber();
        self.fiber = None;
    }

    /// Reads a module-level variable.
    pub fn get_variable(&mut self, module: &str, name: &str) -> Option<Value> {
        let m = self.find_module(Some(module))?;
        let module = self.heap.get(m);
        module.find(name).map(|i| module.variables[i as usize])
    }

    /// Sets a module-level variable that already exists. Returns whether it did.
    pub fn set_variable(&mut self, module: &str, name: &str, value: Value) -> bool {
        let Some(m) = self.find_module(Some(module)) else {
            return false;
        };
        let Some(i) = self.heap.get(m).find(name) else {
            return false;
        };
        self.heap.get_mut(m).variables[i as usize] = value;
        true
    }

    /// Keeps `value` alive until [`Vm::release_handle`].
    pub fn make_handle(&mut self, value: Value) -> ValueHandle {
        match self.handles.iter().position(Option::is_none) {
            Some(i) => {
                self.handles[i] = Some(value);
                ValueHandle(i as u32)
            }
            None => {
                self.handles.push(Some(value));
                ValueHandle(self.handles.len() as u32 - 1)
            }
        }
    }

    /// The value a handle holds.
    pub fn handle_value(&self, h: &ValueHandle) -> Value {
        self.handles
            .get(h.0 as usize)
            .copied()
            .flatten()
            .unwrap_or(Value::NULL)
    }

    /// Lets the value go.
    pub fn release_handle(&mut self, h: ValueHandle) {
        if let Some(slot) = self.handles.get_mut(h.0 as usize) {
            *slot = None;
        }
    }

    /// Prepares calls of the method `signature` (for example `"update(_,_)"` or `"name"`):
    /// a small stub function that makes the call. The number of arguments is taken from the
    /// signature.
    pub fn make_call_handle(&mut self, signature: &str) -> CallHandle {
        let arity = call_arity(signature);
        let symbol = self.method_names.ensure(signature) as u16;
        if self.num_ops.len() < self.method_names.len() {
            self.num_ops.resize(self.method_names.len(), 0);
        }
        let [hi, lo] = symbol.to_be_bytes();
        let code = vec![op::CALL_0 + arity as u8, hi, lo, op::RETURN, op::END];
        let func = self.heap.alloc(ObjFn {
            lines: crate::image::LineTable::uniform(0, code.len()).into(),
            code: code.into(),
            constants: Vec::new().into(),
            module: None,
            max_slots: arity as u32 + 1,
            num_upvalues: 0,
            arity: arity as u32,
            name: signature.into(),
        });
        let closure = self.heap.alloc(ObjClosure {
            func,
            upvalues: Box::new([]),
        });
        CallHandle {
            stub: self.make_handle(closure.value()),
            arity,
        }
    }

    /// Calls the method of `handle` on `receiver` with `args` and runs until it returns.
    /// Returns its result; or [`Error::Runtime`] if it failed (also streamed through the
    /// error callback), [`Error::Arity`] if `args` do not fit the signature, [`Error::Busy`]
    /// while a run is in progress or paused, [`Error::InvalidHandle`] for a handle of another
    /// VM.
    pub fn call(
        &mut self,
        handle: &CallHandle,
        receiver: Value,
        args: &[Value],
    ) -> Result<Value, Error> {
        match self.call_with_fuel(handle, receiver, args, None)? {
            Progress::Finished(v) => Ok(v),
            // Unlimited fuel never runs out.
            Progress::Paused => Err(Error::Busy),
        }
    }

    /// [`Vm::call`] running at most `fuel` instructions (`None` for no limit). When they run
    /// out it returns [`Progress::Paused`] with the call paused: [`Vm::resume`] continues it
    /// (its result is then lost), [`Vm::abandon`] drops it.
    pub fn call_with_fuel(
        &mut self,
        handle: &CallHandle,
        receiver: Value,
        args: &[Value],
        fuel: Option<u64>,
    ) -> Result<Progress<Value>, Error> {
        if self.fiber.is_some() {
            return Err(Error::Busy);
        }
        if args.len() != handle.arity {
            return Err(Error::Arity {
                expected: handle.arity,
                found: args.len(),
            });
        }
        let Some(closure) = self
            .heap
            .cast::<ObjClosure>(self.handle_value(&handle.stub))
        else {
            return Err(Error::InvalidHandle);
        };
        let fiber = self.new_fiber(closure);
        {
            let f = self.heap.get_mut(fiber);
            f.state = FiberState::Root;
            f.stack.clear();
            f.stack.push(receiver);
            f.stack.extend_from_slice(args);
        }
        // The fiber is a root while it runs; keep it reachable for the result.
        let keep = self.make_handle(fiber.value());
        self.load_fiber(Some(fiber));
        let r = self.resume(fuel);
        let result = self.heap.get(fiber).stack.first().copied();
        self.release_handle(keep);
        match r? {
            Progress::Finished(()) => Ok(Progress::Finished(result.unwrap_or(Value::NULL))),
            Progress::Paused => Ok(Progress::Paused),
        }
    }
}
