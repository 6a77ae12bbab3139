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
//! three sweeps); crafted code that needs more than `verify_work_factor` sweeps (see
//! [`Limits`](super::Limits)) is rejected as too complex instead of being analysed for long.

use super::verify::enforced;
use crate::limits;
use crate::opcode::{self, op, Flow, Operand};

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
    /// Sweeps over the code the flow pass may take.
    pub work_factor: usize,
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

/// Buffers the verifier reuses from one function to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The decoded instructions, in code order.
    ins: Vec<Ins>,
    /// For each code offset: the index of the instruction starting there, or `NONE`.
    at: Vec<u32>,
    /// For each instruction: its block's index if it starts one, or `NONE`.
    block_of: Vec<u32>,
    /// For each block: its first instruction.
    blocks: Vec<u32>,
    /// For each block: the state on entry, once some path reaches it.
    states: Vec<Option<Entry>>,
    /// For each block: whether it must be (re)processed.
    dirty: Vec<bool>,
}

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Ins {
    ip: u32,
    op: u8,
    /// Index into the code of `CLOSURE`'s upvalue pairs, and their count.
    pairs: u16,
    args: [u16; 3],
    /// The instruction follows a call.
    after_call: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    height: u32,
    captured: [u64; 4],
}

#[inline]
fn is_set(c: &[u64; 4], slot: u32) -> bool {
    slot < 256 && c[(slot / 64) as usize] & (1 << (slot % 64)) != 0
}

#[inline]
fn clear(captured: &mut [u64; 4], slot: u32) {
    if slot < 256 {
        captured[(slot / 64) as usize] &= !(1 << (slot % 64));
    }
}

/// Checks a function's code; reports the state at each offset in `queries`.
pub(crate) fn verify_code(
    ctx: &CodeContext,
    queries: &[u32],
    s: &mut Scratch,
) -> Result<CodeFacts, CodeError> {
    use super::Rule;
    let code = ctx.code;
    let n = code.len();
    let mut facts = CodeFacts::default();
    s.ins.clear();
    s.at.clear();
    s.at.resize(n, NONE);

    // ---- Pass 1: decode ----------------------------------------------------------------------
    let upvalues_of = |k: u16| match ctx.constants.get(k as usize) {
        Some(ConstKind::Fn(u)) => Some(*u as usize),
        _ => None,
    };
    let mut ip = 0usize;
    let mut after_call = false;
    let mut last_op = None;
    while ip < n {
        // The one decoder every reader of bytecode uses.
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
                return Err(err(
                    Rule::TruncatedOperands,
                    ip,
                    opcode::info(code[ip]).map(|i| i.name),
                    "operands inside the code",
                    format!("code ending at {n}"),
                ))
            }
            Err(opcode::DecodeError::NotAFunction(k)) => {
                return Err(match ctx.constants.get(k as usize) {
                    None => err(
                        Rule::ConstantIndex,
                        ip,
                        Some("CLOSURE"),
                        format!("a constant below {}", ctx.constants.len()),
                        format!("constant {k}"),
                    ),
                    Some(c) => err(
                        Rule::ConstantKind,
                        ip,
                        Some("CLOSURE"),
                        "a function constant",
                        format!("constant {k} holding {}", c.describe()),
                    ),
                })
            }
        };
        let info = ins.info;
        let byte = info.byte;
        let name = Some(info.name);
        let args = [ins.arg(0), ins.arg(1), ins.arg(2)];
        let at = ins.next();
        let pairs = (ins.upvalue_pairs.len() / 2) as u16;
        for (i, kind) in info.operands.iter().enumerate() {
            let a = args[i];
            let constant =
                |want: &str, ok: fn(ConstKind) -> bool| -> Result<ConstKind, CodeError> {
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
                        Some(c) => Ok(*c),
                    }
                };
            match kind {
                Operand::Constant => {
                    constant("a constant that is not a function", |c| {
                        !matches!(c, ConstKind::Fn(_))
                    })?;
                }
                Operand::Name => {
                    constant("a string constant", |c| c == ConstKind::String)?;
                }
                Operand::SuperClass => {
                    constant("a class or null constant", |c| {
                        matches!(c, ConstKind::Class | ConstKind::Null)
                    })?;
                }
                Operand::Function => {
                    for pair in ins.upvalue_pairs.chunks_exact(2) {
                        let (is_local, index) = (pair[0], pair[1]);
                        if is_local > 1 {
                            return Err(err(
                                Rule::UpvalueIndex,
                                ip,
                                name,
                                "an is-local flag of 0 or 1",
                                format!("{is_local}"),
                            ));
                        }
                        if enforced(Rule::UpvalueIndex)
                            && is_local == 0
                            && index as u32 >= ctx.num_upvalues
                        {
                            return Err(err(
                                Rule::UpvalueIndex,
                                ip,
                                name,
                                format!("an enclosing upvalue below {}", ctx.num_upvalues),
                                format!("upvalue {index}"),
                            ));
                        }
                    }
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
                    Some(count) if enforced(Rule::ModuleVariableIndex) && a as usize >= count => {
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
                    let argc = if (op::CALL_0..=op::CALL_16).contains(&byte) {
                        Some(byte - op::CALL_0)
                    } else if (op::SUPER_0..=op::SUPER_16).contains(&byte) {
                        Some(byte - op::SUPER_0)
                    } else if byte == op::LOCAL_CONST_CALL_1 {
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
                    if enforced(Rule::UpvalueIndex) && a as u32 >= ctx.num_upvalues {
                        return Err(err(
                            Rule::UpvalueIndex,
                            ip,
                            name,
                            format!("an upvalue below {}", ctx.num_upvalues),
                            format!("upvalue {a}"),
                        ));
                    }
                }
                Operand::JumpForward
                | Operand::JumpBackward
                | Operand::Local
                | Operand::FieldCount => {}
            }
        }
        match byte {
            op::CONSTRUCT => facts.has_construct = true,
            op::FOREIGN_CONSTRUCT => facts.has_foreign_construct = true,
            op::END if at != n => {
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
        s.at[ip] = s.ins.len() as u32;
        s.ins.push(Ins {
            ip: ip as u32,
            op: byte,
            pairs,
            args,
            after_call,
        });
        after_call = info.flow == Flow::Call;
        last_op = Some(byte);
        ip = at;
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

    // Blocks start at the entry, at jump targets and after jumps, branches and returns.
    let count = s.ins.len();
    s.block_of.clear();
    s.block_of.resize(count, NONE);
    s.block_of[0] = 0;
    let target_of = |ins: &Ins, len: usize| -> Option<usize> {
        let next = ins.ip as usize + len;
        match opcode::OPCODES[ins.op as usize].operands.first() {
            Some(Operand::JumpForward) => Some(next + ins.args[0] as usize),
            Some(Operand::JumpBackward) => Some(next.wrapping_sub(ins.args[0] as usize)),
            _ => None,
        }
    };
    for i in 0..count {
        let ins = s.ins[i];
        let info = &opcode::OPCODES[ins.op as usize];
        let next = s.ins.get(i + 1).map_or(n, |x| x.ip as usize);
        if let Some(t) = target_of(&ins, next - ins.ip as usize) {
            let ti = s.at.get(t).copied().unwrap_or(NONE);
            if ti == NONE {
                let found = if t >= n && info.operands[0] == Operand::JumpBackward {
                    "a jump before offset 0".to_string()
                } else {
                    format!("a jump to offset {t}")
                };
                return Err(err(
                    Rule::JumpTarget,
                    ins.ip as usize,
                    Some(info.name),
                    "a jump to an instruction start inside the code",
                    found,
                ));
            }
            s.block_of[ti as usize] = 0;
        }
        if !matches!(info.flow, Flow::Next | Flow::Call) && i + 1 < count {
            s.block_of[i + 1] = 0;
        }
    }
    s.blocks.clear();
    for i in 0..count {
        if s.block_of[i] != NONE {
            s.block_of[i] = s.blocks.len() as u32;
            s.blocks.push(i as u32);
        }
    }

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
    let nblocks = s.blocks.len();
    s.states.clear();
    s.states.resize(nblocks, None);
    s.dirty.clear();
    s.dirty.resize(nblocks, false);
    s.states[0] = Some(Entry {
        height: entry,
        captured: [0; 4],
    });
    s.dirty[0] = true;
    let query_ins: Vec<u32> = if queries.is_empty() {
        Vec::new()
    } else {
        facts.points = vec![None; queries.len()];
        queries
            .iter()
            .map(|&q| s.at.get(q as usize).copied().unwrap_or(NONE))
            .collect()
    };
    let budget = ctx.work_factor.saturating_mul(count);
    let mut steps = 0usize;

    // Merges `state` into block `b`; marks it for processing if it changed.
    fn merge(
        states: &mut [Option<Entry>],
        dirty: &mut [bool],
        b: usize,
        state: Entry,
        from: u32,
        opname: &'static str,
        target_ip: u32,
    ) -> Result<bool, CodeError> {
        match &mut states[b] {
            None => states[b] = Some(state),
            Some(existing) => {
                if existing.height != state.height {
                    return Err(err(
                        super::Rule::StackMismatch,
                        from as usize,
                        Some(opname),
                        format!(
                            "stack height {} at offset {target_ip}, as on other paths",
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
                    return Ok(false);
                }
            }
        }
        dirty[b] = true;
        Ok(true)
    }

    // Sweep the blocks in code order until none changes (a back edge that adds captured
    // slots to a loop's head needs one more sweep).
    let mut changed = true;
    while changed {
        changed = false;
        for b in 0..nblocks {
            if !s.dirty[b] {
                continue;
            }
            s.dirty[b] = false;
            let Entry {
                mut height,
                mut captured,
            } = s.states[b].expect("dirty blocks have a state");
            let mut i = s.blocks[b] as usize;
            loop {
                steps += 1;
                if steps > budget {
                    return Err(err(
                        Rule::CodeTooComplex,
                        s.ins[i].ip as usize,
                        None,
                        format!("analysis within {} sweeps of the code", ctx.work_factor),
                        "more",
                    ));
                }
                let ins = s.ins[i];
                let info = &opcode::OPCODES[ins.op as usize];
                let name = Some(info.name);
                if !queries.is_empty() {
                    for (q, &qi) in query_ins.iter().enumerate() {
                        if qi == i as u32 {
                            let prev = facts.points[q].map(|p| p.captured).unwrap_or([0; 4]);
                            let mut merged = captured;
                            for (m, p) in merged.iter_mut().zip(prev) {
                                *m |= p;
                            }
                            facts.points[q] = Some(PointState {
                                height,
                                captured: merged,
                                after_call: ins.after_call,
                            });
                        }
                    }
                }
                let pops = info.pops as u32;
                if height < pops {
                    return Err(err(
                        Rule::StackUnderflow,
                        ins.ip as usize,
                        name,
                        format!("at least {pops} values on the frame's stack"),
                        format!("{height}"),
                    ));
                }
                // Local-slot operands and captured locals name slots below the height.
                let local = if (op::LOAD_LOCAL_0..=op::LOAD_LOCAL_8).contains(&ins.op) {
                    Some((ins.op - op::LOAD_LOCAL_0) as u32)
                } else if matches!(
                    ins.op,
                    op::LOAD_LOCAL | op::STORE_LOCAL | op::LOCAL_CONST_CALL_1
                ) {
                    Some(ins.args[0] as u32)
                } else {
                    None
                };
                if let Some(slot) = local {
                    if enforced(Rule::LocalSlot) && slot >= height {
                        return Err(err(
                            Rule::LocalSlot,
                            ins.ip as usize,
                            name,
                            format!("a local slot below the stack height {height}"),
                            format!("slot {slot}"),
                        ));
                    }
                }
                if ins.pairs > 0 {
                    let at = ins.ip as usize + 3;
                    for pair in code[at..at + 2 * ins.pairs as usize].chunks_exact(2) {
                        if pair[0] == 1 {
                            let index = pair[1] as u32;
                            if index >= height {
                                return Err(err(
                                    Rule::LocalSlot,
                                    ins.ip as usize,
                                    name,
                                    format!("a captured slot below the stack height {height}"),
                                    format!("slot {index}"),
                                ));
                            }
                            captured[index as usize / 64] |= 1 << (index % 64);
                        }
                    }
                }
                let before = Entry { height, captured };
                let low = height - pops;
                if captured != [0; 4] {
                    if ins.op == op::CLOSE_UPVALUE {
                        clear(&mut captured, low);
                    } else if info.flow != Flow::Return {
                        for slot in low..height {
                            if is_set(&captured, slot) {
                                return Err(err(
                                    Rule::CapturedSlotPopped,
                                    ins.ip as usize,
                                    name,
                                    "captured slots closed by CLOSE_UPVALUE before they leave the stack",
                                    format!("slot {slot} popped while captured"),
                                ));
                            }
                        }
                    }
                }
                height = low + info.pushes as u32;
                if captured != [0; 4] {
                    for slot in low..height {
                        clear(&mut captured, slot);
                    }
                }
                if info.flow != Flow::Return && info.flow != Flow::End {
                    if height == 0 {
                        return Err(err(
                            Rule::StackUnderflow,
                            ins.ip as usize,
                            name,
                            "slot 0 of the frame kept",
                            "an empty frame",
                        ));
                    }
                    if height > ctx.max_slots {
                        return Err(err(
                            Rule::StackOverflow,
                            ins.ip as usize,
                            name,
                            format!("a stack height within max_slots {}", ctx.max_slots),
                            format!("{height}"),
                        ));
                    }
                }
                let after = Entry { height, captured };
                let next_ip = s.ins.get(i + 1).map_or(n as u32, |x| x.ip);
                let target = || -> (usize, u32) {
                    let t = target_of(&ins, next_ip as usize - ins.ip as usize).expect("a jump");
                    let ti = s.at[t] as usize;
                    (s.block_of[ti] as usize, t as u32)
                };
                match info.flow {
                    Flow::Next | Flow::Call => {
                        let nb = s.block_of[i + 1];
                        if nb != NONE {
                            changed |= merge(
                                &mut s.states,
                                &mut s.dirty,
                                nb as usize,
                                after,
                                ins.ip,
                                info.name,
                                next_ip,
                            )?;
                            break;
                        }
                        i += 1;
                    }
                    Flow::Jump => {
                        let (tb, tip) = target();
                        changed |= merge(
                            &mut s.states,
                            &mut s.dirty,
                            tb,
                            after,
                            ins.ip,
                            info.name,
                            tip,
                        )?;
                        break;
                    }
                    Flow::Branch | Flow::BranchKeep => {
                        let (tb, tip) = target();
                        let taken = if info.flow == Flow::Branch {
                            after
                        } else {
                            before
                        };
                        changed |= merge(
                            &mut s.states,
                            &mut s.dirty,
                            tb,
                            taken,
                            ins.ip,
                            info.name,
                            tip,
                        )?;
                        let nb = s.block_of[i + 1] as usize;
                        changed |= merge(
                            &mut s.states,
                            &mut s.dirty,
                            nb,
                            after,
                            ins.ip,
                            info.name,
                            next_ip,
                        )?;
                        break;
                    }
                    Flow::Return => break,
                    Flow::End => {
                        return Err(err(
                            Rule::FallsOffEnd,
                            ins.ip as usize,
                            name,
                            "every path ending in RETURN or a jump",
                            "a path reaching END",
                        ))
                    }
                }
            }
        }
    }
    Ok(facts)
}
