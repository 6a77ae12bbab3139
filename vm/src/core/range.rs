//! Primitives of Range, and the range-subscript rules shared by `String[_]` and `List[_]`.

use super::{arg, validate_num, Prim, PrimDef};
use crate::numfmt;
use crate::object::ObjRange;
use crate::core::prims;
use crate::core::tri;
use crate::value::Value;
use crate::vm::Vm;

pub static PRIMS: &[PrimDef] = prims![
    "Range" "from" => |vm, a, _| Prim::Ret(Value::num(this(vm, a).from)),
    "Range" "to" => |vm, a, _| Prim::Ret(Value::num(this(vm, a).to)),
    "Range" "min" => |vm, a, _| {
        let r = this(vm, a);
        Prim::Ret(Value::num(r.from.min(r.to)))
    },
    "Range" "max" => |vm, a, _| {
        let r = this(vm, a);
        Prim::Ret(Value::num(r.from.max(r.to)))
    },
    "Range" "isInclusive" => |vm, a, _| Prim::Ret(Value::bool(this(vm, a).inclusive)),
    "Range" "iterate(_)" => iterate,
    // The iterator is the value.
    "Range" "iteratorValue(_)" => |vm, a, _| Prim::Ret(arg(vm, a, 1)),
    "Range" "toString" => |vm, a, _| {
        let r = this(vm, a);
        let s = format!(
            "{}{}{}",
            numfmt::format_num(r.from),
            if r.inclusive { ".." } else { "..." },
            numfmt::format_num(r.to)
        );
        Prim::Ret(vm.str(&s))
    },
];

fn this(vm: &Vm, a: usize) -> ObjRange {
    *vm.heap
        .peek::<ObjRange>(arg(vm, a, 0))
        .expect("receiver is a range")
}

fn iterate(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let r = this(vm, a);
    if r.from == r.to && !r.inclusive {
        return Prim::Ret(Value::FALSE);
    }
    let it = arg(vm, a, 1);
    if it.is_null() {
        return Prim::Ret(Value::num(r.from));
    }
    let mut i = tri!(validate_num(vm, it, "Iterator"));
    if r.from < r.to {
        i += 1.0;
        if i > r.to {
            return Prim::Ret(Value::FALSE);
        }
    } else {
        i -= 1.0;
        if i < r.to {
            return Prim::Ret(Value::FALSE);
        }
    }
    if !r.inclusive && i == r.to {
        return Prim::Ret(Value::FALSE);
    }
    Prim::Ret(Value::num(i))
}

/// The elements a range subscript selects from a sequence of `len` elements: `len` indexes
/// starting at `start`, moving by `step` (1 or -1; 0 when empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub len: usize,
    pub step: isize,
}

impl Span {
    /// The selected indexes, in order.
    pub fn indexes(self) -> impl Iterator<Item = usize> {
        (0..self.len).map(move |i| (self.start as isize + i as isize * self.step) as usize)
    }
}

/// Checks that `value` is integral, or "`<name>` must be an integer.".
fn require_int(vm: &mut Vm, value: f64, name: &str) -> Result<(), Prim> {
    if super::is_integer(value) {
        Ok(())
    } else {
        Err(vm.err(&format!("{name} must be an integer.")))
    }
}

/// Resolves a range subscript against a sequence of `len` elements, with the reference's rules
/// and messages ("Range start must be an integer.", "Range start out of bounds.",
/// "Range end must be an integer.", "Range end out of bounds.").
pub(super) fn resolve(vm: &mut Vm, range: ObjRange, len: usize) -> Result<Span, Prim> {
    let count = len as f64;
    let empty = |start| Span {
        start,
        len: 0,
        step: 0,
    };
    // An empty range just past the end is allowed, so `[0..-1]` and `[0...count]` copy even
    // an empty sequence.
    if range.from == count && range.to == if range.inclusive { -1.0 } else { count } {
        return Ok(empty(0));
    }

    require_int(vm, range.from, "Range start")?;
    let from = if range.from < 0.0 {
        range.from + count
    } else {
        range.from
    };
    if !(from >= 0.0 && from < count) {
        return Err(vm.err("Range start out of bounds."));
    }

    let mut to = range.to;
    require_int(vm, to, "Range end")?;
    if to < 0.0 {
        to += count;
    }
    if !range.inclusive {
        // An exclusive range with equal ends is empty.
        if to == from {
            return Ok(empty(from as usize));
        }
        // Make the end inclusive, whichever the direction.
        to += if to >= from { -1.0 } else { 1.0 };
    }
    if to < 0.0 || to >= count {
        return Err(vm.err("Range end out of bounds."));
    }

    let (from, to) = (from as usize, to as usize);
    Ok(Span {
        start: from,
        len: from.abs_diff(to) + 1,
        step: if from < to { 1 } else { -1 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::Config;

    fn span(vm: &mut Vm, from: f64, to: f64, inclusive: bool, len: usize) -> Option<Vec<usize>> {
        let r = ObjRange {
            from,
            to,
            inclusive,
        };
        resolve(vm, r, len).ok().map(|s| s.indexes().collect())
    }

    #[test]
    fn range_subscripts_follow_the_reference() {
        let mut vm = Vm::new(Config::default());
        let vm = &mut vm;
        assert_eq!(span(vm, 1.0, 2.0, true, 5), Some(vec![1, 2]));
        assert_eq!(span(vm, 3.0, 1.0, false, 5), Some(vec![3, 2]));
        assert_eq!(span(vm, -3.0, -6.0, false, 5), Some(vec![2, 1, 0]));
        assert_eq!(span(vm, 2.0, -1.0, false, 5), Some(vec![2, 3]));
        assert_eq!(span(vm, 0.0, -1.0, true, 0), Some(vec![]));
        assert_eq!(span(vm, 0.0, 0.0, false, 0), Some(vec![]));
        assert_eq!(span(vm, 5.0, 5.0, false, 5), Some(vec![]));
        assert_eq!(span(vm, 3.0, 3.0, false, 5), Some(vec![]));
        assert_eq!(span(vm, 5.0, 6.0, true, 5), None);
        assert_eq!(span(vm, 0.0, 5.0, true, 5), None);
        assert_eq!(span(vm, 0.5, 1.0, true, 5), None);
        assert_eq!(span(vm, 0.0, f64::NAN, true, 5), None);
    }
}
