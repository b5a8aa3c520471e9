//! The float64 PyTorch network trainings of tests/fixtures/torch_network.json (written by
//! tests/torch/network.py), read the same way by `core_nn_torch.rs` (the trainer) and
//! `cli_nn.rs` (the `gdz train` binary), and the tolerance both hold them to.
#![allow(dead_code)]

use gdz::core::nn::Weights;
use serde::Deserialize;

/// The fixture file.
#[derive(Deserialize)]
pub struct Fixture {
    /// The torch version that wrote it.
    pub torch: String,
    pub cases: Vec<Case>,
}

/// One training: its set-up, data and initial weights, and what torch recorded.
#[derive(Deserialize)]
pub struct Case {
    pub name: String,
    pub widths: Vec<usize>,
    pub activation: String,
    pub loss: String,
    pub batch: usize,
    pub accumulate: usize,
    pub shuffle: bool,
    pub clip_norm: Option<f64>,
    pub clip_value: Option<f64>,
    pub seed: u64,
    pub epochs: u64,
    pub optimizer: String,
    pub schedule: Option<String>,
    pub x: Vec<Vec<f64>>,
    pub y: Vec<f64>,
    pub init: Weights,
    pub loss_per_step: Vec<f64>,
    pub grad_norm: Vec<f64>,
    pub lr: Vec<f64>,
    #[serde(rename = "final")]
    pub final_weights: Weights,
}

/// The fixture, parsed.
pub fn fixture() -> Fixture {
    serde_json::from_str(include_str!("../fixtures/torch_network.json")).unwrap()
}

/// Relative tolerance against torch.
pub const TOL: f64 = 1e-9;

/// Asserts that `got` matches torch's `want` (to [`TOL`] relative, or 1e-15 absolute
/// near zero); returns the relative difference.
pub fn close(what: &str, got: f64, want: f64) -> f64 {
    let d = (got - want).abs();
    assert!(
        d <= TOL * want.abs().max(got.abs()) || d <= 1e-15,
        "{what}: {got} vs torch {want} (relative {})",
        d / want.abs()
    );
    if d == 0.0 {
        0.0
    } else {
        d / want.abs().max(got.abs())
    }
}
