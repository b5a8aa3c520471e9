//! `<gdz-certificate>`: the certificate page's box. While lessons remain it lists them
//! (copies of the page's own lesson links); once every lesson is complete it shows the
//! certificate (the reader's name, the date, the lessons), draws the same on a canvas
//! and offers that as a PNG download.
//!
//! The box's structure comes from constant markup; every text, above all the name the
//! reader types (at most [`MAX_NAME`] characters), goes in through `textContent` or
//! canvas text, never as markup.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlInputElement};

use super::{each, flag, listen, one, set, text, text_of};
use crate::core::progress;
use crate::web::canvas;

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

/// Fills `host` from the progress shown on the page; `json` is the page's lesson list.
pub fn render(root: &Element, host: &Element, json: &str) {
    // The page's lessons; `render` in the parent module has flagged the done ones.
    const LESSONS: &str = ".gdz-certificate-lessons li[data-lesson]";
    let (mut n, mut k) = (0, 0);
    each(root, LESSONS, &mut |li| {
        n += 1;
        k += usize::from(li.has_attribute("data-done"));
    });
    let all_done = k == n && n > 0;
    host.set_inner_html(if all_done { CERTIFICATE } else { REMAINING });
    if let Some(list) = one(host, "ul, ol") {
        // Copies of the page's own links: all of them, or those still to do.
        each(root, LESSONS, &mut |li| {
            if all_done || !li.has_attribute("data-done") {
                if let Ok(copy) = li.clone_node_with_deep(true) {
                    let _ = list.append_child(&copy);
                }
            }
        });
    }
    let site = progress::string_fields(json, "site");
    let site = site.first().unwrap_or(&"the course");
    let date: String = js_sys::Date::new_0().to_date_string().into();
    for (sel, t) in [
        (".gdz-cert-status", format!("You have completed {k} of {n} lessons. Your certificate appears here once all of them are complete. Still to do:")),
        (".gdz-cert-line", format!("has completed all {n} lessons of {site}")),
        (".gdz-cert-date", date),
    ] {
        if let Some(p) = one(host, sel) {
            text(&p, &t);
        }
    }
    if let Some(input) = one(host, "input") {
        listen(&input, "input");
    }
    show_name(host, "");
}

/// The reader typed in the name box.
pub fn on_input(host: &Element, input: &Element) {
    let value = input.unchecked_ref::<HtmlInputElement>().value();
    let name = value.trim();
    // At most MAX_NAME characters (the box's maxlength already holds typing to that).
    let end = name
        .char_indices()
        .nth(MAX_NAME)
        .map_or(name.len(), |(i, _)| i);
    show_name(host, name.get(..end).unwrap_or_default());
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
    // The card's texts in order: kicker, name, line, date, then the lessons.
    let mut lines = Vec::new();
    each(&card, "p, li a", &mut |e| lines.push(text_of(&e)));
    let h = 240.0 + 30.0 * lines.len() as f64;
    // The selector matched a <canvas>.
    let canvas: HtmlCanvasElement = canvas.unchecked_into();
    canvas.set_width(W as u32);
    canvas.set_height(h as u32);
    let Ok(ctx) = canvas::context(&canvas) else {
        return;
    };
    #[allow(deprecated)] // the form plotters' canvas backend uses, so its glue is shared
    let fill = |c: &str| ctx.set_fill_style(&JsValue::from_str(c));
    // A white page in an accent frame.
    fill(ACCENT);
    ctx.fill_rect(0.0, 0.0, W, h);
    fill("#fff");
    ctx.fill_rect(10.0, 10.0, W - 20.0, h - 20.0);
    ctx.set_text_align("center");
    let mut y = 60.0;
    for (i, t) in lines.iter().enumerate() {
        let (font, gap) = match i {
            0 => ("600 22px system-ui,sans-serif", 40.0),
            1 => ("bold 50px Georgia,serif", 76.0),
            2 => ("22px system-ui,sans-serif", 50.0),
            3 => ("18px system-ui,sans-serif", 36.0),
            _ => (
                "18px system-ui,sans-serif",
                if i == 4 { 60.0 } else { 30.0 },
            ),
        };
        fill(if i == 0 { ACCENT } else { INK });
        ctx.set_font(font);
        y += gap;
        let _ = ctx.fill_text_with_max_width(t, W / 2.0, y, W - 120.0);
    }
    if let (Some(link), Ok(url)) = (one(host, "a.gdz-cert-download"), canvas.to_data_url()) {
        set(&link, "href", &url);
    }
}
