//! The flags of `trace`, `race` and `schedule`, and the parsers of their values.
//!
//! clap reads only the shape of each value here (a number, a whole number, a point);
//! the flags then become the options of [`crate::core::commands`], which parses the
//! specs and checks every range and combination, with the same messages the JavaScript
//! API gives.

use clap::Args;

use crate::core::commands::{RaceOptions, ScheduleOptions, TraceOptions};
use crate::core::error::{Error, Result};

/// A point `X,Y` (or `X` for a 1-D surface).
#[derive(Debug, Clone, PartialEq)]
pub struct Point(pub Vec<f64>);

/// The flags that make a run setup, shared by `trace` and `race`.
#[derive(Debug, Clone, Args)]
pub struct SetupArgs {
    /// The surface, e.g. rosenbrock or 'quadratic(a=1, b=25)'.
    #[arg(long, value_name = "SPEC")]
    pub surface: String,
    /// The start (the surface's default start if not given).
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true, value_parser = point)]
    pub start: Option<Point>,
    /// Optimizer steps to take, 0 to 100000 [default: 100].
    #[arg(long, value_name = "N", value_parser = whole)]
    pub steps: Option<u64>,
    /// A learning-rate schedule, e.g. 'cosine(t_max=100)' (constant if not given).
    #[arg(long, value_name = "SPEC")]
    pub schedule: Option<String>,
    /// Clip the gradient's norm to C (as torch's clip_grad_norm_).
    #[arg(long, value_name = "C", allow_negative_numbers = true, value_parser = number)]
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to [−C, C] (as torch's clip_grad_value_).
    #[arg(long, value_name = "C", allow_negative_numbers = true, value_parser = number)]
    pub clip_value: Option<f64>,
    /// Add Gaussian gradient noise of scale SIGMA/√B, standing in for mini-batches.
    #[arg(long, value_name = "SIGMA", allow_negative_numbers = true, value_parser = number)]
    pub noise: Option<f64>,
    /// The mini-batch size B of the noise, 1 to 65536 [default: 1].
    #[arg(long, value_name = "B", value_parser = whole)]
    pub batch: Option<u64>,
    /// The seed of the noise [default: 0].
    #[arg(long, value_name = "S", value_parser = whole)]
    pub seed: Option<u64>,
    /// Converged once the loss is within T of the best known minimum (or, with no
    /// known minimum, once the gradient's norm is below T) [default: 1e-6].
    #[arg(long, value_name = "T", allow_negative_numbers = true, value_parser = number)]
    pub tol: Option<f64>,
}

/// `gdz trace`: one optimizer.
#[derive(Debug, Clone, Args)]
pub struct TraceArgs {
    /// The optimizer, e.g. 'adam(lr=0.01)'.
    #[arg(long, value_name = "SPEC")]
    pub optimizer: String,
    /// The surface, start, schedule and run settings.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// `gdz race`: several optimizers.
#[derive(Debug, Clone, Args)]
pub struct RaceArgs {
    /// The optimizers, separated by ';', e.g. 'sgd(lr=0.03); adam(lr=0.1)'.
    #[arg(long, value_name = "SPECS")]
    pub optimizers: String,
    /// The surface, start, schedule and run settings.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// `gdz schedule`: a schedule's rates.
#[derive(Debug, Clone, Args)]
pub struct ScheduleArgs {
    /// The schedule, e.g. 'cosine(t_max=100)'.
    #[arg(long, value_name = "SPEC")]
    pub schedule: String,
    /// The base learning rate, ≥ 0.
    #[arg(long, value_name = "BASE", allow_negative_numbers = true, value_parser = number)]
    pub lr: f64,
    /// Scheduler steps to take, 0 to 100000.
    #[arg(long, value_name = "N", value_parser = whole)]
    pub steps: u64,
    /// The base momentum a cycling schedule varies, 0 ≤ M < 1 [default: 0.9].
    #[arg(long, value_name = "M", allow_negative_numbers = true, value_parser = number)]
    pub momentum: Option<f64>,
}

impl From<&TraceArgs> for TraceOptions {
    fn from(a: &TraceArgs) -> Self {
        let s = &a.setup;
        TraceOptions {
            surface: s.surface.clone(),
            optimizer: a.optimizer.clone(),
            start: s.start.as_ref().map(|p| p.0.clone()),
            steps: s.steps.map(|n| n as f64),
            schedule: s.schedule.clone(),
            clip_norm: s.clip_norm,
            clip_value: s.clip_value,
            noise: s.noise,
            batch: s.batch.map(|n| n as f64),
            seed: s.seed,
            tol: s.tol,
        }
    }
}

impl From<&RaceArgs> for RaceOptions {
    fn from(a: &RaceArgs) -> Self {
        let s = &a.setup;
        RaceOptions {
            surface: s.surface.clone(),
            optimizers: a.optimizers.clone(),
            start: s.start.as_ref().map(|p| p.0.clone()),
            steps: s.steps.map(|n| n as f64),
            schedule: s.schedule.clone(),
            clip_norm: s.clip_norm,
            clip_value: s.clip_value,
            noise: s.noise,
            batch: s.batch.map(|n| n as f64),
            seed: s.seed,
            tol: s.tol,
        }
    }
}

impl From<&ScheduleArgs> for ScheduleOptions {
    fn from(a: &ScheduleArgs) -> Self {
        ScheduleOptions {
            schedule: a.schedule.clone(),
            lr: a.lr,
            steps: a.steps as f64,
            momentum: a.momentum,
        }
    }
}

/// A finite number.
pub(super) fn number(text: &str) -> Result<f64> {
    let t = text.trim();
    Ok(t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Error::WrongType {
            owner: String::new(),
            key: format!("\"{t}\""),
            expected: "a finite number".into(),
            got: None,
        })?)
}

/// A whole number (its range is for the command to check).
pub(super) fn whole(text: &str) -> Result<u64> {
    let t = text.trim();
    Ok(t.parse::<u64>().ok().ok_or_else(|| Error::WrongType {
        owner: String::new(),
        key: format!("\"{t}\""),
        expected: "a whole number".into(),
        got: None,
    })?)
}

pub(super) fn point(text: &str) -> Result<Point> {
    // Far more coordinates than any surface has; reading stops one past them.
    crate::core::spec::split_at_most(text, ',', 16, "the point")?
        .into_iter()
        .map(number)
        .collect::<Result<_>>()
        .map(Point)
}
