//! Loads a formula's generated WebAssembly module ([`crate::core::expr::jit`]) into this
//! module: instantiated against this module's own memory, with the function a formula
//! calls for `sin`, `exp` and the like (already in this module's function table), and
//! its two functions (one point, many points) put in the function table, where the
//! core calls them through function pointers. Freed slots are reused.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::JsCast;

use crate::core::expr::jit::wasm::{EXPORTS, HELPER, IMPORTS, MEMORY};
use crate::core::expr::jit::{set_loader, Loader};

thread_local! {
    /// Table slots that held a formula no longer in use.
    static FREE: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Hands the core its loader.
pub fn install() {
    set_loader(Loader { load, free });
}

fn table() -> Option<WebAssembly::Table> {
    wasm_bindgen::function_table().dyn_into().ok()
}

fn load(bytes: &[u8], helper: usize) -> Option<[usize; 2]> {
    let table = table()?;
    let module = WebAssembly::Module::new(&Uint8Array::from(bytes).into()).ok()?;
    let env = Object::new();
    Reflect::set(&env, &MEMORY.into(), &wasm_bindgen::memory()).ok()?;
    let helper = table.get(u32::try_from(helper).ok()?).ok()?;
    Reflect::set(&env, &HELPER.into(), &helper).ok()?;
    let imports = Object::new();
    Reflect::set(&imports, &IMPORTS.into(), &env).ok()?;
    let exports = WebAssembly::Instance::new(&module, &imports)
        .ok()?
        .exports();
    let mut functions = Vec::with_capacity(2);
    for name in EXPORTS {
        let f: Function = Reflect::get(&exports, &name.into()).ok()?.dyn_into().ok()?;
        functions.push(f);
    }
    let mut slots = [0; 2];
    for (i, f) in functions.iter().enumerate() {
        let Some(index) = place(&table, f) else {
            // The slots already filled go back to the free list.
            slots[..i].iter().for_each(|&s| free(s));
            return None;
        };
        slots[i] = index as usize;
    }
    Some(slots)
}

/// Puts `f` in a free slot of `table` (or a new one) and gives its index.
fn place(table: &WebAssembly::Table, f: &Function) -> Option<u32> {
    let index = match FREE.with(|f| f.borrow_mut().pop()) {
        Some(i) => i,
        None => table.grow(1).ok()?,
    };
    if table.set(index, f).is_err() {
        free(index as usize);
        return None;
    }
    Some(index)
}

fn free(index: usize) {
    // The slot keeps its function until it is reused; nothing calls it meanwhile.
    if let Ok(index) = u32::try_from(index) {
        FREE.with(|f| f.borrow_mut().push(index));
    }
}
