//! Exact decimal formatting and parsing of `f64` with integer arithmetic only.
//!
//! The wasm build must stay small, and core's float formatting (`{}`, `{:e}`, `{:.N}`) and
//! float parsing (`str::parse::<f64>`) pull in large power tables. This module gives the
//! same results, bit for bit and character for character, with a tiny arbitrary-precision
//! unsigned integer instead:
//!
//! - [`parse_f64`] accepts exactly the grammar of `f64::from_str` and rounds correctly
//!   (half to even), like `s.parse::<f64>()`.
//! - [`fmt_f64`] writes what `format!("{}", x)` writes: the shortest digits that read back
//!   as `x`, never in exponent form.
//! - [`fmt_exp`] writes what `format!("{:.*e}", n, x)` writes.
//! - [`fmt_fixed`] writes what `format!("{:.*}", n, x)` writes.
//! - [`fmt_sig`] is a read-out helper: a few significant digits, exponent form for very
//!   small or large magnitudes.
//!
//! Every finite `f64` is `m·2^e` exactly, so its decimal expansion is finite. The
//! formatters hold the value as a ratio `r/s` of big integers scaled by a power of ten and
//! take digits off one at a time; rounding compares the remainder with half the divisor.
//! The parser builds the decimal digits as a big integer, divides by the power of ten (or
//! multiplies by it), and rounds the quotient with a sticky remainder.

use core::cmp::Ordering;

/// `x` limited to `[lo, hi]`, NaN staying NaN, like `f64::clamp` but without its
/// `lo <= hi` assertion, whose panic message would pull std's float formatting into the
/// wasm. Callers pass `lo <= hi`.
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// The sign bit of an `f64`.
const SIGN: u64 = 1 << 63;
/// The exponent field of an `f64`.
const EXP_MASK: u64 = 0x7ff << 52;
/// The fraction field of an `f64`.
const FRAC_MASK: u64 = (1 << 52) - 1;
/// The implicit leading bit of a normal `f64`'s significand.
const HIDDEN: u64 = 1 << 52;
/// Positive infinity.
const INF_BITS: u64 = 0x7ff0_0000_0000_0000;
/// The quiet NaN that parsing returns (the same bits as `f64::NAN`).
const NAN_BITS: u64 = 0x7ff8_0000_0000_0000;
/// Significant digits kept when parsing. Every point halfway between two adjacent `f64`s
/// has at most 769 significant digits, so beyond this only "is anything left non-zero"
/// matters (kept as one extra `1` digit).
const MAX_DIGITS: usize = 800;
/// The largest precision `format!("{:.*}")` accepts (it panics above, and one below that
/// for `{:.*e}`); larger requests are clamped.
const MAX_PRECISION: usize = u16::MAX as usize;

/// A small arbitrary-precision unsigned integer: little-endian 32-bit limbs with no zero
/// limbs at the top (zero is the empty vector).
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn limb(&self, i: usize) -> u64 {
        self.0.get(i).copied().unwrap_or(0) as u64
    }

    fn bit_len(&self) -> i64 {
        match self.0.last() {
            Some(top) => (self.0.len() as i64 - 1) * 32 + 32 - top.leading_zeros() as i64,
            None => 0,
        }
    }

    /// `self = self·mul + add`.
    fn mul_add_small(&mut self, mul: u32, add: u32) {
        let mut carry = add as u64;
        for limb in self.0.iter_mut() {
            let t = *limb as u64 * mul as u64 + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn mul_small(&mut self, mul: u32) {
        self.mul_add_small(mul, 0);
    }

    fn mul_pow10(&mut self, mut n: u64) {
        while n >= 9 {
            self.mul_small(1_000_000_000);
            n -= 9;
        }
        let mut p = 1u32;
        for _ in 0..n {
            p *= 10;
        }
        self.mul_small(p);
    }

    /// `self = self·2^n`.
    fn shl(&mut self, n: u64) {
        if self.is_zero() {
            return;
        }
        let bits = (n % 32) as u32;
        if bits > 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let v = *limb;
                *limb = (v << bits) | carry;
                carry = v >> (32 - bits);
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        let limbs = (n / 32) as usize;
        if limbs > 0 {
            let mut v = vec![0; limbs];
            v.extend_from_slice(&self.0);
            self.0 = v;
        }
    }

    /// `self = self / 2` (rounding down).
    fn shr1(&mut self) {
        let mut carry = 0u32;
        for limb in self.0.iter_mut().rev() {
            let v = *limb;
            *limb = (v >> 1) | (carry << 31);
            carry = v & 1;
        }
        self.trim();
    }

    fn cmp(&self, o: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }

    fn add(&self, o: &Big) -> Big {
        let n = self.0.len().max(o.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let t = self.limb(i) + o.limb(i) + carry;
            out.push(t as u32);
            carry = t >> 32;
        }
        if carry != 0 {
            out.push(carry as u32);
        }
        Big(out)
    }

    /// `self = self − o`; the caller guarantees `self ≥ o`.
    fn sub_assign(&mut self, o: &Big) {
        let mut borrow = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let rhs = o.limb(i) + borrow;
            let lhs = *limb as u64;
            borrow = (lhs < rhs) as u64;
            *limb = (lhs + (borrow << 32) - rhs) as u32;
        }
        self.trim();
    }

    /// Takes the integer part of `self / s` off `self` (the caller keeps it below 10) and
    /// returns it as an ASCII digit.
    fn digit(&mut self, s: &Big) -> u8 {
        let mut d = b'0';
        while d < b'9' && self.cmp(s) != Ordering::Less {
            self.sub_assign(s);
            d += 1;
        }
        d
    }
}

/// A finite non-zero `f64` (by its bits) as `m·2^e`, and whether it is subnormal.
fn decode(bits: u64) -> (u64, i64, bool) {
    let field = ((bits & EXP_MASK) >> 52) as i64;
    let frac = bits & FRAC_MASK;
    if field == 0 {
        (frac, -1074, true)
    } else {
        (frac | HIDDEN, field - 1075, false)
    }
}

/// A lower bound for `k` with `10^(k−1) ≤ 2^(bits−1+e)`, for `bits` the bit length of a
/// significand.
fn estimate_k(bits: u32, e: i64) -> i64 {
    (((bits as i64 - 1 + e) * 78913) >> 18) - 1
}

/// Big integers `nums[i]` and `s` with `nums[i] / s = vals[i]·2^e / 10^k`.
fn scaled(vals: [u64; 3], e: i64, k: i64) -> ([Big; 3], Big) {
    let mut nums = vals.map(Big::from_u64);
    let mut s = Big::from_u64(1);
    for n in nums.iter_mut() {
        if e > 0 {
            n.shl(e as u64);
        }
        if k < 0 {
            n.mul_pow10(k.unsigned_abs());
        }
    }
    if e < 0 {
        s.shl(e.unsigned_abs());
    }
    if k > 0 {
        s.mul_pow10(k as u64);
    }
    (nums, s)
}

/// Adds one unit in the last place of a digit string; when every digit was 9 (or there
/// were none) a leading `1` appears and the decimal exponent `k` grows by one.
fn round_up(d: &mut Vec<u8>, k: &mut i64) {
    for c in d.iter_mut().rev() {
        if *c == b'9' {
            *c = b'0';
        } else {
            *c += 1;
            return;
        }
    }
    d.insert(0, b'1');
    *k += 1;
}

/// The shortest digits of a finite non-zero `f64` that read back as it, and `k` with the
/// value `0.d₁d₂…·10^k`. Among the shortest candidates the closest one is taken (ties
/// upward); this matches core's `{}` output digit for digit, including its choice of the
/// rounding interval (narrower below every power of two, bounds included when the
/// significand is even, and always included for subnormals).
fn shortest(bits: u64) -> (Vec<u8>, i64) {
    let (m, e, sub) = decode(bits);
    let incl = sub || m & 1 == 0;
    // v = mant·2^e, low = (mant − 1)·2^e, high = (mant + plus)·2^e.
    let (mant, plus, e) = if m == HIDDEN {
        (m << 2, 2, e - 2)
    } else {
        (m << 1, 1, e - 1)
    };
    let mut k = estimate_k(64 - (mant + plus).leading_zeros(), e);
    let ([mut r, mut lo, mut hi], mut s) = scaled([mant, 1, plus], e, k);
    // `a < b`, or `a ≤ b` when the interval's bounds are included.
    let below = |a: &Big, b: &Big| match a.cmp(b) {
        Ordering::Less => true,
        Ordering::Equal => incl,
        Ordering::Greater => false,
    };
    while below(&s, &r.add(&hi)) {
        s.mul_small(10);
        k += 1;
    }
    let mut digits = Vec::new();
    let (mut down, mut up) = (false, false);
    while !(down || up) && digits.len() < 32 {
        r.mul_small(10);
        lo.mul_small(10);
        hi.mul_small(10);
        digits.push(r.digit(&s));
        down = below(&r, &lo);
        up = below(&s, &r.add(&hi));
    }
    if up {
        // Both candidates may be inside the interval: take the closer, ties upward.
        r.shl(1);
        if !down || r.cmp(&s) != Ordering::Less {
            round_up(&mut digits, &mut k);
        }
    }
    (digits, k)
}

/// `r/s` and `k` with `r/s = x/10^k` and `10^(k−1) ≤ x < 10^k`, for a finite non-zero `x`.
fn scaled_exact(bits: u64) -> (Big, Big, i64) {
    let (m, e, _) = decode(bits);
    let mut k = estimate_k(64 - m.leading_zeros(), e);
    let ([r, _, _], mut s) = scaled([m, 0, 0], e, k);
    while r.cmp(&s) != Ordering::Less {
        s.mul_small(10);
        k += 1;
    }
    (r, s, k)
}

/// The first `n` digits of `r/s` (below 1), rounded half to even on the exact value; a
/// carry out of the first digit prepends `1` and bumps `k`. No digits when `n ≤ 0` (the
/// value then rounds to zero unless `n = 0` and it is above one half).
fn round_digits(mut r: Big, s: &Big, n: i64, k: &mut i64) -> Vec<u8> {
    let mut d = Vec::new();
    if n < 0 {
        return d;
    }
    for _ in 0..n {
        r.mul_small(10);
        d.push(r.digit(s));
    }
    r.shl(1);
    let up = match r.cmp(s) {
        Ordering::Greater => true,
        Ordering::Equal => d.last().is_some_and(|c| c & 1 == 1),
        Ordering::Less => false,
    };
    if up {
        round_up(&mut d, k);
    }
    d
}

/// `NaN`, `inf` or `-inf` for a non-finite `f64`.
fn non_finite(bits: u64) -> Option<String> {
    if bits & EXP_MASK != EXP_MASK {
        None
    } else if bits & FRAC_MASK != 0 {
        Some("NaN".into())
    } else if bits & SIGN != 0 {
        Some("-inf".into())
    } else {
        Some("inf".into())
    }
}

/// `-` for a negative sign bit (negative zero included), else nothing.
fn sign_prefix(bits: u64) -> String {
    if bits & SIGN != 0 {
        "-".into()
    } else {
        String::new()
    }
}

/// Writes `0.d₁d₂…·10^k` positionally with exactly `frac` digits after the point (none
/// and no point when `frac ≤ 0`), padding with zeros on either side.
fn place(out: &mut String, digits: &[u8], k: i64, frac: i64) {
    let at = |i: i64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |&c| char::from(c))
    };
    if k > 0 {
        out.extend((0..k).map(at));
    } else {
        out.push('0');
    }
    if frac > 0 {
        out.push('.');
        out.extend((k..k.saturating_add(frac)).map(at));
    }
}

/// Writes `d₁.d₂…e<exp>`.
fn place_exp(out: &mut String, digits: &[u8], exp: i64) {
    let mut it = digits.iter().map(|&c| char::from(c));
    out.extend(it.next());
    if digits.len() > 1 {
        out.push('.');
        out.extend(it);
    }
    out.push('e');
    if exp < 0 {
        out.push('-');
    }
    let mut v = exp.unsigned_abs();
    let mut buf = Vec::new();
    loop {
        buf.push(b'0' + (v % 10) as u8);
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(buf.iter().rev().map(|&c| char::from(c)));
}

/// A `usize` count as `i64`, saturating.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The same text as `format!("{}", x)`: the shortest decimal that reads back as `x`,
/// written positionally (never in exponent form, e.g. `0.0000001`, `1e21` as
/// `1000000000000000000000`), `0`/`-0` for zeros, `NaN`, `inf`, `-inf`.
pub fn fmt_f64(x: f64) -> String {
    let bits = x.to_bits();
    if let Some(s) = non_finite(bits) {
        return s;
    }
    let mut out = sign_prefix(bits);
    if bits & !SIGN == 0 {
        out.push('0');
        return out;
    }
    let (digits, k) = shortest(bits);
    place(&mut out, &digits, k, count(digits.len()) - k);
    out
}

/// What a read-out shows for a number that has no value to show (NaN, ±∞).
pub const NO_VALUE: &str = "—";

/// A number for a read-out: [`fmt_sig`] to `sig` digits when finite, [`NO_VALUE`]
/// otherwise, so a read-out never says `NaN`, `inf` or `undefined`.
pub fn fmt_shown(x: f64, sig: usize) -> String {
    if x.is_finite() {
        fmt_sig(x, sig)
    } else {
        NO_VALUE.into()
    }
}

/// The shortest decimal that reads back as `x`, written as JavaScript's `String(x)`
/// writes it: positionally from `1e-6` up to below `1e21` (`0.000001`, `250`), in
/// exponent form outside that (`1e-7`, `5e-324`, `1.5e21`; no `+`), so no number takes
/// more than 25 characters; `0`/`-0`, `NaN`, `inf`, `-inf` as [`fmt_f64`] writes them.
pub fn fmt_short(x: f64) -> String {
    let bits = x.to_bits();
    if let Some(s) = non_finite(bits) {
        return s;
    }
    let mut out = sign_prefix(bits);
    if bits & !SIGN == 0 {
        out.push('0');
        return out;
    }
    let (digits, k) = shortest(bits);
    // The value is d₁.d₂…·10^(k−1).
    if (-6..=20).contains(&(k - 1)) {
        place(&mut out, &digits, k, count(digits.len()) - k);
    } else {
        place_exp(&mut out, &digits, k - 1);
    }
    out
}

/// The same text as `format!("{:.*e}", frac_digits, x)`: one digit, `frac_digits` more
/// after a point, then `e` and the exponent without `+` or padding (`1.50e-3`, `1.2e3`,
/// `-4.00e-7`), correctly rounded (half to even on the exact binary value). A
/// `frac_digits` above 65 534 (which `format!` rejects) is treated as 65 534.
pub fn fmt_exp(x: f64, frac_digits: usize) -> String {
    let bits = x.to_bits();
    if let Some(s) = non_finite(bits) {
        return s;
    }
    let mut out = sign_prefix(bits);
    let n = frac_digits.min(MAX_PRECISION - 1) + 1;
    let (digits, exp) = if bits & !SIGN == 0 {
        (vec![b'0'; n], 0)
    } else {
        let (r, s, mut k) = scaled_exact(bits);
        let mut d = round_digits(r, &s, count(n), &mut k);
        d.truncate(n);
        (d, k - 1)
    };
    place_exp(&mut out, &digits, exp);
    out
}

/// The same text as `format!("{:.*}", frac_digits, x)`: positional, exactly `frac_digits`
/// digits after the point (no point when zero), correctly rounded (half to even on the
/// exact binary value), `-` kept for negative values that round to zero. A `frac_digits`
/// above 65 535 (which `format!` rejects) is treated as 65 535.
pub fn fmt_fixed(x: f64, frac_digits: usize) -> String {
    let bits = x.to_bits();
    if let Some(s) = non_finite(bits) {
        return s;
    }
    let mut out = sign_prefix(bits);
    let p = count(frac_digits.min(MAX_PRECISION));
    let (digits, k) = if bits & !SIGN == 0 {
        (Vec::new(), 0)
    } else {
        let (r, s, mut k) = scaled_exact(bits);
        let d = round_digits(r, &s, k.saturating_add(p), &mut k);
        (d, k)
    };
    place(&mut out, &digits, k, p);
    out
}

/// A short read-out of `x` with `sig` significant digits (clamped to `1..=17`), rounded
/// half to even on the exact value, with trailing zeros (and a trailing point) removed.
///
/// The exponent form `d.ddde<exp>` (e.g. `1.23e-5`, `4.5e7`, `1e5`) is used when the
/// rounded value is below `1e-3` or at least `1e5` in magnitude; otherwise the number is
/// written positionally (`0.00123`, `12300`, `-4.5`). Zeros are `0` and `-0`; non-finite
/// values are `NaN`, `inf`, `-inf` as in [`fmt_f64`].
pub fn fmt_sig(x: f64, sig: usize) -> String {
    let bits = x.to_bits();
    if let Some(s) = non_finite(bits) {
        return s;
    }
    let mut out = sign_prefix(bits);
    if bits & !SIGN == 0 {
        out.push('0');
        return out;
    }
    let n = sig.clamp(1, 17);
    let (r, s, mut k) = scaled_exact(bits);
    let mut digits = round_digits(r, &s, count(n), &mut k);
    digits.truncate(n);
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    if !(-3..5).contains(&(k - 1)) {
        place_exp(&mut out, &digits, k - 1);
    } else {
        place(&mut out, &digits, k, count(digits.len()) - k);
    }
    out
}

/// Parses a decimal floating-point number exactly as `s.parse::<f64>()` does: an optional
/// `+`/`-`, then either digits with an optional `.` and fraction (at least one digit in
/// all) and an optional `e`/`E` exponent with optional sign and at least one digit, or
/// `inf`, `infinity`, `nan` in any case. The result is correctly rounded (half to even),
/// overflowing to ±infinity and underflowing to subnormals or ±0. `None` for anything
/// else, including surrounding whitespace.
pub fn parse_f64(s: &str) -> Option<f64> {
    let (sign, b) = match s.as_bytes().split_first() {
        Some((b'-', rest)) => (SIGN, rest),
        Some((b'+', rest)) => (0, rest),
        _ => (0, s.as_bytes()),
    };
    let word = |w: &str| b.eq_ignore_ascii_case(w.as_bytes());
    if word("inf") || word("infinity") {
        return Some(f64::from_bits(sign | INF_BITS));
    }
    if word("nan") {
        return Some(f64::from_bits(sign | NAN_BITS));
    }
    // The value is `digits·10^exp` (digits as an integer, leading zeros dropped).
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut sticky = false;
    let mut seen = false;
    let mut frac = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            seen = true;
            let v = c - b'0';
            if digits.len() >= MAX_DIGITS {
                sticky |= v != 0;
                exp += (!frac) as i64;
            } else if v != 0 || !digits.is_empty() {
                digits.push(v);
                exp -= frac as i64;
            } else {
                exp -= frac as i64;
            }
        } else if c == b'.' && !frac {
            frac = true;
        } else {
            break;
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if let Some(&c) = b.get(i) {
        if c != b'e' && c != b'E' {
            return None;
        }
        i += 1;
        let neg = b.get(i) == Some(&b'-');
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let rest = b.get(i..).unwrap_or_default();
        if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let ev = rest
            .iter()
            .fold(0i64, |a, &c| (a * 10 + (c - b'0') as i64).min(1 << 40));
        exp = exp.saturating_add(if neg { -ev } else { ev });
    }
    if sticky {
        digits.push(1);
        exp -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    let top = exp.saturating_add(count(digits.len()));
    let bits = if digits.is_empty() || top <= -324 {
        0
    } else if top >= 310 {
        INF_BITS
    } else {
        decimal_bits(&digits, exp)
    };
    Some(f64::from_bits(sign | bits))
}

/// The bits of the correctly rounded positive `f64` nearest `digits·10^exp`, for a
/// non-empty digit string without leading zeros and `10^−325 < value < 10^310`.
fn decimal_bits(digits: &[u8], exp: i64) -> u64 {
    if digits.len() <= 15 && (-22..=22).contains(&exp) {
        // Both operands are exact, so one IEEE operation rounds correctly.
        let m = digits.iter().fold(0u64, |a, &d| a * 10 + d as u64) as f64;
        let mut p = 1.0;
        for _ in 0..exp.unsigned_abs() {
            p *= 10.0;
        }
        return if exp < 0 { m / p } else { m * p }.to_bits();
    }
    let mut num = Big(Vec::new());
    for &d in digits {
        num.mul_add_small(10, d as u32);
    }
    let mut den = Big::from_u64(1);
    if exp >= 0 {
        num.mul_pow10(exp as u64);
    } else {
        den.mul_pow10(exp.unsigned_abs());
    }
    // value = num/den < 2^(bit_len(num) − bit_len(den) + 1); q = ⌊value / 2^u⌋ < 2^55, with
    // at least 54 bits for normal results and never a unit coarser than 2^−1075.
    let u = (num.bit_len() - den.bit_len() - 54).max(-1075);
    if u < 0 {
        num.shl(u.unsigned_abs());
    } else {
        den.shl(u as u64);
    }
    den.shl(56);
    let mut q = 0u64;
    for _ in 0..56 {
        den.shr1();
        q <<= 1;
        if num.cmp(&den) != Ordering::Less {
            num.sub_assign(&den);
            q |= 1;
        }
    }
    let sticky = !num.is_zero();
    // Drop the bits below the final unit: 53 significant bits, or the subnormal unit 2^−1074.
    let len = 64 - q.leading_zeros() as i64;
    let shift = (len - 53).max(-1074 - u).clamp(1, 60);
    let half = 1u64 << (shift - 1);
    let rem = q & ((half << 1) - 1);
    let mut m = q >> shift;
    if rem > half || (rem == half && (sticky || m & 1 == 1)) {
        m += 1;
    }
    // m·2^(u+shift) with m ≤ 2^53; adding m to the field lets a carry into bit 53 (or from
    // subnormal into normal) bump the exponent.
    let field = u + shift + 1074;
    if !(0..=2046).contains(&field) {
        return INF_BITS;
    }
    ((field as u64) << 52).saturating_add(m).min(INF_BITS)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        for (x, js) in [
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (-1e-300, "-1e-300"),
            (5e-324, "5e-324"),
            (0.1, "0.1"),
            (250.0, "250"),
            (1e20, "100000000000000000000"),
            (1e21, "1e21"),
            (1.5e300, "1.5e300"),
            (0.0, "0"),
            (-0.0, "-0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(fmt_short(x), js, "{x:e}");
        }
        // Every form reads back to the same number.
        let mut g = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let x = f64::from_bits(g.next());
            if x.is_finite() {
                assert_eq!(parse_f64(&fmt_short(x)), Some(x), "{x:e}");
                assert!(fmt_short(x).len() <= 25, "{}", fmt_short(x));
            }
        }
    }

    /// A tiny xorshift generator for reproducible random cases.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Scales a release-mode case count down for debug builds.
    fn cases(n: usize) -> usize {
        if cfg!(debug_assertions) {
            n / 50
        } else {
            n
        }
    }

    fn check_parse(s: &str) {
        let want = s.parse::<f64>().ok().map(f64::to_bits);
        let got = parse_f64(s).map(f64::to_bits);
        assert_eq!(got, want, "parse {s:?}");
    }

    fn check_shortest(x: f64) {
        let want = format!("{x}");
        assert_eq!(fmt_f64(x), want, "display of {:#x}", x.to_bits());
        check_parse(&want);
        check_parse(&format!("{x:e}"));
        check_parse(&format!("{x:?}"));
    }

    fn check_exp(x: f64, k: usize) {
        assert_eq!(
            fmt_exp(x, k),
            format!("{x:.k$e}"),
            "exp {k} of {:#x}",
            x.to_bits()
        );
    }

    fn check_fixed(x: f64, k: usize) {
        assert_eq!(
            fmt_fixed(x, k),
            format!("{x:.k$}"),
            "fixed {k} of {:#x}",
            x.to_bits()
        );
    }

    fn check_all(x: f64) {
        check_shortest(x);
        for k in [0, 1, 2, 3, 5, 8, 16, 17, 20, 40] {
            check_exp(x, k);
        }
        if x.is_nan() || x.is_infinite() || x.abs() < 1e30 {
            for k in [0, 1, 2, 3, 6, 10, 20] {
                check_fixed(x, k);
            }
        }
    }

    /// The exact decimal midpoint of two adjacent positive finite `f64`s.
    fn midpoint(a: f64, b: f64) -> String {
        let sa = format!("{a:.1100}");
        let sb = format!("{b:.1100}");
        let w = sa.len().max(sb.len());
        let pad = |s: &str| format!("{s:0>w$}").into_bytes();
        let (da, db) = (pad(&sa), pad(&sb));
        // Add digit strings, then halve (one more digit makes halving exact).
        let mut sum = vec![0u8; w + 1];
        let mut carry = 0;
        for i in (0..w).rev() {
            if da[i] == b'.' {
                sum[i + 1] = b'.';
                continue;
            }
            let t = (da[i] - b'0') + (db[i] - b'0') + carry;
            sum[i + 1] = b'0' + t % 10;
            carry = t / 10;
        }
        sum[0] = b'0' + carry;
        sum.push(b'0');
        let mut rem = 0;
        for c in sum.iter_mut() {
            if *c == b'.' {
                continue;
            }
            let t = rem * 10 + (*c - b'0');
            *c = b'0' + t / 2;
            rem = t % 2;
        }
        String::from_utf8(sum).unwrap()
    }

    #[test]
    fn special_values() {
        for x in [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0,
            -1.0,
            0.5,
            -0.25,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::from_bits(1),
            f64::from_bits(FRAC_MASK),
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            9007199254740992.0,
            123456.789,
            1e21,
            1e-7,
            0.1,
            0.3,
            2.5,
            -3.5,
            0.125,
            0.05,
            0.005,
        ] {
            check_all(x);
        }
        assert_eq!(fmt_f64(-0.0), "-0");
        assert_eq!(fmt_f64(1e-7), "0.0000001");
        assert_eq!(fmt_f64(1e21), "1000000000000000000000");
        assert_eq!(fmt_f64(f64::NAN), "NaN");
        assert_eq!(fmt_exp(0.0015, 2), "1.50e-3");
        assert_eq!(fmt_exp(1234.0, 1), "1.2e3");
        assert_eq!(fmt_exp(-4e-7, 2), "-4.00e-7");
        assert_eq!(fmt_fixed(0.5, 0), "0");
        assert_eq!(fmt_fixed(1.5, 0), "2");
        assert_eq!(fmt_fixed(-0.001, 1), "-0.0");
        for k in [0, 1, 5, 30, 1100, 2000, MAX_PRECISION] {
            let e = k.min(MAX_PRECISION - 1);
            for x in [0.0, -0.0, 1.5, f64::from_bits(1), f64::MAX] {
                check_exp(x, e);
                check_fixed(x, k);
            }
        }
    }

    #[test]
    fn huge_precision_is_clamped() {
        for x in [0.0, -1.5, f64::from_bits(1), f64::MAX] {
            assert_eq!(fmt_exp(x, usize::MAX), fmt_exp(x, MAX_PRECISION - 1));
            assert_eq!(fmt_fixed(x, usize::MAX), fmt_fixed(x, MAX_PRECISION));
        }
    }

    #[test]
    fn grammar() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "+.",
            "e",
            "E5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "e5",
            "1.e5",
            ".5",
            "1.",
            "+.5",
            "-.5e-3",
            "1_0",
            " 1",
            "1 ",
            "\t1",
            "0x10",
            "1e5.5",
            "1..2",
            "--1",
            "+-1",
            "-+1",
            "1E5",
            "1e+05",
            "1e-05",
            "00000.00000",
            "-0",
            "+0",
            "-0.0e-0",
            "1e1e1",
            "1ee1",
            "1e++1",
            "1e--1",
            "1.2.3",
            "1,5",
            "١",
            "1e٣",
            "inf",
            "-inf",
            "+inf",
            "INF",
            "Inf",
            "infinity",
            "-Infinity",
            "INFINITY",
            "InFiNiTy",
            "infin",
            "infinit",
            "infinityy",
            "in",
            "nan",
            "NaN",
            "-nan",
            "+NAN",
            "nana",
            "na",
            "snan",
            "inf1",
            "1inf",
            "+-inf",
            "--nan",
            "e-",
            "-e",
            "-.",
            "..",
            "0.",
            "0.e0",
            "00",
            "007",
            "0e",
            "0e0",
            "0E-0",
            "9e",
            "1e+-5",
            "5e-",
            "+e1",
            "1.0e+",
            "0x1p3",
            "1f",
            "1d",
            "1.5E+308",
            "1.5e+309",
            "1e308",
            "2e308",
        ] {
            check_parse(s);
        }
    }

    #[test]
    fn extreme_exponents() {
        for s in [
            "1e-99999999",
            "1e99999999",
            "-1e99999999",
            "-1e-99999999",
            "0e99999999",
            "0e-99999999999999999999999999",
            "1e99999999999999999999999999999999999999",
            "1e-99999999999999999999999999999999999999",
            "0.000000000000000000000000000000000000000000001e45",
            "1000000000000000000000000000000000000000e-40",
            "1e-325",
            "1e-324",
            "3e-324",
            "2e-324",
            "2.5e-324",
            "1e309",
            "1e310",
            "1e-400",
            "-1e-400",
        ] {
            check_parse(s);
        }
        let long_zeros = format!("0.{}1e100000", "0".repeat(100_000));
        check_parse(&long_zeros);
        let long_int = format!("{}e-100000", "1".repeat(100_000));
        check_parse(&long_int);
        assert_eq!(parse_f64("1e-99999999"), Some(0.0));
        assert_eq!(parse_f64("1e99999999"), Some(f64::INFINITY));
    }

    #[test]
    fn powers_of_ten() {
        for i in -330..=310 {
            let s = format!("1e{i}");
            check_parse(&s);
            let x = parse_f64(&s).unwrap();
            if x.is_finite() {
                check_all(x);
                check_all(f64::from_bits(x.to_bits() + 1));
                check_all(f64::from_bits(x.to_bits().saturating_sub(1)));
            }
            check_parse(&format!("0.{}1", "0".repeat((330 + i) as usize)));
            if i >= 0 {
                check_parse(&format!("1{}", "0".repeat(i as usize)));
            }
        }
    }

    #[test]
    fn powers_of_two_and_neighbours() {
        for i in 0..2046u64 {
            let b = (i << 52) | if i == 0 { 1 } else { 0 };
            for bits in [b, b + 1, b.saturating_sub(1), b | FRAC_MASK] {
                let x = f64::from_bits(bits);
                check_shortest(x);
                check_exp(x, 16);
                check_exp(x, 3);
            }
        }
    }

    #[test]
    fn boundaries() {
        for s in [
            "9007199254740993",
            "9007199254740993.0000000000000000000000000001",
            "9007199254740992.9999999999999999999999999999",
            "9007199254740995",
            "9007199254740994.5",
            "18014398509481985",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "2.225073858507201136057409796709131975934819546351645648e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692699037063119282795585513329278343384093519780155312465e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            "0.1",
            "0.2",
            "0.3",
            "1.1",
            "123456789012345678901234567890",
            "7.038531e-26",
            "4.35425e-41",
        ] {
            check_parse(s);
            check_parse(&format!("-{s}"));
        }
        assert_eq!(parse_f64("9007199254740993"), Some(9007199254740992.0));
        assert_eq!(parse_f64("2.4703282292062327e-324"), Some(0.0));
        assert_eq!(
            parse_f64("2.4703282292062328e-324"),
            Some(f64::from_bits(1))
        );
        assert_eq!(parse_f64("1.7976931348623159e308"), Some(f64::INFINITY));
    }

    #[test]
    fn long_inputs() {
        let ones = "1".repeat(1000);
        for s in [
            ones.clone(),
            format!("0.{ones}"),
            format!("{ones}e-1300"),
            format!("{ones}e-700"),
            format!("{ones}e-1000"),
            format!("0.{}{ones}", "0".repeat(300)),
            format!("1{}1", "0".repeat(998)),
            format!("1{}", "0".repeat(999)),
            format!("9{}", "9".repeat(999)),
            format!("{}e-1000", "9".repeat(1000)),
            format!("9007199254740993{}", "0".repeat(984)),
            format!("9007199254740993{}1", "0".repeat(983)),
            format!("9007199254740993{}1e-984", "0".repeat(983)),
            format!("9007199254740993.{}1", "0".repeat(983)),
            format!("9007199254740992.{}", "9".repeat(983)),
        ] {
            check_parse(&s);
        }
        // Exact midpoints, just above and just below, far past the kept digits.
        let mut rng = XorShift(0x1234_5678_9abc_def1);
        let mut bits_list: Vec<u64> = vec![0, 1, 2, FRAC_MASK - 1, FRAC_MASK, HIDDEN];
        bits_list.extend((0..cases(2000)).map(|_| rng.below(INF_BITS - 1)));
        for bits in bits_list {
            let (a, b) = (f64::from_bits(bits), f64::from_bits(bits + 1));
            let mid = midpoint(a, b);
            check_parse(&mid);
            check_parse(&format!("{mid}{}1", "0".repeat(600)));
            // Just below: lower the last non-zero digit, nines after it.
            let mut below = mid.clone().into_bytes();
            let last = below
                .iter()
                .rposition(|c| (b'1'..=b'9').contains(c))
                .unwrap();
            below[last] -= 1;
            for c in below[last + 1..].iter_mut().filter(|c| c.is_ascii_digit()) {
                *c = b'9';
            }
            let below = format!("{}{}", String::from_utf8(below).unwrap(), "9".repeat(700));
            check_parse(&below);
        }
    }

    #[test]
    fn random_bit_patterns() {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let n = cases(200_000);
        for _ in 0..n {
            let bits = rng.next();
            let x = f64::from_bits(bits);
            if !x.is_finite() {
                continue;
            }
            check_shortest(x);
            for k in 0..=20 {
                check_exp(x, k);
            }
            if x.abs() < 1e30 && x.abs() > 1e-30 {
                for k in 0..=10 {
                    check_fixed(x, k);
                }
            }
        }
    }

    #[test]
    fn random_moderate_values() {
        let mut rng = XorShift(0x0123_4567_89ab_cdef);
        for _ in 0..cases(100_000) {
            let field = 1023 - 45 + rng.below(120);
            let bits = (rng.next() & (SIGN | FRAC_MASK)) | (field << 52);
            let x = f64::from_bits(bits);
            check_shortest(x);
            for k in 0..=10 {
                check_fixed(x, k);
            }
            for k in [0, 1, 2, 3, 6, 17] {
                check_exp(x, k);
            }
            // Few-digit values hit exact ties in fixed and exponent forms.
            let y = (rng.below(200_000) as f64 - 100_000.0)
                / [1.0, 8.0, 64.0, 1024.0][rng.below(4) as usize];
            check_shortest(y);
            for k in 0..=10 {
                check_fixed(y, k);
                check_exp(y, k);
            }
        }
    }

    #[test]
    fn random_decimal_strings() {
        let mut rng = XorShift(0x5151_7272_9393_a4a4);
        for _ in 0..cases(200_000) {
            let nd = 1 + rng.below(40) as usize;
            let mut s = String::new();
            match rng.below(3) {
                0 => s.push('-'),
                1 => s.push('+'),
                _ => {}
            }
            let point = rng.below(nd as u64 + 2) as usize;
            for i in 0..nd {
                if i == point {
                    s.push('.');
                }
                s.push(char::from(b'0' + rng.below(10) as u8));
            }
            if rng.below(4) > 0 {
                s.push(['e', 'E'][rng.below(2) as usize]);
                let e = rng.below(701) as i64 - 350;
                match (e >= 0, rng.below(2)) {
                    (true, 0) => s.push_str(&format!("+{e}")),
                    _ => s.push_str(&e.to_string()),
                }
            }
            check_parse(&s);
        }
    }

    #[test]
    fn sig_readouts() {
        assert_eq!(fmt_sig(0.0, 3), "0");
        assert_eq!(fmt_sig(-0.0, 3), "-0");
        assert_eq!(fmt_sig(f64::NAN, 3), "NaN");
        assert_eq!(fmt_sig(f64::INFINITY, 3), "inf");
        assert_eq!(fmt_sig(f64::NEG_INFINITY, 3), "-inf");
        assert_eq!(fmt_sig(1.23e-5, 3), "1.23e-5");
        assert_eq!(fmt_sig(4.5e7, 3), "4.5e7");
        assert_eq!(fmt_sig(1e5, 3), "1e5");
        assert_eq!(fmt_sig(99999.0, 3), "1e5");
        assert_eq!(fmt_sig(12345.6, 3), "12300");
        assert_eq!(fmt_sig(0.00123, 3), "0.00123");
        assert_eq!(fmt_sig(0.001, 3), "0.001");
        assert_eq!(fmt_sig(0.000999, 3), "9.99e-4");
        assert_eq!(fmt_sig(-4.5, 3), "-4.5");
        assert_eq!(fmt_sig(1.0, 3), "1");
        assert_eq!(fmt_sig(0.1, 17), "0.10000000000000001");
        assert_eq!(fmt_sig(2.0 / 3.0, 4), "0.6667");
        assert_eq!(fmt_sig(2.0 / 3.0, 0), "0.7");
        assert_eq!(fmt_sig(2.0 / 3.0, 99), "0.66666666666666663");
        assert_eq!(fmt_sig(f64::MAX, 3), "1.8e308");
        assert_eq!(fmt_sig(f64::from_bits(1), 2), "4.9e-324");
        let mut rng = XorShift(77);
        for _ in 0..cases(20_000) {
            let x = f64::from_bits(rng.next());
            if !x.is_finite() {
                continue;
            }
            for sig in 1..=17 {
                let s = fmt_sig(x, sig);
                let want: f64 = format!("{:.*e}", sig - 1, x).parse().unwrap();
                assert_eq!(parse_f64(&s), Some(want), "{s} for {x:e} at {sig}");
            }
        }
    }
}
