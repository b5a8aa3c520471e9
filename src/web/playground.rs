//! `<gdz-playground>`: a 2-D surface as a heatmap with contours and the paths of one or
//! more runs on top; a learning-rate slider per run re-runs and redraws, and a click or
//! tap on the plot moves the start.
//!
//! Attributes (all optional): `surface`, `optimizer` (a spec or a `;`-list), `schedule`,
//! `start` (`x,y`), `steps`, `clip_norm`, `noise`, `batch`, `seed`. A bad attribute shows
//! a notice and falls back to its default; the widget keeps working.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, MouseEvent};

use super::dom::{child, fmt};
use super::kit::{self, describe, read_config, read_surface, Mounted, Notes, Shell, Slider};
use super::panel::{Panel, Path};
use super::Widget;
use crate::core::run::{RunConfig, Status};
use crate::core::spec::{Spec, Value};
use crate::core::surface::Surface;
use crate::render::palette::SERIES;

const DEFAULT_SURFACE: &str = "quadratic(a=1, b=10)";
const DEFAULT_OPTIMIZER: &str = "sgd(lr=0.05)";
const MAX_RUNS: usize = 6;
/// Learning-rate slider range.
const LR_RANGE: (f64, f64) = (1e-4, 10.0);

/// One optimizer's run with its controls.
struct RunView {
    spec: Spec,
    slider: Slider,
    line: HtmlElement,
}

struct State {
    panel: Panel,
    runs: Vec<RunView>,
    surface: Box<dyn Surface>,
    surface_text: String,
    schedule: Spec,
    cfg: RunConfig,
    start: Vec<f64>,
}

/// Mounts a playground in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut notes = Notes::new(host);
    let (surface, surface_text) = read_surface(host, &mut notes, DEFAULT_SURFACE);
    let specs = notes.attr(host, "optimizer", vec![kit::spec(DEFAULT_OPTIMIZER)], |t| {
        kit::parse_optimizers(t, 2, MAX_RUNS)
    });
    let schedule = notes.attr(host, "schedule", Spec::bare("constant"), |t| {
        kit::parse_schedule(t, &specs)
    });
    let start = notes.attr(host, "start", surface.default_start(), |t| {
        kit::parse_point(t, 2)
    });
    let cfg = read_config(host, &mut notes, 100);

    let shell = Shell::new(host, "gdz-playground", &notes)?;
    let canvas = shell.canvas()?;
    let controls = shell.controls()?;
    let readout = shell.readout()?;
    let single = specs.len() == 1;
    let mut runs = Vec::with_capacity(specs.len());
    for (i, spec) in specs.into_iter().enumerate() {
        let label = if single {
            "Learning rate η".to_string()
        } else {
            format!("η ({})", spec.name)
        };
        let key = SERIES.get(i % SERIES.len()).copied();
        let slider = Slider::new(&controls, &label, key, LR_RANGE, kit::lr_of(&spec), true)?;
        runs.push(RunView {
            spec,
            slider,
            line: child(&readout, "p", "")?,
        });
    }
    let panel = Panel::new(host, canvas.clone(), surface.as_ref())?;
    let inputs: Vec<_> = runs.iter().map(|r| r.slider.input.clone()).collect();
    let mut m = Mounted::new(State {
        panel,
        runs,
        surface,
        surface_text,
        schedule,
        cfg,
        start,
    });
    for (i, input) in inputs.iter().enumerate() {
        m.on(input, "input", move |s, _| s.on_lr_input(i))?;
    }
    m.on(&canvas, "click", |s, e| {
        if let Some(e) = e.dyn_ref::<MouseEvent>() {
            s.on_click(f64::from(e.offset_x()), f64::from(e.offset_y()));
        }
    })?;
    m.on_resize(&shell.root, |s| {
        s.panel.measure();
        s.redraw_or_notice();
    });
    m.state.borrow_mut().redraw_or_notice();
    Ok(Box::new(m))
}

impl State {
    fn on_lr_input(&mut self, i: usize) {
        let Some(r) = self.runs.get_mut(i) else {
            return;
        };
        let lr = r.slider.value();
        r.spec.set("lr", Value::Num(lr));
        r.slider.show(lr);
        self.redraw_or_notice();
    }

    fn on_click(&mut self, x: f64, y: f64) {
        if let Some((px, py)) = self.panel.data_at(x, y) {
            self.start = vec![kit::round3(px), kit::round3(py)];
            self.redraw_or_notice();
        }
    }

    fn redraw_or_notice(&mut self) {
        if let Err(e) = self.redraw() {
            if let Some(r) = self.runs.first() {
                r.line.set_text_content(Some(&format!(
                    "Drawing failed: {}",
                    super::dom::message(&e)
                )));
            }
        }
    }

    fn redraw(&mut self) -> Result<(), JsValue> {
        let mut trajs = Vec::with_capacity(self.runs.len());
        let mut summary = Vec::with_capacity(self.runs.len());
        for r in &self.runs {
            let t = kit::run_spec(
                self.surface.as_ref(),
                &self.start,
                &r.spec,
                &self.schedule,
                &self.cfg,
            )?;
            summary.push(describe(&r.spec, &t, self.cfg.steps));
            trajs.push(t);
        }
        let diverged = trajs.iter().any(|t| t.status == Status::Diverged);
        let paths: Vec<Path> = trajs
            .iter()
            .enumerate()
            .map(|(i, t)| (t.points.as_slice(), SERIES[i % SERIES.len()]))
            .collect();
        self.panel.draw(&paths, diverged.then_some("diverged"))?;
        for (r, text) in self.runs.iter().zip(&summary) {
            r.line.set_text_content(Some(text));
        }
        let start: Vec<String> = self.start.iter().map(|x| fmt(*x)).collect();
        let _ = self.panel.canvas.set_attribute(
            "aria-label",
            &format!(
                "Heatmap of {} with paths from ({}). {}",
                self.surface_text,
                start.join(", "),
                summary.join(" ")
            ),
        );
        Ok(())
    }
}
