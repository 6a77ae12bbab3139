//! Images: a whole VM as plain data, and the only road from untrusted data back to a VM.
//!
//! An [`Image`] is an owned, index-based model of every object a VM can reach from its roots,
//! paused fibers included. Objects are grouped by kind in a fixed order ([`KINDS`]): all
//! strings first, then ranges, lists and so on. An object's *number* is its position in that
//! sequence, so the kind of a reference is known from its number alone, and a restored heap
//! puts object `n` in arena slot `n`. References are `u32` object numbers: typed fields hold an
//! [`ObjId`], and value fields hold a [`Value`] whose object payload is an object number.
//!
//! The three steps, each the only way to the next:
//!
//! 1. [`Vm::to_image`](crate::Vm::to_image) writes what is reachable, in a deterministic order
//!    (see `save.rs`);
//! 2. [`verify`] checks every invariant the interpreter, the collector and the core library
//!    rely on, and is the only way to construct a [`VerifiedImage`] (see `verify.rs` for the
//!    order of the checks);
//! 3. [`Vm::from_image`](crate::Vm::from_image) installs a verified image into a fresh heap,
//!    binds foreign methods and classes through the host, and rebuilds every piece of derived
//!    state (map tables, string hashes, module variable indexes, the number-operator fast
//!    path, the primitive and foreign tables) instead of reading it (see `install.rs`).
//!
//! The byte format lives in the `wren-snapshot` crate; this module never sees bytes.

use std::rc::Rc;

pub use crate::object::{FiberState, ObjKind};
use crate::value::{Value, ValueKind};

/// Declares a table of rejection rules: an enum whose variants each carry a stable name (used
/// by fixtures and SECURITY.md) and a doc sentence saying what the rule rejects, with `ALL`,
/// `name()` and `doc()`. The decoder's `DecodeRule` and the verifier's `Rule` are two.
macro_rules! rule_table {
    ($(#[$meta:meta])* $rule:ident { $( $variant:ident $name:literal $doc:literal; )* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $rule {
            $( #[doc = $doc] $variant, )*
        }
        impl $rule {
            /// Every rule.
            pub const ALL: &'static [$rule] = &[$($rule::$variant),*];
            /// The rule's stable name.
            pub fn name(self) -> &'static str {
                match self { $($rule::$variant => $name,)* }
            }
            /// What the rule rejects.
            pub fn doc(self) -> &'static str {
                match self { $($rule::$variant => $doc,)* }
            }
        }
    };
}
use rule_table;

mod code;
mod install;
mod lines;
mod save;
mod verify;
pub mod wire;

pub use install::{BindError, ForkError};
pub use lines::LineTable;
pub use save::SaveError;
pub use verify::{
    rule_named, signature_arity, verify, verify_with, CodeSite, Limits, Rule, VerifiedImage,
    VerifyError,
};

/// A hash of every primitive's stable name, in id order: an image records it, so that only a
/// build with the same primitives loads it (method tables name primitives by id).
pub fn primitives_fingerprint() -> u64 {
    crate::core::primitives_fingerprint()
}

/// An object number: the object's index in the image (and its arena slot once installed).
pub type ObjId = u32;

/// The kinds of object, in image order (the wire format's, fixed by `snapshot/FORMAT.md`,
/// independent of [`ObjKind`]'s declaration order). Each kind's objects form one contiguous
/// run of object numbers.
pub const KINDS: [ObjKind; ObjKind::ALL.len()] = [
    ObjKind::String,
    ObjKind::Range,
    ObjKind::List,
    ObjKind::Map,
    ObjKind::Module,
    ObjKind::Fn,
    ObjKind::Closure,
    ObjKind::Upvalue,
    ObjKind::Class,
    ObjKind::Instance,
    ObjKind::Foreign,
    ObjKind::Fiber,
];

/// [`KINDS`] inverted: the image position of each kind, by `ObjKind` discriminant. Building
/// it checks, at compile time, that [`KINDS`] lists every kind exactly once.
const KIND_POSITIONS: [u8; ObjKind::ALL.len()] = {
    let mut t = [u8::MAX; ObjKind::ALL.len()];
    let mut i = 0;
    while i < KINDS.len() {
        assert!(t[KINDS[i] as usize] == u8::MAX, "a kind twice in KINDS");
        t[KINDS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// The position of `kind` in [`KINDS`].
pub fn kind_index(kind: ObjKind) -> usize {
    KIND_POSITIONS[kind as usize] as usize
}

/// A string: its bytes (any bytes, not necessarily UTF-8). Strings of equal content may share
/// one allocation; each is still its own object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringObj {
    /// The contents: any bytes, not necessarily UTF-8 (shared with the VM's string, not
    /// copied, when saving and installing).
    pub bytes: Rc<[u8]>,
}

/// A range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeObj {
    /// The first bound, as written (`from` in `from..to`).
    pub from: f64,
    /// The second bound; it may be below `from` (a descending range).
    pub to: f64,
    /// `true` for `..` (`to` included), `false` for `...` (`to` excluded).
    pub inclusive: bool,
}

/// A list.
#[derive(Clone, Debug, Default)]
pub struct ListObj {
    /// The elements, index 0 first (at most [`Limits::max_list_elements`] to verify).
    pub elements: Vec<Value>,
}

/// One entry of a map, with the slot it occupies in the map's table.
#[derive(Clone, Copy, Debug)]
pub struct MapEntry {
    /// The entry's index in the map's table: below the map's capacity. It need not be the
    /// key's home slot (collisions probe onwards).
    pub slot: u32,
    /// The key: `null`, a boolean, a number, a string, a range or a class, distinct within
    /// the map.
    pub key: Value,
    /// The value stored under the key: any value.
    pub value: Value,
}

/// A map: its entries in slot order, and the table's capacity.
///
/// Iteration order is observable (`for (key in map.keys)`) and depends on the history of
/// insertions and removals, not only on the keys, so each entry keeps its slot. The table is
/// rebuilt on install: hashes are recomputed, and the probe paths between each key's home
/// slot and its entry are marked as used.
#[derive(Clone, Debug, Default)]
pub struct MapObj {
    /// 0 for an empty map; otherwise a power of two, at least 16.
    pub capacity: u32,
    /// Sorted by slot, each slot below `capacity`.
    pub entries: Vec<MapEntry>,
}

/// A module: its name (a string; `None` for the core module) and its variables.
#[derive(Clone, Debug, Default)]
pub struct ModuleObj {
    /// The module's name, a string object; `None` only for the core module.
    pub name: Option<ObjId>,
    /// Variable names, in definition order (an index is a `LOAD_MODULE_VAR` operand).
    pub names: Vec<Rc<str>>,
    /// Variable values, one per name.
    pub values: Vec<Value>,
}

/// A compiled function.
#[derive(Clone, Debug, Default)]
pub struct FnObj {
    /// The module whose variables it uses (`None` for host call stubs).
    pub module: Option<ObjId>,
    /// The number of parameters, the receiver not counted (at most 16).
    pub arity: u32,
    /// Stack slots it needs beyond its base.
    pub max_slots: u32,
    /// The number of upvalues each closure of it captures (at most 256).
    pub num_upvalues: u32,
    /// The bytecode, shared with the VM's function (saving and installing do not copy it).
    pub code: Rc<[u8]>,
    /// The constant table, indexed by `Constant`, `Name`, `SuperClass` and `Function`
    /// operands (at most 65,536). Unlike other values, a constant may refer to a function
    /// (the operand of `CLOSURE`).
    pub constants: Vec<Value>,
    /// Debug information: `None` when stripped.
    pub debug: Option<FnDebug>,
}

/// A function's debug information.
#[derive(Clone, Debug, Default)]
pub struct FnDebug {
    /// The name shown in stack traces.
    pub name: Rc<str>,
    /// The source line of each code byte (shared like the code).
    pub lines: Rc<LineTable>,
}

/// A closure: a function and its captured upvalues.
#[derive(Clone, Debug)]
pub struct ClosureObj {
    /// The function it runs (a function object).
    pub func: ObjId,
    /// Its captured variables (upvalue objects), as many as the function's `num_upvalues`.
    pub upvalues: Vec<ObjId>,
}

/// An upvalue.
#[derive(Clone, Copy, Debug)]
pub enum UpvalueObj {
    /// Still a slot of a fiber's stack.
    Open {
        /// The fiber whose stack holds the variable (it lists this upvalue among its open
        /// upvalues).
        fiber: ObjId,
        /// The variable's absolute index in that fiber's stack.
        slot: u32,
    },
    /// Moved off the stack when its variable went out of scope: the captured value itself.
    Closed(Value),
}

/// How a method is implemented, as an image names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodRef {
    /// The primitive named `image.primitives[i]`.
    Primitive(u32),
    /// `Fn.call(...)`.
    FnCall,
    /// The host method named `image.foreign_methods[i]`.
    Foreign(u32),
    /// A closure written in Wren.
    Block(ObjId),
}

/// A class.
#[derive(Clone, Debug)]
pub struct ClassObj {
    /// Its class: its metaclass, or `Class` for a metaclass.
    pub metaclass: ObjId,
    /// `None` only for `Object`.
    pub superclass: Option<ObjId>,
    /// A string.
    pub name: ObjId,
    /// Fields including inherited ones.
    pub num_fields: u32,
    /// For a foreign class, the module whose binder supplies its allocator and finalizer.
    pub foreign_module: Option<Rc<str>>,
    /// `null`, or the value built from its `#!` attributes.
    pub attributes: Value,
    /// The bound methods by symbol, in ascending symbol order.
    pub methods: Vec<(u32, MethodRef)>,
}

/// An instance of a class written in Wren.
#[derive(Clone, Debug)]
pub struct InstanceObj {
    /// Its class: a class written in Wren (not a metaclass, not foreign, not built in).
    pub class: ObjId,
    /// Its field values, inherited fields first, exactly the class's `num_fields`.
    pub fields: Vec<Value>,
}

/// An instance of a foreign class: its bytes.
#[derive(Clone, Debug)]
pub struct ForeignObj {
    /// Its class: a foreign class, not a metaclass.
    pub class: ObjId,
    /// The opaque payload the host's allocator made; the class's `validate` hook may reject
    /// it on install.
    pub data: Vec<u8>,
}

/// One activation record of a fiber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameObj {
    /// The closure it runs (an object number).
    pub closure: ObjId,
    /// The code offset of its next instruction.
    pub ip: u32,
    /// The stack index of its slot 0 (the receiver).
    pub base: u32,
}

/// A fiber, running or not.
#[derive(Clone, Debug)]
pub struct FiberObj {
    /// How it was started, which decides where a runtime error goes.
    pub state: FiberState,
    /// `null` unless it was aborted.
    pub error: Value,
    /// The fiber that called or tried it, to return to when it yields or finishes.
    pub caller: Option<ObjId>,
    /// The whole value stack, slot 0 first. With frames, its length is exactly the top
    /// frame's base plus the stack height its code has at its `ip`.
    pub stack: Vec<Value>,
    /// Frames, oldest first.
    pub frames: Vec<FrameObj>,
    /// The open upvalues into its stack, sorted by slot.
    pub open_upvalues: Vec<ObjId>,
}

/// The classes the VM itself needs, by role.
///
/// Each is a class object, which must have the name [`CoreRoots::named`] pairs it with and
/// be the core module's variable of that name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreRoots {
    /// `Object`, the root of every superclass chain.
    pub object: ObjId,
    /// `Class`, the class of every metaclass (and of itself).
    pub class: ObjId,
    /// `Bool`, the class of `true` and `false`.
    pub bool: ObjId,
    /// `Fiber`.
    pub fiber: ObjId,
    /// `Fn`, the class of closures.
    pub fn_: ObjId,
    /// `Null`, the class of `null`.
    pub null: ObjId,
    /// `Num`, the class of numbers.
    pub num: ObjId,
    /// `String`.
    pub string: ObjId,
    /// `List`.
    pub list: ObjId,
    /// `Map`.
    pub map: ObjId,
    /// `Range`.
    pub range: ObjId,
}

impl CoreRoots {
    /// Each root with the name its class must have, in a fixed order.
    pub fn named(&self) -> [(&'static str, ObjId); 11] {
        [
            ("Object", self.object),
            ("Class", self.class),
            ("Bool", self.bool),
            ("Fiber", self.fiber),
            ("Fn", self.fn_),
            ("Null", self.null),
            ("Num", self.num),
            ("String", self.string),
            ("List", self.list),
            ("Map", self.map),
            ("Range", self.range),
        ]
    }
    /// Builds the roots from the order of [`CoreRoots::named`].
    pub fn from_array(a: [ObjId; 11]) -> CoreRoots {
        CoreRoots {
            object: a[0],
            class: a[1],
            bool: a[2],
            fiber: a[3],
            fn_: a[4],
            null: a[5],
            num: a[6],
            string: a[7],
            list: a[8],
            map: a[9],
            range: a[10],
        }
    }
}

/// Where everything starts.
#[derive(Clone, Debug)]
pub struct Roots {
    /// The classes the VM itself needs.
    pub core: CoreRoots,
    /// The module registry: a map from module name (a string, or `null` for the core module)
    /// to module.
    pub modules: ObjId,
    /// The fiber to run when the VM resumes (set when the VM was paused).
    pub fiber: Option<ObjId>,
    /// The module `IMPORT_VARIABLE` reads from.
    pub last_module: Option<ObjId>,
    /// Values the host keeps alive, by handle number (`None` for a released handle).
    pub handles: Vec<Option<Value>>,
}

/// The name of a host method: what the host's `bind_foreign_method` receives.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ForeignMethodName {
    /// The name of the module that declares the class.
    pub module: Rc<str>,
    /// The name of the class that declares the method.
    pub class: Rc<str>,
    /// Whether it is a `static` method (bound on the metaclass).
    pub is_static: bool,
    /// The method's signature, as `bump()`, `x=(_)` or `[_,_]`.
    pub signature: Rc<str>,
}

impl std::fmt::Display for ForeignMethodName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.is_static { "static " } else { "" };
        write!(
            f,
            "{s}{}.{} in module '{}'",
            self.class, self.signature, self.module
        )
    }
}

/// A whole VM as plain data. See the [module documentation](self).
///
/// The twelve object vectors are the runs of object numbers in [`KINDS`] order: the strings
/// are objects `0..strings.len()`, the ranges follow, and so on ([`Image::layout`]).
#[derive(Clone, Debug)]
pub struct Image {
    /// The strings: the first run of object numbers.
    pub strings: Vec<StringObj>,
    /// The ranges, after the strings.
    pub ranges: Vec<RangeObj>,
    /// The lists, after the ranges.
    pub lists: Vec<ListObj>,
    /// The maps, after the lists.
    pub maps: Vec<MapObj>,
    /// The modules, after the maps.
    pub modules: Vec<ModuleObj>,
    /// The compiled functions, after the modules.
    pub fns: Vec<FnObj>,
    /// The closures, after the functions.
    pub closures: Vec<ClosureObj>,
    /// The upvalues, after the closures.
    pub upvalues: Vec<UpvalueObj>,
    /// The classes (metaclasses included), after the upvalues.
    pub classes: Vec<ClassObj>,
    /// The instances of classes written in Wren, after the classes.
    pub instances: Vec<InstanceObj>,
    /// The instances of foreign classes, after the instances.
    pub foreigns: Vec<ForeignObj>,
    /// The fibers: the last run of object numbers.
    pub fibers: Vec<FiberObj>,
    /// The method symbol table: signatures, by symbol.
    pub symbols: Vec<Rc<str>>,
    /// The names of the primitives that method tables use (`List.add(_)`,
    /// `Num metaclass.fromString(_)`).
    pub primitives: Vec<Rc<str>>,
    /// The names of the host methods that method tables use.
    pub foreign_methods: Vec<ForeignMethodName>,
    /// Where reachability starts: the core classes, the module registry, the paused fiber,
    /// the last module and the host's handles.
    pub roots: Roots,
}

impl Image {
    /// Objects of each kind, in [`KINDS`] order.
    pub fn census(&self) -> [usize; 12] {
        [
            self.strings.len(),
            self.ranges.len(),
            self.lists.len(),
            self.maps.len(),
            self.modules.len(),
            self.fns.len(),
            self.closures.len(),
            self.upvalues.len(),
            self.classes.len(),
            self.instances.len(),
            self.foreigns.len(),
            self.fibers.len(),
        ]
    }

    /// The object numbering: where each kind's run starts.
    pub fn layout(&self) -> Layout {
        Layout::new(self.census())
    }

    /// Every object, in number order.
    pub fn len(&self) -> usize {
        self.census().iter().sum()
    }

    /// Whether the image has no objects (it cannot then pass verification).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any function carries debug information.
    pub fn has_debug_info(&self) -> bool {
        self.fns.iter().any(|f| f.debug.is_some())
    }

    /// Drops every function's name and line table.
    pub fn strip_debug(&mut self) {
        for f in &mut self.fns {
            f.debug = None;
        }
    }
}

/// Where each kind's run of object numbers starts, and its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    starts: [u64; 13],
}

impl Layout {
    /// The numbering for `census`, the number of objects of each kind in [`KINDS`] order (as
    /// [`Image::census`] gives it): each kind's run starts where the previous one ends.
    pub fn new(census: [usize; 12]) -> Layout {
        let mut starts = [0u64; 13];
        for (i, n) in census.iter().enumerate() {
            starts[i + 1] = starts[i] + *n as u64;
        }
        Layout { starts }
    }
    /// Number of objects.
    pub fn total(&self) -> u64 {
        self.starts[12]
    }
    /// The first object number of `kind`.
    pub fn start(&self, kind: ObjKind) -> u32 {
        self.starts[kind_index(kind)] as u32
    }
    /// Objects of `kind`.
    pub fn count(&self, kind: ObjKind) -> usize {
        let i = kind_index(kind);
        (self.starts[i + 1] - self.starts[i]) as usize
    }
    /// The kind of object `id` and its index among its kind, if `id` is in range.
    pub fn locate(&self, id: ObjId) -> Option<(ObjKind, usize)> {
        let id = id as u64;
        if id >= self.total() {
            return None;
        }
        // Twelve kinds: a linear scan beats a binary search.
        let k = (0..12).find(|&k| id < self.starts[k + 1])?;
        Some((KINDS[k], (id - self.starts[k]) as usize))
    }
    /// Whether `id` is an object of `kind`.
    #[inline]
    pub fn is(&self, id: ObjId, kind: ObjKind) -> bool {
        let i = kind_index(kind);
        let id = id as u64;
        id >= self.starts[i] && id < self.starts[i + 1]
    }
    /// The index of `id` among objects of `kind` (`id` must be one).
    #[inline]
    pub fn index(&self, id: ObjId, kind: ObjKind) -> usize {
        (id as u64 - self.starts[kind_index(kind)]) as usize
    }
    /// The object number of the `index`th object of `kind`.
    #[inline]
    pub fn id(&self, kind: ObjKind, index: usize) -> ObjId {
        (self.starts[kind_index(kind)] + index as u64) as ObjId
    }
}

/// The object a value refers to, if any.
#[inline]
pub fn value_ref(v: Value) -> Option<ObjId> {
    match v.kind() {
        ValueKind::Obj(r) => Some(r.index()),
        _ => None,
    }
}

/// Whether a kind of object may appear where a value is stored (a stack slot, a field, a list
/// element, a constant, ...). Functions are only reachable through closures and `CLOSURE`
/// constants, and upvalues only through closures and fibers: the core library would
/// misbehave on either as a value (an `Fn` method expects a closure as its receiver).
pub fn kind_is_value(kind: ObjKind) -> bool {
    !matches!(kind, ObjKind::Fn | ObjKind::Upvalue)
}

impl Image {
    /// Applies `f` to every object number the image holds: typed references, values, frames
    /// and roots. Tools that add or remove objects (tests, fuzzers, converters) renumber with
    /// it.
    pub fn remap_references(&mut self, mut f: impl FnMut(ObjId) -> ObjId) {
        let value = |v: &mut Value, f: &mut dyn FnMut(ObjId) -> ObjId| {
            if let Some(r) = value_ref(*v) {
                *v = Value::obj(crate::value::ObjRef::from_index(f(r)));
            }
        };
        let f = &mut f as &mut dyn FnMut(ObjId) -> ObjId;
        for l in &mut self.lists {
            l.elements.iter_mut().for_each(|v| value(v, f));
        }
        for m in &mut self.maps {
            for e in &mut m.entries {
                value(&mut e.key, f);
                value(&mut e.value, f);
            }
        }
        for m in &mut self.modules {
            if let Some(n) = &mut m.name {
                *n = f(*n);
            }
            m.values.iter_mut().for_each(|v| value(v, f));
        }
        for func in &mut self.fns {
            if let Some(m) = &mut func.module {
                *m = f(*m);
            }
            func.constants.iter_mut().for_each(|v| value(v, f));
        }
        for c in &mut self.closures {
            c.func = f(c.func);
            c.upvalues.iter_mut().for_each(|u| *u = f(*u));
        }
        for u in &mut self.upvalues {
            match u {
                UpvalueObj::Open { fiber, .. } => *fiber = f(*fiber),
                UpvalueObj::Closed(v) => value(v, f),
            }
        }
        for c in &mut self.classes {
            c.metaclass = f(c.metaclass);
            if let Some(s) = &mut c.superclass {
                *s = f(*s);
            }
            c.name = f(c.name);
            value(&mut c.attributes, f);
            for (_, m) in &mut c.methods {
                if let MethodRef::Block(b) = m {
                    *b = f(*b);
                }
            }
        }
        for x in &mut self.instances {
            x.class = f(x.class);
            x.fields.iter_mut().for_each(|v| value(v, f));
        }
        for x in &mut self.foreigns {
            x.class = f(x.class);
        }
        for fb in &mut self.fibers {
            value(&mut fb.error, f);
            if let Some(c) = &mut fb.caller {
                *c = f(*c);
            }
            fb.stack.iter_mut().for_each(|v| value(v, f));
            for fr in &mut fb.frames {
                fr.closure = f(fr.closure);
            }
            fb.open_upvalues.iter_mut().for_each(|u| *u = f(*u));
        }
        let r = &mut self.roots;
        let mut core = r.core.named().map(|(_, c)| f(c));
        r.core = CoreRoots::from_array(std::mem::take(&mut core));
        r.modules = f(r.modules);
        if let Some(x) = &mut r.fiber {
            *x = f(*x);
        }
        if let Some(x) = &mut r.last_module {
            *x = f(*x);
        }
        for v in r.handles.iter_mut().flatten() {
            value(v, f);
        }
    }

    /// Makes room for `count` more objects of `kind` at the end of its run: every object
    /// number after the run moves up by `count`. The caller then pushes the objects.
    pub fn make_room(&mut self, kind: ObjKind, count: usize) {
        let layout = self.layout();
        let end = layout.start(kind) as u64 + layout.count(kind) as u64;
        self.remap_references(|id| {
            if id as u64 >= end {
                id + count as u32
            } else {
                id
            }
        });
    }
}
