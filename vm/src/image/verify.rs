//! The verifier: the only way to a [`VerifiedImage`].
//!
//! It establishes every invariant that the interpreter, the collector, the core library and
//! printing rely on (SECURITY.md lists each one beside the check that establishes it), in this
//! order, each step relying only on the steps before it:
//!
//! 1. **Tables.** Method symbols are distinct signatures (at most 65,536); primitive names
//!    exist in this build, once each; foreign method names are well formed, once each.
//! 2. **References.** Every object number is in range and of the kind its field requires;
//!    every value refers to an object that may be a value (never a function or an upvalue).
//!    Strings, lists and foreign payloads are within their caps.
//! 3. **Classes.** The core classes are classes of their expected names. Each class's class
//!    is a metaclass (a class whose class is `Class`) owned by no other class; metaclasses
//!    inherit from `Class`; superclass chains end at `Object` without cycles; no class
//!    inherits from a metaclass, `Class`, a foreign class or a built-in class the compiler
//!    forbids; field counts grow along the chain and stay within 255; foreign classes have
//!    no fields.
//! 4. **Modules.** Variable names and values agree in number (at most 65,536), names are
//!    distinct; the registry maps distinct names (strings, or `null` for the core module) to
//!    distinct modules named by them (the core module's presence is step 3's `core-class`).
//! 5. **Maps.** Capacities are ones the VM could have; entries sit in increasing slots inside
//!    the table; keys are of a hashable kind and distinct.
//! 6. **Functions.** Shapes within limits, line tables as long as the code, and the bytecode
//!    verifier (`code.rs`) on every function.
//! 7. **Closures.** As many upvalues as their function declares.
//! 8. **Method tables.** Symbols in range and increasing; each primitive at its own signature
//!    in its own class (or, for `Object`'s, any class; for `Class`'s, any metaclass);
//!    `Fn.call` only on `Fn`; host methods on a class of the name they were bound for;
//!    closures taking as many arguments as their signature; constructors only on metaclasses
//!    of classes they can construct; field operands of methods within their class's fields.
//! 9. **Instances and foreign objects.** Of classes that make them, with their class's field
//!    count.
//! 10. **Fibers and upvalues.** Frames at reachable instruction starts, with bases and stack
//!     extents exactly as the bytecode verifier computes them; callers' frames waiting after
//!     a call; open upvalues sorted, in their own fiber's stack, on slots the code treats as
//!     captured, and listed by that fiber; states consistent; caller chains without cycles;
//!     frames and stacks within limits; the current fiber runnable.
//!
//! Nothing here recurses over the object graph: chains are followed with loops and colour
//! marks, and every pass is linear in the image.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

use super::code::{self, CodeContext, CodeFacts, ConstKind, PointState};
use super::*;
use crate::limits;
use crate::object::{FiberState, ObjKind};
use crate::vm::SymbolTable;

rule_table! {
    /// Each check the verifier makes, by a stable name (used by fixtures and SECURITY.md).
    Rule {
        TooManySymbols "too-many-symbols" "More method symbols than a 16-bit operand can name.";
        SymbolSignature "symbol-not-signature" "A method symbol that is not a method signature.";
        SymbolDuplicate "duplicate-symbol" "The same signature twice in the symbol table.";
        PrimitiveUnknown "unknown-primitive" "A primitive name this build does not have.";
        PrimitiveDuplicate "duplicate-primitive" "The same primitive name twice.";
        ForeignName "bad-foreign-name" "A foreign method name with an empty or over-long part, or a signature that is not one.";
        ForeignDuplicate "duplicate-foreign-method" "The same foreign method name twice.";
        TooManyObjects "too-many-objects" "More objects than an image may hold.";
        RefRange "reference-out-of-range" "An object number past the last object.";
        RefKind "reference-wrong-kind" "A reference to an object of the wrong kind for its field.";
        ValueKind "value-wrong-kind" "A value referring to a function or an upvalue.";
        StringTooLong "string-too-long" "A string over the length limit.";
        ListTooLong "list-too-long" "A list over the element limit.";
        ForeignTooLarge "foreign-too-large" "A foreign object's payload over the size limit.";
        TooManyHandles "too-many-handles" "More host handles than the limit.";
        CoreClass "core-class" "A core class that is not a class of its expected name, or the core module without it.";
        MetaclassStructure "metaclass-structure" "A class whose class is not a metaclass of its own, or a metaclass that is not a plain subclass of Class.";
        SuperclassCycle "superclass-cycle" "A superclass chain that loops.";
        SuperclassChain "superclass-chain" "A class other than Object without a superclass, or Object with one.";
        SuperclassForbidden "superclass-forbidden" "A class inheriting from a metaclass, Class, a foreign class or a built-in class the compiler forbids.";
        FieldCount "field-count" "A field count over 255, smaller than the superclass's, or non-zero for a foreign class.";
        ModuleVariables "module-variable-count" "Module variable names and values that disagree in number, or over 65,536 of them.";
        ModuleVariableName "module-variable-name" "An empty or over-long module variable name.";
        ModuleVariableDuplicate "duplicate-module-variable" "The same variable name twice in a module.";
        Registry "module-registry" "A module registry that does not map distinct names (strings, or null for core) to distinct modules of those names, or that a value refers to (only the VM may).";
        MapTooLarge "map-too-large" "A map over the entry limit.";
        MapCapacity "map-capacity" "A map capacity the VM cannot have for its entries.";
        MapSlot "map-slot" "Map entries not in increasing slots inside the table.";
        MapKey "map-key-type" "A map key that is not null, a boolean, a number, a string, a range or a class.";
        MapDuplicateKey "map-duplicate-key" "The same key twice in a map.";
        FnShape "function-shape" "A function over the limits on arity, upvalues, slots, code length or constants, or with no code.";
        LineTable "line-table" "A line table whose length differs from the code's.";
        FnName "function-name" "A function name over the length limit.";
        UnknownOpcode "unknown-opcode" "A byte that is not an opcode where an instruction starts.";
        TruncatedOperands "truncated-operands" "Operands running past the end of the code.";
        MissingEnd "missing-end" "Code not ending in END, or END before the end.";
        ConstantIndex "constant-index" "A constant index past the constant table.";
        ConstantKind "constant-kind" "A constant of the wrong kind for its instruction.";
        LocalSlot "local-slot" "A local slot at or above the stack height.";
        UpvalueIndex "upvalue-index" "An upvalue index past the closure's upvalues, or a bad is-local flag.";
        FieldIndex "field-index" "A field index at or past the field limit, or past its class's fields.";
        ModuleVariableIndex "module-variable-index" "A module variable index past the module's variables.";
        NoModule "no-module" "Module-variable instructions in a function without a module.";
        SymbolIndex "symbol-index" "A method symbol past the symbol table.";
        CallArity "call-arity" "A call instruction whose argument count differs from its signature's.";
        JumpTarget "jump-target" "A jump that does not land on an instruction start inside the code.";
        FallsOffEnd "falls-off-end" "A path that runs into END.";
        StackUnderflow "stack-underflow" "An instruction popping more than the frame holds, or emptying it.";
        StackMismatch "stack-mismatch" "Paths reaching an instruction with different stack heights.";
        StackOverflow "stack-overflow" "A stack height above the function's max_slots.";
        CapturedSlotPopped "captured-slot-popped" "A slot a closure captured leaving the stack without CLOSE_UPVALUE.";
        CodeTooComplex "code-too-complex" "Code whose analysis takes more than the allowed number of sweeps.";
        ClosureUpvalues "closure-upvalue-count" "A closure with other than its function's upvalue count.";
        MethodSymbol "method-symbol" "A method table entry past the symbol table or out of order.";
        PrimitivePlacement "primitive-placement" "A primitive bound in a class other than its own.";
        PrimitiveSignature "primitive-signature" "A primitive bound at a signature other than its own.";
        FnCallPlacement "fn-call-placement" "Fn.call bound anywhere but Fn's call signatures.";
        ForeignPlacement "foreign-method-placement" "A host method bound at another signature, or in a class of another name.";
        MethodArity "method-arity" "A method closure whose arity differs from its signature's.";
        ConstructPlacement "construct-placement" "A constructor bound where its receiver is not a class it can construct.";
        InstanceClass "instance-class" "An instance of a class that cannot have instances.";
        InstanceFields "instance-fields" "An instance with other than its class's field count.";
        ForeignClass "foreign-object-class" "A foreign object of a class that is not foreign.";
        OpenUpvalue "open-upvalue" "An open upvalue outside its fiber's live stack, not listed by its fiber, out of order, or on a slot the code does not treat as captured.";
        FrameIp "frame-ip" "A frame whose ip is not a reachable instruction start, or a waiting frame not right after a call.";
        FrameBase "frame-base" "Frame bases out of order or disagreeing with the stack heights below them.";
        StackExtent "stack-extent" "A fiber stack whose size disagrees with the height at its top frame's ip.";
        FiberState "fiber-state" "An invalid fiber state: frames in an aborted fiber, or a try fiber without a caller.";
        CallerCycle "caller-cycle" "A chain of calling fibers that loops.";
        FiberTooDeep "fiber-too-deep" "A fiber over the frame or stack-slot limit.";
        CurrentFiber "current-fiber" "A current fiber that cannot run: no frames, or aborted.";
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether the verifier enforces `rule` (always, in every real build). The planted-bug drill
/// (`scripts/drill.sh`) builds the fuzz targets with `--cfg wren_drill` and `WREN_DRILL=<rule
/// name>` to switch one check off, then measures how long fuzzing takes to notice. A check
/// covered by the drill is written `if enforced(Rule::X) && violated { ... }`.
#[inline(always)]
pub(crate) fn enforced(rule: Rule) -> bool {
    #[cfg(wren_drill)]
    {
        option_env!("WREN_DRILL") != Some(rule.name())
    }
    #[cfg(not(wren_drill))]
    {
        let _ = rule;
        true
    }
}

/// Where in code a rejection is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSite {
    /// Byte offset in the function's code.
    pub offset: u32,
    /// The opcode there, if the byte is one.
    pub opcode: Option<&'static str>,
}

/// Why an image was rejected, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The check that failed (the first one, in the verifier's order).
    pub rule: Rule,
    /// The object at fault, with its kind (`None` for the tables and roots).
    pub object: Option<(ObjId, ObjKind)>,
    /// The field at fault (`superclass`, `elements[3]`, `frames[2].ip`, `symbols[7]`, ...).
    pub field: String,
    /// For code: the offset and opcode.
    pub code: Option<CodeSite>,
    /// What the check requires there, in words (`at most 4000000 frames`, `"Object"`, ...).
    pub expected: String,
    /// What the image holds instead, in words.
    pub found: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.object {
            Some((id, kind)) => write!(f, "object #{id} ({})", kind.name())?,
            None => write!(f, "image")?,
        }
        if !self.field.is_empty() {
            write!(f, ", {}", self.field)?;
        }
        if let Some(c) = &self.code {
            write!(f, " at code offset {}", c.offset)?;
            if let Some(op) = c.opcode {
                write!(f, " ({op})")?;
            }
        }
        write!(
            f,
            ": {} [{}]: expected {}, found {}",
            self.rule.doc().trim_end_matches('.'),
            self.rule,
            self.expected,
            self.found
        )
    }
}

impl std::error::Error for VerifyError {}

/// An image that passed [`verify`]. Only the verifier makes one, and only a verified image
/// can be installed.
#[derive(Clone, Debug)]
pub struct VerifiedImage {
    pub(crate) image: Image,
    /// The VM's id for each of the image's primitive names.
    pub(crate) primitive_ids: Vec<u16>,
    /// The VM's symbol table, built while checking the symbols.
    pub(crate) symbols: SymbolTable,
    /// Each module's variable index, built while checking the names.
    pub(crate) module_indexes: Vec<HashMap<Rc<str>, u32>>,
}

impl VerifiedImage {
    /// The image.
    pub fn image(&self) -> &Image {
        &self.image
    }
    /// Gives the image back (to edit it, for example; it must be verified again to be
    /// installed).
    pub fn into_image(self) -> Image {
        self.image
    }
}

/// The caps an image is checked against. The defaults are the VM's limits
/// ([`crate::limits`]); a host may lower them (to bound what a stranger's image can make it
/// hold) or raise the work factor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Objects in the image.
    pub max_objects: usize,
    /// Bytes in one string.
    pub max_string_bytes: usize,
    /// Elements in one list.
    pub max_list_elements: usize,
    /// Entries in one map.
    pub max_map_entries: usize,
    /// Bytes of code in one function.
    pub max_code_bytes: usize,
    /// A function's `max_slots`.
    pub max_fn_slots: usize,
    /// Bytes in one foreign object.
    pub max_foreign_bytes: usize,
    /// Host handles.
    pub max_handles: usize,
    /// Frames in one fiber.
    pub max_call_frames: usize,
    /// Stack slots in one fiber.
    pub max_stack_slots: usize,
    /// Method symbols (at most 65,536: a 16-bit operand names them).
    pub max_symbols: usize,
    /// Variables in one module (at most 65,536: a 16-bit operand names them).
    pub max_module_variables: usize,
    /// Sweeps over a function's code the bytecode verifier may take (compiled code needs two
    /// or three).
    pub verify_work_factor: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_objects: limits::MAX_IMAGE_OBJECTS,
            max_string_bytes: limits::MAX_STRING_BYTES,
            max_list_elements: limits::MAX_LIST_ELEMENTS,
            max_map_entries: limits::MAX_MAP_ENTRIES,
            max_code_bytes: limits::MAX_CODE_BYTES,
            max_fn_slots: limits::MAX_FN_SLOTS,
            max_foreign_bytes: limits::MAX_FOREIGN_BYTES,
            max_handles: limits::MAX_HANDLES,
            max_call_frames: limits::MAX_CALL_FRAMES,
            max_stack_slots: limits::MAX_STACK_SLOTS,
            max_symbols: limits::MAX_METHOD_SYMBOLS,
            max_module_variables: limits::MAX_MODULE_VARS,
            verify_work_factor: limits::VERIFY_WORK_FACTOR,
        }
    }
}

impl Limits {
    /// Each limit, but no higher than the VM's own.
    pub fn clamped(&self) -> Limits {
        let d = Limits::default();
        Limits {
            max_objects: self.max_objects.min(d.max_objects),
            max_string_bytes: self.max_string_bytes.min(d.max_string_bytes),
            max_list_elements: self.max_list_elements.min(d.max_list_elements),
            max_map_entries: self.max_map_entries.min(d.max_map_entries),
            max_code_bytes: self.max_code_bytes.min(d.max_code_bytes),
            max_fn_slots: self.max_fn_slots.min(d.max_fn_slots),
            max_foreign_bytes: self.max_foreign_bytes.min(d.max_foreign_bytes),
            max_handles: self.max_handles.min(d.max_handles),
            max_call_frames: self.max_call_frames.min(d.max_call_frames),
            max_stack_slots: self.max_stack_slots.min(d.max_stack_slots),
            max_symbols: self.max_symbols.min(d.max_symbols),
            max_module_variables: self.max_module_variables.min(d.max_module_variables),
            // More sweeps only cost time; at least one is needed.
            verify_work_factor: self.verify_work_factor.max(1),
        }
    }
}

/// Checks `image` against the default [`Limits`]: every invariant the interpreter, the
/// collector and the core library rely on, in ten ordered steps (tables, references,
/// classes, modules, maps, functions, closures, method tables, instances, fibers and
/// upvalues; `snapshot/FORMAT.md` §8.2 details each), returning the first violation. Each
/// check is a [`Rule`]. Never panics, whatever the image: every rejection is an `Err`, and
/// the work is linear in the image (the bytecode analysis is capped by
/// [`Limits::verify_work_factor`]).
pub fn verify(image: Image) -> std::result::Result<VerifiedImage, VerifyError> {
    verify_with(image, &Limits::default())
}

/// [`verify`] against `limits`. A limit above the VM's own (the [`Limits::default`] value)
/// counts as the VM's: a host can lower caps, never raise them past what the VM supports.
pub fn verify_with(
    image: Image,
    limits: &Limits,
) -> std::result::Result<VerifiedImage, VerifyError> {
    let limits = &limits.clamped();
    let (primitive_ids, symbols, module_indexes) = Verifier::new(&image, limits)?.run()?;
    Ok(VerifiedImage {
        image,
        primitive_ids,
        symbols,
        module_indexes,
    })
}

/// The number of arguments a method signature takes, if `s` is one: `name`, `name(_,_)`,
/// `name=(_)`, `[_]`, `[_,_]=(_)`, `init name(_)`, with names made of letters, digits,
/// underscores or operator characters, and at most 16 parameters.
pub fn signature_arity(s: &str) -> Option<usize> {
    fn name_ok(n: &[u8]) -> bool {
        !n.is_empty()
            && n.len() <= limits::MAX_METHOD_NAME
            && n.iter()
                .all(|&b| b.is_ascii_alphanumeric() || b"_+-*/%<>=!&|^~.".contains(&b))
    }
    /// `open` `_` (`,` `_`)* `close` (or nothing between): the parameter count and the rest.
    fn params(s: &[u8], open: u8, close: u8) -> Option<(usize, &[u8])> {
        let rest = s.strip_prefix(&[open])?;
        if let Some(rest) = rest.strip_prefix(&[close]) {
            return Some((0, rest));
        }
        let mut n = 0;
        let mut i = 0;
        loop {
            if rest.get(i) != Some(&b'_') {
                return None;
            }
            n += 1;
            match rest.get(i + 1) {
                Some(b',') => i += 2,
                Some(&c) if c == close => break,
                _ => return None,
            }
        }
        (n <= limits::MAX_PARAMETERS).then(|| (n, &rest[i + 2..]))
    }
    let b = s.as_bytes();
    if b.len() > limits::MAX_NAME_BYTES {
        return None;
    }
    let (init, body) = match b.strip_prefix(b"init ") {
        Some(rest) => (true, rest),
        None => (false, b),
    };
    match body.iter().position(|&c| c == b'(' || c == b'[') {
        None => (!init && name_ok(body)).then_some(0),
        Some(i) if body[i] == b'(' => {
            let (n, rest) = params(&body[i..], b'(', b')')?;
            (name_ok(&body[..i]) && rest.is_empty()).then_some(n)
        }
        Some(i) => {
            if init || i != 0 {
                return None;
            }
            let (n, rest) = params(body, b'[', b']')?;
            if n == 0 {
                return None;
            }
            match rest {
                b"" => Some(n),
                b"=(_)" if n < limits::MAX_PARAMETERS => Some(n + 1),
                _ => None,
            }
        }
    }
}

/// What verification derives that installation uses: primitive ids, the symbol table and
/// the module variable indexes.
type Derived = (Vec<u16>, SymbolTable, Vec<HashMap<Rc<str>, u32>>);

struct Verifier<'a> {
    image: &'a Image,
    limits: &'a Limits,
    /// The symbol table, once checked.
    symbol_table: Option<SymbolTable>,
    /// Each module's variable index, once checked.
    module_indexes: Vec<HashMap<Rc<str>, u32>>,
    layout: Layout,
    symbol_arity: Vec<u8>,
    primitive_ids: Vec<u16>,
    /// Per class (by index among classes): whether it is a metaclass.
    is_meta: Vec<bool>,
    /// Per metaclass (by index among classes): the ordinary class it belongs to.
    owner: Vec<Option<ObjId>>,
    /// Per function: facts learnt by the bytecode verifier.
    fn_facts: Vec<CodeFacts>,
    /// Per function: the offsets fibers' frames stop at, and which (fiber, frame) asked.
    queries: Vec<Vec<(u32, ObjId, usize)>>,
    /// The state at each fiber frame, by fiber index then frame index.
    frame_states: HashMap<(ObjId, usize), PointState>,
}

type Result<T> = std::result::Result<T, VerifyError>;

impl<'a> Verifier<'a> {
    fn new(image: &'a Image, limits: &'a Limits) -> Result<Verifier<'a>> {
        let layout = image.layout();
        if layout.total() > limits.max_objects as u64 {
            return Err(VerifyError {
                rule: Rule::TooManyObjects,
                object: None,
                field: "census".into(),
                code: None,
                expected: format!("at most {} objects", limits.max_objects),
                found: format!("{}", layout.total()),
            });
        }
        Ok(Verifier {
            image,
            limits,
            symbol_table: None,
            module_indexes: Vec::new(),
            layout,
            symbol_arity: Vec::new(),
            primitive_ids: Vec::new(),
            is_meta: Vec::new(),
            owner: Vec::new(),
            fn_facts: Vec::new(),
            queries: Vec::new(),
            frame_states: HashMap::new(),
        })
    }

    fn run(mut self) -> Result<Derived> {
        self.tables()?;
        self.references()?;
        self.classes()?;
        self.modules()?;
        self.maps()?;
        self.functions()?;
        self.closures()?;
        self.method_tables()?;
        self.instances()?;
        self.fibers()?;
        let symbols = self.symbol_table.take().expect("checked in step 1");
        Ok((self.primitive_ids, symbols, self.module_indexes))
    }

    // ---- Errors ------------------------------------------------------------------------------

    #[cold]
    fn fail(
        &self,
        rule: Rule,
        object: Option<ObjId>,
        field: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> VerifyError {
        VerifyError {
            rule,
            object: object.and_then(|id| self.layout.locate(id).map(|(k, _)| (id, k))),
            field: field.into(),
            code: None,
            expected: expected.into(),
            found: found.into(),
        }
    }

    fn describe(&self, id: ObjId) -> String {
        match self.layout.locate(id) {
            Some((k, _)) => format!("#{id} (a {})", k.name()),
            None => format!("#{id} (past the last object, #{})", self.layout.total()),
        }
    }

    fn describe_value(&self, v: Value) -> String {
        match value_ref(v) {
            Some(id) => self.describe(id),
            None => format!("{v:?}"),
        }
    }

    // ---- 1. Tables ---------------------------------------------------------------------------

    fn tables(&mut self) -> Result<()> {
        let img = self.image;
        let max_symbols = self.limits.max_symbols.min(limits::MAX_METHOD_SYMBOLS);
        if img.symbols.len() > max_symbols {
            return Err(self.fail(
                Rule::TooManySymbols,
                None,
                "symbols",
                format!("at most {max_symbols}"),
                format!("{}", img.symbols.len()),
            ));
        }
        self.symbol_arity = Vec::with_capacity(img.symbols.len());
        for (i, s) in img.symbols.iter().enumerate() {
            let Some(arity) = signature_arity(s) else {
                return Err(self.fail(
                    Rule::SymbolSignature,
                    None,
                    format!("symbols[{i}]"),
                    "a method signature",
                    format!("{s:?}"),
                ));
            };
            self.symbol_arity.push(arity as u8);
        }
        // The VM's symbol table, built once here; installation takes it as it is.
        match SymbolTable::from_names(img.symbols.clone()) {
            Ok(table) => self.symbol_table = Some(table),
            Err(i) => {
                return Err(self.fail(
                    Rule::SymbolDuplicate,
                    None,
                    format!("symbols[{i}]"),
                    "a signature not already in the table",
                    format!("{:?} again", img.symbols[i]),
                ))
            }
        }
        let mut seen = HashSet::new();
        for (i, p) in img.primitives.iter().enumerate() {
            let Some(id) = crate::core::primitive_id(p) else {
                return Err(self.fail(
                    Rule::PrimitiveUnknown,
                    None,
                    format!("primitives[{i}]"),
                    "the name of a primitive of this build",
                    format!("{p:?}"),
                ));
            };
            if !seen.insert(id) {
                return Err(self.fail(
                    Rule::PrimitiveDuplicate,
                    None,
                    format!("primitives[{i}]"),
                    "a primitive not already named",
                    format!("{p:?} again"),
                ));
            }
            self.primitive_ids.push(id);
        }
        let mut seen = HashSet::new();
        for (i, f) in img.foreign_methods.iter().enumerate() {
            let part_ok = |s: &str| !s.is_empty() && s.len() <= limits::MAX_NAME_BYTES;
            if !part_ok(&f.module) || !part_ok(&f.class) || signature_arity(&f.signature).is_none()
            {
                return Err(self.fail(
                    Rule::ForeignName,
                    None,
                    format!("foreign_methods[{i}]"),
                    "a module, a class and a signature",
                    format!("{f}"),
                ));
            }
            if !seen.insert(f) {
                return Err(self.fail(
                    Rule::ForeignDuplicate,
                    None,
                    format!("foreign_methods[{i}]"),
                    "a foreign method not already named",
                    format!("{f} again"),
                ));
            }
        }
        Ok(())
    }

    // ---- 2. References -----------------------------------------------------------------------

    #[inline]
    fn check_ref(
        &self,
        owner: Option<ObjId>,
        field: impl FnOnce() -> String,
        id: ObjId,
        kind: ObjKind,
    ) -> Result<()> {
        if self.layout.is(id, kind) {
            return Ok(());
        }
        self.ref_error(owner, field(), id, kind)
    }

    #[cold]
    fn ref_error(
        &self,
        owner: Option<ObjId>,
        field: String,
        id: ObjId,
        kind: ObjKind,
    ) -> Result<()> {
        let rule = if (id as u64) < self.layout.total() {
            Rule::RefKind
        } else {
            Rule::RefRange
        };
        Err(self.fail(
            rule,
            owner,
            field,
            format!("a {}", kind.name()),
            self.describe(id),
        ))
    }

    fn check_value(
        &self,
        owner: Option<ObjId>,
        field: &dyn Fn() -> String,
        v: Value,
    ) -> Result<()> {
        let Some(id) = value_ref(v) else {
            return Ok(());
        };
        match self.layout.locate(id) {
            None => Err(self.fail(
                Rule::RefRange,
                owner,
                field(),
                format!("an object below #{}", self.layout.total()),
                format!("#{id}"),
            )),
            Some((kind, _)) if !kind_is_value(kind) => Err(self.fail(
                Rule::ValueKind,
                owner,
                field(),
                "a value (not a function or an upvalue)",
                self.describe(id),
            )),
            // Only the VM refers to its module registry: a program holding it could make it
            // map anything to anything (and the VM's next image would be rejected).
            Some(_) if id == self.image.roots.modules => Err(self.fail(
                Rule::Registry,
                owner,
                field(),
                "a value other than the module registry (only the VM refers to it)",
                self.describe(id),
            )),
            Some(_) => Ok(()),
        }
    }

    fn check_values(&self, owner: ObjId, field: &str, vs: &[Value]) -> Result<()> {
        for (i, v) in vs.iter().enumerate() {
            self.check_value(Some(owner), &|| format!("{field}[{i}]"), *v)?;
        }
        Ok(())
    }

    fn references(&self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = &self.layout;
        for (i, s) in img.strings.iter().enumerate() {
            if s.bytes.len() > self.limits.max_string_bytes {
                return Err(self.fail(
                    Rule::StringTooLong,
                    Some(l.id(K::String, i)),
                    "bytes",
                    format!("at most {} bytes", self.limits.max_string_bytes),
                    format!("{}", s.bytes.len()),
                ));
            }
        }
        for (i, x) in img.lists.iter().enumerate() {
            let id = l.id(K::List, i);
            if x.elements.len() > self.limits.max_list_elements {
                return Err(self.fail(
                    Rule::ListTooLong,
                    Some(id),
                    "elements",
                    format!("at most {}", self.limits.max_list_elements),
                    format!("{}", x.elements.len()),
                ));
            }
            self.check_values(id, "elements", &x.elements)?;
        }
        for (i, m) in img.maps.iter().enumerate() {
            let id = l.id(K::Map, i);
            for (j, e) in m.entries.iter().enumerate() {
                self.check_value(Some(id), &|| format!("entries[{j}].key"), e.key)?;
                self.check_value(Some(id), &|| format!("entries[{j}].value"), e.value)?;
            }
        }
        for (i, m) in img.modules.iter().enumerate() {
            let id = l.id(K::Module, i);
            if let Some(n) = m.name {
                self.check_ref(Some(id), || "name".into(), n, K::String)?;
            }
            self.check_values(id, "variables", &m.values)?;
        }
        for (i, f) in img.fns.iter().enumerate() {
            let id = l.id(K::Fn, i);
            if let Some(m) = f.module {
                self.check_ref(Some(id), || "module".into(), m, K::Module)?;
            }
            // Constants may be functions (for CLOSURE); upvalues never.
            for (j, c) in f.constants.iter().enumerate() {
                if let Some(r) = value_ref(*c) {
                    if !l.is(r, K::Fn) {
                        self.check_value(Some(id), &|| format!("constants[{j}]"), *c)?;
                    }
                }
            }
        }
        for (i, c) in img.closures.iter().enumerate() {
            let id = l.id(K::Closure, i);
            self.check_ref(Some(id), || "func".into(), c.func, K::Fn)?;
            for (j, u) in c.upvalues.iter().enumerate() {
                self.check_ref(Some(id), || format!("upvalues[{j}]"), *u, K::Upvalue)?;
            }
        }
        for (i, u) in img.upvalues.iter().enumerate() {
            let id = l.id(K::Upvalue, i);
            match u {
                UpvalueObj::Open { fiber, .. } => {
                    self.check_ref(Some(id), || "fiber".into(), *fiber, K::Fiber)?
                }
                UpvalueObj::Closed(v) => self.check_value(Some(id), &|| "value".into(), *v)?,
            }
        }
        for (i, c) in img.classes.iter().enumerate() {
            let id = l.id(K::Class, i);
            self.check_ref(Some(id), || "metaclass".into(), c.metaclass, K::Class)?;
            if let Some(s) = c.superclass {
                self.check_ref(Some(id), || "superclass".into(), s, K::Class)?;
            }
            self.check_ref(Some(id), || "name".into(), c.name, K::String)?;
            self.check_value(Some(id), &|| "attributes".into(), c.attributes)?;
            if let Some(m) = &c.foreign_module {
                if m.is_empty() || m.len() > limits::MAX_NAME_BYTES {
                    return Err(self.fail(
                        Rule::ForeignName,
                        Some(id),
                        "foreign_module",
                        "a module name",
                        format!("{m:?}"),
                    ));
                }
            }
            for (symbol, m) in &c.methods {
                let field = || format!("methods[{symbol}]");
                match m {
                    MethodRef::Block(b) => self.check_ref(Some(id), field, *b, K::Closure)?,
                    MethodRef::Primitive(p) if *p as usize >= img.primitives.len() => {
                        return Err(self.fail(
                            Rule::RefRange,
                            Some(id),
                            field(),
                            format!("a primitive below {}", img.primitives.len()),
                            format!("primitive {p}"),
                        ))
                    }
                    MethodRef::Foreign(p) if *p as usize >= img.foreign_methods.len() => {
                        return Err(self.fail(
                            Rule::RefRange,
                            Some(id),
                            field(),
                            format!("a foreign method below {}", img.foreign_methods.len()),
                            format!("foreign method {p}"),
                        ))
                    }
                    _ => {}
                }
            }
        }
        for (i, x) in img.instances.iter().enumerate() {
            let id = l.id(K::Instance, i);
            self.check_ref(Some(id), || "class".into(), x.class, K::Class)?;
            self.check_values(id, "fields", &x.fields)?;
        }
        for (i, x) in img.foreigns.iter().enumerate() {
            let id = l.id(K::Foreign, i);
            self.check_ref(Some(id), || "class".into(), x.class, K::Class)?;
            if x.data.len() > self.limits.max_foreign_bytes {
                return Err(self.fail(
                    Rule::ForeignTooLarge,
                    Some(id),
                    "data",
                    format!("at most {} bytes", self.limits.max_foreign_bytes),
                    format!("{}", x.data.len()),
                ));
            }
        }
        for (i, f) in img.fibers.iter().enumerate() {
            let id = l.id(K::Fiber, i);
            self.check_value(Some(id), &|| "error".into(), f.error)?;
            if let Some(c) = f.caller {
                self.check_ref(Some(id), || "caller".into(), c, K::Fiber)?;
            }
            if f.frames.len() > self.limits.max_call_frames
                || f.stack.len() > self.limits.max_stack_slots
            {
                return Err(self.fail(
                    Rule::FiberTooDeep,
                    Some(id),
                    "frames",
                    format!(
                        "at most {} frames and {} stack slots",
                        self.limits.max_call_frames, self.limits.max_stack_slots
                    ),
                    format!("{} frames, {} slots", f.frames.len(), f.stack.len()),
                ));
            }
            self.check_values(id, "stack", &f.stack)?;
            for (j, fr) in f.frames.iter().enumerate() {
                self.check_ref(
                    Some(id),
                    || format!("frames[{j}].closure"),
                    fr.closure,
                    K::Closure,
                )?;
            }
            for (j, u) in f.open_upvalues.iter().enumerate() {
                self.check_ref(Some(id), || format!("open_upvalues[{j}]"), *u, K::Upvalue)?;
            }
        }
        let roots = &img.roots;
        for (name, c) in roots.core.named() {
            self.check_ref(None, || format!("roots.core.{name}"), c, K::Class)?;
        }
        self.check_ref(None, || "roots.modules".into(), roots.modules, K::Map)?;
        if let Some(f) = roots.fiber {
            self.check_ref(None, || "roots.fiber".into(), f, K::Fiber)?;
        }
        if let Some(m) = roots.last_module {
            self.check_ref(None, || "roots.last_module".into(), m, K::Module)?;
        }
        if roots.handles.len() > self.limits.max_handles {
            return Err(self.fail(
                Rule::TooManyHandles,
                None,
                "roots.handles",
                format!("at most {}", self.limits.max_handles),
                format!("{}", roots.handles.len()),
            ));
        }
        for (i, h) in roots.handles.iter().enumerate() {
            if let Some(v) = h {
                self.check_value(None, &|| format!("roots.handles[{i}]"), *v)?;
            }
        }
        Ok(())
    }

    // ---- 3. Classes --------------------------------------------------------------------------

    fn class(&self, id: ObjId) -> &'a ClassObj {
        &self.image.classes[self.layout.index(id, ObjKind::Class)]
    }

    fn class_name(&self, id: ObjId) -> &'a [u8] {
        let name = self.class(id).name;
        &self.image.strings[self.layout.index(name, ObjKind::String)].bytes
    }

    fn sealed(&self) -> [ObjId; 10] {
        let c = &self.image.roots.core;
        [
            c.class, c.fiber, c.fn_, c.list, c.map, c.range, c.string, c.bool, c.null, c.num,
        ]
    }

    fn classes(&mut self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        let core = img.roots.core;
        // Core classes by name: their own, and the core module's variable of that name.
        let core_module = self.core_module();
        for (name, c) in core.named() {
            if self.class_name(c) != name.as_bytes() {
                return Err(self.fail(
                    Rule::CoreClass,
                    Some(c),
                    format!("name (as roots.core.{name})"),
                    format!("{name:?}"),
                    format!("{:?}", String::from_utf8_lossy(self.class_name(c))),
                ));
            }
            let var = core_module.and_then(|m| {
                let i = m.names.iter().position(|n| &**n == name)?;
                Some(m.values[i])
            });
            if var.and_then(value_ref) != Some(c) {
                return Err(self.fail(
                    Rule::CoreClass,
                    None,
                    format!("roots.core.{name}"),
                    format!("the core module's variable {name}"),
                    match var {
                        Some(v) => format!("{} in the variable", self.describe_value(v)),
                        None => "no such variable (or no core module)".into(),
                    },
                ));
            }
        }
        let class_class = core.class;
        let n = img.classes.len();
        self.is_meta = (0..n)
            .map(|i| {
                let id = l.id(K::Class, i);
                id != class_class && img.classes[i].metaclass == class_class
            })
            .collect();
        self.owner = vec![None; n];
        let sealed = self.sealed();
        // `Class` is its own class and inherits from Object.
        let cc = self.class(class_class);
        if cc.metaclass != class_class || cc.superclass != Some(core.object) {
            return Err(self.fail(
                Rule::MetaclassStructure,
                Some(class_class),
                "metaclass",
                "Class being its own class and a subclass of Object",
                format!(
                    "class {}, superclass {}",
                    self.describe(cc.metaclass),
                    cc.superclass.map_or("none".into(), |s| self.describe(s))
                ),
            ));
        }
        for i in 0..n {
            let id = l.id(K::Class, i);
            let c = &img.classes[i];
            if c.num_fields as usize > limits::MAX_FIELDS {
                return Err(self.fail(
                    Rule::FieldCount,
                    Some(id),
                    "num_fields",
                    format!("at most {}", limits::MAX_FIELDS),
                    format!("{}", c.num_fields),
                ));
            }
            if id == class_class {
                continue;
            }
            if self.is_meta[i] {
                if c.superclass != Some(class_class)
                    || c.num_fields != 0
                    || c.foreign_module.is_some()
                {
                    return Err(self.fail(
                        Rule::MetaclassStructure,
                        Some(id),
                        "superclass",
                        "a metaclass: a subclass of Class without fields, not foreign",
                        format!(
                            "superclass {}, {} fields{}",
                            c.superclass.map_or("none".into(), |s| self.describe(s)),
                            c.num_fields,
                            if c.foreign_module.is_some() {
                                ", foreign"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
                continue;
            }
            // An ordinary class: its class is a metaclass of its own.
            let m = c.metaclass;
            let mi = l.index(m, K::Class);
            if !self.is_meta[mi] {
                return Err(self.fail(
                    Rule::MetaclassStructure,
                    Some(id),
                    "metaclass",
                    "a metaclass (a class whose class is Class)",
                    self.describe(m),
                ));
            }
            if let Some(other) = self.owner[mi] {
                return Err(self.fail(
                    Rule::MetaclassStructure,
                    Some(id),
                    "metaclass",
                    "a metaclass no other class has",
                    format!("{} shared with #{other}", self.describe(m)),
                ));
            }
            self.owner[mi] = Some(id);
            match c.superclass {
                None if id == core.object => {}
                None => {
                    return Err(self.fail(
                        Rule::SuperclassChain,
                        Some(id),
                        "superclass",
                        "a superclass (only Object has none)",
                        "none",
                    ))
                }
                Some(s) if id == core.object => {
                    return Err(self.fail(
                        Rule::SuperclassChain,
                        Some(id),
                        "superclass",
                        "none (Object is the root)",
                        self.describe(s),
                    ))
                }
                Some(s) => {
                    let si = l.index(s, K::Class);
                    let sup = &img.classes[si];
                    let forbidden = if self.is_meta[si] {
                        Some("a metaclass")
                    } else if sealed.contains(&s) {
                        Some("a built-in class")
                    } else if sup.foreign_module.is_some() {
                        Some("a foreign class")
                    } else {
                        None
                    };
                    if let Some(what) = forbidden {
                        return Err(self.fail(
                            Rule::SuperclassForbidden,
                            Some(id),
                            "superclass",
                            "a class that may be inherited from",
                            format!("{} ({what})", self.describe(s)),
                        ));
                    }
                    if c.num_fields < sup.num_fields
                        || (c.foreign_module.is_some() && c.num_fields != 0)
                    {
                        return Err(self.fail(
                            Rule::FieldCount,
                            Some(id),
                            "num_fields",
                            if c.foreign_module.is_some() {
                                "0 fields for a foreign class".to_string()
                            } else {
                                format!("at least the superclass's {}", sup.num_fields)
                            },
                            format!("{}", c.num_fields),
                        ));
                    }
                }
            }
        }
        // Superclass chains end at Object without loops: follow each chain until a class
        // already known to be fine, marking the classes on the way.
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut mark = vec![UNSEEN; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut i = start;
            path.clear();
            loop {
                match mark[i] {
                    DONE => break,
                    ON_PATH => {
                        return Err(self.fail(
                            Rule::SuperclassCycle,
                            Some(l.id(K::Class, i)),
                            "superclass",
                            "a chain of superclasses ending at Object",
                            format!("a chain returning to #{}", l.id(K::Class, i)),
                        ))
                    }
                    _ => {}
                }
                mark[i] = ON_PATH;
                path.push(i);
                match img.classes[i].superclass {
                    Some(s) => i = l.index(s, K::Class),
                    None => break,
                }
            }
            for &p in &path {
                mark[p] = DONE;
            }
        }
        Ok(())
    }

    // ---- 4. Modules --------------------------------------------------------------------------

    fn modules(&mut self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        for (i, m) in img.modules.iter().enumerate() {
            let id = l.id(K::Module, i);
            let max = self
                .limits
                .max_module_variables
                .min(limits::MAX_MODULE_VARS);
            if m.names.len() != m.values.len() || m.names.len() > max {
                return Err(self.fail(
                    Rule::ModuleVariables,
                    Some(id),
                    "variables",
                    format!("as many names as values, at most {max}"),
                    format!("{} names, {} values", m.names.len(), m.values.len()),
                ));
            }
            let mut index: HashMap<Rc<str>, u32> = HashMap::with_capacity(m.names.len());
            for (j, name) in m.names.iter().enumerate() {
                if name.is_empty() || name.len() > limits::MAX_VARIABLE_NAME {
                    return Err(self.fail(
                        Rule::ModuleVariableName,
                        Some(id),
                        format!("names[{j}]"),
                        format!("a name of 1 to {} bytes", limits::MAX_VARIABLE_NAME),
                        format!("{name:?}"),
                    ));
                }
                if index.insert(name.clone(), j as u32).is_some() {
                    return Err(self.fail(
                        Rule::ModuleVariableDuplicate,
                        Some(id),
                        format!("names[{j}]"),
                        "a name not already in the module",
                        format!("{name:?} again"),
                    ));
                }
            }
            self.module_indexes.push(index);
        }
        // The registry.
        let reg_id = img.roots.modules;
        let reg = &img.maps[l.index(reg_id, K::Map)];
        let mut registered = vec![false; img.modules.len()];
        for (j, e) in reg.entries.iter().enumerate() {
            let field = || format!("entries[{j}]");
            let Some(mid) = value_ref(e.value).filter(|&r| l.is(r, K::Module)) else {
                return Err(self.fail(
                    Rule::Registry,
                    Some(reg_id),
                    field(),
                    "a module as the value",
                    self.describe_value(e.value),
                ));
            };
            let module = &img.modules[l.index(mid, K::Module)];
            let key_name = match value_ref(e.key) {
                None if e.key.is_null() => None,
                Some(k) if l.is(k, K::String) => Some(k),
                _ => {
                    return Err(self.fail(
                        Rule::Registry,
                        Some(reg_id),
                        field(),
                        "a string or null as the key",
                        self.describe_value(e.key),
                    ))
                }
            };
            let names_match = match (key_name, module.name) {
                (None, None) => true,
                (Some(k), Some(n)) => {
                    img.strings[l.index(k, K::String)].bytes
                        == img.strings[l.index(n, K::String)].bytes
                }
                _ => false,
            };
            if !names_match {
                return Err(self.fail(
                    Rule::Registry,
                    Some(reg_id),
                    field(),
                    "a module registered under its own name",
                    format!("{} under another name", self.describe(mid)),
                ));
            }
            let mi = l.index(mid, K::Module);
            if registered[mi] {
                return Err(self.fail(
                    Rule::Registry,
                    Some(reg_id),
                    field(),
                    "each module registered once",
                    format!("{} again", self.describe(mid)),
                ));
            }
            registered[mi] = true;
        }
        Ok(())
    }

    /// The module registered under `null`, if it is a module.
    fn core_module(&self) -> Option<&'a ModuleObj> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        let reg = &img.maps[l.index(img.roots.modules, K::Map)];
        let core = reg.entries.iter().find(|e| e.key.is_null())?;
        let id = value_ref(core.value).filter(|&m| l.is(m, K::Module))?;
        Some(&img.modules[l.index(id, K::Module)])
    }

    /// The core module's variable `name`, if it is a class.
    fn core_class(&self, name: &str) -> Option<ObjId> {
        let m = self.core_module()?;
        let i = m.names.iter().position(|n| &**n == name)?;
        value_ref(m.values[i]).filter(|&c| self.layout.is(c, ObjKind::Class))
    }

    // ---- 5. Maps -----------------------------------------------------------------------------

    fn maps(&self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        #[derive(PartialEq, Eq, Hash)]
        enum Key<'k> {
            Bits(u64),
            Str(&'k [u8]),
            Class(ObjId),
            Range(u64, u64, bool, u32),
        }
        let mut seen: HashSet<Key> = HashSet::new();
        for (i, m) in img.maps.iter().enumerate() {
            let id = l.id(K::Map, i);
            let count = m.entries.len();
            if count > self.limits.max_map_entries {
                return Err(self.fail(
                    Rule::MapTooLarge,
                    Some(id),
                    "entries",
                    format!("at most {}", self.limits.max_map_entries),
                    format!("{count}"),
                ));
            }
            let cap = m.capacity as usize;
            if !crate::map::capacity_fits(cap, count) {
                return Err(self.fail(
                    Rule::MapCapacity,
                    Some(id),
                    "capacity",
                    format!("a capacity the VM can have for {count} entries"),
                    format!("{cap}"),
                ));
            }
            let mut prev: Option<u32> = None;
            seen.clear();
            for (j, e) in m.entries.iter().enumerate() {
                if e.slot as usize >= cap || prev.is_some_and(|p| e.slot <= p) {
                    return Err(self.fail(
                        Rule::MapSlot,
                        Some(id),
                        format!("entries[{j}].slot"),
                        format!(
                            "a slot after {} and below the capacity {cap}",
                            prev.map_or("the start".into(), |p| p.to_string())
                        ),
                        format!("{}", e.slot),
                    ));
                }
                prev = Some(e.slot);
                let key = match e.key.kind() {
                    ValueKind::Obj(r) => {
                        let r = r.index();
                        match l.locate(r).map(|(k, _)| k) {
                            Some(K::String) => Key::Str(&img.strings[l.index(r, K::String)].bytes),
                            Some(K::Class) => Key::Class(r),
                            Some(K::Range) => {
                                let rg = img.ranges[l.index(r, K::Range)];
                                if rg.from.is_nan() || rg.to.is_nan() {
                                    // Never equal to anything, itself included.
                                    continue;
                                }
                                // Equal ranges (0.0 == -0.0) with equal hashes are one key.
                                let hash = crate::utf8::hash_bits(rg.from.to_bits())
                                    ^ crate::utf8::hash_bits(rg.to.to_bits());
                                Key::Range(
                                    (rg.from + 0.0).to_bits(),
                                    (rg.to + 0.0).to_bits(),
                                    rg.inclusive,
                                    hash,
                                )
                            }
                            _ => {
                                return Err(self.fail(
                                    Rule::MapKey,
                                    Some(id),
                                    format!("entries[{j}].key"),
                                    "null, a boolean, a number, a string, a range or a class",
                                    self.describe(r),
                                ))
                            }
                        }
                    }
                    ValueKind::Undefined => {
                        return Err(self.fail(
                            Rule::MapKey,
                            Some(id),
                            format!("entries[{j}].key"),
                            "a key",
                            "undefined",
                        ))
                    }
                    _ => Key::Bits(e.key.hash_bits()),
                };
                if !seen.insert(key) {
                    return Err(self.fail(
                        Rule::MapDuplicateKey,
                        Some(id),
                        format!("entries[{j}].key"),
                        "a key not already in the map",
                        format!("{} again", self.describe_value(e.key)),
                    ));
                }
            }
        }
        Ok(())
    }

    // ---- 6. Functions ------------------------------------------------------------------------

    fn functions(&mut self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        // The points fibers stop at, per function.
        self.queries = vec![Vec::new(); img.fns.len()];
        for (fi, f) in img.fibers.iter().enumerate() {
            let fid = l.id(K::Fiber, fi);
            for (k, fr) in f.frames.iter().enumerate() {
                let closure = &img.closures[l.index(fr.closure, K::Closure)];
                let fn_index = l.index(closure.func, K::Fn);
                self.queries[fn_index].push((fr.ip, fid, k));
            }
        }
        let mut kinds: Vec<ConstKind> = Vec::new();
        let mut scratch = code::Scratch::default();
        self.fn_facts = Vec::with_capacity(img.fns.len());
        for (i, f) in img.fns.iter().enumerate() {
            let id = l.id(K::Fn, i);
            let shape_bad = if f.arity as usize > limits::MAX_PARAMETERS {
                Some((
                    "arity",
                    format!("at most {}", limits::MAX_PARAMETERS),
                    f.arity as usize,
                ))
            } else if f.num_upvalues as usize > limits::MAX_UPVALUES {
                Some((
                    "num_upvalues",
                    format!("at most {}", limits::MAX_UPVALUES),
                    f.num_upvalues as usize,
                ))
            } else if f.max_slots as usize > self.limits.max_fn_slots {
                Some((
                    "max_slots",
                    format!("at most {}", self.limits.max_fn_slots),
                    f.max_slots as usize,
                ))
            } else if f.code.is_empty() || f.code.len() > self.limits.max_code_bytes {
                Some((
                    "code",
                    format!("1 to {} bytes", self.limits.max_code_bytes),
                    f.code.len(),
                ))
            } else if f.constants.len() > limits::MAX_CONSTANTS {
                Some((
                    "constants",
                    format!("at most {}", limits::MAX_CONSTANTS),
                    f.constants.len(),
                ))
            } else {
                None
            };
            if let Some((field, expected, found)) = shape_bad {
                return Err(self.fail(Rule::FnShape, Some(id), field, expected, found.to_string()));
            }
            if let Some(d) = &f.debug {
                if d.lines.len() != f.code.len() {
                    return Err(self.fail(
                        Rule::LineTable,
                        Some(id),
                        "lines",
                        format!("{} entries, one per code byte", f.code.len()),
                        format!("{}", d.lines.len()),
                    ));
                }
                if d.name.len() > limits::MAX_NAME_BYTES {
                    return Err(self.fail(
                        Rule::FnName,
                        Some(id),
                        "name",
                        format!("at most {} bytes", limits::MAX_NAME_BYTES),
                        format!("{}", d.name.len()),
                    ));
                }
            }
            kinds.clear();
            kinds.extend(f.constants.iter().map(|c| match c.kind() {
                ValueKind::Null => ConstKind::Null,
                ValueKind::Obj(r) => {
                    let r = r.index();
                    if l.is(r, K::String) {
                        ConstKind::String
                    } else if l.is(r, K::Fn) {
                        ConstKind::Fn(img.fns[l.index(r, K::Fn)].num_upvalues)
                    } else if l.is(r, K::Class) {
                        ConstKind::Class
                    } else {
                        ConstKind::Other
                    }
                }
                _ => ConstKind::Other,
            }));
            let module_vars = f
                .module
                .map(|m| img.modules[l.index(m, K::Module)].values.len());
            let ctx = CodeContext {
                code: &f.code,
                constants: &kinds,
                arity: f.arity,
                max_slots: f.max_slots,
                num_upvalues: f.num_upvalues,
                module_vars,
                symbol_arity: &self.symbol_arity,
                work_factor: self.limits.verify_work_factor,
            };
            let queries: Vec<u32> = if self.queries[i].is_empty() {
                Vec::new()
            } else {
                self.queries[i].iter().map(|q| q.0).collect()
            };
            let facts =
                code::verify_code(&ctx, &queries, &mut scratch).map_err(|e| VerifyError {
                    rule: e.rule,
                    object: Some((id, K::Fn)),
                    field: match &f.debug {
                        Some(d) => format!("code of `{}`", d.name),
                        None => "code".into(),
                    },
                    code: Some(CodeSite {
                        offset: e.offset as u32,
                        opcode: e.opcode,
                    }),
                    expected: e.expected,
                    found: e.found,
                })?;
            for (q, point) in self.queries[i].iter().zip(&facts.points) {
                let (ip, fiber, frame) = *q;
                let Some(point) = point else {
                    return Err(self.fail(
                        Rule::FrameIp,
                        Some(fiber),
                        format!("frames[{frame}].ip"),
                        format!("a reachable instruction start in {}", self.describe(id)),
                        format!("{ip}"),
                    ));
                };
                self.frame_states.insert((fiber, frame), *point);
            }
            self.fn_facts.push(CodeFacts {
                points: Vec::new(),
                ..facts
            });
        }
        Ok(())
    }

    // ---- 7. Closures -------------------------------------------------------------------------

    fn closures(&self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        for (i, c) in img.closures.iter().enumerate() {
            let f = &img.fns[l.index(c.func, K::Fn)];
            if enforced(Rule::ClosureUpvalues) && c.upvalues.len() != f.num_upvalues as usize {
                return Err(self.fail(
                    Rule::ClosureUpvalues,
                    Some(l.id(K::Closure, i)),
                    "upvalues",
                    format!("{} (its function's count)", f.num_upvalues),
                    format!("{}", c.upvalues.len()),
                ));
            }
        }
        Ok(())
    }

    // ---- 8. Method tables --------------------------------------------------------------------

    fn method_tables(&self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        let core = img.roots.core;
        // Where each primitive may be bound: the class its name starts with.
        enum Home {
            Any,
            Metaclasses,
            Class(ObjId),
            Nowhere,
        }
        let mut homes = Vec::with_capacity(img.primitives.len());
        for &pid in &self.primitive_ids {
            let def = crate::core::primitive(pid);
            let home = match def.class {
                "Object" => Home::Any,
                "Class" => Home::Metaclasses,
                other => {
                    let (base, meta) = match other.strip_suffix(" metaclass") {
                        Some(b) => (b, true),
                        None => (other, false),
                    };
                    match self.core_class(base) {
                        Some(c) if meta => Home::Class(self.class(c).metaclass),
                        Some(c) => Home::Class(c),
                        None => Home::Nowhere,
                    }
                }
            };
            homes.push(home);
        }
        for (i, c) in img.classes.iter().enumerate() {
            let id = l.id(K::Class, i);
            let is_meta = self.is_meta[i] || id == core.class;
            let mut prev: Option<u32> = None;
            for &(symbol, m) in &c.methods {
                let field = || format!("methods[{symbol}]");
                if symbol as usize >= img.symbols.len() || prev.is_some_and(|p| symbol <= p) {
                    return Err(self.fail(
                        Rule::MethodSymbol,
                        Some(id),
                        field(),
                        format!(
                            "a symbol after {} and below {}",
                            prev.map_or("the start".into(), |p| p.to_string()),
                            img.symbols.len()
                        ),
                        format!("symbol {symbol}"),
                    ));
                }
                prev = Some(symbol);
                let sig = &*img.symbols[symbol as usize];
                let arity = self.symbol_arity[symbol as usize] as u32;
                match m {
                    MethodRef::Primitive(p) => {
                        let def = crate::core::primitive(self.primitive_ids[p as usize]);
                        if def.sig != sig {
                            return Err(self.fail(
                                Rule::PrimitiveSignature,
                                Some(id),
                                field(),
                                format!("a primitive for {sig:?}"),
                                format!("{:?}", img.primitives[p as usize]),
                            ));
                        }
                        let ok = match homes[p as usize] {
                            Home::Any => true,
                            Home::Metaclasses => is_meta,
                            Home::Class(h) => h == id,
                            Home::Nowhere => false,
                        };
                        if !ok {
                            return Err(self.fail(
                                Rule::PrimitivePlacement,
                                Some(id),
                                field(),
                                format!("the class {:?}", def.class),
                                format!(
                                    "{:?} bound in {:?}",
                                    img.primitives[p as usize],
                                    String::from_utf8_lossy(self.class_name(id))
                                ),
                            ));
                        }
                    }
                    MethodRef::FnCall => {
                        if id != core.fn_ || !sig.starts_with("call(") {
                            return Err(self.fail(
                                Rule::FnCallPlacement,
                                Some(id),
                                field(),
                                "Fn.call(...) on Fn",
                                format!(
                                    "{sig:?} on {:?}",
                                    String::from_utf8_lossy(self.class_name(id))
                                ),
                            ));
                        }
                    }
                    MethodRef::Foreign(p) => {
                        let name = &img.foreign_methods[p as usize];
                        let class_ok = if name.is_static {
                            self.is_meta[i]
                                && self.owner[i]
                                    .is_some_and(|o| self.class_name(o) == name.class.as_bytes())
                        } else {
                            !is_meta && self.ancestor_named(id, name.class.as_bytes())
                        };
                        if &*name.signature != sig || !class_ok {
                            return Err(self.fail(
                                Rule::ForeignPlacement,
                                Some(id),
                                field(),
                                format!("a host method for {sig:?} of this class"),
                                format!("{name}"),
                            ));
                        }
                    }
                    MethodRef::Block(b) => {
                        let closure = &img.closures[l.index(b, K::Closure)];
                        let fi = l.index(closure.func, K::Fn);
                        let f = &img.fns[fi];
                        if f.arity != arity {
                            return Err(self.fail(
                                Rule::MethodArity,
                                Some(id),
                                field(),
                                format!("a closure taking {arity} arguments, as {sig:?}"),
                                format!("{} taking {}", self.describe(b), f.arity),
                            ));
                        }
                        let facts = &self.fn_facts[fi];
                        if let Some(max) = facts.max_field {
                            if !is_meta && max as u32 >= c.num_fields {
                                return Err(self.fail(
                                    Rule::FieldIndex,
                                    Some(id),
                                    field(),
                                    format!("field operands below the class's {}", c.num_fields),
                                    format!("field {max} in {}", self.describe(closure.func)),
                                ));
                            }
                        }
                        if facts.has_construct || facts.has_foreign_construct {
                            let owner = if self.is_meta[i] { self.owner[i] } else { None };
                            let ok = match owner {
                                // A metaclass nobody owns has no receivers.
                                None => self.is_meta[i],
                                Some(o) => {
                                    let oc = self.class(o);
                                    let foreign = oc.foreign_module.is_some();
                                    !self.sealed().contains(&o)
                                        && (!facts.has_construct || !foreign)
                                        && (!facts.has_foreign_construct || foreign)
                                }
                            };
                            if !ok {
                                return Err(self.fail(
                                    Rule::ConstructPlacement,
                                    Some(id),
                                    field(),
                                    "a constructor on the metaclass of a class it can construct",
                                    format!(
                                        "{} on {:?}",
                                        self.describe(closure.func),
                                        String::from_utf8_lossy(self.class_name(id))
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `class` or one of its superclasses is named `name`.
    fn ancestor_named(&self, class: ObjId, name: &[u8]) -> bool {
        let mut c = Some(class);
        // Chains are acyclic (step 3).
        while let Some(id) = c {
            if self.class_name(id) == name {
                return true;
            }
            c = self.class(id).superclass;
        }
        false
    }

    /// Whether instances of `class` may exist.
    fn instantiable(&self, class: ObjId) -> bool {
        let i = self.layout.index(class, ObjKind::Class);
        !self.is_meta[i]
            && !self.sealed().contains(&class)
            && self.image.classes[i].foreign_module.is_none()
    }

    // ---- 9. Instances ------------------------------------------------------------------------

    fn instances(&self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        for (i, x) in img.instances.iter().enumerate() {
            let id = l.id(K::Instance, i);
            if !self.instantiable(x.class) {
                return Err(self.fail(
                    Rule::InstanceClass,
                    Some(id),
                    "class",
                    "a class whose values are instances",
                    format!(
                        "{} ({:?})",
                        self.describe(x.class),
                        String::from_utf8_lossy(self.class_name(x.class))
                    ),
                ));
            }
            let want = self.class(x.class).num_fields as usize;
            if enforced(Rule::InstanceFields) && x.fields.len() != want {
                return Err(self.fail(
                    Rule::InstanceFields,
                    Some(id),
                    "fields",
                    format!("{want} (the class's field count)"),
                    format!("{}", x.fields.len()),
                ));
            }
        }
        for (i, x) in img.foreigns.iter().enumerate() {
            let c = self.class(x.class);
            let ci = l.index(x.class, K::Class);
            if c.foreign_module.is_none() || self.is_meta[ci] {
                return Err(self.fail(
                    Rule::ForeignClass,
                    Some(l.id(K::Foreign, i)),
                    "class",
                    "a foreign class",
                    self.describe(x.class),
                ));
            }
        }
        Ok(())
    }

    // ---- 10. Fibers and upvalues -------------------------------------------------------------

    fn fibers(&self) -> Result<()> {
        use ObjKind as K;
        let img = self.image;
        let l = self.layout;
        if let Some(id) = img.roots.fiber {
            let f = &img.fibers[l.index(id, K::Fiber)];
            if f.frames.is_empty() || !f.error.is_null() {
                return Err(self.fail(
                    Rule::CurrentFiber,
                    None,
                    "roots.fiber",
                    "a fiber with frames and no error",
                    format!(
                        "{} with {} frames{}",
                        self.describe(id),
                        f.frames.len(),
                        if f.error.is_null() { "" } else { ", aborted" }
                    ),
                ));
            }
        }
        let mut listed = 0usize;
        for (fi, f) in img.fibers.iter().enumerate() {
            let id = l.id(K::Fiber, fi);
            if !f.error.is_null() && !f.frames.is_empty() {
                return Err(self.fail(
                    Rule::FiberState,
                    Some(id),
                    "frames",
                    "no frames in an aborted fiber",
                    format!("{} frames", f.frames.len()),
                ));
            }
            if f.state == FiberState::Try
                && f.error.is_null()
                && !f.frames.is_empty()
                && f.caller.is_none()
            {
                return Err(self.fail(
                    Rule::FiberState,
                    Some(id),
                    "caller",
                    "a caller for a running try fiber",
                    "none",
                ));
            }
            // Frames: bases follow from the heights the bytecode verifier computed.
            let mut base = 0u64;
            let mut regions: Vec<(u64, u64, PointState)> = Vec::with_capacity(f.frames.len());
            for (k, fr) in f.frames.iter().enumerate() {
                let st = self.frame_states[&(id, k)];
                let top = k + 1 == f.frames.len();
                if fr.base as u64 != base {
                    return Err(self.fail(
                        Rule::FrameBase,
                        Some(id),
                        format!("frames[{k}].base"),
                        format!("{base}"),
                        format!("{}", fr.base),
                    ));
                }
                // A caller's frame waits right after its call. The top frame may stop at any
                // instruction: the current fiber's, and a fiber paused by fuel and abandoned
                // (`Vm::abandon`); resuming one stores the value passed in over its top slot.
                let waiting = !top;
                if waiting && !st.after_call {
                    return Err(self.fail(
                        Rule::FrameIp,
                        Some(id),
                        format!("frames[{k}].ip"),
                        "an offset right after a call (where a waiting frame stops)",
                        format!("{}", fr.ip),
                    ));
                }
                let end = base + st.height as u64;
                if top {
                    if enforced(Rule::StackExtent) && f.stack.len() as u64 != end {
                        return Err(self.fail(
                            Rule::StackExtent,
                            Some(id),
                            "stack",
                            format!(
                                "{end} slots (base {base} + height {} at ip {})",
                                st.height, fr.ip
                            ),
                            format!("{}", f.stack.len()),
                        ));
                    }
                    regions.push((base, end, st));
                } else {
                    // The callee's frame starts at the slot that receives the call's result.
                    regions.push((base, end - 1, st));
                    base = end - 1;
                }
            }
            // Open upvalues: sorted, unique, in this fiber's live stack, on captured slots.
            let mut prev: Option<u32> = None;
            let mut region = 0usize;
            for (j, &u) in f.open_upvalues.iter().enumerate() {
                let field = || format!("open_upvalues[{j}]");
                let UpvalueObj::Open { fiber, slot } = img.upvalues[l.index(u, K::Upvalue)] else {
                    return Err(self.fail(
                        Rule::OpenUpvalue,
                        Some(id),
                        field(),
                        "an open upvalue",
                        format!("{} (closed)", self.describe(u)),
                    ));
                };
                if fiber != id {
                    return Err(self.fail(
                        Rule::OpenUpvalue,
                        Some(id),
                        field(),
                        "an upvalue open on this fiber",
                        format!("{} open on {}", self.describe(u), self.describe(fiber)),
                    ));
                }
                if prev.is_some_and(|p| slot <= p) || slot as usize >= f.stack.len() {
                    return Err(self.fail(
                        Rule::OpenUpvalue,
                        Some(id),
                        field(),
                        format!(
                            "a slot after {} and below the stack size {}",
                            prev.map_or("the start".into(), |p| p.to_string()),
                            f.stack.len()
                        ),
                        format!("slot {slot}"),
                    ));
                }
                prev = Some(slot);
                if !regions.is_empty() {
                    let s = slot as u64;
                    while region + 1 < regions.len() && s >= regions[region].1 {
                        region += 1;
                    }
                    let (lo, _, st) = regions[region];
                    let offset = (s - lo) as u32;
                    if s < lo || !st.is_captured(offset) {
                        return Err(self.fail(
                            Rule::OpenUpvalue,
                            Some(id),
                            field(),
                            format!("a slot frame {region}'s code treats as captured"),
                            format!("slot {slot} (local {offset} of frame {region})"),
                        ));
                    }
                }
            }
            listed += f.open_upvalues.len();
        }
        // Every open upvalue is listed by its fiber (each list names only upvalues open on
        // that fiber, at distinct slots; so equal counts mean every one is listed once).
        let open = img
            .upvalues
            .iter()
            .filter(|u| matches!(u, UpvalueObj::Open { .. }))
            .count();
        if open != listed {
            let missing = img
                .upvalues
                .iter()
                .enumerate()
                .find(|(i, u)| match u {
                    UpvalueObj::Open { fiber, .. } => {
                        let uid = l.id(K::Upvalue, *i);
                        !img.fibers[l.index(*fiber, K::Fiber)]
                            .open_upvalues
                            .contains(&uid)
                    }
                    _ => false,
                })
                .map(|(i, _)| l.id(K::Upvalue, i));
            return Err(self.fail(
                Rule::OpenUpvalue,
                missing,
                "fiber",
                "an open upvalue listed by its fiber",
                "one its fiber does not list",
            ));
        }
        // Caller chains end.
        let n = img.fibers.len();
        let mut mark = vec![0u8; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut i = start;
            path.clear();
            loop {
                match mark[i] {
                    2 => break,
                    1 => {
                        return Err(self.fail(
                            Rule::CallerCycle,
                            Some(l.id(K::Fiber, i)),
                            "caller",
                            "a chain of callers that ends",
                            format!("a chain returning to #{}", l.id(K::Fiber, i)),
                        ))
                    }
                    _ => {}
                }
                mark[i] = 1;
                path.push(i);
                match img.fibers[i].caller {
                    Some(c) => i = l.index(c, K::Fiber),
                    None => break,
                }
            }
            for &p in &path {
                mark[p] = 2;
            }
        }
        Ok(())
    }
}

/// The rule with stable name `name`.
pub fn rule_named(name: &str) -> Option<Rule> {
    Rule::ALL.iter().copied().find(|r| r.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        for (s, n) in [
            ("foo", 0),
            ("foo()", 0),
            ("foo(_)", 1),
            ("foo(_,_,_)", 3),
            ("foo=(_)", 1),
            ("[_]", 1),
            ("[_,_]", 2),
            ("[_]=(_)", 2),
            ("+(_)", 1),
            ("-", 0),
            ("==(_)", 1),
            ("...(_)", 1),
            ("init new(_,_)", 2),
            ("call(_,_,_,_,_,_,_,_,_,_,_,_,_,_,_,_)", 16),
        ] {
            assert_eq!(signature_arity(s), Some(n), "{s}");
        }
        for s in [
            "",
            "foo bar",
            "foo(",
            "foo(x)",
            "foo(_,)",
            "[]",
            "x[_]",
            "init foo",
            "foo(_)(_)",
            "call(_,_,_,_,_,_,_,_,_,_,_,_,_,_,_,_,_)",
            "[_]=(_,_)",
        ] {
            assert_eq!(signature_arity(s), None, "{s}");
        }
    }

    #[test]
    fn limits_can_only_be_lowered() {
        let high = Limits {
            max_objects: usize::MAX,
            max_stack_slots: usize::MAX,
            max_symbols: usize::MAX,
            verify_work_factor: 0,
            ..Limits::default()
        };
        let c = high.clamped();
        assert_eq!(c.max_objects, limits::MAX_IMAGE_OBJECTS);
        assert_eq!(c.max_stack_slots, limits::MAX_STACK_SLOTS);
        assert_eq!(c.max_symbols, limits::MAX_METHOD_SYMBOLS);
        assert_eq!(c.verify_work_factor, 1);
        let low = Limits {
            max_objects: 5,
            ..Limits::default()
        };
        assert_eq!(low.clamped().max_objects, 5);
    }

    #[test]
    fn rule_names_are_unique() {
        let mut seen = HashSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.name()), "{}", r.name());
            assert_eq!(rule_named(r.name()), Some(*r));
        }
    }
}
