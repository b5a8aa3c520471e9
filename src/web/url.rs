//! Widget state in the page's URL, so a link restores what the reader saw.
//!
//! Each widget on a page has a key: its `id` when it has a simple one, otherwise its
//! name and its place among widgets of that name (`race1`, `playground2`). A setting the
//! reader changes is written to the query string as `KEY.ATTRIBUTE=value` (e.g.
//! `?race1.optimizers=adam;sgd`), and on load a widget reads its attributes from there
//! before its own tag. Writes are gathered and made once the reader pauses, so a slider
//! drag does not flood the browser's history API.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, UrlSearchParams};

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

/// The page's query parameters.
pub fn params() -> Option<UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// Records `value` for `key.name` (or removes it when `None`); written soon.
pub fn remember(key: &str, name: &str, value: Option<&str>) {
    let param = format!("{key}.{name}");
    let first = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let first = p.is_empty();
        p.retain(|(k, _)| *k != param);
        p.push((param, value.map(str::to_string)));
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
    let href = w.location().href().ok()?;
    if changes.is_empty() {
        return Some(href);
    }
    let url = web_sys::Url::new(&href).ok()?;
    let q = url.search_params();
    for (k, v) in &changes {
        match v {
            Some(v) => q.set(k, v),
            None => q.delete(k),
        }
    }
    let href = url.href();
    let _ = w
        .history()
        .ok()?
        .replace_state_with_url(&JsValue::NULL, "", Some(&href));
    Some(href)
}
