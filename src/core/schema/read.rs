//! Reading a widget's attributes through its table: each text parsed by its kind,
//! checked against its limits and against the other values (a start against the
//! surface's dimension, a schedule against its optimizer), and replaced by its default
//! when it is absent or refused. The lesson checker reports the problems; a widget shows
//! them in its notice and mounts with the defaults.

use super::{Attr, Default, Kind, Widget, MAX_COORD, MAX_VALUE_LEN};
use crate::core::error::{Error, Result};
use crate::core::limits::MAX_OPTIMIZERS;
use crate::core::num::parse_f64;
use crate::core::spec::{fmt_num, parse_list, Range, Spec};
use crate::core::surface::Surface;
use crate::core::text::join;
use crate::core::{nn, optim, schedule};

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
    /// Numbers, one per run (`None`: off for that run).
    Each(Vec<Option<f64>>),
    /// The stops of a guided run: each step with its caption.
    Stops(Vec<(usize, String)>),
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
            Value::Stops(v) => {
                let each: Vec<String> = v
                    .iter()
                    .map(|(k, c)| [k.to_string(), ": ".into(), c.clone()].concat())
                    .collect();
                join(&each, " | ")
            }
            Value::Each(v) => {
                let each: Vec<String> = v.iter().map(|x| x.map_or("off".into(), fmt_num)).collect();
                join(&each, "; ")
            }
        }
    }
}

/// A refused or missing attribute: which one and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The attribute.
    pub attr: &'static str,
    /// Why it was refused.
    pub error: Box<Error>,
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
    /// The value of `name` (`None` for an attribute the widget does not have).
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.value)
    }

    /// Whether `name` was given and accepted (not a default).
    pub fn given(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name && e.given)
    }

    /// The spec `name` holds (the first of a list).
    pub fn spec(&self, name: &str) -> Option<&Spec> {
        match self.value(name)? {
            Value::Spec(s) => Some(s),
            Value::Specs(v) => v.first(),
            _ => None,
        }
    }

    /// The specs `name` holds (one for a single spec).
    pub fn specs(&self, name: &str) -> Option<&[Spec]> {
        match self.value(name)? {
            Value::Spec(s) => Some(std::slice::from_ref(s)),
            Value::Specs(v) => Some(v),
            _ => None,
        }
    }

    /// The number `name` holds.
    pub fn num(&self, name: &str) -> Option<f64> {
        match self.value(name)? {
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
        match self.value(name)? {
            Value::Point(p) | Value::Numbers(p) => Some(p),
            _ => None,
        }
    }

    /// The 2-D points `name` holds.
    pub fn points(&self, name: &str) -> Option<&[[f64; 2]]> {
        match self.value(name)? {
            Value::Points(p) => Some(p),
            _ => None,
        }
    }

    /// The words `name` holds (none when it holds something else).
    pub fn words(&self, name: &str) -> &[&'static str] {
        match self.value(name) {
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
        match self.value(name)? {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The numbers `name` holds, one per run (`None`: off); a single number or an
    /// attribute that is off reads as one entry.
    pub fn each(&self, name: &str) -> Vec<Option<f64>> {
        match self.value(name) {
            Some(Value::Each(v)) => v.clone(),
            Some(Value::Number(x)) => vec![Some(*x)],
            _ => vec![None],
        }
    }

    /// How many entries `name` holds: a list's length, else 1.
    pub fn entries(&self, name: &str) -> usize {
        match self.value(name) {
            Some(Value::Specs(s)) => s.len(),
            Some(Value::Each(e)) => e.len(),
            _ => 1,
        }
    }

    /// Run `i`'s spec of a per-run list: entry `i`, or the last when the list is shorter.
    pub fn spec_at(&self, name: &str, i: usize) -> Option<&Spec> {
        let s = self.specs(name)?;
        s.get(i).or(s.last())
    }

    /// Run `i`'s number of a per-run list (`None`: off): entry `i`, or the last.
    pub fn each_at(&self, name: &str, i: usize) -> Option<f64> {
        match self.value(name)? {
            Value::Each(v) => v.get(i).or(v.last()).copied().flatten(),
            Value::Number(x) => Some(*x),
            _ => None,
        }
    }

    /// The stops `name` holds (none when it holds something else).
    pub fn stops(&self, name: &str) -> &[(usize, String)] {
        match self.value(name) {
            Some(Value::Stops(s)) => s,
            _ => &[],
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
    let pass = |a: &Attr| match a.kind {
        Kind::Surface { .. } | Kind::Data => 0,
        Kind::Schedule { .. } | Kind::Schedules { .. } | Kind::RunSchedules { .. } => 2,
        _ => 1,
    };
    for n in 0..3 {
        for a in def.attrs.iter().filter(|a| pass(a) == n) {
            let given = match get(a.name) {
                None if a.required => Err(Box::new(Error::Missing {
                    owner: String::new(),
                    key: a.name.into(),
                    hint: None,
                })),
                None => Ok(None),
                Some(t) if t.len() > MAX_VALUE_LEN => Err(Box::new(Error::TooLong {
                    what: "the value",
                    len: t.len(),
                    max: MAX_VALUE_LEN,
                })),
                Some(t) => (a.parse)(a, &t, &mut v).map(Some),
            };
            let (value, given) = match given {
                Ok(Some(value)) => (value, true),
                Ok(None) => (default(a, &mut v), false),
                Err(error) => {
                    problems.push(Problem {
                        attr: a.name,
                        missing: matches!(*error, Error::Missing { .. }),
                        error,
                    });
                    (default(a, &mut v), false)
                }
            };
            v.entries.push(Entry {
                name: a.name,
                value,
                given,
            });
        }
    }
    if let Some(p) = def.check.and_then(|c| c(&mut v, def)) {
        problems.push(p);
    }
    (v, problems)
}

/// The problem a check across attributes found in `v`, if any: the attribute it blames
/// takes its default, as a refused text does.
pub fn blame(
    v: &mut Values,
    def: &Widget,
    found: Option<(&'static str, Box<Error>)>,
) -> Option<Problem> {
    let (attr, error) = found?;
    if let Some(a) = def.attrs.iter().find(|a| a.name == attr) {
        let value = default(a, v);
        if let Some(e) = v.entries.iter_mut().find(|e| e.name == attr) {
            *e = Entry {
                name: attr,
                value,
                given: false,
            };
        }
    }
    Some(Problem {
        attr,
        error,
        missing: false,
    })
}

/// The default of `a`, given the values read so far. A spec default is read by the
/// attribute's own parser (so a default surface is built like a given one).
pub fn default(a: &Attr, v: &mut Values) -> Value {
    match (a.default, a.kind) {
        (Default::Spec(t), _) => (a.parse)(a, t, v).unwrap_or(Value::Off),
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

/// The number of parameters of the surface read so far (2 before any).
fn dim(v: &Values) -> usize {
    v.surface().map_or(2, |s| s.dim())
}

/// Reads a surface spec, builds it (into `v`) and checks its dimension.
pub fn surface(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let s = one_spec(t)?;
    let want = match a.kind {
        Kind::Surface { dim } => Some(dim),
        _ => None,
    };
    let built = crate::core::surface::build_for(&s, want)?;
    if let Kind::Surface { dim } = a.kind {
        if built.dim() != dim {
            let what = if dim == 1 {
                " is not a 1-D curve"
            } else {
                " is not 2-D"
            };
            return Err(incompatible([built.name(), what].concat()));
        }
    }
    v.surface = Some(built);
    Ok(Value::Spec(s))
}

/// Reads an optimizer spec that builds for the surface read so far.
pub fn optimizer(_: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let s = one_spec(t)?;
    optim::build(&s, dim(v))?;
    Ok(Value::Spec(s))
}

/// Reads a `;`-list of optimizer specs that build for the surface read so far.
pub fn optimizers(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let max = match a.kind {
        Kind::Optimizers { max } => max,
        _ => MAX_OPTIMIZERS,
    };
    let list = parse_list(t, "optimizer", max)?;
    for s in &list {
        optim::build(s, dim(v))?;
    }
    Ok(Value::Specs(list))
}

/// Reads a schedule spec that builds on its paired optimizer's rate and momentum.
pub fn schedule(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let s = one_spec(t)?;
    let pairs = match a.kind {
        Kind::Schedule { pairs } => pairs,
        _ => "",
    };
    let (lr, momentum) = base_of(v, pairs);
    schedule::build(&s, lr, momentum)?;
    Ok(Value::Spec(s))
}

/// Reads a `;`-list of schedules drawn as curves on the widget's `lr` (so none may
/// follow the loss).
pub fn schedules(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let max = match a.kind {
        Kind::Schedules { max } => max,
        _ => MAX_OPTIMIZERS,
    };
    let list = parse_list(t, "schedule", max)?;
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

/// Reads a number (a whole one for an integer kind) within the kind's range.
pub fn number(a: &Attr, t: &str, _: &mut Values) -> Result<Value> {
    let (range, whole) = match a.kind {
        Kind::Integer { min, max } => (Range::closed(min as f64, max as f64), true),
        Kind::Number { range } => (range, false),
        _ => (Range::ANY, false),
    };
    let x = finite(t)?;
    if whole && x.fract() != 0.0 {
        return Err(Box::new(Error::NotWhole {
            owner: String::new(),
            key: a.name.into(),
            value: x,
        }));
    }
    if !range.contains(x) {
        return Err(out_of_range(a.name, x, &range.describe(a.name)));
    }
    Ok(Value::Number(x))
}

/// Reads a point with one coordinate per parameter of the surface read so far.
pub fn point(_: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let dim = dim(v);
    // One coordinate past the surface's is enough to refuse it.
    let coords = t
        .split(',')
        .take(dim + 1)
        .map(finite)
        .collect::<Result<Vec<f64>>>()?;
    if coords.len() != dim {
        let short: String = t.trim().chars().take(60).collect();
        return Err(incompatible(format!(
            "\"{short}\" has {}{} coordinate{} but the surface has {dim} parameter{}",
            if coords.len() > dim { "more than " } else { "" },
            coords.len().min(dim),
            if coords.len().min(dim) == 1 { "" } else { "s" },
            if dim == 1 { "" } else { "s" }
        )));
    }
    if let Some(x) = coords.iter().find(|x| x.abs() > MAX_COORD) {
        return Err(out_of_range("a coordinate", *x, &within()));
    }
    Ok(Value::Point(coords))
}

/// Reads a list of points.
pub fn points(a: &Attr, t: &str, _: &mut Values) -> Result<Value> {
    let max = match a.kind {
        Kind::Points { max } => max,
        _ => 0,
    };
    point_list(t, max).map(Value::Points)
}

/// Reads a comma list of distinct words (or controls) of the kind's.
pub fn words(a: &Attr, t: &str, _: &mut Values) -> Result<Value> {
    let allowed = match a.kind {
        Kind::Words(w) | Kind::Controls(w) => w,
        _ => &[],
    };
    word_list(a.name, t, allowed).map(Value::Words)
}

/// Reads numbers, one per part of the kind.
pub fn numbers(a: &Attr, t: &str, _: &mut Values) -> Result<Value> {
    let parts = match a.kind {
        Kind::Numbers(p) => p,
        _ => &[],
    };
    number_list(t, parts).map(Value::Numbers)
}

/// Reads the stops of a guided run: `STEP: caption` separated by `|`, 1 to `max` of
/// them, the steps rising and within the widget's `steps` (read before).
pub fn stops(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let max = match a.kind {
        Kind::Stops { max } => max,
        _ => 0,
    };
    let parts = crate::core::spec::split_at_most(t, '|', max, a.name)?;
    let last = v.int("steps").unwrap_or(usize::MAX);
    let mut out: Vec<(usize, String)> = Vec::with_capacity(parts.len());
    for p in parts {
        let shape = || not_a(p.trim(), "a stop such as 40: the valley floor");
        let (step, caption) = p.split_once(':').ok_or_else(shape)?;
        let k = finite(step)?;
        if k.fract() != 0.0 || k < 0.0 || k > last as f64 {
            return Err(out_of_range(
                "a stop's step",
                k,
                &["a whole number from 0 to steps (", &last.to_string(), ")"].concat(),
            ));
        }
        let k = k as usize;
        if out.last().is_some_and(|(prev, _)| *prev >= k) {
            return Err(incompatible(format!(
                "stop {k} comes after a later one; list the stops in rising order"
            )));
        }
        let caption = caption.trim();
        if caption.is_empty() {
            return Err(shape());
        }
        out.push((k, caption.to_string()));
    }
    Ok(Value::Stops(out))
}

/// Reads a generated data set's spec (generating it, so a bad one is refused here).
pub fn data(_: &Attr, t: &str, _: &mut Values) -> Result<Value> {
    let s = one_spec(t)?;
    nn::generate(&s)?;
    Ok(Value::Spec(s))
}

/// The data set read so far (the `data` attribute), generated.
pub fn data_of(v: &Values) -> Option<nn::Split> {
    nn::generate(v.spec("data")?).ok()
}

/// Reads a network spec that fits the data set read so far.
pub fn model(_: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let s = one_spec(t)?;
    let mlp = nn::Mlp::from_spec(&s)?;
    if let Some(d) = data_of(v) {
        nn::Loss::fit(&mlp, &d.train)?;
    }
    Ok(Value::Spec(s))
}

/// Reads one to `max` numbers separated by `;` (`off` where the default is off), each
/// in the kind's range.
pub fn each(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let (range, whole, max) = match a.kind {
        Kind::Each { range, whole, max } => (range, whole, max),
        _ => (Range::ANY, false, 1),
    };
    let parts = crate::core::spec::split_at_most(t, ';', max, a.name)?;
    let kind = match whole {
        true => Kind::Integer {
            min: range.min as u64,
            max: range.max as u64,
        },
        false => Kind::Number { range },
    };
    let one = Attr { kind, ..*a };
    parts
        .into_iter()
        .map(|p| match p.trim() {
            "off" if matches!(a.default, Default::Off) => Ok(None),
            p => match number(&one, p, v)? {
                Value::Number(x) => Ok(Some(x)),
                _ => Ok(None),
            },
        })
        .collect::<Result<Vec<_>>>()
        .map(Value::Each)
}

/// Reads one to `max` schedule specs separated by `;`, one per run, each built on its
/// run's optimizer (a single schedule is checked against every run's).
pub fn run_schedules(a: &Attr, t: &str, v: &mut Values) -> Result<Value> {
    let (max, pairs) = match a.kind {
        Kind::RunSchedules { max, pairs } => (max, pairs),
        _ => (1, ""),
    };
    let list = parse_list(t, "schedule", max)?;
    let opts = v.specs(pairs).map(<[Spec]>::to_vec).unwrap_or_default();
    let n = list.len().max(opts.len());
    for i in 0..n {
        let s = list.get(i).or(list.last());
        let o = opts.get(i).or(opts.last());
        if let (Some(s), Some(o)) = (s, o) {
            let o = optim::build(o, 1)?;
            schedule::build(s, o.lr(), o.momentum())?;
        }
    }
    Ok(Value::Specs(list))
}

/// Reads free text.
pub fn text(_: &Attr, t: &str, _: &mut Values) -> Result<Value> {
    Ok(Value::Text(t.to_string()))
}

/// The learning rate and momentum a schedule paired with optimizer attribute `pairs`
/// starts from: the widget's `lr` if it has one, else the optimizer's.
fn base_of(v: &Values, pairs: &str) -> (f64, Option<f64>) {
    let opt = v.spec(pairs).and_then(|s| optim::build(s, dim(v)).ok());
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

fn one_spec(t: &str) -> Result<Spec> {
    let t = t.trim();
    if t.is_empty() {
        return Err(Box::new(Error::Missing {
            owner: String::new(),
            key: "a spec".into(),
            hint: None,
        }));
    }
    Spec::parse(t)
}

/// The error for `value` of `key` outside what is `allowed`.
pub fn out_of_range(key: &str, value: f64, allowed: &str) -> Box<Error> {
    Box::new(Error::OutOfRange {
        owner: String::new(),
        key: key.into(),
        value,
        allowed: allowed.into(),
    })
}

/// The error for values that do not go together, saying why.
pub fn incompatible(reason: String) -> Box<Error> {
    Box::new(Error::Incompatible {
        owner: String::new(),
        reason,
    })
}

/// The error for text `t` that is not what `expected` says.
fn not_a(t: &str, expected: &str) -> Box<Error> {
    Box::new(Error::WrongType {
        owner: String::new(),
        key: ["\"", t, "\""].concat(),
        expected: expected.into(),
        got: None,
    })
}

/// The allowed range of a coordinate, in words.
fn within() -> String {
    ["within ±", &fmt_num(MAX_COORD)].concat()
}

fn finite(t: &str) -> Result<f64> {
    let t = t.trim();
    match parse_f64(t) {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => Err(not_a(t, "a finite number")),
        None => Err(not_a(t, "a number")),
    }
}

/// Parses `[[x,y],[x,y],…]` with the spec language's list syntax: 1 to `max` points,
/// each coordinate a finite number within ±[`MAX_COORD`].
pub fn point_list(t: &str, max: usize) -> Result<Vec<[f64; 2]>> {
    let shape = || not_a(t.trim(), "a list of points such as [[1,2],[2,4]]");
    let value = crate::core::spec::Value::parse(t).map_err(|_| shape())?;
    let pts = value.as_points().ok_or_else(shape)?;
    if pts.len() > max {
        return Err(Box::new(Error::TooMany {
            owner: String::new(),
            key: "the points".into(),
            count: pts.len(),
            max,
        }));
    }
    let coord = |v: &crate::core::spec::Value| match v {
        crate::core::spec::Value::Num(x) if x.is_finite() && x.abs() <= MAX_COORD => Ok(*x),
        crate::core::spec::Value::Num(x) => Err(out_of_range("a coordinate", *x, &within())),
        other => Err(not_a(&other.to_string(), "a finite number")),
    };
    pts.iter()
        .map(|[x, y]| Ok([coord(x)?, coord(y)?]))
        .collect()
}

/// A comma list of distinct words from `allowed` (`none` or nothing: no words).
fn word_list(key: &str, t: &str, allowed: &'static [&'static str]) -> Result<Vec<&'static str>> {
    let mut seen: Vec<&'static str> = Vec::new();
    for w in t.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if w == "none" {
            continue;
        }
        let Some(known) = allowed.iter().find(|a| **a == w) else {
            return Err(Box::new(Error::UnknownWord {
                owner: String::new(),
                key: key.into(),
                word: w.into(),
                allowed: allowed.to_vec(),
            }));
        };
        if seen.contains(known) {
            return Err(incompatible(format!("\"{w}\" is listed twice")));
        }
        seen.push(known);
    }
    Ok(seen)
}

/// Numbers separated by commas, one per named part, each in its part's range.
pub fn number_list(t: &str, parts: &[(&str, Range)]) -> Result<Vec<f64>> {
    let v = t
        .split(',')
        .take(parts.len() + 1)
        .map(finite)
        .collect::<Result<Vec<f64>>>()?;
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
        assert!(
            e[0].contains("optimizer 2 of the ;-separated list is empty"),
            "{e:?}"
        );
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
            e[0].contains("more than 2 coordinates but the surface has 2 parameters"),
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
            point_list("[[1, 2],[2,4.5]]", 200).unwrap(),
            vec![[1.0, 2.0], [2.0, 4.5]]
        );
        assert!(point_list("[]", 200).is_err());
        assert!(point_list("[[1,2]", 200).is_err());
        assert!(point_list("[[1,2],[inf,1]]", 200).is_err());
        assert!(point_list("[[1,2],[2,3]]", 1).is_err());
    }

    #[test]
    fn network_settings_are_read_per_run() {
        assert!(run(
            "network",
            &[
                ("data", "blobs(n=120, seed=2)"),
                ("model", "mlp(layers=[2,8,3], activation=relu)"),
                (
                    "optimizer",
                    "adam(lr=0.01); adamw(lr=0.01, weight_decay=0.1)"
                ),
                ("schedule", "constant; cosine(t_max=100)"),
                ("batch", "8"),
                ("clip_norm", "off; 1"),
            ]
        )
        .is_empty());
        let def = find("network").unwrap();
        let (v, _) = read(def, &|n| (n == "clip_norm").then(|| "off; 0.5".to_string()));
        assert_eq!(v.each("clip_norm"), vec![None, Some(0.5)]);
        assert_eq!(v.each("batch"), vec![Some(32.0)]);
        assert_eq!(v.value("clip_norm").unwrap().to_text(), "off; 0.5");
        // The default network fits the data: three outputs for three blobs.
        let (v, p) = read(def, &|n| (n == "data").then(|| "blobs".to_string()));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            v.spec("model").unwrap().to_string(),
            "mlp(layers=[2,16,16,3], activation=tanh)"
        );
    }

    #[test]
    fn network_settings_that_do_not_fit_are_named() {
        let e = run(
            "network",
            &[("data", "circles"), ("model", "mlp(layers=[3,4,1])")],
        );
        assert_eq!(
            e,
            ["model: the data has 2 features; mlp(layers=[3,4,1], activation=tanh) takes 3"]
        );
        let e = run(
            "network",
            &[("data", "blobs"), ("model", "mlp(layers=[2,4,1])")],
        );
        assert_eq!(
            e,
            ["model: the data has 3 classes; the network needs 3 outputs, not 1"]
        );
        let e = run("network", &[("batch", "8; 0")]);
        assert!(
            e[0].starts_with("batch: batch = 0 is out of range"),
            "{e:?}"
        );
        let e = run("network", &[("batch", "1;2;3;4;5")]);
        assert!(e[0].starts_with("batch: "), "{e:?}");
        let e = run("network", &[("batch", "8; off")]);
        assert!(e[0].starts_with("batch: "), "{e:?}");
        let e = run(
            "network",
            &[("batch", "8; 16"), ("optimizer", "sgd; adam; lion")],
        );
        assert_eq!(e, ["batch: batch has 2 entries but optimizer has 3; give one entry (for every run) or 3"]);
        let e = run("network", &[("data", "moons(n=0)")]);
        assert!(e[0].starts_with("data: "), "{e:?}");
        let e = run("network", &[("model", "mlp(layers=[2,10000,1])")]);
        assert!(e[0].contains("width"), "{e:?}");
        let e = run("lr-finder", &[("lo", "1"), ("hi", "0.1")]);
        assert_eq!(e, ["hi: hi = 0.1 must be above lo = 1"]);
    }

    #[test]
    fn an_attribute_the_check_blames_takes_its_default() {
        let def = find("lr-finder").unwrap();
        let (v, p) = read(def, &|n| match n {
            "lo" => Some("1".into()),
            "hi" => Some("0.1".into()),
            _ => None,
        });
        assert_eq!(p.len(), 1);
        assert_eq!((v.num("hi"), v.given("hi")), (Some(10.0), false));
        let mut v = v;
        assert!(def.check.and_then(|c| c(&mut v, def)).is_none());
        // A map with no key across gets the default key, so it has a map to draw.
        let def = find("map").unwrap();
        let (v, p) = read(def, &|n| (n == "x").then(|| "none".into()));
        assert_eq!(
            p.len(),
            1,
            "{:?}",
            p.iter().map(|p| p.attr).collect::<Vec<_>>()
        );
        assert_eq!(v.words("x"), ["lr"]);
        assert!(super::super::table::map_spec(&v).is_some());
    }

    #[test]
    fn stops_are_read_in_rising_order_within_the_steps() {
        let def = find("race").unwrap();
        let (v, p) = read(def, &|n| match n {
            "optimizers" => Some("sgd; adam".into()),
            "steps" => Some("300".into()),
            "stops" => Some("0: The start | 40: The valley floor: a crawl | 300: The end".into()),
            _ => None,
        });
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            v.stops("stops"),
            [
                (0, "The start".to_string()),
                (40, "The valley floor: a crawl".to_string()),
                (300, "The end".to_string())
            ]
        );
        assert_eq!(
            v.value("stops").unwrap().to_text(),
            "0: The start | 40: The valley floor: a crawl | 300: The end"
        );
        for (bad, want) in [
            ("40: b | 10: a", "rising order"),
            ("400: past the end", "a stop's step = 400 is out of range"),
            ("no colon here", "a stop such as"),
            ("5:", "a stop such as"),
            ("1:a|2:b|3:c|4:d|5:e|6:f|7:g|8:h|9:i", "stops"),
        ] {
            let e = run(
                "race",
                &[("optimizers", "sgd"), ("steps", "300"), ("stops", bad)],
            );
            assert!(e.first().is_some_and(|e| e.contains(want)), "{bad}: {e:?}");
        }
    }
}
