//! `gdz bench`: wall-clock timings of the core on this machine.

use std::time::Instant;

use serde_json::{json, Value as J};

use crate::core::curvature::Curvature;
use crate::core::grid::grid;
use crate::core::limits::MAX_STEPS;
use crate::core::run::RunConfig;
use crate::core::setup::{RunSetup, SetupSpec};
use crate::core::spec::Spec;
use crate::core::{optim, surface};

/// Times every optimizer (defaults) on Rosenbrock, one whole run, and a 512×512 grid
/// of every surface.
pub fn bench() -> String {
    const STEPS: u64 = 200_000;
    let mut opts = serde_json::Map::new();
    let rosen = surface::build(&Spec::bare("rosenbrock")).ok();
    if let Some(s) = rosen.as_deref() {
        for name in optim::NAMES {
            let Ok(mut o) = optim::build(&Spec::bare(name), 2) else {
                continue;
            };
            let lr = o.lr();
            let mut p = s.default_start();
            let mut g = [0.0; 2];
            let mut curvature = Curvature::new(2);
            let t0 = Instant::now();
            for t in 1..=STEPS {
                s.gradient(&p, &mut g);
                let ctx = curvature.ctx(s, o.as_ref(), &p, t, lr, None);
                o.step(&mut p, &g, &ctx);
            }
            let ns = t0.elapsed().as_nanos() as f64 / STEPS as f64;
            std::hint::black_box(&p);
            opts.insert(name.to_string(), json!((ns * 10.0).round() / 10.0));
        }
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
    json!({
        "optimizer_step_ns_on_rosenbrock": opts,
        "run_step_ns_adam_cosine_rosenbrock": run_ns,
        "grid_512x512_ms": grids,
        "note": "wall-clock on this machine; gradient evaluation included in the step times",
    })
    .to_string()
}
