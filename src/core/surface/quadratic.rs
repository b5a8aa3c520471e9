//! The quadratic bowl ½(a·x² + b·y²): elongated when `a ≠ b`.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{Bounds, Surface};

/// f(x, y) = ½(a·x² + b·y²), curvatures `a` and `b` along the axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    /// Curvature along x.
    pub a: f64,
    /// Curvature along y.
    pub b: f64,
}

impl Quadratic {
    pub(super) fn read(p: &mut Params) -> Result<Self> {
        let r = Range {
            min: 0.0,
            max: 1e4,
            min_open: true,
            max_open: false,
        };
        Ok(Quadratic {
            a: p.num("a", 1.0, r)?,
            b: p.num("b", 1.0, r)?,
        })
    }
}

impl Surface for Quadratic {
    fn name(&self) -> &str {
        "quadratic"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        0.5 * (self.a * x * x + self.b * y * y)
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        g[0] = self.a * p[0];
        g[1] = self.b * p[1];
    }
    fn hessian(&self, _p: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[self.a, 0.0, 0.0, self.b]);
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-2.0, 2.0, -2.0, 2.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0, 0.0]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "A bowl ½(a·x² + b·y²): elongated when a ≠ b, its condition number is max(a,b)/min(a,b)."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![-1.5, 1.2]
    }
    fn eval_many(&self, points: &[f64], loss: &mut [f64], grad: &mut [f64]) {
        // The same expressions as `value` and `gradient`, in one pass; an index loop, as
        // the modules are built for size, where `zip` and `chunks_exact` stay calls.
        let (a, b) = (self.a, self.b);
        let n = loss.len().min(points.len() / 2).min(grad.len() / 2);
        for i in 0..n {
            let (Some(&[x, y]), Some(l), Some([gx, gy])) = (
                points.get(2 * i..2 * i + 2),
                loss.get_mut(i),
                grad.get_mut(2 * i..2 * i + 2),
            ) else {
                break;
            };
            *l = 0.5 * (a * x * x + b * y * y);
            *gx = a * x;
            *gy = b * y;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::spec::Spec;
    use crate::core::surface::{build, check};

    #[test]
    fn derivatives_match_finite_differences() {
        let s = build(&Spec::parse("quadratic(a=1, b=25)").unwrap()).unwrap();
        for p in [[0.3, -0.7], [-1.5, 1.2], [0.0, 0.0]] {
            check::derivatives(s.as_ref(), &p, 1e-6);
        }
        assert_eq!(s.value(&[1.0, 1.0]), 13.0);
    }

    #[test]
    fn rejects_non_positive_curvature() {
        assert!(build(&Spec::parse("quadratic(a=0)").unwrap()).is_err());
        assert!(build(&Spec::parse("quadratic(c=1)").unwrap()).is_err());
    }
}
