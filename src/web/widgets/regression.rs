//! `<gdz-regression>`: a straight line ŷ = w·x + b fitted to data points by an optimizer.
//! Left, the points and the line at the shown step (drag a point, or pick one and type
//! its coordinates, to refit); right, the loss surface over (w, b) with the path; below,
//! the numbers of the shown step and a table of the steps up to it.
//!
//! Attributes: `points`, `w`, `b`, `lr`, `steps`, `optimizer`, `caption`, `controls`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement, PointerEvent};

use crate::core::csv::Csv;
use crate::core::run::{RunConfig, Status, Trajectory};
use crate::core::schema::{self, MAX_COORD};
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::surface::{Regression, Surface};
use crate::render::palette::SERIES;
use crate::render::plot2d::{self, Frame};
use crate::render::scatter;
use crate::web::attrs::Attrs;
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::Slider;
use crate::web::mounted::Mounted;
use crate::web::panel::Panel;
use crate::web::shell::Shell;
use crate::web::timeline::{self, Timeline};
use crate::web::tools;
use crate::web::url;
use crate::web::Widget;

/// Rows of the step table shown at once.
const ROWS: usize = 10;
/// Learning-rate slider range (log scale).
const LR_RANGE: (f64, f64) = (1e-4, 10.0);
/// How close (CSS pixels) a press must be to a point to pick it up.
const GRAB: f64 = 22.0;

struct State {
    line: HtmlCanvasElement,
    layers: Layers,
    panel: Panel,
    points: Vec<[f64; 2]>,
    view: [f64; 4],
    surface: Regression,
    spec: Spec,
    start: [f64; 2],
    steps: usize,
    traj: Option<Trajectory>,
    key: String,
    lr_s: Slider,
    pick: HtmlSelectElement,
    px_in: HtmlInputElement,
    py_in: HtmlInputElement,
    selected: usize,
    dragging: Option<usize>,
    now: HtmlElement,
    caption: HtmlElement,
    rows: Vec<(HtmlElement, Vec<HtmlElement>)>,
    timeline: Timeline,
}

/// The points as the `points` attribute writes them.
fn points_text(pts: &[[f64; 2]]) -> String {
    schema::Value::Points(pts.to_vec()).to_text()
}

/// `(x, y)` for read-outs.
fn pair(p: &[f64; 2]) -> String {
    ["(", &fmt(p[0]), ", ", &fmt(p[1]), ")"].concat()
}

/// The picker's text for point `i`: its number and coordinates.
fn option_text(i: usize, p: &[f64; 2]) -> String {
    [&(i + 1).to_string(), " ", &pair(p)].concat()
}

/// Rounds to hundredths, so dragged points stay readable in links and tables.
fn hundredths(x: f64) -> f64 {
    crate::core::num::parse_f64(&crate::core::num::fmt_fixed(x, 2)).unwrap_or(x)
}

/// Mounts a regression widget in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::REGRESSION);
    let points = attrs
        .values
        .points("points")
        .map(<[[f64; 2]]>::to_vec)
        .unwrap_or_default();
    let w = attrs.num("w").unwrap_or(0.5);
    let b = attrs.num("b").unwrap_or(0.1);
    let mut spec = attrs.spec("optimizer");
    let lr = attrs.num("lr").unwrap_or(0.01);
    spec.set("lr", Value::Num(lr));
    if crate::core::optim::build(&spec, 2).is_err() {
        attrs.push("lr: not accepted by this optimizer; using sgd.".into());
        spec = Spec::bare("sgd");
        spec.set("lr", Value::Num(lr));
    }
    let steps = attrs.int("steps");
    let shown = attrs.shown();

    let shell = Shell::new(host, "gdz-regression", &attrs)?;
    let pair = child(&shell.root, "div", "gdz-pair")?;
    let left = child(&pair, "div", "")?;
    text_child(&left, "p", "gdz-title", "Data and the line ŷ = w·x + b")?;
    let line = Shell { root: left }.canvas()?;
    let right = child(&pair, "div", "")?;
    text_child(&right, "p", "gdz-title", "Loss L(w, b) and the path")?;
    let surface = Regression::new(points.clone());
    let panel = Panel::new(host, Shell { root: right }.canvas()?, &surface, "")?;

    let controls = shell.controls()?;
    let lr_s = Slider::new(&controls, "Learning rate η", None, LR_RANGE, lr, true)?;
    if let Some(l) = lr_s.input.parent_element() {
        l.toggle_attribute_with_force("hidden", !shown.has("lr"))?;
    }
    let edit = child(&controls, "div", "gdz-points")?;
    edit.set_hidden(!shown.has("points"));
    let label = child(&edit, "label", "")?;
    text_child(&label, "span", "", "Point")?;
    let pick: HtmlSelectElement = child(&label, "select", "")?.dyn_into()?;
    let number = |name: &str| -> Result<HtmlInputElement, JsValue> {
        let l = child(&edit, "label", "")?;
        text_child(&l, "span", "", name)?;
        let i: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        i.set_type("number");
        i.set_step("0.1");
        Ok(i)
    };
    let px_in = number("x")?;
    let py_in = number("y")?;
    let timeline = Timeline::new(&shell.root, steps, &attrs)?;

    let now = shell.readout()?;
    let table = child(&shell.root, "table", "gdz-table")?;
    let caption = child(&table, "caption", "")?;
    let head = child(&table, "tr", "")?;
    for h in ["Step", "w", "b", "∂L/∂w", "∂L/∂b", "Loss"] {
        text_child(&head, "th", "", h)?.set_attribute("scope", "col")?;
    }
    let mut rows = Vec::with_capacity(ROWS);
    for _ in 0..ROWS {
        let tr = child(&table, "tr", "")?;
        let cells = (0..6)
            .map(|_| child(&tr, "td", ""))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push((tr, cells));
    }

    let view = scatter::data_bounds(&points);
    let inputs = (
        lr_s.input.clone(),
        pick.clone(),
        px_in.clone(),
        py_in.clone(),
    );
    let mut m = Mounted::new(State {
        line: line.clone(),
        layers: Layers::new(host, false)?,
        panel,
        points,
        view,
        surface,
        spec,
        start: [w, b],
        steps,
        traj: None,
        key: attrs.key.clone(),
        lr_s,
        pick,
        px_in,
        py_in,
        selected: 0,
        dragging: None,
        now,
        caption,
        rows,
        timeline,
    });
    m.on(&inputs.0, "input", |s, _| {
        let lr = s.lr_s.value();
        s.lr_s.show(lr);
        s.spec.set("lr", Value::Num(lr));
        url::remember(&s.key, "lr", Some(&fmt_num(lr)));
        s.rerun();
    })?;
    m.on(&inputs.1, "change", |s, _| {
        s.selected = s.pick.selected_index().max(0) as usize;
        s.fill_inputs();
        s.show();
    })?;
    for (axis, input) in [(0, &inputs.2), (1, &inputs.3)] {
        m.on(input, "input", move |s, e| {
            let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let v = i.value_as_number();
            if v.is_finite() && v.abs() <= MAX_COORD {
                let k = s.selected;
                if let Some(p) = s.points.get_mut(k) {
                    p[axis] = v;
                    s.view = scatter::data_bounds(&s.points);
                    s.refit();
                }
            }
        })?;
    }
    m.on(&line, "pointerdown", |s, e| s.on_down(e))?;
    m.on(&line, "pointermove", |s, e| s.on_move(e))?;
    for ev in ["pointerup", "pointercancel"] {
        m.on(&line, ev, |s, _| {
            if s.dragging.take().is_some() {
                s.view = scatter::data_bounds(&s.points);
                s.show();
            }
        })?;
    }
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
            s.layers.measure(&s.line);
            s.panel.measure();
            s.show();
        },
    )?;
    {
        let mut guard = m.state.borrow_mut();
        let s = &mut *guard;
        s.layers.measure(&s.line);
        s.panel.measure();
        s.fill_pick()?;
        s.timeline.at = 0;
        s.rerun();
    }
    Ok(Box::new(m))
}

impl State {
    /// The list of points in the picker, keeping the selection.
    fn fill_pick(&mut self) -> Result<(), JsValue> {
        self.pick.set_text_content(None);
        for (i, p) in self.points.iter().enumerate() {
            text_child(&self.pick, "option", "", &option_text(i, p))?;
        }
        self.selected = self.selected.min(self.points.len().saturating_sub(1));
        self.pick.set_selected_index(self.selected as i32);
        self.fill_inputs();
        Ok(())
    }

    fn fill_inputs(&self) {
        if let Some(p) = self.points.get(self.selected) {
            self.px_in.set_value(&fmt_num(p[0]));
            self.py_in.set_value(&fmt_num(p[1]));
        }
    }

    /// The pointer's position in canvas pixels.
    fn pixel(&self, e: &web_sys::Event) -> Option<(f64, f64)> {
        let e = e.dyn_ref::<PointerEvent>()?;
        let s = self.layers.theme.scale;
        Some((f64::from(e.offset_x()) * s, f64::from(e.offset_y()) * s))
    }

    fn on_down(&mut self, e: &web_sys::Event) {
        let Some(at) = self.pixel(e) else { return };
        let frame = self.frame();
        let grab = GRAB * self.layers.theme.scale;
        let Some(i) = scatter::nearest(&frame, &self.points, at, grab) else {
            return;
        };
        e.prevent_default();
        if let Some(p) = e.dyn_ref::<PointerEvent>() {
            let _ = self.line.set_pointer_capture(p.pointer_id());
        }
        self.dragging = Some(i);
        self.selected = i;
        self.pick.set_selected_index(i as i32);
        self.fill_inputs();
        self.show();
    }

    fn on_move(&mut self, e: &web_sys::Event) {
        let Some(i) = self.dragging else { return };
        let Some(at) = self.pixel(e) else { return };
        let (x, y) = scatter::from_px(&self.frame(), at);
        let [x0, x1, y0, y1] = self.view;
        let p = [
            hundredths(crate::core::num::clamp(x, x0, x1)),
            hundredths(crate::core::num::clamp(y, y0, y1)),
        ];
        if let Some(q) = self.points.get_mut(i) {
            if *q != p {
                *q = p;
                self.fill_inputs();
                self.refit();
            }
        }
    }

    /// The points changed: a new loss surface, a new run, and the link remembers them.
    fn refit(&mut self) {
        self.surface = Regression::new(self.points.clone());
        self.panel.set_surface(&self.surface);
        if let (Some(o), Some(p)) = (
            self.pick.item(self.selected as u32),
            self.points.get(self.selected),
        ) {
            o.set_text_content(Some(&option_text(self.selected, p)));
        }
        url::remember(&self.key, "points", Some(&points_text(&self.points)));
        self.rerun();
    }

    /// Runs the optimizer again and shows the result.
    fn rerun(&mut self) {
        let cfg = RunConfig {
            steps: self.steps,
            ..RunConfig::default()
        };
        let sched = Spec::bare("constant");
        self.traj =
            crate::core::setup::run_spec(&self.surface, &self.start, &self.spec, &sched, &cfg).ok();
        let end = self.traj.as_ref().map_or(0, |t| {
            let n = t.len().saturating_sub(1);
            n + usize::from(t.status == Status::Diverged)
        });
        self.timeline.set_len(end);
        self.show();
    }

    fn frame(&self) -> Frame {
        Frame::new(
            (self.line.width(), self.line.height()),
            self.view,
            &self.layers.theme,
        )
    }

    /// Draws both panels at the timeline's step and fills in the numbers.
    fn show(&mut self) {
        if let Err(e) = self.draw() {
            let text = ["Drawing failed: ", &crate::web::dom::message(&e)].concat();
            self.now.set_text_content(Some(&text));
        }
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        let at = self.timeline.at;
        let Some(t) = &self.traj else {
            return Ok(());
        };
        let last = t.len().saturating_sub(1);
        let k = at.min(last);
        let diverged = t.status == Status::Diverged && at > last;
        let p = t.point(k).unwrap_or(&[0.0, 0.0]);
        let (w, b) = (
            p.first().copied().unwrap_or(0.0),
            p.get(1).copied().unwrap_or(0.0),
        );
        let colour = SERIES[4];

        // Left: the data and the line.
        self.layers.fit(&self.line, (0.75, 160.0, 640.0));
        let root = canvas::cleared(&self.line, &self.layers.theme)?;
        let frame = self.frame();
        let plot = frame.plot(&root);
        plot2d::draw_frame(&root, &frame, &self.layers.theme).map_err(crate::web::dom::js_error)?;
        if !diverged {
            scatter::draw_fit(
                &plot,
                self.view,
                &self.points,
                (w, b),
                colour,
                &self.layers.theme,
            )
            .map_err(crate::web::dom::js_error)?;
        }
        scatter::draw_points(
            &plot,
            &self.points,
            Some(self.selected),
            SERIES[3],
            &self.layers.theme,
        )
        .map_err(crate::web::dom::js_error)?;

        // Right: the loss surface and the path.
        let n = (k + 1) * 2;
        let path = t.points.get(..n).unwrap_or(&t.points);
        self.panel
            .draw(&[(path, colour)], diverged.then_some("diverged"))?;

        // The numbers.
        let mut g = [0.0; 2];
        let row = |k: usize, g: &mut [f64; 2]| -> Option<[String; 6]> {
            let p = t.point(k)?;
            self.surface.gradient(p, g);
            Some([
                k.to_string(),
                fmt(*p.first()?),
                fmt(*p.get(1)?),
                fmt(g[0]),
                fmt(g[1]),
                fmt(*t.loss.get(k)?),
            ])
        };
        let first = k.saturating_sub(ROWS - 1);
        for (i, (tr, cells)) in self.rows.iter().enumerate() {
            let r = row(first + i, &mut g).filter(|_| first + i <= k);
            tr.set_hidden(r.is_none());
            if let Some(r) = r {
                for (c, v) in cells.iter().zip(&r) {
                    c.set_text_content(Some(v));
                }
            }
        }
        let text = if diverged {
            [
                "Step ",
                &at.to_string(),
                ": diverged: the steps grew without bound.",
            ]
            .concat()
        } else if let Some([s, w, b, gw, gb, l]) = row(k, &mut g) {
            [
                "Step ",
                &s,
                ": w = ",
                &w,
                ", b = ",
                &b,
                ", ∂L/∂w = ",
                &gw,
                ", ∂L/∂b = ",
                &gb,
                ", loss L = ",
                &l,
                ".",
            ]
            .concat()
        } else {
            String::new()
        };
        self.now.set_text_content(Some(&text));
        let caption = [
            "Steps ",
            &first.to_string(),
            " to ",
            &k.to_string(),
            " of ",
            &self.timeline.len.to_string(),
            " (the CSV has every step)",
        ]
        .concat();
        self.caption.set_text_content(Some(&caption));
        let mut label = self.points.len().to_string();
        label.push_str(" data points");
        for p in self.points.iter().take(10) {
            label.push(' ');
            label.push_str(&pair(p));
        }
        for part in [" and the line ŷ = ", &fmt(w), "·x + ", &fmt(b), "."] {
            label.push_str(part);
        }
        self.line.set_attribute("aria-label", &label)?;
        let path = [
            "Loss surface over w and b with the path of ",
            &self.spec.name,
            ". ",
            &text,
        ]
        .concat();
        self.panel.canvas.set_attribute("aria-label", &path)?;
        Ok(())
    }

    /// Every step: w, b, the gradient and the loss.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["step", "w", "b", "dL_dw", "dL_db", "loss"]);
        let Some(t) = &self.traj else {
            return out.finish();
        };
        let mut g = [0.0; 2];
        for k in 0..t.len() {
            let (Some(p), Some(l)) = (t.point(k), t.loss.get(k)) else {
                break;
            };
            let &[w, b] = p else { break };
            self.surface.gradient(p, &mut g);
            out.int(k);
            for v in [w, b, g[0], g[1], *l] {
                out.num(v);
            }
            out.end_row();
        }
        out.finish()
    }
}
