//! The batched kernel: many runs of one optimizer on one surface, stepped together.
//!
//! Every live cell's point, gradient and loss sit in flat arrays (`dim` numbers per
//! cell); each step evaluates the surface for all of them in one call
//! ([`Surface::eval_many`]), steps the [`Rule`], and removes the cells whose run
//! ended (swap-remove, so the arrays stay dense). Nothing is allocated per step and no
//! trajectory is kept: a cell's result is its status, the step from which it stayed
//! converged, and its last loss.
//!
//! The stopping and convergence rules are those of `core::run` (with a constant
//! schedule, no noise, no clipping), so a cell's result equals what a single run of
//! the same setting reports: diverged when a loss or a gradient norm is not finite or
//! the point leaves the box of [`DIVERGE_FACTOR`] times the surface's extent around its
//! centre; converged from the first step after which every point's loss is within
//! `tol` of the best known minimum (or, with no known minimum, every gradient norm is
//! within `tol`).

use super::rule::{swap_remove_wide, Rule};
use super::Cell;
use crate::core::gradient::norm;
use crate::core::run::{Status, DIVERGE_FACTOR};
use crate::core::surface::Surface;

/// What a batch of runs shares: the surface, start, steps and tolerance.
pub struct Kernel<'a> {
    surface: &'a dyn Surface,
    start: &'a [f64],
    steps: usize,
    tol: f64,
    f_min: f64,
    center: Vec<f64>,
    limit: f64,
}

impl<'a> Kernel<'a> {
    /// Runs of `steps` steps on `surface` from `start` (which the caller has checked
    /// with `core::run::check_start`), converged within `tol`.
    pub fn new(surface: &'a dyn Surface, start: &'a [f64], steps: usize, tol: f64) -> Self {
        let bounds = surface.bounds();
        let center = bounds
            .lo
            .iter()
            .zip(&bounds.hi)
            .map(|(a, b)| 0.5 * (a + b))
            .collect();
        let f_min = surface
            .minima()
            .iter()
            .map(|m| surface.value(m))
            .fold(f64::INFINITY, f64::min);
        Kernel {
            surface,
            start,
            steps,
            tol,
            f_min,
            center,
            limit: DIVERGE_FACTOR * bounds.extent().max(1.0),
        }
    }

    fn done(&self, loss: f64, gnorm: f64) -> bool {
        if self.f_min.is_finite() {
            loss - self.f_min <= self.tol
        } else {
            gnorm <= self.tol
        }
    }

    /// Runs `n` cells whose optimizer state `rule` holds (slot `i` is cell `i`) and
    /// returns their results in that order.
    pub fn run(&self, rule: &mut dyn Rule, n: usize) -> Vec<Cell> {
        let dim = self.surface.dim();
        let mut out = vec![Cell::pending(); n];
        if dim == 0 || self.start.len() != dim {
            return out;
        }
        let mut x: Vec<f64> = Vec::with_capacity(n * dim);
        for _ in 0..n {
            x.extend_from_slice(self.start);
        }
        let mut g = vec![0.0; n * dim];
        let mut loss = vec![0.0; n];
        let mut next = vec![0.0; n];
        let mut id: Vec<usize> = (0..n).collect();
        let mut since: Vec<Option<usize>> = vec![None; n];
        self.surface.eval_many(&x, &mut loss, &mut g);

        let mut live = n;
        // Ends the run of slot `i`, moving the last slot into its place.
        macro_rules! finish {
            ($i:expr, $cell:expr) => {{
                let i = $i;
                if let Some(c) = id.get(i).and_then(|&c| out.get_mut(c)) {
                    *c = $cell;
                }
                id.swap_remove(i);
                since.swap_remove(i);
                loss.swap_remove(i);
                next.swap_remove(i);
                swap_remove_wide(&mut x, i, dim);
                swap_remove_wide(&mut g, i, dim);
                rule.swap_remove(i);
                live -= 1;
            }};
        }
        for i in (0..live).rev() {
            if !loss.get(i).is_some_and(|l| l.is_finite()) {
                finish!(i, Cell::diverged(0, f64::NAN));
            }
        }
        // The runs that end at a step, found in a forward pass and removed after it
        // (from the back, so the indices stay valid); reused from step to step.
        let mut ended: Vec<(usize, Cell)> = Vec::with_capacity(n);
        let need_norm = !self.f_min.is_finite();
        for step in 1..=self.steps {
            if live == 0 {
                break;
            }
            // The gradient at the current point (index step − 1): a non-finite norm
            // stops the run, as in `core::run`; otherwise it counts for convergence.
            // (The squared norm is finite exactly when the norm is.)
            ended.clear();
            // Index loops here and below: the modules are built for size, where
            // iterator adapters such as `zip` stay calls.
            for i in 0..live {
                let (Some(gs), Some(&l), Some(s)) =
                    (g.get(i * dim..(i + 1) * dim), loss.get(i), since.get_mut(i))
                else {
                    break;
                };
                let mut sq = 0.0;
                for &v in gs {
                    sq += v * v;
                }
                if !sq.is_finite() {
                    ended.push((i, Cell::diverged(step - 1, l)));
                    continue;
                }
                let gn = if need_norm { sq.sqrt() } else { 0.0 };
                if self.done(l, gn) {
                    s.get_or_insert(step - 1);
                } else {
                    *s = None;
                }
            }
            while let Some((i, cell)) = ended.pop() {
                finish!(i, cell);
            }
            rule.step(step as u64, dim, &mut x, &g, self.surface);
            self.surface.eval_many(&x, &mut next, &mut g);
            for i in 0..live {
                let (Some(xs), Some(l), Some(&nl)) =
                    (x.get(i * dim..(i + 1) * dim), loss.get_mut(i), next.get(i))
                else {
                    break;
                };
                let mut far = false;
                for k in 0..dim {
                    let (Some(&p), Some(&c)) = (xs.get(k), self.center.get(k)) else {
                        break;
                    };
                    far |= !p.is_finite() || (p - c).abs() > self.limit;
                }
                if far || !nl.is_finite() {
                    ended.push((i, Cell::diverged(step - 1, *l)));
                } else {
                    *l = nl;
                }
            }
            while let Some((i, cell)) = ended.pop() {
                finish!(i, cell);
            }
        }
        // The final point: its loss and a fresh gradient norm (the one computed after
        // the last step) decide whether the final streak reaches it.
        for i in 0..live {
            let gn = norm(g.get(i * dim..(i + 1) * dim).unwrap_or(&[]));
            let l = loss.get(i).copied().unwrap_or(f64::NAN);
            let s = since.get(i).copied().flatten();
            let s = if self.done(l, gn) {
                Some(s.unwrap_or(self.steps))
            } else {
                None
            };
            let cell = Cell {
                status: if s.is_some() {
                    Status::Converged
                } else {
                    Status::MaxSteps
                },
                converged_at: s,
                taken: self.steps,
                final_loss: l,
            };
            if let Some(c) = id.get(i).and_then(|&c| out.get_mut(c)) {
                *c = cell;
            }
        }
        out
    }
}
