//! Sophia's clipped step preconditioned by a periodically refreshed Hessian diagonal.

use super::{ops, StepCtx, Transform, Update};

/// `m ← β₁m + (1 − β₁)d`; at steps t ≡ 1 (mod k) `h ← β₂h + (1 − β₂)·diag ∇²f`;
/// step `clip(m / max(ρh, ε), −1, 1)`.
///
/// The Hessian diagonal comes from [`StepCtx::hessian_diag`] at the steps where
/// [`Transform::wants_hessian`] is true; if a caller does not supply it there, the
/// refresh is skipped and `h` keeps its value.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBySophia {
    beta1: f64,
    beta2: f64,
    rho: f64,
    eps: f64,
    k: u64,
    m: Vec<f64>,
    h: Vec<f64>,
}

impl ScaleBySophia {
    /// Sophia's `beta1`, `beta2`, `rho`, `eps` and refresh interval `k` (≥ 1).
    pub fn new(beta1: f64, beta2: f64, rho: f64, eps: f64, k: u64, dim: usize) -> Self {
        ScaleBySophia {
            beta1,
            beta2,
            rho,
            eps,
            k: k.max(1),
            m: vec![0.0; dim],
            h: vec![0.0; dim],
        }
    }
}

impl Transform for ScaleBySophia {
    fn apply(&mut self, u: &mut Update, _params: &[f64], ctx: &StepCtx) {
        let b1 = ctx.momentum.unwrap_or(self.beta1);
        let b2 = self.beta2;
        if self.wants_hessian(ctx.t) {
            if let Some(hd) = ctx.hessian_diag {
                for (h, x) in self.h.iter_mut().zip(hd) {
                    *h = ops::add_scaled(*h * b2, 1.0 - b2, *x);
                }
            }
        }
        for ((d, m), h) in u.dir.iter_mut().zip(self.m.iter_mut()).zip(&self.h) {
            *m = ops::add_scaled(*m * b1, 1.0 - b1, *d);
            *d = crate::core::num::clamp(*m / (self.rho * h).max(self.eps), -1.0, 1.0);
        }
    }
    fn wants_hessian(&self, t: u64) -> bool {
        t >= 1 && (t - 1) % self.k == 0
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        out.push(("m", self.m.clone()));
        out.push(("h", self.h.clone()));
    }
    fn reset(&mut self) {
        self.m.iter_mut().for_each(|v| *v = 0.0);
        self.h.iter_mut().for_each(|v| *v = 0.0);
    }
}
