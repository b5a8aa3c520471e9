//! Adam for many cells at once, state as structure of arrays.

use super::rule::{swap_remove_wide, Rule};
use crate::core::optim::ops;
use crate::core::surface::Surface;

/// The hyperparameters of one Adam cell (torch's names; no AMSGrad).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamParams {
    /// Learning rate η.
    pub lr: f64,
    /// β₁.
    pub beta1: f64,
    /// β₂.
    pub beta2: f64,
    /// ε.
    pub eps: f64,
    /// Coupled (L2) weight decay λ.
    pub weight_decay: f64,
}

/// `torch.optim.Adam` (amsgrad off) for a batch of cells, with the operations of
/// `core::optim`'s chain in the same order: `d = g + λθ`, `v = β₂v + (1−β₂)d²`,
/// `den = √v/√(1−β₂ᵗ) + ε`, `m = lerp(m, d, 1−β₁)`, `θ = θ + (−η/(1−β₁ᵗ))·m/den`.
pub struct Adam {
    params: Vec<AdamParams>,
    m: Vec<f64>,
    v: Vec<f64>,
    dim: usize,
}

impl Adam {
    /// One parameter set per cell, for a surface of `dim` parameters.
    pub fn new(params: Vec<AdamParams>, dim: usize) -> Self {
        let n = params.len() * dim;
        Adam {
            params,
            m: vec![0.0; n],
            v: vec![0.0; n],
            dim,
        }
    }
}

impl Rule for Adam {
    fn step(&mut self, t: u64, dim: usize, x: &mut [f64], g: &[f64], _s: &dyn Surface) {
        if dim != self.dim || dim == 0 {
            return;
        }
        let tf = t as f64;
        for ((((p, xs), gs), ms), vs) in self
            .params
            .iter()
            .zip(x.chunks_exact_mut(dim))
            .zip(g.chunks_exact(dim))
            .zip(self.m.chunks_exact_mut(dim))
            .zip(self.v.chunks_exact_mut(dim))
        {
            let bc2_sqrt = ops::pow(1.0 - ops::pow(p.beta2, tf), 0.5);
            let step = p.lr / (1.0 - ops::pow(p.beta1, tf));
            let (w1, w2) = (1.0 - p.beta1, 1.0 - p.beta2);
            for (((xi, gi), mi), vi) in xs.iter_mut().zip(gs).zip(ms.iter_mut()).zip(vs.iter_mut())
            {
                let mut d = *gi;
                if p.weight_decay != 0.0 {
                    d = ops::add_scaled(d, p.weight_decay, *xi);
                }
                *vi = ops::addcmul(*vi * p.beta2, w2, d, d);
                let den = vi.sqrt() / bc2_sqrt + p.eps;
                *mi = ops::lerp(*mi, d, w1);
                *xi = ops::addcdiv(*xi, -step, *mi, den);
            }
        }
    }
    fn swap_remove(&mut self, i: usize) {
        if i < self.params.len() {
            self.params.swap_remove(i);
            swap_remove_wide(&mut self.m, i, self.dim);
            swap_remove_wide(&mut self.v, i, self.dim);
        }
    }
}
