//! Composable optimizer stages and the [`Chain`] that runs them.
//!
//! Each stage is a small [`Transform`] with its own state: it rewrites the update
//! being built (gradient in, step direction out), as optax's `scale_by_adam`,
//! `add_decayed_weights` and `chain` do. A named optimizer is a chain of a few stages,
//! for example Adam with L2 decay is
//!
//! ```text
//! Chain::new("adam", lr, dim).then(AddDecayedWeights(wd)).then(ScaleByAdam::new(…))
//! ```
//!
//! The update is kept as a direction `dir`, an optional per-coordinate denominator
//! `den` and a divisor of the learning rate, so the final step can be written exactly
//! as torch writes it: `θ ← θ + (−η/s)·dir/den` (`addcdiv_`) or `θ ← θ − (η/s)·dir`
//! (`add_` with `alpha`). Decoupled weight decay `θ ← θ(1 − η·λ)` is applied to the
//! parameters before any stage, as torch's AdamW does.

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod decay;
mod lion;
mod rms;
mod sophia;
mod trace;

pub use adadelta::ScaleByAdadelta;
pub use adagrad::ScaleByAdagrad;
pub use adam::{AdamParts, ScaleByAdam};
pub use adamax::ScaleByAdamax;
pub use decay::AddDecayedWeights;
pub use lion::ScaleByLion;
pub use rms::ScaleByRms;
pub use sophia::ScaleBySophia;
pub use trace::Trace;

use super::ops;
use super::{LastStep, Optimizer, StepCtx};

/// The update a chain builds for one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// The step direction, one entry per parameter (the gradient when a step begins).
    pub dir: Vec<f64>,
    /// A per-coordinate denominator, meaningful when `has_den` is set.
    pub den: Vec<f64>,
    /// Whether the step divides `dir` by `den`.
    pub has_den: bool,
    /// The learning rate of this step is divided by this (1 unless a stage sets it,
    /// e.g. Adam's bias correction 1 − β₁ᵗ).
    pub lr_div: f64,
}

impl Update {
    fn new(dim: usize) -> Self {
        Update {
            dir: vec![0.0; dim],
            den: vec![1.0; dim],
            has_den: false,
            lr_div: 1.0,
        }
    }

    /// The direction with any denominator divided in: `dir[i] / den[i]`.
    pub fn resolved(&self, i: usize) -> f64 {
        let d = self.dir.get(i).copied().unwrap_or(0.0);
        if self.has_den {
            d / self.den.get(i).copied().unwrap_or(1.0)
        } else {
            d
        }
    }
}

/// One stage of an optimizer with its own state.
pub trait Transform {
    /// Rewrites the update `u` in place. `params` are the parameters after any
    /// decoupled decay; `ctx` carries the step number, rate and cycled momentum.
    fn apply(&mut self, u: &mut Update, params: &[f64], ctx: &StepCtx);
    /// Whether step `t` needs the Hessian diagonal in `ctx`.
    fn wants_hessian(&self, _t: u64) -> bool {
        false
    }
    /// Appends this stage's named state vectors to `out`.
    fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>);
    /// Forgets all state.
    fn reset(&mut self);
}

/// An optimizer made of stages: decoupled decay, then each [`Transform`], then the
/// step `θ ← θ − (η/s)·dir[/den]`.
pub struct Chain {
    name: &'static str,
    lr: f64,
    momentum: Option<f64>,
    decoupled_decay: f64,
    stages: Vec<Box<dyn Transform>>,
    update: Update,
    last: LastStep,
    dim: usize,
}

impl Chain {
    /// An empty chain (plain gradient descent) named `name` with base rate `lr`.
    pub fn new(name: &'static str, lr: f64, dim: usize) -> Self {
        Chain {
            name,
            lr,
            momentum: None,
            decoupled_decay: 0.0,
            stages: Vec::new(),
            update: Update::new(dim),
            last: LastStep::default(),
            dim,
        }
    }

    /// Appends a stage.
    pub fn then(mut self, stage: impl Transform + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Decays the parameters by `θ ← θ(1 − η·λ)` before the stages run (AdamW, Lion,
    /// Sophia); `λ = 0` turns it off.
    pub fn decoupled_weight_decay(mut self, lambda: f64) -> Self {
        self.decoupled_decay = lambda;
        self
    }

    /// Declares the base momentum (or `beta1`) a cycling schedule may vary.
    pub fn with_momentum(mut self, momentum: f64) -> Self {
        self.momentum = Some(momentum);
        self
    }
}

impl Optimizer for Chain {
    fn name(&self) -> &str {
        self.name
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn momentum(&self) -> Option<f64> {
        self.momentum
    }
    fn wants_hessian(&self, t: u64) -> bool {
        self.stages.iter().any(|s| s.wants_hessian(t))
    }
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &StepCtx) {
        let n = params.len().min(grad.len()).min(self.dim);
        let (Some(params), Some(grad)) = (params.get_mut(..n), grad.get(..n)) else {
            return;
        };
        self.last.begin(params);
        if self.decoupled_decay != 0.0 {
            let f = 1.0 - ctx.lr * self.decoupled_decay;
            params.iter_mut().for_each(|p| *p *= f);
        }
        let u = &mut self.update;
        u.dir.clear();
        u.dir.extend_from_slice(grad);
        u.den.resize(n, 1.0);
        u.has_den = false;
        u.lr_div = 1.0;
        for s in self.stages.iter_mut() {
            s.apply(u, params, ctx);
        }
        let step = ctx.lr / u.lr_div;
        if u.has_den {
            for ((p, d), q) in params.iter_mut().zip(&u.dir).zip(&u.den) {
                *p = ops::addcdiv(*p, -step, *d, *q);
            }
        } else {
            for (p, d) in params.iter_mut().zip(&u.dir) {
                *p = ops::add_scaled(*p, -step, *d);
            }
        }
        self.last.finish(params, grad);
    }
    fn state(&self) -> Vec<(&'static str, Vec<f64>)> {
        let mut out = Vec::new();
        for s in &self.stages {
            s.state(&mut out);
        }
        self.last.state(&mut out);
        out
    }
    fn reset(&mut self) {
        for s in self.stages.iter_mut() {
            s.reset();
        }
        self.last = LastStep::default();
    }
}
