//! The tools row under every widget: download the picture (PNG) or the runs (CSV), and
//! copy a link to exactly this state or the code that embeds this widget elsewhere.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlAnchorElement, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use super::dom::escape;
use super::dom::{child, doc};
use super::kit::{button, Mounted, Notes, Shown};
use super::url;

#[wasm_bindgen(module = "/www/elements.js")]
extern "C" {
    /// The address of the site's `embed.js`, next to the wasm's own files.
    #[wasm_bindgen(js_name = embedUrl)]
    fn embed_url() -> String;
}

/// A callback that ignores its argument (a clipboard promise's rejection).
type Ignore = Option<Closure<dyn FnMut(JsValue)>>;

thread_local! {
    static IGNORE: RefCell<Ignore> = const { RefCell::new(None) };
}

/// What the tools need from a widget's state.
pub struct Source<S> {
    /// The canvas the PNG is made from.
    pub canvas: fn(&S) -> HtmlCanvasElement,
    /// The runs as CSV text (a header line, then one line per row).
    pub csv: fn(&S) -> String,
}

/// Adds the tools row to `parent` (unless `shown` hides `tools`).
pub fn add<S: 'static>(
    m: &mut Mounted<S>,
    parent: &Element,
    host: &HtmlElement,
    notes: &Notes,
    shown: &Shown,
    src: Source<S>,
) -> Result<(), JsValue> {
    if !shown.has("tools") {
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
    let key = notes.key.clone();
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
        copy(&out, &embed_code(&host, &key));
    })?;
    Ok(())
}

/// The HTML that embeds this widget, in its current state, on another page.
fn embed_code(host: &HtmlElement, key: &str) -> String {
    let tag = host.tag_name().to_ascii_lowercase();
    let params = url::params();
    let mut attrs: Vec<(String, String)> = Vec::new();
    let names = host.get_attribute_names();
    for n in names.iter().filter_map(|n| n.as_string()) {
        if n.starts_with("data-gdz") || n == "id" || n == "class" || n == "style" {
            continue;
        }
        if let Some(v) = host.get_attribute(&n) {
            attrs.push((n, v));
        }
    }
    if let Some(p) = &params {
        let prefix = format!("{key}.");
        if let Ok(Some(it)) = js_sys::try_iter(&p.keys()) {
            for k in it.flatten().filter_map(|k| k.as_string()) {
                let Some(name) = k.strip_prefix(&prefix) else {
                    continue;
                };
                let Some(v) = p.get(&k) else { continue };
                match attrs.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = v,
                    None => attrs.push((name.to_string(), v)),
                }
            }
        }
    }
    let mut code = format!(
        "<script type=\"module\" src=\"{}\"></script>\n<{tag}",
        escape(&embed_url())
    );
    for (n, v) in attrs {
        let ok = !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if ok {
            code.push_str(&format!(" {n}=\"{}\"", escape(&v)));
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
