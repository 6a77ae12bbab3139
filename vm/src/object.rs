//! Heap object types.
//!
//! Every object lives in the [`Heap`](crate::heap::Heap) arena and refers to others only through
//! [`Handle`]s (typed arena indices) or [`Value`]s. No object owns another, so dropping any of
//! them never recurses over the object graph.

use std::rc::Rc;

use crate::heap::Handle;
use crate::map::MapTable;
use crate::value::Value;

/// Every kind of heap object, declared once: the kind enum ([`ObjKind`]), the object enum
/// ([`Obj`]), its size and reference visiting (dispatching to each type's [`ObjData`]), and
/// the typed accessors ([`HeapObj`](crate::heap::HeapObj)) all derive from this list. A
/// `boxed` kind is stored behind a `Box` (the large ones), keeping `Obj` small.
macro_rules! object_kinds {
    ($($(#[$doc:meta])* $variant:ident($ty:ident) $($boxed:ident)?;)*) => {
        /// The kinds of heap object.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
        pub enum ObjKind {
            $($(#[$doc])* $variant,)*
        }

        impl ObjKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ObjKind] = &[$(ObjKind::$variant),*];
            /// The kind's name (`"Class"`, `"List"`, ...).
            pub fn name(self) -> &'static str {
                match self {
                    $(ObjKind::$variant => stringify!($variant),)*
                }
            }
        }

        /// A heap object.
        #[derive(Debug)]
        pub enum Obj {
            $($(#[$doc])* $variant(object_kinds!(@store $ty $($boxed)?)),)*
        }

        impl Obj {
            /// The object's kind.
            pub fn kind(&self) -> ObjKind {
                match self {
                    $(Obj::$variant(_) => ObjKind::$variant,)*
                }
            }

            /// Approximate bytes owned by this object, for GC pacing and the heap limit.
            pub fn size(&self) -> usize {
                std::mem::size_of::<Obj>()
                    + match self {
                        $(Obj::$variant(x) => x.owned_bytes(),)*
                    }
            }

            /// Calls `f` on every value the object refers to, in a fixed order per kind: the
            /// collector traces with it and the snapshot saver discovers objects with it.
            pub fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
                match self {
                    $(Obj::$variant(x) => x.for_each_ref(f),)*
                }
            }
        }

        $(
            impl crate::heap::HeapObj for $ty {
                const KIND: ObjKind = ObjKind::$variant;
                fn wrap(self) -> Obj {
                    Obj::$variant(object_kinds!(@wrap self $($boxed)?))
                }
                #[inline]
                fn peek(o: &Obj) -> Option<&Self> {
                    match o {
                        Obj::$variant(x) => Some(x),
                        _ => None,
                    }
                }
                #[inline]
                fn peek_mut(o: &mut Obj) -> Option<&mut Self> {
                    match o {
                        Obj::$variant(x) => Some(x),
                        _ => None,
                    }
                }
            }
        )*
    };
    (@store $ty:ident boxed) => { Box<$ty> };
    (@store $ty:ident) => { $ty };
    (@wrap $x:ident boxed) => { Box::new($x) };
    (@wrap $x:ident) => { $x };
}

object_kinds! {
    /// A class (and a metaclass).
    Class(ObjClass) boxed;
    /// A function with its captured upvalues.
    Closure(ObjClosure);
    /// A fiber: a stack, its frames and its open upvalues.
    Fiber(ObjFiber) boxed;
    /// Compiled code.
    Fn(ObjFn) boxed;
    /// An instance of a foreign class.
    Foreign(ObjForeign);
    /// An instance of a class written in Wren.
    Instance(ObjInstance);
    /// A list.
    List(ObjList);
    /// A map.
    Map(ObjMap);
    /// A module: its variables.
    Module(ObjModule) boxed;
    /// A range.
    Range(ObjRange);
    /// A string.
    String(ObjString);
    /// A captured variable.
    Upvalue(ObjUpvalue);
}

/// What each object type provides to the heap: the bytes it owns and the values it refers to.
pub trait ObjData {
    /// Bytes owned beyond the [`Obj`] itself (an estimate, for GC pacing and the heap limit).
    fn owned_bytes(&self) -> usize;
    /// Calls `f` on every value the object refers to, in a fixed order.
    fn for_each_ref(&self, f: &mut impl FnMut(Value));
}

const VALUE_BYTES: usize = std::mem::size_of::<Value>();

/// An immutable byte string (not necessarily UTF-8) with its cached hash. The bytes may be
/// shared with other strings of the same content (a restored snapshot stores each distinct
/// content once); identity is the object's, never the bytes'.
#[derive(Debug)]
pub struct ObjString {
    pub bytes: Rc<[u8]>,
    pub hash: u32,
}

impl ObjData for ObjString {
    fn owned_bytes(&self) -> usize {
        self.bytes.len()
    }
    fn for_each_ref(&self, _f: &mut impl FnMut(Value)) {}
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

impl ObjData for ObjList {
    fn owned_bytes(&self) -> usize {
        self.elements.capacity() * VALUE_BYTES
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        for v in &self.elements {
            f(*v);
        }
    }
}

#[derive(Debug, Default)]
pub struct ObjMap {
    pub table: MapTable,
}

impl ObjData for ObjMap {
    fn owned_bytes(&self) -> usize {
        self.table.heap_size()
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        for (k, v) in self.table.iter() {
            f(k);
            f(v);
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ObjRange {
    pub from: f64,
    pub to: f64,
    pub inclusive: bool,
}

impl ObjData for ObjRange {
    fn owned_bytes(&self) -> usize {
        0
    }
    fn for_each_ref(&self, _f: &mut impl FnMut(Value)) {}
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

impl ObjData for ObjClass {
    fn owned_bytes(&self) -> usize {
        std::mem::size_of::<ObjClass>() + self.methods.capacity() * std::mem::size_of::<Method>()
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        if let Some(m) = self.class {
            f(m.value());
        }
        if let Some(s) = self.superclass {
            f(s.value());
        }
        f(self.name.value());
        f(self.attributes);
        for m in &self.methods {
            if let Method::Block(cl) = m {
                f(cl.value());
            }
        }
    }
}

#[derive(Debug)]
pub struct ObjInstance {
    pub class: Handle<ObjClass>,
    pub fields: Box<[Value]>,
}

impl ObjData for ObjInstance {
    fn owned_bytes(&self) -> usize {
        self.fields.len() * VALUE_BYTES
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        f(self.class.value());
        for v in self.fields.iter() {
            f(*v);
        }
    }
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
    /// Source line of each code byte, run-length encoded.
    pub lines: Rc<crate::image::LineTable>,
}

impl ObjData for ObjFn {
    fn owned_bytes(&self) -> usize {
        std::mem::size_of::<ObjFn>()
            + self.code.len()
            + self.lines.bytes()
            + self.constants.len() * VALUE_BYTES
            + self.name.len()
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        for v in self.constants.iter() {
            f(*v);
        }
        if let Some(m) = self.module {
            f(m.value());
        }
    }
}

#[derive(Debug)]
pub struct ObjClosure {
    pub func: Handle<ObjFn>,
    pub upvalues: Box<[Handle<ObjUpvalue>]>,
}

impl ObjData for ObjClosure {
    fn owned_bytes(&self) -> usize {
        self.upvalues.len() * 4
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        f(self.func.value());
        for u in self.upvalues.iter() {
            f(u.value());
        }
    }
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

impl ObjData for ObjUpvalue {
    fn owned_bytes(&self) -> usize {
        0
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        // An open upvalue keeps its fiber alive.
        match self.state {
            UpvalueState::Open { fiber, .. } => f(fiber.value()),
            UpvalueState::Closed(v) => f(v),
        }
    }
}

/// How a fiber is being run: this decides where a runtime error goes (`Try`) and whether
/// `call` may run it (not `Root`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiberState {
    /// Run through `try()`: a runtime error returns to the caller instead of unwinding.
    Try,
    /// Started by the host (`interpret` or a call handle).
    Root,
    /// Neither: how `Fiber.new` makes a fiber, and what yielding resets one to (`call` and
    /// `transfer` keep the state).
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

impl ObjData for ObjFiber {
    fn owned_bytes(&self) -> usize {
        std::mem::size_of::<ObjFiber>()
            + self.stack.capacity() * VALUE_BYTES
            + self.frames.capacity() * std::mem::size_of::<CallFrame>()
            + self.open_upvalues.capacity() * 4
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        for v in &self.stack {
            f(*v);
        }
        for fr in &self.frames {
            f(fr.closure.value());
        }
        for u in &self.open_upvalues {
            f(u.value());
        }
        if let Some(c) = self.caller {
            f(c.value());
        }
        f(self.error);
    }
}

#[derive(Debug)]
pub struct ObjModule {
    /// `None` for the core module.
    pub name: Option<Handle<ObjString>>,
    pub variables: Vec<Value>,
    pub variable_names: Vec<Rc<str>>,
    pub(crate) index: std::collections::HashMap<Rc<str>, u32>,
}

impl ObjData for ObjModule {
    fn owned_bytes(&self) -> usize {
        std::mem::size_of::<ObjModule>() + self.variables.capacity() * (VALUE_BYTES + 24)
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        if let Some(n) = self.name {
            f(n.value());
        }
        for v in &self.variables {
            f(*v);
        }
    }
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
#[cfg(feature = "compiler")]
    /// Appends a variable (the caller checks the limit). Returns its index.
    pub fn push(&mut self, name: &str, value: Value) -> u32 {
        self.push_shared(name.into(), value)
    }
#[cfg(feature = "compiler")]
    /// [`ObjModule::push`] with a name that may be shared with other modules.
    pub fn push_shared(&mut self, name: Rc<str>, value: Value) -> u32 {
        let i = self.variables.len() as u32;
        self.variables.push(value);
        self.variable_names.push(name.clone());
        self.index.insert(name, i);
        i
    }
#[cfg(feature = "compiler")]
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

impl ObjData for ObjForeign {
    fn owned_bytes(&self) -> usize {
        self.data.capacity()
    }
    fn for_each_ref(&self, f: &mut impl FnMut(Value)) {
        f(self.class.value());
    }
}

