//! Replays the float64 PyTorch network runs of tests/fixtures/torch_network.json
//! (written by tests/torch/network.py) with gdz's trainer: same data, same initial
//! weights, same batches (the shuffle and Sophia's Hutchinson vectors come from the same
//! SplitMix64 streams on both sides). Every step's loss, gradient norm and learning rate,
//! and the final weights, must match torch's to 1e-9 relative.
#![cfg(not(target_arch = "wasm32"))]

use gdz::core::nn::{Dataset, Loss, Mlp, Split, TrainConfig, Trainer};
use gdz::core::spec::Spec;

#[path = "torch/network_fixture.rs"]
mod network_fixture;
use network_fixture::{close, fixture, TOL};

#[test]
fn network_training_matches_torch_step_for_step() {
    let fx = fixture();
    let mut compared = 0;
    let mut worst = 0.0f64;
    for c in &fx.cases {
        let widths: Vec<String> = c.widths.iter().map(|w| w.to_string()).collect();
        let mlp = Mlp::parse(&format!(
            "mlp(layers=[{}], activation={})",
            widths.join(","),
            c.activation
        ))
        .unwrap();
        let params = mlp.params_from(&c.init).unwrap();
        let train = Dataset {
            features: (0..c.widths[0]).map(|i| format!("x{i}")).collect(),
            target: "y".into(),
            x: c.x.concat(),
            y: c.y.clone(),
        };
        let test = train.rows(0..0);
        let cfg = TrainConfig {
            batch: c.batch,
            shuffle: c.shuffle,
            clip_norm: c.clip_norm,
            clip_value: c.clip_value,
            accumulate: c.accumulate,
            seed: c.seed,
            eval_every: 0,
        };
        let sched = c.schedule.as_deref().map(|s| Spec::parse(s).unwrap());
        let mut t = Trainer::from_specs(
            mlp.clone(),
            params,
            Loss::from_name(&c.loss).unwrap(),
            Split { train, test },
            &Spec::parse(&c.optimizer).unwrap(),
            sched.as_ref(),
            cfg,
        )
        .unwrap();
        let rec = gdz::core::nn::train(&mut t, c.epochs).unwrap();
        assert_eq!(rec.loss.len(), c.loss_per_step.len(), "{}: steps", c.name);
        for (k, (got, want)) in rec.loss.iter().zip(&c.loss_per_step).enumerate() {
            worst = worst.max(close(
                &format!("{} step {}: loss", c.name, k + 1),
                *got,
                *want,
            ));
            worst = worst.max(close(
                &format!("{} step {}: grad_norm", c.name, k + 1),
                rec.grad_norm[k],
                c.grad_norm[k],
            ));
            worst = worst.max(close(
                &format!("{} step {}: lr", c.name, k + 1),
                rec.lr[k],
                c.lr[k],
            ));
            compared += 3;
        }
        let got = mlp.params_from(&mlp.weights(&rec.params).unwrap()).unwrap();
        let want = mlp.params_from(&c.final_weights).unwrap();
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            worst = worst.max(close(&format!("{}: final parameter {i}", c.name), *g, *w));
            compared += 1;
        }
    }
    eprintln!(
        "{} cases, {compared} values matched torch {} to {TOL:e} (largest relative difference {worst:e})",
        fx.cases.len(),
        fx.torch
    );
}
