//! A mounted widget: its state, and the event handlers, animation frames and resize
//! observer that feed it, all of which hold the state weakly and end with the element.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, IntersectionObserver, IntersectionObserverEntry, ResizeObserver};

use super::Widget;

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

/// The observer that tells when the widget first comes into view, and its callback.
type ViewWatch = (IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

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
    visible: Option<ViewWatch>,
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
            visible: None,
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

    /// Calls `f` on the state once, the first time `el` comes into view.
    pub fn on_first_view(&mut self, el: &Element, f: impl Fn(&mut S) + 'static) {
        let weak: Weak<RefCell<S>> = Rc::downgrade(&self.state);
        let done = std::cell::Cell::new(false);
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let seen = entries.iter().any(|e| {
                e.dyn_into::<IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if !seen || done.replace(true) {
                return;
            }
            if let Some(s) = weak.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    f(&mut s);
                }
            }
        });
        if let Ok(io) = IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
            io.observe(el);
            self.visible = Some((io, cb));
        }
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
        if let Some((io, _)) = &self.visible {
            io.disconnect();
        }
        if let (Some((_, frames)), Ok(mut s)) = (&self.frames, self.state.try_borrow_mut()) {
            frames(&mut s).cancel();
        }
        self.handlers.clear();
    }
}
