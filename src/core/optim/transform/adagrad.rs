//! AdaGrad's scaling by the root of the summed squared gradients.

use super::{ops, StepCtx, Transform, Update};

/// `G ← G + d²`, step `d/(√G + ε)` with the rate divided by `1 + (t − 1)·lr_decay`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByAdagrad {
    lr_decay: f64,
    eps: f64,
    init: f64,
    sum: Vec<f64>,
}

impl ScaleByAdagrad {
    /// torch's `lr_decay`, `eps` and `initial_accumulator_value`.
    pub fn new(lr_decay: f64, eps: f64, initial_accumulator_value: f64, dim: usize) -> Self {
        ScaleByAdagrad {
            lr_decay,
            eps,
            init: initial_accumulator_value,
            sum: vec![initial_accumulator_value; dim],
        }
    }
}

impl Transform for ScaleByAdagrad {
    fn apply(&mut self, u: &mut Update, _params: &[f64], ctx: &StepCtx) {
        for ((d, s), q) in u.dir.iter().zip(self.sum.iter_mut()).zip(u.den.iter_mut()) {
            *s = ops::addcmul(*s, 1.0, *d, *d);
            *q = s.sqrt() + self.eps;
        }
        u.has_den = true;
        u.lr_div = 1.0 + (ctx.t as f64 - 1.0) * self.lr_decay;
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        out.push(("sum", self.sum.clone()));
    }
    fn reset(&mut self) {
        self.sum.iter_mut().for_each(|s| *s = self.init);
    }
}
