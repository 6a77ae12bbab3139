//! The encoder: an [`Image`] to bytes, in canonical form (see `FORMAT.md`).

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use crate::image::*;
use crate::value::{Value, ValueKind};

use super::format::*;

/// How to encode.
#[derive(Clone, Copy, Debug, Default)]
pub struct EncodeOptions {
    /// Leave out function names and line tables (`--strip-debug`). A function restored
    /// without them gets a synthesized name and line 0.
    pub strip_debug: bool,
}

/// An image the format cannot hold (only hand-built images can fail this way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// `undefined` is not a value an image can hold.
    UndefinedValue,
    /// The encoded image would be over the size limit.
    TooLarge(usize),
    /// A module with a different number of variable names and values.
    ModuleVariables(usize),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::UndefinedValue => write!(f, "an image cannot hold `undefined`"),
            EncodeError::TooLarge(n) => write!(
                f,
                "the image would take {n} bytes, over the limit of {}",
                crate::limits::MAX_IMAGE_BYTES
            ),
            EncodeError::ModuleVariables(i) => write!(
                f,
                "module {i} has a different number of variable names and values"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

/// A section being written.
#[derive(Default)]
struct Out {
    bytes: Vec<u8>,
}

impl Out {
    fn uv(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }
    fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }
    fn opt(&mut self, id: Option<ObjId>) {
        self.uv(id.map_or(0, |i| i as u64 + 1));
    }
    fn num(&mut self, n: f64) {
        if let Some(i) = small_int(n) {
            self.uv(zigzag(i) << 2);
        } else {
            self.uv(VALUE_DOUBLE);
            let bits = if n.is_nan() {
                CANONICAL_NAN
            } else {
                n.to_bits()
            };
            self.bytes.extend_from_slice(&bits.to_le_bytes());
        }
    }
    fn value(&mut self, v: Value) -> Result<(), EncodeError> {
        match v.kind() {
            ValueKind::Null => self.uv(VALUE_NULL),
            ValueKind::False => self.uv(VALUE_FALSE),
            ValueKind::True => self.uv(VALUE_TRUE),
            ValueKind::Undefined => return Err(EncodeError::UndefinedValue),
            ValueKind::Num(n) => self.num(n),
            ValueKind::Obj(r) => self.uv(((r.index() as u64) << 1) | 1),
        }
        Ok(())
    }
    fn values(&mut self, vs: &[Value]) -> Result<(), EncodeError> {
        self.uv(vs.len() as u64);
        for v in vs {
            self.value(*v)?;
        }
        Ok(())
    }
}

/// The integer `n` is, if it is one the compact form holds.
pub(crate) fn small_int(n: f64) -> Option<i64> {
    let i = n as i64;
    (i as f64 == n
        && i.unsigned_abs() <= MAX_SMALL_INT as u64
        && !(n == 0.0 && n.is_sign_negative()))
    .then_some(i)
}

pub(crate) fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

/// A fast hasher for the encoder's own tables (their keys come from the VM being saved,
/// not from untrusted input).
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        // Mix the high bits down: the table indexes by the low bits.
        let x = self.0;
        (x ^ (x >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// The name table: each distinct byte string once, in order of first use. Names shared in
/// the VM (one `Rc` for a symbol and the module variables named alike) are found by address
/// before their contents are hashed.
#[derive(Default)]
struct Names<'i> {
    index: FxMap<&'i [u8], u32>,
    by_address: FxMap<usize, u32>,
    list: Vec<&'i [u8]>,
}

impl<'i> Names<'i> {
    fn id(&mut self, bytes: &'i [u8]) -> u64 {
        let address = bytes.as_ptr() as usize ^ (bytes.len() << 48);
        if let Some(&i) = self.by_address.get(&address) {
            return i as u64;
        }
        let next = self.list.len() as u32;
        let i = *self.index.entry(bytes).or_insert(next);
        if i == next {
            self.list.push(bytes);
        }
        self.by_address.insert(address, i);
        i as u64
    }
    fn str(&mut self, s: &'i Rc<str>) -> u64 {
        self.id(s.as_bytes())
    }
}

/// Encodes `image`.
pub fn encode(image: &Image, options: EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let mut names = Names::default();
    let mut sections: [Out; 7] = Default::default();
    let debug = !options.strip_debug && image.fns.iter().all(|f| f.debug.is_some());

    let s = &mut sections[SYMBOLS];
    s.uv(image.symbols.len() as u64);
    for sym in &image.symbols {
        let i = names.str(sym);
        s.uv(i);
    }
    let s = &mut sections[PRIMITIVES];
    s.uv(image.primitives.len() as u64);
    for p in &image.primitives {
        let i = names.str(p);
        s.uv(i);
    }
    let s = &mut sections[FOREIGN];
    s.uv(image.foreign_methods.len() as u64);
    for f in &image.foreign_methods {
        let (m, c, sig) = (
            names.str(&f.module),
            names.str(&f.class),
            names.str(&f.signature),
        );
        s.uv(m);
        s.uv(c);
        s.byte(f.is_static as u8);
        s.uv(sig);
    }
    let s = &mut sections[CENSUS];
    for n in image.census() {
        s.uv(n as u64);
    }

    let o = &mut sections[OBJECTS];
    for x in &image.strings {
        let i = names.id(&x.bytes[..]);
        o.uv(i);
    }
    for r in &image.ranges {
        o.byte(if r.inclusive { RANGE_INCLUSIVE } else { 0 });
        o.num(r.from);
        o.num(r.to);
    }
    for l in &image.lists {
        o.values(&l.elements)?;
    }
    for m in &image.maps {
        o.uv(m.entries.len() as u64);
        if !m.entries.is_empty() {
            o.byte(m.capacity.max(1).trailing_zeros() as u8);
            let mut next = 0u64;
            for e in &m.entries {
                o.uv((e.slot as u64).wrapping_sub(next));
                next = e.slot as u64 + 1;
                o.value(e.key)?;
                o.value(e.value)?;
            }
        }
    }
    for (i, m) in image.modules.iter().enumerate() {
        if m.names.len() != m.values.len() {
            return Err(EncodeError::ModuleVariables(i));
        }
        o.opt(m.name);
        o.uv(m.names.len() as u64);
        for (n, v) in m.names.iter().zip(&m.values) {
            let i = names.str(n);
            o.uv(i);
            o.value(*v)?;
        }
    }
    for f in &image.fns {
        o.opt(f.module);
        o.uv(f.arity as u64);
        o.uv(f.max_slots as u64);
        o.uv(f.num_upvalues as u64);
        o.uv(f.code.len() as u64);
        o.bytes.extend_from_slice(&f.code);
        o.values(&f.constants)?;
        if debug {
            let d = f
                .debug
                .as_ref()
                .expect("debug is set only when every function has it");
            let i = names.str(&d.name);
            o.uv(i);
            // Runs of equal lines: (line - previous run's line, zigzag) and the run length.
            o.uv(d.lines.runs().count() as u64);
            let mut prev = 0i64;
            for (line, n) in d.lines.runs() {
                o.uv(zigzag(line as i64 - prev));
                o.uv(n as u64);
                prev = line as i64;
            }
        }
    }
    for c in &image.closures {
        o.uv(c.func as u64);
        o.uv(c.upvalues.len() as u64);
        for u in &c.upvalues {
            o.uv(*u as u64);
        }
    }
    for u in &image.upvalues {
        match u {
            UpvalueObj::Closed(v) => {
                o.byte(UPVALUE_CLOSED);
                o.value(*v)?;
            }
            UpvalueObj::Open { fiber, slot } => {
                o.byte(UPVALUE_OPEN);
                o.uv(*fiber as u64);
                o.uv(*slot as u64);
            }
        }
    }
    for c in &image.classes {
        o.byte(if c.foreign_module.is_some() {
            CLASS_FOREIGN
        } else {
            0
        });
        o.uv(c.metaclass as u64);
        o.opt(c.superclass);
        o.uv(c.name as u64);
        o.uv(c.num_fields as u64);
        o.value(c.attributes)?;
        if let Some(m) = &c.foreign_module {
            let i = names.str(m);
            o.uv(i);
        }
        o.uv(c.methods.len() as u64);
        let mut next = 0u64;
        for (symbol, m) in &c.methods {
            o.uv((*symbol as u64).wrapping_sub(next));
            next = *symbol as u64 + 1;
            match m {
                MethodRef::Primitive(p) => {
                    o.uv(METHOD_PRIMITIVE);
                    o.uv(*p as u64);
                }
                MethodRef::FnCall => o.uv(METHOD_FN_CALL),
                MethodRef::Foreign(p) => {
                    o.uv(METHOD_FOREIGN);
                    o.uv(*p as u64);
                }
                MethodRef::Block(b) => {
                    o.uv(METHOD_BLOCK);
                    o.uv(*b as u64);
                }
            }
        }
    }
    for x in &image.instances {
        o.uv(x.class as u64);
        o.values(&x.fields)?;
    }
    for x in &image.foreigns {
        o.uv(x.class as u64);
        o.uv(x.data.len() as u64);
        o.bytes.extend_from_slice(&x.data);
    }
    for f in &image.fibers {
        o.byte(match f.state {
            FiberState::Other => FIBER_OTHER,
            FiberState::Root => FIBER_ROOT,
            FiberState::Try => FIBER_TRY,
        });
        o.value(f.error)?;
        o.opt(f.caller);
        o.values(&f.stack)?;
        o.uv(f.frames.len() as u64);
        let mut base = 0u64;
        for fr in &f.frames {
            o.uv(fr.closure as u64);
            o.uv(fr.ip as u64);
            // Bases only grow in a valid image; a hand-made one that shrinks wraps around
            // and is rejected on decode.
            o.uv((fr.base as u64).wrapping_sub(base));
            base = fr.base as u64;
        }
        o.uv(f.open_upvalues.len() as u64);
        for u in &f.open_upvalues {
            o.uv(*u as u64);
        }
    }

    let r = &mut sections[ROOTS];
    for (_, c) in image.roots.core.named() {
        r.uv(c as u64);
    }
    r.uv(image.roots.modules as u64);
    r.opt(image.roots.fiber);
    r.opt(image.roots.last_module);
    r.uv(image.roots.handles.len() as u64);
    for h in &image.roots.handles {
        match h {
            None => r.byte(0),
            Some(v) => {
                r.byte(1);
                r.value(*v)?;
            }
        }
    }

    let n = &mut sections[NAMES];
    n.uv(names.list.len() as u64);
    for b in &names.list {
        n.uv(b.len() as u64);
        n.bytes.extend_from_slice(b);
    }

    let body_len: usize = sections.iter().map(|s| s.bytes.len()).sum();
    let total = BODY_START + body_len;
    if total > crate::limits::MAX_IMAGE_BYTES {
        return Err(EncodeError::TooLarge(total));
    }
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    let mut flags = 0u16;
    if crate::value::NAN_TAGGED {
        flags |= FLAG_NAN_TAGGED;
    }
    if debug {
        flags |= FLAG_DEBUG_INFO;
    }
    out.extend_from_slice(&flags.to_le_bytes());
    let (prims, ops) = fingerprints();
    out.extend_from_slice(&prims.to_le_bytes());
    out.extend_from_slice(&ops.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // checksum, filled below
    let mut offset = BODY_START;
    for ((tag, _), s) in SECTIONS.iter().zip(&sections) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&(offset as u32).to_le_bytes());
        out.extend_from_slice(&(s.bytes.len() as u32).to_le_bytes());
        offset += s.bytes.len();
    }
    for s in &sections {
        out.extend_from_slice(&s.bytes);
    }
    seal(&mut out);
    Ok(out)
}

/// Writes the checksum of an encoded image into its header (after editing its body).
pub fn seal(image: &mut [u8]) {
    if image.len() < BODY_START {
        return;
    }
    let crc = checksum(image);
    image[HEADER_LEN - 4..HEADER_LEN].copy_from_slice(&crc.to_le_bytes());
}

/// The checksum of an image: CRC-32 (IEEE) of the table of contents and the body.
pub fn checksum(image: &[u8]) -> u32 {
    crc32fast::hash(&image[HEADER_LEN.min(image.len())..])
}
