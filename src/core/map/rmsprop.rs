//! RMSProp for many cells at once, state as structure of arrays.

use super::rule::{swap_remove_wide, Rule};
use crate::core::fma::Fixed;
use crate::core::optim::ops;
use crate::core::surface::Surface;

/// The hyperparameters of one RMSProp cell (torch's names).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsPropParams {
    /// Learning rate η.
    pub lr: f64,
    /// Smoothing constant α.
    pub alpha: f64,
    /// ε.
    pub eps: f64,
    /// Coupled (L2) weight decay λ.
    pub weight_decay: f64,
    /// Momentum μ.
    pub momentum: f64,
    /// The centered variant (the gradient's mean taken out of its square's).
    pub centered: bool,
}

/// `torch.optim.RMSprop` for a batch of cells, with the operations of `core::optim`'s
/// chain in the same order (decay `d = g + λθ`, `v = αv + (1−α)d²`, centered
/// `ḡ = lerp(ḡ, d, 1−α)` and `√(v − ḡ²)`, `den = √v + ε`; then `θ + (−η)·d/den`, or with
/// momentum `b₁ = d/den`, `b = μb + d/den`, `θ − η·b`), so each cell's run is
/// bit-identical to it.
pub struct RmsProp {
    params: Vec<RmsPropParams>,
    v: Vec<f64>,
    mean: Vec<f64>,
    buf: Vec<f64>,
    dim: usize,
}

impl RmsProp {
    /// One parameter set per cell, for a surface of `dim` parameters.
    pub fn new(params: Vec<RmsPropParams>, dim: usize) -> Self {
        let n = params.len() * dim;
        RmsProp {
            params,
            v: vec![0.0; n],
            mean: vec![0.0; n],
            buf: vec![0.0; n],
            dim,
        }
    }
}

impl RmsProp {
    /// [`Rule::step`] on a 2-D surface in wasm: each cell's two coordinates as the lanes of
    /// one vector, every operation the same as the scalar loop's in each lane.
    #[cfg(all(target_arch = "wasm32", feature = "map"))]
    #[target_feature(enable = "simd128")]
    fn step_pairs(&mut self, t: u64, x: &mut [f64], g: &[f64]) {
        use crate::core::fma::pair::{self, splat, Fixed2};
        use core::arch::wasm32::*;
        let n = self.params.len().min(x.len() / 2).min(g.len() / 2);
        for c in 0..n {
            let Some(p) = self.params.get(c) else { break };
            let keep = 1.0 - p.alpha;
            let j = 2 * c;
            let (mut xs, mut d, mut v) =
                (pair::load(x, j), pair::load(g, j), pair::load(&self.v, j));
            if p.weight_decay != 0.0 {
                d = pair::fma(splat(p.weight_decay), xs, d);
            }
            v = pair::fma(f64x2_mul(splat(keep), d), d, f64x2_mul(v, splat(p.alpha)));
            pair::store(&mut self.v, j, v);
            let avg = if p.centered {
                let m = pair::lerp(pair::load(&self.mean, j), d, keep);
                pair::store(&mut self.mean, j, m);
                f64x2_sqrt(pair::fma(f64x2_mul(splat(-1.0), m), m, v))
            } else {
                f64x2_sqrt(v)
            };
            let den = f64x2_add(avg, splat(p.eps));
            if p.momentum == 0.0 {
                xs = f64x2_add(xs, f64x2_div(f64x2_mul(splat(-p.lr), d), den));
            } else {
                let r = f64x2_div(d, den);
                let b = if t == 1 {
                    r
                } else {
                    f64x2_add(f64x2_mul(pair::load(&self.buf, j), splat(p.momentum)), r)
                };
                pair::store(&mut self.buf, j, b);
                xs = Fixed2::new(-p.lr).fma(b, xs);
            }
            pair::store(x, j, xs);
        }
    }
}

impl Rule for RmsProp {
    fn step(&mut self, t: u64, dim: usize, x: &mut [f64], g: &[f64], _s: &dyn Surface) {
        if dim != self.dim || dim == 0 {
            return;
        }
        #[cfg(all(target_arch = "wasm32", feature = "map"))]
        if dim == 2 {
            self.step_pairs(t, x, g);
            return;
        }
        // Index loops: the modules are built for size, where iterator adapters such as
        // `zip` stay calls.
        let n = self.params.len().min(x.len() / dim).min(g.len() / dim);
        for c in 0..n {
            let Some(p) = self.params.get(c) else { break };
            let (a, mu) = (p.alpha, p.momentum);
            let keep = 1.0 - a;
            let rate = Fixed::new(-p.lr);
            for j in c * dim..(c + 1) * dim {
                let (Some(xi), Some(&gi), Some(vi), Some(mi), Some(bi)) = (
                    x.get_mut(j),
                    g.get(j),
                    self.v.get_mut(j),
                    self.mean.get_mut(j),
                    self.buf.get_mut(j),
                ) else {
                    break;
                };
                let mut d = gi;
                if p.weight_decay != 0.0 {
                    d = ops::add_scaled(d, p.weight_decay, *xi);
                }
                *vi = ops::addcmul(*vi * a, keep, d, d);
                let avg = if p.centered {
                    *mi = ops::lerp(*mi, d, keep);
                    ops::addcmul(*vi, -1.0, *mi, *mi).sqrt()
                } else {
                    vi.sqrt()
                };
                let den = avg + p.eps;
                if mu == 0.0 {
                    *xi = ops::addcdiv(*xi, -p.lr, d, den);
                } else {
                    // The buffer's `add(d/den, alpha=1)` is one plain addition.
                    let r = d / den;
                    *bi = if t == 1 { r } else { *bi * mu + r };
                    *xi = rate.fma(*bi, *xi);
                }
            }
        }
    }
    fn swap_remove(&mut self, i: usize) {
        if i < self.params.len() {
            self.params.swap_remove(i);
            for v in [&mut self.v, &mut self.mean, &mut self.buf] {
                swap_remove_wide(v, i, self.dim);
            }
        }
    }
}
