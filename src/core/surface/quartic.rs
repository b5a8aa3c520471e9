//! The 1-D quartic x⁴ − 3x³ + 2: a flat inflection point before the minimum.

use super::{Bounds, Surface};

/// f(x) = x⁴ − 3x³ + 2, one parameter.
///
/// f′(x) = 4x³ − 9x² = x²(4x − 9) vanishes twice: at x = 0, a flat inflection point
/// (f″(0) = 0, the slope does not change sign), and at x = 9/4, the minimum
/// (f(9/4) = −1675/256 ≈ −6.543). A ball started left of 0 slows to a crawl there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quartic;

impl Surface for Quartic {
    fn name(&self) -> &str {
        "quartic"
    }
    fn dim(&self) -> usize {
        1
    }
    fn value(&self, p: &[f64]) -> f64 {
        let x = p[0];
        let x3 = x * x * x;
        x3 * x - 3.0 * x3 + 2.0
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let x = p[0];
        g[0] = 4.0 * x * x * x - 9.0 * x * x;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let x = p[0];
        h[0] = 12.0 * x * x - 18.0 * x;
    }
    fn bounds(&self) -> Bounds {
        Bounds::x(-1.0, 3.5)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![2.25]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "A 1-D quartic x⁴ − 3x³ + 2: a flat inflection point at 0 and the minimum at 9/4."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![3.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for x in [-0.5, 0.0, 1.0, 2.25, 3.2] {
            check::derivatives(&Quartic, &[x], 1e-6);
        }
    }

    #[test]
    fn inflection_and_minimum() {
        let (mut g, mut h) = ([1.0], [1.0]);
        Quartic.gradient(&[0.0], &mut g);
        Quartic.hessian(&[0.0], &mut h);
        assert_eq!((g[0], h[0]), (0.0, 0.0));
        Quartic.gradient(&[2.25], &mut g);
        assert_eq!(g[0], 0.0);
        assert_eq!(Quartic.value(&[2.25]), -1675.0 / 256.0);
    }
}
