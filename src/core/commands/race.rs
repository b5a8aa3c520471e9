//! `race`: several optimizers from one start with the same budget, ranked.

use serde::{Deserialize, Serialize};

use super::{finite, Settings};
use crate::core::error::Result;
use crate::core::race::Entry;
use crate::core::setup::parse_list;

/// What `gdz race` and the API's `race` take (the CLI's flags; camelCase in JS).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RaceOptions {
    /// The surface spec.
    pub surface: String,
    /// 1 to 12 optimizer specs separated by `;`, e.g. `sgd(lr=0.03); adam(lr=0.1)`.
    pub optimizers: String,
    /// The start (the surface's default start if absent).
    #[serde(default)]
    pub start: Option<Vec<f64>>,
    /// Optimizer steps each run takes, 0 to 100000 (100 if absent).
    #[serde(default)]
    pub steps: Option<f64>,
    /// A schedule spec each optimizer runs under (constant if absent).
    #[serde(default)]
    pub schedule: Option<String>,
    /// Clip each gradient's norm to this.
    #[serde(default)]
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to `[−c, c]`.
    #[serde(default)]
    pub clip_value: Option<f64>,
    /// The gradient noise's σ.
    #[serde(default)]
    pub noise: Option<f64>,
    /// The noise's mini-batch size (only with `noise`).
    #[serde(default)]
    pub batch: Option<f64>,
    /// The noise's seed (only with `noise`).
    #[serde(default)]
    pub seed: Option<u64>,
    /// The convergence tolerance (1e-6 if absent).
    #[serde(default)]
    pub tol: Option<f64>,
}

/// A race as `gdz race` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaceResult {
    /// The surface's name.
    pub surface: String,
    /// The start every optimizer ran from.
    #[serde(serialize_with = "finite::seq")]
    pub start: Vec<f64>,
    /// The step budget.
    pub steps: usize,
    /// One entry per optimizer, in the order given, each with its rank.
    pub entries: Vec<Entry>,
}

impl RaceOptions {
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

/// Runs every optimizer and ranks them (see [`crate::core::race::race`]).
pub fn race(o: &RaceOptions) -> Result<RaceResult> {
    let setup = o.settings().setup(|| parse_list(&o.optimizers))?;
    let entries = setup.race()?;
    Ok(RaceResult {
        surface: setup.surface().name().to_string(),
        start: setup.start().to_vec(),
        steps: setup.config().steps,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn races_and_ranks() {
        let r = race(&RaceOptions {
            surface: "quadratic(a=1, b=10)".into(),
            optimizers: "sgd(lr=0.001); sgd(lr=0.1, momentum=0.5)".into(),
            start: Some(vec![1.0, 1.0]),
            steps: Some(300.0),
            ..RaceOptions::default()
        })
        .unwrap();
        assert_eq!(r.surface, "quadratic");
        assert_eq!(r.steps, 300);
        assert_eq!(r.entries.len(), 2);
        assert_eq!(r.entries[1].rank, 1);
        let e = race(&RaceOptions {
            surface: "rosenbrock".into(),
            optimizers: "sgd;;adam".into(),
            ..RaceOptions::default()
        })
        .unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
    }
}
