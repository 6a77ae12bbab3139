//! The decoder: bytes to an [`Image`], checking the encoding and nothing else.
//!
//! Structure only: the header, the table of contents, canonical varints, tags, numbers,
//! UTF-8 names, and every count against the input that must hold it. Meaning (references,
//! classes, bytecode, fibers, ...) is the verifier's. Before anything is allocated, its size
//! is charged against a budget proportional to the input (see
//! [`ALLOC_FACTOR`](crate::limits::ALLOC_FACTOR)), so no input makes the restorer allocate
//! without bound. Nothing here recurses.

use std::rc::Rc;

use crate::image::*;
use crate::value::ObjRef;
use crate::value::Value;

use super::encode::small_int;
use super::format::*;
use crate::limits;

/// The header's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The format version ([`super::format::VERSION`]).
    pub version: u16,
    /// `FLAG_*` bits: the writer's value representation, whether debug info is included.
    pub flags: u16,
    /// The writer's primitives fingerprint (`crate::image::primitives_fingerprint`).
    pub primitives_fingerprint: u64,
    /// The writer's instruction-set fingerprint (`crate::opcode::table_fingerprint`).
    pub opcodes_fingerprint: u64,
    /// CRC-32 of everything after the header.
    pub checksum: u32,
}

impl Header {
    /// Whether the saving build used NaN-tagged values.
    pub fn nan_tagged(&self) -> bool {
        self.flags & FLAG_NAN_TAGGED != 0
    }
    /// Whether functions carry names and line tables.
    pub fn debug_info(&self) -> bool {
        self.flags & FLAG_DEBUG_INFO != 0
    }
}

/// Where things are in the input, for error messages and `inspect`.
#[derive(Clone, Debug, Default)]
pub struct Offsets {
    /// Start and length of each section, in [`SECTIONS`] order.
    pub sections: [(usize, usize); 7],
    /// The byte offset of each object's record, by object number.
    pub objects: Vec<u32>,
}

impl Offsets {
    /// The byte offset of object `id`'s record.
    pub fn object(&self, id: u32) -> Option<usize> {
        self.objects.get(id as usize).map(|&o| o as usize)
    }
}

/// A decoded image with its header and offsets.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The header.
    pub header: Header,
    /// The image model, not yet verified.
    pub image: Image,
    /// Where each section and object record starts, for error locations.
    pub offsets: Offsets,
    /// The allocations charged against the budget: an upper bound of what decoding,
    /// verifying and installing this image allocate in total.
    pub charged: usize,
}

type Result<T> = std::result::Result<T, Box<DecodeError>>;

// What an item of the input may cost in allocations, through decoding, verification and
// installation together (the budget is on the total allocated, not the peak). Each is an
// upper bound of what the code allocates for it; `tests/memory.rs` measures real and
// adversarial images against the resulting bound.

/// Per value: an image slot and a heap slot (constants are copied) of at most 16 bytes each.
const VALUE_COST: usize = 32;
/// Per name in the name table, beyond its bytes (charged twice: bytes and text): two
/// reference-counted copies' headers and the caches' slots.
const NAME_COST: usize = 64;
/// Per method symbol: the image's and the VM's symbol tables, and their indexes.
const SYMBOL_COST: usize = 128;
/// Per module variable: the image's name and value, the VM's, and the module's index entry.
const VARIABLE_COST: usize = 160;
/// Per map entry (the table's slots are charged apart): the image entry, the installer's
/// hashed entry, and the verifier's duplicate check.
const MAP_ENTRY_COST: usize = 192;
/// Per map table slot: the slot (32 bytes with enum values) and the installer's probe-path
/// counter.
const MAP_SLOT_COST: usize = 40;
/// Per byte of code: the image's copy, the VM's, a line for each in both, and the bytecode
/// verifier's per-offset and per-instruction tables.
const CODE_BYTE_COST: usize = 48;
/// Per frame: the image's frame, the VM's, and the verifier's state for it.
const FRAME_COST: usize = 128;
/// Per reference in a list of references (closure upvalues, open upvalues).
const REF_COST: usize = 16;

/// Per object of `kind`, beyond its variable parts: its image record, its arena slot and
/// mark, its boxed heap object where the VM boxes it, its byte offset, and the verifier's
/// per-object state. Fixed numbers, so that an image's budget does not depend on the build's
/// value representation; a test checks that each covers both representations' sizes.
fn object_cost(kind: ObjKind) -> usize {
    match kind {
        ObjKind::String => 80,
        ObjKind::Range => 96,
        ObjKind::List => 96,
        ObjKind::Map => 128,
        ObjKind::Module => 288,
        ObjKind::Fn => 384,
        ObjKind::Closure => 96,
        ObjKind::Upvalue => 96,
        ObjKind::Class => 256,
        ObjKind::Instance => 96,
        ObjKind::Foreign => 128,
        ObjKind::Fiber => 384,
    }
}

struct Budget {
    left: usize,
    total: usize,
}

/// Reads one section.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    end: usize,
    section: &'static str,
    object: Option<(u32, ObjKind)>,
}

impl<'a> Reader<'a> {
    #[cold]
    fn fail(
        &self,
        rule: DecodeRule,
        field: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Box<DecodeError> {
        Box::new(DecodeError {
            rule,
            offset: self.pos,
            section: Some(self.section),
            object: self.object,
            field: field.to_string(),
            expected: expected.into(),
            found: found.into(),
        })
    }
    fn remaining(&self) -> usize {
        self.end - self.pos
    }
    #[inline]
    fn byte(&mut self, field: &str) -> Result<u8> {
        if self.pos >= self.end {
            return Err(self.fail(
                DecodeRule::Truncated,
                field,
                "a byte",
                format!("the end of section {}", self.section),
            ));
        }
        let b = self.data[self.pos];
        self.pos += 1;
        Ok(b)
    }
    fn bytes(&mut self, n: usize, field: &str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(self.fail(
                DecodeRule::Truncated,
                field,
                format!("{n} bytes"),
                format!("{} left in section {}", self.remaining(), self.section),
            ));
        }
        let b = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }
    /// A canonical unsigned LEB128 varint.
    #[inline]
    fn uv(&mut self, field: &str) -> Result<u64> {
        if self.pos < self.end {
            let b = self.data[self.pos];
            if b < 0x80 {
                self.pos += 1;
                return Ok(b as u64);
            }
        }
        self.uv_long(field)
    }
    #[inline(never)]
    fn uv_long(&mut self, field: &str) -> Result<u64> {
        let start = self.pos;
        let mut result = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte(field)?;
            if shift == 63 && b > 1 {
                self.pos = start;
                return Err(self.fail(
                    DecodeRule::Varint,
                    field,
                    "a varint of at most 64 bits",
                    "more",
                ));
            }
            result |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                if b == 0 && shift > 0 {
                    self.pos = start;
                    return Err(self.fail(
                        DecodeRule::Varint,
                        field,
                        "a varint without trailing zero groups",
                        "an overlong varint",
                    ));
                }
                return Ok(result);
            }
            shift += 7;
        }
    }
    fn u32v(&mut self, field: &str) -> Result<u32> {
        let start = self.pos;
        let v = self.uv(field)?;
        u32::try_from(v).map_err(|_| {
            self.fail_at(
                start,
                DecodeRule::IntRange,
                field,
                "at most 2^32 - 1",
                v.to_string(),
            )
        })
    }
    #[cold]
    fn fail_at(
        &self,
        pos: usize,
        rule: DecodeRule,
        field: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Box<DecodeError> {
        let mut e = self.fail(rule, field, expected, found);
        e.offset = pos;
        e
    }
    /// A count of items each taking at least `min_bytes` of the rest of the section.
    fn count(&mut self, field: &str, min_bytes: usize) -> Result<usize> {
        let start = self.pos;
        let n = self.uv(field)?;
        let most = self.remaining() / min_bytes.max(1);
        if n > most as u64 {
            return Err(self.fail_at(
                start,
                DecodeRule::Count,
                field,
                format!(
                    "at most {most} (what the rest of section {} can hold)",
                    self.section
                ),
                n.to_string(),
            ));
        }
        Ok(n as usize)
    }
    fn objref(&mut self, field: &str) -> Result<ObjId> {
        self.u32v(field)
    }
    fn opt_ref(&mut self, field: &str) -> Result<Option<ObjId>> {
        let start = self.pos;
        match self.uv(field)? {
            0 => Ok(None),
            n if n - 1 <= u32::MAX as u64 => Ok(Some((n - 1) as u32)),
            n => Err(self.fail_at(
                start,
                DecodeRule::IntRange,
                field,
                "an object number below 2^32",
                (n - 1).to_string(),
            )),
        }
    }
    fn double(&mut self, field: &str) -> Result<f64> {
        let start = self.pos;
        let b = self.bytes(8, field)?;
        let bits = u64::from_le_bytes(b.try_into().expect("eight bytes"));
        let n = f64::from_bits(bits);
        if n.is_nan() && bits != CANONICAL_NAN {
            return Err(self.fail_at(
                start,
                DecodeRule::NonCanonicalNaN,
                field,
                format!("the NaN {CANONICAL_NAN:#018x}"),
                format!("{bits:#018x}"),
            ));
        }
        if small_int(n).is_some() {
            return Err(self.fail_at(
                start,
                DecodeRule::NonCanonicalNumber,
                field,
                "the compact form for an integer",
                format!("{n} as a double"),
            ));
        }
        Ok(n)
    }
    fn value(&mut self, field: &str) -> Result<Value> {
        let start = self.pos;
        let v = self.uv(field)?;
        if v & 1 == 1 {
            let n = v >> 1;
            if n > u32::MAX as u64 {
                return Err(self.fail_at(
                    start,
                    DecodeRule::IntRange,
                    field,
                    "an object number below 2^32",
                    n.to_string(),
                ));
            }
            return Ok(Value::obj(ObjRef::from_index(n as u32)));
        }
        if v & 3 == 0 {
            let z = v >> 2;
            let i = ((z >> 1) as i64) ^ -((z & 1) as i64);
            if i.unsigned_abs() > MAX_SMALL_INT as u64 {
                return Err(self.fail_at(
                    start,
                    DecodeRule::IntRange,
                    field,
                    format!("an integer of magnitude at most {MAX_SMALL_INT}"),
                    i.to_string(),
                ));
            }
            return Ok(Value::num(i as f64));
        }
        match v {
            VALUE_NULL => Ok(Value::NULL),
            VALUE_FALSE => Ok(Value::FALSE),
            VALUE_TRUE => Ok(Value::TRUE),
            VALUE_DOUBLE => Ok(Value::num(self.double(field)?)),
            _ => Err(self.fail_at(
                start,
                DecodeRule::Tag,
                field,
                "a value tag (null, false, true, double, integer or object)",
                format!("{v}"),
            )),
        }
    }
    fn num(&mut self, field: &str) -> Result<f64> {
        let start = self.pos;
        let v = self.value(field)?;
        v.as_num().ok_or_else(|| {
            self.fail_at(start, DecodeRule::Tag, field, "a number", format!("{v:?}"))
        })
    }
    fn values(&mut self, field: &str, budget: &mut Budget) -> Result<Vec<Value>> {
        let n = self.count(field, 1)?;
        self.charge(budget, n.saturating_mul(VALUE_COST), field)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.value(field)?);
        }
        Ok(out)
    }
    fn refs(&mut self, field: &str, budget: &mut Budget) -> Result<Vec<ObjId>> {
        let n = self.count(field, 1)?;
        self.charge(budget, n.saturating_mul(REF_COST), field)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.objref(field)?);
        }
        Ok(out)
    }
    fn charge(&self, budget: &mut Budget, bytes: usize, field: &str) -> Result<()> {
        if bytes > budget.left {
            return Err(self.fail(
                DecodeRule::Budget,
                field,
                format!(
                    "at most {} bytes of memory for an image of this size ({} left)",
                    budget.total, budget.left
                ),
                format!("{bytes} more"),
            ));
        }
        budget.left -= bytes;
        Ok(())
    }
    fn end(&self) -> Result<()> {
        if self.pos != self.end {
            return Err(self.fail(
                DecodeRule::TrailingBytes,
                "",
                format!("the end of section {}", self.section),
                format!("{} more bytes", self.remaining()),
            ));
        }
        Ok(())
    }
}

/// The name table: spans of the input, each turned into shared bytes or text on first use
/// (and then reused).
struct Names<'a> {
    data: &'a [u8],
    spans: Vec<(u32, u32)>,
    bytes: Vec<Option<Rc<[u8]>>>,
    text: Vec<Option<Rc<str>>>,
}

impl Names<'_> {
    fn index(&self, r: &mut Reader, field: &str) -> Result<usize> {
        let start = r.pos;
        let i = r.uv(field)?;
        if i >= self.spans.len() as u64 {
            return Err(r.fail_at(
                start,
                DecodeRule::NameIndex,
                field,
                format!("a name below {}", self.spans.len()),
                i.to_string(),
            ));
        }
        Ok(i as usize)
    }
    fn span(&self, i: usize) -> &[u8] {
        let (start, len) = self.spans[i];
        &self.data[start as usize..(start + len) as usize]
    }
    fn bytes(&mut self, r: &mut Reader, field: &str) -> Result<Rc<[u8]>> {
        let i = self.index(r, field)?;
        if let Some(b) = &self.bytes[i] {
            return Ok(b.clone());
        }
        let b: Rc<[u8]> = self.span(i).into();
        self.bytes[i] = Some(b.clone());
        Ok(b)
    }
    fn text(&mut self, r: &mut Reader, field: &str) -> Result<Rc<str>> {
        let start = r.pos;
        let i = self.index(r, field)?;
        if let Some(t) = &self.text[i] {
            return Ok(t.clone());
        }
        let t: Rc<str> = match std::str::from_utf8(self.span(i)) {
            Ok(s) => s.into(),
            Err(e) => {
                return Err(r.fail_at(
                    start,
                    DecodeRule::Utf8,
                    field,
                    "a UTF-8 name",
                    format!("name {i}: {e}"),
                ))
            }
        };
        self.text[i] = Some(t.clone());
        Ok(t)
    }
}

/// Reads the header and the table of contents.
pub fn read_header(data: &[u8]) -> std::result::Result<(Header, [(usize, usize); 7]), DecodeError> {
    read_header_boxed(data, limits::MAX_IMAGE_BYTES).map_err(|e| *e)
}

fn read_header_boxed(data: &[u8], max_bytes: usize) -> Result<(Header, [(usize, usize); 7])> {
    let top = |rule, offset, field: &str, expected: String, found: String| {
        Box::new(DecodeError {
            rule,
            offset,
            section: None,
            object: None,
            field: field.to_string(),
            expected,
            found,
        })
    };
    if data.len() > max_bytes {
        return Err(top(
            DecodeRule::TooLarge,
            0,
            "",
            format!("at most {max_bytes} bytes"),
            data.len().to_string(),
        ));
    }
    if data.len() < MAGIC.len() || data[..MAGIC.len()] != MAGIC {
        let n = data.len().min(MAGIC.len());
        return Err(top(
            DecodeRule::BadMagic,
            0,
            "magic",
            format!("{:?}", String::from_utf8_lossy(&MAGIC)),
            format!("{:?}", String::from_utf8_lossy(&data[..n])),
        ));
    }
    if data.len() < BODY_START {
        return Err(top(
            DecodeRule::Truncated,
            data.len(),
            "header",
            format!("{BODY_START} bytes of header and table of contents"),
            format!("{} bytes", data.len()),
        ));
    }
    let u16_at = |o: usize| u16::from_le_bytes([data[o], data[o + 1]]);
    let u32_at = |o: usize| u32::from_le_bytes(data[o..o + 4].try_into().expect("4 bytes"));
    let u64_at = |o: usize| u64::from_le_bytes(data[o..o + 8].try_into().expect("8 bytes"));
    let header = Header {
        version: u16_at(8),
        flags: u16_at(10),
        primitives_fingerprint: u64_at(12),
        opcodes_fingerprint: u64_at(20),
        checksum: u32_at(28),
    };
    if header.version != VERSION {
        return Err(top(
            DecodeRule::BadVersion,
            8,
            "version",
            format!("{VERSION}"),
            format!("{}", header.version),
        ));
    }
    if header.flags & !KNOWN_FLAGS != 0 {
        return Err(top(
            DecodeRule::BadFlags,
            10,
            "flags",
            format!("only flags {KNOWN_FLAGS:#06x}"),
            format!("{:#06x}", header.flags),
        ));
    }
    let (prims, ops) = fingerprints();
    if header.primitives_fingerprint != prims {
        return Err(top(
            DecodeRule::Fingerprint,
            12,
            "primitives fingerprint",
            format!("{prims:#018x} (this build's primitives)"),
            format!("{:#018x}", header.primitives_fingerprint),
        ));
    }
    if header.opcodes_fingerprint != ops {
        return Err(top(
            DecodeRule::Fingerprint,
            20,
            "opcodes fingerprint",
            format!("{ops:#018x} (this build's instruction set)"),
            format!("{:#018x}", header.opcodes_fingerprint),
        ));
    }
    let mut sections = [(0usize, 0usize); 7];
    let mut expected_offset = BODY_START;
    for (i, (tag, name)) in SECTIONS.iter().enumerate() {
        let at = HEADER_LEN + i * TOC_ENTRY_LEN;
        let (t, off, len) = (u32_at(at), u32_at(at + 4) as usize, u32_at(at + 8) as usize);
        if t != *tag {
            return Err(top(
                DecodeRule::TableOfContents,
                at,
                "section tag",
                format!("section {tag} ({name}) in place {i}"),
                format!("tag {t}"),
            ));
        }
        if off != expected_offset {
            return Err(top(
                DecodeRule::TableOfContents,
                at + 4,
                "section offset",
                format!("section {name} at {expected_offset}, right after the previous"),
                format!("{off}"),
            ));
        }
        if len > data.len() - off {
            return Err(top(
                DecodeRule::TableOfContents,
                at + 8,
                "section length",
                format!("at most {} (to the end of the input)", data.len() - off),
                format!("{len}"),
            ));
        }
        sections[i] = (off, len);
        expected_offset = off + len;
    }
    if expected_offset != data.len() {
        return Err(top(
            DecodeRule::TrailingBytes,
            expected_offset,
            "",
            format!("the input to end with the last section, at {expected_offset}"),
            format!("{} more bytes", data.len() - expected_offset),
        ));
    }
    // Corruption check, skipped when fuzzing: a checksum would hide every other check from
    // a fuzzer.
    if cfg!(not(fuzzing)) {
        let crc = super::encode::checksum(data);
        if crc != header.checksum {
            return Err(top(
                DecodeRule::Checksum,
                28,
                "checksum",
                format!("{crc:#010x} (CRC-32 of the body)"),
                format!("{:#010x}", header.checksum),
            ));
        }
    }
    Ok((header, sections))
}

/// Decodes an image.
pub fn decode(data: &[u8]) -> std::result::Result<Decoded, DecodeError> {
    decode_with(data, limits::MAX_IMAGE_BYTES).map_err(|e| *e)
}

/// Decodes an image of at most `max_bytes` bytes (and never more than
/// [`MAX_IMAGE_BYTES`](limits::MAX_IMAGE_BYTES): offsets are 32-bit).
pub fn decode_with(data: &[u8], max_bytes: usize) -> Result<Decoded> {
    let max_bytes = max_bytes.min(limits::MAX_IMAGE_BYTES);
    let (header, sections) = read_header_boxed(data, max_bytes)?;
    let mut budget = Budget {
        left: limits::ALLOC_FACTOR
            .saturating_mul(data.len())
            .saturating_add(limits::ALLOC_SLACK),
        total: 0,
    };
    budget.total = budget.left;
    let reader = |i: usize| Reader {
        data,
        pos: sections[i].0,
        end: sections[i].0 + sections[i].1,
        section: SECTIONS[i].1,
        object: None,
    };

    // Names.
    let mut r = reader(NAMES);
    let n = r.count("name count", 1)?;
    if n > limits::MAX_NAMES {
        return Err(r.fail(
            DecodeRule::Count,
            "name count",
            format!("at most {}", limits::MAX_NAMES),
            n.to_string(),
        ));
    }
    // Each name may be made into shared bytes and into text: its bytes twice over.
    r.charge(
        &mut budget,
        n.saturating_mul(NAME_COST)
            .saturating_add(2 * r.remaining()),
        "names",
    )?;
    let mut spans = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.count("name length", 1)?;
        spans.push((r.pos as u32, len as u32));
        r.bytes(len, "name")?;
    }
    r.end()?;
    let mut names = Names {
        data,
        text: vec![None; spans.len()],
        bytes: vec![None; spans.len()],
        spans,
    };

    // Symbols, primitives, foreign method names.
    let mut r = reader(SYMBOLS);
    let n = r.count("symbol count", 1)?;
    r.charge(&mut budget, n.saturating_mul(SYMBOL_COST), "symbols")?;
    let mut symbols = Vec::with_capacity(n);
    for _ in 0..n {
        symbols.push(names.text(&mut r, "symbol")?);
    }
    r.end()?;
    let mut r = reader(PRIMITIVES);
    let n = r.count("primitive count", 1)?;
    r.charge(&mut budget, n.saturating_mul(NAME_COST), "primitives")?;
    let mut primitives = Vec::with_capacity(n);
    for _ in 0..n {
        primitives.push(names.text(&mut r, "primitive")?);
    }
    r.end()?;
    let mut r = reader(FOREIGN);
    let n = r.count("foreign method count", 4)?;
    r.charge(
        &mut budget,
        n.saturating_mul(4 * NAME_COST),
        "foreign methods",
    )?;
    let mut foreign_methods = Vec::with_capacity(n);
    for _ in 0..n {
        let module = names.text(&mut r, "foreign module")?;
        let class = names.text(&mut r, "foreign class")?;
        let at = r.pos;
        let is_static = match r.byte("foreign static flag")? {
            0 => false,
            1 => true,
            b => {
                return Err(r.fail_at(
                    at,
                    DecodeRule::Tag,
                    "foreign static flag",
                    "0 or 1",
                    b.to_string(),
                ))
            }
        };
        let signature = names.text(&mut r, "foreign signature")?;
        foreign_methods.push(ForeignMethodName {
            module,
            class,
            is_static,
            signature,
        });
    }
    r.end()?;

    // Census, charged against the objects section: each record takes at least a byte.
    let mut r = reader(CENSUS);
    let mut census = [0usize; 12];
    let objects_len = sections[OBJECTS].1;
    let mut total = 0usize;
    for (i, kind) in KINDS.iter().enumerate() {
        let at = r.pos;
        let n = r.uv("census")?;
        if n.saturating_add(total as u64) > crate::limits::MAX_IMAGE_OBJECTS as u64 {
            return Err(r.fail_at(
                at,
                DecodeRule::Census,
                &format!("census[{}]", kind.name()),
                format!("at most {} objects", crate::limits::MAX_IMAGE_OBJECTS),
                format!("{} or more", n.saturating_add(total as u64)),
            ));
        }
        if n > (objects_len - total.min(objects_len)) as u64 {
            return Err(r.fail_at(
                at,
                DecodeRule::Count,
                &format!("census[{}]", kind.name()),
                format!(
                    "at most {} (what the rest of the objects section can hold)",
                    objects_len - total.min(objects_len)
                ),
                n.to_string(),
            ));
        }
        census[i] = n as usize;
        total += n as usize;
    }
    r.end()?;
    let objects_cost = KINDS
        .iter()
        .zip(census)
        .map(|(k, n)| n.saturating_mul(object_cost(*k)))
        .fold(0usize, usize::saturating_add);
    r.charge(&mut budget, objects_cost, "census")?;
    let layout = Layout::new(census);

    // Objects.
    let mut r = reader(OBJECTS);
    let mut offsets = Vec::with_capacity(total);
    let mut id = 0u32;
    macro_rules! each {
        ($kind:expr, |$r:ident| $body:expr) => {{
            let n = layout.count($kind);
            let mut out = Vec::with_capacity(n);
            for _ in 0..n {
                offsets.push(r.pos as u32);
                r.object = Some((id, $kind));
                let $r = &mut r;
                out.push($body);
                id += 1;
            }
            out
        }};
    }
    let strings = each!(ObjKind::String, |r| StringObj {
        bytes: names.bytes(r, "bytes")?,
    });
    let ranges = each!(ObjKind::Range, |r| {
        let at = r.pos;
        let flags = r.byte("flags")?;
        if flags & !RANGE_INCLUSIVE != 0 {
            return Err(r.fail_at(at, DecodeRule::Tag, "flags", "0 or 1", flags.to_string()));
        }
        RangeObj {
            inclusive: flags & RANGE_INCLUSIVE != 0,
            from: r.num("from")?,
            to: r.num("to")?,
        }
    });
    let lists = each!(ObjKind::List, |r| ListObj {
        elements: r.values("elements", &mut budget)?,
    });
    let maps = each!(ObjKind::Map, |r| {
        let n = r.count("entry count", 3)?;
        if n == 0 {
            MapObj::default()
        } else {
            let at = r.pos;
            let log = r.byte("capacity")?;
            if log > 30 {
                return Err(r.fail_at(
                    at,
                    DecodeRule::IntRange,
                    "capacity",
                    "a capacity of at most 2^30",
                    format!("2^{log}"),
                ));
            }
            let capacity = 1u32 << log;
            r.charge(
                &mut budget,
                (capacity as usize)
                    .saturating_mul(MAP_SLOT_COST)
                    .saturating_add(n.saturating_mul(MAP_ENTRY_COST)),
                "entries",
            )?;
            let mut entries = Vec::with_capacity(n);
            let mut next = 0u64;
            for _ in 0..n {
                let at = r.pos;
                let delta = r.uv("slot")?;
                let slot = next.saturating_add(delta);
                if slot > u32::MAX as u64 {
                    return Err(r.fail_at(
                        at,
                        DecodeRule::IntRange,
                        "slot",
                        "a slot below 2^32",
                        slot.to_string(),
                    ));
                }
                next = slot + 1;
                entries.push(MapEntry {
                    slot: slot as u32,
                    key: r.value("key")?,
                    value: r.value("value")?,
                });
            }
            MapObj { capacity, entries }
        }
    });
    let modules = each!(ObjKind::Module, |r| {
        let name = r.opt_ref("name")?;
        let n = r.count("variable count", 2)?;
        r.charge(&mut budget, n.saturating_mul(VARIABLE_COST), "variables")?;
        let mut m = ModuleObj {
            name,
            names: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
        };
        for _ in 0..n {
            m.names.push(names.text(r, "variable name")?);
            m.values.push(r.value("variable value")?);
        }
        m
    });
    let debug = header.debug_info();
    let fns = each!(ObjKind::Fn, |r| {
        let module = r.opt_ref("module")?;
        let arity = r.u32v("arity")?;
        let max_slots = r.u32v("max_slots")?;
        let num_upvalues = r.u32v("num_upvalues")?;
        let len = r.count("code length", 1)?;
        // The code, its copy in the heap, and a line per byte.
        r.charge(&mut budget, len.saturating_mul(CODE_BYTE_COST), "code")?;
        let code: Rc<[u8]> = r.bytes(len, "code")?.into();
        let constants = r.values("constants", &mut budget)?;
        let debug = if debug {
            let name = names.text(r, "name")?;
            let runs = r.count("line runs", 2)?;
            let mut lines = Vec::with_capacity(runs);
            let mut covered = 0usize;
            let mut line = 0i64;
            for _ in 0..runs {
                let at = r.pos;
                let z = r.uv("line delta")?;
                let delta = ((z >> 1) as i64) ^ -((z & 1) as i64);
                line = line.saturating_add(delta);
                if !(0..=u32::MAX as i64).contains(&line) {
                    return Err(r.fail_at(
                        at,
                        DecodeRule::IntRange,
                        "line",
                        "a line from 0 to 2^32 - 1",
                        line.to_string(),
                    ));
                }
                let at = r.pos;
                let n = r.uv("line run")?;
                if n > (len - covered) as u64 {
                    return Err(r.fail_at(
                        at,
                        DecodeRule::Count,
                        "line run",
                        format!(
                            "at most {} (the code bytes not yet given a line)",
                            len - covered
                        ),
                        n.to_string(),
                    ));
                }
                covered += n as usize;
                lines.push((line as u32, n as u32));
            }
            Some(FnDebug {
                name,
                lines: LineTable::from_runs(lines).into(),
            })
        } else {
            None
        };
        FnObj {
            module,
            arity,
            max_slots,
            num_upvalues,
            code,
            constants,
            debug,
        }
    });
    let closures = each!(ObjKind::Closure, |r| ClosureObj {
        func: r.objref("function")?,
        upvalues: r.refs("upvalues", &mut budget)?,
    });
    let upvalues = each!(ObjKind::Upvalue, |r| {
        let at = r.pos;
        match r.byte("state")? {
            UPVALUE_CLOSED => UpvalueObj::Closed(r.value("value")?),
            UPVALUE_OPEN => UpvalueObj::Open {
                fiber: r.objref("fiber")?,
                slot: r.u32v("slot")?,
            },
            t => {
                return Err(r.fail_at(
                    at,
                    DecodeRule::Tag,
                    "state",
                    "0 (closed) or 1 (open)",
                    t.to_string(),
                ))
            }
        }
    });
    let classes = each!(ObjKind::Class, |r| {
        let at = r.pos;
        let flags = r.byte("flags")?;
        if flags & !CLASS_FOREIGN != 0 {
            return Err(r.fail_at(at, DecodeRule::Tag, "flags", "0 or 1", flags.to_string()));
        }
        let metaclass = r.objref("metaclass")?;
        let superclass = r.opt_ref("superclass")?;
        let name = r.objref("name")?;
        let num_fields = r.u32v("num_fields")?;
        let attributes = r.value("attributes")?;
        let foreign_module = if flags & CLASS_FOREIGN != 0 {
            Some(names.text(r, "foreign module")?)
        } else {
            None
        };
        let n = r.count("method count", 2)?;
        let mut methods = Vec::with_capacity(n);
        let mut next = 0u64;
        for _ in 0..n {
            let at = r.pos;
            let symbol = next.saturating_add(r.uv("method symbol")?);
            if symbol >= crate::limits::MAX_METHOD_SYMBOLS as u64 {
                return Err(r.fail_at(
                    at,
                    DecodeRule::IntRange,
                    "method symbol",
                    format!("a symbol below {}", crate::limits::MAX_METHOD_SYMBOLS),
                    symbol.to_string(),
                ));
            }
            next = symbol + 1;
            let at = r.pos;
            let m = match r.uv("method kind")? {
                METHOD_PRIMITIVE => MethodRef::Primitive(r.u32v("primitive")?),
                METHOD_FN_CALL => MethodRef::FnCall,
                METHOD_FOREIGN => MethodRef::Foreign(r.u32v("foreign method")?),
                METHOD_BLOCK => MethodRef::Block(r.objref("closure")?),
                t => {
                    return Err(r.fail_at(
                        at,
                        DecodeRule::Tag,
                        "method kind",
                        "0 (primitive), 1 (Fn.call), 2 (foreign) or 3 (closure)",
                        t.to_string(),
                    ))
                }
            };
            methods.push((symbol as u32, m));
        }
        // The dense table the VM builds, one entry per symbol up to the last.
        r.charge(
            &mut budget,
            (next as usize).saturating_mul(8).saturating_add(n * 16),
            "methods",
        )?;
        ClassObj {
            metaclass,
            superclass,
            name,
            num_fields,
            foreign_module,
            attributes,
            methods,
        }
    });
    let instances = each!(ObjKind::Instance, |r| InstanceObj {
        class: r.objref("class")?,
        fields: r.values("fields", &mut budget)?,
    });
    let foreigns = each!(ObjKind::Foreign, |r| {
        let class = r.objref("class")?;
        let len = r.count("data length", 1)?;
        r.charge(&mut budget, len, "data")?;
        ForeignObj {
            class,
            data: r.bytes(len, "data")?.to_vec(),
        }
    });
    let fibers = each!(ObjKind::Fiber, |r| {
        let at = r.pos;
        let state = match r.byte("state")? {
            FIBER_OTHER => FiberState::Other,
            FIBER_ROOT => FiberState::Root,
            FIBER_TRY => FiberState::Try,
            t => {
                return Err(r.fail_at(
                    at,
                    DecodeRule::Tag,
                    "state",
                    "0 (other), 1 (root) or 2 (try)",
                    t.to_string(),
                ))
            }
        };
        let error = r.value("error")?;
        let caller = r.opt_ref("caller")?;
        let stack = r.values("stack", &mut budget)?;
        let n = r.count("frame count", 3)?;
        r.charge(&mut budget, n.saturating_mul(FRAME_COST), "frames")?;
        let mut frames = Vec::with_capacity(n);
        let mut base = 0u64;
        for _ in 0..n {
            let closure = r.objref("frame closure")?;
            let ip = r.u32v("frame ip")?;
            let at = r.pos;
            base = base.saturating_add(r.uv("frame base")?);
            if base > u32::MAX as u64 {
                return Err(r.fail_at(
                    at,
                    DecodeRule::IntRange,
                    "frame base",
                    "a base below 2^32",
                    base.to_string(),
                ));
            }
            frames.push(FrameObj {
                ip,
                closure,
                base: base as u32,
            });
        }
        FiberObj {
            state,
            error,
            caller,
            stack,
            frames,
            open_upvalues: r.refs("open upvalues", &mut budget)?,
        }
    });
    r.object = None;
    r.end()?;

    // Roots.
    let mut r = reader(ROOTS);
    let mut core = [0u32; 11];
    for (slot, (name, _)) in core.iter_mut().zip(CoreRoots::from_array([0; 11]).named()) {
        *slot = r.objref(name)?;
    }
    let modules_root = r.objref("modules")?;
    let fiber = r.opt_ref("fiber")?;
    let last_module = r.opt_ref("last module")?;
    let n = r.count("handle count", 1)?;
    r.charge(&mut budget, n.saturating_mul(VALUE_COST), "handles")?;
    let mut handles = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        handles.push(match r.byte("handle")? {
            0 => None,
            1 => Some(r.value("handle")?),
            t => {
                return Err(r.fail_at(
                    at,
                    DecodeRule::Tag,
                    "handle",
                    "0 (released) or 1 (held)",
                    t.to_string(),
                ))
            }
        });
    }
    r.end()?;

    Ok(Decoded {
        header,
        charged: budget.total - budget.left,
        offsets: Offsets {
            sections,
            objects: offsets,
        },
        image: Image {
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
            primitives,
            foreign_methods,
            roots: Roots {
                core: CoreRoots::from_array(core),
                modules: modules_root,
                fiber,
                last_module,
                handles,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// The fixed per-object costs cover what this build allocates (CI runs this in both value
    /// representations).
    #[test]
    fn object_costs_cover_this_build() {
        use crate::object::*;
        let slot = size_of::<Option<Obj>>() + 1 + 4 + 16;
        let sizes = [
            (ObjKind::String, size_of::<StringObj>()),
            (ObjKind::Range, size_of::<RangeObj>()),
            (ObjKind::List, size_of::<ListObj>()),
            (ObjKind::Map, size_of::<MapObj>() + size_of::<ObjMap>()),
            (
                ObjKind::Module,
                size_of::<ModuleObj>() + size_of::<ObjModule>() + 64,
            ),
            (ObjKind::Fn, size_of::<FnObj>() + size_of::<ObjFn>() + 128),
            (ObjKind::Closure, size_of::<ClosureObj>()),
            (ObjKind::Upvalue, size_of::<UpvalueObj>() + 16),
            (
                ObjKind::Class,
                size_of::<ClassObj>() + size_of::<ObjClass>() + 32,
            ),
            (ObjKind::Instance, size_of::<InstanceObj>()),
            (ObjKind::Foreign, size_of::<ForeignObj>() + 16),
            (
                ObjKind::Fiber,
                size_of::<FiberObj>() + size_of::<ObjFiber>() + 64,
            ),
        ];
        for (kind, size) in sizes {
            assert!(
                object_cost(kind) >= slot + size,
                "{}: {} < {}",
                kind.name(),
                object_cost(kind),
                slot + size
            );
        }
    }
}
