//! RMSProp: steps scaled by a moving root-mean-square of the gradients.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{AddDecayedWeights, Chain, ScaleByRms, Trace};

/// `torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
/// centered=False)`.
///
/// $$g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1},\qquad v_t = \alpha v_{t-1} + (1-\alpha) g_t^2$$
/// $$\tilde v_t = v_t - \bar g_t^2 \text{ if centered } (\bar g_t = \alpha\bar g_{t-1} + (1-\alpha)g_t),\text{ else } v_t$$
/// $$b_t = \mu b_{t-1} + \frac{g_t}{\sqrt{\tilde v_t} + \epsilon},\qquad \theta_t = \theta_{t-1} - \eta\, b_t$$
///
/// (with μ = 0, $\theta_t = \theta_{t-1} - \eta g_t/(\sqrt{\tilde v_t}+\epsilon)$). There is
/// no bias correction, so with α = 0.99 the first step is about 10·η per coordinate.
/// Reference: T. Tieleman and G. Hinton, Lecture 6.5 of "Neural Networks for Machine
/// Learning" (Coursera, 2012); centered form: A. Graves, "Generating sequences with
/// recurrent neural networks" (2013).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    let lr = p.num("lr", 0.01, Range::NON_NEGATIVE)?;
    let alpha = p.num("alpha", 0.99, Range::NON_NEGATIVE)?;
    let eps = p.num("eps", 1e-8, Range::NON_NEGATIVE)?;
    let weight_decay = p.num("weight_decay", 0.0, Range::NON_NEGATIVE)?;
    let momentum = p.num("momentum", 0.0, Range::NON_NEGATIVE)?;
    let centered = p.bool("centered", false)?;
    Ok(Chain::new("rmsprop", lr, dim)
        .then(AddDecayedWeights(weight_decay))
        .then(ScaleByRms::new(alpha, eps, centered, dim))
        .then(Trace::new(momentum, 0.0, false))
        .with_momentum(momentum))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn first_step_is_ten_times_lr() {
        // v = 0.01·g², step = lr·g/(0.1|g| + ε) ≈ 10·lr·sign(g).
        let mut o = opt("rmsprop", 1);
        let p = step(o.as_mut(), &[0.0], &[2.0], 1, 0.01);
        let v: f64 = (1.0 - 0.99) * 2.0 * 2.0;
        close(p[0], -0.01 * 2.0 / (v.sqrt() + 1e-8), 1e-15);
        assert!((p[0] + 0.1).abs() < 1e-6);
    }

    #[test]
    fn centered_and_momentum_second_step() {
        // alpha = 0.5, g = 2 twice, eps = 0, lr = 1, momentum = 0.5.
        // Step 1: v = 2, ḡ = 1, avg = √(2 − 1) = 1, b = 2, θ = −2.
        // Step 2: v = 3, ḡ = 1.5, avg = √(3 − 2.25) = √0.75, b = 0.5·2 + 2/√0.75.
        let mut o = opt(
            "rmsprop(lr=1, alpha=0.5, eps=0, momentum=0.5, centered=true)",
            1,
        );
        let p = step(o.as_mut(), &[0.0], &[2.0], 1, 1.0);
        assert_eq!(p, vec![-2.0]);
        let q = step(o.as_mut(), &p, &[2.0], 2, 1.0);
        close(q[0], -2.0 - (1.0 + 2.0 / 0.75f64.sqrt()), 1e-15);
        let names: Vec<_> = o.state().iter().map(|(k, _)| *k).collect();
        assert_eq!(&names[..3], ["square_avg", "grad_avg", "momentum_buffer"]);
    }
}
