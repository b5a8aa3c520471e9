//! wasm-bindgen tests in headless Chromium for `<gdz-ball>`: it mounts, draws both balls,
//! reads them out, steps through the shared timeline, and survives hostile attributes.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn add(attrs: &[(&str, &str)]) -> HtmlElement {
    gdz::web::register();
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element("gdz-ball").unwrap().dyn_into().unwrap();
    el.style().set_property("width", "400px").unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn find<T: JsCast>(el: &HtmlElement, selector: &str) -> T {
    el.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap_or_else(|_| panic!("{selector} has another type"))
}

fn text(el: &HtmlElement, selector: &str) -> String {
    find::<HtmlElement>(el, selector)
        .text_content()
        .unwrap_or_default()
}

fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    ctx.get_image_data(0.0, 0.0, w, h).unwrap().data().to_vec()
}

fn colours(px: &[u8]) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in px.chunks(4) {
        seen.insert((p[0], p[1], p[2]));
    }
    seen.len()
}

#[wasm_bindgen_test]
fn mounts_draws_and_steps() {
    let el = add(&[("lr", "0.01"), ("start", "-1"), ("momentum", "0.9")]);
    let canvas: HtmlCanvasElement = find(&el, "canvas");
    assert!(canvas.width() > 100, "canvas width {}", canvas.width());
    let end = pixels(&canvas);
    assert!(colours(&end) > 20);
    let table = text(&el, ".gdz-table");
    // Lesson 4's numbers: the plain ball stalls near the flat point, the other converges.
    assert!(
        table.contains("−0.0337") && table.contains("converged"),
        "{table}"
    );
    assert!(!table.contains("NaN"), "{table}");
    // Reset, then Step: both balls move to step 1, and the picture changes.
    let buttons = el.query_selector_all(".gdz-timeline button").unwrap();
    let click = |i: u32| {
        buttons
            .get(i)
            .unwrap()
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    };
    click(2);
    assert_eq!(text(&el, ".gdz-step"), "step 0 of 300");
    click(1);
    assert_eq!(text(&el, ".gdz-step"), "step 1 of 300");
    // f'(−1) = −13: both balls step to −1 + 0.01·13 = −0.87.
    let table = text(&el, ".gdz-table");
    assert!(table.matches("−0.87").count() == 2, "{table}");
    assert_ne!(pixels(&canvas), end);
    let label = canvas.get_attribute("aria-label").unwrap();
    assert!(label.contains("Step 1 of 300"), "{label}");
    el.remove();
    assert!(el.query_selector("canvas").unwrap().is_none());
}

#[wasm_bindgen_test]
fn hostile_attributes_become_a_notice_not_markup() {
    let el = add(&[
        ("surface", "himmelblau"),
        ("lr", "<b>fast</b>"),
        ("start", "NaN"),
        ("momentum", "1e308"),
        ("controls", "momentum,<i>"),
    ]);
    let notice: HtmlElement = find(&el, ".gdz-notice");
    assert!(!notice.hidden());
    let t = notice.text_content().unwrap();
    for name in ["surface", "lr", "start", "momentum", "controls"] {
        assert!(t.contains(&format!("{name}:")), "{name} missing: {t}");
    }
    assert!(el.query_selector("b, i").unwrap().is_none());
    let canvas: HtmlCanvasElement = find(&el, "canvas");
    assert!(colours(&pixels(&canvas)) > 20);
    el.remove();
}

#[wasm_bindgen_test]
fn hidden_controls_stay_hidden() {
    let el = add(&[("controls", "momentum")]);
    let labels = el.query_selector_all(".gdz-controls label").unwrap();
    let hidden: Vec<bool> = (0..labels.length())
        .map(|i| {
            labels
                .get(i)
                .unwrap()
                .dyn_into::<HtmlElement>()
                .unwrap()
                .hidden()
        })
        .collect();
    assert_eq!(hidden, vec![true, true, false]);
    assert!(el.query_selector(".gdz-tools").unwrap().is_none());
    el.remove();
}
