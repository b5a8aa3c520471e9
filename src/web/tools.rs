//! The tools row under every widget: download the picture (PNG) or the runs (CSV), and
//! copy a link to exactly this state or the code that embeds this widget elsewhere.
//!
//! It is built into the full module (the gallery and embedded widgets) only: lesson
//! pages leave it out to stay within their weight budget, and their address bar already
//! holds a link to what the reader sees.

use web_sys::HtmlCanvasElement;

#[cfg(feature = "tools")]
mod row;
#[cfg(feature = "tools")]
pub use row::add;

/// What the tools need from a widget's state.
pub struct Source<S> {
    /// The canvas the PNG is made from.
    pub canvas: fn(&S) -> HtmlCanvasElement,
    /// The runs as CSV text (a header line, then one line per row).
    pub csv: fn(&S) -> String,
}

#[cfg(not(feature = "tools"))]
use crate::web::{attrs::Attrs, mounted::Mounted};
#[cfg(not(feature = "tools"))]
use wasm_bindgen::JsValue;

#[cfg(not(feature = "tools"))]
/// Adds nothing: this module was built without the tools row.
pub fn add<S: 'static>(
    _: &mut Mounted<S>,
    _: &web_sys::Element,
    _: &web_sys::HtmlElement,
    _: &Attrs,
    _: Source<S>,
) -> Result<(), JsValue> {
    Ok(())
}
