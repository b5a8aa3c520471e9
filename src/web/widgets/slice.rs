//! `<gdz-slice>`: the loss around trained networks. Each run (up to four set-ups, e.g.
//! small and large batches) trains the same network from the same weights for `steps`
//! steps, a few hundred per animation frame; then the training loss is measured along
//! one random filter-normalised direction (a curve) or two (a map) around each
//! solution, all on the same scale, so a sharp minimum and a flat one can be compared.
//!
//! Attributes: `data`, `model`, `optimizer`, `batch`, `steps`, `dims`, `span`, `seed`,
//! `controls`, `caption`.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::core::csv::Csv;
use crate::core::nn::{self, NetSetup, SliceConfig, SliceResult, Trainer};
use crate::core::schema::{self, Values};
use crate::render::boundary::RUNS;
use crate::render::chart::{y_range, Axes, Chart, Series};
use crate::render::palette;
use crate::web::attrs::Attrs;
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::{button, swatch, Field};
use crate::web::mounted::{Frames, Mounted};
use crate::web::shell::Shell;
use crate::web::tools;

/// Training steps per animation frame, over all runs.
const STEPS_PER_FRAME: usize = 400;
/// Points along each direction.
const POINTS_1D: usize = 41;
const POINTS_2D: usize = 25;
/// The settings shown as text fields, with their labels.
const FIELDS: [(&str, &str); 2] = [("batch", "Batch sizes"), ("dims", "Directions (1 or 2)")];

/// One set-up: training, then its slice.
struct Run {
    name: String,
    trainer: Trainer,
    slice: Option<SliceResult>,
}

struct State {
    key: String,
    values: Values,
    fields: Vec<(&'static str, Field)>,
    canvas: HtmlCanvasElement,
    layers: Layers,
    legend: HtmlElement,
    out: HtmlElement,
    runs: Vec<Run>,
    frames: Frames,
    note: Option<String>,
}

/// Mounts a slice widget in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn crate::web::Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::SLICE);
    let shown = attrs.shown();
    let shell = Shell::new(host, "gdz-slice", &attrs)?;
    text_child(
        &shell.root,
        "p",
        "gdz-title",
        "Training loss around each trained network",
    )?;
    let canvas = shell.canvas()?;
    let legend = child(&shell.root, "ul", "gdz-legend")?;
    let out = shell.readout()?;
    let controls = shell.controls()?;
    let run = button(&controls, "Train and slice again")?;
    run.set_hidden(!shown.has("run"));
    let fields = crate::web::attrs::fields(&controls, &FIELDS, &attrs)?;
    let inputs: Vec<HtmlInputElement> = fields.iter().map(|(_, f)| f.input.clone()).collect();
    let mut m = Mounted::new(State {
        key: attrs.key.clone(),
        values: std::mem::replace(&mut attrs.values, schema::SLICE.defaults()),
        fields,
        canvas,
        layers: Layers::new(host, false)?,
        legend,
        out,
        runs: Vec::new(),
        frames: Frames::default(),
        note: None,
    });
    m.on(&run, "click", |s, _| s.start())?;
    for (i, input) in inputs.iter().enumerate() {
        m.on(input, "change", move |s, _| s.edited(i))?;
    }
    m.on_frame(|s| &mut s.frames, State::tick);
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s| s.canvas.clone(),
            csv: State::csv,
        },
        |s| {
            s.layers.measure(&s.canvas);
            s.draw();
        },
    )?;
    m.state.borrow_mut().start();
    Ok(Box::new(m))
}

impl State {
    fn edited(&mut self, i: usize) {
        let values =
            crate::web::attrs::reread(&schema::SLICE, &self.key, &self.fields, i, &self.values);
        if let Some(values) = values {
            self.values = values;
            self.start();
        }
    }

    /// Builds every run (untrained, from the same weights) and starts training.
    fn start(&mut self) {
        self.runs.clear();
        self.note = None;
        if let Err(e) = self.build() {
            self.note = Some(e);
        }
        self.frames.cancel();
        self.frames.request();
        self.draw();
    }

    fn build(&mut self) -> Result<(), String> {
        let setup = NetSetup::read(&self.values, None).map_err(|e| e.to_string())?;
        self.legend.set_text_content(None);
        for (i, run) in setup.runs.iter().enumerate() {
            let name = run.name();
            let li = child(&self.legend, "li", "").map_err(|e| crate::web::dom::message(&e))?;
            let _ = swatch(&li, RUNS[i % RUNS.len()]);
            let _ = text_child(&li, "span", "", &name);
            let trainer = setup.trainer(run).map_err(|e| e.to_string())?;
            self.runs.push(Run {
                name,
                trainer,
                slice: None,
            });
        }
        Ok(())
    }

    /// One frame: trains the first unfinished run a little, or slices it once trained.
    fn tick(&mut self) -> bool {
        let steps = self.values.num("steps").unwrap_or(2000.0) as u64;
        let dims = self.values.int("dims").unwrap_or(1);
        let cfg = SliceConfig {
            dims,
            steps: if dims == 2 { POINTS_2D } else { POINTS_1D },
            span: self.values.num("span").unwrap_or(1.0),
            seed: self.values.num("seed").unwrap_or(1.0) as u64,
        };
        let Some(r) = self.runs.iter_mut().find(|r| r.slice.is_none()) else {
            return false;
        };
        if !r.trainer.diverged() && r.trainer.steps() < steps {
            let n = (steps - r.trainer.steps()).min(STEPS_PER_FRAME as u64) as usize;
            r.trainer.run(n);
        } else {
            let t = &r.trainer;
            r.slice = Some(
                nn::loss_slice(t.mlp(), t.params(), t.loss(), t.train_set(), &cfg).unwrap_or(
                    SliceResult {
                        alphas: Vec::new(),
                        betas: Vec::new(),
                        loss: Vec::new(),
                        center: f64::NAN,
                    },
                ),
            );
        }
        self.draw();
        self.runs.iter().any(|r| r.slice.is_none())
    }

    fn draw(&mut self) {
        if let Err(e) = self.try_draw() {
            self.out
                .set_text_content(Some(&crate::web::dom::message(&e)));
        }
    }

    fn try_draw(&mut self) -> Result<(), JsValue> {
        let dims = self.values.int("dims").unwrap_or(1);
        let ratio = if dims == 2 { 0.5 } else { 0.55 };
        self.layers.fit(&self.canvas, (ratio, 180.0, 420.0));
        let theme = self.layers.theme;
        let total = self.values.num("steps").unwrap_or(2000.0) as u64;
        let mut words = Vec::new();
        for (i, r) in self.runs.iter().enumerate() {
            let part = match &r.slice {
                _ if r.trainer.diverged() => format!("run {} diverged in training", i + 1),
                Some(s) => format!(
                    "{}: loss {} at the solution, {} at the ends",
                    r.name,
                    fmt(s.center),
                    ends(s)
                ),
                None => format!(
                    "{}: training, step {} of {total}",
                    r.name,
                    r.trainer.steps()
                ),
            };
            words.push(part);
        }
        let mut text = words.join("; ");
        if let Some(n) = &self.note {
            text = n.clone();
        }
        self.out.set_text_content(Some(&text));
        let done: Vec<(usize, &SliceResult)> = self
            .runs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.slice.as_ref().map(|s| (i, s)))
            .filter(|(_, s)| !s.loss.is_empty())
            .collect();
        if dims == 2 {
            self.draw_maps(&done)?;
        } else {
            let lines: Vec<(Vec<(f64, f64)>, usize)> = done
                .iter()
                .map(|(i, s)| {
                    (
                        s.alphas
                            .iter()
                            .copied()
                            .zip(s.loss.iter().copied())
                            .collect(),
                        *i,
                    )
                })
                .collect();
            let series: Vec<Series> = lines
                .iter()
                .map(|(p, i)| Series {
                    points: p,
                    color: RUNS[i % RUNS.len()],
                    dashed: false,
                })
                .collect();
            let span = self.values.num("span").unwrap_or(1.0);
            let (lo, hi) = y_range(&series, true);
            let axes = Axes {
                x: (-span, span),
                y: (lo, hi),
                log_y: true,
                log_x: false,
            };
            let chart = Chart::new((self.canvas.width(), self.canvas.height()), &axes, &theme);
            let root = canvas::backend(&self.canvas)?.into_drawing_area();
            chart
                .draw(&root, &series, Some(0.0), &theme)
                .map_err(crate::web::dom::js_error)?;
        }
        self.canvas.set_attribute(
            "aria-label",
            &[
                "Training loss along random directions around each trained network. ",
                &text,
            ]
            .concat(),
        )?;
        Ok(())
    }

    /// Two directions: one map per run side by side, coloured by log loss on one
    /// scale for all.
    fn draw_maps(&self, done: &[(usize, &SliceResult)]) -> Result<(), JsValue> {
        let theme = self.layers.theme;
        canvas::cleared(&self.canvas, &theme)?;
        let (lo, hi) = done
            .iter()
            .flat_map(|(_, s)| s.loss.iter())
            .filter(|l| l.is_finite() && **l > 0.0)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
                (a.min(*l), b.max(*l))
            });
        if !(lo.is_finite() && hi.is_finite()) {
            return Ok(());
        }
        let (llo, lhi) = (lo.log10(), hi.log10().max(lo.log10() + 1e-9));
        let n = self.runs.len().max(1);
        let (w, h) = (
            f64::from(self.canvas.width()),
            f64::from(self.canvas.height()),
        );
        let gap = 8.0 * theme.scale;
        let side = ((w - gap * (n as f64 - 1.0)) / n as f64).min(h);
        let ctx = canvas::context(&self.canvas)?;
        let off = canvas::offscreen()?;
        for (i, s) in done {
            let k = s.alphas.len();
            let rows = s.betas.len().max(1);
            let mut rgba = vec![0u8; k * rows * 4];
            for (row, px) in rgba.chunks_exact_mut(k * 4).enumerate() {
                let j = rows - 1 - row;
                for (c, cell) in px.chunks_exact_mut(4).enumerate() {
                    let l = s.loss.get(j * k + c).copied().unwrap_or(f64::NAN);
                    let t = if l > 0.0 {
                        (l.log10() - llo) / (lhi - llo)
                    } else {
                        f64::NAN
                    };
                    let rgb = palette::scale(t);
                    cell.copy_from_slice(&[rgb.0, rgb.1, rgb.2, 255]);
                }
            }
            off.set_width(k as u32);
            off.set_height(rows as u32);
            canvas::put_rgba(
                &canvas::context(&off)?,
                &rgba,
                k as u32,
                rows as u32,
                0.0,
                0.0,
            )?;
            let x = *i as f64 * (side + gap);
            ctx.set_image_smoothing_enabled(true);
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&off, x, 0.0, side, side)?;
            ctx.set_stroke_style_str(&canvas::css_rgb(RUNS[i % RUNS.len()]));
            ctx.set_line_width(3.0 * theme.scale);
            ctx.stroke_rect(x, 0.0, side, side);
        }
        Ok(())
    }

    /// Every point of every slice.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["run", "alpha", "beta", "loss"]);
        for (i, r) in self.runs.iter().enumerate() {
            let Some(s) = &r.slice else { continue };
            let k = s.alphas.len().max(1);
            for (at, l) in s.loss.iter().enumerate() {
                out.int(i + 1);
                out.num(s.alphas.get(at % k).copied().unwrap_or(f64::NAN));
                out.opt(s.betas.get(at / k).copied());
                out.num(*l);
                out.end_row();
            }
        }
        out.finish()
    }
}

/// A slice's loss at both ends of its first direction, as text.
fn ends(s: &SliceResult) -> String {
    let k = s.alphas.len();
    let row = if s.betas.is_empty() {
        0
    } else {
        s.betas.len() / 2
    };
    let at = |c: usize| s.loss.get(row * k + c).copied().unwrap_or(f64::NAN);
    [fmt(at(0)), " and ".into(), fmt(at(k.saturating_sub(1)))].concat()
}
