//! The monkey saddle x³ − 3xy²: three valleys meet at a flat point.

use super::{Bounds, Surface};

/// f(x, y) = x³ − 3xy², no minimum.
///
/// At the origin the gradient and the Hessian both vanish: a degenerate stationary
/// point with three descending valleys (room for two legs and a tail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonkeySaddle;

impl Surface for MonkeySaddle {
    fn name(&self) -> &str {
        "monkey_saddle"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        x * x * x - 3.0 * x * y * y
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        g[0] = 3.0 * x * x - 3.0 * y * y;
        g[1] = -6.0 * x * y;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        h[0] = 6.0 * x;
        h[1] = -6.0 * y;
        h[2] = -6.0 * y;
        h[3] = -6.0 * x;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-2.0, 2.0, -2.0, 2.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        Vec::new()
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "A monkey saddle x³ − 3xy²: three valleys meet at a flat point; no minimum.".to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![1.0, 0.3]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for p in [[1.0, 0.3], [-0.4, 1.1], [0.0, 0.0], [1.5, -1.5]] {
            check::derivatives(&MonkeySaddle, &p, 1e-6);
        }
        let mut h = [1.0; 4];
        MonkeySaddle.hessian(&[0.0, 0.0], &mut h);
        assert_eq!(h, [0.0, -0.0, -0.0, -0.0]);
        assert!(MonkeySaddle.minima().is_empty());
    }
}
