//! Replays the float64 PyTorch reference natively (see `torch/replay.rs`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "torch/replay.rs"]
mod replay;

#[test]
fn optimizer_runs_match_torch_step_for_step() {
    let t = replay::optimizer_runs();
    eprintln!(
        "optimizer runs: {} values compared, {} bit-identical to torch",
        t.values, t.exact
    );
}

#[test]
fn schedules_match_torch_step_for_step() {
    let t = replay::schedules();
    eprintln!(
        "schedules: {} values compared, {} bit-identical to torch",
        t.values, t.exact
    );
}
