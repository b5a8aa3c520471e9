//! A wide, nearly flat plateau around a basin: where plain gradient descent crawls.

use super::{Bounds, Surface};

/// f(x, y) = tanh(q) with q = ½x² + y², minimum 0 at the origin.
///
/// Near the origin f ≈ q, an elongated bowl. Away from it tanh saturates: the
/// gradient sech²(q)·(x, 2y) falls off like 4e^{−2q}, so at the default start
/// (−3.5, 0.5) it is about 10⁻⁵ and plain gradient descent hardly moves, while
/// methods that normalise the step (Adam, RMSProp, Lion) cross the plateau quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plateau;

/// q, tanh q, sech² q.
fn parts(x: f64, y: f64) -> (f64, f64, f64) {
    let q = 0.5 * x * x + y * y;
    let c = q.cosh();
    (q, q.tanh(), 1.0 / (c * c))
}

impl Surface for Plateau {
    fn name(&self) -> &str {
        "plateau"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        parts(p[0], p[1]).1
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let sech2 = parts(x, y).2;
        g[0] = sech2 * x;
        g[1] = sech2 * 2.0 * y;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        // H = f″(q)·∇q∇qᵀ + f′(q)·∇²q, f′ = sech², f″ = −2·tanh·sech², ∇q = (x, 2y).
        let (x, y) = (p[0], p[1]);
        let (_, t, sech2) = parts(x, y);
        let d2 = -2.0 * t * sech2;
        let (qx, qy) = (x, 2.0 * y);
        h[0] = d2 * qx * qx + sech2;
        h[1] = d2 * qx * qy;
        h[2] = h[1];
        h[3] = d2 * qy * qy + 2.0 * sech2;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-4.0, 4.0, -3.0, 3.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0, 0.0]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "A plateau tanh(½x² + y²): nearly flat far out, a bowl at the centre; plain descent crawls across it."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![-3.5, 0.5]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::surface::check;

    #[test]
    fn derivatives_match_finite_differences() {
        for p in [[-3.5, 0.5], [0.3, -0.7], [0.0, 0.0], [1.2, 1.1]] {
            check::derivatives(&Plateau, &p, 1e-6);
        }
    }

    #[test]
    fn far_out_is_flat_not_nan() {
        let mut g = [1.0; 2];
        Plateau.gradient(&[-3.5, 0.5], &mut g);
        let n = (g[0] * g[0] + g[1] * g[1]).sqrt();
        assert!(n > 1e-6 && n < 1e-4, "{n}");
        let mut h = [1.0; 4];
        for p in [[1e3, 1e3], [1e200, -1e200]] {
            Plateau.gradient(&p, &mut g);
            Plateau.hessian(&p, &mut h);
            assert!(g.iter().chain(&h).all(|v| *v == 0.0), "{g:?} {h:?}");
            assert_eq!(Plateau.value(&p), 1.0);
        }
    }
}
