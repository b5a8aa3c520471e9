//! The web layer: the only code that imports wasm-bindgen, web-sys and js-sys.
//!
//! On start it installs the panic hook and defines the `gdz-*` custom elements (through
//! the small `www/elements.js` shim). Each element, when connected, is handed to
//! [`mount`], which builds its widget inside it; errors become a notice in that widget's
//! own box, never a failure of the page.

#![cfg_attr(not(feature = "widgets"), allow(dead_code, unused_imports))]

#[cfg(feature = "api")]
pub mod api;
mod attrs;
#[cfg(feature = "bench")]
mod bench;
mod canvas;
mod dom;
mod inputs;
#[cfg(feature = "jit")]
mod jit;
#[cfg(target_arch = "wasm32")]
mod libm;
mod mounted;
mod page;
mod panel;
mod readout;
mod shell;
mod timeline;
mod tools;
mod url;
mod widgets;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen(module = "/www/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElements)]
    fn define_elements(
        names: js_sys::Array,
        mount: &Closure<dyn Fn(HtmlElement)>,
        unmount: &Closure<dyn Fn(HtmlElement)>,
    );
}

/// A mounted widget: kept alive (with its event handlers) until its element leaves.
pub(crate) trait Widget {
    /// Draws again in the page's new colour scheme.
    fn restyle(&mut self) {}

    /// Releases what outlives the element's children (observers, listeners on the host).
    fn teardown(&mut self) {}
}

thread_local! {
    static WIDGETS: RefCell<Vec<(u32, Box<dyn Widget>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: RefCell<u32> = const { RefCell::new(1) };
    static WATCHING_SCHEME: RefCell<bool> = const { RefCell::new(false) };
}

const ID_ATTR: &str = "data-gdz-id";

/// The custom elements this module defines.
const ELEMENTS: &[&str] = &[
    #[cfg(feature = "playground")]
    "gdz-playground",
    #[cfg(feature = "compare")]
    "gdz-compare",
    #[cfg(feature = "race")]
    "gdz-race",
    #[cfg(feature = "schedules")]
    "gdz-schedules",
    #[cfg(feature = "landscape")]
    "gdz-landscape",
    #[cfg(feature = "anatomy")]
    "gdz-anatomy",
    #[cfg(feature = "ball")]
    "gdz-ball",
    #[cfg(feature = "regression")]
    "gdz-regression",
    #[cfg(feature = "network")]
    "gdz-network",
    #[cfg(feature = "lr-finder")]
    "gdz-lr-finder",
    #[cfg(feature = "slice")]
    "gdz-slice",
    #[cfg(feature = "map")]
    "gdz-map",
];

/// Runs once when the wasm module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    register();
}

/// Installs the panic hook and defines the custom elements; safe to call again.
pub fn register() {
    // With the `panic-hook` feature (the full module: development server, gallery,
    // embed.js) a panic's message and place are logged. Lesson pages' modules leave the
    // hook out to stay within their weight budget; there a panic still surfaces as an
    // uncaught `unreachable` error in the console.
    #[cfg(feature = "panic-hook")]
    console_error_panic_hook::set_once();
    let names: js_sys::Array = ELEMENTS.iter().map(|n| JsValue::from_str(n)).collect();
    let mount_cb = Closure::<dyn Fn(HtmlElement)>::new(mount);
    let unmount_cb = Closure::<dyn Fn(HtmlElement)>::new(unmount);
    define_elements(names, &mount_cb, &unmount_cb);
    #[cfg(feature = "jit")]
    jit::install();
    page::init();
    // The definitions live as long as the page.
    mount_cb.forget();
    unmount_cb.forget();
    watch_scheme();
}

/// Redraws every widget when the reader's light or dark preference changes while the
/// page is open (the canvases take their colours from the CSS, read when they fit).
fn watch_scheme() {
    if WATCHING_SCHEME.with(|w| w.replace(true)) {
        return;
    }
    let list = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
    let Some(list) = list else {
        return;
    };
    let cb = Closure::<dyn Fn()>::new(|| {
        canvas::theme_changed();
        WIDGETS.with(|w| {
            for (_, widget) in w.borrow_mut().iter_mut() {
                widget.restyle();
            }
        });
    });
    let _ = list.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
    // Listens as long as the page.
    cb.forget();
}

fn mount(host: HtmlElement) {
    if host.has_attribute(ID_ATTR) {
        return;
    }
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        let id = *n;
        *n += 1;
        id
    });
    let _ = host.set_attribute(ID_ATTR, &id.to_string());
    let tag = host.tag_name().to_ascii_lowercase();
    let built: Result<Box<dyn Widget>, JsValue> = match tag.as_str() {
        #[cfg(feature = "playground")]
        "gdz-playground" => widgets::playground::mount(&host),
        #[cfg(feature = "compare")]
        "gdz-compare" => widgets::compare::mount(&host),
        #[cfg(feature = "race")]
        "gdz-race" => widgets::race::mount(&host),
        #[cfg(feature = "schedules")]
        "gdz-schedules" => widgets::schedules::mount(&host),
        #[cfg(feature = "landscape")]
        "gdz-landscape" => widgets::landscape::mount(&host),
        #[cfg(feature = "anatomy")]
        "gdz-anatomy" => widgets::anatomy::mount(&host),
        #[cfg(feature = "ball")]
        "gdz-ball" => widgets::ball::mount(&host),
        #[cfg(feature = "regression")]
        "gdz-regression" => widgets::regression::mount(&host),
        #[cfg(feature = "network")]
        "gdz-network" => widgets::network::mount(&host),
        #[cfg(feature = "lr-finder")]
        "gdz-lr-finder" => widgets::lr_finder::mount(&host),
        #[cfg(feature = "slice")]
        "gdz-slice" => widgets::slice::mount(&host),
        #[cfg(feature = "map")]
        "gdz-map" => widgets::map::mount(&host),
        other => Err(JsValue::from_str(&format!("unknown widget {other}"))),
    };
    match built {
        Ok(w) => {
            WIDGETS.with(|m| m.borrow_mut().push((id, w)));
        }
        Err(e) => dom::fail(&host, &e),
    }
}

/// Builds the widget in `host` again from its attributes (one changed them).
#[cfg(all(feature = "map", feature = "race"))]
fn remount(host: HtmlElement) {
    unmount(host.clone());
    mount(host);
}

fn unmount(host: HtmlElement) {
    let Some(id) = host
        .get_attribute(ID_ATTR)
        .and_then(|s| s.parse::<u32>().ok())
    else {
        return;
    };
    let _ = host.remove_attribute(ID_ATTR);
    let w = WIDGETS.with(|m| {
        let mut m = m.borrow_mut();
        let i = m.iter().position(|(k, _)| *k == id)?;
        Some(m.swap_remove(i).1)
    });
    if let Some(mut w) = w {
        w.teardown();
    }
    host.set_text_content(None);
}

// A small free-list allocator instead of the default dlmalloc: the page is single-threaded
// and its allocations are few and short-lived, so the smaller code wins.
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without atomics has exactly one thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
