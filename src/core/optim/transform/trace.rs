//! Heavy-ball momentum in PyTorch's form.

use super::{ops, StepCtx, Transform, Update};

/// torch's momentum buffer: `b₁ = d`, `b_t = μ·b_{t−1} + (1 − τ)·d`; the direction
/// becomes `b_t`, or `d + μ·b_t` with Nesterov.
///
/// `d` is the incoming direction with any denominator divided in (so after
/// [`super::ScaleByRms`] this is RMSProp's momentum buffer, `b ← μb + g/avg`). With
/// μ = 0 (and no cycled momentum) the stage does nothing, as torch skips it.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    momentum: f64,
    dampening: f64,
    nesterov: bool,
    buf: Option<Vec<f64>>,
}

impl Trace {
    /// Momentum μ, dampening τ, Nesterov's variant or not.
    pub fn new(momentum: f64, dampening: f64, nesterov: bool) -> Self {
        Trace {
            momentum,
            dampening,
            nesterov,
            buf: None,
        }
    }
}

impl Transform for Trace {
    fn apply(&mut self, u: &mut Update, _params: &[f64], ctx: &StepCtx) {
        let mu = ctx.momentum.unwrap_or(self.momentum);
        if mu == 0.0 {
            return;
        }
        let n = u.dir.len();
        match self.buf.as_mut() {
            None => {
                self.buf = Some((0..n).map(|i| u.resolved(i)).collect());
            }
            Some(b) => {
                b.resize(n, 0.0);
                for (i, bi) in b.iter_mut().enumerate() {
                    *bi = ops::add_scaled(*bi * mu, 1.0 - self.dampening, u.resolved(i));
                }
            }
        }
        let Some(b) = self.buf.as_ref() else { return };
        for (i, (d, bi)) in u.dir.iter_mut().zip(b).enumerate() {
            let x = if u.has_den {
                *d / u.den.get(i).copied().unwrap_or(1.0)
            } else {
                *d
            };
            *d = if self.nesterov {
                ops::add_scaled(x, mu, *bi)
            } else {
                *bi
            };
        }
        u.has_den = false;
    }
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        if let Some(b) = &self.buf {
            out.push(("momentum_buffer", b.clone()));
        }
    }
    fn reset(&mut self) {
        self.buf = None;
    }
}
