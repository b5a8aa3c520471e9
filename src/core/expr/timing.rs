//! The speed of formulas: each named surface's value and gradient timed against the same
//! function written as a formula ([`TWINS`]), one point at a time and a whole set of
//! points at once ([`Surface::eval_many`], as the convergence map asks), by one loop that
//! the CLI (`gdz bench`) runs natively and the full web module's benchmark export runs in
//! wasm, each with its own clock.

use serde::Serialize;

use crate::core::spec::Spec;
use crate::core::surface::{self, Surface, TWINS};

/// One named surface against its formula twin: nanoseconds per value-and-gradient
/// evaluation, the median round and the fastest, one point per call (`value` then
/// `gradient`) and 1024 points per call (`eval_many`, the `*_many` fields).
#[derive(Debug, Clone, Serialize)]
pub struct TwinTiming {
    /// The named surface, e.g. `rosenbrock`.
    pub name: String,
    /// The hand-written surface, median round.
    pub builtin: f64,
    /// The formula, median round.
    pub formula: f64,
    /// The hand-written surface, fastest round.
    pub builtin_best: f64,
    /// The formula, fastest round.
    pub formula_best: f64,
    /// The hand-written surface's `eval_many`, median round.
    pub builtin_many: f64,
    /// The formula's `eval_many`, median round.
    pub formula_many: f64,
    /// The hand-written surface's `eval_many`, fastest round.
    pub builtin_many_best: f64,
    /// The formula's `eval_many`, fastest round.
    pub formula_many_best: f64,
}

/// Points per round, spread over each surface's view.
const POINTS: usize = 1024;

/// Times every pair of [`TWINS`]: `rounds` rounds, the built-in and the formula in turn,
/// each round `reps` passes over 1024 points spread over the view (a value and a
/// gradient at each), point by point and then all 1024 in one `eval_many` call, timed by
/// `now` (milliseconds from any origin).
pub fn time_twins(now: &dyn Fn() -> f64, rounds: usize, reps: usize) -> Vec<TwinTiming> {
    let mut out = Vec::new();
    for (named, formula) in TWINS {
        let (Ok(a), Ok(b)) = (
            Spec::parse(named).and_then(|s| surface::build(&s)),
            Spec::parse(formula).and_then(|s| surface::build(&s)),
        ) else {
            continue;
        };
        let points = spread(a.as_ref());
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        let (mut ma, mut mb) = (Vec::new(), Vec::new());
        for _ in 0..rounds.max(1) {
            ta.push(pass(a.as_ref(), &points, reps, now));
            tb.push(pass(b.as_ref(), &points, reps, now));
        }
        for _ in 0..rounds.max(1) {
            ma.push(pass_many(a.as_ref(), &points, reps, now));
            mb.push(pass_many(b.as_ref(), &points, reps, now));
        }
        let per = 1e6 / (POINTS * reps.max(1)) as f64;
        let name = named.split('(').next().unwrap_or(named);
        out.push(TwinTiming {
            name: name.to_string(),
            builtin: median(&mut ta) * per,
            formula: median(&mut tb) * per,
            builtin_best: ta.first().copied().unwrap_or(f64::NAN) * per,
            formula_best: tb.first().copied().unwrap_or(f64::NAN) * per,
            builtin_many: median(&mut ma) * per,
            formula_many: median(&mut mb) * per,
            builtin_many_best: ma.first().copied().unwrap_or(f64::NAN) * per,
            formula_many_best: mb.first().copied().unwrap_or(f64::NAN) * per,
        });
    }
    out
}

/// A low-discrepancy spread of points over the view (the golden-ratio sequence per
/// axis), flattened.
fn spread(s: &dyn Surface) -> Vec<f64> {
    let b = s.bounds();
    let dim = s.dim();
    let mut points = Vec::with_capacity(POINTS * dim);
    for k in 0..POINTS {
        for (i, (lo, hi)) in b.lo.iter().zip(&b.hi).enumerate().take(dim) {
            let step = if i == 0 {
                0.618_033_988_7
            } else {
                0.754_877_666_2
            };
            let u = ((k as f64 + 0.5) * step).fract();
            points.push(lo + u * (hi - lo));
        }
    }
    points
}

/// Milliseconds for `reps` passes of a value and a gradient at every point.
fn pass(s: &dyn Surface, points: &[f64], reps: usize, now: &dyn Fn() -> f64) -> f64 {
    let dim = s.dim().max(1);
    let mut g = vec![0.0; dim];
    let t0 = now();
    let mut acc = 0.0;
    for _ in 0..reps.max(1) {
        for p in points.chunks_exact(dim) {
            acc += s.value(p);
            s.gradient(p, &mut g);
            acc += g.first().copied().unwrap_or(0.0);
        }
    }
    std::hint::black_box(acc);
    now() - t0
}

/// Milliseconds for `reps` calls of `eval_many` over all the points.
fn pass_many(s: &dyn Surface, points: &[f64], reps: usize, now: &dyn Fn() -> f64) -> f64 {
    let dim = s.dim().max(1);
    let n = points.len() / dim;
    let (mut loss, mut g) = (vec![0.0; n], vec![0.0; n * dim]);
    let t0 = now();
    let mut acc = 0.0;
    for _ in 0..reps.max(1) {
        s.eval_many(points, &mut loss, &mut g);
        acc += loss.first().copied().unwrap_or(0.0) + g.first().copied().unwrap_or(0.0);
    }
    std::hint::black_box(acc);
    now() - t0
}

/// Sorts `t` and returns its median (NaN when empty).
fn median(t: &mut [f64]) -> f64 {
    t.sort_by(f64::total_cmp);
    t.get(t.len() / 2).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_twin_is_timed_with_a_clock_that_moves() {
        let t0 = std::time::Instant::now();
        let now = || t0.elapsed().as_secs_f64() * 1e3;
        let rows = time_twins(&now, 1, 1);
        assert_eq!(rows.len(), TWINS.len());
        for r in &rows {
            assert!(r.builtin > 0.0 && r.formula > 0.0, "{r:?}");
            assert!(
                r.builtin_best <= r.builtin && r.formula_best <= r.formula,
                "{r:?}"
            );
            assert!(r.builtin_many > 0.0 && r.formula_many > 0.0, "{r:?}");
            assert!(
                r.builtin_many_best <= r.builtin_many && r.formula_many_best <= r.formula_many,
                "{r:?}"
            );
        }
        assert_eq!(rows.first().map(|r| r.name.as_str()), Some("quadratic"));
    }
}
