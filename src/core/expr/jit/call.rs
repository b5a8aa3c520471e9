//! The call a compiled formula makes for a function on its tape (`sin`, `exp`, a high
//! power): one Rust routine for every backend, giving f(x) and f′(x) exactly as the
//! interpreter's dual arithmetic does ([`tape::unary`]).

use crate::core::expr::tape::{self, Unary};
use crate::core::expr::Func;

/// The type of [`unary_entry`], as generated code calls it.
pub(super) type Helper = unsafe extern "C" fn(u32, i32, f64, *mut f64);

/// The kind and power a compiled formula passes for `u` to [`unary_entry`].
pub(super) fn unary_code(u: Unary) -> (u32, i32) {
    match u {
        Unary::Func(f) => (
            Func::ALL.iter().position(|g| *g == f).unwrap_or(0) as u32,
            0,
        ),
        Unary::Pow(n) => (POW, n),
    }
}

/// The kind of a power in [`unary_entry`].
const POW: u32 = 255;

/// What a compiled formula calls for a function on its tape: writes f(x) and f′(x)
/// ([`tape::unary`]) to `out[0]` and `out[1]`, for the function `kind` (an index of
/// [`Func::ALL`], or [`POW`] for xⁿ). Its type is [`Helper`].
///
/// # Safety
/// `out` must be valid for writing two `f64`: generated code passes the `out` it was
/// given, which [`super::Compiled::dual`] makes three numbers long.
pub(super) unsafe extern "C" fn unary_entry(kind: u32, n: i32, x: f64, out: *mut f64) {
    let u = match Func::ALL.get(kind as usize) {
        Some(f) => Unary::Func(*f),
        None => Unary::Pow(n),
    };
    let (f0, f1) = tape::unary(u, x);
    // SAFETY: the caller's promise above.
    unsafe {
        out.write(f0);
        out.add(1).write(f1);
    }
}
