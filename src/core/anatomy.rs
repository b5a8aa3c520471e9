//! One optimizer's update laid open: the run replayed step by step, with the
//! intermediate quantities of each step per coordinate (Adam's m, v, bias corrections,
//! m̂ and v̂; AdaGrad's accumulator; RMSProp's running average; Lion's interpolation and
//! sign; Sophia's clip ratio; the momentum buffer) and the step actually taken.
//!
//! The replay drives a fresh copy of the run's optimizer and schedule with the
//! gradients the run recorded, so its points are the run's points, bit for bit; the
//! quantities are read from the optimizer's own state after each step.

use super::curvature::Curvature;
use super::error::Result;
use super::num::fmt_shown;
use super::optim::Optimizer;
use super::run::Trajectory;
use super::schedule::Schedule;
use super::setup::{build_pair, run_spec, RunSetup};
use super::spec::{Spec, Value};
use super::surface::Surface;

/// One step, laid open.
#[derive(Debug, Clone, PartialEq)]
pub struct StepParts {
    /// The gradient the step was given: the gradient at the point the step starts
    /// from, after any noise and clipping of the run.
    pub grad: Vec<f64>,
    /// The named quantities of the update, each with one value per coordinate.
    pub rows: Vec<(&'static str, Vec<f64>)>,
    /// The step taken, θₜ − θₜ₋₁.
    pub step: Vec<f64>,
}

/// A run and each of its steps laid open.
#[derive(Debug, Clone, PartialEq)]
pub struct Anatomy {
    /// The run, as [`run`](super::run::run) makes it.
    pub traj: Trajectory,
    /// `steps[k]` is step `k + 1`, from point `k` to point `k + 1`.
    pub steps: Vec<StepParts>,
    name: String,
    hyper: Hyper,
}

/// The hyperparameters the read-out needs (torch's defaults where the spec is silent).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hyper {
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    bias_correction: bool,
    first_moment: bool,
    second_moment: bool,
    rho: f64,
    lr_decay: f64,
}

/// The default of `key` for optimizer `name`, as the optimizers define them.
fn default_of(name: &str, key: &str) -> f64 {
    match (name, key) {
        ("adagrad", "eps") => 1e-10,
        ("adadelta", "rho") => 0.9,
        ("adadelta", "eps") => 1e-6,
        ("sophia", "beta1") => 0.965,
        ("sophia", "beta2") => 0.99,
        ("sophia", "eps") => 1e-12,
        ("sophia", "rho") => 0.04,
        ("sophia", "weight_decay") => 0.1,
        ("lion", "beta1") => 0.9,
        ("lion", "beta2") => 0.99,
        ("lion", "weight_decay") => 0.0,
        ("adamw", "weight_decay") => 0.01,
        ("rmsprop", "alpha") => 0.99,
        (_, "beta1") => 0.9,
        (_, "beta2") => 0.999,
        (_, "eps") => 1e-8,
        _ => 0.0,
    }
}

impl Hyper {
    fn of(spec: &Spec, lr: f64) -> Hyper {
        let num = |key: &str| match spec.get(key) {
            Some(Value::Num(x)) => *x,
            _ => default_of(&spec.name, key),
        };
        let flag = |key: &str| !matches!(spec.get(key), Some(Value::Bool(false)));
        let beta2 = if spec.name == "rmsprop" {
            num("alpha")
        } else {
            num("beta2")
        };
        Hyper {
            lr,
            beta1: num("beta1"),
            beta2,
            eps: num("eps"),
            weight_decay: num("weight_decay"),
            bias_correction: flag("bias_correction"),
            first_moment: flag("first_moment"),
            second_moment: flag("second_moment"),
            rho: num("rho"),
            lr_decay: num("lr_decay"),
        }
    }
}

/// The steps the anatomy widget lays open (its timeline's length).
pub const ANATOMY_STEPS: usize = 100;

/// Runs `spec` for `steps` steps on `surface` from `start` at its own (constant)
/// learning rate, and lays each step open.
pub fn replay(surface: &dyn Surface, start: &[f64], spec: &Spec, steps: usize) -> Result<Anatomy> {
    let constant = Spec::bare("constant");
    let cfg = super::run::RunConfig {
        steps,
        ..super::run::RunConfig::default()
    };
    let traj = run_spec(surface, start, spec, &constant, &cfg)?;
    let (mut opt, mut sched) = build_pair(spec, &constant, surface.dim())?;
    Ok(lay_open(surface, spec, opt.as_mut(), sched.as_mut(), traj))
}

/// Runs optimizer `i` of `setup` and lays each step open (under the setup's schedule,
/// clipping and noise: the steps are the run's steps).
pub fn of(setup: &RunSetup, i: usize) -> Result<Anatomy> {
    let traj = setup.run(i)?;
    let (mut opt, mut sched) = setup.build(i)?;
    let spec = setup
        .optimizers()
        .get(i)
        .cloned()
        .unwrap_or_else(|| Spec::bare(""));
    Ok(lay_open(
        setup.surface(),
        &spec,
        opt.as_mut(),
        sched.as_mut(),
        traj,
    ))
}

/// Steps the fresh `opt` and `sched` along `traj` with its recorded gradients,
/// reading the quantities of each step.
fn lay_open(
    surface: &dyn Surface,
    spec: &Spec,
    opt: &mut dyn Optimizer,
    sched: &mut dyn Schedule,
    traj: Trajectory,
) -> Anatomy {
    let dim = traj.dim;
    let hyper = Hyper::of(spec, opt.lr());
    let mut p = traj.point(0).map(<[f64]>::to_vec).unwrap_or_default();
    let mut curvature = Curvature::new(dim);
    let mut out = Vec::with_capacity(traj.len().saturating_sub(1));
    for t in 1..traj.len() {
        let Some(g) = traj.gradient(t) else { break };
        let before = opt.state();
        let lr = sched.lr();
        let ctx = curvature.ctx(surface, &*opt, &p, t as u64, lr, sched.momentum());
        let prev = p.clone();
        opt.step(&mut p, g, &ctx);
        let after = opt.state();
        let step: Vec<f64> = p.iter().zip(&prev).map(|(a, b)| a - b).collect();
        let hp = Hyper { lr, ..hyper };
        let rows = rows(&spec.name, &hp, t, g, &prev, &before, &after);
        out.push(StepParts {
            grad: g.to_vec(),
            rows,
            step,
        });
        sched.step(traj.loss.get(t).copied().unwrap_or(f64::NAN));
    }
    Anatomy {
        traj,
        steps: out,
        name: spec.name.clone(),
        hyper,
    }
}

fn get<'a>(state: &'a [(&'static str, Vec<f64>)], key: &str) -> Option<&'a [f64]> {
    state
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_slice())
}

fn map(v: &[f64], f: impl Fn(f64) -> f64) -> Vec<f64> {
    v.iter().map(|x| f(*x)).collect()
}

/// The quantities of step `t` (gradient `g` at `prev`), from the optimizer's state
/// before and after it.
fn rows(
    name: &str,
    hp: &Hyper,
    t: usize,
    g: &[f64],
    prev: &[f64],
    before: &[(&'static str, Vec<f64>)],
    after: &[(&'static str, Vec<f64>)],
) -> Vec<(&'static str, Vec<f64>)> {
    let mut out = Vec::new();
    let n = g.len();
    let same = |x: f64| vec![x; n];
    let pow = |b: f64| b.powf(t as f64);
    match name {
        "adam" | "adamw" => {
            if hp.weight_decay != 0.0 {
                if name == "adam" {
                    let gd = g.iter().zip(prev).map(|(g, p)| g + hp.weight_decay * p);
                    out.push(("g + λθ", gd.collect()));
                } else {
                    out.push(("decay ηλθ", map(prev, |p| hp.lr * hp.weight_decay * p)));
                }
            }
            let m = get(after, "m");
            let v = get(after, "v");
            if let Some(m) = m {
                out.push(("m", m.to_vec()));
            }
            if let Some(v) = v {
                out.push(("v", v.to_vec()));
            }
            if hp.bias_correction {
                let (c1, c2) = (1.0 - pow(hp.beta1), 1.0 - pow(hp.beta2));
                if let Some(m) = m {
                    out.push(("1 − β₁ᵗ", same(c1)));
                    out.push(("m̂", map(m, |x| x / c1)));
                }
                if let Some(v) = v {
                    out.push(("1 − β₂ᵗ", same(c2)));
                    out.push(("v̂", map(v, |x| x / c2)));
                }
            }
        }
        "adagrad" => {
            if let Some(s) = get(after, "sum") {
                let lr = hp.lr / (1.0 + (t as f64 - 1.0) * hp.lr_decay);
                out.push(("G = Σg²", s.to_vec()));
                out.push(("η/(√G + ε)", map(s, |x| lr / (x.sqrt() + hp.eps))));
            }
        }
        "rmsprop" => {
            if let Some(v) = get(after, "square_avg") {
                out.push(("v = avg g²", v.to_vec()));
                out.push(("√v", map(v, f64::sqrt)));
            }
            if let Some(b) = get(after, "momentum_buffer") {
                out.push(("buffer", b.to_vec()));
            }
        }
        "lion" => {
            if let Some(m) = get(before, "m") {
                let c: Vec<f64> = m
                    .iter()
                    .zip(g)
                    .map(|(m, g)| hp.beta1 * m + (1.0 - hp.beta1) * g)
                    .collect();
                out.push(("c = β₁m + (1−β₁)g", c.clone()));
                out.push((
                    "sign(c)",
                    map(&c, |x| if x == 0.0 { 0.0 } else { x.signum() }),
                ));
            }
            if let Some(m) = get(after, "m") {
                out.push(("m (next)", m.to_vec()));
            }
        }
        "sophia" => {
            if let (Some(m), Some(h)) = (get(after, "m"), get(after, "h")) {
                out.push(("m", m.to_vec()));
                out.push(("h", h.to_vec()));
                let r: Vec<f64> = m
                    .iter()
                    .zip(h)
                    .map(|(m, h)| m / (hp.rho * h).max(hp.eps))
                    .collect();
                out.push(("m/max(ρh, ε)", r.clone()));
                out.push((
                    "clipped to ±1",
                    map(&r, |x| crate::core::num::clamp(x, -1.0, 1.0)),
                ));
            }
        }
        _ => {
            for (k, v) in after {
                if !matches!(*k, "delta" | "effective_lr" | "mu_product") {
                    out.push((*k, v.clone()));
                }
            }
        }
    }
    out
}

/// `|a / b|` when it is a finite number, else `None` (`b` is 0, or either is not finite).
fn ratio(a: f64, b: f64) -> Option<f64> {
    Some((a / b).abs()).filter(|r| r.is_finite())
}

impl Anatomy {
    /// One line saying what step `t` (1 = the first) shows, from its numbers. Numbers
    /// are written with `-` for minus; the caller may swap in `−`.
    pub fn explain(&self, t: usize) -> String {
        let Some(s) = t.checked_sub(1).and_then(|k| self.steps.get(k)) else {
            return format!("step 0: the start; {} has not moved yet.", self.name);
        };
        // Every number through `fmt_shown`: a read-out never says NaN or inf.
        let f = |x: f64| fmt_shown(x, 3);
        let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
        let (dx, dy) = (at(&s.step, 0), at(&s.step, 1));
        let (gx, gy) = (at(&s.grad, 0), at(&s.grad, 1));
        let row = |name: &str| {
            s.rows
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (at(v, 0), at(v, 1)))
        };
        let lr = f(self.hyper.lr);
        let moved = format!("the step is {} in x and {} in y", f(dx), f(dy));
        let why = match self.name.as_str() {
            "adam" | "adamw" => {
                let hp = &self.hyper;
                match (hp.first_moment, hp.second_moment, hp.bias_correction) {
                    (_, true, true) => match row("v̂") {
                        Some((vx, vy)) => format!(
                            "√v̂ is {} in x and {} in y, the size of each coordinate's own gradients, so each step is about η = {lr} or less",
                            f(vx.sqrt()),
                            f(vy.sqrt())
                        ),
                        None => String::new(),
                    },
                    (_, true, false) => {
                        let k = (1.0 - hp.beta1.powf(t as f64))
                            / (1.0 - hp.beta2.powf(t as f64)).sqrt();
                        let k = if hp.first_moment {
                            k
                        } else {
                            1.0 / (1.0 - hp.beta2.powf(t as f64)).sqrt()
                        };
                        format!(
                            "without bias correction the steps are {}× what it would give for a steady gradient",
                            f(k)
                        )
                    }
                    (true, false, _) => match ratio(dy, dx) {
                        Some(r) => format!(
                            "without v nothing divides by the gradient's size: the step is η·m̂, {}× larger in y than in x",
                            f(r)
                        ),
                        None => "without v nothing divides by the gradient's size: the step is η·m̂, as large as the averaged gradient in each coordinate".into(),
                    },
                    (false, false, _) => "without m and v it is plain gradient descent, η·g".into(),
                }
            }
            "adagrad" => match row("η/(√G + ε)") {
                Some((ex, ey)) => format!(
                    "G only grows, so the effective rates η/(√G + ε) are down to {} in x and {} in y",
                    f(ex),
                    f(ey)
                ),
                None => String::new(),
            },
            "rmsprop" => match row("√v") {
                // What the step divides by is √v + ε, so a coordinate whose gradients
                // were all 0 (√v = 0) reads 0, not 0/0.
                Some((vx, vy)) => format!(
                    "√v is {} in x and {} in y, tracking each gradient's recent size, so g/(√v + ε) is {} and {}",
                    f(vx),
                    f(vy),
                    f(gx / (vx + self.hyper.eps)),
                    f(gy / (vy + self.hyper.eps))
                ),
                None => String::new(),
            },
            "lion" => format!("sign(c) makes every step ±η = ±{lr}, whatever the gradient's size"),
            "sophia" => match row("m/max(ρh, ε)") {
                Some((rx, ry)) => format!(
                    "the ratio m/max(ρh, ε) is {} in x and {} in y; clipping it to ±1 bounds the step by η",
                    f(rx),
                    f(ry)
                ),
                None => String::new(),
            },
            "sgd" if row("momentum_buffer").is_some() => format!(
                "the buffer adds up past gradients, so it moves more than η·g = ({}, {})",
                f(self.hyper.lr * gx),
                f(self.hyper.lr * gy)
            ),
            _ => format!("the gradient is ({}, {})", f(gx), f(gy)),
        };
        if why.is_empty() {
            format!("step {t}: {moved}.")
        } else {
            format!("step {t}: {moved}; {why}.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim;
    use crate::core::run::{run, RunConfig};
    use crate::core::schedule;
    use crate::core::surface;

    fn surf(text: &str) -> Box<dyn Surface> {
        surface::build(&Spec::parse(text).unwrap()).unwrap()
    }

    fn lay(s: &str, o: &str, start: &[f64], steps: usize) -> Anatomy {
        replay(surf(s).as_ref(), start, &Spec::parse(o).unwrap(), steps).unwrap()
    }

    fn value(a: &Anatomy, k: usize, name: &str) -> Vec<f64> {
        a.steps[k]
            .rows
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1
            .clone()
    }

    #[test]
    fn explanations_never_say_nan_or_inf() {
        // Issue 18: rmsprop from 0,1 said "g/√v is NaN"; adam without v said "∞× larger".
        for o in [
            "rmsprop(lr=0.01)",
            "adam(second_moment=false)",
            "adam(bias_correction=false, beta2=0.999999999)",
            "adagrad",
            "sophia",
            "lion",
            "sgd(momentum=0.9)",
        ] {
            for start in [[0.0, 1.0], [0.0, 0.0], [1.0, 0.0], [1e6, -1e6]] {
                for s in ["quadratic(a=1, b=25)", "rosenbrock", "saddle"] {
                    let a = lay(s, o, &start, 5);
                    for t in 0..=6 {
                        let e = a.explain(t);
                        assert!(
                            !["NaN", "inf", "undefined"].iter().any(|w| e.contains(w)),
                            "{o} on {s} from {start:?}, step {t}: {e}"
                        );
                    }
                }
            }
        }
        assert!(lay(
            "quadratic(a=1, b=25)",
            "adam(second_moment=false)",
            &[0.0, 1.0],
            2
        )
        .explain(1)
        .contains("as large as the averaged gradient"));
        assert!(
            lay("quadratic(a=1, b=25)", "rmsprop(lr=0.01)", &[0.0, 1.0], 2)
                .explain(1)
                .contains("g/(√v + ε) is 0 and ")
        );
    }

    #[test]
    fn the_steps_reproduce_the_run_exactly() {
        for (s, o, start) in [
            ("rosenbrock", "adagrad(lr=0.5)", [-1.5, 2.0]),
            ("quadratic(a=1, b=100)", "rmsprop(lr=0.01)", [-1.5, 1.2]),
            ("quadratic(a=1, b=25)", "adam(lr=0.05)", [-1.5, 1.2]),
            (
                "quadratic(a=1, b=25)",
                "adam(lr=0.05, bias_correction=false)",
                [-1.5, 1.2],
            ),
            (
                "quadratic(a=1, b=25)",
                "adam(lr=0.05, first_moment=false)",
                [-1.5, 1.2],
            ),
            (
                "quadratic(a=1, b=25)",
                "adam(lr=0.05, second_moment=false)",
                [-1.5, 1.2],
            ),
            (
                "regression(points=[[1,2],[2,4],[3,6]])",
                "adamw(lr=0.05, weight_decay=0.1)",
                [0.5, 0.1],
            ),
            ("himmelblau", "sgd(lr=0.01, momentum=0.9)", [0.0, 0.0]),
            ("quadratic(a=1, b=100)", "lion(lr=0.03)", [-1.37, 1.13]),
            ("quadratic(a=1, b=100)", "sophia(lr=0.05)", [-1.37, 1.13]),
            ("beale", "nadam(lr=0.01)", [1.0, 1.0]),
            ("rosenbrock", "sgd(lr=0.01)", [-1.5, 2.0]),
        ] {
            let a = lay(s, o, &start, 300);
            let surface = surf(s);
            let spec = Spec::parse(o).unwrap();
            let mut opt = optim::build(&spec, 2).unwrap();
            let mut sc =
                schedule::build(&Spec::bare("constant"), opt.lr(), opt.momentum()).unwrap();
            let cfg = RunConfig {
                steps: 300,
                ..RunConfig::default()
            };
            let direct = run(surface.as_ref(), &start, opt.as_mut(), sc.as_mut(), &cfg).unwrap();
            assert_eq!(a.traj, direct, "{o}");
            assert_eq!(a.steps.len() + 1, direct.len(), "{o}");
            // Walking the reported steps from the start retraces the run's points, and
            // the gradients are the surface's at each point.
            let mut g = [0.0; 2];
            for (k, st) in a.steps.iter().enumerate() {
                let p = direct.point(k).unwrap();
                let q = direct.point(k + 1).unwrap();
                for i in 0..2 {
                    assert_eq!(st.step[i], q[i] - p[i], "{o} step {k}");
                    // Adding the step back rounds at most once, relative to the larger end.
                    let walked = p[i] + st.step[i];
                    assert!(
                        (walked - q[i]).abs() <= f64::EPSILON * p[i].abs().max(q[i].abs()),
                        "{o}"
                    );
                }
                surface.gradient(p, &mut g);
                assert_eq!(st.grad, g.to_vec());
            }
        }
    }

    #[test]
    fn a_setup_with_a_schedule_clipping_and_noise_is_laid_open_exactly() {
        use crate::core::run::Noise;
        use crate::core::setup::SetupSpec;
        let mut s = SetupSpec::new(
            Spec::parse("quadratic(a=1, b=25)").unwrap(),
            vec![
                Spec::parse("adam(lr=0.05)").unwrap(),
                Spec::parse("sgd(lr=0.01, momentum=0.9)").unwrap(),
            ],
        );
        s.start = Some(vec![-1.5, 1.2]);
        s.schedule = Some(Spec::parse("onecycle(max_lr=0.1, total_steps=80)").unwrap());
        s.config.steps = 80;
        s.config.clip_norm = Some(5.0);
        s.config.noise = Some(Noise {
            sigma: 2.0,
            batch: 4,
            seed: 3,
        });
        let setup = RunSetup::from_specs(s).unwrap();
        for i in 0..2 {
            let a = of(&setup, i).unwrap();
            assert_eq!(a.traj, setup.run(i).unwrap());
            assert_eq!(a.steps.len(), 80);
            for (k, st) in a.steps.iter().enumerate() {
                let (p, q) = (a.traj.point(k).unwrap(), a.traj.point(k + 1).unwrap());
                for d in 0..2 {
                    assert_eq!(st.step[d], q[d] - p[d], "optimizer {i} step {k}");
                }
                assert_eq!(Some(st.grad.as_slice()), a.traj.gradient(k + 1));
            }
        }
        assert!(of(&setup, 2).is_err());
    }

    #[test]
    fn a_diverging_run_is_laid_open_up_to_its_last_finite_step() {
        let a = lay("quadratic(a=1, b=10)", "sgd(lr=0.5)", &[-1.5, 1.2], 300);
        assert_eq!(a.traj.status, crate::core::run::Status::Diverged);
        assert_eq!(a.steps.len() + 1, a.traj.len());
        assert!(a.steps.iter().all(|s| s.step.iter().all(|x| x.is_finite())));
    }

    #[test]
    fn adam_quantities_give_its_step() {
        let a = lay("quadratic(a=1, b=25)", "adam(lr=0.05)", &[-1.5, 1.2], 50);
        // Step 1: m̂ = g, v̂ = g², so each coordinate moves by η (the lesson's claim).
        assert_eq!(a.steps[0].grad, vec![-1.5, 30.0]);
        for i in 0..2 {
            assert!((a.steps[0].step[i].abs() - 0.05).abs() < 1e-9);
        }
        for (k, st) in a.steps.iter().enumerate() {
            let (m, v) = (value(&a, k, "m̂"), value(&a, k, "v̂"));
            let c1 = value(&a, k, "1 − β₁ᵗ")[0];
            assert!((c1 - (1.0 - 0.9f64.powi(k as i32 + 1))).abs() < 1e-15);
            for i in 0..2 {
                let want = -0.05 * m[i] / (v[i].sqrt() + 1e-8);
                assert!(
                    (st.step[i] - want).abs() <= 1e-12 * want.abs().max(1e-12),
                    "{k}"
                );
            }
        }
        let names: Vec<_> = a.steps[0].rows.iter().map(|r| r.0).collect();
        assert_eq!(names, ["m", "v", "1 − β₁ᵗ", "m̂", "1 − β₂ᵗ", "v̂"]);
        assert!(
            a.explain(1).starts_with(
                "step 1: the step is 0.05 in x and -0.05 in y; √v̂ is 1.5 in x and 30 in y"
            ),
            "{}",
            a.explain(1)
        );
    }

    #[test]
    fn switching_parts_off_changes_the_rows_and_the_steps() {
        let nobc = lay(
            "quadratic(a=1, b=25)",
            "adam(lr=0.05, bias_correction=false)",
            &[-1.5, 1.2],
            20,
        );
        let names: Vec<_> = nobc.steps[0].rows.iter().map(|r| r.0).collect();
        assert_eq!(names, ["m", "v"]);
        // The lesson: the first step is about 0.158 in each coordinate.
        for i in 0..2 {
            assert!((nobc.steps[0].step[i].abs() - 0.158).abs() < 5e-4);
        }
        assert!(nobc.explain(1).contains("3.16×"), "{}", nobc.explain(1));
        // By step 10 the run is at about (0.63, −0.62).
        let p = nobc.traj.point(10).unwrap();
        assert!(
            (p[0] - 0.63).abs() < 0.005 && (p[1] + 0.62).abs() < 0.005,
            "{p:?}"
        );
        let nov = lay(
            "quadratic(a=1, b=25)",
            "adam(lr=0.05, second_moment=false)",
            &[-1.5, 1.2],
            5,
        );
        assert_eq!(
            nov.steps[0].rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ["m", "1 − β₁ᵗ", "m̂"]
        );
        // η·m̂ = η·g: the steep coordinate jumps by 1.5.
        assert!((nov.steps[0].step[1] + 1.5).abs() < 1e-12);
        assert!(
            nov.explain(1).contains("20× larger in y"),
            "{}",
            nov.explain(1)
        );
        let nom = lay(
            "quadratic(a=1, b=25)",
            "adam(lr=0.05, first_moment=false)",
            &[-1.5, 1.2],
            5,
        );
        assert_eq!(
            nom.steps[0].rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ["v", "1 − β₂ᵗ", "v̂"]
        );
    }

    #[test]
    fn adagrad_rmsprop_lion_sophia_and_momentum_rows() {
        let a = lay("rosenbrock", "adagrad(lr=0.5)", &[-1.5, 2.0], 20);
        // First step: both coordinates move by exactly η (G = g²).
        for i in 0..2 {
            assert!((a.steps[0].step[i].abs() - 0.5).abs() < 1e-9);
        }
        let e = value(&a, 9, "η/(√G + ε)");
        // The lesson: within about ten steps, below 1e-3 for x and about 1.6e-3 for y.
        assert!(e[0] < 1e-3 && (e[1] - 1.6e-3).abs() < 1e-4, "{e:?}");
        assert!(value(&a, 5, "G = Σg²")[0] >= value(&a, 4, "G = Σg²")[0]);
        let r = lay("quadratic(a=1, b=100)", "rmsprop(lr=0.01)", &[-1.5, 1.2], 5);
        assert_eq!(r.steps[0].grad, vec![-1.5, 120.0]);
        for i in 0..2 {
            assert!(
                (r.steps[0].step[i].abs() - 0.1).abs() < 1e-6,
                "the lesson's first step of 0.1"
            );
        }
        assert!(
            r.explain(1).contains("g/(√v + ε) is -10 and 10"),
            "{}",
            r.explain(1)
        );
        let l = lay("quadratic(a=1, b=100)", "lion(lr=0.03)", &[-1.37, 1.13], 5);
        for k in 0..5 {
            let s = value(&l, k, "sign(c)");
            for (d, s) in l.steps[k].step.iter().zip(&s) {
                assert!((d + 0.03 * s).abs() < 1e-12);
            }
        }
        let so = lay(
            "quadratic(a=1, b=100)",
            "sophia(lr=0.05)",
            &[-1.37, 1.13],
            5,
        );
        let c = value(&so, 2, "clipped to ±1");
        assert!(c.iter().all(|x| x.abs() <= 1.0));
        let m = lay("himmelblau", "sgd(lr=0.01, momentum=0.9)", &[0.0, 0.0], 5);
        let b = value(&m, 1, "momentum_buffer");
        for (d, b) in m.steps[1].step.iter().zip(&b) {
            assert!((d + 0.01 * b).abs() < 1e-15);
        }
        assert!(m.explain(2).contains("buffer"));
        assert!(m.explain(0).starts_with("step 0"));
        assert!(m.explain(99).starts_with("step 0"));
    }

    #[test]
    fn defaults_match_the_optimizers() {
        for name in optim::NAMES {
            for info in optim::describe(name).unwrap() {
                let key = info.name.as_str();
                let known = [
                    "beta1",
                    "beta2",
                    "eps",
                    "weight_decay",
                    "rho",
                    "lr_decay",
                    "alpha",
                ];
                if !known.contains(&key) || (key == "alpha" && *name != "rmsprop") {
                    continue;
                }
                let want: f64 = info.default.as_deref().unwrap().parse().unwrap();
                assert_eq!(default_of(name, key), want, "{name}.{key}");
            }
        }
    }
}
