//! `<gdz-map>`: a convergence map. One optimizer over a grid of two of its keys (for
//! example lr × momentum), each cell a full run from the same start, coloured by the
//! steps it took to converge or by its final loss; diverged cells are hatched. On the
//! `quadratic` surface with SGD over lr (and momentum), the boundary theory gives and
//! the optimal setting are drawn over the cells. The base optimizer's own setting is
//! marked with a cross.
//!
//! The cells are computed coarse to fine in chunks, one chunk per animation frame
//! (within a time budget), so the first picture comes at once and no frame runs long;
//! a cell not yet computed shows the nearest computed cell of a coarser level.
//!
//! Hovering a cell (or moving the keyboard cursor with the arrow keys) shows its
//! numbers; clicking it, or Enter, writes its setting into the optimizer field of the
//! playground named by `for`, as if the reader had typed it; a race named by `for`
//! starts again on the map's surface, start and steps, racing the map's marked setting
//! against the cell's.
//!
//! On the `quadratic` surface a second chart shows, for the cursor's cell, the distance
//! to the minimum along each eigen-direction of the Hessian over the steps (one curve
//! each, on a log scale), computed by a single run of that setting.
//!
//! Attributes: `surface`, `start`, `optimizer`, `x`, `x_range`, `y`, `y_range`, `log`,
//! `cells`, `steps`, `metric`, `for`, `controls`, `caption`.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, KeyboardEvent, MouseEvent};

use crate::core::csv::Csv;
use crate::core::map::theory::QuadraticTheory;
use crate::core::map::{Cell, Map};
use crate::core::run::Status;
use crate::core::schema::{self, Values};
use crate::core::spec::{Spec, Value};
use crate::render::map::{self as draw, Colouring, Metric, Overlay};
use crate::render::plot2d::Frame;
use crate::web::attrs::Attrs;
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, js_error, text_child};
use crate::web::inputs::button;
use crate::web::mounted::{reduced_motion, Frames, Mounted};
use crate::web::shell::Shell;
use crate::web::tools;

/// The time a frame may spend computing cells, in milliseconds.
const BUDGET_MS: f64 = 8.0;

struct State {
    values: Values,
    map: Option<Map>,
    theory: Option<QuadraticTheory>,
    current: Option<(f64, Option<f64>)>,
    /// What each cell shows: its own result, or a coarser cell's while it waits.
    cells: Vec<Option<Cell>>,
    exact: Vec<bool>,
    /// Cell indices, coarse to fine, with the block side each one stands for.
    order: Vec<(usize, usize)>,
    pos: usize,
    chunk: usize,
    started: f64,
    elapsed: f64,
    metric: Metric,
    cursor: (usize, usize),
    hover: Option<(usize, usize)>,
    target: Option<String>,
    canvas: HtmlCanvasElement,
    layers: Layers,
    frame: Option<Frame>,
    rgba: Vec<u8>,
    out: HtmlElement,
    progress: HtmlElement,
    metric_b: HtmlElement,
    frames: Frames,
    motion: bool,
    /// The per-direction chart of the cursor cell's run (quadratic surfaces only).
    directions: Option<Directions>,
}

/// The chart of the error along each eigen-direction, under the map.
struct Directions {
    canvas: HtmlCanvasElement,
    layers: Layers,
    note: HtmlElement,
}

/// Mounts a convergence map in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn crate::web::Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::MAP);
    let shell = Shell::new(host, "gdz-map", &attrs)?;
    text_child(
        &shell.root,
        "p",
        "gdz-title",
        "Where each setting converges",
    )?;
    let canvas = shell.canvas()?;
    canvas.set_tab_index(0);
    let progress = child(&shell.root, "p", "gdz-map-progress")?;
    progress.set_attribute("role", "status")?;
    let out = shell.readout()?;
    let quadratic = attrs
        .values
        .spec("surface")
        .is_some_and(|s| s.name == "quadratic");
    let directions = if quadratic && attrs.values.shows("directions") {
        text_child(
            &shell.root,
            "p",
            "gdz-title",
            "Distance to the minimum along each eigen-direction, for the cursor's cell (log scale)",
        )?;
        let canvas = shell.canvas()?;
        let note = child(&shell.root, "p", "gdz-map-note")?;
        Some(Directions {
            canvas,
            layers: Layers::new(host, false)?,
            note,
        })
    } else {
        None
    };
    let controls = shell.controls()?;
    let metric = match attrs.values.words("metric").first() {
        Some(&"loss") => Metric::Loss,
        _ => Metric::Steps,
    };
    let metric_b = button(&controls, "")?;
    metric_b.set_hidden(!attrs.values.shows("metric"));
    let target = attrs
        .values
        .text("for")
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let values = std::mem::replace(&mut attrs.values, schema::MAP.defaults());
    let mut m = Mounted::new(State {
        values,
        map: None,
        theory: None,
        current: None,
        cells: Vec::new(),
        exact: Vec::new(),
        order: Vec::new(),
        pos: 0,
        chunk: 64,
        started: 0.0,
        elapsed: 0.0,
        metric,
        cursor: (0, 0),
        hover: None,
        target,
        canvas: canvas.clone(),
        layers: Layers::new(host, false)?,
        frame: None,
        rgba: Vec::new(),
        out,
        progress,
        metric_b: metric_b.clone(),
        frames: Frames::default(),
        motion: !reduced_motion(),
        directions,
    });
    m.on_frame(|s| &mut s.frames, State::tick);
    m.on(&metric_b, "click", |s, _| s.toggle_metric())?;
    m.on(&canvas, "mousemove", |s, e| s.on_move(e))?;
    m.on(&canvas, "mouseleave", |s, _| {
        s.hover = None;
        s.describe();
    })?;
    m.on(&canvas, "click", |s, e| s.on_click(e))?;
    m.on(&canvas, "keydown", |s, e| s.on_key(e))?;
    m.on(&canvas, "focus", |s, _| s.describe())?;
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
            if let Some(d) = &mut s.directions {
                d.layers.measure(&d.canvas);
            }
            s.draw();
            s.draw_directions();
        },
    )?;
    {
        let mut s = m.state.borrow_mut();
        s.start();
    }
    Ok(Box::new(m))
}

/// The cells of a `cols × rows` grid, coarse to fine: first every `side`-th cell of
/// each way (standing for the `side × side` block above and right of it), then the
/// cells new at each half of that side, down to every cell.
fn coarse_to_fine(cols: usize, rows: usize) -> Vec<(usize, usize)> {
    let mut side = 1;
    while side * 8 < cols.max(rows) {
        side *= 2;
    }
    let mut out = Vec::with_capacity(cols * rows);
    let mut prev = 0;
    while side >= 1 {
        for r in (0..rows).step_by(side) {
            for c in (0..cols).step_by(side) {
                let done = prev > 0 && r % prev == 0 && c % prev == 0;
                if !done {
                    out.push((r * cols + c, side));
                }
            }
        }
        prev = side;
        side /= 2;
    }
    out
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl State {
    /// Builds the map from the values and starts computing it.
    fn start(&mut self) {
        self.frames.cancel();
        let built = schema::map_spec(&self.values)
            .ok_or_else(|| "The map's settings are incomplete.".to_string())
            .and_then(|spec| Map::new(spec).map_err(|e| e.to_string()));
        match built {
            Ok(map) => {
                let n = map.len();
                self.theory = Self::theory_of(&map);
                self.current = Self::current_of(&map);
                self.order = coarse_to_fine(map.cols(), map.rows());
                self.cells = vec![None; n];
                self.exact = vec![false; n];
                self.pos = 0;
                self.chunk = 64;
                self.elapsed = 0.0;
                self.started = now();
                self.cursor = (map.cols() / 2, map.rows() / 2);
                self.map = Some(map);
                self.frames.request();
            }
            Err(e) => {
                self.map = None;
                self.progress.set_text_content(Some(&e));
            }
        }
        self.metric_b.set_text_content(Some(self.metric_label()));
        self.draw();
        self.draw_directions();
    }

    /// Draws the error along each eigen-direction over the steps of the cursor cell's
    /// run (the single-run path: one run of the map's steps).
    fn draw_directions(&mut self) {
        let (Some(d), Some(map)) = (&mut self.directions, &self.map) else {
            return;
        };
        let (c, r) = self.cursor;
        let spec = rounded(&map.cell_spec(r * map.cols() + c));
        let Ok(t) = map.single_run(&spec) else {
            return;
        };
        let Some([lo, hi]) = crate::core::map::theory::direction_errors(map.surface(), &t.points)
        else {
            return;
        };
        // Down to 10⁻¹² of the largest distance: below that (and at exact zeros, which a
        // log scale cannot show) the line stops.
        let top = lo
            .iter()
            .chain(&hi)
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let floor = if top > 0.0 { top * 1e-12 } else { 1e-12 };
        let pts = |e: &[f64]| -> Vec<(f64, f64)> {
            e.iter()
                .enumerate()
                .map(|(k, v)| (k as f64, if *v >= floor { *v } else { f64::NAN }))
                .collect()
        };
        let (a, b) = (pts(&lo), pts(&hi));
        let series = [
            crate::render::chart::Series {
                points: &a,
                color: crate::render::palette::SERIES[3],
                dashed: false,
            },
            crate::render::chart::Series {
                points: &b,
                color: crate::render::palette::SERIES[4],
                dashed: false,
            },
        ];
        d.layers.fit(&d.canvas, (0.35, 140.0, 260.0));
        let theme = d.layers.theme;
        let axes = crate::render::chart::Axes {
            x: (0.0, map.spec().steps.max(1) as f64),
            y: (floor, if top > 0.0 { top * 1.5 } else { 1.0 }),
            log_y: true,
            log_x: false,
        };
        let chart =
            crate::render::chart::Chart::new((d.canvas.width(), d.canvas.height()), &axes, &theme);
        let drawn = canvas::backend(&d.canvas).and_then(|b| {
            chart
                .draw_solid(&b.into_drawing_area(), &series, &theme)
                .map_err(js_error)
        });
        if let Err(e) = drawn {
            d.note.set_text_content(Some(&crate::web::dom::message(&e)));
            return;
        }
        let lambdas = QuadraticTheory::of(map.surface());
        let (l0, l1) = lambdas.map_or((f64::NAN, f64::NAN), |t| (t.lambda_min, t.lambda_max));
        let text = format!(
            "{spec}: blue along λ_min = {}, orange along λ_max = {}; {} steps.",
            fmt(l0),
            fmt(l1),
            t.len() - 1
        );
        d.note.set_text_content(Some(&text));
        let _ = d.canvas.set_attribute(
            "aria-label",
            &[
                "Distance to the minimum along each eigen-direction over the steps of ",
                &text,
            ]
            .concat(),
        );
    }

    /// The quadratic's theory, when it describes this map: SGD (no dampening,
    /// Nesterov or weight decay) over `lr`, and `momentum` or nothing, on `quadratic`.
    fn theory_of(map: &Map) -> Option<QuadraticTheory> {
        let spec = &map.spec().optimizer;
        let zero = |k: &str| match spec.get(k) {
            Some(Value::Num(x)) => *x == 0.0,
            Some(Value::Bool(b)) => !*b,
            _ => true,
        };
        let keys = (
            map.spec().x.key.as_str(),
            map.spec().y.as_ref().map(|a| a.key.as_str()),
        );
        let axes = matches!(
            keys,
            ("lr", None) | ("lr", Some("momentum")) | ("momentum", Some("lr"))
        );
        let plain =
            spec.name == "sgd" && zero("dampening") && zero("nesterov") && zero("weight_decay");
        let momentum_free = keys.1.is_some() || zero("momentum");
        if axes && plain && momentum_free {
            QuadraticTheory::of(map.surface())
        } else {
            None
        }
    }

    /// The base optimizer's own values of the two keys (its defaults where not given).
    fn current_of(map: &Map) -> Option<(f64, Option<f64>)> {
        let info = crate::core::optim::describe(&map.spec().optimizer.name).ok()?;
        let num = |key: &str| match map.spec().optimizer.get(key) {
            Some(Value::Num(x)) => Some(*x),
            _ => info
                .iter()
                .find(|i| i.name == key)
                .and_then(|i| i.default.as_deref())
                .and_then(crate::core::num::parse_f64),
        };
        let x = num(&map.spec().x.key)?;
        let y = match &map.spec().y {
            Some(a) => Some(num(&a.key)?),
            None => None,
        };
        Some((x, y))
    }

    /// One animation frame: computes chunks of cells within the budget, then draws.
    fn tick(&mut self) -> bool {
        let Some(map) = &self.map else {
            return false;
        };
        let t0 = now();
        let level_before = self.order.get(self.pos).map(|o| o.1);
        while self.pos < self.order.len() {
            let end = (self.pos + self.chunk).min(self.order.len());
            let Some(part) = self.order.get(self.pos..end) else {
                break;
            };
            let idx: Vec<usize> = part.iter().map(|o| o.0).collect();
            let t = now();
            let res = match map.run_cells(&idx) {
                Ok(r) => r,
                Err(e) => {
                    self.progress.set_text_content(Some(&e.to_string()));
                    self.pos = self.order.len();
                    break;
                }
            };
            let spent = (now() - t).max(0.1);
            let cols = map.cols();
            for ((i, cell), (_, side)) in res.into_iter().zip(part) {
                self.exact[i] = true;
                let (c0, r0) = (i % cols, i / cols);
                for r in r0..(r0 + side).min(map.rows()) {
                    for c in c0..(c0 + side).min(cols) {
                        let j = r * cols + c;
                        if j == i || !self.exact.get(j).copied().unwrap_or(true) {
                            if let Some(slot) = self.cells.get_mut(j) {
                                *slot = Some(cell);
                            }
                        }
                    }
                }
            }
            self.pos = end;
            // Size the next chunk to a third of the budget at the rate just measured.
            let per_cell = spent / idx.len().max(1) as f64;
            self.chunk = ((BUDGET_MS / 3.0 / per_cell) as usize).clamp(8, 4096);
            if now() - t0 > BUDGET_MS - BUDGET_MS / 3.0 {
                break;
            }
        }
        self.elapsed += now() - t0;
        let done = self.pos >= self.order.len();
        // With reduced motion the picture changes only when a level is complete.
        let level_after = self.order.get(self.pos).map(|o| o.1);
        if self.motion || done || level_before != level_after {
            self.draw();
        } else {
            self.show_progress();
        }
        !done
    }

    fn metric_label(&self) -> &'static str {
        match self.metric {
            Metric::Steps => "Colour by: steps to converge",
            Metric::Loss => "Colour by: final loss",
        }
    }

    fn toggle_metric(&mut self) {
        self.metric = match self.metric {
            Metric::Steps => Metric::Loss,
            Metric::Loss => Metric::Steps,
        };
        self.metric_b.set_text_content(Some(self.metric_label()));
        self.draw();
    }

    fn show_progress(&self) {
        let total = self.order.len();
        let text = if self.map.is_none() {
            return;
        } else if self.pos < total {
            format!(
                "Computing: {} of {} cells ({}%).",
                self.pos,
                total,
                (100 * self.pos) / total.max(1)
            )
        } else {
            let steps = self.map.as_ref().map_or(0, |m| m.spec().steps);
            // Whole milliseconds, written without the float formatting machinery.
            let ms = self.elapsed.round().max(0.0) as u64;
            format!("{total} cells of {steps} steps each, computed in {ms} ms.")
        };
        self.progress.set_text_content(Some(&text));
    }

    fn draw(&mut self) {
        if let Err(e) = self.try_draw() {
            self.out
                .set_text_content(Some(&crate::web::dom::message(&e)));
        }
        self.show_progress();
    }

    fn try_draw(&mut self) -> Result<(), JsValue> {
        self.layers.fit(&self.canvas, (0.7, 240.0, 520.0));
        let theme = self.layers.theme;
        let root = canvas::cleared(&self.canvas, &theme)?;
        let Some(map) = &self.map else {
            return Ok(());
        };
        let size = (self.canvas.width(), self.canvas.height());
        let frame = draw::frame(size, &theme);
        let f_min = map
            .surface()
            .minima()
            .iter()
            .map(|m| map.surface().value(m))
            .fold(f64::INFINITY, f64::min);
        let colouring = Colouring {
            metric: self.metric,
            steps: map.spec().steps,
            f_min: if f_min.is_finite() { f_min } else { 0.0 },
            tol: map.spec().tol,
        };
        draw::paint(
            &mut self.rgba,
            (frame.width, frame.height),
            &self.cells,
            (map.cols(), map.rows()),
            &colouring,
            &theme,
        );
        let ctx = canvas::context(&self.canvas)?;
        canvas::put_rgba(
            &ctx,
            &self.rgba,
            frame.width,
            frame.height,
            f64::from(frame.left),
            f64::from(frame.top),
        )?;
        let overlay = Overlay {
            x: &map.spec().x,
            y: map.spec().y.as_ref(),
            cells: (map.cols(), map.rows()),
            theory: self.theory,
            current: self.current,
            cursor: Some(self.cursor),
        };
        draw::draw_overlay(&root, &frame, &overlay, &theme).map_err(js_error)?;
        self.frame = Some(frame);
        self.canvas.set_attribute("aria-label", &self.summary())?;
        self.describe();
        Ok(())
    }

    /// The canvas's description: what the map shows and how many cells did what.
    fn summary(&self) -> String {
        let Some(map) = &self.map else {
            return String::new();
        };
        let count = |st: Status| {
            self.cells
                .iter()
                .zip(&self.exact)
                .filter(|(c, e)| **e && c.is_some_and(|c| c.status == st))
                .count()
        };
        let y = map
            .spec()
            .y
            .as_ref()
            .map_or(String::new(), |a| [" and ", a.key.as_str()].concat());
        let mut s = format!(
            "Convergence map of {} over {}{} on {}: {} converged, {} diverged, {} not converged within {} steps, of {} computed cells.",
            map.spec().optimizer.name,
            map.spec().x.key,
            y,
            map.spec().surface,
            count(Status::Converged),
            count(Status::Diverged),
            count(Status::MaxSteps),
            map.spec().steps,
            self.exact.iter().filter(|e| **e).count()
        );
        if let Some(t) = self.theory {
            s.push_str(&format!(
                " The white line is the theory's limit of stable rates, lr < 2(1 + momentum)/λ_max with λ_max = {}; the orange ring is the optimal setting.",
                fmt(t.lambda_max)
            ));
        }
        s
    }

    /// The cell (column, row) under a mouse event.
    fn cell_of(&self, e: &web_sys::Event) -> Option<(usize, usize)> {
        let e = e.dyn_ref::<MouseEvent>()?;
        let (map, f) = (self.map.as_ref()?, self.frame.as_ref()?);
        let s = self.layers.theme.scale;
        let px = f64::from(e.offset_x()) * s - f64::from(f.left);
        let py = f64::from(e.offset_y()) * s - f64::from(f.top);
        draw::cell_at(px, py, f.width, f.height, map.cols(), map.rows())
    }

    fn on_move(&mut self, e: &web_sys::Event) {
        self.hover = self.cell_of(e);
        self.describe();
    }

    fn on_click(&mut self, e: &web_sys::Event) {
        if let Some(c) = self.cell_of(e) {
            self.cursor = c;
            self.hover = None;
            self.draw();
            self.draw_directions();
            self.load();
        }
    }

    fn on_key(&mut self, e: &web_sys::Event) {
        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let Some(map) = &self.map else {
            return;
        };
        let (c, r) = self.cursor;
        let step = if e.shift_key() { 8 } else { 1 };
        self.cursor = match e.key().as_str() {
            "ArrowLeft" => (c.saturating_sub(step), r),
            "ArrowRight" => ((c + step).min(map.cols() - 1), r),
            "ArrowDown" => (c, r.saturating_sub(step)),
            "ArrowUp" => (c, (r + step).min(map.rows() - 1)),
            "Home" => (0, r),
            "End" => (map.cols() - 1, r),
            "Enter" | " " => {
                e.prevent_default();
                self.load();
                return;
            }
            _ => return,
        };
        e.prevent_default();
        self.hover = None;
        self.draw();
        self.draw_directions();
    }

    /// The read-out: the hovered cell's numbers, else the cursor's.
    fn describe(&self) {
        let Some(map) = &self.map else {
            return;
        };
        let (c, r) = self.hover.unwrap_or(self.cursor);
        let i = r * map.cols() + c;
        let (vx, vy) = map.values(i);
        let mut text = [map.spec().x.key.as_str(), " = ", &fmt(vx)].concat();
        if let (Some(a), Some(v)) = (&map.spec().y, vy) {
            text.push_str(&[", ", a.key.as_str(), " = ", &fmt(v)].concat());
        }
        text.push_str(": ");
        let exact = self.exact.get(i).copied().unwrap_or(false);
        match self.cells.get(i).copied().flatten().filter(|_| exact) {
            None => text.push_str("not computed yet."),
            Some(cell) => match (cell.status, cell.converged_at) {
                (Status::Converged, Some(k)) => text.push_str(&format!(
                    "converged at step {k} (loss within {} of the minimum from then on); final loss {}.",
                    fmt(map.spec().tol),
                    fmt(cell.final_loss)
                )),
                (Status::Diverged, _) => text.push_str(&format!(
                    "diverged after {} steps (last finite loss {}).",
                    cell.taken,
                    fmt(cell.final_loss)
                )),
                _ => text.push_str(&format!(
                    "not converged within {} steps; final loss {}.",
                    map.spec().steps,
                    fmt(cell.final_loss)
                )),
            },
        }
        if self.target.is_some() && self.hover.is_none() {
            text.push_str(" Press Enter to load it into the linked widget.");
        }
        self.out.set_text_content(Some(&text));
    }

    /// Loads the cursor cell's setting into the linked widget: a playground's optimizer
    /// field gets its spec, as if the reader had typed it; a race is started again on
    /// the map's surface, start and steps with two runs, the map's marked setting and the
    /// cell's.
    fn load(&mut self) {
        let (Some(id), Some(map)) = (&self.target, &self.map) else {
            return;
        };
        let (c, r) = self.cursor;
        let text = rounded(&map.cell_spec(r * map.cols() + c)).to_string();
        #[cfg(feature = "race")]
        if let Some(race) = super::super::dom::doc()
            .ok()
            .and_then(|d| d.get_element_by_id(id))
            .filter(|e| e.tag_name().eq_ignore_ascii_case("gdz-race"))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            // On the map's surface, from its start, for its steps.
            let spec = map.spec();
            let base = rounded(&spec.optimizer).to_string();
            let runs = [&base, "; ", &text].concat();
            let start = spec.start.as_ref().map(|p| {
                let xs: Vec<String> = p.iter().map(f64::to_string).collect();
                xs.join(",")
            });
            let set = |k: &str, v: &str| race.set_attribute(k, v).is_ok();
            let set = set("optimizers", &runs)
                && set("surface", &spec.surface.to_string())
                && set("steps", &spec.steps.to_string())
                && match &start {
                    Some(p) => set("start", p),
                    None => race.remove_attribute("start").is_ok(),
                };
            if set {
                crate::web::remount(race);
                self.out.set_text_content(Some(
                    &["Racing ", &text, " against the marked ", &base, "."].concat(),
                ));
            }
            return;
        }
        let Some(field) = super::super::dom::linked_optimizer(id) else {
            let msg = ["No playground or race with id \"", id, "\" on this page."].concat();
            self.out.set_text_content(Some(&msg));
            return;
        };
        super::super::dom::set_field(&field, &text);
        self.out.set_text_content(Some(
            &["Loaded ", &text, " into the linked widget."].concat(),
        ));
    }

    /// Every cell: its values, status, convergence step, steps taken and final loss.
    fn csv(&self) -> String {
        let Some(map) = &self.map else {
            return String::new();
        };
        let y = map.spec().y.as_ref().map_or("y", |a| a.key.as_str());
        let mut out = Csv::new(&[
            &map.spec().x.key,
            y,
            "status",
            "converged_at",
            "taken",
            "final_loss",
        ]);
        for (i, (cell, exact)) in self.cells.iter().zip(&self.exact).enumerate() {
            let Some(cell) = cell.filter(|_| *exact) else {
                continue;
            };
            let (vx, vy) = map.values(i);
            out.num(vx)
                .num(vy.unwrap_or(f64::NAN))
                .text(cell.status.as_str());
            match cell.converged_at {
                Some(k) => out.int(k),
                None => out.text(""),
            };
            out.int(cell.taken).num(cell.final_loss);
            out.end_row();
        }
        out.finish()
    }
}

/// `spec` with its numbers rounded to 4 significant digits, as a reader would type them.
fn rounded(spec: &Spec) -> Spec {
    let mut s = spec.clone();
    for (_, v) in s.args.iter_mut() {
        if let Value::Num(x) = v {
            let r = crate::core::num::fmt_sig(*x, 4);
            *x = crate::core::num::parse_f64(&r).unwrap_or(*x);
        }
    }
    s
}
