//! The controls widgets are built from: sliders, text fields for exact settings,
//! buttons and colour swatches.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::dom::{child, fmt, text_child};
use super::readout::round3;
use crate::core::num::fmt_fixed;
use crate::core::spec::fmt_num;
use crate::render::Rgb;

/// A labelled slider with its value shown beside it.
pub struct Slider {
    /// The range input.
    pub input: HtmlInputElement,
    /// The value read-out.
    pub out: HtmlElement,
    log: bool,
}

impl Slider {
    /// A slider from `lo` to `hi` starting at `value`, on a log scale when `log`.
    /// `key` draws a colour swatch (the run's colour) before the label. It steps by
    /// 0.01 (of the exponent on a log scale); a caller with another range sets its own step.
    pub fn new(
        parent: &Element,
        label: &str,
        key: Option<Rgb>,
        (lo, hi): (f64, f64),
        value: f64,
        log: bool,
    ) -> Result<Slider, JsValue> {
        let l = child(parent, "label", "gdz-slider")?;
        if let Some(c) = key {
            swatch(&l, c)?;
        }
        text_child(&l, "span", "", label)?;
        let input: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        input.set_type("range");
        let map = |x: f64| if log { x.max(1e-300).log10() } else { x };
        input.set_min(&fmt_num(map(lo)));
        input.set_max(&fmt_num(map(hi)));
        input.set_step("0.01");
        let out = text_child(&l, "output", "gdz-value", "")?;
        let s = Slider { input, out, log };
        s.set(crate::core::num::clamp(value, lo, hi));
        Ok(s)
    }

    /// The slider's value (on the linear scale).
    pub fn value(&self) -> f64 {
        let v = self.input.value_as_number();
        let v = if v.is_finite() { v } else { 0.0 };
        if self.log {
            round3(10f64.powf(v))
        } else {
            v
        }
    }

    /// Moves the slider to `x` and shows it.
    pub fn set(&self, x: f64) {
        let v = if self.log { x.max(1e-300).log10() } else { x };
        self.input.set_value(&fmt_fixed(v, 4));
        self.show(x);
    }

    /// Shows `x` as the value (after the reader moved the slider).
    pub fn show(&self, x: f64) {
        let text = fmt(x);
        self.out.set_text_content(Some(&text));
        let _ = self.input.set_attribute("aria-valuetext", &text);
    }
}

/// A labelled text field for a setting typed exactly (a spec, a point, a number), with
/// a message shown beside it when what was typed is not accepted.
pub struct Field {
    /// The text input.
    pub input: HtmlInputElement,
    msg: HtmlElement,
}

impl Field {
    /// A field labelled `label` holding `value`.
    pub fn new(parent: &Element, label: &str, value: &str) -> Result<Field, JsValue> {
        let l = child(parent, "label", "gdz-field")?;
        text_child(&l, "span", "", label)?;
        let input: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        input.set_value(value);
        input.set_attribute("spellcheck", "false")?;
        let msg = child(&l, "small", "gdz-field-error")?;
        msg.set_attribute("aria-live", "polite")?;
        Ok(Field { input, msg })
    }

    /// Shows why the text was not accepted, or clears the message.
    pub fn error(&self, e: Option<&str>) {
        self.msg.set_text_content(e);
        let _ = self
            .input
            .set_attribute("aria-invalid", if e.is_some() { "true" } else { "false" });
    }
}

/// A colour swatch (a run's colour, as in a legend) in `parent`.
pub fn swatch(parent: &Element, c: Rgb) -> Result<HtmlElement, JsValue> {
    let k = child(parent, "span", "gdz-key")?;
    k.style()
        .set_property("background", &super::canvas::css_rgb(c))?;
    Ok(k)
}

/// A button with a text label.
pub fn button(parent: &Element, text: &str) -> Result<HtmlElement, JsValue> {
    let b = text_child(parent, "button", "", text)?;
    b.set_attribute("type", "button")?;
    Ok(b)
}
