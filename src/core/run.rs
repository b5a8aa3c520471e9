//! Runs: one optimizer and schedule on one surface from one start, step by step.
//!
//! Each step takes the surface's gradient, passes it through the run's
//! [`GradientChain`] (noise, then clipping), asks the schedule for the rate, gives the
//! optimizer its [`StepCtx`](super::optim::StepCtx) (with the Hessian diagonal when it
//! asks, through [`Curvature`]) and records the point, loss, rate and gradient. Most
//! callers start from a [`RunSetup`](super::setup::RunSetup), which builds and checks
//! every part once.

use super::curvature::Curvature;
use super::error::{Error, Result};
use super::gradient::{norm, GradientChain};
use super::limits::MAX_BATCH;
pub use super::limits::MAX_STEPS;
use super::optim::Optimizer;
use super::schedule::Schedule;
use super::spec::Range;
use super::surface::Surface;
/// How far outside its display bounds (in multiples of their extent) a run may go
/// before it is called diverged.
pub const DIVERGE_FACTOR: f64 = 1e6;

/// Gradient processing and stopping rules of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// Optimizer steps to take.
    pub steps: usize,
    /// Clip the gradient by global norm: `g ← g·min(1, c/‖g‖)`.
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to `[−c, c]`.
    pub clip_value: Option<f64>,
    /// Stochastic-gradient noise: Gaussian with standard deviation `sigma/√batch`.
    pub noise: Option<Noise>,
    /// Converged when the loss is within `tol` of the best known minimum (or, with no
    /// known minimum, when the gradient norm is below `tol`).
    pub tol: f64,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            steps: 100,
            clip_norm: None,
            clip_value: None,
            noise: None,
            tol: 1e-6,
        }
    }
}

/// Seeded Gaussian gradient noise standing in for mini-batch sampling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Noise {
    /// Per-example gradient noise scale σ.
    pub sigma: f64,
    /// Batch size B: the noise's standard deviation is σ/√B.
    pub batch: u32,
    /// Seed of the random stream.
    pub seed: u64,
}

impl RunConfig {
    /// Checks every field, naming a bad value and its allowed range.
    pub fn validate(&self) -> Result<()> {
        let out_of_range = |key: &str, value: f64, range: Range| Error::OutOfRange {
            owner: String::new(),
            key: key.to_string(),
            value,
            allowed: range.describe(key),
        };
        let steps = Range::closed(0.0, MAX_STEPS as f64);
        if self.steps > MAX_STEPS {
            return Err(Box::new(out_of_range("steps", self.steps as f64, steps)));
        }
        for (key, v) in [
            ("clip_norm", self.clip_norm),
            ("clip_value", self.clip_value),
        ] {
            match v {
                Some(c) if !Range::POSITIVE.contains(c) => {
                    return Err(Box::new(out_of_range(key, c, Range::POSITIVE)));
                }
                _ => {}
            }
        }
        if let Some(n) = self.noise {
            if !Range::NON_NEGATIVE.contains(n.sigma) {
                return Err(Box::new(out_of_range(
                    "noise",
                    n.sigma,
                    Range::NON_NEGATIVE,
                )));
            }
            let batch = Range::closed(1.0, f64::from(MAX_BATCH));
            if !batch.contains(f64::from(n.batch)) {
                return Err(Box::new(out_of_range("batch", f64::from(n.batch), batch)));
            }
        }
        if !Range::POSITIVE.contains(self.tol) {
            return Err(Box::new(out_of_range("tol", self.tol, Range::POSITIVE)));
        }
        Ok(())
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The final point is within tolerance of a minimum.
    Converged,
    /// A value became non-finite or the point left the safe box; the run stopped.
    Diverged,
    /// The step budget ran out before convergence.
    MaxSteps,
}

impl Status {
    /// The word the UI and the CLI print.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Converged => "converged",
            Status::Diverged => "diverged",
            Status::MaxSteps => "max_steps",
        }
    }
}

/// The record of a run. `points` and `loss` have one entry more than `lr` and
/// `grad_norm`: the start comes first. A diverged run keeps every finite step before
/// the one that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// Parameters per point.
    pub dim: usize,
    /// The points, flattened: point `k` is `points[k*dim .. (k+1)*dim]`.
    pub points: Vec<f64>,
    /// The loss at each point.
    pub loss: Vec<f64>,
    /// The learning rate each step used.
    pub lr: Vec<f64>,
    /// The norm of the gradient each step saw (after noise, before clipping).
    pub grad_norm: Vec<f64>,
    /// The gradient each step gave the optimizer (after noise and clipping),
    /// flattened: step `k` (from 1) is `grad[(k−1)·dim .. k·dim]`.
    pub grad: Vec<f64>,
    /// How the run ended.
    pub status: Status,
    /// The first step from which every later point is within tolerance.
    pub converged_at: Option<usize>,
}

impl Trajectory {
    /// The number of points (steps taken + 1).
    pub fn len(&self) -> usize {
        self.loss.len()
    }
    /// Whether the trajectory has no points (never true for a run's result).
    pub fn is_empty(&self) -> bool {
        self.loss.is_empty()
    }
    /// Point `k`, if there is one.
    pub fn point(&self, k: usize) -> Option<&[f64]> {
        self.points.get(k * self.dim..(k + 1) * self.dim)
    }
    /// The last point.
    pub fn last(&self) -> Option<&[f64]> {
        self.len().checked_sub(1).and_then(|k| self.point(k))
    }
    /// The gradient step `k` (from 1) gave the optimizer, if there was a step `k`.
    pub fn gradient(&self, k: usize) -> Option<&[f64]> {
        let i = k.checked_sub(1)?;
        self.grad.get(i * self.dim..(i + 1) * self.dim)
    }
}

/// Checks that `start` is a point of `surface`: as many coordinates as it takes, all
/// finite.
pub fn check_start(surface: &dyn Surface, start: &[f64]) -> Result<()> {
    if start.len() != surface.dim() {
        return Err(Box::new(Error::Incompatible {
            owner: String::new(),
            reason: format!(
                "start has {} coordinates; {} takes {}",
                start.len(),
                surface.name(),
                surface.dim()
            ),
        }));
    }
    if start.iter().any(|x| !x.is_finite()) {
        return Err(Box::new(Error::WrongType {
            owner: String::new(),
            key: "start".into(),
            expected: "finite numbers".into(),
            got: None,
        }));
    }
    Ok(())
}

/// Runs `opt` under `sched` on `surface` from `start`.
///
/// Errors only for a bad configuration (wrong start length, non-finite start, bad
/// `cfg`); a run that blows up is a [`Status::Diverged`] trajectory, not an error.
pub fn run(
    surface: &dyn Surface,
    start: &[f64],
    opt: &mut dyn Optimizer,
    sched: &mut dyn Schedule,
    cfg: &RunConfig,
) -> Result<Trajectory> {
    let dim = surface.dim();
    check_start(surface, start)?;
    cfg.validate()?;

    let bounds = surface.bounds();
    let limit = DIVERGE_FACTOR * bounds.extent().max(1.0);
    let center: Vec<f64> = bounds
        .lo
        .iter()
        .zip(&bounds.hi)
        .map(|(a, b)| 0.5 * (a + b))
        .collect();
    let f_min = surface
        .minima()
        .iter()
        .map(|m| surface.value(m))
        .fold(f64::INFINITY, f64::min);

    let mut chain = GradientChain::from_config(cfg);
    let mut curvature = Curvature::new(dim);
    let mut p = start.to_vec();
    let mut g = vec![0.0; dim];
    let mut t = Trajectory {
        dim,
        points: Vec::with_capacity((cfg.steps + 1) * dim),
        loss: Vec::with_capacity(cfg.steps + 1),
        lr: Vec::with_capacity(cfg.steps),
        grad_norm: Vec::with_capacity(cfg.steps),
        grad: Vec::with_capacity(cfg.steps * dim),
        status: Status::MaxSteps,
        converged_at: None,
    };
    let first = surface.value(&p);
    t.points.extend_from_slice(&p);
    t.loss.push(first);
    let done = |loss: f64, gnorm: f64| {
        if f_min.is_finite() {
            loss - f_min <= cfg.tol
        } else {
            gnorm <= cfg.tol
        }
    };
    let mut diverged = !first.is_finite();
    let mut last_gnorm = f64::INFINITY;

    for step in 1..=cfg.steps {
        if diverged {
            break;
        }
        surface.gradient(&p, &mut g);
        let gnorm = chain.process(&mut g);
        if !gnorm.is_finite() {
            diverged = true;
            break;
        }
        let lr = sched.lr();
        let ctx = curvature.ctx(surface, opt, &p, step as u64, lr, sched.momentum());
        let mut next = p.clone();
        opt.step(&mut next, &g, &ctx);
        let loss = surface.value(&next);
        let far = next
            .iter()
            .zip(&center)
            .any(|(x, c)| !x.is_finite() || (x - c).abs() > limit);
        if far || !loss.is_finite() {
            diverged = true;
            break;
        }
        p = next;
        t.points.extend_from_slice(&p);
        t.loss.push(loss);
        t.lr.push(lr);
        t.grad_norm.push(gnorm);
        t.grad.extend_from_slice(&g);
        last_gnorm = gnorm;
        sched.step(loss);
    }

    // Converged from the first index after which every point stays within tolerance.
    // The gradient norm of point k is grad_norm[k] (seen by step k+1); for the final
    // point it is computed fresh.
    let final_gnorm = t.last().map_or(last_gnorm, |q| {
        let mut gq = vec![0.0; dim];
        surface.gradient(q, &mut gq);
        norm(&gq)
    });
    let n = t.len();
    let mut since = None;
    for k in (0..n).rev() {
        let gn = if k + 1 == n {
            final_gnorm
        } else {
            t.grad_norm.get(k).copied().unwrap_or(f64::INFINITY)
        };
        if done(t.loss[k], gn) {
            since = Some(k);
        } else {
            break;
        }
    }
    t.status = if diverged {
        Status::Diverged
    } else if since.is_some() {
        Status::Converged
    } else {
        Status::MaxSteps
    };
    t.converged_at = if diverged { None } else { since };
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim;
    use crate::core::schedule;
    use crate::core::spec::Spec;
    use crate::core::surface;

    fn go(surf: &str, opt: &str, start: &[f64], cfg: RunConfig) -> Trajectory {
        let s = surface::build(&Spec::parse(surf).unwrap()).unwrap();
        let mut o = optim::build(&Spec::parse(opt).unwrap(), s.dim()).unwrap();
        let mut sc = schedule::build(&Spec::bare("constant"), o.lr(), o.momentum()).unwrap();
        run(s.as_ref(), start, o.as_mut(), sc.as_mut(), &cfg).unwrap()
    }

    #[test]
    fn gd_on_bowl_contracts_by_one_minus_lr_lambda() {
        let cfg = RunConfig {
            steps: 3,
            ..RunConfig::default()
        };
        let t = go("quadratic(a=1, b=10)", "sgd(lr=0.1)", &[1.0, 1.0], cfg);
        assert_eq!(t.len(), 4);
        assert_eq!(t.lr, vec![0.1; 3]);
        // x shrinks by (1 - 0.1*1) per step; y by (1 - 0.1*10) = 0 → y = 0 after one step.
        assert!((t.point(3).unwrap()[0] - 0.9f64.powi(3)).abs() < 1e-15);
        // (1 − 0.1·10) is 0 in exact arithmetic; the fused step θ − η·g rounds once from
        // the float 0.1 (slightly above 1/10), as torch's CPU kernel does: −2⁻⁵⁴.
        assert_eq!(t.point(1).unwrap()[1], -(2f64.powi(-54)));
        assert_eq!(t.status, Status::MaxSteps);
    }

    #[test]
    fn converges_and_reports_the_step() {
        let cfg = RunConfig {
            steps: 500,
            ..RunConfig::default()
        };
        let t = go("quadratic", "sgd(lr=0.5)", &[1.0, 1.0], cfg);
        assert_eq!(t.status, Status::Converged);
        let k = t.converged_at.unwrap();
        assert!(t.loss[k] <= 1e-6 && t.loss[k - 1] > 1e-6);
    }

    #[test]
    fn diverges_cleanly_keeping_finite_points() {
        let cfg = RunConfig {
            steps: 5000,
            ..RunConfig::default()
        };
        let t = go("quadratic", "sgd(lr=3)", &[1.0, 1.0], cfg);
        assert_eq!(t.status, Status::Diverged);
        assert!(t.loss.iter().all(|l| l.is_finite()));
        assert!(t.points.iter().all(|l| l.is_finite()));
        assert_eq!(t.points.len(), t.len() * 2);
        assert_eq!(t.lr.len() + 1, t.len());
        assert!(t.len() < 5000);
    }

    #[test]
    fn clip_norm_bounds_the_step() {
        let cfg = RunConfig {
            steps: 1,
            clip_norm: Some(1.0),
            ..RunConfig::default()
        };
        let t = go("quadratic(a=100,b=100)", "sgd(lr=0.1)", &[1.0, 0.0], cfg);
        // g = (100, 0), ‖g‖ = 100 → clipped to ≈ 1; step ≈ 0.1.
        assert!((t.point(1).unwrap()[0] - (1.0 - 0.1 * 100.0 / (100.0 + 1e-6))).abs() < 1e-12);
        assert_eq!(t.grad_norm[0], 100.0);
    }

    #[test]
    fn noise_is_seeded() {
        let cfg = |seed| RunConfig {
            steps: 20,
            noise: Some(Noise {
                sigma: 1.0,
                batch: 4,
                seed,
            }),
            ..RunConfig::default()
        };
        let a = go("quadratic", "sgd(lr=0.1)", &[1.0, 1.0], cfg(1));
        let b = go("quadratic", "sgd(lr=0.1)", &[1.0, 1.0], cfg(1));
        let c = go("quadratic", "sgd(lr=0.1)", &[1.0, 1.0], cfg(2));
        assert_eq!(a, b);
        assert_ne!(a.points, c.points);
    }

    #[test]
    fn bad_config_is_an_error() {
        let s = surface::build(&Spec::bare("quadratic")).unwrap();
        let mut o = optim::build(&Spec::bare("sgd"), 2).unwrap();
        let mut sc = schedule::build(&Spec::bare("constant"), 0.1, None).unwrap();
        let cfg = RunConfig::default();
        assert!(run(s.as_ref(), &[1.0], o.as_mut(), sc.as_mut(), &cfg).is_err());
        assert!(run(s.as_ref(), &[f64::NAN, 0.0], o.as_mut(), sc.as_mut(), &cfg).is_err());
        let bad = RunConfig {
            clip_norm: Some(-1.0),
            ..RunConfig::default()
        };
        assert!(run(s.as_ref(), &[1.0, 0.0], o.as_mut(), sc.as_mut(), &bad).is_err());
    }
}
