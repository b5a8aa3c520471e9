//! Adamax's scaling by an exponentially weighted infinity norm.

use super::{ops, StepCtx, Transform, Update};

/// `m ← lerp(m, d, 1 − β₁)`, `u ← max(β₂u, |d| + ε)`, step `m/u` with the rate
/// divided by `1 − β₁ᵗ` (torch's form, ε inside the max).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByAdamax {
    beta1: f64,
    beta2: f64,
    eps: f64,
    m: Vec<f64>,
    exp_inf: Vec<f64>,
}

impl ScaleByAdamax {
    /// torch's `betas` and `eps`.
    pub fn new(beta1: f64, beta2: f64, eps: f64, dim: usize) -> Self {
        ScaleByAdamax {
            beta1,
            beta2,
            eps,
            m: vec![0.0; dim],
            exp_inf: vec![0.0; dim],
        }
    }
}

impl Transform for ScaleByAdamax {
    fn apply(&mut self, u: &mut Update, _params: &[f64], ctx: &StepCtx) {
        let b1 = ctx.momentum.unwrap_or(self.beta1);
        for (((d, m), e), q) in u
            .dir
            .iter_mut()
            .zip(self.m.iter_mut())
            .zip(self.exp_inf.iter_mut())
            .zip(u.den.iter_mut())
        {
            *m = ops::lerp(*m, *d, 1.0 - b1);
            *e = (*e * self.beta2).max(d.abs() + self.eps);
            *q = *e;
            *d = *m;
        }
        u.has_den = true;
        u.lr_div = 1.0 - ops::pow(b1, ctx.t as f64);
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        out.push(("m", self.m.clone()));
        out.push(("exp_inf", self.exp_inf.clone()));
    }
    fn reset(&mut self) {
        self.m.iter_mut().for_each(|v| *v = 0.0);
        self.exp_inf.iter_mut().for_each(|v| *v = 0.0);
    }
}
