//! Classes and method binding: creating classes, binding methods (copying a method's code
//! when its field operands must be adjusted, never editing shared code), and binding foreign
//! methods and classes by name.

use super::{call_arity, ForeignClassBinding, ForeignClassMethods, Vm};
use std::rc::Rc;

use crate::core::{self};
use crate::heap::Handle;
use crate::image::ForeignMethodName;
use crate::limits;
use crate::object::*;
use crate::opcode::op;
use crate::value::Value;

/// What a method body's own code does, as binding it checks (see `Vm::check_method_body`).
#[derive(Default)]
struct BodyFacts {
    /// The largest field operand, after adjusting for the superclass's fields.
    max_field: Option<u8>,
    /// Whether any field operand, in the body or a function nested in it, passes the field
    /// limit once adjusted (the verifier rejects such code anywhere).
    field_past_limit: bool,
    construct: bool,
    foreign_construct: bool,
}

impl Vm {
    /// Creates a class (the `CLASS` and `FOREIGN_CLASS` instructions).
    pub(super) fn new_class(
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

    /// Binds a method body to a class: patches field offsets and superclass constants in its
    /// code (and nested functions), then stores it in the method table.
    pub(super) fn bind_method(
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
            // A foreign method: the body is its signature, which compiled code always makes
            // the method's own. An image's code could name another (with another arity: the
            // host method would read arguments that were never passed), and the VM's next
            // image would fail `foreign-method-placement`.
            if sig != self.method_names.name(symbol as u32).as_bytes() {
                return Err(self.str("Foreign method signature differs from the method's."));
            }
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
        let past_class = facts.max_field.is_some_and(|max| {
            !self.is_metaclass(target) && max as u32 >= self.heap.get(target).num_fields
        });
        if past_class || facts.field_past_limit {
            return Err(self.str("Method uses a field its class does not have."));
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
        // Every function reachable from the body through `CLOSURE` operands is copied once
        // (compiled code nests functions as a tree, but an image's constants may share a
        // function or refer back to one: copying per reference would never end), patched,
        // and then pointed at the other copies.
        let root = self.heap.get(body).func;
        let mut order: Vec<Handle<ObjFn>> = vec![root];
        let mut index: std::collections::HashMap<Handle<ObjFn>, usize> =
            std::collections::HashMap::from([(root, 0)]);
        // Per function: its patched code and constants, and which constants are functions.
        let mut patched: Vec<(Vec<u8>, Vec<Value>, Vec<usize>)> = Vec::new();
        let mut facts = BodyFacts::default();
        let mut next = 0;
        while next < order.len() {
            let f = order[next];
            let is_root = next == 0;
            next += 1;
            let (mut code, mut constants) = {
                let func = self.heap.get(f);
                (func.code.to_vec(), func.constants.to_vec())
            };
            // Copied and decoded: work proportional to the code.
            self.heap
                .charge_bytes(code.len() + constants.len() * crate::limits::WORK_BYTES_PER_FUEL);
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
                if is_root {
                    facts.construct |= info.byte == op::CONSTRUCT;
                    facts.foreign_construct |= info.byte == op::FOREIGN_CONSTRUCT;
                }
                for (kind, arg) in info.operands.iter().zip(args) {
                    match kind {
                        Operand::Field => {
                            let field = code[at] as usize + offset as usize;
                            facts.field_past_limit |= field >= limits::MAX_FIELDS;
                            code[at] = field as u8;
                            if is_root {
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
            nested.sort_unstable();
            nested.dedup();
            nested.retain(|&k| match self.heap.cast::<ObjFn>(constants[k]) {
                Some(inner) => {
                    index.entry(inner).or_insert_with(|| {
                        order.push(inner);
                        order.len() - 1
                    });
                    true
                }
                None => false,
            });
            patched.push((code, constants, nested));
        }
        // The copies, then their function constants pointed at the copies.
        let mut copies = Vec::with_capacity(order.len());
        for (f, (code, _, _)) in order.iter().zip(&mut patched) {
            let func = self.heap.get(*f);
            let copy = ObjFn {
                code: std::mem::take(code).into(),
                constants: Rc::from([]),
                module: func.module,
                max_slots: func.max_slots,
                num_upvalues: func.num_upvalues,
                arity: func.arity,
                name: func.name.clone(),
                lines: func.lines.clone(),
            };
            copies.push(self.heap.alloc(copy));
        }
        for (copy, (_, mut constants, nested)) in copies.iter().zip(patched) {
            for k in nested {
                if let Some(inner) = self.heap.cast::<ObjFn>(constants[k]) {
                    constants[k] = copies[index[&inner]].value();
                }
            }
            // Counted now: the copy was allocated without them.
            self.heap.note_growth(constants.len() * std::mem::size_of::<Value>());
            self.heap.get_mut(*copy).constants = constants.into();
        }
        let root_copy = copies.first().copied();
        let upvalues = self.heap.get(body).upvalues.clone();
        let closure = self.heap.alloc(ObjClosure {
            func: root_copy.unwrap_or(root),
            upvalues,
        });
        (closure, facts)
    }

    pub(super) fn find_foreign_method(
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

    /// Returns whether an allocator was found.
    pub(super) fn bind_foreign_class(&mut self, class: Handle<ObjClass>, name: &str) -> bool {
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
}
