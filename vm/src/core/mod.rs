//! The core library: primitives written in Rust, the rest in Wren (`core.wren`).
//!
//! Every primitive has a stable name, `Class.signature` for instance methods and
//! `Class metaclass.signature` for static ones (for example `List.add(_)`,
//! `Num metaclass.fromString(_)`). Method tables refer to primitives by their index in
//! [`primitives()`]; a snapshot refers to them by name.

use std::sync::OnceLock;

use crate::heap::Handle;
use crate::object::*;
use crate::value::{Value, ValueKind};
use crate::vm::{ForeignClassMethods, ForeignMethodFn, Vm};

mod fiber;
mod list;
mod map;
mod num;
mod object;
mod range;
mod string;

/// The result of a primitive.
pub enum Prim {
    /// Replace the receiver slot with this value and pop the arguments.
    Ret(Value),
    /// Raise a runtime error with this value.
    Err(Value),
    /// The primitive switched fibers or pushed a frame; the interpreter reloads its state.
    Switched,
}

/// A primitive: receives the VM, the stack index of the receiver (`args`; the arguments follow
/// it) and the argument count.
pub type PrimFn = fn(&mut Vm, usize, usize) -> Prim;

/// One primitive binding.
pub struct PrimDef {
    /// The class it is bound to (`"List"`, or `"List metaclass"` for a static method).
    pub class: &'static str,
    /// The method signature (`add(_)`, `[_]=(_)`, `count`, ...).
    pub sig: &'static str,
    /// The stable name: `Class.signature` (what images name it by).
    pub name: &'static str,
    pub func: PrimFn,
}

impl PrimDef {
    /// The stable name: `Class.signature`.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// Shorthand for declaring primitive tables.
macro_rules! prims {
    ($( $class:literal $sig:literal => $f:expr ),* $(,)?) => {
        &[ $( $crate::core::PrimDef {
            class: $class,
            sig: $sig,
            name: concat!($class, ".", $sig),
            func: $f,
        } ),* ]
    };
}
pub(crate) use prims;

/// All primitives, in id order.
pub fn primitives() -> &'static [&'static PrimDef] {
    static TABLE: OnceLock<Vec<&'static PrimDef>> = OnceLock::new();
    TABLE.get_or_init(|| {
        [
            object::PRIMS,
            fiber::PRIMS,
            num::PRIMS,
            string::PRIMS,
            list::PRIMS,
            map::PRIMS,
            range::PRIMS,
        ]
        .iter()
        .flat_map(|t| t.iter())
        .collect()
    })
}

#[inline]
pub fn primitive(id: u16) -> &'static PrimDef {
    primitives()[id as usize]
}

/// The id of the primitive with stable name `name`.
pub fn primitive_id(name: &str) -> Option<u16> {
    // The keys are this build's own names: a fast hash is safe (lookups of crafted names
    // cannot degrade a table they do not fill).
    type Index = std::collections::HashMap<
        &'static str,
        u16,
        std::hash::BuildHasherDefault<crate::utf8::Fnv64>,
    >;
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            primitives()
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name(), i as u16))
                .collect()
        })
        .get(name)
        .copied()
}

/// A hash of every primitive's stable name, in id order: the snapshot header's build
/// fingerprint, so that an image is only loaded by a build with the same primitives.
pub fn primitives_fingerprint() -> u64 {
    static HASH: OnceLock<u64> = OnceLock::new();
    *HASH.get_or_init(|| {
        let mut h = crate::utf8::Fnv64::new();
        for p in primitives() {
            h.write(p.name().as_bytes());
            h.write(&[0]);
        }
        h.finish()
    })
}

/// Every primitive's stable name, in id order.
pub fn primitive_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| primitives().iter().map(|p| p.name()).collect())
}

/// Handles to the classes the VM itself needs.
#[derive(Clone, Copy, Debug)]
pub struct CoreClasses {
    pub object: Handle<ObjClass>,
    pub class: Handle<ObjClass>,
    pub bool: Handle<ObjClass>,
    pub fiber: Handle<ObjClass>,
    pub fn_: Handle<ObjClass>,
    pub null: Handle<ObjClass>,
    pub num: Handle<ObjClass>,
    pub string: Handle<ObjClass>,
    pub list: Handle<ObjClass>,
    pub map: Handle<ObjClass>,
    pub range: Handle<ObjClass>,
}

impl CoreClasses {
    pub(crate) fn placeholder(h: Handle<ObjClass>) -> CoreClasses {
        CoreClasses {
            object: h,
            class: h,
            bool: h,
            fiber: h,
            fn_: h,
            null: h,
            num: h,
            string: h,
            list: h,
            map: h,
            range: h,
        }
    }
    /// The built-in classes no class may inherit from, and whose values are never instances.
    pub fn sealed(&self) -> [Handle<ObjClass>; 10] {
        [
            self.class,
            self.fiber,
            self.fn_,
            self.list,
            self.map,
            self.range,
            self.string,
            self.bool,
            self.null,
            self.num,
        ]
    }
    /// Every handle (for use as GC roots).
    pub fn all(&self) -> impl Iterator<Item = Handle<ObjClass>> {
        [
            self.object,
            self.class,
            self.bool,
            self.fiber,
            self.fn_,
            self.null,
            self.num,
            self.string,
            self.list,
            self.map,
            self.range,
        ]
        .into_iter()
        .filter(|h| h.index() != u32::MAX)
    }
}

#[cfg(feature = "compiler")]
/// The Wren half of the core library.
pub const CORE_SOURCE: &str = include_str!("core.wren");

/// A raw class with no metaclass yet. It starts with a copy of its superclass's methods, as in
/// the reference (methods added to the superclass later are not inherited).
fn raw_class(
    vm: &mut Vm,
    name: Handle<ObjString>,
    superclass: Option<Handle<ObjClass>>,
    num_fields: u32,
    is_foreign: bool,
) -> Handle<ObjClass> {
    let methods = match superclass {
        Some(s) => vm.heap.get(s).methods.clone(),
        None => Vec::new(),
    };
    vm.heap.alloc(ObjClass {
        class: None,
        superclass,
        num_fields,
        is_foreign,
        methods,
        name,
        attributes: Value::NULL,
    })
}

/// [`raw_class`] with a name given as text.
fn raw_class_named(
    vm: &mut Vm,
    name: &str,
    superclass: Option<Handle<ObjClass>>,
) -> Handle<ObjClass> {
    let name = vm.heap.new_string(name.as_bytes());
    raw_class(vm, name, superclass, 0, false)
}

/// Creates a class and its metaclass (`<name> metaclass`, a subclass of `Class`).
pub fn define_class(
    vm: &mut Vm,
    name: Handle<ObjString>,
    superclass: Option<Handle<ObjClass>>,
    num_fields: u32,
    is_foreign: bool,
) -> Handle<ObjClass> {
    let meta_name = format!("{} metaclass", vm.heap.get(name).lossy());
    let meta = raw_class_named(vm, &meta_name, Some(vm.core.class));
    vm.heap.get_mut(meta).class = Some(vm.core.class);
    let class = raw_class(vm, name, superclass, num_fields, is_foreign);
    vm.heap.get_mut(class).class = Some(meta);
    class
}

#[cfg(feature = "compiler")]
fn bind(vm: &mut Vm, class: Handle<ObjClass>, sig: &str, m: Method) {
    let sym = vm.method_names.ensure(sig) as usize;
    let methods = &mut vm.heap.get_mut(class).methods;
    if methods.len() <= sym {
        methods.resize(sym + 1, Method::None);
    }
    methods[sym] = m;
}

#[cfg(feature = "compiler")]
fn core_var(vm: &mut Vm, name: &str) -> Handle<ObjClass> {
    let core = vm.find_module(None).expect("core module");
    let m = vm.heap.get(core);
    let v = m.variables[m.find(name).unwrap_or_else(|| panic!("core lacks {name}")) as usize];
    vm.heap.cast(v).expect("core variable is a class")
}

/// The core library as an image: made from `core.wren` by `scripts/make-core-image.sh`;
/// `vm/tests/core_image.rs` fails when it is stale.
static CORE_IMAGE: &[u8] = include_bytes!("core.snap");

/// The built-in core image, decoded and verified like any other image (`None` if it was made
/// by another build: its fingerprints differ).
pub(crate) fn builtin_image() -> Option<crate::image::VerifiedImage> {
    let decoded = crate::image::wire::decode::decode(CORE_IMAGE).ok()?;
    crate::image::verify(decoded.image).ok()
}

/// Builds the core module: `Object`, `Class` and `Object metaclass` by hand, then compiles
/// `core.wren`, then binds every primitive.
#[cfg(feature = "compiler")]
pub(crate) fn bootstrap(vm: &mut Vm) {
    vm.compiling += 1;
    let core = vm.get_or_create_module(None);

    // Each class copies its superclass's methods when it is created, so each one's
    // primitives are bound before its subclass exists.
    let object = raw_class_named(vm, "Object", None);
    vm.heap.get_mut(core).push("Object", object.value());
    vm.core.object = object;
    bind_prims_of(vm, &["Object"]);
    let class = raw_class_named(vm, "Class", Some(object));
    vm.heap.get_mut(core).push("Class", class.value());
    vm.core.class = class;
    bind_prims_of(vm, &["Class"]);
    let object_meta = raw_class_named(vm, "Object metaclass", Some(class));
    vm.heap
        .get_mut(core)
        .push("Object metaclass", object_meta.value());
    vm.heap.get_mut(object).class = Some(object_meta);
    vm.heap.get_mut(object_meta).class = Some(class);
    vm.heap.get_mut(class).class = Some(class);
    bind_prims_of(vm, &["Object metaclass"]);

    vm.compiling -= 1;
    vm.bootstrapping = true;
    let result = vm.interpret_core(CORE_SOURCE);
    vm.bootstrapping = false;
    assert!(result, "core library failed to load");
    vm.compiling += 1;

    vm.core.bool = core_var(vm, "Bool");
    vm.core.fiber = core_var(vm, "Fiber");
    vm.core.fn_ = core_var(vm, "Fn");
    vm.core.null = core_var(vm, "Null");
    vm.core.num = core_var(vm, "Num");
    vm.core.string = core_var(vm, "String");
    vm.core.list = core_var(vm, "List");
    vm.core.map = core_var(vm, "Map");
    vm.core.range = core_var(vm, "Range");

    bind_prims_of(vm, &[]);
    // `Fn.call(...)` with 0 to 16 arguments.
    let fn_class = vm.core.fn_;
    for n in 0..=crate::limits::MAX_PARAMETERS {
        let sig = if n == 0 {
            "call()".to_string()
        } else {
            format!("call({})", vec!["_"; n].join(","))
        };
        bind(vm, fn_class, &sig, Method::FnCall);
    }
    // Operators on two numbers that the interpreter computes without a call.
    vm.compute_num_ops();
    vm.compiling -= 1;
}

#[cfg(feature = "compiler")]
/// Binds the primitives of the named classes (all classes when `only` is empty). Classes that
/// inherit a rebound method keep the copy they took, so core classes bind their own methods.
fn bind_prims_of(vm: &mut Vm, only: &[&str]) {
    for (id, p) in primitives().iter().enumerate() {
        let (class_name, is_static) = match p.class.strip_suffix(" metaclass") {
            Some(c) if c != "Object" => (c, true),
            _ => (p.class, false),
        };
        if !only.is_empty() && !only.contains(&p.class) {
            continue;
        }
        if only.is_empty() && ["Object", "Class", "Object metaclass"].contains(&p.class) {
            continue;
        }
        let mut class = core_var(vm, class_name);
        if is_static {
            class = vm.heap.get(class).class.expect("metaclass");
        }
        bind(vm, class, p.sig, Method::Primitive(id as u16));
    }
}

#[cfg(feature = "compiler")]
impl Vm {
    /// Runs the core library source in the core module.
    fn interpret_core(&mut self, source: &str) -> bool {
        match self.compile_body(None, source) {
            Ok(closure) => {
                self.start_fiber(closure);
                self.run().is_ok()
            }
            Err(_) => false,
        }
    }
}

/// Sources of the modules built into the VM (`meta`, `random`).
#[cfg(feature = "compiler")]
pub fn builtin_module_source(name: &str) -> Option<&'static str> {
    crate::optional::module_source(name)
}

/// Foreign methods built into the VM's optional modules.
pub fn builtin_foreign_method(
    module: &str,
    class: &str,
    is_static: bool,
    sig: &str,
) -> Option<ForeignMethodFn> {
    crate::optional::foreign_method(module, class, is_static, sig)
}

/// Foreign classes built into the VM's optional modules.
pub fn builtin_foreign_class(module: &str, class: &str) -> Option<ForeignClassMethods> {
    crate::optional::foreign_class(module, class)
}

/// `FOREIGN_CONSTRUCT`: runs the class's allocator with the constructor's arguments; it leaves
/// the new instance in slot `base`.
pub(crate) fn foreign_construct(
    vm: &mut Vm,
    class: Handle<ObjClass>,
    base: usize,
) -> Result<(), Value> {
    // With no allocator bound the class stays in the slot, so the initializer call that
    // follows reports that the metaclass lacks it (as the reference's runner does).
    let Some(alloc) = vm.foreign_classes.get(&class).map(|b| b.allocate) else {
        return Ok(());
    };
    let f = vm.foreign_methods[alloc as usize].clone();
    // The constructor's arguments stay for the initializer.
    vm.call_foreign(&f, base, false)
}

// ---- Argument validation helpers shared by the primitive modules ------------------------------

/// `args[i]` of a primitive call.
#[inline]
pub fn arg(vm: &Vm, args: usize, i: usize) -> Value {
    vm.stack[args + i]
}

/// The number in `v`, or the runtime error "`<name>` must be a number.".
#[inline]
pub fn validate_num(vm: &mut Vm, v: Value, name: &str) -> Result<f64, Prim> {
    match v.as_num() {
        Some(n) => Ok(n),
        None => Err(vm.err(&format!("{name} must be a number."))),
    }
}

/// Whether `n` has no fractional part (C's `trunc(n) == n`: infinities count, NaN does not),
/// without a call to `trunc` (which is a library call on baseline x86-64).
#[inline]
pub fn is_integer(n: f64) -> bool {
    // Every double of magnitude 2^52 or more is an integer.
    if n.abs() < 4_503_599_627_370_496.0 {
        (n as i64) as f64 == n
    } else {
        !n.is_nan()
    }
}

/// An integral number, or "`<name>` must be an integer.".
#[inline]
pub fn validate_int(vm: &mut Vm, v: Value, name: &str) -> Result<f64, Prim> {
    let n = validate_num(vm, v, name)?;
    if !is_integer(n) {
        return Err(vm.err(&format!("{name} must be an integer.")));
    }
    Ok(n)
}

/// An index into a sequence of `count` elements, negative counting from the end; errors are
/// "`<name>` must be a number.", "... an integer." and "`<name>` out of bounds.".
pub fn validate_index(vm: &mut Vm, v: Value, count: usize, name: &str) -> Result<usize, Prim> {
    let n = validate_int(vm, v, name)?;
    let n = if n < 0.0 { n + count as f64 } else { n };
    if n >= 0.0 && n < count as f64 {
        Ok(n as usize)
    } else {
        Err(vm.err(&format!("{name} out of bounds.")))
    }
}

/// A string argument, or "`<name>` must be a string.".
pub fn validate_string(vm: &mut Vm, v: Value, name: &str) -> Result<Handle<ObjString>, Prim> {
    match vm.heap.cast::<ObjString>(v) {
        Some(s) => Ok(s),
        None => Err(vm.err(&format!("{name} must be a string."))),
    }
}

/// Whether `v` may be a map key (Bool, Class, Null, Num, Range or String).
pub fn is_valid_key(vm: &Vm, v: Value) -> bool {
    match v.kind() {
        ValueKind::Obj(r) => matches!(
            vm.heap.obj(r),
            Obj::Class(_) | Obj::Range(_) | Obj::String(_)
        ),
        ValueKind::Undefined => false,
        _ => true,
    }
}

/// `?` for primitives: unwraps a validation result or returns its error.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(p) => return p,
        }
    };
}
pub(crate) use tri;

#[cfg(test)]
mod tests {
    use super::is_integer;

    #[test]
    fn is_integer_matches_trunc() {
        for n in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.5,
            1e15 + 0.5,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            -4_503_599_627_370_497.0,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(is_integer(n), n.trunc() == n, "{n}");
        }
    }
}
