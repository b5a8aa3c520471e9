//! The tools row itself (built with the `tools` feature).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlAnchorElement, HtmlElement, HtmlInputElement};

use super::super::dom::{child, doc, escape};
use super::super::url;
use super::Source;
use crate::core::schema::Widget as Schema;
use crate::web::attrs::Attrs;
use crate::web::inputs::button;
use crate::web::mounted::Mounted;

#[wasm_bindgen(module = "/www/elements.js")]
extern "C" {
    /// The address of the site's `embed.js`, next to the wasm's own files.
    #[wasm_bindgen(js_name = embedUrl)]
    fn embed_url() -> String;
}

/// A handler that ignores a promise's rejection (the text is shown selected anyway).
type Ignore = Closure<dyn FnMut(JsValue)>;

thread_local! {
    static IGNORE: RefCell<Option<Ignore>> = const { RefCell::new(None) };
}

/// Adds the tools row to `parent` (unless `shown` hides `tools`).
pub fn add<S: 'static>(
    m: &mut Mounted<S>,
    parent: &Element,
    host: &HtmlElement,
    attrs: &Attrs,
    src: Source<S>,
) -> Result<(), JsValue> {
    if !attrs.values.shows("tools") {
        return Ok(());
    }
    let row = child(parent, "div", "gdz-tools")?;
    let png = button(&row, "PNG")?;
    let csv = button(&row, "CSV")?;
    let link = button(&row, "Copy link")?;
    let embed = button(&row, "Copy embed code")?;
    let out: HtmlInputElement = child(&row, "input", "gdz-copied")?.dyn_into()?;
    out.set_read_only(true);
    out.set_attribute("aria-label", "Copied text")?;
    out.set_hidden(true);
    let key = attrs.key.clone();
    let def = attrs.def;
    let name = key.clone();
    let canvas = src.canvas;
    m.on(&png, "click", move |s, _| {
        if let Ok(href) = canvas(s).to_data_url() {
            download(&href, &format!("{name}.png"));
        }
    })?;
    let name = key.clone();
    let table = src.csv;
    m.on(&csv, "click", move |s, _| {
        let body = String::from(js_sys::encode_uri_component(&table(s)));
        download(
            &format!("data:text/csv;charset=utf-8,{body}"),
            &format!("{name}.csv"),
        );
    })?;
    let shown_in = out.clone();
    m.on(&link, "click", move |_, _| {
        if let Some(href) = url::flush() {
            copy(&shown_in, &href);
        }
    })?;
    let host = host.clone();
    m.on(&embed, "click", move |_, _| {
        url::flush();
        copy(&out, &embed_code(&host, def, &key));
    })?;
    Ok(())
}

/// The HTML that embeds this widget, in its current state, on another page: the
/// attributes its schema knows (from the link, else the element), values escaped.
fn embed_code(host: &HtmlElement, def: &'static Schema, key: &str) -> String {
    let tag = host.tag_name().to_ascii_lowercase();
    let params = url::params();
    let mut code = format!(
        "<script type=\"module\" src=\"{}\"></script> <{tag}",
        escape(&embed_url())
    );
    for a in def.attrs {
        let linked = url::get(&params, &[key, ".", a.name].concat()).map(str::to_string);
        if let Some(v) = linked.or_else(|| host.get_attribute(a.name)) {
            code.push_str(&format!(" {}=\"{}\"", a.name, escape(&v)));
        }
    }
    code.push_str(&format!("></{tag}>"));
    code
}

/// Starts a download of `href` as `file`.
fn download(href: &str, file: &str) {
    let Ok(a) = doc().and_then(|d| d.create_element("a")) else {
        return;
    };
    let Ok(a) = a.dyn_into::<HtmlAnchorElement>() else {
        return;
    };
    a.set_href(href);
    a.set_download(file);
    a.click();
}

/// Shows `text` selected in `out` (so it can be copied by hand) and puts it on the
/// clipboard where the browser allows.
fn copy(out: &HtmlInputElement, text: &str) {
    out.set_value(text);
    out.set_hidden(false);
    out.select();
    let Some(w) = web_sys::window() else { return };
    let clipboard = w.navigator().clipboard();
    if clipboard.is_undefined() {
        return;
    }
    let promise = clipboard.write_text(text);
    IGNORE.with(|c| {
        let mut c = c.borrow_mut();
        let f = c.get_or_insert_with(|| Closure::new(|_: JsValue| {}));
        let _ = promise.catch(f);
    });
}
