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

use super::clip;
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

/// About `n` round tick values covering `[lo, hi]`: steps of 1, 2 or 5 times a power of
/// ten, in increasing order, each inside `[lo, hi]`.
///
/// Total over every finite range: a zero-width, reversed or non-finite range has no ticks;
/// a subnormal span (`[0, 1e-309]`) or one wider than `f64::MAX` (`[-1e308, 1e308]`) gets
/// round ticks like any other, because the power of ten is kept as an exponent and
/// applied in steps that neither underflow nor overflow. At most `2n + 2` ticks (`n` is
/// capped at 1000).
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && lo < hi) || n == 0 {
        return Vec::new();
    }
    let n = n.min(1000);
    let span = hi - lo;
    // log10 of the span, even when `hi − lo` overflows.
    let log_span = if span.is_finite() {
        span.log10()
    } else {
        (hi / 2.0 - lo / 2.0).log10() + std::f64::consts::LOG10_2
    };
    let log_raw = log_span - (n as f64).log10();
    let e = log_raw.floor();
    // The raw step's mantissa, in [1, 10) (a hair of slack for rounding).
    let m_raw = 10f64.powf(log_raw - e);
    let m = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|m| *m >= m_raw * (1.0 - 1e-12))
        .unwrap_or(10.0);
    // The step is m·10^e; work in units of 10^e so nothing under- or overflows.
    let e = e as i32;
    let (a, b) = (pow10(lo, -e) / m, pow10(hi, -e) / m);
    let (first, last) = (a.ceil(), b.floor());
    if !(first.is_finite() && last.is_finite()) || last - first > 2.0 * n as f64 + 1.0 {
        return Vec::new();
    }
    let count = (last - first).max(-1.0) + 1.0;
    let mut out: Vec<f64> = Vec::with_capacity(count as usize);
    for k in 0..count as usize {
        let v = pow10((first + k as f64) * m, e);
        // Subnormal ticks can round onto each other: keep them strictly increasing.
        if (lo..=hi).contains(&v) && out.last().is_none_or(|p| *p < v) {
            out.push(v);
        }
    }
    out
}

/// `x·10^p`, applied in factors of at most 10^300 (so a subnormal `x` scaled up, or a
/// huge one scaled down, stays finite on the way), dividing for negative `p` (so
/// `6·10⁻¹` is `0.6`, not `0.6000000000000001`).
fn pow10(mut x: f64, p: i32) -> f64 {
    let mut left = p;
    while left != 0 && x != 0.0 && x.is_finite() {
        let k = left.clamp(-300, 300);
        let f = 10f64.powi(k.abs());
        x = if k > 0 { x * f } else { x / f };
        left -= k;
    }
    x
}

/// A tick label: at most two decimals, no trailing zeros, `0` for zero.
pub fn tick_label(v: f64) -> String {
    let r = (v * 100.0).round();
    if r == 0.0 {
        return "0".to_string();
    }
    if r.abs() >= 1e15 || r.is_nan() {
        // Far beyond any surface's bounds: three significant digits in exponent form.
        return super::chart::label(v);
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
    let keep = clip::around(bounds_of(plot));
    for &[a, b] in segments {
        if let Some((a, b)) = clip::segment(keep, a, b) {
            plot.draw(&Segment(&[a, b], style)).map_err(err)?;
        }
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
    let keep = clip::around(bounds_of(plot));
    for &p in minima.iter().filter(|p| clip::inside(keep, **p)) {
        plot.draw(&Cross::new(p, s, style)).map_err(err)?;
    }
    Ok(())
}

/// The data bounds `[x0, x1, y0, y1]` a plot shows.
pub fn bounds_of<DB: DrawingBackend>(plot: &Plot<DB>) -> [f64; 4] {
    let (x, y) = (plot.get_x_range(), plot.get_y_range());
    [x.start, x.end, y.start, y.end]
}

/// Draws a run's path: `points` flattened `[x0, y0, x1, y1, …]`, with a dot per step,
/// a ring at the start and a larger dot at the end. Non-finite points are skipped, and
/// the path is cut to the plot's surroundings (see [`clip`]) before it becomes pixels,
/// so a far-off point draws the line towards it, not a wrapped coordinate.
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
    let keep = clip::around(bounds_of(plot));
    let parts = clip::polyline(keep, &pts);
    // A dark halo under the line keeps it readable on the bright end of the scale.
    let halo = RGBAColor(0, 0, 0, 0.45).stroke_width(theme.px(3.5));
    for piece in parts.iter().flat_map(|p| pieces(p)) {
        plot.draw(&PathElement::new(piece.to_vec(), halo))
            .map_err(err)?;
    }
    let shown = |p: &&(f64, f64)| clip::inside(keep, **p);
    if pts.len() <= 80 {
        let r = theme.px(1.8) as i32;
        for &p in pts.iter().filter(shown) {
            plot.draw(&Circle::new(p, r, c.filled())).map_err(err)?;
        }
    }
    let line = c.stroke_width(theme.px(1.5));
    for piece in parts.iter().flat_map(|p| pieces(p)) {
        plot.draw(&PathElement::new(piece.to_vec(), line))
            .map_err(err)?;
    }
    let ring = c.stroke_width(theme.px(2.0));
    if shown(&&first) {
        plot.draw(&Circle::new(first, theme.px(5.0) as i32, ring))
            .map_err(err)?;
    }
    if shown(&&last) {
        plot.draw(&Circle::new(last, theme.px(4.5) as i32, c.filled()))
            .map_err(err)?;
    }
    Ok(())
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
    fn far_off_points_are_cut_in_floating_point_not_wrapped() {
        // Issue 18: a run point far off the plot overflowed a 32-bit pixel coordinate
        // (a panic in this debug build, a stray line in release). Now the line runs to
        // the plot's surroundings and stops; the ring and dot at far ends are left out.
        let far = draw(
            &[
                -1.0,
                1.0,
                1e300,
                1e300,
                -1e12,
                0.5,
                1.0,
                -1.0,
                5e9,
                f64::MAX,
            ],
            None,
        );
        assert!(far.to_uppercase().contains("#E69F00"));
        let bitmap = |pts: &[f64]| {
            let mut buf = vec![0u8; 200 * 150 * 3];
            {
                let root = BitMapBackend::with_buffer(&mut buf, (200, 150)).into_drawing_area();
                let theme = Theme::default();
                let frame = Frame::new((200, 150), [-2.0, 2.0, -2.0, 2.0], &theme);
                let plot = frame.plot(&root);
                draw_path(&plot, pts, crate::render::palette::SERIES[1], &theme).unwrap();
                draw_minima(&plot, &[(1e300, 0.0), (0.0, 0.0)], &theme).unwrap();
                crate::render::arrow::draw_arrow(
                    &plot,
                    (0.0, 0.0),
                    (-1e300, 3e299),
                    crate::render::palette::SERIES[2],
                    &theme,
                )
                .unwrap();
                root.present().unwrap();
            }
            buf
        };
        let a = bitmap(&[0.0, 0.0, 1e300, 0.0]);
        // The line from the middle to the right edge is drawn: pixels right of the
        // middle, on the middle row, are painted; none on the far-left column.
        let at = |x: usize, y: usize| &a[(y * 200 + x) * 3..(y * 200 + x) * 3 + 3];
        let frame = Frame::new((200, 150), [-2.0, 2.0, -2.0, 2.0], &Theme::default());
        let mid_y = (frame.top + frame.height as i32 / 2) as usize;
        let right = (frame.left + frame.width as i32 - 2) as usize;
        assert_ne!(at(right, mid_y), &[0, 0, 0], "the line reaches the edge");
        bitmap(&[-1e300, -1e300, 1e300, 1e300, f64::MIN, 0.0, f64::MAX, 1.0]);
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
        assert_eq!(ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert!(ticks(1.0, 1.0, 5).is_empty());
        assert!(ticks(f64::NAN, 1.0, 5).is_empty());
        assert_eq!(tick_label(-1.5), "−1.5");
        assert_eq!(tick_label(0.6000000000000001), "0.6");
        assert_eq!(tick_label(2.25), "2.25");
        assert_eq!(tick_label(-0.001), "0");
        assert_eq!(tick_label(3e300), "3e300");
    }

    /// Checks what every tick list must be: short, increasing, finite, inside.
    fn well_formed(lo: f64, hi: f64, n: usize) -> Vec<f64> {
        let t = ticks(lo, hi, n);
        assert!(
            t.len() <= 2 * n.min(1000) + 2,
            "{lo} {hi} {n}: {} ticks",
            t.len()
        );
        assert!(t.windows(2).all(|w| w[0] < w[1]), "{lo} {hi}: {t:?}");
        assert!(t.iter().all(|v| v.is_finite() && lo <= *v && *v <= hi));
        t
    }

    #[test]
    fn ticks_of_tiny_huge_and_degenerate_ranges() {
        // The links of issue 18: a loss range of about 1e-308, and a rate of 1e-309.
        let t = well_formed(0.0, 1.05e-308, 6);
        assert!(t.len() >= 3, "{t:?}");
        let t = well_formed(0.0, 1.05e-309, 6);
        assert!(t.len() >= 3, "{t:?}");
        assert_eq!(t[0], 0.0);
        // The smallest subnormal span, and ranges straddling it.
        assert!(well_formed(0.0, 5e-324, 5).len() <= 2);
        well_formed(-5e-324, 5e-324, 5);
        well_formed(f64::MIN_POSITIVE, 2.0 * f64::MIN_POSITIVE, 5);
        // Wider than f64::MAX.
        let t = well_formed(-f64::MAX, f64::MAX, 5);
        assert!(t.len() >= 3 && t.contains(&0.0), "{t:?}");
        well_formed(1e308, f64::MAX, 5);
        // One ulp wide, far from zero.
        well_formed(1e300, 1e300 * (1.0 + f64::EPSILON), 5);
        well_formed(1.0, 1.0 + f64::EPSILON, 5);
        // Zero-width, reversed, non-finite: none.
        for (lo, hi) in [
            (1.0, 1.0),
            (0.0, 0.0),
            (2.0, 1.0),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
            (f64::NEG_INFINITY, f64::INFINITY),
        ] {
            assert!(ticks(lo, hi, 5).is_empty(), "{lo} {hi}");
        }
        assert!(ticks(0.0, 1.0, 0).is_empty());
        assert!(well_formed(0.0, 1.0, usize::MAX).len() <= 2002);
    }

    proptest::proptest! {
        #[test]
        fn ticks_are_total_over_every_finite_range(
            a in proptest::num::f64::ANY,
            b in proptest::num::f64::ANY,
            n in 0usize..40,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            if lo.is_finite() && hi.is_finite() {
                let t = well_formed(lo, hi, n);
                // The step is at most 2.5·span/n, so from 3 ticks asked for, a range
                // wider than a few ulps of its ends always gets one.
                if n >= 3 && hi - lo > 1e-9 * lo.abs().max(hi.abs()) {
                    proptest::prop_assert!(!t.is_empty(), "{lo} {hi} {n}");
                }
            } else {
                proptest::prop_assert!(ticks(lo, hi, n).is_empty());
            }
        }
    }
}
