//! AdamW: Adam with weight decay decoupled from the gradient.

use crate::core::error::Result;
use crate::core::spec::Params;

use super::transform::Chain;

/// `torch.optim.AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,
/// amsgrad=False)`, with Adam's anatomy switches.
///
/// $$\theta' = \theta_{t-1}\,(1 - \eta\lambda)$$
/// $$m_t, v_t, \hat m_t, \hat v_t \text{ as in Adam, from } g_t = \nabla f(\theta_{t-1})$$
/// $$\theta_t = \theta' - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}$$
///
/// The decay is not rescaled by the adaptive denominator, unlike an L2 penalty in Adam.
/// Reference: I. Loshchilov and F. Hutter, "Decoupled weight decay regularization"
/// (ICLR 2019).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    super::adam::read_family(p, dim, "adamw", 0.01, true)
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn decay_comes_first_and_is_lr_times_lambda() {
        // θ' = 2·(1 − 0.1·0.5) = 1.9, then the Adam step 0.1·g/(|g| + ε).
        let mut o = opt("adamw(lr=0.1, weight_decay=0.5)", 1);
        let p = step(o.as_mut(), &[2.0], &[1.0], 1, 0.1);
        close(p[0], 1.9 - 0.1 / (1.0 + 1e-8), 1e-15);
    }

    #[test]
    fn zero_decay_is_adam_and_default_is_not() {
        let mut a = opt("adamw(lr=0.02, weight_decay=0)", 2);
        let mut b = opt("adam(lr=0.02)", 2);
        let pa = bowl(a.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.02, 30);
        let pb = bowl(b.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.02, 30);
        assert_eq!(pa, pb);
        let mut c = opt("adamw(lr=0.02)", 2);
        assert_ne!(bowl(c.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.02, 30), pb);
    }

    #[test]
    fn adam_l2_differs_from_decoupled() {
        // Adam + L2 rescales λθ by the denominator; AdamW does not.
        let mut a = opt("adam(lr=0.1, weight_decay=0.5)", 1);
        let mut w = opt("adamw(lr=0.1, weight_decay=0.5)", 1);
        let pa = step(a.as_mut(), &[2.0], &[1.0], 1, 0.1);
        let pw = step(w.as_mut(), &[2.0], &[1.0], 1, 0.1);
        // Adam + L2: g = 2, step = 0.1·2/(2 + ε) ≈ 0.1.
        close(pa[0], 2.0 - 0.1 * 2.0 / (2.0 + 1e-8), 1e-15);
        assert!((pa[0] - pw[0]).abs() > 0.09);
    }
}
