//! Adam's scaling: bias-corrected first moment over the root of the second.

use super::{ops, StepCtx, Transform, Update};

/// Which parts of Adam's update are switched on (all of them in Adam itself).
///
/// The update-anatomy widget turns them off one by one:
/// - `bias_correction = false`: m̂ = m and v̂ = v (no division by 1 − βᵗ);
/// - `first_moment = false`: the gradient g is used in place of m̂ (m is not kept),
///   which is RMSProp with bias-corrected v;
/// - `second_moment = false`: the denominator √v̂ + ε is replaced by 1 (v is not
///   kept), which is momentum in its moving-average form, θ ← θ − η·m̂.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdamParts {
    /// Divide the moments by 1 − β₁ᵗ and 1 − β₂ᵗ.
    pub bias_correction: bool,
    /// Use the moving average m of the gradients.
    pub first_moment: bool,
    /// Divide by the root of the moving average v of the squared gradients.
    pub second_moment: bool,
}

impl Default for AdamParts {
    fn default() -> Self {
        AdamParts {
            bias_correction: true,
            first_moment: true,
            second_moment: true,
        }
    }
}

/// `m ← lerp(m, d, 1 − β₁)`, `v ← β₂v + (1 − β₂)d²`, step `m/(√v/√(1 − β₂ᵗ) + ε)`
/// with the rate divided by `1 − β₁ᵗ` (torch's arrangement of m̂/(√v̂ + ε)).
/// With `amsgrad` the running maximum of v replaces v in the denominator.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleByAdam {
    beta1: f64,
    beta2: f64,
    eps: f64,
    amsgrad: bool,
    parts: AdamParts,
    m: Vec<f64>,
    v: Vec<f64>,
    v_max: Vec<f64>,
}

impl ScaleByAdam {
    /// torch's `betas`, `eps`, `amsgrad`, and the parts switched on.
    pub fn new(
        beta1: f64,
        beta2: f64,
        eps: f64,
        amsgrad: bool,
        parts: AdamParts,
        dim: usize,
    ) -> Self {
        ScaleByAdam {
            beta1,
            beta2,
            eps,
            amsgrad,
            parts,
            m: vec![0.0; dim],
            v: vec![0.0; dim],
            v_max: vec![0.0; dim],
        }
    }
}

impl Transform for ScaleByAdam {
    fn apply(&mut self, u: &mut Update, _params: &[f64], ctx: &StepCtx) {
        let b1 = ctx.momentum.unwrap_or(self.beta1);
        let b2 = self.beta2;
        let t = ctx.t as f64;
        let AdamParts {
            bias_correction,
            first_moment,
            second_moment,
        } = self.parts;
        let bc2_sqrt = if bias_correction {
            ops::pow(1.0 - ops::pow(b2, t), 0.5)
        } else {
            1.0
        };
        let n = [
            u.dir.len(),
            self.m.len(),
            self.v.len(),
            self.v_max.len(),
            u.den.len(),
        ]
        .into_iter()
        .min()
        .unwrap_or(0);
        let (w1, w2, eps, amsgrad) = (1.0 - b1, 1.0 - b2, self.eps, self.amsgrad);
        // Two passes (the same operations per coordinate): each pass is a short chain per
        // coordinate that the processor overlaps with the next ones.
        if second_moment {
            for (d, (v, vm)) in u
                .dir
                .iter()
                .zip(self.v.iter_mut().zip(self.v_max.iter_mut()))
                .take(n)
            {
                *v = ops::addcmul(*v * b2, w2, *d, *d);
                if amsgrad {
                    *vm = vm.max(*v);
                }
            }
        }
        for (((d, m), (v, vm)), q) in u
            .dir
            .iter_mut()
            .zip(self.m.iter_mut())
            .zip(self.v.iter().zip(&self.v_max))
            .zip(u.den.iter_mut())
            .take(n)
        {
            if second_moment {
                let s = if amsgrad { *vm } else { *v };
                *q = s.sqrt() / bc2_sqrt + eps;
            }
            if first_moment {
                *m = ops::lerp(*m, *d, w1);
                *d = *m;
            }
        }
        u.has_den = second_moment;
        if first_moment && bias_correction {
            u.lr_div = 1.0 - ops::pow(b1, t);
        }
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        if self.parts.first_moment {
            out.push(("m", self.m.clone()));
        }
        if self.parts.second_moment {
            out.push(("v", self.v.clone()));
            if self.amsgrad {
                out.push(("v_hat_max", self.v_max.clone()));
            }
        }
    }
    fn reset(&mut self) {
        for x in [&mut self.m, &mut self.v, &mut self.v_max] {
            x.iter_mut().for_each(|v| *v = 0.0);
        }
    }
}
