//! The wire format's constants: magic, version, flags, sections, tags. `FORMAT.md` is the
//! specification; every number here appears there.

use std::fmt;

use crate::image::ObjKind;

/// The first eight bytes of every image.
pub const MAGIC: [u8; 8] = *b"WRENSNAP";

/// The format version this build reads and writes.
pub const VERSION: u16 = 1;

/// Header flag: the saving build used NaN-tagged values (informational: images are
/// portable between value representations).
pub const FLAG_NAN_TAGGED: u16 = 1 << 0;
/// Header flag: functions carry debug information (names and line tables).
pub const FLAG_DEBUG_INFO: u16 = 1 << 1;
/// Every flag this version knows; others must be zero.
pub const KNOWN_FLAGS: u16 = FLAG_NAN_TAGGED | FLAG_DEBUG_INFO;

/// Bytes of the fixed header: magic (8), version (2), flags (2), primitives fingerprint
/// (8), opcode fingerprint (8), checksum (4).
pub const HEADER_LEN: usize = 32;

/// The sections, in the order they appear. The table of contents after the header has one
/// entry per section: its tag (4 bytes), offset (4) and length (4), little-endian.
pub const SECTIONS: [(u32, &str); 7] = [
    (1, "names"),
    (2, "symbols"),
    (3, "primitives"),
    (4, "foreign"),
    (5, "census"),
    (6, "objects"),
    (7, "roots"),
];

/// Bytes of one table-of-contents entry.
pub const TOC_ENTRY_LEN: usize = 12;

/// Where the first section starts.
pub const BODY_START: usize = HEADER_LEN + SECTIONS.len() * TOC_ENTRY_LEN;

/// Section index (in [`SECTIONS`] and the table of contents): the name table.
pub const NAMES: usize = 0;
/// Section index: the method symbol table.
pub const SYMBOLS: usize = 1;
/// Section index: the primitives the image's method tables name.
pub const PRIMITIVES: usize = 2;
/// Section index: the host-bound foreign methods the image names.
pub const FOREIGN: usize = 3;
/// Section index: the object counts per kind.
pub const CENSUS: usize = 4;
/// Section index: the object records.
pub const OBJECTS: usize = 5;
/// Section index: the roots (core classes, registry, current fiber, handles).
pub const ROOTS: usize = 6;

// Value encoding: one varint `v`.
//   v & 1 == 1   an object reference, number v >> 1
//   v & 3 == 0   an integer n with zigzag(n) == v >> 2 (|n| < 2^53, never -0)
//   v & 3 == 2   v >> 2: 0 null, 1 false, 2 true, 3 a double follows (8 bytes, little-endian)
/// The value varint of `null`.
pub const VALUE_NULL: u64 = 2;
/// The value varint of `false`.
pub const VALUE_FALSE: u64 = 2 | (1 << 2);
/// The value varint of `true`.
pub const VALUE_TRUE: u64 = 2 | (2 << 2);
/// The value varint announcing a double (eight little-endian bytes follow).
pub const VALUE_DOUBLE: u64 = 2 | (3 << 2);
/// The largest magnitude of an integer in the compact number form.
pub const MAX_SMALL_INT: i64 = (1 << 53) - 1;
/// The bits of the one NaN a value may hold.
pub const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// Method table entry tag: a primitive (its index in the primitives section follows).
pub const METHOD_PRIMITIVE: u64 = 0;
/// Method table entry tag: `Fn.call`.
pub const METHOD_FN_CALL: u64 = 1;
/// Method table entry tag: a foreign method (its index in the foreign section follows).
pub const METHOD_FOREIGN: u64 = 2;
/// Method table entry tag: a method written in Wren (a closure's object number follows).
pub const METHOD_BLOCK: u64 = 3;

/// Upvalue tag: closed (its value follows).
pub const UPVALUE_CLOSED: u8 = 0;
/// Upvalue tag: open (its fiber's object number and stack slot follow).
pub const UPVALUE_OPEN: u8 = 1;

/// Fiber state byte: neither a root nor running through `try`.
pub const FIBER_OTHER: u8 = 0;
/// Fiber state byte: started by the host.
pub const FIBER_ROOT: u8 = 1;
/// Fiber state byte: run through `try()`.
pub const FIBER_TRY: u8 = 2;

/// Class flag: a foreign class (its module's object number follows).
pub const CLASS_FOREIGN: u8 = 1;

/// Range flag: `..` (inclusive) rather than `...`.
pub const RANGE_INCLUSIVE: u8 = 1;

crate::image::rule_table! {
    /// Each check the decoder makes, by a stable name (used by fixtures and SECURITY.md).
    DecodeRule {
        Truncated "truncated" "Input ending inside a header, a section or a record.";
        TrailingBytes "trailing-bytes" "Bytes left over after the last section or at the end of a section.";
        TooLarge "image-too-large" "Input over the image size limit.";
        BadMagic "bad-magic" "Input not starting with the magic bytes.";
        BadVersion "bad-version" "A format version this build does not read.";
        BadFlags "bad-flags" "Unknown header flags.";
        Fingerprint "fingerprint-mismatch" "An image from a build with other primitives or another instruction set.";
        Checksum "checksum-mismatch" "A body whose checksum differs from the header's.";
        TableOfContents "bad-table-of-contents" "Sections missing, out of order, overlapping, with gaps, or out of bounds.";
        Varint "bad-varint" "An overlong or overflowing variable-length integer.";
        IntRange "integer-out-of-range" "An integer too large for its field.";
        Count "count-over-input" "A count larger than the rest of the input can hold.";
        Census "census-over-limit" "More objects than an image may hold.";
        NameIndex "name-index" "A reference past the name table.";
        Utf8 "invalid-utf8" "A name that is not UTF-8.";
        Tag "bad-tag" "An unknown tag or flag in a value, method, upvalue, fiber, class or range.";
        NonCanonicalNaN "non-canonical-nan" "A number whose bits are a NaN other than the canonical one.";
        NonCanonicalNumber "non-canonical-number" "An integer written as a double.";
        Budget "memory-budget" "An image that would need more memory than its size allows.";
    }
}

impl fmt::Display for DecodeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why bytes are not an image, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The check that failed.
    pub rule: DecodeRule,
    /// Byte offset in the input.
    pub offset: usize,
    /// The section the offset is in, if past the header.
    pub section: Option<&'static str>,
    /// The object being decoded, with its kind.
    pub object: Option<(u32, ObjKind)>,
    /// What was being read (`census[3]`, `code length`, `entries[2].key`, ...).
    pub field: String,
    /// What the format allows there.
    pub expected: String,
    /// What the input holds.
    pub found: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}", self.offset)?;
        if let Some(s) = self.section {
            write!(f, " (section {s})")?;
        }
        if let Some((id, kind)) = self.object {
            write!(f, ", object #{id} ({})", kind.name())?;
        }
        if !self.field.is_empty() {
            write!(f, ", {}", self.field)?;
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

impl std::error::Error for DecodeError {}

/// The fingerprint of this build: its primitives and its instruction set.
pub fn fingerprints() -> (u64, u64) {
    (
        crate::image::primitives_fingerprint(),
        crate::opcode::table_fingerprint(),
    )
}
