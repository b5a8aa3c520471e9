//! The browser's `Math` in place of the libm that the wasm would otherwise carry.
//!
//! On wasm32, `f64::sin`, `f64::powf` and the like call C symbols (`sin`, `pow`, …) that
//! `compiler_builtins` defines weakly with a software libm of its own (about 6 KB gzipped).
//! Strong definitions here forward them to the JavaScript engine's `Math`, which the page
//! has anyway, so core keeps calling `x.sin()` and stays free of web imports. Both are
//! accurate to within an ulp; neither is correctly rounded.

use js_sys::Math;

#[no_mangle]
extern "C" fn sin(x: f64) -> f64 {
    Math::sin(x)
}

#[no_mangle]
extern "C" fn cos(x: f64) -> f64 {
    Math::cos(x)
}

#[no_mangle]
extern "C" fn exp(x: f64) -> f64 {
    Math::exp(x)
}

#[no_mangle]
extern "C" fn pow(x: f64, y: f64) -> f64 {
    Math::pow(x, y)
}

#[no_mangle]
extern "C" fn log(x: f64) -> f64 {
    Math::log(x)
}

#[no_mangle]
extern "C" fn log10(x: f64) -> f64 {
    Math::log10(x)
}

#[no_mangle]
extern "C" fn log1p(x: f64) -> f64 {
    Math::log1p(x)
}

#[no_mangle]
extern "C" fn expm1(x: f64) -> f64 {
    Math::expm1(x)
}

#[no_mangle]
extern "C" fn tanh(x: f64) -> f64 {
    Math::tanh(x)
}

#[no_mangle]
extern "C" fn cosh(x: f64) -> f64 {
    Math::cosh(x)
}

#[no_mangle]
extern "C" fn hypot(x: f64, y: f64) -> f64 {
    Math::hypot(x, y)
}
