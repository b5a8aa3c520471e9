//! `trace`: one optimizer's run on a surface, point by point.

use serde::{Deserialize, Serialize};

use super::{finite, Settings};
use crate::core::error::Result;
use crate::core::run::Status;
use crate::core::spec::Spec;

/// What `gdz trace` and the API's `trace` take (the CLI's flags; camelCase in JS).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TraceOptions {
    /// The surface spec, e.g. `rosenbrock` or `quadratic(a=1, b=25)`.
    pub surface: String,
    /// The optimizer spec, e.g. `adam(lr=0.01)`.
    pub optimizer: String,
    /// The start, one number per parameter (the surface's default start if absent).
    #[serde(default)]
    pub start: Option<Vec<f64>>,
    /// Optimizer steps, a whole number from 0 to [`MAX_STEPS`](crate::core::MAX_STEPS)
    /// (100 if absent).
    #[serde(default)]
    pub steps: Option<f64>,
    /// A schedule spec, e.g. `cosine(t_max=100)` (constant if absent).
    #[serde(default)]
    pub schedule: Option<String>,
    /// Clip the gradient's norm to this (torch's `clip_grad_norm_`).
    #[serde(default)]
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to `[−c, c]` (torch's `clip_grad_value_`).
    #[serde(default)]
    pub clip_value: Option<f64>,
    /// The gradient noise's σ: Gaussian noise of scale σ/√batch on every gradient.
    #[serde(default)]
    pub noise: Option<f64>,
    /// The noise's mini-batch size, 1 to 65536 (1 if absent; only with `noise`).
    #[serde(default)]
    pub batch: Option<f64>,
    /// The noise's seed (0 if absent; only with `noise`).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Converged once the loss is within this of the best known minimum (or, with
    /// none known, once the gradient's norm is below it); 1e-6 if absent.
    #[serde(default)]
    pub tol: Option<f64>,
}

/// A trajectory as `gdz trace` prints it: `points` and `loss` start at the start, so
/// they have one entry more than `lr` and `grad_norm`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceResult {
    /// Every point reached, the start first.
    #[serde(serialize_with = "finite::seqs")]
    pub points: Vec<Vec<f64>>,
    /// The loss at each point.
    #[serde(serialize_with = "finite::seq")]
    pub loss: Vec<f64>,
    /// The learning rate each step used.
    #[serde(serialize_with = "finite::seq")]
    pub lr: Vec<f64>,
    /// The norm of the gradient each step saw.
    #[serde(serialize_with = "finite::seq")]
    pub grad_norm: Vec<f64>,
    /// How the run ended: `converged`, `diverged` or `max_steps`.
    pub status: Status,
    /// The step from which the run stayed within tolerance, if it did.
    pub converged_at: Option<usize>,
}

impl TraceOptions {
    fn settings(&self) -> Settings<'_> {
        Settings {
            surface: &self.surface,
            start: self.start.as_deref(),
            steps: self.steps,
            schedule: self.schedule.as_deref(),
            clip_norm: self.clip_norm,
            clip_value: self.clip_value,
            noise: self.noise,
            batch: self.batch,
            seed: self.seed,
            tol: self.tol,
        }
    }
}

/// Runs the optimizer from the start and returns its trajectory. Every spec and setting
/// is checked first; a run that blows up is a `diverged` trajectory, not an error.
pub fn trace(o: &TraceOptions) -> Result<TraceResult> {
    let setup = o
        .settings()
        .setup(|| Ok(vec![Spec::parse(&o.optimizer)?]))?;
    let t = setup.run(0)?;
    Ok(TraceResult {
        points: t.points.chunks(t.dim.max(1)).map(<[f64]>::to_vec).collect(),
        loss: t.loss,
        lr: t.lr,
        grad_norm: t.grad_norm,
        status: t.status,
        converged_at: t.converged_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(optimizer: &str) -> TraceOptions {
        TraceOptions {
            surface: "quadratic(a=1, b=10)".into(),
            optimizer: optimizer.into(),
            start: Some(vec![1.0, 1.0]),
            steps: Some(3.0),
            ..TraceOptions::default()
        }
    }

    #[test]
    fn traces_and_checks_every_setting() {
        let t = trace(&options("sgd(lr=0.1)")).unwrap();
        assert_eq!(t.points.len(), 4);
        assert_eq!(t.points[1][0], 0.9);
        assert_eq!(t.status, Status::MaxSteps);
        assert_eq!(t.lr, vec![0.1; 3]);
        let bad = |f: &dyn Fn(&mut TraceOptions)| {
            let mut o = options("sgd");
            f(&mut o);
            trace(&o).unwrap_err().to_string()
        };
        assert_eq!(
            bad(&|o| o.steps = Some(1.5)),
            "steps = 1.5 must be a whole number"
        );
        assert_eq!(
            bad(&|o| o.steps = Some(100_001.0)),
            "steps = 100001 is out of range; allowed: 0 ≤ steps ≤ 100000"
        );
        assert_eq!(
            bad(&|o| o.batch = Some(4.0)),
            "noise is required (batch and seed shape the gradient noise, which is off)"
        );
        assert_eq!(
            bad(&|o| {
                o.noise = Some(1.0);
                o.batch = Some(0.0);
            }),
            "batch = 0 is out of range; allowed: 1 ≤ batch ≤ 65536"
        );
        assert_eq!(
            bad(&|o| o.tol = Some(f64::NAN)),
            "tol = NaN is out of range; allowed: 0 < tol"
        );
        assert_eq!(
            bad(&|o| o.optimizer = "adam(lr=-1)".into()),
            "adam: lr = -1 is out of range; allowed: 0 ≤ lr"
        );
        assert!(bad(&|o| o.schedule = Some("cosine(".into())).contains("column"));
    }
}
