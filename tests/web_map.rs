//! The convergence map's batched kernel in headless Chromium: there `f64::mul_add` is the
//! emulated `fma` (`core::fma`) and the kernel's own copy of it takes its fast path
//! inline, so each cell is held to the single run of its setting, to the bit.
#![cfg(target_arch = "wasm32")]

use gdz::core::map::{bench_spec, Axis, Map};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_kernel_cell_equals_its_single_run_in_the_browser() {
    let mut compared = 0;
    for opt in ["sgd", "sgd(momentum=0.5, dampening=0.3)", "adam", "rmsprop"] {
        let mut spec = bench_spec(opt.split('(').next().unwrap_or(opt));
        spec.optimizer = gdz::core::spec::Spec::parse(opt).unwrap();
        // 12 × 8 cells of the benchmark's 300-step runs: all three endings occur.
        let n = |a: &Axis, n| Axis { n, ..a.clone() };
        spec.x = n(&spec.x, 12);
        spec.y = spec.y.as_ref().map(|y| n(y, 8));
        let m = Map::new(spec).unwrap();
        let cells = m.run_all().unwrap().cells;
        for (i, cell) in cells.iter().enumerate() {
            let s = m.cell_spec(i);
            let t = m.single_run(&s).unwrap();
            assert_eq!(cell.status, t.status, "{s}");
            assert_eq!(cell.converged_at, t.converged_at, "{s}");
            let last = t.loss.last().copied().unwrap_or(f64::NAN);
            assert_eq!(cell.final_loss.to_bits(), last.to_bits(), "{s}");
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * 96);
}
