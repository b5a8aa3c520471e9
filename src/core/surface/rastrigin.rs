//! Rastrigin's function: a bowl covered in a regular grid of local minima.

use std::f64::consts::PI;

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{Bounds, Surface};

/// f(x, y) = 2A + Σᵢ (xᵢ² − A·cos 2πxᵢ), global minimum 0 at the origin.
///
/// A local minimum sits near every integer point; gradient methods stop in the
/// nearest one. Reference: L. A. Rastrigin, "Systems of extremal control" (1974).
#[derive(Debug, Clone, PartialEq)]
pub struct Rastrigin {
    /// Height of the ripples (10 in the standard form).
    pub a: f64,
}

impl Rastrigin {
    pub(super) fn read(p: &mut Params) -> Result<Self> {
        Ok(Rastrigin {
            a: p.num("a", 10.0, Range::closed(0.0, 100.0))?,
        })
    }
}

impl Surface for Rastrigin {
    fn name(&self) -> &str {
        "rastrigin"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let a = self.a;
        2.0 * a
            + p[..2]
                .iter()
                .map(|x| x * x - a * (2.0 * PI * x).cos())
                .sum::<f64>()
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        for i in 0..2 {
            g[i] = 2.0 * p[i] + 2.0 * PI * self.a * (2.0 * PI * p[i]).sin();
        }
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        h[0] = 2.0 + 4.0 * PI * PI * self.a * (2.0 * PI * p[0]).cos();
        h[1] = 0.0;
        h[2] = 0.0;
        h[3] = 2.0 + 4.0 * PI * PI * self.a * (2.0 * PI * p[1]).cos();
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-5.12, 5.12, -5.12, 5.12)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0, 0.0]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "Rastrigin's function: a bowl covered in a grid of local minima; the global one is at the origin."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![-2.3, 3.4]
    }
}

#[cfg(test)]
mod tests {
    use crate::core::spec::Spec;
    use crate::core::surface::{build, check};

    #[test]
    fn derivatives_match_finite_differences() {
        let s = build(&Spec::bare("rastrigin")).unwrap();
        for p in [[-2.3, 3.4], [0.0, 0.0], [0.51, -1.02], [4.9, -4.1]] {
            check::derivatives(s.as_ref(), &p, 1e-6);
        }
        assert_eq!(s.value(&[0.0, 0.0]), 0.0);
        // At (1, 1) each coordinate contributes 1 − 10·cos 2π = −9: 20 − 18 = 2.
        assert!((s.value(&[1.0, 1.0]) - 2.0).abs() < 1e-12);
    }
}
