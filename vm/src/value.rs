//! Wren values.
//!
//! Two representations sit behind one API, chosen by the `value-enum` cargo feature:
//!
//! * the default, a NaN-tagged `u64` (as in C Wren): a double is stored as its own bits; the
//!   singletons (`null`, `false`, `true`, `undefined`) are quiet NaNs with a tag in the low bits;
//!   an object is a quiet NaN with the sign bit set and the arena index in the low 32 bits;
//! * a plain Rust `enum`.
//!
//! Both compare by identity with [`Value::same`] exactly as C Wren's `wrenValuesSame` does, so
//! switching representation never changes behaviour. Objects are referred to by [`ObjRef`], an
//! index into the heap arena — never a pointer.

use std::fmt;

/// An untyped handle to a heap object: the index of its slot in the arena.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef(pub(crate) u32);

impl ObjRef {
    /// The arena slot index.
    #[inline]
    pub fn index(self) -> u32 {
        self.0
    }
    /// Builds a handle from a slot index. Only the heap and the snapshot installer do this; a
    /// handle that names no live object is caught by the heap's checked accessors.
    #[inline]
    pub fn from_index(i: u32) -> ObjRef {
        ObjRef(i)
    }
}

impl fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// What a value is, as an enum to `match` on: the result of [`Value::kind`].
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum ValueKind {
    /// `null`.
    Null,
    /// `false`.
    False,
    /// `true`.
    True,
    /// The VM's internal "no value" sentinel (it marks empty map slots); Wren code never
    /// sees it, and an image cannot hold it.
    Undefined,
    /// A number. From [`Value::kind`], any NaN is the canonical one (see [`Value::num`]).
    Num(f64),
    /// A heap object, by arena slot (in an image, by object number).
    Obj(ObjRef),
}

#[cfg(not(feature = "value-enum"))]
mod repr {
    use super::{ObjRef, ValueKind};

    const SIGN_BIT: u64 = 1 << 63;
    const QNAN: u64 = 0x7ffc_0000_0000_0000;
    const TAG_NULL: u64 = 1;
    const TAG_FALSE: u64 = 2;
    const TAG_TRUE: u64 = 3;
    const TAG_UNDEFINED: u64 = 4;

    /// A Wren value, NaN-tagged into 64 bits.
    #[derive(Clone, Copy)]
    pub struct Value(u64);

    impl Value {
        /// `null`.
        pub const NULL: Value = Value(QNAN | TAG_NULL);
        /// `false`.
        pub const FALSE: Value = Value(QNAN | TAG_FALSE);
        /// `true`.
        pub const TRUE: Value = Value(QNAN | TAG_TRUE);
        /// The internal "no value" sentinel ([`ValueKind::Undefined`]): never visible to Wren
        /// code, and not representable in an image.
        pub const UNDEFINED: Value = Value(QNAN | TAG_UNDEFINED);

        /// A number. NaNs are canonicalised: a NaN payload (which `Num.fromString("nan(..)")`
        /// can produce) must never alias a singleton or object tag.
        #[inline]
        pub fn num(n: f64) -> Value {
            if n.is_nan() {
                Value(0x7ff8_0000_0000_0000)
            } else {
                Value(n.to_bits())
            }
        }
        /// A reference to the heap object `r`.
        #[inline]
        pub fn obj(r: ObjRef) -> Value {
            Value(SIGN_BIT | QNAN | r.0 as u64)
        }
        /// Whether it is a number.
        #[inline]
        pub fn is_num(self) -> bool {
            self.0 & QNAN != QNAN
        }
        /// The number, if it is one.
        #[inline]
        pub fn as_num(self) -> Option<f64> {
            if self.is_num() {
                Some(f64::from_bits(self.0))
            } else {
                None
            }
        }
        /// Whether it is a reference to a heap object.
        #[inline]
        pub fn is_obj(self) -> bool {
            self.0 & (QNAN | SIGN_BIT) == (QNAN | SIGN_BIT)
        }
        /// The object it refers to, if it is an object.
        #[inline]
        pub fn as_obj(self) -> Option<ObjRef> {
            if self.is_obj() {
                Some(ObjRef((self.0 & 0xffff_ffff) as u32))
            } else {
                None
            }
        }
        /// Whether it is `null`.
        #[inline]
        pub fn is_null(self) -> bool {
            self.0 == Self::NULL.0
        }
        /// Whether it is the internal [`Value::UNDEFINED`] sentinel.
        #[inline]
        pub fn is_undefined(self) -> bool {
            self.0 == Self::UNDEFINED.0
        }
        /// Whether it is `true` or `false`.
        #[inline]
        pub fn is_bool(self) -> bool {
            self.0 == Self::TRUE.0 || self.0 == Self::FALSE.0
        }
        /// Only `false` and `null` are falsy.
        #[inline]
        pub fn is_falsy(self) -> bool {
            self.0 == Self::FALSE.0 || self.0 == Self::NULL.0
        }
        /// Identity as C Wren's `wrenValuesSame`: bit equality.
        #[inline]
        pub fn same(a: Value, b: Value) -> bool {
            a.0 == b.0
        }
        /// The raw bits hashed for numbers and singletons (C Wren hashes these bits).
        #[inline]
        pub fn hash_bits(self) -> u64 {
            self.0
        }
        /// What it is, with its payload: the form to `match` on.
        pub fn kind(self) -> ValueKind {
            if let Some(n) = self.as_num() {
                ValueKind::Num(n)
            } else if let Some(r) = self.as_obj() {
                ValueKind::Obj(r)
            } else {
                match self.0 & 7 {
                    TAG_NULL => ValueKind::Null,
                    TAG_FALSE => ValueKind::False,
                    TAG_TRUE => ValueKind::True,
                    _ => ValueKind::Undefined,
                }
            }
        }
    }
}

#[cfg(feature = "value-enum")]
mod repr {
    use super::{ObjRef, ValueKind};

    /// A Wren value as a plain enum.
    #[derive(Clone, Copy)]
    pub struct Value(ValueKind);

    impl Value {
        /// `null`.
        pub const NULL: Value = Value(ValueKind::Null);
        /// `false`.
        pub const FALSE: Value = Value(ValueKind::False);
        /// `true`.
        pub const TRUE: Value = Value(ValueKind::True);
        /// The internal "no value" sentinel ([`ValueKind::Undefined`]): never visible to Wren
        /// code, and not representable in an image.
        pub const UNDEFINED: Value = Value(ValueKind::Undefined);

        /// A number; NaNs are canonicalised as in the NaN-tagged representation.
        #[inline]
        pub fn num(n: f64) -> Value {
            if n.is_nan() {
                Value(ValueKind::Num(f64::from_bits(0x7ff8_0000_0000_0000)))
            } else {
                Value(ValueKind::Num(n))
            }
        }
        /// A reference to the heap object `r`.
        #[inline]
        pub fn obj(r: ObjRef) -> Value {
            Value(ValueKind::Obj(r))
        }
        /// Whether it is a number.
        #[inline]
        pub fn is_num(self) -> bool {
            matches!(self.0, ValueKind::Num(_))
        }
        /// The number, if it is one.
        #[inline]
        pub fn as_num(self) -> Option<f64> {
            match self.0 {
                ValueKind::Num(n) => Some(n),
                _ => None,
            }
        }
        /// Whether it is a reference to a heap object.
        #[inline]
        pub fn is_obj(self) -> bool {
            matches!(self.0, ValueKind::Obj(_))
        }
        /// The object it refers to, if it is an object.
        #[inline]
        pub fn as_obj(self) -> Option<ObjRef> {
            match self.0 {
                ValueKind::Obj(r) => Some(r),
                _ => None,
            }
        }
        /// Whether it is `null`.
        #[inline]
        pub fn is_null(self) -> bool {
            matches!(self.0, ValueKind::Null)
        }
        /// Whether it is the internal [`Value::UNDEFINED`] sentinel.
        #[inline]
        pub fn is_undefined(self) -> bool {
            matches!(self.0, ValueKind::Undefined)
        }
        /// Whether it is `true` or `false`.
        #[inline]
        pub fn is_bool(self) -> bool {
            matches!(self.0, ValueKind::True | ValueKind::False)
        }
        /// Only `false` and `null` are falsy.
        #[inline]
        pub fn is_falsy(self) -> bool {
            matches!(self.0, ValueKind::False | ValueKind::Null)
        }
        /// Identity as C Wren's `wrenValuesSame`: numbers compare by bits.
        #[inline]
        pub fn same(a: Value, b: Value) -> bool {
            match (a.0, b.0) {
                (ValueKind::Num(x), ValueKind::Num(y)) => x.to_bits() == y.to_bits(),
                (ValueKind::Obj(x), ValueKind::Obj(y)) => x == y,
                (ValueKind::Null, ValueKind::Null)
                | (ValueKind::False, ValueKind::False)
                | (ValueKind::True, ValueKind::True)
                | (ValueKind::Undefined, ValueKind::Undefined) => true,
                _ => false,
            }
        }
        /// The bits hashed for numbers and singletons; identical to the NaN-tagged encoding so
        /// that hashes (and so map iteration order) do not depend on the representation.
        pub fn hash_bits(self) -> u64 {
            const QNAN: u64 = 0x7ffc_0000_0000_0000;
            match self.0 {
                ValueKind::Num(n) => n.to_bits(),
                ValueKind::Null => QNAN | 1,
                ValueKind::False => QNAN | 2,
                ValueKind::True => QNAN | 3,
                ValueKind::Undefined => QNAN | 4,
                ValueKind::Obj(r) => (1 << 63) | QNAN | r.0 as u64,
            }
        }
        /// What it is, with its payload: the form to `match` on.
        #[inline]
        pub fn kind(self) -> ValueKind {
            self.0
        }
    }
}

pub use repr::Value;

/// Whether this build stores values NaN-tagged (the default) or as an enum (`value-enum`).
pub const NAN_TAGGED: bool = cfg!(not(feature = "value-enum"));

impl Value {
    /// The boolean `b`: [`Value::TRUE`] or [`Value::FALSE`].
    #[inline]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }
    /// The boolean, if it is `true` or `false` (not its truthiness: see [`Value::is_falsy`]).
    #[inline]
    pub fn as_bool(self) -> Option<bool> {
        if Value::same(self, Value::TRUE) {
            Some(true)
        } else if Value::same(self, Value::FALSE) {
            Some(false)
        } else {
            None
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ValueKind::Null => write!(f, "null"),
            ValueKind::False => write!(f, "false"),
            ValueKind::True => write!(f, "true"),
            ValueKind::Undefined => write!(f, "undefined"),
            ValueKind::Num(n) => write!(f, "{n}"),
            ValueKind::Obj(r) => write!(f, "{r:?}"),
        }
    }
}

/// A number as Wren prints it (`1`, `1.5`, `1e+20`, `nan`, `-infinity`): C's `%.14g`, as the
/// reference does.
pub fn format_num(n: f64) -> String {
    crate::numfmt::format_num(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for n in [
            0.0,
            -0.0,
            1.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let v = Value::num(n);
            assert!(v.is_num());
            assert_eq!(v.as_num().unwrap().to_bits(), n.to_bits());
            assert!(!v.is_obj());
        }
        let nan = Value::num(f64::NAN);
        assert!(nan.is_num() && nan.as_num().unwrap().is_nan());
        // A NaN whose payload looks like a tag stays a number.
        let tricky = Value::num(f64::from_bits(0xfffc_0000_0000_0005));
        assert!(tricky.is_num() && !tricky.is_obj());
        let tricky = Value::num(f64::from_bits(0x7ffc_0000_0000_0001));
        assert!(tricky.is_num() && !tricky.is_null());
        let o = Value::obj(ObjRef(123_456));
        assert_eq!(o.as_obj(), Some(ObjRef(123_456)));
        assert!(!o.is_num());
        assert!(Value::NULL.is_null() && Value::NULL.is_falsy());
        assert!(Value::FALSE.is_falsy() && !Value::TRUE.is_falsy());
        assert!(!Value::num(0.0).is_falsy());
        assert!(Value::same(Value::num(1.0), Value::num(1.0)));
        assert!(!Value::same(Value::num(0.0), Value::num(-0.0)));
        assert!(!Value::same(Value::NULL, Value::FALSE));
        assert_eq!(Value::bool(true).as_bool(), Some(true));
        assert_eq!(Value::UNDEFINED.kind(), ValueKind::Undefined);
    }

    #[test]
    fn hash_bits_agree_across_representations() {
        assert_eq!(Value::NULL.hash_bits(), 0x7ffc_0000_0000_0001);
        assert_eq!(Value::num(2.0).hash_bits(), 2.0f64.to_bits());
    }
}
