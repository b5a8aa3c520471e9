//! RMSProp's scaling by a moving root-mean-square of the gradients.

use super::{ops, StepCtx, Transform, Update};

/// `v ← αv + (1 − α)d²`, step `d/(√v + ε)`; centered: `ḡ ← lerp(ḡ, d, 1 − α)` and
/// `d/(√(v − ḡ²) + ε)`. No bias correction, as in torch.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByRms {
    alpha: f64,
    eps: f64,
    centered: bool,
    square_avg: Vec<f64>,
    grad_avg: Vec<f64>,
}

impl ScaleByRms {
    /// torch's `alpha`, `eps` and `centered`.
    pub fn new(alpha: f64, eps: f64, centered: bool, dim: usize) -> Self {
        ScaleByRms {
            alpha,
            eps,
            centered,
            square_avg: vec![0.0; dim],
            grad_avg: vec![0.0; dim],
        }
    }
}

impl Transform for ScaleByRms {
    fn apply(&mut self, u: &mut Update, _params: &[f64], _ctx: &StepCtx) {
        let a = self.alpha;
        for (i, d) in u.dir.iter().enumerate() {
            let (Some(v), Some(gm), Some(q)) = (
                self.square_avg.get_mut(i),
                self.grad_avg.get_mut(i),
                u.den.get_mut(i),
            ) else {
                break;
            };
            *v = ops::addcmul(*v * a, 1.0 - a, *d, *d);
            let avg = if self.centered {
                *gm = ops::lerp(*gm, *d, 1.0 - a);
                ops::addcmul(*v, -1.0, *gm, *gm).sqrt()
            } else {
                v.sqrt()
            };
            *q = avg + self.eps;
        }
        u.has_den = true;
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        out.push(("square_avg", self.square_avg.clone()));
        if self.centered {
            out.push(("grad_avg", self.grad_avg.clone()));
        }
    }
    fn reset(&mut self) {
        self.square_avg.iter_mut().for_each(|v| *v = 0.0);
        self.grad_avg.iter_mut().for_each(|v| *v = 0.0);
    }
}
