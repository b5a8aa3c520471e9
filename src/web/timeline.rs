//! The step controls shared by every animated widget: Play/Pause, Step, Reset, a speed
//! slider and a scrubber over the steps. The widget keeps a [`Timeline`] in its state and
//! is told to redraw whenever the shown step changes.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::dom::{child, text_child};
use crate::web::attrs::Attrs;
use crate::web::inputs::button;
use crate::web::mounted::reduced_motion;
use crate::web::mounted::Frames;
use crate::web::mounted::Mounted;

/// Speeds offered, as multiples of the base pace (a whole run in about four seconds).
const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// What a run held back (`reveal="play"`) says in place of its outcome.
pub const HELD: &str = "Not run yet: press Play, Step or move the step slider.";

/// The step a widget shows, and the controls that move it.
pub struct Timeline {
    /// The step shown (0 is the start).
    pub at: usize,
    /// The last step (the run's length).
    pub len: usize,
    /// The widget's frame request: for the animation, or for one redraw (see
    /// [`Timeline::later`]).
    pub frames: Frames,
    playing: bool,
    play: HtmlElement,
    step: HtmlElement,
    reset: HtmlElement,
    speed: HtmlInputElement,
    scrub: HtmlInputElement,
    label: HtmlElement,
    acc: f64,
    /// The speed multiplier, kept from the speed slider's input (not read per frame).
    mult: f64,
    /// The step and length the controls show (see `sync`).
    synced: Option<(usize, usize)>,
    /// Steps where playing pauses (a guided journey's stops).
    pub stops: Vec<usize>,
    /// Whether the run is still held back (`reveal="play"`): true until the reader first
    /// plays, steps or scrubs it, so read-outs of the whole run wait too.
    pub held: bool,
}

impl Timeline {
    /// Controls in `parent` for a run of `len` steps, showing the end, or the start when
    /// the widget's `reveal` is `play` (its run is shown only once played, stepped or
    /// scrubbed). Its `controls` may hide the buttons (`play`), the speed (`speed`) or
    /// the scrubber (`timeline`).
    pub fn new(parent: &Element, len: usize, attrs: &Attrs) -> Result<Timeline, JsValue> {
        let shown = attrs.shown();
        let row = child(parent, "div", "gdz-timeline")?;
        let play = button(&row, "Play")?;
        let step = button(&row, "Step")?;
        let reset = button(&row, "Reset")?;
        for b in [&play, &step, &reset] {
            b.set_hidden(!shown.has("play"));
        }
        let range = |label: &str, class: &str| -> Result<HtmlInputElement, JsValue> {
            let l = child(&row, "label", class)?;
            text_child(&l, "span", "", label)?;
            let i: HtmlInputElement = child(&l, "input", "")?.dyn_into()?;
            i.set_type("range");
            i.set_min("0");
            i.set_step("1");
            Ok(i)
        };
        let speed = range("Speed", "gdz-speed")?;
        speed.set_max("4");
        speed.set_value("2");
        speed.set_attribute("aria-valuetext", "1×")?;
        hide_label(&speed, !shown.has("speed"));
        let scrub = range("Step", "gdz-scrub")?;
        hide_label(&scrub, !shown.has("timeline"));
        let label = text_child(&row, "output", "gdz-step", "")?;
        let held = attrs.values.words("reveal").contains(&"play");
        let mut t = Timeline {
            at: if held { 0 } else { len },
            held,
            len,
            frames: Frames::default(),
            playing: false,
            play,
            step,
            reset,
            speed,
            scrub,
            label,
            acc: 0.0,
            synced: None,
            mult: 1.0,
            stops: Vec::new(),
        };
        t.scrub.set_max(&len.to_string());
        t.sync();
        Ok(t)
    }

    /// A new run of `len` steps: the scrubber's range follows, the shown step is kept
    /// when it still exists.
    pub fn set_len(&mut self, len: usize) {
        if len != self.len {
            self.len = len;
            self.scrub.set_max(&len.to_string());
        }
        self.at = self.at.min(len);
        self.sync();
    }

    /// Shows step `at` (clamped) and stops playing.
    pub fn seek(&mut self, at: usize) {
        self.held = false;
        self.stop();
        self.at = at.min(self.len);
        self.sync();
    }

    /// Whether the animation is running.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Stops playing. (A frame already asked for still comes, and only redraws.)
    pub fn stop(&mut self) {
        self.playing = false;
        self.play.set_text_content(Some("Play"));
    }

    /// Asks for the widget to be drawn in the next animation frame rather than now: a
    /// slider sends several inputs in one frame, and the page paints once per frame.
    pub fn later(&mut self) {
        self.frames.request();
    }

    fn toggle(&mut self) {
        if self.playing() {
            self.stop();
            return;
        }
        self.play();
    }

    /// Starts playing from the start (or from the step shown, before the end); with
    /// reduced motion, shows the end at once instead.
    pub fn play(&mut self) {
        self.held = false;
        if self.playing() {
            return;
        }
        if reduced_motion() {
            self.at = self.len;
            self.sync();
            return;
        }
        if self.at >= self.len {
            self.at = 0;
        }
        self.acc = 0.0;
        self.playing = true;
        self.play.set_text_content(Some("Pause"));
        self.frames.request();
        self.sync();
    }

    /// One frame: moves on by the speed; returns whether to ask for another frame.
    fn tick(&mut self) -> bool {
        if !self.playing {
            return false;
        }
        self.acc += (self.len as f64 / 240.0).max(0.25) * self.mult;
        let whole = self.acc.floor();
        self.acc -= whole;
        let to = (self.at + whole as usize).min(self.len);
        // A stop on the way holds the run there until the reader plays on.
        let stop = self
            .stops
            .iter()
            .copied()
            .find(|k| *k > self.at && *k <= to);
        self.at = stop.unwrap_or(to);
        self.sync();
        let more = self.at < self.len && stop.is_none();
        if !more {
            self.stop();
        }
        more
    }

    fn sync(&mut self) {
        // The scrubber, its spoken value and the label, written only when they change.
        if self.synced == Some((self.at, self.len)) {
            return;
        }
        self.synced = Some((self.at, self.len));
        self.scrub.set_value(&self.at.to_string());
        let text = format!("step {} of {}", self.at, self.len);
        let _ = self.scrub.set_attribute("aria-valuetext", &text);
        self.label.set_text_content(Some(&text));
    }

    fn on_speed(&mut self) {
        let i = self.speed.value_as_number().max(0.0) as usize;
        let m = SPEEDS.get(i).copied().unwrap_or(1.0);
        self.mult = m;
        let text = crate::core::spec::fmt_num(m) + "×";
        let _ = self.speed.set_attribute("aria-valuetext", &text);
    }
}

fn hide_label(input: &HtmlInputElement, hide: bool) {
    if let Some(l) = input.parent_element() {
        let _ = l.toggle_attribute_with_force("hidden", hide);
    }
}

/// Connects a widget's timeline: `timeline` finds it in the state, `show` redraws the
/// widget at `timeline.at` (called on every change of the shown step).
pub fn wire<S: 'static>(
    m: &mut Mounted<S>,
    timeline: fn(&mut S) -> &mut Timeline,
    show: fn(&mut S),
) -> Result<(), JsValue> {
    let (play, step, reset, speed, scrub) = {
        let mut s = m.state.borrow_mut();
        let t = timeline(&mut s);
        (
            t.play.clone(),
            t.step.clone(),
            t.reset.clone(),
            t.speed.clone(),
            t.scrub.clone(),
        )
    };
    m.on(&play, "click", move |s, _| {
        timeline(s).toggle();
        show(s);
    })?;
    m.on(&step, "click", move |s, _| {
        let t = timeline(s);
        let next = if t.at >= t.len { 0 } else { t.at + 1 };
        t.seek(next);
        show(s);
    })?;
    m.on(&reset, "click", move |s, _| {
        timeline(s).seek(0);
        show(s);
    })?;
    m.on(&speed, "input", move |s, _| timeline(s).on_speed())?;
    m.on(&scrub, "input", move |s, _| {
        let t = timeline(s);
        let at = t.scrub.value_as_number();
        t.seek(if at.is_finite() {
            at.max(0.0) as usize
        } else {
            0
        });
        show(s);
    })?;
    m.on_frame(
        move |s| &mut timeline(s).frames,
        move |s| {
            let more = timeline(s).tick();
            show(s);
            more
        },
    );
    Ok(())
}
