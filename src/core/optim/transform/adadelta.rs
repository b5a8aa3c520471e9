//! Adadelta's unit-correcting ratio of two moving averages.

use super::{ops, StepCtx, Transform, Update};

/// `v ← ρv + (1 − ρ)d²`, `Δ = √(u + ε)/√(v + ε)·d`, `u ← ρu + (1 − ρ)Δ²`, step `Δ`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByAdadelta {
    rho: f64,
    eps: f64,
    square_avg: Vec<f64>,
    acc_delta: Vec<f64>,
}

impl ScaleByAdadelta {
    /// torch's `rho` and `eps`.
    pub fn new(rho: f64, eps: f64, dim: usize) -> Self {
        ScaleByAdadelta {
            rho,
            eps,
            square_avg: vec![0.0; dim],
            acc_delta: vec![0.0; dim],
        }
    }
}

impl Transform for ScaleByAdadelta {
    fn apply(&mut self, u: &mut Update, _params: &[f64], _ctx: &StepCtx) {
        let r = self.rho;
        for ((d, v), a) in u
            .dir
            .iter_mut()
            .zip(self.square_avg.iter_mut())
            .zip(self.acc_delta.iter_mut())
        {
            *v = ops::addcmul(*v * r, 1.0 - r, *d, *d);
            let std = (*v + self.eps).sqrt();
            let delta = (*a + self.eps).sqrt() / std * *d;
            *a = ops::addcmul(*a * r, 1.0 - r, delta, delta);
            *d = delta;
        }
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        out.push(("square_avg", self.square_avg.clone()));
        out.push(("acc_delta", self.acc_delta.clone()));
    }
    fn reset(&mut self) {
        self.square_avg.iter_mut().for_each(|v| *v = 0.0);
        self.acc_delta.iter_mut().for_each(|v| *v = 0.0);
    }
}
