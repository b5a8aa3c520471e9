//! `gdz bench`: wall-clock timings of the core on this machine.

use std::time::Instant;

use serde_json::{json, Value as J};

use crate::core::grid::grid;
use crate::core::limits::MAX_STEPS;
use crate::core::nn::{self, GridBox, GridOutput};
use crate::core::run::RunConfig;
use crate::core::setup::{RunSetup, SetupSpec};
use crate::core::spec::Spec;
use crate::core::{optim, surface};

/// What `gdz bench` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Every optimizer's step on Rosenbrock and one whole run.
    Optimizers,
    /// A 512×512 grid of every surface.
    Grids,
    /// Training the benchmark network, and its decision-boundary grid.
    Network,
    /// Value and gradient of each named surface against the same function as a formula,
    /// one point per call and 1024 points at once.
    Formulas,
    /// A 128×128 convergence map of 300-step runs, against 16,384 single runs.
    Map,
}

/// Times every optimizer (defaults) on Rosenbrock, one whole run, a 512×512 grid of
/// every surface and the network set-up of [`nn::speed_trainer`] (only `part`, if given).
pub fn bench(part: Option<Part>) -> String {
    let mut out = serde_json::Map::new();
    if part.is_none_or(|p| p == Part::Optimizers) {
        let (opts, run_ns) = optimizers();
        out.insert("optimizer_step_ns_on_rosenbrock".into(), opts);
        out.insert("run_step_ns_adam_cosine_rosenbrock".into(), run_ns);
    }
    if part.is_none_or(|p| p == Part::Grids) {
        out.insert("grid_512x512_ms".into(), grids());
    }
    if part.is_none_or(|p| p == Part::Formulas) {
        out.insert("formula_vs_builtin_value_gradient_ns".into(), formulas());
    }
    if part.is_none_or(|p| p == Part::Map) {
        out.insert("map_128x128x300_ms".into(), map());
    }
    if part.is_none_or(|p| p == Part::Network) {
        out.insert("network".into(), network());
    }
    out.insert(
        "note".into(),
        json!("wall-clock on this machine; gradient evaluation included in the step times"),
    );
    J::Object(out).to_string()
}

/// Per-step times of every optimizer on Rosenbrock (the loop the browser bench also runs
/// in wasm: [`optim::timing`]), and of a whole run.
fn optimizers() -> (J, J) {
    let t0 = Instant::now();
    let now = || t0.elapsed().as_secs_f64() * 1e3;
    let mut opts = serde_json::Map::new();
    for r in optim::timing::time_steps(&now, 5, 40_000) {
        let round = |x: f64| (x * 10.0).round() / 10.0;
        opts.insert(
            r.name,
            json!({ "median": round(r.ns), "best": round(r.ns_best) }),
        );
    }
    let mut run_ns = J::Null;
    let whole_run = RunSetup::from_specs(SetupSpec {
        schedule: Some(
            Spec::parse("cosine(t_max=100000)").unwrap_or_else(|_| Spec::bare("constant")),
        ),
        config: RunConfig {
            steps: MAX_STEPS,
            ..RunConfig::default()
        },
        ..SetupSpec::new(Spec::bare("rosenbrock"), vec![Spec::bare("adam")])
    });
    if let Ok(setup) = whole_run {
        let t0 = Instant::now();
        if let Ok(t) = setup.run(0) {
            let ns = t0.elapsed().as_nanos() as f64 / t.lr.len().max(1) as f64;
            run_ns = json!((ns * 10.0).round() / 10.0);
        }
    }
    (J::Object(opts), run_ns)
}

/// Nanoseconds per value-and-gradient evaluation of each named surface and of its twin
/// written as a formula ([`surface::TWINS`]), over 1024 points spread over the view
/// (9 rounds of 20 passes, the two in turn: the median round, and the fastest round as
/// `*_best`), one point per call and (`*_many`) all 1024 in one `eval_many` call, and
/// their ratios.
fn formulas() -> J {
    let t0 = Instant::now();
    let now = || t0.elapsed().as_secs_f64() * 1e3;
    let mut out = serde_json::Map::new();
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let ratio = |a: f64, b: f64| (a / b * 100.0).round() / 100.0;
    for t in crate::core::expr::timing::time_twins(&now, 9, 20) {
        out.insert(
            t.name,
            json!({
                "builtin": round(t.builtin),
                "formula": round(t.formula),
                "ratio": ratio(t.formula, t.builtin),
                "builtin_best": round(t.builtin_best),
                "formula_best": round(t.formula_best),
                "ratio_best": ratio(t.formula_best, t.builtin_best),
                "builtin_many": round(t.builtin_many),
                "formula_many": round(t.formula_many),
                "ratio_many": ratio(t.formula_many, t.builtin_many),
                "builtin_many_best": round(t.builtin_many_best),
                "formula_many_best": round(t.formula_many_best),
                "ratio_many_best": ratio(t.formula_many_best, t.builtin_many_best),
            }),
        );
    }
    J::Object(out)
}

/// A 512×512 grid of every surface, in milliseconds.
fn grids() -> J {
    let mut grids = serde_json::Map::new();
    for name in surface::NAMES {
        let Ok(s) = surface::build(&Spec::bare(name)) else {
            continue;
        };
        let b = s.bounds();
        let t0 = Instant::now();
        let v = grid(s.as_ref(), &b, 512, 512);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        std::hint::black_box(&v);
        grids.insert(name.to_string(), json!((ms * 100.0).round() / 100.0));
    }
    J::Object(grids)
}

/// The benchmark maps ([`crate::core::map::bench_spec`]) timed through the batched
/// kernel and through 16,384 calls of the single-run path (`core::run`, trajectory
/// and all), in milliseconds (the best of 3 for the kernel, one pass for single runs).
fn map() -> J {
    use crate::core::map::{bench_spec, Map};
    let mut out = serde_json::Map::new();
    for opt in ["sgd", "adam", "rmsprop"] {
        let Ok(m) = Map::new(bench_spec(opt)) else {
            continue;
        };
        let (_, kernel) = timed_rounds(3, || {
            std::hint::black_box(m.run_all().ok());
        });
        let t0 = Instant::now();
        for i in 0..m.len() {
            std::hint::black_box(m.single_run(&m.cell_spec(i)).ok());
        }
        let single = t0.elapsed().as_secs_f64();
        let r = |x: f64| (x * 1e3 * 10.0).round() / 10.0;
        out.insert(
            opt.to_string(),
            json!({ "map_kernel_ms": r(kernel), "single_runs_ms": r(single) }),
        );
    }
    J::Object(out)
}

/// The median and the shortest of `rounds` rounds of `f`, each timed in seconds.
fn timed_rounds(rounds: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<f64> = (0..rounds)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (
        t.get(rounds / 2).copied().unwrap_or(f64::NAN),
        t.first().copied().unwrap_or(f64::NAN),
    )
}

/// Optimizer steps per second of [`nn::speed_trainer`] (Adam, a 2-16-16-1 tanh network,
/// BCE, batches of 32 on the moons) over 11 rounds of 2000 steps (the median round and
/// the fastest), the batch loss of its 100th step from the start, and the milliseconds
/// of a 100×100 decision-boundary grid (the network widget's largest) after 100 steps.
fn network() -> J {
    const STEPS: usize = 2000;
    let Ok(mut t) = nn::speed_trainer() else {
        return J::Null;
    };
    let loss_100 = t.run(100).map_or(f64::NAN, |r| r.loss);
    let params = t.params().to_vec();
    let mlp = t.mlp().clone();
    let (secs, fastest) = timed_rounds(11, || {
        std::hint::black_box(t.run(STEPS));
    });
    let gb = GridBox {
        x_min: -1.5,
        x_max: 2.5,
        y_min: -1.0,
        y_max: 1.5,
        nx: 100,
        ny: 100,
    };
    let mut cells = vec![0.0; gb.nx * gb.ny];
    let ws = t.workspace();
    let (grid_secs, _) = timed_rounds(5, || {
        let r = nn::decision_grid(&mlp, &params, &gb, GridOutput::Probability, ws, &mut cells);
        std::hint::black_box((r.is_ok(), &cells));
    });
    json!({
        "set_up": format!(
            "{} on {}, {}, bce, batch {}",
            nn::SPEED_OPTIMIZER, nn::SPEED_DATA, nn::SPEED_MODEL, nn::SPEED_BATCH
        ),
        "steps_per_s": (STEPS as f64 / secs).round(),
        "steps_per_s_fastest_round": (STEPS as f64 / fastest).round(),
        "loss_at_step_100": loss_100,
        "decision_grid_100x100_ms": (grid_secs * 1e5).round() / 100.0,
    })
}
