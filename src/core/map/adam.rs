//! Adam for many cells at once, state as structure of arrays.

use super::rule::{swap_remove_wide, Rule};
use crate::core::fma::{fused, Lerp};
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

impl Adam {
    /// [`Rule::step`] on a 2-D surface in wasm: each cell's two coordinates as the lanes of
    /// one vector, every operation the same as the scalar loop's in each lane. Call after
    /// the step's bias corrections are worked out.
    #[cfg(all(target_arch = "wasm32", feature = "map"))]
    #[target_feature(enable = "simd128")]
    fn step_pairs(&mut self, x: &mut [f64], g: &[f64]) {
        use crate::core::fma::pair::{self, splat};
        use core::arch::wasm32::*;
        let n = self.params.len().min(x.len() / 2).min(g.len() / 2);
        for c in 0..n {
            let (Some(p), Some(&(i1, i2))) = (self.params.get(c), self.which.get(c)) else {
                break;
            };
            let bc2_sqrt = splat(self.beta2.get(i2));
            let step = splat(-(p.lr / self.beta1.get(i1)));
            let j = 2 * c;
            let (mut xs, mut d) = (pair::load(x, j), pair::load(g, j));
            let (mut m, mut v) = (pair::load(&self.m, j), pair::load(&self.v, j));
            if p.weight_decay != 0.0 {
                d = pair::fma(splat(p.weight_decay), xs, d);
            }
            v = pair::fma(
                f64x2_mul(splat(1.0 - p.beta2), d),
                d,
                f64x2_mul(v, splat(p.beta2)),
            );
            let den = f64x2_add(f64x2_div(f64x2_sqrt(v), bc2_sqrt), splat(p.eps));
            m = pair::lerp(m, d, 1.0 - p.beta1);
            xs = f64x2_add(xs, f64x2_div(f64x2_mul(step, m), den));
            pair::store(x, j, xs);
            pair::store(&mut self.m, j, m);
            pair::store(&mut self.v, j, v);
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
        #[cfg(all(target_arch = "wasm32", feature = "map"))]
        if dim == 2 {
            self.step_pairs(x, g);
            return;
        }
        // Index loops, and the multiply-adds inlined: the modules are built for size,
        // where iterator adapters such as `zip` stay calls, and on wasm32 `mul_add` is a
        // call out to `core::fma::fma`.
        let n = self.params.len().min(x.len() / dim).min(g.len() / dim);
        for c in 0..n {
            let (Some(p), Some(&(i1, i2))) = (self.params.get(c), self.which.get(c)) else {
                break;
            };
            let bc2_sqrt = self.beta2.get(i2);
            let step = p.lr / self.beta1.get(i1);
            let (b2, w2, eps, wd) = (p.beta2, 1.0 - p.beta2, p.eps, p.weight_decay);
            let lerp = Lerp::new(1.0 - p.beta1);
            for j in c * dim..(c + 1) * dim {
                let (Some(xi), Some(&gi), Some(mi), Some(vi)) =
                    (x.get_mut(j), g.get(j), self.m.get_mut(j), self.v.get_mut(j))
                else {
                    break;
                };
                let mut d = gi;
                if wd != 0.0 {
                    d = fused(wd, *xi, d);
                }
                // `ops::addcmul(v·β₂, 1 − β₂, d, d)`.
                *vi = fused(w2 * d, d, *vi * b2);
                let den = vi.sqrt() / bc2_sqrt + eps;
                *mi = lerp.at(*mi, d);
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
