//! Compiled formulas, natively (Cranelift) and in headless Chromium (each generated
//! module loaded into this module's function table and called through a function
//! pointer): each gives the interpreter's value and gradient to the bit at ordinary,
//! zero, NaN, infinite and subnormal points, one point at a time and many in one call;
//! a surface built from a formula compiles on the way with the same numbers; kept code
//! is dropped and (in the browser) its table slots reused.

use gdz::core::expr::jit;
use gdz::core::expr::Formula;
use gdz::core::spec::Spec;
use gdz::core::surface;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

/// In the browser, hands the core the web layer's module loader.
fn setup() {
    #[cfg(target_arch = "wasm32")]
    gdz::web::register();
}

fn bits(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

const FORMULAS: &[&str] = &[
    "(1 - x)^2 + 100*(y - x^2)^2",
    "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    "x^4 - 3*x^3 + 2 + x^1 + x^0 + x^-2 + (x*y)^-3 + x^9 + y^8 + x^64",
    "-x + -(x*y) + 2 - y + y*3 + x/4 + 4/x + y/x + x/y + (x*y)/(x+y)",
    "min(x, y) + max(x, 2) + min(3, y*x) + max(x*y, y) + min(x*y, x - y) + max(y, x)",
    "sin(x) + cos(y) + tan(x/4) + exp(x/3) + log(2 + y^2) + sqrt(1 + x^2) + abs(x - y)",
    "tanh(x*y) + sinh(x/2) + cosh(y/2) + atan(x - y) + sigmoid(2*x) + softplus(y - x)",
    "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    "x*(y*(x*(y*(x + 1) + 1) + 1) + 1) - (x - (y - (x - (y - 1))))",
    "x",
    "7",
];

const POINTS: &[[f64; 2]] = &[
    [0.3, -0.7],
    [-1.2, 1.0],
    [0.0, 0.0],
    [-0.0, -0.0],
    [2.0, -2.0],
    [f64::NAN, 1.0],
    [1.0, f64::INFINITY],
    [f64::NEG_INFINITY, -1.0],
    [1e300, -1e-300],
    [5e-324, 2.0],
];

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn compiled_formulas_are_the_interpreter_to_the_bit() {
    setup();
    let mut count = 0;
    for text in FORMULAS {
        let f = Formula::parse(text, Some(2)).unwrap();
        let code = jit::compile(f.program(), 2).unwrap_or_else(|| panic!("{text} compiles"));
        for &[x, y] in POINTS {
            let want = f.program().run_dual(x, y, &mut Vec::new());
            let got = code.dual(x, y);
            assert!(
                bits(got.v, want.v),
                "{text} at ({x}, {y}): {got:?} vs {want:?}"
            );
            for (a, b) in got.g.iter().zip(want.g) {
                assert!(bits(*a, b), "{text} at ({x}, {y}): {got:?} vs {want:?}");
            }
            count += 1;
        }
    }
    assert_eq!(count, FORMULAS.len() * POINTS.len());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn many_points_in_one_call_are_each_point_alone() {
    setup();
    for text in FORMULAS {
        for dim in [1, 2] {
            let f = Formula::parse(text, Some(2)).unwrap();
            let code = jit::compile(f.program(), dim).unwrap();
            let flat: Vec<f64> = POINTS
                .iter()
                .flat_map(|p| p.iter().take(dim))
                .copied()
                .collect();
            let n = POINTS.len();
            let (mut loss, mut grad) = (vec![7.0; n + 1], vec![7.0; n * dim + 2]);
            code.many(&flat, &mut loss, Some(&mut grad));
            let mut values = vec![7.0; n];
            code.many(&flat, &mut values, None);
            for (i, p) in flat.chunks_exact(dim).enumerate() {
                let y = if dim == 2 { p[1] } else { 0.0 };
                let want = code.dual(p[0], y);
                assert!(
                    bits(loss[i], want.v) && bits(values[i], want.v),
                    "{text} {p:?}"
                );
                for k in 0..dim {
                    assert!(bits(grad[i * dim + k], want.g[k]), "{text} {p:?} {k}");
                }
            }
            assert_eq!(loss[n], 7.0);
            assert_eq!(grad[n * dim..], [7.0, 7.0]);
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_formula_surface_compiles_on_the_way_and_slots_are_reused() {
    setup();
    let s = surface::build(&Spec::parse(r#"expr(f="x^2 + 3*y^2")"#).unwrap()).unwrap();
    let mut g = [0.0; 2];
    // Interpreted at first, compiled after `COMPILE_AFTER` points: the same numbers.
    for k in 0..(2 * jit::COMPILE_AFTER) {
        let x = f64::from(k) / 64.0;
        assert_eq!(s.value(&[x, 2.0]), x * x + 12.0);
        s.gradient(&[x, 2.0], &mut g);
        assert_eq!(g, [2.0 * x, 12.0]);
    }
    // More formulas than are kept: old ones are dropped and their slots reused, and
    // every one still computes its own function.
    for k in 0..(3 * jit::KEPT) {
        let text = format!("x^2 + {k}*y");
        let f = Formula::parse(&text, Some(2)).unwrap();
        let code = jit::compile(f.program(), 2).unwrap();
        let d = code.dual(3.0, 1.0);
        assert_eq!((d.v, d.g), (9.0 + k as f64, [6.0, k as f64]), "{text}");
    }
    let again = jit::compile(Formula::parse("x^2 + 1*y", Some(2)).unwrap().program(), 2).unwrap();
    assert_eq!(again.dual(1.0, 1.0).v, 2.0);
}
