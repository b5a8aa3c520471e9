//! wasm-bindgen tests in headless Chromium for `<gdz-race>` and `<gdz-schedules>`:
//! they mount, draw, fill their table or read-outs from live runs, and turn hostile
//! attributes into a notice.
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

fn text(el: &HtmlElement, selector: &str) -> String {
    el.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn distinct_colours(el: &HtmlElement) -> usize {
    let canvas: HtmlCanvasElement = el
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let data = ctx.get_image_data(0.0, 0.0, w, h).unwrap().data();
    let mut seen = std::collections::HashSet::new();
    for px in data.chunks(4) {
        seen.insert((px[0], px[1], px[2]));
    }
    seen.len()
}

#[wasm_bindgen_test]
fn race_ranks_live_runs_in_its_table() {
    let el = add(
        "gdz-race",
        &[
            ("surface", "quadratic(a=1, b=10)"),
            ("optimizers", "sgd(lr=0.21); sgd(lr=0.18)"),
            ("start", "-1.5,1.2"),
            ("steps", "200"),
        ],
    );
    assert!(distinct_colours(&el) > 50);
    assert_eq!(text(&el, "caption"), "Results at step 200 of 200");
    let first = text(&el, "tbody tr:first-child");
    assert!(
        first.contains("sgd(lr=0.18)") && first.contains("37converged"),
        "{first}"
    );
    let last = text(&el, "tbody tr:last-child");
    assert!(
        last.contains("sgd(lr=0.21)") && last.contains("diverged"),
        "{last}"
    );
    assert!(!text(&el, "table").contains("NaN"));
    el.remove();
    assert!(el.query_selector("canvas").unwrap().is_none());
}

#[wasm_bindgen_test]
fn race_hostile_attributes_become_a_notice() {
    let el = add(
        "gdz-race",
        &[
            ("optimizers", "<b>x</b>; sgd"),
            ("start", "1e309,0"),
            ("steps", "0"),
        ],
    );
    let notice = text(&el, ".gdz-notice");
    for word in ["optimizers", "start", "steps"] {
        assert!(notice.contains(word), "{notice}");
    }
    assert!(el.query_selector("b").unwrap().is_none());
    assert!(distinct_colours(&el) > 50);
    el.remove();
}

#[wasm_bindgen_test]
fn schedules_read_out_the_rates_a_run_uses() {
    let el = add(
        "gdz-schedules",
        &[
            ("schedules", "constant; exponential(gamma=0.5)"),
            ("lr", "0.8"),
            ("steps", "10"),
            ("off", "2"),
        ],
    );
    assert!(distinct_colours(&el) > 10);
    let rows = el.query_selector_all(".gdz-sched-list li").unwrap();
    assert_eq!(rows.length(), 2);
    assert_eq!(text(&el, "li:first-child output"), "0.8");
    assert_eq!(text(&el, "li:last-child output"), "off");
    let notice: HtmlElement = el
        .query_selector(".gdz-notice")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(notice.hidden(), "{:?}", notice.text_content());
    let label = el
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap();
    assert!(label.contains("At step 0: constant 0.8;"), "{label}");
    assert!(!label.contains("exponential"), "{label}");
    el.remove();
}

#[wasm_bindgen_test]
fn schedules_hostile_attributes_become_a_notice() {
    let el = add(
        "gdz-schedules",
        &[("schedules", "<img src=x>"), ("lr", "NaN"), ("off", "99")],
    );
    let notice = text(&el, ".gdz-notice");
    for word in ["schedules", "lr", "off"] {
        assert!(notice.contains(word), "{notice}");
    }
    assert!(el.query_selector("img").unwrap().is_none());
    // The default set.
    assert_eq!(
        el.query_selector_all(".gdz-sched-list li")
            .unwrap()
            .length(),
        5
    );
    el.remove();
}
