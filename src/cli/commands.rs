//! The commands that print JSON: `trace`, `schedule`, `race` and `list` print what
//! [`crate::core::commands`] returns (the JavaScript API returns the same), and
//! `widgets` prints the widget schema.

use serde::Serialize;
use serde_json::{json, Value as J};

use crate::core::commands::{self as core, Lists, RaceOptions, ScheduleOptions, TraceOptions};
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
pub fn trace(o: &TraceOptions) -> Result<String> {
    to_json(&core::trace(o)?)
}

/// `gdz schedule`: the rate (and any cycled momentum) after each step.
pub fn schedule(o: &ScheduleOptions) -> Result<String> {
    to_json(&core::schedule(o)?)
}

/// `gdz race`: every optimizer's result, ranked.
pub fn race(o: &RaceOptions) -> Result<String> {
    to_json(&core::race(o)?)
}

/// `gdz list`: every surface, optimizer and schedule with its parameters.
pub fn list() -> Result<String> {
    to_json(&Lists::all())
}

/// `gdz widgets`: the widget schema, a list of widgets each with `name`, `tag`,
/// `summary` and its attributes (`name`, `kind`, `required`, `default`, `limits`,
/// `description`), each with its limits as numbers where it has them (see
/// [`limit_fields`]).
pub fn widgets() -> String {
    use crate::core::schema::WIDGETS;
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
                    if let (J::Object(fields), Some(m)) = (limit_fields(a, w), o.as_object_mut()) {
                        m.extend(fields);
                    }
                    o
                })
                .collect();
            json!({ "name": w.name, "tag": w.tag(), "summary": w.summary, "attributes": attrs })
        })
        .collect();
    serde_json::to_string_pretty(&J::Array(list)).unwrap_or_default()
}

/// An attribute's limits as numbers, for programs (tests/schema_limits.rs makes its
/// cases from them): `min`/`max` (with `min_open`/`max_open`) of a number or whole
/// number (a whole number's as JSON integers, exact even past 2^53), also of each entry
/// of a `;`-list of numbers (with `whole`); `min_items`/`max_items` of a `;`-list of
/// specs or numbers or a list of points;
/// `max_abs` of each coordinate of a point (with `dim`, the coordinates a point of the
/// widget's default surface has) or of a list of points; `parts` (each with `name`,
/// `min`, `max`) of numbers separated by commas; `max_bytes` of free text.
fn limit_fields(a: &crate::core::schema::Attr, w: &crate::core::schema::Widget) -> J {
    use crate::core::schema::{Kind, MAX_COORD, MAX_VALUE_LEN};
    let range = |r: crate::core::spec::Range| json!({ "min": r.min, "max": r.max, "min_open": r.min_open, "max_open": r.max_open });
    match a.kind {
        Kind::Number { range: r } => range(r),
        Kind::Integer { min, max } => {
            json!({ "min": min, "max": max, "min_open": false, "max_open": false })
        }
        Kind::Optimizers { max } | Kind::Schedules { max } | Kind::RunSchedules { max, .. } => {
            json!({ "min_items": 1, "max_items": max })
        }
        Kind::Each {
            range: r,
            whole,
            max,
        } => {
            let mut o = if whole {
                json!({ "min": r.min as u64, "max": r.max as u64, "min_open": false, "max_open": false })
            } else {
                range(r)
            };
            o["whole"] = json!(whole);
            o["min_items"] = json!(1);
            o["max_items"] = json!(max);
            o
        }
        Kind::Points { max } => json!({ "min_items": 1, "max_items": max, "max_abs": MAX_COORD }),
        Kind::Point => json!({ "max_abs": MAX_COORD, "dim": w.dim() }),
        Kind::Numbers(parts) => {
            let parts: Vec<J> = parts
                .iter()
                .map(|(name, r)| {
                    let mut p = range(*r);
                    p["name"] = json!(name);
                    p
                })
                .collect();
            json!({ "parts": parts })
        }
        Kind::Text => json!({ "max_bytes": MAX_VALUE_LEN }),
        _ => json!({}),
    }
}
