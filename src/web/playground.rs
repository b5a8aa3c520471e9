//! `<gdz-playground>`: a 2-D surface as a heatmap with contours and the paths of one or
//! more runs on top; a learning-rate slider per run re-runs and redraws.
//!
//! Attributes (all optional): `surface`, `optimizer` (a spec or a `;`-list), `schedule`,
//! `start` (`x,y`), `steps`, `clip_norm`, `noise`, `batch`, `seed`. A bad attribute shows
//! a notice and falls back to its default; the widget keeps working.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlCanvasElement, HtmlElement, HtmlInputElement, ResizeObserver};

use super::canvas;
use super::dom::{self, child, fmt, text_child};
use super::Widget;
use crate::core::grid::grid;
use crate::core::num::{fmt_exp, fmt_fixed, parse_f64};
use crate::core::optim;
use crate::core::run::{run, Noise, RunConfig, Status, Trajectory};
use crate::core::schedule;
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::surface::{self, Bounds, Surface};
use crate::render::plot2d::{self, Frame};
use crate::render::{palette, Field, Theme};

const DEFAULT_SURFACE: &str = "quadratic(a=1, b=10)";
const DEFAULT_OPTIMIZER: &str = "sgd(lr=0.05)";
const DEFAULT_STEPS: usize = 100;
const MAX_STEPS: usize = 5000;
const MAX_RUNS: usize = 6;
/// Slider range of log10(lr).
const LOG_LR: (f64, f64) = (-4.0, 1.0);

/// The mounted playground.
pub struct Playground {
    _state: Rc<RefCell<State>>,
    _handlers: Vec<Closure<dyn FnMut(Event)>>,
    resize: Option<(ResizeObserver, Closure<dyn FnMut()>)>,
}

/// One optimizer's run with its controls.
struct RunView {
    spec: Spec,
    slider: HtmlInputElement,
    out: HtmlElement,
    line: HtmlElement,
}

struct State {
    host: HtmlElement,
    canvas: HtmlCanvasElement,
    background: HtmlCanvasElement,
    runs: Vec<RunView>,
    surface: Box<dyn Surface>,
    surface_text: String,
    schedule: Spec,
    cfg: RunConfig,
    start: Vec<f64>,
    theme: Theme,
    /// The CSS size the background was drawn for.
    drawn_for: (f64, f64),
    field: Option<Field>,
}

/// Reads an attribute, parsing it with `parse`; on failure records a notice and returns
/// `default`.
fn attr<T>(
    host: &HtmlElement,
    name: &str,
    notes: &mut Vec<String>,
    default: T,
    parse: impl Fn(&str) -> Result<T, String>,
) -> T {
    match host.get_attribute(name) {
        None => default,
        Some(text) => match parse(&text) {
            Ok(v) => v,
            Err(e) => {
                notes.push(format!("{name}: {e}; using the default."));
                default
            }
        },
    }
}

fn parse_start(text: &str, dim: usize) -> Result<Vec<f64>, String> {
    let v: Vec<f64> = text
        .split(',')
        .map(|s| parse_f64(s.trim()).ok_or_else(|| format!("\"{}\" is not a number", s.trim())))
        .collect::<Result<_, _>>()?;
    if v.len() != dim {
        return Err(format!("needs {dim} numbers, got {}", v.len()));
    }
    if v.iter().any(|x| !x.is_finite() || x.abs() > 1e6) {
        return Err("numbers must be finite and within ±1e6".into());
    }
    Ok(v)
}

fn parse_number(text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    parse_f64(text.trim())
        .filter(|x| x.is_finite() && (lo..=hi).contains(x))
        .ok_or_else(|| format!("must be a number from {} to {}", fmt(lo), fmt(hi)))
}

fn parse_optimizers(text: &str) -> Result<Vec<Spec>, String> {
    let specs: Vec<Spec> = text
        .split(';')
        .map(|t| {
            let s = Spec::parse(t.trim()).map_err(|e| e.to_string())?;
            optim::build(&s, 2).map_err(|e| e.to_string())?;
            Ok(s)
        })
        .collect::<Result<_, String>>()?;
    if specs.len() > MAX_RUNS {
        return Err(format!("at most {MAX_RUNS} optimizers"));
    }
    Ok(specs)
}

fn lr_of(spec: &Spec) -> f64 {
    match spec.get("lr") {
        Some(Value::Num(x)) => *x,
        _ => optim::build(spec, 2).map(|o| o.lr()).unwrap_or(1e-3),
    }
}

impl Playground {
    /// Builds the widget inside `host`.
    pub fn mount(host: &HtmlElement) -> Result<Playground, JsValue> {
        let mut notes = Vec::new();
        let (surface, surface_text) = match host.get_attribute("surface") {
            None => (default_surface()?, DEFAULT_SURFACE.to_string()),
            Some(text) => match Spec::parse(&text).and_then(|s| surface::build(&s)) {
                Ok(s) if s.dim() == 2 => (s, text),
                Ok(s) => {
                    notes.push(format!(
                        "surface: {} is not 2-D; using the default.",
                        s.name()
                    ));
                    (default_surface()?, DEFAULT_SURFACE.to_string())
                }
                Err(e) => {
                    notes.push(format!("surface: {e}; using the default."));
                    (default_surface()?, DEFAULT_SURFACE.to_string())
                }
            },
        };
        let default_opt = vec![parse_spec(DEFAULT_OPTIMIZER)?];
        let specs = attr(host, "optimizer", &mut notes, default_opt, parse_optimizers);
        let schedule = attr(host, "schedule", &mut notes, Spec::bare("constant"), |t| {
            let s = Spec::parse(t).map_err(|e| e.to_string())?;
            for o in &specs {
                let opt = optim::build(o, 2).map_err(|e| e.to_string())?;
                schedule::build(&s, opt.lr(), opt.momentum()).map_err(|e| e.to_string())?;
            }
            Ok(s)
        });
        let start = attr(host, "start", &mut notes, surface.default_start(), |t| {
            parse_start(t, 2)
        });
        let steps = attr(host, "steps", &mut notes, DEFAULT_STEPS, |t| {
            t.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_STEPS).contains(n))
                .ok_or_else(|| format!("must be a whole number from 1 to {MAX_STEPS}"))
        });
        let clip_norm = attr(host, "clip_norm", &mut notes, None, |t| {
            parse_number(t, 1e-6, 1e6).map(Some)
        });
        let sigma = attr(host, "noise", &mut notes, 0.0, |t| {
            parse_number(t, 0.0, 1e3)
        });
        let batch = attr(host, "batch", &mut notes, 1.0, |t| {
            parse_number(t, 1.0, 1e6).and_then(|b| {
                if b.fract() == 0.0 {
                    Ok(b)
                } else {
                    Err("must be a whole number".into())
                }
            })
        });
        let seed = attr(host, "seed", &mut notes, 1.0, |t| {
            parse_number(t, 0.0, 9.0e15)
        });
        let cfg = RunConfig {
            steps,
            clip_norm,
            noise: (sigma > 0.0).then_some(Noise {
                sigma,
                batch: batch as u32,
                seed: seed as u64,
            }),
            ..RunConfig::default()
        };

        host.set_text_content(None);
        let root = child(host, "div", "gdz-widget gdz-playground")?;
        let notice = text_child(&root, "p", "gdz-notice", &notes.join(" "))?;
        notice.set_attribute("role", "status")?;
        notice.set_hidden(notes.is_empty());
        let canvas: HtmlCanvasElement = child(&root, "canvas", "gdz-canvas")?.dyn_into()?;
        canvas.set_attribute("role", "img")?;
        let controls = child(&root, "div", "gdz-controls")?;
        let readout = child(&root, "div", "gdz-readout")?;
        readout.set_attribute("aria-live", "polite")?;

        let single = specs.len() == 1;
        let mut runs = Vec::with_capacity(specs.len());
        for (i, spec) in specs.into_iter().enumerate() {
            let colour = palette::SERIES[i % palette::SERIES.len()];
            let label = child(&controls, "label", "gdz-slider")?;
            let key = child(&label, "span", "gdz-key")?;
            key.style().set_property(
                "background",
                &format!("rgb({},{},{})", colour.0, colour.1, colour.2),
            )?;
            let name = if single {
                "Learning rate η".to_string()
            } else {
                format!("η ({})", spec.name)
            };
            text_child(&label, "span", "", &name)?;
            let slider: HtmlInputElement = child(&label, "input", "")?.dyn_into()?;
            slider.set_type("range");
            slider.set_min(&fmt_num(LOG_LR.0));
            slider.set_max(&fmt_num(LOG_LR.1));
            slider.set_step("0.01");
            let lr = lr_of(&spec);
            slider.set_value(&fmt_fixed(
                lr.max(1e-12).log10().clamp(LOG_LR.0, LOG_LR.1),
                2,
            ));
            slider.set_attribute("aria-valuetext", &format!("learning rate {}", fmt(lr)))?;
            let out = text_child(&label, "output", "gdz-value", &fmt(lr))?;
            let line = child(&readout, "p", "")?;
            runs.push(RunView {
                spec,
                slider,
                out,
                line,
            });
        }

        let state = Rc::new(RefCell::new(State {
            host: host.clone(),
            canvas,
            background: canvas::offscreen()?,
            runs,
            surface,
            surface_text,
            schedule,
            cfg,
            start,
            theme: Theme::default(),
            drawn_for: (0.0, 0.0),
            field: None,
        }));

        let weak = Rc::downgrade(&state);
        let mut handlers = Vec::new();
        let sliders: Vec<HtmlInputElement> = state
            .borrow()
            .runs
            .iter()
            .map(|r| r.slider.clone())
            .collect();
        for (i, slider) in sliders.iter().enumerate() {
            let h = handler(&weak, move |s| s.on_lr_input(i));
            slider.add_event_listener_with_callback("input", h.as_ref().unchecked_ref())?;
            handlers.push(h);
        }

        let weak_resize = weak.clone();
        let resize_cb = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak_resize.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    s.redraw_or_notice();
                }
            }
        });
        let resize = ResizeObserver::new(resize_cb.as_ref().unchecked_ref())
            .ok()
            .map(|ro| {
                ro.observe(&root);
                (ro, resize_cb)
            });

        state.borrow_mut().redraw_or_notice();
        Ok(Playground {
            _state: state,
            _handlers: handlers,
            resize,
        })
    }
}

fn default_surface() -> Result<Box<dyn Surface>, JsValue> {
    parse_spec(DEFAULT_SURFACE)
        .and_then(|s| surface::build(&s).map_err(|e| JsValue::from_str(e.message())))
}

fn parse_spec(text: &str) -> Result<Spec, JsValue> {
    Spec::parse(text).map_err(|e| JsValue::from_str(e.message()))
}

/// An event handler that runs `f` on the state, if the widget still exists.
fn handler(
    weak: &Weak<RefCell<State>>,
    f: impl Fn(&mut State) + 'static,
) -> Closure<dyn FnMut(Event)> {
    let weak = weak.clone();
    Closure::new(move |_e: Event| {
        if let Some(s) = weak.upgrade() {
            if let Ok(mut s) = s.try_borrow_mut() {
                f(&mut s);
            }
        }
    })
}

impl Widget for Playground {
    fn teardown(&mut self) {
        if let Some((ro, _)) = &self.resize {
            ro.disconnect();
        }
    }
}

impl State {
    fn on_lr_input(&mut self, i: usize) {
        let Some(r) = self.runs.get_mut(i) else {
            return;
        };
        let v = r.slider.value_as_number();
        let lr = if v.is_finite() {
            10f64.powf(v.clamp(LOG_LR.0, LOG_LR.1))
        } else {
            1e-3
        };
        // Keep three significant digits so the spec (and the read-out) stay readable.
        let lr = parse_f64(&fmt_exp(lr, 2)).unwrap_or(lr);
        r.spec.set("lr", Value::Num(lr));
        r.out.set_text_content(Some(&fmt(lr)));
        let _ = r
            .slider
            .set_attribute("aria-valuetext", &format!("learning rate {}", fmt(lr)));
        self.redraw_or_notice();
    }

    fn redraw_or_notice(&mut self) {
        if let Err(e) = self.redraw() {
            if let Some(r) = self.runs.first() {
                r.line
                    .set_text_content(Some(&format!("Drawing failed: {}", dom::message(&e))));
            }
        }
    }

    fn trajectory(&self, spec: &Spec) -> Result<Trajectory, JsValue> {
        let js = |e: crate::core::Error| JsValue::from_str(e.message());
        let mut opt = optim::build(spec, 2).map_err(js)?;
        let mut sched = schedule::build(&self.schedule, opt.lr(), opt.momentum()).map_err(js)?;
        run(
            self.surface.as_ref(),
            &self.start,
            opt.as_mut(),
            sched.as_mut(),
            &self.cfg,
        )
        .map_err(js)
    }

    fn redraw(&mut self) -> Result<(), JsValue> {
        let w = f64::from(self.canvas.client_width().max(1));
        let h = (w * 0.75).clamp(160.0, 640.0);
        if (w, h) != self.drawn_for {
            let scale = canvas::fit(&self.canvas, w, h);
            canvas::fit(&self.background, w, h);
            self.theme = canvas::theme(&self.host, scale);
            self.draw_background()?;
            self.drawn_for = (w, h);
        }
        let ctx = canvas::context(&self.canvas)?;
        ctx.draw_image_with_html_canvas_element(&self.background, 0.0, 0.0)?;
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        let frame = self.frame();
        let plot = frame.plot(&root);
        let mut summary = Vec::with_capacity(self.runs.len());
        let mut any_diverged = false;
        for (i, r) in self.runs.iter().enumerate() {
            let t = self.trajectory(&r.spec)?;
            let colour = palette::SERIES[i % palette::SERIES.len()];
            plot2d::draw_path(&plot, &t.points, colour, &self.theme).map_err(to_js)?;
            any_diverged |= t.status == Status::Diverged;
            let text = describe(&r.spec, &t, self.cfg.steps);
            r.line.set_text_content(Some(&text));
            summary.push(text);
        }
        if any_diverged {
            plot2d::draw_note(&root, &frame, "diverged", &self.theme).map_err(to_js)?;
        }
        let start: Vec<String> = self.start.iter().map(|x| fmt(*x)).collect();
        let _ = self.canvas.set_attribute(
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

    fn bounds(&self) -> [f64; 4] {
        let b = self.surface.bounds();
        let g = |v: &Vec<f64>, i: usize| v.get(i).copied().unwrap_or(0.0);
        [g(&b.lo, 0), g(&b.hi, 0), g(&b.lo, 1), g(&b.hi, 1)]
    }

    fn frame(&self) -> Frame {
        let size = (self.canvas.width(), self.canvas.height());
        Frame::new(size, self.bounds(), &self.theme)
    }

    fn draw_background(&mut self) -> Result<(), JsValue> {
        let root = canvas::backend(&self.background)?.into_drawing_area();
        root.fill(&self.theme.bg.to_plotters())
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let frame = self.frame();
        let plot = frame.plot(&root);
        if self.field.is_none() {
            self.field = Some(sample(self.surface.as_ref(), self.bounds()));
        }
        let Some(field) = &self.field else {
            return Ok(());
        };
        let rgba = field.rgba(frame.width as usize, frame.height as usize);
        let ctx = canvas::context(&self.background)?;
        canvas::put_rgba(
            &ctx,
            &rgba,
            frame.width,
            frame.height,
            f64::from(frame.left),
            f64::from(frame.top),
        )?;
        plot2d::draw_contours(&plot, field, &field.levels(12), &self.theme).map_err(to_js)?;
        let minima: Vec<(f64, f64)> = self
            .surface
            .minima()
            .iter()
            .filter_map(|m| Some((*m.first()?, *m.get(1)?)))
            .collect();
        plot2d::draw_minima(&plot, &minima, &self.theme).map_err(to_js)?;
        plot2d::draw_frame(&root, &frame, &self.theme).map_err(to_js)?;
        Ok(())
    }
}

/// One run's read-out, from its live trajectory.
fn describe(spec: &Spec, t: &Trajectory, budget: usize) -> String {
    let steps = t.len().saturating_sub(1);
    let at = match t.last().unwrap_or(&[]) {
        [x, y] => format!("({}, {})", fmt(*x), fmt(*y)),
        _ => String::new(),
    };
    let loss = t.loss.last().copied().unwrap_or(f64::NAN);
    let outcome = match t.status {
        Status::Diverged => format!("diverged after step {steps}: the steps grew without bound."),
        Status::Converged => format!(
            "converged at step {} of {budget}; ended at {at} with loss {}.",
            t.converged_at.unwrap_or(steps),
            fmt(loss)
        ),
        Status::MaxSteps => format!("after {steps} steps at {at}, loss {}.", fmt(loss)),
    };
    format!("{} with η = {}: {outcome}", spec.name, fmt(lr_of(spec)))
}

/// The surface sampled on a grid for the heatmap and contours (cell centres).
fn sample(surface: &dyn Surface, bounds: [f64; 4]) -> Field {
    const NX: usize = 160;
    const NY: usize = 120;
    let [x0, x1, y0, y1] = bounds;
    let b = Bounds::xy(x0, x1, y0, y1);
    let values = grid(surface, &b, NX, NY);
    let (hx, hy) = (0.5 * (x1 - x0) / NX as f64, 0.5 * (y1 - y0) / NY as f64);
    Field::from_values(values, [x0 + hx, x1 - hx, y0 + hy, y1 - hy], NX, NY)
}

fn to_js(e: crate::core::Error) -> JsValue {
    JsValue::from_str(e.message())
}
