//! Widget state in the page's URL, so a link restores what the reader saw.
//!
//! Each widget on a page has a key: its `id` when it has a simple one, otherwise its
//! name and its place among widgets of that name (`race1`, `playground2`). A setting the
//! reader changes is written to the query string as `KEY.ATTRIBUTE=value` (e.g.
//! `?race1.optimizers=adam;sgd`), and on load a widget reads its attributes from there
//! before its own tag. Writes are gathered and made once the reader pauses, so a slider
//! drag does not flood the browser's history API. The query string is read and written
//! here (through [`crate::core::query`]) rather than through `URLSearchParams`, which keeps
//! the wasm smaller and leaves every parameter the widgets do not own exactly as the host
//! page wrote it.

use std::cell::RefCell;

use crate::core::query;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// How long after the last change the URL is written, in milliseconds.
const WRITE_DELAY_MS: i32 = 300;

thread_local! {
    /// Changes not yet written: `(param, value)`; `None` removes the parameter.
    static PENDING: RefCell<Vec<(String, Option<String>)>> = const { RefCell::new(Vec::new()) };
}

/// The widget's key in the URL.
pub fn key(host: &HtmlElement) -> String {
    let id = host.id();
    let simple = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !id.is_empty() && id.len() <= 40 && id.chars().all(simple) {
        return id;
    }
    let tag = host.tag_name().to_ascii_lowercase();
    let name = tag.strip_prefix("gdz-").unwrap_or(&tag).to_string();
    let place = super::dom::doc()
        .ok()
        .and_then(|d| d.query_selector_all(&tag).ok())
        .and_then(|list| {
            (0..list.length()).find(|&i| list.get(i).is_some_and(|n| n.is_same_node(Some(host))))
        })
        .map_or(1, |i| i + 1);
    format!("{name}{place}")
}

/// The page's query string (`?…`, or empty).
fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Decodes one query-string component with the browser's `decodeURIComponent` (`+` is
/// a space; a bad escape keeps the text), as [`query::decode`] does natively.
fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    js_sys::decode_uri_component(&s).map_or(s, String::from)
}

/// Encodes one query-string component with the browser's `encodeURIComponent`.
fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The page's query parameters, decoded, in order.
pub fn params() -> Vec<(String, String)> {
    query::params_with(&search(), &decode)
}

/// The value of `name` among `params`.
pub fn get<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Records `value` for `key.name` (or removes it when `None`); written soon. A value
/// too long for a widget to read back is written without its optional spaces, or not at
/// all (the link keeps what it had): see [`query::link_text`].
pub fn remember(key: &str, name: &str, value: Option<&str>) {
    let param = format!("{key}.{name}");
    let value = match value.map(query::link_text) {
        Some(None) => return,
        v => v.flatten(),
    };
    let first = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let first = p.is_empty();
        p.retain(|(k, _)| *k != param);
        p.push((param, value));
        first
    });
    if first {
        if let Some(w) = web_sys::window() {
            let cb = Closure::once_into_js(flush);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                WRITE_DELAY_MS,
            );
        }
    }
}

/// The page's address with every recorded change in it (and written to the history).
pub fn flush() -> Option<String> {
    let changes = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    let w = web_sys::window()?;
    let loc = w.location();
    if changes.is_empty() {
        return loc.href().ok();
    }
    // Only the changed parameters are written; the rest keep their text.
    let mut href = loc.pathname().ok()?;
    href.push_str(&query::rewrite_with(&search(), &changes, &decode, &encode));
    href.push_str(&loc.hash().unwrap_or_default());
    let _ = w
        .history()
        .ok()?
        .replace_state_with_url(&JsValue::NULL, "", Some(&href));
    loc.href().ok()
}
