//! wasm-bindgen tests in headless Chromium: the custom elements mount, draw, and
//! survive hostile attributes.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn add(tag: &str, attrs: &[(&str, &str)]) -> HtmlElement {
    gdz::web::register();
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element(tag).unwrap().dyn_into().unwrap();
    el.style().set_property("width", "400px").unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn distinct_colours(canvas: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    let mut seen = std::collections::HashSet::new();
    for px in data.chunks(4) {
        seen.insert((px[0], px[1], px[2]));
    }
    seen.len()
}

#[wasm_bindgen_test]
fn playground_mounts_and_draws() {
    let el = add(
        "gdz-playground",
        &[
            ("surface", "quadratic(a=1, b=4)"),
            ("optimizer", "sgd(lr=0.1)"),
        ],
    );
    let canvas: HtmlCanvasElement = el
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(canvas.width() > 100, "canvas width {}", canvas.width());
    assert!(distinct_colours(&canvas) > 50);
    let readout = el
        .query_selector(".gdz-readout")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(readout.contains("η = 0.1"), "{readout}");
    let notice: HtmlElement = el
        .query_selector(".gdz-notice")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(notice.hidden());
    el.remove();
    // Unmounting clears the widget; nothing is left running.
    assert!(el.query_selector("canvas").unwrap().is_none());
}

#[wasm_bindgen_test]
fn hostile_attributes_become_a_notice_not_markup() {
    let el = add(
        "gdz-playground",
        &[
            ("optimizer", "<b>bold</b>"),
            ("start", "1e309,0"),
            ("steps", "-4"),
        ],
    );
    let notice: HtmlElement = el
        .query_selector(".gdz-notice")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(!notice.hidden());
    let text = notice.text_content().unwrap();
    assert!(
        text.contains("optimizer") && text.contains("start") && text.contains("steps"),
        "{text}"
    );
    assert!(el.query_selector("b").unwrap().is_none());
    let canvas: HtmlCanvasElement = el
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(distinct_colours(&canvas) > 50);
    el.remove();
}
