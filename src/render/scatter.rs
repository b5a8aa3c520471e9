//! Data points and a fitted line on a [`Frame`], and the mapping between data and pixels
//! that pointer input needs (to pick up a point and drag it).

use plotters::prelude::*;

use super::palette::{Rgb, Theme};
use super::plot2d::{Frame, Plot};
use crate::core::error::Error;

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

/// The pixel position of data point `(x, y)` in `frame` (y up; not clamped).
pub fn to_px(frame: &Frame, (x, y): (f64, f64)) -> (f64, f64) {
    let [x0, x1, y0, y1] = frame.bounds;
    let (w, h) = (f64::from(frame.width), f64::from(frame.height));
    (
        f64::from(frame.left) + (x - x0) / (x1 - x0) * w,
        f64::from(frame.top) + (y1 - y) / (y1 - y0) * h,
    )
}

/// The data point at pixel `(px, py)` in `frame` (the inverse of [`to_px`]).
pub fn from_px(frame: &Frame, (px, py): (f64, f64)) -> (f64, f64) {
    let [x0, x1, y0, y1] = frame.bounds;
    let (w, h) = (f64::from(frame.width), f64::from(frame.height));
    (
        x0 + (px - f64::from(frame.left)) / w * (x1 - x0),
        y1 - (py - f64::from(frame.top)) / h * (y1 - y0),
    )
}

/// The index of the point of `pts` nearest pixel `(px, py)`, if it is within `radius`
/// pixels.
pub fn nearest(
    frame: &Frame,
    pts: &[[f64; 2]],
    (px, py): (f64, f64),
    radius: f64,
) -> Option<usize> {
    pts.iter()
        .enumerate()
        .map(|(i, p)| {
            let (qx, qy) = to_px(frame, (p[0], p[1]));
            (i, (qx - px).hypot(qy - py))
        })
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// `[x0, x1, y0, y1]` showing every point with a margin, and the origin's axis values
/// when they are near; at least one unit each way; always finite (points beyond ±1e300,
/// which no widget accepts, count as at ±1e300).
pub fn data_bounds(pts: &[[f64; 2]]) -> [f64; 4] {
    let fin = |v: f64| {
        if v.is_finite() {
            crate::core::num::clamp(v, -1e300, 1e300)
        } else {
            0.0
        }
    };
    let (mut x0, mut x1, mut y0, mut y1) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for p in pts {
        x0 = x0.min(fin(p[0]));
        x1 = x1.max(fin(p[0]));
        y0 = y0.min(fin(p[1]));
        y1 = y1.max(fin(p[1]));
    }
    let pad = |lo: f64, hi: f64| {
        let m = ((hi - lo) * 0.15).max(1.0);
        [lo - m, hi + m]
    };
    let [a, b] = pad(x0, x1);
    let [c, d] = pad(y0, y1);
    [a, b, c, d]
}

/// Draws the line `y = w·x + b` across the plot in `color`, with the residuals of
/// `pts` (thin vertical segments from each point to the line) under it.
pub fn draw_fit<DB: DrawingBackend>(
    plot: &Plot<DB>,
    bounds: [f64; 4],
    pts: &[[f64; 2]],
    (w, b): (f64, f64),
    color: Rgb,
    theme: &Theme,
) -> crate::core::Result<()> {
    if !(w.is_finite() && b.is_finite()) {
        return Ok(());
    }
    let fg = theme.fg.to_plotters();
    let thin = fg.mix(0.55).stroke_width(theme.px(1.0));
    // A diverging fit's line runs far off the plot: cut in floating point (see `clip`).
    let keep = super::clip::around(super::plot2d::bounds_of(plot));
    for p in pts {
        let fit = w * p[0] + b;
        if let Some((a, e)) = super::clip::segment(keep, (p[0], p[1]), (p[0], fit)) {
            plot.draw(&PathElement::new(vec![a, e], thin))
                .map_err(err)?;
        }
    }
    let [x0, x1, ..] = bounds;
    if let Some((a, e)) = super::clip::segment(keep, (x0, w * x0 + b), (x1, w * x1 + b)) {
        plot.draw(&PathElement::new(
            vec![a, e],
            color.to_plotters().stroke_width(theme.px(2.5)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Draws the data points; the `selected` one gets a ring around it.
pub fn draw_points<DB: DrawingBackend>(
    plot: &Plot<DB>,
    pts: &[[f64; 2]],
    selected: Option<usize>,
    color: Rgb,
    theme: &Theme,
) -> crate::core::Result<()> {
    let fg = theme.fg.to_plotters();
    let r = theme.px(6.0) as i32;
    let keep = super::clip::around(super::plot2d::bounds_of(plot));
    for (i, p) in pts.iter().enumerate() {
        let at = (p[0], p[1]);
        if !super::clip::inside(keep, at) {
            continue;
        }
        plot.draw(&Circle::new(at, r, color.to_plotters().filled()))
            .map_err(err)?;
        plot.draw(&Circle::new(at, r, fg.stroke_width(theme.px(1.5))))
            .map_err(err)?;
        if selected == Some(i) {
            let ring = fg.stroke_width(theme.px(2.0));
            plot.draw(&Circle::new(at, r + theme.px(4.0) as i32, ring))
                .map_err(err)?;
        }
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::render::plot2d::draw_frame;

    #[test]
    fn pixels_and_data_round_trip_and_agree_with_the_plot() {
        let frame = Frame::new((300, 200), [-1.0, 4.0, -2.0, 8.0], &Theme::default());
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
        let plot = frame.plot(&root);
        for p in [(-1.0, -2.0), (4.0, 8.0), (1.3, 2.7)] {
            let (px, py) = to_px(&frame, p);
            let (mx, my) = plot.map_coordinate(&p);
            assert!((px - f64::from(mx)).abs() <= 1.0 && (py - f64::from(my)).abs() <= 1.0);
            let (x, y) = from_px(&frame, (px, py));
            assert!((x - p.0).abs() < 1e-12 && (y - p.1).abs() < 1e-12);
        }
    }

    #[test]
    fn nearest_point_within_the_radius() {
        let frame = Frame::new((300, 200), [0.0, 4.0, 0.0, 8.0], &Theme::default());
        let pts = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
        let at = to_px(&frame, (2.0, 4.0));
        assert_eq!(
            nearest(&frame, &pts, (at.0 + 3.0, at.1 - 2.0), 12.0),
            Some(1)
        );
        assert_eq!(nearest(&frame, &pts, (at.0 + 30.0, at.1), 12.0), None);
        assert_eq!(nearest(&frame, &[], at, 12.0), None);
    }

    #[test]
    fn bounds_hold_every_point_with_a_margin() {
        let b = data_bounds(&[[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]);
        assert!(
            b[0] < 0.0 && b[1] > 3.0 && b[2] < 0.0 && b[3] > 6.0,
            "{b:?}"
        );
        let b = data_bounds(&[[f64::NAN, 1e6]]);
        assert!(b.iter().all(|v| v.is_finite()) && b[3] > 1e6);
        let b = data_bounds(&[[f64::MAX, -f64::MAX], [f64::INFINITY, 0.0]]);
        assert!(b.iter().all(|v| v.is_finite()), "{b:?}");
        assert!(data_bounds(&[]).iter().all(|v| v.is_finite()));
    }

    #[test]
    fn the_line_and_points_are_drawn() {
        let draw = |fit: Option<(f64, f64)>| {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (240, 160)).into_drawing_area();
                let theme = Theme::default();
                let pts = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
                let bounds = data_bounds(&pts);
                let frame = Frame::new((240, 160), bounds, &theme);
                let plot = frame.plot(&root);
                draw_frame(&root, &frame, &theme).unwrap();
                if let Some(f) = fit {
                    draw_fit(&plot, bounds, &pts, f, Rgb(0xd5, 0x5e, 0x00), &theme).unwrap();
                }
                draw_points(&plot, &pts, Some(1), Rgb(0x56, 0xb4, 0xe9), &theme).unwrap();
                root.present().unwrap();
            }
            svg.to_uppercase()
        };
        let none = draw(None);
        let line = draw(Some((0.5, 0.1)));
        assert!(none.contains("#56B4E9") && !none.contains("#D55E00"));
        assert!(line.contains("#D55E00"));
        // A diverged fit draws no line rather than garbage.
        assert!(!draw(Some((f64::NAN, 0.0))).contains("#D55E00"));
    }
}
