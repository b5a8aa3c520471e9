//! AdaGrad: per-coordinate steps shrinking with the summed squared gradients.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{AddDecayedWeights, Chain, ScaleByAdagrad};

/// `torch.optim.Adagrad(lr=0.01, lr_decay=0, weight_decay=0,
/// initial_accumulator_value=0, eps=1e-10)`.
///
/// $$g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1},\qquad G_t = G_{t-1} + g_t^2$$
/// $$\theta_t = \theta_{t-1} - \frac{\eta}{1 + (t-1)\,\delta}\;\frac{g_t}{\sqrt{G_t} + \epsilon}$$
///
/// with δ = `lr_decay` and $G_0$ = `initial_accumulator_value`. G only grows, so the
/// step dies away. Reference: J. Duchi, E. Hazan and Y. Singer, "Adaptive subgradient
/// methods for online learning and stochastic optimization" (JMLR 2011).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 0.01, Range::NON_NEGATIVE)?;
    let lr_decay = p.num("lr_decay", 0.0, Range::NON_NEGATIVE)?;
    let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
    let init = p.num("initial_accumulator_value", 0.0, Range::NON_NEGATIVE)?;
    let eps = p.num("eps", 1e-10, Range::NON_NEGATIVE)?;
    Ok(Chain::new("adagrad", lr, dim)
        .then(AddDecayedWeights(weight_decay))
        .then(ScaleByAdagrad::new(lr_decay, eps, init, dim)))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn first_step_is_lr_times_sign() {
        // G = g², step = lr·g/(|g| + 1e-10) ≈ lr·sign(g).
        let mut o = opt("adagrad", 2);
        let p = step(o.as_mut(), &[1.0, 1.0], &[3.0, -0.5], 1, 0.01);
        close(p[0], 1.0 - 0.01 * 3.0 / (3.0 + 1e-10), 1e-16);
        close(p[1], 1.0 + 0.01 * 0.5 / (0.5 + 1e-10), 1e-16);
        assert_eq!(o.momentum(), None);
    }

    #[test]
    fn second_step_with_decay_and_accumulator() {
        // G₀ = 1: G₁ = 1 + 4 = 5, step 1 = 0.1·2/√5; step 2 at rate 0.1/(1 + 0.5):
        // G₂ = 5 + 4 = 9, step = (0.1/1.5)·2/3.
        let mut o = opt(
            "adagrad(lr=0.1, lr_decay=0.5, initial_accumulator_value=1, eps=0)",
            1,
        );
        let p = step(o.as_mut(), &[0.0], &[2.0], 1, 0.1);
        close(p[0], -0.2 / 5f64.sqrt(), 1e-15);
        let q = step(o.as_mut(), &p, &[2.0], 2, 0.1);
        close(q[0] - p[0], -(0.1 / 1.5) * 2.0 / 3.0, 1e-15);
        assert_eq!(o.state()[0], ("sum", vec![9.0]));
    }
}
