//! `race`: several optimizers from one start with the same budget, ranked.

use serde::Serialize;

use super::{finite, run_options};
use crate::core::error::Result;
use crate::core::race::Entry;
use crate::core::setup::parse_list;

run_options! {
    /// What `gdz race` and the API's `race` take (the CLI's flags; camelCase in JS).
    pub struct RaceOptions {
        /// The optimizers, 1 to [`MAX_OPTIMIZERS`](crate::core::limits::MAX_OPTIMIZERS)
        /// separated by ';', e.g. 'sgd(lr=0.03); adam(lr=0.1)'.
        #[cfg_attr(not(target_arch = "wasm32"), arg(
            long, value_name = "SPECS",
            help = format!(
                "The optimizers, 1 to {} separated by ';', e.g. 'sgd(lr=0.03); adam(lr=0.1)'",
                crate::core::limits::MAX_OPTIMIZERS,
            )
        ))]
        pub optimizers: String,
    }
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
