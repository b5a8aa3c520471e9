//! The error function, for the exact (erf-based) GELU.
//!
//! Rust's standard library has no stable `erf`, and the browser build must give the same
//! values as the native one, so it is computed here from two classical expansions:
//!
//! * for |x| < 1.5, the everywhere-positive series
//!   $$\operatorname{erf} x = \frac{2}{\sqrt\pi}\,e^{-x^2}\sum_{n\ge0}\frac{2^n x^{2n+1}}{1\cdot3\cdots(2n+1)},$$
//!   whose terms never cancel;
//! * for |x| ≥ 1.5, the continued fraction of the complement
//!   $$\operatorname{erfc} x = \frac{e^{-x^2}}{\sqrt\pi}\cfrac{1}{x+\cfrac{1/2}{x+\cfrac{1}{x+\cfrac{3/2}{x+\cdots}}}},$$
//!   evaluated bottom-up with a fixed depth (120 levels below 2, 60 above: converged
//!   to the last bit), then erf = 1 − erfc, which loses nothing since erfc ≤ 0.034.
//!
//! `x²` is split into a rounded part and its exact rounding error (a fused multiply-add),
//! so `e^{-x²}` carries no error from squaring. Both branches are accurate to a few units
//! in the last place (checked against reference values in the tests).

use std::f64::consts::PI;

/// `e^{-x²}` with `x²` formed exactly as `hi + lo`.
fn exp_neg_square(x: f64) -> f64 {
    let hi = x * x;
    let lo = x.mul_add(x, -hi);
    (-hi).exp() * (1.0 - lo)
}

/// The error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt.
pub fn erf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let a = x.abs();
    let v = if a < 1.5 {
        series(a)
    } else if a < 6.5 {
        1.0 - erfc_fraction(a)
    } else {
        1.0
    };
    v.copysign(x)
}

/// erf(a) for 0 ≤ a < 1.5 by the positive series.
fn series(a: f64) -> f64 {
    let x2 = a * a;
    let mut term = a;
    let mut sum = a;
    let mut k = 1.0;
    for _ in 0..80 {
        k += 2.0;
        term *= 2.0 * x2 / k;
        sum += term;
        if term <= sum * 1e-17 {
            break;
        }
    }
    std::f64::consts::FRAC_2_SQRT_PI * exp_neg_square(a) * sum
}

/// erfc(a) for a ≥ 1.5 by its continued fraction.
fn erfc_fraction(a: f64) -> f64 {
    let mut f = a;
    let mut n = if a < 2.0 { 120.0 } else { 60.0 };
    while n > 0.0 {
        f = a + (n * 0.5) / f;
        n -= 1.0;
    }
    exp_neg_square(a) / (PI.sqrt() * f)
}

/// The standard normal density φ(x) = e^{−x²/2}/√(2π).
pub fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// The standard normal distribution function Φ(x) = ½(1 + erf(x/√2)).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + erf(x * std::f64::consts::FRAC_1_SQRT_2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_reference_values() {
        // Reference values of erf (correctly rounded, from a libm erf).
        for (x, want) in [
            (0.0, 0.0),
            (1e-10, 1.1283791670955126e-10),
            (0.1, 0.1124629160182849),
            (0.5, 0.5204998778130465),
            (1.0, 0.8427007929497149),
            (1.25, 0.9229001282564582),
            (1.4999, 0.9660932516622953),
            (1.5, 0.9661051464753108),
            (1.75, 0.9866716712191824),
            (2.0, 0.9953222650189527),
            (2.5, 0.999593047982555),
            (3.0, 0.9999779095030014),
            (3.5, 0.9999992569016276),
            (4.0, 0.9999999845827421),
            (5.0, 0.9999999999984626),
            (6.0, 1.0),
            (30.0, 1.0),
        ] {
            for (x, want) in [(x, want), (-x, -want)] {
                let got = erf(x);
                assert!(
                    (got - want).abs() <= 3e-16 * want.abs().max(1e-300),
                    "erf({x}) = {got}, want {want}"
                );
            }
        }
        assert!(erf(f64::NAN).is_nan());
        assert_eq!(erf(f64::INFINITY), 1.0);
        assert_eq!(erf(f64::NEG_INFINITY), -1.0);
    }

    #[test]
    fn complement_is_accurate_in_the_tail() {
        // erfc(4) = 1.541725790028002e-8: the fraction itself, not 1 − erf.
        let got = erfc_fraction(4.0);
        assert!((got - 1.541_725_790_028_002e-8).abs() < 1e-22, "{got}");
        let got = erfc_fraction(3.0);
        assert!((got - 2.209_049_699_858_544e-5).abs() < 1e-19, "{got}");
    }

    #[test]
    fn branches_meet_smoothly() {
        let below = series(1.5);
        let above = 1.0 - erfc_fraction(1.5);
        assert!((below - above).abs() <= 2e-16, "{below} vs {above}");
    }
}
