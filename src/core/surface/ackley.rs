//! Ackley's function: a nearly flat, rippled plateau around one deep, sharp hole.

use std::f64::consts::{E, PI};

use super::{Bounds, Surface};

/// Standard 2-D constants a = 20, b = 0.2, c = 2π.
const A: f64 = 20.0;
const B: f64 = 0.2;
const C: f64 = 2.0 * PI;

/// f(x, y) = −a·exp(−b·√(½(x² + y²))) − exp(½(cos cx + cos cy)) + e + a,
/// with a = 20, b = 0.2, c = 2π; global minimum 0 at the origin.
///
/// The first term is a cone: at the origin its gradient is undefined (the cone's
/// tip). There this surface returns the gradient 0, a valid subgradient, and leaves
/// the cone's (infinite) curvature out of the Hessian, so no value is ever NaN.
/// Reference: D. H. Ackley, "A connectionist machine for genetic hillclimbing" (1987).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ackley;

/// r = √(½(x² + y²)).
fn radius(x: f64, y: f64) -> f64 {
    (0.5 * (x * x + y * y)).sqrt()
}

impl Surface for Ackley {
    fn name(&self) -> &str {
        "ackley"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let s = 0.5 * ((C * x).cos() + (C * y).cos());
        -A * (-B * radius(x, y)).exp() - s.exp() + E + A
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let r = radius(x, y);
        let es = (0.5 * ((C * x).cos() + (C * y).cos())).exp();
        // Cone: d/dx = a·b·e^{−br}·x/(2r); 0 at the tip (r = 0).
        let k = if r > 0.0 {
            A * B * (-B * r).exp() / (2.0 * r)
        } else {
            0.0
        };
        g[0] = k * x + 0.5 * C * (C * x).sin() * es;
        g[1] = k * y + 0.5 * C * (C * y).sin() * es;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let r = radius(x, y);
        let es = (0.5 * ((C * x).cos() + (C * y).cos())).exp();
        let (sx, sy) = ((C * x).sin(), (C * y).sin());
        let (cx, cy) = ((C * x).cos(), (C * y).cos());
        // Ripples: −e^s with s = ½(cos cx + cos cy).
        let mut hxx = es * (0.5 * C * C * cx - 0.25 * C * C * sx * sx);
        let mut hyy = es * (0.5 * C * C * cy - 0.25 * C * C * sy * sy);
        let mut hxy = -0.25 * C * C * sx * sy * es;
        // Cone φ(r) = −a·e^{−br}: H = φ″·∇r∇rᵀ + φ′·∇²r with ∇r = (x, y)/(2r),
        // ∂²r/∂x² = 1/(2r) − x²/(4r³), ∂²r/∂x∂y = −xy/(4r³).
        if r > 0.0 {
            let d1 = A * B * (-B * r).exp();
            let d2 = -A * B * B * (-B * r).exp();
            let (rx, ry) = (x / (2.0 * r), y / (2.0 * r));
            let r3 = 4.0 * r * r * r;
            let cone = [
                d2 * rx * rx + d1 * (1.0 / (2.0 * r) - x * x / r3),
                d2 * rx * ry - d1 * x * y / r3,
                d2 * ry * ry + d1 * (1.0 / (2.0 * r) - y * y / r3),
            ];
            if cone.iter().all(|v| v.is_finite()) {
                hxx += cone[0];
                hxy += cone[1];
                hyy += cone[2];
            }
        }
        h[0] = hxx;
        h[1] = hxy;
        h[2] = hxy;
        h[3] = hyy;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-5.0, 5.0, -5.0, 5.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0, 0.0]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "Ackley's function: a rippled, nearly flat plateau around one deep, sharp hole at the origin."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![-3.2, 2.6]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for p in [
            [-3.2, 2.6],
            [0.3, -0.7],
            [1.0, 0.0],
            [0.01, 0.02],
            [4.4, -4.9],
        ] {
            check::derivatives(&Ackley, &p, 1e-5);
        }
    }

    #[test]
    fn origin_is_finite_with_zero_gradient() {
        assert!(Ackley.value(&[0.0, 0.0]).abs() < 1e-14);
        let mut g = [f64::NAN; 2];
        Ackley.gradient(&[0.0, 0.0], &mut g);
        assert_eq!(g, [0.0, 0.0]);
        let mut h = [f64::NAN; 4];
        Ackley.hessian(&[0.0, 0.0], &mut h);
        assert!(h.iter().all(|v| v.is_finite()), "{h:?}");
        // Tiny but non-zero points stay finite too.
        for p in [
            [1e-300, 0.0],
            [f64::MIN_POSITIVE, -1e-310],
            [5e-324, 5e-324],
        ] {
            Ackley.gradient(&p, &mut g);
            Ackley.hessian(&p, &mut h);
            assert!(
                g.iter().chain(&h).all(|v| v.is_finite()),
                "{p:?}: {g:?} {h:?}"
            );
        }
    }
}
