//! `<gdz-compare>`: two synchronised panels on the same surface and start. Each side has
//! its own optimizer (and optionally schedule and clipping) and learning-rate slider; one
//! step scrubber and a Play button drive both, so the two runs can be watched side by side.
//!
//! Attributes: `left`, `right` (optimizer specs), `surface`, `start`, `steps`,
//! `left_schedule`, `right_schedule`, `clip_norm_left`, `clip_norm_right`,
//! `clip_value_left`, `clip_value_right`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, MouseEvent};

use crate::core::csv::Csv;
use crate::core::run::{RunConfig, Status, Trajectory};
use crate::core::schema;
use crate::core::spec::{Spec, Value};
use crate::core::surface::Surface;
use crate::render::palette::SERIES;
use crate::web::attrs::Attrs;
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::Slider;
use crate::web::mounted::Mounted;
use crate::web::panel::Panel;
use crate::web::readout::describe;
use crate::web::shell::Shell;
use crate::web::timeline::{self, Timeline};
use crate::web::Widget;
use crate::web::{canvas, tools, url};

struct Side {
    spec: Spec,
    schedule: Spec,
    cfg: RunConfig,
    panel: Panel,
    slider: Slider,
    line: HtmlElement,
    traj: Option<Trajectory>,
}

struct State {
    sides: Vec<Side>,
    surface: Box<dyn Surface>,
    start: Vec<f64>,
    steps: usize,
    /// The step both panels show.
    timeline: Timeline,
    key: String,
    /// Where the PNG export puts both panels together.
    picture: web_sys::HtmlCanvasElement,
}

/// The two sides' attribute names.
const SIDES: [&str; 2] = ["left", "right"];

/// Mounts a comparison in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::COMPARE);
    let (surface, surface_text) = attrs.surface();
    let mut sides = Vec::new();
    let shell_parts: Vec<(Spec, Spec, RunConfig)> = SIDES
        .iter()
        .map(|name| {
            let cfg = RunConfig {
                clip_norm: attrs.num(&["clip_norm_", name].concat()),
                clip_value: attrs.num(&["clip_value_", name].concat()),
                ..RunConfig::default()
            };
            (
                attrs.spec(name),
                attrs.spec(&[name, "_schedule"].concat()),
                cfg,
            )
        })
        .collect();
    let start = attrs.point("start");
    let steps = attrs.int("steps");
    let shown = attrs.shown();

    let shell = Shell::new(host, "gdz-compare", &attrs)?;
    let grid = child(&shell.root, "div", "gdz-pair")?;
    for (i, (spec, schedule, cfg)) in shell_parts.into_iter().enumerate() {
        let col = child(&grid, "div", "")?;
        let mut title = spec.to_string();
        if schedule.name != "constant" {
            title = format!("{title}, {schedule}");
        }
        for (what, c) in [("clip_norm", cfg.clip_norm), ("clip_value", cfg.clip_value)] {
            if let Some(c) = c {
                title = format!("{title}, {what} = {}", fmt(c));
            }
        }
        text_child(&col, "p", "gdz-title", &title)?;
        let canvas = crate::web::shell::Shell { root: col.clone() }.canvas()?;
        let panel = Panel::new(host, canvas, surface.as_ref(), &surface_text)?;
        let controls = child(&col, "div", "gdz-controls")?;
        let key = SERIES.get(i + 1).copied();
        let slider = Slider::new(
            &controls,
            "η",
            key,
            (1e-4, 10.0),
            crate::web::readout::lr_of(&spec),
            true,
        )?;
        controls.set_hidden(!shown.has("lr"));
        let line = child(&col, "p", "gdz-readout")?;
        line.set_attribute("aria-live", "polite")?;
        sides.push(Side {
            spec,
            schedule,
            cfg: RunConfig { steps, ..cfg },
            panel,
            slider,
            line,
            traj: None,
        });
    }
    let timeline = Timeline::new(&shell.root, steps, &attrs)?;
    let sliders: Vec<_> = sides.iter().map(|s| s.slider.input.clone()).collect();
    let canvases: Vec<_> = sides.iter().map(|s| s.panel.canvas.clone()).collect();
    let mut m = Mounted::new(State {
        sides,
        surface,
        start,
        steps,
        timeline,
        key: attrs.key.clone(),
        picture: canvas::offscreen()?,
    });
    for (i, input) in sliders.iter().enumerate() {
        m.on(input, "input", move |s, _| s.on_lr(i))?;
    }
    for (i, c) in canvases.iter().enumerate() {
        m.on(c, "click", move |s, e| {
            if let Some(e) = e.dyn_ref::<MouseEvent>() {
                s.on_click(i, f64::from(e.offset_x()), f64::from(e.offset_y()));
            }
        })?;
    }
    timeline::wire(&mut m, |s| &mut s.timeline, |s| s.redraw_or_notice(false))?;
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: State::picture,
            csv: State::csv,
        },
        |s| {
            for side in &mut s.sides {
                side.panel.measure();
            }
            s.redraw_or_notice(false);
        },
    )?;
    m.state.borrow_mut().redraw_or_notice(true);
    Ok(Box::new(m))
}

impl State {
    fn on_lr(&mut self, i: usize) {
        if let (Some(side), Some(name)) = (self.sides.get_mut(i), SIDES.get(i)) {
            let lr = side.slider.value();
            side.spec.set("lr", Value::Num(lr));
            side.slider.show(lr);
            url::remember(&self.key, name, Some(&side.spec.to_string()));
            // Run and drawn in the next frame, once for all the inputs before it.
            side.traj = None;
        }
        self.timeline.later();
    }

    fn on_click(&mut self, i: usize, x: f64, y: f64) {
        if let Some((px, py)) = self.sides.get(i).and_then(|s| s.panel.data_at(x, y)) {
            self.start = vec![
                crate::web::readout::round3(px),
                crate::web::readout::round3(py),
            ];
            url::remember(
                &self.key,
                "start",
                Some(&crate::web::readout::point_text(&self.start)),
            );
            self.redraw_or_notice(true);
        }
    }

    /// Both panels side by side on one canvas.
    fn picture(&self) -> web_sys::HtmlCanvasElement {
        let out = self.picture.clone();
        let (w, h) = self.sides.iter().fold((0, 0), |(w, h), s| {
            (w + s.panel.canvas.width(), h.max(s.panel.canvas.height()))
        });
        out.set_width(w.max(1));
        out.set_height(h.max(1));
        if let Ok(ctx) = canvas::context(&out) {
            let mut x = 0.0;
            for s in &self.sides {
                let _ = ctx.draw_image_with_html_canvas_element(&s.panel.canvas, x, 0.0);
                x += f64::from(s.panel.canvas.width());
            }
        }
        out
    }

    /// Both runs, one row per step: `side,step,x,y,loss,lr`.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["side", "step", "x", "y", "loss", "lr"]);
        for (name, side) in SIDES.iter().zip(&self.sides) {
            if let Some(t) = &side.traj {
                out.trajectory(name, t);
            }
        }
        out.finish()
    }

    fn redraw_or_notice(&mut self, rerun: bool) {
        if let Err(e) = self.redraw(rerun) {
            if let Some(s) = self.sides.first() {
                s.line.set_text_content(Some(&format!(
                    "Drawing failed: {}",
                    crate::web::dom::message(&e)
                )));
            }
        }
    }

    fn redraw(&mut self, rerun: bool) -> Result<(), JsValue> {
        let at = self.timeline.at;
        for (i, side) in self.sides.iter_mut().enumerate() {
            if rerun || side.traj.is_none() {
                let t = crate::core::setup::run_spec(
                    self.surface.as_ref(),
                    &self.start,
                    &side.spec,
                    &side.schedule,
                    &side.cfg,
                )
                .map_err(crate::web::dom::js_error)?;
                side.traj = Some(t);
            }
            let Some(t) = &side.traj else { continue };
            // A run held back for a prediction tells its outcome only once it is run.
            let said = if self.timeline.held {
                crate::web::timeline::HELD.to_string()
            } else {
                describe(&side.spec, t, self.steps)
            };
            if side.line.text_content().as_deref() != Some(said.as_str()) {
                side.line.set_text_content(Some(&said));
            }
            let shown = (at + 1).min(t.len());
            let points = t.points.get(..shown * t.dim).unwrap_or(&t.points);
            let diverged = t.status == Status::Diverged && shown == t.len();
            let colour = SERIES.get(i + 1).copied().unwrap_or(SERIES[0]);
            side.panel
                .draw(&[(points, colour)], diverged.then_some("diverged"))?;
            let label = format!("Step {} of {}. {said}", shown - 1, self.steps);
            let _ = side.panel.canvas.set_attribute("aria-label", &label);
        }
        Ok(())
    }
}
