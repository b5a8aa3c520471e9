//! `schedule`: a schedule's learning rate (and any momentum it cycles) after each step.

use serde::{Deserialize, Serialize};

use super::{finite, whole, within};
use crate::core::error::Result;
use crate::core::limits::MAX_STEPS;
use crate::core::schedule as sched;
use crate::core::spec::{Range, Spec};

/// The momentum a cycling schedule varies when none is given.
pub const DEFAULT_MOMENTUM: f64 = 0.9;

/// What `gdz schedule` and the API's `schedule` take: the API reads it (camelCase in
/// JS), and natively it is the command's flags (each field's comment is its `--help`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(clap::Args))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleOptions {
    /// The schedule, e.g. 'cosine(t_max=100)'.
    #[cfg_attr(not(target_arch = "wasm32"), arg(long, value_name = "SPEC"))]
    pub schedule: String,
    /// The base learning rate, ≥ 0.
    #[cfg_attr(not(target_arch = "wasm32"), arg(
        long, value_name = "BASE", allow_negative_numbers = true, value_parser = super::flags::number
    ))]
    pub lr: f64,
    /// Scheduler steps to take, 0 to [`MAX_STEPS`].
    #[cfg_attr(not(target_arch = "wasm32"), arg(
        long, value_name = "N", value_parser = super::flags::count,
        help = format!("Scheduler steps to take, 0 to {MAX_STEPS}")
    ))]
    pub steps: f64,
    /// The base momentum a cycling schedule varies, 0 ≤ M < 1 (`DEFAULT_MOMENTUM` if
    /// not given).
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), arg(
        long, value_name = "M", allow_negative_numbers = true, value_parser = super::flags::number,
        help = format!(
            "The base momentum a cycling schedule varies, 0 ≤ M < 1 [default: {DEFAULT_MOMENTUM}]"
        )
    ))]
    pub momentum: Option<f64>,
}

/// A schedule's values as `gdz schedule` prints them: N+1 rates, the first before any
/// step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleResult {
    /// The rate before the first step and after each step.
    #[serde(serialize_with = "finite::seq")]
    pub lr: Vec<f64>,
    /// The momentum alongside, for schedules that cycle it (absent otherwise).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::opt_seq"
    )]
    pub momentum: Option<Vec<f64>>,
}

/// Steps the schedule `steps` times. Plateau is fed no loss, so every step counts as no
/// improvement.
pub fn schedule(o: &ScheduleOptions) -> Result<ScheduleResult> {
    let spec = Spec::parse(&o.schedule)?;
    let lr = within("lr", o.lr, Range::NON_NEGATIVE)?;
    let steps = whole("steps", o.steps, 0, MAX_STEPS as u64)?;
    let momentum = within(
        "momentum",
        o.momentum.unwrap_or(DEFAULT_MOMENTUM),
        Range::UNIT_HALF_OPEN,
    )?;
    let mut s = sched::build(&spec, lr, Some(momentum))?;
    let mut lrs = vec![s.lr()];
    let mut moms = vec![s.momentum()];
    for _ in 0..steps {
        s.step(f64::NAN);
        lrs.push(s.lr());
        moms.push(s.momentum());
    }
    Ok(ScheduleResult {
        lr: lrs,
        momentum: moms.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_a_schedule() {
        let r = schedule(&ScheduleOptions {
            schedule: "step(step_size=2, gamma=0.5)".into(),
            lr: 1.0,
            steps: 4.0,
            momentum: None,
        })
        .unwrap();
        assert_eq!(r.lr, vec![1.0, 1.0, 0.5, 0.5, 0.25]);
        assert_eq!(r.momentum, None);
        let r = schedule(&ScheduleOptions {
            schedule: "onecycle(max_lr=1, total_steps=10)".into(),
            lr: 0.1,
            steps: 2.0,
            momentum: Some(0.8),
        })
        .unwrap();
        assert_eq!(r.momentum.as_ref().map(Vec::len), Some(3));
        let bad = |lr: f64, steps: f64, momentum: Option<f64>| {
            schedule(&ScheduleOptions {
                schedule: "constant".into(),
                lr,
                steps,
                momentum,
            })
            .unwrap_err()
            .to_string()
        };
        assert_eq!(
            bad(-1.0, 3.0, None),
            "lr = -1 is out of range; allowed: 0 ≤ lr"
        );
        assert_eq!(bad(1.0, 0.5, None), "steps = 0.5 must be a whole number");
        assert_eq!(
            bad(1.0, 3.0, Some(1.0)),
            "momentum = 1 is out of range; allowed: 0 ≤ momentum < 1"
        );
    }
}
