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
    /// Each cell's β₁ and β₂ as indices into `beta1` and `beta2`, the distinct values:
    /// the bias corrections (three powers, each a call out to JavaScript's `Math.pow`)
    /// are worked out once per step for each distinct β, not for each cell. A map varies
    /// at most two settings, so there are few.
    which: Vec<(u32, u32)>,
    beta1: Distinct,
    beta2: Distinct,
}

/// The distinct values of one setting and, for the current step, one number worked out
/// from each.
#[derive(Default)]
struct Distinct {
    values: Vec<f64>,
    now: Vec<f64>,
}

impl Distinct {
    /// The index of `x` (by its bits), added when new.
    fn index(&mut self, x: f64) -> u32 {
        let i = match self.values.iter().position(|v| v.to_bits() == x.to_bits()) {
            Some(i) => i,
            None => {
                self.values.push(x);
                self.values.len() - 1
            }
        };
        i as u32
    }

    /// Works out `f(β)` for each distinct β.
    fn update(&mut self, f: impl Fn(f64) -> f64) {
        self.now.clear();
        self.now.extend(self.values.iter().map(|&b| f(b)));
    }

    fn get(&self, i: u32) -> f64 {
        self.now.get(i as usize).copied().unwrap_or(f64::NAN)
    }
}

impl Adam {
    /// One parameter set per cell, for a surface of `dim` parameters.
    pub fn new(params: Vec<AdamParams>, dim: usize) -> Self {
        let n = params.len() * dim;
        let (mut beta1, mut beta2) = (Distinct::default(), Distinct::default());
        let which = params
            .iter()
            .map(|p| (beta1.index(p.beta1), beta2.index(p.beta2)))
            .collect();
        Adam {
            params,
            m: vec![0.0; n],
            v: vec![0.0; n],
            dim,
            which,
            beta1,
            beta2,
        }
    }
}

impl Rule for Adam {
    fn step(&mut self, t: u64, dim: usize, x: &mut [f64], g: &[f64], _s: &dyn Surface) {
        if dim != self.dim || dim == 0 {
            return;
        }
        let tf = t as f64;
        self.beta1.update(|b| 1.0 - ops::pow(b, tf));
        self.beta2.update(|b| ops::pow(1.0 - ops::pow(b, tf), 0.5));
        for (((((p, &(i1, i2)), xs), gs), ms), vs) in self
            .params
            .iter()
            .zip(&self.which)
            .zip(x.chunks_exact_mut(dim))
            .zip(g.chunks_exact(dim))
            .zip(self.m.chunks_exact_mut(dim))
            .zip(self.v.chunks_exact_mut(dim))
        {
            let bc2_sqrt = self.beta2.get(i2);
            let step = p.lr / self.beta1.get(i1);
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
            self.which.swap_remove(i);
            swap_remove_wide(&mut self.m, i, self.dim);
            swap_remove_wide(&mut self.v, i, self.dim);
        }
    }
}
