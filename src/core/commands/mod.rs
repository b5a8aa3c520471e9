//! The commands the `gdz` command line and the JavaScript API (`api.js`) share:
//! [`trace`], [`schedule`], [`race`] and the lists of [`surfaces`], [`optimizers`] and
//! [`schedules`].
//!
//! Each command takes options (serde structs named as the CLI's flags; JavaScript
//! writes the same names in camelCase: `clipNorm` for `--clip-norm`) and returns a
//! serde result. The CLI prints the result with serde_json; the web layer hands it to
//! JavaScript with serde-wasm-bindgen. Both call these functions, so they cannot differ:
//! every value is checked here (ranges, whole numbers, what needs what), and a problem
//! is the core's [`Error`](crate::core::Error), whose message both show as it is.
//! Non-finite numbers come out as none (JSON's `null`, see [`finite`]).
//!
//! ```text
//! gdz trace --surface rosenbrock --optimizer 'adam(lr=0.01)' --clip-norm 1
//! trace({ surface: 'rosenbrock', optimizer: 'adam(lr=0.01)', clipNorm: 1 })
//!     └─ TraceOptions ─▶ commands::trace ─▶ TraceResult ─▶ JSON / a plain JS object
//! ```

pub mod finite;
#[cfg(not(target_arch = "wasm32"))]
pub mod flags;
// The lists need the surfaces' descriptions and the parameters' descriptions, which a
// browser module has only with the JavaScript API.
#[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
mod list;
mod race;
mod schedule;
mod trace;

#[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
pub use list::{optimizers, schedules, surfaces, Bounds, Lists, Named, Param, SurfaceInfo};
pub use race::{race, RaceOptions, RaceResult};
pub use schedule::{schedule, ScheduleOptions, ScheduleResult};
pub use trace::{trace, TraceOptions, TraceResult};

use super::error::{Error, Result};
use super::limits::{MAX_BATCH, MAX_STEPS};
use super::run::{Noise, RunConfig};
use super::setup::{RunSetup, SetupSpec};
use super::spec::{Range, Spec};

/// A point given as its coordinates, one number per parameter.
///
/// A name of its own so that clap reads `Option<Coords>` as one optional value (the
/// point `X,Y`), not as a list of flags.
pub type Coords = Vec<f64>;

/// The noise's batch size when none is given.
pub const DEFAULT_BATCH: u32 = 1;
/// The noise's seed when none is given.
pub const DEFAULT_SEED: u64 = 0;

/// Declares the options of a command that runs optimizers on a surface (`trace`,
/// `race`): `surface`, then the command's own fields, then the run settings the two
/// share, which are written only here. The struct is what the JavaScript API reads
/// (serde, camelCase) and, natively, the command's flags (clap: each field's comment is
/// its `--help` line, and a line with a limit or a default reads it from where it is
/// defined). [`Settings`] borrows the shared part.
macro_rules! run_options {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* pub $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
        #[cfg_attr(not(target_arch = "wasm32"), derive(clap::Args))]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// The surface, e.g. rosenbrock or 'quadratic(a=1, b=25)'.
            #[cfg_attr(not(target_arch = "wasm32"), arg(long, value_name = "SPEC"))]
            pub surface: String,
            $($(#[$field_meta])* pub $field: $ty,)*
            /// The start, one number per parameter (the surface's default start if not
            /// given).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "X,Y", allow_hyphen_values = true,
                value_parser = $crate::core::commands::flags::point
            ))]
            pub start: Option<$crate::core::commands::Coords>,
            /// Optimizer steps to take, 0 to [`MAX_STEPS`](crate::core::limits::MAX_STEPS)
            /// ([`RunConfig`](crate::core::run::RunConfig)'s if not given).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "N", value_parser = $crate::core::commands::flags::count,
                help = format!(
                    "Optimizer steps to take, 0 to {} [default: {}]",
                    $crate::core::limits::MAX_STEPS,
                    $crate::core::run::RunConfig::default().steps,
                )
            ))]
            pub steps: Option<f64>,
            /// A learning-rate schedule, e.g. 'cosine(t_max=100)' (constant if not given).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(long, value_name = "SPEC"))]
            pub schedule: Option<String>,
            /// Clip the gradient's norm to C (as torch's clip_grad_norm_).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "C", allow_negative_numbers = true,
                value_parser = $crate::core::commands::flags::number
            ))]
            pub clip_norm: Option<f64>,
            /// Clip each gradient coordinate to [−C, C] (as torch's clip_grad_value_).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "C", allow_negative_numbers = true,
                value_parser = $crate::core::commands::flags::number
            ))]
            pub clip_value: Option<f64>,
            /// Add Gaussian gradient noise of scale SIGMA/√B, standing in for mini-batches.
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "SIGMA", allow_negative_numbers = true,
                value_parser = $crate::core::commands::flags::number
            ))]
            pub noise: Option<f64>,
            /// The mini-batch size B of the noise, 1 to
            /// [`MAX_BATCH`](crate::core::limits::MAX_BATCH) ([`DEFAULT_BATCH`](crate::core::commands::DEFAULT_BATCH) if not
            /// given).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "B", value_parser = $crate::core::commands::flags::count,
                help = format!(
                    "The mini-batch size B of the noise, 1 to {} [default: {}]",
                    $crate::core::limits::MAX_BATCH,
                    $crate::core::commands::DEFAULT_BATCH,
                )
            ))]
            pub batch: Option<f64>,
            /// The seed of the noise ([`DEFAULT_SEED`](crate::core::commands::DEFAULT_SEED) if not
            /// given).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "S", value_parser = $crate::core::commands::flags::whole,
                help = format!(
                    "The seed of the noise [default: {}]",
                    $crate::core::commands::DEFAULT_SEED,
                )
            ))]
            pub seed: Option<u64>,
            /// Converged once the loss is within T of the best known minimum (or, with no
            /// known minimum, once the gradient's norm is below T;
            /// [`RunConfig`](crate::core::run::RunConfig)'s if not given).
            #[serde(default)]
            #[cfg_attr(not(target_arch = "wasm32"), arg(
                long, value_name = "T", allow_negative_numbers = true,
                value_parser = $crate::core::commands::flags::number,
                help = format!(
                    "Converged once the loss is within T of the best known minimum (or, with \
                     no known minimum, once the gradient's norm is below T) [default: {:e}]",
                    $crate::core::run::RunConfig::default().tol,
                )
            ))]
            pub tol: Option<f64>,
        }

        impl $name {
            /// The run settings, borrowed.
            fn settings(&self) -> $crate::core::commands::Settings<'_> {
                $crate::core::commands::Settings {
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
    };
}
use run_options;

/// The surface, start, schedule and run settings that `trace` and `race` share,
/// borrowed from their options (see [`run_options`]).
struct Settings<'a> {
    surface: &'a str,
    start: Option<&'a [f64]>,
    steps: Option<f64>,
    schedule: Option<&'a str>,
    clip_norm: Option<f64>,
    clip_value: Option<f64>,
    noise: Option<f64>,
    batch: Option<f64>,
    seed: Option<u64>,
    tol: Option<f64>,
}

impl Settings<'_> {
    /// The checked run setup of `optimizers` (spec text) under these settings.
    fn setup(&self, optimizers: impl FnOnce() -> Result<Vec<Spec>>) -> Result<RunSetup> {
        let surface = Spec::parse(self.surface)?;
        let optimizers = optimizers()?;
        let schedule = self.schedule.map(Spec::parse).transpose()?;
        RunSetup::from_specs(SetupSpec {
            surface,
            start: self.start.map(<[f64]>::to_vec),
            optimizers,
            schedule,
            config: self.config()?,
        })
    }

    /// The run settings: steps and batch whole and in range, batch and seed only with
    /// noise; [`RunSetup::from_specs`] checks the rest.
    fn config(&self) -> Result<RunConfig> {
        let defaults = RunConfig::default();
        let steps = match self.steps {
            Some(x) => whole("steps", x, 0, MAX_STEPS as u64)? as usize,
            None => defaults.steps,
        };
        let noise = match self.noise {
            Some(sigma) => Some(Noise {
                sigma,
                batch: match self.batch {
                    Some(b) => whole("batch", b, 1, u64::from(MAX_BATCH))? as u32,
                    None => DEFAULT_BATCH,
                },
                seed: self.seed.unwrap_or(DEFAULT_SEED),
            }),
            None if self.batch.is_some() || self.seed.is_some() => {
                return Err(Box::new(Error::Missing {
                    owner: String::new(),
                    key: "noise".into(),
                    hint: Some("batch and seed shape the gradient noise, which is off".into()),
                }));
            }
            None => None,
        };
        Ok(RunConfig {
            steps,
            clip_norm: self.clip_norm,
            clip_value: self.clip_value,
            noise,
            tol: self.tol.unwrap_or(defaults.tol),
        })
    }
}

/// `x` as a whole number from `min` to `max`, named `key` in the error.
fn whole(key: &str, x: f64, min: u64, max: u64) -> Result<u64> {
    let range = Range::closed(min as f64, max as f64);
    if !range.contains(x) {
        return Err(Box::new(Error::OutOfRange {
            owner: String::new(),
            key: key.into(),
            value: x,
            allowed: range.describe(key),
        }));
    }
    if x.fract() != 0.0 {
        return Err(Box::new(Error::NotWhole {
            owner: String::new(),
            key: key.into(),
            value: x,
        }));
    }
    Ok(x as u64)
}

/// `x` in `range`, named `key` in the error.
fn within(key: &str, x: f64, range: Range) -> Result<f64> {
    if range.contains(x) {
        Ok(x)
    } else {
        Err(Box::new(Error::OutOfRange {
            owner: String::new(),
            key: key.into(),
            value: x,
            allowed: range.describe(key),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_checked_for_range_then_wholeness() {
        assert_eq!(whole("steps", 3.0, 0, 10).unwrap(), 3);
        assert_eq!(
            whole("steps", 11.0, 0, 10).unwrap_err().to_string(),
            "steps = 11 is out of range; allowed: 0 ≤ steps ≤ 10"
        );
        assert_eq!(
            whole("steps", 2.5, 0, 10).unwrap_err().to_string(),
            "steps = 2.5 must be a whole number"
        );
        assert!(whole("steps", f64::NAN, 0, 10).is_err());
        assert!(whole("steps", f64::INFINITY, 0, 10).is_err());
        assert_eq!(within("lr", 0.5, Range::UNIT).unwrap(), 0.5);
        assert_eq!(
            within("lr", -1.0, Range::NON_NEGATIVE)
                .unwrap_err()
                .to_string(),
            "lr = -1 is out of range; allowed: 0 ≤ lr"
        );
    }
}
