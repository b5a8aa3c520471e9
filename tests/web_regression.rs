//! wasm-bindgen tests in headless Chromium for `<gdz-regression>`: it mounts, draws the
//! data and the loss surface, steps, refits when a point moves, and survives hostile
//! attributes.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn add(attrs: &[(&str, &str)]) -> HtmlElement {
    gdz::web::register();
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc
        .create_element("gdz-regression")
        .unwrap()
        .dyn_into()
        .unwrap();
    el.style().set_property("width", "600px").unwrap();
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

fn fire(target: &web_sys::EventTarget, name: &str) {
    target.dispatch_event(&Event::new(name).unwrap()).unwrap();
}

#[wasm_bindgen_test]
fn steps_through_the_worked_example() {
    let el = add(&[]);
    assert_eq!(el.query_selector_all("canvas").unwrap().length(), 2);
    assert_eq!(
        text(&el, ".gdz-readout"),
        "Step 0: w = 0.5, b = 0.1, ∂L/∂w = −13.6, ∂L/∂b = −5.8, loss L = 9.91."
    );
    let step: HtmlElement = el
        .query_selector_all(".gdz-timeline button")
        .unwrap()
        .get(1)
        .unwrap()
        .dyn_into()
        .unwrap();
    step.click();
    assert_eq!(
        text(&el, ".gdz-readout"),
        "Step 1: w = 0.636, b = 0.158, ∂L/∂w = −12.1, ∂L/∂b = −5.14, loss L = 7.845."
    );
    el.remove();
    assert!(el.query_selector("canvas").unwrap().is_none());
}

#[wasm_bindgen_test]
fn typing_a_coordinate_refits() {
    let el = add(&[("points", "[[0,1],[1,3]]"), ("w", "0"), ("b", "0")]);
    let pick: HtmlSelectElement = find(&el, "select");
    assert_eq!(pick.length(), 2);
    pick.set_selected_index(1);
    fire(&pick, "change");
    let inputs = el.query_selector_all("input[type=number]").unwrap();
    let y: HtmlInputElement = inputs.get(1).unwrap().dyn_into().unwrap();
    assert_eq!(y.value(), "3");
    y.set_value("5");
    fire(&y, "input");
    // Residuals −1 and −5: L = (1 + 25)/2 = 13.
    let now = text(&el, ".gdz-readout");
    assert!(now.ends_with("loss L = 13."), "{now}");
    assert_eq!(pick.item(1).unwrap().text_content().unwrap(), "2 (1, 5)");
    // A value that is not a number changes nothing.
    y.set_value("");
    fire(&y, "input");
    assert_eq!(text(&el, ".gdz-readout"), now);
    el.remove();
}

#[wasm_bindgen_test]
fn hostile_attributes_become_a_notice_not_markup() {
    let el = add(&[
        ("points", "[[1,2]]), evil=(<b>x</b>"),
        ("b", "-1e309"),
        ("lr", "0"),
        ("optimizer", "adam(beta1=2)"),
    ]);
    let notice: HtmlElement = find(&el, ".gdz-notice");
    assert!(!notice.hidden());
    let t = notice.text_content().unwrap();
    for name in ["points", "b", "lr", "optimizer"] {
        assert!(t.contains(&format!("{name}:")), "{name} missing: {t}");
    }
    assert!(el.query_selector("b").unwrap().is_none());
    assert!(text(&el, ".gdz-readout").starts_with("Step 0: w = 0.5, b = 0.1,"));
    el.remove();
}
