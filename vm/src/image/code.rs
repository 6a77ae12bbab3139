//! The bytecode verifier: one function's code, checked against the instruction description.
//!
//! Two passes over the code:
//!
//! 1. **Decode.** Every instruction decodes by the opcode table, from offset 0 to the end:
//!    known opcodes, operands inside the code, `CLOSURE`'s constant a function and its upvalue
//!    pairs complete. Each operand is checked by its kind: constant, name, superclass and
//!    function constants exist and hold the right kind of value; upvalue indexes are below
//!    the function's upvalue count; module variables exist in the function's module (which
//!    must exist); method symbols exist and `CALL_n`/`SUPER_n` name a signature taking `n`
//!    arguments; field indexes are below the field limit. The code ends in `END`, and only
//!    there. Jump targets are instruction starts inside the code.
//! 2. **Flow.** From the entry (stack height `arity + 1`: the receiver or closure, then the
//!    arguments), the stack height is propagated along every path, block by block. Every
//!    path into an instruction must agree on the height; no instruction pops more than the
//!    frame holds, or leaves it empty; no height passes `max_slots`; local-slot operands and
//!    captured locals are below the height; `END` is unreachable (code cannot run off its
//!    end). Alongside the height, the set of slots captured by `CLOSURE` (possibly, on some
//!    path) is propagated; such a slot may leave the stack only through `CLOSE_UPVALUE` or
//!    `RETURN`, which close its upvalue. That is what keeps every open upvalue pointing into
//!    its fiber's live stack.
//!
//! Work is linear in the code size for compiled code (the captured sets settle in two or
//! three sweeps); crafted code that needs more than [`WORK_FACTOR`] sweeps is rejected as
//! too complex instead of being analysed for long.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::limits;
use crate::opcode::{self, op, Flow, Operand};

/// Sweeps over the code the flow pass may take before giving up.
pub(crate) const WORK_FACTOR: usize = 16;

/// What the checks need to know of a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConstKind {
    Null,
    /// A number, boolean or any object other than those below.
    Other,
    String,
    Class,
    /// A function with this many upvalues.
    Fn(u32),
}

impl ConstKind {
    fn describe(self) -> &'static str {
        match self {
            ConstKind::Null => "null",
            ConstKind::Other => "a value",
            ConstKind::String => "a string",
            ConstKind::Class => "a class",
            ConstKind::Fn(_) => "a function",
        }
    }
}

/// The function and its surroundings, as the checks see them.
pub(crate) struct CodeContext<'a> {
    pub code: &'a [u8],
    pub constants: &'a [ConstKind],
    pub arity: u32,
    pub max_slots: u32,
    pub num_upvalues: u32,
    /// Variables in the function's module, or `None` if it has no module.
    pub module_vars: Option<usize>,
    /// The arity of each method symbol's signature.
    pub symbol_arity: &'a [u8],
}

/// A rejection inside code.
#[derive(Clone, Debug)]
pub(crate) struct CodeError {
    pub rule: super::Rule,
    pub offset: usize,
    pub opcode: Option<&'static str>,
    pub expected: String,
    pub found: String,
}

/// The state of a frame stopped at an instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PointState {
    pub height: u32,
    /// Local slots (below 256) possibly captured by a closure.
    pub captured: [u64; 4],
    /// Whether the instruction follows a call (a frame below another, or a suspended fiber,
    /// waits at such a point).
    pub after_call: bool,
}

impl PointState {
    pub fn is_captured(&self, slot: u32) -> bool {
        slot < 256 && self.captured[(slot / 64) as usize] & (1 << (slot % 64)) != 0
    }
}

/// What the verifier learns of a function beyond "it is valid".
#[derive(Clone, Debug, Default)]
pub(crate) struct CodeFacts {
    pub has_construct: bool,
    pub has_foreign_construct: bool,
    /// The highest field operand, if any field instruction exists.
    pub max_field: Option<u8>,
    /// The state at each queried offset, in query order (`None` if the offset is not a
    /// reachable instruction start).
    pub points: Vec<Option<PointState>>,
}

fn err(
    rule: super::Rule,
    offset: usize,
    opcode: Option<&'static str>,
    expected: impl Into<String>,
    found: impl Into<String>,
) -> CodeError {
    CodeError {
        rule,
        offset,
        opcode,
        expected: expected.into(),
        found: found.into(),
    }
}

struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n / 64 + 1])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Checks a function's code; reports the state at each offset in `queries`.
pub(crate) fn verify_code(ctx: &CodeContext, queries: &[u32]) -> Result<CodeFacts, CodeError> {
    use super::Rule;
    let code = ctx.code;
    let n = code.len();
    let upvalues_of = |k: u16| match ctx.constants.get(k as usize) {
        Some(ConstKind::Fn(u)) => Some(*u as usize),
        _ => None,
    };
    let mut facts = CodeFacts::default();

    // ---- Pass 1: decode ----------------------------------------------------------------------
    let mut starts = Bits::new(n);
    let mut after_call = Bits::new(n);
    let mut leaders: Vec<u32> = vec![0];
    let mut jumps: Vec<(usize, &'static str, Option<usize>)> = Vec::new();
    let mut ip = 0;
    let mut last_op = None;
    while ip < n {
        let ins = match opcode::decode(code, ip, upvalues_of) {
            Ok(ins) => ins,
            Err(opcode::DecodeError::UnknownOpcode(b)) => {
                return Err(err(
                    Rule::UnknownOpcode,
                    ip,
                    None,
                    format!("an opcode below {}", opcode::OPCODES.len()),
                    format!("byte {b}"),
                ))
            }
            Err(opcode::DecodeError::Truncated) => {
                let name = opcode::info(code[ip]).map(|i| i.name);
                return Err(err(
                    Rule::TruncatedOperands,
                    ip,
                    name,
                    "operands inside the code",
                    format!("code ending at {n}"),
                ));
            }
            Err(opcode::DecodeError::NotAFunction(k)) => {
                let found = match ctx.constants.get(k as usize) {
                    Some(c) => c.describe().to_string(),
                    None => format!("constant {k} of {}", ctx.constants.len()),
                };
                return Err(err(
                    Rule::ConstantKind,
                    ip,
                    Some("CLOSURE"),
                    "a function constant",
                    found,
                ));
            }
        };
        let name = Some(ins.info.name);
        starts.set(ip);
        for (i, kind) in ins.info.operands.iter().enumerate() {
            let a = ins.arg(i);
            let constant = |want: &str, ok: fn(ConstKind) -> bool| -> Result<(), CodeError> {
                match ctx.constants.get(a as usize) {
                    None => Err(err(
                        Rule::ConstantIndex,
                        ip,
                        name,
                        format!("a constant below {}", ctx.constants.len()),
                        format!("constant {a}"),
                    )),
                    Some(c) if !ok(*c) => Err(err(
                        Rule::ConstantKind,
                        ip,
                        name,
                        want.to_string(),
                        format!("constant {a} holding {}", c.describe()),
                    )),
                    Some(_) => Ok(()),
                }
            };
            match kind {
                Operand::Constant => constant("a constant that is not a function", |c| {
                    !matches!(c, ConstKind::Fn(_))
                })?,
                Operand::Name => constant("a string constant", |c| c == ConstKind::String)?,
                Operand::SuperClass => constant("a class or null constant", |c| {
                    matches!(c, ConstKind::Class | ConstKind::Null)
                })?,
                Operand::Function => {
                    constant("a function constant", |c| matches!(c, ConstKind::Fn(_)))?
                }
                Operand::ModuleVar => match ctx.module_vars {
                    None => {
                        return Err(err(
                            Rule::NoModule,
                            ip,
                            name,
                            "a function that belongs to a module",
                            "a function without a module",
                        ))
                    }
                    Some(count) if a as usize >= count => {
                        return Err(err(
                            Rule::ModuleVariableIndex,
                            ip,
                            name,
                            format!("a module variable below {count}"),
                            format!("variable {a}"),
                        ))
                    }
                    Some(_) => {}
                },
                Operand::Symbol => {
                    let Some(&arity) = ctx.symbol_arity.get(a as usize) else {
                        return Err(err(
                            Rule::SymbolIndex,
                            ip,
                            name,
                            format!("a method symbol below {}", ctx.symbol_arity.len()),
                            format!("symbol {a}"),
                        ));
                    };
                    let b = ins.info.byte;
                    let argc = if (op::CALL_0..=op::CALL_16).contains(&b) {
                        Some(b - op::CALL_0)
                    } else if (op::SUPER_0..=op::SUPER_16).contains(&b) {
                        Some(b - op::SUPER_0)
                    } else if b == op::LOCAL_CONST_CALL_1 {
                        Some(1)
                    } else {
                        None
                    };
                    if let Some(argc) = argc {
                        if argc != arity {
                            return Err(err(
                                Rule::CallArity,
                                ip,
                                name,
                                format!("a signature taking {argc} arguments"),
                                format!("symbol {a} taking {arity}"),
                            ));
                        }
                    }
                }
                Operand::Field => {
                    if a as usize >= limits::MAX_FIELDS {
                        return Err(err(
                            Rule::FieldIndex,
                            ip,
                            name,
                            format!("a field below {}", limits::MAX_FIELDS),
                            format!("field {a}"),
                        ));
                    }
                    facts.max_field = Some(facts.max_field.unwrap_or(0).max(a as u8));
                }
                Operand::Upvalue => {
                    if a as u32 >= ctx.num_upvalues {
                        return Err(err(
                            Rule::UpvalueIndex,
                            ip,
                            name,
                            format!("an upvalue below {}", ctx.num_upvalues),
                            format!("upvalue {a}"),
                        ));
                    }
                }
                Operand::JumpForward | Operand::JumpBackward => {
                    jumps.push((ip, ins.info.name, ins.jump_target()));
                }
                Operand::Local | Operand::FieldCount => {}
            }
        }
        for (is_local, index) in ins.captures() {
            if !is_local && index as u32 >= ctx.num_upvalues {
                return Err(err(
                    Rule::UpvalueIndex,
                    ip,
                    name,
                    format!("an enclosing upvalue below {}", ctx.num_upvalues),
                    format!("upvalue {index}"),
                ));
            }
        }
        for pair in ins.upvalue_pairs.chunks_exact(2) {
            if pair[0] > 1 {
                return Err(err(
                    Rule::UpvalueIndex,
                    ip,
                    name,
                    "an is-local flag of 0 or 1",
                    format!("{}", pair[0]),
                ));
            }
        }
        match ins.info.byte {
            op::CONSTRUCT => facts.has_construct = true,
            op::FOREIGN_CONSTRUCT => facts.has_foreign_construct = true,
            op::END if ins.next() != n => {
                return Err(err(
                    Rule::MissingEnd,
                    ip,
                    name,
                    format!("END only at the last offset ({})", n - 1),
                    format!("END at {ip}"),
                ))
            }
            _ => {}
        }
        let next = ins.next();
        match ins.info.flow {
            Flow::Next => {}
            Flow::Call => {
                if next < n {
                    after_call.set(next);
                }
            }
            Flow::Jump | Flow::Branch | Flow::BranchKeep | Flow::Return | Flow::End => {
                if next < n {
                    leaders.push(next as u32);
                }
            }
        }
        if let Some(t) = ins.jump_target() {
            leaders.push(t as u32);
        }
        last_op = Some(ins.info.byte);
        ip = next;
    }
    if last_op != Some(op::END) {
        return Err(err(
            Rule::MissingEnd,
            n.saturating_sub(1),
            last_op.and_then(opcode::info).map(|i| i.name),
            "code ending in END",
            match last_op.and_then(opcode::info) {
                Some(i) => format!("code ending in {}", i.name),
                None => "empty code".to_string(),
            },
        ));
    }
    for (at, name, target) in jumps {
        match target {
            Some(t) if t < n && starts.get(t) => {}
            Some(t) => {
                return Err(err(
                    Rule::JumpTarget,
                    at,
                    Some(name),
                    "a jump to an instruction start inside the code",
                    format!("a jump to offset {t}"),
                ))
            }
            None => {
                return Err(err(
                    Rule::JumpTarget,
                    at,
                    Some(name),
                    "a jump to an instruction start inside the code",
                    "a jump before offset 0",
                ))
            }
        }
    }
    leaders.sort_unstable();
    leaders.dedup();

    // ---- Pass 2: flow --------------------------------------------------------------------------
    let entry = ctx.arity + 1;
    if entry > ctx.max_slots {
        return Err(err(
            Rule::StackOverflow,
            0,
            opcode::info(code[0]).map(|i| i.name),
            format!("max_slots of at least {entry} (arity {} + 1)", ctx.arity),
            format!("max_slots {}", ctx.max_slots),
        ));
    }
    #[derive(Clone, Copy)]
    struct Entry {
        height: u32,
        captured: [u64; 4],
    }
    let leader_of = |ip: usize| leaders.binary_search(&(ip as u32)).ok();
    let mut states: Vec<Option<Entry>> = vec![None; leaders.len()];
    let mut queued = vec![false; leaders.len()];
    let mut work = BinaryHeap::new();
    states[0] = Some(Entry {
        height: entry,
        captured: [0; 4],
    });
    queued[0] = true;
    work.push(Reverse(0usize));
    let mut query_index: Vec<(u32, usize)> =
        queries.iter().enumerate().map(|(i, &q)| (q, i)).collect();
    query_index.sort_unstable();
    facts.points = vec![None; queries.len()];
    let budget = WORK_FACTOR.saturating_mul(n).saturating_add(1024);
    let mut steps = 0usize;

    // Merges `state` into the block starting at `target`; returns an error on a height
    // mismatch.
    let merge = |states: &mut Vec<Option<Entry>>,
                 queued: &mut Vec<bool>,
                 work: &mut BinaryHeap<Reverse<usize>>,
                 from: usize,
                 opname: &'static str,
                 target: usize,
                 state: Entry|
     -> Result<(), CodeError> {
        let li = leader_of(target).expect("every jump target and fall-through is a leader");
        match &mut states[li] {
            None => states[li] = Some(state),
            Some(existing) => {
                if existing.height != state.height {
                    return Err(err(
                        Rule::StackMismatch,
                        from,
                        Some(opname),
                        format!(
                            "stack height {} at offset {target}, as on other paths",
                            existing.height
                        ),
                        format!("height {}", state.height),
                    ));
                }
                let mut grew = false;
                for (e, s) in existing.captured.iter_mut().zip(state.captured) {
                    if *e | s != *e {
                        *e |= s;
                        grew = true;
                    }
                }
                if !grew {
                    return Ok(());
                }
            }
        }
        if !queued[li] {
            queued[li] = true;
            work.push(Reverse(li));
        }
        Ok(())
    };

    while let Some(Reverse(li)) = work.pop() {
        queued[li] = false;
        let Entry {
            mut height,
            mut captured,
        } = states[li].expect("queued blocks have a state");
        let mut ip = leaders[li] as usize;
        loop {
            steps += 1;
            if steps > budget {
                return Err(err(
                    Rule::CodeTooComplex,
                    ip,
                    None,
                    format!("analysis within {WORK_FACTOR} sweeps of the code"),
                    "more",
                ));
            }
            let ins = opcode::decode(code, ip, upvalues_of).expect("decoded in pass 1");
            let info = ins.info;
            let name = Some(info.name);
            if let Ok(first) = query_index.binary_search_by_key(&(ip as u32), |q| q.0) {
                // Several queries may name the same offset.
                let mut i = first;
                while i > 0 && query_index[i - 1].0 == ip as u32 {
                    i -= 1;
                }
                while i < query_index.len() && query_index[i].0 == ip as u32 {
                    let slot = &mut facts.points[query_index[i].1];
                    let prev = slot.map(|p| p.captured).unwrap_or([0; 4]);
                    let mut merged = captured;
                    for (m, p) in merged.iter_mut().zip(prev) {
                        *m |= p;
                    }
                    *slot = Some(PointState {
                        height,
                        captured: merged,
                        after_call: after_call.get(ip),
                    });
                    i += 1;
                }
            }
            let pops = info.pops as u32;
            if height < pops {
                return Err(err(
                    Rule::StackUnderflow,
                    ip,
                    name,
                    format!("at least {pops} values on the frame's stack"),
                    format!("{height}"),
                ));
            }
            // Local-slot operands and captured locals name slots below the height.
            let local = if (op::LOAD_LOCAL_0..=op::LOAD_LOCAL_8).contains(&info.byte) {
                Some((info.byte - op::LOAD_LOCAL_0) as u32)
            } else {
                ins.arg_of(Operand::Local).map(u32::from)
            };
            if let Some(slot) = local {
                if slot >= height {
                    return Err(err(
                        Rule::LocalSlot,
                        ip,
                        name,
                        format!("a local slot below the stack height {height}"),
                        format!("slot {slot}"),
                    ));
                }
            }
            for (is_local, index) in ins.captures() {
                if is_local {
                    if index as u32 >= height {
                        return Err(err(
                            Rule::LocalSlot,
                            ip,
                            name,
                            format!("a captured slot below the stack height {height}"),
                            format!("slot {index}"),
                        ));
                    }
                    captured[index as usize / 64] |= 1 << (index % 64);
                }
            }
            let before = Entry { height, captured };
            // The popped slots.
            let low = height - pops;
            if info.byte == op::CLOSE_UPVALUE {
                clear(&mut captured, low);
            } else if info.flow != Flow::Return {
                for s in low..height {
                    if s < 256 && captured[(s / 64) as usize] & (1 << (s % 64)) != 0 {
                        return Err(err(
                            Rule::CapturedSlotPopped,
                            ip,
                            name,
                            "captured slots closed by CLOSE_UPVALUE before they leave the stack",
                            format!("slot {s} popped while captured"),
                        ));
                    }
                }
            }
            height = low + info.pushes as u32;
            for s in low..height.max(low) {
                clear(&mut captured, s);
            }
            if info.flow != Flow::Return && info.flow != Flow::End {
                if height == 0 {
                    return Err(err(
                        Rule::StackUnderflow,
                        ip,
                        name,
                        "slot 0 of the frame kept",
                        "an empty frame",
                    ));
                }
                if height > ctx.max_slots {
                    return Err(err(
                        Rule::StackOverflow,
                        ip,
                        name,
                        format!("a stack height within max_slots {}", ctx.max_slots),
                        format!("{height}"),
                    ));
                }
            }
            let after = Entry { height, captured };
            let next = ins.next();
            match info.flow {
                Flow::Next | Flow::Call => {
                    if leader_of(next).is_some() {
                        merge(
                            &mut states,
                            &mut queued,
                            &mut work,
                            ip,
                            info.name,
                            next,
                            after,
                        )?;
                        break;
                    }
                    ip = next;
                }
                Flow::Jump => {
                    let t = ins.jump_target().expect("checked in pass 1");
                    merge(&mut states, &mut queued, &mut work, ip, info.name, t, after)?;
                    break;
                }
                Flow::Branch => {
                    let t = ins.jump_target().expect("checked in pass 1");
                    merge(&mut states, &mut queued, &mut work, ip, info.name, t, after)?;
                    merge(
                        &mut states,
                        &mut queued,
                        &mut work,
                        ip,
                        info.name,
                        next,
                        after,
                    )?;
                    break;
                }
                Flow::BranchKeep => {
                    let t = ins.jump_target().expect("checked in pass 1");
                    merge(
                        &mut states,
                        &mut queued,
                        &mut work,
                        ip,
                        info.name,
                        t,
                        before,
                    )?;
                    merge(
                        &mut states,
                        &mut queued,
                        &mut work,
                        ip,
                        info.name,
                        next,
                        after,
                    )?;
                    break;
                }
                Flow::Return => break,
                Flow::End => {
                    return Err(err(
                        Rule::FallsOffEnd,
                        ip,
                        name,
                        "every path ending in RETURN or a jump",
                        "a path reaching END",
                    ))
                }
            }
        }
    }
    Ok(facts)
}

fn clear(captured: &mut [u64; 4], slot: u32) {
    if slot < 256 {
        captured[(slot / 64) as usize] &= !(1 << (slot % 64));
    }
}
