//! Primitives of Num: arithmetic, comparison and bitwise operators with C semantics, the math
//! methods, `fromString`, the constants and `toString`.

use super::{arg, validate_num, validate_string, Prim, PrimDef};
use crate::numfmt;
use crate::core::prims;
use crate::core::tri;
use crate::value::Value;
use crate::vm::Vm;

/// C's `(uint32_t)d` as compiled for x86-64: the double is truncated to a 64-bit signed integer
/// (NaN and values outside its range give `i64::MIN`) and the low 32 bits are kept.
pub(super) fn c_u32(d: f64) -> u32 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if (-LIMIT..LIMIT).contains(&d) {
        (d as i64) as u32
    } else {
        0
    }
}

/// C's `(int)d` as compiled for x86-64: out-of-range values and NaN give `INT_MIN`.
pub(super) fn c_int(d: f64) -> i32 {
    if d > -2_147_483_649.0 && d < 2_147_483_648.0 {
        d as i32
    } else {
        i32::MIN
    }
}

/// The receiver of a Num primitive.
#[inline]
fn this(vm: &Vm, a: usize) -> f64 {
    arg(vm, a, 0).as_num().expect("receiver is a number")
}

/// The right operand of an infix operator, or "Right operand must be a number.".
#[inline]
fn right(vm: &mut Vm, a: usize) -> Result<f64, Prim> {
    let v = arg(vm, a, 1);
    validate_num(vm, v, "Right operand")
}

#[inline]
fn num(n: f64) -> Prim {
    Prim::Ret(Value::num(n))
}

#[inline]
fn boolean(b: bool) -> Prim {
    Prim::Ret(Value::bool(b))
}

macro_rules! infix {
    ($f:expr) => {
        |vm: &mut Vm, a: usize, _: usize| -> Prim {
            let x = this(vm, a);
            let y = tri!(right(vm, a));
            let f: fn(f64, f64) -> Prim = $f;
            f(x, y)
        }
    };
}

macro_rules! bitwise {
    ($f:expr) => {
        |vm: &mut Vm, a: usize, _: usize| -> Prim {
            let x = c_u32(this(vm, a));
            let y = tri!(right(vm, a));
            let f: fn(u32, u32) -> u32 = $f;
            num(f(x, c_u32(y)) as f64)
        }
    };
}

macro_rules! unary {
    ($f:expr) => {
        |vm: &mut Vm, a: usize, _: usize| -> Prim {
            let f: fn(f64) -> f64 = $f;
            num(f(this(vm, a)))
        }
    };
}

macro_rules! constant {
    ($v:expr) => {
        |_: &mut Vm, _: usize, _: usize| -> Prim { num($v) }
    };
}

pub static PRIMS: &[PrimDef] = prims![
    "Num metaclass" "fromString(_)" => from_string,
    "Num metaclass" "infinity" => constant!(f64::INFINITY),
    "Num metaclass" "nan" => constant!(f64::NAN),
    "Num metaclass" "pi" => constant!(std::f64::consts::PI),
    "Num metaclass" "tau" => constant!(std::f64::consts::TAU),
    "Num metaclass" "largest" => constant!(f64::MAX),
    "Num metaclass" "smallest" => constant!(f64::MIN_POSITIVE),
    "Num metaclass" "maxSafeInteger" => constant!(9_007_199_254_740_991.0),
    "Num metaclass" "minSafeInteger" => constant!(-9_007_199_254_740_991.0),
    "Num" "-(_)" => infix!(|x, y| num(x - y)),
    "Num" "+(_)" => infix!(|x, y| num(x + y)),
    "Num" "*(_)" => infix!(|x, y| num(x * y)),
    "Num" "/(_)" => infix!(|x, y| num(x / y)),
    "Num" "<(_)" => infix!(|x, y| boolean(x < y)),
    "Num" ">(_)" => infix!(|x, y| boolean(x > y)),
    "Num" "<=(_)" => infix!(|x, y| boolean(x <= y)),
    "Num" ">=(_)" => infix!(|x, y| boolean(x >= y)),
    "Num" "&(_)" => bitwise!(|x, y| x & y),
    "Num" "|(_)" => bitwise!(|x, y| x | y),
    "Num" "^(_)" => bitwise!(|x, y| x ^ y),
    // x86 shifts use the count modulo 32.
    "Num" "<<(_)" => bitwise!(|x, y| x.wrapping_shl(y)),
    "Num" ">>(_)" => bitwise!(|x, y| x.wrapping_shr(y)),
    "Num" "abs" => unary!(f64::abs),
    "Num" "acos" => unary!(f64::acos),
    "Num" "asin" => unary!(f64::asin),
    "Num" "atan" => unary!(f64::atan),
    "Num" "cbrt" => unary!(f64::cbrt),
    "Num" "ceil" => unary!(f64::ceil),
    "Num" "cos" => unary!(f64::cos),
    "Num" "floor" => unary!(f64::floor),
    "Num" "-" => unary!(|x| -x),
    "Num" "round" => unary!(f64::round),
    "Num" "min(_)" => |vm, a, _| {
        let x = this(vm, a);
        let v = arg(vm, a, 1);
        let y = tri!(validate_num(vm, v, "Other value"));
        num(if x <= y { x } else { y })
    },
    "Num" "max(_)" => |vm, a, _| {
        let x = this(vm, a);
        let v = arg(vm, a, 1);
        let y = tri!(validate_num(vm, v, "Other value"));
        num(if x > y { x } else { y })
    },
    "Num" "clamp(_,_)" => |vm, a, _| {
        let x = this(vm, a);
        let (lo, hi) = (arg(vm, a, 1), arg(vm, a, 2));
        let lo = tri!(validate_num(vm, lo, "Min value"));
        let hi = tri!(validate_num(vm, hi, "Max value"));
        num(if x < lo {
            lo
        } else if x > hi {
            hi
        } else {
            x
        })
    },
    "Num" "sin" => unary!(f64::sin),
    "Num" "sqrt" => unary!(f64::sqrt),
    "Num" "tan" => unary!(f64::tan),
    "Num" "log" => unary!(f64::ln),
    "Num" "log2" => unary!(f64::log2),
    "Num" "exp" => unary!(f64::exp),
    "Num" "%(_)" => infix!(|x, y| num(x % y)),
    "Num" "~" => |vm, a, _| num(!c_u32(this(vm, a)) as f64),
    "Num" "..(_)" => |vm, a, _| range(vm, a, true),
    "Num" "...(_)" => |vm, a, _| range(vm, a, false),
    "Num" "atan(_)" => |vm, a, _| {
        let y = this(vm, a);
        let v = arg(vm, a, 1);
        let x = tri!(validate_num(vm, v, "x value"));
        num(y.atan2(x))
    },
    "Num" "pow(_)" => |vm, a, _| {
        let x = this(vm, a);
        let v = arg(vm, a, 1);
        let y = tri!(validate_num(vm, v, "Power value"));
        num(x.powf(y))
    },
    "Num" "fraction" => unary!(fraction),
    "Num" "isInfinity" => |vm, a, _| boolean(this(vm, a).is_infinite()),
    "Num" "isInteger" => |vm, a, _| {
        let x = this(vm, a);
        boolean(x.is_finite() && super::is_integer(x))
    },
    "Num" "isNan" => |vm, a, _| boolean(this(vm, a).is_nan()),
    "Num" "sign" => unary!(|x| if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }),
    "Num" "toString" => |vm, a, _| {
        let s = numfmt::format_num(this(vm, a));
        Prim::Ret(vm.str(&s))
    },
    "Num" "truncate" => unary!(f64::trunc),
    // Defined so that 0 and -0 are equal (bit identity would say otherwise).
    "Num" "==(_)" => |vm, a, _| match arg(vm, a, 1).as_num() {
        Some(y) => boolean(this(vm, a) == y),
        None => boolean(false),
    },
    "Num" "!=(_)" => |vm, a, _| match arg(vm, a, 1).as_num() {
        Some(y) => boolean(this(vm, a) != y),
        None => boolean(true),
    },
];

/// C's `modf` fractional part: keeps the sign of zero and gives ±0 for the infinities.
fn fraction(x: f64) -> f64 {
    if x.is_infinite() {
        return 0.0f64.copysign(x);
    }
    let f = x - x.trunc();
    if f == 0.0 {
        0.0f64.copysign(x)
    } else {
        f
    }
}

fn range(vm: &mut Vm, a: usize, inclusive: bool) -> Prim {
    let from = this(vm, a);
    let v = arg(vm, a, 1);
    let to = tri!(validate_num(vm, v, "Right hand side of range"));
    Prim::Ret(vm.new_range(from, to, inclusive))
}

fn from_string(vm: &mut Vm, a: usize, _: usize) -> Prim {
    let v = arg(vm, a, 1);
    let s = tri!(validate_string(vm, v, "Argument"));
    vm.heap.charge_bytes(vm.heap.get(s).bytes.len());
    match numfmt::parse_num(&vm.heap.get(s).bytes) {
        // Out of range (strtod's ERANGE), as in the reference.
        Err(msg) => vm.err(msg),
        Ok(None) => Prim::Ret(Value::NULL),
        // A NaN payload could collide with the value tags: use the canonical NaN.
        Ok(Some(n)) if n.is_nan() => num(f64::NAN),
        Ok(Some(n)) => num(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_casts() {
        assert_eq!(c_u32(-1.0), u32::MAX);
        assert_eq!(c_u32(4_294_967_296.0), 0);
        assert_eq!(c_u32(4_294_967_297.5), 1);
        assert_eq!(c_u32(f64::NAN), 0);
        assert_eq!(c_u32(1e300), 0);
        assert_eq!(c_int(3e9), i32::MIN);
        assert_eq!(c_int(-3.7), -3);
        assert_eq!(fraction(-3.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(fraction(f64::NEG_INFINITY).to_bits(), (-0.0f64).to_bits());
        assert_eq!(fraction(2.5), 0.5);
    }
}
