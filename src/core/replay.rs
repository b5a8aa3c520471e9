//! Replays a finished run to read an optimizer's inner state at every step.
//!
//! A [`Trajectory`] keeps the points and the gradients each step was given, not the
//! optimizer's buffers. Widgets that show a buffer (the momentum ball's velocity, an
//! update's parts) step a fresh optimizer along the recorded points with the recorded
//! gradients and rates: the same inputs in the same order, so the same arithmetic and
//! the same state, bit for bit, as during the run, noise and clipping included. A
//! schedule that cycles the momentum is the exception: [`replay`] does not see it
//! (pass the setup to [`state_of`], which runs the schedule alongside).

use super::curvature::Curvature;
use super::error::Result;
use super::optim::Optimizer;
use super::run::Trajectory;
use super::setup::RunSetup;
use super::surface::Surface;

/// The state vector `key` (see [`Optimizer::state`], e.g. `momentum_buffer` or `delta`)
/// after each step of `t`, flattened: step `k` (from 1) is at `[(k−1)·dim, k·dim)`.
/// Steps after which the optimizer has no such state give zeros. `opt` must be fresh
/// (or reset) and built from the spec that made `t`.
pub fn replay(
    surface: &dyn Surface,
    opt: &mut dyn Optimizer,
    t: &Trajectory,
    key: &str,
) -> Vec<f64> {
    walk(surface, opt, t, key, |k| (t.lr.get(k - 1).copied(), None))
}

/// The state vector `key` of optimizer `i` of `setup` after each step of `t` (a run
/// of that optimizer), as [`replay`] gives it, with the setup's schedule stepped
/// alongside so that a cycled momentum is seen too.
pub fn state_of(setup: &RunSetup, i: usize, t: &Trajectory, key: &str) -> Result<Vec<f64>> {
    let (mut opt, mut sched) = setup.build(i)?;
    let mut next = 1;
    Ok(walk(setup.surface(), opt.as_mut(), t, key, |k| {
        // The schedule moves one step per step of the run, fed the loss it reached.
        while next < k {
            sched.step(t.loss.get(next).copied().unwrap_or(f64::NAN));
            next += 1;
        }
        (Some(sched.lr()), sched.momentum())
    }))
}

/// Steps `opt` along `t`; `rate(k)` gives step `k`'s rate and cycled momentum.
fn walk(
    surface: &dyn Surface,
    opt: &mut dyn Optimizer,
    t: &Trajectory,
    key: &str,
    mut rate: impl FnMut(usize) -> (Option<f64>, Option<f64>),
) -> Vec<f64> {
    let dim = t.dim;
    let steps = t.len().saturating_sub(1);
    let mut out = Vec::with_capacity(steps * dim);
    if dim != surface.dim() {
        return out;
    }
    let mut curvature = Curvature::new(dim);
    for k in 1..=steps {
        let (Some(p), Some(g), (Some(lr), momentum)) = (t.point(k - 1), t.gradient(k), rate(k))
        else {
            break;
        };
        let ctx = curvature.ctx(surface, &*opt, p, k as u64, lr, momentum);
        let mut q = p.to_vec();
        opt.step(&mut q, g, &ctx);
        match opt.state().into_iter().find(|(name, _)| *name == key) {
            Some((_, v)) if v.len() == dim => out.extend_from_slice(&v),
            _ => out.extend(std::iter::repeat_n(0.0, dim)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim;
    use crate::core::run::{run, RunConfig};
    use crate::core::schedule;
    use crate::core::spec::Spec;
    use crate::core::surface;

    fn go(surf: &str, opt: &str, start: &[f64], steps: usize) -> (Box<dyn Surface>, Trajectory) {
        let s = surface::build(&Spec::parse(surf).unwrap()).unwrap();
        let spec = Spec::parse(opt).unwrap();
        let mut o = optim::build(&spec, s.dim()).unwrap();
        let mut sc = schedule::build(&Spec::bare("constant"), o.lr(), o.momentum()).unwrap();
        let cfg = RunConfig {
            steps,
            ..RunConfig::default()
        };
        let t = run(s.as_ref(), start, o.as_mut(), sc.as_mut(), &cfg).unwrap();
        (s, t)
    }

    #[test]
    fn momentum_buffer_follows_the_torch_recursion() {
        let spec = "sgd(lr=0.01, momentum=0.9)";
        let (s, t) = go("quartic", spec, &[-1.0], 50);
        let mut o = optim::build(&Spec::parse(spec).unwrap(), 1).unwrap();
        let buf = replay(s.as_ref(), o.as_mut(), &t, "momentum_buffer");
        assert_eq!(buf.len(), 50);
        // b₁ = g(x₀); bₖ = 0.9·bₖ₋₁ + g(xₖ₋₁); and xₖ = xₖ₋₁ − η·bₖ (to rounding: the
        // core follows torch's kernels operation by operation, which this sum does not).
        let grad = |x: f64| 4.0 * x * x * x - 9.0 * x * x;
        let mut b = 0.0;
        for k in 1..=50 {
            let x = t.point(k - 1).unwrap()[0];
            b = if k == 1 { grad(x) } else { 0.9 * b + grad(x) };
            assert!(
                (buf[k - 1] - b).abs() <= 1e-12 * b.abs().max(1.0),
                "step {k}"
            );
            let next = t.point(k).unwrap()[0];
            assert!((next - (x - 0.01 * buf[k - 1])).abs() <= 1e-14, "step {k}");
            b = buf[k - 1];
        }
    }

    #[test]
    fn delta_is_the_change_of_the_point_and_missing_state_is_zero() {
        let (s, t) = go("quadratic(a=1, b=10)", "adam(lr=0.1)", &[-1.5, 1.0], 20);
        let mut o = optim::build(&Spec::parse("adam(lr=0.1)").unwrap(), 2).unwrap();
        let delta = replay(s.as_ref(), o.as_mut(), &t, "delta");
        assert_eq!(delta.len(), 40);
        for k in 1..=20 {
            let (a, b) = (t.point(k - 1).unwrap(), t.point(k).unwrap());
            assert_eq!(delta[2 * (k - 1)], b[0] - a[0]);
            assert_eq!(delta[2 * (k - 1) + 1], b[1] - a[1]);
        }
        let mut o = optim::build(&Spec::parse("sgd(lr=0.1)").unwrap(), 2).unwrap();
        let none = replay(s.as_ref(), o.as_mut(), &t, "momentum_buffer");
        assert_eq!(none, vec![0.0; 40]);
    }

    #[test]
    fn a_setup_replays_a_cycled_momentum_and_noisy_clipped_gradients() {
        use crate::core::run::Noise;
        use crate::core::setup::{RunSetup, SetupSpec};
        let mut s = SetupSpec::new(
            Spec::parse("quadratic(a=1, b=10)").unwrap(),
            vec![Spec::parse("sgd(lr=0.01, momentum=0.9)").unwrap()],
        );
        s.schedule = Some(Spec::parse("onecycle(max_lr=0.05, total_steps=60)").unwrap());
        s.config.steps = 60;
        s.config.clip_value = Some(3.0);
        s.config.noise = Some(Noise {
            sigma: 1.0,
            batch: 2,
            seed: 9,
        });
        let setup = RunSetup::from_specs(s).unwrap();
        let t = setup.run(0).unwrap();
        let delta = state_of(&setup, 0, &t, "delta").unwrap();
        assert_eq!(delta.len(), 120);
        for k in 1..=60 {
            let (a, b) = (t.point(k - 1).unwrap(), t.point(k).unwrap());
            assert_eq!(delta[2 * (k - 1)], b[0] - a[0], "step {k}");
            assert_eq!(delta[2 * (k - 1) + 1], b[1] - a[1], "step {k}");
        }
    }

    #[test]
    fn a_diverged_run_replays_its_finite_steps() {
        let (s, t) = go("quartic", "sgd(lr=1)", &[3.0], 100);
        assert_eq!(t.status, crate::core::run::Status::Diverged);
        let mut o = optim::build(&Spec::parse("sgd(lr=1)").unwrap(), 1).unwrap();
        let d = replay(s.as_ref(), o.as_mut(), &t, "delta");
        assert_eq!(d.len(), t.len() - 1);
        assert!(d.iter().all(|v| v.is_finite()));
    }
}
