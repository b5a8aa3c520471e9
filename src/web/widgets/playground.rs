//! `<gdz-playground>`: a 2-D surface as a heatmap with contours and the paths of one or
//! more runs on top. Every setting can be changed on the page: a learning-rate (and,
//! where the optimizer has one, momentum) slider and an exact spec field per run, the
//! surface, and under "More settings" the schedule, start, steps, clipping, noise, batch
//! and seed. Play, Step, Reset, speed and a scrubber walk through the runs; arrows show
//! the gradient and the update at the shown step; a click or tap moves the start. Below
//! the surface, every run's loss against the step ([`super::losspanel`]): the pointer
//! reads the losses at a step and a click shows that step.
//!
//! Attributes (all optional): `surface`, `optimizer` (a spec or a `;`-list), `schedule`,
//! `start` (`x,y`), `steps`, `clip_norm`, `noise`, `batch`, `seed`, `controls`. A bad
//! attribute or link value shows a notice and falls back to its default; the widget
//! keeps working.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlInputElement, MouseEvent};

use super::losspanel::LossPanel;
use crate::core::controls::PLAYGROUND_MORE;
use crate::core::csv::Csv;
use crate::core::run::{Noise, RunConfig, Status, Trajectory};
use crate::core::schema;
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::surface::Surface;
use crate::core::text::join;
use crate::render::palette::SERIES;
use crate::web::attrs::Shown;
use crate::web::attrs::{self, Attrs};
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::Field;
use crate::web::inputs::Slider;
use crate::web::mounted::Mounted;
use crate::web::panel::{Panel, Path};
use crate::web::readout::describe;
use crate::web::shell::Shell;
use crate::web::timeline::{self, Timeline};
use crate::web::{tools, url, Widget};

/// Learning-rate slider range.
const LR_RANGE: (f64, f64) = (1e-4, 10.0);

/// One optimizer's run with its controls.
struct RunView {
    spec: Spec,
    lr: Slider,
    momentum: Option<Slider>,
    field: Field,
    line: HtmlElement,
    /// The text in `line` (written only when it changes).
    shown: String,
    /// How the run ends ([`describe`]), kept from the last run.
    outcome: String,
    traj: Option<Trajectory>,
}

struct State {
    host: HtmlElement,
    key: String,
    panel: Panel,
    runs: Vec<RunView>,
    surface: Box<dyn Surface>,
    surface_text: String,
    schedule: Spec,
    cfg: RunConfig,
    start: Vec<f64>,
    timeline: Timeline,
    fields: Vec<(&'static str, Field)>,
    arrows: Option<HtmlInputElement>,
    loss: Option<LossPanel>,
    /// The step last drawn; `None` when something else changed and all must be redrawn.
    drawn: Option<usize>,
    /// The runs are out of date (a slider moved): run again in the next frame.
    stale: bool,
    /// Whether the outcomes are held back (`reveal="play"`, not yet run): kept from the
    /// read-outs and the heatmap's label, and the loss chart hidden (its lines would tell).
    held_back: bool,
}

/// Mounts a playground in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::PLAYGROUND);
    let (surface, surface_text) = attrs.surface();
    let specs = attrs.specs("optimizer");
    let schedule = attrs.spec("schedule");
    let start = attrs.point("start");
    let sigma = attrs.num("noise").unwrap_or(0.0);
    let cfg = RunConfig {
        steps: attrs.int("steps"),
        clip_norm: attrs.num("clip_norm"),
        noise: (sigma > 0.0).then(|| Noise {
            sigma,
            batch: attrs.int("batch") as u32,
            seed: attrs.int("seed") as u64,
        }),
        ..RunConfig::default()
    };
    let shown = attrs.shown();

    let shell = Shell::new(host, "gdz-playground", &attrs)?;
    let canvas = shell.canvas()?;
    let loss = if shown.has("loss") {
        let colours: Vec<_> = (0..specs.len()).map(|i| SERIES[i % SERIES.len()]).collect();
        Some(LossPanel::new(&shell.root, host, &colours)?)
    } else {
        None
    };
    let loss_canvas = loss.as_ref().map(|l| l.canvas.clone());
    let timeline = Timeline::new(&shell.root, cfg.steps, &attrs)?;
    let controls = shell.controls()?;
    let readout = shell.readout()?;
    let mut runs = Vec::with_capacity(specs.len());
    for (i, spec) in specs.into_iter().enumerate() {
        runs.push(run_controls(&controls, &readout, &shown, i, spec)?);
    }
    let mut fields = Vec::new();
    if shown.has("surface") {
        fields.push(("surface", Field::new(&controls, "Surface", &surface_text)?));
        // The formula entry: f(x, y) alone, checked as it is typed.
        #[cfg(feature = "expr")]
        {
            let f = Field::new(&controls, "Formula", &formula_of(&surface_text))?;
            f.input.set_placeholder("e.g. x^2 + 10*y^2");
            fields.push(("formula", f));
        }
    }
    let more = child(&shell.root, "details", "gdz-more")?;
    text_child(&more, "summary", "", "More settings")?;
    let values = [
        schedule.to_string(),
        crate::web::readout::point_text(&start),
        cfg.steps.to_string(),
        cfg.clip_norm.map_or(String::new(), fmt_num),
        fmt_num(cfg.noise.map_or(0.0, |n| n.sigma)),
        cfg.noise.map_or(1, |n| n.batch).to_string(),
        cfg.noise.map_or(1, |n| n.seed).to_string(),
    ];
    for (name, value) in PLAYGROUND_MORE.iter().zip(values) {
        if shown.has(name) {
            fields.push((name, Field::new(&more, name, &value)?));
        }
    }
    let arrows = if shown.has("arrows") {
        let l = child(&more, "label", "gdz-check")?;
        let b: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        b.set_type("checkbox");
        text_child(&l, "span", "", "Arrows: gradient (white) and update")?;
        Some(b)
    } else {
        None
    };
    more.set_hidden(!PLAYGROUND_MORE.iter().any(|m| shown.has(m)) && arrows.is_none());

    let panel = Panel::new(host, canvas.clone(), surface.as_ref(), &surface_text)?;
    let run_inputs: Vec<_> = runs
        .iter()
        .map(|r| {
            (
                r.lr.input.clone(),
                r.momentum.as_ref().map(|m| m.input.clone()),
                r.field.input.clone(),
            )
        })
        .collect();
    let field_inputs: Vec<_> = fields.iter().map(|(_, f)| f.input.clone()).collect();
    let arrow_box = arrows.clone();
    let mut m = Mounted::new(State {
        host: host.clone(),
        key: attrs.key.clone(),
        panel,
        runs,
        surface,
        surface_text,
        schedule,
        cfg,
        start,
        timeline,
        fields,
        arrows,
        loss,
        drawn: None,
        stale: false,
        held_back: true,
    });
    for (i, (lr, mom, field)) in run_inputs.iter().enumerate() {
        m.on(lr, "input", move |s, _| s.on_slider(i, "lr"))?;
        if let Some(mom) = mom {
            m.on(mom, "input", move |s, _| s.on_slider(i, "momentum"))?;
        }
        m.on(field, "change", move |s, _| s.on_spec(i))?;
    }
    for (i, input) in field_inputs.iter().enumerate() {
        m.on(input, "change", move |s, _| s.on_field(i))?;
        #[cfg(feature = "expr")]
        m.on(input, "input", move |s, _| s.on_typing(i))?;
    }
    if let Some(b) = &arrow_box {
        m.on(b, "change", |s, _| s.redraw())?;
    }
    if let Some(c) = &loss_canvas {
        for ev in ["pointermove", "pointerdown"] {
            m.on(c, ev, |s, e| s.on_loss_hover(step_under(s, e)))?;
        }
        m.on(c, "pointerleave", |s, _| s.on_loss_hover(None))?;
        m.on(c, "click", |s, e| {
            if let Some(k) = step_under(s, e) {
                s.timeline.seek(k);
                s.show();
            }
        })?;
    }
    m.on(&canvas, "click", |s, e| {
        if let Some(e) = e.dyn_ref::<MouseEvent>() {
            s.on_click(f64::from(e.offset_x()), f64::from(e.offset_y()));
        }
    })?;
    timeline::wire(&mut m, |s| &mut s.timeline, State::show)?;
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s| s.panel.canvas.clone(),
            csv: State::csv,
        },
        |s| {
            s.panel.measure();
            if let Some(l) = &mut s.loss {
                l.measure();
            }
            s.redraw();
        },
    )?;
    {
        let mut s = m.state.borrow_mut();
        s.rerun();
        s.redraw();
    }
    Ok(Box::new(m))
}

/// A run's sliders, spec field and read-out line.
fn run_controls(
    controls: &HtmlElement,
    readout: &HtmlElement,
    shown: &Shown,
    i: usize,
    spec: Spec,
) -> Result<RunView, JsValue> {
    let key = SERIES.get(i % SERIES.len()).copied();
    let row = child(controls, "div", "gdz-run")?;
    let lr = Slider::new(
        &row,
        "η",
        key,
        LR_RANGE,
        crate::web::readout::lr_of(&spec),
        true,
    )?;
    lr.input.set_attribute(
        "aria-label",
        &format!("Learning rate η of run {} ({})", i + 1, spec.name),
    )?;
    lr.input
        .parent_element()
        .map(|l| l.toggle_attribute_with_force("hidden", !shown.has("lr")));
    let momentum = match spec.get("momentum") {
        _ if !shown.has("momentum") || !matches!(spec.name.as_str(), "sgd" | "rmsprop") => None,
        Some(Value::Num(x)) => Some(*x),
        _ => Some(0.0),
    }
    .map(|x| Slider::new(&row, "momentum", None, (0.0, 0.99), x, false))
    .transpose()?;
    let field = Field::new(&row, "Optimizer", &spec.to_string())?;
    // A convergence map's `for` finds the run's spec field by this name.
    field.input.set_attribute("data-name", "optimizer")?;
    field
        .input
        .parent_element()
        .map(|l| l.toggle_attribute_with_force("hidden", !shown.has("optimizer")));
    Ok(RunView {
        spec,
        lr,
        momentum,
        field,
        line: child(readout, "p", "")?,
        shown: String::new(),
        outcome: String::new(),
        traj: None,
    })
}

impl State {
    fn on_slider(&mut self, i: usize, which: &str) {
        let Some(r) = self.runs.get_mut(i) else {
            return;
        };
        let slider = match which {
            "lr" => &r.lr,
            _ => match &r.momentum {
                Some(m) => m,
                None => return,
            },
        };
        let v = slider.value();
        slider.show(v);
        r.spec.set(which, Value::Num(v));
        r.field.input.set_value(&r.spec.to_string());
        r.field.error(None);
        self.remember_optimizers();
        // Run and drawn in the next frame, once for all the inputs that arrive before it.
        self.stale = true;
        self.drawn = None;
        self.timeline.later();
    }

    fn on_spec(&mut self, i: usize) {
        let Some(r) = self.runs.get_mut(i) else {
            return;
        };
        let text = r.field.input.value();
        let context = [("surface", self.surface_text.as_str())];
        match attrs::check(&schema::PLAYGROUND, "optimizer", text.trim(), &context).map(|v| {
            v.spec("optimizer")
                .cloned()
                .unwrap_or_else(|| r.spec.clone())
        }) {
            Ok(spec) => {
                r.lr.set(crate::web::readout::lr_of(&spec));
                if let (Some(m), Some(Value::Num(x))) = (&r.momentum, spec.get("momentum")) {
                    m.set(*x);
                }
                r.spec = spec;
                r.field.error(None);
                self.remember_optimizers();
                self.rerun();
                self.redraw();
            }
            Err(e) => r.field.error(Some(&e)),
        }
    }

    fn remember_optimizers(&self) {
        let text: Vec<String> = self.runs.iter().map(|r| r.spec.to_string()).collect();
        url::remember(&self.key, "optimizer", Some(&join(&text, "; ")));
    }

    fn on_field(&mut self, i: usize) {
        let Some((name, f)) = self.fields.get(i) else {
            return;
        };
        let (name, text) = (*name, f.input.value());
        #[cfg(feature = "expr")]
        let (name, text) = match name {
            "formula" => ("surface", formula_spec(&text)),
            _ => (name, text),
        };
        let result = self.apply(name, text.trim());
        if let Some((_, f)) = self.fields.get(i) {
            f.error(result.as_ref().err().map(String::as_str));
        }
        if result.is_ok() {
            #[cfg(feature = "expr")]
            if name == "surface" {
                // Keep the Surface box and the formula entry showing the same surface.
                for (n, f) in &self.fields {
                    match *n {
                        "surface" => f.input.set_value(text.trim()),
                        "formula" => f.input.set_value(&formula_of(text.trim())),
                        _ => continue,
                    }
                    f.error(None);
                }
            }
            url::remember(&self.key, name, Some(text.trim()));
            self.rerun();
            self.redraw();
        }
    }

    /// Shows, as the reader types a formula, why it does not parse yet (or nothing).
    #[cfg(feature = "expr")]
    fn on_typing(&mut self, i: usize) {
        let Some(("formula", f)) = self.fields.get(i) else {
            return;
        };
        let text = f.input.value();
        let e = crate::core::expr::Formula::parse(text.trim(), Some(2)).err();
        f.error(e.map(|e| e.to_string()).as_deref());
    }

    /// Applies a setting typed by the reader, checked as its attribute is.
    /// Applies the "More settings" field `name`, checked by the schema's rule for it.
    fn apply(&mut self, name: &str, text: &str) -> Result<(), String> {
        let def = &schema::PLAYGROUND;
        match name {
            "surface" => {
                let mut v = attrs::check(def, name, text, &[])?;
                let key = v.spec(name).map(Spec::to_string).unwrap_or_default();
                let s = v.take_surface().ok_or("not a surface")?;
                self.panel = Panel::new(&self.host, self.panel.canvas.clone(), s.as_ref(), &key)
                    .map_err(|e| crate::web::dom::message(&e))?;
                self.panel.measure();
                self.start = s.default_start();
                self.surface = s;
                self.surface_text = text.to_string();
            }
            "schedule" => {
                // Checked against each run's optimizer in turn.
                let mut checked = None;
                for r in &self.runs {
                    let opt = r.spec.to_string();
                    let v = attrs::check(def, name, text, &[("optimizer", &opt)])?;
                    checked = v.spec(name).cloned();
                }
                if let Some(s) = checked {
                    self.schedule = s;
                }
            }
            "clip_norm" if text.is_empty() => self.cfg.clip_norm = None,
            _ => {
                let surface = self.surface_text.clone();
                let v = attrs::check(def, name, text, &[("surface", &surface)])?;
                let num = v.num(name).unwrap_or(0.0);
                let mut noise = self.cfg.noise.unwrap_or(Noise {
                    sigma: 0.0,
                    batch: 1,
                    seed: 1,
                });
                match name {
                    "start" => self.start = v.point(name).map(<[f64]>::to_vec).unwrap_or_default(),
                    "steps" => self.cfg.steps = num as usize,
                    "clip_norm" => self.cfg.clip_norm = Some(num),
                    "noise" => noise.sigma = num,
                    "batch" => noise.batch = num as u32,
                    _ => noise.seed = num as u64,
                }
                self.cfg.noise = (noise.sigma > 0.0).then_some(noise);
            }
        }
        Ok(())
    }

    fn on_click(&mut self, x: f64, y: f64) {
        if let Some((px, py)) = self.panel.data_at(x, y) {
            self.start = vec![
                crate::web::readout::round3(px),
                crate::web::readout::round3(py),
            ];
            let text = crate::web::readout::point_text(&self.start);
            if let Some((_, f)) = self.fields.iter().find(|(n, _)| *n == "start") {
                f.input.set_value(&text);
            }
            url::remember(&self.key, "start", Some(&text));
            self.rerun();
            self.redraw();
        }
    }

    /// Runs every optimizer again (the caller draws the result, now or in a frame).
    fn rerun(&mut self) {
        self.stale = false;
        let budget = self.cfg.steps;
        for r in &mut self.runs {
            match crate::core::setup::run_spec(
                self.surface.as_ref(),
                &self.start,
                &r.spec,
                &self.schedule,
                &self.cfg,
            ) {
                Ok(t) => r.traj = Some(t),
                Err(e) => {
                    r.traj = None;
                    r.outcome = e.to_string();
                }
            }
        }
        if let Some(l) = &mut self.loss {
            let runs = self.runs.iter().map(|r| {
                let name = format!(
                    "{} η {}:",
                    crate::web::readout::who(&r.spec),
                    fmt(crate::web::readout::lr_of(&r.spec))
                );
                (r.traj.as_ref(), name)
            });
            l.set_runs(runs, budget);
        }
        self.tell();
        self.timeline.set_len(budget);
    }

    /// Writes each run's outcome and the heatmap's label, or while the timeline holds the
    /// runs back the words that say so (with the loss chart hidden).
    fn tell(&mut self) {
        let held = self.timeline.held;
        self.held_back = held;
        let budget = self.cfg.steps;
        for r in &mut self.runs {
            if let Some(t) = &r.traj {
                r.outcome = if held {
                    timeline::HELD.to_string()
                } else {
                    describe(&r.spec, t, budget)
                };
            }
        }
        if let Some(l) = &mut self.loss {
            l.hold(held);
        }
        let outcomes: Vec<&str> = self.runs.iter().map(|r| r.outcome.as_str()).collect();
        let label = format!(
            "Heatmap of {} with paths from ({}). {}",
            self.surface_text,
            join(
                &self.start.iter().map(|x| fmt(*x)).collect::<Vec<_>>(),
                ", "
            ),
            outcomes.join(" ")
        );
        let _ = self.panel.canvas.set_attribute("aria-label", &label);
    }

    /// Draws everything again at the timeline's step (after a change other than the
    /// step's: the runs, the size, the arrows).
    fn redraw(&mut self) {
        self.drawn = None;
        self.show();
    }

    /// Draws the runs up to the timeline's step and writes the read-outs; does nothing
    /// when that step is drawn already (animation frames that do not reach a new step).
    fn show(&mut self) {
        if self.held_back && !self.timeline.held {
            // Run for the first time: its outcomes may be told now.
            self.tell();
            self.drawn = None;
        }
        if self.stale {
            // on_slider, which made the runs stale, also cleared `drawn`.
            self.rerun();
        }
        let at = self.timeline.at;
        if self.drawn == Some(at) {
            return;
        }
        self.drawn = Some(at);
        let arrows = self.arrows.as_ref().is_some_and(|b| b.checked());
        let mut paths: Vec<Path> = Vec::new();
        let mut pointers = Vec::new();
        let mut diverged = false;
        for (i, r) in self.runs.iter_mut().enumerate() {
            let step = r.traj.as_ref().and_then(|t| {
                let colour = SERIES[i % SERIES.len()];
                let k = at.min(t.len().saturating_sub(1));
                let points = t.points.get(..(k + 1) * t.dim).unwrap_or(&t.points);
                paths.push((points, colour));
                diverged |= t.status == Status::Diverged && k + 1 == t.len();
                if let (true, Some(p), Some(q)) = (arrows, t.point(k), t.point(k + 1)) {
                    pointers.push(arrows_at(self.surface.as_ref(), &self.panel, p, q, colour));
                }
                step_text(t, k)
            });
            let text = match &step {
                Some(s) => format!("{} {s}", r.outcome),
                None => r.outcome.clone(),
            };
            if text != r.shown {
                r.line.set_text_content(Some(&text));
                r.shown = text;
            }
        }
        let pointers: Vec<_> = pointers.into_iter().flatten().collect();
        let drawn = self
            .panel
            .draw(&paths, diverged.then_some("diverged"))
            .and_then(|_| self.panel.draw_arrows(&pointers))
            .and_then(|_| self.loss.as_mut().map_or(Ok(()), |l| l.draw(at)));
        if let (Err(e), Some(r)) = (drawn, self.runs.first_mut()) {
            r.shown = format!("Drawing failed: {}", crate::web::dom::message(&e));
            r.line.set_text_content(Some(&r.shown));
        }
    }

    /// Reads the losses at step `step` (the pointer's over the loss chart), or at the
    /// timeline's step when the pointer left it.
    fn on_loss_hover(&mut self, step: Option<usize>) {
        let Some(l) = &mut self.loss else { return };
        if step != l.hover {
            l.hover = step;
            if let Err(e) = l.draw(self.timeline.at) {
                let _ = l
                    .canvas
                    .set_attribute("aria-label", &crate::web::dom::message(&e));
            }
        }
    }

    /// Every run, one row per step: `run,step,x,y,loss,lr`.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["run", "step", "x", "y", "loss", "lr"]);
        for r in &self.runs {
            if let Some(t) = &r.traj {
                out.trajectory(&r.spec.to_string(), t);
            }
        }
        out.finish()
    }
}

/// The update arrow from `p` to `q` and the negative gradient at `p`, drawn as long.
fn arrows_at(
    surface: &dyn Surface,
    panel: &Panel,
    p: &[f64],
    q: &[f64],
    colour: crate::render::Rgb,
) -> Vec<crate::web::panel::Arrow> {
    let (&[x, y, ..], &[qx, qy, ..]) = (p, q) else {
        return Vec::new();
    };
    let mut g = [0.0; 2];
    surface.gradient(&[x, y], &mut g);
    let step = (qx - x).hypot(qy - y);
    let gn = g[0].hypot(g[1]);
    let len = if step > 0.0 {
        step
    } else {
        panel.width() * 0.1
    };
    let mut out = vec![((x, y), (qx, qy), colour)];
    if gn > 0.0 && gn.is_finite() {
        let s = len / gn;
        out.push((
            (x, y),
            (x - g[0] * s, y - g[1] * s),
            crate::render::Rgb(255, 255, 255),
        ));
    }
    out
}

/// Where a run is at step `k`, when that is not its last step.
fn step_text(t: &Trajectory, k: usize) -> Option<String> {
    if k + 1 >= t.len() {
        return None;
    }
    let pos: Vec<String> = t.point(k).unwrap_or(&[]).iter().map(|x| fmt(*x)).collect();
    let val = |v: &Vec<f64>| v.get(k).map_or(String::new(), |x| fmt(*x));
    Some(format!(
        "Step {k}: ({}), loss {}, η {}, ‖∇‖ {}.",
        join(&pos, ", "),
        val(&t.loss),
        val(&t.lr),
        val(&t.grad_norm)
    ))
}

/// The step under a pointer event on the loss chart.
fn step_under(s: &State, e: &Event) -> Option<usize> {
    let x = f64::from(e.dyn_ref::<MouseEvent>()?.offset_x());
    s.loss.as_ref()?.step_at(x)
}

/// The formula of a surface spec `expr(f="…")`, or nothing for any other surface.
#[cfg(feature = "expr")]
fn formula_of(surface: &str) -> String {
    match Spec::parse(surface) {
        Ok(s) if s.name == "expr" => match s.get("f") {
            Some(Value::Str(f)) => f.clone(),
            _ => crate::core::surface::formula::DEFAULT_FORMULA.to_string(),
        },
        _ => String::new(),
    }
}

/// The surface spec of a typed formula: `expr(f="…")`, quoted by the spec language.
#[cfg(feature = "expr")]
fn formula_spec(formula: &str) -> String {
    Spec {
        name: "expr".into(),
        args: vec![("f".into(), Value::Str(formula.trim().to_string()))],
    }
    .to_string()
}
