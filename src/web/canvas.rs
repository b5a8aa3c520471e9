//! Canvas plumbing: crisp sizing on high-DPI screens, theme colours from CSS, and putting
//! an RGBA buffer on a canvas in one call.

use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, ImageData};

use crate::render::{Rgb, Theme};

/// Sizes `canvas` to `css_w × css_h` CSS pixels at the device's pixel ratio; returns
/// the ratio. Does nothing (and returns the ratio) when the size is unchanged.
pub fn fit(canvas: &HtmlCanvasElement, css_w: f64, css_h: f64) -> f64 {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0);
    let (w, h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w.max(1));
        canvas.set_height(h.max(1));
    }
    dpr
}

/// The 2-D context of a canvas.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2-D canvas context"))?
        .dyn_into()
        .map_err(|_| JsValue::from_str("no 2-D canvas context"))
}

/// A plotters backend drawing on `canvas`.
pub fn backend(canvas: &HtmlCanvasElement) -> Result<CanvasBackend, JsValue> {
    CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsValue::from_str("no 2-D canvas context"))
}

/// A canvas that is never attached to the page, for cached backgrounds.
pub fn offscreen() -> Result<HtmlCanvasElement, JsValue> {
    super::dom::doc()?
        .create_element("canvas")?
        .dyn_into()
        .map_err(|_| JsValue::from_str("no canvas"))
}

/// Colours from the host's CSS custom properties `--gdz-bg` and `--gdz-fg` (`#rrggbb`).
pub fn theme(host: &HtmlElement, scale: f64) -> Theme {
    let mut t = Theme {
        scale,
        ..Theme::default()
    };
    let style = web_sys::window().and_then(|w| w.get_computed_style(host).ok().flatten());
    if let Some(s) = style {
        let read = |name: &str| {
            s.get_property_value(name)
                .ok()
                .and_then(|v| Rgb::parse_hex(&v))
        };
        if let Some(c) = read("--gdz-bg") {
            t.bg = c;
        }
        if let Some(c) = read("--gdz-fg") {
            t.fg = c;
        }
    }
    t
}

/// Puts `w × h` RGBA bytes on the context at `(x, y)`.
pub fn put_rgba(
    ctx: &CanvasRenderingContext2d,
    rgba: &[u8],
    w: u32,
    h: u32,
    x: f64,
    y: f64,
) -> Result<(), JsValue> {
    if w == 0 || h == 0 {
        return Ok(());
    }
    let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)?;
    ctx.put_image_data(&img, x, y)
}
