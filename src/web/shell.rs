//! The layout every widget shares: a box with its notice at the top, then the widget's
//! canvas, controls and read-outs.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};

use super::attrs::Attrs;
use super::dom::{child, text_child};
use super::mounted::Mounted;
use super::tools;
use crate::core::text::join;

/// The layout shared by every widget: a box with a notice, then the widget's parts.
pub struct Shell {
    /// The widget's box.
    pub root: HtmlElement,
}

impl Shell {
    /// Clears `host` and builds the box, showing the notes of `attrs` (if any) at the top.
    pub fn new(host: &HtmlElement, class: &str, attrs: &Attrs) -> Result<Shell, JsValue> {
        host.set_text_content(None);
        let root = child(host, "div", &format!("gdz-widget {class}"))?;
        let notice = text_child(&root, "p", "gdz-notice", &join(&attrs.notes, " "))?;
        notice.set_attribute("role", "status")?;
        notice.set_hidden(attrs.notes.is_empty());
        Ok(Shell { root })
    }

    /// Ends a widget's mount as every widget ends it: the tools row under the widget
    /// (unless its `controls` hide it), and `resize` run whenever the box changes
    /// width (and once when first observed, which draws the widget).
    pub fn finish<S: 'static>(
        &self,
        m: &mut Mounted<S>,
        host: &HtmlElement,
        attrs: &Attrs,
        src: tools::Source<S>,
        resize: impl Fn(&mut S) + 'static,
    ) -> Result<(), JsValue> {
        tools::add(m, &self.root, host, attrs, src)?;
        m.on_resize(&self.root, resize);
        Ok(())
    }

    /// A canvas described to screen readers as an image.
    pub fn canvas(&self) -> Result<HtmlCanvasElement, JsValue> {
        let c: HtmlCanvasElement = child(&self.root, "canvas", "gdz-canvas")?.dyn_into()?;
        c.set_attribute("role", "img")?;
        Ok(c)
    }

    /// A row for controls.
    pub fn controls(&self) -> Result<HtmlElement, JsValue> {
        child(&self.root, "div", "gdz-controls")
    }

    /// A live region for read-outs.
    pub fn readout(&self) -> Result<HtmlElement, JsValue> {
        let r = child(&self.root, "div", "gdz-readout")?;
        r.set_attribute("aria-live", "polite")?;
        Ok(r)
    }
}
