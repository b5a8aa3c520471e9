//! `<gdz-network>`: a small neural network trained live in the page. For each run (up to
//! four set-ups side by side on the same data, network and initial weights) the decision
//! boundary under the data points, redrawn as it trains (the fitted curve for a
//! regression); under them the train and test losses on one chart, and as small
//! multiples the gradient norm and each layer's update-to-weight ratio.
//!
//! Every setting is a text field checked by the widget's schema as typed; a CSV of the
//! reader's own (features then label) can be chosen or dropped on the widget.
//!
//! Attributes: `data`, `model`, `optimizer`, `schedule`, `batch`, `clip_norm`,
//! `clip_value`, `accumulate`, `steps`, `seed`, `controls`, `caption`.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::core::csv::Csv;
use crate::core::nn::{
    self, BoardGrid, DataSource, GridBox, Loss, NetSetup, Split, Trainer, Workspace,
};
use crate::core::schema::{self, Values};
use crate::render::boundary;
use crate::render::chart::{y_range, Axes, Chart, Series};
use crate::render::palette::Rgb;
use crate::render::plot2d::{self, Frame};
use crate::web::attrs::Attrs;
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::{button, swatch, Field};
use crate::web::mounted::{reduced_motion, Frames, Mounted};
use crate::web::shell::Shell;
use crate::web::tools;
use crate::web::Widget;

/// The settings shown as text fields, with their labels.
const FIELDS: [(&str, &str); 8] = [
    ("data", "Data"),
    ("model", "Network"),
    ("optimizer", "Optimizer"),
    ("schedule", "Schedule"),
    ("batch", "Batch size"),
    ("clip_norm", "Clip norm"),
    ("clip_value", "Clip value"),
    ("accumulate", "Accumulate"),
];
/// Most optimizer steps per run per animation frame (more when motion is reduced),
/// taken a few at a time in every run while the frame's training time lasts.
const STEPS_PER_FRAME: usize = 20;
const STEPS_PER_FRAME_REDUCED: usize = 250;
const STEPS_AT_A_TIME: usize = 5;
/// Training time per animation frame, in ms: at most this, and less when the last
/// frame's drawing left less of [`FRAME_MS`].
const TRAIN_MS: f64 = 5.0;
const FRAME_MS: f64 = 6.0;
const TRAIN_MS_REDUCED: f64 = 40.0;
/// Most grid cells per side of a decision boundary.
const GRID: usize = 100;
/// Most grid cells recomputed per frame, over all the boards, while training: each
/// board's grid is brought up to date a share of its rows at a time (every fourth row for
/// one 100×100 board), whole once training stops.
const CELLS_PER_FRAME: usize = 2500;
/// Most points per line drawn on a chart (every k-th step beyond that).
const CHART_POINTS: usize = 400;
/// A CSV larger than this is refused before it is read.
const MAX_CSV_BYTES: f64 = 2e6;

/// One set-up being trained, with what it recorded.
struct Run {
    trainer: Trainer,
    name: String,
    color: Rgb,
    canvas: HtmlCanvasElement,
    layers: Layers,
    status: HtmlElement,
    loss: Vec<f64>,
    grad: Vec<f64>,
    lr: Vec<f64>,
    ratios: Vec<Vec<f64>>,
    test: Vec<(f64, f64)>,
    accuracy: Option<f64>,
    /// The boundary's grid, kept between frames.
    cells: BoardGrid,
    /// The step at which `cells` was last computed whole.
    whole_at: Option<u64>,
}

/// A canvas with its sizing.
struct Plot {
    canvas: HtmlCanvasElement,
    layers: Layers,
}

struct State {
    key: String,
    values: Values,
    csv: Option<(String, String)>,
    fields: Vec<(&'static str, Field)>,
    csv_note: HtmlElement,
    steps: u64,
    split: Option<Split>,
    /// The box the boards show: every data row, train and test, with a margin.
    bounds: [f64; 4],
    board: HtmlElement,
    runs: Vec<Run>,
    loss_plot: Plot,
    grad_plot: Plot,
    ratio_box: HtmlElement,
    ratio_plots: Vec<Plot>,
    play: HtmlElement,
    step_b: HtmlElement,
    said: HtmlElement,
    playing: bool,
    /// How long the last training frame's drawing took, in ms.
    draw_ms: f64,
    /// Frames to go before the boards are drawn whole: a new network's first boundaries
    /// are drawn from a grid of half the cells a side (a quarter of the work), painted,
    /// and drawn whole two frames later. (Untrained, a boundary is nearly uniform.)
    coarse: u8,
    frames: Frames,
    ws: Option<Workspace>,
    offscreen: HtmlCanvasElement,
}

/// Mounts a network widget in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::NETWORK);
    let shown = attrs.shown();
    let shell = Shell::new(host, "gdz-network", &attrs)?;
    let board = child(&shell.root, "div", "gdz-board")?;

    let controls = shell.controls()?;
    let buttons = child(&controls, "div", "gdz-timeline")?;
    let play = button(&buttons, "Train")?;
    let step_b = button(&buttons, "Step")?;
    let reset = button(&buttons, "Reset")?;
    for b in [&play, &step_b, &reset] {
        b.set_hidden(!shown.has("play"));
    }
    let said = child(&buttons, "span", "gdz-said")?;
    said.set_attribute("aria-live", "polite")?;
    let settings = child(&controls, "div", "gdz-fields")?;
    let fields = crate::web::attrs::fields(&settings, &FIELDS, &attrs)?;
    let csv_label = child(&settings, "label", "gdz-field")?;
    csv_label.set_hidden(!shown.has("csv"));
    text_child(&csv_label, "span", "", "Your CSV (features, then label)")?;
    let file: HtmlInputElement = child(&csv_label, "input", "")?.dyn_into()?;
    file.set_type("file");
    file.set_accept(".csv,text/csv");
    let csv_note = child(&csv_label, "small", "gdz-field-error")?;
    csv_note.set_attribute("aria-live", "polite")?;

    let charts = child(&shell.root, "div", "gdz-charts")?;
    let plot = |parent: &HtmlElement, title: &str| -> Result<Plot, JsValue> {
        let b = child(parent, "div", "")?;
        text_child(&b, "p", "gdz-title", title)?;
        let canvas = Shell { root: b }.canvas()?;
        Ok(Plot {
            canvas,
            layers: Layers::new(host, false)?,
        })
    };
    let loss_plot = plot(&charts, "Loss: training (solid) and test (dashed)")?;
    let small = child(&shell.root, "div", "gdz-small")?;
    let grad_plot = plot(&small, "Gradient norm (before clipping)")?;
    let ratio_box = small.clone();

    let steps = attrs.values.num("steps").unwrap_or(2000.0) as u64;
    let mut m = Mounted::new(State {
        key: attrs.key.clone(),
        values: std::mem::replace(&mut attrs.values, schema::NETWORK.defaults()),
        csv: None,
        fields,
        csv_note,
        steps,
        split: None,
        bounds: [0.0, 1.0, 0.0, 1.0],
        draw_ms: 0.0,
        board,
        runs: Vec::new(),
        loss_plot,
        grad_plot,
        ratio_box,
        ratio_plots: Vec::new(),
        play: play.clone(),
        step_b: step_b.clone(),
        said,
        playing: false,
        coarse: 0,
        frames: Frames::default(),
        ws: None,
        offscreen: canvas::offscreen()?,
    });
    m.on(&play, "click", |s, _| s.toggle())?;
    m.on(&step_b, "click", |s, _| {
        s.pause();
        s.advance(1);
        s.draw();
    })?;
    m.on(&reset, "click", |s, _| {
        s.pause();
        s.rebuild();
    })?;
    let inputs: Vec<HtmlInputElement> = m
        .state
        .borrow()
        .fields
        .iter()
        .map(|(_, f)| f.input.clone())
        .collect();
    for (i, input) in inputs.iter().enumerate() {
        m.on(input, "change", move |s, _| s.on_field(i))?;
    }
    m.on(&file, "change", |s, e| {
        let f = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|l| l.get(0));
        if let Some(f) = f {
            s.read_file(f);
        }
    })?;
    m.on(&shell.root, "dragover", |_, e| e.prevent_default())?;
    m.on(&shell.root, "drop", |s, e| {
        e.prevent_default();
        let f = e
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(web_sys::DragEvent::data_transfer)
            .and_then(|d| d.files())
            .and_then(|l| l.get(0));
        if let Some(f) = f {
            s.read_file(f);
        }
    })?;
    // The CSV's text arrives later, as an event on the host (see `read_file`).
    m.on(host, "gdz-csv", |s, e| {
        let text = e
            .dyn_ref::<web_sys::CustomEvent>()
            .and_then(|c| c.detail().as_string());
        if let Some(text) = text {
            s.use_csv(text);
        }
    })?;
    m.on_frame(
        |s| &mut s.frames,
        |s| {
            if !s.playing {
                // At rest a frame only counts down to drawing the boards whole.
                s.coarse = s.coarse.saturating_sub(1);
                if s.coarse > 0 {
                    return true;
                }
                s.draw_boards();
                return false;
            }
            s.coarse = 0;
            // With reduced motion, fewer and larger jumps (and a longer frame).
            let (n, budget) = if reduced_motion() {
                (STEPS_PER_FRAME_REDUCED, TRAIN_MS_REDUCED)
            } else {
                let left = FRAME_MS - s.draw_ms;
                (
                    STEPS_PER_FRAME,
                    crate::core::num::clamp(left, 1.0, TRAIN_MS),
                )
            };
            let clock = web_sys::window().and_then(|w| w.performance());
            let now = || clock.as_ref().map_or(0.0, web_sys::Performance::now);
            let t0 = now();
            let mut taken = 0;
            while taken < n && !s.done() {
                s.advance(STEPS_AT_A_TIME);
                taken += STEPS_AT_A_TIME;
                if now() - t0 > budget {
                    break;
                }
            }
            // The last frame (training over) draws the full boundary.
            if s.done() {
                s.pause();
                s.announce();
            }
            let t1 = now();
            s.draw();
            s.draw_ms = now() - t1;
            s.playing
        },
    );
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s| {
                s.runs
                    .first()
                    .map_or_else(|| s.loss_plot.canvas.clone(), |r| r.canvas.clone())
            },
            csv: State::csv,
        },
        |s| {
            for r in &mut s.runs {
                r.layers.measure(&r.canvas);
            }
            for p in s.plots_mut() {
                p.layers.measure(&p.canvas);
            }
            s.draw();
        },
    )?;
    m.state.borrow_mut().rebuild();
    Ok(Box::new(m))
}

impl State {
    fn plots_mut(&mut self) -> impl Iterator<Item = &mut Plot> {
        [&mut self.loss_plot, &mut self.grad_plot]
            .into_iter()
            .chain(self.ratio_plots.iter_mut())
    }

    /// A setting was edited: read every setting again through the schema; if this one
    /// is accepted, train afresh with the new set-up.
    fn on_field(&mut self, i: usize) {
        let Some(&(name, _)) = self.fields.get(i) else {
            return;
        };
        let values =
            crate::web::attrs::reread(&schema::NETWORK, &self.key, &self.fields, i, &self.values);
        if name == "data" {
            self.csv = None;
            self.csv_note.set_text_content(None);
        }
        if let Some(values) = values {
            self.values = values;
            self.pause();
            self.rebuild();
        }
    }

    /// Reads a chosen or dropped file; its text comes back as a `gdz-csv` event.
    fn read_file(&mut self, f: web_sys::File) {
        if f.size() > MAX_CSV_BYTES {
            let msg = format!(
                "{} is {} MB; at most 2 MB (10,000 rows) is read",
                f.name(),
                fmt(f.size() / 1e6)
            );
            self.csv_note.set_text_content(Some(&msg));
            return;
        }
        let host = self.board.closest("gdz-network").ok().flatten();
        let name = f.name();
        self.csv_note
            .set_text_content(Some(&["Reading ", &name, "…"].concat()));
        let done = Closure::once(move |text: JsValue| {
            let init = web_sys::CustomEventInit::new();
            init.set_detail(&text);
            if let (Some(h), Ok(e)) = (
                host,
                web_sys::CustomEvent::new_with_event_init_dict("gdz-csv", &init),
            ) {
                let _ = h.dispatch_event(&e);
            }
        });
        let _ = f.text().then(&done);
        // One small closure per file read, kept until it has run.
        done.forget();
        self.csv = Some((name, String::new()));
    }

    /// Trains on the reader's CSV instead of the generated data.
    fn use_csv(&mut self, text: String) {
        let name = self.csv.take().map(|c| c.0).unwrap_or_default();
        let fits = DataSource::Csv(text.clone()).load().and_then(|split| {
            nn::network_for(self.values.spec("model"), &split.train)?;
            Ok(split)
        });
        match fits {
            Ok(split) => {
                let n = split.train.len();
                let msg = format!(
                    "Training on {name}: {n} rows, {} features.",
                    split.train.n_features()
                );
                self.csv_note.set_text_content(Some(&msg));
                self.csv = Some((name, text));
                self.pause();
                self.rebuild();
            }
            Err(e) => {
                let msg = [&name, ": ", &e.to_string()].concat();
                self.csv_note.set_text_content(Some(&msg));
            }
        }
    }

    /// Builds every run afresh from the settings (untrained, same initial weights).
    fn rebuild(&mut self) {
        self.runs.clear();
        self.board.set_text_content(None);
        if let Err(e) = self.build_runs() {
            self.said.set_text_content(Some(&e));
        }
        let layers = self
            .runs
            .first()
            .map_or(0, |r| r.trainer.mlp().layers().len());
        if self.ratio_plots.len() != layers {
            for p in self.ratio_plots.drain(..) {
                if let Some(b) = p.canvas.parent_element() {
                    b.remove();
                }
            }
            for l in 0..layers {
                if let Ok(p) = self.small_plot(&format!("Update / weight, layer {}", l + 1)) {
                    self.ratio_plots.push(p);
                }
            }
        }
        // Only boards over two inputs have a boundary grid to draw coarse first.
        let grids = self.runs.iter().any(|r| r.trainer.mlp().n_inputs() == 2);
        self.coarse = if grids { 2 } else { 0 };
        self.draw();
        if grids {
            self.frames.request();
        }
    }

    fn small_plot(&self, title: &str) -> Result<Plot, JsValue> {
        let b = child(&self.ratio_box, "div", "")?;
        text_child(&b, "p", "gdz-title", title)?;
        let canvas = Shell { root: b }.canvas()?;
        let host = self
            .board
            .closest("gdz-network")?
            .and_then(|h| h.dyn_into().ok());
        let host: HtmlElement = host.ok_or("no host")?;
        Ok(Plot {
            canvas,
            layers: Layers::new(&host, false)?,
        })
    }

    fn build_runs(&mut self) -> Result<(), String> {
        // The reader's CSV if one was read, else the generated set.
        let data = self
            .csv
            .as_ref()
            .filter(|(_, text)| !text.is_empty())
            .map(|(_, text)| DataSource::Csv(text.clone()).load())
            .transpose()
            .map_err(|e| e.to_string())?;
        let mut setup = NetSetup::read(&self.values, data).map_err(|e| e.to_string())?;
        let host = self.board.closest("gdz-network").ok().flatten();
        let host: Option<HtmlElement> = host.and_then(|h| h.dyn_into().ok());
        let host = host.ok_or("no host")?;
        let eval_every = crate::core::nn::eval_every_for(self.steps);
        self.board
            .class_list()
            .toggle_with_force("gdz-many", setup.runs.len() > 1)
            .ok();
        let runs = std::mem::take(&mut setup.runs);
        for (i, mut run) in runs.into_iter().enumerate() {
            run.config.eval_every = eval_every;
            let name = run.name();
            let trainer = setup.trainer(&run).map_err(|e| e.to_string())?;
            let color = boundary::RUNS[i % boundary::RUNS.len()];
            let card =
                child(&self.board, "div", "gdz-run").map_err(|e| crate::web::dom::message(&e))?;
            let head = child(&card, "p", "gdz-title").map_err(|e| crate::web::dom::message(&e))?;
            let _ = swatch(&head, color);
            let _ = text_child(&head, "span", "", &name);
            let canvas = Shell { root: card.clone() }
                .canvas()
                .map_err(|e| crate::web::dom::message(&e))?;
            let status =
                child(&card, "p", "gdz-run-status").map_err(|e| crate::web::dom::message(&e))?;
            // The background layer holds the axes and the data points, which stay put
            // while the boundary under them changes each frame.
            let mut layers = Layers::new(&host, true).map_err(|e| crate::web::dom::message(&e))?;
            layers.measure(&canvas);
            let n_layers = trainer.mlp().layers().len();
            let mut run = Run {
                trainer,
                name,
                color,
                canvas,
                layers,
                status,
                loss: Vec::new(),
                grad: Vec::new(),
                lr: Vec::new(),
                ratios: vec![Vec::new(); n_layers],
                test: Vec::new(),
                accuracy: None,
                cells: BoardGrid::default(),
                whole_at: None,
            };
            let first = run.trainer.evaluate_test();
            if !run.trainer.test_set().is_empty() {
                run.test.push((0.0, first.loss));
                run.accuracy = first.accuracy;
            }
            self.runs.push(run);
        }
        let split = setup.split;
        let all_x: Vec<f64> = split.train.x.iter().chain(&split.test.x).copied().collect();
        let all_y: Vec<f64> = split.train.y.iter().chain(&split.test.y).copied().collect();
        self.bounds = boundary::bounds(&all_x, &all_y);
        self.split = Some(split);
        self.said.set_text_content(None);
        Ok(())
    }

    fn toggle(&mut self) {
        if self.playing {
            self.pause();
            self.draw();
            self.announce();
        } else {
            if self.done() {
                self.rebuild();
            }
            self.playing = true;
            self.play.set_text_content(Some("Pause"));
            self.frames.request();
        }
    }

    fn pause(&mut self) {
        self.playing = false;
        self.frames.cancel();
        let label = if self.done() { "Train again" } else { "Train" };
        self.play.set_text_content(Some(label));
    }

    /// Whether every run has trained its steps or diverged.
    fn done(&self) -> bool {
        self.runs
            .iter()
            .all(|r| r.trainer.diverged() || r.trainer.steps() >= self.steps)
    }

    /// Takes up to `n` steps in every run that is still training.
    fn advance(&mut self, n: usize) {
        let steps = self.steps;
        for r in &mut self.runs {
            for _ in 0..n {
                if r.trainer.diverged() || r.trainer.steps() >= steps {
                    break;
                }
                let rep = r.trainer.step();
                r.loss.push(rep.loss);
                r.grad.push(rep.grad_norm);
                r.lr.push(rep.lr);
                for (v, x) in r.ratios.iter_mut().zip(r.trainer.update_ratios()) {
                    v.push(*x);
                }
                if let Some(e) = rep.eval {
                    r.test.push(((rep.step + 1) as f64, e.loss));
                    r.accuracy = e.accuracy;
                }
                if rep.diverged {
                    break;
                }
            }
            if !r.trainer.diverged()
                && r.trainer.steps() >= steps
                && !r.trainer.test_set().is_empty()
            {
                let at = r.trainer.steps() as f64;
                if r.test.last().is_none_or(|t| t.0 < at) {
                    let e = r.trainer.evaluate_test();
                    r.test.push((at, e.loss));
                    r.accuracy = e.accuracy;
                }
            }
        }
        self.step_b
            .toggle_attribute_with_force("disabled", self.done())
            .ok();
    }

    /// Says where every run stands (for screen readers, on pause and at the end).
    fn announce(&self) {
        let parts: Vec<String> = self
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| format!("Run {}: {}", i + 1, status_text(r)))
            .collect();
        self.said.set_text_content(Some(&parts.join(" ")));
    }

    fn draw(&mut self) {
        self.draw_boards();
        for r in &self.runs {
            r.status.set_text_content(Some(&status_text(r)));
        }
        if let Err(e) = self.draw_charts() {
            self.said
                .set_text_content(Some(&crate::web::dom::message(&e)));
        }
    }

    /// Every run's board (see [`State::draw_board`]).
    fn draw_boards(&mut self) {
        let split = self.split.take();
        if let Some(split) = &split {
            for i in 0..self.runs.len() {
                if let Err(e) = self.draw_board(i, split) {
                    self.said
                        .set_text_content(Some(&crate::web::dom::message(&e)));
                }
            }
        }
        self.split = split;
    }

    /// Run `i`'s decision boundary (or fitted curve) under the data points.
    fn draw_board(&mut self, i: usize, split: &Split) -> Result<(), JsValue> {
        let (playing, runs, steps) = (self.playing, self.runs.len().max(1), self.steps);
        let coarse = self.coarse > 0;
        let (ws, off, bounds) = (&mut self.ws, &self.offscreen, self.bounds);
        let Some(r) = self.runs.get_mut(i) else {
            return Ok(());
        };
        let refit = r.layers.fit(&r.canvas, (0.8, 200.0, 520.0));
        let theme = r.layers.theme;
        let frame = Frame::new((r.canvas.width(), r.canvas.height()), bounds, &theme);
        let mlp = r.trainer.mlp();
        let regression = r.trainer.loss() == Loss::Mse;
        let n_in = mlp.n_inputs();
        if let Some(bg) = r.layers.background.as_ref().filter(|_| refit) {
            overlay(bg, &frame, split, n_in, regression, &theme)?;
        }
        let root = canvas::cleared(&r.canvas, &theme)?;
        let ws = ws.get_or_insert_with(|| Workspace::new(mlp, 64));
        if n_in == 2 {
            let (mut nx, mut ny) = grid_size(&frame, theme.scale);
            if coarse {
                (nx, ny) = ((nx / 2).max(8), (ny / 2).max(8));
            }
            let gb = GridBox {
                x_min: bounds[0],
                x_max: bounds[1],
                y_min: bounds[2],
                y_max: bounds[3],
                nx,
                ny,
            };
            // While training, the boards share a budget of cells recomputed per frame; a
            // run at rest (or done) is brought up to date whole, once.
            let at = r.trainer.steps();
            let resting = !playing || r.trainer.diverged() || at >= steps;
            let stride = if resting {
                1
            } else {
                (runs * nx * ny).div_ceil(CELLS_PER_FRAME)
            };
            if !(stride == 1 && r.whole_at == Some(at) && r.cells.grid.as_ref() == Some(&gb)) {
                r.cells
                    .refresh(mlp, r.trainer.params(), &gb, regression, stride, ws)
                    .map_err(crate::web::dom::js_error)?;
                if stride == 1 {
                    r.whole_at = Some(at);
                }
            }
            let k = mlp.n_outputs();
            let rgba = if regression {
                // A regression on two inputs: the value on the heatmap scale.
                let f = crate::render::Field::from_values(r.cells.value.clone(), bounds, nx, ny);
                f.rgba()
            } else {
                let cls = Some(r.cells.class.as_slice()).filter(|c| !c.is_empty());
                boundary::regions(&r.cells.value, cls, k, (nx, ny), theme.bg)
            };
            off.set_width(nx as u32);
            off.set_height(ny as u32);
            canvas::put_rgba(
                &canvas::context(off)?,
                &rgba,
                nx as u32,
                ny as u32,
                0.0,
                0.0,
            )?;
            let ctx = canvas::context(&r.canvas)?;
            ctx.set_image_smoothing_enabled(true);
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                off,
                f64::from(frame.left),
                f64::from(frame.top),
                f64::from(frame.width),
                f64::from(frame.height),
            )?;
        }
        r.layers.blit(&r.canvas)?;
        let plot = frame.plot(&root);
        if n_in == 1 {
            let nx = (frame.width as usize / 2).clamp(16, 400);
            let gb = GridBox {
                x_min: bounds[0],
                x_max: bounds[1],
                y_min: 0.0,
                y_max: 0.0,
                nx,
                ny: 1,
            };
            r.cells
                .refresh(mlp, r.trainer.params(), &gb, true, 1, ws)
                .map_err(crate::web::dom::js_error)?;
            let xs: Vec<f64> = (0..nx)
                .map(|i| bounds[0] + (bounds[1] - bounds[0]) * i as f64 / (nx - 1).max(1) as f64)
                .collect();
            boundary::draw_curve(&plot, &xs, &r.cells.value, r.color, &theme)
                .map_err(crate::web::dom::js_error)?;
        }
        if n_in > 2 {
            plot2d::draw_note(
                &root,
                &frame,
                "more than 2 features: no map to draw",
                &theme,
            )
            .map_err(crate::web::dom::js_error)?;
        }
        if r.trainer.diverged() {
            plot2d::draw_note(&root, &frame, "diverged", &theme)
                .map_err(crate::web::dom::js_error)?;
        }
        let label = format!(
            "Run {}: {}. {}",
            i + 1,
            r.name,
            if n_in == 1 {
                "The fitted curve through the data points."
            } else {
                "The decision regions under the data points (filled: training, hollow: test)."
            }
        );
        r.canvas.set_attribute("aria-label", &label)?;
        Ok(())
    }

    fn draw_charts(&mut self) -> Result<(), JsValue> {
        let x_max = self.steps as f64;
        let strided = |v: &[f64]| -> Vec<(f64, f64)> {
            let every = v.len().div_ceil(CHART_POINTS).max(1);
            v.iter()
                .enumerate()
                .step_by(every)
                .map(|(i, y)| ((i + 1) as f64, *y))
                .collect()
        };
        let losses: Vec<(Vec<(f64, f64)>, Rgb)> = self
            .runs
            .iter()
            .map(|r| (strided(&r.loss), r.color))
            .collect();
        let tests: Vec<(&[(f64, f64)], Rgb)> = self
            .runs
            .iter()
            .map(|r| (r.test.as_slice(), r.color))
            .collect();
        let mut series: Vec<Series> = losses
            .iter()
            .map(|(p, c)| Series {
                points: p,
                color: *c,
                dashed: false,
            })
            .collect();
        series.extend(tests.iter().map(|(p, c)| Series {
            points: p,
            color: *c,
            dashed: true,
        }));
        chart(
            &mut self.loss_plot,
            &series,
            x_max,
            (0.45, 160.0, 320.0),
            "Training and test loss against the optimizer step.",
        )?;

        let grads: Vec<(Vec<(f64, f64)>, Rgb)> = self
            .runs
            .iter()
            .map(|r| (strided(&r.grad), r.color))
            .collect();
        let series: Vec<Series> = grads
            .iter()
            .map(|(p, c)| Series {
                points: p,
                color: *c,
                dashed: false,
            })
            .collect();
        chart(
            &mut self.grad_plot,
            &series,
            x_max,
            (0.6, 120.0, 220.0),
            "Gradient norm against the optimizer step.",
        )?;
        for (l, plot) in self.ratio_plots.iter_mut().enumerate() {
            let lines: Vec<(Vec<(f64, f64)>, Rgb)> = self
                .runs
                .iter()
                .map(|r| {
                    (
                        r.ratios.get(l).map_or_else(Vec::new, |v| strided(v)),
                        r.color,
                    )
                })
                .collect();
            let series: Vec<Series> = lines
                .iter()
                .map(|(p, c)| Series {
                    points: p,
                    color: *c,
                    dashed: false,
                })
                .collect();
            chart(
                plot,
                &series,
                x_max,
                (0.6, 120.0, 220.0),
                "Update-to-weight ratio of one layer against the optimizer step.",
            )?;
        }
        Ok(())
    }

    /// Every step of every run: the batch loss, gradient norm, learning rate, and the
    /// test loss where it was measured.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["run", "step", "loss", "grad_norm", "lr", "test_loss"]);
        for (i, r) in self.runs.iter().enumerate() {
            let mut tests = r.test.iter().peekable();
            for (k, l) in r.loss.iter().enumerate() {
                let step = (k + 1) as f64;
                while tests.peek().is_some_and(|t| t.0 < step) {
                    tests.next();
                }
                let test = tests.peek().filter(|t| t.0 == step).map(|t| t.1);
                out.int(i + 1).int(k + 1).num(*l);
                out.num(r.grad.get(k).copied().unwrap_or(f64::NAN));
                out.num(r.lr.get(k).copied().unwrap_or(f64::NAN));
                out.opt(test);
                out.end_row();
            }
        }
        out.finish()
    }
}

/// Draws what stays put on a board onto its (transparent) background layer: the axes
/// and the data rows (training filled, test hollow).
fn overlay(
    bg: &HtmlCanvasElement,
    frame: &Frame,
    split: &Split,
    n_in: usize,
    regression: bool,
    theme: &crate::render::palette::Theme,
) -> Result<(), JsValue> {
    canvas::context(bg)?.clear_rect(0.0, 0.0, f64::from(bg.width()), f64::from(bg.height()));
    let root = canvas::backend(bg)?.into_drawing_area();
    plot2d::draw_frame(&root, frame, theme).map_err(crate::web::dom::js_error)?;
    if n_in <= 2 {
        let plot = frame.plot(&root);
        for (set, held_out) in [(&split.train, false), (&split.test, true)] {
            boundary::draw_points(&plot, &set.x, &set.y, regression, held_out, theme)
                .map_err(crate::web::dom::js_error)?;
        }
    }
    Ok(())
}

/// Grid cells across and up a board: one per 3 CSS pixels, at most [`GRID`] a side.
fn grid_size(frame: &Frame, scale: f64) -> (usize, usize) {
    let scale = scale.max(1.0);
    let nx = ((f64::from(frame.width) / (3.0 * scale)) as usize).clamp(8, GRID);
    let ny = ((f64::from(frame.height) / (3.0 * scale)) as usize).clamp(8, GRID);
    (nx, ny)
}

/// A run's state in words.
fn status_text(r: &Run) -> String {
    let step = r.trainer.steps();
    if r.trainer.diverged() {
        return format!("diverged at step {step}: the loss or weights stopped being finite.");
    }
    let mut s = format!("step {step}");
    if let Some(l) = r.loss.last() {
        s.push_str(", batch loss ");
        s.push_str(&fmt(*l));
    }
    if let Some(t) = r.test.last() {
        s.push_str(", test loss ");
        s.push_str(&fmt(t.1));
    }
    if let Some(a) = r.accuracy {
        s.push_str(", test accuracy ");
        s.push_str(&crate::core::num::fmt_fixed(a * 100.0, 1));
        s.push('%');
    }
    s
}

/// Draws a line chart of `series` over steps 0 to `x_max` (log y when every value is
/// positive and they span more than a decade).
fn chart(
    p: &mut Plot,
    series: &[Series],
    x_max: f64,
    size: (f64, f64, f64),
    label: &str,
) -> Result<(), JsValue> {
    p.layers.fit(&p.canvas, size);
    let theme = p.layers.theme;
    let positive = series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter(|q| q.1.is_finite())
        .all(|q| q.1 > 0.0);
    let (lo, hi) = y_range(series, positive);
    let log_y = positive && hi > 10.0 * lo;
    let (lo, hi) = if log_y {
        (lo, hi)
    } else {
        y_range(series, false)
    };
    let axes = Axes {
        x: (0.0, x_max.max(1.0)),
        y: (lo, hi),
        log_y,
        log_x: false,
    };
    let c = Chart::new((p.canvas.width(), p.canvas.height()), &axes, &theme);
    let root = canvas::backend(&p.canvas)?.into_drawing_area();
    c.draw(&root, series, None, &theme)
        .map_err(crate::web::dom::js_error)?;
    p.canvas.set_attribute("aria-label", label)?;
    Ok(())
}
