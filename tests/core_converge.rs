//! Optimizers × surfaces that must converge: each row runs one optimizer (with a
//! schedule where a constant rate cannot settle) and must end `converged`, within its
//! step budget, close to one of the surface's known minima.
#![cfg(not(target_arch = "wasm32"))]

use gdz::core::run::{run, RunConfig, Status};
use gdz::core::spec::Spec;
use gdz::core::{optim, schedule, surface};

/// (surface, start or "" for the default, optimizer, schedule, steps, clip_norm).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    Option<f64>,
);

const BOWL: &str = "quadratic(a=1, b=10)";
const C2K: &str = "cosine(t_max=2000)";
const C3K: &str = "cosine(t_max=3000)";
const C5K: &str = "cosine(t_max=5000)";
const C10K: &str = "cosine(t_max=10000)";
const C20K: &str = "cosine(t_max=20000)";

const TABLE: &[Row] = &[
    // An elongated bowl (condition number 10).
    (BOWL, "", "sgd(lr=0.1)", "constant", 1000, None),
    (
        BOWL,
        "",
        "sgd(lr=0.02, momentum=0.9)",
        "constant",
        1000,
        None,
    ),
    (
        BOWL,
        "",
        "sgd(lr=0.02, momentum=0.9, nesterov=true)",
        "constant",
        1000,
        None,
    ),
    (BOWL, "", "adagrad(lr=0.5)", "constant", 1000, None),
    (BOWL, "", "adam(lr=0.05)", "constant", 1000, None),
    (BOWL, "", "adamw(lr=0.05)", "constant", 1000, None),
    (BOWL, "", "nadam(lr=0.05)", "constant", 1000, None),
    (BOWL, "", "radam(lr=0.05)", "constant", 1000, None),
    (BOWL, "", "adamax(lr=0.05)", "constant", 1000, None),
    (BOWL, "", "sophia(lr=0.05)", "constant", 1000, None),
    (BOWL, "", "rmsprop(lr=0.01)", C2K, 2000, None),
    (BOWL, "", "adadelta(lr=1)", C2K, 2000, None),
    (BOWL, "", "lion(lr=0.02)", C2K, 2000, None),
    (
        BOWL,
        "",
        "sgd(lr=0.1)",
        "onecycle(max_lr=0.15, total_steps=300)",
        300,
        None,
    ),
    (
        BOWL,
        "",
        "adam(lr=0.05)",
        "warmup_cosine(warmup_steps=30, total_steps=600)",
        600,
        None,
    ),
    (
        BOWL,
        "",
        "sgd(lr=0.05, momentum=0.9)",
        "cyclic(base_lr=0.01, max_lr=0.1, step_size_up=20)",
        600,
        None,
    ),
    (BOWL, "", "sgd(lr=0.19)", "plateau(patience=5)", 600, None),
    // Rosenbrock's valley.
    ("rosenbrock", "", "sgd(lr=0.002)", C20K, 20000, None),
    (
        "rosenbrock",
        "",
        "sgd(lr=0.001, momentum=0.9)",
        C20K,
        20000,
        None,
    ),
    (
        "rosenbrock",
        "",
        "sgd(lr=0.001, momentum=0.9, nesterov=true)",
        C20K,
        20000,
        None,
    ),
    ("rosenbrock", "", "rmsprop(lr=0.001)", C20K, 20000, None),
    ("rosenbrock", "", "adadelta(lr=1)", C20K, 20000, None),
    ("rosenbrock", "", "adam(lr=0.01)", C20K, 20000, None),
    (
        "rosenbrock",
        "",
        "adamw(lr=0.01, weight_decay=0)",
        C20K,
        20000,
        None,
    ),
    ("rosenbrock", "", "nadam(lr=0.01)", C20K, 20000, None),
    ("rosenbrock", "", "radam(lr=0.005)", C20K, 20000, None),
    ("rosenbrock", "", "adamax(lr=0.01)", C20K, 20000, None),
    ("rosenbrock", "", "lion(lr=0.001)", C20K, 20000, None),
    // Himmelblau (any of the four minima).
    ("himmelblau", "", "sgd(lr=0.01)", C3K, 3000, None),
    ("himmelblau", "", "adagrad(lr=0.5)", C3K, 3000, None),
    ("himmelblau", "", "rmsprop(lr=0.01)", C3K, 3000, None),
    ("himmelblau", "", "adadelta(lr=5)", C3K, 3000, None),
    ("himmelblau", "", "adam(lr=0.05)", C3K, 3000, None),
    ("himmelblau", "", "nadam(lr=0.05)", C3K, 3000, None),
    ("himmelblau", "", "radam(lr=0.05)", C3K, 3000, None),
    ("himmelblau", "", "adamax(lr=0.05)", C3K, 3000, None),
    ("himmelblau", "", "lion(lr=0.01)", C3K, 3000, None),
    (
        "himmelblau",
        "",
        "sophia(lr=0.02, weight_decay=0)",
        C3K,
        3000,
        None,
    ),
    // The others.
    ("beale", "", "adam(lr=0.05)", C5K, 5000, None),
    ("beale", "", "sgd(lr=0.001, momentum=0.9)", C5K, 5000, None),
    ("regression", "", "sgd(lr=0.01)", "constant", 10000, None),
    (
        "regression",
        "",
        "sgd(lr=0.05, momentum=0.5)",
        C10K,
        10000,
        None,
    ),
    ("regression", "", "adam(lr=0.05)", C10K, 10000, None),
    ("quartic", "3", "sgd(lr=0.01)", "constant", 3000, None),
    ("quartic", "3", "adam(lr=0.05)", C3K, 3000, None),
    ("cliff", "", "sgd(lr=0.1)", "constant", 400, Some(1.0)),
    ("plateau", "", "adam(lr=0.05)", C3K, 3000, None),
    ("plateau", "", "rmsprop(lr=0.01)", C3K, 3000, None),
    ("rastrigin", "0.2,-0.3", "sgd(lr=0.001)", C3K, 3000, None),
    ("rastrigin", "0.2,-0.3", "adam(lr=0.01)", C3K, 3000, None),
    ("ackley", "0.3,-0.2", "sgd(lr=0.01)", C3K, 3000, None),
    ("ackley", "0.3,-0.2", "adam(lr=0.01)", C3K, 3000, None),
];

#[test]
fn every_row_converges_near_a_known_minimum() {
    let mut failures = Vec::new();
    for &(surf, start, opt, sched, steps, clip_norm) in TABLE {
        let s = surface::build(&Spec::parse(surf).unwrap()).unwrap();
        let start: Vec<f64> = if start.is_empty() {
            s.default_start()
        } else {
            start.split(',').map(|x| x.parse().unwrap()).collect()
        };
        let mut o = optim::build(&Spec::parse(opt).unwrap(), s.dim()).unwrap();
        let mut sc = schedule::build(&Spec::parse(sched).unwrap(), o.lr(), o.momentum()).unwrap();
        let cfg = RunConfig {
            steps,
            clip_norm,
            ..RunConfig::default()
        };
        let t = run(s.as_ref(), &start, o.as_mut(), sc.as_mut(), &cfg).unwrap();
        let last = t.last().unwrap().to_vec();
        let near = s
            .minima()
            .iter()
            .any(|m| m.iter().zip(&last).all(|(a, b)| (a - b).abs() < 2e-3));
        if t.status != Status::Converged || !near {
            failures.push(format!(
                "{surf} / {opt} / {sched}: {:?} at {:?}, ended at {last:?} (loss {})",
                t.status,
                t.converged_at,
                t.loss.last().unwrap()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_covers_every_optimizer_and_surface() {
    for name in optim::NAMES {
        assert!(TABLE.iter().any(|r| r.2.starts_with(name)), "{name}");
    }
    for name in surface::NAMES {
        let has_min = !surface::build(&Spec::bare(name))
            .unwrap()
            .minima()
            .is_empty();
        let listed = TABLE.iter().any(|r| r.0.starts_with(name));
        assert!(listed || !has_min, "{name} has a minimum but no row");
    }
}

#[test]
fn plain_descent_stalls_where_the_lessons_say_it_does() {
    // Plateau: SGD barely moves in 3000 steps from the default start.
    let go = |surf: &str, start: &[f64], opt: &str, steps: usize| {
        let s = surface::build(&Spec::parse(surf).unwrap()).unwrap();
        let mut o = optim::build(&Spec::parse(opt).unwrap(), s.dim()).unwrap();
        let mut sc = schedule::build(&Spec::bare("constant"), o.lr(), None).unwrap();
        let cfg = RunConfig {
            steps,
            ..RunConfig::default()
        };
        run(s.as_ref(), start, o.as_mut(), sc.as_mut(), &cfg).unwrap()
    };
    let t = go("plateau", &[-3.5, 0.5], "sgd(lr=0.1)", 3000);
    assert_eq!(t.status, Status::MaxSteps);
    assert!(t.loss.last().unwrap() > &0.99);
    // Quartic from the left: creeps towards the flat inflection at 0, never past it.
    let t = go("quartic", &[-0.5], "sgd(lr=0.01)", 5000);
    let x = t.last().unwrap()[0];
    assert!(x < 0.0 && x > -0.05, "{x}");
    // Saddle: started exactly on the ridge line, gradient descent stops at the saddle
    // point; a tiny offset grows and the run leaves the box.
    let t = go("saddle", &[-1.5, 0.0], "sgd(lr=0.1)", 500);
    assert_eq!(t.status, Status::Converged);
    assert!(t.last().unwrap()[0].abs() < 1e-6);
    let t = go("saddle", &[-1.5, 1e-3], "sgd(lr=0.1)", 5000);
    assert_eq!(t.status, Status::Diverged);
}
