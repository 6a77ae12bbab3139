//! Number <-> text conversion with the exact behaviour of C Wren 0.4.
//!
//! * [`format_num`] reproduces `wrenNumToString` (`Num.toString`, string
//!   interpolation, `System.print` of a number): glibc's `printf("%.14g")`
//!   plus Wren's own spelling of NaN and the infinities.
//! * [`parse_num`] reproduces the `num_fromString` primitive
//!   (`Num.fromString(_)`), which is glibc's `strtod` (x86-64 flavour:
//!   round-half-even, tininess detected after rounding) followed by Wren's
//!   trailing-whitespace and "whole string consumed" checks.
//!
//! Everything here is implemented from the specifications of those C
//! functions; no C code is involved.

use std::cmp::Ordering;

/// Error message C Wren raises when `strtod` reports `ERANGE`.
pub const TOO_LARGE: &str = "Number literal is too large.";

/// Significant decimal digits of `%.14g`.
const PRECISION: i32 = 14;

/// Formats `n` exactly like C Wren's `wrenNumToString`.
///
/// * NaN (any sign or payload) is `nan`; the infinities are `infinity` and
///   `-infinity` (C Wren special-cases these because libcs disagree).
/// * Every other value is glibc's `sprintf(buf, "%.14g", n)`: the exact
///   binary value is rounded to 14 significant decimal digits
///   (round-half-even on exact ties), trailing zeros and a trailing `.` are
///   removed, and exponent notation (`1e+20`, `1e-05`, at least two exponent
///   digits, explicit sign) is used when the decimal exponent after rounding
///   is `< -4` or `>= 14`.
/// * Negative zero prints as `-0`.
pub fn format_num(n: f64) -> String {
    if n.is_nan() {
        return "nan".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "infinity" } else { "-infinity" }.to_string();
    }

    let mut out = String::with_capacity(24);
    if n.is_sign_negative() {
        out.push('-');
    }
    let a = n.abs();
    if a == 0.0 {
        out.push('0');
        return out;
    }
    // Fast path: an integer of at most 14 digits prints exactly as itself under %.14g.
    if a < 1e14 && a.fract() == 0.0 {
        use std::fmt::Write;
        let _ = write!(out, "{}", a as u64);
        return out;
    }

    // Rust's exact formatting gives the correctly rounded (ties-to-even)
    // 14 significant digits and the exponent after rounding, which is exactly
    // the `X` that %g uses to choose between the f and e styles.
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, a);
    let (mantissa, exponent) = sci.split_once('e').expect("exponent marker");
    let exp: i32 = exponent.parse().expect("decimal exponent");
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();

    // %g without '#' removes trailing zeros of the fractional part.
    let mut nd = digits.len();
    while nd > 1 && digits[nd - 1] == b'0' {
        nd -= 1;
    }
    let sig = &digits[..nd];

    if (-4..PRECISION).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            for k in 0..int_len {
                out.push(char::from(sig.get(k).copied().unwrap_or(b'0')));
            }
            if nd > int_len {
                out.push('.');
                out.extend(sig[int_len..].iter().map(|&b| char::from(b)));
            }
        } else {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.extend(sig.iter().map(|&b| char::from(b)));
        }
    } else {
        out.push(char::from(sig[0]));
        if nd > 1 {
            out.push('.');
            out.extend(sig[1..].iter().map(|&b| char::from(b)));
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    }
    out
}

/// Parses `s` exactly like C Wren's `Num.fromString(_)` (`num_fromString`).
///
/// C Wren returns null for an empty string; otherwise it calls `strtod` on
/// the (NUL-terminated) bytes, skips C-locale whitespace (`isspace`: space,
/// `\t`, `\n`, `\v`, `\f`, `\r`) after the converted prefix, then:
///
/// 1. if `strtod` set `errno = ERANGE`, raises "Number literal is too
///    large." — this is checked *before* the leftover-characters check, so
///    `"1e999 junk"` is an error rather than null, and it also fires on
///    underflow (`"1e-400"`, and any subnormal result that is inexact, e.g.
///    `"5e-324"`, as glibc reports those as ERANGE too);
/// 2. if any byte is left unconsumed (including an embedded NUL) returns
///    null (`Ok(None)`);
/// 3. otherwise returns the number.
///
/// Accepted syntax is glibc `strtod`'s in the C locale: leading whitespace,
/// optional sign, then a decimal number (`1`, `1.`, `.5`, `1e5`, `1E+05`),
/// a hex number (`0x1A`, `0x1.8p3`, `0X.8P-1`), `inf`/`infinity` or
/// `nan`/`nan(n-char-sequence)` in any case. Quirk preserved from C: when
/// `strtod` converts nothing it reports the *start* of the string as the end,
/// so a string of only whitespace (e.g. `"  "`) parses as `0`. A NaN payload
/// given as `nan(<integer>)` is stored in the low 51 mantissa bits like
/// glibc does (callers using NaN-tagged values may want to canonicalize), and
/// an overflowing payload integer makes glibc's inner `strtoull` set ERANGE,
/// which C Wren then reports as "Number literal is too large.".
pub fn parse_num(s: &[u8]) -> Result<Option<f64>, &'static str> {
    // Corner case in C Wren: an empty string is never a number.
    if s.is_empty() {
        return Ok(None);
    }
    let r = strtod(s);
    let mut end = r.end;
    while end < s.len() && is_c_space(s[end]) {
        end += 1;
    }
    if r.erange {
        return Err(TOO_LARGE);
    }
    if end < s.len() {
        return Ok(None);
    }
    Ok(Some(r.value))
}

/// Result of the `strtod` emulation.
struct Strtod {
    value: f64,
    /// Index of the first unconsumed byte (`endptr`).
    end: usize,
    /// Whether `errno` would have been set to `ERANGE`.
    erange: bool,
}

/// `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Byte at `i`, or 0 past the end: emulates C's NUL terminator.
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn hex_val(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn signed(v: f64, negative: bool) -> f64 {
    if negative {
        -v
    } else {
        v
    }
}

fn starts_with_ignore_case(s: &[u8], i: usize, word: &[u8]) -> bool {
    s.len() >= i + word.len() && s[i..i + word.len()].eq_ignore_ascii_case(word)
}

/// glibc `strtod` in the C locale on the bytes of `s` (which behave as if
/// NUL-terminated at `s.len()` or at the first embedded NUL).
fn strtod(s: &[u8]) -> Strtod {
    let fail = Strtod {
        value: 0.0,
        end: 0,
        erange: false,
    };

    let mut i = 0;
    while is_c_space(at(s, i)) {
        i += 1;
    }
    let mut negative = false;
    match at(s, i) {
        b'-' => {
            negative = true;
            i += 1;
        }
        b'+' => i += 1,
        _ => {}
    }

    let c = at(s, i);
    if c == b'.' && at(s, i + 1).is_ascii_digit() {
        // A fraction with no integer part: decimal.
    } else if !c.is_ascii_digit() {
        if starts_with_ignore_case(s, i, b"inf") {
            let len = if starts_with_ignore_case(s, i + 3, b"inity") {
                8
            } else {
                3
            };
            return Strtod {
                value: signed(f64::INFINITY, negative),
                end: i + len,
                erange: false,
            };
        }
        if starts_with_ignore_case(s, i, b"nan") {
            return parse_nan(s, i + 3, negative);
        }
        // Nothing recognised: no conversion, end = start of the string.
        return fail;
    }

    if c == b'0' && (at(s, i + 1) | 0x20) == b'x' {
        parse_hex(s, i, negative)
    } else {
        parse_decimal(s, i, negative)
    }
}

/// `nan` has been matched and `cp` is just after it. Handles the optional
/// `(n-char-sequence)` the way glibc's `__strtod_nan` does.
fn parse_nan(s: &[u8], cp: usize, negative: bool) -> Strtod {
    let mut bits = f64::NAN.to_bits();
    let mut end = cp;
    let mut erange = false;
    if at(s, cp) == b'(' {
        let seq_start = cp + 1;
        let mut j = seq_start;
        while at(s, j).is_ascii_alphanumeric() || at(s, j) == b'_' {
            j += 1;
        }
        if at(s, j) == b')' {
            end = j + 1;
            // glibc reads the sequence with strtoull(seq, &endp, 0) and uses
            // it as the payload only if the whole sequence was consumed.
            let (mant, consumed_to, overflow) = strtoull_base0(s, seq_start);
            erange = overflow;
            if consumed_to == j {
                bits |= mant & ((1u64 << 51) - 1);
            }
        }
    }
    Strtod {
        value: signed(f64::from_bits(bits), negative),
        end,
        erange,
    }
}

/// Minimal `strtoull(str, &end, 0)` over an alphanumeric run (no whitespace
/// or sign can occur there). Returns (value, end index, overflowed).
fn strtoull_base0(s: &[u8], start: usize) -> (u64, usize, bool) {
    let mut i = start;
    let base: u32 = if at(s, i) == b'0' && (at(s, i + 1) | 0x20) == b'x' {
        if hex_val(at(s, i + 2)).is_some() {
            i += 2;
            16
        } else {
            // "0x" without hex digits converts just the "0".
            return (0, start + 1, false);
        }
    } else if at(s, i) == b'0' {
        8
    } else {
        10
    };
    let digits_start = i;
    let mut value: u64 = 0;
    let mut overflow = false;
    while let Some(d) = (at(s, i) as char).to_digit(base) {
        match value
            .checked_mul(u64::from(base))
            .and_then(|v| v.checked_add(u64::from(d)))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == digits_start {
        // No conversion at all.
        return (0, start, false);
    }
    if overflow {
        value = u64::MAX;
    }
    (value, i, overflow)
}

/// Hexadecimal floating constant; `i` is the index of the leading `0` of
/// `0x`.
fn parse_hex(s: &[u8], i: usize, negative: bool) -> Strtod {
    let start = i + 2;
    let mut cp = start;
    while at(s, cp) == b'0' {
        cp += 1;
    }
    let c = at(s, cp);
    let valid = hex_val(c).is_some()
        || (c == b'.' && (cp != start || hex_val(at(s, cp + 1)).is_some()))
        || (cp != start && (c | 0x20) == b'p');
    if !valid {
        // Only the "0" (when no digit followed "0x") or the zeros convert.
        return Strtod {
            value: signed(0.0, negative),
            end: if cp == start { i + 1 } else { cp },
            erange: false,
        };
    }

    // value = (m + sticky fraction) * 2^exp2
    let mut m: u64 = 0;
    let mut sig = 0;
    let mut exp2: i64 = 0;
    let mut sticky = false;
    let mut cp = start;
    while let Some(d) = hex_val(at(s, cp)) {
        if sig < 16 {
            m = m * 16 + u64::from(d);
            if m != 0 {
                sig += 1;
            }
        } else {
            exp2 += 4;
            sticky |= d != 0;
        }
        cp += 1;
    }
    if at(s, cp) == b'.' {
        cp += 1;
        while let Some(d) = hex_val(at(s, cp)) {
            if sig < 16 {
                m = m * 16 + u64::from(d);
                exp2 -= 4;
                if m != 0 {
                    sig += 1;
                }
            } else {
                sticky |= d != 0;
            }
            cp += 1;
        }
    }
    if (at(s, cp) | 0x20) == b'p' {
        if let Some((e, next)) = parse_exponent(s, cp + 1) {
            exp2 = exp2.saturating_add(e);
            cp = next;
        }
    }

    if m == 0 {
        return Strtod {
            value: signed(0.0, negative),
            end: cp,
            erange: false,
        };
    }
    let (value, erange) = round_binary(m, exp2, sticky, negative);
    Strtod {
        value,
        end: cp,
        erange,
    }
}

/// Parses `[+-]?[0-9]+` at `j` (the byte after `e`/`p`). Returns the
/// saturated value and the index after the digits, or `None` if there are no
/// digits (then the exponent marker is not consumed).
fn parse_exponent(s: &[u8], mut j: usize) -> Option<(i64, usize)> {
    let mut neg = false;
    match at(s, j) {
        b'-' => {
            neg = true;
            j += 1;
        }
        b'+' => j += 1,
        _ => {}
    }
    if !at(s, j).is_ascii_digit() {
        return None;
    }
    let mut e: i64 = 0;
    while at(s, j).is_ascii_digit() {
        e = (e * 10 + i64::from(at(s, j) - b'0')).min(1_000_000_000_000);
        j += 1;
    }
    Some((if neg { -e } else { e }, j))
}

/// Rounds the exact positive value `(m + f) * 2^exp2` (`f` in `(0, 1)` when
/// `sticky`, else 0; `m != 0`) to a double like glibc's `round_and_return`
/// in round-to-nearest mode with tininess detected after rounding (x86).
/// Returns the signed result and whether ERANGE would be set.
fn round_binary(m: u64, exp2: i64, sticky: bool, negative: bool) -> (f64, bool) {
    let nb = 64 - i64::from(m.leading_zeros());
    let mut e = exp2 + nb - 1; // exponent of the leading bit
    if e > 1023 {
        return (signed(f64::INFINITY, negative), true);
    }
    if e < -1075 {
        return (signed(0.0, negative), true);
    }

    // Round m * 2^exp2 to a multiple of 2^unit; returns (quotient, inexact).
    let round_to = |unit: i64| -> (u64, bool) {
        let shift = unit - exp2;
        if shift <= 0 {
            return (m << (-shift), sticky);
        }
        let wide = u128::from(m);
        let q = wide >> shift;
        let rem = wide & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let up = rem > half || (rem == half && (sticky || q & 1 == 1));
        ((q as u64) + u64::from(up), rem != 0 || sticky)
    };

    if e >= -1022 {
        let (mut q, _) = round_to(e - 52);
        if q == 1u64 << 53 {
            q >>= 1;
            e += 1;
            if e > 1023 {
                return (signed(f64::INFINITY, negative), true);
            }
        }
        let bits = (((e + 1023) as u64) << 52) | (q & ((1u64 << 52) - 1));
        return (signed(f64::from_bits(bits), negative), false);
    }

    // Subnormal range: the unit is the smallest subnormal, 2^-1074.
    let (q, inexact) = round_to(-1074);
    // Tiny after rounding: only a value just below 2^-1022 can escape, when
    // rounding it to the full 53-bit precision carries up to 2^-1022.
    let tiny = !(e == -1023 && round_to(e - 52).0 == 1u64 << 53);
    (signed(f64::from_bits(q), negative), tiny && inexact)
}

/// Maximum number of significant decimal digits kept exactly; further
/// digits only contribute a sticky bit. Any double, and any rounding
/// boundary between doubles, has fewer significant digits than this.
const MAX_DIGITS: usize = 800;

/// Decimal floating constant starting at `i` (a digit, or `.` followed by a
/// digit).
fn parse_decimal(s: &[u8], i: usize, negative: bool) -> Strtod {
    let mut cp = i;
    while at(s, cp) == b'0' {
        cp += 1;
    }
    let c = at(s, cp);
    if !(c.is_ascii_digit() || c == b'.' || (c | 0x20) == b'e') {
        return Strtod {
            value: signed(0.0, negative),
            end: cp,
            erange: false,
        };
    }

    // value = (digits + sticky fraction) * 10^exp10
    let mut digits: Vec<u8> = Vec::new();
    let mut exp10: i64 = 0;
    let mut sticky = false;
    let mut cp = i;
    while at(s, cp).is_ascii_digit() {
        let d = at(s, cp) - b'0';
        if digits.is_empty() && d == 0 {
            // leading zero
        } else if digits.len() < MAX_DIGITS {
            digits.push(d);
        } else {
            exp10 += 1;
            sticky |= d != 0;
        }
        cp += 1;
    }
    if at(s, cp) == b'.' {
        cp += 1;
        while at(s, cp).is_ascii_digit() {
            let d = at(s, cp) - b'0';
            if digits.is_empty() && d == 0 {
                exp10 -= 1;
            } else if digits.len() < MAX_DIGITS {
                digits.push(d);
                exp10 -= 1;
            } else {
                sticky |= d != 0;
            }
            cp += 1;
        }
    }
    if (at(s, cp) | 0x20) == b'e' {
        if let Some((e, next)) = parse_exponent(s, cp + 1) {
            exp10 = exp10.saturating_add(e);
            cp = next;
        }
    }

    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
        exp10 += 1;
    }
    if digits.is_empty() {
        return Strtod {
            value: signed(0.0, negative),
            end: cp,
            erange: false,
        };
    }

    let (value, erange) = decimal_to_f64(&digits, exp10, sticky);
    Strtod {
        value: signed(value, negative),
        end: cp,
        erange,
    }
}

/// Correctly rounds the positive value `(D + f) * 10^exp10` (D = `digits`,
/// no leading zero; f in (0,1) iff `sticky`) and decides ERANGE as glibc
/// would.
fn decimal_to_f64(digits: &[u8], exp10: i64, sticky: bool) -> (f64, bool) {
    let lead = exp10 + digits.len() as i64 - 1; // value in [10^lead, 10^(lead+1))
    if lead > 310 {
        return (f64::INFINITY, true);
    }
    if lead < -400 {
        return (0.0, true);
    }

    let mut text = String::with_capacity(digits.len() + 8);
    text.extend(digits.iter().map(|&d| char::from(b'0' + d)));
    let mut e = exp10;
    if sticky {
        // Any digit strictly between D and D + 1 keeps the rounding exact.
        text.push('1');
        e -= 1;
    }
    text.push('e');
    text.push_str(&e.to_string());
    let r: f64 = text.parse().expect("normalized decimal literal");

    if r.is_infinite() {
        return (r, true);
    }
    if r >= f64::MIN_POSITIVE {
        if r == f64::MIN_POSITIVE {
            // Tiny after rounding iff the value is below the 53-bit rounding
            // boundary under 2^-1022, i.e. (2^54 - 1) * 2^-1076.
            let below = cmp_dec_bin(digits, exp10, (1u64 << 54) - 1, -1076) == Ordering::Less;
            return (r, below);
        }
        return (r, false);
    }
    // Zero or subnormal result: ERANGE iff inexact.
    let exact =
        !sticky && r != 0.0 && cmp_dec_bin(digits, exp10, r.to_bits(), -1074) == Ordering::Equal;
    (r, !exact)
}

/// Compares `D * 10^e10` with `m * 2^e2` exactly.
fn cmp_dec_bin(digits: &[u8], e10: i64, m: u64, e2: i64) -> Ordering {
    let mut left = BigUint::from_decimal(digits);
    let mut right = BigUint::from_u64(m);
    if e10 >= 0 {
        left.mul_pow10(e10 as usize);
    } else {
        right.mul_pow10(e10.unsigned_abs() as usize);
    }
    if e2 >= 0 {
        right.shl(e2 as usize);
    } else {
        left.shl(e2.unsigned_abs() as usize);
    }
    left.cmp(&right)
}

/// Just enough unsigned big-integer arithmetic for exact comparisons.
struct BigUint {
    /// Little-endian base-2^32 limbs, no trailing zero limbs.
    limbs: Vec<u32>,
}

impl BigUint {
    fn from_u64(v: u64) -> Self {
        let mut b = BigUint {
            limbs: vec![v as u32, (v >> 32) as u32],
        };
        b.trim();
        b
    }

    fn from_decimal(digits: &[u8]) -> Self {
        let mut b = BigUint { limbs: Vec::new() };
        for chunk in digits.chunks(9) {
            let mut v = 0u32;
            for &d in chunk {
                v = v * 10 + u32::from(d);
            }
            b.mul_add_small(10u32.pow(chunk.len() as u32), v);
        }
        b
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn mul_add_small(&mut self, mul: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(mul) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
        self.trim();
    }

    fn mul_pow10(&mut self, n: usize) {
        // 10^n = 5^n * 2^n
        let mut k = n;
        while k >= 13 {
            self.mul_add_small(1_220_703_125, 0); // 5^13
            k -= 13;
        }
        self.mul_add_small(5u32.pow(k as u32), 0);
        self.shl(n);
    }

    fn shl(&mut self, bits: usize) {
        if self.limbs.is_empty() {
            return;
        }
        let words = bits / 32;
        let rem = (bits % 32) as u32;
        if rem != 0 {
            let mut carry = 0u32;
            for limb in &mut self.limbs {
                let v = (*limb << rem) | carry;
                carry = *limb >> (32 - rem);
                *limb = v;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        if words > 0 {
            self.limbs.splice(0..0, std::iter::repeat_n(0, words));
        }
    }

    fn cmp(&self, other: &BigUint) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: f64) -> String {
        format_num(n)
    }

    #[test]
    fn format_specials() {
        assert_eq!(f(f64::NAN), "nan");
        assert_eq!(f(-f64::NAN), "nan");
        assert_eq!(f(f64::INFINITY), "infinity");
        assert_eq!(f(f64::NEG_INFINITY), "-infinity");
        assert_eq!(f(0.0), "0");
        assert_eq!(f(-0.0), "-0");
    }

    #[test]
    fn format_basic() {
        assert_eq!(f(1.0), "1");
        assert_eq!(f(-1.0), "-1");
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(1.5), "1.5");
        assert_eq!(f(-2.25), "-2.25");
        assert_eq!(f(123.456), "123.456");
        assert_eq!(f(1e20), "1e+20");
        assert_eq!(f(123456789012345678.0), "1.2345678901235e+17");
        assert_eq!(f(1.0 / 3.0), "0.33333333333333");
        assert_eq!(f(2.0 / 3.0), "0.66666666666667");
        assert_eq!(f(1e-5), "1e-05");
        assert_eq!(f(1e-4), "0.0001");
        assert_eq!(f(0.00012345), "0.00012345");
        assert_eq!(f(100000000000000.0), "1e+14");
        assert_eq!(f(12345678901234.0), "12345678901234");
        assert_eq!(f(10000000000000.0), "10000000000000");
        assert_eq!(f(1e100), "1e+100");
        assert_eq!(f(1.5e-100), "1.5e-100");
        assert_eq!(f(std::f64::consts::PI), "3.1415926535898");
        assert_eq!(f(-std::f64::consts::E), "-2.718281828459");
        assert_eq!(f(0.5), "0.5");
        assert_eq!(f(2.5), "2.5");
        assert_eq!(f(255.0), "255");
        assert_eq!(f(0.30000000000000004), "0.3");
        assert_eq!(f(1e15), "1e+15");
        assert_eq!(f(999999999999999.0), "1e+15");
        assert_eq!(f(99999999999999.0), "99999999999999");
        assert_eq!(f(99999999999999.5), "1e+14");
        assert_eq!(f(0.000123456789012345), "0.00012345678901234");
        assert_eq!(f(0.0000123456789012345), "1.2345678901235e-05");
        assert_eq!(f(5e-324), "4.9406564584125e-324");
        assert_eq!(f(-5e-324), "-4.9406564584125e-324");
        assert_eq!(f(2.2250738585072014e-308), "2.2250738585072e-308");
        assert_eq!(f(f64::MAX), "1.7976931348623e+308");
        assert_eq!(f(1e300), "1e+300");
        assert_eq!(f(9.999999999999999e-5), "0.0001");
        assert_eq!(f(9.99999999999994e-5), "9.9999999999999e-05");
        assert_eq!(f(4294967296.0), "4294967296");
        assert_eq!(f(9007199254740992.0), "9.007199254741e+15");
        assert_eq!(f(-1234567.125), "-1234567.125");
    }

    #[test]
    fn format_ties_round_half_even() {
        // Exactly representable values whose 15th significant digit is a 5
        // with nothing after it: glibc rounds to even.
        assert_eq!(f(123456789012345.0), "1.2345678901234e+14");
        assert_eq!(f(123456789012355.0), "1.2345678901236e+14");
        assert_eq!(f(100000000000000.5), "1e+14");
        assert_eq!(f(0.000030517578125), "3.0517578125e-05");
        // 2^-20 = 9.5367431640625e-07 has 14 digits: no rounding at all.
        assert_eq!(f(9.5367431640625e-07), "9.5367431640625e-07");
        // 2^-24 = 5.9604644775390625e-08 (17 digits): ...390625 -> 39062|5
        assert_eq!(f(2f64.powi(-24)), "5.9604644775391e-08");
    }

    fn p(s: &str) -> Result<Option<f64>, &'static str> {
        parse_num(s.as_bytes())
    }

    fn pv(s: &str) -> f64 {
        match p(s) {
            Ok(Some(v)) => v,
            other => panic!("{s:?} -> {other:?}"),
        }
    }

    #[test]
    fn parse_basic() {
        assert_eq!(p(""), Ok(None));
        assert_eq!(pv("0"), 0.0);
        assert_eq!(pv("1"), 1.0);
        assert_eq!(pv("-1"), -1.0);
        assert_eq!(pv("+1"), 1.0);
        assert_eq!(pv("12.34"), 12.34);
        assert_eq!(pv("1."), 1.0);
        assert_eq!(pv(".5"), 0.5);
        assert_eq!(pv("-.5"), -0.5);
        assert_eq!(pv("1e3"), 1000.0);
        assert_eq!(pv("1E+3"), 1000.0);
        assert_eq!(pv("25e-1"), 2.5);
        assert_eq!(pv("0.1"), 0.1);
        assert_eq!(pv("007"), 7.0);
        assert_eq!(pv("  \t\n\x0b\x0c\r42 \n"), 42.0);
        assert!(pv("-0").is_sign_negative());
        assert!(pv("-0.0e5").is_sign_negative());
        assert_eq!(pv("0e99999999999999999999"), 0.0);
        assert_eq!(pv("123456789012345678901234567890"), 1.2345678901234568e29);
        assert_eq!(pv("2.2250738585072014e-308"), f64::MIN_POSITIVE);
        assert_eq!(pv("1.7976931348623157e308"), f64::MAX);
        assert_eq!(
            pv("0.000000000000000000000000000000000000000000001e45"),
            1.0
        );
    }

    #[test]
    fn parse_rejects() {
        for s in [
            "abc", "1a", "1 2", "-", "+", ".", "e5", ".e5", "--1", "- 1", "1..2", "0x", "0xg",
            "0x.", "0xp1", "1e", "1e+", "1e-", "12abc", "infin", "nanx", "nan(", "nan(1",
            "nan(a b)", "1\u{0}", "\u{0}", "\u{0}1", "1_000", "١",
        ] {
            assert_eq!(p(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn parse_whitespace_only_is_zero() {
        // strtod converts nothing and reports the string start; C Wren then
        // skips the whitespace and finds the end of the string.
        assert_eq!(p(" "), Ok(Some(0.0)));
        assert_eq!(p(" \t\n"), Ok(Some(0.0)));
        assert_eq!(p(" x"), Ok(None));
    }

    #[test]
    fn parse_inf_nan() {
        assert_eq!(pv("inf"), f64::INFINITY);
        assert_eq!(pv("-INF"), f64::NEG_INFINITY);
        assert_eq!(pv("Infinity"), f64::INFINITY);
        assert_eq!(pv("+iNfInItY "), f64::INFINITY);
        assert!(pv("nan").is_nan());
        assert!(pv("NaN").is_nan());
        assert!(pv("-nan").is_sign_negative());
        assert_eq!(pv("nan").to_bits(), 0x7ff8_0000_0000_0000);
        assert_eq!(pv("nan()").to_bits(), 0x7ff8_0000_0000_0000);
        assert_eq!(pv("nan(abc_1)").to_bits(), 0x7ff8_0000_0000_0000);
        assert_eq!(pv("nan(5)").to_bits(), 0x7ff8_0000_0000_0005);
        assert_eq!(pv("nan(0x10)").to_bits(), 0x7ff8_0000_0000_0010);
        assert_eq!(pv("nan(010)").to_bits(), 0x7ff8_0000_0000_0008);
        assert_eq!(pv("nan(08)").to_bits(), 0x7ff8_0000_0000_0000);
        assert_eq!(pv("nan(0x)").to_bits(), 0x7ff8_0000_0000_0000);
        assert_eq!(pv("-nan(1)").to_bits(), 0xfff8_0000_0000_0001);
        // Payload is truncated to the low 51 mantissa bits.
        assert_eq!(
            pv("nan(0xffffffffffffffff)").to_bits(),
            0x7fff_ffff_ffff_ffff
        );
        assert_eq!(p("nan(99999999999999999999999)"), Err(TOO_LARGE));
        assert_eq!(p("nan(0x10000000000000000z)"), Err(TOO_LARGE));
    }

    #[test]
    fn parse_hex_numbers() {
        assert_eq!(pv("0x1A"), 26.0);
        assert_eq!(pv("0X1a"), 26.0);
        assert_eq!(pv("-0x10"), -16.0);
        assert_eq!(pv("0x.8"), 0.5);
        assert_eq!(pv("0x0."), 0.0);
        assert_eq!(pv("0x00"), 0.0);
        assert_eq!(pv("0x1."), 1.0);
        assert_eq!(pv("0x1.8p1"), 3.0);
        assert_eq!(pv("0x1P-2"), 0.25);
        assert_eq!(pv("0x1p+4"), 16.0);
        assert_eq!(pv("0x0p99999999999999999999"), 0.0);
        assert_eq!(pv("0x1fffffffffffff"), 9007199254740991.0);
        // 2^53 + 1 ties to even, 2^53 + 3 rounds up.
        assert_eq!(pv("0x20000000000001"), 9007199254740992.0);
        assert_eq!(pv("0x20000000000003"), 9007199254740996.0);
        // Sticky digits beyond the first 16 significant ones.
        // (2^53 + 1) * 2^28 + 1: just above the tie, so it rounds up.
        assert_eq!(
            pv("0x200000000000010000001"),
            9007199254740994.0 * 268435456.0
        );
        assert_eq!(
            pv("0x200000000000010000000"),
            9007199254740992.0 * 268435456.0
        );
        assert_eq!(pv("0x1p-1074"), 5e-324);
        assert_eq!(pv("0x1.fffffffffffffp1023"), f64::MAX);
        assert_eq!(pv("0x1p-1022"), f64::MIN_POSITIVE);
        for s in ["0x1p", "0x1p+", "0x1q", "0x1.8p1.", "0x1.2.3"] {
            assert_eq!(p(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn parse_erange() {
        assert_eq!(p("1e309"), Err(TOO_LARGE));
        assert_eq!(p("-1e309"), Err(TOO_LARGE));
        assert_eq!(p("1e99999999999999999999999"), Err(TOO_LARGE));
        assert_eq!(p("1.8e308"), Err(TOO_LARGE));
        assert_eq!(pv("1.7976931348623158e308"), f64::MAX);
        assert_eq!(p("1.7976931348623159e308"), Err(TOO_LARGE));
        assert_eq!(p("0x1p1024"), Err(TOO_LARGE));
        assert_eq!(p("0x1.fffffffffffff8p1023"), Err(TOO_LARGE));
        // Underflow also sets ERANGE.
        assert_eq!(p("1e-400"), Err(TOO_LARGE));
        assert_eq!(p("1e-99999999999999999999"), Err(TOO_LARGE));
        assert_eq!(p("2e-324"), Err(TOO_LARGE));
        // Inexact subnormal results are ERANGE too...
        assert_eq!(p("5e-324"), Err(TOO_LARGE));
        assert_eq!(p("1e-310"), Err(TOO_LARGE));
        assert_eq!(p("2.2250738585072009e-308"), Err(TOO_LARGE));
        // ...but an exact one is not.
        assert_eq!(pv("0x1p-1074"), 5e-324);
        assert_eq!(pv("0x1.8p-1073"), 3.0 * 5e-324);
        assert_eq!(p("0x1.4p-1073"), Err(TOO_LARGE));
        let (digits, e) = exact_decimal(1, 1074); // 2^-1074 written out exactly
        assert_eq!(pv(&format!("{digits}e-{e}")), 5e-324);
        assert_eq!(p(&format!("{digits}1e-{}", e + 1)), Err(TOO_LARGE));
        let smaller = format!("{}4e-{e}", &digits[..digits.len() - 1]);
        assert_eq!(p(&smaller), Err(TOO_LARGE));
        let (digits, e) = exact_decimal(12345, 1074); // subnormal, exact
        assert_eq!(pv(&format!("{digits}e-{e}")), 12345.0 * 5e-324);
        // Exactly 2^-1022 is normal: no ERANGE.
        assert_eq!(pv("2.2250738585072014e-308"), f64::MIN_POSITIVE);
        // ERANGE is checked before the leftover-characters check.
        assert_eq!(p("1e999 junk"), Err(TOO_LARGE));
        assert_eq!(p("1e-999x"), Err(TOO_LARGE));
        // Zero is never out of range.
        assert_eq!(pv("0e-999"), 0.0);
        assert_eq!(pv("0.0000e999999"), 0.0);
    }

    #[test]
    fn parse_tininess_after_rounding() {
        // Values just under 2^-1022. The 53-bit rounding boundary is
        // (2^54 - 1) * 2^-1076; at or above it the result is 2^-1022 and not
        // tiny (no ERANGE); below it the result is still 2^-1022 (rounded at
        // subnormal precision) but tiny and inexact (ERANGE).
        assert_eq!(pv("0x1.fffffffffffff8p-1023"), f64::MIN_POSITIVE);
        assert_eq!(pv("0x1.fffffffffffff9p-1023"), f64::MIN_POSITIVE);
        assert_eq!(p("0x1.fffffffffffff7p-1023"), Err(TOO_LARGE));
        assert_eq!(
            pv("0x1.fffffffffffff8000000000000001p-1023"),
            f64::MIN_POSITIVE
        );
        assert_eq!(
            p("0x1.fffffffffffff7ffffffffffffffffp-1023"),
            Err(TOO_LARGE)
        );
        // Largest subnormal is exact; just above it rounds down (inexact).
        assert_eq!(pv("0x0.fffffffffffffp-1022"), f64::MIN_POSITIVE - 5e-324);
        assert_eq!(p("0x0.fffffffffffff1p-1022"), Err(TOO_LARGE));
        // The same boundary written in decimal (exact expansion).
        let (digits, e) = exact_decimal((1u64 << 54) - 1, 1076);
        assert!(digits.ends_with('5'));
        assert_eq!(pv(&format!("{digits}e-{e}")), f64::MIN_POSITIVE);
        assert_eq!(pv(&format!("{digits}1e-{}", e + 1)), f64::MIN_POSITIVE);
        let lower = format!("{}4999e-{}", &digits[..digits.len() - 1], e + 3);
        assert_eq!(p(&lower), Err(TOO_LARGE));
    }

    /// Exact decimal digits of m * 2^-k as (digits, e) with value digits * 10^-e.
    fn exact_decimal(m: u64, k: usize) -> (String, usize) {
        // m * 2^-k = m * 5^k / 10^k
        let mut b = BigUint::from_u64(m);
        for _ in 0..k {
            b.mul_add_small(5, 0);
        }
        let mut digits = Vec::new();
        let mut limbs = b.limbs.clone();
        while !limbs.is_empty() {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let cur = (rem << 32) | u64::from(*limb);
                *limb = (cur / 10) as u32;
                rem = cur % 10;
            }
            digits.push(b'0' + rem as u8);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        digits.reverse();
        (String::from_utf8(digits).unwrap(), k)
    }

    #[test]
    fn roundtrip_formatting_of_parsed_values() {
        for (s, out) in [
            ("3.14159", "3.14159"),
            ("1e21", "1e+21"),
            ("-0.000001", "-1e-06"),
            ("100", "100"),
            ("0x7fffffff", "2147483647"),
        ] {
            assert_eq!(format_num(pv(s)), out);
        }
    }
}
