//! The interpreter: call frames, fibers, modules, runtime errors and the embedding entry points.
//!
//! Wren-to-Wren calls never recurse in Rust: a call pushes a [`CallFrame`] and the dispatch loop
//! continues with it. Primitives that run Wren code (`Fn.call`, fiber switches) push frames or
//! switch fibers and return, so the VM can stop at any instruction boundary (see
//! [`Vm::run_with_fuel`]).
//!
//! The running fiber's stack and frames are moved out of its heap object into `Vm::stack` and
//! `Vm::frames` while it runs, and moved back whenever another fiber takes over or the VM stops.

use std::collections::HashMap;
use std::rc::Rc;

use crate::core::{self, CoreClasses, Prim};
use crate::heap::{Handle, Heap};
use crate::image::ForeignMethodName;
use crate::limits;
use crate::object::*;
use crate::opcode::op;
use crate::value::{ObjRef, Value, ValueKind};

/// What kind of message the error callback receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A compile error: module, line and message.
    Compile,
    /// The message of an uncaught runtime error.
    Runtime,
    /// One line of the stack trace after a runtime error: module, line and function name.
    StackTrace,
}

/// The outcome of interpreting source or resuming the VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterpretResult {
    Success,
    CompileError,
    RuntimeError,
    /// The fuel ran out at an instruction boundary; [`Vm::resume`] continues.
    Paused,
}

/// A foreign method implemented by the host. Arguments are at `vm.api_slot(0..)`; the result is
/// what the method leaves in slot 0. It reports an error with [`Vm::abort_fiber`].
pub type ForeignMethodFn = Rc<dyn Fn(&mut Vm)>;

/// Receives program output (bytes).
pub type WriteFn = Box<dyn FnMut(&[u8])>;

/// Receives errors: `(kind, module, line, message)`.
pub type ErrorFn = Box<dyn FnMut(ErrorKind, &str, u32, &str)>;

/// Resolves an import: `(importing module, imported name)` to a canonical module name.
pub type ResolveModuleFn = Box<dyn FnMut(&str, &str) -> Option<String>>;

/// Loads a module's source (bytes, as in a file) by its canonical name.
pub type LoadModuleFn = Box<dyn FnMut(&str) -> Option<Vec<u8>>>;

/// Binds a foreign method: `(module, class, is_static, signature)`.
pub type BindForeignMethodFn = Box<dyn FnMut(&str, &str, bool, &str) -> Option<ForeignMethodFn>>;

/// Binds a foreign class: `(module, class)`.
pub type BindForeignClassFn = Box<dyn FnMut(&str, &str) -> Option<ForeignClassMethods>>;

/// A foreign class's finalizer: receives the object's bytes when it is collected.
pub type FinalizerFn = Rc<dyn Fn(&mut [u8])>;

/// Checks the bytes of a foreign object restored from a snapshot: an `Err` rejects the image
/// with its message.
pub type ValidateFn = Rc<dyn Fn(&[u8]) -> Result<(), String>>;

/// How instances of a foreign class are made, checked and unmade.
#[derive(Clone)]
pub struct ForeignClassMethods {
    /// Called for `construct` on the class with the constructor's arguments in the API slots;
    /// must put a new foreign object in slot 0 with [`Vm::set_slot_new_foreign`].
    pub allocate: ForeignMethodFn,
    pub finalize: Option<FinalizerFn>,
    /// Run on each of the class's objects when a snapshot is restored, before the VM runs:
    /// the bytes come from the image and may have been crafted.
    pub validate: Option<ValidateFn>,
}

/// A bound foreign class: its allocator and finalizer ids, and the module it was bound in
/// (what a snapshot records to bind it again).
#[derive(Clone, Debug)]
pub(crate) struct ForeignClassBinding {
    pub allocate: u32,
    pub finalize: Option<u32>,
    pub module: Rc<str>,
}

/// Host callbacks.
pub struct Config {
    /// Receives everything `System.print` and friends write: bytes, as the program's strings
    /// hold them (not necessarily UTF-8).
    pub write: WriteFn,
    /// Receives compile errors, runtime errors and stack-trace lines:
    /// `(kind, module, line, message)`.
    pub error: ErrorFn,
    /// Turns an import name into a canonical module name, given the importing module's name.
    pub resolve_module: Option<ResolveModuleFn>,
    /// Returns the source of a module.
    pub load_module: Option<LoadModuleFn>,
    /// Binds `foreign` methods: `(module, class, is_static, signature)`.
    pub bind_foreign_method: Option<BindForeignMethodFn>,
    /// Binds `foreign class`es: `(module, class)`.
    pub bind_foreign_class: Option<BindForeignClassFn>,
    /// Collect at every safe point (GC stress testing).
    pub gc_stress: bool,
    /// Initial collection threshold in bytes.
    pub initial_heap: usize,
    /// Hard limit on heap bytes: allocation beyond it is a runtime error.
    pub max_heap: Option<usize>,
}

impl Config {
    /// A configuration that discards all output and errors (for fuzzing and tests).
    pub fn silent() -> Config {
        Config {
            write: Box::new(|_| {}),
            error: Box::new(|_, _, _, _| {}),
            ..Config::default()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            write: Box::new(|s| {
                use std::io::Write;
                let _ = std::io::stdout().write_all(s);
            }),
            error: Box::new(|kind, module, line, msg| match kind {
                ErrorKind::Compile => eprintln!("[{module} line {line}] {msg}"),
                ErrorKind::Runtime => eprintln!("{msg}"),
                ErrorKind::StackTrace => eprintln!("[{module} line {line}] in {msg}"),
            }),
            resolve_module: None,
            load_module: None,
            bind_foreign_method: None,
            bind_foreign_class: None,
            gc_stress: false,
            initial_heap: 10 * 1024 * 1024,
            max_heap: None,
        }
    }
}

/// A value the host keeps alive across collections; see [`Vm::make_handle`].
#[derive(Debug, PartialEq, Eq)]
pub struct ValueHandle(pub(crate) u32);

/// A method signature ready to be called from the host; see [`Vm::make_call_handle`].
#[derive(Debug)]
pub struct CallHandle {
    stub: ValueHandle,
    arity: usize,
}

/// A method symbol table: signature ↔ index.
#[derive(Default, Debug, Clone)]
pub struct SymbolTable {
    pub names: Vec<Rc<str>>,
    index: HashMap<Rc<str>, u32>,
}

impl SymbolTable {
    /// A table of `names`, by symbol; `Err(i)` if `names[i]` repeats an earlier name.
    pub fn from_names(names: Vec<Rc<str>>) -> Result<SymbolTable, usize> {
        let mut index = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            if index.insert(n.clone(), i as u32).is_some() {
                return Err(i);
            }
        }
        Ok(SymbolTable { names, index })
    }
    pub fn find(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
    pub fn ensure(&mut self, name: &str) -> u32 {
        if let Some(i) = self.find(name) {
            return i;
        }
        let i = self.names.len() as u32;
        let name: Rc<str> = name.into();
        self.names.push(name.clone());
        self.index.insert(name, i);
        i
    }
    /// Forgets every symbol from `len` on (a failed compilation's, which nothing refers to).
    pub fn truncate(&mut self, len: usize) {
        for name in self.names.drain(len.min(self.names.len())..) {
            self.index.remove(&name);
        }
    }
    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map(|s| &**s).unwrap_or("?")
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// How the dispatch loop left.
enum Exit {
    /// The fiber chain finished (or suspended): no fiber runs.
    Done,
    /// An error nobody caught; it has been reported.
    Error,
    Paused,
}

/// The virtual machine.
pub struct Vm {
    pub heap: Heap,
    pub config: Config,
    /// Core classes, found after bootstrap.
    pub core: CoreClasses,
    /// Module name (string; `null` for core) → module.
    pub modules: Handle<ObjMap>,
    /// The module whose body last finished or was last imported (for `IMPORT_VARIABLE`).
    pub last_module: Option<Handle<ObjModule>>,
    pub method_names: SymbolTable,
    /// The running fiber, if any. Its stack and frames live in `stack` and `frames`.
    pub fiber: Option<Handle<ObjFiber>>,
    pub stack: Vec<Value>,
    pub frames: Vec<CallFrame>,
    /// The running fiber's open upvalues (sorted by slot), moved out like its stack.
    pub(crate) open_upvalues: Vec<Handle<ObjUpvalue>>,
    /// Host-bound foreign methods, by id.
    pub foreign_methods: Vec<ForeignMethodFn>,
    /// The name each foreign method was bound by (`None` for a foreign class's allocator).
    pub(crate) foreign_method_names: Vec<Option<ForeignMethodName>>,
    foreign_index: HashMap<ForeignMethodName, u32>,
    /// Finalizers of foreign classes, by id.
    pub finalizers: Vec<FinalizerFn>,
    /// Values held by the host (`None` = free slot).
    pub(crate) handles: Vec<Option<Value>>,
    /// Allocator and finalizer ids of each bound foreign class.
    pub(crate) foreign_classes: HashMap<Handle<ObjClass>, ForeignClassBinding>,
    /// Base of the foreign call window in `stack`.
    api_base: usize,
    /// Remaining instructions when running with fuel.
    fuel: Option<u64>,
    /// Non-zero while compiling: no collection may happen then.
    pub(crate) compiling: u32,
    /// Non-zero while a foreign method runs (a snapshot cannot be taken then).
    pub(crate) foreign_depth: u32,
    /// Handles restored from an image that the host has not taken yet.
    pub(crate) restored_handles_pending: usize,
    /// The primitive table (cached from [`core::primitives`]).
    prims: &'static [&'static core::PrimDef],
    /// For each method symbol, the number operator it names (0 = none): lets `CALL_1` on two
    /// numbers skip the method call. Filled at bootstrap; `Num` cannot be changed afterwards.
    pub(crate) num_ops: Vec<u8>,
}

/// What a method body's own code does, as binding it checks (see `Vm::check_method_body`).
#[derive(Default)]
struct BodyFacts {
    /// The largest field operand, after adjusting for the superclass's fields.
    max_field: Option<u8>,
    construct: bool,
    foreign_construct: bool,
}

/// Number operators with a fast path, in `Vm::num_ops` codes.
pub(crate) const NUM_OPS: [&str; 11] = [
    "+(_)", "-(_)", "*(_)", "/(_)", "%(_)", "<(_)", ">(_)", "<=(_)", ">=(_)", "==(_)", "!=(_)",
];

/// The number of arguments a method signature takes (`name(_,_)` → 2, `[_]=(_)` → 2).
fn call_arity(signature: &str) -> usize {
    match signature.find(['(', '[']) {
        Some(i) => signature[i..].matches('_').count(),
        None => 0,
    }
}

macro_rules! read_byte {
    ($code:ident, $ip:ident) => {{
        let b = $code[$ip];
        $ip += 1;
        b
    }};
}
macro_rules! read_short {
    ($code:ident, $ip:ident) => {{
        let s = u16::from_be_bytes([$code[$ip], $code[$ip + 1]]);
        $ip += 2;
        s
    }};
}

impl Vm {
    /// A new VM with the core library loaded.
    pub fn new(config: Config) -> Vm {
        let mut vm = Vm::bare(config, Heap::new());
        vm.modules = vm.heap.alloc(ObjMap::default());
        core::bootstrap(&mut vm);
        vm
    }

    /// A VM with `heap` and nothing else: no core classes (placeholders), no modules (a
    /// placeholder registry). Bootstrap or installation fills it in.
    pub(crate) fn bare(config: Config, mut heap: Heap) -> Vm {
        heap.stress = config.gc_stress;
        heap.next_gc = match config.max_heap {
            Some(max) => config.initial_heap.min(max),
            None => config.initial_heap,
        };
        heap.max_heap = config.max_heap;
        // Placeholders until bootstrap creates the classes.
        let placeholder = Handle::from_ref(ObjRef::from_index(u32::MAX));
        Vm {
            heap,
            config,
            core: CoreClasses::placeholder(placeholder),
            modules: Handle::from_ref(ObjRef::from_index(u32::MAX)),
            last_module: None,
            method_names: SymbolTable::default(),
            fiber: None,
            stack: Vec::new(),
            frames: Vec::new(),
            open_upvalues: Vec::new(),
            foreign_methods: Vec::new(),
            foreign_method_names: Vec::new(),
            foreign_index: HashMap::new(),
            finalizers: Vec::new(),
            handles: Vec::new(),
            foreign_classes: HashMap::new(),
            api_base: 0,
            fuel: None,
            compiling: 0,
            foreign_depth: 0,
            restored_handles_pending: 0,
            prims: core::primitives(),
            num_ops: Vec::new(),
        }
    }

    /// Derives the number-operator fast path: symbol `s` gets operator code `k` when `Num`
    /// binds it to the primitive `Num.<NUM_OPS[k - 1]>`, whose result the fast path computes.
    pub(crate) fn compute_num_ops(&mut self) {
        let mut num_ops = vec![0u8; self.method_names.len()];
        let num = self.heap.get(self.core.num);
        for (k, name) in NUM_OPS.iter().enumerate() {
            let Some(sym) = self.method_names.find(name) else {
                continue;
            };
            if let Some(Method::Primitive(id)) = num.methods.get(sym as usize) {
                let def = core::primitive(*id);
                if def.class == "Num" && def.sig == *name {
                    num_ops[sym as usize] = k as u8 + 1;
                }
            }
        }
        self.num_ops = num_ops;
    }

    // ---- Small helpers used by primitives ----------------------------------------------------

    /// A new string value.
    pub fn string(&mut self, bytes: impl Into<Rc<[u8]>>) -> Value {
        self.heap.new_string(bytes).value()
    }
    pub fn str(&mut self, s: &str) -> Value {
        self.heap.str_value(s)
    }
    /// A runtime error with a string message, for primitives to return.
    pub fn err(&mut self, msg: &str) -> Prim {
        Prim::Err(self.str(msg))
    }
    pub fn new_list(&mut self, elements: Vec<Value>) -> Value {
        self.heap.alloc(ObjList { elements }).value()
    }
    pub fn new_range(&mut self, from: f64, to: f64, inclusive: bool) -> Value {
        self.heap
            .alloc(ObjRange {
                from,
                to,
                inclusive,
            })
            .value()
    }
    pub fn new_map(&mut self) -> Handle<ObjMap> {
        self.heap.alloc(ObjMap::default())
    }

    /// The class of any value.
    #[inline(always)]
    pub fn class_of(&self, v: Value) -> Handle<ObjClass> {
        match v.kind() {
            ValueKind::Num(_) => self.core.num,
            ValueKind::Null | ValueKind::Undefined => self.core.null,
            ValueKind::True | ValueKind::False => self.core.bool,
            ValueKind::Obj(r) => match self.heap.obj(r) {
                Obj::Instance(i) => i.class,
                Obj::String(_) => self.core.string,
                Obj::Class(c) => c.class.unwrap_or(self.core.class),
                Obj::List(_) => self.core.list,
                Obj::Map(_) => self.core.map,
                Obj::Range(_) => self.core.range,
                Obj::Closure(_) | Obj::Fn(_) => self.core.fn_,
                Obj::Fiber(_) => self.core.fiber,
                Obj::Foreign(f) => f.class,
                Obj::Module(_) | Obj::Upvalue(_) => self.core.object,
            },
        }
    }

    /// The name of a class.
    pub fn class_name(&self, c: Handle<ObjClass>) -> String {
        self.heap.get(self.heap.get(c).name).lossy().into_owned()
    }

    /// Whether `class` is `of` or inherits from it.
    pub fn is_subclass(&self, mut class: Handle<ObjClass>, of: Handle<ObjClass>) -> bool {
        loop {
            if class == of {
                return true;
            }
            match self.heap.get(class).superclass {
                Some(s) => class = s,
                None => return false,
            }
        }
    }

    /// Whether `class` is a metaclass: a class whose instances are classes (its class is
    /// `Class`), other than `Class` itself.
    pub fn is_metaclass(&self, class: Handle<ObjClass>) -> bool {
        class != self.core.class && self.heap.get(class).class == Some(self.core.class)
    }

    /// Whether `CONSTRUCT` may make an instance of `class`: not a metaclass, not `Class`, not
    /// foreign, and not one of the built-in classes whose values are not instances.
    pub(crate) fn is_instantiable(&self, class: Handle<ObjClass>) -> bool {
        !self.heap.get(class).is_foreign
            && !self.is_metaclass(class)
            && !self.core.sealed().contains(&class)
    }

    /// Writes text through the host's write callback.
    pub fn write(&mut self, s: &[u8]) {
        (self.config.write)(s)
    }

    // ---- Modules -----------------------------------------------------------------------------

    fn module_key(&mut self, name: Option<&str>) -> Value {
        match name {
            None => Value::NULL,
            Some(n) => self.str(n),
        }
    }

    /// The module registered under `name` (`None` = core).
    pub fn find_module(&mut self, name: Option<&str>) -> Option<Handle<ObjModule>> {
        let key = self.module_key(name);
        let v = self.heap.map_get(self.modules, key)?;
        self.heap.cast::<ObjModule>(v)
    }

    /// The module's name as shown in errors.
    pub fn module_name(&self, m: Handle<ObjModule>) -> String {
        match self.heap.get(m).name {
            Some(n) => self.heap.get(n).lossy().into_owned(),
            None => "core".to_string(),
        }
    }

    /// Finds or creates a module; a new one starts with a copy of every core variable.
    pub fn get_or_create_module(&mut self, name: Option<&str>) -> Handle<ObjModule> {
        if let Some(m) = self.find_module(name) {
            return m;
        }
        let key = self.module_key(name);
        let name_handle = key.as_obj().map(Handle::<ObjString>::from_ref);
        let mut module = ObjModule::new(name_handle);
        if name.is_some() {
            if let Some(core) = self.find_module(None) {
                let cm = self.heap.get(core);
                for (n, v) in cm.variable_names.iter().zip(&cm.variables) {
                    module.push_shared(n.clone(), *v);
                }
            }
        }
        let m = self.heap.alloc(module);
        self.heap.map_set(self.modules, key, m.value());
        m
    }

    /// Unregisters module `name`, so that a later import or interpret starts it afresh. Objects
    /// it alone kept alive are freed by the next collection.
    pub fn remove_module(&mut self, name: &str) -> bool {
        let key = self.str(name);
        self.heap.map_remove(self.modules, key).is_some()
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

    // ---- Host handles ------------------------------------------------------------------------

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
            lines: vec![0; code.len()].into(),
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
    /// Returns its result, or the outcome if it did not finish (a runtime error, which has been
    /// reported, or fewer arguments than the signature takes).
    pub fn call(
        &mut self,
        handle: &CallHandle,
        receiver: Value,
        args: &[Value],
    ) -> Result<Value, InterpretResult> {
        self.call_with_fuel(handle, receiver, args, None)
    }

    /// [`Vm::call`] running at most `fuel` instructions (`None` for no limit). When they run
    /// out it returns `Err(InterpretResult::Paused)` with the call paused: [`Vm::resume`]
    /// continues it (its result is then lost), [`Vm::abandon`] drops it.
    pub fn call_with_fuel(
        &mut self,
        handle: &CallHandle,
        receiver: Value,
        args: &[Value],
        fuel: Option<u64>,
    ) -> Result<Value, InterpretResult> {
        if args.len() != handle.arity || self.fiber.is_some() {
            return Err(InterpretResult::RuntimeError);
        }
        let Some(closure) = self
            .heap
            .cast::<ObjClosure>(self.handle_value(&handle.stub))
        else {
            return Err(InterpretResult::RuntimeError);
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
        match r {
            InterpretResult::Success => Ok(result.unwrap_or(Value::NULL)),
            other => Err(other),
        }
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

    // ---- Interpreting ------------------------------------------------------------------------

    /// Compiles `source` as module `module` and runs it to completion (or until paused).
    ///
    /// Refused (a [`InterpretResult::RuntimeError`] with nothing run) while another run is in
    /// progress or paused: finish that with [`Vm::resume`] or drop it with [`Vm::abandon`].
    pub fn interpret(&mut self, module: &str, source: impl AsRef<[u8]>) -> InterpretResult {
        if self.fiber.is_some() {
            return InterpretResult::RuntimeError;
        }
        let Some(closure) = self.compile_module(Some(module), source, true) else {
            return InterpretResult::CompileError;
        };
        self.start_fiber(closure);
        self.run()
    }

    /// Compiles a module body into a closure, registering the module. `None` after a compile
    /// error (reported through the error callback when `report` is set).
    pub fn compile_module(
        &mut self,
        name: Option<&str>,
        source: impl AsRef<[u8]>,
        report: bool,
    ) -> Option<Handle<ObjClosure>> {
        let module = self.get_or_create_module(name);
        let func = crate::compiler::compile_bytes(self, module, source.as_ref(), false, report)?;
        Some(self.heap.alloc(ObjClosure {
            func,
            upvalues: Box::new([]),
        }))
    }

    /// Makes a new root fiber running `closure` (for example a module body from
    /// [`Vm::compile_module`]) the current fiber; [`Vm::run`] or [`Vm::run_with_fuel`] runs it.
    pub fn start(&mut self, closure: Handle<ObjClosure>) {
        self.start_fiber(closure)
    }

    /// Makes a new root fiber running `closure` the current fiber.
    fn start_fiber(&mut self, closure: Handle<ObjClosure>) {
        let fiber = self.new_fiber(closure);
        self.heap.get_mut(fiber).state = FiberState::Root;
        self.save_fiber();
        self.load_fiber(Some(fiber));
    }

    /// A new, not yet started fiber for `closure`. Its stack holds the closure and a `null`
    /// for each parameter, so that a fiber always has the stack height its code expects.
    pub fn new_fiber(&mut self, closure: Handle<ObjClosure>) -> Handle<ObjFiber> {
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

    /// Runs until the fiber chain finishes.
    pub fn run(&mut self) -> InterpretResult {
        self.fuel = None;
        self.finish_run()
    }

    /// Runs at most `fuel` instructions; returns [`InterpretResult::Paused`] if they ran out.
    pub fn run_with_fuel(&mut self, fuel: u64) -> InterpretResult {
        self.fuel = Some(fuel);
        self.finish_run()
    }

    /// Continues a paused VM with more fuel (`None` for unlimited).
    pub fn resume(&mut self, fuel: Option<u64>) -> InterpretResult {
        self.fuel = fuel;
        self.finish_run()
    }

    /// Whether a fiber is ready to run (the VM was paused).
    pub fn is_paused(&self) -> bool {
        self.fiber.is_some()
    }

    fn finish_run(&mut self) -> InterpretResult {
        if self.fiber.is_none() {
            return InterpretResult::Success;
        }
        let r = match self.execute() {
            Exit::Done => InterpretResult::Success,
            Exit::Error => InterpretResult::RuntimeError,
            Exit::Paused => InterpretResult::Paused,
        };
        // A paused fiber stays loaded; anything else leaves no fiber running.
        if r != InterpretResult::Paused {
            self.save_fiber();
            self.fiber = None;
        }
        r
    }

    // ---- Fibers ------------------------------------------------------------------------------

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

    // ---- Upvalues ----------------------------------------------------------------------------

    fn read_upvalue(&self, u: Handle<ObjUpvalue>) -> Value {
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

    fn write_upvalue(&mut self, u: Handle<ObjUpvalue>, v: Value) {
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
    fn capture_upvalue(&mut self, slot: u32) -> Handle<ObjUpvalue> {
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
    fn close_upvalues(&mut self, from: usize) {
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

    // ---- Garbage collection ------------------------------------------------------------------

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
    fn gc_safe_point(&mut self) -> Result<(), Value> {
        if self.heap.should_collect() && self.compiling == 0 {
            self.collect_garbage();
            if self.heap.over_limit() {
                return Err(self.str("Out of memory."));
            }
        }
        Ok(())
    }

    // ---- Calls -------------------------------------------------------------------------------

    /// Pushes a frame calling `closure` with its receiver/arguments starting at `base`.
    /// Returns an error value if the call stack would pass its limit.
    fn push_frame(&mut self, closure: Handle<ObjClosure>, base: usize) -> Result<(), Value> {
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

    fn method_not_found(&mut self, class: Handle<ObjClass>, symbol: u16) -> Value {
        let msg = format!(
            "{} does not implement '{}'.",
            self.class_name(class),
            self.method_names.name(symbol as u32)
        );
        self.str(&msg)
    }

    /// Handles a runtime error raised in the running fiber: unwinds to the nearest `try`, or
    /// reports the error and its stack trace. Returns `true` if execution can continue.
    fn runtime_error(&mut self, error: Value) -> bool {
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

    /// Prints an uncaught error and the failing fiber's stack trace (top frame first).
    fn report_error(&mut self, error: Value) {
        let msg = match self.heap.str_bytes(error) {
            Some(b) => String::from_utf8_lossy(b).into_owned(),
            None => "[error object]".to_string(),
        };
        (self.config.error)(ErrorKind::Runtime, "", 0, &msg);
        // Traces of runaway recursion keep their innermost and outermost frames.
        const KEEP: usize = limits::MAX_TRACE_FRAMES / 2;
        let frames = self.frames.clone();
        let elide = frames.len() > limits::MAX_TRACE_FRAMES;
        for (depth, frame) in frames.iter().rev().enumerate() {
            if elide && depth >= KEEP && depth < frames.len() - KEEP {
                if depth == KEEP {
                    let msg = format!("... {} more frames ...", frames.len() - 2 * KEEP);
                    (self.config.error)(ErrorKind::Runtime, "", 0, &msg);
                }
                continue;
            }
            let func = self.heap.get(self.heap.get(frame.closure).func);
            let Some(module) = func.module else { continue };
            let Some(mname) = self.heap.get(module).name else {
                continue;
            };
            let ip = (frame.ip as usize).saturating_sub(1);
            let line = func.lines.get(ip).copied().unwrap_or(0);
            let mname = self.heap.get(mname).lossy().into_owned();
            let fname = func.name.to_string();
            (self.config.error)(ErrorKind::StackTrace, &mname, line, &fname);
        }
    }

    /// Binds a method body to a class: patches field offsets and superclass constants in its
    /// code (and nested functions), then stores it in the method table.
    fn bind_method(
        &mut self,
        is_static: bool,
        symbol: u16,
        module: Option<Handle<ObjModule>>,
        class: Handle<ObjClass>,
        body: Value,
    ) -> Result<(), Value> {
        // A static method lives on the metaclass, and its `super` goes to the metaclass's
        // superclass.
        let target = if is_static {
            self.heap.get(class).class.expect("class has a metaclass")
        } else {
            class
        };
        let method = if let Some(sig) = self.heap.str_bytes(body) {
            // A foreign method: the body is its signature.
            let sig = String::from_utf8_lossy(sig).into_owned();
            let class_name = self.class_name(class);
            let module_name = module.map(|m| self.module_name(m)).unwrap_or_default();
            match self.find_foreign_method(&module_name, &class_name, is_static, &sig) {
                Some(id) => Method::Foreign(id),
                None => {
                    // The reference names the metaclass for a static method.
                    let shown = if is_static {
                        format!("{class_name} metaclass")
                    } else {
                        class_name.clone()
                    };
                    let msg = format!(
                        "Could not find foreign method '{sig}' for class {shown} in module '{module_name}'."
                    );
                    return Err(self.str(&msg));
                }
            }
        } else {
            let Some(closure) = self.heap.cast::<ObjClosure>(body) else {
                return Err(self.str("Method body must be a function."));
            };
            let arity = self.heap.get(self.heap.get(closure).func).arity as usize;
            if arity != call_arity(self.method_names.name(symbol as u32)) {
                return Err(self.str("Method body takes the wrong number of arguments."));
            }
            let (patched, facts) = self.patch_method_code(target, closure);
            self.check_method_body(class, target, is_static, &facts)?;
            Method::Block(patched)
        };
        let methods = &mut self.heap.get_mut(target).methods;
        let s = symbol as usize;
        if methods.len() <= s {
            methods.resize(s + 1, Method::None);
        }
        methods[s] = method;
        Ok(())
    }

    fn find_foreign_method(
        &mut self,
        module: &str,
        class: &str,
        is_static: bool,
        sig: &str,
    ) -> Option<u32> {
        self.bind_foreign_method_named(&ForeignMethodName {
            module: module.into(),
            class: class.into(),
            is_static,
            signature: sig.into(),
        })
    }

    /// The id of the foreign method `name`, asking the host's binder (then the built-in
    /// modules) the first time.
    pub(crate) fn bind_foreign_method_named(&mut self, name: &ForeignMethodName) -> Option<u32> {
        if let Some(&id) = self.foreign_index.get(name) {
            return Some(id);
        }
        let (m, c, s, sig) = (
            &*name.module,
            &*name.class,
            name.is_static,
            &*name.signature,
        );
        let f = match self.config.bind_foreign_method.as_mut() {
            Some(bind) => bind(m, c, s, sig),
            None => None,
        }
        .or_else(|| core::builtin_foreign_method(m, c, s, sig))?;
        let id = self.foreign_methods.len() as u32;
        self.foreign_methods.push(f);
        self.foreign_method_names.push(Some(name.clone()));
        self.foreign_index.insert(name.clone(), id);
        Some(id)
    }

    /// Makes the copy of a method body that a class binds: the body's function, and every
    /// function nested in it, is copied with the superclass's field count added to its field
    /// operands and the superclass stored in the constant slots of its `SUPER_n` instructions.
    /// The compiled functions stay untouched, so a class definition that runs twice (inside a
    /// function called twice) patches fresh copies each time.
    /// What binding a method body must check, as the verifier checks it in an image (so that
    /// a VM never reaches a state its own images are rejected for): field operands within the
    /// class's fields (for a class that is not a metaclass), and `CONSTRUCT` only in a static
    /// method of a class that makes instances, `FOREIGN_CONSTRUCT` only in one of a foreign
    /// class. Compiled code always passes; crafted bytecode gets a runtime error.
    fn check_method_body(
        &mut self,
        class: Handle<ObjClass>,
        target: Handle<ObjClass>,
        is_static: bool,
        facts: &BodyFacts,
    ) -> Result<(), Value> {
        if let Some(max) = facts.max_field {
            if !self.is_metaclass(target) && max as u32 >= self.heap.get(target).num_fields {
                return Err(self.str("Method uses a field its class does not have."));
            }
        }
        if facts.construct || facts.foreign_construct {
            let foreign = self.heap.get(class).is_foreign;
            let ok = is_static
                && !self.is_metaclass(class)
                && !self.core.sealed().contains(&class)
                && (!facts.construct || !foreign)
                && (!facts.foreign_construct || foreign);
            if !ok {
                return Err(self.str("Constructor bound to a class it cannot construct."));
            }
        }
        Ok(())
    }

    fn patch_method_code(
        &mut self,
        class: Handle<ObjClass>,
        body: Handle<ObjClosure>,
    ) -> (Handle<ObjClosure>, BodyFacts) {
        use crate::opcode::Operand;
        let superclass = self.heap.get(class).superclass;
        let offset = superclass.map(|s| self.heap.get(s).num_fields).unwrap_or(0) as u8;
        let super_value = superclass.map(|s| s.value()).unwrap_or(Value::NULL);
        // Copies are made parent first; `pending` holds (copy, index of the constant in the
        // parent copy to point at it), resolved as each nested function is copied.
        let root = self.heap.get(body).func;
        // A function to copy, and where its copy goes: `None` for the method body, or the
        // parent's copy and the constant index there.
        type Pending = (Handle<ObjFn>, Option<(Handle<ObjFn>, usize)>);
        let mut work: Vec<Pending> = vec![(root, None)];
        let mut root_copy = None;
        let mut facts = BodyFacts::default();
        while let Some((f, parent)) = work.pop() {
            let (mut code, mut constants) = {
                let func = self.heap.get(f);
                (func.code.to_vec(), func.constants.to_vec())
            };
            let mut nested = Vec::new();
            let mut ip = 0;
            while ip < code.len() {
                let Ok(ins) =
                    crate::opcode::decode(&code, ip, self.heap.upvalue_counts(&constants))
                else {
                    break;
                };
                let (info, len) = (ins.info, ins.len);
                let args = [ins.arg(0), ins.arg(1), ins.arg(2)];
                let mut at = ip + 1;
                if parent.is_none() {
                    facts.construct |= info.byte == op::CONSTRUCT;
                    facts.foreign_construct |= info.byte == op::FOREIGN_CONSTRUCT;
                }
                for (kind, arg) in info.operands.iter().zip(args) {
                    match kind {
                        Operand::Field => {
                            code[at] = code[at].wrapping_add(offset);
                            if parent.is_none() {
                                facts.max_field = facts.max_field.max(Some(code[at]));
                            }
                        }
                        Operand::SuperClass => constants[arg as usize] = super_value,
                        Operand::Function => nested.push(arg as usize),
                        _ => {}
                    }
                    at += kind.width();
                }
                ip += len;
            }
            let copy = {
                let func = self.heap.get(f);
                ObjFn {
                    code: code.into(),
                    constants: constants.into(),
                    module: func.module,
                    max_slots: func.max_slots,
                    num_upvalues: func.num_upvalues,
                    arity: func.arity,
                    name: func.name.clone(),
                    lines: func.lines.clone(),
                }
            };
            let copy = self.heap.alloc(copy);
            match parent {
                None => root_copy = Some(copy),
                Some((p, k)) => {
                    let mut constants = self.heap.get(p).constants.to_vec();
                    constants[k] = copy.value();
                    self.heap.get_mut(p).constants = constants.into();
                }
            }
            nested.sort_unstable();
            nested.dedup();
            for k in nested {
                if let Some(inner) = self.heap.cast::<ObjFn>(self.heap.get(copy).constants[k]) {
                    work.push((inner, Some((copy, k))));
                }
            }
        }
        let upvalues = self.heap.get(body).upvalues.clone();
        let closure = self.heap.alloc(ObjClosure {
            func: root_copy.unwrap_or(root),
            upvalues,
        });
        (closure, facts)
    }

    /// Creates a class (the `CLASS` and `FOREIGN_CLASS` instructions).
    fn new_class(
        &mut self,
        name: Value,
        superclass: Value,
        num_fields: Option<u8>,
    ) -> Result<Handle<ObjClass>, Value> {
        let Some(name_h) = self.heap.cast::<ObjString>(name) else {
            return Err(self.str("Class name must be a string."));
        };
        let name_str = self.heap.get(name_h).lossy().into_owned();
        let Some(sup) = self.heap.cast::<ObjClass>(superclass) else {
            let msg = format!("Class '{name_str}' cannot inherit from a non-class object.");
            return Err(self.str(&msg));
        };
        if self.core.sealed().contains(&sup) {
            let msg = format!(
                "Class '{name_str}' cannot inherit from built-in class '{}'.",
                self.class_name(sup)
            );
            return Err(self.str(&msg));
        }
        if self.is_metaclass(sup) {
            let msg = format!(
                "Class '{name_str}' cannot inherit from metaclass '{}'.",
                self.class_name(sup)
            );
            return Err(self.str(&msg));
        }
        let sup_obj = self.heap.get(sup);
        if sup_obj.is_foreign {
            let msg = format!(
                "Class '{name_str}' cannot inherit from foreign class '{}'.",
                self.class_name(sup)
            );
            return Err(self.str(&msg));
        }
        if num_fields.is_none() && sup_obj.num_fields > 0 {
            let msg =
                format!("Foreign class '{name_str}' may not inherit from a class with fields.");
            return Err(self.str(&msg));
        }
        let total = sup_obj.num_fields as usize + num_fields.unwrap_or(0) as usize;
        if total > limits::MAX_FIELDS {
            let msg = format!(
                "Class '{name_str}' may not have more than 255 fields, including inherited ones."
            );
            return Err(self.str(&msg));
        }
        let class = core::define_class(self, name_h, Some(sup), total as u32, num_fields.is_none());
        if num_fields.is_none() && !self.bind_foreign_class(class, &name_str) {
            let module = self.current_module_name();
            let msg = format!("Could not find foreign class {name_str} in module '{module}'.");
            return Err(self.str(&msg));
        }
        Ok(class)
    }

    /// Looks up the allocator and finalizer of a foreign class: the host's binder first, then
    /// the VM's built-in modules.
    /// The name of the module of the running function.
    fn current_module_name(&self) -> String {
        self.frames
            .last()
            .and_then(|f| self.heap.get(self.heap.get(f.closure).func).module)
            .map(|m| self.module_name(m))
            .unwrap_or_default()
    }

    /// Returns whether an allocator was found.
    fn bind_foreign_class(&mut self, class: Handle<ObjClass>, name: &str) -> bool {
        let module: Rc<str> = self.current_module_name().into();
        match self.foreign_class_methods(&module, name) {
            Some(m) => {
                self.register_foreign_class(class, module, m);
                true
            }
            None => false,
        }
    }

    /// The host's binding for foreign class `class` of `module`, or a built-in module's.
    pub(crate) fn foreign_class_methods(
        &mut self,
        module: &str,
        class: &str,
    ) -> Option<ForeignClassMethods> {
        match self.config.bind_foreign_class.as_mut() {
            Some(bind) => bind(module, class),
            None => None,
        }
        .or_else(|| core::builtin_foreign_class(module, class))
    }

    /// Records the allocator and finalizer of a foreign class.
    pub(crate) fn register_foreign_class(
        &mut self,
        class: Handle<ObjClass>,
        module: Rc<str>,
        m: ForeignClassMethods,
    ) -> ForeignClassBinding {
        let allocate = self.foreign_methods.len() as u32;
        self.foreign_methods.push(m.allocate);
        self.foreign_method_names.push(None);
        let finalize = m.finalize.map(|f| {
            self.finalizers.push(f);
            (self.finalizers.len() - 1) as u32
        });
        let binding = ForeignClassBinding {
            allocate,
            finalize,
            module,
        };
        self.foreign_classes.insert(class, binding.clone());
        binding
    }

    /// Resolves and loads module `name` imported from the running module. Returns the module's
    /// body closure to run, or the already loaded module.
    fn import_module(&mut self, name: Value) -> Result<Value, Value> {
        let raw = self
            .heap
            .str_bytes(name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let importer = self
            .frames
            .last()
            .and_then(|f| self.heap.get(self.heap.get(f.closure).func).module)
            .map(|m| self.module_name(m))
            .unwrap_or_default();
        let resolved = match self.config.resolve_module.as_mut() {
            Some(resolve) => match resolve(&importer, &raw) {
                Some(r) => r,
                None => {
                    let msg =
                        format!("Could not resolve module '{raw}' imported from '{importer}'.");
                    return Err(self.str(&msg));
                }
            },
            None => raw.clone(),
        };
        if let Some(m) = self.find_module(Some(&resolved)) {
            return Ok(m.value());
        }
        let source = match self.config.load_module.as_mut() {
            Some(load) => load(&resolved),
            None => None,
        }
        .or_else(|| core::builtin_module_source(&resolved).map(|s| s.as_bytes().to_vec()));
        let Some(source) = source else {
            let msg = format!("Could not load module '{resolved}'.");
            return Err(self.str(&msg));
        };
        match self.compile_module(Some(&resolved), &source, true) {
            Some(closure) => Ok(closure.value()),
            None => {
                let msg = format!("Could not compile module '{resolved}'.");
                Err(self.str(&msg))
            }
        }
    }

    // ---- Foreign calls -----------------------------------------------------------------------

    /// Slot `i` of the current foreign call (0 = receiver).
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

    /// Raises a runtime error in the running fiber (from a foreign method).
    pub fn abort_fiber(&mut self, error: Value) {
        if let Some(f) = self.fiber {
            self.heap.get_mut(f).error = error;
        }
    }

    // ---- The dispatch loop -------------------------------------------------------------------

    fn execute(&mut self) -> Exit {
        // Two copies of the loop: the one without fuel has no per-instruction check.
        if self.fuel.is_some() {
            self.dispatch::<true>()
        } else {
            self.dispatch::<false>()
        }
    }

    fn dispatch<const FUELED: bool>(&mut self) -> Exit {
        // Instructions left when running with fuel.
        let mut fuel = self.fuel.unwrap_or(u64::MAX);
        'load: loop {
            let Some(frame) = self.frames.last().copied() else {
                // The fiber finished: hand its result to the caller, or stop.
                let Some(fiber) = self.fiber else {
                    return Exit::Done;
                };
                let result = self.stack.first().copied().unwrap_or(Value::NULL);
                let caller = self.heap.get(fiber).caller;
                self.heap.get_mut(fiber).caller = None;
                match caller {
                    Some(c) => {
                        self.switch_fiber(Some(c));
                        if let Some(top) = self.stack.last_mut() {
                            *top = result;
                        }
                        continue 'load;
                    }
                    None => return Exit::Done,
                }
            };
            let closure = frame.closure;
            let func_h = self.heap.get(closure).func;
            // Module variables of the running function (absent only for host call stubs, whose
            // code has no module-variable instructions).
            let (code, constants, module) = {
                let f = self.heap.get(func_h);
                (f.code.clone(), f.constants.clone(), f.module)
            };
            let mut ip = frame.ip as usize;
            let base = frame.base as usize;

            macro_rules! store_ip {
                () => {
                    if let Some(fr) = self.frames.last_mut() {
                        fr.ip = ip as u32;
                    }
                };
            }
            macro_rules! throw {
                ($err:expr) => {{
                    let e = $err;
                    store_ip!();
                    if self.runtime_error(e) {
                        continue 'load;
                    }
                    return Exit::Error;
                }};
            }
            // A collection point: the current ip must already be stored.
            macro_rules! gc_point {
                () => {
                    if let Err(e) = self.gc_safe_point() {
                        if self.runtime_error(e) {
                            continue 'load;
                        }
                        return Exit::Error;
                    }
                };
            }
            macro_rules! pop {
                () => {
                    self.stack.pop().expect("stack underflow")
                };
            }
            macro_rules! peek {
                () => {
                    *self.stack.last().expect("stack underflow")
                };
            }

            // A method call (`CALL_n` / `SUPER_n`); `ip` is at the instruction's operands.
            macro_rules! call {
                ($instruction:expr) => {{
                    let instruction: u8 = $instruction;
                    // Fast path: an arithmetic or comparison operator on two numbers.
                    if instruction == op::CALL_1 {
                        let len = self.stack.len();
                        if let (Some(a), Some(b)) =
                            (self.stack[len - 2].as_num(), self.stack[len - 1].as_num())
                        {
                            let symbol = u16::from_be_bytes([code[ip], code[ip + 1]]) as usize;
                            let fast = self.num_ops.get(symbol).copied().unwrap_or(0);
                            if fast != 0 {
                                ip += 2;
                                self.stack.pop();
                                self.stack[len - 2] = match fast {
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
                                continue;
                            }
                        }
                    }
                    let is_super = instruction >= op::SUPER_0;
                    let argc =
                        (instruction - if is_super { op::SUPER_0 } else { op::CALL_0 }) as usize;
                    let symbol = read_short!(code, ip);
                    let args = self.stack.len() - argc - 1;
                    let class = if is_super {
                        let k = read_short!(code, ip) as usize;
                        match self.heap.cast::<ObjClass>(constants[k]) {
                            Some(c) => c,
                            None => throw!(self.str("Superclass call outside a class.")),
                        }
                    } else {
                        self.class_of(self.stack[args])
                    };
                    let method = self
                        .heap
                        .get(class)
                        .methods
                        .get(symbol as usize)
                        .copied()
                        .unwrap_or(Method::None);
                    // A primitive or foreign method reached through `super` runs only on a
                    // receiver of the class it belongs to (compiled code always passes one).
                    if is_super
                        && matches!(method, Method::Primitive(_) | Method::Foreign(_))
                        && !self.is_subclass(self.class_of(self.stack[args]), class)
                    {
                        throw!(self.str("Superclass call on a receiver outside the class."));
                    }
                    match method {
                        Method::Primitive(id) => {
                            store_ip!();
                            match (self.prims[id as usize].func)(self, args, argc) {
                                Prim::Ret(v) => {
                                    self.stack.truncate(args + 1);
                                    self.stack[args] = v;
                                }
                                Prim::Err(e) => {
                                    // The primitive may have switched fibers: the ip of
                                    // this frame is already stored.
                                    if self.runtime_error(e) {
                                        continue 'load;
                                    }
                                    return Exit::Error;
                                }
                                Prim::Switched => {
                                    gc_point!();
                                    continue 'load;
                                }
                            }
                        }
                        Method::FnCall => {
                            let callee = self.stack[args];
                            let Some(cl) = self.heap.cast::<ObjClosure>(callee) else {
                                throw!(self.str("Receiver must be a function."));
                            };
                            let arity = self.heap.get(self.heap.get(cl).func).arity as usize;
                            if argc < arity {
                                throw!(self.str("Function expects more arguments."));
                            }
                            // Extra arguments are dropped.
                            self.stack.truncate(args + 1 + arity);
                            store_ip!();
                            if let Err(e) = self.push_frame(cl, args) {
                                throw!(e);
                            }
                            continue 'load;
                        }
                        Method::Block(cl) => {
                            store_ip!();
                            if let Err(e) = self.push_frame(cl, args) {
                                throw!(e);
                            }
                            continue 'load;
                        }
                        Method::Foreign(id) => {
                            store_ip!();
                            let f = self.foreign_methods[id as usize].clone();
                            if let Err(e) = self.call_foreign(&f, args, true) {
                                throw!(e);
                            }
                        }
                        Method::None => throw!(self.method_not_found(class, symbol)),
                    }
                    gc_point!();
                }};
            }

            loop {
                if FUELED {
                    if fuel == 0 {
                        store_ip!();
                        return Exit::Paused;
                    }
                    fuel -= 1;
                }
                let instruction = read_byte!(code, ip);
                match instruction {
                    op::CONSTANT => {
                        let k = read_short!(code, ip);
                        self.stack.push(constants[k as usize]);
                    }
                    op::NULL => self.stack.push(Value::NULL),
                    op::FALSE => self.stack.push(Value::FALSE),
                    op::TRUE => self.stack.push(Value::TRUE),
                    op::LOAD_LOCAL_0..=op::LOAD_LOCAL_8 => {
                        let v = self.stack[base + (instruction - op::LOAD_LOCAL_0) as usize];
                        self.stack.push(v);
                    }
                    op::LOAD_LOCAL => {
                        let s = read_byte!(code, ip) as usize;
                        let v = self.stack[base + s];
                        self.stack.push(v);
                    }
                    op::STORE_LOCAL => {
                        let s = read_byte!(code, ip) as usize;
                        let v = peek!();
                        self.stack[base + s] = v;
                    }
                    op::LOAD_UPVALUE => {
                        let i = read_byte!(code, ip) as usize;
                        let u = self.heap.get(closure).upvalues[i];
                        let v = self.read_upvalue(u);
                        self.stack.push(v);
                    }
                    op::STORE_UPVALUE => {
                        let i = read_byte!(code, ip) as usize;
                        let u = self.heap.get(closure).upvalues[i];
                        let v = peek!();
                        self.write_upvalue(u, v);
                    }
                    op::LOAD_MODULE_VAR => {
                        let k = read_short!(code, ip) as usize;
                        let m = module.expect("module fn");
                        let v = self.heap.get(m).variables[k];
                        self.stack.push(v);
                    }
                    op::STORE_MODULE_VAR => {
                        let k = read_short!(code, ip) as usize;
                        let m = module.expect("module fn");
                        let v = peek!();
                        self.heap.get_mut(m).variables[k] = v;
                    }
                    op::LOAD_FIELD_THIS | op::LOAD_FIELD => {
                        let field = read_byte!(code, ip) as usize;
                        let recv = if instruction == op::LOAD_FIELD {
                            pop!()
                        } else {
                            self.stack[base]
                        };
                        let v = match self.heap.peek::<ObjInstance>(recv) {
                            Some(inst) if field < inst.fields.len() => inst.fields[field],
                            _ => throw!(self.str("Only instances have fields.")),
                        };
                        self.stack.push(v);
                    }
                    op::STORE_FIELD_THIS | op::STORE_FIELD => {
                        let field = read_byte!(code, ip) as usize;
                        let recv = if instruction == op::STORE_FIELD {
                            pop!()
                        } else {
                            self.stack[base]
                        };
                        let v = peek!();
                        match self.heap.cast::<ObjInstance>(recv) {
                            Some(h) if field < self.heap.get(h).fields.len() => {
                                self.heap.get_mut(h).fields[field] = v;
                            }
                            _ => throw!(self.str("Only instances have fields.")),
                        }
                    }
                    op::POP => {
                        self.stack.pop();
                    }
                    op::CALL_0..=op::CALL_16 | op::SUPER_0..=op::SUPER_16 => call!(instruction),
                    op::LOCAL_CONST_CALL_1 => {
                        // `local <op> constant`, fused: push both, then call with one argument.
                        let s = read_byte!(code, ip) as usize;
                        let k = read_short!(code, ip) as usize;
                        let a = self.stack[base + s];
                        self.stack.push(a);
                        self.stack.push(constants[k]);
                        call!(op::CALL_1)
                    }
                    op::JUMP => {
                        let off = read_short!(code, ip) as usize;
                        ip += off;
                    }
                    op::LOOP => {
                        let off = read_short!(code, ip) as usize;
                        ip -= off;
                    }
                    op::JUMP_IF => {
                        let off = read_short!(code, ip) as usize;
                        if pop!().is_falsy() {
                            ip += off;
                        }
                    }
                    op::AND => {
                        let off = read_short!(code, ip) as usize;
                        if peek!().is_falsy() {
                            ip += off;
                        } else {
                            self.stack.pop();
                        }
                    }
                    op::OR => {
                        let off = read_short!(code, ip) as usize;
                        if peek!().is_falsy() {
                            self.stack.pop();
                        } else {
                            ip += off;
                        }
                    }
                    op::CLOSE_UPVALUE => {
                        let top = self.stack.len() - 1;
                        self.close_upvalues(top);
                        self.stack.pop();
                    }
                    op::RETURN => {
                        let result = pop!();
                        self.close_upvalues(base);
                        self.frames.pop();
                        // The result replaces the receiver slot. (A constructor's initializer
                        // frame shares its base with the constructor's frame, so the slot may
                        // already have been popped.) A finished fiber keeps it in slot 0.
                        let keep = if self.frames.is_empty() { 0 } else { base };
                        self.stack.truncate(keep);
                        self.stack.push(result);
                        continue 'load;
                    }
                    op::CLOSURE => {
                        let k = read_short!(code, ip) as usize;
                        let f = self
                            .heap
                            .cast::<ObjFn>(constants[k])
                            .expect("closure constant is a fn");
                        let n = self.heap.get(f).num_upvalues as usize;
                        let mut ups = Vec::with_capacity(n);
                        for _ in 0..n {
                            let is_local = read_byte!(code, ip);
                            let index = read_byte!(code, ip) as usize;
                            if is_local != 0 {
                                ups.push(self.capture_upvalue((base + index) as u32));
                            } else {
                                ups.push(self.heap.get(closure).upvalues[index]);
                            }
                        }
                        let c = self.heap.alloc(ObjClosure {
                            func: f,
                            upvalues: ups.into(),
                        });
                        self.stack.push(c.value());
                        store_ip!();
                        gc_point!();
                    }
                    op::CONSTRUCT => {
                        let class = self.stack[base];
                        let c = match self.heap.cast::<ObjClass>(class) {
                            Some(c) if self.is_instantiable(c) => c,
                            _ => throw!(self.str("Cannot construct an instance of this value.")),
                        };
                        let n = self.heap.get(c).num_fields as usize;
                        let inst = self.heap.alloc(ObjInstance {
                            class: c,
                            fields: vec![Value::NULL; n].into(),
                        });
                        self.stack[base] = inst.value();
                        store_ip!();
                        gc_point!();
                    }
                    op::FOREIGN_CONSTRUCT => {
                        let class = self.stack[base];
                        let Some(c) = self.heap.cast::<ObjClass>(class) else {
                            throw!(self.str("Cannot construct an instance of this value."));
                        };
                        store_ip!();
                        if let Err(e) = core::foreign_construct(self, c, base) {
                            throw!(e);
                        }
                        gc_point!();
                    }
                    op::CLASS | op::FOREIGN_CLASS => {
                        let fields = if instruction == op::CLASS {
                            Some(read_byte!(code, ip))
                        } else {
                            None
                        };
                        let sup = pop!();
                        let name = peek!();
                        match self.new_class(name, sup, fields) {
                            Ok(c) => {
                                *self.stack.last_mut().expect("class slot") = c.value();
                            }
                            Err(e) => throw!(e),
                        }
                        store_ip!();
                        gc_point!();
                    }
                    op::END_CLASS => {
                        let class = pop!();
                        let attributes = pop!();
                        if let Some(c) = self.heap.cast::<ObjClass>(class) {
                            self.heap.get_mut(c).attributes = attributes;
                        }
                    }
                    op::METHOD_INSTANCE | op::METHOD_STATIC => {
                        let symbol = read_short!(code, ip);
                        let class = pop!();
                        let body = pop!();
                        let Some(c) = self.heap.cast::<ObjClass>(class) else {
                            throw!(self.str("Methods can only be bound to a class."));
                        };
                        let module = self.heap.get(func_h).module;
                        store_ip!();
                        if let Err(e) = self.bind_method(
                            instruction == op::METHOD_STATIC,
                            symbol,
                            module,
                            c,
                            body,
                        ) {
                            throw!(e);
                        }
                    }
                    op::END_MODULE => {
                        self.last_module = module;
                        self.stack.push(Value::NULL);
                    }
                    op::IMPORT_MODULE => {
                        let k = read_short!(code, ip) as usize;
                        store_ip!();
                        match self.import_module(constants[k]) {
                            Ok(v) => {
                                self.stack.push(v);
                                if let Some(cl) = self.heap.cast::<ObjClosure>(v) {
                                    let at = self.stack.len() - 1;
                                    if let Err(e) = self.push_frame(cl, at) {
                                        throw!(e);
                                    }
                                    gc_point!();
                                    continue 'load;
                                } else {
                                    self.last_module = self.heap.cast::<ObjModule>(v);
                                }
                            }
                            Err(e) => throw!(e),
                        }
                    }
                    op::IMPORT_VARIABLE => {
                        let k = read_short!(code, ip) as usize;
                        let name = constants[k];
                        let Some(module) = self.last_module else {
                            throw!(self.str("No module has been imported."));
                        };
                        let name_s = self
                            .heap
                            .str_bytes(name)
                            .map(|b| String::from_utf8_lossy(b).into_owned())
                            .unwrap_or_default();
                        let m = self.heap.get(module);
                        match m.find(&name_s) {
                            Some(i) => {
                                let v = m.variables[i as usize];
                                self.stack.push(v);
                            }
                            None => {
                                let msg = format!(
                                    "Could not find a variable named '{name_s}' in module '{}'.",
                                    self.module_name(module)
                                );
                                throw!(self.str(&msg));
                            }
                        }
                    }
                    _ => {
                        // END or an unknown byte: never emitted where execution can reach.
                        throw!(self.str("Invalid bytecode."));
                    }
                }
            }
        }
    }
}
