//! The interpreter: call frames, fibers, modules, runtime errors and the embedding entry points.
//!
//! Wren-to-Wren calls never recurse in Rust: a call pushes a [`CallFrame`] and the dispatch loop
//! continues with it. Primitives that run Wren code (`Fn.call`, fiber switches) push frames or
//! switch fibers and return, so the VM can stop at any instruction boundary (see
//! [`Vm::run_with_fuel`]).
//!
//! The running fiber's stack and frames are moved out of its heap object into `Vm::stack` and
//! `Vm::frames` while it runs, and moved back whenever another fiber takes over or the VM stops.

mod api;
mod calls;
mod classes;
mod config;
mod dispatch;
mod fibers;
mod foreign;
mod gc;
mod modules;
mod symbols;

pub use api::{CallHandle, ValueHandle};
pub(crate) use config::ForeignClassBinding;
pub use config::{
    BindForeignClassFn, BindForeignMethodFn, Config, ErrorFn, ErrorKind, FinalizerFn,
    ForeignClassMethods, ForeignMethodFn, LoadModuleFn, ResolveModuleFn, ValidateFn, WriteFn,
};
pub use symbols::SymbolTable;

use crate::error::RuntimeError;

use std::collections::HashMap;
use std::rc::Rc;

use crate::core::{self, CoreClasses, Prim};
use crate::heap::{Handle, Heap};
use crate::image::ForeignMethodName;
use crate::object::*;
use crate::value::{ObjRef, Value, ValueKind};

/// A Wren virtual machine: a heap, the core library, modules, and the fiber that runs.
///
/// Everything a host does goes through it: [`Vm::interpret`] source, [`Vm::run_with_fuel`] and
/// [`Vm::resume`] in slices, read and write module variables, [`Vm::call`] methods through
/// call handles, bind foreign methods and classes ([`Config`]), and save and restore its whole
/// state ([`Vm::to_image`], [`Vm::from_image`], or the `wren-snapshot` crate).
pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) config: Config,
    /// Core classes, found after bootstrap.
    pub(crate) core: CoreClasses,
    /// Module name (string; `null` for core) → module.
    pub(crate) modules: Handle<ObjMap>,
    /// The module whose body last finished or was last imported (for `IMPORT_VARIABLE`).
    pub(crate) last_module: Option<Handle<ObjModule>>,
    pub(crate) method_names: SymbolTable,
    /// The running fiber, if any. Its stack and frames live in `stack` and `frames`.
    pub(crate) fiber: Option<Handle<ObjFiber>>,
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<CallFrame>,
    /// The running fiber's open upvalues (sorted by slot), moved out like its stack.
    pub(crate) open_upvalues: Vec<Handle<ObjUpvalue>>,
    /// Host-bound foreign methods, by id.
    pub(crate) foreign_methods: Vec<ForeignMethodFn>,
    /// The name each foreign method was bound by (`None` for a foreign class's allocator).
    pub(crate) foreign_method_names: Vec<Option<ForeignMethodName>>,
    foreign_index: HashMap<ForeignMethodName, u32>,
    /// Finalizers of foreign classes, by id.
    pub(crate) finalizers: Vec<FinalizerFn>,
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
    /// True while `core.wren` runs: the only time code may assign the core module's
    /// variables (the verifier finds the core classes and places primitives by them).
    pub(crate) bootstrapping: bool,
    /// Non-zero while a foreign method runs (a snapshot cannot be taken then).
    pub(crate) foreign_depth: u32,
    /// The runtime error that stopped the last run, until it is returned.
    pub(crate) last_error: Option<Box<RuntimeError>>,
    /// Handles restored from an image that the host has not taken yet.
    pub(crate) restored_handles_pending: usize,
    /// The primitive table (cached from [`core::primitives`]).
    prims: &'static [&'static core::PrimDef],
    /// For each method symbol, the number operator it names (0 = none): lets `CALL_1` on two
    /// numbers skip the method call. Filled at bootstrap; `Num` cannot be changed afterwards.
    pub(crate) num_ops: Vec<u8>,
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

impl Vm {
    /// A new VM with the core library loaded.
    pub fn new(config: Config) -> Vm {
        let Some(verified) = core::builtin_image() else {
            #[cfg(feature = "compiler")]
            return Vm::bootstrap(config);
            #[cfg(not(feature = "compiler"))]
            panic!("the built-in core image is stale: run scripts/make-core-image.sh");
        };
        // The core names no host bindings, and its heap is installed whatever the host's
        // `max_heap` (over it, the program's first allocations fail instead).
        Vm::install(config, verified, false)
            .unwrap_or_else(|e| panic!("the built-in core image does not install: {e}"))
    }

    /// A VM with the core library compiled from its source (`core.wren`) rather than
    /// restored from the built-in image: what [`Vm::new`] did before the image existed, and
    /// how the image is made (`scripts/make-core-image.sh`). Slower; the same VM.
    #[cfg(feature = "compiler")]
    pub fn bootstrap(config: Config) -> Vm {
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
            bootstrapping: false,
            foreign_depth: 0,
            last_error: None,
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

    // ---- Values for the host: made here, alive while reachable (or held by a handle) --------

    /// A new string of `bytes` (any bytes: Wren strings need not be UTF-8).
    pub fn string(&mut self, bytes: impl Into<Rc<[u8]>>) -> Value {
        self.heap.new_string(bytes).value()
    }

    /// A new string of `s`.
    pub fn str(&mut self, s: &str) -> Value {
        self.heap.str_value(s)
    }

    /// The bytes of a string value (`None` for anything else).
    pub fn string_bytes(&self, v: Value) -> Option<&[u8]> {
        self.heap.str_bytes(v)
    }

    /// The elements of a list value (`None` for anything else).
    pub fn list_elements(&self, v: Value) -> Option<&[Value]> {
        self.heap.peek::<ObjList>(v).map(|l| &l.elements[..])
    }

    /// The kind of object `v` refers to (`None` for a number, boolean or null).
    pub fn kind_of(&self, v: Value) -> Option<crate::image::ObjKind> {
        self.heap.kind_of(v)
    }

    /// How many objects the heap holds (live ones, and garbage not yet collected).
    pub fn object_count(&self) -> usize {
        self.heap.live_count()
    }

    /// The heap, for white-box tests and the fuzz harness (`internals` feature only).
    #[cfg(feature = "internals")]
    pub fn heap(&self) -> &Heap {
        &self.heap
    }

    /// The heap, mutably (`internals` feature only).
    #[cfg(feature = "internals")]
    pub fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }

    /// A runtime error with a string message, for primitives to return.
    pub(crate) fn err(&mut self, msg: &str) -> Prim {
        Prim::Err(self.str(msg))
    }

    /// A new list of `elements`.
    pub fn new_list(&mut self, elements: Vec<Value>) -> Value {
        self.heap.alloc(ObjList { elements }).value()
    }

    /// A new range `from..to` (`inclusive`) or `from...to`.
    pub fn new_range(&mut self, from: f64, to: f64, inclusive: bool) -> Value {
        self.heap
            .alloc(ObjRange {
                from,
                to,
                inclusive,
            })
            .value()
    }

    pub(crate) fn new_map(&mut self) -> Handle<ObjMap> {
        self.heap.alloc(ObjMap::default())
    }

    /// The class of any value.
    #[inline(always)]
    pub(crate) fn class_of(&self, v: Value) -> Handle<ObjClass> {
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
    pub(crate) fn class_name(&self, c: Handle<ObjClass>) -> String {
        self.heap.get(self.heap.get(c).name).lossy().into_owned()
    }

    /// Whether `class` is `of` or inherits from it.
    pub(crate) fn is_subclass(&self, mut class: Handle<ObjClass>, of: Handle<ObjClass>) -> bool {
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
    pub(crate) fn is_metaclass(&self, class: Handle<ObjClass>) -> bool {
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
    pub(crate) fn write(&mut self, s: &[u8]) {
        (self.config.write)(s)
    }
}
