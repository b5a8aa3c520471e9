//! The convergence map's batched kernel in headless Chromium: there `f64::mul_add` is the
//! emulated `fma` (`core::fma`) and the kernel's own copy of it takes its fast path
//! inline (two lanes at once on 2-D surfaces, `core::fma::pair`), so each cell is held
//! to the single run of its setting, to the bit, and the two-lane `fma` to the scalar one.
#![cfg(target_arch = "wasm32")]

use gdz::core::map::{bench_spec, Axis, Map};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_kernel_cell_equals_its_single_run_in_the_browser() {
    let mut compared = 0;
    // Every branch of the kernels' steps: decay, dampening, Nesterov, centered.
    let opts = [
        "sgd",
        "sgd(momentum=0.5, dampening=0.3)",
        "sgd(nesterov=true, weight_decay=0.01)",
        "adam",
        "adam(beta1=0.3, weight_decay=0.01)",
        "rmsprop",
        "rmsprop(centered=true, weight_decay=0.01)",
    ];
    for opt in opts {
        let mut spec = bench_spec(opt.split('(').next().unwrap_or(opt));
        spec.optimizer = gdz::core::spec::Spec::parse(opt).unwrap();
        if opt.contains("nesterov") {
            // Nesterov needs a momentum.
            spec.y = spec.y.map(|y| Axis { lo: 0.1, ..y });
        }
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
    assert_eq!(compared, opts.len() * 96);
}

/// A random double: sign, exponent in `[lo, hi]` (−1023: zero or subnormal; 1024: ∞ or
/// NaN), random significand bits.
fn any(rng: &mut gdz::core::rng::Rng, lo: i32, hi: i32) -> f64 {
    let e = lo + (rng.next_u64() % (hi - lo + 1) as u64) as i32;
    let m = rng.next_u64() >> 12;
    let s = rng.next_u64() >> 63;
    f64::from_bits((s << 63) | (((e + 1023) as u64) << 52) | m)
}

#[wasm_bindgen_test]
fn two_lane_fma_equals_the_scalar_one_in_each_lane() {
    use core::arch::wasm32::{f64x2, f64x2_extract_lane};
    use gdz::core::fma::{fma, pair};
    let mut rng = gdz::core::rng::Rng::new(5);
    let same =
        |got: f64, want: f64| got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan());
    let specials = [
        0.0,
        -0.0,
        5e-324,
        f64::MIN_POSITIVE,
        1e-300,
        1.0,
        3.0,
        1e300,
        f64::MAX,
        f64::INFINITY,
        f64::NAN,
    ];
    let mut lanes = Vec::new();
    for k in 0..200_000u32 {
        let (a, b) = match k % 4 {
            // Across the whole range, the fast path's edges included.
            0 => (any(&mut rng, -1023, 1024), any(&mut rng, -1023, 1024)),
            1 => (
                specials[k as usize / 4 % specials.len()],
                any(&mut rng, -40, 40),
            ),
            _ => (any(&mut rng, -40, 40), any(&mut rng, -500, 500)),
        };
        let c = match k % 5 {
            0 => -(a * b),
            1 => -(a * b) * (1.0 + (rng.uniform() - 0.5) * 1e-12),
            2 => any(&mut rng, -1023, 1024),
            3 => specials[k as usize / 5 % specials.len()],
            _ => a * b * any(&mut rng, -60, 60),
        };
        lanes.push((a, b, c));
    }
    // Each triple beside the next (one lane may take the fast path and the other not).
    for w in lanes.windows(2) {
        let [(a0, b0, c0), (a1, b1, c1)] = [w[0], w[1]];
        let got = pair::fma(f64x2(a0, a1), f64x2(b0, b1), f64x2(c0, c1));
        let fixed = pair::Fixed2::new(a0).fma(f64x2(b0, b1), f64x2(c0, c1));
        let (g0, g1) = (f64x2_extract_lane::<0>(got), f64x2_extract_lane::<1>(got));
        let (f0, f1) = (
            f64x2_extract_lane::<0>(fixed),
            f64x2_extract_lane::<1>(fixed),
        );
        assert!(same(g0, fma(a0, b0, c0)), "fma({a0:e}, {b0:e}, {c0:e})");
        assert!(same(g1, fma(a1, b1, c1)), "fma({a1:e}, {b1:e}, {c1:e})");
        assert!(same(f0, fma(a0, b0, c0)), "Fixed2({a0:e}): {b0:e}, {c0:e}");
        assert!(same(f1, fma(a0, b1, c1)), "Fixed2({a0:e}): {b1:e}, {c1:e}");
    }
}
