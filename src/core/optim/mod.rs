//! Optimizers with `torch.optim`'s names, defaults and step-for-step semantics (float64).
//!
//! An optimizer sees the gradient at the current parameters and updates them in place.
//! The learning rate (and, for cycling schedules, the momentum) of each step comes from
//! the schedule through [`StepCtx`], as a torch scheduler sets `param_group['lr']`.

mod sgd;

pub use sgd::Sgd;

use super::error::Result;
use super::spec::{unknown_name, ParamInfo, Params, Spec};

/// What one step is told besides the gradient.
#[derive(Debug, Clone, Copy)]
pub struct StepCtx<'a> {
    /// The step number, starting at 1 (torch's `state['step']` after incrementing).
    pub t: u64,
    /// The learning rate for this step.
    pub lr: f64,
    /// A momentum (or `beta1`) set by a cycling schedule for this step; `None` keeps the
    /// optimizer's own.
    pub momentum: Option<f64>,
    /// The diagonal of the Hessian at the current parameters, when
    /// [`Optimizer::wants_hessian`] asked for it at this step.
    pub hessian_diag: Option<&'a [f64]>,
}

/// One optimizer with its state.
pub trait Optimizer {
    /// The spec name, e.g. `adam`.
    fn name(&self) -> &str;
    /// The base learning rate (`lr` in the spec).
    fn lr(&self) -> f64;
    /// The base momentum a cycling schedule varies (`momentum` or `beta1`), if any.
    fn momentum(&self) -> Option<f64> {
        None
    }
    /// Whether step `t` needs the Hessian diagonal (Sophia's refresh steps).
    fn wants_hessian(&self, _t: u64) -> bool {
        false
    }
    /// Updates `params` in place from the gradient `grad` at `params`.
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &StepCtx);
    /// Named state vectors, for the update-anatomy widget (e.g. `m`, `v`).
    fn state(&self) -> Vec<(&'static str, Vec<f64>)>;
    /// Forgets all state, as a fresh torch optimizer.
    fn reset(&mut self);
}

/// Every optimizer name, in the order the UI lists them.
pub const NAMES: &[&str] = &["sgd"];

/// Builds an optimizer for `dim` parameters from a spec such as `adam(lr=0.01)`.
pub fn build(spec: &Spec, dim: usize) -> Result<Box<dyn Optimizer>> {
    let mut p = Params::new(spec);
    let o = read(&mut p, dim)?;
    p.finish()?;
    Ok(o)
}

/// The parameters of the optimizer `name`, with defaults and ranges.
pub fn describe(name: &str) -> Result<Vec<ParamInfo>> {
    let spec = Spec::bare(name);
    let mut p = Params::describe(&spec);
    read(&mut p, 1)?;
    Ok(p.recorded())
}

fn read(p: &mut Params, dim: usize) -> Result<Box<dyn Optimizer>> {
    Ok(match p.name() {
        "sgd" => Box::new(Sgd::read(p, dim)?),
        other => return Err(unknown_name("optimizer", other, NAMES)),
    })
}
