//! `<gdz-certificate>`: the certificate page's box. While lessons remain it lists them
//! (copies of the page's own lesson links); once every lesson is complete it shows the
//! certificate (the reader's name, the date, the lessons), draws the same on a canvas
//! and offers that as a PNG download.
//!
//! The box's structure comes from constant markup; every text, above all the name the
//! reader types, goes in through `textContent` or canvas text, never as markup. The name
//! is kept, at most [`MAX_NAME`] characters, under the local-storage key `gdz.name`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlInputElement};

use super::{all, attr, flag, is_done, listen, one, read, set, text, text_of, write};
use crate::core::progress;
use crate::web::canvas;

/// The local-storage key of the name on the certificate.
const NAME_KEY: &str = "gdz.name";
/// The longest name kept, in characters (also the name box's `maxlength`).
pub const MAX_NAME: usize = 80;
/// The image's width in pixels.
const W: f64 = 1000.0;
const INK: &str = "#1f2328";
const ACCENT: &str = "#3b518b";

/// The box while lessons remain: a status line and the lessons still to do.
const REMAINING: &str = r#"<p class="gdz-cert-status"></p><ul class="gdz-cert-remaining"></ul>"#;

/// The box once every lesson is complete.
const CERTIFICATE: &str = concat!(
    r#"<p class="gdz-cert-form"><label for="gdz-cert-name">Your name on the certificate</label> "#,
    r#"<input id="gdz-cert-name" type="text" maxlength="80" autocomplete="name"></p>"#,
    r#"<div class="gdz-cert"><p class="gdz-cert-kicker">Certificate of completion</p>"#,
    r#"<p class="gdz-cert-name"></p><p class="gdz-cert-line"></p><p class="gdz-cert-date"></p>"#,
    r#"<ol class="gdz-cert-list"></ol></div>"#,
    r#"<p class="gdz-cert-image"><canvas role="img" aria-label="The certificate above, as an image"></canvas>"#,
    r#"<a class="gdz-cert-download button" download="certificate.png">Download as PNG</a></p>"#,
);

/// Fills `host` from the progress; `json` is the page's lesson list.
pub fn render(root: &Element, host: &Element, json: &str) {
    let lessons = all(root, ".gdz-certificate-lessons li[data-lesson]");
    let total = attr(host, "data-total")
        .and_then(|t| t.parse::<u32>().ok())
        .map_or(0, |t| t as usize)
        .max(lessons.len());
    let done: Vec<bool> = lessons
        .iter()
        .map(|li| attr(li, "data-lesson").is_some_and(|s| is_done(&s)))
        .collect();
    let k = done.iter().filter(|d| **d).count();
    let all_done = k == total && total > 0;
    host.set_inner_html(if all_done { CERTIFICATE } else { REMAINING });
    if let Some(p) = one(host, "p") {
        if !all_done {
            text(&p, &format!("You have completed {k} of {total} lessons. Your certificate appears here once all of them are complete. Still to do:"));
        }
    }
    if let Some(list) = one(host, "ul, ol") {
        for (li, d) in lessons.iter().zip(done) {
            if all_done || !d {
                if let Ok(copy) = li.clone_node_with_deep(true) {
                    let _ = list.append_child(&copy);
                }
            }
        }
    }
    if !all_done {
        return;
    }
    let site = progress::string_fields(json, "site");
    let line = format!(
        "has completed all {total} lessons of {}",
        site.first().unwrap_or(&"the course")
    );
    let options = js_sys::JSON::parse(r#"{"day":"numeric","month":"long","year":"numeric"}"#)
        .unwrap_or(JsValue::UNDEFINED);
    let date: String = js_sys::Date::new_0()
        .to_locale_date_string("en-GB", &options)
        .into();
    for (sel, t) in [(".gdz-cert-line", &line), (".gdz-cert-date", &date)] {
        if let Some(p) = one(host, sel) {
            text(&p, t);
        }
    }
    let name = clean(&read(NAME_KEY).unwrap_or_default());
    if let Some(input) = one(host, "input") {
        input.unchecked_ref::<HtmlInputElement>().set_value(&name);
        listen(&input, "input");
    }
    show_name(host, &name);
}

/// The reader typed in the name box.
pub fn on_input(host: &Element, input: &Element) {
    let name = clean(&input.unchecked_ref::<HtmlInputElement>().value());
    write(NAME_KEY, &name);
    show_name(host, &name);
}

/// A name fit to show: no outer spaces, at most [`MAX_NAME`] characters.
fn clean(s: &str) -> String {
    let s = s.trim();
    let end = s.char_indices().nth(MAX_NAME).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or_default().to_string()
}

/// Puts `name` on the card (as text), draws the card on the canvas and points the
/// download link at the image.
fn show_name(host: &Element, name: &str) {
    let (Some(card), Some(canvas)) = (one(host, ".gdz-cert"), one(host, "canvas")) else {
        return;
    };
    if let Some(n) = one(&card, ".gdz-cert-name") {
        text(&n, if name.is_empty() { "Your name" } else { name });
        flag(&n, "data-empty", name.is_empty());
    }
    // The selector matched a <canvas>.
    let canvas: HtmlCanvasElement = canvas.unchecked_into();
    let lines = all(&card, "p");
    let titles = all(&card, "li a");
    let rows = titles.len().div_ceil(2).max(1);
    let h = 390.0 + 34.0 * rows as f64;
    canvas.set_width(W as u32);
    canvas.set_height(h as u32);
    let Ok(ctx) = canvas::context(&canvas) else {
        return;
    };
    #[allow(deprecated)] // the form plotters' canvas backend uses, so its glue is shared
    let fill = |c: &str| ctx.set_fill_style(&JsValue::from_str(c));
    // A white page inside an accent frame, with a short rule under the date.
    for (x, y, w, hh, c) in [
        (0.0, 0.0, W, h, "#fff"),
        (18.0, 18.0, W - 36.0, h - 36.0, ACCENT),
        (26.0, 26.0, W - 52.0, h - 52.0, "#fff"),
        (W / 2.0 - 80.0, 296.0, 160.0, 2.0, ACCENT),
    ] {
        fill(c);
        ctx.fill_rect(x, y, w, hh);
    }
    // Kicker, name, line and date: the card's paragraphs in order, centred.
    ctx.set_text_align("center");
    for (p, (y, font, c)) in lines.iter().zip([
        (105.0, "600 22px system-ui,sans-serif", ACCENT),
        (182.0, "bold 50px Georgia,serif", INK),
        (234.0, "22px system-ui,sans-serif", INK),
        (270.0, "18px system-ui,sans-serif", INK),
    ]) {
        ctx.set_font(font);
        fill(c);
        let _ = ctx.fill_text_with_max_width(&text_of(p), W / 2.0, y, W - 160.0);
    }
    // The lessons in two numbered columns.
    ctx.set_text_align("left");
    ctx.set_font("17px system-ui,sans-serif");
    for (i, a) in titles.iter().enumerate() {
        let _ = ctx.fill_text_with_max_width(
            &format!("{}. {}", i + 1, text_of(a)),
            100.0 + 420.0 * (i / rows) as f64,
            345.0 + 34.0 * (i % rows) as f64,
            390.0,
        );
    }
    if let (Some(link), Ok(url)) = (one(host, "a.gdz-cert-download"), canvas.to_data_url()) {
        set(&link, "href", &url);
    }
}
