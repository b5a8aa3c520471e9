//! wasm-bindgen tests in headless Chromium for the page behaviours: progress markers and
//! "Mark complete", hostile storage, quick checks, copy buttons and the certificate.
//! Each test builds its markup (as the site generator writes it), calls `register()`,
//! and removes its markup and stored state at the end.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, Storage};

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "gdz.progress.v1";

const LESSONS: &str = r#"<script type="application/json" id="gdz-lessons">{"base":"/","certificate":"/certificate/","lessons":[{"minutes":5,"number":1,"slug":"alpha","summary":"A \"slug\":\"fake\" one","title":"Alpha","url":"/lessons/alpha/"},{"minutes":5,"number":2,"slug":"beta","summary":"B","title":"Beta","url":"/lessons/beta/"},{"minutes":5,"number":3,"slug":"gamma","summary":"C","title":"Gamma","url":"/lessons/gamma/"}],"site":"Test Zoo"}</script>
<nav class="gdz-nav"><progress class="gdz-progress" max="3" value="0">0 of 3 lessons completed</progress></nav>"#;

const LESSON: &str = r#"<article class="gdz-lesson" data-lesson="alpha">
<header class="gdz-lesson-header"><p class="gdz-lesson-meta">Lesson 1 of 3 <span class="gdz-done" data-lesson="alpha"></span></p><h1>Alpha</h1></header>
<div class="gdz-prose">
<gdz-quiz id="gdz-quiz-1"><fieldset><legend>Which?</legend>
<div class="gdz-answer"><input type="radio" name="gdz-quiz-1" id="gdz-quiz-1-a1" value="1"> <label for="gdz-quiz-1-a1">Up</label>
<div class="gdz-explanation" id="gdz-quiz-1-a1-why" hidden>Up is wrong because it diverges.</div></div>
<div class="gdz-answer" data-correct><input type="radio" name="gdz-quiz-1" id="gdz-quiz-1-a2" value="2"> <label for="gdz-quiz-1-a2">Down</label>
<div class="gdz-explanation" id="gdz-quiz-1-a2-why" hidden>Down is right because it converges.</div></div>
<p class="gdz-quiz-feedback" aria-live="polite"></p>
</fieldset></gdz-quiz>
<div class="gdz-code"><button type="button" class="copy" data-copy>Copy</button>
<pre><code class="language-python">optimizer.step()</code></pre></div>
</div>
<footer class="gdz-lesson-footer"><button type="button" class="gdz-complete" data-lesson="alpha">Mark complete</button></footer>
</article>
<ol class="gdz-course-map"><li class="gdz-course-item" data-lesson="beta"><span class="gdz-done" data-lesson="beta"></span></li></ol>"#;

const CERTIFICATE: &str = r#"<gdz-certificate data-total="3"><p class="gdz-fallback">Needs JavaScript.</p></gdz-certificate>
<section class="gdz-certificate-lessons"><ol>
<li data-lesson="alpha"><a href="/lessons/alpha/">Alpha</a> <span class="gdz-done" data-lesson="alpha"></span></li>
<li data-lesson="beta"><a href="/lessons/beta/">Beta</a> <span class="gdz-done" data-lesson="beta"></span></li>
<li data-lesson="gamma"><a href="/lessons/gamma/">Gamma</a> <span class="gdz-done" data-lesson="gamma"></span></li>
</ol></section>"#;

fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Puts `markup` in the page (with `stored` as the progress record, if any) and runs
/// `register()`, as a page load would.
fn page(markup: &str, stored: Option<&str>) -> Element {
    let s = storage();
    s.clear().unwrap();
    if let Some(v) = stored {
        s.set_item(KEY, v).unwrap();
    }
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(markup);
    doc.body().unwrap().append_child(&host).unwrap();
    gdz::web::register();
    host
}

fn done(host: Element) {
    host.remove();
    storage().clear().unwrap();
}

fn find(host: &Element, selector: &str) -> HtmlElement {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap()
}

fn text(host: &Element, selector: &str) -> String {
    find(host, selector).text_content().unwrap_or_default()
}

fn bar(host: &Element) -> String {
    find(host, "progress").get_attribute("value").unwrap()
}

fn eval(js: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(js).unwrap()
}

#[wasm_bindgen_test]
fn stored_progress_shows_and_mark_complete_toggles_once_per_click() {
    let host = page(
        &format!("{LESSONS}{LESSON}"),
        Some(r#"{"version":1,"done":["beta","gone"],"quiz":{}}"#),
    );
    // A slug no longer in the course does not count.
    assert_eq!(bar(&host), "1");
    assert_eq!(text(&host, "progress"), "1 of 3 lessons completed");
    assert_eq!(text(&host, ".gdz-course-item .gdz-done"), "Completed");
    assert!(find(&host, ".gdz-course-item").has_attribute("data-done"));
    assert_eq!(text(&host, ".gdz-lesson-meta .gdz-done"), "");
    let button = find(&host, "button.gdz-complete");
    assert_eq!(button.text_content().unwrap(), "Mark complete");

    button.click();
    assert_eq!(bar(&host), "2");
    assert_eq!(button.text_content().unwrap(), "Completed ✓ — undo");
    assert_eq!(text(&host, ".gdz-lesson-meta .gdz-done"), "Completed");
    assert_eq!(
        storage().get_item(KEY).unwrap().unwrap(),
        r#"{"version":1,"done":["beta","gone","alpha"],"quiz":{}}"#
    );

    // Registering again must not add a second listener: one click, one toggle.
    gdz::web::register();
    assert_eq!(bar(&host), "2");
    button.click();
    assert_eq!(bar(&host), "1");
    assert_eq!(button.text_content().unwrap(), "Mark complete");
    assert!(!storage().get_item(KEY).unwrap().unwrap().contains("alpha"));
    done(host);
}

#[wasm_bindgen_test]
fn corrupt_storage_starts_fresh_and_is_replaced() {
    for bad in [
        "{garbage",
        r#"{"version":2,"done":["alpha"],"quiz":{}}"#,
        r#"{"version":1,"done":"alpha","quiz":{}}"#,
        "",
    ] {
        let host = page(&format!("{LESSONS}{LESSON}"), Some(bad));
        assert_eq!(bar(&host), "0", "{bad}");
        find(&host, "button.gdz-complete").click();
        assert_eq!(bar(&host), "1", "{bad}");
        assert_eq!(
            storage().get_item(KEY).unwrap().unwrap(),
            r#"{"version":1,"done":["alpha"],"quiz":{}}"#
        );
        done(host);
    }
}

#[wasm_bindgen_test]
fn blocked_or_full_storage_keeps_the_page_working() {
    // Blocked: reading window.localStorage throws.
    eval(
        "window.__gdzLs = Object.getOwnPropertyDescriptor(window, 'localStorage');
         Object.defineProperty(window, 'localStorage', { configurable: true,
           get() { throw new DOMException('blocked', 'SecurityError'); } });",
    );
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(&format!("{LESSONS}{LESSON}"));
    doc.body().unwrap().append_child(&host).unwrap();
    gdz::web::register();
    assert_eq!(bar(&host), "0");
    find(&host, "button.gdz-complete").click();
    assert_eq!(bar(&host), "1");
    find(&host, "#gdz-quiz-1-a2").click();
    assert_eq!(
        text(&host, ".gdz-quiz-feedback .gdz-sr").trim(),
        "Down is right because it converges."
    );
    eval("Object.defineProperty(window, 'localStorage', window.__gdzLs);");
    host.remove();

    // Full: setItem throws.
    eval(
        "window.__gdzSet = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(&format!("{LESSONS}{LESSON}"));
    doc.body().unwrap().append_child(&host).unwrap();
    storage().clear().unwrap();
    gdz::web::register();
    find(&host, "button.gdz-complete").click();
    assert_eq!(bar(&host), "1");
    eval("Storage.prototype.setItem = window.__gdzSet;");
    assert_eq!(storage().get_item(KEY).unwrap(), None);
    done(host);
}

#[wasm_bindgen_test]
fn quick_check_wrong_then_right_then_restored() {
    let host = page(&format!("{LESSONS}{LESSON}"), None);
    let feedback = find(&host, ".gdz-quiz-feedback");
    let why = |n: u32| find(&host, &format!("#gdz-quiz-1-a{n}-why")).hidden();
    assert!(why(1) && why(2));

    find(&host, "#gdz-quiz-1-a1").click();
    let said = feedback.text_content().unwrap();
    assert!(said.starts_with("✗ Not quite"), "{said}");
    assert!(said.ends_with("Up is wrong because it diverges."), "{said}");
    assert!(!why(1) && why(2));
    assert_eq!(
        find(&host, ".gdz-answer")
            .get_attribute("data-result")
            .as_deref(),
        Some("wrong")
    );

    find(&host, "#gdz-quiz-1-a2").click();
    assert!(feedback.text_content().unwrap().starts_with("✓ Correct."));
    assert!(why(1) && !why(2));
    assert!(!find(&host, ".gdz-answer").has_attribute("data-result"));
    assert_eq!(
        storage().get_item(KEY).unwrap().unwrap(),
        r#"{"version":1,"done":[],"quiz":{"alpha/gdz-quiz-1":2}}"#
    );
    done(host);

    // A fresh page with that record shows the answer chosen and judged, unannounced.
    let host = page(
        &format!("{LESSONS}{LESSON}"),
        Some(r#"{"version":1,"done":[],"quiz":{"alpha/gdz-quiz-1":1}}"#),
    );
    let input: HtmlInputElement = find(&host, "#gdz-quiz-1-a1").dyn_into().unwrap();
    assert!(input.checked());
    assert_eq!(
        text(&host, ".gdz-quiz-feedback"),
        "✗ Not quite: see why under your answer, then try another."
    );
    assert!(!find(&host, "#gdz-quiz-1-a1-why").hidden());
    done(host);
}

#[wasm_bindgen_test]
fn copy_without_a_clipboard_selects_the_code() {
    eval(
        "Object.defineProperty(Navigator.prototype, '__gdzClip',
           Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard'));
         Object.defineProperty(Navigator.prototype, 'clipboard',
           { configurable: true, get: () => undefined });",
    );
    let host = page(&format!("{LESSONS}{LESSON}"), None);
    let button = find(&host, "button.copy");
    button.click();
    assert_eq!(button.text_content().unwrap(), "Text selected");
    assert_eq!(
        eval("getSelection().toString()").as_string().unwrap(),
        "optimizer.step()"
    );
    eval(
        "Object.defineProperty(Navigator.prototype, 'clipboard',
           Object.getOwnPropertyDescriptor(Navigator.prototype, '__gdzClip'));
         getSelection().removeAllRanges();",
    );
    done(host);
}

#[wasm_bindgen_test]
fn certificate_lists_what_remains_then_shows_the_name_as_text() {
    let host = page(
        &format!("{LESSONS}{CERTIFICATE}"),
        Some(r#"{"version":1,"done":["alpha"],"quiz":{}}"#),
    );
    let cert = find(&host, "gdz-certificate");
    assert!(cert.query_selector(".gdz-fallback").unwrap().is_none());
    assert!(text(&cert, ".gdz-cert-status").contains("1 of 3 lessons"));
    let links = cert.query_selector_all(".gdz-cert-remaining a").unwrap();
    assert_eq!(links.length(), 2);
    let first: Element = links.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        first.get_attribute("href").as_deref(),
        Some("/lessons/beta/")
    );
    assert!(cert.query_selector(".gdz-cert, canvas").unwrap().is_none());
    done(host);

    let host = page(
        &format!("{LESSONS}{CERTIFICATE}"),
        Some(r#"{"version":1,"done":["gamma","alpha","beta"],"quiz":{}}"#),
    );
    let cert = find(&host, "gdz-certificate");
    assert_eq!(
        text(&cert, ".gdz-cert-line"),
        "has completed all 3 lessons of Test Zoo"
    );
    assert_eq!(
        cert.query_selector_all(".gdz-cert-list li")
            .unwrap()
            .length(),
        3
    );
    assert_eq!(text(&cert, ".gdz-cert-name"), "Your name");
    let input: HtmlInputElement = find(&cert, "input").dyn_into().unwrap();
    let name = "  <script>window.__gdzPwned = 1</script><b>Ada</b>  ";
    input.set_value(name);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    assert_eq!(text(&cert, ".gdz-cert-name"), name.trim());
    assert!(cert.query_selector("script, b").unwrap().is_none());
    assert!(eval("window.__gdzPwned").is_undefined());
    let href = find(&cert, "a[download]").get_attribute("href").unwrap();
    assert!(
        href.starts_with("data:image/png;base64,"),
        "{}",
        &href[..40]
    );
    let canvas: web_sys::HtmlCanvasElement = find(&cert, "canvas").dyn_into().unwrap();
    assert_eq!(canvas.width(), 1000);

    // A name past the limit (set by script, which maxlength does not stop) is cut to
    // 80 characters; an empty one shows the placeholder.
    input.set_value(&"é".repeat(200));
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    assert_eq!(text(&cert, ".gdz-cert-name"), "é".repeat(80));
    input.set_value("   ");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    assert_eq!(text(&cert, ".gdz-cert-name"), "Your name");
    assert!(find(&cert, ".gdz-cert-name").has_attribute("data-empty"));
    done(host);
}
