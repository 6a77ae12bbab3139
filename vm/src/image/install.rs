//! Installation: a [`VerifiedImage`] into a fresh VM.
//!
//! Object `n` goes into arena slot `n`, so the image's values need no translation. Derived
//! state is rebuilt, never read: string hashes, map tables (from entry slots and recomputed
//! hashes), module variable indexes, the symbol index, the primitive ids (from names), the
//! foreign method and class tables (bound through the host's binders, by name), foreign
//! objects' finalizers (from their class), the number-operator fast path, and the heap's
//! accounting.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use super::*;
use crate::core::CoreClasses;
use crate::heap::{Handle, Heap};
use crate::map::MapTable;
use crate::object::*;
use crate::utf8::{hash_bits, hash_bytes};
use crate::value::ObjRef;
use crate::vm::{Config, ValidateFn, ValueHandle, Vm};

/// Why a verified image could not be installed: the host cannot supply what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindError {
    /// Neither the host's `bind_foreign_method` nor a built-in module binds this method.
    ForeignMethod(ForeignMethodName),
    /// Neither the host's `bind_foreign_class` nor a built-in module binds this class.
    ForeignClass {
        /// The class's object number.
        object: ObjId,
        /// The module the class was bound in (its `foreign_module`).
        module: Rc<str>,
        /// The class's name (lossily decoded as UTF-8).
        class: String,
    },
    /// The class's `validate` hook rejected a foreign object's bytes.
    ForeignData {
        /// The foreign object's number.
        object: ObjId,
        /// Its class's name (lossily decoded as UTF-8).
        class: String,
        /// The hook's `Err` message.
        message: String,
    },
    /// The restored heap would be over [`Config::max_heap`].
    HeapLimit {
        /// The bytes the installed objects take, as the heap accounts them.
        needed: usize,
        /// The configured limit, in bytes.
        limit: usize,
    },
}

impl BindError {
    /// The object at fault, if any.
    pub fn object(&self) -> Option<ObjId> {
        match self {
            BindError::ForeignClass { object, .. } | BindError::ForeignData { object, .. } => {
                Some(*object)
            }
            _ => None,
        }
    }
    /// A stable name for the kind of failure.
    pub fn name(&self) -> &'static str {
        match self {
            BindError::ForeignMethod(_) => "unbound-foreign-method",
            BindError::ForeignClass { .. } => "unbound-foreign-class",
            BindError::ForeignData { .. } => "foreign-data-rejected",
            BindError::HeapLimit { .. } => "heap-limit",
        }
    }
}

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindError::ForeignMethod(n) => {
                write!(f, "the host cannot bind foreign method {n} [{}]", self.name())
            }
            BindError::ForeignClass {
                object,
                module,
                class,
            } => write!(
                f,
                "object #{object} (Class): the host cannot bind foreign class {class} in module '{module}' [{}]",
                self.name()
            ),
            BindError::ForeignData {
                object,
                class,
                message,
            } => write!(
                f,
                "object #{object} (Foreign): {class} rejected its bytes: {message} [{}]",
                self.name()
            ),
            BindError::HeapLimit { needed, limit } => write!(
                f,
                "the image needs {needed} bytes of heap, over the limit of {limit} [{}]",
                self.name()
            ),
        }
    }
}

impl std::error::Error for BindError {}

impl Vm {
    /// A VM holding the verified image, bound to the host through `config`: its foreign
    /// methods and classes are bound again by name through `config`'s binders (then the
    /// built-in modules), and its output and errors go to `config`'s callbacks. A VM that was
    /// paused resumes with [`Vm::resume`]. The host's handles come back, in order, from
    /// [`Vm::take_restored_handles`].
    pub fn from_image(config: Config, verified: VerifiedImage) -> Result<Vm, BindError> {
        Vm::install(config, verified, true)
    }

    /// [`Vm::from_image`], with the host's heap limit enforced on the image or not (the
    /// built-in core image installs whatever the limit).
    pub(crate) fn install(
        config: Config,
        verified: VerifiedImage,
        enforce_heap_limit: bool,
    ) -> Result<Vm, BindError> {
        let VerifiedImage {
            image,
            primitive_ids,
            symbols: symbol_table,
            module_indexes,
        } = verified;
        let layout = image.layout();
        let mut vm = Vm::bare(config, Heap::new());

        // Host bindings first: nothing is built for an image the host cannot run.
        let mut foreign_ids = Vec::with_capacity(image.foreign_methods.len());
        for name in &image.foreign_methods {
            match vm.bind_foreign_method_named(name) {
                Some(id) => foreign_ids.push(id),
                None => return Err(BindError::ForeignMethod(name.clone())),
            }
        }
        let string =
            |id: ObjId| -> &[u8] { &image.strings[layout.index(id, ObjKind::String)].bytes };
        let mut class_validators: HashMap<ObjId, Option<ValidateFn>> = HashMap::new();
        for (i, c) in image.classes.iter().enumerate() {
            let Some(module) = &c.foreign_module else {
                continue;
            };
            let id = layout.id(ObjKind::Class, i);
            let name = String::from_utf8_lossy(string(c.name)).into_owned();
            let Some(methods) = vm.foreign_class_methods(module, &name) else {
                return Err(BindError::ForeignClass {
                    object: id,
                    module: module.clone(),
                    class: name,
                });
            };
            class_validators.insert(id, methods.validate.clone());
            vm.register_foreign_class(
                Handle::from_ref(ObjRef::from_index(id)),
                module.clone(),
                methods,
            );
        }
        for (i, f) in image.foreigns.iter().enumerate() {
            if let Some(Some(validate)) = class_validators.get(&f.class) {
                if let Err(message) = validate(&f.data) {
                    return Err(BindError::ForeignData {
                        object: layout.id(ObjKind::Foreign, i),
                        class: String::from_utf8_lossy(string(
                            image.classes[layout.index(f.class, ObjKind::Class)].name,
                        ))
                        .into_owned(),
                        message,
                    });
                }
            }
        }

        // The objects, in number order.
        let h = |id: ObjId| ObjRef::from_index(id);
        let mut slots: Vec<Option<Obj>> = Vec::with_capacity(layout.total() as usize);
        let Image {
            strings,
            ranges,
            lists,
            maps,
            modules,
            fns,
            closures,
            upvalues,
            classes,
            instances,
            foreigns,
            fibers,
            symbols,
            primitives: _,
            foreign_methods: _,
            roots,
        } = image;
        let string_hashes: Vec<u32> = strings.iter().map(|s| hash_bytes(&s.bytes)).collect();
        let class_names: Vec<ObjId> = classes.iter().map(|c| c.name).collect();
        let key_hash = |v: Value| -> u32 {
            match value_ref(v) {
                None => hash_bits(v.hash_bits()),
                Some(r) => match layout.locate(r) {
                    Some((ObjKind::String, i)) => string_hashes[i],
                    Some((ObjKind::Class, i)) => {
                        string_hashes[layout.index(class_names[i], ObjKind::String)]
                    }
                    Some((ObjKind::Range, i)) => {
                        hash_bits(ranges[i].from.to_bits()) ^ hash_bits(ranges[i].to.to_bits())
                    }
                    _ => hash_bits(r as u64),
                },
            }
        };
        let mut scratch = Vec::new();
        let map_objs: Vec<Obj> = maps
            .iter()
            .map(|m| {
                let entries = m
                    .entries
                    .iter()
                    .map(|e| (e.slot as usize, e.key, e.value, key_hash(e.key)));
                Obj::Map(ObjMap {
                    table: MapTable::from_slots(m.capacity as usize, entries, &mut scratch),
                })
            })
            .collect();
        for (s, hash) in strings.into_iter().zip(&string_hashes) {
            slots.push(Some(Obj::String(ObjString {
                bytes: s.bytes,
                hash: *hash,
            })));
        }
        for r in ranges {
            slots.push(Some(Obj::Range(ObjRange {
                from: r.from,
                to: r.to,
                inclusive: r.inclusive,
            })));
        }
        for l in lists {
            slots.push(Some(Obj::List(ObjList {
                elements: l.elements,
            })));
        }
        slots.extend(map_objs.into_iter().map(Some));
        for (m, index) in modules.into_iter().zip(module_indexes) {
            let mut module = ObjModule::new(m.name.map(|n| Handle::from_ref(h(n))));
            module.variables = m.values;
            module.variable_names = m.names;
            module.index = index;
            slots.push(Some(Obj::Module(Box::new(module))));
        }
        let fn_start = layout.start(ObjKind::Fn);
        for (i, f) in fns.into_iter().enumerate() {
            let (name, lines): (Rc<str>, Rc<LineTable>) = match f.debug {
                Some(d) => (d.name, d.lines),
                None => (
                    format!("<fn #{}>", fn_start as usize + i).into(),
                    LineTable::uniform(0, f.code.len()).into(),
                ),
            };
            slots.push(Some(Obj::Fn(Box::new(ObjFn {
                code: f.code,
                constants: f.constants.into(),
                module: f.module.map(|m| Handle::from_ref(h(m))),
                max_slots: f.max_slots,
                num_upvalues: f.num_upvalues,
                arity: f.arity,
                name,
                lines,
            }))));
        }
        for c in closures {
            slots.push(Some(Obj::Closure(ObjClosure {
                func: Handle::from_ref(h(c.func)),
                upvalues: c.upvalues.iter().map(|u| Handle::from_ref(h(*u))).collect(),
            })));
        }
        for u in upvalues {
            slots.push(Some(Obj::Upvalue(ObjUpvalue {
                state: match u {
                    UpvalueObj::Open { fiber, slot } => UpvalueState::Open {
                        fiber: Handle::from_ref(h(fiber)),
                        slot,
                    },
                    UpvalueObj::Closed(v) => UpvalueState::Closed(v),
                },
            })));
        }
        for c in classes {
            let len = c.methods.last().map_or(0, |(s, _)| *s as usize + 1);
            let mut methods = vec![Method::None; len];
            for (symbol, m) in c.methods {
                methods[symbol as usize] = match m {
                    MethodRef::Primitive(p) => Method::Primitive(primitive_ids[p as usize]),
                    MethodRef::FnCall => Method::FnCall,
                    MethodRef::Foreign(p) => Method::Foreign(foreign_ids[p as usize]),
                    MethodRef::Block(b) => Method::Block(Handle::from_ref(h(b))),
                };
            }
            slots.push(Some(Obj::Class(Box::new(ObjClass {
                class: Some(Handle::from_ref(h(c.metaclass))),
                superclass: c.superclass.map(|s| Handle::from_ref(h(s))),
                num_fields: c.num_fields,
                is_foreign: c.foreign_module.is_some(),
                methods,
                name: Handle::from_ref(h(c.name)),
                attributes: c.attributes,
            }))));
        }
        for x in instances {
            slots.push(Some(Obj::Instance(ObjInstance {
                class: Handle::from_ref(h(x.class)),
                fields: x.fields.into(),
            })));
        }
        for x in foreigns {
            let class = Handle::from_ref(h(x.class));
            let finalizer = vm.foreign_classes.get(&class).and_then(|b| b.finalize);
            slots.push(Some(Obj::Foreign(ObjForeign {
                class,
                data: x.data,
                finalizer,
            })));
        }
        for f in fibers {
            slots.push(Some(Obj::Fiber(Box::new(ObjFiber {
                stack: f.stack,
                frames: f
                    .frames
                    .iter()
                    .map(|fr| CallFrame {
                        ip: fr.ip,
                        closure: Handle::from_ref(h(fr.closure)),
                        base: fr.base,
                    })
                    .collect(),
                open_upvalues: f
                    .open_upvalues
                    .iter()
                    .map(|u| Handle::from_ref(h(*u)))
                    .collect(),
                caller: f.caller.map(|c| Handle::from_ref(h(c))),
                error: f.error,
                state: f.state,
            }))));
        }

        vm.heap.install(slots);
        if let Some(limit) = vm.config.max_heap.filter(|_| enforce_heap_limit) {
            if vm.heap.bytes_allocated > limit {
                return Err(BindError::HeapLimit {
                    needed: vm.heap.bytes_allocated,
                    limit,
                });
            }
        }
        let c = roots.core;
        let class = |id: ObjId| Handle::<ObjClass>::from_ref(h(id));
        vm.core = CoreClasses {
            object: class(c.object),
            class: class(c.class),
            bool: class(c.bool),
            fiber: class(c.fiber),
            fn_: class(c.fn_),
            null: class(c.null),
            num: class(c.num),
            string: class(c.string),
            list: class(c.list),
            map: class(c.map),
            range: class(c.range),
        };
        vm.modules = Handle::from_ref(h(roots.modules));
        vm.last_module = roots.last_module.map(|m| Handle::from_ref(h(m)));
        let _ = symbols;
        vm.method_names = symbol_table;
        vm.handles = roots.handles;
        vm.restored_handles_pending = vm.handles.len();
        vm.compute_num_ops();
        vm.load_fiber(roots.fiber.map(|f| Handle::from_ref(h(f))));
        Ok(vm)
    }

    /// The host handles a restored VM holds, in handle order (a released handle is skipped):
    /// what the saving host held when it saved. Returns them once; later calls return none.
    pub fn take_restored_handles(&mut self) -> Vec<ValueHandle> {
        let n = self.restored_handles_pending.min(self.handles.len());
        self.restored_handles_pending = 0;
        (0..n)
            .filter(|&i| self.handles[i].is_some())
            .map(|i| ValueHandle(i as u32))
            .collect()
    }
}

/// Why [`Vm::fork`] failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForkError {
    /// The VM cannot be saved now (a foreign method or the compiler is running).
    Save(super::SaveError),
    /// The VM's own image was rejected: a bug in the VM or the verifier.
    Verify(Box<VerifyError>),
    /// The new host cannot bind what the VM uses.
    Bind(Box<BindError>),
}

impl fmt::Display for ForkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForkError::Save(e) => write!(f, "cannot fork: {e}"),
            ForkError::Verify(e) => write!(f, "cannot fork: the VM's own image is invalid: {e}"),
            ForkError::Bind(e) => write!(f, "cannot fork: {e}"),
        }
    }
}

impl std::error::Error for ForkError {}

impl Vm {
    /// An independent copy of this VM, paused fibers included, bound to the host through
    /// `config`: saved and restored in memory, through the same verifier as any image.
    pub fn fork(&self, config: Config) -> Result<Vm, ForkError> {
        let image = self.to_image().map_err(ForkError::Save)?;
        let verified = super::verify(image).map_err(|e| ForkError::Verify(Box::new(e)))?;
        Vm::from_image(config, verified).map_err(|e| ForkError::Bind(Box::new(e)))
    }
}
