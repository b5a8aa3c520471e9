//! Property tests: parsing, building and running never panic, whatever the input.
//! Bad values (NaN, ±inf, 1e308, negatives, garbage, huge step counts) must come back
//! as errors or as diverged runs, never as a panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use gdz::core::grid::grid;
use gdz::core::race::parse_list;
use gdz::core::run::{run, Noise, RunConfig, MAX_STEPS};
use gdz::core::schedule::{self, lrs};
use gdz::core::setup::{RunSetup, SetupSpec};
use gdz::core::spec::Spec;
use gdz::core::{optim, surface};

/// Numbers that break naive code.
fn nasty_num() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("5e-324".to_string()),
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("1".to_string()),
        Just("0.5".to_string()),
        Just("0.999999".to_string()),
        Just("1e10".to_string()),
        Just("18446744073709551616".to_string()),
        (-5i64..2000).prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        (-1e3f64..1e3).prop_map(|x| format!("{x}")),
    ]
}

fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => (0.0f64..1.0).prop_map(|x| format!("{x}")),
        2 => (1u32..200).prop_map(|x| x.to_string()),
        3 => nasty_num(),
        1 => Just("true".to_string()),
        1 => Just("false".to_string()),
        1 => prop::sample::select(vec!["cos", "linear", "triangular", "triangular2", "exp_range", "bogus"])
            .prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(|v| format!("[{}]", v.join(",")))
    })
}

/// The parameter names `name` reads (in any of the three families), plus unknown ones.
fn keys_of(name: &str) -> Vec<String> {
    let mut k: Vec<String> = Vec::new();
    for d in [surface::describe, optim::describe, schedule::describe] {
        if let Ok(info) = d(name) {
            k.extend(info.into_iter().map(|p| p.name));
        }
    }
    k.extend(["bogus", "lr"].map(str::to_string));
    k
}

/// The parameters `name` requires (no default).
fn required_of(name: &str) -> Vec<String> {
    let mut k: Vec<String> = Vec::new();
    for d in [surface::describe, optim::describe, schedule::describe] {
        if let Ok(info) = d(name) {
            k.extend(
                info.into_iter()
                    .filter(|p| p.default.is_none())
                    .map(|p| p.name),
            );
        }
    }
    k
}

/// `NAME(key=value, …)`: usually the required keys (mostly with whole numbers), then
/// up to two more keys `NAME` knows or does not, with mostly plausible, partly nasty
/// values.
fn spec_text(names: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(names).prop_flat_map(|n| {
        let req: Vec<String> = required_of(n);
        let req_vals = prop::collection::vec(
            prop_oneof![4 => (1u32..200).prop_map(|x| x.to_string()), 1 => value()],
            req.len(),
        );
        let extra = prop::collection::vec((prop::sample::select(keys_of(n)), value()), 0..3);
        (req_vals, extra, 0u8..10).prop_map(move |(rv, extra, drop)| {
            let mut args: Vec<String> = Vec::new();
            if drop > 0 {
                args.extend(req.iter().zip(&rv).map(|(k, v)| format!("{k}={v}")));
            }
            for (k, v) in extra {
                if !req.contains(&k) {
                    args.push(format!("{k}={v}"));
                }
            }
            if args.is_empty() {
                n.to_string()
            } else {
                format!("{n}({})", args.join(", "))
            }
        })
    })
}

fn start() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            4 => -10.0f64..10.0,
            1 => Just(0.0),
            1 => Just(1e300),
            1 => Just(-1e-300),
            1 => any::<f64>(),
        ],
        0..4,
    )
}

#[test]
fn generated_specs_often_build() {
    // Draw specs the way the properties do and count how many build, so the
    // properties exercise real optimizers, schedules and surfaces, not only errors.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let n = 400;
    let count =
        |runner: &mut TestRunner, names: &'static [&'static str], ok: &dyn Fn(&Spec) -> bool| {
            (0..n)
                .filter(|_| {
                    let t = spec_text(names).new_tree(runner).unwrap().current();
                    Spec::parse(&t).is_ok_and(|s| ok(&s))
                })
                .count()
        };
    let o = count(&mut runner, optim::NAMES, &|s| optim::build(s, 2).is_ok());
    let s = count(&mut runner, surface::NAMES, &|s| surface::build(s).is_ok());
    let c = count(&mut runner, schedule::NAMES, &|s| {
        schedule::build(s, 0.1, Some(0.9)).is_ok()
    });
    for (what, built) in [("optimizer", o), ("surface", s), ("schedule", c)] {
        assert!(built > n / 5, "only {built} of {n} {what} specs built");
        assert!(
            built < n,
            "every {what} spec built: the generator makes no bad ones"
        );
    }
}

proptest! {
    #[test]
    fn parsing_arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = Spec::parse(&s);
        let _ = parse_list(&s);
    }

    #[test]
    fn parsing_spec_like_text_never_panics(s in "[a-z_]{1,8}(\\([a-z_=0-9.,\\[\\] +eE-]{0,60}\\)?)?") {
        if let Ok(spec) = Spec::parse(&s) {
            // A parsed spec prints back to text that parses to the same spec.
            prop_assert_eq!(Spec::parse(&spec.to_string()).ok(), Some(spec));
        }
    }

    #[test]
    fn building_and_running_never_panics(
        surf in spec_text(surface::NAMES),
        opt in spec_text(optim::NAMES),
        sched in spec_text(schedule::NAMES),
        start in start(),
        steps in prop_oneof![0usize..300, Just(MAX_STEPS + 1), Just(usize::MAX)],
        clip_norm in prop::option::of(prop_oneof![Just(f64::NAN), Just(-1.0), Just(0.0), 0.01f64..10.0, Just(f64::INFINITY)]),
        clip_value in prop::option::of(prop_oneof![Just(f64::NAN), Just(1e308), 0.01f64..10.0]),
        noise in prop::option::of((prop_oneof![Just(f64::NAN), Just(-1.0), 0.0f64..5.0, Just(1e308)], 0u32..64, any::<u64>())),
        tol in prop_oneof![Just(1e-6), Just(0.0), Just(f64::NAN), Just(1e308)],
    ) {
        // Specs that do not build fall back to plain ones, so every case runs something.
        let s = Spec::parse(&surf)
            .and_then(|s| surface::build(&s))
            .or_else(|_| surface::build(&Spec::bare("rosenbrock")))
            .unwrap();
        let mut o = Spec::parse(&opt)
            .and_then(|o| optim::build(&o, s.dim()))
            .or_else(|_| optim::build(&Spec::bare("sgd"), s.dim()))
            .unwrap();
        let mut sc = Spec::parse(&sched)
            .and_then(|sc| schedule::build(&sc, o.lr(), o.momentum()))
            .or_else(|_| schedule::build(&Spec::bare("constant"), o.lr(), None))
            .unwrap();
        let cfg = RunConfig {
            steps,
            clip_norm,
            clip_value,
            noise: noise.map(|(sigma, batch, seed)| Noise { sigma, batch, seed }),
            tol,
        };
        match run(s.as_ref(), &start, o.as_mut(), sc.as_mut(), &cfg) {
            Ok(t) => {
                prop_assert!(steps <= MAX_STEPS);
                prop_assert_eq!(t.lr.len() + 1, t.len());
                prop_assert_eq!(t.grad_norm.len() + 1, t.len());
                prop_assert_eq!(t.points.len(), t.len() * s.dim());
                prop_assert!(t.len() <= steps + 1);
                prop_assert!(t.points.iter().all(|x| x.is_finite()));
                if t.status != gdz::core::run::Status::Diverged {
                    prop_assert_eq!(t.len(), steps + 1);
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = o.state();
    }

    #[test]
    fn schedules_never_panic_and_report_every_step(sched in spec_text(schedule::NAMES), lr in nasty_num(), n in 0usize..400) {
        let lr: f64 = lr.parse().unwrap_or(0.1);
        for m in [Some(0.9), None] {
            if let Ok(mut s) = Spec::parse(&sched).and_then(|sc| schedule::build(&sc, lr, m)) {
                prop_assert_eq!(lrs(s.as_mut(), n).len(), n + 1);
                let _ = s.momentum();
            }
        }
    }

    #[test]
    fn surfaces_and_grids_never_panic(
        surf in spec_text(surface::NAMES),
        p in prop::collection::vec(any::<f64>(), 2),
        nx in 0usize..40, ny in 0usize..40,
        b in prop::collection::vec(prop_oneof![-10.0f64..10.0, any::<f64>()], 4),
    ) {
        let Ok(s) = Spec::parse(&surf).and_then(|s| surface::build(&s)) else { return Ok(()) };
        let d = s.dim();
        let q = &p[..d];
        let (mut g, mut h) = (vec![0.0; d], vec![0.0; d * d]);
        let _ = s.value(q);
        s.gradient(q, &mut g);
        s.hessian(q, &mut h);
        let bounds = gdz::core::surface::Bounds::xy(b[0], b[1], b[2], b[3]);
        prop_assert_eq!(grid(s.as_ref(), &bounds, nx, ny).len(), nx * ny);
    }

    #[test]
    fn races_never_panic(
        surf in spec_text(surface::NAMES),
        opts in prop::collection::vec(spec_text(optim::NAMES), 0..4),
        sched in prop::option::of(spec_text(schedule::NAMES)),
        steps in 0usize..100,
    ) {
        let Ok(surface) = Spec::parse(&surf) else { return Ok(()) };
        let Ok(list) = parse_list(&opts.join(";")) else { return Ok(()) };
        let schedule = sched.and_then(|x| Spec::parse(&x).ok());
        let config = RunConfig { steps, ..RunConfig::default() };
        let setup = RunSetup::from_specs(SetupSpec {
            surface,
            start: None,
            optimizers: list.clone(),
            schedule,
            config,
        });
        if let Ok(entries) = setup.and_then(|s| s.race()) {
            prop_assert_eq!(entries.len(), list.len());
            let mut ranks: Vec<usize> = entries.iter().map(|e| e.rank).collect();
            ranks.sort();
            prop_assert_eq!(ranks, (1..=list.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_command_line_never_panics(
        cmd in prop::sample::select(vec!["trace", "schedule", "race", "list", "help", "nope", ""]),
        flags in prop::collection::vec(
            (prop::sample::select(vec!["--surface", "--optimizer", "--optimizers", "--start", "--steps",
                "--schedule", "--clip-norm", "--clip-value", "--noise", "--batch", "--seed", "--tol",
                "--lr", "--momentum", "--bogus", "x"]),
             prop_oneof![
                 spec_text(surface::NAMES), spec_text(optim::NAMES), spec_text(schedule::NAMES),
                 nasty_num(), Just("1,2".to_string()), Just("1,2,3".to_string()), Just("".to_string()),
                 Just("99999999999999999999".to_string()), Just("100001".to_string()),
             ]),
            0..7),
    ) {
        let mut args = vec![cmd.to_string()];
        for (k, v) in flags {
            args.push(k.to_string());
            args.push(v);
        }
        if let Ok(out) = gdz::cli::dispatch(&args) {
            if cmd != "help" {
                prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{}", out);
            }
        }
    }
}
