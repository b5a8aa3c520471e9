//! The pieces every widget is built from: attribute reading with notices, the common
//! layout, sliders and buttons, event handlers that outlive nothing, and the generic
//! mounted-widget holder.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlCanvasElement, HtmlElement, HtmlInputElement, ResizeObserver};

use super::dom::{child, fmt, text_child};
use super::url;
use super::Widget;
use crate::core::num::{fmt_fixed, parse_f64};
use crate::core::optim;
use crate::core::run::{run, Noise, RunConfig, Status, Trajectory};
use crate::core::schedule;
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::surface::{self, Surface};
use crate::core::text::join;
use crate::render::Rgb;

/// Reads a widget's settings (from the page's URL first, then its attributes) and
/// gathers the problems found, shown together in its notice.
#[derive(Default)]
pub struct Notes {
    /// The problems found.
    pub list: Vec<String>,
    /// The widget's key in the URL (see [`super::url`]).
    pub key: String,
    params: Vec<(String, String)>,
}

impl Notes {
    /// A reader for the widget in `host`.
    pub fn new(host: &HtmlElement) -> Notes {
        Notes {
            list: Vec::new(),
            key: url::key(host),
            params: url::params(),
        }
    }

    /// The setting `name`: from the URL (`KEY.name`), else the attribute.
    pub fn raw(&self, host: &HtmlElement, name: &str) -> Option<(String, bool)> {
        match url::get(&self.params, &format!("{}.{name}", self.key)) {
            Some(v) => Some((v.to_string(), true)),
            None => host.get_attribute(name).map(|v| (v, false)),
        }
    }

    /// Reads setting `name` with `parse`; on failure notes why and returns `default`.
    pub fn attr<T>(
        &mut self,
        host: &HtmlElement,
        name: &str,
        default: T,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> T {
        match self.raw(host, name) {
            None => default,
            Some((text, from_url)) => match parse(&text) {
                Ok(v) => v,
                Err(e) => {
                    let place = if from_url { " (from the link)" } else { "" };
                    self.list
                        .push(format!("{name}{place}: {e}; using the default."));
                    default
                }
            },
        }
    }

    /// Adds a note.
    pub fn push(&mut self, note: String) {
        self.list.push(note);
    }

    /// Which of `all` controls to show: the `controls` setting (a comma list, or `none`),
    /// or every one.
    pub fn controls(&mut self, host: &HtmlElement, all: &[&str]) -> Shown {
        let every = || Shown(all.iter().map(|s| s.to_string()).collect());
        self.attr(host, "controls", every(), |t| {
            let mut shown = Vec::new();
            for c in t.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                if c == "none" {
                    continue;
                }
                if !all.contains(&c) {
                    return Err(format!(
                        "unknown control \"{c}\"; known: {}",
                        all.join(", ")
                    ));
                }
                shown.push(c.to_string());
            }
            Ok(Shown(shown))
        })
    }
}

/// The controls a widget shows (an embed can hide some).
pub struct Shown(pub Vec<String>);

impl Shown {
    /// Whether control `name` is shown.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|c| c == name)
    }
}

/// `x,y,…` with exactly `dim` finite numbers within ±1e6.
pub fn parse_point(text: &str, dim: usize) -> Result<Vec<f64>, String> {
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

/// A finite number in `[lo, hi]`.
pub fn parse_number(text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    parse_f64(text.trim())
        .filter(|x| x.is_finite() && (lo..=hi).contains(x))
        .ok_or_else(|| format!("must be a number from {} to {}", fmt(lo), fmt(hi)))
}

/// A whole number in `[lo, hi]`.
pub fn parse_count(text: &str, lo: usize, hi: usize) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| format!("must be a whole number from {lo} to {hi}"))
}

/// A `;`-separated list of 1 to `max` optimizer specs that build for `dim` parameters.
pub fn parse_optimizers(text: &str, dim: usize, max: usize) -> Result<Vec<Spec>, String> {
    let specs: Vec<Spec> = text
        .split(';')
        .map(|t| parse_optimizer(t, dim))
        .collect::<Result<_, String>>()?;
    if specs.len() > max {
        return Err(format!("at most {max} optimizers"));
    }
    Ok(specs)
}

/// One optimizer spec that builds for `dim` parameters.
pub fn parse_optimizer(text: &str, dim: usize) -> Result<Spec, String> {
    let s = Spec::parse(text.trim()).map_err(|e| e.to_string())?;
    optim::build(&s, dim).map_err(|e| e.to_string())?;
    Ok(s)
}

/// A schedule spec that builds for every optimizer in `optimizers`.
pub fn parse_schedule(text: &str, optimizers: &[Spec]) -> Result<Spec, String> {
    let s = Spec::parse(text.trim()).map_err(|e| e.to_string())?;
    for o in optimizers {
        let opt = optim::build(o, 2).map_err(|e| e.to_string())?;
        schedule::build(&s, opt.lr(), opt.momentum()).map_err(|e| e.to_string())?;
    }
    Ok(s)
}

/// Runs the optimizer `spec` under `sched` on `surface` from `start`.
pub fn run_spec(
    surface: &dyn Surface,
    start: &[f64],
    spec: &Spec,
    sched: &Spec,
    cfg: &RunConfig,
) -> Result<Trajectory, JsValue> {
    let js = |e: crate::core::Error| JsValue::from_str(&e.to_string());
    let mut opt = optim::build(spec, surface.dim()).map_err(js)?;
    let mut sc = schedule::build(sched, opt.lr(), opt.momentum()).map_err(js)?;
    run(surface, start, opt.as_mut(), sc.as_mut(), cfg).map_err(js)
}

/// A spec that the code itself wrote (a default): parsing cannot fail in practice.
pub fn spec(text: &str) -> Spec {
    Spec::parse(text).unwrap_or_else(|_| Spec::bare(text))
}

/// The learning rate of an optimizer spec (its default when not given).
pub fn lr_of(spec: &Spec) -> f64 {
    match spec.get("lr") {
        Some(Value::Num(x)) => *x,
        _ => optim::build(spec, 2).map(|o| o.lr()).unwrap_or(1e-3),
    }
}

/// A point as `x,y` text that [`parse_point`] reads back.
pub fn point_text(p: &[f64]) -> String {
    join(&p.iter().map(|x| fmt_num(*x)).collect::<Vec<_>>(), ",")
}

/// Appends one CSV row per step of `t`: `label,step,coordinates…,loss,lr` (exact
/// numbers).
pub fn csv_rows(out: &mut String, label: &str, t: &Trajectory) {
    for k in 0..t.len() {
        out.push_str(label);
        out.push(',');
        out.push_str(&k.to_string());
        for x in t.point(k).unwrap_or(&[]) {
            out.push(',');
            out.push_str(&fmt_num(*x));
        }
        for v in [&t.loss, &t.lr] {
            out.push(',');
            out.push_str(&v.get(k).map_or(String::new(), |x| fmt_num(*x)));
        }
        out.push('\n');
    }
}

/// Rounds to three significant digits, so specs and read-outs stay readable.
pub fn round3(x: f64) -> f64 {
    parse_f64(&crate::core::num::fmt_exp(x, 2)).unwrap_or(x)
}

/// Reads the `surface` attribute: a 2-D surface spec, or the default.
pub fn read_surface(
    host: &HtmlElement,
    notes: &mut Notes,
    default: &str,
) -> (Box<dyn Surface>, String) {
    let build = |t: &str| Spec::parse(t).and_then(|s| surface::build(&s));
    let fallback = || match build(default) {
        Ok(s) => (s, default.to_string()),
        Err(_) => (
            Box::new(surface::Quadratic { a: 1.0, b: 1.0 }) as Box<dyn Surface>,
            "quadratic".into(),
        ),
    };
    match notes.raw(host, "surface").map(|(t, _)| t) {
        None => fallback(),
        Some(text) => match build(&text) {
            Ok(s) if s.dim() == 2 => (s, text),
            Ok(s) => {
                notes.push(format!(
                    "surface: {} is not 2-D; using the default.",
                    s.name()
                ));
                fallback()
            }
            Err(e) => {
                notes.push(format!("surface: {e}; using the default."));
                fallback()
            }
        },
    }
}

/// Reads `clip_norm`, `noise`, `batch`, `seed` and `steps` into a run configuration.
pub fn read_config(host: &HtmlElement, notes: &mut Notes, steps: usize) -> RunConfig {
    let steps = notes.attr(host, "steps", steps, |t| parse_count(t, 1, 5000));
    let clip_norm = notes.attr(host, "clip_norm", None, |t| {
        parse_number(t, 1e-6, 1e6).map(Some)
    });
    let sigma = notes.attr(host, "noise", 0.0, |t| parse_number(t, 0.0, 1e3));
    let batch = notes.attr(host, "batch", 1, |t| parse_count(t, 1, 1 << 20));
    let seed = notes.attr(host, "seed", 1, |t| parse_count(t, 0, usize::MAX));
    RunConfig {
        steps,
        clip_norm,
        noise: (sigma > 0.0).then_some(Noise {
            sigma,
            batch: batch as u32,
            seed: seed as u64,
        }),
        ..RunConfig::default()
    }
}

/// One run's read-out, from its live trajectory.
pub fn describe(spec: &Spec, t: &Trajectory, budget: usize) -> String {
    let steps = t.len().saturating_sub(1);
    let at = match t.last().unwrap_or(&[]) {
        [x, y] => format!("({}, {})", fmt(*x), fmt(*y)),
        [x] => format!("x = {}", fmt(*x)),
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
    format!("{} with η = {}: {outcome}", who(spec), fmt(lr_of(spec)))
}

/// The optimizer with its settings other than the learning rate (`sgd`,
/// `sgd(momentum=0.9)`), so that runs differing only in momentum (say) read differently.
pub fn who(spec: &Spec) -> String {
    let rest = Spec {
        name: spec.name.clone(),
        args: spec
            .args
            .iter()
            .filter(|(k, _)| k != "lr")
            .cloned()
            .collect(),
    };
    if rest.args.is_empty() {
        rest.name
    } else {
        rest.to_string()
    }
}

/// The layout shared by every widget: a box with a notice, then the widget's parts.
pub struct Shell {
    /// The widget's box.
    pub root: HtmlElement,
}

impl Shell {
    /// Clears `host` and builds the box, showing `notes` (if any) at the top.
    pub fn new(host: &HtmlElement, class: &str, notes: &Notes) -> Result<Shell, JsValue> {
        host.set_text_content(None);
        let root = child(host, "div", &format!("gdz-widget {class}"))?;
        let notice = text_child(&root, "p", "gdz-notice", &join(&notes.list, " "))?;
        notice.set_attribute("role", "status")?;
        notice.set_hidden(notes.list.is_empty());
        Ok(Shell { root })
    }

    /// A canvas described to screen readers as an image.
    pub fn canvas(&self) -> Result<HtmlCanvasElement, JsValue> {
        let c: HtmlCanvasElement = child(&self.root, "canvas", "gdz-canvas")?.dyn_into()?;
        c.set_attribute("role", "img")?;
        Ok(c)
    }

    /// A row for controls.
    pub fn controls(&self) -> Result<HtmlElement, JsValue> {
        child(&self.root, "div", "gdz-controls")
    }

    /// A live region for read-outs.
    pub fn readout(&self) -> Result<HtmlElement, JsValue> {
        let r = child(&self.root, "div", "gdz-readout")?;
        r.set_attribute("aria-live", "polite")?;
        Ok(r)
    }
}

/// A labelled slider with its value shown beside it.
pub struct Slider {
    /// The range input.
    pub input: HtmlInputElement,
    /// The value read-out.
    pub out: HtmlElement,
    log: bool,
}

impl Slider {
    /// A slider from `lo` to `hi` starting at `value`, on a log scale when `log`.
    /// `key` draws a colour swatch (the run's colour) before the label. It steps by
    /// 0.01 (of the exponent on a log scale); a caller with another range sets its own step.
    pub fn new(
        parent: &Element,
        label: &str,
        key: Option<Rgb>,
        (lo, hi): (f64, f64),
        value: f64,
        log: bool,
    ) -> Result<Slider, JsValue> {
        let l = child(parent, "label", "gdz-slider")?;
        if let Some(c) = key {
            swatch(&l, c)?;
        }
        text_child(&l, "span", "", label)?;
        let input: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        input.set_type("range");
        let map = |x: f64| if log { x.max(1e-300).log10() } else { x };
        input.set_min(&fmt_num(map(lo)));
        input.set_max(&fmt_num(map(hi)));
        input.set_step("0.01");
        let out = text_child(&l, "output", "gdz-value", "")?;
        let s = Slider { input, out, log };
        s.set(crate::core::num::clamp(value, lo, hi));
        Ok(s)
    }

    /// The slider's value (on the linear scale).
    pub fn value(&self) -> f64 {
        let v = self.input.value_as_number();
        let v = if v.is_finite() { v } else { 0.0 };
        if self.log {
            round3(10f64.powf(v))
        } else {
            v
        }
    }

    /// Moves the slider to `x` and shows it.
    pub fn set(&self, x: f64) {
        let v = if self.log { x.max(1e-300).log10() } else { x };
        self.input.set_value(&fmt_fixed(v, 4));
        self.show(x);
    }

    /// Shows `x` as the value (after the reader moved the slider).
    pub fn show(&self, x: f64) {
        let text = fmt(x);
        self.out.set_text_content(Some(&text));
        let _ = self.input.set_attribute("aria-valuetext", &text);
    }
}

/// A labelled text field for a setting typed exactly (a spec, a point, a number), with
/// a message shown beside it when what was typed is not accepted.
pub struct Field {
    /// The text input.
    pub input: HtmlInputElement,
    msg: HtmlElement,
}

impl Field {
    /// A field labelled `label` holding `value`.
    pub fn new(parent: &Element, label: &str, value: &str) -> Result<Field, JsValue> {
        let l = child(parent, "label", "gdz-field")?;
        text_child(&l, "span", "", label)?;
        let input: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        input.set_value(value);
        input.set_attribute("spellcheck", "false")?;
        let msg = child(&l, "small", "gdz-field-error")?;
        msg.set_attribute("aria-live", "polite")?;
        Ok(Field { input, msg })
    }

    /// Shows why the text was not accepted, or clears the message.
    pub fn error(&self, e: Option<&str>) {
        self.msg.set_text_content(e);
        let _ = self
            .input
            .set_attribute("aria-invalid", if e.is_some() { "true" } else { "false" });
    }
}

/// A colour swatch (a run's colour, as in a legend) in `parent`.
pub fn swatch(parent: &Element, c: Rgb) -> Result<HtmlElement, JsValue> {
    let k = child(parent, "span", "gdz-key")?;
    k.style()
        .set_property("background", &super::canvas::css_rgb(c))?;
    Ok(k)
}

/// A button with a text label.
pub fn button(parent: &Element, text: &str) -> Result<HtmlElement, JsValue> {
    let b = text_child(parent, "button", "", text)?;
    b.set_attribute("type", "button")?;
    Ok(b)
}

/// Whether the reader asked for reduced motion: animations jump to their end.
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// A widget's animation-frame request: the callback, and the pending request if any.
#[derive(Default)]
pub struct Frames {
    func: Option<js_sys::Function>,
    pending: Option<i32>,
}

impl Frames {
    /// Asks for one more frame (once; further asks before it comes are ignored).
    pub fn request(&mut self) {
        if self.pending.is_some() {
            return;
        }
        if let (Some(w), Some(f)) = (web_sys::window(), &self.func) {
            self.pending = w.request_animation_frame(f).ok();
        }
    }

    /// Cancels a pending frame.
    pub fn cancel(&mut self) {
        if let (Some(w), Some(id)) = (web_sys::window(), self.pending.take()) {
            let _ = w.cancel_animation_frame(id);
        }
    }
}

/// An event handler on a widget's state.
type Handler<S> = Box<dyn Fn(&mut S, &Event)>;

type FrameLoop<S> = (Closure<dyn FnMut()>, Rc<dyn Fn(&mut S) -> &mut Frames>);

/// A mounted widget: its state, and the handlers and observer that feed it.
pub struct Mounted<S> {
    /// The widget's state, shared with its handlers (which hold it weakly).
    pub state: Rc<RefCell<S>>,
    handlers: Vec<Closure<dyn FnMut(Event)>>,
    resize: Option<(ResizeObserver, Closure<dyn FnMut()>)>,
    /// What a resize runs (measure and redraw), run too when the colour scheme changes.
    redraw: Option<Rc<dyn Fn()>>,
    frames: Option<FrameLoop<S>>,
}

impl<S: 'static> Mounted<S> {
    /// Wraps a widget's state.
    pub fn new(state: S) -> Self {
        Mounted {
            state: Rc::new(RefCell::new(state)),
            handlers: Vec::new(),
            resize: None,
            redraw: None,
            frames: None,
        }
    }

    /// Runs `tick` on every animation frame that `frames(state).request()` asks for;
    /// `tick` returns whether to ask for the next one.
    pub fn on_frame(
        &mut self,
        frames: impl Fn(&mut S) -> &mut Frames + 'static,
        tick: impl Fn(&mut S) -> bool + 'static,
    ) {
        let frames: Rc<dyn Fn(&mut S) -> &mut Frames> = Rc::new(frames);
        let weak: Weak<RefCell<S>> = Rc::downgrade(&self.state);
        let f = frames.clone();
        let cb = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    f(&mut s).pending = None;
                    if tick(&mut s) {
                        f(&mut s).request();
                    }
                }
            }
        });
        if let Ok(mut s) = self.state.try_borrow_mut() {
            frames(&mut s).func = Some(cb.as_ref().unchecked_ref::<js_sys::Function>().clone());
        }
        self.frames = Some((cb, frames));
    }

    /// Calls `f` on the state whenever `target` fires `event`.
    pub fn on(
        &mut self,
        target: &web_sys::EventTarget,
        event: &str,
        f: impl Fn(&mut S, &Event) + 'static,
    ) -> Result<(), JsValue> {
        self.listen(target, event, Box::new(f))
    }

    // One closure type per widget state, whatever the handler: every handler shares the
    // same glue code, which keeps the wasm small.
    fn listen(
        &mut self,
        target: &web_sys::EventTarget,
        event: &str,
        f: Handler<S>,
    ) -> Result<(), JsValue> {
        let weak: Weak<RefCell<S>> = Rc::downgrade(&self.state);
        let h = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            if let Some(s) = weak.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    f(&mut s, &e);
                }
            }
        });
        target.add_event_listener_with_callback(event, h.as_ref().unchecked_ref())?;
        self.handlers.push(h);
        Ok(())
    }

    /// Calls `f` on the state whenever `el` changes width (and once when observed).
    pub fn on_resize(&mut self, el: &Element, f: impl Fn(&mut S) + 'static) {
        let weak: Weak<RefCell<S>> = Rc::downgrade(&self.state);
        let redraw: Rc<dyn Fn()> = Rc::new(move || {
            if let Some(s) = weak.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    f(&mut s);
                }
            }
        });
        let r = redraw.clone();
        // Only a change of width redraws: the canvases' sizes follow the width, while
        // the height changes whenever a read-out's text wraps onto another line.
        let (observed, width) = (el.clone(), std::cell::Cell::new(-1));
        let cb = Closure::<dyn FnMut()>::new(move || {
            let w = observed.client_width();
            if width.replace(w) != w {
                r();
            }
        });
        if let Ok(ro) = ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(el);
            self.resize = Some((ro, cb));
        }
        self.redraw = Some(redraw);
    }
}

impl<S> Widget for Mounted<S> {
    fn restyle(&mut self) {
        if let Some(r) = &self.redraw {
            r();
        }
    }

    fn teardown(&mut self) {
        if let Some((ro, _)) = &self.resize {
            ro.disconnect();
        }
        if let (Some((_, frames)), Ok(mut s)) = (&self.frames, self.state.try_borrow_mut()) {
            frames(&mut s).cancel();
        }
        self.handlers.clear();
    }
}
