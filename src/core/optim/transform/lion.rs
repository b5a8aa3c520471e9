//! Lion's sign step with two interpolation rates.

use super::{ops, StepCtx, Transform, Update};

/// `c = β₁m + (1 − β₁)d`, step `sign(c)`, then `m ← β₂m + (1 − β₂)d`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByLion {
    beta1: f64,
    beta2: f64,
    m: Vec<f64>,
}

impl ScaleByLion {
    /// Lion's `beta1` (step interpolation) and `beta2` (memory).
    pub fn new(beta1: f64, beta2: f64, dim: usize) -> Self {
        ScaleByLion {
            beta1,
            beta2,
            m: vec![0.0; dim],
        }
    }
}

impl Transform for ScaleByLion {
    fn apply(&mut self, u: &mut Update, _params: &[f64], ctx: &StepCtx) {
        let b1 = ctx.momentum.unwrap_or(self.beta1);
        let b2 = self.beta2;
        for (d, m) in u.dir.iter_mut().zip(self.m.iter_mut()) {
            let c = ops::add_scaled(*m * b1, 1.0 - b1, *d);
            *m = ops::add_scaled(*m * b2, 1.0 - b2, *d);
            *d = ops::sign(c);
        }
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        out.push(("m", self.m.clone()));
    }
    fn reset(&mut self) {
        self.m.iter_mut().for_each(|v| *v = 0.0);
    }
}
