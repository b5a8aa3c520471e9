//! The JavaScript API (the `api` feature, which `api.js` re-exports) in headless
//! Chromium: each export, given an options object, returns a plain object equal to the
//! core's result printed as JSON the way the CLI prints it (serde_json), for the same
//! options; bad options throw the core's own message.
#![cfg(target_arch = "wasm32")]

use gdz::core::commands::{self, Lists};
use gdz::web::api;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A JavaScript object from JSON text.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// `value` as JSON text, as JavaScript writes it (so numbers print alike).
fn text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().into()
}

/// The CLI's JSON for `result` (serde_json), read back by JavaScript and written again.
fn cli_json<T: Serialize>(result: &T) -> String {
    text(&js(&serde_json::to_string(result).unwrap()))
}

/// Runs `export` on `options` and the core command on the same options read by serde,
/// and checks that the two print the same JSON; returns the API's value.
fn same<O: DeserializeOwned, R: Serialize>(
    options: &str,
    export: fn(JsValue) -> Result<JsValue, JsValue>,
    core: fn(&O) -> gdz::core::Result<R>,
) -> JsValue {
    let from_api = export(js(options)).unwrap_or_else(|e| panic!("{options}: {e:?}"));
    let o: O = serde_json::from_str(options).unwrap();
    let from_core = core(&o).unwrap();
    assert_eq!(text(&from_api), cli_json(&from_core), "{options}");
    from_api
}

fn field(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

/// The message of what an export threw.
fn thrown(r: Result<JsValue, JsValue>) -> String {
    let e = r.expect_err("should throw");
    let e: js_sys::Error = e
        .dyn_into()
        .unwrap_or_else(|e| panic!("not an Error: {e:?}"));
    e.message().into()
}

#[wasm_bindgen_test]
fn trace_equals_the_core_result() {
    let v = same(
        r#"{"surface":"quadratic(a=1, b=10)","optimizer":"sgd(lr=0.1)","start":[1,1],"steps":3}"#,
        api::trace,
        commands::trace,
    );
    // Known values, so that the comparison is not of two empty things.
    assert_eq!(
        text(&field(&v, "lr")),
        "[0.1,0.1,0.1]",
        "three steps at lr 0.1"
    );
    assert_eq!(text(&field(&field(&v, "points"), "0")), "[1,1]");
    assert_eq!(
        field(&v, "status").as_string().as_deref(),
        Some("max_steps")
    );
    assert!(field(&v, "converged_at").is_null());
    same(
        r#"{"surface":"rosenbrock","optimizer":"adam(lr=0.05)","start":[-1.5,2],"steps":200,
            "schedule":"cosine(t_max=200)","clipNorm":5,"clipValue":2,"noise":0.3,"batch":4,
            "seed":11,"tol":0.001}"#,
        api::trace,
        commands::trace,
    );
}

#[wasm_bindgen_test]
fn a_seed_may_be_a_bigint() {
    let options =
        r#"{"surface":"rosenbrock","optimizer":"sgd(lr=1e-3)","steps":20,"noise":1,"seed":12345}"#;
    let as_number = same(options, api::trace, commands::trace);
    let o = js(options);
    js_sys::Reflect::set(&o, &"seed".into(), &js_sys::BigInt::from(12345u64).into()).unwrap();
    assert_eq!(text(&api::trace(o).unwrap()), text(&as_number));
}

#[wasm_bindgen_test]
fn a_diverged_run_has_null_not_nan() {
    // The start's loss overflows: diverged at once, with an infinite loss.
    let v = same(
        r#"{"surface":"rosenbrock","optimizer":"sgd","start":[1e200,1e200],"steps":5}"#,
        api::trace,
        commands::trace,
    );
    assert_eq!(field(&v, "status").as_string().as_deref(), Some("diverged"));
    let loss = js_sys::Array::from(&field(&v, "loss"));
    assert_eq!(loss.length(), 1);
    assert!(loss.get(0).is_null(), "null, not Infinity");
}

#[wasm_bindgen_test]
fn schedule_and_race_equal_the_core_results() {
    let v = same(
        r#"{"schedule":"onecycle(max_lr=1, total_steps=20)","lr":0.1,"steps":20,"momentum":0.85}"#,
        api::schedule,
        commands::schedule,
    );
    assert_eq!(js_sys::Array::from(&field(&v, "momentum")).length(), 21);
    let v = same(
        r#"{"schedule":"step(step_size=2, gamma=0.5)","lr":1,"steps":4}"#,
        api::schedule,
        commands::schedule,
    );
    assert_eq!(text(&v), r#"{"lr":[1,1,0.5,0.5,0.25]}"#, "no momentum key");
    let v = same(
        r#"{"surface":"rosenbrock","optimizers":"sgd(lr=1e-3); adam(lr=0.05); sgd(lr=1)",
            "start":[-1.5,2],"steps":300}"#,
        api::race,
        commands::race,
    );
    assert_eq!(js_sys::Array::from(&field(&v, "entries")).length(), 3);
}

#[wasm_bindgen_test]
fn the_lists_equal_the_core_lists() {
    let all = Lists::all();
    assert_eq!(text(&api::surfaces().unwrap()), cli_json(&all.surfaces));
    assert_eq!(text(&api::optimizers().unwrap()), cli_json(&all.optimizers));
    assert_eq!(text(&api::schedules().unwrap()), cli_json(&all.schedules));
    // The module with the API carries the surfaces' descriptions and every parameter.
    assert!(all.surfaces.iter().all(|s| !s.description.is_empty()));
    let adam = all.optimizers.iter().find(|o| o.name == "adam").unwrap();
    assert!(adam.params.iter().any(|p| p.name == "beta1"));
}

#[wasm_bindgen_test]
fn bad_options_throw_the_core_message() {
    let bad = r#"{"surface":"rosenbrock","optimizer":"adam(lr=-1)"}"#;
    let core = commands::trace(&serde_json::from_str(bad).unwrap())
        .unwrap_err()
        .to_string();
    assert_eq!(core, "adam: lr = -1 is out of range; allowed: 0 ≤ lr");
    assert_eq!(thrown(api::trace(js(bad))), core);
    assert_eq!(
        thrown(api::trace(js(
            r#"{"surface":"volcano","optimizer":"sgd","steps":1.5}"#
        ))),
        "steps = 1.5 must be a whole number"
    );
    assert_eq!(
        thrown(api::schedule(js(
            r#"{"schedule":"cosine","lr":0.1,"steps":10}"#
        ))),
        commands::schedule(&commands::ScheduleOptions {
            schedule: "cosine".into(),
            lr: 0.1,
            steps: 10.0,
            momentum: None,
        })
        .unwrap_err()
        .to_string()
    );
    // A misspelt option is refused, not ignored.
    let e = thrown(api::trace(js(
        r#"{"surface":"rosenbrock","optimizer":"sgd","clip_norm":1}"#,
    )));
    assert_eq!(
        e,
        "trace: unknown parameter clip_norm; allowed: surface, optimizer, start, steps, \
         schedule, clipNorm, clipValue, noise, batch, seed, tol"
    );
    let e = thrown(api::race(js(r#"{"optimizers":"sgd"}"#)));
    assert!(e.contains("missing field `surface`"), "{e}");
}
