//! A fast hyperbolic tangent, the activation the lessons use most.
//!
//! The platform `tanh` costs about as much as all the multiply-adds of a small layer
//! together, so it is computed here from one exponential written out in full:
//! `e^{2|x|} = 2^k·e^r` with k = round(2|x|/ln 2) and |r| ≤ ln 2/2 (the reduction uses a
//! two-part ln 2, so r is exact to the last bit), `e^r − 1` by its Taylor polynomial to
//! degree 13 (truncation error below 2·10⁻¹⁷), and then
//! tanh|x| = (e^{2|x|} − 1)/(e^{2|x|} + 1), with `e^{2|x|} − 1 = (2^k − 1) + 2^k(e^r − 1)`
//! so that small arguments keep their relative accuracy. For |x| ≥ 20, tanh x = ±1 in
//! float64. The code has no branches and no integer conversion of floats (2^k is built
//! from the bits of a rounding sum), so a loop over a slice vectorises. The result is
//! within a few units in the last place of the correctly rounded value.

use std::f64::consts::LN_2;

/// 1/ln 2.
const INV_LN2: f64 = std::f64::consts::LOG2_E;
/// ln 2 split so that `k·LN2_HI` is exact for |k| < 2²⁰.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
/// The rest of ln 2.
const LN2_LO: f64 = LN_2 - LN2_HI;
/// 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// tanh x (always inlined: a call would cost a tenth of it in the loops over a layer).
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let a = 2.0 * x.abs();
    // `a.min(40.0)`, written as a comparison: wasm32 has no instruction with `min`'s NaN
    // rule, so `min` is a call there (a NaN also becomes 40 here).
    let a = if a < 40.0 { a } else { 40.0 };
    let shifted = a * INV_LN2 + ROUNDER;
    let kf = shifted - ROUNDER;
    // k is in the low bits of `shifted` (0 ≤ k ≤ 58 here).
    let k = shifted.to_bits() & 0xff;
    let two_k = f64::from_bits((k + 1023) << 52);
    let r = (a - kf * LN2_HI) - kf * LN2_LO;
    // e^r − 1 = r(1 + r/2 + r²/6 + … + r¹²/13!).
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    let q = p * r;
    let em1 = (two_k - 1.0) + two_k * q;
    let t = em1 / (em1 + 2.0);
    // NaN passes through as 40 (tanh would be ±1): restore it.
    if x.is_nan() {
        x
    } else {
        t.copysign(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_a_few_ulps_of_std() {
        let mut worst = 0.0f64;
        let mut x = -25.0;
        while x < 25.0 {
            for v in [x, x * 1e-3, x * 1e-9] {
                let (a, b) = (tanh(v), v.tanh());
                let ulp = (b.abs().max(f64::MIN_POSITIVE) * f64::EPSILON).max(f64::MIN_POSITIVE);
                worst = worst.max((a - b).abs() / ulp);
            }
            x += 0.000_731;
        }
        assert!(worst <= 4.0, "worst error {worst} ulp");
        assert_eq!(tanh(0.0), 0.0);
        assert!(tanh(-0.0).is_sign_negative());
        assert_eq!(tanh(1e300), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert!(tanh(f64::NAN).is_nan());
    }
}
