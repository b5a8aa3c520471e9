//! RAdam: Adam whose adaptive step is switched on only once its variance is tractable.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{ops, LastStep, Optimizer, StepCtx};

/// `torch.optim.RAdam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
/// decoupled_weight_decay=False)`.
///
/// $$m_t, v_t \text{ as in Adam},\qquad \hat m_t = \frac{m_t}{1-\beta_1^t},\qquad \rho_\infty = \frac{2}{1-\beta_2} - 1,\qquad \rho_t = \rho_\infty - \frac{2t\beta_2^t}{1-\beta_2^t}$$
/// $$\text{if } \rho_t > 5:\quad r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\rho_t}},\qquad \theta_t = \theta_{t-1} - \eta\,\hat m_t\,\frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t}+\epsilon}\,r_t$$
/// $$\text{else}:\quad \theta_t = \theta_{t-1} - \eta\,\hat m_t$$
///
/// With the default β₂ the first five steps are plain momentum steps (torch's
/// threshold 5). Reference: L. Liu et al., "On the variance of the adaptive learning
/// rate and beyond" (ICLR 2020).
#[derive(Debug, Clone, PartialEq)]
pub struct RAdam {
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    decoupled: bool,
    m: Vec<f64>,
    v: Vec<f64>,
    last: LastStep,
}

impl RAdam {
    pub(super) fn read(p: &mut Params, dim: usize) -> Result<Self> {
        Ok(RAdam {
            lr: p.num("lr", 1e-3, Range::NON_NEGATIVE)?,
            beta1: p.num("beta1", 0.9, Range::UNIT_HALF_OPEN)?,
            beta2: p.num("beta2", 0.999, Range::UNIT_HALF_OPEN)?,
            eps: p.num("eps", 1e-8, Range::NON_NEGATIVE)?,
            weight_decay: p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?,
            decoupled: p.bool("decoupled_weight_decay", false)?,
            m: vec![0.0; dim],
            v: vec![0.0; dim],
            last: LastStep::default(),
        })
    }
}

impl Optimizer for RAdam {
    fn name(&self) -> &str {
        "radam"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn momentum(&self) -> Option<f64> {
        Some(self.beta1)
    }
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &StepCtx) {
        let (lr, b2, wd) = (ctx.lr, self.beta2, self.weight_decay);
        let b1 = ctx.momentum.unwrap_or(self.beta1);
        let t = ctx.t as f64;
        self.last.begin(params);
        if wd != 0.0 && self.decoupled {
            params.iter_mut().for_each(|p| *p *= 1.0 - lr * wd);
        }
        let bc1 = 1.0 - ops::pow(b1, t);
        let bc2 = 1.0 - ops::pow(b2, t);
        let rho_inf = 2.0 / (1.0 - b2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * ops::pow(b2, t) / bc2;
        let rect = ops::pow(
            (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t),
            0.5,
        );
        let bc2_sqrt = ops::pow(bc2, 0.5);
        for (((p, g), m), v) in params
            .iter_mut()
            .zip(grad)
            .zip(self.m.iter_mut())
            .zip(self.v.iter_mut())
        {
            let g = if wd != 0.0 && !self.decoupled {
                ops::add_scaled(*g, wd, *p)
            } else {
                *g
            };
            *m = ops::lerp(*m, g, 1.0 - b1);
            *v = ops::addcmul(*v * b2, 1.0 - b2, g, g);
            let mut x = *m / bc1 * lr;
            if rho_t > 5.0 {
                x = x * (bc2_sqrt / (v.sqrt() + self.eps)) * rect;
            }
            *p = ops::add_scaled(*p, -1.0, x);
        }
        self.last.finish(params, grad);
    }
    fn state(&self) -> Vec<(&'static str, Vec<f64>)> {
        let mut out = vec![("m", self.m.clone()), ("v", self.v.clone())];
        self.last.state(&mut out);
        out
    }
    fn reset(&mut self) {
        self.m.iter_mut().for_each(|x| *x = 0.0);
        self.v.iter_mut().for_each(|x| *x = 0.0);
        self.last = LastStep::default();
    }
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn early_steps_are_momentum_then_rectified() {
        // ρ∞ = 1999; ρ_t ≤ 5 for t ≤ 5 (ρ₅ ≈ 4.99, ρ₆ ≈ 5.99) with β₂ = 0.999.
        let mut o = opt("radam(lr=0.1)", 1);
        let mut p = vec![0.0];
        for t in 1..=5u64 {
            let q = step(o.as_mut(), &p, &[1.0], t, 0.1);
            // Constant g = 1: m̂ = 1, so the step is exactly lr.
            close(q[0] - p[0], -0.1, 1e-14);
            p = q;
        }
        let q = step(o.as_mut(), &p, &[1.0], 6, 0.1);
        let (b2, t) = (0.999f64, 6.0);
        let rho_inf = 2.0 / (1.0 - b2) - 1.0;
        let bc2 = 1.0 - b2.powf(t);
        let rho = rho_inf - 2.0 * t * b2.powf(t) / bc2;
        let r = ((rho - 4.0) * (rho - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho))
            .sqrt();
        // v = bc2 (all g = 1), so √(bc2)/(√v + ε) ≈ 1: the step is about lr·r.
        close(q[0] - p[0], -0.1 * r, 1e-7);
        assert!(r > 0.0 && r < 0.1, "{r}");
    }
}
