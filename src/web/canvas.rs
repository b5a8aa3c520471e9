//! Canvas plumbing: the plotters backend that draws on an HTML canvas, crisp sizing on
//! high-DPI screens, theme colours from CSS, and putting an RGBA buffer on a canvas in one
//! call.
//!
//! The backend writes colours and font sizes with the core's own number formatting
//! rather than std's float formatting, which would add about 10 KB (gzipped) to every
//! page's wasm; it is the reason this crate draws through its own backend rather than
//! plotters-canvas.

use plotters::prelude::IntoDrawingArea;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle};
use plotters_backend::{DrawingBackend, DrawingErrorKind, FontTransform};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, ImageData};

use crate::render::{Rgb, Theme};

/// Sizes `canvas` to `css_w × css_h` CSS pixels at the device's pixel ratio; returns
/// the ratio. Does nothing (and returns the ratio) when the size is unchanged.
pub fn fit(canvas: &HtmlCanvasElement, css_w: f64, css_h: f64) -> f64 {
    let dpr = crate::core::num::clamp(
        web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()),
        1.0,
        4.0,
    );
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
    Ok(CanvasBackend {
        ctx: context(canvas)?,
        size: (canvas.width(), canvas.height()),
        set: Styles::default(),
        segments: None,
    })
}

/// A plotters drawing area on all of `canvas`, filled with `theme`'s background colour.
pub fn cleared(canvas: &HtmlCanvasElement, theme: &Theme) -> Result<Area, JsValue> {
    let root = backend(canvas)?.into_drawing_area();
    root.fill(&theme.bg.to_plotters())
        .map_err(|e| super::dom::js_error(crate::core::Error::draw(e)))?;
    Ok(root)
}

/// A drawing area on a whole canvas.
pub type Area = plotters::drawing::DrawingArea<CanvasBackend, plotters::coord::Shift>;

/// Draws plotters' primitives with a canvas's 2-D context.
pub struct CanvasBackend {
    ctx: CanvasRenderingContext2d,
    size: (u32, u32),
    /// The styles last set on the context by this backend: a style is set only when it
    /// changes (each setter passes a string to the browser, which parses it; a chart's
    /// dozen tick labels share one font).
    set: Styles,
    /// The style of the lines gathered into the current path, if any: lines
    /// ([`DrawingBackend::draw_line`]) of one style are stroked together, when a call of
    /// another kind or style comes or the backend is dropped. A heatmap's contours are
    /// thousands of segments, and a stroke each would have the browser raster thousands
    /// of paths.
    segments: Option<(Colour, u32)>,
}

/// See [`CanvasBackend::set`].
#[derive(Default)]
struct Styles {
    fill: Option<Colour>,
    stroke: Option<Colour>,
    width: u32,
    font: String,
    anchor: (&'static str, &'static str),
}

/// A colour as the backend compares it: red, green, blue and alpha.
type Colour = ((u8, u8, u8), f64);

/// A drawing call the canvas refused.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

// SAFETY: wasm32-unknown-unknown without atomics has one thread; the error is a plain
// string either way.
unsafe impl Send for CanvasError {}
// SAFETY: as above.
unsafe impl Sync for CanvasError {}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

fn failed(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(super::dom::message(&e)))
}

/// `rgb(r,g,b)` of a colour, for CSS.
pub fn css_rgb(c: Rgb) -> String {
    css_color(BackendColor {
        alpha: 1.0,
        rgb: (c.0, c.1, c.2),
    })
}

/// `rgb(r,g,b)` or `rgba(r,g,b,a)` for a canvas style.
fn css_color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    let mut s = String::with_capacity(24);
    s.push_str(if c.alpha >= 1.0 { "rgb(" } else { "rgba(" });
    for (i, v) in [r, g, b].iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&v.to_string());
    }
    if c.alpha < 1.0 {
        s.push(',');
        s.push_str(&crate::core::num::fmt_fixed(c.alpha.max(0.0), 3));
    }
    s.push(')');
    s
}

impl CanvasBackend {
    fn stroke_style(&mut self, c: BackendColor, w: u32) {
        if self.set.stroke != Some((c.rgb, c.alpha)) {
            self.ctx.set_stroke_style_str(&css_color(c));
            self.set.stroke = Some((c.rgb, c.alpha));
        }
        if w != self.set.width {
            self.ctx.set_line_width(f64::from(w));
            self.set.width = w;
        }
    }

    fn fill_style(&mut self, c: BackendColor) {
        if self.set.fill != Some((c.rgb, c.alpha)) {
            self.ctx.set_fill_style_str(&css_color(c));
            self.set.fill = Some((c.rgb, c.alpha));
        }
    }

    /// Strokes the gathered segments, if any.
    fn flush(&mut self) {
        if self.segments.take().is_some() {
            self.ctx.stroke();
        }
    }

    /// Begins a path through `points`, leaving out a point on the same pixel as the one
    /// before it (a converged run's last hundreds of steps are one pixel: each point is a
    /// call into the browser).
    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>) {
        self.ctx.begin_path();
        let mut last = None;
        for p in points {
            if last == Some(p) {
                continue;
            }
            let (x, y) = (f64::from(p.0), f64::from(p.1));
            if last.is_none() {
                self.ctx.move_to(x, y);
            } else {
                self.ctx.line_to(x, y);
            }
            last = Some(p);
        }
    }
}

impl DrawingBackend for CanvasBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        self.flush();
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        self.flush();
        if color.alpha > 0.0 {
            self.fill_style(color);
            self.ctx.fill_rect(f64::from(x), f64::from(y), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        let (c, w) = (style.color(), style.stroke_width());
        if c.alpha <= 0.0 {
            return Ok(());
        }
        let kind = Some(((c.rgb, c.alpha), w));
        if self.segments != kind {
            self.flush();
            self.stroke_style(c, w);
            self.ctx.begin_path();
            self.segments = kind;
        }
        self.ctx.move_to(f64::from(from.0), f64::from(from.1));
        self.ctx.line_to(f64::from(to.0), f64::from(to.1));
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.flush();
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(x0), f64::from(y0));
        let (w, h) = (f64::from(x1 - x0), f64::from(y1 - y0));
        if fill {
            self.fill_style(style.color());
            self.ctx.fill_rect(x, y, w, h);
        } else {
            self.stroke_style(style.color(), style.stroke_width());
            self.ctx.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.flush();
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.stroke_style(style.color(), style.stroke_width());
        self.trace(path);
        self.ctx.stroke();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        self.flush();
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.fill_style(style.color());
        self.trace(vert);
        self.ctx.close_path();
        self.ctx.fill();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.flush();
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.ctx.begin_path();
        self.ctx
            .arc(
                f64::from(x),
                f64::from(y),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(failed)?;
        if fill {
            self.fill_style(style.color());
            self.ctx.fill();
        } else {
            self.stroke_style(style.color(), style.stroke_width());
            self.ctx.stroke();
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Drawn {
        self.flush();
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        };
        if turn != 0.0 {
            self.ctx.save();
            let ctx = &self.ctx;
            ctx.translate(f64::from(x), f64::from(y)).map_err(failed)?;
            ctx.rotate(turn * std::f64::consts::TAU).map_err(failed)?;
        }
        let anchor = style.anchor();
        let anchor = (
            match anchor.v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
            match anchor.h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            },
        );
        if anchor != self.set.anchor {
            self.ctx.set_text_baseline(anchor.0);
            self.ctx.set_text_align(anchor.1);
            self.set.anchor = anchor;
        }
        self.fill_style(color);
        let font = [
            style.style().as_str(),
            &(crate::core::num::fmt_fixed(style.size(), 1) + "px"),
            style.family().as_str(),
        ]
        .join(" ");
        if font != self.set.font {
            self.ctx.set_font(&font);
            self.set.font = font;
        }
        let at = if turn != 0.0 {
            (0.0, 0.0)
        } else {
            (f64::from(x), f64::from(y))
        };
        let drawn = self.ctx.fill_text(text, at.0, at.1).map_err(failed);
        if turn != 0.0 {
            // restore() puts back the styles from before save(): forget what was set.
            self.ctx.restore();
            self.set = Styles::default();
        }
        drawn
    }
}

impl Drop for CanvasBackend {
    fn drop(&mut self) {
        self.flush();
    }
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

thread_local! {
    /// Counts the page's colour-scheme changes (see [`theme_changed`]).
    static THEME_EPOCH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Marks every [`Layers`]' theme as out of date: the page's colour scheme changed, and
/// each re-reads its colours at its next fit.
pub fn theme_changed() {
    THEME_EPOCH.with(|e| e.set(e.get().wrapping_add(1)));
}

/// A canvas's size and theme, and an optional cached background layer under it.
///
/// A widget's canvas is as wide as its box and as high as a share of that width within
/// bounds. [`Layers::fit`] sizes the canvas (and the background) to it and re-reads the
/// theme at the new pixel density, only when the size changed, and says so: that is when
/// the background must be drawn again (and likewise after [`theme_changed`]).
/// [`Layers::under`] draws what changes only with the size (and the widget's data) and
/// keeps it on the background; [`Layers::blit`] puts the background on the canvas.
/// The canvas itself stays with the widget, which hands it to each call.
pub struct Layers {
    host: HtmlElement,
    /// The cached background, if the widget keeps one.
    pub background: Option<HtmlCanvasElement>,
    /// Colours and pixel density in use.
    pub theme: Theme,
    css_width: f64,
    drawn_for: (f64, f64),
    /// The colour-scheme count when the theme was read.
    epoch: u32,
    /// The background holds what [`Layers::under`] last drew.
    cached: bool,
}

impl Layers {
    /// Sizing for a canvas whose theme comes from `host`, with an offscreen background
    /// when `background` is set.
    pub fn new(host: &HtmlElement, background: bool) -> Result<Layers, JsValue> {
        Ok(Layers {
            host: host.clone(),
            background: if background { Some(offscreen()?) } else { None },
            theme: Theme::default(),
            css_width: 0.0,
            drawn_for: (0.0, 0.0),
            epoch: THEME_EPOCH.with(std::cell::Cell::get),
            cached: false,
        })
    }

    /// Reads `canvas`'s laid-out width. Call it when the layout may have changed (on
    /// mount and on resize), never per input: reading layout after the page changed
    /// forces the browser to lay the page out again, synchronously.
    pub fn measure(&mut self, canvas: &HtmlCanvasElement) {
        self.css_width = f64::from(canvas.client_width().max(1));
    }

    /// Sizes `canvas` and the background to the measured width (measured now if it never
    /// was) and `ratio` times it in height, within `[lo, hi]` CSS pixels, and re-reads the
    /// theme; all only when that size changed since the last fit, which it returns.
    pub fn fit(&mut self, canvas: &HtmlCanvasElement, (ratio, lo, hi): (f64, f64, f64)) -> bool {
        if self.css_width <= 0.0 {
            self.measure(canvas);
        }
        let w = self.css_width;
        let h = crate::core::num::clamp(w * ratio, lo, hi);
        let epoch = THEME_EPOCH.with(std::cell::Cell::get);
        if (w, h) == self.drawn_for && epoch == self.epoch {
            return false;
        }
        self.epoch = epoch;
        let scale = fit(canvas, w, h);
        if let Some(bg) = &self.background {
            fit(bg, w, h);
        }
        self.theme = theme(&self.host, scale);
        self.drawn_for = (w, h);
        true
    }

    /// Makes the next [`Layers::fit`] report a change (the background's content changed).
    pub fn invalidate(&mut self) {
        self.drawn_for = (0.0, 0.0);
    }

    /// Puts what `draw` draws (the part of a picture that changes only with the size,
    /// the colours or the widget's data) on `canvas`, for the rest to be drawn over it.
    ///
    /// When that part changed (`fresh`: [`Layers::fit`] reported a change, or the data
    /// did), `draw` draws it straight on the canvas: copying a background just drawn
    /// would make the browser raster it inside this call (on a widget's first draw, most
    /// of its mount; on a slider's input, most of its work). The next call draws it once
    /// on the background, and every call after that copies the background. What fails to
    /// draw is drawn again at the next call.
    pub fn under(
        &mut self,
        canvas: &HtmlCanvasElement,
        fresh: bool,
        draw: impl Fn(&HtmlCanvasElement, &Theme) -> Result<(), JsValue>,
    ) -> Result<(), JsValue> {
        if fresh {
            self.cached = false;
            return draw(canvas, &self.theme).inspect_err(|_| self.invalidate());
        }
        let Some(bg) = &self.background else {
            return draw(canvas, &self.theme);
        };
        if !self.cached {
            draw(bg, &self.theme).inspect_err(|_| self.invalidate())?;
            self.cached = true;
        }
        self.blit(canvas)
    }

    /// Copies the background onto `canvas`.
    pub fn blit(&self, canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
        if let Some(bg) = &self.background {
            context(canvas)?.draw_image_with_html_canvas_element(bg, 0.0, 0.0)?;
        }
        Ok(())
    }
}
