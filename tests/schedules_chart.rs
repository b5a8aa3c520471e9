//! The schedules widget draws `schedule::lrs` of a schedule built on the base rate with
//! momentum available; these are exactly the rates a run takes, step by step.

use gdz::core::optim;
use gdz::core::run::{run, RunConfig};
use gdz::core::schedule;
use gdz::core::spec::Spec;
use gdz::core::surface;

#[test]
fn charted_rates_are_the_rates_a_run_uses() {
    // The schedules of lesson 11, over its 200 steps, with its base rate 0.1.
    let specs = [
        "constant",
        "step(step_size=60, gamma=0.1)",
        "multistep(milestones=[100,150], gamma=0.1)",
        "exponential(gamma=0.98)",
        "cosine(t_max=200)",
        "cosine_restarts(t_0=50, t_mult=2)",
        "cyclic(base_lr=0.01, max_lr=0.1, step_size_up=25)",
        "onecycle(max_lr=0.1, total_steps=200)",
        "warmup_linear(warmup_steps=20, total_steps=200, start_factor=0.01)",
        "warmup_cosine(warmup_steps=20, total_steps=200, start_factor=0.01)",
    ];
    let s = surface::build(&Spec::parse("quadratic(a=1, b=2)").unwrap()).unwrap();
    let cfg = RunConfig {
        steps: 200,
        ..RunConfig::default()
    };
    for text in specs {
        let spec = Spec::parse(text).unwrap();
        let mut charted = schedule::build(&spec, 0.1, Some(0.9)).unwrap();
        let chart = schedule::lrs(charted.as_mut(), 200);
        assert_eq!(chart.len(), 201);
        let mut o = optim::build(&Spec::parse("sgd(lr=0.1, momentum=0.9)").unwrap(), 2).unwrap();
        let mut sc = schedule::build(&spec, o.lr(), o.momentum()).unwrap();
        let t = run(s.as_ref(), &[0.9, 0.8], o.as_mut(), sc.as_mut(), &cfg).unwrap();
        assert_eq!(t.lr.len(), 200, "{text}");
        assert_eq!(&chart[..200], t.lr.as_slice(), "{text}");
    }
    // What lesson 11 says about them.
    let lr = |text: &str, t: usize| {
        let mut s = schedule::build(&Spec::parse(text).unwrap(), 0.1, Some(0.9)).unwrap();
        schedule::lrs(s.as_mut(), 200)[t]
    };
    let restarts = "cosine_restarts(t_0=50, t_mult=2)";
    assert!(lr(restarts, 49) < 1e-3 && lr(restarts, 50) == 0.1);
    assert!(lr(restarts, 149) < 1e-3 && lr(restarts, 150) == 0.1);
    assert!(lr(restarts, 100) > 0.04 && lr(restarts, 100) < 0.06);
    let cycle = "onecycle(max_lr=0.1, total_steps=200)";
    assert!((lr(cycle, 0) - 0.1 / 25.0).abs() < 1e-12);
    assert!((lr(cycle, 59) - 0.1).abs() < 1e-12);
}
