//! Lion: the sign of an interpolated momentum, found by program search.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{Chain, ScaleByLion};

/// `lion(lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0)`.
///
/// $$\theta' = \theta_{t-1}(1 - \eta\lambda),\qquad c_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$$
/// $$\theta_t = \theta' - \eta\,\operatorname{sign}(c_t),\qquad m_t = \beta_2 m_{t-1} + (1-\beta_2) g_t$$
///
/// Every coordinate moves by exactly η (or 0 where $c_t = 0$), whatever the scale of
/// the gradient; one state vector. Not part of torch.optim; the arithmetic follows the
/// reference implementation's tensor operations. Reference: X. Chen et al., "Symbolic
/// discovery of optimization algorithms" (NeurIPS 2023).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 1e-4, Range::NON_NEGATIVE)?;
    let beta1 = p.num("beta1", 0.9, Range::UNIT)?;
    let beta2 = p.num("beta2", 0.99, Range::UNIT)?;
    let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
    Ok(Chain::new("lion", lr, dim)
        .with_momentum(beta1)
        .decoupled_weight_decay(weight_decay)
        .then(ScaleByLion::new(beta1, beta2, dim)))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn steps_are_exactly_lr_per_coordinate() {
        let mut o = opt("lion(lr=0.5)", 3);
        let p = step(o.as_mut(), &[1.0, 1.0, 1.0], &[1e-9, -300.0, 0.0], 1, 0.5);
        assert_eq!(p, vec![0.5, 1.5, 1.0]);
        // m = 0.01·g; next c = 0.9·m + 0.1·g: with g = −1e-9 on the first coordinate,
        // c = 0.9·1e-11 − 1e-10 < 0, so it steps up.
        let q = step(o.as_mut(), &p, &[-1e-9, -300.0, 0.0], 2, 0.5);
        assert_eq!(q, vec![1.0, 2.0, 1.0]);
        close(
            o.state()[0].1[1],
            0.99 * 0.01 * -300.0 + 0.01 * -300.0,
            1e-15,
        );
    }

    #[test]
    fn decay_multiplies_by_one_minus_lr_lambda_first() {
        let mut o = opt("lion(lr=0.1, weight_decay=1)", 1);
        assert_eq!(
            step(o.as_mut(), &[2.0], &[1.0], 1, 0.1),
            vec![2.0 * 0.9 - 0.1]
        );
    }
}
