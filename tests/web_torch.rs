//! Replays the float64 PyTorch reference in headless Chromium (see `torch/replay.rs`):
//! the wasm build takes sin, exp, pow and the rest from the browser's `Math`, so this is
//! where that libm is held to torch's numbers.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "torch/replay.rs"]
mod replay;

#[wasm_bindgen_test]
fn optimizer_runs_match_torch_step_for_step_in_the_browser() {
    let t = replay::optimizer_runs();
    assert!(t.values > 8_000, "{} values", t.values);
    console_log!(
        "optimizer runs: {} values compared, {} bit-identical to torch",
        t.values,
        t.exact
    );
}

#[wasm_bindgen_test]
fn schedules_match_torch_step_for_step_in_the_browser() {
    let t = replay::schedules();
    assert!(t.values > 2_000, "{} values", t.values);
    console_log!(
        "schedules: {} values compared, {} bit-identical to torch",
        t.values,
        t.exact
    );
}
