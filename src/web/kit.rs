//! The pieces every widget is built from: attribute reading with notices, the common
//! layout, sliders and buttons, event handlers that outlive nothing, and the generic
//! mounted-widget holder.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlCanvasElement, HtmlElement, HtmlInputElement, ResizeObserver};

use super::dom::{child, fmt, text_child};
use super::Widget;
use crate::core::num::{fmt_fixed, parse_f64};
use crate::core::optim;
use crate::core::run::{run, RunConfig, Trajectory};
use crate::core::schedule;
use crate::core::spec::{fmt_num, Spec, Value};
use crate::core::surface::Surface;
use crate::render::Rgb;

/// Problems found in a widget's attributes, shown together in its notice.
#[derive(Default)]
pub struct Notes(pub Vec<String>);

impl Notes {
    /// Reads attribute `name` with `parse`; on failure notes why and returns `default`.
    pub fn attr<T>(
        &mut self,
        host: &HtmlElement,
        name: &str,
        default: T,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> T {
        match host.get_attribute(name) {
            None => default,
            Some(text) => match parse(&text) {
                Ok(v) => v,
                Err(e) => {
                    self.0.push(format!("{name}: {e}; using the default."));
                    default
                }
            },
        }
    }

    /// Adds a note.
    pub fn push(&mut self, note: String) {
        self.0.push(note);
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
    let js = |e: crate::core::Error| JsValue::from_str(e.message());
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

/// Rounds to three significant digits, so specs and read-outs stay readable.
pub fn round3(x: f64) -> f64 {
    parse_f64(&crate::core::num::fmt_exp(x, 2)).unwrap_or(x)
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
        let notice = text_child(&root, "p", "gdz-notice", &notes.0.join(" "))?;
        notice.set_attribute("role", "status")?;
        notice.set_hidden(notes.0.is_empty());
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
    /// `key` draws a colour swatch (the run's colour) before the label.
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
            child(&l, "span", "gdz-key")?
                .style()
                .set_property("background", &format!("rgb({},{},{})", c.0, c.1, c.2))?;
        }
        text_child(&l, "span", "", label)?;
        let input: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
        input.set_type("range");
        let map = |x: f64| if log { x.max(1e-300).log10() } else { x };
        input.set_min(&fmt_num(map(lo)));
        input.set_max(&fmt_num(map(hi)));
        let step = if log { 0.01 } else { (hi - lo) / 200.0 };
        input.set_step(&fmt_num(step));
        let out = text_child(&l, "output", "gdz-value", "")?;
        let s = Slider { input, out, log };
        s.set(value.clamp(lo, hi));
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

    /// Whether a frame is pending (the animation is running).
    pub fn running(&self) -> bool {
        self.pending.is_some()
    }
}

type FrameLoop<S> = (Closure<dyn FnMut()>, fn(&mut S) -> &mut Frames);

/// A mounted widget: its state, and the handlers and observer that feed it.
pub struct Mounted<S> {
    /// The widget's state, shared with its handlers (which hold it weakly).
    pub state: Rc<RefCell<S>>,
    handlers: Vec<Closure<dyn FnMut(Event)>>,
    resize: Option<(ResizeObserver, Closure<dyn FnMut()>)>,
    frames: Option<FrameLoop<S>>,
}

impl<S: 'static> Mounted<S> {
    /// Wraps a widget's state.
    pub fn new(state: S) -> Self {
        Mounted {
            state: Rc::new(RefCell::new(state)),
            handlers: Vec::new(),
            resize: None,
            frames: None,
        }
    }

    /// Runs `tick` on every animation frame that `frames(state).request()` asks for;
    /// `tick` returns whether to ask for the next one.
    pub fn on_frame(&mut self, frames: fn(&mut S) -> &mut Frames, tick: fn(&mut S) -> bool) {
        let weak: Weak<RefCell<S>> = Rc::downgrade(&self.state);
        let cb = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    frames(&mut s).pending = None;
                    if tick(&mut s) {
                        frames(&mut s).request();
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

    /// Calls `f` on the state whenever `el` changes size (and once when observed).
    pub fn on_resize(&mut self, el: &Element, f: impl Fn(&mut S) + 'static) {
        let weak: Weak<RefCell<S>> = Rc::downgrade(&self.state);
        let cb = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    f(&mut s);
                }
            }
        });
        if let Ok(ro) = ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(el);
            self.resize = Some((ro, cb));
        }
    }
}

impl<S> Widget for Mounted<S> {
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
