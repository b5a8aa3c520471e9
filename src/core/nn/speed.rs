//! The fixed training set-up that the speed benchmarks time (`gdz bench` natively, the
//! full wasm module's benchmark export in the browser), so both train the same network
//! on the same rows from the same weights.

use crate::core::error::Result;
use crate::core::spec::Spec;

use super::data::generate_str;
use super::loss::Loss;
use super::mlp::Mlp;
use super::trainer::{TrainConfig, Trainer};

/// The data set: two moons, 150 training rows and 50 test rows.
pub const SPEED_DATA: &str = "moons(n=200, noise=0.15, seed=1)";
/// The network: 2-16-16-1 with tanh, trained with BCE-with-logits.
pub const SPEED_MODEL: &str = "mlp(layers=[2,16,16,1], activation=tanh)";
/// The optimizer (torch's Adam).
pub const SPEED_OPTIMIZER: &str = "adam(lr=0.01)";
/// Rows per mini-batch.
pub const SPEED_BATCH: usize = 32;
/// Seed of the initial weights.
pub const SPEED_SEED: u64 = 1;

/// A trainer of the benchmark's set-up: Adam on the moons, batches of 32 taken in the
/// training set's order (`shuffle = false`, so another implementation can take the
/// same batches without the shuffle stream: rows 0–31, 32–63, …, the epoch's last
/// batch partial), no test evaluations.
pub fn speed_trainer() -> Result<Trainer> {
    let split = generate_str(SPEED_DATA)?;
    let mlp = Mlp::parse(SPEED_MODEL)?;
    let params = mlp.init(SPEED_SEED);
    let cfg = TrainConfig {
        batch: SPEED_BATCH,
        shuffle: false,
        seed: SPEED_SEED,
        eval_every: 0,
        ..TrainConfig::default()
    };
    Trainer::from_specs(
        mlp,
        params,
        Loss::Bce,
        split,
        &Spec::parse(SPEED_OPTIMIZER)?,
        None,
        cfg,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_up_builds_and_trains() {
        let mut t = speed_trainer().unwrap();
        assert_eq!(t.mlp().n_params(), 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
        assert_eq!(t.train_set().len(), 150);
        let first = t.step().loss;
        let last = t.run(299).map(|r| r.loss).unwrap();
        assert!(last < first, "{first} → {last}");
    }
}
