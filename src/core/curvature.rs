//! The Hessian diagonal an optimizer may ask for at a step (Sophia's refresh steps),
//! and the [`StepCtx`] that carries it: computed only when the optimizer asks.

use super::optim::{Optimizer, StepCtx};
use super::surface::Surface;

/// Scratch space for the Hessian and its diagonal, reused from step to step.
#[derive(Debug, Clone, PartialEq)]
pub struct Curvature {
    dim: usize,
    hessian: Vec<f64>,
    diag: Vec<f64>,
}

impl Curvature {
    /// Scratch for a surface of `dim` parameters.
    pub fn new(dim: usize) -> Self {
        Curvature {
            dim,
            hessian: vec![0.0; dim * dim],
            diag: vec![0.0; dim],
        }
    }

    /// The context of step `t` at the point `p`, with rate `lr` and cycled
    /// `momentum`; when `opt` wants the Hessian at this step, its diagonal at `p`.
    pub fn ctx<'a>(
        &'a mut self,
        surface: &dyn Surface,
        opt: &dyn Optimizer,
        p: &[f64],
        t: u64,
        lr: f64,
        momentum: Option<f64>,
    ) -> StepCtx<'a> {
        let want = opt.wants_hessian(t) && p.len() == self.dim && surface.dim() == self.dim;
        if want {
            surface.hessian(p, &mut self.hessian);
            let dim = self.dim;
            for (i, d) in self.diag.iter_mut().enumerate() {
                *d = self.hessian.get(i * dim + i).copied().unwrap_or(0.0);
            }
        }
        StepCtx {
            t,
            lr,
            momentum,
            hessian_diag: want.then_some(self.diag.as_slice()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim;
    use crate::core::spec::Spec;
    use crate::core::surface;

    #[test]
    fn only_the_steps_that_ask_get_the_diagonal() {
        let s = surface::build(&Spec::parse("quadratic(a=2, b=6)").unwrap()).unwrap();
        let sophia = optim::build(&Spec::bare("sophia"), 2).unwrap();
        let sgd = optim::build(&Spec::bare("sgd"), 2).unwrap();
        let mut c = Curvature::new(2);
        let ctx = c.ctx(s.as_ref(), sophia.as_ref(), &[1.0, 1.0], 1, 0.1, None);
        assert_eq!(ctx.hessian_diag, Some(&[2.0, 6.0][..]));
        let ctx = c.ctx(s.as_ref(), sgd.as_ref(), &[1.0, 1.0], 1, 0.1, Some(0.5));
        assert_eq!(
            (ctx.hessian_diag, ctx.momentum, ctx.t),
            (None, Some(0.5), 1)
        );
    }
}
