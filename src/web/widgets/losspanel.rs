//! The playground's loss panel: every run's loss against the step on one chart (on a
//! log scale when the losses are all positive and span decades), a marker at the step
//! the timeline shows, and a read-out of each run's loss at the step under the pointer
//! (at the timeline's step when the pointer is elsewhere). A run that diverged stops at
//! its last finite loss and reads "diverged" after it. A click or tap shows the step
//! under it on the timeline; from the keyboard, the timeline's scrubber moves the marker
//! and the read-out.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

use crate::core::run::{Status, Trajectory};
use crate::render::chart::{y_range_of, Axes, Chart, Series};
use crate::render::{Rgb, Theme};
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt};

/// The losses span at least this ratio for a log axis.
const LOG_SPAN: f64 = 100.0;

/// What the chart shows, and its label says, while the runs are held back.
const HELD: &str = "The loss curves appear when the runs play.";

/// One run's line: its losses up to the first that is not finite, its colour, and its
/// part of the read-out.
struct Line {
    points: Vec<(f64, f64)>,
    color: Rgb,
    /// The run's name in the read-out (`sgd, η 0.05`); empty when the run failed.
    name: String,
    diverged: bool,
}

/// The loss chart and its read-out.
pub struct LossPanel {
    /// The chart's canvas.
    pub canvas: HtmlCanvasElement,
    out: HtmlElement,
    layers: Layers,
    lines: Vec<Line>,
    axes: Axes,
    chart: Option<Chart>,
    /// The step under the pointer, if it is over the chart.
    pub hover: Option<usize>,
    /// The step whose read-out is shown.
    shown: Option<usize>,
    /// The runs changed since the chart was last drawn.
    stale: bool,
    /// The runs are held back (see [`LossPanel::hold`]).
    held: bool,
    /// The chart's accessible label once the runs are shown.
    label: String,
}

impl LossPanel {
    /// A chart in `parent` for runs drawn in `colors`; `host` supplies the theme.
    pub fn new(parent: &Element, host: &HtmlElement, colors: &[Rgb]) -> Result<Self, JsValue> {
        let canvas: HtmlCanvasElement =
            child(parent, "canvas", "gdz-canvas gdz-loss")?.dyn_into()?;
        canvas.set_attribute("role", "img")?;
        let out = child(parent, "p", "gdz-loss-out")?;
        out.set_attribute("aria-live", "polite")?;
        let lines = colors
            .iter()
            .map(|c| Line {
                points: Vec::new(),
                color: *c,
                name: String::new(),
                diverged: false,
            })
            .collect();
        Ok(LossPanel {
            canvas,
            out,
            layers: Layers::new(host, true)?,
            lines,
            axes: Axes {
                x: (0.0, 1.0),
                y: (0.0, 1.0),
                log_y: false,
                log_x: false,
            },
            chart: None,
            hover: None,
            shown: None,
            stale: true,
            held: false,
            label: String::new(),
        })
    }

    /// Takes the runs' new trajectories (`None` for a run that failed to start), named
    /// as in the read-out, over `steps` steps.
    pub fn set_runs<'a>(
        &mut self,
        runs: impl Iterator<Item = (Option<&'a Trajectory>, String)>,
        steps: usize,
    ) {
        let (mut lo, mut hi, mut positive) = (f64::INFINITY, f64::NEG_INFINITY, true);
        for (line, (t, name)) in self.lines.iter_mut().zip(runs) {
            line.points.clear();
            line.diverged = t.is_some_and(|t| t.status == Status::Diverged);
            line.name = if t.is_some() { name } else { String::new() };
            let loss = t.map_or(&[][..], |t| &t.loss);
            for (k, &y) in loss.iter().enumerate() {
                if !y.is_finite() {
                    line.diverged = true;
                    break;
                }
                positive &= y > 0.0;
                lo = lo.min(y);
                hi = hi.max(y);
                line.points.push((k as f64, y));
            }
        }
        let log_y = positive && hi >= lo * LOG_SPAN;
        self.axes = Axes {
            x: (0.0, steps as f64),
            y: y_range_of(lo, hi, log_y),
            log_y,
            log_x: false,
        };
        self.stale = true;
        self.label = format!(
            "Loss against step, 0 to {steps}, {} scale, for {} runs.",
            if log_y { "log" } else { "linear" },
            self.lines.len()
        );
        self.set_label();
        self.shown = None;
    }

    /// Holds the chart back while the runs are (`reveal="play"`): its lines, and even
    /// its scale, would tell how each run ends. It keeps its place and says when it will
    /// fill in, so nothing moves when it does.
    pub fn hold(&mut self, held: bool) {
        if held != self.held {
            self.held = held;
            // Drawn again, held or not, at the next draw.
            self.stale = true;
            self.set_label();
        }
    }

    fn set_label(&self) {
        let label = if self.held { HELD } else { &self.label };
        let _ = self.canvas.set_attribute("aria-label", label);
    }

    /// Reads the canvas's laid-out width (on mount and resize only).
    pub fn measure(&mut self) {
        self.layers.measure(&self.canvas);
    }

    /// The step under a pointer at CSS offset `x`, if it is over the plot.
    pub fn step_at(&self, x: f64) -> Option<usize> {
        let t = self.chart.as_ref()?.x_at(x * self.layers.theme.scale)?;
        let last = self.axes.x.1 as usize;
        Some((t.round().max(0.0) as usize).min(last))
    }

    /// Draws the chart with a marker at step `at` (and one at the hovered step) and
    /// writes the read-out of the hovered step, or of `at`.
    pub fn draw(&mut self, at: usize) -> Result<(), JsValue> {
        // The axes and lines change with the runs and the size only, and go under the
        // markers (see `Layers::under`); held back, the chart is a note instead.
        let fresh = self.layers.fit(&self.canvas, (0.4, 150.0, 260.0)) | self.stale;
        if fresh {
            self.stale = false;
            let size = (self.canvas.width(), self.canvas.height());
            self.chart = (!self.held).then(|| Chart::new(size, &self.axes, &self.layers.theme));
        }
        let (chart, lines) = (&self.chart, &self.lines);
        self.layers
            .under(&self.canvas, fresh, |target, theme| match chart {
                Some(chart) => {
                    let root = canvas::backend(target)?.into_drawing_area();
                    chart
                        .draw_solid(&root, &series(lines, None), theme)
                        .map_err(crate::web::dom::js_error)
                }
                None => draw_held(target, theme),
            })?;
        if let Some(chart) = &self.chart {
            let root = canvas::backend(&self.canvas)?.into_drawing_area();
            let mut marks = vec![at];
            marks.extend(self.hover.filter(|&k| k != at));
            for k in marks {
                chart
                    .draw_marker(
                        &root,
                        &series(&self.lines, Some(k)),
                        k as f64,
                        &self.layers.theme,
                    )
                    .map_err(crate::web::dom::js_error)?;
            }
        }
        self.read(self.hover.unwrap_or(at));
        Ok(())
    }

    /// Writes each run's loss at step `k` (only when `k` changed since last written).
    fn read(&mut self, k: usize) {
        if self.shown == Some(k) {
            return;
        }
        self.shown = Some(k);
        let mut text = format!("Loss at step {k}:");
        for (i, l) in self.lines.iter().filter(|l| !l.name.is_empty()).enumerate() {
            let value = match l.points.get(k) {
                Some(&(_, y)) => fmt(y),
                None if l.diverged => "diverged".into(),
                None => "—".into(),
            };
            let sep = if i == 0 { " " } else { "; " };
            text = text + sep + &l.name + " " + &value;
        }
        text.push('.');
        self.out.set_text_content(Some(&text));
    }
}

/// The runs as chart series; with `reaching`, only those that have a point at
/// `reaching`'s step.
fn series(lines: &[Line], reaching: Option<usize>) -> Vec<Series<'_>> {
    lines
        .iter()
        .filter(|l| reaching.is_none_or(|k| k < l.points.len()))
        .map(|l| Series {
            points: &l.points,
            color: l.color,
            dashed: false,
        })
        .collect()
}

/// The held chart: a frame with [`HELD`] in the middle.
fn draw_held(target: &HtmlCanvasElement, theme: &Theme) -> Result<(), JsValue> {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let root = canvas::cleared(target, theme)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let fg = theme.fg.to_plotters();
    let edge = theme.px(1.0);
    let font = (FontFamily::SansSerif, f64::from(theme.px(13.0)))
        .into_font()
        .color(&fg)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let to_js = |e| crate::web::dom::js_error(crate::core::Error::draw(e));
    root.draw(&Rectangle::new(
        [(0, 0), (w - edge as i32, h - edge as i32)],
        fg.mix(0.3).stroke_width(edge),
    ))
    .map_err(to_js)?;
    root.draw(&Text::new(HELD, (w / 2, h / 2), font))
        .map_err(to_js)
}
