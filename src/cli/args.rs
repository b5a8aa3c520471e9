//! The flags of `trace`, `race` and `schedule`, and the parsers of their values.
//!
//! Values are parsed into core types here (specs, points, numbers), so a bad value is
//! reported by clap with the flag it belongs to; whether the parts fit together is for
//! [`RunSetup::from_specs`] to say.

use clap::Args;

use crate::core::error::{Error, Result};
use crate::core::limits::{MAX_BATCH, MAX_STEPS};
use crate::core::run::{Noise, RunConfig};
use crate::core::setup::{parse_list, RunSetup, SetupSpec};
use crate::core::spec::{Range, Spec};

/// A point `X,Y` (or `X` for a 1-D surface).
#[derive(Debug, Clone, PartialEq)]
pub struct Point(pub Vec<f64>);

/// A `;`-separated list of optimizer specs.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecList(pub Vec<Spec>);

/// The flags that make a run setup, shared by `trace` and `race`.
#[derive(Debug, Clone, Args)]
pub struct SetupArgs {
    /// The surface, e.g. rosenbrock or 'quadratic(a=1, b=25)'.
    #[arg(long, value_name = "SPEC", value_parser = Spec::parse)]
    pub surface: Spec,
    /// The start (the surface's default start if not given).
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true, value_parser = point)]
    pub start: Option<Point>,
    /// Optimizer steps to take.
    #[arg(long, value_name = "N", default_value = "100", value_parser = steps)]
    pub steps: usize,
    /// A learning-rate schedule, e.g. 'cosine(t_max=100)' (constant if not given).
    #[arg(long, value_name = "SPEC", value_parser = Spec::parse)]
    pub schedule: Option<Spec>,
    /// Clip the gradient's norm to C (as torch's clip_grad_norm_).
    #[arg(long, value_name = "C", allow_negative_numbers = true, value_parser = number)]
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to [−C, C] (as torch's clip_grad_value_).
    #[arg(long, value_name = "C", allow_negative_numbers = true, value_parser = number)]
    pub clip_value: Option<f64>,
    /// Add Gaussian gradient noise of scale SIGMA/√B, standing in for mini-batches.
    #[arg(long, value_name = "SIGMA", allow_negative_numbers = true, value_parser = number)]
    pub noise: Option<f64>,
    /// The mini-batch size B of the noise.
    #[arg(long, value_name = "B", requires = "noise", value_parser = batch)]
    pub batch: Option<u32>,
    /// The seed of the noise.
    #[arg(long, value_name = "S", requires = "noise", value_parser = seed)]
    pub seed: Option<u64>,
    /// Converged once the loss is within T of the best known minimum (or, with no
    /// known minimum, once the gradient's norm is below T).
    #[arg(long, value_name = "T", default_value = "1e-6", allow_negative_numbers = true, value_parser = number)]
    pub tol: f64,
}

impl SetupArgs {
    /// The run settings these flags give.
    pub fn config(&self) -> RunConfig {
        RunConfig {
            steps: self.steps,
            clip_norm: self.clip_norm,
            clip_value: self.clip_value,
            noise: self.noise.map(|sigma| Noise {
                sigma,
                batch: self.batch.unwrap_or(1),
                seed: self.seed.unwrap_or(0),
            }),
            tol: self.tol,
        }
    }

    /// The checked setup of `optimizers` under these flags.
    pub fn setup(&self, optimizers: Vec<Spec>) -> Result<RunSetup> {
        RunSetup::from_specs(SetupSpec {
            surface: self.surface.clone(),
            start: self.start.as_ref().map(|p| p.0.clone()),
            optimizers,
            schedule: self.schedule.clone(),
            config: self.config(),
        })
    }
}

/// `gdz trace`: one optimizer.
#[derive(Debug, Clone, Args)]
pub struct TraceArgs {
    /// The optimizer, e.g. 'adam(lr=0.01)'.
    #[arg(long, value_name = "SPEC", value_parser = Spec::parse)]
    pub optimizer: Spec,
    /// The surface, start, schedule and run settings.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// `gdz race`: several optimizers.
#[derive(Debug, Clone, Args)]
pub struct RaceArgs {
    /// The optimizers, separated by ';', e.g. 'sgd(lr=0.03); adam(lr=0.1)'.
    #[arg(long, value_name = "SPECS", value_parser = spec_list)]
    pub optimizers: SpecList,
    /// The surface, start, schedule and run settings.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// `gdz schedule`: a schedule's rates.
#[derive(Debug, Clone, Args)]
pub struct ScheduleArgs {
    /// The schedule, e.g. 'cosine(t_max=100)'.
    #[arg(long, value_name = "SPEC", value_parser = Spec::parse)]
    pub schedule: Spec,
    /// The base learning rate.
    #[arg(long, value_name = "BASE", allow_negative_numbers = true, value_parser = learning_rate)]
    pub lr: f64,
    /// Scheduler steps to take.
    #[arg(long, value_name = "N", value_parser = steps)]
    pub steps: usize,
    /// The base momentum a cycling schedule varies.
    #[arg(long, value_name = "M", default_value = "0.9", allow_negative_numbers = true, value_parser = momentum)]
    pub momentum: f64,
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

/// A finite number in `range`, named `key` in the error.
fn number_in(text: &str, key: &str, range: Range) -> Result<f64> {
    let x = number(text)?;
    if range.contains(x) {
        Ok(x)
    } else {
        Err(Box::new(Error::OutOfRange {
            owner: String::new(),
            key: key.to_string(),
            value: x,
            allowed: range.describe(key),
        }))
    }
}

fn learning_rate(text: &str) -> Result<f64> {
    number_in(text, "lr", Range::NON_NEGATIVE)
}

fn momentum(text: &str) -> Result<f64> {
    number_in(text, "momentum", Range::UNIT_HALF_OPEN)
}

/// A whole number from `min` to `max`.
pub(super) fn whole(text: &str, min: u64, max: u64) -> Result<u64> {
    let t = text.trim();
    Ok(t.parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| Error::WrongType {
            owner: String::new(),
            key: format!("\"{t}\""),
            expected: format!("a whole number from {min} to {max}"),
            got: None,
        })?)
}

fn steps(text: &str) -> Result<usize> {
    whole(text, 0, MAX_STEPS as u64).map(|n| n as usize)
}

fn batch(text: &str) -> Result<u32> {
    whole(text, 1, u64::from(MAX_BATCH)).map(|n| n as u32)
}

pub(super) fn seed(text: &str) -> Result<u64> {
    whole(text, 0, u64::MAX)
}

fn point(text: &str) -> Result<Point> {
    // Far more coordinates than any surface has; reading stops one past them.
    crate::core::spec::split_at_most(text, ',', 16, "the point")?
        .into_iter()
        .map(number)
        .collect::<Result<_>>()
        .map(Point)
}

fn spec_list(text: &str) -> Result<SpecList> {
    parse_list(text).map(SpecList)
}
