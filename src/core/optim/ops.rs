//! Element operations written the way `torch.optim`'s CPU kernels compute them.
//!
//! PyTorch's element-wise kernels on x86-64 with AVX2 (the common case) evaluate
//! `add(b, alpha)`, `addcmul` and `lerp` with one fused multiply-add, and `addcdiv` as
//! `a + value·b/c` without one. These helpers reproduce that rounding so a float64 run
//! here gives the same bits as torch on such a CPU (checked against torch 2.x).
//! [`f64::mul_add`] is exact on every target (in software where the CPU lacks FMA).

/// `a.add_(b, alpha=alpha)`: a + alpha·b with one rounding.
#[inline]
pub fn add_scaled(a: f64, alpha: f64, b: f64) -> f64 {
    alpha.mul_add(b, a)
}

/// `a.addcmul_(b, c, value=value)`: a + (value·b)·c, the last two fused.
#[inline]
pub fn addcmul(a: f64, value: f64, b: f64, c: f64) -> f64 {
    (value * b).mul_add(c, a)
}

/// `a.addcdiv_(b, c, value=value)`: a + (value·b)/c.
#[inline]
pub fn addcdiv(a: f64, value: f64, b: f64, c: f64) -> f64 {
    a + value * b / c
}

/// `a.lerp_(b, w)`: a + w·(b − a), computed from the nearer end as torch does
/// ([`crate::core::fma::lerp_end`]).
#[inline]
pub fn lerp(a: f64, b: f64, w: f64) -> f64 {
    match crate::core::fma::lerp_end(w) {
        (true, w) => w.mul_add(b - a, a),
        (false, w) => w.mul_add(-(b - a), b),
    }
}

/// `torch.sign`: −1, 0 or 1 (0 for ±0; NaN stays NaN).
#[inline]
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

/// Python's `x ** y` for floats, as torch's step-size arithmetic writes it.
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fused_forms_round_once() {
        // 1 + 2⁻³⁰ squared: the plain form loses the 2⁻⁶⁰ term, the fused one keeps it.
        let e = 1.0 + 2f64.powi(-30);
        let plain = -1.0 + e * e;
        assert_eq!(add_scaled(-1.0, e, e), 2f64.powi(-29) + 2f64.powi(-60));
        assert_ne!(add_scaled(-1.0, e, e), plain);
        assert_eq!(addcmul(-1.0, 1.0, e, e), add_scaled(-1.0, e, e));
        assert_eq!(addcdiv(1.0, -0.5, 3.0, 2.0), 1.0 - 0.75);
    }

    #[test]
    fn lerp_hits_both_ends_and_sign_is_torch_sign() {
        assert_eq!(lerp(2.0, 6.0, 0.0), 2.0);
        assert_eq!(lerp(2.0, 6.0, 1.0), 6.0);
        assert_eq!(lerp(2.0, 6.0, 0.25), 3.0);
        assert_eq!(lerp(2.0, 6.0, 0.75), 5.0);
        assert_eq!((sign(-3.0), sign(0.0), sign(2.0)), (-1.0, 0.0, 1.0));
        assert!(sign(f64::NAN).is_nan());
    }
}
