//! A 1-D loss curve with balls rolling on it: the curve, the known minima, and for each
//! ball its trail (the hops from point to point) and the ball itself. A ball outside the
//! plot is drawn on the edge with an arrow pointing the way it went.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::{Rgb, Theme};
use super::plot2d::{Frame, Plot};
use super::scatter::to_px;
use crate::core::error::Error;

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

/// How many of the latest steps get a dot on the trail.
const DOTS: usize = 40;

/// `[y0, y1]` holding every finite value of `ys` with a margin (`[-1, 1]` if none).
pub fn y_range(ys: &[f64]) -> [f64; 2] {
    let (lo, hi) = ys
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if lo > hi {
        return [-1.0, 1.0];
    }
    let m = ((hi - lo) * 0.08).max(1e-9 * hi.abs().max(1.0));
    [lo - m, hi + m]
}

/// Draws the curve through `pts` (non-finite points break it) and marks `minima`.
pub fn draw_curve<DB: DrawingBackend>(
    plot: &Plot<DB>,
    pts: &[(f64, f64)],
    minima: &[(f64, f64)],
    theme: &Theme,
) -> crate::core::Result<()> {
    let fg = theme.fg.to_plotters();
    let style = fg.stroke_width(theme.px(2.0));
    let keep = super::clip::around(super::plot2d::bounds_of(plot));
    for run in super::clip::polyline(keep, pts) {
        plot.draw(&PathElement::new(run, style)).map_err(err)?;
    }
    let s = theme.px(5.0) as i32;
    for &m in minima.iter().filter(|m| super::clip::inside(keep, **m)) {
        plot.draw(&Cross::new(m, s, fg.stroke_width(theme.px(1.5))))
            .map_err(err)?;
    }
    Ok(())
}

/// One ball to draw: where it has been (`(x, loss)` for steps 0 to the shown one, the
/// last being where it is now), its colour, and its shape (a ring instead of a disc, so
/// two balls on the same spot stay distinguishable).
pub struct Ball<'a> {
    /// Points visited, oldest first.
    pub trail: &'a [(f64, f64)],
    /// Fill or ring colour.
    pub color: Rgb,
    /// Drawn as a ring.
    pub ring: bool,
}

/// One circle on `root` (kept out of line: every circle shares this code).
#[inline(never)]
fn circle<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    r: u32,
    style: ShapeStyle,
) -> crate::core::Result<()> {
    root.draw(&Circle::new(at, r as i32, style)).map_err(err)
}

/// One polyline on `root` (kept out of line, as [`circle`]).
#[inline(never)]
fn line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: Vec<(i32, i32)>,
    style: ShapeStyle,
) -> crate::core::Result<()> {
    root.draw(&PathElement::new(pts, style)).map_err(err)
}

/// Draws a ball's trail and the ball on `root`, in `frame`'s coordinates. Points outside
/// the plot are pulled onto its edge; the ball itself then becomes an arrow there,
/// pointing the way it left.
pub fn draw_ball<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    ball: &Ball,
    theme: &Theme,
) -> crate::core::Result<()> {
    let c = ball.color.to_plotters();
    let (l, t) = (f64::from(frame.left), f64::from(frame.top));
    let (r, b) = (l + f64::from(frame.width), t + f64::from(frame.height));
    let inside = |(x, y): (f64, f64)| {
        (
            crate::core::num::clamp(x, l, r),
            crate::core::num::clamp(y, t, b),
        )
    };
    let px = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    let pts: Vec<(f64, f64)> = ball
        .trail
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|&p| to_px(frame, p))
        .collect();
    let Some(&now) = pts.last() else {
        return Ok(());
    };
    if pts.len() > 1 {
        let hop = c.mix(0.55).stroke_width(theme.px(1.25));
        line(root, pts.iter().map(|&p| px(inside(p))).collect(), hop)?;
        for &p in pts.iter().rev().skip(1).take(DOTS) {
            circle(root, px(inside(p)), theme.px(2.5), c.filled())?;
        }
    }
    let fg = theme.fg.to_plotters().stroke_width(theme.px(1.5));
    let (cx, cy) = inside(now);
    let size = f64::from(theme.px(9.0));
    if (cx, cy) != now {
        let (dx, dy) = (now.0 - cx, now.1 - cy);
        let n = dx.hypot(dy).max(1e-9);
        let (ux, uy) = (dx / n, dy / n);
        let base = (cx - ux * 1.6 * size, cy - uy * 1.6 * size);
        let side = (-uy * 0.8 * size, ux * 0.8 * size);
        let tri = vec![
            px((cx, cy)),
            px((base.0 + side.0, base.1 + side.1)),
            px((base.0 - side.0, base.1 - side.1)),
            px((cx, cy)),
        ];
        root.draw(&Polygon::new(tri.clone(), c.filled()))
            .map_err(err)?;
        return line(root, tri, fg);
    }
    let at = px((cx, cy));
    if ball.ring {
        circle(root, at, theme.px(12.0), c.stroke_width(theme.px(3.0)))
    } else {
        circle(root, at, theme.px(7.0), c.filled())?;
        circle(root, at, theme.px(7.0), fg)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::render::plot2d::draw_frame;

    const ORANGE: Rgb = Rgb(0xd5, 0x5e, 0x00);

    fn picture(trail: &[(f64, f64)], ring: bool) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (320, 180)).into_drawing_area();
            let theme = Theme::default();
            let xs: Vec<f64> = (0..=90).map(|i| -1.0 + 0.05 * f64::from(i)).collect();
            let curve: Vec<(f64, f64)> = xs
                .iter()
                .map(|&x| (x, x.powi(4) - 3.0 * x.powi(3) + 2.0))
                .collect();
            let ys: Vec<f64> = curve.iter().map(|p| p.1).collect();
            let [y0, y1] = y_range(&ys);
            let frame = Frame::new((320, 180), [-1.0, 3.5, y0, y1], &theme);
            let plot = frame.plot(&root);
            draw_frame(&root, &frame, &theme).unwrap();
            draw_curve(&plot, &curve, &[(2.25, -6.54)], &theme).unwrap();
            let ball = Ball {
                trail,
                color: ORANGE,
                ring,
            };
            draw_ball(&root, &frame, &ball, &theme).unwrap();
            root.present().unwrap();
        }
        svg.to_uppercase()
    }

    #[test]
    fn range_covers_the_values_with_a_margin() {
        let [a, b] = y_range(&[-6.5, 2.0, f64::NAN, 23.4]);
        assert!(a < -6.5 && b > 23.4 && b - a < 40.0);
        assert_eq!(y_range(&[f64::NAN]), [-1.0, 1.0]);
        let [a, b] = y_range(&[3.0, 3.0]);
        assert!(a < 3.0 && b > 3.0);
    }

    #[test]
    fn ball_and_trail_change_the_picture() {
        let empty = picture(&[], false);
        let ball = picture(&[(3.0, 2.0)], false);
        let trail = picture(&[(3.0, 2.0), (2.7, -3.0), (2.4, -6.0)], false);
        let ring = picture(&[(3.0, 2.0)], true);
        assert!(!empty.contains("#D55E00"));
        assert!(ball.contains("#D55E00"));
        assert_ne!(ball, trail);
        assert_ne!(ball, ring);
        // A disc is filled; a ring is not.
        assert!(ball.contains("FILL=\"#D55E00\""));
        assert!(!ring.contains("FILL=\"#D55E00\""));
    }

    #[test]
    fn a_ball_off_the_plot_becomes_an_arrow_on_the_edge() {
        let gone = picture(&[(3.0, 2.0), (-24.0, 344_000.0), (60_456.0, 1e19)], false);
        assert!(gone.contains("<POLYGON"), "no arrow drawn");
        // Every point drawn stays on the canvas.
        let nums: Vec<f64> = gone
            .split("POINTS=\"")
            .skip(1)
            .filter_map(|t| t.split('"').next())
            .flat_map(|t| t.split([' ', ',']))
            .filter_map(|t| t.parse().ok())
            .collect();
        assert!(
            nums.len() > 6 && nums.iter().all(|v| (0.0..=320.0).contains(v)),
            "{gone}"
        );
        let inside = picture(&[(3.0, 2.0)], false);
        assert!(!inside.contains("<POLYGON"));
    }
}
