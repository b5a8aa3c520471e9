//! Read-outs shared by widgets: a run described in words, an optimizer's name and rate,
//! numbers rounded for display.

use super::dom::fmt;
use crate::core::num::parse_f64;
use crate::core::optim;
use crate::core::run::{Status, Trajectory};
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::text::join;

/// One run's read-out, from its live trajectory.
pub fn describe(spec: &Spec, t: &Trajectory, budget: usize) -> String {
    let steps = t.len().saturating_sub(1);
    let at = match t.last().unwrap_or(&[]) {
        [x, y] => format!("({}, {})", fmt(*x), fmt(*y)),
        [x] => format!("x = {}", fmt(*x)),
        _ => String::new(),
    };
    let loss = t.loss.last().copied().unwrap_or(f64::NAN);
    let outcome = match t.status {
        Status::Diverged => format!("diverged after step {steps}: the steps grew without bound."),
        Status::Converged => format!(
            "converged at step {} of {budget}; ended at {at} with loss {}.",
            t.converged_at.unwrap_or(steps),
            fmt(loss)
        ),
        Status::MaxSteps => format!("after {steps} steps at {at}, loss {}.", fmt(loss)),
    };
    format!("{} with η = {}: {outcome}", who(spec), fmt(lr_of(spec)))
}

/// The optimizer with its settings other than the learning rate (`sgd`,
/// `sgd(momentum=0.9)`), so that runs differing only in momentum (say) read differently.
pub fn who(spec: &Spec) -> String {
    let rest = Spec {
        name: spec.name.clone(),
        args: spec
            .args
            .iter()
            .filter(|(k, _)| k != "lr")
            .cloned()
            .collect(),
    };
    if rest.args.is_empty() {
        rest.name
    } else {
        rest.to_string()
    }
}

/// Rounds to three significant digits, so specs and read-outs stay readable.
pub fn round3(x: f64) -> f64 {
    parse_f64(&crate::core::num::fmt_exp(x, 2)).unwrap_or(x)
}

/// The learning rate of an optimizer spec (its default when not given).
pub fn lr_of(spec: &Spec) -> f64 {
    match spec.get("lr") {
        Some(Value::Num(x)) => *x,
        _ => optim::build(spec, 2).map(|o| o.lr()).unwrap_or(1e-3),
    }
}

/// A point as `x,y` text that [`parse_point`] reads back.
pub fn point_text(p: &[f64]) -> String {
    join(&p.iter().map(|x| fmt_num(*x)).collect::<Vec<_>>(), ",")
}
