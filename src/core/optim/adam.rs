//! Adam: momentum over a per-coordinate root-mean-square scale, bias-corrected.

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::transform::{AdamParts, AddDecayedWeights, Chain, ScaleByAdam};

/// `torch.optim.Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
/// amsgrad=False)`, plus three switches for the update-anatomy widget.
///
/// $$g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}$$
/// $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2$$
/// $$\hat m_t = \frac{m_t}{1-\beta_1^t},\qquad \hat v_t = \frac{v_t}{1-\beta_2^t},\qquad \theta_t = \theta_{t-1} - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}$$
///
/// With `amsgrad`, $v_t$ in the denominator is replaced by $\max_{s\le t} v_s$.
/// The switches (all `true` by default): `bias_correction = false` uses $m_t, v_t$ for
/// $\hat m_t, \hat v_t$; `first_moment = false` uses $g_t$ for $\hat m_t$ (RMSProp with
/// a bias-corrected $\hat v_t$); `second_moment = false` uses 1 for
/// $\sqrt{\hat v_t} + \epsilon$ (momentum in its moving-average form).
///
/// Reference: D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization"
/// (ICLR 2015); AMSGrad: S. J. Reddi, S. Kale and S. Kumar, "On the convergence of
/// Adam and beyond" (ICLR 2018).
pub(super) fn read(p: &mut Params, dim: usize) -> Result<Chain> {
    read_family(p, dim, "adam", 0.0, false)
}

/// Reads Adam's parameters; AdamW shares them with its own default decay and the
/// decoupled form.
pub(super) fn read_family(
    p: &mut Params,
    dim: usize,
    name: &'static str,
    default_wd: f64,
    decoupled: bool,
) -> Result<Chain> {
    let lr = p.num("lr", 1e-3, Range::NON_NEGATIVE)?;
    let beta1 = p.num("beta1", 0.9, Range::UNIT_HALF_OPEN)?;
    let beta2 = p.num("beta2", 0.999, Range::UNIT_HALF_OPEN)?;
    let eps = p.num("eps", 1e-8, Range::NON_NEGATIVE)?;
    let weight_decay = p.num("weight_decay", default_wd, Range::NON_NEGATIVE)?;
    let amsgrad = p.bool("amsgrad", false)?;
    let parts = AdamParts {
        bias_correction: p.bool("bias_correction", true)?,
        first_moment: p.bool("first_moment", true)?,
        second_moment: p.bool("second_moment", true)?,
    };
    let chain = Chain::new(name, lr, dim).with_momentum(beta1);
    let chain = if decoupled {
        chain.decoupled_weight_decay(weight_decay)
    } else {
        chain.then(AddDecayedWeights(weight_decay))
    };
    Ok(chain.then(ScaleByAdam::new(beta1, beta2, eps, amsgrad, parts, dim)))
}

#[cfg(test)]
mod tests {
    use crate::core::optim::testing::*;

    #[test]
    fn first_step_is_lr_times_sign() {
        // m̂ = g, v̂ = g²: step = lr·g/(|g| + ε).
        let mut o = opt("adam(lr=0.1)", 2);
        let p = step(o.as_mut(), &[1.0, 1.0], &[4.0, -0.25], 1, 0.1);
        close(p[0], 1.0 - 0.1 * 4.0 / (4.0 + 1e-8), 1e-15);
        close(p[1], 1.0 + 0.1 * 0.25 / (0.25 + 1e-8), 1e-15);
        assert_eq!(o.momentum(), Some(0.9));
    }

    #[test]
    fn second_step_by_hand() {
        // g₁ = 1, g₂ = 3: m₂ = 0.9·0.1 + 0.1·3 = 0.39, v₂ = 0.999·0.001 + 0.001·9,
        // m̂ = 0.39/0.19, v̂ = v₂/(1 − 0.999²).
        let mut o = opt("adam(lr=0.01, eps=0)", 1);
        let p = step(o.as_mut(), &[0.0], &[1.0], 1, 0.01);
        let q = step(o.as_mut(), &p, &[3.0], 2, 0.01);
        let m = 0.39 / (1.0 - 0.81);
        let v = (0.999 * 0.001 + 0.001 * 9.0) / (1.0 - 0.999f64 * 0.999);
        close(q[0] - p[0], -0.01 * m / v.sqrt(), 1e-12);
    }

    #[test]
    fn amsgrad_keeps_the_largest_v() {
        let mut o = opt("adam(amsgrad=true)", 1);
        let get = |o: &dyn crate::core::optim::Optimizer, key: &str| {
            o.state().into_iter().find(|(k, _)| *k == key).unwrap().1[0]
        };
        let p = step(o.as_mut(), &[0.0], &[10.0], 1, 1e-3);
        let v1 = get(o.as_ref(), "v");
        step(o.as_mut(), &p, &[0.0], 2, 1e-3);
        assert_eq!(get(o.as_ref(), "v"), v1 * 0.999);
        assert_eq!(get(o.as_ref(), "v_hat_max"), v1);
    }

    #[test]
    fn without_both_moments_it_is_plain_sgd() {
        let mut a = opt("adam(lr=0.05, first_moment=false, second_moment=false)", 2);
        let mut b = opt("sgd(lr=0.05)", 2);
        let pa = bowl(a.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.05, 30);
        let pb = bowl(b.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.05, 30);
        assert_eq!(pa, pb);
    }

    #[test]
    fn without_first_moment_and_bias_correction_it_is_rmsprop() {
        let mut a = opt(
            "adam(lr=0.01, beta2=0.9, first_moment=false, bias_correction=false)",
            2,
        );
        let mut b = opt("rmsprop(lr=0.01, alpha=0.9)", 2);
        let pa = bowl(a.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.01, 40);
        let pb = bowl(b.as_mut(), &[1.0, 10.0], &[1.0, -1.0], 0.01, 40);
        assert_eq!(pa, pb);
        assert!(a.state().iter().all(|(k, _)| *k != "m"));
    }

    #[test]
    fn without_first_moment_it_is_bias_corrected_rmsprop() {
        // θ ← θ − η·g/(√(v/(1 − β₂ᵗ)) + ε) with v the moving average of g².
        let mut o = opt("adam(lr=0.01, first_moment=false)", 1);
        let (mut x, mut v) = (1.0f64, 0.0f64);
        for (t, q) in bowl(o.as_mut(), &[2.0], &[1.0], 0.01, 10)
            .iter()
            .enumerate()
        {
            let g = 2.0 * x;
            v = 0.999 * v + 0.001 * g * g;
            let vh = v / (1.0 - 0.999f64.powi(t as i32 + 1));
            x -= 0.01 * g / (vh.sqrt() + 1e-8);
            close(q[0], x, 1e-13);
        }
    }

    #[test]
    fn without_second_moment_it_is_moving_average_momentum() {
        // m ← βm + (1 − β)g, θ ← θ − η·m equals torch's SGD with momentum β and rate
        // η(1 − β) (its buffer is m/(1 − β)).
        let mut a = opt(
            "adam(lr=0.1, beta1=0.8, second_moment=false, bias_correction=false)",
            2,
        );
        let mut b = opt("sgd(lr=0.02, momentum=0.8)", 2);
        let pa = bowl(a.as_mut(), &[1.0, 5.0], &[1.0, -1.0], 0.1, 50);
        let pb = bowl(b.as_mut(), &[1.0, 5.0], &[1.0, -1.0], 0.02, 50);
        for (x, y) in pa.iter().flatten().zip(pb.iter().flatten()) {
            close(*x, *y, 1e-13);
        }
        // With bias correction the first step is η·g.
        let mut c = opt("adam(lr=0.1, second_moment=false)", 1);
        close(step(c.as_mut(), &[0.0], &[3.0], 1, 0.1)[0], -0.3, 1e-15);
        assert!(c.state().iter().all(|(k, _)| *k != "v"));
    }

    #[test]
    fn without_bias_correction_the_first_step_is_too_small_by_1_minus_beta1_over_sqrt() {
        // m = 0.1g, v = 0.001g²: step = η·0.1/√0.001 ≈ 3.16η.
        let mut o = opt("adam(lr=0.01, eps=0, bias_correction=false)", 1);
        let p = step(o.as_mut(), &[0.0], &[2.0], 1, 0.01);
        close(p[0], -0.01 * 0.1 * 2.0 / (0.001f64 * 4.0).sqrt(), 1e-14);
    }
}
