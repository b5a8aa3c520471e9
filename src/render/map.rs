//! A convergence map: one coloured cell per setting, the theory's boundary over it.
//!
//! The cells are painted into an RGBA buffer the size of the plot ([`paint`]), which
//! the web layer puts on the canvas in one call; axes, the boundary, the optimal point,
//! the reader's current setting and the keyboard cursor are drawn over it with plotters
//! ([`draw_overlay`]). Plot coordinates are axis fractions: 0 to 1 left to right and
//! bottom to top, so a log axis is straight.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{scale, Rgb, Theme, SERIES};
use super::plot2d::{draw_axes, Frame};
use crate::core::error::Error;
use crate::core::map::theory::QuadraticTheory;
use crate::core::map::{Axis, Cell};
use crate::core::run::Status;

/// What a cell's colour shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Steps to converge: bright is fast, darkest is not within the steps.
    Steps,
    /// Final loss above the minimum, on a log scale: bright is low.
    Loss,
}

/// How cells turn into colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colouring {
    /// The metric.
    pub metric: Metric,
    /// The steps of each run.
    pub steps: usize,
    /// The best known loss (the final loss is measured from it; 0 when unknown).
    pub f_min: f64,
    /// The convergence tolerance (the bright end of the loss scale).
    pub tol: f64,
}

impl Colouring {
    /// The colour of `cell`: `None` for a diverged run (drawn hatched, never as a
    /// colour of the scale).
    pub fn colour(&self, cell: &Cell) -> Option<Rgb> {
        if cell.status == Status::Diverged {
            return None;
        }
        let t = match self.metric {
            Metric::Steps => match cell.converged_at {
                Some(k) => {
                    let n = (self.steps.max(1) as f64 + 1.0).ln();
                    1.0 - 0.85 * ((k as f64 + 1.0).ln() / n)
                }
                None => 0.0,
            },
            Metric::Loss => {
                // `f64::max` would turn a NaN into 0 (the bright end): test first.
                let gap = cell.final_loss - self.f_min;
                let (lo, hi) = (self.tol.log10(), 4.0f64.max(self.tol.log10() + 1.0));
                if gap.is_finite() {
                    1.0 - (gap.max(1e-300).log10() - lo) / (hi - lo)
                } else {
                    0.0
                }
            }
        };
        Some(scale(t))
    }
}

/// The cell under plot pixel `(px, py)` (from the plot's top-left corner) of a plot of
/// `w × h` pixels showing `cols × rows` cells, as (column, row from the bottom).
pub fn cell_at(
    px: f64,
    py: f64,
    w: u32,
    h: u32,
    cols: usize,
    rows: usize,
) -> Option<(usize, usize)> {
    let (fx, fy) = (px / f64::from(w.max(1)), 1.0 - py / f64::from(h.max(1)));
    if !(0.0..=1.0).contains(&fx) || !(0.0..=1.0).contains(&fy) {
        return None;
    }
    let c = ((fx * cols as f64) as usize).min(cols.saturating_sub(1));
    let r = ((fy * rows as f64) as usize).min(rows.saturating_sub(1));
    Some((c, r))
}

/// Paints `cells` (row-major from the bottom row; `None` not yet known) into `rgba`,
/// `w × h` pixels of the plot: each cell its colour, diverged cells hatched in the
/// foreground colour over the background, unknown cells the background.
pub fn paint(
    rgba: &mut Vec<u8>,
    (w, h): (u32, u32),
    cells: &[Option<Cell>],
    (cols, rows): (usize, usize),
    colouring: &Colouring,
    theme: &Theme,
) {
    let (wu, hu) = (w as usize, h as usize);
    rgba.clear();
    rgba.resize(wu * hu * 4, 255);
    if cols == 0 || rows == 0 || wu == 0 || hu == 0 {
        return;
    }
    // One colour per cell first, then pixels look them up.
    let colours: Vec<Option<Rgb>> = cells
        .iter()
        .map(|c| match c {
            Some(c) => colouring.colour(c),
            None => Some(theme.bg),
        })
        .collect();
    let stripe = theme.px(6.0) as usize;
    let hatch = Rgb(
        ((u16::from(theme.fg.0) + u16::from(theme.bg.0)) / 2) as u8,
        ((u16::from(theme.fg.1) + u16::from(theme.bg.1)) / 2) as u8,
        ((u16::from(theme.fg.2) + u16::from(theme.bg.2)) / 2) as u8,
    );
    let col_of: Vec<usize> = (0..wu).map(|x| (x * cols / wu).min(cols - 1)).collect();
    for (y, row_px) in rgba.chunks_exact_mut(wu * 4).enumerate() {
        let row = ((hu - 1 - y) * rows / hu).min(rows - 1);
        for (x, px) in row_px.chunks_exact_mut(4).enumerate() {
            let c = col_of.get(x).copied().unwrap_or(0);
            let rgb = match colours.get(row * cols + c).copied().flatten() {
                Some(rgb) => rgb,
                None if (x + y) % stripe < stripe.div_ceil(3) => hatch,
                None => theme.bg,
            };
            px.copy_from_slice(&[rgb.0, rgb.1, rgb.2, 255]);
        }
    }
}

/// The overlay of a map: its axes, the quadratic's theory when it applies, the
/// reader's setting and the cursor.
#[derive(Debug, Clone)]
pub struct Overlay<'a> {
    /// The column axis.
    pub x: &'a Axis,
    /// The row axis (none for a one-row map).
    pub y: Option<&'a Axis>,
    /// Cells along a row and rows.
    pub cells: (usize, usize),
    /// Heavy ball's theory on a quadratic, when the map is SGD over `lr` (and
    /// `momentum`) on the `quadratic` surface.
    pub theory: Option<QuadraticTheory>,
    /// The reader's current setting: (x value, y value).
    pub current: Option<(f64, Option<f64>)>,
    /// The keyboard cursor's cell (column, row).
    pub cursor: Option<(usize, usize)>,
}

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

impl Overlay<'_> {
    /// The plot fraction of a setting (x value, y value); a one-row map puts every
    /// setting at mid-height.
    fn at(&self, vx: f64, vy: Option<f64>) -> Option<(f64, f64)> {
        let fx = if self.x.n <= 1 {
            Some(0.5)
        } else {
            self.x.fraction(vx)
        }?;
        let fy = match (self.y, vy) {
            (Some(a), Some(v)) if a.n > 1 => a.fraction(v)?,
            _ => 0.5,
        };
        Some((fx, fy))
    }

    /// Heavy ball's (lr, momentum) as this map's (x, y) values, if its axes are those
    /// keys (either way round, or lr alone with momentum 0).
    fn setting(&self, lr: f64, beta: f64) -> Option<(f64, Option<f64>)> {
        match (self.x.key.as_str(), self.y.map(|a| a.key.as_str())) {
            ("lr", None) => (beta == 0.0).then_some((lr, None)),
            ("lr", Some("momentum")) => Some((lr, Some(beta))),
            ("momentum", Some("lr")) => Some((beta, Some(lr))),
            _ => None,
        }
    }

    /// The boundary of heavy ball's region (η = 2(1 + β)/λ_max for β from the axis's
    /// range within [0, 1)), as plot fractions; a vertical line at 2/λ_max on a
    /// one-row map.
    pub fn boundary(&self) -> Vec<(f64, f64)> {
        let Some(t) = self.theory else {
            return Vec::new();
        };
        let Some(y) = self.y else {
            return match self
                .setting(t.sgd_lr_limit(), 0.0)
                .and_then(|(a, b)| self.at(a, b))
            {
                Some((fx, _)) => vec![(fx, 0.0), (fx, 1.0)],
                None => Vec::new(),
            };
        };
        let (lo, hi) = if y.key == "momentum" {
            (y.lo.min(y.hi), y.lo.max(y.hi))
        } else {
            (self.x.lo.min(self.x.hi), self.x.lo.max(self.x.hi))
        };
        let (lo, hi) = (lo.max(0.0), hi.min(1.0));
        if lo >= hi {
            return Vec::new();
        }
        (0..=64)
            .filter_map(|k| {
                let beta = lo + (hi - lo) * f64::from(k) / 64.0;
                let (a, b) = self.setting(t.momentum_lr_limit(beta), beta)?;
                self.at(a, b)
            })
            .collect()
    }

    /// The optimal setting's plot fraction: heavy ball's (η*, β*), or on a one-row
    /// map gradient descent's best rate 2/(λ_min + λ_max).
    pub fn optimum(&self) -> Option<(f64, f64)> {
        let t = self.theory?;
        let (lr, beta) = if self.y.is_some() {
            t.momentum_optimal()
        } else {
            (t.sgd_optimal_lr(), 0.0)
        };
        let (a, b) = self.setting(lr, beta)?;
        self.at(a, b)
    }
}

/// The frame of a map on a canvas of `size` device pixels.
pub fn frame(size: (u32, u32), theme: &Theme) -> Frame {
    let mut f = Frame::new(size, [0.0, 1.0, 0.0, 1.0], theme);
    // Room for the axis titles.
    let extra = theme.px(16.0);
    f.height = f.height.saturating_sub(extra).max(1);
    let shift = theme.px(20.0);
    f.left += shift as i32;
    f.width = f.width.saturating_sub(shift).max(1);
    f
}

/// Tick positions (plot fractions) and labels along `axis`: powers of ten on a log
/// axis (with 2 and 5 when there are few), five even steps on a linear one.
fn ticks(axis: &Axis) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    if axis.n <= 1 {
        return vec![(0.5, axis.lo)];
    }
    if axis.log {
        let (a, b) = (axis.lo.min(axis.hi).log10(), axis.lo.max(axis.hi).log10());
        let few = b - a < 2.5;
        let mut e = a.floor() as i32;
        while f64::from(e) <= b.ceil() && out.len() < 40 {
            for m in if few {
                &[1.0, 2.0, 5.0][..]
            } else {
                &[1.0][..]
            } {
                let v = m * 10f64.powi(e);
                if let Some(f) = axis
                    .fraction(v)
                    .filter(|f| (-1e-9..=1.0 + 1e-9).contains(f))
                {
                    out.push((f, v));
                }
            }
            e += 1;
        }
    } else {
        let (a, b) = (axis.lo.min(axis.hi), axis.lo.max(axis.hi));
        for v in super::plot2d::ticks(a, b, 5) {
            if let Some(f) = axis.fraction(v) {
                out.push((f, v));
            }
        }
    }
    out
}

/// Draws the overlay: axes with ticks and titles, the boundary (dashed where it
/// leaves the plot), the optimum (a ring), the current setting (a cross) and the
/// cursor (a box around its cell).
pub fn draw_overlay<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    o: &Overlay,
    theme: &Theme,
) -> crate::core::Result<()> {
    let xt = ticks(o.x);
    let yt = o.y.map(ticks).unwrap_or_default();
    let xs: Vec<f64> = xt.iter().map(|t| t.0).collect();
    let ys: Vec<f64> = yt.iter().map(|t| t.0).collect();
    let label = |is_y: bool, f: f64| {
        let list = if is_y { &yt } else { &xt };
        list.iter()
            .find(|t| (t.0 - f).abs() < 1e-12)
            .map(|t| crate::render::chart::label(t.1))
            .unwrap_or_default()
    };
    draw_axes(root, frame, (&xs, &ys), &label, theme)?;
    let fg = theme.fg.to_plotters();
    let font = (FontFamily::SansSerif, f64::from(theme.px(12.0)))
        .into_font()
        .color(&fg);
    let (l, t) = (frame.left, frame.top);
    let (w, h) = (frame.width as i32, frame.height as i32);
    let scale_note = |a: &Axis| if a.log { " (log)" } else { "" };
    root.draw(&Text::new(
        [o.x.key.as_str(), scale_note(o.x)].concat(),
        (l + w / 2, t + h + theme.px(34.0) as i32),
        font.clone().pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))
    .map_err(err)?;
    if let Some(y) = o.y {
        root.draw(&Text::new(
            [y.key.as_str(), scale_note(y)].concat(),
            (l - theme.px(54.0) as i32, t + h / 2),
            font.clone()
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(err)?;
    }
    let px = |(fx, fy): (f64, f64)| {
        (
            l + (fx * f64::from(w)).round() as i32,
            t + ((1.0 - fy) * f64::from(h)).round() as i32,
        )
    };
    let inside = |p: &(f64, f64)| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1);
    // The boundary: a white line with a dark halo, drawn only within the plot.
    let line: Vec<(i32, i32)> = o.boundary().into_iter().filter(inside).map(px).collect();
    if line.len() >= 2 {
        let halo = RGBAColor(0, 0, 0, 0.6).stroke_width(theme.px(4.0));
        root.draw(&PathElement::new(line.clone(), halo))
            .map_err(err)?;
        root.draw(&PathElement::new(line, WHITE.stroke_width(theme.px(2.0))))
            .map_err(err)?;
    }
    if let Some(p) = o.optimum().filter(inside) {
        let c = px(p);
        let r = theme.px(6.0) as i32;
        root.draw(&Circle::new(c, r + 1, BLACK.stroke_width(theme.px(4.0))))
            .map_err(err)?;
        root.draw(&Circle::new(
            c,
            r,
            SERIES[1].to_plotters().stroke_width(theme.px(2.0)),
        ))
        .map_err(err)?;
    }
    if let Some(p) = o.current.and_then(|(a, b)| o.at(a, b)).filter(inside) {
        let (x, y) = px(p);
        let s = theme.px(6.0) as i32;
        for (stroke, c) in [
            (4.0, RGBAColor(0, 0, 0, 0.8)),
            (2.0, RGBAColor(255, 255, 255, 1.0)),
        ] {
            let st = c.stroke_width(theme.px(stroke));
            root.draw(&PathElement::new(vec![(x - s, y - s), (x + s, y + s)], st))
                .map_err(err)?;
            root.draw(&PathElement::new(vec![(x - s, y + s), (x + s, y - s)], st))
                .map_err(err)?;
        }
    }
    if let Some((c, r)) = o.cursor {
        let (cols, rows) = (o.cells.0.max(1) as f64, o.cells.1.max(1) as f64);
        let a = px((c as f64 / cols, (r as f64 + 1.0) / rows));
        let b = px(((c as f64 + 1.0) / cols, r as f64 / rows));
        root.draw(&Rectangle::new([a, b], fg.stroke_width(theme.px(2.0))))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::spec::Spec;
    use crate::core::surface;

    fn axis(key: &str, lo: f64, hi: f64, n: usize, log: bool) -> Axis {
        Axis {
            key: key.into(),
            lo,
            hi,
            n,
            log,
        }
    }

    fn cell(status: Status, at: Option<usize>, loss: f64) -> Cell {
        Cell {
            status,
            converged_at: at,
            taken: 10,
            final_loss: loss,
        }
    }

    #[test]
    fn colours_order_by_speed_and_diverged_is_no_colour() {
        let c = Colouring {
            metric: Metric::Steps,
            steps: 300,
            f_min: 0.0,
            tol: 1e-6,
        };
        let fast = c.colour(&cell(Status::Converged, Some(5), 0.0)).unwrap();
        let slow = c.colour(&cell(Status::Converged, Some(250), 0.0)).unwrap();
        let never = c.colour(&cell(Status::MaxSteps, None, 0.1)).unwrap();
        assert!(fast.luma() > slow.luma() && slow.luma() > never.luma());
        assert_eq!(c.colour(&cell(Status::Diverged, None, f64::NAN)), None);
        let l = Colouring {
            metric: Metric::Loss,
            ..c
        };
        let low = l.colour(&cell(Status::Converged, Some(5), 1e-9)).unwrap();
        let high = l.colour(&cell(Status::MaxSteps, None, 10.0)).unwrap();
        assert!(low.luma() > high.luma());
        // A NaN loss of a not-diverged cell is drawn as the bottom of the scale.
        assert_eq!(
            l.colour(&cell(Status::MaxSteps, None, f64::NAN)),
            Some(scale(0.0))
        );
    }

    #[test]
    fn paint_fills_cells_hatches_diverged_and_finds_cells() {
        let theme = Theme::default();
        let c = Colouring {
            metric: Metric::Steps,
            steps: 100,
            f_min: 0.0,
            tol: 1e-6,
        };
        // 2 × 1 cells: converged on the left, diverged on the right.
        let cells = [
            Some(cell(Status::Converged, Some(3), 0.0)),
            Some(cell(Status::Diverged, None, 1.0)),
        ];
        let mut rgba = Vec::new();
        paint(&mut rgba, (40, 10), &cells, (2, 1), &c, &theme);
        assert_eq!(rgba.len(), 40 * 10 * 4);
        let px = |x: usize, y: usize| {
            let i = (y * 40 + x) * 4;
            Rgb(rgba[i], rgba[i + 1], rgba[i + 2])
        };
        let left = c.colour(cells[0].as_ref().unwrap()).unwrap();
        assert!((0..20).all(|x| px(x, 5) == left));
        let right: Vec<Rgb> = (20..40).map(|x| px(x, 5)).collect();
        assert!(right.contains(&theme.bg) && right.iter().any(|p| *p != theme.bg));
        assert!(right.iter().all(|p| *p != left));
        assert_eq!(cell_at(5.0, 5.0, 40, 10, 2, 1), Some((0, 0)));
        assert_eq!(cell_at(39.0, 0.0, 40, 10, 2, 1), Some((1, 0)));
        assert_eq!(cell_at(41.0, 0.0, 40, 10, 2, 1), None);
        assert_eq!(cell_at(5.0, 0.0, 40, 40, 4, 4), Some((0, 3)));
    }

    #[test]
    fn boundary_and_optimum_sit_where_theory_says() {
        let s = surface::build(&Spec::parse("quadratic(a=1, b=25)").unwrap()).unwrap();
        let t = QuadraticTheory::of(s.as_ref());
        let x = axis("lr", 1e-3, 1.0, 64, true);
        let y = axis("momentum", 0.0, 0.99, 64, false);
        let o = Overlay {
            x: &x,
            y: Some(&y),
            cells: (64, 64),
            theory: t,
            current: None,
            cursor: None,
        };
        let b = o.boundary();
        // At β = 0 the line is at lr = 0.08 (fraction (log 0.08 + 3)/3).
        let f0 = (0.08f64.log10() + 3.0) / 3.0;
        assert!((b[0].0 - f0).abs() < 1e-12 && b[0].1 == 0.0);
        assert!(b.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 > w[0].1));
        let (fx, fy) = o.optimum().unwrap();
        assert!(((1.0f64 / 9.0).log10() + 3.0 - 3.0 * fx).abs() < 1e-12);
        assert!((fy - (4.0 / 9.0) / 0.99).abs() < 1e-12);
        let adam = Overlay {
            x: &x,
            y: Some(&axis("beta2", 0.9, 0.999, 8, false)),
            ..o.clone()
        };
        assert!(adam.boundary().is_empty() && adam.optimum().is_none());
        let strip = Overlay {
            y: None,
            ..o.clone()
        };
        assert_eq!(strip.boundary(), vec![(f0, 0.0), (f0, 1.0)]);
    }

    #[test]
    fn overlay_draws_axes_theory_and_markers() {
        let s = surface::build(&Spec::parse("quadratic(a=1, b=25)").unwrap()).unwrap();
        let x = axis("lr", 1e-3, 1.0, 16, true);
        let y = axis("momentum", 0.0, 0.99, 16, false);
        let o = Overlay {
            x: &x,
            y: Some(&y),
            cells: (16, 16),
            theory: QuadraticTheory::of(s.as_ref()),
            current: Some((0.05, Some(0.5))),
            cursor: Some((3, 4)),
        };
        let theme = Theme::default();
        let (w, h) = (320u32, 240u32);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            draw_overlay(&root, &frame((w, h), &theme), &o, &theme).unwrap();
            root.present().unwrap();
        }
        // Axis titles, the boundary (a white line over a dark halo), the optimum's
        // ring in orange, the current setting's cross and the cursor's box.
        assert!(
            svg.contains("\nlr (log)\n") && svg.contains("\nmomentum\n"),
            "{svg}"
        );
        assert!(svg.contains("\n0.001\n") && svg.contains("\n1\n"));
        assert!(svg.matches("stroke=\"#FFFFFF\"").count() >= 3, "{svg}");
        assert!(svg.contains("#E69F00"));
        assert!(svg.contains("<rect"));
        let bare = Overlay {
            theory: None,
            current: None,
            cursor: None,
            ..o.clone()
        };
        let mut plain = String::new();
        {
            let root = SVGBackend::with_string(&mut plain, (w, h)).into_drawing_area();
            draw_overlay(&root, &frame((w, h), &theme), &bare, &theme).unwrap();
            root.present().unwrap();
        }
        assert!(!plain.contains("#E69F00") && !plain.contains("#FFFFFF"));
    }
}
