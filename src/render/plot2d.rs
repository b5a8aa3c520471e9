//! A 2-D chart: axes, contour lines, minima, and run paths, on any plotters backend.
//!
//! The background (frame, contours, minima) changes only with the surface or the size;
//! paths are drawn on top each time a run changes. Both map data to pixels through the
//! same [`Frame`], so they agree to the pixel. Axes and ticks are drawn from plotters'
//! primitives rather than its chart builder, which keeps the wasm small.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

use super::contour;
use super::palette::{Rgb, Theme};
use crate::core::error::Error;

/// A drawing area whose coordinates are data coordinates.
pub type Plot<DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

/// Where the plot sits on the canvas and which data range it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Canvas size in device pixels.
    pub size: (u32, u32),
    /// Left edge of the plot, in pixels.
    pub left: i32,
    /// Top edge of the plot, in pixels.
    pub top: i32,
    /// Plot width in pixels.
    pub width: u32,
    /// Plot height in pixels.
    pub height: u32,
    /// `[x0, x1, y0, y1]` shown.
    pub bounds: [f64; 4],
}

impl Frame {
    /// A frame over `bounds` on a canvas of `size` device pixels, leaving room for tick
    /// labels on the left and at the bottom.
    pub fn new(size: (u32, u32), bounds: [f64; 4], theme: &Theme) -> Frame {
        let (w, h) = (size.0 as i32, size.1 as i32);
        let pad = theme.px(8.0) as i32;
        let left = theme.px(36.0) as i32;
        let bottom = theme.px(20.0) as i32;
        Frame {
            size,
            left,
            top: pad,
            width: (w - left - 2 * pad).max(1) as u32,
            height: (h - pad - bottom).max(1) as u32,
            bounds,
        }
    }

    /// The plot's part of `root`, in data coordinates; drawing is clipped to it.
    pub fn plot<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Plot<DB> {
        let [x0, x1, y0, y1] = self.bounds;
        let (w, h) = (self.size.0 as i32, self.size.1 as i32);
        let (l, t) = (self.left, self.top);
        let (r, b) = (l + self.width as i32, t + self.height as i32);
        root.margin(t, (h - b).max(0), l, (w - r).max(0))
            .apply_coord_spec(Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
                x0..x1,
                y0..y1,
                // Pixel rows grow downwards: y1 sits at the top.
                (l..r, b..t),
            ))
    }
}

/// About `n` round tick values covering `[lo, hi]`: steps of 1, 2 or 5 times a power of ten.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || n == 0 {
        return Vec::new();
    }
    let raw = span / n as f64;
    let mag = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick label: at most two decimals, no trailing zeros, `0` for zero.
pub fn tick_label(v: f64) -> String {
    let r = (v * 100.0).round();
    if r == 0.0 {
        return "0".to_string();
    }
    let (neg, a) = (r < 0.0, r.abs() as u64);
    let mut s = String::new();
    if neg {
        s.push('−');
    }
    s.push_str(&(a / 100).to_string());
    let frac = a % 100;
    if frac != 0 {
        s.push('.');
        s.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            s.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    s
}

/// Draws the axes' lines, ticks and tick labels.
pub fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    theme: &Theme,
) -> crate::core::Result<()> {
    let [x0, x1, y0, y1] = frame.bounds;
    let (xs, ys) = (ticks(x0, x1, 5), ticks(y0, y1, 5));
    draw_axes(root, frame, (&xs, &ys), &|_, v| tick_label(v), theme)
}

/// Draws the axes' lines and ticks at `xs` on the bottom edge and `ys` on the left
/// (values in the frame's units), each labelled `label(is_y, value)`.
pub fn draw_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    (xs, ys): (&[f64], &[f64]),
    label: &dyn Fn(bool, f64) -> String,
    theme: &Theme,
) -> crate::core::Result<()> {
    let fg = theme.fg.to_plotters();
    let line = fg.stroke_width(theme.px(1.0));
    let font = (FontFamily::SansSerif, f64::from(theme.px(11.0)))
        .into_font()
        .color(&fg);
    let (l, t) = (frame.left, frame.top);
    let (r, b) = (l + frame.width as i32, t + frame.height as i32);
    root.draw(&PathElement::new(vec![(l, t), (l, b), (r, b)], line))
        .map_err(err)?;
    let [x0, x1, y0, y1] = frame.bounds;
    let tick = theme.px(4.0) as i32;
    let px = |v: f64, lo: f64, hi: f64, a: i32, z: i32| {
        a + ((v - lo) / (hi - lo) * f64::from(z - a)).round() as i32
    };
    for &v in xs {
        let x = px(v, x0, x1, l, r);
        root.draw(&PathElement::new(vec![(x, b), (x, b + tick)], line))
            .map_err(err)?;
        let style = font.clone().pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(label(false, v), (x, b + tick + 1), style))
            .map_err(err)?;
    }
    for &v in ys {
        let y = px(v, y0, y1, b, t);
        root.draw(&PathElement::new(vec![(l - tick, y), (l, y)], line))
            .map_err(err)?;
        let style = font.clone().pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(label(true, v), (l - tick - 2, y), style))
            .map_err(err)?;
    }
    Ok(())
}

/// Draws contour segments (see [`contour::lines`]), thin and translucent.
pub fn draw_contours<DB: DrawingBackend>(
    plot: &Plot<DB>,
    segments: &[contour::Segment],
    theme: &Theme,
) -> crate::core::Result<()> {
    let style = RGBAColor(255, 255, 255, 0.35).stroke_width(theme.px(1.0));
    for seg in segments {
        plot.draw(&Segment(seg, style)).map_err(err)?;
    }
    Ok(())
}

/// A contour segment as plotters draws it: a line (a path element would copy its two
/// points, and a backend may gather lines into one path).
struct Segment<'a>(&'a contour::Segment, ShapeStyle);

impl<'b> PointCollection<'b, (f64, f64)> for &'b Segment<'_> {
    type Point = &'b (f64, f64);
    type IntoIter = &'b [(f64, f64)];
    fn point_iter(self) -> Self::IntoIter {
        self.0
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Segment<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match (pos.next(), pos.next()) {
            (Some(a), Some(b)) => backend.draw_line(a, b, &self.1),
            _ => Ok(()),
        }
    }
}

/// Marks points (the known minima) with small crosses.
pub fn draw_minima<DB: DrawingBackend>(
    plot: &Plot<DB>,
    minima: &[(f64, f64)],
    theme: &Theme,
) -> crate::core::Result<()> {
    let style = WHITE.stroke_width(theme.px(2.0));
    let s = theme.px(5.0) as i32;
    for &p in minima {
        plot.draw(&Cross::new(p, s, style)).map_err(err)?;
    }
    Ok(())
}

/// Draws a run's path: `points` flattened `[x0, y0, x1, y1, …]`, with a dot per step,
/// a ring at the start and a larger dot at the end. Non-finite points are skipped.
pub fn draw_path<DB: DrawingBackend>(
    plot: &Plot<DB>,
    points: &[f64],
    color: Rgb,
    theme: &Theme,
) -> crate::core::Result<()> {
    let c = color.to_plotters();
    let pts: Vec<(f64, f64)> = points
        .chunks_exact(2)
        .map(|p| (p[0], p[1]))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let (Some(&first), Some(&last)) = (pts.first(), pts.last()) else {
        return Ok(());
    };
    // A dark halo under the line keeps it readable on the bright end of the scale.
    let halo = RGBAColor(0, 0, 0, 0.45).stroke_width(theme.px(3.5));
    for piece in pieces(&pts) {
        plot.draw(&PathElement::new(piece.to_vec(), halo))
            .map_err(err)?;
    }
    if pts.len() <= 80 {
        let r = theme.px(1.8) as i32;
        for &p in &pts {
            plot.draw(&Circle::new(p, r, c.filled())).map_err(err)?;
        }
    }
    let line = c.stroke_width(theme.px(1.5));
    for piece in pieces(&pts) {
        plot.draw(&PathElement::new(piece.to_vec(), line))
            .map_err(err)?;
    }
    let ring = c.stroke_width(theme.px(2.0));
    plot.draw(&Circle::new(first, theme.px(5.0) as i32, ring))
        .map_err(err)?;
    plot.draw(&Circle::new(last, theme.px(4.5) as i32, c.filled()))
        .map_err(err)
}

/// Steps per stroke of a path. A software rasteriser (a browser without GPU raster) fills
/// one long stroke that crosses itself, like the zig-zag of a too-large learning rate,
/// far more slowly than a few short ones: for 400 zig-zag steps, about 9 ms less per
/// frame in headless Chromium. Consecutive pieces share their end point.
const PIECE: usize = 32;

/// `pts` as consecutive pieces of at most [`PIECE`] segments, each sharing its first
/// point with the previous piece's last; none for fewer than two points.
fn pieces<T>(pts: &[T]) -> impl Iterator<Item = &[T]> {
    (0..pts.len().saturating_sub(1))
        .step_by(PIECE)
        .map(move |i| &pts[i..(i + PIECE + 1).min(pts.len())])
}

/// Writes a short note (such as "diverged") in the top-left corner of the plot.
pub fn draw_note<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    text: &str,
    theme: &Theme,
) -> crate::core::Result<()> {
    let size = theme.px(14.0);
    let font = (FontFamily::SansSerif, f64::from(size))
        .into_font()
        .color(&WHITE);
    let pad = theme.px(6.0) as i32;
    let (x, y) = (frame.left + pad, frame.top + pad);
    let w = (text.chars().count() as f64 * f64::from(size) * 0.6) as i32 + 2 * pad;
    let h = size as i32 + 2 * pad;
    root.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        RGBAColor(0, 0, 0, 0.65).filled(),
    ))
    .map_err(err)?;
    root.draw(&Text::new(text.to_string(), (x + pad, y + pad), font))
        .map_err(err)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_path_and_share_their_ends() {
        assert_eq!(pieces::<u32>(&[]).count(), 0);
        assert_eq!(pieces(&[7]).count(), 0);
        let pts: Vec<usize> = (0..=70).collect();
        let ps: Vec<&[usize]> = pieces(&pts).collect();
        assert_eq!(ps.len(), 3);
        assert_eq!((ps[0][0], ps[0][ps[0].len() - 1]), (0, 32));
        assert_eq!((ps[1][0], ps[1][ps[1].len() - 1]), (32, 64));
        assert_eq!((ps[2][0], ps[2][ps[2].len() - 1]), (64, 70));
        let two: Vec<&[usize]> = pieces(&pts[..2]).collect();
        assert_eq!(two, vec![&pts[..2]]);
    }

    fn draw(path: &[f64], note: Option<&str>) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (200, 150)).into_drawing_area();
            root.fill(&WHITE).unwrap();
            let theme = Theme::default();
            let b = [-2.0, 2.0, -2.0, 2.0];
            let field = crate::render::Field::sample(|x, y| x * x + 4.0 * y * y, b, 30, 30);
            let frame = Frame::new((200, 150), b, &theme);
            assert!(frame.left > 0 && frame.width > 100 && frame.height > 80);
            let plot = frame.plot(&root);
            draw_contours(&plot, &contour::lines(&field, 8), &theme).unwrap();
            draw_minima(&plot, &[(0.0, 0.0)], &theme).unwrap();
            draw_frame(&root, &frame, &theme).unwrap();
            draw_path(&plot, path, crate::render::palette::SERIES[1], &theme).unwrap();
            if let Some(n) = note {
                draw_note(&root, &frame, n, &theme).unwrap();
            }
            root.present().unwrap();
        }
        svg
    }

    #[test]
    fn path_changes_pixels_and_nan_points_are_skipped() {
        let empty = draw(&[], None);
        let path = draw(&[-1.5, 1.0, -1.0, -0.5, -0.2, 0.1, 0.0, 0.0], None);
        let with_nan = draw(&[-1.5, 1.0, f64::NAN, 0.0, -0.2, 0.1], None);
        assert_ne!(empty, path);
        assert_ne!(empty, with_nan);
        // The path colour (Okabe–Ito orange) appears only when there is a path.
        assert!(path.to_uppercase().contains("#E69F00"));
        assert!(!empty.to_uppercase().contains("#E69F00"));
        assert!(draw(&[], Some("diverged")).contains("diverged"));
        // Tick labels are drawn.
        assert!(empty.contains("−2") && empty.contains("−1"), "{empty}");
    }

    #[test]
    fn data_corners_map_to_plot_corners_with_y_up() {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (200, 150)).into_drawing_area();
        let frame = Frame::new((200, 150), [-2.0, 2.0, -1.0, 3.0], &Theme::default());
        let plot = frame.plot(&root);
        let (l, t) = (frame.left, frame.top);
        let (r, b) = (l + frame.width as i32, t + frame.height as i32);
        assert_eq!(plot.map_coordinate(&(-2.0, 3.0)), (l, t));
        assert_eq!(plot.map_coordinate(&(2.0, -1.0)), (r, b));
        assert_eq!(plot.map_coordinate(&(0.0, 1.0)), ((l + r) / 2, (t + b) / 2));
    }

    #[test]
    fn ticks_are_round_and_inside() {
        assert_eq!(ticks(-2.0, 2.0, 5), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(
            ticks(0.0, 1.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert!(ticks(1.0, 1.0, 5).is_empty());
        assert!(ticks(f64::NAN, 1.0, 5).is_empty());
        assert_eq!(tick_label(-1.5), "−1.5");
        assert_eq!(tick_label(0.6000000000000001), "0.6");
        assert_eq!(tick_label(2.25), "2.25");
        assert_eq!(tick_label(-0.001), "0");
    }
}
