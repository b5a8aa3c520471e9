//! L2 weight decay added to the gradient (torch's coupled `weight_decay`).

use super::{ops, StepCtx, Transform, Update};

/// `g ← g + λθ`: the gradient of the penalty ½λ‖θ‖², added before any scaling, as
/// `weight_decay` does in torch's SGD, Adam, RMSProp, AdaGrad, Adadelta and Adamax.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AddDecayedWeights(pub f64);

impl Transform for AddDecayedWeights {
    fn apply(&mut self, u: &mut Update, params: &[f64], _ctx: &StepCtx) {
        if self.0 != 0.0 {
            for (d, p) in u.dir.iter_mut().zip(params) {
                *d = ops::add_scaled(*d, self.0, *p);
            }
        }
    }
    fn state(&self, _out: &mut Vec<(&'static str, Vec<f64>)>) {}
    fn reset(&mut self) {}
}
