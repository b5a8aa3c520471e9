//! SGD with momentum for many cells at once, state as structure of arrays.

use super::rule::{swap_remove_wide, Rule};
use crate::core::fma::Fixed;
use crate::core::optim::ops;
use crate::core::surface::Surface;

/// The hyperparameters of one SGD cell (torch's names).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SgdParams {
    /// Learning rate η.
    pub lr: f64,
    /// Momentum μ.
    pub momentum: f64,
    /// Dampening τ.
    pub dampening: f64,
    /// Coupled weight decay λ.
    pub weight_decay: f64,
    /// Nesterov's variant.
    pub nesterov: bool,
}

/// `torch.optim.SGD` for a batch of cells, with the operations of `core::optim`'s
/// chain in the same order (decay `g + λθ`, buffer `b₁ = d`, `b = μb + (1−τ)d`, step
/// `θ − η·b` or `θ − η·(d + μb)`), so each cell's run is bit-identical to it.
pub struct Sgd {
    params: Vec<SgdParams>,
    buf: Vec<f64>,
    dim: usize,
}

impl Sgd {
    /// One parameter set per cell, for a surface of `dim` parameters.
    pub fn new(params: Vec<SgdParams>, dim: usize) -> Self {
        let buf = vec![0.0; params.len() * dim];
        Sgd { params, buf, dim }
    }
}

impl Sgd {
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
            let (mu, keep) = (p.momentum, 1.0 - p.dampening);
            let j = 2 * c;
            let (xs, mut d) = (pair::load(x, j), pair::load(g, j));
            if p.weight_decay != 0.0 {
                d = pair::fma(splat(p.weight_decay), xs, d);
            }
            if mu != 0.0 {
                let b = if t == 1 {
                    d
                } else {
                    let kept = f64x2_mul(pair::load(&self.buf, j), splat(mu));
                    if keep == 1.0 {
                        f64x2_add(kept, d)
                    } else {
                        pair::fma(splat(keep), d, kept)
                    }
                };
                pair::store(&mut self.buf, j, b);
                d = if p.nesterov {
                    pair::fma(splat(mu), b, d)
                } else {
                    b
                };
            }
            pair::store(x, j, Fixed2::new(-p.lr).fma(d, xs));
        }
    }
}

impl Rule for Sgd {
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
        // `zip` stay calls; this loop is most of a map's time.
        let n = self.params.len().min(x.len() / dim).min(g.len() / dim);
        for c in 0..n {
            let Some(p) = self.params.get(c) else { break };
            let (mu, wd) = (p.momentum, p.weight_decay);
            // With no dampening the buffer's `add(d, alpha=1)` is one plain addition
            // (`RN(1·d + b) = RN(d + b)`), which saves a multiply-add per coordinate.
            let keep = 1.0 - p.dampening;
            let whole = keep == 1.0;
            // `ops::add_scaled(θ, −η, d)` is `(−η).mul_add(d, θ)`: the same rounding,
            // with η's part of the work done once per cell.
            let rate = Fixed::new(-p.lr);
            for j in c * dim..(c + 1) * dim {
                let (Some(xi), Some(&gi), Some(bi)) = (x.get_mut(j), g.get(j), self.buf.get_mut(j))
                else {
                    break;
                };
                let mut d = gi;
                if wd != 0.0 {
                    d = ops::add_scaled(d, wd, *xi);
                }
                if mu != 0.0 {
                    *bi = if t == 1 {
                        d
                    } else if whole {
                        *bi * mu + d
                    } else {
                        ops::add_scaled(*bi * mu, keep, d)
                    };
                    d = if p.nesterov {
                        ops::add_scaled(d, mu, *bi)
                    } else {
                        *bi
                    };
                }
                *xi = rate.fma(d, *xi);
            }
        }
    }
    fn swap_remove(&mut self, i: usize) {
        if i < self.params.len() {
            self.params.swap_remove(i);
            swap_remove_wide(&mut self.buf, i, self.dim);
        }
    }
}
