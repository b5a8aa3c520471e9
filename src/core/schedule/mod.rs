//! Learning-rate schedules with `torch.optim.lr_scheduler`'s names and stepping.
//!
//! A schedule starts at step 0 and is advanced once per optimizer step, as
//! `scheduler.step()` after `optimizer.step()`; [`Schedule::lr`] is the rate the next
//! optimizer step uses, the value torch's `get_last_lr()` reports.

mod constant;

pub use constant::Constant;

use super::error::Result;
use super::spec::{unknown_name, ParamInfo, Params, Spec};

/// A learning-rate (and possibly momentum) schedule.
pub trait Schedule {
    /// The spec name, e.g. `cosine`.
    fn name(&self) -> &str;
    /// The learning rate after the steps taken so far.
    fn lr(&self) -> f64;
    /// The momentum after the steps taken so far, for schedules that cycle it.
    fn momentum(&self) -> Option<f64> {
        None
    }
    /// Advances one scheduler step. `loss` is the latest loss (only `plateau` reads it).
    fn step(&mut self, loss: f64);
}

/// Every schedule name, in the order the UI lists them.
pub const NAMES: &[&str] = &["constant"];

/// Builds a schedule from a spec, for an optimizer whose base rate is `base_lr` and
/// whose base momentum (or `beta1`) is `base_momentum`.
pub fn build(spec: &Spec, base_lr: f64, base_momentum: Option<f64>) -> Result<Box<dyn Schedule>> {
    let mut p = Params::new(spec);
    let s = read(&mut p, base_lr, base_momentum)?;
    p.finish()?;
    Ok(s)
}

/// The parameters of the schedule `name`, with defaults and ranges.
pub fn describe(name: &str) -> Result<Vec<ParamInfo>> {
    let spec = Spec::bare(name);
    let mut p = Params::describe(&spec);
    read(&mut p, 0.1, Some(0.9))?;
    Ok(p.recorded())
}

fn read(p: &mut Params, base_lr: f64, _base_momentum: Option<f64>) -> Result<Box<dyn Schedule>> {
    Ok(match p.name() {
        "constant" => Box::new(Constant::new(base_lr)),
        other => return Err(unknown_name("schedule", other, NAMES)),
    })
}

/// The first `steps + 1` learning rates of a schedule: `lr[t]` after `t` steps.
pub fn lrs(s: &mut dyn Schedule, steps: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(steps + 1);
    out.push(s.lr());
    for _ in 0..steps {
        s.step(f64::NAN);
        out.push(s.lr());
    }
    out
}
