//! Rosenbrock's banana valley (a − x)² + b(y − x²)²: easy to find, slow to follow.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{Bounds, Surface};

/// f(x, y) = (a − x)² + b(y − x²)², minimum 0 at (a, a²).
///
/// The floor of the curved valley is nearly flat while its walls are steep (for
/// `b = 100` the Hessian at the minimum has condition number about 2500), so plain
/// gradient descent zig-zags across it. Reference: H. H. Rosenbrock, "An automatic
/// method for finding the greatest or least value of a function", The Computer
/// Journal 3 (1960).
#[derive(Debug, Clone, PartialEq)]
pub struct Rosenbrock {
    /// Position of the minimum along x (the minimum is at (a, a²)).
    pub a: f64,
    /// Steepness of the valley walls.
    pub b: f64,
}

impl Rosenbrock {
    pub(super) fn read(p: &mut Params) -> Result<Self> {
        Ok(Rosenbrock {
            a: p.num("a", 1.0, Range::closed(-10.0, 10.0))?,
            b: p.num(
                "b",
                100.0,
                Range {
                    min: 0.0,
                    max: 1e4,
                    min_open: true,
                    max_open: false,
                },
            )?,
        })
    }
}

impl Surface for Rosenbrock {
    fn name(&self) -> &str {
        "rosenbrock"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let u = self.a - x;
        let w = y - x * x;
        u * u + self.b * w * w
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let w = y - x * x;
        g[0] = -2.0 * (self.a - x) - 4.0 * self.b * x * w;
        g[1] = 2.0 * self.b * w;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let xy = -4.0 * self.b * x;
        h[0] = 2.0 - 4.0 * self.b * (y - x * x) + 8.0 * self.b * x * x;
        h[1] = xy;
        h[2] = xy;
        h[3] = 2.0 * self.b;
    }
    fn bounds(&self) -> Bounds {
        let half = (self.a.abs() + 1.0).max(2.0);
        Bounds::xy(-half, half, -1.0, (self.a * self.a + 1.0).max(3.0))
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![self.a, self.a * self.a]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "Rosenbrock's banana: a curved, flat-floored valley with steep walls; minimum at (a, a²)."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![-1.2, 1.0]
    }
}

#[cfg(test)]
mod tests {
    use crate::core::spec::Spec;
    use crate::core::surface::{build, check};

    #[test]
    fn derivatives_match_finite_differences() {
        for spec in ["rosenbrock", "rosenbrock(a=-0.5, b=10)"] {
            let s = build(&Spec::parse(spec).unwrap()).unwrap();
            for p in [[-1.2, 1.0], [0.3, -0.7], [1.0, 1.0], [1.7, 2.5]] {
                check::derivatives(s.as_ref(), &p, 1e-6);
            }
        }
    }

    #[test]
    fn minimum_and_known_values() {
        let s = build(&Spec::bare("rosenbrock")).unwrap();
        assert_eq!(s.value(&[1.0, 1.0]), 0.0);
        // (1 + 1.2)² + 100·(1 − 1.44)² = 4.84 + 19.36
        assert!((s.value(&[-1.2, 1.0]) - 24.2).abs() < 1e-12);
        let mut g = [0.0; 2];
        s.gradient(&[1.0, 1.0], &mut g);
        assert_eq!(g, [0.0, 0.0]);
        assert!(build(&Spec::parse("rosenbrock(b=0)").unwrap()).is_err());
    }
}
