//! A 2-D surface panel: the heatmap, contours, minima and axes drawn once into a cached
//! background, and run paths drawn on top each time a run changes.

use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, HtmlElement};

use super::canvas::{self, Layers};
use crate::core::grid::grid;
use crate::core::surface::{Bounds, Surface};
use crate::render::contour::{self, Segment};
use crate::render::plot2d::{self, Frame};
use crate::render::{Field, Rgb};

/// One canvas showing one surface.
pub struct Panel {
    /// The visible canvas.
    pub canvas: HtmlCanvasElement,
    layers: Layers,
    bounds: [f64; 4],
    minima: Vec<(f64, f64)>,
    field: Field,
    /// The field's heatmap, a pixel per grid point, for [`Panel::draw_background`] to
    /// stretch over the plot (painted once per surface, not per size).
    image: HtmlCanvasElement,
    /// The field's contour lines, in data coordinates (they do not change with the size).
    contours: Vec<Segment>,
}

/// A path to draw: flattened `[x0, y0, x1, y1, …]` points and a colour.
pub type Path<'a> = (&'a [f64], Rgb);

/// An arrow to draw: from, to (data coordinates) and a colour.
pub type Arrow = ((f64, f64), (f64, f64), Rgb);

impl Panel {
    /// A panel for `surface` on `canvas`; `host` supplies the theme colours.
    pub fn new(
        host: &HtmlElement,
        canvas: HtmlCanvasElement,
        surface: &dyn Surface,
    ) -> Result<Panel, JsValue> {
        let (bounds, minima, field) = parts(surface);
        let image = canvas::offscreen()?;
        paint(&image, &field)?;
        Ok(Panel {
            canvas,
            layers: Layers::new(host, true)?,
            bounds,
            minima,
            contours: contour::lines(&field, 12),
            field,
            image,
        })
    }

    /// Shows `surface` from now on (the widget's data changed); the background is
    /// redrawn on the next [`Panel::draw`].
    #[cfg(feature = "regression")]
    pub fn set_surface(&mut self, surface: &dyn Surface) {
        (self.bounds, self.minima, self.field) = parts(surface);
        self.contours = contour::lines(&self.field, 12);
        // A heatmap that failed to paint leaves the old one: the surface is still drawn.
        let _ = paint(&self.image, &self.field);
        self.layers.invalidate();
    }

    fn frame(&self) -> Frame {
        let size = (self.canvas.width(), self.canvas.height());
        Frame::new(size, self.bounds, &self.layers.theme)
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
        let [x0, x1, y0, y1] = self.bounds;
        Some((x0 + px / w * (x1 - x0), y1 - py / h * (y1 - y0)))
    }

    /// Reads the canvas's laid-out width (on mount and resize only: see
    /// [`Layers::measure`]).
    pub fn measure(&mut self) {
        self.layers.measure(&self.canvas);
    }

    /// Draws `paths` over the (cached) background; `note` is written in the corner.
    pub fn draw(&mut self, paths: &[Path], note: Option<&str>) -> Result<(), JsValue> {
        if self.layers.fit(&self.canvas, (0.75, 160.0, 640.0)) {
            // A background that failed to draw is tried again next time.
            self.draw_background()
                .inspect_err(|_| self.layers.invalidate())?;
        }
        self.layers.blit(&self.canvas)?;
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
        self.bounds[1] - self.bounds[0]
    }

    fn draw_background(&self) -> Result<(), JsValue> {
        let Some(background) = &self.layers.background else {
            return Ok(());
        };
        let root = canvas::cleared(background, &self.layers.theme)?;
        let frame = self.frame();
        let plot = frame.plot(&root);
        // The grid points are cell centres, so the image's pixels, stretched edge to
        // edge over the plot, sit where their points are.
        canvas::context(background)?.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.image,
            f64::from(frame.left),
            f64::from(frame.top),
            f64::from(frame.width),
            f64::from(frame.height),
        )?;
        plot2d::draw_contours(&plot, &self.contours, &self.layers.theme)
            .map_err(crate::web::dom::js_error)?;
        plot2d::draw_minima(&plot, &self.minima, &self.layers.theme)
            .map_err(crate::web::dom::js_error)?;
        plot2d::draw_frame(&root, &frame, &self.layers.theme).map_err(crate::web::dom::js_error)
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
