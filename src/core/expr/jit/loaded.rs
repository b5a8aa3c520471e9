//! Formulas compiled in the browser: the web layer's [`Loader`] puts a generated module
//! ([`super::wasm`]) into this module's function table.

use super::call::{unary_entry, Helper};
use super::{wasm, Compiled, Entry, Many};
use crate::core::expr::program::Program;
use crate::core::expr::tape::Tape;

/// How the web layer turns a module's bytes into functions of the table: `load` takes
/// the bytes and the table index of [`unary_entry`] (the module's import `e.h`) and
/// gives the table indices of the module's `f` and `g`; `free` releases an index
/// `load` gave.
#[derive(Clone, Copy)]
pub struct Loader {
    /// Instantiates the module and puts its two functions in the table.
    pub load: fn(bytes: &[u8], helper: usize) -> Option<[usize; 2]>,
    /// Clears a table slot that `load` filled.
    pub free: fn(index: usize),
}

thread_local! {
    static LOADER: std::cell::Cell<Option<Loader>> = const { std::cell::Cell::new(None) };
}

/// Sets how modules are loaded (the web layer does this at start).
pub fn set_loader(loader: Loader) {
    LOADER.with(|l| l.set(Some(loader)));
}

/// Table slots, released when dropped.
pub(super) struct Code {
    slots: [usize; 2],
    free: fn(usize),
}

impl Drop for Code {
    fn drop(&mut self) {
        for s in self.slots {
            (self.free)(s);
        }
    }
}

pub(super) fn compile(program: &Program, dim: usize) -> Option<Compiled> {
    let loader = LOADER.with(|l| l.get())?;
    let tape = Tape::of(program)?;
    let helper: Helper = unary_entry;
    let slots = (loader.load)(&wasm::module(&tape, dim), helper as usize)?;
    let code = Code {
        slots,
        free: loader.free,
    };
    let [one, many] = slots;
    // SAFETY: on wasm32 a function pointer is an index into the module's function
    // table, and `load` has just put at these indices the generated functions `f` and
    // `g`, whose types are (f64, f64, i32) → () and (i32, i32, i32, i32, i32) → (), the
    // lowerings of `Entry` and `Many`. A call through the table checks the type in any
    // case (a mismatch traps; it cannot run foreign code).
    let (entry, many) = unsafe {
        (
            std::mem::transmute::<usize, Entry>(one),
            std::mem::transmute::<usize, Many>(many),
        )
    };
    Some(Compiled {
        entry,
        many,
        dim,
        _code: code,
    })
}
