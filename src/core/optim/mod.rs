//! Optimizers with `torch.optim`'s names, defaults and step-for-step semantics (float64).
//!
//! An optimizer sees the gradient at the current parameters and updates them in place.
//! The learning rate (and, for cycling schedules, the momentum) of each step comes from
//! the schedule through [`StepCtx`], as a torch scheduler sets `param_group['lr']`.
//!
//! Most optimizers are a [`transform::Chain`] of small stages (weight decay, a
//! moment estimate, a scaling); NAdam and RAdam, whose torch forms need a dedicated
//! step (the momentum schedule, the rectification), are written out plainly. The
//! arithmetic follows torch's CPU kernels operation by operation ([`ops`]), so a run
//! here matches a float64 torch run to the last bits on an AVX2 machine.

pub mod ops;
#[cfg(any(not(target_arch = "wasm32"), feature = "bench"))]
pub mod timing;
pub mod transform;

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod lion;
mod nadam;
mod radam;
mod rmsprop;
mod sgd;
mod sophia;

pub use nadam::NAdam;
pub use radam::RAdam;

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

impl StepCtx<'_> {
    /// Step `t` at rate `lr` with no cycled momentum and no Hessian.
    pub fn plain(t: u64, lr: f64) -> StepCtx<'static> {
        StepCtx {
            t,
            lr,
            momentum: None,
            hessian_diag: None,
        }
    }
}

/// One optimizer with its state.
///
/// `params` and `grad` passed to [`Optimizer::step`] should have the length the
/// optimizer was built for; extra entries are left alone, never a panic.
pub trait Optimizer {
    /// The spec name, e.g. `adam`.
    fn name(&self) -> &str;
    /// The base learning rate (`lr` in the spec).
    fn lr(&self) -> f64;
    /// The base momentum a cycling schedule varies: `momentum` for SGD and RMSProp,
    /// `beta1` for the Adam family, Lion and Sophia. `None` for optimizers that have
    /// neither (AdaGrad, Adadelta), with which torch refuses `cycle_momentum`.
    fn momentum(&self) -> Option<f64> {
        None
    }
    /// Whether step `t` needs the Hessian diagonal (Sophia's refresh steps).
    fn wants_hessian(&self, _t: u64) -> bool {
        false
    }
    /// Updates `params` in place from the gradient `grad` at `params`.
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &StepCtx);
    /// Named state vectors, for the update-anatomy widget (e.g. `m`, `v`), followed
    /// after the first step by `delta` (the last change of the parameters, θₜ − θₜ₋₁)
    /// and `effective_lr` (−Δθᵢ/gᵢ, the rate plain gradient descent would have needed
    /// for the same step; 0 where gᵢ = 0).
    fn state(&self) -> Vec<(&'static str, Vec<f64>)>;
    /// Forgets all state, as a fresh torch optimizer.
    fn reset(&mut self);
}

/// The last step's per-coordinate change, kept by every optimizer for [`Optimizer::state`].
///
/// A step only copies the parameters before and after it and the gradient; the change
/// and the effective rate are worked out when [`LastStep::state`] asks for them, so
/// the many steps nobody inspects cost two copies each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LastStep {
    before: Vec<f64>,
    after: Vec<f64>,
    grad: Vec<f64>,
    taken: bool,
}

impl LastStep {
    /// Remembers the parameters before a step.
    pub fn begin(&mut self, params: &[f64]) {
        self.before.clear();
        self.before.extend_from_slice(params);
    }
    /// Records the parameters after a step taken with gradient `grad`.
    pub fn finish(&mut self, params: &[f64], grad: &[f64]) {
        self.after.clear();
        self.after.extend_from_slice(params);
        self.grad.clear();
        self.grad.extend_from_slice(grad);
        self.taken = true;
    }
    /// Appends `delta` (θₜ − θₜ₋₁) and `effective_lr` (−Δθᵢ/gᵢ, 0 where gᵢ = 0 or the
    /// ratio is not finite) once a step has been taken.
    pub fn state(&self, out: &mut Vec<(&'static str, Vec<f64>)>) {
        if !self.taken {
            return;
        }
        let mut delta = Vec::with_capacity(self.after.len());
        let mut effective_lr = Vec::with_capacity(self.after.len());
        for ((p, b), g) in self.after.iter().zip(&self.before).zip(&self.grad) {
            let d = p - b;
            let e = -d / g;
            delta.push(d);
            effective_lr.push(if *g != 0.0 && e.is_finite() { e } else { 0.0 });
        }
        out.push(("delta", delta));
        out.push(("effective_lr", effective_lr));
    }
}

/// Every optimizer name, in the order the UI lists them.
pub const NAMES: &[&str] = &[
    "sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam", "radam", "adamax", "lion",
    "sophia",
];

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
        "sgd" => Box::new(sgd::read(p, dim)?),
        "adagrad" => Box::new(adagrad::read(p, dim)?),
        "rmsprop" => Box::new(rmsprop::read(p, dim)?),
        "adadelta" => Box::new(adadelta::read(p, dim)?),
        "adam" => Box::new(adam::read(p, dim)?),
        "adamw" => Box::new(adamw::read(p, dim)?),
        "nadam" => Box::new(NAdam::read(p, dim)?),
        "radam" => Box::new(RAdam::read(p, dim)?),
        "adamax" => Box::new(adamax::read(p, dim)?),
        "lion" => Box::new(lion::read(p, dim)?),
        "sophia" => Box::new(sophia::read(p, dim)?),
        other => return Err(unknown_name("optimizer", other, NAMES)),
    })
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers shared by the optimizers' unit tests.
    use super::{build, Optimizer, StepCtx};
    use crate::core::spec::Spec;

    /// Builds `spec` for `dim` parameters (panics on a bad spec: tests only).
    pub fn opt(spec: &str, dim: usize) -> Box<dyn Optimizer> {
        build(&Spec::parse(spec).unwrap(), dim).unwrap()
    }

    /// Takes one step at `(t, lr)` from `p` with gradient `g`; returns the new point.
    pub fn step(o: &mut dyn Optimizer, p: &[f64], g: &[f64], t: u64, lr: f64) -> Vec<f64> {
        let mut q = p.to_vec();
        o.step(&mut q, g, &StepCtx::plain(t, lr));
        q
    }

    /// Runs `steps` steps of `o` on f = ½Σ aᵢxᵢ² from `p` at rate `lr`; returns the points.
    pub fn bowl(o: &mut dyn Optimizer, a: &[f64], p: &[f64], lr: f64, steps: u64) -> Vec<Vec<f64>> {
        let mut q = p.to_vec();
        let mut out = Vec::new();
        for t in 1..=steps {
            let g: Vec<f64> = q.iter().zip(a).map(|(x, a)| a * x).collect();
            o.step(&mut q, &g, &StepCtx::plain(t, lr));
            out.push(q.clone());
        }
        out
    }

    /// Asserts `|a − b| ≤ tol·max(1, |b|)`.
    pub fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol * b.abs().max(1.0), "{a} vs {b}");
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn every_optimizer_builds_describes_and_resets() {
        for name in NAMES {
            let info = describe(name).unwrap();
            assert!(info.iter().any(|i| i.name == "lr"), "{name}");
            let mut o = opt(name, 2);
            assert_eq!(o.name(), *name);
            let fresh = o.state();
            assert!(fresh
                .iter()
                .all(|(k, v)| *k == "mu_product" || v.iter().all(|x| *x == 0.0)));
            let lr = o.lr();
            let a = step(o.as_mut(), &[1.0, -2.0], &[0.5, -1.0], 1, lr);
            assert!(a[0] < 1.0 && a[1] > -2.0, "{name}: {a:?}");
            let st = o.state();
            assert!(st.iter().any(|(k, _)| *k == "delta"), "{name}");
            o.reset();
            let b = step(o.as_mut(), &[1.0, -2.0], &[0.5, -1.0], 1, lr);
            assert_eq!(a, b, "{name}: reset restores a fresh optimizer");
        }
        let e = build(&Spec::bare("adamm"), 2).err().map(|e| e.to_string());
        assert!(e.unwrap().contains("adamw"));
    }

    #[test]
    fn bad_hyperparameters_name_the_value_and_range() {
        for (spec, msg) in [
            (
                "adam(lr=-1)",
                "adam: lr = -1 is out of range; allowed: 0 ≤ lr",
            ),
            (
                "adam(beta1=1)",
                "adam: beta1 = 1 is out of range; allowed: 0 ≤ beta1 < 1",
            ),
            (
                "rmsprop(alpha=-0.5)",
                "rmsprop: alpha = -0.5 is out of range; allowed: 0 ≤ alpha",
            ),
            (
                "adadelta(rho=1.5)",
                "adadelta: rho = 1.5 is out of range; allowed: 0 ≤ rho ≤ 1",
            ),
            (
                "sophia(k=0)",
                "sophia: k = 0 is out of range; allowed: 1 ≤ k ≤ 1000000",
            ),
            (
                "sgd(momentum=NaN)",
                "sgd: momentum = NaN is out of range; allowed: 0 ≤ momentum",
            ),
        ] {
            let e = build(&Spec::parse(spec).unwrap(), 2)
                .err()
                .map(|e| e.to_string());
            assert_eq!(e.as_deref(), Some(msg), "{spec}");
        }
        let e = build(&Spec::parse("adam(lr=1, amsgrad=2)").unwrap(), 2).err();
        assert!(e.is_some());
    }

    #[test]
    fn wrong_lengths_never_panic() {
        for name in NAMES {
            let mut o = opt(name, 2);
            let mut p = vec![1.0; 3];
            o.step(&mut p, &[1.0], &StepCtx::plain(1, 0.1));
            o.step(&mut p, &[], &StepCtx::plain(2, 0.1));
            let mut q = vec![1.0];
            o.step(&mut q, &[1.0, 2.0, 3.0], &StepCtx::plain(3, 0.1));
        }
    }
}
