//! The commands that print JSON: `trace`, `schedule`, `race` and `list` print what
//! [`crate::core::commands`] returns (the JavaScript API returns the same), and
//! `widgets` prints the widget schema.

use serde::Serialize;
use serde_json::{json, Value as J};

use super::args::{RaceArgs, ScheduleArgs, TraceArgs};
use crate::core::commands::{self as core, Lists};
use crate::core::error::{Error, Result};

/// `value` as one line of JSON (non-finite numbers as `null`).
fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        Box::new(Error::Incompatible {
            owner: String::new(),
            reason: format!("cannot write the result as JSON: {e}"),
        })
    })
}

/// `gdz trace`: the trajectory of one optimizer.
pub fn trace(a: &TraceArgs) -> Result<String> {
    to_json(&core::trace(&a.into())?)
}

/// `gdz schedule`: the rate (and any cycled momentum) after each step.
pub fn schedule(a: &ScheduleArgs) -> Result<String> {
    to_json(&core::schedule(&a.into())?)
}

/// `gdz race`: every optimizer's result, ranked.
pub fn race(a: &RaceArgs) -> Result<String> {
    to_json(&core::race(&a.into())?)
}

/// `gdz list`: every surface, optimizer and schedule with its parameters.
pub fn list() -> Result<String> {
    to_json(&Lists::all())
}

/// `gdz widgets`: the widget schema, a list of widgets each with `name`, `tag`,
/// `summary` and its attributes (`name`, `kind`, `required`, `default`, `limits`,
/// `description`, and the numeric `min`/`max` where it has them).
pub fn widgets() -> String {
    use crate::core::schema::{Kind, WIDGETS};
    let list: Vec<J> = WIDGETS
        .iter()
        .map(|w| {
            let attrs: Vec<J> = w
                .attrs
                .iter()
                .map(|a| {
                    let mut o = json!({
                        "name": a.name,
                        "kind": a.kind.name(),
                        "required": a.required,
                        "default": a.default_text(w),
                        "limits": a.limits(),
                        "description": a.doc,
                    });
                    let (min, max) = match a.kind {
                        Kind::Number { range } => (Some(range.min), Some(range.max)),
                        Kind::Integer { min, max } => (Some(min as f64), Some(max as f64)),
                        _ => (None, None),
                    };
                    if let (Some(lo), Some(hi), Some(m)) = (min, max, o.as_object_mut()) {
                        m.insert("min".into(), json!(lo));
                        m.insert("max".into(), json!(hi));
                    }
                    o
                })
                .collect();
            json!({ "name": w.name, "tag": w.tag(), "summary": w.summary, "attributes": attrs })
        })
        .collect();
    serde_json::to_string_pretty(&J::Array(list)).unwrap_or_default()
}
