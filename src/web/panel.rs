//! A 2-D surface panel: the heatmap, contours, minima and axes drawn once into a cached
//! background, and run paths drawn on top each time a run changes.
//!
//! What a panel shows of its surface whatever its size (the heatmap, the contour lines
//! and the minima, a [`Backdrop`]) is computed once per surface on a page: panels of
//! the same surface spec share it (a comparison's two panels, a race beside them).

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, HtmlElement};

use super::canvas::{self, Layers};
use crate::core::grid::grid;
use crate::core::surface::{Bounds, Surface};
use crate::render::contour::{self, Segment};
use crate::render::plot2d::{self, Frame};
use crate::render::{Field, Rgb, Theme};

/// One canvas showing one surface.
pub struct Panel {
    /// The visible canvas.
    pub canvas: HtmlCanvasElement,
    layers: Layers,
    backdrop: Rc<Backdrop>,
}

/// What a panel draws of its surface whatever the panel's size.
struct Backdrop {
    bounds: [f64; 4],
    minima: Vec<(f64, f64)>,
    /// The sampled field's heatmap, a pixel per grid point, for
    /// [`Backdrop::draw`] to stretch over the plot.
    image: HtmlCanvasElement,
    /// The field's contour lines, in data coordinates.
    contours: Vec<Segment>,
}

/// How many backdrops are kept for reuse, the latest last.
const KEPT: usize = 4;

thread_local! {
    /// Backdrops by the spec of their surface.
    static BACKDROPS: RefCell<Vec<(String, Rc<Backdrop>)>> = const { RefCell::new(Vec::new()) };
}

impl Backdrop {
    /// The backdrop of `surface`, its heatmap painted on `image`.
    fn of(surface: &dyn Surface, image: HtmlCanvasElement) -> Result<Backdrop, JsValue> {
        let (bounds, minima, field) = parts(surface);
        paint(&image, &field)?;
        Ok(Backdrop {
            bounds,
            minima,
            image,
            contours: contour::lines(&field, 12),
        })
    }

    /// Draws the backdrop (heatmap, contours, minima, axes) on `target`.
    fn draw(&self, target: &HtmlCanvasElement, theme: &Theme) -> Result<(), JsValue> {
        let root = canvas::cleared(target, theme)?;
        let frame = Frame::new((target.width(), target.height()), self.bounds, theme);
        let plot = frame.plot(&root);
        // The grid points are cell centres, so the image's pixels, stretched edge to
        // edge over the plot, sit where their points are.
        canvas::context(target)?.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.image,
            f64::from(frame.left),
            f64::from(frame.top),
            f64::from(frame.width),
            f64::from(frame.height),
        )?;
        plot2d::draw_contours(&plot, &self.contours, theme).map_err(crate::web::dom::js_error)?;
        plot2d::draw_minima(&plot, &self.minima, theme).map_err(crate::web::dom::js_error)?;
        plot2d::draw_frame(&root, &frame, theme).map_err(crate::web::dom::js_error)
    }

    /// The backdrop of `surface`, built from the spec `key`: a kept one if there is
    /// one for `key` (an empty key is never shared).
    fn shared(surface: &dyn Surface, key: &str) -> Result<Rc<Backdrop>, JsValue> {
        if key.is_empty() {
            return Ok(Rc::new(Backdrop::of(surface, canvas::offscreen()?)?));
        }
        let kept = BACKDROPS.with(|b| {
            b.borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, d)| d.clone())
        });
        if let Some(d) = kept {
            return Ok(d);
        }
        let d = Rc::new(Backdrop::of(surface, canvas::offscreen()?)?);
        BACKDROPS.with(|b| {
            let mut b = b.borrow_mut();
            if b.len() == KEPT {
                b.remove(0);
            }
            b.push((key.to_string(), d.clone()));
        });
        Ok(d)
    }
}

/// A path to draw: flattened `[x0, y0, x1, y1, …]` points and a colour.
pub type Path<'a> = (&'a [f64], Rgb);

/// An arrow to draw: from, to (data coordinates) and a colour.
pub type Arrow = ((f64, f64), (f64, f64), Rgb);

impl Panel {
    /// A panel on `canvas` for `surface`, which the spec `key` built (panels of one key
    /// share what they draw of it; an empty key shares nothing); `host` supplies the
    /// theme colours.
    pub fn new(
        host: &HtmlElement,
        canvas: HtmlCanvasElement,
        surface: &dyn Surface,
        key: &str,
    ) -> Result<Panel, JsValue> {
        Ok(Panel {
            canvas,
            layers: Layers::new(host, true)?,
            backdrop: Backdrop::shared(surface, key)?,
        })
    }

    /// Shows `surface` from now on (the widget's data changed); the background is
    /// redrawn on the next [`Panel::draw`]. A surface that fails to draw leaves the old
    /// one.
    #[cfg(feature = "regression")]
    pub fn set_surface(&mut self, surface: &dyn Surface) {
        // A backdrop no other panel shows is painted over in place.
        let image = if Rc::strong_count(&self.backdrop) == 1 {
            Ok(self.backdrop.image.clone())
        } else {
            canvas::offscreen()
        };
        if let Ok(b) = image.and_then(|image| Backdrop::of(surface, image)) {
            self.backdrop = Rc::new(b);
        }
        self.layers.invalidate();
    }

    fn frame(&self) -> Frame {
        let size = (self.canvas.width(), self.canvas.height());
        Frame::new(size, self.backdrop.bounds, &self.layers.theme)
    }

    /// The data coordinates under a pointer at CSS offset `(x, y)` in the canvas, if it
    /// is inside the plot.
    pub fn data_at(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let f = self.frame();
        let s = self.layers.theme.scale;
        let (px, py) = (x * s - f64::from(f.left), y * s - f64::from(f.top));
        let (w, h) = (f64::from(f.width), f64::from(f.height));
        if !(0.0..=w).contains(&px) || !(0.0..=h).contains(&py) {
            return None;
        }
        let [x0, x1, y0, y1] = self.backdrop.bounds;
        Some((x0 + px / w * (x1 - x0), y1 - py / h * (y1 - y0)))
    }

    /// Reads the canvas's laid-out width (on mount and resize only: see
    /// [`Layers::measure`]).
    pub fn measure(&mut self) {
        self.layers.measure(&self.canvas);
    }

    /// Draws `paths` over the backdrop (see [`Layers::under`]); `note` is written in the
    /// corner.
    pub fn draw(&mut self, paths: &[Path], note: Option<&str>) -> Result<(), JsValue> {
        let fresh = self.layers.fit(&self.canvas, (0.75, 160.0, 640.0));
        let backdrop = &self.backdrop;
        self.layers.under(&self.canvas, fresh, |target, theme| {
            backdrop.draw(target, theme)
        })?;
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        let frame = self.frame();
        let plot = frame.plot(&root);
        for (points, colour) in paths {
            plot2d::draw_path(&plot, points, *colour, &self.layers.theme)
                .map_err(crate::web::dom::js_error)?;
        }
        if let Some(n) = note {
            plot2d::draw_note(&root, &frame, n, &self.layers.theme)
                .map_err(crate::web::dom::js_error)?;
        }
        Ok(())
    }

    /// Draws `arrows` over what [`Panel::draw`] drew.
    pub fn draw_arrows(&self, arrows: &[Arrow]) -> Result<(), JsValue> {
        if arrows.is_empty() {
            return Ok(());
        }
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        let plot = self.frame().plot(&root);
        for &(from, to, colour) in arrows {
            crate::render::arrow::draw_arrow(&plot, from, to, colour, &self.layers.theme)
                .map_err(crate::web::dom::js_error)?;
        }
        Ok(())
    }

    /// The width of the shown data range (x).
    pub fn width(&self) -> f64 {
        self.backdrop.bounds[1] - self.backdrop.bounds[0]
    }
}

/// Paints `field`'s heatmap on `image`, a pixel per grid point.
fn paint(image: &HtmlCanvasElement, field: &Field) -> Result<(), JsValue> {
    let (w, h) = (field.nx as u32, field.ny as u32);
    image.set_width(w);
    image.set_height(h);
    canvas::put_rgba(&canvas::context(image)?, &field.rgba(), w, h, 0.0, 0.0)
}

/// A surface's display bounds `[x0, x1, y0, y1]`, its minima and its sampled field.
fn parts(surface: &dyn Surface) -> ([f64; 4], Vec<(f64, f64)>, Field) {
    let b = surface.bounds();
    let g = |v: &Vec<f64>, i: usize| v.get(i).copied().unwrap_or(0.0);
    let bounds = [g(&b.lo, 0), g(&b.hi, 0), g(&b.lo, 1), g(&b.hi, 1)];
    let minima = surface
        .minima()
        .iter()
        .filter_map(|m| Some((*m.first()?, *m.get(1)?)))
        .collect();
    (bounds, minima, sample(surface, bounds))
}

/// The surface sampled on a grid for the heatmap and contours (cell centres).
fn sample(surface: &dyn Surface, bounds: [f64; 4]) -> Field {
    const NX: usize = 160;
    const NY: usize = 120;
    let [x0, x1, y0, y1] = bounds;
    let values = grid(surface, &Bounds::xy(x0, x1, y0, y1), NX, NY);
    let (hx, hy) = (0.5 * (x1 - x0) / NX as f64, 0.5 * (y1 - y0) / NY as f64);
    Field::from_values(values, [x0 + hx, x1 - hx, y0 + hy, y1 - hy], NX, NY)
}
