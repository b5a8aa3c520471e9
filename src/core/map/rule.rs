//! The update rules a map's kernel steps: one state per live cell, stepped together.
//!
//! A rule holds the optimizer state of a batch of cells, one slot per live cell. The
//! kernel calls [`Rule::step`] once per step for all live cells and removes a cell
//! whose run ended with [`Rule::swap_remove`] (the last slot moves into its place, as
//! the kernel's own arrays do). [`Boxed`] wraps any optimizer of `core::optim`, so
//! every optimizer works; [`super::sgd`] and [`super::adam`] keep their state as
//! structure-of-arrays for speed and reproduce the boxed arithmetic bit for bit.

use crate::core::curvature::Curvature;
use crate::core::optim::Optimizer;
use crate::core::surface::Surface;

/// The optimizer state of the live cells of one batch.
pub trait Rule {
    /// Step `t` (from 1) for every live cell: `x` holds the points and `g` the
    /// gradients at them, `dim` numbers per cell, one cell per slot.
    fn step(&mut self, t: u64, dim: usize, x: &mut [f64], g: &[f64], surface: &dyn Surface);
    /// Drops slot `i`, moving the last slot into its place.
    fn swap_remove(&mut self, i: usize);
}

/// Any optimizer, one boxed instance per cell, stepped as `core::run` steps it.
pub struct Boxed {
    opts: Vec<Box<dyn Optimizer>>,
    curvature: Curvature,
}

impl Boxed {
    /// One optimizer per cell, for a surface of `dim` parameters.
    pub fn new(opts: Vec<Box<dyn Optimizer>>, dim: usize) -> Self {
        Boxed {
            opts,
            curvature: Curvature::new(dim),
        }
    }
}

impl Rule for Boxed {
    fn step(&mut self, t: u64, dim: usize, x: &mut [f64], g: &[f64], surface: &dyn Surface) {
        if dim == 0 {
            return;
        }
        for ((o, p), gi) in self
            .opts
            .iter_mut()
            .zip(x.chunks_exact_mut(dim))
            .zip(g.chunks_exact(dim))
        {
            // A constant schedule: the rate is the optimizer's own, no cycled momentum.
            let lr = o.lr();
            let ctx = self.curvature.ctx(surface, o.as_ref(), p, t, lr, None);
            o.step(p, gi, &ctx);
        }
    }
    fn swap_remove(&mut self, i: usize) {
        if i < self.opts.len() {
            self.opts.swap_remove(i);
        }
    }
}

/// Removes slot `i` of a structure-of-arrays field with `w` numbers per slot.
pub(super) fn swap_remove_wide(v: &mut Vec<f64>, i: usize, w: usize) {
    let n = v.len() / w.max(1);
    if w == 0 || i >= n {
        return;
    }
    let last = n - 1;
    if i != last {
        for k in 0..w {
            v.swap(i * w + k, last * w + k);
        }
    }
    v.truncate(last * w);
}
