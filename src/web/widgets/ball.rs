//! `<gdz-ball>`: two balls rolling on a 1-D curve, a plain gradient-descent ball and one
//! with momentum, from the same start at the same learning rate. Sliders set the learning
//! rate, the start and the momentum; the step timeline drives both balls, and a table
//! reads out each one's step, position, velocity, loss and status.
//!
//! Attributes: `surface` (a 1-D surface, default `quartic`), `lr`, `start`, `momentum`,
//! `steps`, `caption`, `controls`.

use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, HtmlElement};

use crate::core::csv::Csv;
use crate::core::optim;
use crate::core::replay::replay;
use crate::core::run::{RunConfig, Status, Trajectory};
use crate::core::schema;
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::surface::Surface;
use crate::render::curve::{self, Ball};
use crate::render::palette::SERIES;
use crate::render::plot2d::{self, Frame};
use crate::render::Rgb;
use crate::web::attrs::Attrs;
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::Slider;
use crate::web::mounted::Mounted;
use crate::web::shell::Shell;
use crate::web::timeline::{self, Timeline};
use crate::web::tools;
use crate::web::url;
use crate::web::Widget;

/// Learning-rate slider range (log scale).
const LR_RANGE: (f64, f64) = (1e-4, 10.0);
/// Points the curve is drawn through.
const SAMPLES: usize = 240;

/// One ball: its run, its velocity after each step, and its row of the read-out table.
struct Roller {
    name: &'static str,
    color: Rgb,
    traj: Option<Trajectory>,
    /// The velocity after step k at `k − 1`.
    vel: Vec<f64>,
    /// Cells: ball, step, x, velocity, loss, status.
    cells: Vec<HtmlElement>,
}

struct State {
    canvas: HtmlCanvasElement,
    layers: Layers,
    surface: Box<dyn Surface>,
    surface_text: String,
    curve: Vec<(f64, f64)>,
    minima: Vec<(f64, f64)>,
    bounds: [f64; 4],
    lr: f64,
    start: f64,
    momentum: f64,
    steps: usize,
    key: String,
    lr_s: Slider,
    start_s: Slider,
    mom_s: Slider,
    balls: [Roller; 2],
    timeline: Timeline,
}

/// Mounts a ball widget in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::BALL);
    let (surface, surface_text) = attrs.surface();
    let lr = attrs.num("lr").unwrap_or(0.01);
    let start = attrs.point("start").first().copied().unwrap_or(0.0);
    let momentum = attrs.num("momentum").unwrap_or(0.9);
    let steps = attrs.int("steps");
    let shown = attrs.shown();

    let b = surface.bounds();
    let (x0, x1) = (
        b.lo.first().copied().unwrap_or(-1.0),
        b.hi.first().copied().unwrap_or(1.0),
    );
    let curve: Vec<(f64, f64)> = (0..=SAMPLES)
        .map(|i| {
            let x = x0 + (x1 - x0) * i as f64 / SAMPLES as f64;
            (x, surface.value(&[x]))
        })
        .collect();
    let ys: Vec<f64> = curve.iter().map(|p| p.1).collect();
    let [y0, y1] = curve::y_range(&ys);
    let minima = surface
        .minima()
        .iter()
        .filter_map(|m| m.first().map(|&x| (x, surface.value(&[x]))))
        .collect();

    let shell = Shell::new(host, "gdz-ball", &attrs)?;
    let canvas = shell.canvas()?;
    let controls = shell.controls()?;
    let slider = |name: &str, label: &str, range: (f64, f64), v: f64, log: bool| {
        let s = Slider::new(&controls, label, None, range, v, log)?;
        if let Some(l) = s.input.parent_element() {
            l.toggle_attribute_with_force("hidden", !shown.has(name))?;
        }
        Ok::<_, JsValue>(s)
    };
    let lr_s = slider("lr", "Learning rate η", LR_RANGE, lr, true)?;
    let start_s = slider("start", "Start x", (x0, x1), start, false)?;
    let span = x1 - x0;
    let step = 10f64.powi((span / 100.0).log10().floor() as i32);
    start_s.input.set_step(&fmt_num(step));
    let mom_s = slider("momentum", "Momentum μ", (0.0, 0.99), momentum, false)?;
    let timeline = Timeline::new(&shell.root, steps, &attrs)?;

    // One column per ball, one row per quantity: narrow enough for a phone. Not a live
    // region: it changes on every animation frame.
    let readout = child(&shell.root, "div", "gdz-readout")?;
    let table = child(&readout, "table", "gdz-table")?;
    let head = child(&table, "tr", "")?;
    child(&head, "td", "")?;
    let mut cols: Vec<Vec<HtmlElement>> = Vec::new();
    // The swatches' colours (in style.css) are the balls' colours on the canvas.
    for class in ["gdz-key gdz-k4", "gdz-key gdz-ring gdz-k6"] {
        let th = child(&head, "th", "")?;
        th.set_attribute("scope", "col")?;
        child(&th, "span", class)?;
        cols.push(vec![child(&th, "span", "")?]);
    }
    for h in ["Step", "x", "Velocity", "Loss", "Status"] {
        let tr = child(&table, "tr", "")?;
        text_child(&tr, "th", "", h)?.set_attribute("scope", "row")?;
        for col in cols.iter_mut() {
            col.push(child(&tr, "td", "")?);
        }
    }
    let mut cols = cols.into_iter();
    let mut roller = |name: &'static str, color: Rgb| Roller {
        name,
        color,
        traj: None,
        vel: Vec::new(),
        cells: cols.next().unwrap_or_default(),
    };
    let balls = [roller("plain", SERIES[4]), roller("momentum", SERIES[6])];
    text_child(
        &readout,
        "p",
        "gdz-note",
        "Velocity: the plain ball's last step Δx; the momentum ball's buffer b, which moves it by −η·b each step.",
    )?;

    let inputs = [
        lr_s.input.clone(),
        start_s.input.clone(),
        mom_s.input.clone(),
    ];
    let mut m = Mounted::new(State {
        canvas: canvas.clone(),
        layers: Layers::new(host, true)?,
        surface,
        surface_text,
        curve,
        minima,
        bounds: [x0, x1, y0, y1],
        lr,
        start,
        momentum,
        steps,
        key: attrs.key.clone(),
        lr_s,
        start_s,
        mom_s,
        balls,
        timeline,
    });
    for (i, input) in inputs.iter().enumerate() {
        m.on(input, "input", move |s, _| s.on_slider(i))?;
    }
    timeline::wire(&mut m, |s| &mut s.timeline, State::show)?;
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
            s.show();
        },
    )?;
    {
        let mut guard = m.state.borrow_mut();
        let s = &mut *guard;
        s.layers.measure(&s.canvas);
        s.rerun();
    }
    Ok(Box::new(m))
}

impl State {
    fn on_slider(&mut self, i: usize) {
        let (name, v) = match i {
            0 => ("lr", self.lr_s.value()),
            1 => ("start", crate::web::readout::round3(self.start_s.value())),
            _ => (
                "momentum",
                crate::web::readout::round3(self.mom_s.value()).min(0.99),
            ),
        };
        match i {
            0 => (self.lr = v, self.lr_s.show(v)),
            1 => (self.start = v, self.start_s.show(v)),
            _ => (self.momentum = v, self.mom_s.show(v)),
        };
        url::remember(&self.key, name, Some(&fmt_num(v)));
        self.rerun();
    }

    /// Runs both balls again and shows them.
    fn rerun(&mut self) {
        let cfg = RunConfig {
            steps: self.steps,
            ..RunConfig::default()
        };
        let mut end = 0;
        for (i, b) in self.balls.iter_mut().enumerate() {
            let mut spec = Spec::bare("sgd");
            spec.set("lr", Value::Num(self.lr));
            if i == 1 && self.momentum > 0.0 {
                spec.set("momentum", Value::Num(self.momentum));
            }
            let sched = Spec::bare("constant");
            b.traj = crate::core::setup::run_spec(
                self.surface.as_ref(),
                &[self.start],
                &spec,
                &sched,
                &cfg,
            )
            .ok();
            b.vel.clear();
            if let (Some(t), Ok(mut opt)) = (&b.traj, optim::build(&spec, 1)) {
                let key = if spec.get("momentum").is_some() {
                    "momentum_buffer"
                } else {
                    "delta"
                };
                b.vel = replay(self.surface.as_ref(), opt.as_mut(), t, key);
                end = end.max(last_step(t));
            }
        }
        if let Some(c) = self.balls[1].cells.first() {
            let name = ["momentum, μ = ", &fmt(self.momentum)].concat();
            c.set_text_content(Some(&name));
        }
        if let Some(c) = self.balls[0].cells.first() {
            c.set_text_content(Some("plain"));
        }
        let at_end = self.timeline.at >= self.timeline.len;
        if at_end {
            self.timeline.at = end;
        }
        self.timeline.set_len(end);
        self.show();
    }

    /// Draws both balls at the timeline's step and fills in the table.
    fn show(&mut self) {
        if let Err(e) = self.draw() {
            if let Some(c) = self.balls[0].cells.last() {
                c.set_text_content(Some(&crate::web::dom::message(&e)));
            }
        }
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        let fresh = self.layers.fit(&self.canvas, (0.5, 180.0, 360.0));
        let (bounds, curve, minima) = (self.bounds, &self.curve, &self.minima);
        self.layers.under(&self.canvas, fresh, |target, theme| {
            let root = canvas::cleared(target, theme)?;
            let frame = Frame::new((target.width(), target.height()), bounds, theme);
            plot2d::draw_frame(&root, &frame, theme).map_err(crate::web::dom::js_error)?;
            curve::draw_curve(&frame.plot(&root), curve, minima, theme)
                .map_err(crate::web::dom::js_error)
        })?;
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        let frame = self.frame();
        let at = self.timeline.at;
        let mut label = [
            "The curve ",
            &self.surface_text,
            " from x = ",
            &fmt(self.bounds[0]),
            " to ",
            &fmt(self.bounds[1]),
            ", with two balls. Step ",
            &at.to_string(),
            " of ",
            &self.timeline.len.to_string(),
            ".",
        ]
        .concat();
        let mut gone = Vec::new();
        for b in &self.balls {
            let Some(t) = &b.traj else { continue };
            let n = (at + 1).min(t.len());
            let trail: Vec<(f64, f64)> = (0..n)
                .filter_map(|k| Some((t.point(k)?.first().copied()?, *t.loss.get(k)?)))
                .collect();
            let ball = Ball {
                trail: &trail,
                color: b.color,
                ring: b.name != "plain",
            };
            curve::draw_ball(&root, &frame, &ball, &self.layers.theme)
                .map_err(crate::web::dom::js_error)?;
            let row = b.row(at);
            for (c, text) in b.cells.iter().skip(1).zip(&row) {
                c.set_text_content(Some(text));
            }
            let [_, x, _, loss, status] = &row;
            if status == "diverged" {
                gone.push(b.name);
            }
            for part in [
                " The ",
                b.name,
                " ball: x = ",
                x,
                ", loss ",
                loss,
                ", ",
                status,
                ".",
            ] {
                label.push_str(part);
            }
        }
        if !gone.is_empty() {
            let note = [&gone.join(" and "), " diverged"].concat();
            plot2d::draw_note(&root, &frame, &note, &self.layers.theme)
                .map_err(crate::web::dom::js_error)?;
        }
        self.canvas.set_attribute("aria-label", &label)?;
        Ok(())
    }

    fn frame(&self) -> Frame {
        let size = (self.canvas.width(), self.canvas.height());
        Frame::new(size, self.bounds, &self.layers.theme)
    }

    /// Both runs, one line per step: position, velocity and loss of each ball.
    fn csv(&self) -> String {
        let mut out = Csv::new(&[
            "step",
            "plain_x",
            "plain_velocity",
            "plain_loss",
            "momentum_x",
            "momentum_velocity",
            "momentum_loss",
        ]);
        for k in 0..=self.timeline.len {
            out.int(k);
            for b in &self.balls {
                let t = b.traj.as_ref();
                let x = t.and_then(|t| t.point(k)).and_then(|p| p.first().copied());
                let v = if k == 0 {
                    Some(0.0)
                } else {
                    b.vel.get(k - 1).copied()
                };
                let l = t.and_then(|t| t.loss.get(k).copied());
                out.opt(x).opt(v.filter(|_| x.is_some())).opt(l);
            }
            out.end_row();
        }
        out.finish()
    }
}

/// The last step of a run worth showing: the last point, or one more for a run that
/// diverged (the step that failed).
fn last_step(t: &Trajectory) -> usize {
    let n = t.len().saturating_sub(1);
    if t.status == Status::Diverged {
        n + 1
    } else {
        n
    }
}

impl Roller {
    /// The table row at step `at`: step, x, velocity, loss, status.
    fn row(&self, at: usize) -> [String; 5] {
        let Some(t) = &self.traj else {
            return Default::default();
        };
        let last = t.len().saturating_sub(1);
        let k = at.min(last);
        let x = t
            .point(k)
            .and_then(|p| p.first().copied())
            .unwrap_or(f64::NAN);
        let v = if k == 0 {
            0.0
        } else {
            self.vel.get(k - 1).copied().unwrap_or(0.0)
        };
        let loss = t.loss.get(k).copied().unwrap_or(f64::NAN);
        let status = if t.status == Status::Diverged && at > last {
            "diverged"
        } else if t.converged_at.is_some_and(|c| k >= c) {
            "converged"
        } else if k >= last && t.status != Status::Diverged {
            "out of steps"
        } else {
            "rolling"
        };
        if status == "diverged" {
            return [
                (last + 1).to_string(),
                "—".into(),
                "—".into(),
                "—".into(),
                status.into(),
            ];
        }
        [k.to_string(), fmt(x), fmt(v), fmt(loss), status.into()]
    }
}
