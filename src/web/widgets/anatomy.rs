//! `<gdz-anatomy>`: one optimizer's update laid open per coordinate, step by step. A
//! table shows the step's quantities for x and y (from [`crate::core::anatomy`]), a
//! panel shows the path so far on the surface, and one line says what the numbers mean.
//! For Adam and AdamW, switches remove the bias correction, m or v.
//!
//! Attributes: `optimizer` (required), `surface`, `start`, `parts` (a comma list of
//! `bias_correction`, `m`, `v` to keep), `controls`, `caption`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use crate::core::anatomy::{replay, Anatomy, ANATOMY_STEPS as STEPS};
use crate::core::csv::Csv;
use crate::core::run::Status;
use crate::core::schema;
use crate::core::spec::{Spec, Value};
use crate::core::surface::Surface;
use crate::core::text::join;
use crate::render::palette::SERIES;
use crate::web::attrs::Attrs;
use crate::web::dom::{child, fmt, text_child};
use crate::web::mounted::Mounted;
use crate::web::panel::Panel;
use crate::web::readout::describe;
use crate::web::shell::Shell;
use crate::web::timeline::{self, Timeline};
use crate::web::tools;
use crate::web::url;
use crate::web::Widget;

/// Adam's parts: the name in `parts`, the switch in the spec, the checkbox's label.
const PARTS: [(&str, &str, &str); 3] = [
    ("bias_correction", "bias_correction", "bias correction"),
    ("m", "first_moment", "m"),
    ("v", "second_moment", "v"),
];

struct State {
    panel: Panel,
    timeline: Timeline,
    surface: Box<dyn Surface>,
    surface_text: String,
    start: Vec<f64>,
    spec: Spec,
    anatomy: Anatomy,
    key: String,
    boxes: Vec<HtmlInputElement>,
    line: HtmlElement,
    outcome: HtmlElement,
    title: HtmlElement,
    /// The spec as written (parts switched off added) and the surface.
    title_text: String,
    body: HtmlElement,
    /// Per table row: its name and its x and y cells.
    cells: Vec<(HtmlElement, HtmlElement)>,
}

fn has_parts(spec: &Spec) -> bool {
    matches!(spec.name.as_str(), "adam" | "adamw")
}

/// Mounts an update anatomy in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::ANATOMY);
    let (surface, surface_text) = attrs.surface();
    let mut spec = attrs.spec("optimizer");
    let start = attrs.point("start");
    let kept = attrs.values.words("parts");
    let keep: Vec<bool> = PARTS.iter().map(|p| kept.contains(&p.0)).collect();
    let shown = attrs.shown();
    let parts = has_parts(&spec);
    if parts {
        for (p, k) in PARTS.iter().zip(&keep) {
            spec.set(p.1, Value::Bool(*k));
        }
    }

    let shell = Shell::new(host, "gdz-anatomy", &attrs)?;
    let title = text_child(&shell.root, "p", "gdz-title", "")?;
    let grid = child(&shell.root, "div", "gdz-anatomy-grid")?;
    let canvas = Shell { root: grid.clone() }.canvas()?;
    let table = child(&grid, "table", "gdz-anatomy-table")?;
    let cap = text_child(&table, "caption", "", "The update, per coordinate")?;
    cap.set_class_name("gdz-sr");
    let thead = child(&table, "thead", "")?;
    let head = child(&thead, "tr", "")?;
    for h in ["Quantity", "x", "y"] {
        text_child(&head, "th", "", h)?.set_attribute("scope", "col")?;
    }
    let body = child(&table, "tbody", "")?;
    let controls = shell.controls()?;
    let mut boxes = Vec::new();
    for ((_, _, label), k) in PARTS.iter().zip(&keep) {
        let l = child(&controls, "label", "gdz-check")?;
        l.set_hidden(!(parts && shown.has("parts")));
        let b: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        b.set_type("checkbox");
        b.set_checked(*k);
        text_child(&l, "span", "", label)?;
        boxes.push(b);
    }
    let mut tl = Timeline::new(&shell.root, STEPS, &attrs)?;
    tl.seek(0);
    let line = shell.readout()?;
    let outcome = child(&shell.root, "p", "gdz-readout")?;
    let anatomy =
        replay(surface.as_ref(), &start, &spec, STEPS).map_err(crate::web::dom::js_error)?;
    let panel = Panel::new(host, canvas, surface.as_ref(), &surface_text)?;
    let mut m = Mounted::new(State {
        panel,
        timeline: tl,
        surface,
        surface_text,
        start,
        spec,
        anatomy,
        key: attrs.key.clone(),
        boxes: boxes.clone(),
        line,
        outcome,
        title,
        title_text: String::new(),
        body,
        cells: Vec::new(),
    });
    timeline::wire(&mut m, |s| &mut s.timeline, State::show)?;
    for b in &boxes {
        m.on(b, "change", |s, _| s.on_parts())?;
    }
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s: &State| s.panel.canvas.clone(),
            csv: State::csv,
        },
        |s| {
            s.panel.measure();
            s.show();
        },
    )?;
    {
        let mut s = m.state.borrow_mut();
        s.rebuild()?;
        s.show();
    }
    Ok(Box::new(m))
}

impl State {
    fn on_parts(&mut self) {
        let keep: Vec<bool> = self.boxes.iter().map(|b| b.checked()).collect();
        for (p, k) in PARTS.iter().zip(&keep) {
            self.spec.set(p.1, Value::Bool(*k));
        }
        let names: Vec<&str> = PARTS
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(p, _)| p.0)
            .collect();
        let text = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(",")
        };
        url::remember(&self.key, "parts", Some(&text));
        match replay(self.surface.as_ref(), &self.start, &self.spec, STEPS) {
            Ok(a) => self.anatomy = a,
            Err(e) => self.line.set_text_content(Some(&e.to_string())),
        }
        let _ = self.rebuild();
        self.show();
    }

    /// New rows for a new run (the quantities depend on the parts kept).
    fn rebuild(&mut self) -> Result<(), JsValue> {
        let a = &self.anatomy;
        self.timeline.set_len(a.steps.len());
        // The spec as written, with only the parts switched off added.
        let mut shown = self.spec.clone();
        shown
            .args
            .retain(|(k, v)| !(PARTS.iter().any(|p| p.1 == k) && matches!(v, Value::Bool(true))));
        self.title_text = format!("{shown} on {}", self.surface_text);
        self.title.set_text_content(Some(&self.title_text));
        self.outcome
            .set_text_content(Some(&describe(&self.spec, &a.traj, STEPS)));
        self.body.set_text_content(None);
        self.cells.clear();
        let mut names = vec!["θ", "g"];
        if let Some(s) = a.steps.first() {
            names.extend(s.rows.iter().map(|r| r.0));
        }
        names.push("step Δθ");
        for n in names {
            let tr = child(&self.body, "tr", "")?;
            text_child(&tr, "th", "", n)?.set_attribute("scope", "row")?;
            self.cells
                .push((child(&tr, "td", "")?, child(&tr, "td", "")?));
        }
        Ok(())
    }

    /// Shows step `timeline.at`: the path so far, the table and the explanation.
    fn show(&mut self) {
        let a = &self.anatomy;
        let t = self.timeline.at.min(a.steps.len());
        let traj = &a.traj;
        let points = traj.points.get(..(t + 1) * 2).unwrap_or(&traj.points);
        let diverged = traj.status == Status::Diverged && t == a.steps.len();
        let _ = self
            .panel
            .draw(&[(points, SERIES[1])], diverged.then_some("diverged"));
        let step = t.checked_sub(1).and_then(|k| a.steps.get(k));
        let point = traj.point(t).unwrap_or(&[]);
        let mut values: Vec<Option<&[f64]>> = vec![Some(point)];
        values.push(step.map(|s| s.grad.as_slice()));
        match step {
            Some(s) => values.extend(s.rows.iter().map(|r| Some(r.1.as_slice()))),
            None => {
                let n = a.steps.first().map_or(0, |s| s.rows.len());
                values.extend(std::iter::repeat_n(None, n));
            }
        }
        values.push(step.map(|s| s.step.as_slice()));
        for ((x, y), v) in self.cells.iter().zip(&values) {
            let cell = |i: usize| match v {
                Some(v) => v.get(i).map_or("".into(), |n| fmt(*n)),
                None => "–".into(),
            };
            x.set_text_content(Some(&cell(0)));
            y.set_text_content(Some(&cell(1)));
        }
        let text = a.explain(t).replace('-', "−");
        self.line.set_text_content(Some(&text));
        let at: Vec<String> = point.iter().map(|x| fmt(*x)).collect();
        let _ = self.panel.canvas.set_attribute(
            "aria-label",
            &format!(
                "Path of {}, step {t} of {}, at ({}). {text}",
                self.title_text,
                a.steps.len(),
                join(&at, ", ")
            ),
        );
    }

    /// Every step's numbers as CSV.
    fn csv(&self) -> String {
        let a = &self.anatomy;
        let mut names = vec!["g"];
        if let Some(s) = a.steps.first() {
            names.extend(s.rows.iter().map(|r| r.0));
        }
        names.push("step");
        let heads: Vec<String> = names
            .iter()
            .flat_map(|n| [format!("{n} (x)"), format!("{n} (y)")])
            .collect();
        let mut head = vec!["step", "x", "y", "loss"];
        head.extend(heads.iter().map(String::as_str));
        let mut out = Csv::new(&head);
        for (k, s) in a.steps.iter().enumerate() {
            out.int(k + 1);
            for x in a.traj.point(k + 1).unwrap_or(&[]) {
                out.num(*x);
            }
            out.opt(a.traj.loss.get(k + 1).copied());
            let vals = std::iter::once(&s.grad)
                .chain(s.rows.iter().map(|r| &r.1))
                .chain(std::iter::once(&s.step));
            for v in vals {
                for x in v {
                    out.num(*x);
                }
            }
            out.end_row();
        }
        out.finish()
    }
}
