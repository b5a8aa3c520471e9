//! Arrows on a 2-D plot: the gradient and the update at the shown step.

use plotters::prelude::*;

use super::palette::{Rgb, Theme};
use super::plot2d::Plot;
use crate::core::error::Error;

/// Draws an arrow from `from` to `to` (data coordinates) with a head at `to`. Arrows
/// with a non-finite end or no length in pixels are skipped; one reaching far off the
/// plot is drawn to the edge of its surroundings.
pub fn draw_arrow<DB: DrawingBackend>(
    plot: &Plot<DB>,
    from: (f64, f64),
    to: (f64, f64),
    color: Rgb,
    theme: &Theme,
) -> crate::core::Result<()> {
    // Cut to the plot's surroundings in floating point first (a far-off end would
    // overflow a pixel coordinate); the head stays at `to` only when `to` is kept.
    let keep = super::clip::around(super::plot2d::bounds_of(plot));
    let Some((from, to)) = super::clip::segment(keep, from, to) else {
        return Ok(());
    };
    let (a, b) = (plot.map_coordinate(&from), plot.map_coordinate(&to));
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = dx.hypot(dy);
    if len < 1.0 {
        return Ok(());
    }
    let c = color.to_plotters();
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| Error::draw(e);
    let root = plot.strip_coord_spec();
    let halo = RGBAColor(0, 0, 0, 0.5).stroke_width(theme.px(3.5));
    root.draw(&PathElement::new(vec![a, b], halo))
        .map_err(err)?;
    root.draw(&PathElement::new(vec![a, b], c.stroke_width(theme.px(2.0))))
        .map_err(err)?;
    // The head: two short strokes back from the tip, 25° either side of the shaft.
    let head = f64::from(theme.px(8.0)).min(len * 0.5);
    let (ux, uy) = (dx / len, dy / len);
    let (cs, sn) = (0.906, 0.423);
    let wing = |s: f64| {
        let (rx, ry) = (ux * cs - s * uy * sn, s * ux * sn + uy * cs);
        (b.0 - (rx * head) as i32, b.1 - (ry * head) as i32)
    };
    let tri = vec![wing(1.0), b, wing(-1.0)];
    root.draw(&Polygon::new(tri, c.filled())).map_err(err)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::render::plot2d::Frame;

    fn svg(from: (f64, f64), to: (f64, f64)) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (200, 150)).into_drawing_area();
            let theme = Theme::default();
            let frame = Frame::new((200, 150), [-2.0, 2.0, -2.0, 2.0], &theme);
            let plot = frame.plot(&root);
            draw_arrow(&plot, from, to, crate::render::palette::SERIES[1], &theme).unwrap();
            root.present().unwrap();
        }
        out
    }

    #[test]
    fn draws_a_shaft_and_a_head_and_skips_degenerate_arrows() {
        let a = svg((-1.0, 0.0), (1.0, 0.0));
        assert!(a.contains("<polygon") || a.contains("<path"), "{a}");
        assert!(a.to_uppercase().contains("#E69F00"));
        let none = svg((0.0, 0.0), (0.0, 0.0));
        let nan = svg((0.0, 0.0), (f64::NAN, 1.0));
        assert!(!none.to_uppercase().contains("#E69F00"));
        assert!(!nan.to_uppercase().contains("#E69F00"));
    }
}
