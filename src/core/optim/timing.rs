//! The speed of the optimizer kernels: every optimizer (torch's defaults) stepping on
//! Rosenbrock, the gradient and the step's context included, timed by one loop that the
//! CLI (`gdz bench`) runs natively and the full web module's benchmark export runs in
//! wasm, each with its own clock, so the two columns measure the same work.

use serde::Serialize;

use super::{build, NAMES};
use crate::core::curvature::Curvature;
use crate::core::spec::Spec;
use crate::core::surface;

/// One optimizer's step: nanoseconds per step, the median round and the fastest.
#[derive(Debug, Clone, Serialize)]
pub struct StepTiming {
    /// The optimizer, e.g. `adam`.
    pub name: String,
    /// Nanoseconds per step, median round.
    pub ns: f64,
    /// Nanoseconds per step, fastest round.
    pub ns_best: f64,
}

/// Times every optimizer of [`NAMES`] with its defaults on Rosenbrock from its default
/// start: `rounds` rounds, each `steps` steps of a fresh optimizer (gradient, the step's
/// context and the step itself), timed by `now` (milliseconds from any origin).
pub fn time_steps(now: &dyn Fn() -> f64, rounds: usize, steps: u64) -> Vec<StepTiming> {
    let Ok(s) = surface::build(&Spec::bare("rosenbrock")) else {
        return Vec::new();
    };
    let steps = steps.max(1);
    let mut out = Vec::new();
    for name in NAMES {
        let mut times = Vec::new();
        for _ in 0..rounds.max(1) {
            let Ok(mut o) = build(&Spec::bare(name), 2) else {
                break;
            };
            let lr = o.lr();
            let mut p = s.default_start();
            let mut g = [0.0; 2];
            let mut curvature = Curvature::new(2);
            let t0 = now();
            for t in 1..=steps {
                s.gradient(&p, &mut g);
                let ctx = curvature.ctx(s.as_ref(), o.as_ref(), &p, t, lr, None);
                o.step(&mut p, &g, &ctx);
            }
            times.push(now() - t0);
            std::hint::black_box(&p);
        }
        if times.is_empty() {
            continue;
        }
        times.sort_by(f64::total_cmp);
        let per = 1e6 / steps as f64;
        out.push(StepTiming {
            name: name.to_string(),
            ns: times.get(times.len() / 2).copied().unwrap_or(f64::NAN) * per,
            ns_best: times.first().copied().unwrap_or(f64::NAN) * per,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_optimizer_is_timed_with_a_clock_that_moves() {
        let t0 = std::time::Instant::now();
        let now = || t0.elapsed().as_secs_f64() * 1e3;
        let rows = time_steps(&now, 3, 200);
        assert_eq!(rows.len(), NAMES.len());
        for r in &rows {
            assert!(r.ns > 0.0 && r.ns_best > 0.0 && r.ns_best <= r.ns, "{r:?}");
        }
        assert!(rows.iter().any(|r| r.name == "sophia"));
    }
}
