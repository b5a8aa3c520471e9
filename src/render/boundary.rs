//! What a small network has learnt, drawn over its data: a classifier's decision
//! regions as an RGBA image (each cell tinted with its predicted class's colour, more
//! strongly where the network is surer), the data points on top (training rows filled,
//! held-out rows hollow), and for a regression the fitted curve through the points.

use plotters::prelude::*;

use super::palette::{Rgb, Theme, SERIES};
use super::plot2d::Plot;
use crate::core::error::Error;

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

/// The colour of each class (blue, orange, green, pink, vermilion: Okabe–Ito, so the
/// classes stay apart with colour-vision deficiencies); class `k` beyond these repeats.
pub const CLASSES: [Rgb; 5] = [SERIES[3], SERIES[1], SERIES[6], SERIES[2], SERIES[4]];

/// The colours of runs trained side by side: apart from the first two classes' blue
/// and orange.
pub const RUNS: [Rgb; 4] = [SERIES[2], SERIES[6], SERIES[4], SERIES[3]];

/// The colour of class `c`.
pub fn class_color(c: f64) -> Rgb {
    let i = if c.is_finite() && c >= 0.0 {
        c as usize
    } else {
        0
    };
    CLASSES[i % CLASSES.len()]
}

/// The decision regions of an `nx × ny` grid as RGBA rows from the top (grid row
/// `ny − 1` first). For one output `value` holds σ(z), the probability of class 1; for
/// several, `value` holds the predicted class's probability and `class` the class, out
/// of `k`. A cell is the background mixed with its class's colour by how sure the
/// network is there (not at all at a coin flip); a non-finite cell is grey.
pub fn regions(
    value: &[f64],
    class: Option<&[f64]>,
    k: usize,
    (nx, ny): (usize, usize),
    bg: Rgb,
) -> Vec<u8> {
    let mut out = vec![0u8; nx * ny * 4];
    if out.is_empty() {
        return out;
    }
    let chance = 1.0 / k.max(2) as f64;
    let mix = |a: u8, b: u8, t: f64| (f64::from(a) + (f64::from(b) - f64::from(a)) * t) as u8;
    for (row, px) in out.chunks_exact_mut(nx * 4).enumerate() {
        let j = ny - 1 - row;
        for (i, cell) in px.chunks_exact_mut(4).enumerate() {
            let at = j * nx + i;
            let v = value.get(at).copied().unwrap_or(f64::NAN);
            let (c, sure) = match class {
                Some(cls) => (cls.get(at).copied().unwrap_or(0.0), v),
                None => (if v > 0.5 { 1.0 } else { 0.0 }, v.max(1.0 - v)),
            };
            let rgb = if v.is_finite() && c.is_finite() {
                let t = crate::core::num::clamp((sure - chance) / (1.0 - chance), 0.0, 1.0);
                let to = class_color(c);
                let t = 0.15 + 0.5 * t;
                Rgb(mix(bg.0, to.0, t), mix(bg.1, to.1, t), mix(bg.2, to.2, t))
            } else {
                Rgb(128, 128, 128)
            };
            cell.copy_from_slice(&[rgb.0, rgb.1, rgb.2, 255]);
        }
    }
    out
}

/// Draws data rows: two features per row in `x` (or one, plotted against its target),
/// coloured by class `y` (or all in the foreground colour for a regression);
/// `held_out` rows are drawn hollow.
pub fn draw_points<DB: DrawingBackend>(
    plot: &Plot<DB>,
    x: &[f64],
    y: &[f64],
    regression: bool,
    held_out: bool,
    theme: &Theme,
) -> crate::core::Result<()> {
    let n_feat = if y.is_empty() { 1 } else { x.len() / y.len() };
    let r = theme.px(3.5) as i32;
    // Points far off the plot (a CSV's outlier) are not drawn: see `clip`.
    let keep = super::clip::around(super::plot2d::bounds_of(plot));
    let fg = theme.fg.to_plotters();
    for (row, t) in x.chunks_exact(n_feat.max(1)).zip(y) {
        let at = match row {
            [a, b, ..] => (*a, *b),
            [a] => (*a, *t),
            [] => continue,
        };
        if !super::clip::inside(keep, at) {
            continue;
        }
        let color = if regression {
            theme.fg
        } else {
            class_color(*t)
        };
        if held_out {
            plot.draw(&Circle::new(at, r, theme.bg.to_plotters().filled()))
                .map_err(err)?;
            plot.draw(&Circle::new(
                at,
                r,
                color.to_plotters().stroke_width(theme.px(2.0)),
            ))
            .map_err(err)?;
        } else {
            plot.draw(&Circle::new(at, r, color.to_plotters().filled()))
                .map_err(err)?;
            plot.draw(&Circle::new(at, r, fg.stroke_width(theme.px(1.0))))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Draws a regression's fitted curve: `ys[i]` at `xs[i]`, broken where it is not finite.
pub fn draw_curve<DB: DrawingBackend>(
    plot: &Plot<DB>,
    xs: &[f64],
    ys: &[f64],
    color: Rgb,
    theme: &Theme,
) -> crate::core::Result<()> {
    let style = color.to_plotters().stroke_width(theme.px(2.5));
    let keep = super::clip::around(super::plot2d::bounds_of(plot));
    let pts: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
    for part in super::clip::polyline(keep, &pts) {
        plot.draw(&PathElement::new(part, style)).map_err(err)?;
    }
    Ok(())
}

/// `[x0, x1, y0, y1]` around the rows: the two features' range (for one feature, the
/// feature and the target), with a margin of a tenth each way.
pub fn bounds(x: &[f64], y: &[f64]) -> [f64; 4] {
    let n_feat = if y.is_empty() {
        1
    } else {
        (x.len() / y.len()).max(1)
    };
    let mut b = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for (row, t) in x.chunks_exact(n_feat).zip(y) {
        let (a, c) = match row {
            [a, c, ..] => (*a, *c),
            [a] => (*a, *t),
            [] => continue,
        };
        if a.is_finite() && c.is_finite() {
            b = [b[0].min(a), b[1].max(a), b[2].min(c), b[3].max(c)];
        }
    }
    if !b[0].is_finite() {
        return [-1.0, 1.0, -1.0, 1.0];
    }
    let pad = |lo: f64, hi: f64| {
        let m = ((hi - lo) * 0.1).max(0.1);
        [lo - m, hi + m]
    };
    let [a, c] = pad(b[0], b[1]);
    let [d, e] = pad(b[2], b[3]);
    [a, c, d, e]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sure_cell_takes_its_class_colour_and_a_coin_flip_stays_pale() {
        let bg = Rgb(255, 255, 255);
        let img = regions(&[0.5, 1.0, 0.0, f64::NAN], None, 2, (2, 2), bg);
        // Top row is grid row 1: cells 2 (class 0, sure) and 3 (NaN, grey).
        let blue = CLASSES[0];
        assert!(img[0] < 200 && img[0] >= blue.0, "{:?}", &img[..4]);
        assert_eq!(&img[4..8], &[128, 128, 128, 255]);
        // Bottom row: a coin flip (pale) and class 1, sure.
        assert!(
            img[8] > 200 && img[9] > 200 && img[10] > 200,
            "{:?}",
            &img[8..12]
        );
        let orange = CLASSES[1];
        assert!(img[14] < 200 && img[14] >= orange.2, "{:?}", &img[12..16]);
    }

    #[test]
    fn an_empty_grid_has_no_pixels() {
        assert!(regions(&[1.0], None, 2, (0, 3), Rgb(0, 0, 0)).is_empty());
        assert!(regions(&[], None, 2, (3, 0), Rgb(0, 0, 0)).is_empty());
    }

    #[test]
    fn several_classes_use_the_class_grid() {
        let img = regions(&[1.0], Some(&[2.0]), 3, (1, 1), Rgb(0, 0, 0));
        let green = CLASSES[2];
        assert_eq!(img[1], (f64::from(green.1) * 0.65) as u8);
    }

    #[test]
    fn bounds_cover_the_rows_with_a_margin() {
        let b = bounds(&[0.0, 0.0, 1.0, 2.0], &[0.0, 1.0]);
        assert!(b[0] < 0.0 && b[1] > 1.0 && b[2] < 0.0 && b[3] > 2.0);
        assert_eq!(bounds(&[], &[]), [-1.0, 1.0, -1.0, 1.0]);
        let one = bounds(&[0.0, 1.0], &[5.0, 7.0]);
        assert!(one[2] < 5.0 && one[3] > 7.0);
    }
}
