//! Every limit of the widget schema, at each end and one step past it, in a lesson file.
//!
//! The cases come from `gdz widgets` (the schema as JSON), so a new widget or attribute
//! is covered as soon as it is in the table: for every number and whole number its
//! least and greatest value and one step beyond each (±1 for whole numbers, a billionth
//! of the limit, at least 1e-9, for numbers); for every part of a comma list of numbers
//! the same, the other parts at their defaults; for every `;`-list of specs and list of
//! points 1 and the most items, and 0 and one more; for every point and list of points
//! coordinates of ±the largest allowed and just past it; for free text the longest
//! allowed and one byte more.
//!
//! The lesson checker must accept the values within the limits and refuse those past
//! them, naming the attribute. The cases, each with the checker's verdict and message,
//! are written to `target/schema-limits/cases.json`, where `tests/e2e/limits.spec.mjs`
//! (which runs this test first) reads them and checks that the widgets on a page agree:
//! mounted without a notice, or with the same message in their notice.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::PathBuf;

use gdz::core::lesson;
use serde_json::{json, Value};

const FRONT: &str = "---\ntitle: Limits\nsummary: Every limit of every widget.\nminutes: 1\n---\n";

/// One value of one attribute to check.
#[derive(Debug, Clone)]
struct Case {
    widget: String,
    tag: String,
    attr: String,
    /// The attribute's text.
    value: String,
    /// The widget's other required attributes, at their defaults.
    context: Vec<(String, String)>,
    /// Whether the value is within the limits.
    inside: bool,
    /// Which limit, in words (e.g. `steps: the greatest + 1`).
    what: String,
}

/// The schema as `gdz widgets` prints it.
fn schema() -> Value {
    let text = gdz::cli::dispatch(["widgets"]).expect("gdz widgets runs");
    serde_json::from_str(&text).expect("gdz widgets prints JSON")
}

/// One step past `x`, up or down: a billionth of it, at least 1e-9.
fn past(x: f64, up: bool) -> f64 {
    let step = (x.abs() * 1e-9).max(1e-9);
    let y = if up { x + step } else { x - step };
    assert_ne!(x, y, "a step past {x} is a different number");
    y
}

/// The number as attribute text that reads back to the same value.
fn text(x: f64) -> String {
    let t = format!("{x}");
    assert_eq!(t.parse::<f64>().ok(), Some(x), "{t} reads back");
    t
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is a number in {v}"))
}

fn flag(v: &Value, key: &str) -> bool {
    v[key].as_bool().unwrap_or(false)
}

/// The four values of a range (the numbers with `min`, `max`, `min_open`, `max_open`
/// in `r`): (text, inside, which).
fn range_values(r: &Value, whole: bool) -> Vec<(String, bool, &'static str)> {
    if whole {
        // As integers: serde_json reads floats near 2^53 a little off.
        let int = |key: &str| -> i128 {
            let v = &r[key];
            v.as_u64()
                .map(i128::from)
                .or(v.as_i64().map(i128::from))
                .unwrap_or_else(|| panic!("{key} is a whole number in {r}"))
        };
        let (lo, hi) = (int("min"), int("max"));
        return vec![
            (lo.to_string(), true, "the least"),
            ((lo - 1).to_string(), false, "the least − 1"),
            (hi.to_string(), true, "the greatest"),
            ((hi + 1).to_string(), false, "the greatest + 1"),
        ];
    }
    let (min, max) = (num(r, "min"), num(r, "max"));
    let (lo_in, lo_out) = if flag(r, "min_open") {
        (past(min, true), min)
    } else {
        (min, past(min, false))
    };
    let (hi_in, hi_out) = if flag(r, "max_open") {
        (past(max, false), max)
    } else {
        (max, past(max, true))
    };
    vec![
        (text(lo_in), true, "the least"),
        (text(lo_out), false, "just under the least"),
        (text(hi_in), true, "the greatest"),
        (text(hi_out), false, "just over the greatest"),
    ]
}

/// One item of a list attribute of `kind`.
fn item(kind: &str) -> &'static str {
    match kind {
        "optimizers" => "sgd(lr=0.01)",
        "schedules" => "constant",
        "points" => "[1,2]",
        "run_schedules" => "constant",
        "each" => "1",
        other => panic!("no list item known for an attribute of kind {other}"),
    }
}

/// `n` items of a list attribute of `kind`, as its text.
fn list(kind: &str, n: usize) -> String {
    let items = vec![item(kind); n];
    if kind == "points" {
        format!("[{}]", items.join(","))
    } else {
        items.join("; ")
    }
}

/// Every case of every attribute with limits.
fn cases(schema: &Value) -> Vec<Case> {
    let mut out = Vec::new();
    for w in schema.as_array().expect("a list of widgets") {
        let widget = w["name"].as_str().expect("a name").to_string();
        let tag = w["tag"].as_str().expect("a tag").to_string();
        let attrs = w["attributes"].as_array().expect("attributes");
        for a in attrs {
            let attr = a["name"].as_str().expect("a name").to_string();
            let kind = a["kind"].as_str().expect("a kind");
            let context: Vec<(String, String)> = attrs
                .iter()
                .filter(|o| o["required"] == true && o["name"] != a["name"])
                .map(|o| {
                    let name = o["name"].as_str().unwrap_or_default().to_string();
                    let default = o["default"].as_str();
                    (
                        name,
                        default.expect("a required attribute has a default").into(),
                    )
                })
                .collect();
            let mut values: Vec<(String, bool, String)> = Vec::new();
            if a.get("min").is_some() {
                let whole = kind == "integer" || a["whole"] == true;
                for (t, inside, which) in range_values(a, whole) {
                    values.push((t, inside, which.to_string()));
                }
            }
            if let Some(parts) = a["parts"].as_array() {
                let defaults: Vec<&str> = a["default"].as_str().unwrap_or("").split(',').collect();
                assert_eq!(
                    defaults.len(),
                    parts.len(),
                    "{widget} {attr}: a default per part"
                );
                for (i, p) in parts.iter().enumerate() {
                    for (t, inside, which) in range_values(p, false) {
                        let mut v: Vec<String> = defaults.iter().map(|d| d.to_string()).collect();
                        v[i] = t;
                        values.push((v.join(","), inside, format!("{} {which}", p["name"])));
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (a["min_items"].as_u64(), a["max_items"].as_u64()) {
                let (lo, hi) = (lo as usize, hi as usize);
                values.push((list(kind, lo), true, "the fewest items".into()));
                values.push((list(kind, hi), true, "the most items".into()));
                values.push((list(kind, hi + 1), false, "one item too many".into()));
                if lo == 1 {
                    let none = if kind == "points" { "[]" } else { "" };
                    values.push((none.into(), false, "no items".into()));
                } else {
                    values.push((list(kind, lo - 1), false, "one item too few".into()));
                }
            }
            if let Some(m) = a["max_abs"].as_f64() {
                let over = past(m, true);
                let point = |x: f64, y: f64| -> String {
                    if kind == "points" {
                        format!("[[{},{}]]", text(x), text(y))
                    } else {
                        let dim = a["dim"].as_u64().expect("a point has dim") as usize;
                        let mut c = vec![text(y); dim];
                        c[0] = text(x);
                        c.join(",")
                    }
                };
                values.push((point(m, -m), true, "coordinates at ± the largest".into()));
                values.push((point(-m, m), true, "coordinates at ∓ the largest".into()));
                values.push((point(over, 0.0), false, "a coordinate just over".into()));
                values.push((point(-over, 0.0), false, "a coordinate just under".into()));
            }
            if let Some(n) = a["max_bytes"].as_u64() {
                let n = n as usize;
                values.push(("x".repeat(n), true, "the longest".into()));
                values.push(("x".repeat(n + 1), false, "one byte too long".into()));
            }
            if matches!(
                kind,
                "number" | "integer" | "numbers" | "points" | "point" | "text"
            ) {
                assert!(
                    !values.is_empty(),
                    "{widget} {attr}: a {kind} with no limits"
                );
            }
            for (value, inside, which) in values {
                assert!(!value.contains('"'), "a lesson value cannot hold a quote");
                out.push(Case {
                    widget: widget.clone(),
                    tag: tag.clone(),
                    attr: attr.clone(),
                    value,
                    context: context.clone(),
                    inside,
                    what: format!("{attr}: {which}"),
                });
            }
        }
    }
    out
}

/// The widget line of `c`, as a lesson writes it.
fn line(c: &Case) -> String {
    let mut s = format!("{{{{ {} {}=\"{}\"", c.widget, c.attr, c.value);
    for (k, v) in &c.context {
        s.push_str(&format!(" {k}=\"{v}\""));
    }
    s.push_str(" }}");
    s
}

/// Checks every case in one lesson file; returns each case's message (the checker's
/// reason for refusing it, without the widget and attribute it names) and the problems.
fn check(cases: &[Case]) -> (Vec<Option<String>>, Vec<String>) {
    let mut text = FRONT.to_string();
    let mut lines = Vec::new();
    for c in cases {
        text.push('\n');
        lines.push(text.lines().count() + 1);
        text.push_str(&line(c));
        text.push('\n');
    }
    let dir = std::env::temp_dir().join(format!("gdz-schema-limits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("SUMMARY.md"),
        "# Limits\n\n1. [Limits](01-limits.md)\n",
    )
    .unwrap();
    std::fs::write(dir.join("01-limits.md"), &text).unwrap();
    let diagnostics = match lesson::load(&dir) {
        Ok(_) => Vec::new(),
        Err(d) => d.0,
    };
    let _ = std::fs::remove_dir_all(&dir);
    let mut by_line: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for d in diagnostics {
        by_line.entry(d.line).or_default().push(d.message);
    }
    if let Some(whole_file) = by_line.get(&0) {
        panic!("problems with the whole lesson: {whole_file:?}");
    }
    let mut messages = Vec::new();
    let mut problems = Vec::new();
    for (c, n) in cases.iter().zip(&lines) {
        let found = by_line.remove(n).unwrap_or_default();
        let say = |what: &str| format!("{} {} ({}): {what}", c.widget, c.what, shorten(&c.value));
        if c.inside {
            if !found.is_empty() {
                problems.push(say(&format!("refused within the limits: {found:?}")));
            }
            messages.push(None);
            continue;
        }
        let prefix = format!("widget {}, attribute {}: ", c.widget, c.attr);
        match found.as_slice() {
            [one] if one.starts_with(&prefix) => {
                messages.push(Some(one[prefix.len()..].to_string()));
            }
            [] => {
                problems.push(say("accepted past the limit"));
                messages.push(None);
            }
            other => {
                problems.push(say(&format!(
                    "not one problem naming {}: {other:?}",
                    c.attr
                )));
                messages.push(None);
            }
        }
    }
    assert!(
        by_line.is_empty(),
        "problems on no case's line: {by_line:?}"
    );
    (messages, problems)
}

fn shorten(s: &str) -> String {
    if s.len() > 40 {
        format!("{}… ({} bytes)", &s[..20], s.len())
    } else {
        s.to_string()
    }
}

/// Writes the cases and the checker's messages for the browser test, atomically (two
/// runs at once write the same bytes).
fn write(cases: &[Case], messages: &[Option<String>]) -> PathBuf {
    let list: Vec<Value> = cases
        .iter()
        .zip(messages)
        .map(|(c, m)| {
            json!({
                "widget": c.widget,
                "tag": c.tag,
                "attr": c.attr,
                "value": c.value,
                "context": c.context.iter().cloned().collect::<BTreeMap<String, String>>(),
                "inside": c.inside,
                "what": c.what,
                "message": m,
            })
        })
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/schema-limits");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cases.json");
    let tmp = dir.join(format!("cases.json.{}", std::process::id()));
    let text = serde_json::to_string_pretty(&json!({ "cases": list })).unwrap();
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

#[test]
fn the_lesson_checker_holds_every_limit_of_every_widget() {
    let schema = schema();
    let cases = cases(&schema);
    // Every widget has limits to check (each has at least a caption), and the numbers
    // are there: a check of nothing would pass.
    for w in schema.as_array().unwrap() {
        assert!(
            cases.iter().any(|c| c.widget == w["name"]),
            "no cases for widget {}",
            w["name"]
        );
    }
    // Every number and whole number has its four cases (`cases` also insists on it).
    let numeric: usize = schema
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["attributes"].as_array().unwrap())
        .filter(|a| a["kind"] == "number" || a["kind"] == "integer")
        .count();
    assert!(numeric >= 15, "only {numeric} numeric attributes");
    assert!(cases.len() >= 4 * numeric);
    let (messages, problems) = check(&cases);
    assert!(
        problems.is_empty(),
        "{} of {} cases disagree with the schema:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
    // The refusals name the value: a number past its limit is reported as out of range.
    let refused = messages.iter().flatten().count();
    assert_eq!(refused, cases.iter().filter(|c| !c.inside).count());
    let path = write(&cases, &messages);
    println!(
        "{} cases ({} within the limits, {refused} past them) of {} widgets, written to {}",
        cases.len(),
        cases.len() - refused,
        schema.as_array().unwrap().len(),
        path.display()
    );
}

#[test]
fn a_step_past_a_limit_is_a_different_number_the_parser_keeps() {
    for x in [0.0, 1e-6, 0.999_999, 1e3, 1e6, -1e6, 90.0, 0.5] {
        for up in [true, false] {
            let y = past(x, up);
            assert_eq!(text(y).parse::<f64>().unwrap(), y);
            assert_eq!(y > x, up);
        }
    }
}
