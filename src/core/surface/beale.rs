//! Beale's function: a flat basin with sharp ridges near the corners.

use super::{Bounds, Surface};

/// The constants c₁, c₂, c₃ of the three terms.
const C: [f64; 3] = [1.5, 2.25, 2.625];

/// f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, ½).
///
/// Written as Σᵢ rᵢ² with rᵢ = cᵢ − x + x·yⁱ. Reference: E. M. L. Beale, "On an
/// iterative method for finding a local minimum of a function of more than one
/// variable", Princeton technical report 25 (1958).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Beale;

/// rᵢ, ∂rᵢ/∂x, ∂rᵢ/∂y, ∂²rᵢ/∂x∂y, ∂²rᵢ/∂y² for i = 1, 2, 3.
fn terms(x: f64, y: f64) -> [[f64; 5]; 3] {
    let y2 = y * y;
    let y3 = y2 * y;
    [
        [C[0] - x + x * y, y - 1.0, x, 1.0, 0.0],
        [C[1] - x + x * y2, y2 - 1.0, 2.0 * x * y, 2.0 * y, 2.0 * x],
        [
            C[2] - x + x * y3,
            y3 - 1.0,
            3.0 * x * y2,
            3.0 * y2,
            6.0 * x * y,
        ],
    ]
}

impl Surface for Beale {
    fn name(&self) -> &str {
        "beale"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        terms(p[0], p[1]).iter().map(|t| t[0] * t[0]).sum()
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let t = terms(p[0], p[1]);
        g[0] = t.iter().map(|t| 2.0 * t[0] * t[1]).sum();
        g[1] = t.iter().map(|t| 2.0 * t[0] * t[2]).sum();
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let t = terms(p[0], p[1]);
        // H = Σ 2(∇rᵢ∇rᵢᵀ + rᵢ∇²rᵢ); ∂²rᵢ/∂x² = 0.
        let xx: f64 = t.iter().map(|t| 2.0 * t[1] * t[1]).sum();
        let xy: f64 = t.iter().map(|t| 2.0 * (t[1] * t[2] + t[0] * t[3])).sum();
        let yy: f64 = t.iter().map(|t| 2.0 * (t[2] * t[2] + t[0] * t[4])).sum();
        h[0] = xx;
        h[1] = xy;
        h[2] = xy;
        h[3] = yy;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-4.5, 4.5, -4.5, 4.5)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![3.0, 0.5]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "Beale's function: a flat basin rising to sharp ridges at the corners; minimum at (3, 0.5)."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![1.0, 1.5]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for p in [[1.0, 1.5], [3.0, 0.5], [-2.0, 1.2], [0.5, -1.5], [2.5, 2.0]] {
            check::derivatives(&Beale, &p, 1e-6);
        }
    }

    #[test]
    fn minimum_is_zero_and_stationary() {
        assert_eq!(Beale.value(&[3.0, 0.5]), 0.0);
        let mut g = [1.0; 2];
        Beale.gradient(&[3.0, 0.5], &mut g);
        assert_eq!(g, [0.0, 0.0]);
        // At the origin every rᵢ = cᵢ: 1.5² + 2.25² + 2.625².
        assert!((Beale.value(&[0.0, 0.0]) - 14.203125).abs() < 1e-12);
    }
}
