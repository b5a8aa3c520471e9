//! Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 decay.

use crate::core::error::{Error, Result};
use crate::core::spec::{Params, Range};

use super::{Optimizer, StepCtx};

/// `torch.optim.SGD`.
///
/// $$g \leftarrow \nabla f(\theta) + \lambda\theta$$
/// $$b_1 = g,\quad b_t = \mu b_{t-1} + (1-\tau) g \;(t>1)$$
/// $$\theta \leftarrow \theta - \eta\,(g + \mu b_t \text{ if nesterov else } b_t)$$
///
/// With `momentum = 0` the step is plain $\theta \leftarrow \theta - \eta g$.
/// Reference: Sutskever et al., "On the importance of initialization and momentum in
/// deep learning" (ICML 2013); PyTorch's `SGD` documentation.
#[derive(Debug, Clone)]
pub struct Sgd {
    lr: f64,
    momentum: f64,
    dampening: f64,
    weight_decay: f64,
    nesterov: bool,
    buf: Option<Vec<f64>>,
    dim: usize,
}

impl Sgd {
    pub(super) fn read(p: &mut Params, dim: usize) -> Result<Self> {
        let lr = p.num("lr", 1e-3, Range::NON_NEGATIVE)?;
        let momentum = p.num("momentum", 0.0, Range::NON_NEGATIVE)?;
        let dampening = p.num("dampening", 0.0, Range::ANY)?;
        let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
        let nesterov = p.bool("nesterov", false)?;
        if nesterov && (momentum <= 0.0 || dampening != 0.0) && !p.describing() {
            return Err(Error::new(
                "sgd: nesterov=true requires momentum > 0 and dampening = 0",
            ));
        }
        Ok(Sgd {
            lr,
            momentum,
            dampening,
            weight_decay,
            nesterov,
            buf: None,
            dim,
        })
    }
}

impl Optimizer for Sgd {
    fn name(&self) -> &str {
        "sgd"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn momentum(&self) -> Option<f64> {
        (self.momentum > 0.0).then_some(self.momentum)
    }
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &StepCtx) {
        let mu = ctx.momentum.unwrap_or(self.momentum);
        let first = self.buf.is_none();
        let buf = self.buf.get_or_insert_with(|| vec![0.0; self.dim]);
        for ((p, &g0), b) in params.iter_mut().zip(grad).zip(buf.iter_mut()) {
            let mut g = g0 + self.weight_decay * *p;
            if self.momentum != 0.0 {
                *b = if first {
                    g
                } else {
                    mu * *b + (1.0 - self.dampening) * g
                };
                g = if self.nesterov { g + mu * *b } else { *b };
            }
            *p -= ctx.lr * g;
        }
    }
    fn state(&self) -> Vec<(&'static str, Vec<f64>)> {
        match (&self.buf, self.momentum != 0.0) {
            (Some(b), true) => vec![("momentum_buffer", b.clone())],
            _ => Vec::new(),
        }
    }
    fn reset(&mut self) {
        self.buf = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::build;
    use crate::core::spec::Spec;

    fn ctx(t: u64, lr: f64) -> StepCtx<'static> {
        StepCtx {
            t,
            lr,
            momentum: None,
            hessian_diag: None,
        }
    }

    #[test]
    fn plain_step_is_lr_times_gradient() {
        let mut o = build(&Spec::parse("sgd(lr=0.1)").unwrap(), 2).unwrap();
        let mut p = vec![1.0, -2.0];
        o.step(&mut p, &[0.5, -4.0], &ctx(1, 0.1));
        assert_eq!(p, vec![1.0 - 0.05, -2.0 + 0.4]);
    }

    #[test]
    fn momentum_buffer_starts_at_first_gradient_without_dampening() {
        // torch: buf = g on step 1 (dampening not applied), then mu*buf + (1-d)*g.
        let mut o = build(
            &Spec::parse("sgd(lr=0.1, momentum=0.9, dampening=0.5)").unwrap(),
            1,
        )
        .unwrap();
        let mut p = vec![0.0];
        o.step(&mut p, &[1.0], &ctx(1, 0.1));
        assert!((p[0] - -0.1).abs() < 1e-15);
        o.step(&mut p, &[1.0], &ctx(2, 0.1));
        // buf = 0.9*1 + 0.5*1 = 1.4
        assert!((p[0] - (-0.1 - 0.14)).abs() < 1e-15);
    }

    #[test]
    fn nesterov_steps_by_g_plus_mu_buf() {
        let mut o = build(
            &Spec::parse("sgd(lr=1, momentum=0.5, nesterov=true)").unwrap(),
            1,
        )
        .unwrap();
        let mut p = vec![0.0];
        o.step(&mut p, &[2.0], &ctx(1, 1.0));
        // buf = 2, step = 2 + 0.5*2 = 3
        assert_eq!(p[0], -3.0);
        assert!(build(&Spec::parse("sgd(nesterov=true)").unwrap(), 1).is_err());
    }
}
