//! Sophia: clipped steps preconditioned by a cheap, periodically refreshed curvature.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{Chain, ScaleBySophia};

/// `sophia(lr=1e-4, beta1=0.965, beta2=0.99, rho=0.04, eps=1e-12, weight_decay=0.1, k=10)`.
///
/// $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$$
/// $$h_t = \beta_2 h_{t-k} + (1-\beta_2)\operatorname{diag}\nabla^2 f(\theta_{t-1}) \quad\text{at } t \equiv 1 \pmod k,\ \text{else } h_t = h_{t-1}$$
/// $$\theta' = \theta_{t-1}(1 - \eta\lambda),\qquad \theta_t = \theta' - \eta\,\operatorname{clip}\!\Bigl(\frac{m_t}{\max(\rho h_t, \epsilon)}, -1, 1\Bigr)$$
///
/// Here the exact Hessian diagonal of the surface stands in for the paper's stochastic
/// estimators (Hutchinson, Gauss-Newton-Bartlett). Where the curvature is negative or
/// tiny the clip turns the step into η·sign(m). Not part of torch.optim. Reference:
/// H. Liu et al., "Sophia: a scalable stochastic second-order optimizer for language
/// model pre-training" (ICLR 2024).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 1e-4, Range::NON_NEGATIVE)?;
    let beta1 = p.num("beta1", 0.965, Range::UNIT_HALF_OPEN)?;
    let beta2 = p.num("beta2", 0.99, Range::UNIT_HALF_OPEN)?;
    let rho = p.num("rho", 0.04, Range::NON_NEGATIVE)?;
    let eps = p.num("eps", 1e-12, Range::POSITIVE)?;
    let weight_decay = p.num("weight_decay", 0.1, Range::NON_NEGATIVE)?;
    let k = p.int("k", 10, 1, 1_000_000)?;
    Ok(Chain::new("sophia", lr, dim)
        .with_momentum(beta1)
        .decoupled_weight_decay(weight_decay)
        .then(ScaleBySophia::new(beta1, beta2, rho, eps, k, dim)))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;
    use crate::core::optim::StepCtx;

    #[test]
    fn refreshes_every_k_steps_and_clips() {
        let mut o = opt(
            "sophia(lr=0.1, beta1=0.5, beta2=0.5, rho=1, weight_decay=0, k=2)",
            2,
        );
        let wants: Vec<bool> = (1..=5).map(|t| o.wants_hessian(t)).collect();
        assert_eq!(wants, [true, false, true, false, true]);
        let hd = [4.0, -1.0];
        let mut p = vec![0.0, 0.0];
        let ctx = StepCtx {
            hessian_diag: Some(&hd),
            ..StepCtx::plain(1, 0.1)
        };
        o.step(&mut p, &[1.0, 1.0], &ctx);
        // m = 0.5·g = 0.5; h = 0.5·hd = (2, −0.5).
        // x: 0.5/max(2, ε) = 0.25; y: negative curvature → 0.5/ε, clipped to 1.
        close(p[0], -0.1 * 0.25, 1e-16);
        close(p[1], -0.1, 1e-16);
        // Step 2 is no refresh step: h stays even if a diagonal is passed.
        let ctx = StepCtx {
            hessian_diag: Some(&[100.0, 100.0]),
            ..StepCtx::plain(2, 0.1)
        };
        o.step(&mut p, &[1.0, 1.0], &ctx);
        assert_eq!(o.state()[1], ("h", vec![2.0, -0.5]));
    }

    #[test]
    fn default_decay_is_decoupled() {
        // No Hessian yet (h = 0): the step is lr·clip(m/ε) = lr·sign(g).
        let mut o = opt("sophia(lr=0.01)", 1);
        let p = step(o.as_mut(), &[2.0], &[1.0], 1, 0.01);
        close(p[0], 2.0 * (1.0 - 0.01 * 0.1) - 0.01, 1e-15);
    }
}
