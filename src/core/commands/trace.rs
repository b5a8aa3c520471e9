//! `trace`: one optimizer's run on a surface, point by point.

use serde::Serialize;

use super::{finite, run_options};
use crate::core::error::Result;
use crate::core::run::Status;
use crate::core::spec::Spec;

run_options! {
    /// What `gdz trace` and the API's `trace` take (the CLI's flags; camelCase in JS).
    pub struct TraceOptions {
        /// The optimizer, e.g. 'adam(lr=0.01)'.
        #[cfg_attr(not(target_arch = "wasm32"), arg(long, value_name = "SPEC"))]
        pub optimizer: String,
    }
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
