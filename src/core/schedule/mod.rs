//! Learning-rate schedules with `torch.optim.lr_scheduler`'s names and stepping.
//!
//! A schedule starts at step 0 and is advanced once per optimizer step, as
//! `scheduler.step()` after `optimizer.step()`; [`Schedule::lr`] is the rate the next
//! optimizer step uses, the value torch's `get_last_lr()` reports.
//!
//! Each schedule is a small value advanced by a function of the step number (and, where
//! torch computes the rate recursively from the previous one, of that rate: the values
//! then match torch's stepping to the last bit rather than its closed form). Warmup
//! schedules join two schedules with [`Sequential`] rather than subclassing; the
//! loss-driven [`Plateau`] stands apart as the one stateful schedule.

mod constant;
mod cosine;
mod cosine_restarts;
mod cyclic;
mod exponential;
mod linear;
mod multistep;
mod onecycle;
mod plateau;
mod polynomial;
mod sequential;
mod step;

pub use constant::Constant;
pub use cosine::Cosine;
pub use cosine_restarts::CosineRestarts;
pub use cyclic::{Cyclic, CyclicMode};
pub use exponential::Exponential;
pub use linear::Linear;
pub use multistep::MultiStep;
pub use onecycle::{Anneal, OneCycle, OneCycleConfig};
pub use plateau::{Plateau, PlateauConfig};
pub use polynomial::Polynomial;
pub use sequential::Sequential;
pub use step::StepDecay;

use super::error::{Error, Result};
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
use super::spec::Range;
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

/// A schedule that can jump back to its step 0 the way torch's `SequentialLR` moves
/// a scheduler there at a milestone (through the closed form where torch has one).
pub trait Restart {
    /// Returns to step 0.
    fn restart(&mut self);
}

/// Every schedule name, in the order the UI lists them.
pub const NAMES: &[&str] = &[
    "constant",
    "step",
    "multistep",
    "exponential",
    "cosine",
    "cosine_restarts",
    "linear",
    "polynomial",
    "onecycle",
    "cyclic",
    "warmup_cosine",
    "warmup_linear",
    "plateau",
];

/// Largest step count a schedule parameter may name.
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
const MAX_ITERS: u64 = 1_000_000_000;

/// Builds a schedule from a spec, for an optimizer whose base rate is `base_lr` and
/// whose base momentum (or `beta1`) is `base_momentum` (`None` when the optimizer has
/// neither: then `onecycle` and `cyclic` need `cycle_momentum=false`, as torch
/// requires).
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

/// `10⁻⁸ ≤ x ≤ 1`, the range of `LinearLR`'s start factor (torch takes any `0 < x ≤ 1`;
/// a factor near the smallest floats makes torch's recurrence multiply 0 by ∞).
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
const FACTOR: Range = Range::closed(1e-8, 1.0);

/// `0 ≤ γ ≤ 1`: a decay factor. Torch takes any γ, but γ > 1 grows the rate
/// geometrically, to ∞ within a few hundred steps of a large one (`1e308`).
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
const DECAY: Range = Range::UNIT;

/// `0 < γ ≤ 1`, `CyclicLR`'s `exp_range` factor per step (as [`DECAY`], and above 0).
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
const CYCLE_DECAY: Range = Range {
    min: 0.0,
    max: 1.0,
    min_open: true,
    max_open: false,
};

/// `d ≥ 1`, one-cycle's `div_factor` and `final_div_factor`: the start is at most the
/// peak and the end at most the start (torch takes any `d > 0`; a tiny one overflows
/// `max_lr / d`).
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
const DIVISOR: Range = Range::closed(1.0, f64::MAX);

#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
fn cycled_momentum(
    p: &mut Params,
    base_momentum: Option<f64>,
    lo: f64,
    hi: f64,
) -> Result<Option<(f64, f64)>> {
    let cycle = p.bool("cycle_momentum", true)?;
    let base = p.num("base_momentum", lo, Range::UNIT_HALF_OPEN)?;
    let max = p.num("max_momentum", hi, Range::UNIT_HALF_OPEN)?;
    if !cycle {
        return Ok(None);
    }
    if base_momentum.is_none() && !p.describing() {
        return Err(Box::new(Error::Incompatible {
            owner: p.name().to_string(),
            reason: "cycle_momentum=true needs an optimizer with momentum or beta1 \
                     (adagrad and adadelta have neither); set cycle_momentum=false"
                .into(),
        }));
    }
    Ok(Some((base, max)))
}

fn read(p: &mut Params, base_lr: f64, base_momentum: Option<f64>) -> Result<Box<dyn Schedule>> {
    if p.name() == "constant" {
        return Ok(Box::new(Constant::new(base_lr)));
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
    return read_scheduled(p, base_lr, base_momentum);
    // A page's module without schedules (none of its widgets is given one): a link or a
    // setting that names one is told where it works.
    #[cfg(all(target_arch = "wasm32", not(feature = "schedule")))]
    {
        let _ = base_momentum;
        let name = p.name();
        Err(if NAMES.contains(&name) {
            Box::new(Error::Incompatible {
                owner: name.to_string(),
                reason: "schedules are not built into this page; open the link in the gallery, whose widgets take them".into(),
            })
        } else {
            unknown_name("schedule", name, NAMES)
        })
    }
}

/// Every schedule but `constant`.
#[cfg(any(not(target_arch = "wasm32"), feature = "schedule"))]
fn read_scheduled(
    p: &mut Params,
    base_lr: f64,
    base_momentum: Option<f64>,
) -> Result<Box<dyn Schedule>> {
    Ok(match p.name() {
        "step" => {
            let step_size = p.int_required("step_size", 1, MAX_ITERS)?;
            let gamma = p.num("gamma", 0.1, DECAY)?;
            Box::new(StepDecay::new(base_lr, step_size, gamma))
        }
        "multistep" => {
            let ms = p.num_list(
                "milestones",
                &[],
                Range::closed(0.0, MAX_ITERS as f64),
                1000,
            )?;
            if let Some(m) = ms.iter().find(|m| m.fract() != 0.0) {
                return Err(Box::new(Error::NotWhole {
                    owner: "multistep".into(),
                    key: "milestones".into(),
                    value: *m,
                }));
            }
            let gamma = p.num("gamma", 0.1, DECAY)?;
            Box::new(MultiStep::new(
                base_lr,
                ms.iter().map(|m| *m as u64).collect(),
                gamma,
            ))
        }
        "exponential" => {
            let gamma = p.num_required("gamma", DECAY)?;
            Box::new(Exponential::new(base_lr, gamma))
        }
        "cosine" => {
            let t_max = p.int_required("t_max", 1, MAX_ITERS)?;
            let eta_min = p.num("eta_min", 0.0, Range::NON_NEGATIVE)?;
            Box::new(Cosine::new(base_lr, t_max, eta_min))
        }
        "cosine_restarts" => {
            let t_0 = p.int_required("t_0", 1, MAX_ITERS)?;
            let t_mult = p.int("t_mult", 1, 1, 1000)?;
            let eta_min = p.num("eta_min", 0.0, Range::NON_NEGATIVE)?;
            Box::new(CosineRestarts::new(base_lr, t_0, t_mult, eta_min))
        }
        "linear" => {
            let start = p.num("start_factor", 1.0 / 3.0, FACTOR)?;
            let end = p.num("end_factor", 1.0, Range::UNIT)?;
            let total = p.int("total_iters", 5, 0, MAX_ITERS)?;
            Box::new(Linear::new(base_lr, start, end, total))
        }
        "polynomial" => {
            let total = p.int("total_iters", 5, 0, MAX_ITERS)?;
            let power = p.num("power", 1.0, Range::closed(0.0, 1000.0))?;
            Box::new(Polynomial::new(base_lr, total, power))
        }
        "onecycle" => {
            let max_lr = p.num_required("max_lr", Range::POSITIVE)?;
            let total_steps = p.int_required("total_steps", 1, MAX_ITERS)?;
            let pct_start = p.num("pct_start", 0.3, Range::UNIT)?;
            let anneal = match p.word("anneal_strategy", &["cos", "linear"])? {
                "linear" => Anneal::Linear,
                _ => Anneal::Cos,
            };
            let div_factor = p.num("div_factor", 25.0, DIVISOR)?;
            let final_div_factor = p.num("final_div_factor", 1e4, DIVISOR)?;
            let three_phase = p.bool("three_phase", false)?;
            let m = cycled_momentum(p, base_momentum, 0.85, 0.95)?;
            let c = OneCycleConfig {
                max_lr,
                total_steps,
                pct_start,
                anneal,
                cycle_momentum: m.is_some(),
                base_momentum: m.map_or(0.85, |m| m.0),
                max_momentum: m.map_or(0.95, |m| m.1),
                div_factor,
                final_div_factor,
                three_phase,
            };
            match OneCycle::new(c) {
                Ok(s) => Box::new(s),
                Err(_) if p.describing() => Box::new(Constant::new(base_lr)),
                Err(e) => return Err(e),
            }
        }
        "cyclic" => {
            let lo = p.num_required("base_lr", Range::NON_NEGATIVE)?;
            let hi = p.num_required("max_lr", Range::NON_NEGATIVE)?;
            let up = p.int("step_size_up", 2000, 1, MAX_ITERS)?;
            let down = p.num_opt("step_size_down", Range::closed(1.0, MAX_ITERS as f64))?;
            if let Some(d) = down.filter(|d| d.fract() != 0.0) {
                return Err(Box::new(Error::NotWhole {
                    owner: "cyclic".into(),
                    key: "step_size_down".into(),
                    value: d,
                }));
            }
            let mode = p.word("mode", &["triangular", "triangular2", "exp_range"])?;
            let gamma = p.num("gamma", 1.0, CYCLE_DECAY)?;
            let mode = match mode {
                "triangular2" => CyclicMode::Triangular2,
                "exp_range" => CyclicMode::ExpRange(gamma),
                _ => CyclicMode::Triangular,
            };
            let m = cycled_momentum(p, base_momentum, 0.8, 0.9)?;
            let down = down.map_or(up, |d| d as u64);
            Box::new(Cyclic::new(lo, hi, up, down, mode, m))
        }
        "warmup_cosine" | "warmup_linear" => {
            let name = if p.name() == "warmup_cosine" {
                "warmup_cosine"
            } else {
                "warmup_linear"
            };
            let warmup = p.int_required("warmup_steps", 0, MAX_ITERS)?;
            let total = p.int_required("total_steps", 1, MAX_ITERS)?;
            let start = p.num("start_factor", 1.0 / 3.0, FACTOR)?;
            let rest = if total > warmup {
                total - warmup
            } else if p.describing() {
                1
            } else {
                return Err(Box::new(Error::Incompatible {
                    owner: name.to_string(),
                    reason: format!(
                        "total_steps = {total} must be greater than warmup_steps = {warmup}"
                    ),
                }));
            };
            let first = Linear::new(base_lr, start, 1.0, warmup);
            if name == "warmup_cosine" {
                let eta_min = p.num("eta_min", 0.0, Range::NON_NEGATIVE)?;
                let second = Cosine::new(base_lr, rest, eta_min);
                Box::new(Sequential::new(name, first, second, warmup))
            } else {
                let end = p.num("end_factor", 0.0, Range::UNIT)?;
                let second = Linear::new(base_lr, 1.0, end, rest);
                Box::new(Sequential::new(name, first, second, warmup))
            }
        }
        "plateau" => Box::new(Plateau::new(
            base_lr,
            PlateauConfig {
                factor: p.num("factor", 0.1, Range::UNIT_HALF_OPEN)?,
                patience: p.int("patience", 10, 0, MAX_ITERS)?,
                threshold: p.num("threshold", 1e-4, Range::closed(0.0, 1.0))?,
                cooldown: p.int("cooldown", 0, 0, MAX_ITERS)?,
                min_lr: p.num("min_lr", 0.0, Range::NON_NEGATIVE)?,
                eps: p.num("eps", 1e-8, Range::NON_NEGATIVE)?,
            },
        )),
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

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers shared by the schedules' unit tests.
    use super::{build, lrs};
    use crate::core::spec::Spec;

    /// `lr[0..=steps]` of `spec` on base rate `base` (with momentum available).
    pub fn lrs_of(spec: &str, base: f64, steps: usize) -> Vec<f64> {
        let mut s = build(&Spec::parse(spec).unwrap(), base, Some(0.9)).unwrap();
        lrs(s.as_mut(), steps)
    }

    /// Element-wise `|g − w| ≤ tol·max(|g|, |w|)`, with an absolute floor of
    /// `tol·10⁻³·max|w|` for values that should be 0.
    pub fn rel_close(got: &[f64], want: &[f64], tol: f64) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        let scale = want.iter().fold(0.0f64, |a, w| a.max(w.abs()));
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            let d = (g - w).abs();
            assert!(
                d <= tol * g.abs().max(w.abs()) || d <= tol * 1e-3 * scale,
                "step {i}: {g} vs {w}\n got {got:?}\nwant {want:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schedule_describes_and_builds_from_defaults_or_required_values() {
        for name in NAMES {
            let info = describe(name).unwrap();
            let mut spec = Spec::bare(name);
            for i in info.iter().filter(|i| i.default.is_none()) {
                let v = match i.name.as_str() {
                    "total_steps" => 100.0,
                    "max_lr" => 0.1,
                    "warmup_steps" => 10.0,
                    _ => 1.0,
                };
                spec.set(&i.name, crate::core::spec::Value::Num(v));
            }
            let mut s = build(&spec, 0.1, Some(0.9)).unwrap();
            assert_eq!(s.name(), *name);
            let v = lrs(s.as_mut(), 300);
            assert!(
                v.iter().all(|x| x.is_finite() && *x >= 0.0),
                "{name}: {v:?}"
            );
        }
    }

    #[test]
    fn bad_values_are_errors() {
        for spec in [
            "step",
            "step(step_size=0)",
            "multistep(milestones=[1.5])",
            "exponential",
            "cosine(t_max=0)",
            "cosine_restarts(t_0=2, t_mult=0)",
            "linear(start_factor=0)",
            "linear(end_factor=2)",
            "linear(start_factor=1e-300)",
            "exponential(gamma=1e308)",
            "exponential(gamma=1.01)",
            "step(step_size=1, gamma=2)",
            "multistep(milestones=[1], gamma=1e308)",
            "cyclic(base_lr=0.1, max_lr=1, mode=exp_range, gamma=1e308)",
            "cyclic(base_lr=0.1, max_lr=1, mode=exp_range, gamma=0)",
            "onecycle(max_lr=1e300, total_steps=10, div_factor=1e-300)",
            "onecycle(max_lr=1, total_steps=10, final_div_factor=0.5)",
            "onecycle(total_steps=10)",
            "onecycle(max_lr=1, total_steps=10, anneal_strategy=cosine)",
            "cyclic(base_lr=1)",
            "cyclic(base_lr=1, max_lr=2, step_size_down=2.5)",
            "warmup_cosine(warmup_steps=10, total_steps=10)",
            "plateau(factor=1)",
            "constant(lr=1)",
            "nope",
        ] {
            assert!(
                build(&Spec::parse(spec).unwrap(), 0.1, Some(0.9)).is_err(),
                "{spec}"
            );
        }
        let e = build(
            &Spec::parse("cyclic(base_lr=1, max_lr=2)").unwrap(),
            0.1,
            None,
        )
        .err();
        assert!(e.unwrap().to_string().contains("cycle_momentum=false"));
    }
}
