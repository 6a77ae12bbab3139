//! Heap object types.
//!
//! Every object lives in the [`Heap`](crate::heap::Heap) arena and refers to others only through
//! [`Handle`]s (typed arena indices) or [`Value`]s. No object owns another, so dropping any of
//! them never recurses over the object graph.

use std::rc::Rc;

use crate::heap::Handle;
use crate::map::MapTable;
use crate::value::Value;

/// The kinds of heap object, in the order C Wren numbers them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ObjKind {
    Class,
    Closure,
    Fiber,
    Fn,
    Foreign,
    Instance,
    List,
    Map,
    Module,
    Range,
    String,
    Upvalue,
}

impl ObjKind {
    pub fn name(self) -> &'static str {
        match self {
            ObjKind::Class => "Class",
            ObjKind::Closure => "Closure",
            ObjKind::Fiber => "Fiber",
            ObjKind::Fn => "Fn",
            ObjKind::Foreign => "Foreign",
            ObjKind::Instance => "Instance",
            ObjKind::List => "List",
            ObjKind::Map => "Map",
            ObjKind::Module => "Module",
            ObjKind::Range => "Range",
            ObjKind::String => "String",
            ObjKind::Upvalue => "Upvalue",
        }
    }
}

/// An immutable byte string (not necessarily UTF-8) with its cached hash. The bytes may be
/// shared with other strings of the same content (a restored snapshot stores each distinct
/// content once); identity is the object's, never the bytes'.
#[derive(Debug)]
pub struct ObjString {
    pub bytes: Rc<[u8]>,
    pub hash: u32,
}

impl ObjString {
    pub fn new(bytes: impl Into<Rc<[u8]>>) -> ObjString {
        let bytes = bytes.into();
        let hash = crate::utf8::hash_bytes(&bytes);
        ObjString { bytes, hash }
    }
    /// The bytes as text, with invalid UTF-8 replaced (for diagnostics and names only).
    pub fn lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}

#[derive(Debug, Default)]
pub struct ObjList {
    pub elements: Vec<Value>,
}

#[derive(Debug, Default)]
pub struct ObjMap {
    pub table: MapTable,
}

#[derive(Debug, Clone, Copy)]
pub struct ObjRange {
    pub from: f64,
    pub to: f64,
    pub inclusive: bool,
}

/// How a method is implemented. Native code is named by a stable id, never a pointer, so that
/// a snapshot can name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// No method bound for this symbol.
    None,
    /// A primitive from the core registry ([`crate::core::PRIMITIVES`]).
    Primitive(u16),
    /// `Fn.call(...)`: call the receiver closure with the arguments.
    FnCall,
    /// A foreign method bound by the host, by index into the VM's foreign-method table.
    Foreign(u32),
    /// A method written in Wren.
    Block(Handle<ObjClosure>),
}

#[derive(Debug)]
pub struct ObjClass {
    /// The class of this class object (its metaclass; `Class` for metaclasses).
    pub class: Option<Handle<ObjClass>>,
    /// `None` only for `Object`.
    pub superclass: Option<Handle<ObjClass>>,
    /// Number of fields including inherited ones.
    pub num_fields: u32,
    pub is_foreign: bool,
    /// Indexed by method symbol.
    pub methods: Vec<Method>,
    pub name: Handle<ObjString>,
    /// `null`, or the `ClassAttributes` instance built from `#!` attributes.
    pub attributes: Value,
}

#[derive(Debug)]
pub struct ObjInstance {
    pub class: Handle<ObjClass>,
    pub fields: Box<[Value]>,
}

/// Compiled function: bytecode, constants and debug information.
#[derive(Debug)]
pub struct ObjFn {
    pub code: Rc<[u8]>,
    pub constants: Rc<[Value]>,
    /// `None` for stubs that belong to no module.
    pub module: Option<Handle<ObjModule>>,
    /// Stack slots the function needs beyond its base (locals and temporaries).
    pub max_slots: u32,
    pub num_upvalues: u32,
    /// Parameter count; checked by `Fn.call`.
    pub arity: u32,
    /// Debug name shown in stack traces (`(script)`, `foo(_)`, `new(_) block argument`, ...).
    pub name: Rc<str>,
    /// Source line of each code byte.
    pub lines: Rc<[u32]>,
}

#[derive(Debug)]
pub struct ObjClosure {
    pub func: Handle<ObjFn>,
    pub upvalues: Box<[Handle<ObjUpvalue>]>,
}

#[derive(Debug, Clone, Copy)]
pub enum UpvalueState {
    /// Still a live local: slot `slot` of `fiber`'s stack.
    Open {
        fiber: Handle<ObjFiber>,
        slot: u32,
    },
    Closed(Value),
}

#[derive(Debug)]
pub struct ObjUpvalue {
    pub state: UpvalueState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiberState {
    /// Run through `try()`: a runtime error returns to the caller instead of unwinding.
    Try,
    /// Started by the host (`interpret` or a call handle).
    Root,
    Other,
}

/// One activation record. `ip` is a byte offset into the closure's function code; `base` is the
/// stack index of slot 0 (the receiver).
#[derive(Debug, Clone, Copy)]
pub struct CallFrame {
    pub ip: u32,
    pub closure: Handle<ObjClosure>,
    pub base: u32,
}

#[derive(Debug)]
pub struct ObjFiber {
    pub stack: Vec<Value>,
    pub frames: Vec<CallFrame>,
    /// Open upvalues pointing into this fiber's stack, sorted by slot, ascending.
    pub open_upvalues: Vec<Handle<ObjUpvalue>>,
    pub caller: Option<Handle<ObjFiber>>,
    /// `null` unless the fiber was aborted.
    pub error: Value,
    pub state: FiberState,
}

#[derive(Debug)]
pub struct ObjModule {
    /// `None` for the core module.
    pub name: Option<Handle<ObjString>>,
    pub variables: Vec<Value>,
    pub variable_names: Vec<Rc<str>>,
    pub(crate) index: std::collections::HashMap<Rc<str>, u32>,
}

impl ObjModule {
    pub fn new(name: Option<Handle<ObjString>>) -> ObjModule {
        ObjModule {
            name,
            variables: Vec::new(),
            variable_names: Vec::new(),
            index: Default::default(),
        }
    }
    pub fn find(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
    /// Appends a variable (the caller checks the limit). Returns its index.
    pub fn push(&mut self, name: &str, value: Value) -> u32 {
        self.push_shared(name.into(), value)
    }
    /// [`ObjModule::push`] with a name that may be shared with other modules.
    pub fn push_shared(&mut self, name: Rc<str>, value: Value) -> u32 {
        let i = self.variables.len() as u32;
        self.variables.push(value);
        self.variable_names.push(name.clone());
        self.index.insert(name, i);
        i
    }
    /// Forgets every variable from `len` on (a failed compilation's, which no code uses).
    pub fn truncate(&mut self, len: usize) {
        self.variables.truncate(len);
        for name in self
            .variable_names
            .drain(len.min(self.variable_names.len())..)
        {
            self.index.remove(&name);
        }
    }
}

/// An instance of a foreign class: opaque bytes owned by the host's binding.
#[derive(Debug)]
pub struct ObjForeign {
    pub class: Handle<ObjClass>,
    pub data: Vec<u8>,
    /// The class's finalizer (an index into the VM's finalizer table), run when the object is
    /// collected.
    pub finalizer: Option<u32>,
}

/// A heap object.
#[derive(Debug)]
pub enum Obj {
    Class(Box<ObjClass>),
    Closure(ObjClosure),
    Fiber(Box<ObjFiber>),
    Fn(Box<ObjFn>),
    Foreign(ObjForeign),
    Instance(ObjInstance),
    List(ObjList),
    Map(ObjMap),
    Module(Box<ObjModule>),
    Range(ObjRange),
    String(ObjString),
    Upvalue(ObjUpvalue),
}

impl Obj {
    pub fn kind(&self) -> ObjKind {
        match self {
            Obj::Class(_) => ObjKind::Class,
            Obj::Closure(_) => ObjKind::Closure,
            Obj::Fiber(_) => ObjKind::Fiber,
            Obj::Fn(_) => ObjKind::Fn,
            Obj::Foreign(_) => ObjKind::Foreign,
            Obj::Instance(_) => ObjKind::Instance,
            Obj::List(_) => ObjKind::List,
            Obj::Map(_) => ObjKind::Map,
            Obj::Module(_) => ObjKind::Module,
            Obj::Range(_) => ObjKind::Range,
            Obj::String(_) => ObjKind::String,
            Obj::Upvalue(_) => ObjKind::Upvalue,
        }
    }

    /// Approximate bytes owned by this object, for GC pacing and the heap limit.
    pub fn size(&self) -> usize {
        use std::mem::size_of;
        let vs = size_of::<Value>();
        size_of::<Obj>()
            + match self {
                Obj::Class(c) => size_of::<ObjClass>() + c.methods.capacity() * size_of::<Method>(),
                Obj::Closure(c) => c.upvalues.len() * 4,
                Obj::Fiber(f) => {
                    size_of::<ObjFiber>()
                        + f.stack.capacity() * vs
                        + f.frames.capacity() * size_of::<CallFrame>()
                        + f.open_upvalues.capacity() * 4
                }
                Obj::Fn(f) => {
                    size_of::<ObjFn>() + f.code.len() * 5 + f.constants.len() * vs + f.name.len()
                }
                Obj::Foreign(f) => f.data.capacity(),
                Obj::Instance(i) => i.fields.len() * vs,
                Obj::List(l) => l.elements.capacity() * vs,
                Obj::Map(m) => m.table.heap_size(),
                Obj::Module(m) => size_of::<ObjModule>() + m.variables.capacity() * (vs + 24),
                Obj::Range(_) => 0,
                Obj::String(s) => s.bytes.len(),
                Obj::Upvalue(_) => 0,
            }
    }
}
