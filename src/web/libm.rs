//! The browser's `Math` in place of the libm that the wasm would otherwise carry.
//!
//! On wasm32, `f64::sin`, `f64::powf` and the like call C symbols (`sin`, `pow`, …) that
//! `compiler_builtins` defines weakly with a software libm of its own (about 6 KB gzipped).
//! Strong definitions here forward them to the JavaScript engine's `Math`, which the page
//! has anyway, so core keeps calling `x.sin()` and stays free of web imports. Both are
//! accurate to within an ulp; neither is correctly rounded.

use js_sys::Math;

/// Defines each C symbol `name(args) -> f64` as a call of `Math.name`.
macro_rules! from_math {
    ($($name:ident($($arg:ident),+);)+) => {
        $(
            #[no_mangle]
            extern "C" fn $name($($arg: f64),+) -> f64 {
                Math::$name($($arg),+)
            }
        )+
    };
}

from_math! {
    sin(x);
    cos(x);
    exp(x);
    pow(x, y);
    log(x);
    log10(x);
    log1p(x);
    expm1(x);
    tanh(x);
    cosh(x);
    hypot(x, y);
}

/// `2^x`: the compiler turns `2f64.powf(x)` (the cyclic schedule's halving) into this
/// symbol, so it goes to `Math.pow` like every other power.
#[no_mangle]
extern "C" fn exp2(x: f64) -> f64 {
    Math::pow(2.0, x)
}

/// `fma`, which `f64::mul_add` calls on wasm32 (the optimizers round as torch does with
/// it): in the modules that train networks or compute convergence maps,
/// [`crate::core::fma::fma`], exact like
/// `compiler_builtins`' own and several times faster on ordinary inputs (two or three
/// per parameter per optimizer step).
#[cfg(any(
    feature = "network",
    feature = "lr-finder",
    feature = "slice",
    feature = "map"
))]
#[no_mangle]
extern "C" fn fma(x: f64, y: f64, z: f64) -> f64 {
    crate::core::fma::fma(x, y, z)
}
