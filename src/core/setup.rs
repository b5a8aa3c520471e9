//! One run setup: a surface, a start, one or more optimizers, a schedule and the run
//! settings (steps, clipping, noise, tolerance), built and checked once.
//!
//! Everything that runs optimizers — the CLI's `trace` and `race`, races, the update
//! anatomy, the replay of an optimizer's state, the widgets — starts from a
//! [`RunSetup`]: [`RunSetup::from_specs`] parses and builds every part, checks that the
//! parts fit together (the start's length, each optimizer under the schedule) and
//! returns the first problem as an [`Error`]. After that, [`RunSetup::run`] and
//! [`RunSetup::race`] cannot fail for a reason the reader could fix.
//!
//! ```text
//! SetupSpec { surface: rosenbrock, optimizers: [adam(lr=0.01); sgd(momentum=0.9)], … }
//!     └─ RunSetup::from_specs ─▶ RunSetup ─▶ run(0) / run(1) / race()
//! ```

use super::error::{Error, Result};
use super::limits::MAX_OPTIMIZERS;
use super::optim::{self, Optimizer};
use super::race::{self, Entry};
use super::run::{self, check_start, RunConfig, Trajectory};
use super::schedule::{self, Schedule};
use super::spec::Spec;
use super::surface::{self, Surface};

/// What a run setup is made from: specs and settings, not yet built or checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupSpec {
    /// The surface, e.g. `quadratic(a=1, b=25)`.
    pub surface: Spec,
    /// The start; `None` takes the surface's default start.
    pub start: Option<Vec<f64>>,
    /// The optimizers, 1 to [`MAX_OPTIMIZERS`] of them.
    pub optimizers: Vec<Spec>,
    /// The schedule each optimizer runs under (a fresh copy built on that optimizer's
    /// own rate and momentum); `None` is `constant`.
    pub schedule: Option<Spec>,
    /// Steps, clipping, noise and tolerance.
    pub config: RunConfig,
}

impl SetupSpec {
    /// `optimizers` on `surface` from its default start, at constant rates, with the
    /// default settings ([`RunConfig::default`]).
    pub fn new(surface: Spec, optimizers: Vec<Spec>) -> Self {
        SetupSpec {
            surface,
            start: None,
            optimizers,
            schedule: None,
            config: RunConfig::default(),
        }
    }
}

/// A checked setup: every part built once and known to fit the others.
pub struct RunSetup {
    surface: Box<dyn Surface>,
    surface_spec: Spec,
    start: Vec<f64>,
    optimizers: Vec<Spec>,
    schedule: Spec,
    config: RunConfig,
}

impl std::fmt::Debug for RunSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunSetup")
            .field("surface", &self.surface_spec)
            .field("start", &self.start)
            .field("optimizers", &self.optimizers)
            .field("schedule", &self.schedule)
            .field("config", &self.config)
            .finish()
    }
}

impl RunSetup {
    /// Builds the surface, takes or checks the start, checks the number of optimizers,
    /// builds each optimizer for the surface and the schedule for each optimizer, and
    /// checks the settings. The first problem is the error: an unknown or badly
    /// written spec, a value out of range, a start of the wrong length, a schedule that
    /// needs a momentum the optimizer lacks (named `optimizer: schedule: …`).
    pub fn from_specs(spec: SetupSpec) -> Result<RunSetup> {
        let surface = surface::build(&spec.surface)?;
        let start = match spec.start {
            Some(start) => start,
            None => surface.default_start(),
        };
        check_start(surface.as_ref(), &start)?;
        check_count(spec.optimizers.len())?;
        let schedule = spec.schedule.unwrap_or_else(constant);
        for o in &spec.optimizers {
            build_pair(o, &schedule, surface.dim())?;
        }
        spec.config.validate()?;
        Ok(RunSetup {
            surface,
            surface_spec: spec.surface,
            start,
            optimizers: spec.optimizers,
            schedule,
            config: spec.config,
        })
    }

    /// The surface.
    pub fn surface(&self) -> &dyn Surface {
        self.surface.as_ref()
    }

    /// The surface's spec, as given.
    pub fn surface_spec(&self) -> &Spec {
        &self.surface_spec
    }

    /// The start (the surface's default when none was given).
    pub fn start(&self) -> &[f64] {
        &self.start
    }

    /// The optimizers' specs, in the order given.
    pub fn optimizers(&self) -> &[Spec] {
        &self.optimizers
    }

    /// The schedule's spec (`constant` when none was given).
    pub fn schedule(&self) -> &Spec {
        &self.schedule
    }

    /// Steps, clipping, noise and tolerance.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// A fresh optimizer `i` and a fresh schedule for it. Errors only for an index
    /// past the last optimizer.
    pub fn build(&self, i: usize) -> Result<(Box<dyn Optimizer>, Box<dyn Schedule>)> {
        build_pair(self.optimizer(i)?, &self.schedule, self.surface.dim())
    }

    /// Runs optimizer `i` (from 0) from the start. A run that blows up is a diverged
    /// trajectory, not an error; the error is only for an index past the last
    /// optimizer.
    pub fn run(&self, i: usize) -> Result<Trajectory> {
        let (mut opt, mut sched) = self.build(i)?;
        run::run(
            self.surface.as_ref(),
            &self.start,
            opt.as_mut(),
            sched.as_mut(),
            &self.config,
        )
    }

    /// Runs every optimizer and ranks them (see [`race::race`]).
    pub fn race(&self) -> Result<Vec<Entry>> {
        race::race(self)
    }

    fn optimizer(&self, i: usize) -> Result<&Spec> {
        Ok(self.optimizers.get(i).ok_or_else(|| Error::OutOfRange {
            owner: String::new(),
            key: "optimizer index".into(),
            value: i as f64,
            allowed: format!(
                "0 ≤ optimizer index ≤ {}",
                self.optimizers.len().saturating_sub(1)
            ),
        })?)
    }
}

/// The `constant` schedule: the optimizer's own rate at every step.
fn constant() -> Spec {
    Spec::bare("constant")
}

/// Checks that a list holds 1 to [`MAX_OPTIMIZERS`] optimizers.
fn check_count(n: usize) -> Result<()> {
    if n == 0 {
        return Err(Box::new(Error::Missing {
            owner: String::new(),
            key: "at least one optimizer".into(),
            hint: None,
        }));
    }
    if n > MAX_OPTIMIZERS {
        return Err(Box::new(Error::TooMany {
            owner: String::new(),
            key: "the ;-list of optimizers".into(),
            count: n,
            max: MAX_OPTIMIZERS,
        }));
    }
    Ok(())
}

/// Builds the optimizer `optimizer` for `dim` parameters and the schedule `schedule`
/// on its rate and momentum; a schedule error is named after the optimizer
/// (`adagrad: cyclic: …`). The one place an optimizer and its schedule are made.
pub fn build_pair(
    optimizer: &Spec,
    schedule: &Spec,
    dim: usize,
) -> Result<(Box<dyn Optimizer>, Box<dyn Schedule>)> {
    let opt = optim::build(optimizer, dim)?;
    let sched = schedule::build(schedule, opt.lr(), opt.momentum())
        .map_err(|e| e.within(optimizer.to_string()))?;
    Ok((opt, sched))
}

/// Runs the optimizer `optimizer` under `schedule` on a surface the caller owns:
/// [`build_pair`] then [`run::run`].
pub fn run_spec(
    surface: &dyn Surface,
    start: &[f64],
    optimizer: &Spec,
    schedule: &Spec,
    cfg: &RunConfig,
) -> Result<Trajectory> {
    let (mut opt, mut sched) = build_pair(optimizer, schedule, surface.dim())?;
    run::run(surface, start, opt.as_mut(), sched.as_mut(), cfg)
}

/// Splits `"adam(lr=0.01); sgd(momentum=0.9)"` into 1 to [`MAX_OPTIMIZERS`] optimizer
/// specs ([`crate::core::spec::parse_list`]).
pub fn parse_list(text: &str) -> Result<Vec<Spec>> {
    crate::core::spec::parse_list(text, "optimizer", MAX_OPTIMIZERS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::run::Status;

    fn spec(text: &str) -> Spec {
        Spec::parse(text).unwrap()
    }

    #[test]
    fn builds_once_and_runs_each_optimizer() {
        let mut s = SetupSpec::new(
            spec("quadratic(a=1, b=10)"),
            parse_list("sgd(lr=0.1); adam(lr=0.1)").unwrap(),
        );
        s.start = Some(vec![1.0, 1.0]);
        s.config.steps = 3;
        let setup = RunSetup::from_specs(s).unwrap();
        assert_eq!(setup.start(), &[1.0, 1.0]);
        assert_eq!(setup.schedule(), &Spec::bare("constant"));
        let t = setup.run(0).unwrap();
        assert_eq!(t.len(), 4);
        assert!((t.point(1).unwrap()[0] - 0.9).abs() < 1e-15);
        // The recorded gradient is the one at each step's starting point.
        assert_eq!(t.gradient(1), Some(&[1.0, 10.0][..]));
        assert_eq!(t.gradient(0), None);
        assert_eq!(t.gradient(4), None);
        assert_eq!(setup.run(0).unwrap(), t, "a run is repeatable");
        assert_eq!(setup.race().unwrap().len(), 2);
        assert!(setup.run(2).is_err());
    }

    #[test]
    fn takes_the_default_start_and_checks_every_part() {
        let setup =
            RunSetup::from_specs(SetupSpec::new(spec("rosenbrock"), vec![spec("sgd")])).unwrap();
        assert_eq!(setup.start(), setup.surface().default_start().as_slice());
        let bad = |f: &dyn Fn(&mut SetupSpec)| {
            let mut s = SetupSpec::new(spec("rosenbrock"), vec![spec("sgd")]);
            f(&mut s);
            RunSetup::from_specs(s).unwrap_err().to_string()
        };
        assert_eq!(
            bad(&|s| s.start = Some(vec![1.0, 2.0, 3.0])),
            "start has 3 coordinates; rosenbrock takes 2"
        );
        assert_eq!(
            bad(&|s| s.start = Some(vec![1.0, f64::NAN])),
            "start must be finite numbers"
        );
        assert!(bad(&|s| s.surface = spec("volcano")).starts_with("unknown surface \"volcano\""));
        assert_eq!(
            bad(&|s| s.optimizers = vec![spec("adam(lr=-1)")]),
            "adam: lr = -1 is out of range; allowed: 0 ≤ lr"
        );
        assert_eq!(
            bad(&|s| s.optimizers.clear()),
            "at least one optimizer is required"
        );
        assert_eq!(
            bad(&|s| s.optimizers = vec![spec("sgd"); MAX_OPTIMIZERS + 1]),
            "the ;-list of optimizers has more than 12 entries"
        );
        assert!(bad(&|s| {
            s.optimizers = vec![spec("adagrad")];
            s.schedule = Some(spec("cyclic(base_lr=0.1, max_lr=1)"));
        })
        .starts_with("adagrad: cyclic: cycle_momentum=true"));
        assert_eq!(
            bad(&|s| s.config.clip_norm = Some(-1.0)),
            "clip_norm = -1 is out of range; allowed: 0 < clip_norm"
        );
        assert_eq!(
            bad(&|s| s.config.steps = 100_001),
            "steps = 100001 is out of range; allowed: 0 ≤ steps ≤ 100000"
        );
    }

    #[test]
    fn lists_split_on_semicolons() {
        assert_eq!(parse_list(" sgd ; adam(lr=1) ").unwrap().len(), 2);
        assert_eq!(
            parse_list("sgd;;adam").unwrap_err().to_string(),
            "optimizer 2 of the ;-separated list is empty at column 5 in \"sgd;;adam\""
        );
        assert!(parse_list(&["sgd"; MAX_OPTIMIZERS].join(";")).is_ok());
        assert!(parse_list(&["sgd"; MAX_OPTIMIZERS + 1].join(";")).is_err());
        assert!(parse_list("sgd; adam(").is_err());
    }

    #[test]
    fn a_diverging_run_is_a_trajectory_not_an_error() {
        let mut s = SetupSpec::new(spec("quadratic"), vec![spec("sgd(lr=3)")]);
        s.config.steps = 5000;
        let t = RunSetup::from_specs(s).unwrap().run(0).unwrap();
        assert_eq!(t.status, Status::Diverged);
        assert_eq!(t.grad.len(), (t.len() - 1) * 2);
    }
}
