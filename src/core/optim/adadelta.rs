//! Adadelta: RMSProp whose numerator tracks the size of past steps.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{AddDecayedWeights, Chain, ScaleByAdadelta};

/// `torch.optim.Adadelta(lr=1, rho=0.9, eps=1e-6, weight_decay=0)`.
///
/// $$g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1},\qquad v_t = \rho v_{t-1} + (1-\rho) g_t^2$$
/// $$\Delta_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t,\qquad u_t = \rho u_{t-1} + (1-\rho)\Delta_t^2,\qquad \theta_t = \theta_{t-1} - \eta\,\Delta_t$$
///
/// Reference: M. D. Zeiler, "ADADELTA: an adaptive learning rate method" (2012).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 1.0, Range::NON_NEGATIVE)?;
    let rho = p.num("rho", 0.9, Range::UNIT)?;
    let eps = p.num("eps", 1e-6, Range::NON_NEGATIVE)?;
    let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
    Ok(Chain::new("adadelta", lr, dim)
        .then(AddDecayedWeights(weight_decay))
        .then(ScaleByAdadelta::new(rho, eps, dim)))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn first_step_is_tiny() {
        // v = 0.1·g², Δ = √ε/√(v + ε)·g: about √ε/√0.1 = 0.00316 for large g.
        let mut o = opt("adadelta", 1);
        let g = 3.0;
        let p = step(o.as_mut(), &[0.0], &[g], 1, 1.0);
        let v: f64 = (1.0 - 0.9) * g * g;
        let d = (1e-6f64).sqrt() / (v + 1e-6).sqrt() * g;
        close(p[0], -d, 1e-15);
        let u = (1.0 - 0.9) * d * d;
        assert_eq!(o.state()[1].0, "acc_delta");
        close(o.state()[1].1[0], u, 1e-15);
    }
}
