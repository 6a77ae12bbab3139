//! A single-pass compiler from Wren source to bytecode.
//!
//! A Pratt parser drives code generation directly, as in the reference implementation, so
//! the set of compile errors (and the lines they are reported on) matches it: after an error
//! compilation goes on, to report as many errors as the reference does, and the code is thrown
//! away at the end.

use std::collections::HashMap;

use crate::error::CompileError;
use crate::heap::Handle;
use crate::lexer::{Lexer, Literal, Tok, Token};
use crate::limits::*;
use crate::image::LineTable;
use crate::object::{ObjFn, ObjModule};
use crate::opcode::{self, op};
use crate::value::Value;
use crate::vm::{ErrorKind, Vm};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Prec {
    None,
    Lowest,
    Assignment,
    Conditional,
    LogicalOr,
    LogicalAnd,
    Equality,
    Is,
    Comparison,
    BitwiseOr,
    BitwiseXor,
    BitwiseAnd,
    BitwiseShift,
    Range,
    Term,
    Factor,
    Unary,
    Call,
    Primary,
}

impl Prec {
    fn next(self) -> Prec {
        use Prec::*;
        match self {
            None => Lowest,
            Lowest => Assignment,
            Assignment => Conditional,
            Conditional => LogicalOr,
            LogicalOr => LogicalAnd,
            LogicalAnd => Equality,
            Equality => Is,
            Is => Comparison,
            Comparison => BitwiseOr,
            BitwiseOr => BitwiseXor,
            BitwiseXor => BitwiseAnd,
            BitwiseAnd => BitwiseShift,
            BitwiseShift => Range,
            Range => Term,
            Term => Factor,
            Factor => Unary,
            Unary => Call,
            Call | Primary => Primary,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SigKind {
    Method,
    Getter,
    Setter,
    Subscript,
    SubscriptSetter,
    Initializer,
}

#[derive(Clone, Debug)]
struct Signature {
    name: String,
    kind: SigKind,
    arity: usize,
}

impl Signature {
    fn params(out: &mut String, n: usize, open: char, close: char) {
        out.push(open);
        for i in 0..n.min(MAX_PARAMETERS) {
            if i > 0 {
                out.push(',');
            }
            out.push('_');
        }
        out.push(close);
    }

    fn full(&self) -> String {
        let mut s = String::new();
        match self.kind {
            SigKind::Method => {
                s.push_str(&self.name);
                Self::params(&mut s, self.arity, '(', ')');
            }
            SigKind::Getter => s.push_str(&self.name),
            SigKind::Setter => {
                s.push_str(&self.name);
                s.push('=');
                Self::params(&mut s, 1, '(', ')');
            }
            SigKind::Subscript => {
                s.push_str(&self.name);
                Self::params(&mut s, self.arity, '[', ']');
            }
            SigKind::SubscriptSetter => {
                s.push_str(&self.name);
                Self::params(&mut s, self.arity.saturating_sub(1), '[', ']');
                s.push('=');
                Self::params(&mut s, 1, '(', ')');
            }
            SigKind::Initializer => {
                s.push_str("init ");
                s.push_str(&self.name);
                Self::params(&mut s, self.arity, '(', ')');
            }
        }
        s
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    Local,
    Upvalue,
    Module,
}

#[derive(Clone, Copy, Debug)]
struct Variable {
    scope: Scope,
    index: usize,
}

struct Local {
    name: Vec<u8>,
    depth: i32,
    is_upvalue: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Upvalue {
    is_local: bool,
    index: usize,
}

struct LoopInfo {
    /// First instruction of the loop (its condition).
    start: usize,
    exit_jump: usize,
    body: usize,
    scope_depth: i32,
}

/// A constant's identity, for de-duplication.
#[derive(Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    Null,
    Bool(bool),
    Num(u64),
    Str(Vec<u8>),
    Obj(u32),
}

/// A compile-time attribute value.
#[derive(Clone, Debug)]
enum AttrValue {
    Null,
    Bool(bool),
    Num(f64),
    Str(Vec<u8>),
}

/// `group -> key -> values`, in insertion order. The group `None` holds ungrouped attributes.
type AttrMap = Vec<(Option<Vec<u8>>, Vec<(Vec<u8>, Vec<AttrValue>)>)>;

fn attr_add(map: &mut AttrMap, group: Option<Vec<u8>>, key: Vec<u8>, value: AttrValue) {
    let gi = match map.iter().position(|(g, _)| *g == group) {
        Some(i) => i,
        None => {
            map.push((group, Vec::new()));
            map.len() - 1
        }
    };
    let items = &mut map[gi].1;
    match items.iter_mut().find(|(k, _)| *k == key) {
        Some((_, vals)) => vals.push(value),
        None => items.push((key, vec![value])),
    }
}

struct FnCompiler {
    locals: Vec<Local>,
    upvalues: Vec<Upvalue>,
    scope_depth: i32,
    num_slots: i32,
    max_slots: i32,
    loops: Vec<LoopInfo>,
    /// Set while this function is compiling a class body: index into `Parser::classes`.
    enclosing_class: Option<usize>,
    code: Vec<u8>,
    lines: Vec<u32>,
    constants: Vec<Value>,
    const_index: HashMap<ConstKey, usize>,
    arity: usize,
    is_initializer: bool,
    attributes: AttrMap,
    num_attributes: usize,
    /// Start offsets of the last two instructions emitted with `emit_op` (older first).
    last_ops: [usize; 2],
    /// The highest code offset a jump or loop targets: instructions before it may not be
    /// fused with ones after it.
    last_label: usize,
}

struct ClassInfo {
    name: String,
    fields: Vec<Vec<u8>>,
    methods: Vec<u32>,
    static_methods: Vec<u32>,
    is_foreign: bool,
    in_static: bool,
    signature: Option<Signature>,
    class_attributes: Option<AttrMap>,
    method_attributes: Option<Vec<(String, AttrMap)>>,
}

struct Parser<'a, 's> {
    vm: &'a mut Vm,
    module: Handle<ObjModule>,
    module_name: String,
    lexer: Lexer<'s>,
    previous: Token,
    current: Token,
    next: Token,
    report: bool,
    /// Every error so far (compilation goes on after one, to report the next).
    errors: Vec<CompileError>,
    compilers: Vec<FnCompiler>,
    classes: Vec<ClassInfo>,
    depth: usize,
    /// Module variables implicitly declared by a use before their definition: index → line.
    forward: Vec<(usize, u32)>,
}

fn is_local_name(name: &[u8]) -> bool {
    matches!(name.first(), Some(b'a'..=b'z'))
}

/// Compiles `source` into a function for `module`'s body (or, with `is_expression`, a
/// function returning the value of a single expression). After compile errors, returns them
/// all (and streams each through the VM's error callback as it is found, when `report` is
/// set).
pub fn compile(
    vm: &mut Vm,
    module: Handle<ObjModule>,
    source: &str,
    is_expression: bool,
    report: bool,
) -> Result<Handle<ObjFn>, Vec<CompileError>> {
    compile_bytes(vm, module, source.as_bytes(), is_expression, report)
}

/// [`compile`] for source that may not be UTF-8.
pub fn compile_bytes(
    vm: &mut Vm,
    module: Handle<ObjModule>,
    source: &[u8],
    is_expression: bool,
    report: bool,
) -> Result<Handle<ObjFn>, Vec<CompileError>> {
    vm.compiling += 1;
    let symbols_before = vm.method_names.len();
    let variables_before = vm.heap.get(module).variables.len();
    let module_name = vm.module_name(module);
    let eof = Token {
        kind: Tok::Eof,
        start: 0,
        end: 0,
        line: 1,
        value: Literal::None,
    };
    let mut p = Parser {
        vm,
        module,
        module_name,
        lexer: Lexer::new(source),
        previous: eof.clone(),
        current: eof.clone(),
        next: eof,
        report,
        errors: Vec::new(),
        compilers: Vec::new(),
        classes: Vec::new(),
        depth: 0,
        forward: Vec::new(),
    };
    p.next.kind = Tok::Error;
    p.next_token();
    p.next_token();
    let result = p.compile_module(is_expression);
    p.vm.compiling -= 1;
    if result.is_none() || !p.errors.is_empty() {
        // Error recovery may have made symbols and module variables of anything (a string
        // token after a `.`, an over-long name); no code refers to them, and an image must
        // not carry them.
        p.vm.method_names.truncate(symbols_before);
        p.vm.heap.get_mut(module).truncate(variables_before);
    }
    match result {
        Some(f) if p.errors.is_empty() => Ok(f),
        _ => Err(p.errors),
    }
}

impl<'a, 's> Parser<'a, 's> {
    // ---- Tokens ------------------------------------------------------------------------------

    fn next_token(&mut self) {
        self.previous = std::mem::replace(&mut self.current, self.next.clone());
        if self.next.kind == Tok::Eof || self.current.kind == Tok::Eof {
            return;
        }
        self.next = self.lexer.next_token();
        let errors = std::mem::take(&mut self.lexer.errors);
        for e in errors {
            self.report_error(e.line, None, &e.message);
        }
    }

    fn peek(&self) -> Tok {
        self.current.kind
    }

    fn matches(&mut self, kind: Tok) -> bool {
        if self.peek() != kind {
            return false;
        }
        self.next_token();
        true
    }

    fn consume(&mut self, kind: Tok, msg: &str) {
        self.next_token();
        if self.previous.kind != kind {
            self.error(msg);
            if self.current.kind == kind {
                self.next_token();
            }
        }
    }

    fn match_line(&mut self) -> bool {
        if !self.matches(Tok::Line) {
            return false;
        }
        while self.matches(Tok::Line) {}
        true
    }

    fn ignore_newlines(&mut self) {
        self.match_line();
    }

    fn consume_line(&mut self, msg: &str) {
        self.consume(Tok::Line, msg);
        self.ignore_newlines();
    }

    fn allow_line_before_dot(&mut self) {
        if self.peek() == Tok::Line && self.next.kind == Tok::Dot {
            self.next_token();
        }
    }

    fn lexeme(&self, t: &Token) -> &'s [u8] {
        let src = self.lexer.source();
        &src[t.start.min(src.len())..t.end.min(src.len())]
    }

    fn prev_text(&self) -> Vec<u8> {
        self.lexeme(&self.previous).to_vec()
    }

    // ---- Errors ------------------------------------------------------------------------------

    /// Records a compile error (and streams it through the error callback when reporting).
    fn report_error(&mut self, line: u32, at: Option<String>, message: &str) {
        let e = CompileError {
            module: self.module_name.clone(),
            line,
            at,
            message: message.to_string(),
        };
        if self.report {
            (self.vm.config.error)(ErrorKind::Compile, &e.module, line, &e.text());
        }
        self.errors.push(e);
    }

    fn error(&mut self, msg: &str) {
        let t = self.previous.clone();
        if t.kind == Tok::Error {
            return;
        }
        let at = match t.kind {
            Tok::Line => "newline".to_string(),
            Tok::Eof => "end of file".to_string(),
            _ => {
                let text = self.lexeme(&t);
                if text.len() <= MAX_VARIABLE_NAME {
                    format!("'{}'", String::from_utf8_lossy(text))
                } else {
                    format!(
                        "'{}...'",
                        String::from_utf8_lossy(&text[..MAX_VARIABLE_NAME])
                    )
                }
            }
        };
        self.report_error(t.line, Some(at), msg);
    }

    // ---- Function compilers ------------------------------------------------------------------

    fn fc(&mut self) -> &mut FnCompiler {
        self.compilers
            .last_mut()
            .expect("a function is being compiled")
    }

    fn push_compiler(&mut self, is_method: bool) {
        let top = self.compilers.is_empty();
        // Slot 0 holds the receiver (methods) or the closure itself (functions, module bodies).
        let locals = vec![Local {
            name: if is_method {
                b"this".to_vec()
            } else {
                Vec::new()
            },
            depth: -1,
            is_upvalue: false,
        }];
        let n = locals.len() as i32;
        self.compilers.push(FnCompiler {
            locals,
            upvalues: Vec::new(),
            scope_depth: if top { -1 } else { 0 },
            num_slots: n,
            max_slots: n,
            loops: Vec::new(),
            enclosing_class: None,
            code: Vec::new(),
            lines: Vec::new(),
            constants: Vec::new(),
            const_index: HashMap::new(),
            arity: 0,
            is_initializer: false,
            attributes: Vec::new(),
            num_attributes: 0,
            last_ops: [usize::MAX; 2],
            last_label: 0,
        });
    }

    /// Finishes the innermost function; in its parent, emits the `CLOSURE` that creates it.
    fn end_compiler(&mut self, name: &str) -> Option<Handle<ObjFn>> {
        if !self.errors.is_empty() {
            self.compilers.pop();
            return None;
        }
        self.emit_op(op::END);
        let c = self.compilers.pop().expect("compiler");
        let func = self.vm.heap.alloc(ObjFn {
            code: c.code.into(),
            constants: c.constants.into(),
            module: Some(self.module),
            max_slots: c.max_slots.max(0) as u32,
            num_upvalues: c.upvalues.len() as u32,
            arity: c.arity as u32,
            name: name.into(),
            lines: LineTable::from_per_byte(&c.lines).into(),
        });
        if !self.compilers.is_empty() {
            let k = self.add_constant(func.value());
            self.emit_short_arg(op::CLOSURE, k);
            for u in &c.upvalues {
                self.emit_byte(u.is_local as u8);
                self.emit_byte(u.index as u8);
            }
        }
        Some(func)
    }

    // ---- Emitting ----------------------------------------------------------------------------

    fn emit_byte(&mut self, b: u8) -> usize {
        let line = self.previous.line;
        let c = self.fc();
        c.code.push(b);
        c.lines.push(line);
        c.code.len() - 1
    }

    fn emit_op(&mut self, code: u8) {
        let c = self.fc();
        c.last_ops = [c.last_ops[1], c.code.len()];
        self.emit_byte(code);
        let effect = opcode::OPCODES[code as usize].stack_effect();
        let c = self.fc();
        c.num_slots += effect;
        if c.num_slots > c.max_slots {
            c.max_slots = c.num_slots;
        }
    }

    fn emit_short(&mut self, v: usize) {
        self.emit_byte(((v >> 8) & 0xff) as u8);
        self.emit_byte((v & 0xff) as u8);
    }

    fn emit_byte_arg(&mut self, code: u8, arg: usize) -> usize {
        self.emit_op(code);
        self.emit_byte(arg as u8)
    }

    fn emit_short_arg(&mut self, code: u8, arg: usize) {
        self.emit_op(code);
        self.emit_short(arg);
    }

    /// Emits a jump with a placeholder offset; returns the offset's position.
    fn emit_jump(&mut self, code: u8) -> usize {
        self.emit_op(code);
        self.emit_byte(0xff);
        self.emit_byte(0xff) - 1
    }

    fn patch_jump(&mut self, at: usize) {
        let c = self.fc();
        c.last_label = c.code.len();
        let jump = self.fc().code.len() - at - 2;
        if jump > MAX_JUMP {
            self.error("Too much code to jump over.");
        }
        let c = self.fc();
        c.code[at] = ((jump >> 8) & 0xff) as u8;
        c.code[at + 1] = (jump & 0xff) as u8;
    }

    fn const_key(&self, v: Value) -> ConstKey {
        use crate::value::ValueKind;
        match v.kind() {
            ValueKind::Null | ValueKind::Undefined => ConstKey::Null,
            ValueKind::True => ConstKey::Bool(true),
            ValueKind::False => ConstKey::Bool(false),
            ValueKind::Num(n) => ConstKey::Num(n.to_bits()),
            ValueKind::Obj(r) => match self.vm.heap.str_bytes(v) {
                Some(b) => ConstKey::Str(b.to_vec()),
                None => ConstKey::Obj(r.index()),
            },
        }
    }

    fn add_constant(&mut self, v: Value) -> usize {
        if !self.errors.is_empty() {
            return usize::MAX & 0xffff;
        }
        let key = self.const_key(v);
        if let Some(&i) = self.fc().const_index.get(&key) {
            return i;
        }
        if self.fc().constants.len() < MAX_CONSTANTS {
            let c = self.fc();
            c.constants.push(v);
            let i = c.constants.len() - 1;
            c.const_index.insert(key, i);
            i
        } else {
            self.error(&format!(
                "A function may only contain {MAX_CONSTANTS} unique constants."
            ));
            self.fc().constants.len().saturating_sub(1)
        }
    }

    fn emit_constant(&mut self, v: Value) {
        let k = self.add_constant(v);
        self.emit_short_arg(op::CONSTANT, k);
    }

    fn string_constant(&mut self, bytes: &[u8]) -> Value {
        self.vm.heap.new_string(bytes).value()
    }

    // ---- Variables ---------------------------------------------------------------------------

    fn add_local(&mut self, name: Vec<u8>) -> usize {
        let c = self.fc();
        let depth = c.scope_depth;
        c.locals.push(Local {
            name,
            depth,
            is_upvalue: false,
        });
        c.locals.len() - 1
    }

    /// Declares a variable named `name` in the current scope. Returns its slot or module index.
    fn declare_variable(&mut self, name: &[u8], line: u32) -> usize {
        if name.len() > MAX_VARIABLE_NAME {
            self.error(&format!(
                "Variable name cannot be longer than {MAX_VARIABLE_NAME} characters."
            ));
        }
        if self.fc().scope_depth == -1 {
            return self.define_module_variable(name, line);
        }
        let depth = self.fc().scope_depth;
        let found = {
            let c = self.fc();
            let mut found = None;
            for (i, l) in c.locals.iter().enumerate().rev() {
                if l.depth < depth {
                    break;
                }
                if l.name == name {
                    found = Some(i);
                    break;
                }
            }
            found
        };
        if let Some(i) = found {
            self.error("Variable is already declared in this scope.");
            return i;
        }
        if self.fc().locals.len() == MAX_LOCALS {
            self.error(&format!(
                "Cannot declare more than {MAX_LOCALS} variables in one scope."
            ));
            return MAX_LOCALS;
        }
        self.add_local(name.to_vec())
    }

    /// Defines a module variable at compile time (value `null`), resolving a forward use.
    fn define_module_variable(&mut self, name: &[u8], _line: u32) -> usize {
        let name_s = String::from_utf8_lossy(name).into_owned();
        let existing = self.vm.heap.get(self.module).find(&name_s);
        match existing {
            Some(i) => {
                let i = i as usize;
                if let Some(pos) = self.forward.iter().position(|&(idx, _)| idx == i) {
                    let (_, first_use) = self.forward.remove(pos);
                    self.vm.heap.get_mut(self.module).variables[i] = Value::NULL;
                    if is_local_name(name) {
                        self.error(&format!(
                            "Variable '{name_s}' referenced before this definition (first use at line {first_use})."
                        ));
                    }
                    i
                } else {
                    self.error("Module variable is already defined.");
                    i
                }
            }
            None => {
                if self.vm.heap.get(self.module).variables.len() >= MAX_MODULE_VARS {
                    self.error("Too many module variables defined.");
                    return 0;
                }
                self.vm.heap.get_mut(self.module).push(&name_s, Value::NULL) as usize
            }
        }
    }

    /// Declares a parameter: a local whose slot the caller fills, so it counts towards the
    /// function's stack slots without code pushing it.
    fn declare_parameter(&mut self) {
        self.declare_named_variable();
        let c = self.fc();
        c.num_slots += 1;
        c.max_slots = c.max_slots.max(c.num_slots);
    }

    fn declare_named_variable(&mut self) -> usize {
        self.consume(Tok::Name, "Expect variable name.");
        let name = self.prev_text();
        let line = self.previous.line;
        self.declare_variable(&name, line)
    }

    fn define_variable(&mut self, symbol: usize) {
        if self.fc().scope_depth >= 0 {
            return;
        }
        self.emit_short_arg(op::STORE_MODULE_VAR, symbol);
        self.emit_op(op::POP);
    }

    fn push_scope(&mut self) {
        self.fc().scope_depth += 1;
    }

    /// Emits code discarding locals at `depth` or deeper; returns how many.
    fn discard_locals(&mut self, depth: i32) -> usize {
        let mut ops = Vec::new();
        {
            let c = self.fc();
            for l in c.locals.iter().rev() {
                if l.depth < depth {
                    break;
                }
                ops.push(if l.is_upvalue {
                    op::CLOSE_UPVALUE
                } else {
                    op::POP
                });
            }
        }
        for o in &ops {
            self.emit_byte(*o);
        }
        ops.len()
    }

    fn pop_scope(&mut self) {
        let depth = self.fc().scope_depth;
        let popped = self.discard_locals(depth);
        let c = self.fc();
        let n = c.locals.len() - popped;
        c.locals.truncate(n);
        c.num_slots -= popped as i32;
        c.scope_depth -= 1;
    }

    fn resolve_local(&self, ci: usize, name: &[u8]) -> Option<usize> {
        self.compilers[ci]
            .locals
            .iter()
            .rposition(|l| l.name == name)
    }

    fn add_upvalue(&mut self, ci: usize, is_local: bool, index: usize) -> usize {
        let up = Upvalue { is_local, index };
        let c = &mut self.compilers[ci];
        if let Some(i) = c.upvalues.iter().position(|u| *u == up) {
            return i;
        }
        c.upvalues.push(up);
        let n = c.upvalues.len();
        if n > MAX_UPVALUES {
            self.error(&format!(
                "Functions may only close over {MAX_UPVALUES} variables."
            ));
        }
        n - 1
    }

    /// Finds `name` in the functions enclosing compiler `ci`, threading upvalues down. Stops at
    /// a method boundary unless the name is a static field.
    fn find_upvalue(&mut self, ci: usize, name: &[u8]) -> Option<usize> {
        // Walk outwards to find where the variable lives, then add upvalues inwards.
        let mut chain = Vec::new();
        let mut c = ci;
        let found_local;
        loop {
            if c == 0 {
                return None;
            }
            let parent = c - 1;
            if name.first() != Some(&b'_') && self.compilers[parent].enclosing_class.is_some() {
                return None;
            }
            chain.push(c);
            if let Some(local) = self.resolve_local(parent, name) {
                self.compilers[parent].locals[local].is_upvalue = true;
                found_local = local;
                break;
            }
            c = parent;
        }
        // chain[last] captures the local directly; inner ones capture the outer upvalue.
        let mut index = found_local;
        let mut is_local = true;
        for &c in chain.iter().rev() {
            index = self.add_upvalue(c, is_local, index);
            is_local = false;
        }
        Some(index)
    }

    fn resolve_non_module(&mut self, name: &[u8]) -> Option<Variable> {
        let ci = self.compilers.len() - 1;
        if let Some(i) = self.resolve_local(ci, name) {
            return Some(Variable {
                scope: Scope::Local,
                index: i,
            });
        }
        self.find_upvalue(ci, name).map(|i| Variable {
            scope: Scope::Upvalue,
            index: i,
        })
    }

    fn resolve_name(&mut self, name: &[u8]) -> Option<Variable> {
        if let Some(v) = self.resolve_non_module(name) {
            return Some(v);
        }
        let name_s = String::from_utf8_lossy(name);
        self.vm
            .heap
            .get(self.module)
            .find(&name_s)
            .map(|i| Variable {
                scope: Scope::Module,
                index: i as usize,
            })
    }

    fn load_local(&mut self, slot: usize) {
        if slot <= 8 {
            self.emit_op(op::LOAD_LOCAL_0 + slot as u8);
        } else {
            self.emit_byte_arg(op::LOAD_LOCAL, slot);
        }
    }

    fn load_variable(&mut self, v: Variable) {
        match v.scope {
            Scope::Local => self.load_local(v.index),
            Scope::Upvalue => {
                self.emit_byte_arg(op::LOAD_UPVALUE, v.index);
            }
            Scope::Module => self.emit_short_arg(op::LOAD_MODULE_VAR, v.index),
        }
    }

    fn load_this(&mut self) {
        if let Some(v) = self.resolve_non_module(b"this") {
            self.load_variable(v);
        }
    }

    fn load_core_variable(&mut self, name: &str) {
        let i = self
            .vm
            .heap
            .get(self.module)
            .find(name)
            .unwrap_or_else(|| panic!("core variable {name} is missing"));
        self.emit_short_arg(op::LOAD_MODULE_VAR, i as usize);
    }

    /// Index (in `compilers`) of the innermost function compiling a class body.
    fn enclosing_class_compiler(&self) -> Option<usize> {
        self.compilers
            .iter()
            .rposition(|c| c.enclosing_class.is_some())
    }

    fn enclosing_class(&self) -> Option<usize> {
        self.enclosing_class_compiler()
            .and_then(|c| self.compilers[c].enclosing_class)
    }

    // ---- Calls -------------------------------------------------------------------------------

    fn method_symbol(&mut self, name: &str) -> usize {
        self.vm.method_names.ensure(name) as usize
    }

    fn call_method(&mut self, argc: usize, name: &str) {
        let sym = self.method_symbol(name);
        self.emit_short_arg(op::CALL_0 + argc as u8, sym);
    }

    fn call_signature(&mut self, instruction: u8, sig: &Signature) {
        let sym = self.method_symbol(&sig.full());
        let argc = sig.arity.min(MAX_PARAMETERS) as u8;
        if instruction == op::CALL_0 && argc == 1 && self.fuse_local_const_call(sym) {
            return;
        }
        self.emit_short_arg(instruction + argc, sym);
        if instruction == op::SUPER_0 {
            let k = self.add_constant(Value::NULL);
            self.emit_short(k);
        }
    }

    /// If the code ends with "load local, load constant" and no jump lands between them,
    /// replaces both and the one-argument call of `symbol` with `LOCAL_CONST_CALL_1`, which
    /// does the same in one dispatch. Returns whether it did.
    fn fuse_local_const_call(&mut self, symbol: usize) -> bool {
        if !self.errors.is_empty() {
            return false;
        }
        let c = self.fc();
        let [first, second] = c.last_ops;
        let len = c.code.len();
        if first == usize::MAX || first < c.last_label {
            return false;
        }
        // The last two instructions, read through the one decoder.
        let (Ok(load), Ok(konst)) = (
            opcode::decode(&c.code, first, |_| None),
            opcode::decode(&c.code, second, |_| None),
        ) else {
            return false;
        };
        if load.next() != second || konst.next() != len || konst.info.byte != op::CONSTANT {
            return false;
        }
        let slot = match load.info.byte {
            b @ op::LOAD_LOCAL_0..=op::LOAD_LOCAL_8 => b - op::LOAD_LOCAL_0,
            op::LOAD_LOCAL => load.arg(0) as u8,
            _ => return false,
        };
        let [k_hi, k_lo] = konst.arg(0).to_be_bytes();
        c.code.truncate(first);
        c.lines.truncate(first);
        // The two loads' stack effects were counted; the fused instruction counts its own.
        c.num_slots -= 2;
        c.last_ops = [usize::MAX; 2];
        self.emit_op(op::LOCAL_CONST_CALL_1);
        self.emit_byte(slot);
        self.emit_byte(k_hi);
        self.emit_byte(k_lo);
        self.emit_short(symbol);
        true
    }

    fn validate_num_parameters(&mut self, n: usize) {
        if n == MAX_PARAMETERS + 1 {
            self.error(&format!(
                "Methods cannot have more than {MAX_PARAMETERS} parameters."
            ));
        }
    }

    fn finish_argument_list(&mut self, sig: &mut Signature) {
        loop {
            self.ignore_newlines();
            sig.arity += 1;
            self.validate_num_parameters(sig.arity);
            self.expression();
            if !self.matches(Tok::Comma) {
                break;
            }
        }
        self.ignore_newlines();
    }

    fn signature_from_token(&mut self, kind: SigKind) -> Signature {
        let mut bytes = self.prev_text();
        if bytes.len() > MAX_METHOD_NAME {
            self.error(&format!(
                "Method names cannot be longer than {MAX_METHOD_NAME} characters."
            ));
            bytes.truncate(MAX_METHOD_NAME);
        }
        let name = String::from_utf8_lossy(&bytes).into_owned();
        Signature {
            name,
            kind,
            arity: 0,
        }
    }

    fn method_call(&mut self, instruction: u8, sig: &Signature) {
        let mut called = Signature {
            name: sig.name.clone(),
            kind: SigKind::Getter,
            arity: 0,
        };
        if self.matches(Tok::LeftParen) {
            called.kind = SigKind::Method;
            self.ignore_newlines();
            if self.peek() != Tok::RightParen {
                self.finish_argument_list(&mut called);
            }
            self.consume(Tok::RightParen, "Expect ')' after arguments.");
        }
        if self.matches(Tok::LeftBrace) {
            called.kind = SigKind::Method;
            called.arity += 1;
            self.push_compiler(false);
            let mut fn_sig = Signature {
                name: String::new(),
                kind: SigKind::Method,
                arity: 0,
            };
            if self.matches(Tok::Pipe) {
                self.finish_parameter_list(&mut fn_sig);
                self.consume(Tok::Pipe, "Expect '|' after function parameters.");
            }
            self.fc().arity = fn_sig.arity;
            self.finish_body();
            let name = format!("{} block argument", called.full());
            self.end_compiler(&name);
        }
        if sig.kind == SigKind::Initializer {
            if called.kind != SigKind::Method {
                self.error("A superclass constructor must have an argument list.");
            }
            called.kind = SigKind::Initializer;
        }
        self.call_signature(instruction, &called);
    }

    fn named_call(&mut self, can_assign: bool, instruction: u8) {
        let mut sig = self.signature_from_token(SigKind::Getter);
        if can_assign && self.matches(Tok::Eq) {
            self.ignore_newlines();
            sig.kind = SigKind::Setter;
            sig.arity = 1;
            self.expression();
            self.call_signature(instruction, &sig);
        } else {
            self.method_call(instruction, &sig);
            self.allow_line_before_dot();
        }
    }

    // ---- Expressions -------------------------------------------------------------------------

    fn expression(&mut self) {
        self.parse_precedence(Prec::Lowest);
    }

    fn infix_prec(kind: Tok) -> Prec {
        use Tok::*;
        match kind {
            LeftBracket | Dot => Prec::Call,
            DotDot | DotDotDot => Prec::Range,
            Star | Slash | Percent => Prec::Factor,
            Plus | Minus => Prec::Term,
            LtLt | GtGt => Prec::BitwiseShift,
            Pipe => Prec::BitwiseOr,
            Caret => Prec::BitwiseXor,
            Amp => Prec::BitwiseAnd,
            PipePipe => Prec::LogicalOr,
            AmpAmp => Prec::LogicalAnd,
            Question => Prec::Assignment,
            Lt | Gt | LtEq | GtEq => Prec::Comparison,
            EqEq | BangEq => Prec::Equality,
            Is => Prec::Is,
            _ => Prec::None,
        }
    }

    fn operator_name(kind: Tok) -> &'static str {
        use Tok::*;
        match kind {
            DotDot => "..",
            DotDotDot => "...",
            Star => "*",
            Slash => "/",
            Percent => "%",
            Plus => "+",
            Minus => "-",
            LtLt => "<<",
            GtGt => ">>",
            Pipe => "|",
            Caret => "^",
            Amp => "&",
            Bang => "!",
            Tilde => "~",
            Lt => "<",
            Gt => ">",
            LtEq => "<=",
            GtEq => ">=",
            EqEq => "==",
            BangEq => "!=",
            Is => "is",
            _ => "",
        }
    }

    fn has_prefix(kind: Tok) -> bool {
        use Tok::*;
        matches!(
            kind,
            LeftParen
                | LeftBracket
                | LeftBrace
                | Minus
                | Bang
                | Tilde
                | False
                | True
                | Null
                | Super
                | This
                | Field
                | StaticField
                | Name
                | Number
                | String
                | Interpolation
        )
    }

    fn parse_precedence(&mut self, prec: Prec) {
        self.depth += 1;
        if self.depth > MAX_COMPILE_DEPTH {
            self.depth -= 1;
            self.next_token();
            self.error("Expression is nested too deeply.");
            return;
        }
        self.next_token();
        let kind = self.previous.kind;
        if !Self::has_prefix(kind) {
            self.error("Expected expression.");
            self.depth -= 1;
            return;
        }
        let can_assign = prec <= Prec::Conditional;
        self.prefix(kind, can_assign);
        while prec <= Self::infix_prec(self.current.kind) {
            self.next_token();
            let kind = self.previous.kind;
            self.infix(kind, can_assign);
        }
        self.depth -= 1;
    }

    fn prefix(&mut self, kind: Tok, can_assign: bool) {
        match kind {
            Tok::LeftParen => {
                self.expression();
                self.consume(Tok::RightParen, "Expect ')' after expression.");
            }
            Tok::LeftBracket => self.list(),
            Tok::LeftBrace => self.map(),
            Tok::Minus | Tok::Bang | Tok::Tilde => {
                self.ignore_newlines();
                self.parse_precedence(Prec::Unary.next());
                self.call_method(0, Self::operator_name(kind));
            }
            Tok::False => self.emit_op(op::FALSE),
            Tok::True => self.emit_op(op::TRUE),
            Tok::Null => self.emit_op(op::NULL),
            Tok::Super => self.super_(can_assign),
            Tok::This => {
                if self.enclosing_class().is_none() {
                    self.error("Cannot use 'this' outside of a method.");
                    return;
                }
                self.load_this();
            }
            Tok::Field => self.field(can_assign),
            Tok::StaticField => self.static_field(can_assign),
            Tok::Name => self.name(can_assign),
            Tok::Number | Tok::String => self.literal(),
            Tok::Interpolation => self.string_interpolation(),
            _ => {}
        }
    }

    fn infix(&mut self, kind: Tok, can_assign: bool) {
        match kind {
            Tok::LeftBracket => self.subscript(can_assign),
            Tok::Dot => {
                self.ignore_newlines();
                self.consume(Tok::Name, "Expect method name after '.'.");
                self.named_call(can_assign, op::CALL_0);
            }
            Tok::PipePipe => {
                self.ignore_newlines();
                let jump = self.emit_jump(op::OR);
                self.parse_precedence(Prec::LogicalOr);
                self.patch_jump(jump);
            }
            Tok::AmpAmp => {
                self.ignore_newlines();
                let jump = self.emit_jump(op::AND);
                self.parse_precedence(Prec::LogicalAnd);
                self.patch_jump(jump);
            }
            Tok::Question => self.conditional(),
            _ => {
                // A binary operator.
                let prec = Self::infix_prec(kind);
                self.ignore_newlines();
                self.parse_precedence(prec.next());
                let sig = Signature {
                    name: Self::operator_name(kind).to_string(),
                    kind: SigKind::Method,
                    arity: 1,
                };
                self.call_signature(op::CALL_0, &sig);
            }
        }
    }

    fn literal(&mut self) {
        let v = match &self.previous.value {
            Literal::Num(n) => Value::num(*n),
            Literal::Str(s) => {
                let s = s.clone();
                self.string_constant(&s)
            }
            Literal::None => Value::NULL,
        };
        self.emit_constant(v);
    }

    fn list(&mut self) {
        self.load_core_variable("List");
        self.call_method(0, "new()");
        loop {
            self.ignore_newlines();
            if self.peek() == Tok::RightBracket {
                break;
            }
            self.expression();
            self.call_method(1, "addCore_(_)");
            if !self.matches(Tok::Comma) {
                break;
            }
        }
        self.ignore_newlines();
        self.consume(Tok::RightBracket, "Expect ']' after list elements.");
    }

    fn map(&mut self) {
        self.load_core_variable("Map");
        self.call_method(0, "new()");
        loop {
            self.ignore_newlines();
            if self.peek() == Tok::RightBrace {
                break;
            }
            self.parse_precedence(Prec::Unary);
            self.consume(Tok::Colon, "Expect ':' after map key.");
            self.ignore_newlines();
            self.expression();
            self.call_method(2, "addCore_(_,_)");
            if !self.matches(Tok::Comma) {
                break;
            }
        }
        self.ignore_newlines();
        self.consume(Tok::RightBrace, "Expect '}' after map entries.");
    }

    fn string_interpolation(&mut self) {
        self.load_core_variable("List");
        self.call_method(0, "new()");
        loop {
            self.literal();
            self.call_method(1, "addCore_(_)");
            self.ignore_newlines();
            self.expression();
            self.call_method(1, "addCore_(_)");
            self.ignore_newlines();
            if !self.matches(Tok::Interpolation) {
                break;
            }
        }
        self.consume(Tok::String, "Expect end of string interpolation.");
        self.literal();
        self.call_method(1, "addCore_(_)");
        self.call_method(0, "join()");
    }

    fn conditional(&mut self) {
        self.ignore_newlines();
        let if_jump = self.emit_jump(op::JUMP_IF);
        self.parse_precedence(Prec::Conditional);
        self.consume(
            Tok::Colon,
            "Expect ':' after then branch of conditional operator.",
        );
        self.ignore_newlines();
        let else_jump = self.emit_jump(op::JUMP);
        self.patch_jump(if_jump);
        self.parse_precedence(Prec::Assignment);
        self.patch_jump(else_jump);
    }

    fn subscript(&mut self, can_assign: bool) {
        let mut sig = Signature {
            name: String::new(),
            kind: SigKind::Subscript,
            arity: 0,
        };
        self.finish_argument_list(&mut sig);
        self.consume(Tok::RightBracket, "Expect ']' after arguments.");
        self.allow_line_before_dot();
        if can_assign && self.matches(Tok::Eq) {
            sig.kind = SigKind::SubscriptSetter;
            sig.arity += 1;
            self.validate_num_parameters(sig.arity);
            self.expression();
        }
        self.call_signature(op::CALL_0, &sig);
    }

    fn super_(&mut self, can_assign: bool) {
        let class = self.enclosing_class();
        if class.is_none() {
            self.error("Cannot use 'super' outside of a method.");
        }
        self.load_this();
        if self.matches(Tok::Dot) {
            self.consume(Tok::Name, "Expect method name after 'super.'.");
            self.named_call(can_assign, op::SUPER_0);
        } else if let Some(ci) = class {
            let sig = self.classes[ci].signature.clone();
            if let Some(sig) = sig {
                self.method_call(op::SUPER_0, &sig);
            }
        }
    }

    fn field(&mut self, can_assign: bool) {
        let mut field = MAX_FIELDS;
        if self.prev_text().iter().all(|&b| b == b'_') {
            self.error("Expect a field name after '_'.");
        }
        let class = self.enclosing_class();
        match class {
            None => self.error("Cannot reference a field outside of a class definition."),
            Some(ci) if self.classes[ci].is_foreign => {
                self.error("Cannot define fields in a foreign class.")
            }
            Some(ci) if self.classes[ci].in_static => {
                self.error("Cannot use an instance field in a static method.")
            }
            Some(ci) => {
                let name = self.prev_text();
                let fields = &mut self.classes[ci].fields;
                field = match fields.iter().position(|f| *f == name) {
                    Some(i) => i,
                    None => {
                        fields.push(name);
                        fields.len() - 1
                    }
                };
                if field >= MAX_FIELDS {
                    self.error(&format!("A class can only have {MAX_FIELDS} fields."));
                }
            }
        }
        let mut is_load = true;
        if can_assign && self.matches(Tok::Eq) {
            self.expression();
            is_load = false;
        }
        // Directly inside a method (not a nested function) the receiver is slot 0.
        let n = self.compilers.len();
        let direct = n >= 2 && class.is_some() && self.compilers[n - 2].enclosing_class == class;
        if direct {
            self.emit_byte_arg(
                if is_load {
                    op::LOAD_FIELD_THIS
                } else {
                    op::STORE_FIELD_THIS
                },
                field,
            );
        } else {
            self.load_this();
            self.emit_byte_arg(
                if is_load {
                    op::LOAD_FIELD
                } else {
                    op::STORE_FIELD
                },
                field,
            );
        }
        self.allow_line_before_dot();
    }

    fn bare_name(&mut self, can_assign: bool, v: Variable) {
        if can_assign && self.matches(Tok::Eq) {
            self.expression();
            match v.scope {
                Scope::Local => {
                    self.emit_byte_arg(op::STORE_LOCAL, v.index);
                }
                Scope::Upvalue => {
                    self.emit_byte_arg(op::STORE_UPVALUE, v.index);
                }
                Scope::Module => self.emit_short_arg(op::STORE_MODULE_VAR, v.index),
            }
            return;
        }
        self.load_variable(v);
        self.allow_line_before_dot();
    }

    fn static_field(&mut self, can_assign: bool) {
        let Some(cc) = self.enclosing_class_compiler() else {
            self.error("Cannot use a static field outside of a class definition.");
            return;
        };
        let name = self.prev_text();
        if name.iter().all(|&b| b == b'_') {
            self.error("Expect a static field name after '__'.");
        }
        if self.resolve_local(cc, &name).is_none() {
            // First use: declare it as a local of the scope around the class body, set to null.
            // Temporarily make the class compiler current to emit into it.
            let inner = self.compilers.split_off(cc + 1);
            let line = self.previous.line;
            let symbol = self.declare_variable(&name, line);
            self.emit_op(op::NULL);
            self.define_variable(symbol);
            self.compilers.extend(inner);
        }
        match self.resolve_name(&name) {
            Some(v) => self.bare_name(can_assign, v),
            None => self.error("Undefined static field."),
        }
    }

    fn name(&mut self, can_assign: bool) {
        let name = self.prev_text();
        let line = self.previous.line;
        if let Some(v) = self.resolve_non_module(&name) {
            self.bare_name(can_assign, v);
            return;
        }
        if is_local_name(&name) && self.enclosing_class().is_some() {
            self.load_this();
            self.named_call(can_assign, op::CALL_0);
            return;
        }
        let name_s = String::from_utf8_lossy(&name).into_owned();
        let index = match self.vm.heap.get(self.module).find(&name_s) {
            Some(i) => i as usize,
            None => {
                if self.vm.heap.get(self.module).variables.len() >= MAX_MODULE_VARS {
                    self.error("Too many module variables defined.");
                    0
                } else {
                    // Implicitly declare it, hoping for a definition later in the module.
                    let i = self
                        .vm
                        .heap
                        .get_mut(self.module)
                        .push(&name_s, Value::num(line as f64))
                        as usize;
                    self.forward.push((i, line));
                    i
                }
            }
        };
        self.bare_name(
            can_assign,
            Variable {
                scope: Scope::Module,
                index,
            },
        );
    }

    // ---- Statements --------------------------------------------------------------------------

    /// Compiles a block body after `{`. Returns whether it was a single expression (leaving a
    /// value on the stack).
    fn finish_block(&mut self) -> bool {
        if self.matches(Tok::RightBrace) {
            return false;
        }
        if !self.match_line() {
            self.expression();
            self.consume(Tok::RightBrace, "Expect '}' at end of block.");
            return true;
        }
        if self.matches(Tok::RightBrace) {
            return false;
        }
        loop {
            self.definition();
            self.consume_line("Expect newline after statement.");
            if self.peek() == Tok::RightBrace || self.peek() == Tok::Eof {
                break;
            }
        }
        self.consume(Tok::RightBrace, "Expect '}' at end of block.");
        false
    }

    fn finish_body(&mut self) {
        let is_expr = self.finish_block();
        if self.fc().is_initializer {
            if is_expr {
                self.emit_op(op::POP);
            }
            self.emit_op(op::LOAD_LOCAL_0);
        } else if !is_expr {
            self.emit_op(op::NULL);
        }
        self.emit_op(op::RETURN);
    }

    fn finish_parameter_list(&mut self, sig: &mut Signature) {
        loop {
            self.ignore_newlines();
            sig.arity += 1;
            self.validate_num_parameters(sig.arity);
            self.declare_parameter();
            if !self.matches(Tok::Comma) {
                break;
            }
        }
    }

    fn start_loop(&mut self) {
        let c = self.fc();
        let start = c.code.len();
        c.last_label = start;
        let depth = c.scope_depth;
        c.loops.push(LoopInfo {
            start,
            exit_jump: 0,
            body: 0,
            scope_depth: depth,
        });
    }

    fn test_exit_loop(&mut self) {
        let j = self.emit_jump(op::JUMP_IF);
        self.fc().loops.last_mut().expect("loop").exit_jump = j;
    }

    fn loop_body(&mut self) {
        let c = self.fc();
        let n = c.code.len();
        c.loops.last_mut().expect("loop").body = n;
        self.statement();
    }

    fn emit_loop(&mut self, start: usize) {
        let offset = self.fc().code.len() + 3 - start;
        if offset > MAX_JUMP {
            self.error("Too much code to jump over.");
        }
        self.emit_short_arg(op::LOOP, offset);
    }

    fn end_loop(&mut self) {
        let (start, exit, body) = {
            let l = self.fc().loops.last().expect("loop");
            (l.start, l.exit_jump, l.body)
        };
        self.emit_loop(start);
        self.patch_jump(exit);
        // Replace the `break` placeholders (END) in the body with jumps to here.
        let mut i = body;
        while i < self.fc().code.len() {
            if self.fc().code[i] == op::END {
                self.fc().code[i] = op::JUMP;
                self.patch_jump(i + 1);
                i += 3;
            } else {
                let c = &self.compilers[self.compilers.len() - 1];
                let len = opcode::decode(&c.code, i, self.vm.heap.upvalue_counts(&c.constants))
                    .map(|ins| ins.len);
                i += len.unwrap_or(1);
            }
        }
        self.fc().loops.pop();
    }

    fn for_statement(&mut self) {
        self.push_scope();
        self.consume(Tok::LeftParen, "Expect '(' after 'for'.");
        self.consume(Tok::Name, "Expect for loop variable name.");
        let name = self.prev_text();
        self.consume(Tok::In, "Expect 'in' after loop variable.");
        self.ignore_newlines();
        self.expression();
        if self.fc().locals.len() + 2 > MAX_LOCALS {
            self.error(&format!("Cannot declare more than {MAX_LOCALS} variables in one scope. (Not enough space for for-loops internal variables)"));
            return;
        }
        let seq = self.add_local(b"seq ".to_vec());
        self.emit_op(op::NULL);
        let iter = self.add_local(b"iter ".to_vec());
        self.consume(Tok::RightParen, "Expect ')' after loop expression.");
        self.start_loop();
        self.load_local(seq);
        self.load_local(iter);
        self.call_method(1, "iterate(_)");
        self.emit_byte_arg(op::STORE_LOCAL, iter);
        self.test_exit_loop();
        self.load_local(seq);
        self.load_local(iter);
        self.call_method(1, "iteratorValue(_)");
        self.push_scope();
        self.add_local(name);
        self.loop_body();
        self.pop_scope();
        self.end_loop();
        self.pop_scope();
    }

    fn while_statement(&mut self) {
        self.start_loop();
        self.consume(Tok::LeftParen, "Expect '(' after 'while'.");
        self.expression();
        self.consume(Tok::RightParen, "Expect ')' after while condition.");
        self.test_exit_loop();
        self.loop_body();
        self.end_loop();
    }

    fn if_statement(&mut self) {
        self.consume(Tok::LeftParen, "Expect '(' after 'if'.");
        self.expression();
        self.consume(Tok::RightParen, "Expect ')' after if condition.");
        let if_jump = self.emit_jump(op::JUMP_IF);
        self.statement();
        if self.matches(Tok::Else) {
            let else_jump = self.emit_jump(op::JUMP);
            self.patch_jump(if_jump);
            self.statement();
            self.patch_jump(else_jump);
        } else {
            self.patch_jump(if_jump);
        }
    }

    fn statement(&mut self) {
        self.depth += 1;
        if self.depth > MAX_COMPILE_DEPTH {
            self.depth -= 1;
            self.next_token();
            self.error("Statement is nested too deeply.");
            return;
        }
        self.statement_inner();
        self.depth -= 1;
    }

    fn statement_inner(&mut self) {
        if self.matches(Tok::Break) {
            let Some(depth) = self.fc().loops.last().map(|l| l.scope_depth) else {
                self.error("Cannot use 'break' outside of a loop.");
                return;
            };
            self.discard_locals(depth + 1);
            self.emit_jump(op::END);
        } else if self.matches(Tok::Continue) {
            let Some((depth, start)) = self.fc().loops.last().map(|l| (l.scope_depth, l.start))
            else {
                self.error("Cannot use 'continue' outside of a loop.");
                return;
            };
            self.discard_locals(depth + 1);
            self.emit_loop(start);
        } else if self.matches(Tok::For) {
            self.for_statement();
        } else if self.matches(Tok::If) {
            self.if_statement();
        } else if self.matches(Tok::Return) {
            if self.peek() == Tok::Line {
                let o = if self.fc().is_initializer {
                    op::LOAD_LOCAL_0
                } else {
                    op::NULL
                };
                self.emit_op(o);
            } else {
                if self.fc().is_initializer {
                    self.error("A constructor cannot return a value.");
                }
                self.expression();
            }
            self.emit_op(op::RETURN);
        } else if self.matches(Tok::While) {
            self.while_statement();
        } else if self.matches(Tok::LeftBrace) {
            self.push_scope();
            if self.finish_block() {
                self.emit_op(op::POP);
            }
            self.pop_scope();
        } else {
            self.expression();
            self.emit_op(op::POP);
        }
    }

    // ---- Attributes --------------------------------------------------------------------------

    fn consume_literal(&mut self, msg: &str) -> AttrValue {
        if self.matches(Tok::False) {
            return AttrValue::Bool(false);
        }
        if self.matches(Tok::True) {
            return AttrValue::Bool(true);
        }
        if self.matches(Tok::Number) {
            if let Literal::Num(n) = self.previous.value {
                return AttrValue::Num(n);
            }
        }
        if self.matches(Tok::String) {
            if let Literal::Str(s) = &self.previous.value {
                return AttrValue::Str(s.clone());
            }
        }
        if self.matches(Tok::Name) {
            return AttrValue::Str(self.prev_text());
        }
        self.error(msg);
        self.next_token();
        AttrValue::Null
    }

    fn match_attribute(&mut self) -> bool {
        if !self.matches(Tok::Hash) {
            return false;
        }
        self.fc().num_attributes += 1;
        let runtime = self.matches(Tok::Bang);
        const VALUE_MSG: &str =
            "Expect a Bool, Num, String or Identifier literal for an attribute value.";
        if self.matches(Tok::Name) {
            let group = self.prev_text();
            let ahead = self.peek();
            if ahead == Tok::Eq || ahead == Tok::Line {
                let mut value = AttrValue::Null;
                if self.matches(Tok::Eq) {
                    value = self.consume_literal(VALUE_MSG);
                }
                if runtime {
                    attr_add(&mut self.fc().attributes, None, group, value);
                }
            } else if self.matches(Tok::LeftParen) {
                self.ignore_newlines();
                if self.matches(Tok::RightParen) {
                    self.error("Expected attributes in group, group cannot be empty.");
                } else {
                    while self.peek() != Tok::RightParen {
                        self.consume(Tok::Name, "Expect name for attribute key.");
                        let key = self.prev_text();
                        let mut value = AttrValue::Null;
                        if self.matches(Tok::Eq) {
                            value = self.consume_literal(VALUE_MSG);
                        }
                        if runtime {
                            attr_add(&mut self.fc().attributes, Some(group.clone()), key, value);
                        }
                        self.ignore_newlines();
                        if !self.matches(Tok::Comma) {
                            break;
                        }
                        self.ignore_newlines();
                    }
                    self.ignore_newlines();
                    self.consume(Tok::RightParen, "Expected ')' after grouped attributes.");
                }
            } else {
                self.error("Expect an equal, newline or grouping after an attribute key.");
            }
        } else {
            self.error("Expect an attribute definition after #.");
        }
        self.consume_line("Expect newline after attribute.");
        true
    }

    fn disallow_attributes(&mut self) {
        if self.fc().num_attributes > 0 {
            self.error("Attributes can only specified before a class or a method");
            let c = self.fc();
            c.attributes.clear();
            c.num_attributes = 0;
        }
    }

    fn attr_value(&mut self, v: &AttrValue) -> Value {
        match v {
            AttrValue::Null => Value::NULL,
            AttrValue::Bool(b) => Value::bool(*b),
            AttrValue::Num(n) => Value::num(*n),
            AttrValue::Str(s) => self.string_constant(s),
        }
    }

    fn emit_attributes(&mut self, attrs: &AttrMap) {
        self.load_core_variable("Map");
        self.call_method(0, "new()");
        for (group, items) in attrs {
            match group {
                Some(g) => {
                    let v = self.string_constant(g);
                    self.emit_constant(v);
                }
                None => self.emit_constant(Value::NULL),
            }
            self.load_core_variable("Map");
            self.call_method(0, "new()");
            for (key, values) in items {
                let k = self.string_constant(key);
                self.emit_constant(k);
                self.load_core_variable("List");
                self.call_method(0, "new()");
                for value in values {
                    let v = self.attr_value(value);
                    self.emit_constant(v);
                    self.call_method(1, "addCore_(_)");
                }
                self.call_method(2, "addCore_(_,_)");
            }
            self.call_method(2, "addCore_(_,_)");
        }
    }

    fn emit_class_attributes(&mut self, ci: usize) {
        self.load_core_variable("ClassAttributes");
        match self.classes[ci].class_attributes.clone() {
            Some(a) => self.emit_attributes(&a),
            None => self.emit_op(op::NULL),
        }
        match self.classes[ci].method_attributes.clone() {
            Some(methods) => {
                self.load_core_variable("Map");
                self.call_method(0, "new()");
                for (sig, attrs) in &methods {
                    let k = self.string_constant(sig.as_bytes());
                    self.emit_constant(k);
                    self.emit_attributes(attrs);
                    self.call_method(2, "addCore_(_,_)");
                }
            }
            None => self.emit_op(op::NULL),
        }
        self.call_method(2, "new(_,_)");
    }

    // ---- Classes -----------------------------------------------------------------------------

    fn signature_for(&mut self, kind: Tok, sig: &mut Signature) -> bool {
        use Tok::*;
        match kind {
            Name => {
                sig.kind = SigKind::Getter;
                if self.maybe_setter(sig) {
                    return true;
                }
                self.parameter_list(sig);
            }
            Construct => {
                self.consume(Name, "Expect constructor name after 'construct'.");
                *sig = self.signature_from_token(SigKind::Initializer);
                if self.matches(Eq) {
                    self.error("A constructor cannot be a setter.");
                }
                if !self.matches(LeftParen) {
                    self.error("A constructor cannot be a getter.");
                    return true;
                }
                if self.matches(RightParen) {
                    return true;
                }
                self.finish_parameter_list(sig);
                self.consume(RightParen, "Expect ')' after parameters.");
            }
            LeftBracket => {
                sig.kind = SigKind::Subscript;
                sig.name.clear();
                self.finish_parameter_list(sig);
                self.consume(RightBracket, "Expect ']' after parameters.");
                self.maybe_setter(sig);
            }
            Minus => {
                sig.kind = SigKind::Getter;
                if self.matches(LeftParen) {
                    sig.kind = SigKind::Method;
                    sig.arity = 1;
                    self.declare_parameter();
                    self.consume(RightParen, "Expect ')' after parameter name.");
                }
            }
            Bang | Tilde => sig.kind = SigKind::Getter,
            DotDot | DotDotDot | Star | Slash | Percent | Plus | LtLt | GtGt | Pipe | Caret
            | Amp | Lt | Gt | LtEq | GtEq | EqEq | BangEq | Is => {
                sig.kind = SigKind::Method;
                sig.arity = 1;
                self.consume(LeftParen, "Expect '(' after operator name.");
                self.declare_parameter();
                self.consume(RightParen, "Expect ')' after parameter name.");
            }
            _ => return false,
        }
        true
    }

    fn has_signature(kind: Tok) -> bool {
        use Tok::*;
        matches!(
            kind,
            Name | Construct
                | LeftBracket
                | Minus
                | Bang
                | Tilde
                | DotDot
                | DotDotDot
                | Star
                | Slash
                | Percent
                | Plus
                | LtLt
                | GtGt
                | Pipe
                | Caret
                | Amp
                | Lt
                | Gt
                | LtEq
                | GtEq
                | EqEq
                | BangEq
                | Is
        )
    }

    fn maybe_setter(&mut self, sig: &mut Signature) -> bool {
        if !self.matches(Tok::Eq) {
            return false;
        }
        sig.kind = if sig.kind == SigKind::Subscript {
            SigKind::SubscriptSetter
        } else {
            SigKind::Setter
        };
        self.consume(Tok::LeftParen, "Expect '(' after '='.");
        self.declare_parameter();
        self.consume(Tok::RightParen, "Expect ')' after parameter name.");
        sig.arity += 1;
        true
    }

    fn parameter_list(&mut self, sig: &mut Signature) {
        if !self.matches(Tok::LeftParen) {
            return;
        }
        sig.kind = SigKind::Method;
        self.ignore_newlines();
        if self.matches(Tok::RightParen) {
            return;
        }
        self.finish_parameter_list(sig);
        self.consume(Tok::RightParen, "Expect ')' after parameters.");
    }

    fn declare_method(&mut self, ci: usize, sig: &Signature, full: &str) -> usize {
        let symbol = self.method_symbol(&sig.full()) as u32;
        let class = &self.classes[ci];
        let list = if class.in_static {
            &class.static_methods
        } else {
            &class.methods
        };
        if list.contains(&symbol) {
            let prefix = if class.in_static { "static " } else { "" };
            let msg = format!(
                "Class {} already defines a {prefix}method '{full}'.",
                class.name
            );
            self.error(&msg);
        }
        let class = &mut self.classes[ci];
        if class.in_static {
            class.static_methods.push(symbol);
        } else {
            class.methods.push(symbol);
        }
        symbol as usize
    }

    fn define_method(&mut self, class_var: Variable, is_static: bool, symbol: usize) {
        self.load_variable(class_var);
        self.emit_short_arg(
            if is_static {
                op::METHOD_STATIC
            } else {
                op::METHOD_INSTANCE
            },
            symbol,
        );
    }

    fn copy_method_attributes(&mut self, ci: usize, is_foreign: bool, is_static: bool, full: &str) {
        self.fc().num_attributes = 0;
        if self.fc().attributes.is_empty() {
            return;
        }
        let attrs = std::mem::take(&mut self.fc().attributes);
        let key = format!(
            "{}{}{full}",
            if is_foreign { "foreign " } else { "" },
            if is_static { "static " } else { "" }
        );
        let class = &mut self.classes[ci];
        let methods = class.method_attributes.get_or_insert_with(Vec::new);
        match methods.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = attrs,
            None => methods.push((key, attrs)),
        }
    }

    /// Compiles one method in a class body. Returns `false` if it could not be parsed.
    fn method(&mut self, ci: usize, class_var: Variable) -> bool {
        while self.match_attribute() {}
        let is_foreign = self.matches(Tok::Foreign);
        let is_static = self.matches(Tok::Static);
        self.classes[ci].in_static = is_static;
        let kind = self.current.kind;
        self.next_token();
        if !Self::has_signature(kind) {
            self.error("Expect method definition.");
            return false;
        }
        let mut sig = self.signature_from_token(SigKind::Getter);
        self.classes[ci].signature = Some(sig.clone());
        self.push_compiler(true);
        self.signature_for(kind, &mut sig);
        self.fc().is_initializer = sig.kind == SigKind::Initializer;
        // A method's function takes as many arguments as its signature names.
        self.fc().arity = sig.arity.min(MAX_PARAMETERS);
        self.classes[ci].signature = Some(sig.clone());
        if is_static && sig.kind == SigKind::Initializer {
            self.error("A constructor cannot be static.");
        }
        let full = sig.full();
        // Attributes were collected by the class's compiler (the parent).
        let method_compiler = self.compilers.pop().expect("method compiler");
        self.copy_method_attributes(ci, is_foreign, is_static, &full);
        let symbol = self.declare_method(ci, &sig, &full);
        if sig.kind == SigKind::Initializer {
            // The constructor is also a static method: one with its signature clashes.
            let ctor = Signature {
                kind: SigKind::Method,
                ..sig.clone()
            };
            let ctor_symbol = self.method_symbol(&ctor.full()) as u32;
            let class = &mut self.classes[ci];
            if class.static_methods.contains(&ctor_symbol) {
                let msg = format!(
                    "Class {} already defines a static method '{}'.",
                    class.name,
                    ctor.full()
                );
                self.error(&msg);
            } else {
                class.static_methods.push(ctor_symbol);
            }
        }
        self.compilers.push(method_compiler);
        if is_foreign {
            self.compilers.pop();
            let v = self.string_constant(full.as_bytes());
            self.emit_constant(v);
        } else {
            self.consume(Tok::LeftBrace, "Expect '{' to begin method body.");
            self.finish_body();
            self.end_compiler(&full);
        }
        self.define_method(class_var, is_static, symbol);
        if sig.kind == SigKind::Initializer {
            sig.kind = SigKind::Method;
            let ctor_symbol = self.method_symbol(&sig.full());
            // The constructor: allocate, run the initializer, return the instance.
            self.push_compiler(true);
            // The constructor runs with the class and the arguments in its slots, and hands
            // the same slots to the initializer.
            let arity = sig.arity.min(MAX_PARAMETERS);
            let c = self.fc();
            c.arity = arity;
            c.num_slots = arity as i32 + 1;
            c.max_slots = arity as i32 + 1;
            let construct = if self.classes[ci].is_foreign {
                op::FOREIGN_CONSTRUCT
            } else {
                op::CONSTRUCT
            };
            self.emit_op(construct);
            self.emit_short_arg(op::CALL_0 + sig.arity.min(MAX_PARAMETERS) as u8, symbol);
            self.emit_op(op::RETURN);
            self.end_compiler("");
            self.define_method(class_var, true, ctor_symbol);
        }
        true
    }

    fn class_definition(&mut self, is_foreign: bool) {
        let scope = if self.fc().scope_depth == -1 {
            Scope::Module
        } else {
            Scope::Local
        };
        let index = self.declare_named_variable();
        let class_var = Variable { scope, index };
        let name = self.prev_text();
        let name_value = self.string_constant(&name);
        self.emit_constant(name_value);
        if self.matches(Tok::Is) {
            self.parse_precedence(Prec::Call);
        } else {
            self.load_core_variable("Object");
        }
        let mut num_fields_at = None;
        if is_foreign {
            self.emit_op(op::FOREIGN_CLASS);
        } else {
            num_fields_at = Some(self.emit_byte_arg(op::CLASS, 255));
        }
        self.define_variable(index);
        self.push_scope();

        let class_attributes = if self.fc().attributes.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.fc().attributes))
        };
        self.fc().num_attributes = 0;
        self.classes.push(ClassInfo {
            name: String::from_utf8_lossy(&name).into_owned(),
            fields: Vec::new(),
            methods: Vec::new(),
            static_methods: Vec::new(),
            is_foreign,
            in_static: false,
            signature: None,
            class_attributes,
            method_attributes: None,
        });
        let ci = self.classes.len() - 1;
        let saved = self.fc().enclosing_class.replace(ci);

        self.consume(Tok::LeftBrace, "Expect '{' after class declaration.");
        self.match_line();
        while !self.matches(Tok::RightBrace) {
            if !self.method(ci, class_var) {
                break;
            }
            if self.matches(Tok::RightBrace) {
                break;
            }
            self.consume_line("Expect newline after definition in class.");
        }
        let has_attr = self.classes[ci].class_attributes.is_some()
            || self.classes[ci].method_attributes.is_some();
        if has_attr {
            self.emit_class_attributes(ci);
            self.load_variable(class_var);
            self.emit_op(op::END_CLASS);
        }
        if let Some(at) = num_fields_at {
            let n = self.classes[ci].fields.len().min(255) as u8;
            self.fc().code[at] = n;
        }
        self.fc().enclosing_class = saved;
        self.classes.pop();
        self.pop_scope();
    }

    fn import(&mut self) {
        self.ignore_newlines();
        self.consume(Tok::String, "Expect a string after 'import'.");
        let name = match &self.previous.value {
            Literal::Str(s) => s.clone(),
            _ => Vec::new(),
        };
        let name_v = self.string_constant(&name);
        let k = self.add_constant(name_v);
        self.emit_short_arg(op::IMPORT_MODULE, k);
        self.emit_op(op::POP);
        if !self.matches(Tok::For) {
            return;
        }
        loop {
            self.ignore_newlines();
            self.consume(Tok::Name, "Expect variable name.");
            let source_name = self.prev_text();
            let source_line = self.previous.line;
            let v = self.string_constant(&source_name);
            let k = self.add_constant(v);
            let slot = if self.matches(Tok::As) {
                self.declare_named_variable()
            } else {
                self.declare_variable(&source_name, source_line)
            };
            self.emit_short_arg(op::IMPORT_VARIABLE, k);
            self.define_variable(slot);
            if !self.matches(Tok::Comma) {
                break;
            }
        }
    }

    fn variable_definition(&mut self) {
        self.consume(Tok::Name, "Expect variable name.");
        let name_tok = self.previous.clone();
        let name = self.lexeme(&name_tok).to_vec();
        if self.matches(Tok::Eq) {
            self.ignore_newlines();
            self.expression();
        } else {
            self.emit_op(op::NULL);
        }
        // As in the reference, errors about the name are reported at the last token read.
        let symbol = self.declare_variable(&name, name_tok.line);
        self.define_variable(symbol);
    }

    fn definition(&mut self) {
        if self.match_attribute() {
            self.definition();
            return;
        }
        if self.matches(Tok::Class) {
            self.class_definition(false);
            return;
        }
        if self.matches(Tok::Foreign) {
            self.consume(Tok::Class, "Expect 'class' after 'foreign'.");
            self.class_definition(true);
            return;
        }
        self.disallow_attributes();
        if self.matches(Tok::Import) {
            self.import();
        } else if self.matches(Tok::Var) {
            self.variable_definition();
        } else {
            self.statement();
        }
    }

    fn compile_module(&mut self, is_expression: bool) -> Option<Handle<ObjFn>> {
        self.push_compiler(false);
        self.ignore_newlines();
        if is_expression {
            self.expression();
            self.consume(Tok::Eof, "Expect end of expression.");
        } else {
            while !self.matches(Tok::Eof) {
                self.definition();
                if !self.match_line() {
                    self.consume(Tok::Eof, "Expect end of file.");
                    break;
                }
            }
            self.emit_op(op::END_MODULE);
        }
        self.emit_op(op::RETURN);
        let forward = std::mem::take(&mut self.forward);
        for (index, line) in forward {
            let name = self.vm.heap.get(self.module).variable_names[index].to_string();
            // Report at the first use, naming the variable.
            self.previous = Token {
                kind: Tok::Name,
                start: 0,
                end: 0,
                line,
                value: Literal::None,
            };
            self.report_error(
                line,
                Some(format!("'{name}'")),
                "Variable is used but not defined.",
            );
        }
        self.end_compiler("(script)")
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::*;
    use crate::vm::Config;

    /// Compiles `src` as a module; returns the body function (if any) and the error lines.
    fn compile_src(src: &str) -> (Vm, Option<Handle<ObjFn>>, Vec<String>) {
        let errors = Rc::new(RefCell::new(Vec::new()));
        let e = errors.clone();
        let mut vm = Vm::new(Config {
            error: Box::new(move |_, _, line, msg| e.borrow_mut().push(format!("{line}: {msg}"))),
            ..Config::default()
        });
        let module = vm.get_or_create_module(Some("t"));
        let f = compile(&mut vm, module, src, false, true).ok();
        let errs = errors.borrow().clone();
        (vm, f, errs)
    }

    fn ops(vm: &Vm, f: Handle<ObjFn>) -> Vec<&'static str> {
        let func = vm.heap.get(f);
        let mut out = Vec::new();
        let mut ip = 0;
        while ip < func.code.len() {
            let ins = opcode::decode(&func.code, ip, vm.heap.upvalue_counts(&func.constants))
                .expect("well-formed");
            out.push(ins.info.name);
            ip += ins.len;
        }
        out
    }

    #[test]
    fn module_body_shape() {
        let (vm, f, errs) = compile_src("var a = 1 + 2");
        assert!(errs.is_empty(), "{errs:?}");
        let f = f.unwrap();
        assert_eq!(
            ops(&vm, f),
            [
                "CONSTANT",
                "CONSTANT",
                "CALL_1",
                "STORE_MODULE_VAR",
                "POP",
                "END_MODULE",
                "RETURN",
                "END"
            ]
        );
        assert_eq!(vm.heap.get(f).name.as_ref(), "(script)");
    }

    #[test]
    fn constants_are_deduplicated() {
        let (vm, f, _) = compile_src("var a = \"x\" + \"x\"\nvar b = 2 + 2");
        assert_eq!(vm.heap.get(f.unwrap()).constants.len(), 2);
    }

    #[test]
    fn errors_are_reported_with_lines_and_compilation_goes_on() {
        let (_, f, errs) = compile_src("var a = )\nvar b = 1\nvar c = ]\n");
        assert!(f.is_none());
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("1: Error at ')'"), "{errs:?}");
        assert!(errs[1].starts_with("3: Error at ']'"), "{errs:?}");
    }

    #[test]
    fn lowercase_forward_reference_is_an_error() {
        let (_, f, errs) = compile_src("System.print(later)\nvar later = 1");
        assert!(f.is_none());
        assert!(errs[0].contains("referenced before this definition (first use at line 1)"));
        let (_, f, errs) = compile_src("var f = Fn.new { Later }\nvar Later = 1");
        assert!(f.is_some(), "{errs:?}");
        let (_, f, errs) = compile_src("System.print(Missing)");
        assert!(f.is_none());
        assert_eq!(
            errs,
            ["1: Error at 'Missing': Variable is used but not defined."]
        );
    }

    #[test]
    fn functions_are_named_for_stack_traces() {
        let (vm, f, _) = compile_src(
            "class A {\n  construct new() {}\n  foo(x) { [1].map {|y| y } }\n  [i]=(v) {}\n}",
        );
        let f = f.unwrap();
        let mut names = Vec::new();
        let mut work = vec![f];
        while let Some(h) = work.pop() {
            let func = vm.heap.get(h);
            names.push(func.name.to_string());
            for c in func.constants.iter() {
                if let Some(inner) = vm.heap.cast::<ObjFn>(*c) {
                    work.push(inner);
                }
            }
        }
        for expected in [
            "(script)",
            "init new()",
            "",
            "foo(_)",
            "map(_) block argument",
            "[_]=(_)",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected:?} not in {names:?}"
            );
        }
    }

    #[test]
    fn break_placeholders_become_jumps() {
        let (vm, f, errs) = compile_src("while (true) {\n  if (1) break\n}");
        assert!(errs.is_empty(), "{errs:?}");
        let ops = ops(&vm, f.unwrap());
        assert_eq!(ops.iter().filter(|o| **o == "END").count(), 1, "{ops:?}");
        assert!(ops.contains(&"LOOP"));
    }

    /// The ops of every function nested in `f`, concatenated.
    fn all_ops(vm: &Vm, f: Handle<ObjFn>) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut work = vec![f];
        while let Some(h) = work.pop() {
            out.extend(ops(vm, h));
            for c in vm.heap.get(h).constants.iter() {
                if let Some(inner) = vm.heap.cast::<ObjFn>(*c) {
                    work.push(inner);
                }
            }
        }
        out
    }

    #[test]
    fn local_constant_calls_are_fused_unless_a_jump_lands_between() {
        let (vm, f, errs) = compile_src("var f = Fn.new {|n| n - 1 }");
        assert!(errs.is_empty(), "{errs:?}");
        assert!(all_ops(&vm, f.unwrap()).contains(&"LOCAL_CONST_CALL_1"));
        // `&&` jumps to the constant: fusing would make it land inside an instruction.
        let (vm, f, errs) = compile_src("var f = Fn.new {|c, n| (c && n) + 1 }");
        assert!(errs.is_empty(), "{errs:?}");
        assert!(!all_ops(&vm, f.unwrap()).contains(&"LOCAL_CONST_CALL_1"));
        // A loop starts at the constant's load: no fusion across the label either.
        let (vm, f, _) = compile_src("var f = Fn.new {|i|\n  while (i < 3) i = i + 1\n}");
        let ops = all_ops(&vm, f.unwrap());
        assert_eq!(
            ops.iter().filter(|o| **o == "LOCAL_CONST_CALL_1").count(),
            2,
            "{ops:?}"
        );
    }

    #[test]
    fn limits_are_enforced() {
        let params = (0..17)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let (_, f, errs) = compile_src(&format!("class A {{\n  m({params}) {{}}\n}}"));
        assert!(f.is_none());
        assert!(errs[0].contains("Methods cannot have more than 16 parameters."));
        let long = "a".repeat(65);
        let (_, _, errs) = compile_src(&format!("var {long} = 1"));
        assert!(errs[0].contains("Variable name cannot be longer than 64 characters."));
        let deep = "(".repeat(5000) + &")".repeat(5000);
        let (_, f, errs) = compile_src(&deep);
        assert!(f.is_none());
        assert!(
            errs.iter().any(|e| e.contains("nested too deeply")),
            "{errs:?}"
        );
    }

    #[test]
    fn upvalues_are_captured_through_intermediate_functions() {
        let (vm, f, errs) =
            compile_src("var f = Fn.new {\n  var a = 1\n  return Fn.new { Fn.new { a } }\n}");
        assert!(errs.is_empty(), "{errs:?}");
        // Every function nested in the outer one captures `a`.
        let mut captured = 0;
        let mut work = vec![f.unwrap()];
        while let Some(h) = work.pop() {
            let func = vm.heap.get(h);
            if func.num_upvalues == 1 {
                captured += 1;
            }
            for c in func.constants.iter() {
                if let Some(inner) = vm.heap.cast::<ObjFn>(*c) {
                    work.push(inner);
                }
            }
        }
        assert_eq!(captured, 2);
    }
}
