//! [`super::fma`] for two lanes at once, in wasm's 128-bit vectors: the two coordinates
//! of a point on a 2-D surface, stepped together by the convergence map's kernels.
//!
//! The fast path is [`super::fma`]'s emulation by rounding to odd, every operation the
//! same in each lane, so a lane's result has the same bits as the scalar one. When
//! either lane is outside the fast path's range, both lanes are done one at a time by
//! [`super::fma`].
//!
//! The callers enable `simd128` (every current browser has it). A wasm module has no
//! per-function features, so the compiler then uses SIMD anywhere in that module: this is
//! built only into the modules with the convergence map (the `map` feature).

use core::arch::wasm32::*;

/// Two lanes of `f64`.
pub type F2 = v128;

/// Both lanes `x`.
#[inline(always)]
pub fn splat(x: f64) -> F2 {
    f64x2_splat(x)
}

/// `(hi, lo)` with `hi + lo = x` lane by lane, each with at most 26 significant bits.
#[inline(always)]
fn split(x: F2) -> (F2, F2) {
    let t = f64x2_mul(splat(super::SPLIT), x);
    let hi = f64x2_sub(t, f64x2_sub(t, x));
    (hi, f64x2_sub(x, hi))
}

/// Knuth's TwoSum lane by lane: `s = RN(x + y)` and `s + e = x + y`.
#[inline(always)]
fn two_sum(x: F2, y: F2) -> (F2, F2) {
    let s = f64x2_add(x, y);
    let bb = f64x2_sub(s, x);
    let e = f64x2_add(f64x2_sub(x, f64x2_sub(s, bb)), f64x2_sub(y, bb));
    (s, e)
}

/// The fast path with `a` split into `ah + al` and `uh = RN(a·b)` (the scalar
/// `fast_split`).
#[inline(always)]
fn fast(uh: F2, ah: F2, al: F2, b: F2, c: F2) -> F2 {
    let (bh, bl) = split(b);
    let ul = f64x2_sub(f64x2_mul(ah, bh), uh);
    let ul = f64x2_add(ul, f64x2_mul(ah, bl));
    let ul = f64x2_add(ul, f64x2_mul(al, bh));
    let ul = f64x2_add(ul, f64x2_mul(al, bl));
    let (th, tl) = two_sum(c, uh);
    let (s, r) = two_sum(tl, ul);
    // RO(tl + ul): where r ≠ 0, one step down in magnitude when r's sign differs from
    // s's (s is not zero there), and the last bit set.
    let inexact = f64x2_ne(r, splat(0.0));
    let down = v128_and(inexact, i64x2_shr(v128_xor(r, s), 63));
    let bits = v128_or(i64x2_add(s, down), v128_and(inexact, i64x2_splat(1)));
    f64x2_add(th, bits)
}

/// Lane by lane with the scalar [`super::fma`].
#[inline(never)]
#[cold]
#[target_feature(enable = "simd128")]
fn each(a: F2, b: F2, c: F2) -> F2 {
    f64x2(
        super::fma(
            f64x2_extract_lane::<0>(a),
            f64x2_extract_lane::<0>(b),
            f64x2_extract_lane::<0>(c),
        ),
        super::fma(
            f64x2_extract_lane::<1>(a),
            f64x2_extract_lane::<1>(b),
            f64x2_extract_lane::<1>(c),
        ),
    )
}

/// `2^k`.
const fn two_to(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// Whether every lane of `x` is normal and below 2⁹⁹⁶ (the fast path's range for a
/// factor: its split cannot overflow).
#[inline(always)]
fn factor_ok(x: F2) -> v128 {
    let m = f64x2_abs(x);
    v128_and(
        f64x2_ge(m, splat(f64::MIN_POSITIVE)),
        f64x2_lt(m, splat(two_to(996))),
    )
}

/// Whether every lane may take the fast path, given `a`'s and `b`'s [`factor_ok`], the
/// rounded product `uh` and the addend `c`. Float comparisons (integer ones on 64-bit
/// lanes are not all instructions) and a little inside [`super::fma`]'s conditions: a
/// rounded product from 2⁻⁹⁵⁸ up to below 2¹⁰⁰⁰ means an exact one with an exponent
/// from −959 to 999, so `ea + eb` is within −960 to 1000; `|c| < 2¹⁰⁰¹` means `ec ≤ 1000`.
/// Either path gives the correctly rounded result, so where the two conditions differ
/// the bits do not.
#[inline(always)]
fn in_range(ab_ok: v128, uh: F2, c: F2) -> bool {
    let p = f64x2_abs(uh);
    let ok = v128_and(
        ab_ok,
        v128_and(
            f64x2_ge(p, splat(two_to(-958))),
            f64x2_lt(p, splat(two_to(1000))),
        ),
    );
    i64x2_all_true(v128_and(ok, f64x2_lt(f64x2_abs(c), splat(two_to(1001)))))
}

/// `RN(a·b + c)` in each lane, the same bits as [`super::fma`].
#[inline(always)]
pub fn fma(a: F2, b: F2, c: F2) -> F2 {
    let uh = f64x2_mul(a, b);
    if in_range(v128_and(factor_ok(a), factor_ok(b)), uh, c) {
        let (ah, al) = split(a);
        fast(uh, ah, al, b, c)
    } else {
        each(a, b, c)
    }
}

/// `RN(a·b + c)` in both lanes for one multiplier `a` (a learning rate, say), split once:
/// the two-lane [`super::Fixed`].
#[derive(Clone, Copy)]
pub struct Fixed2 {
    a: F2,
    ah: F2,
    al: F2,
    ok: v128,
}

impl Fixed2 {
    /// The multiplier `a` in both lanes.
    #[inline(always)]
    pub fn new(a: f64) -> Self {
        let a = splat(a);
        let (ah, al) = split(a);
        Fixed2 {
            a,
            ah,
            al,
            ok: factor_ok(a),
        }
    }

    /// `RN(a·b + c)` in each lane.
    #[inline(always)]
    pub fn fma(&self, b: F2, c: F2) -> F2 {
        let uh = f64x2_mul(self.a, b);
        if in_range(v128_and(self.ok, factor_ok(b)), uh, c) {
            fast(uh, self.ah, self.al, b, c)
        } else {
            each(self.a, b, c)
        }
    }
}

/// The two numbers at `j` and `j + 1` (zeros past the end).
#[inline(always)]
pub fn load(v: &[f64], j: usize) -> F2 {
    match v.get(j..j + 2) {
        Some(&[a, b]) => f64x2(a, b),
        _ => splat(0.0),
    }
}

/// Writes both lanes of `x` to `j` and `j + 1` (nothing past the end).
#[inline(always)]
pub fn store(v: &mut [f64], j: usize, x: F2) {
    if let Some([a, b]) = v.get_mut(j..j + 2) {
        *a = f64x2_extract_lane::<0>(x);
        *b = f64x2_extract_lane::<1>(x);
    }
}

/// `ops::lerp(a, b, w)` in each lane, from the end [`super::lerp_end`] chooses, as
/// [`super::Lerp`] does for one number.
#[inline(always)]
pub fn lerp(a: F2, b: F2, w: f64) -> F2 {
    let (near, weight) = super::lerp_end(w);
    if near {
        Fixed2::new(weight).fma(f64x2_sub(b, a), a)
    } else {
        Fixed2::new(weight).fma(f64x2_neg(f64x2_sub(b, a)), b)
    }
}
