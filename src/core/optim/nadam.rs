//! NAdam: Adam with Nesterov momentum and torch's momentum-decay schedule.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{ops, LastStep, Optimizer, StepCtx};

/// `torch.optim.NAdam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
/// momentum_decay=4e-3, decoupled_weight_decay=False)`.
///
/// $$\mu_t = \beta_1\bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr),\qquad \Pi_t = \prod_{s\le t}\mu_s$$
/// $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,\qquad \hat v_t = \frac{v_t}{1-\beta_2^t}$$
/// $$\theta_t = \theta_{t-1} - \eta\,\frac{1-\mu_t}{1-\Pi_t}\,\frac{g_t}{\sqrt{\hat v_t}+\epsilon} - \eta\,\frac{\mu_{t+1}}{1-\Pi_t\,\mu_{t+1}}\,\frac{m_t}{\sqrt{\hat v_t}+\epsilon}$$
///
/// with ψ = `momentum_decay` and $g_t$ including the L2 term $\lambda\theta_{t-1}$, or,
/// with `decoupled_weight_decay`, $\theta_{t-1}$ first multiplied by $1-\eta\lambda$.
/// The product $\Pi_t$ is torch's `mu_product` state. Reference: T. Dozat,
/// "Incorporating Nesterov momentum into Adam" (ICLR 2016 workshop).
#[derive(Debug, Clone, PartialEq)]
pub struct NAdam {
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    momentum_decay: f64,
    decoupled: bool,
    m: Vec<f64>,
    v: Vec<f64>,
    mu_product: f64,
    last: LastStep,
}

impl NAdam {
    pub(super) fn read(p: &mut Params, dim: usize) -> Result<Self> {
        Ok(NAdam {
            lr: p.num("lr", 2e-3, Range::NON_NEGATIVE)?,
            beta1: p.num("beta1", 0.9, Range::UNIT_HALF_OPEN)?,
            beta2: p.num("beta2", 0.999, Range::UNIT_HALF_OPEN)?,
            eps: p.num("eps", 1e-8, Range::NON_NEGATIVE)?,
            weight_decay: p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?,
            momentum_decay: p.num("momentum_decay", 4e-3, Range::NON_NEGATIVE)?,
            decoupled: p.bool("decoupled_weight_decay", false)?,
            m: vec![0.0; dim],
            v: vec![0.0; dim],
            mu_product: 1.0,
            last: LastStep::default(),
        })
    }
}

impl Optimizer for NAdam {
    fn name(&self) -> &str {
        "nadam"
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
        let bc2 = 1.0 - ops::pow(b2, t);
        if wd != 0.0 && self.decoupled {
            params.iter_mut().for_each(|p| *p *= 1.0 - lr * wd);
        }
        let mu = b1 * (1.0 - 0.5 * ops::pow(0.96, t * self.momentum_decay));
        let mu_next = b1 * (1.0 - 0.5 * ops::pow(0.96, (t + 1.0) * self.momentum_decay));
        self.mu_product *= mu;
        let mu_product_next = self.mu_product * mu_next;
        let c_grad = -lr * (1.0 - mu) / (1.0 - self.mu_product);
        let c_m = (-lr * mu_next) / (1.0 - mu_product_next);
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
            let denom = (*v / bc2).sqrt() + self.eps;
            *p = ops::addcdiv(*p, c_grad, g, denom);
            *p = ops::addcdiv(*p, c_m, *m, denom);
        }
        self.last.finish(params, grad);
    }
    fn state(&self) -> Vec<(&'static str, Vec<f64>)> {
        let mut out = vec![
            ("m", self.m.clone()),
            ("v", self.v.clone()),
            ("mu_product", vec![self.mu_product]),
        ];
        self.last.state(&mut out);
        out
    }
    fn reset(&mut self) {
        self.m.iter_mut().for_each(|x| *x = 0.0);
        self.v.iter_mut().for_each(|x| *x = 0.0);
        self.mu_product = 1.0;
        self.last = LastStep::default();
    }
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn first_step_by_hand() {
        // t = 1: μ₁ = 0.9(1 − ½·0.96^0.004), μ₂ = 0.9(1 − ½·0.96^0.008), Π₁ = μ₁,
        // m = 0.1g, v̂ = g²: step = η(1 − μ₁)/(1 − μ₁)·g/|g| + η·μ₂/(1 − μ₁μ₂)·0.1·sign g.
        let mut o = opt("nadam(lr=0.01, eps=0)", 1);
        let p = step(o.as_mut(), &[0.0], &[5.0], 1, 0.01);
        let mu1 = 0.9 * (1.0 - 0.5 * 0.96f64.powf(0.004));
        let mu2 = 0.9 * (1.0 - 0.5 * 0.96f64.powf(0.008));
        let want = -0.01 - 0.01 * mu2 / (1.0 - mu1 * mu2) * 0.1;
        close(p[0], want, 1e-14);
        close(o.state()[2].1[0], mu1, 1e-16);
    }

    #[test]
    fn decoupled_decay_and_l2_differ() {
        let mut a = opt("nadam(weight_decay=0.5)", 1);
        let mut b = opt("nadam(weight_decay=0.5, decoupled_weight_decay=true)", 1);
        let pa = step(a.as_mut(), &[2.0], &[1.0], 1, 0.1);
        let pb = step(b.as_mut(), &[2.0], &[1.0], 1, 0.1);
        assert!((pa[0] - pb[0]).abs() > 0.05, "{pa:?} {pb:?}");
        // Decoupled: θ' = 2(1 − 0.05) = 1.9 before the (sign-like) NAdam step.
        assert!(pb[0] < 1.9 && pb[0] > 1.7);
    }
}
