//! Himmelblau's function: four equal minima, so where a run ends depends on its start.

use super::{Bounds, Surface};

/// The four minima of Himmelblau's function, all with value 0.
///
/// (3, 2) is exact; the other three are roots of a quartic, given to double
/// precision (each is checked to have a vanishing gradient in the tests).
pub const MINIMA: [[f64; 2]; 4] = [
    [3.0, 2.0],
    [-2.805_118_086_952_745, 3.131_312_518_250_573],
    [-3.779_310_253_377_747, -3.283_185_991_286_17],
    [3.584_428_340_330_492, -1.848_126_526_964_404],
];

/// f(x, y) = (x² + y − 11)² + (x + y² − 7)².
///
/// Reference: D. M. Himmelblau, "Applied Nonlinear Programming" (1972).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Himmelblau;

impl Surface for Himmelblau {
    fn name(&self) -> &str {
        "himmelblau"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let a = x * x + y - 11.0;
        let b = x + y * y - 7.0;
        a * a + b * b
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let a = x * x + y - 11.0;
        let b = x + y * y - 7.0;
        g[0] = 4.0 * x * a + 2.0 * b;
        g[1] = 2.0 * a + 4.0 * y * b;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let a = x * x + y - 11.0;
        let b = x + y * y - 7.0;
        let xy = 4.0 * x + 4.0 * y;
        h[0] = 4.0 * a + 8.0 * x * x + 2.0;
        h[1] = xy;
        h[2] = xy;
        h[3] = 2.0 + 4.0 * b + 8.0 * y * y;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-5.0, 5.0, -5.0, 5.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        MINIMA.iter().map(|m| m.to_vec()).collect()
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "Himmelblau's function: four minima of equal depth; the start decides which one a run finds."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![0.0, 0.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for p in [[0.0, 0.0], [1.3, -2.1], [-3.0, 3.0], [4.2, 0.5]] {
            check::derivatives(&Himmelblau, &p, 1e-6);
        }
    }

    #[test]
    fn all_four_minima_are_stationary_and_zero() {
        for m in MINIMA {
            let mut g = [0.0; 2];
            Himmelblau.gradient(&m, &mut g);
            assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{m:?}: {g:?}");
            assert!(Himmelblau.value(&m) < 1e-25, "{m:?}");
            let mut h = [0.0; 4];
            Himmelblau.hessian(&m, &mut h);
            // Positive definite: a minimum, not a saddle.
            assert!(h[0] > 0.0 && h[0] * h[3] - h[1] * h[2] > 0.0);
        }
    }
}
