//! Small DOM helpers. Text always goes in through `textContent`, never as markup, so
//! nothing a reader or an attribute supplies can become HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The page's document.
pub fn doc() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A new element `<tag class="class">` appended to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc()?.create_element(tag)?.dyn_into()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    parent.append_child(&e)?;
    Ok(e)
}

/// A new element with text content.
pub fn text_child(
    parent: &Element,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<HtmlElement, JsValue> {
    let e = child(parent, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

/// The message of a thrown JS value or a Rust error string.
pub fn message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unexpected error".to_string())
}

/// A core error as the JavaScript error a widget shows: the one place core errors
/// cross into the page.
pub fn js_error(e: Box<crate::core::Error>) -> JsValue {
    wasm_bindgen::JsError::new(&e.to_string()).into()
}

/// Replaces a widget that could not start with a notice in its own box.
pub fn fail(host: &HtmlElement, e: &JsValue) {
    host.set_text_content(None);
    if let Ok(n) = text_child(
        host,
        "p",
        "gdz-notice gdz-error",
        &format!("This widget could not start: {}", message(e)),
    ) {
        let _ = n.set_attribute("role", "alert");
    }
}

/// Formats a number for read-outs: 4 significant digits, exponent form when tiny or
/// huge, a true minus sign; `—` for NaN and ±∞ (a read-out never says `NaN`, `∞` or
/// `undefined`).
pub fn fmt(x: f64) -> String {
    crate::core::num::fmt_shown(x, 4).replace('-', "−")
}

/// `s` escaped for HTML text and attribute values (for code the reader copies, never
/// for the page: the page gets text through `textContent`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The optimizer field of the widget with id `id` on the page (a playground's or a
/// network's), which a map or a range test writes a setting into.
#[cfg(any(feature = "map", feature = "lr-finder"))]
pub fn linked_optimizer(id: &str) -> Option<web_sys::HtmlInputElement> {
    doc()
        .ok()?
        .get_element_by_id(id)?
        .query_selector("input[data-name=optimizer]")
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// Sets `field` to `text` and tells its widget, as if the reader had typed it.
#[cfg(any(feature = "map", feature = "lr-finder"))]
pub fn set_field(field: &web_sys::HtmlInputElement, text: &str) {
    field.set_value(text);
    if let Ok(e) = web_sys::Event::new("change") {
        let _ = field.dispatch_event(&e);
    }
}
