//! wasm-bindgen tests in headless Chromium for `<gdz-landscape>` and `<gdz-anatomy>`:
//! they mount, draw, answer keys and clicks, and leave nothing behind when removed.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, KeyboardEvent, KeyboardEventInit,
};

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

fn find<T: JsCast>(el: &HtmlElement, sel: &str) -> T {
    el.query_selector(sel).unwrap().unwrap().dyn_into().unwrap()
}

fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    ctx.get_image_data(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    )
    .unwrap()
    .data()
    .to_vec()
}

fn colours(px: &[u8]) -> usize {
    px.chunks(4)
        .map(|p| (p[0], p[1], p[2]))
        .collect::<std::collections::HashSet<_>>()
        .len()
}

#[wasm_bindgen_test]
fn landscape_draws_and_turns_with_the_keys() {
    let el = add(
        "gdz-landscape",
        &[
            ("surface", "rosenbrock"),
            ("optimizers", "adam(lr=0.05)"),
            ("view", "10,40,1"),
        ],
    );
    let canvas: HtmlCanvasElement = find(&el, "canvas");
    let before = pixels(&canvas);
    assert!(colours(&before) > 100, "{}", colours(&before));
    let label = canvas.get_attribute("aria-label").unwrap();
    assert!(
        label.contains("rosenbrock") && label.contains("turned 10°, tilted 40°"),
        "{label}"
    );
    let init = KeyboardEventInit::new();
    init.set_key("ArrowLeft");
    init.set_cancelable(true);
    let key = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    canvas.dispatch_event(&key).unwrap();
    assert!(key.default_prevented());
    let label = canvas.get_attribute("aria-label").unwrap();
    assert!(label.contains("turned 0°, tilted 40°"), "{label}");
    assert_ne!(pixels(&canvas), before);
    let notice: HtmlElement = find(&el, ".gdz-notice");
    assert!(notice.hidden());
    el.remove();
    assert!(el.query_selector("canvas").unwrap().is_none());
}

#[wasm_bindgen_test]
fn anatomy_steps_and_switches_parts() {
    let el = add(
        "gdz-anatomy",
        &[
            ("optimizer", "adam(lr=0.05)"),
            ("surface", "quadratic(a=1, b=25)"),
            ("start", "-1.5,1.2"),
        ],
    );
    let canvas: HtmlCanvasElement = find(&el, "canvas");
    assert!(colours(&pixels(&canvas)) > 50);
    let buttons = el.query_selector_all(".gdz-timeline button").unwrap();
    let step: HtmlElement = buttons.get(1).unwrap().dyn_into().unwrap();
    assert_eq!(step.text_content().unwrap(), "Step");
    step.click();
    let last_row = |el: &HtmlElement| {
        let rows = el.query_selector_all("tbody tr").unwrap();
        rows.get(rows.length() - 1).unwrap().text_content().unwrap()
    };
    assert_eq!(last_row(&el), "step Δθ0.05−0.05");
    let bias: web_sys::HtmlInputElement = find(&el, ".gdz-check input");
    bias.click();
    assert_eq!(last_row(&el), "step Δθ0.1581−0.1581");
    el.remove();
    assert!(el.query_selector("table").unwrap().is_none());
}
