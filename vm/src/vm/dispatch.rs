//! The interpreter loop: decodes and executes instructions of the running fiber until it
//! finishes, fails, pauses (out of fuel) or another fiber takes over.

use super::Vm;

use crate::core;
use crate::object::*;
use crate::opcode::op;
use crate::value::Value;

/// What the interpreter loop does after a method call ([`Vm::invoke`]).
pub(super) enum Step {
    /// The call finished in place (a primitive or foreign method): next instruction.
    Next,
    /// A frame was pushed: continue in it.
    Reload,
    /// A primitive switched fibers: collect if due, then continue in the new fiber.
    Switched,
    /// A runtime error (the caller's ip is already stored).
    Throw(Value),
}

/// The argument count of a `CALL_n` or `SUPER_n` instruction, and whether it is a `SUPER_n`.
#[inline(always)]
fn call_shape(instruction: u8) -> (usize, bool) {
    if instruction >= op::SUPER_0 {
        ((instruction - op::SUPER_0) as usize, true)
    } else {
        ((instruction - op::CALL_0) as usize, false)
    }
}

/// How the dispatch loop left.
pub(super) enum Exit {
    /// The fiber chain finished (or suspended): no fiber runs.
    Done,
    /// An error nobody caught; it has been reported.
    Error,
    Paused,
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
    pub(super) fn execute(&mut self) -> Exit {
        // Two copies of the loop: the one without fuel has no per-instruction check.
        if self.fuel.is_some() {
            self.dispatch::<true>()
        } else {
            self.dispatch::<false>()
        }
    }

    pub(super) fn dispatch<const FUELED: bool>(&mut self) -> Exit {
        // Instructions left when running with fuel. Work beyond the instruction itself
        // (allocation, collection, a primitive's scans and copies) comes out of it too.
        let mut fuel = self.fuel.unwrap_or(u64::MAX);
        let charge_work = self.config.fuel_counts_work;
        self.heap.take_work();
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
                    if instruction == op::CALL_1 {
                        // Fast path: an arithmetic or comparison operator on two numbers.
                        let symbol = u16::from_be_bytes([code[ip], code[ip + 1]]);
                        if self.num_op(symbol) {
                            ip += 2;
                            continue;
                        }
                    }
                    let (argc, is_super) = call_shape(instruction);
                    let symbol = read_short!(code, ip);
                    let superclass = if is_super {
                        Some(constants[read_short!(code, ip) as usize])
                    } else {
                        None
                    };
                    store_ip!();
                    let step = match superclass {
                        // The common case first: a primitive on the receiver's class.
                        None => self.invoke_on_receiver(symbol, argc),
                        Some(_) => self.invoke(symbol, argc, superclass),
                    };
                    match step {
                        Step::Next => gc_point!(),
                        Step::Reload => continue 'load,
                        Step::Switched => {
                            gc_point!();
                            continue 'load;
                        }
                        // The ip is stored (and a primitive may have switched fibers since).
                        Step::Throw(e) => {
                            if self.runtime_error(e) {
                                continue 'load;
                            }
                            return Exit::Error;
                        }
                    }
                }};
            }

            loop {
                if FUELED {
                    if charge_work && self.heap.has_work() {
                        fuel = fuel.saturating_sub(self.heap.take_work());
                    }
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
                        let bootstrapping = self.bootstrapping;
                        let target = self.heap.get_mut(m);
                        // Only `core.wren` assigns the core module's variables (compiled
                        // code elsewhere has its own module); an image's code may not.
                        if target.name.is_none() && !bootstrapping {
                            throw!(self.str("Cannot assign to a variable of the core module."));
                        }
                        target.variables[k] = v;
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
                        let captures = self.make_closure(closure, base, constants[k], &code, ip);
                        ip += 2 * captures;
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
                        match self.import_variable(constants[k]) {
                            Ok(v) => self.stack.push(v),
                            Err(e) => throw!(e),
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
