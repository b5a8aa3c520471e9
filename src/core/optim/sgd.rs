//! Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 decay.

use crate::core::error::{Error, Result};
use crate::core::spec::{Params, Range};

use super::transform::{AddDecayedWeights, Chain, Trace};

/// `torch.optim.SGD(lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False)`.
///
/// $$g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}$$
/// $$b_1 = g_1,\qquad b_t = \mu b_{t-1} + (1-\tau)\,g_t \quad (t>1)$$
/// $$\theta_t = \theta_{t-1} - \eta\,\bigl(g_t + \mu b_t \text{ if nesterov, else } b_t\bigr)$$
///
/// With μ = 0 the step is plain $\theta_t = \theta_{t-1} - \eta g_t$. The buffer starts
/// as the first gradient itself (dampening is not applied on step 1). A cycling
/// schedule replaces μ per step; with μ = 0 in the spec torch then still keeps a
/// buffer, and so does this.
///
/// References: H. Robbins and S. Monro, "A stochastic approximation method" (1951);
/// B. T. Polyak, "Some methods of speeding up the convergence of iteration methods"
/// (1964); I. Sutskever et al., "On the importance of initialization and momentum in
/// deep learning" (ICML 2013).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 1e-3, Range::NON_NEGATIVE)?;
    let momentum = p.num("momentum", 0.0, Range::NON_NEGATIVE)?;
    let dampening = p.num("dampening", 0.0, Range::ANY)?;
    let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
    let nesterov = p.bool("nesterov", false)?;
    if nesterov && (momentum <= 0.0 || dampening != 0.0) && !p.describing() {
        return Err(Box::new(Error::Incompatible {
            owner: "sgd".into(),
            reason: "nesterov=true requires momentum > 0 and dampening = 0".into(),
        }));
    }
    Ok(Chain::new("sgd", lr, dim)
        .then(AddDecayedWeights(weight_decay))
        .then(Trace::new(momentum, dampening, nesterov))
        .with_momentum(momentum))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;
    use crate::core::optim::StepCtx;

    #[test]
    fn plain_step_is_lr_times_gradient() {
        let mut o = opt("sgd(lr=0.1)", 2);
        let p = step(o.as_mut(), &[1.0, -2.0], &[0.5, -4.0], 1, 0.1);
        assert_eq!(p, vec![1.0 - 0.05, -2.0 + 0.4]);
        assert!(o.state().iter().all(|(k, _)| *k != "momentum_buffer"));
    }

    #[test]
    fn momentum_buffer_starts_at_first_gradient_without_dampening() {
        // torch: buf = g on step 1 (dampening not applied), then mu*buf + (1-d)*g.
        let mut o = opt("sgd(lr=0.1, momentum=0.9, dampening=0.5)", 1);
        let p = step(o.as_mut(), &[0.0], &[1.0], 1, 0.1);
        assert!((p[0] - -0.1).abs() < 1e-15);
        let p = step(o.as_mut(), &p, &[1.0], 2, 0.1);
        // buf = 0.9*1 + 0.5*1 = 1.4
        assert!((p[0] - (-0.1 - 0.14)).abs() < 1e-15);
        assert_eq!(o.state()[0], ("momentum_buffer", vec![1.4]));
    }

    #[test]
    fn nesterov_steps_by_g_plus_mu_buf() {
        let mut o = opt("sgd(lr=1, momentum=0.5, nesterov=true)", 1);
        let p = step(o.as_mut(), &[0.0], &[2.0], 1, 1.0);
        // buf = 2, step = 2 + 0.5*2 = 3
        assert_eq!(p[0], -3.0);
        // buf = 0.5*2 + 1 = 2, step = 1 + 0.5*2 = 2
        let p = step(o.as_mut(), &p, &[1.0], 2, 1.0);
        assert_eq!(p[0], -5.0);
        assert!(crate::core::optim::build(
            &crate::core::spec::Spec::parse("sgd(nesterov=true)").unwrap(),
            1
        )
        .is_err());
    }

    #[test]
    fn weight_decay_adds_lambda_theta() {
        // g = 1 + 0.1·2 = 1.2; θ = 2 − 0.5·1.2 = 1.4.
        let mut o = opt("sgd(lr=0.5, weight_decay=0.1)", 1);
        assert_eq!(step(o.as_mut(), &[2.0], &[1.0], 1, 0.5), vec![1.4]);
    }

    #[test]
    fn momentum_zero_equals_plain_and_cycled_momentum_engages_the_buffer() {
        let mut a = opt("sgd(lr=0.05)", 2);
        let mut b = opt("sgd(lr=0.05, momentum=0, dampening=0.3)", 2);
        let pa = bowl(a.as_mut(), &[1.0, 10.0], &[1.0, 1.0], 0.05, 20);
        let pb = bowl(b.as_mut(), &[1.0, 10.0], &[1.0, 1.0], 0.05, 20);
        assert_eq!(pa, pb);
        assert_eq!(a.momentum(), Some(0.0));
        // A schedule that sets momentum 0.5 makes the second step use the buffer.
        let mut c = opt("sgd(lr=1)", 1);
        let ctx = |t| StepCtx {
            momentum: Some(0.5),
            ..StepCtx::plain(t, 1.0)
        };
        let mut p = vec![0.0];
        c.step(&mut p, &[1.0], &ctx(1));
        c.step(&mut p, &[1.0], &ctx(2));
        assert_eq!(p, vec![-1.0 - 1.5]);
    }
}
