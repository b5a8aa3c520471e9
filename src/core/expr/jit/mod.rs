//! Formulas compiled to machine code: a formula's [`Tape`] (its value and gradient as
//! straight-line scalar code) turned into one function of the platform's own, called
//! like any function pointer, with no interpreter between the arithmetic.
//!
//! - Natively, [Cranelift](https://cranelift.dev) compiles the tape in memory
//!   ([`native`]).
//! - In the browser, the tape becomes a small WebAssembly module ([`wasm`]) that the
//!   web layer instantiates against the page's own memory and puts in the module's
//!   function table (the page's policy allows it: `'wasm-unsafe-eval'`), so that the
//!   core calls it through a plain function pointer. Core stays free of web imports: the
//!   web layer hands it the [`Loader`] that does this.
//!
//! A compiled formula gives the interpreter's numbers to the bit: the tape is the
//! interpreter's arithmetic written out, each operation an IEEE operation of the same
//! operands, and a function call goes to the same Rust code (`call::unary_entry`). Where
//! compiling is not possible (no loader, a tape too long) the interpreter runs instead.
//! Compiled formulas are kept by program, the last [`KEPT`], so that a surface rebuilt
//! for each slider move compiles its formula once. A surface compiles its formula only
//! once it has been evaluated at [`COMPILE_AFTER`] points (compiling costs about as much
//! as a few thousand interpreted evaluations; a single short run never pays it back),
//! unless the formula is already compiled and kept.

// What compiled code calls for a function on its tape.
#[cfg(any(not(target_arch = "wasm32"), feature = "jit"))]
mod call;
#[cfg(all(target_arch = "wasm32", feature = "jit"))]
mod loaded;
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(any(not(target_arch = "wasm32"), feature = "jit"))]
pub mod wasm;

#[cfg(all(target_arch = "wasm32", feature = "jit"))]
use loaded as backend;
#[cfg(all(target_arch = "wasm32", feature = "jit"))]
pub use loaded::{set_loader, Loader};
#[cfg(not(target_arch = "wasm32"))]
use native as backend;
#[cfg(all(target_arch = "wasm32", not(feature = "jit")))]
use none as backend;

/// Where nothing compiles (a lesson page's module): formulas stay with the interpreter.
#[cfg(all(target_arch = "wasm32", not(feature = "jit")))]
mod none {
    /// Never made.
    pub enum Code {}

    pub fn compile(_: &super::Program, _: usize) -> Option<super::Compiled> {
        None
    }
}

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::jet::Dual;
use super::program::Program;

/// The compiled function for one point: writes the value, ∂/∂x and ∂/∂y at (x, y) to
/// `out`, which must hold three numbers (the function also uses the first two as
/// scratch).
pub type Entry = extern "C" fn(x: f64, y: f64, out: *mut f64);

/// The compiled function for many points: the value (to `loss[i]`) and, when `grad` is
/// not null, the gradient (to `grad[dim·i..]`) at each of the `n` points in `points`
/// (`dim` numbers each); `scratch` holds two numbers for its function calls.
pub type Many =
    extern "C" fn(points: *const f64, n: usize, loss: *mut f64, grad: *mut f64, scratch: *mut f64);

/// A compiled formula.
pub struct Compiled {
    entry: Entry,
    many: Many,
    dim: usize,
    /// What keeps the code alive: dropped with it.
    _code: backend::Code,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled")
    }
}

impl Compiled {
    /// The value and gradient at (x, y): exactly [`Program::run_dual`]'s.
    pub fn dual(&self, x: f64, y: f64) -> Dual {
        let out = Cell::new([0.0; 3]);
        self.write(x, y, &out);
        let [v, gx, gy] = out.get();
        Dual { v, g: [gx, gy] }
    }

    /// Writes the value, ∂/∂x and ∂/∂y at (x, y) to `out`. Read them one at a time
    /// (`as_slice_of_cells`), as the code writes them: natively a wider read of two
    /// numbers written separately has to wait until both writes reach the cache (a
    /// failed store-to-load forwarding), which costs more than a small formula itself.
    #[inline]
    pub fn write(&self, x: f64, y: f64, out: &Cell<[f64; 3]>) {
        (self.entry)(x, y, out.as_ptr().cast());
    }

    /// The value (into `loss`) and, when `grad` is given, the gradient at each point of
    /// `points` (the formula's dimension in numbers a point), as many points as all
    /// three hold, in one call.
    pub fn many(&self, points: &[f64], loss: &mut [f64], grad: Option<&mut [f64]>) {
        let d = self.dim;
        let mut n = (points.len() / d).min(loss.len());
        let grad = match grad {
            Some(g) => {
                n = n.min(g.len() / d);
                g.as_mut_ptr()
            }
            None => std::ptr::null_mut(),
        };
        let mut scratch = [0.0; 2];
        // Within bounds: `n` points fit in `points`, `n` values in `loss`, and `n`
        // gradients in `grad` where it is given.
        (self.many)(
            points.as_ptr(),
            n,
            loss.as_mut_ptr(),
            grad,
            scratch.as_mut_ptr(),
        );
    }
}

/// How many points a surface evaluates by the interpreter before it compiles its formula.
pub const COMPILE_AFTER: u32 = 512;

/// How many compiled formulas are kept for reuse.
pub const KEPT: usize = 16;

thread_local! {
    static KEPT_CODE: RefCell<Vec<(Program, Rc<Compiled>)>> = const { RefCell::new(Vec::new()) };
}

/// `program` compiled earlier for points of `dim` coordinates and still kept.
pub fn kept(program: &Program, dim: usize) -> Option<Rc<Compiled>> {
    let dim = dim.clamp(1, 2);
    KEPT_CODE.with(|k| {
        let mut k = k.borrow_mut();
        let i = k.iter().position(|(p, c)| p == program && c.dim == dim)?;
        // The most recently used last.
        let hit = k.remove(i);
        let code = hit.1.clone();
        k.push(hit);
        Some(code)
    })
}

/// `program` compiled for points of `dim` coordinates (1 or 2), or taken from those
/// kept; `None` where it cannot be.
pub fn compile(program: &Program, dim: usize) -> Option<Rc<Compiled>> {
    if let Some(code) = kept(program, dim) {
        return Some(code);
    }
    let code = Rc::new(backend::compile(program, dim.clamp(1, 2))?);
    KEPT_CODE.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= KEPT {
            k.remove(0);
        }
        k.push((program.clone(), code.clone()));
    });
    Some(code)
}
