//! Adamax: Adam with the infinity norm in place of the root mean square.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{AddDecayedWeights, Chain, ScaleByAdamax};

/// `torch.optim.Adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)`.
///
/// $$g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1},\qquad m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$$
/// $$u_t = \max(\beta_2 u_{t-1},\ |g_t| + \epsilon),\qquad \theta_t = \theta_{t-1} - \frac{\eta}{1-\beta_1^t}\,\frac{m_t}{u_t}$$
///
/// (torch puts ε inside the max). Reference: D. P. Kingma and J. Ba, "Adam: a method
/// for stochastic optimization" (ICLR 2015), section 7.1.
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 2e-3, Range::NON_NEGATIVE)?;
    let beta1 = p.num("beta1", 0.9, Range::UNIT_HALF_OPEN)?;
    let beta2 = p.num("beta2", 0.999, Range::UNIT_HALF_OPEN)?;
    let eps = p.num("eps", 1e-8, Range::NON_NEGATIVE)?;
    let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
    Ok(Chain::new("adamax", lr, dim)
        .with_momentum(beta1)
        .then(AddDecayedWeights(weight_decay))
        .then(ScaleByAdamax::new(beta1, beta2, eps, dim)))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn first_two_steps_by_hand() {
        // Step 1: m = 0.1·2, u = 2 + ε, step = (η/0.1)·0.2/(2 + ε) ≈ η.
        let mut o = opt("adamax(lr=0.01)", 1);
        let p = step(o.as_mut(), &[0.0], &[2.0], 1, 0.01);
        close(
            p[0],
            -(0.01 / (1.0 - 0.9)) * (0.1 * 2.0) / (2.0 + 1e-8),
            1e-14,
        );
        // Step 2 with g = 1: m = 0.9·0.2 + 0.1 = 0.28, u = max(0.999·(2 + ε), 1 + ε).
        let q = step(o.as_mut(), &p, &[1.0], 2, 0.01);
        let u = 0.999 * (2.0 + 1e-8);
        close(q[0] - p[0], -(0.01 / (1.0 - 0.81)) * 0.28 / u, 1e-13);
        assert_eq!(o.state()[1].0, "exp_inf");
    }
}
