//! The benchmark exports of the full module (the `bench` feature, which lesson pages'
//! modules leave out): the network set-up of [`nn::speed_trainer`] trained by the real
//! core [`Trainer`], for `tests/bench/network.mjs` to time against a plain-JavaScript
//! twin of the same step (it hands the twin the same rows and initial weights, so both
//! start identically); the benchmark convergence map, through the batched kernel and
//! through single runs, [`formula_bench`], the named surfaces against their formula
//! twins, and [`optimizer_bench`], every optimizer's step, all for
//! `tests/bench/widgets.mjs`.

use wasm_bindgen::prelude::*;

use crate::core::expr::timing::time_twins;
use crate::core::nn::{self, Trainer};
use crate::core::optim::timing::time_steps;
use crate::web::dom::js_error;

/// Each named surface's value and gradient against the same function as a formula, timed
/// in wasm by the loop `gdz bench --only formulas` runs natively: `rounds` rounds of
/// `reps` passes over 1024 points, the two in turn, one point per call and all 1024 in
/// one `eval_many` call. Returns one object per surface: `name`, and nanoseconds per
/// evaluation `builtin`, `formula` (median round), `builtin_best`, `formula_best`
/// (fastest round), and the same for `eval_many` as `builtin_many`, `formula_many`,
/// `builtin_many_best`, `formula_many_best`.
#[wasm_bindgen(js_name = formulaBench)]
pub fn formula_bench(rounds: u32, reps: u32) -> Result<JsValue, JsValue> {
    let perf = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsValue::from_str("no performance clock"))?;
    let now = move || perf.now();
    let rows = time_twins(&now, rounds as usize, reps as usize);
    serde_wasm_bindgen::to_value(&rows).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Every optimizer's step on Rosenbrock timed in wasm by the loop `gdz bench --only
/// optimizers` runs natively ([`time_steps`]): `rounds` rounds of `steps` steps each.
/// Returns one object per optimizer: `name`, and nanoseconds per step `ns` (median
/// round) and `ns_best` (fastest round).
#[wasm_bindgen(js_name = optimizerBench)]
pub fn optimizer_bench(rounds: u32, steps: u32) -> Result<JsValue, JsValue> {
    let perf = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsValue::from_str("no performance clock"))?;
    let now = move || perf.now();
    let rows = time_steps(&now, rounds as usize, u64::from(steps));
    serde_wasm_bindgen::to_value(&rows).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// A trainer of the benchmark set-up (Adam, a 2-16-16-1 tanh network, BCE-with-logits,
/// batches of 32 taken in order from the 150 training rows of the moons).
#[wasm_bindgen]
pub struct NetBench {
    trainer: Trainer,
}

#[wasm_bindgen]
impl NetBench {
    /// A fresh trainer at the initial weights.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<NetBench, JsValue> {
        Ok(NetBench {
            trainer: nn::speed_trainer().map_err(js_error)?,
        })
    }

    /// The layer widths, input first.
    pub fn widths(&self) -> Vec<u32> {
        self.trainer
            .mlp()
            .widths()
            .iter()
            .map(|w| *w as u32)
            .collect()
    }

    /// The current parameters, in torch's order (each layer's weight `[out][in]`
    /// row-major, then its bias).
    pub fn params(&self) -> Vec<f64> {
        self.trainer.params().to_vec()
    }

    /// The training rows' features, row-major.
    pub fn x(&self) -> Vec<f64> {
        self.trainer.train_set().x.clone()
    }

    /// The training rows' 0/1 labels.
    pub fn y(&self) -> Vec<f64> {
        self.trainer.train_set().y.clone()
    }

    /// Rows per mini-batch.
    pub fn batch(&self) -> u32 {
        nn::SPEED_BATCH as u32
    }

    /// The optimizer's spec.
    pub fn optimizer(&self) -> String {
        nn::SPEED_OPTIMIZER.to_string()
    }

    /// Takes `n` optimizer steps; returns the last step's batch loss (NaN for none).
    pub fn run(&mut self, n: u32) -> f64 {
        self.trainer.run(n as usize).map_or(f64::NAN, |r| r.loss)
    }

    /// Optimizer steps taken.
    pub fn steps(&self) -> f64 {
        self.trainer.steps() as f64
    }
}

/// The convergence-map benchmark ([`crate::core::map::bench_spec`]: 128 × 128 cells of
/// 300-step runs on `quadratic(a=1, b=25)`) through the batched kernel, for
/// `tests/bench/widgets.mjs` to time; returns how many cells converged.
#[wasm_bindgen(js_name = mapBenchKernel)]
pub fn map_bench_kernel(optimizer: &str) -> Result<u32, JsValue> {
    use crate::core::map::{bench_spec, Map};
    let m = Map::new(bench_spec(optimizer)).map_err(js_error)?;
    let r = m.run_all().map_err(js_error)?;
    Ok(converged(r.cells.iter().map(|c| c.status)))
}

/// The same map through 16,384 calls of the single-run path (`core::run`, trajectory
/// and all); returns how many cells converged (equal to [`map_bench_kernel`]'s).
#[wasm_bindgen(js_name = mapBenchSingle)]
pub fn map_bench_single(optimizer: &str) -> Result<u32, JsValue> {
    use crate::core::map::{bench_spec, Map};
    let m = Map::new(bench_spec(optimizer)).map_err(js_error)?;
    let mut statuses = Vec::with_capacity(m.len());
    for i in 0..m.len() {
        let t = m.single_run(&m.cell_spec(i)).map_err(js_error)?;
        statuses.push(t.status);
    }
    Ok(converged(statuses.into_iter()))
}

fn converged(statuses: impl Iterator<Item = crate::core::run::Status>) -> u32 {
    statuses
        .filter(|s| *s == crate::core::run::Status::Converged)
        .count() as u32
}
