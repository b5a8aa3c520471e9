//! Page behaviours outside the widgets: quick checks, "Mark complete" and the progress
//! markers, copy buttons; the certificate is in [`certificate`].
//!
//! The site generator writes the markup; this module only wires it. One listener on the
//! document element handles every click (a quick check's radio is clicked however it is
//! chosen: mouse, label, arrow keys or space), so markup added later works too, and
//! [`init`] may run more than once: it adds that listener only the first time and
//! otherwise re-reads storage and redraws the page's state.
//!
//! Progress lives in memory and is saved to local storage after every change (schema in
//! [`crate::core::progress`]). Each change is made to what storage holds at that moment
//! (so a change made in another tab since this page loaded is kept, not overwritten), and
//! a change another tab saves (a `storage` event) is taken in and shown at once. Storage
//! that is missing, corrupt, full or blocked is never an error: the page starts fresh and
//! keeps working for as long as it is open, and a change that could not be saved says so
//! beside the control the reader used.
//!
//! Size matters more than elegance here (every page loads this): the few DOM calls sit
//! in small helpers that are not inlined, and there is one closure in all.

#[cfg(feature = "certificate")]
mod certificate;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, Storage};

use super::dom;
use crate::core::progress::{self, Progress};

/// How long a copy button says "Copied", in milliseconds.
#[cfg(feature = "copy")]
const COPIED_MS: i32 = 2000;

/// The closure type the playground's handlers use too, so the glue for calling it is
/// shared. Through it also come the clipboard's answer and the timer's call, which are
/// not events (see [`callback`]).
type Callback = Closure<dyn FnMut(Event)>;

#[cfg(feature = "copy")]
#[wasm_bindgen]
extern "C" {
    /// A promise, seen only as something with `then`.
    type Thenable;
    /// `then` with plain functions for both outcomes.
    #[wasm_bindgen(method)]
    fn then(this: &Thenable, ok: &js_sys::Function, err: &js_sys::Function);
}

thread_local! {
    static PROGRESS: RefCell<Progress> = const { RefCell::new(Progress::new()) };
    /// The page's one callback (see [`callback`]), made on the first [`init`].
    static CALLBACK: RefCell<Option<Callback>> = const { RefCell::new(None) };
}

/// Wires the page's static markup and shows the stored progress; safe to call again.
pub fn init() {
    let Some(root) = root() else { return };
    PROGRESS.with(|p| p.replace(Progress::load(read(progress::KEY).as_deref())));
    if CALLBACK.with(|c| c.borrow().is_none()) {
        CALLBACK.with(|c| c.replace(Some(Closure::new(callback))));
        listen(&root, "click");
        // Another tab saved progress: take it in.
        if let (Some(f), Some(w)) = (callback_fn(), web_sys::window()) {
            let _ = w.add_event_listener_with_callback("storage", &f);
        }
    }
    render(&root);
    // Code, tables and display math that scroll sideways need keyboard access.
    each(
        &root,
        "main pre, main table, main math[display=block]",
        &mut |e| {
            if e.scroll_width() > e.client_width() {
                set(&e, "tabindex", "0");
            }
        },
    );
    #[cfg(feature = "quiz")]
    each(&root, "gdz-quiz, gdz-predict", &mut |quiz| {
        let stored = quiz_key(&quiz).and_then(|k| PROGRESS.with(|p| p.borrow().answer(&k)));
        if let Some(n) = stored {
            answer(&quiz, &n.to_string(), false);
        }
    });
}

/// The page's one callback, kept for the page's lifetime: every click on the page, input
/// in the certificate's name box, the clipboard's answer and the copy buttons' timer.
/// (One closure instead of three keeps the wasm smaller.)
fn callback(e: Event) {
    let v: &JsValue = e.as_ref();
    // The clipboard resolves with nothing, and the timer passes nothing (and finds no
    // copy pending); a refusal comes with an error, which has no `target` as events do.
    if v.is_undefined() {
        #[cfg(feature = "copy")]
        copied(true);
        return;
    }
    // The target of a click or input under the document element is an element (a text
    // node's events are retargeted to it); `on_event` only ever calls `closest` on it
    // before a match, and that call reports a non-element as no match.
    // Only an event has a target, so only then is its `type` asked for (a clipboard's
    // refusal is an error, with no `type` either).
    match e.target() {
        Some(_) if e.type_() == "storage" => on_storage(),
        Some(t) => on_event(t.unchecked_ref()),
        #[cfg(feature = "copy")]
        None => copied(false),
        #[cfg(not(feature = "copy"))]
        None => {}
    }
}

/// [`callback`] as a JS function.
fn callback_fn() -> Option<js_sys::Function> {
    CALLBACK.with(|c| Some(c.borrow().as_ref()?.as_ref().clone().unchecked_into()))
}

/// Listens with [`callback`] for `kind` events on `target`.
fn listen(target: &Element, kind: &str) {
    if let Some(f) = callback_fn() {
        let _ = target.add_event_listener_with_callback(kind, &f);
    }
}

// ---------------------------------------------------------------- small DOM helpers

/// The document element, under which everything is found and listened for.
fn root() -> Option<Element> {
    dom::doc().ok()?.document_element()
}

/// Runs `f` on every element under `root` that matches `selector`.
#[inline(never)]
fn each(root: &Element, selector: &str, f: &mut dyn FnMut(Element)) {
    if let Ok(list) = root.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(n) = list.item(i) {
                // A selector query only ever yields elements.
                f(n.unchecked_into());
            }
        }
    }
}

/// The first element under `root` that matches `selector`.
#[inline(never)]
fn one(root: &Element, selector: &str) -> Option<Element> {
    // A selector query only ever yields elements.
    Some(
        root.query_selector_all(selector)
            .ok()?
            .item(0)?
            .unchecked_into(),
    )
}

/// The nearest ancestor-or-self of `e` that matches `selector`.
#[inline(never)]
fn closest(e: &Element, selector: &str) -> Option<Element> {
    e.closest(selector).ok().flatten()
}

#[inline(never)]
fn attr(e: &Element, name: &str) -> Option<String> {
    e.get_attribute(name)
}

#[inline(never)]
fn set(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// Sets (to `""`) or removes an attribute.
#[inline(never)]
fn flag(e: &Element, name: &str, on: bool) {
    if on {
        set(e, name, "");
    } else {
        let _ = e.remove_attribute(name);
    }
}

#[inline(never)]
fn text(e: &Element, t: &str) {
    e.set_text_content(Some(t));
}

#[inline(never)]
fn text_of(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

// ---------------------------------------------------------------- storage

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored value of `key`, if storage is readable and holds one.
fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores `value` under `key`; whether it was stored (not when storage is full or
/// blocked).
fn write(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The progress storage holds now, if it holds a record that follows the schema.
fn stored() -> Option<Progress> {
    read(progress::KEY).as_deref().and_then(Progress::parse)
}

/// Changes the progress with `f` and saves it. The change is made to what storage holds
/// now (another tab may have saved since), or to the page's own copy when storage holds
/// nothing readable. When it cannot be saved, a notice after `near` says so; a later
/// save that works removes it.
fn update(near: &Element, f: &mut dyn FnMut(&mut Progress)) {
    let text = PROGRESS.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(latest) = stored() {
            *p = latest;
        }
        f(&mut p);
        p.to_json()
    });
    save_notice(near, !write(progress::KEY, &text));
}

/// Shows (after `near`) or removes the notice that progress could not be saved.
fn save_notice(near: &Element, failed: bool) {
    let Some(root) = root() else { return };
    let old = one(&root, "#gdz-save-error");
    match (old, failed) {
        (Some(n), false) => n.remove(),
        (Some(n), true) => {
            let _ = near.after_with_node_1(&n);
        }
        (None, true) => {
            let Ok(doc) = dom::doc() else { return };
            let Ok(n) = doc.create_element("p") else {
                return;
            };
            set(&n, "id", "gdz-save-error");
            set(&n, "class", "gdz-save-error");
            set(&n, "role", "alert");
            text(
                &n,
                "Your progress could not be saved: this browser's storage is full or turned off. It is kept while this page stays open.",
            );
            let _ = near.after_with_node_1(&n);
        }
        (None, false) => {}
    }
}

/// Another tab changed storage: take in the progress it saved (a record that does not
/// follow the schema, or none, leaves this page's own) and show it.
fn on_storage() {
    let Some(latest) = stored() else { return };
    let changed = PROGRESS.with(|p| {
        let mut p = p.borrow_mut();
        let changed = *p != latest;
        *p = latest;
        changed
    });
    if let (true, Some(root)) = (changed, root()) {
        render(&root);
    }
}

/// Whether lesson `slug` is marked complete.
fn is_done(slug: &str) -> bool {
    PROGRESS.with(|p| p.borrow().is_done(slug))
}

// ---------------------------------------------------------------- events

/// A selector and what a click in the element it matches does.
type Handler = (&'static str, fn(&Element));

/// What a click (or input) does, by the element it lands in: the first selector that
/// `closest` matches from the target wins; its handler gets the matched element. Which
/// entries exist depends on the page's features.
const HANDLERS: &[Handler] = &[
    ("button.gdz-complete[data-lesson]", on_complete),
    #[cfg(feature = "copy")]
    ("button.copy[data-copy]", copy),
    #[cfg(feature = "quiz")]
    (":is(gdz-quiz, gdz-predict) [type=radio]", on_answer),
    #[cfg(feature = "certificate")]
    ("gdz-certificate #gdz-cert-name", on_name),
];

/// A click anywhere (a radio is clicked however it is chosen: mouse, label, arrow keys or
/// space), or input in the certificate's name box.
fn on_event(t: &Element) {
    if let Some((m, f)) = HANDLERS
        .iter()
        .find_map(|(selector, f)| closest(t, selector).map(|m| (m, f)))
    {
        f(&m);
    }
}

/// The complete button of a lesson: toggles it.
fn on_complete(b: &Element) {
    let (Some(root), Some(slug)) = (root(), attr(b, "data-lesson")) else {
        return;
    };
    // The button says what this page shows; a toggle in another tab since then is taken
    // in before the click is applied.
    let done = is_done(&slug);
    update(b, &mut |p| p.set_done(&slug, !done));
    render(&root);
}

/// A radio of a quick check or prediction: the answer, shown and kept.
#[cfg(feature = "quiz")]
fn on_answer(radio: &Element) {
    let Some(quiz) = closest(radio, "gdz-quiz, gdz-predict") else {
        return;
    };
    let value = attr(radio, "value").unwrap_or_default();
    answer(&quiz, &value, true);
    if let (Some(key), Ok(n)) = (quiz_key(&quiz), value.parse()) {
        let near = one(&quiz, ".gdz-quiz-feedback").unwrap_or(quiz);
        update(&near, &mut |p| p.set_answer(&key, n));
    }
}

/// Input in the certificate's name box.
#[cfg(feature = "certificate")]
fn on_name(input: &Element) {
    if let Some(host) = closest(input, "gdz-certificate") {
        certificate::on_input(&host, input);
    }
}

// ---------------------------------------------------------------- progress

/// Shows the progress: the bars ("K of N lessons completed"), a `data-done` flag on
/// every `[data-lesson]` element, the "Completed" markers, the complete buttons and the
/// certificate.
fn render(root: &Element) {
    let json = one(root, "#gdz-lessons")
        .map(|s| text_of(&s))
        .unwrap_or_default();
    let slugs = progress::string_fields(&json, "slug");
    if !slugs.is_empty() {
        let k = PROGRESS.with(|p| p.borrow().count_done(&slugs));
        let label = format!("{k} of {} lessons completed", slugs.len());
        let k = k.to_string();
        each(root, "progress.gdz-progress", &mut |bar| {
            set(&bar, "value", &k);
            set(&bar, "aria-valuetext", &label);
            text(&bar, &label);
        });
    }
    each(root, "[data-lesson]", &mut |e| {
        let done = attr(&e, "data-lesson").is_some_and(|s| is_done(&s));
        flag(&e, "data-done", done);
        let t = match (attr(&e, "class").as_deref(), done) {
            (Some("gdz-done"), true) => "Completed",
            (Some("gdz-done"), false) => "",
            (Some("gdz-complete"), true) => "Completed ✓ — undo",
            (Some("gdz-complete"), false) => "Mark complete",
            _ => return,
        };
        text(&e, t);
    });
    #[cfg(feature = "certificate")]
    each(root, "gdz-certificate", &mut |host| {
        certificate::render(root, &host, &json)
    });
}

// ---------------------------------------------------------------- quick checks
// (cargo feature `quiz`: only pages with a quick check or a prediction need these)

#[cfg(feature = "quiz")]
/// The storage key of a quick check: its lesson's slug and its id.
fn quiz_key(quiz: &Element) -> Option<String> {
    let slug = attr(&closest(quiz, "[data-lesson]")?, "data-lesson")?;
    Some(progress::quiz_key(&slug, &attr(quiz, "id")?))
}

#[cfg(feature = "quiz")]
/// Shows the verdict on answer `value`: marks it right or wrong, shows its explanation
/// (and hides the others), and writes the verdict into the quiz's live region, with the
/// explanation for screen readers when `announce`. Without `announce` (a stored answer
/// being restored) it also selects the answer.
fn answer(quiz: &Element, value: &str, announce: bool) {
    if quiz.tag_name() == "GDZ-PREDICT" {
        return predicted(quiz, value, announce);
    }
    let mut result = "";
    let mut why = String::new();
    each(quiz, ".gdz-answer", &mut |a| {
        let input = one(&a, "input");
        let chosen = input.as_ref().and_then(|i| attr(i, "value")).as_deref() == Some(value);
        if chosen {
            result = if a.has_attribute("data-correct") {
                "right"
            } else {
                "wrong"
            };
            set(&a, "data-result", result);
            if let (false, Some(i)) = (announce, input) {
                // A stored answer on a fresh page: the radio takes its default state.
                set(&i, "checked", "");
            }
        } else {
            flag(&a, "data-result", false);
        }
        if let Some(x) = one(&a, ".gdz-explanation") {
            flag(&x, "hidden", !chosen);
            if chosen {
                why = text_of(&x);
            }
        }
    });
    let (Some(feedback), false) = (one(quiz, ".gdz-quiz-feedback"), result.is_empty()) else {
        return;
    };
    set(&feedback, "data-result", result);
    text(
        &feedback,
        if result == "right" {
            "✓ Correct."
        } else {
            "✗ Not quite: see why under your answer, then try another."
        },
    );
    if announce {
        let _ = dom::text_child(&feedback, "span", "gdz-sr", &format!(" {}", why.trim()));
    }
}

#[cfg(feature = "quiz")]
/// A prediction was made (or restored): the chosen choice is marked and the reveal
/// opens (a restored one is selected too).
fn predicted(predict: &Element, value: &str, announce: bool) {
    each(predict, ".gdz-answer", &mut |a| {
        let input = one(&a, "input");
        let chosen = input.as_ref().and_then(|i| attr(i, "value")).as_deref() == Some(value);
        flag(&a, "data-chosen", chosen);
        if let (true, false, Some(i)) = (chosen, announce, input) {
            set(&i, "checked", "");
        }
    });
    if let Some(d) = one(predict, "details") {
        set(&d, "open", "");
    }
}

// ---------------------------------------------------------------- copy buttons
// (cargo feature `copy`: only pages with a code block to copy need these)

#[cfg(feature = "copy")]
/// Selects the code block's text (so the reader sees what is copied, and can copy it by
/// hand if need be), then copies it with the clipboard API.
fn copy(button: &Element) {
    let (Some(pre), Some(window)) = (
        closest(button, ".gdz-code").and_then(|c| one(&c, "pre")),
        web_sys::window(),
    ) else {
        return;
    };
    if let Ok(Some(s)) = window.get_selection() {
        let _ = s.select_all_children(&pre);
    }
    let clipboard = window.navigator().clipboard();
    // The button waits for the clipboard's answer.
    flag(button, "data-pending", true);
    match callback_fn() {
        Some(f) if !clipboard.is_undefined() => {
            let promise = clipboard.write_text(&text_of(&pre));
            promise.unchecked_ref::<Thenable>().then(&f, &f);
        }
        _ => copied(false),
    }
}

#[cfg(feature = "copy")]
/// The clipboard's answer for the pending copy button (`ok` when it resolved). With
/// nothing pending this is the timer: every copy button says "Copy" again.
fn copied(ok: bool) {
    let Some(root) = root() else { return };
    let Some(button) = one(&root, "button.copy[data-pending]") else {
        each(&root, "button.copy[data-copy]", &mut |b| text(&b, "Copy"));
        return;
    };
    flag(&button, "data-pending", false);
    text(&button, if ok { "Copied" } else { "Text selected" });
    if let (Some(f), Some(w)) = (callback_fn(), web_sys::window()) {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&f, COPIED_MS);
    }
}
