//! A gentle bowl with a steep cliff: the surface for the gradient-clipping lesson.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{Bounds, Surface};

/// f(x, y) = ½(x + 2)² + ½y² + h·σ(k·x), with σ(z) = 1/(1 + e^{−z}).
///
/// A round bowl centred at (−2, 0) with a smooth step of height `height` across the
/// line x = 0, steepest there (slope h·k/4, 100 with the defaults). The default start
/// (0, 1) sits on the cliff face: the gradient there is about (102, 1), so one plain
/// step of `sgd(lr=0.1)` throws the point to x ≈ −10, far outside the drawn box,
/// while with the gradient clipped to norm 1 each step moves at most 0.1 and the run
/// walks down into the bowl. The step adds at most h·σ(−2k) ≈ 10⁻³⁴ at the bowl's
/// centre, so the minimum is (−2, 0) to double precision.
#[derive(Debug, Clone, PartialEq)]
pub struct Cliff {
    /// Height h of the cliff.
    pub height: f64,
    /// Steepness k: the cliff is about 4/k wide.
    pub steepness: f64,
}

impl Cliff {
    pub(super) fn read(p: &mut Params) -> Result<Self> {
        Ok(Cliff {
            height: p.num("height", 10.0, Range::closed(0.0, 1000.0))?,
            steepness: p.num("steepness", 40.0, Range::closed(1.0, 1000.0))?,
        })
    }

    /// σ(kx), σ′(kx) and σ″(kx) (derivatives with respect to the argument).
    fn sigmoid(&self, x: f64) -> (f64, f64, f64) {
        let z = self.steepness * x;
        let s = if z >= 0.0 {
            1.0 / (1.0 + (-z).exp())
        } else {
            let e = z.exp();
            e / (1.0 + e)
        };
        let d1 = s * (1.0 - s);
        (s, d1, d1 * (1.0 - 2.0 * s))
    }
}

impl Surface for Cliff {
    fn name(&self) -> &str {
        "cliff"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let u = x + 2.0;
        0.5 * u * u + 0.5 * y * y + self.height * self.sigmoid(x).0
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        g[0] = x + 2.0 + self.height * self.steepness * self.sigmoid(x).1;
        g[1] = y;
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let k = self.steepness;
        h[0] = 1.0 + self.height * k * k * self.sigmoid(p[0]).2;
        h[1] = 0.0;
        h[2] = 0.0;
        h[3] = 1.0;
    }
    fn bounds(&self) -> Bounds {
        Bounds::xy(-4.0, 2.0, -2.0, 2.0)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![-2.0, 0.0]]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "A gentle bowl with a steep cliff at x = 0: one unclipped step from the cliff face flies far away."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![0.0, 1.0]
    }
}

#[cfg(test)]
mod tests {
    use crate::core::spec::Spec;
    use crate::core::surface::{build, check};

    #[test]
    fn derivatives_match_finite_differences() {
        let s = build(&Spec::parse("cliff(steepness=5)").unwrap()).unwrap();
        for p in [[0.0, 1.0], [-0.3, 0.2], [0.5, -1.0], [-2.0, 0.0]] {
            check::derivatives(s.as_ref(), &p, 1e-6);
        }
        let s = build(&Spec::bare("cliff")).unwrap();
        for p in [
            [0.0, 1.0],
            [-0.05, 0.2],
            [0.03, -1.0],
            [-2.0, 0.0],
            [50.0, 1.0],
        ] {
            check::derivatives(s.as_ref(), &p, 1e-4);
        }
    }

    #[test]
    fn cliff_face_gradient_is_steep_and_minimum_is_flat() {
        let s = build(&Spec::bare("cliff")).unwrap();
        let mut g = [0.0; 2];
        s.gradient(&[0.0, 1.0], &mut g);
        assert_eq!(g, [102.0, 1.0]);
        s.gradient(&[-2.0, 0.0], &mut g);
        assert!(g[0].abs() < 1e-30 && g[1] == 0.0, "{g:?}");
        for x in [-800.0, 800.0] {
            assert!(s.value(&[x, 0.0]).is_finite());
        }
    }
}
