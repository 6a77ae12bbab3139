//! The saver: a VM, paused at any instruction boundary or idle, to an [`Image`].
//!
//! Only what is reachable from the roots is written. The roots, in order: the core classes
//! (in [`CoreRoots::named`] order), the module registry, the current fiber, the last imported
//! module, then the host's handles. Objects are discovered breadth-first from them, each
//! object's references visited in a fixed order (the collector's), and numbered kind by kind
//! in discovery order. Nothing depends on arena slots, so saving a restored VM numbers its
//! objects exactly as the original was numbered: `save(restore(save(vm)))` equals
//! `save(vm)`.
//!
//! Two things are canonicalized on the way:
//! * the running fiber's stack, frames and open upvalues, which live in `Vm` fields while it
//!   runs, are written into its fiber object;
//! * a fiber that was aborted by an error keeps its stack and open upvalues but drops its
//!   frames: it can never run again (`call`, `transfer` and `try` refuse it), and its frames
//!   describe the middle of the failed instruction.

use std::fmt;
use std::rc::Rc;

use super::*;
use crate::heap::Handle;
use crate::object::*;
use crate::value::ObjRef;
use crate::vm::Vm;

/// Why a VM cannot be saved now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// A foreign method is running: the host's Rust frames are part of the state, and an
    /// image cannot hold them. Save between calls into the VM.
    InForeignCall,
    /// The compiler is running (a snapshot was requested from a callback during
    /// compilation).
    Compiling,
    /// More objects are reachable than an image may hold.
    TooManyObjects(usize),
    /// A reachable object is in a state the saver does not expect (a bug in the VM).
    Internal(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::InForeignCall => {
                write!(f, "cannot save while a foreign method is running")
            }
            SaveError::Compiling => write!(f, "cannot save while compiling"),
            SaveError::TooManyObjects(n) => write!(
                f,
                "{n} objects are reachable, over the limit of {}",
                crate::limits::MAX_IMAGE_OBJECTS
            ),
            SaveError::Internal(m) => write!(f, "internal error while saving: {m}"),
        }
    }
}

impl std::error::Error for SaveError {}

const UNSEEN: u32 = u32::MAX;
const SEEN: u32 = u32::MAX - 1;

impl Vm {
    /// The whole VM as an [`Image`]: every object reachable from its roots, paused fibers
    /// included. Fails while a foreign method or the compiler is running.
    pub fn to_image(&self) -> Result<Image, SaveError> {
        if self.foreign_depth > 0 {
            return Err(SaveError::InForeignCall);
        }
        if self.compiling > 0 {
            return Err(SaveError::Compiling);
        }
        Saver::new(self).run()
    }

    /// Calls `f` on every object a saved image holds a reference to from `r`: like the
    /// collector's tracing, except that the running fiber's state comes from the VM's fields
    /// and an aborted fiber's frames are left out.
    fn for_each_saved_ref(&self, r: ObjRef, f: &mut impl FnMut(ObjRef)) {
        let obj = self.heap.obj(r);
        let mut val = |v: Value| {
            if let Some(r) = v.as_obj() {
                f(r)
            }
        };
        match obj {
            Obj::Fiber(fb) => {
                let view = self.fiber_view(Handle::from_ref(r), fb);
                for v in view.stack {
                    val(*v);
                }
                for fr in view.frames {
                    val(fr.closure.value());
                }
                for u in view.open_upvalues {
                    val(u.value());
                }
                if let Some(c) = fb.caller {
                    val(c.value());
                }
                val(fb.error);
            }
            _ => obj.for_each_ref(&mut val),
        }
    }

    /// A fiber's stack, frames and open upvalues as an image holds them.
    fn fiber_view<'a>(&'a self, h: Handle<ObjFiber>, fb: &'a ObjFiber) -> FiberView<'a> {
        let (stack, frames, open) = if Some(h) == self.fiber {
            (&self.stack[..], &self.frames[..], &self.open_upvalues[..])
        } else {
            (&fb.stack[..], &fb.frames[..], &fb.open_upvalues[..])
        };
        FiberView {
            stack,
            frames: if fb.error.is_null() { frames } else { &[] },
            open_upvalues: open,
        }
    }
}

struct FiberView<'a> {
    stack: &'a [Value],
    frames: &'a [CallFrame],
    open_upvalues: &'a [Handle<ObjUpvalue>],
}

struct Saver<'v> {
    vm: &'v Vm,
    /// Arena slot → object number (or `UNSEEN` / `SEEN` while discovering).
    numbers: Vec<u32>,
    primitives: Vec<Rc<str>>,
    /// The image's index of each VM primitive id (`u32::MAX` until used).
    primitive_index: Vec<u32>,
    foreign_methods: Vec<ForeignMethodName>,
    /// The image's index of each VM foreign method id (`u32::MAX` until used).
    foreign_index: Vec<u32>,
}

impl<'v> Saver<'v> {
    fn new(vm: &'v Vm) -> Saver<'v> {
        Saver {
            vm,
            numbers: vec![UNSEEN; vm.heap.capacity()],
            primitives: Vec::new(),
            primitive_index: vec![u32::MAX; crate::core::primitives().len()],
            foreign_methods: Vec::new(),
            foreign_index: vec![u32::MAX; vm.foreign_methods.len()],
        }
    }

    fn run(mut self) -> Result<Image, SaveError> {
        let vm = self.vm;
        // Discovery: breadth first, `order` doubling as the queue.
        let mut order: Vec<ObjRef> = Vec::new();
        {
            let numbers = &mut self.numbers;
            let mut push = |r: ObjRef, order: &mut Vec<ObjRef>| {
                if let Some(n) = numbers.get_mut(r.index() as usize) {
                    if *n == UNSEEN {
                        *n = SEEN;
                        order.push(r);
                    }
                }
            };
            vm.for_each_root(|v| {
                if let Some(r) = v.as_obj() {
                    push(r, &mut order)
                }
            });
            let mut cursor = 0;
            let mut found = Vec::new();
            while cursor < order.len() {
                let r = order[cursor];
                cursor += 1;
                vm.for_each_saved_ref(r, &mut |c| found.push(c));
                for c in found.drain(..) {
                    push(c, &mut order);
                }
            }
        }
        if order.len() > crate::limits::MAX_IMAGE_OBJECTS {
            return Err(SaveError::TooManyObjects(order.len()));
        }

        // Numbering: kind by kind, in discovery order within a kind.
        let mut by_kind: [Vec<ObjRef>; 12] = Default::default();
        for &r in &order {
            by_kind[kind_index(vm.heap.obj(r).kind())].push(r);
        }
        let mut next = 0u32;
        for run in &by_kind {
            for r in run {
                self.numbers[r.index() as usize] = next;
                next += 1;
            }
        }

        let mut image = Image {
            strings: Vec::with_capacity(by_kind[0].len()),
            ranges: Vec::with_capacity(by_kind[1].len()),
            lists: Vec::with_capacity(by_kind[2].len()),
            maps: Vec::with_capacity(by_kind[3].len()),
            modules: Vec::with_capacity(by_kind[4].len()),
            fns: Vec::with_capacity(by_kind[5].len()),
            closures: Vec::with_capacity(by_kind[6].len()),
            upvalues: Vec::with_capacity(by_kind[7].len()),
            classes: Vec::with_capacity(by_kind[8].len()),
            instances: Vec::with_capacity(by_kind[9].len()),
            foreigns: Vec::with_capacity(by_kind[10].len()),
            fibers: Vec::with_capacity(by_kind[11].len()),
            symbols: vm.method_names.names.clone(),
            primitives: Vec::new(),
            foreign_methods: Vec::new(),
            roots: self.roots()?,
        };
        for r in by_kind.iter().flatten() {
            self.write(*r, &mut image)?;
        }
        image.primitives = self.primitives;
        image.foreign_methods = self.foreign_methods;
        Ok(image)
    }

    fn id(&self, r: ObjRef) -> Result<ObjId, SaveError> {
        match self.numbers.get(r.index() as usize) {
            Some(&n) if n < SEEN => Ok(n),
            _ => Err(SaveError::Internal(format!(
                "reference to unnumbered object {r:?}"
            ))),
        }
    }

    fn handle<T>(&self, h: Handle<T>) -> Result<ObjId, SaveError> {
        self.id(h.erase())
    }

    fn value(&self, v: Value) -> Result<Value, SaveError> {
        match v.as_obj() {
            Some(r) => Ok(Value::obj(ObjRef::from_index(self.id(r)?))),
            None => Ok(v),
        }
    }

    fn values(&self, vs: &[Value]) -> Result<Vec<Value>, SaveError> {
        vs.iter().map(|v| self.value(*v)).collect()
    }

    fn roots(&self) -> Result<Roots, SaveError> {
        let vm = self.vm;
        let mut core = [0u32; 11];
        for (slot, h) in core.iter_mut().zip(core_handles(vm)) {
            *slot = self.handle(h)?;
        }
        Ok(Roots {
            core: CoreRoots::from_array(core),
            modules: self.handle(vm.modules)?,
            fiber: vm.fiber.map(|f| self.handle(f)).transpose()?,
            last_module: vm.last_module.map(|m| self.handle(m)).transpose()?,
            handles: vm
                .handles
                .iter()
                .map(|h| h.map(|v| self.value(v)).transpose())
                .collect::<Result<_, _>>()?,
        })
    }

    fn method(&mut self, m: Method) -> Result<Option<MethodRef>, SaveError> {
        Ok(Some(match m {
            Method::None => return Ok(None),
            Method::FnCall => MethodRef::FnCall,
            Method::Block(c) => MethodRef::Block(self.handle(c)?),
            Method::Primitive(id) => {
                let next = self.primitives.len() as u32;
                let slot = self
                    .primitive_index
                    .get_mut(id as usize)
                    .ok_or_else(|| SaveError::Internal(format!("unknown primitive id {id}")))?;
                if *slot == u32::MAX {
                    *slot = next;
                }
                let i = *slot;
                if i == next {
                    let name = crate::core::primitive_names()
                        .get(id as usize)
                        .ok_or_else(|| SaveError::Internal(format!("unknown primitive id {id}")))?;
                    self.primitives.push((*name).into());
                }
                MethodRef::Primitive(i)
            }
            Method::Foreign(id) => {
                let next = self.foreign_methods.len() as u32;
                let slot = self.foreign_index.get_mut(id as usize).ok_or_else(|| {
                    SaveError::Internal(format!("unknown foreign method id {id}"))
                })?;
                if *slot == u32::MAX {
                    *slot = next;
                }
                let i = *slot;
                if i == next {
                    let name = self
                        .vm
                        .foreign_method_names
                        .get(id as usize)
                        .cloned()
                        .flatten()
                        .ok_or_else(|| {
                            SaveError::Internal(format!("foreign method {id} has no name"))
                        })?;
                    self.foreign_methods.push(name);
                }
                MethodRef::Foreign(i)
            }
        }))
    }

    fn write(&mut self, r: ObjRef, image: &mut Image) -> Result<(), SaveError> {
        let vm = self.vm;
        match vm.heap.obj(r) {
            Obj::String(s) => image.strings.push(StringObj {
                bytes: s.bytes.clone(),
            }),
            Obj::Range(rg) => image.ranges.push(RangeObj {
                from: rg.from,
                to: rg.to,
                inclusive: rg.inclusive,
            }),
            Obj::List(l) => image.lists.push(ListObj {
                elements: self.values(&l.elements)?,
            }),
            Obj::Map(m) => {
                let entries = m
                    .table
                    .iter_slots()
                    .map(|(slot, k, v)| {
                        Ok(MapEntry {
                            slot: slot as u32,
                            key: self.value(k)?,
                            value: self.value(v)?,
                        })
                    })
                    .collect::<Result<Vec<_>, SaveError>>()?;
                image.maps.push(MapObj {
                    capacity: m.table.capacity() as u32,
                    entries,
                })
            }
            Obj::Module(m) => image.modules.push(ModuleObj {
                name: m.name.map(|n| self.handle(n)).transpose()?,
                names: m.variable_names.clone(),
                values: self.values(&m.variables)?,
            }),
            Obj::Fn(f) => image.fns.push(FnObj {
                module: f.module.map(|m| self.handle(m)).transpose()?,
                arity: f.arity,
                max_slots: f.max_slots,
                num_upvalues: f.num_upvalues,
                code: f.code.clone(),
                constants: self.values(&f.constants)?,
                debug: Some(FnDebug {
                    name: f.name.clone(),
                    lines: f.lines.clone(),
                }),
            }),
            Obj::Closure(c) => image.closures.push(ClosureObj {
                func: self.handle(c.func)?,
                upvalues: c
                    .upvalues
                    .iter()
                    .map(|u| self.handle(*u))
                    .collect::<Result<_, _>>()?,
            }),
            Obj::Upvalue(u) => image.upvalues.push(match u.state {
                UpvalueState::Open { fiber, slot } => UpvalueObj::Open {
                    fiber: self.handle(fiber)?,
                    slot,
                },
                UpvalueState::Closed(v) => UpvalueObj::Closed(self.value(v)?),
            }),
            Obj::Class(c) => {
                let metaclass = c
                    .class
                    .ok_or_else(|| SaveError::Internal(format!("class {r:?} has no metaclass")))?;
                let foreign_module = if c.is_foreign {
                    let b = vm
                        .foreign_classes
                        .get(&Handle::from_ref(r))
                        .ok_or_else(|| {
                            SaveError::Internal(format!("foreign class {r:?} is not bound"))
                        })?;
                    Some(b.module.clone())
                } else {
                    None
                };
                let bound = c.methods.iter().filter(|m| **m != Method::None).count();
                let mut methods = Vec::with_capacity(bound);
                for (symbol, m) in c.methods.iter().enumerate() {
                    if let Some(m) = self.method(*m)? {
                        methods.push((symbol as u32, m));
                    }
                }
                image.classes.push(ClassObj {
                    metaclass: self.handle(metaclass)?,
                    superclass: c.superclass.map(|s| self.handle(s)).transpose()?,
                    name: self.handle(c.name)?,
                    num_fields: c.num_fields,
                    foreign_module,
                    attributes: self.value(c.attributes)?,
                    methods,
                })
            }
            Obj::Instance(i) => image.instances.push(InstanceObj {
                class: self.handle(i.class)?,
                fields: self.values(&i.fields)?,
            }),
            Obj::Foreign(f) => image.foreigns.push(ForeignObj {
                class: self.handle(f.class)?,
                data: f.data.clone(),
            }),
            Obj::Fiber(fb) => {
                let view = vm.fiber_view(Handle::from_ref(r), fb);
                let frames = view
                    .frames
                    .iter()
                    .map(|fr| {
                        Ok(FrameObj {
                            ip: fr.ip,
                            closure: self.handle(fr.closure)?,
                            base: fr.base,
                        })
                    })
                    .collect::<Result<Vec<_>, SaveError>>()?;
                image.fibers.push(FiberObj {
                    state: fb.state,
                    error: self.value(fb.error)?,
                    caller: fb.caller.map(|c| self.handle(c)).transpose()?,
                    stack: self.values(view.stack)?,
                    frames,
                    open_upvalues: view
                        .open_upvalues
                        .iter()
                        .map(|u| self.handle(*u))
                        .collect::<Result<_, _>>()?,
                })
            }
        }
        Ok(())
    }
}

/// The core classes in [`CoreRoots::named`] order.
fn core_handles(vm: &Vm) -> [Handle<ObjClass>; 11] {
    let c = &vm.core;
    [
        c.object, c.class, c.bool, c.fiber, c.fn_, c.null, c.num, c.string, c.list, c.map, c.range,
    ]
}
