//! The saddle x² − y²: a stationary point that is not a minimum.

use super::{Bounds, Surface};

/// f(x, y) = x² − y²: curving up along x, down along y; no minimum.
///
/// The origin is a stationary point where plain gradient descent started exactly on
/// the x-axis stops; any offset in y grows by (1 + 2η) per step and the run
/// eventually leaves the box (a "diverged" run: the loss has no lower bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Saddle;

impl Surface for Saddle {
    fn name(&self) -> &str {
        "saddle"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        p[0] * p[0] - p[1] * p[1]
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        g[0] = 2.0 * p[0];
        g[1] = -2.0 * p[1];
    }
    fn hessian(&self, _p: &[f64], h: &mut [f64]) {
        h[0] = 2.0;
        h[1] = 0.0;
        h[2] = 0.0;
        h[3] = -2.0;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-2.0, 2.0, -2.0, 2.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        Vec::new()
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "A saddle x² − y²: up along x, down along y; the origin is flat but not a minimum."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![-1.5, 0.001]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for p in [[-1.5, 0.001], [0.3, -0.7], [0.0, 0.0]] {
            check::derivatives(&Saddle, &p, 1e-6);
        }
        assert!(Saddle.minima().is_empty());
        assert_eq!(Saddle.value(&[1.0, 2.0]), -3.0);
    }
}
