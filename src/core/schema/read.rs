//! Reading a widget's attributes through its table: each text parsed by its kind,
//! checked against its limits and against the other values (a start against the
//! surface's dimension, a schedule against its optimizer), and replaced by its default
//! when it is absent or refused. The lesson checker reports the problems; a widget shows
//! them in its notice and mounts with the defaults.

use super::{Attr, Default, Kind, Widget, MAX_COORD, MAX_VALUE_LEN};
use crate::core::error::Error;
use crate::core::num::parse_f64;
use crate::core::spec::{fmt_num, Range, Spec};
use crate::core::surface::{self, Surface};
use crate::core::text::join;
use crate::core::{optim, schedule};

/// Momentum assumed when checking a schedule that no optimizer sets (the schedules
/// chart draws cycling schedules as for SGD with momentum 0.9).
pub const FALLBACK_MOMENTUM: f64 = 0.9;
/// Learning rate assumed when checking a schedule that no optimizer or `lr` sets.
const FALLBACK_LR: f64 = 0.1;

/// One attribute's value, typed by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (an optional setting left off).
    Off,
    /// One spec (a surface, an optimizer or a schedule).
    Spec(Spec),
    /// A `;`-list of specs.
    Specs(Vec<Spec>),
    /// A number (also a whole number).
    Number(f64),
    /// A point.
    Point(Vec<f64>),
    /// A list of 2-D points.
    Points(Vec<[f64; 2]>),
    /// A list of words (or of the controls shown).
    Words(Vec<&'static str>),
    /// Numbers, one per part.
    Numbers(Vec<f64>),
    /// Text.
    Text(String),
}

impl Value {
    /// The value as attribute text that [`read`] reads back to the same value.
    pub fn to_text(&self) -> String {
        let nums = |v: &[f64]| join(&v.iter().map(|x| fmt_num(*x)).collect::<Vec<_>>(), ",");
        match self {
            Value::Off => String::new(),
            Value::Spec(s) => s.to_string(),
            Value::Specs(v) => join(&v.iter().map(Spec::to_string).collect::<Vec<_>>(), "; "),
            Value::Number(x) => fmt_num(*x),
            Value::Point(p) | Value::Numbers(p) => nums(p),
            Value::Points(p) => {
                let inner: Vec<String> = p.iter().map(|q| ["[", &nums(q), "]"].concat()).collect();
                ["[", &join(&inner, ","), "]"].concat()
            }
            Value::Words(w) if w.is_empty() => "none".into(),
            Value::Words(w) => w.join(","),
            Value::Text(t) => t.clone(),
        }
    }
}

/// A refused or missing attribute: which one and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The attribute.
    pub attr: &'static str,
    /// Why it was refused.
    pub error: Error,
    /// Whether it is a required attribute that was not given.
    pub missing: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.attr, self.error)
    }
}

struct Entry {
    name: &'static str,
    value: Value,
    given: bool,
}

/// A widget's values, one per attribute of its table (defaults filled in), and the
/// surface they describe, built.
pub struct Values {
    entries: Vec<Entry>,
    surface: Option<Box<dyn Surface>>,
}

impl Values {
    fn get(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.value)
    }

    /// The value of `name` (`None` for an attribute the widget does not have).
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }

    /// Whether `name` was given and accepted (not a default).
    pub fn given(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name && e.given)
    }

    /// The spec `name` holds (the first of a list).
    pub fn spec(&self, name: &str) -> Option<&Spec> {
        match self.get(name)? {
            Value::Spec(s) => Some(s),
            Value::Specs(v) => v.first(),
            _ => None,
        }
    }

    /// The specs `name` holds (one for a single spec).
    pub fn specs(&self, name: &str) -> Option<&[Spec]> {
        match self.get(name)? {
            Value::Spec(s) => Some(std::slice::from_ref(s)),
            Value::Specs(v) => Some(v),
            _ => None,
        }
    }

    /// The number `name` holds.
    pub fn num(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            Value::Number(x) => Some(*x),
            _ => None,
        }
    }

    /// The whole number `name` holds.
    pub fn int(&self, name: &str) -> Option<usize> {
        self.num(name).map(|x| x as usize)
    }

    /// The point (or numbers) `name` holds.
    pub fn point(&self, name: &str) -> Option<&[f64]> {
        match self.get(name)? {
            Value::Point(p) | Value::Numbers(p) => Some(p),
            _ => None,
        }
    }

    /// The 2-D points `name` holds.
    pub fn points(&self, name: &str) -> Option<&[[f64; 2]]> {
        match self.get(name)? {
            Value::Points(p) => Some(p),
            _ => None,
        }
    }

    /// The words `name` holds (none when it holds something else).
    pub fn words(&self, name: &str) -> &[&'static str] {
        match self.get(name) {
            Some(Value::Words(w)) => w,
            _ => &[],
        }
    }

    /// Whether the `controls` attribute shows `control`.
    pub fn shows(&self, control: &str) -> bool {
        self.words("controls").contains(&control)
    }

    /// The text `name` holds.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The surface the values describe (built from the `surface` value).
    pub fn surface(&self) -> Option<&dyn Surface> {
        self.surface.as_deref()
    }

    /// Takes the built surface out (a widget keeps it; the values keep its spec).
    pub fn take_surface(&mut self) -> Option<Box<dyn Surface>> {
        self.surface.take()
    }
}

/// Reads every attribute of `def`, taking each text from `get` (`None`: not given).
///
/// Returns the values (a default wherever a text was absent or refused) and one problem
/// per refused text or missing required attribute. Surfaces are read first (they fix the
/// dimension of points and optimizers), schedules last (they start from an optimizer's
/// learning rate and momentum), then the widget's own check across attributes.
pub fn read(def: &Widget, get: &dyn Fn(&str) -> Option<String>) -> (Values, Vec<Problem>) {
    let mut v = Values {
        entries: Vec::with_capacity(def.attrs.len()),
        surface: None,
    };
    let mut problems = Vec::new();
    let surface_first = |a: &Attr| matches!(a.kind, Kind::Surface { .. });
    let schedule_last = |a: &Attr| matches!(a.kind, Kind::Schedule { .. } | Kind::Schedules { .. });
    let passes: [&dyn Fn(&Attr) -> bool; 3] = [
        &surface_first,
        &|a| !surface_first(a) && !schedule_last(a),
        &schedule_last,
    ];
    for pass in passes {
        for a in def.attrs.iter().filter(|a| pass(a)) {
            let text = get(a.name);
            let parsed = match &text {
                None if a.required => Some(Err(Problem {
                    attr: a.name,
                    error: Error::Missing {
                        owner: String::new(),
                        key: a.name.into(),
                        hint: Some(a.kind.describe().into()),
                    },
                    missing: true,
                })),
                None => None,
                Some(t) => Some(parse(a, t, &v).map_err(|error| Problem {
                    attr: a.name,
                    error,
                    missing: false,
                })),
            };
            let (value, given) = match parsed {
                Some(Ok(value)) => (value, true),
                Some(Err(p)) => {
                    problems.push(p);
                    (default(a, &v), false)
                }
                None => (default(a, &v), false),
            };
            if let (Kind::Surface { dim }, Value::Spec(s)) = (a.kind, &value) {
                v.surface = build_surface(s, dim).ok();
            }
            v.entries.push(Entry {
                name: a.name,
                value,
                given,
            });
        }
    }
    if let Some((attr, error)) = def.check.and_then(|c| c(&v)) {
        problems.push(Problem {
            attr,
            error,
            missing: false,
        });
    }
    (v, problems)
}

/// The default of `a`, given the values read so far.
pub fn default(a: &Attr, v: &Values) -> Value {
    let specs = |t: &str, list: bool| {
        let parsed: Vec<Spec> = t
            .split(';')
            .filter_map(|p| Spec::parse(p.trim()).ok())
            .collect();
        if list {
            Value::Specs(parsed)
        } else {
            parsed.into_iter().next().map_or(Value::Off, Value::Spec)
        }
    };
    match (a.default, a.kind) {
        (Default::Spec(t), Kind::Optimizers { .. } | Kind::Schedules { .. }) => specs(t, true),
        (Default::Spec(t), _) => specs(t, false),
        (Default::Number(x), _) => Value::Number(x),
        (Default::Points(p), _) => Value::Points(p.to_vec()),
        (Default::Numbers(n), _) => Value::Numbers(n.to_vec()),
        (Default::All, Kind::Controls(all)) => Value::Words(all.to_vec()),
        (Default::Text(t), _) => Value::Text(t.into()),
        (Default::Derived { make, .. }, _) => make(v),
        (Default::Off | Default::All, Kind::Words(_) | Kind::Controls(_)) => {
            Value::Words(Vec::new())
        }
        (Default::Off | Default::All, _) => Value::Off,
    }
}

/// Parses the text `t` of attribute `a`, given the values read so far.
fn parse(a: &Attr, t: &str, v: &Values) -> Result<Value, Error> {
    if t.len() > MAX_VALUE_LEN {
        return Err(Error::TooLong {
            what: "the value",
            len: t.len(),
            max: MAX_VALUE_LEN,
        });
    }
    let dim = v.surface().map(|s| s.dim());
    match a.kind {
        Kind::Surface { dim } => {
            let s = one_spec(t)?;
            build_surface(&s, dim)?;
            Ok(Value::Spec(s))
        }
        Kind::Optimizer => {
            let s = one_spec(t)?;
            optim::build(&s, dim.unwrap_or(2))?;
            Ok(Value::Spec(s))
        }
        Kind::Optimizers { max } => {
            let list = spec_list(t, max)?;
            for s in &list {
                optim::build(s, dim.unwrap_or(2))?;
            }
            Ok(Value::Specs(list))
        }
        Kind::Schedule { pairs } => {
            let s = one_spec(t)?;
            let (lr, momentum) = base_of(v, pairs);
            schedule::build(&s, lr, momentum)?;
            Ok(Value::Spec(s))
        }
        Kind::Schedules { max } => {
            let list = spec_list(t, max)?;
            let lr = v.num("lr").unwrap_or(FALLBACK_LR);
            for s in &list {
                if s.name == "plateau" {
                    return Err(incompatible(
                        "plateau follows the loss, so it has no curve of its own".into(),
                    ));
                }
                schedule::build(s, lr, Some(FALLBACK_MOMENTUM))?;
            }
            Ok(Value::Specs(list))
        }
        Kind::Number { range } => number(a.name, t, range, false).map(Value::Number),
        Kind::Integer { min, max } => {
            number(a.name, t, Range::closed(min as f64, max as f64), true).map(Value::Number)
        }
        Kind::Point => point(t, dim.unwrap_or(2)).map(Value::Point),
        Kind::Points { max } => points(t, max).map(Value::Points),
        Kind::Words(allowed) | Kind::Controls(allowed) => {
            words(a.name, t, allowed).map(Value::Words)
        }
        Kind::Numbers(parts) => numbers(t, parts).map(Value::Numbers),
        Kind::Text => Ok(Value::Text(t.to_string())),
    }
}

/// The learning rate and momentum a schedule paired with optimizer attribute `pairs`
/// starts from: the widget's `lr` if it has one, else the optimizer's.
fn base_of(v: &Values, pairs: &str) -> (f64, Option<f64>) {
    let opt = v
        .spec(pairs)
        .and_then(|s| optim::build(s, v.surface().map_or(2, |s| s.dim())).ok());
    let lr = v
        .num("lr")
        .or(opt.as_ref().map(|o| o.lr()))
        .unwrap_or(FALLBACK_LR);
    let momentum = match &opt {
        Some(o) => o.momentum(),
        None => Some(FALLBACK_MOMENTUM),
    };
    (lr, momentum)
}

/// Builds surface `s` and checks it has `dim` parameters.
fn build_surface(s: &Spec, dim: usize) -> Result<Box<dyn Surface>, Error> {
    let built = surface::build(s)?;
    if built.dim() != dim {
        return Err(incompatible(format!(
            "{} has {} parameter{}; this widget draws {dim}-D surfaces",
            built.name(),
            built.dim(),
            if built.dim() == 1 { "" } else { "s" }
        )));
    }
    Ok(built)
}

fn one_spec(t: &str) -> Result<Spec, Error> {
    let t = t.trim();
    if t.is_empty() {
        return Err(Error::Missing {
            owner: String::new(),
            key: "a spec".into(),
            hint: None,
        });
    }
    Spec::parse(t)
}

/// A `;`-list of 1 to `max` specs; the count is checked before any spec is parsed.
fn spec_list(t: &str, max: usize) -> Result<Vec<Spec>, Error> {
    let n = t.split(';').count();
    if n > max {
        return Err(Error::TooMany {
            owner: String::new(),
            key: "the ;-list".into(),
            count: n,
            max,
        });
    }
    t.split(';')
        .enumerate()
        .map(|(i, p)| {
            let p = p.trim();
            if p.is_empty() {
                return Err(incompatible(format!(
                    "spec {} of the ;-list is empty",
                    i + 1
                )));
            }
            Spec::parse(p)
        })
        .collect()
}

/// The error for `value` of `key` outside what is `allowed`.
pub fn out_of_range(key: &str, value: f64, allowed: &str) -> Error {
    Error::OutOfRange {
        owner: String::new(),
        key: key.into(),
        value,
        allowed: allowed.into(),
    }
}

/// The error for values that do not go together, saying why.
pub fn incompatible(reason: String) -> Error {
    Error::Incompatible {
        owner: String::new(),
        reason,
    }
}

/// The error for text `t` that is not what `expected` says.
fn not_a(t: &str, expected: &str) -> Error {
    Error::WrongType {
        owner: String::new(),
        key: ["\"", t, "\""].concat(),
        expected: expected.into(),
        got: None,
    }
}

/// The allowed range of a coordinate, in words.
fn within() -> String {
    ["within ±", &fmt_num(MAX_COORD)].concat()
}

fn finite(t: &str) -> Result<f64, Error> {
    let t = t.trim();
    match parse_f64(t) {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => Err(not_a(t, "a finite number")),
        None => Err(not_a(t, "a number")),
    }
}

fn number(name: &str, t: &str, range: Range, integer: bool) -> Result<f64, Error> {
    let x = finite(t)?;
    if integer && x.fract() != 0.0 {
        return Err(Error::NotWhole {
            owner: String::new(),
            key: name.into(),
            value: x,
        });
    }
    if !range.contains(x) {
        return Err(out_of_range(name, x, &range.describe(name)));
    }
    Ok(x)
}

fn point(t: &str, dim: usize) -> Result<Vec<f64>, Error> {
    let coords = t
        .split(',')
        .map(finite)
        .collect::<Result<Vec<f64>, Error>>()?;
    if coords.len() != dim {
        return Err(incompatible(format!(
            "\"{}\" has {} coordinate{} but the surface has {dim} parameter{}",
            t.trim(),
            coords.len(),
            if coords.len() == 1 { "" } else { "s" },
            if dim == 1 { "" } else { "s" }
        )));
    }
    if let Some(x) = coords.iter().find(|x| x.abs() > MAX_COORD) {
        return Err(out_of_range("a coordinate", *x, &within()));
    }
    Ok(coords)
}

/// Parses `[[x,y],[x,y],…]`: 1 to `max` points, each coordinate within ±[`MAX_COORD`].
pub fn points(t: &str, max: usize) -> Result<Vec<[f64; 2]>, Error> {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let shape = || not_a(t.trim(), "a list of points such as [[1,2],[2,4]]");
    let inner = compact
        .strip_prefix("[[")
        .and_then(|s| s.strip_suffix("]]"))
        .ok_or_else(shape)?;
    let n = inner.split("],[").count();
    if n > max {
        return Err(Error::TooMany {
            owner: String::new(),
            key: "the points".into(),
            count: n,
            max,
        });
    }
    let mut out = Vec::with_capacity(n);
    for pair in inner.split("],[") {
        let mut nums = pair.split(',').map(finite);
        match (nums.next(), nums.next(), nums.next()) {
            (Some(x), Some(y), None) => out.push([x?, y?]),
            _ => return Err(shape()),
        }
    }
    if let Some(x) = out.iter().flatten().find(|x| x.abs() > MAX_COORD) {
        return Err(out_of_range("a coordinate", *x, &within()));
    }
    Ok(out)
}

/// A comma list of distinct words from `allowed` (`none` or nothing: no words).
fn words(key: &str, t: &str, allowed: &'static [&'static str]) -> Result<Vec<&'static str>, Error> {
    let mut seen: Vec<&'static str> = Vec::new();
    for w in t.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if w == "none" {
            continue;
        }
        let Some(known) = allowed.iter().find(|a| **a == w) else {
            return Err(Error::UnknownWord {
                owner: String::new(),
                key: key.into(),
                word: w.into(),
                allowed: allowed.to_vec(),
            });
        };
        if seen.contains(known) {
            return Err(incompatible(format!("\"{w}\" is listed twice")));
        }
        seen.push(known);
    }
    Ok(seen)
}

fn numbers(t: &str, parts: &[(&str, Range)]) -> Result<Vec<f64>, Error> {
    let v = t
        .split(',')
        .map(finite)
        .collect::<Result<Vec<f64>, Error>>()?;
    if v.len() != parts.len() {
        let names: Vec<&str> = parts.iter().map(|p| p.0).collect();
        return Err(not_a(
            t.trim(),
            &format!("{} numbers: {}", parts.len(), names.join(",")),
        ));
    }
    for (x, (name, range)) in v.iter().zip(parts) {
        if !range.contains(*x) {
            return Err(out_of_range(name, *x, &range.describe(name)));
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::super::find;
    use super::*;

    fn run(widget: &str, attrs: &[(&str, &str)]) -> Vec<String> {
        let def = find(widget).unwrap();
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        read(def, &get)
            .1
            .into_iter()
            .filter(|p| !p.missing)
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn good_values_pass() {
        assert_eq!(
            run(
                "playground",
                &[
                    ("surface", "quadratic(a=1, b=25)"),
                    ("optimizer", "sgd(lr=0.05); sgd(lr=0.01, momentum=0.9)"),
                    ("schedule", "constant"),
                    ("start", "-1.5, 1"),
                    ("steps", "200"),
                    ("noise", "0"),
                    ("controls", "lr, momentum"),
                    ("caption", "Any <text> at all"),
                ]
            ),
            Vec::<String>::new()
        );
        assert!(run(
            "regression",
            &[("points", "[[1,2], [2,4],[3,6]]"), ("w", "-0.5")]
        )
        .is_empty());
        assert!(run("anatomy", &[("optimizer", "adam"), ("parts", "m,v")]).is_empty());
    }

    #[test]
    fn specs_that_do_not_parse_or_build_are_named() {
        let e = run("race", &[("optimizers", "sgd(lr=0.1); adamx(lr=1)")]);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("optimizers: unknown optimizer \"adamx\""),
            "{e:?}"
        );
        let e = run("race", &[("optimizers", "sgd(lr=)")]);
        assert!(e[0].contains("expected a value"), "{e:?}");
        let e = run("race", &[("optimizers", "sgd;;sgd")]);
        assert!(e[0].contains("spec 2 of the ;-list is empty"), "{e:?}");
        let e = run("playground", &[("surface", "volcano")]);
        assert!(
            e[0].starts_with("surface: unknown surface \"volcano\""),
            "{e:?}"
        );
        let e = run("playground", &[("schedule", "no_such_schedule(t_max=10)")]);
        assert!(
            e[0].starts_with("schedule: unknown schedule \"no_such_schedule\""),
            "{e:?}"
        );
        let e = run("compare", &[("left", "sgd(lr=-1)"), ("right", "sgd")]);
        assert!(e[0].starts_with("left: sgd: lr"), "{e:?}");
        let e = run("playground", &[("surface", "quadratic(c=2)")]);
        assert!(e[0].contains("unknown parameter c"), "{e:?}");
    }

    #[test]
    fn numbers_points_and_words_are_checked() {
        let e = run(
            "playground",
            &[("steps", "2.5"), ("clip_norm", "0"), ("seed", "x")],
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("whole number"));
        assert!(e[1].contains("out of range"));
        assert!(e[2].contains("\"x\" must be a number"), "{e:?}");
        let e = run("race", &[("optimizers", "sgd"), ("start", "1,2,3")]);
        assert!(
            e[0].contains("3 coordinates but the surface has 2 parameters"),
            "{e:?}"
        );
        let e = run("ball", &[("start", "1,2")]);
        assert!(e[0].contains("has 1 parameter"), "{e:?}");
        let e = run("race", &[("optimizers", "sgd"), ("start", "1,nan")]);
        assert!(e[0].contains("must be a finite number"), "{e:?}");
        let e = run("regression", &[("points", "[[1,2],[3]]")]);
        assert!(e[0].contains("list of points"), "{e:?}");
        let e = run("anatomy", &[("optimizer", "sgd"), ("parts", "m,m")]);
        assert!(e[0].contains("listed twice"), "{e:?}");
        let e = run("schedules", &[("schedules", "constant; no_such_schedule")]);
        assert!(e[0].contains("unknown schedule"), "{e:?}");
        let e = run("anatomy", &[("optimizer", "sgd"), ("parts", "m")]);
        assert_eq!(
            e,
            vec!["parts: \"m\" applies to the adam optimizer only, not sgd"]
        );
        let e = run("playground", &[("controls", "lr,zoom")]);
        assert!(e[0].contains("zoom is not allowed"), "{e:?}");
    }

    #[test]
    fn points_parse() {
        assert_eq!(
            points("[[1, 2],[2,4.5]]", 200).unwrap(),
            vec![[1.0, 2.0], [2.0, 4.5]]
        );
        assert!(points("[]", 200).is_err());
        assert!(points("[[1,2]", 200).is_err());
        assert!(points("[[1,2],[inf,1]]", 200).is_err());
        assert!(points("[[1,2],[2,3]]", 1).is_err());
    }
}
