//! A line chart: several series of `(x, y)` points over shared axes, on any plotters
//! backend, optionally with a logarithmic y axis (for losses that span decades) and a
//! vertical marker at one x (the step under the pointer or the slider).
//!
//! It takes data only (point slices, ranges, options), so the same chart draws
//! learning rates against steps and losses against steps. Axes come from
//! [`plot2d::draw_axes`] over a [`Frame`], like the surface panel's.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::clip;
use super::palette::{Rgb, Theme};
use super::plot2d::{self, ticks, Frame};
use crate::core::error::Error;
use crate::core::num::{clamp, fmt_sig};

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

/// One line of the chart.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// The points in data units, in drawing order; a non-finite point (or, on a log
    /// axis, one with `y ≤ 0`) breaks the line.
    pub points: &'a [(f64, f64)],
    /// The line's colour.
    pub color: Rgb,
    /// Drawn dashed (to tell apart series that share a colour).
    pub dashed: bool,
}

/// The ranges the chart shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axes {
    /// `(lo, hi)` of x.
    pub x: (f64, f64),
    /// `(lo, hi)` of y, in data units (both above 0 when `log_y`).
    pub y: (f64, f64),
    /// Whether y is on a base-10 logarithmic scale.
    pub log_y: bool,
    /// Whether x is on a base-10 logarithmic scale (both x bounds above 0).
    pub log_x: bool,
}

/// A chart laid out on a canvas: where the plot sits and how data maps to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chart {
    /// The plot's place; its y bounds are `log10` of the data's on a log axis.
    pub frame: Frame,
    log_y: bool,
    log_x: bool,
}

impl Chart {
    /// A chart of `axes` on a canvas of `size` device pixels. Degenerate or non-finite
    /// ranges are widened so that something sensible is always shown.
    pub fn new(size: (u32, u32), axes: &Axes, theme: &Theme) -> Chart {
        let log = |(lo, hi): (f64, f64), on: bool| {
            if on {
                widen(lo.max(1e-300).log10(), hi.max(1e-300).log10())
            } else {
                widen(lo, hi)
            }
        };
        let (x0, x1) = log(axes.x, axes.log_x);
        let (y0, y1) = log(axes.y, axes.log_y);
        let mut frame = Frame::new(size, [x0, x1, y0, y1], theme);
        // Room for labels such as 0.0025 or 1e-6.
        let extra = theme.px(12.0);
        frame.left += extra as i32;
        frame.width = frame.width.saturating_sub(extra).max(1);
        Chart {
            frame,
            log_y: axes.log_y,
            log_x: axes.log_x,
        }
    }

    /// The data x under the device-pixel column `px`, if that column is in the plot.
    pub fn x_at(&self, px: f64) -> Option<f64> {
        let f = &self.frame;
        let u = (px - f64::from(f.left)) / f64::from(f.width);
        let [x0, x1, ..] = f.bounds;
        let x = x0 + u * (x1 - x0);
        (0.0..=1.0)
            .contains(&u)
            .then_some(if self.log_x { 10f64.powf(x) } else { x })
    }

    /// `x` in plot units (its logarithm on a log axis); `None` when it cannot be drawn.
    fn plot_x(&self, x: f64) -> Option<f64> {
        let v = match self.log_x {
            true if x > 0.0 => x.log10(),
            true => return None,
            false => x,
        };
        v.is_finite().then_some(v)
    }

    /// `y` in plot units (its logarithm on a log axis), kept just inside the plot so
    /// off-scale values run along the edge; `None` when it cannot be drawn.
    fn plot_y(&self, y: f64) -> Option<f64> {
        let v = if self.log_y {
            if y > 0.0 {
                y.log10()
            } else {
                return None;
            }
        } else {
            y
        };
        let [.., y0, y1] = self.frame.bounds;
        let pad = (y1 - y0) * 0.02;
        v.is_finite().then(|| clamp(v, y0 - pad, y1 + pad))
    }

    /// The tick values of both axes, in plot units: round values (on a log axis, the
    /// powers of ten inside it, or round values of the logarithm when it spans less
    /// than two decades).
    pub fn ticks(&self) -> (Vec<f64>, Vec<f64>) {
        let [x0, x1, y0, y1] = self.frame.bounds;
        let axis = |a: f64, b: f64, log: bool, n: usize| {
            let (lo, hi) = ((a - 1e-9).ceil(), (b + 1e-9).floor());
            if log && hi - lo >= 1.0 && hi - lo <= 1e6 {
                // At most 8 decades labelled, counted (not stepped) so no rounding can
                // make the loop long.
                let every = ((hi - lo + 1.0) / 7.0).ceil().max(1.0);
                let count = ((hi - lo) / every).floor() as usize + 1;
                (0..count.min(8)).map(|i| lo + i as f64 * every).collect()
            } else {
                ticks(a, b, if log { 4 } else { n })
            }
        };
        (axis(x0, x1, self.log_x, 5), axis(y0, y1, self.log_y, 6))
    }

    /// The label of a tick at `v` (plot units) on the y axis when `is_y`, else on x.
    pub fn tick_label(&self, is_y: bool, v: f64) -> String {
        let log = if is_y { self.log_y } else { self.log_x };
        label(if log { 10f64.powf(v) } else { v })
    }

    /// Fills the canvas and draws the axes, every series, and (when `marker` is
    /// given) a vertical line at that x with a dot where each series meets it.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        series: &[Series],
        marker: Option<f64>,
        theme: &Theme,
    ) -> crate::core::Result<()> {
        self.draw_lines::<DB, true>(root, series, theme)?;
        match marker {
            Some(mx) => self.draw_marker(root, series, mx, theme),
            None => Ok(()),
        }
    }

    /// Fills the canvas and draws the axes and every series as a solid line, whatever
    /// its `dashed`: for charts that never dash, which then carry no dashing code.
    pub fn draw_solid<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        series: &[Series],
        theme: &Theme,
    ) -> crate::core::Result<()> {
        self.draw_lines::<DB, false>(root, series, theme)
    }

    /// The canvas filled, the axes, and the series (dashed ones dashed when `DASHES`).
    fn draw_lines<DB: DrawingBackend, const DASHES: bool>(
        &self,
        root: &DrawingArea<DB, Shift>,
        series: &[Series],
        theme: &Theme,
    ) -> crate::core::Result<()> {
        root.fill(&theme.bg.to_plotters()).map_err(err)?;
        let (xs, ys) = self.ticks();
        let label = |is_y, v| self.tick_label(is_y, v);
        plot2d::draw_axes(root, &self.frame, (&xs, &ys), &label, theme)?;
        let plot = self.frame.plot(root);
        let (dash, gap) = (theme.px(6.0), theme.px(4.0));
        for s in series {
            // A colour close to the background in lightness (white on a light page) is
            // drawn over an outline in the text colour, so it keeps its own colour.
            let outline = theme.faint(s.color).then_some(theme.fg);
            let keep = clip::around(self.frame.bounds);
            let runs = self.runs(s.points);
            for run in runs.iter().flat_map(|r| clip::polyline(keep, r)) {
                for (c, w) in outline
                    .map(|c| (c, 3.5))
                    .into_iter()
                    .chain([(s.color, 2.0)])
                {
                    let style = c.to_plotters().stroke_width(theme.px(w));
                    if DASHES && s.dashed {
                        plot.draw(&DashedPathElement::new(run.clone(), dash, gap, style))
                            .map_err(err)?;
                    } else {
                        plot.draw(&PathElement::new(run.clone(), style))
                            .map_err(err)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Draws a vertical line at `mx` (when it is finite and inside the x range) with a
    /// dot where each of `series` meets it (at its point nearest to `mx`), over what is
    /// drawn already.
    pub fn draw_marker<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        series: &[Series],
        mx: f64,
        theme: &Theme,
    ) -> crate::core::Result<()> {
        let [x0, x1, y0, y1] = self.frame.bounds;
        let Some(mx) = self.plot_x(mx).filter(|x| (x0..=x1).contains(x)) else {
            return Ok(());
        };
        let plot = self.frame.plot(root);
        let fg = theme.fg;
        let rule = RGBAColor(fg.0, fg.1, fg.2, 0.5).stroke_width(theme.px(1.0));
        plot.draw(&PathElement::new(vec![(mx, y0), (mx, y1)], rule))
            .map_err(err)?;
        let r = theme.px(3.5) as i32;
        for s in series {
            let at = if self.log_x { 10f64.powf(mx) } else { mx };
            let Some(&(x, y)) = nearest(s.points, at) else {
                continue;
            };
            let keep = clip::around(self.frame.bounds);
            let at = self.plot_x(x).zip(self.plot_y(y));
            if let Some((x, py)) = at.filter(|p| clip::inside(keep, *p)) {
                plot.draw(&Circle::new((x, py), r, s.color.to_plotters().filled()))
                    .map_err(err)?;
                plot.draw(&Circle::new((x, py), r, fg.to_plotters()))
                    .map_err(err)?;
            }
        }
        Ok(())
    }

    /// The drawable stretches of `points`, in plot units.
    fn runs(&self, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let mut out = Vec::new();
        let mut cur: Vec<(f64, f64)> = Vec::new();
        for &(x, y) in points {
            match self.plot_y(y).zip(self.plot_x(x)) {
                Some((py, px)) => cur.push((px, py)),
                None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
                None => {}
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }
}

/// The point of `points` whose x is closest to `x`.
pub fn nearest(points: &[(f64, f64)], x: f64) -> Option<&(f64, f64)> {
    points
        .iter()
        .filter(|p| p.0.is_finite())
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
}

/// The range of the finite y values of `series` (positive ones only when `log_y`),
/// from 0 on a linear axis when every value is positive, with a little headroom above
/// the largest; `(0, 1)` (or `(0.1, 1)` on a log axis) when there are none.
pub fn y_range(series: &[Series], log_y: bool) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in series {
        for &(_, y) in s.points {
            if y.is_finite() && (!log_y || y > 0.0) {
                lo = lo.min(y);
                hi = hi.max(y);
            }
        }
    }
    y_range_of(lo, hi, log_y)
}

/// What [`y_range`] gives for data from `lo` to `hi` (`lo > hi` when there is none).
pub fn y_range_of(mut lo: f64, hi: f64, log_y: bool) -> (f64, f64) {
    if lo > hi {
        return if log_y { (0.1, 1.0) } else { (0.0, 1.0) };
    }
    if log_y {
        // Headroom of a twentieth of the span (at least 5%) on the log scale too.
        let f = (hi / lo).powf(0.05).max(1.05);
        return (lo / f, hi * f);
    }
    if lo > 0.0 {
        lo = 0.0;
    }
    (lo, hi + 0.05 * (hi - lo))
}

/// A tick label: three significant digits, exponent form when tiny or huge, and a
/// true minus sign.
pub fn label(v: f64) -> String {
    fmt_sig(v, 3).replace('-', "−")
}

/// `(lo, hi)` made finite and at least a little wide.
fn widen(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo + 1.0),
        (false, true) => (hi - 1.0, hi),
        (false, false) => (0.0, 1.0),
    };
    // Within ±1e300, so the span (and the pixel mapping) stays finite.
    let (lo, hi) = (clamp(lo, -1e300, 1e300), clamp(hi, -1e300, 1e300));
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        (lo, hi)
    } else {
        let d = (lo.abs() * 0.1).max(1e-9);
        (lo - d, hi + d)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::render::palette::SERIES;

    fn svg(series: &[Series], axes: Axes, marker: Option<f64>) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (320, 200)).into_drawing_area();
            let theme = Theme::default();
            let chart = Chart::new((320, 200), &axes, &theme);
            chart.draw(&root, series, marker, &theme).unwrap();
            root.present().unwrap();
        }
        out
    }

    fn hex(c: Rgb) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn draws_each_series_in_its_colour_and_breaks_at_nan() {
        let a: Vec<(f64, f64)> = (0..=10).map(|k| (f64::from(k), 0.1)).collect();
        let b: Vec<(f64, f64)> = (0..=10)
            .map(|k| {
                (
                    f64::from(k),
                    if k == 5 {
                        f64::NAN
                    } else {
                        0.01 * f64::from(k)
                    },
                )
            })
            .collect();
        let axes = Axes {
            x: (0.0, 10.0),
            y: y_range(
                &[Series {
                    points: &b,
                    color: SERIES[1],
                    dashed: false,
                }],
                false,
            ),
            log_y: false,
            log_x: false,
        };
        assert_eq!(axes.y, (0.0, 0.1 + 0.005));
        let one = svg(
            &[Series {
                points: &a,
                color: SERIES[1],
                dashed: false,
            }],
            axes,
            None,
        );
        let two = svg(
            &[
                Series {
                    points: &a,
                    color: SERIES[1],
                    dashed: false,
                },
                Series {
                    points: &b,
                    color: SERIES[3],
                    dashed: true,
                },
            ],
            axes,
            None,
        );
        assert!(one.contains(&hex(SERIES[1])), "{one}");
        assert!(!one.contains(&hex(SERIES[3])));
        assert!(two.contains(&hex(SERIES[3])));
        // The NaN splits b into two polylines; a is one.
        let lines = |s: &str, c: Rgb| s.matches(&format!("stroke=\"{}\"", hex(c))).count();
        assert_eq!(lines(&one, SERIES[1]), 1);
        assert!(lines(&two, SERIES[3]) > 2, "dashes are separate segments");
        // Tick labels of both axes.
        assert!(one.contains("\n0.1\n") && one.contains("\n10\n"), "{one}");
    }

    #[test]
    fn log_axis_labels_decades_and_skips_non_positive_values() {
        let pts: Vec<(f64, f64)> = (0..=6)
            .map(|k| (f64::from(k), 10f64.powi(-k)))
            .chain([(7.0, 0.0), (8.0, -1.0)])
            .collect();
        let s = [Series {
            points: &pts,
            color: SERIES[2],
            dashed: false,
        }];
        let (lo, hi) = y_range(&s, true);
        assert!(lo < 1e-6 && lo > 4e-7 && hi > 1.0 && hi < 2.1, "{lo} {hi}");
        let chart = Chart::new(
            (320, 200),
            &Axes {
                x: (0.0, 8.0),
                y: (lo, hi),
                log_y: true,
                log_x: false,
            },
            &Theme::default(),
        );
        let (_, ys) = chart.ticks();
        let labels: Vec<String> = ys.iter().map(|v| chart.tick_label(true, *v)).collect();
        assert_eq!(
            labels,
            ["1e−6", "1e−5", "1e−4", "0.001", "0.01", "0.1", "1"]
        );
        assert_eq!(chart.tick_label(false, 3.0), "3");
        assert_eq!(chart.runs(&pts).len(), 1);
        assert_eq!(chart.runs(&pts)[0].len(), 7);
        // Less than two decades: round values inside.
        let narrow = Chart::new(
            (320, 200),
            &Axes {
                x: (0.0, 1.0),
                y: (2.0, 9.0),
                log_y: true,
                log_x: false,
            },
            &Theme::default(),
        );
        let (_, ys) = narrow.ticks();
        assert!(ys.len() >= 2, "{ys:?}");
    }

    #[test]
    fn marker_maps_back_from_pixels_and_draws_a_rule() {
        let pts = [(0.0, 1.0), (50.0, 0.5), (100.0, 0.0)];
        let axes = Axes {
            x: (0.0, 100.0),
            y: (0.0, 1.0),
            log_y: false,
            log_x: false,
        };
        let chart = Chart::new((320, 200), &axes, &Theme::default());
        let f = chart.frame;
        let mid = f64::from(f.left) + f64::from(f.width) / 2.0;
        assert!((chart.x_at(mid).unwrap() - 50.0).abs() < 1e-9);
        assert_eq!(chart.x_at(f64::from(f.left) - 1.0), None);
        assert_eq!(chart.x_at(f64::from(f.left + f.width as i32) + 1.0), None);
        assert_eq!(nearest(&pts, 60.0), Some(&(50.0, 0.5)));
        let s = [Series {
            points: &pts,
            color: SERIES[4],
            dashed: false,
        }];
        let plain = svg(&s, axes, None);
        let marked = svg(&s, axes, Some(50.0));
        assert!(!plain.contains("<circle"));
        assert!(marked.contains("<circle"), "{marked}");
        // A marker outside the range draws nothing extra.
        assert_eq!(svg(&s, axes, Some(500.0)), plain);
        // A marker drawn on its own, over the chart, is the marker `draw` draws.
        let mut apart = String::new();
        {
            let root = SVGBackend::with_string(&mut apart, (320, 200)).into_drawing_area();
            let theme = Theme::default();
            chart.draw(&root, &s, None, &theme).unwrap();
            chart.draw_marker(&root, &s, 50.0, &theme).unwrap();
            chart.draw_marker(&root, &s, f64::NAN, &theme).unwrap();
            root.present().unwrap();
        }
        assert_eq!(apart, marked);
        // Solid only: a dashed series is drawn as one line.
        let dashed = [Series {
            dashed: true,
            ..s[0]
        }];
        let mut solid = String::new();
        {
            let root = SVGBackend::with_string(&mut solid, (320, 200)).into_drawing_area();
            chart.draw_solid(&root, &dashed, &Theme::default()).unwrap();
            root.present().unwrap();
        }
        assert_eq!(solid, plain);
        assert_ne!(svg(&dashed, axes, None), plain);
    }

    #[test]
    fn degenerate_ranges_are_widened() {
        assert_eq!(widen(f64::NAN, f64::INFINITY), (0.0, 1.0));
        let (lo, hi) = widen(0.1, 0.1);
        assert!(lo < 0.1 && hi > 0.1);
        assert_eq!(widen(3.0, 1.0), (1.0, 3.0));
        assert_eq!(y_range(&[], false), (0.0, 1.0));
        assert_eq!(label(-0.5), "−0.5");
        assert_eq!(label(0.6000000000000001), "0.6");
    }
}
