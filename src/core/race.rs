//! Races: several optimizers from one start on one surface with the same budget.

use super::error::Result;
use super::run::{RunConfig, Status, Trajectory};
pub use super::setup::parse_list;
use super::setup::{run_spec, RunSetup};
use super::spec::Spec;
use super::surface::Surface;

/// One optimizer's result in a race.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    /// The optimizer spec, written back in canonical form.
    pub spec: String,
    /// The optimizer's name, e.g. `adam`.
    pub name: String,
    /// The loss at the last point reached (none when it is not finite).
    #[serde(serialize_with = "super::commands::finite::num")]
    pub final_loss: f64,
    /// The last point reached.
    #[serde(serialize_with = "super::commands::finite::seq")]
    pub final_point: Vec<f64>,
    /// The step from which the run stayed within tolerance of the minimum, if it did.
    pub converged_at: Option<usize>,
    /// Steps actually taken (fewer than the budget only when the run diverged).
    pub steps_taken: usize,
    /// How the run ended.
    pub status: Status,
    /// 1 for the winner: converged runs first (fewest steps), then the rest by final
    /// loss, diverged runs last; ties keep the given order.
    pub rank: usize,
    /// The whole run.
    #[serde(skip)]
    pub trajectory: Trajectory,
}

/// Runs each of `optimizers` (each with a fresh copy of `schedule`) on `surface` from
/// `start`: the runs of a race, in the order given (the race widget's runs; [`race`]
/// ranks them).
pub fn runs(
    surface: &dyn Surface,
    start: &[f64],
    optimizers: &[Spec],
    schedule: &Spec,
    cfg: &RunConfig,
) -> Result<Vec<Trajectory>> {
    optimizers
        .iter()
        .map(|o| run_spec(surface, start, o, schedule, cfg))
        .collect()
}

/// Runs every optimizer of `setup` (each with a fresh copy of its schedule) and ranks
/// them. A run that blows up is a diverged entry, not an error.
pub fn race(setup: &RunSetup) -> Result<Vec<Entry>> {
    let trajectories = runs(
        setup.surface(),
        setup.start(),
        setup.optimizers(),
        setup.schedule(),
        setup.config(),
    )?;
    let mut out = Vec::with_capacity(trajectories.len());
    for (spec, t) in setup.optimizers().iter().zip(trajectories) {
        out.push(Entry {
            spec: spec.to_string(),
            name: spec.name.clone(),
            final_loss: t.loss.last().copied().unwrap_or(f64::NAN),
            final_point: t.last().map(<[f64]>::to_vec).unwrap_or_default(),
            converged_at: t.converged_at,
            steps_taken: t.lr.len(),
            status: t.status,
            rank: 0,
            trajectory: t,
        });
    }
    rank(&mut out);
    Ok(out)
}

fn rank(entries: &mut [Entry]) {
    let standings: Vec<Standing> = entries
        .iter()
        .map(|e| Standing {
            status: e.status,
            converged_at: e.converged_at,
            loss: e.final_loss,
        })
        .collect();
    for (e, r) in entries.iter_mut().zip(ranks(&standings)) {
        e.rank = r;
    }
}

/// Where one run stands at some step of a race.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// `Converged` once the run has converged, `Diverged` once it has failed,
    /// `MaxSteps` otherwise (still running, or out of steps).
    pub status: Status,
    /// The step it converged at, once it has.
    pub converged_at: Option<usize>,
    /// The loss at that step (the last finite one for a diverged run).
    pub loss: f64,
}

/// Where the run `t` stands after `k` steps (the race's timeline at step `k`): a
/// diverged run counts as diverged from the step that failed, a converged one as
/// converged from the step it converged at.
pub fn standing_at(t: &Trajectory, k: usize) -> Standing {
    let last = t.len().saturating_sub(1);
    let converged_at = t.converged_at.filter(|c| *c <= k);
    let status = if converged_at.is_some() {
        Status::Converged
    } else if t.status == Status::Diverged && k > last {
        Status::Diverged
    } else {
        Status::MaxSteps
    };
    Standing {
        status,
        converged_at,
        loss: t.loss.get(k.min(last)).copied().unwrap_or(f64::NAN),
    }
}

/// The indices `0..n` ordered by `cmp`, keeping the given order among equals. An
/// insertion sort: a race has a handful of racers, and it keeps the browser's module
/// small.
pub fn order_by(n: usize, cmp: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        let at = order
            .iter()
            .rposition(|&j| cmp(j, i) != std::cmp::Ordering::Greater)
            .map_or(0, |p| p + 1);
        order.insert(at, i);
    }
    order
}

/// The rank of each standing, 1 for the winner: converged runs first (fewest steps),
/// then the rest by loss (NaN last), diverged runs last; ties keep the given order.
pub fn ranks(standings: &[Standing]) -> Vec<usize> {
    let key = |s: &Standing| {
        let class = match s.status {
            Status::Converged => 0u8,
            Status::MaxSteps => 1,
            Status::Diverged => 2,
        };
        let steps = s.converged_at.unwrap_or(usize::MAX);
        let loss = if s.loss.is_nan() {
            f64::INFINITY
        } else {
            s.loss
        };
        (class, steps, loss)
    };
    let order = order_by(standings.len(), |a, b| {
        match (standings.get(a).map(key), standings.get(b).map(key)) {
            (Some(ka), Some(kb)) => {
                ka.0.cmp(&kb.0)
                    .then(ka.1.cmp(&kb.1))
                    .then(ka.2.total_cmp(&kb.2))
            }
            _ => std::cmp::Ordering::Equal,
        }
    });
    let mut out = vec![0; standings.len()];
    for (r, i) in order.into_iter().enumerate() {
        if let Some(slot) = out.get_mut(i) {
            *slot = r + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::limits::MAX_OPTIMIZERS;
    use crate::core::run::RunConfig;
    use crate::core::setup::SetupSpec;
    use crate::core::spec::Spec;

    fn go(
        surface: &str,
        start: &[f64],
        optimizers: &str,
        schedule: Option<&str>,
        steps: usize,
    ) -> Result<Vec<Entry>> {
        let setup = RunSetup::from_specs(SetupSpec {
            surface: Spec::parse(surface)?,
            start: Some(start.to_vec()),
            optimizers: parse_list(optimizers)?,
            schedule: schedule.map(Spec::parse).transpose()?,
            config: RunConfig {
                steps,
                ..RunConfig::default()
            },
        })?;
        race(&setup)
    }

    #[test]
    fn ranks_converged_then_by_loss_then_diverged() {
        let e = go(
            "quadratic(a=1, b=10)",
            &[1.0, 1.0],
            "sgd(lr=0.001); sgd(lr=0.25); sgd(lr=0.1, momentum=0.5); sgd(lr=0.19)",
            None,
            300,
        )
        .unwrap();
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].status, Status::MaxSteps);
        assert_eq!(e[1].status, Status::Diverged);
        assert!(e[1].steps_taken < 300);
        assert_eq!(e[2].status, Status::Converged);
        assert_eq!(e[3].status, Status::Converged);
        let (a, b) = (e[2].converged_at.unwrap(), e[3].converged_at.unwrap());
        let (first, second) = if a < b { (2, 3) } else { (3, 2) };
        assert_eq!(
            (e[first].rank, e[second].rank, e[0].rank, e[1].rank),
            (1, 2, 3, 4)
        );
        assert_eq!(e[2].spec, "sgd(lr=0.1, momentum=0.5)");
        assert_eq!(e[2].final_point.len(), 2);
    }

    #[test]
    fn bad_lists_and_specs_are_errors() {
        assert!(parse_list("sgd;;adam").is_err());
        assert!(parse_list(&["sgd"; MAX_OPTIMIZERS + 1].join(";")).is_err());
        assert!(go("rosenbrock", &[0.0, 0.0], "adam(lr=-1)", None, 100).is_err());
        let e = go(
            "rosenbrock",
            &[0.0, 0.0],
            "adagrad",
            Some("cyclic(base_lr=0.1, max_lr=1)"),
            100,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("adagrad: cyclic"), "{e}");
    }

    #[test]
    fn standings_follow_the_timeline() {
        let e = go(
            "quadratic(a=1, b=10)",
            &[-1.5, 1.2],
            "sgd(lr=0.18); sgd(lr=0.25); sgd(lr=0.01)",
            None,
            100,
        )
        .unwrap();
        let (conv, div, slow) = (&e[0].trajectory, &e[1].trajectory, &e[2].trajectory);
        let c = conv.converged_at.unwrap();
        assert_eq!(standing_at(conv, c - 1).status, Status::MaxSteps);
        assert_eq!(standing_at(conv, c).status, Status::Converged);
        assert_eq!(standing_at(conv, c).converged_at, Some(c));
        assert_eq!(standing_at(conv, c).loss, conv.loss[c]);
        let last = div.len() - 1;
        assert!(last < 100);
        assert_eq!(standing_at(div, last).status, Status::MaxSteps);
        assert_eq!(standing_at(div, last + 1).status, Status::Diverged);
        assert_eq!(standing_at(div, 1000).loss, div.loss[last]);
        assert!(standing_at(div, 1000).loss.is_finite());
        // At step 0 all three stand at the start's loss: ties keep the given order.
        let at = |k| -> Vec<usize> {
            let v: Vec<Standing> = [conv, div, slow]
                .iter()
                .map(|t| standing_at(t, k))
                .collect();
            ranks(&v)
        };
        assert_eq!(at(0), vec![1, 2, 3]);
        // At the end: converged first, the slow run next, the diverged one last; the
        // same as the race's own ranking.
        assert_eq!(at(100), vec![1, 3, 2]);
        assert_eq!(at(100), e.iter().map(|x| x.rank).collect::<Vec<_>>());
        let nan = Standing {
            status: Status::MaxSteps,
            converged_at: None,
            loss: f64::NAN,
        };
        let one = Standing { loss: 1.0, ..nan };
        assert_eq!(ranks(&[nan, one]), vec![2, 1]);
        // Stable: equal keys keep their order.
        let keys = [3, 1, 2, 1, 3, 0];
        assert_eq!(
            order_by(6, |a, b| keys[a].cmp(&keys[b])),
            vec![5, 1, 3, 2, 0, 4]
        );
        assert_eq!(
            order_by(6, |a, b| keys[b].cmp(&keys[a])),
            vec![0, 4, 2, 1, 3, 5]
        );
        assert!(order_by(0, |_, _| std::cmp::Ordering::Less).is_empty());
    }
}
