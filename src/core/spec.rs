//! The spec language: one small text syntax that names optimizers, schedules and surfaces.
//!
//! ```text
//! adam(lr=0.01, beta1=0.9)   multistep(milestones=[50,120], gamma=0.5)   rosenbrock
//! ```
//!
//! A spec is `NAME` or `NAME(key=value, …)`. Values are numbers (Rust `f64` syntax),
//! `true`/`false`, bare words, double-quoted strings (`"x^2 + y"`, with `\"` and `\\`
//! escapes), or lists `[…]` of values. Parsing never panics; every
//! error says where and what is wrong. [`Params`] reads a spec's arguments with
//! defaults and ranges, rejects unknown keys, and records what it read so one builder
//! function also describes its parameters (for `gdz list` and the widgets' controls).

use super::error::{Error, Result};
use std::fmt::{self, Write as _};

/// Longest spec accepted, in bytes: far above any real one, small enough to bound work.
pub const MAX_SPEC_LEN: usize = 4096;
/// Deepest list nesting accepted.
const MAX_DEPTH: usize = 8;

/// A value in a spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, in Rust `f64` syntax.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A bare word such as `triangular`.
    Word(String),
    /// A double-quoted string such as `"x^2 + y"` (written with `\"` and `\\` escapes).
    Str(String),
    /// A list `[a, b, …]`.
    List(Vec<Value>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Num(x) => write!(f, "{}", fmt_num(*x)),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Word(w) => f.write_str(w),
            Value::Str(text) => {
                f.write_char('"')?;
                for c in text.chars() {
                    if c == '"' || c == '\\' {
                        f.write_char('\\')?;
                    }
                    f.write_char(c)?;
                }
                f.write_char('"')
            }
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

impl Value {
    /// Parses the whole of `text` as one value in the spec syntax (a number, a word or
    /// a list such as `[[1,2],[2,4]]`).
    pub fn parse(text: &str) -> Result<Value> {
        let mut p = Parser::new(text, "value")?;
        let v = p.value(0)?;
        p.ws();
        if p.i < p.s.len() {
            return Err(p.err("unexpected text after the value"));
        }
        Ok(v)
    }

    /// The value as 1 to `max` 2-D points `[[x,y],…]` (each coordinate still to be
    /// range-checked), or `None` when it is not a list of that shape.
    pub fn as_points(&self) -> Option<Vec<[&Value; 2]>> {
        match self {
            Value::List(items) if !items.is_empty() => items
                .iter()
                .map(|p| match p {
                    Value::List(xy) => match xy.as_slice() {
                        [x, y] => Some([x, y]),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

/// Splits a `;`-separated list of 1 to `max` specs of `item`s (`optimizer`,
/// `schedule`; `;` separates because specs contain commas) and parses each. The count
/// is checked before any spec is parsed, and counting stops at `max + 1` entries, so a
/// list of any length costs no more than one of `max + 1`; an empty entry is an error
/// with its column.
pub fn parse_list(text: &str, item: &str, max: usize) -> Result<Vec<Spec>> {
    let parts = split_at_most(text, ';', max, &format!("the ;-list of {item}s"))?;
    let mut column = 1;
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        if part.trim().is_empty() {
            return Err(Box::new(Error::Syntax {
                what: format!("{item} {} of the ;-separated list is empty", i + 1),
                column,
                text: text.chars().take(60).collect(),
            }));
        }
        out.push(Spec::parse(part.trim())?);
        column += part.len() + 1;
    }
    Ok(out)
}

/// The `sep`-separated parts of `text`, 1 to `max` of them; more is an error (naming the
/// list `key`) found after reading only up to the `max + 1`-th separator, so its count is
/// `max + 1`, read as "more than `max`".
pub fn split_at_most<'a>(text: &'a str, sep: char, max: usize, key: &str) -> Result<Vec<&'a str>> {
    let parts: Vec<&str> = text.split(sep).take(max.saturating_add(1)).collect();
    if parts.len() > max {
        return Err(Box::new(Error::TooMany {
            owner: String::new(),
            key: key.to_string(),
            count: parts.len(),
            max,
        }));
    }
    Ok(parts)
}

/// Formats a number the shortest way that reads back to the same `f64`, positionally
/// from `1e-6` up to below `1e21` and in exponent form outside (`1e-7`, `5e-324`), as
/// JavaScript writes numbers ([`super::num::fmt_short`]): never more than 25 characters.
pub fn fmt_num(x: f64) -> String {
    super::num::fmt_short(x)
}

/// A parsed spec: a name and its `key=value` arguments in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The name before the parentheses, e.g. `adam`.
    pub name: String,
    /// The arguments, in the order written.
    pub args: Vec<(String, Value)>,
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.args.is_empty() {
            f.write_str("(")?;
            for (i, (k, v)) in self.args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k}={v}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Spec {
    type Err = Box<Error>;
    fn from_str(s: &str) -> Result<Spec> {
        Spec::parse(s)
    }
}

impl Spec {
    /// Parses `NAME` or `NAME(key=value, …)`.
    pub fn parse(text: &str) -> Result<Spec> {
        let mut p = Parser::new(text, "spec")?;
        let name = p
            .ident()
            .ok_or_else(|| p.err("expected a name such as adam"))?;
        p.ws();
        let mut args: Vec<(String, Value)> = Vec::new();
        if p.eat(b'(') {
            p.ws();
            if !p.eat(b')') {
                loop {
                    p.ws();
                    let key = p
                        .ident()
                        .ok_or_else(|| p.err("expected a parameter name"))?;
                    if args.iter().any(|(k, _)| *k == key) {
                        return Err(Box::new(Error::Duplicate { owner: name, key }));
                    }
                    p.ws();
                    if !p.eat(b'=') {
                        return Err(p.err(&format!("expected = after {key}")));
                    }
                    p.ws();
                    let v = p.value(0)?;
                    args.push((key, v));
                    p.ws();
                    if p.eat(b',') {
                        continue;
                    }
                    if p.eat(b')') {
                        break;
                    }
                    return Err(p.err("expected , or )"));
                }
            }
            p.ws();
        }
        if p.i < p.s.len() {
            return Err(p.err("unexpected text after the spec"));
        }
        Ok(Spec { name, args })
    }

    /// A spec with no arguments.
    pub fn bare(name: &str) -> Spec {
        Spec {
            name: name.to_string(),
            args: Vec::new(),
        }
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.args.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` to `value`, replacing an earlier value or appending.
    pub fn set(&mut self, key: &str, value: Value) {
        match self.args.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.args.push((key.to_string(), value)),
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `text` (past leading spaces); `text` longer than
    /// [`MAX_SPEC_LEN`] is refused as a `what` that is too long.
    fn new(text: &'a str, what: &'static str) -> Result<Parser<'a>> {
        if text.len() > MAX_SPEC_LEN {
            return Err(Box::new(Error::TooLong {
                what,
                len: text.len(),
                max: MAX_SPEC_LEN,
            }));
        }
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
            text,
        };
        p.ws();
        Ok(p)
    }

    fn err(&self, what: &str) -> Box<Error> {
        Box::new(Error::Syntax {
            what: what.to_string(),
            column: self.i + 1,
            text: self.text.chars().take(60).collect(),
        })
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn ident(&mut self) -> Option<String> {
        let start = self.i;
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.i += 1,
            _ => return None,
        }
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.i += 1;
        }
        self.text.get(start..self.i).map(str::to_string)
    }
    fn value(&mut self, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            return Err(self.err("lists nested too deeply"));
        }
        if self.eat(b'[') {
            let mut items = Vec::new();
            self.ws();
            if self.eat(b']') {
                return Ok(Value::List(items));
            }
            loop {
                self.ws();
                items.push(self.value(depth + 1)?);
                self.ws();
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b']') {
                    return Ok(Value::List(items));
                }
                return Err(self.err("expected , or ] in a list"));
            }
        }
        if self.peek() == Some(b'"') {
            return self.string();
        }
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-'))
        {
            self.i += 1;
        }
        let tok = self.text.get(start..self.i).unwrap_or("");
        if tok.is_empty() {
            return Err(self.err("expected a value"));
        }
        match tok {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            _ => {}
        }
        if let Some(x) = super::num::parse_f64(tok) {
            return Ok(Value::Num(x));
        }
        let first = tok.as_bytes().first().copied().unwrap_or(b'0');
        if (first.is_ascii_alphabetic() || first == b'_')
            && tok.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return Ok(Value::Word(tok.to_string()));
        }
        self.i = start;
        Err(self.err(&format!("\"{tok}\" is not a number, true/false or a word")))
    }
}

impl Parser<'_> {
    /// A double-quoted string at the parser's place: `\"` stands for `"` and `\\` for
    /// `\`; any other escape, and a missing closing quote, is an error with its column.
    fn string(&mut self) -> Result<Value> {
        let open = self.i;
        self.i += 1;
        let mut out = String::new();
        let mut from = self.i;
        loop {
            match self.peek() {
                None => {
                    self.i = open;
                    return Err(self.err("a string is not closed with \""));
                }
                Some(b'"') => {
                    out.push_str(self.text.get(from..self.i).unwrap_or(""));
                    self.i += 1;
                    return Ok(Value::Str(out));
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(from..self.i).unwrap_or(""));
                    match self.s.get(self.i + 1) {
                        Some(&c @ (b'"' | b'\\')) => out.push(char::from(c)),
                        _ => return Err(self.err("only \\\" and \\\\ may follow \\ in a string")),
                    }
                    self.i += 2;
                    from = self.i;
                }
                Some(_) => self.i += 1,
            }
        }
    }
}

/// What kind of value a parameter takes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A real number in `[min, max]` (open ends as flagged).
    Num,
    /// A whole number.
    Int,
    /// `true` or `false`.
    Bool,
    /// One of `words`.
    Word,
    /// A list of numbers.
    NumList,
    /// A list of points `[[x, y], …]`.
    Points,
    /// A double-quoted string (a formula).
    Text,
}

/// A description of one parameter, recorded while a builder reads a spec.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParamInfo {
    /// The parameter's name, as torch names it.
    pub name: String,
    /// The kind of value.
    pub kind: ParamKind,
    /// The default, as spec text (`None` when the parameter is required).
    pub default: Option<String>,
    /// Smallest allowed value (numbers).
    pub min: f64,
    /// Largest allowed value (numbers).
    pub max: f64,
    /// Whether `min` itself is excluded.
    pub min_open: bool,
    /// Whether `max` itself is excluded.
    pub max_open: bool,
    /// The allowed words (words).
    pub words: Vec<String>,
}

/// The allowed range of a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
    /// Lower end excluded.
    pub min_open: bool,
    /// Upper end excluded.
    pub max_open: bool,
}

impl Range {
    /// Any finite number.
    pub const ANY: Range = Range {
        min: f64::MIN,
        max: f64::MAX,
        min_open: false,
        max_open: false,
    };
    /// `x > 0`.
    pub const POSITIVE: Range = Range {
        min: 0.0,
        max: f64::MAX,
        min_open: true,
        max_open: false,
    };
    /// `x ≥ 0`.
    pub const NON_NEGATIVE: Range = Range {
        min: 0.0,
        max: f64::MAX,
        min_open: false,
        max_open: false,
    };
    /// `0 ≤ x < 1`, the range of a decay rate such as `beta1`.
    pub const UNIT_HALF_OPEN: Range = Range {
        min: 0.0,
        max: 1.0,
        min_open: false,
        max_open: true,
    };
    /// `0 ≤ x ≤ 1`.
    pub const UNIT: Range = Range {
        min: 0.0,
        max: 1.0,
        min_open: false,
        max_open: false,
    };
    /// `min ≤ x ≤ max`.
    pub const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            max,
            min_open: false,
            max_open: false,
        }
    }
    /// Whether `x` is finite and inside the range.
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite()
            && (if self.min_open {
                x > self.min
            } else {
                x >= self.min
            })
            && (if self.max_open {
                x < self.max
            } else {
                x <= self.max
            })
    }
    /// The range as a reader would write it around `name`, e.g. `0 ≤ beta1 < 1`.
    pub fn describe(&self, name: &str) -> String {
        let lo = (self.min > f64::MIN).then(|| {
            format!(
                "{} {} ",
                fmt_num(self.min),
                if self.min_open { "<" } else { "≤" }
            )
        });
        let hi = (self.max < f64::MAX).then(|| {
            format!(
                " {} {}",
                if self.max_open { "<" } else { "≤" },
                fmt_num(self.max)
            )
        });
        match (lo, hi) {
            (None, None) => format!("{name} is any finite number"),
            (lo, hi) => format!("{}{name}{}", lo.unwrap_or_default(), hi.unwrap_or_default()),
        }
    }
}

/// Reads a spec's arguments: typed, defaulted, range-checked; unknown keys are errors.
///
/// Create one with [`Params::new`] and call the typed getters; then [`Params::finish`]
/// reports any key that no getter asked for. With [`Params::describe`] the same calls
/// record a [`ParamInfo`] per parameter and return the defaults.
pub struct Params<'a> {
    spec: &'a Spec,
    used: Vec<&'static str>,
    record: Option<Vec<ParamInfo>>,
}

impl<'a> Params<'a> {
    /// A reader over `spec`'s arguments.
    pub fn new(spec: &'a Spec) -> Self {
        Params {
            spec,
            used: Vec::new(),
            record: None,
        }
    }

    /// A reader that records every parameter asked for (use with an argument-free spec).
    pub fn describe(spec: &'a Spec) -> Self {
        Params {
            spec,
            used: Vec::new(),
            record: Some(Vec::new()),
        }
    }

    /// The recorded parameters (empty unless made by [`Params::describe`]).
    pub fn recorded(self) -> Vec<ParamInfo> {
        self.record.unwrap_or_default()
    }

    /// Whether this reader is only describing parameters.
    pub fn describing(&self) -> bool {
        self.record.is_some()
    }

    /// The spec's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Records the description `make` builds, when describing. Only the JavaScript API
    /// (the `api` feature, whose lists print them) and the convergence map (the `map`
    /// feature, which checks that an axis is a numeric key of its optimizer) describe
    /// parameters, so a browser module with neither does not even build the descriptions.
    #[cfg(any(not(target_arch = "wasm32"), feature = "api", feature = "map"))]
    fn info(&mut self, make: impl FnOnce() -> ParamInfo) {
        if let Some(r) = self.record.as_mut() {
            r.push(make());
        }
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "api"), not(feature = "map")))]
    fn info(&mut self, _make: impl FnOnce() -> ParamInfo) {}

    fn take(&mut self, key: &'static str) -> Option<&'a Value> {
        self.used.push(key);
        self.spec.get(key)
    }

    fn num_info(key: &str, kind: ParamKind, default: Option<f64>, range: Range) -> ParamInfo {
        ParamInfo {
            name: key.to_string(),
            kind,
            default: default.map(fmt_num),
            min: range.min,
            max: range.max,
            min_open: range.min_open,
            max_open: range.max_open,
            words: Vec::new(),
        }
    }

    fn wrong_type(&self, key: &str, expected: &str, got: Option<&Value>) -> Box<Error> {
        wrong_type(self.spec, key, expected, got)
    }

    fn out_of_range(&self, key: &str, value: f64, range: Range) -> Box<Error> {
        Box::new(Error::OutOfRange {
            owner: self.spec.name.clone(),
            key: key.to_string(),
            value,
            allowed: range.describe(key),
        })
    }

    fn missing(&self, key: &str, hint: String) -> Box<Error> {
        Box::new(Error::Missing {
            owner: self.spec.name.clone(),
            key: key.to_string(),
            hint: Some(hint),
        })
    }

    fn check_num(&self, key: &str, v: &Value, range: Range) -> Result<f64> {
        match v {
            Value::Num(x) if range.contains(*x) => Ok(*x),
            Value::Num(x) => Err(self.out_of_range(key, *x, range)),
            other => Err(self.wrong_type(key, "a number", Some(other))),
        }
    }

    /// A number with a default.
    pub fn num(&mut self, key: &'static str, default: f64, range: Range) -> Result<f64> {
        self.info(|| Self::num_info(key, ParamKind::Num, Some(default), range));
        match self.take(key) {
            Some(v) => self.check_num(key, v, range),
            None => Ok(default),
        }
    }

    /// A number the spec must give (when describing, the range's lower end or 1).
    pub fn num_required(&mut self, key: &'static str, range: Range) -> Result<f64> {
        self.info(|| Self::num_info(key, ParamKind::Num, None, range));
        match self.take(key) {
            Some(v) => self.check_num(key, v, range),
            None if self.describing() => Ok(placeholder(range)),
            None => Err(self.missing(key, range.describe(key))),
        }
    }

    /// An optional number: `None` when not given.
    pub fn num_opt(&mut self, key: &'static str, range: Range) -> Result<Option<f64>> {
        self.info(|| Self::num_info(key, ParamKind::Num, None, range));
        match self.take(key) {
            Some(v) => self.check_num(key, v, range).map(Some),
            None => Ok(None),
        }
    }

    /// A whole number in `[min, max]` with a default.
    pub fn int(&mut self, key: &'static str, default: u64, min: u64, max: u64) -> Result<u64> {
        let range = Range::closed(min as f64, max as f64);
        self.info(|| Self::num_info(key, ParamKind::Int, Some(default as f64), range));
        match self.take(key) {
            Some(v) => self.check_int(key, v, range),
            None => Ok(default),
        }
    }

    /// A whole number the spec must give.
    pub fn int_required(&mut self, key: &'static str, min: u64, max: u64) -> Result<u64> {
        let range = Range::closed(min as f64, max as f64);
        self.info(|| Self::num_info(key, ParamKind::Int, None, range));
        match self.take(key) {
            Some(v) => self.check_int(key, v, range),
            None if self.describing() => Ok(min.max(1).min(max)),
            None => Err(self.missing(key, format!("a whole number, {}", range.describe(key)))),
        }
    }

    fn check_int(&self, key: &str, v: &Value, range: Range) -> Result<u64> {
        let x = self.check_num(key, v, range)?;
        if x.fract() != 0.0 {
            return Err(Box::new(Error::NotWhole {
                owner: self.spec.name.clone(),
                key: key.to_string(),
                value: x,
            }));
        }
        Ok(x as u64)
    }

    /// `true` or `false`, with a default.
    pub fn bool(&mut self, key: &'static str, default: bool) -> Result<bool> {
        self.info(|| ParamInfo {
            name: key.to_string(),
            kind: ParamKind::Bool,
            default: Some(default.to_string()),
            min: 0.0,
            max: 1.0,
            min_open: false,
            max_open: false,
            words: Vec::new(),
        });
        match self.take(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(self.wrong_type(key, "true or false", Some(other))),
        }
    }

    /// One of `words` (the first is the default).
    pub fn word(&mut self, key: &'static str, words: &[&'static str]) -> Result<&'static str> {
        self.info(|| ParamInfo {
            name: key.to_string(),
            kind: ParamKind::Word,
            default: words.first().map(|w| w.to_string()),
            min: 0.0,
            max: 0.0,
            min_open: false,
            max_open: false,
            words: words.iter().map(|w| w.to_string()).collect(),
        });
        let first = words.first().copied().unwrap_or("");
        match self.take(key) {
            None => Ok(first),
            Some(Value::Word(w)) => words.iter().copied().find(|x| x == w).ok_or_else(|| {
                Box::new(Error::UnknownWord {
                    owner: self.spec.name.clone(),
                    key: key.to_string(),
                    word: w.clone(),
                    allowed: words.to_vec(),
                })
            }),
            Some(other) => {
                Err(self.wrong_type(key, &format!("one of {}", words.join(", ")), Some(other)))
            }
        }
    }

    /// A double-quoted string, with a default.
    pub fn text(&mut self, key: &'static str, default: &str) -> Result<String> {
        self.info(|| ParamInfo {
            name: key.to_string(),
            kind: ParamKind::Text,
            default: Some(Value::Str(default.to_string()).to_string()),
            min: 0.0,
            max: 0.0,
            min_open: false,
            max_open: false,
            words: Vec::new(),
        });
        match self.take(key) {
            None => Ok(default.to_string()),
            Some(Value::Str(text)) => Ok(text.clone()),
            Some(other) => Err(self.wrong_type(key, "a double-quoted string", Some(other))),
        }
    }

    /// Whether the spec gives `key` (without reading it).
    pub fn has(&self, key: &str) -> bool {
        self.spec.get(key).is_some()
    }

    /// A list of numbers, each in `range`, at most `max_len` long; `default` if absent.
    pub fn num_list(
        &mut self,
        key: &'static str,
        default: &[f64],
        range: Range,
        max_len: usize,
    ) -> Result<Vec<f64>> {
        self.info(|| {
            let mut info = Self::num_info(key, ParamKind::NumList, None, range);
            info.default =
                Some(Value::List(default.iter().map(|x| Value::Num(*x)).collect()).to_string());
            info
        });
        match self.take(key) {
            None => Ok(default.to_vec()),
            Some(Value::List(items)) if items.len() <= max_len => items
                .iter()
                .map(|v| self.check_num(key, v, range))
                .collect(),
            Some(Value::List(items)) => Err(Box::new(Error::TooMany {
                owner: self.spec.name.clone(),
                key: key.to_string(),
                count: items.len(),
                max: max_len,
            })),
            Some(other) => Err(self.wrong_type(key, "a list such as [1,2]", Some(other))),
        }
    }

    /// A list of 2-D points `[[x, y], …]`, 1 to `max_len` of them; `default` if absent.
    pub fn points(
        &mut self,
        key: &'static str,
        default: &[[f64; 2]],
        range: Range,
        max_len: usize,
    ) -> Result<Vec<[f64; 2]>> {
        self.info(|| {
            let mut info = Self::num_info(key, ParamKind::Points, None, range);
            info.default = Some(
                Value::List(
                    default
                        .iter()
                        .map(|p| Value::List(vec![Value::Num(p[0]), Value::Num(p[1])]))
                        .collect(),
                )
                .to_string(),
            );
            info
        });
        let spec = self.spec;
        let bad = || {
            wrong_type(
                spec,
                key,
                &format!("a list of 1 to {max_len} points such as [[1,2],[3,4]]"),
                None,
            )
        };
        match self.take(key) {
            None => Ok(default.to_vec()),
            Some(v) => match v.as_points() {
                Some(pts) if pts.len() <= max_len => pts
                    .iter()
                    .map(|[x, y]| {
                        Ok([
                            self.check_num(key, x, range)?,
                            self.check_num(key, y, range)?,
                        ])
                    })
                    .collect(),
                _ => Err(bad()),
            },
        }
    }

    /// Reports keys that no getter asked for, listing the allowed ones.
    pub fn finish(self) -> Result<()> {
        for (k, _) in &self.spec.args {
            if !self.used.contains(&k.as_str()) {
                return Err(Box::new(Error::UnknownKey {
                    owner: self.spec.name.clone(),
                    key: k.clone(),
                    known: self.used.clone(),
                }));
            }
        }
        Ok(())
    }
}

/// The error for `key` of `spec` holding `got` where `expected` belongs.
fn wrong_type(spec: &Spec, key: &str, expected: &str, got: Option<&Value>) -> Box<Error> {
    Box::new(Error::WrongType {
        owner: spec.name.clone(),
        key: key.to_string(),
        expected: expected.to_string(),
        got: got.map(Value::to_string),
    })
}

fn placeholder(range: Range) -> f64 {
    if range.contains(1.0) {
        1.0
    } else if range.min > f64::MIN && range.contains(range.min) {
        range.min
    } else {
        range.max.min(0.0)
    }
}

/// An error for an unknown name, listing the known ones.
pub fn unknown_name(kind: &'static str, name: &str, known: &[&'static str]) -> Box<Error> {
    Box::new(Error::UnknownName {
        kind,
        name: name.to_string(),
        known: known.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        // Issue 18: 200 points of 1e-300 were written back positionally (0.000…1, 302
        // characters each), far over the limit; now they are written as they came.
        let pts = vec!["[1e-300,-1e-300]"; 200].join(",");
        let link = format!("[{pts}]");
        let v = Value::parse(&link).unwrap();
        assert!(link.len() <= MAX_SPEC_LEN);
        assert_eq!(crate::core::num::fmt_f64(1e-300).len(), 302);
        assert_eq!(v.to_string(), link);
        assert_eq!(
            Spec::parse("sgd(lr=1e-7, momentum=5e-324)")
                .unwrap()
                .to_string(),
            "sgd(lr=1e-7, momentum=5e-324)"
        );
    }

    #[test]
    fn long_lists_are_refused_after_reading_one_entry_past_the_limit() {
        // Two megabytes of `sgd;`: refused having split off 5 entries, not 500,000.
        let huge = "sgd;".repeat(500_000);
        match parse_list(&huge, "optimizer", 4).map_err(|e| *e) {
            Err(Error::TooMany { count, max, .. }) => assert_eq!((count, max), (5, 4)),
            other => panic!("{other:?}"),
        }
        let e = parse_list(&huge, "optimizer", 4).unwrap_err().to_string();
        assert_eq!(e, "the ;-list of optimizers has more than 4 entries");
        assert_eq!(split_at_most("a;b", ';', 2, "x").unwrap(), ["a", "b"]);
        assert!(split_at_most("a;b;c", ';', 2, "x").is_err());
        assert_eq!(
            split_at_most("", ';', 0, "x")
                .map_err(|e| e.to_string())
                .unwrap_err(),
            "x has more than 0 entries"
        );
        assert_eq!(parse_list("sgd; adam", "optimizer", 2).unwrap().len(), 2);
    }

    #[test]
    fn parses_name_only_and_args() {
        let s = Spec::parse("rosenbrock").unwrap();
        assert_eq!(s.name, "rosenbrock");
        assert!(s.args.is_empty());
        let s = Spec::parse(" sgd( lr = 1e-3 , momentum=0.9, nesterov=true ) ").unwrap();
        assert_eq!(s.name, "sgd");
        assert_eq!(s.get("lr"), Some(&Value::Num(1e-3)));
        assert_eq!(s.get("nesterov"), Some(&Value::Bool(true)));
        assert_eq!(s.to_string(), "sgd(lr=0.001, momentum=0.9, nesterov=true)");
    }

    #[test]
    fn parses_lists_words_and_nested_points() {
        let s = Spec::parse("x(milestones=[50,120], mode=triangular, points=[[1,2],[2,4]], e=[])")
            .unwrap();
        assert_eq!(
            s.get("milestones"),
            Some(&Value::List(vec![Value::Num(50.0), Value::Num(120.0)]))
        );
        assert_eq!(s.get("mode"), Some(&Value::Word("triangular".into())));
        assert_eq!(s.get("e"), Some(&Value::List(vec![])));
        let round = Spec::parse(&s.to_string()).unwrap();
        assert_eq!(round, s);
    }

    #[test]
    fn rejects_garbage_with_position() {
        for bad in [
            "",
            "(",
            "adam(",
            "adam(lr)",
            "adam(lr=)",
            "adam(lr=1,,)",
            "adam(lr=1) x",
            "adam(lr=<script>)",
            "adam(lr=[1,2)",
            "9adam",
            "adam(lr=1, lr=2)",
            "adam(lr='1')",
        ] {
            let e = Spec::parse(bad).unwrap_err();
            assert!(!e.to_string().is_empty(), "{bad}");
        }
        let e = Spec::parse("adam(lr=)").unwrap_err();
        assert!(e.to_string().contains("column 9"), "{e}");
        assert!(Spec::parse(&"[".repeat(100)).is_err());
        let deep = format!("a(x={}1{})", "[".repeat(20), "]".repeat(20));
        assert!(Spec::parse(&deep)
            .unwrap_err()
            .to_string()
            .contains("nested"));
        assert!(Spec::parse(&"a".repeat(MAX_SPEC_LEN + 1)).is_err());
    }

    #[test]
    fn parses_strings_with_escapes() {
        let s = Spec::parse(r#"expr(f="x^2 + 10*y^2", g = "a\"b\\c", e="")"#).unwrap();
        assert_eq!(s.get("f"), Some(&Value::Str("x^2 + 10*y^2".into())));
        assert_eq!(s.get("g"), Some(&Value::Str(r#"a"b\c"#.into())));
        assert_eq!(s.get("e"), Some(&Value::Str(String::new())));
        assert_eq!(
            s.to_string(),
            r#"expr(f="x^2 + 10*y^2", g="a\"b\\c", e="")"#
        );
        assert_eq!(Spec::parse(&s.to_string()).unwrap(), s);
        let s = Spec::parse(r#"e(f=["é,)", "["])"#).unwrap();
        assert_eq!(
            s.get("f"),
            Some(&Value::List(vec![
                Value::Str("é,)".into()),
                Value::Str("[".into())
            ]))
        );
        assert_eq!(Value::parse(r#""\"""#).unwrap(), Value::Str("\"".into()));

        let e = Spec::parse(r#"expr(f="x^2)"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"a string is not closed with " at column 8 in "expr(f="x^2)""#
        );
        let e = Spec::parse(r#"expr(f="a\nb")"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"only \" and \\ may follow \ in a string at column 10 in "expr(f="a\nb")""#
        );
        assert!(Spec::parse(r#"expr(f="a\"#).is_err());
        assert!(Spec::parse(r#"expr(f="a"b")"#).is_err());
        assert!(Spec::parse(r#"expr(f=a"b")"#).is_err());

        let s = Spec::parse(r#"expr(f="x", n=1)"#).unwrap();
        let mut p = Params::new(&s);
        assert!(p.has("f") && !p.has("g"));
        assert_eq!(p.text("f", "y").unwrap(), "x");
        let e = p.text("n", "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "expr: n must be a double-quoted string, not 1"
        );
        let s = Spec::bare("expr");
        assert_eq!(Params::new(&s).text("f", "x^2").unwrap(), "x^2");
        let mut p = Params::describe(&s);
        p.text("f", "a\"b").unwrap();
        assert_eq!(p.recorded()[0].default.as_deref(), Some(r#""a\"b""#));
    }

    #[test]
    fn params_check_range_unknown_keys_and_kinds() {
        let s = Spec::parse("adam(lr=0.5, beta1=1.5)").unwrap();
        let mut p = Params::new(&s);
        assert_eq!(p.num("lr", 1e-3, Range::POSITIVE).unwrap(), 0.5);
        let e = p.num("beta1", 0.9, Range::UNIT_HALF_OPEN).unwrap_err();
        assert_eq!(
            e.to_string(),
            "adam: beta1 = 1.5 is out of range; allowed: 0 ≤ beta1 < 1"
        );

        let s = Spec::parse("adam(lr=inf)").unwrap();
        assert!(Params::new(&s).num("lr", 1.0, Range::POSITIVE).is_err());
        let s = Spec::parse("adam(lr=NaN)").unwrap();
        assert!(Params::new(&s).num("lr", 1.0, Range::POSITIVE).is_err());

        let s = Spec::parse("adam(lr=1, bogus=2)").unwrap();
        let mut p = Params::new(&s);
        p.num("lr", 1e-3, Range::POSITIVE).unwrap();
        p.num("eps", 1e-8, Range::POSITIVE).unwrap();
        assert_eq!(
            p.finish().unwrap_err().to_string(),
            "adam: unknown parameter bogus; allowed: lr, eps"
        );

        let s = Spec::parse("c(mode=wrong, n=2.5, flag=1)").unwrap();
        let mut p = Params::new(&s);
        assert!(p.word("mode", &["triangular", "exp_range"]).is_err());
        assert!(p.int("n", 1, 0, 10).is_err());
        assert!(p.bool("flag", false).is_err());
        assert!(p.num_required("t_max", Range::POSITIVE).is_err());
    }

    #[test]
    fn describe_records_params_and_defaults() {
        let s = Spec::bare("sgd");
        let mut p = Params::describe(&s);
        assert_eq!(p.num("lr", 1e-3, Range::POSITIVE).unwrap(), 1e-3);
        assert_eq!(p.num_required("t_max", Range::POSITIVE).unwrap(), 1.0);
        p.bool("nesterov", false).unwrap();
        let info = p.recorded();
        assert_eq!(info.len(), 3);
        assert_eq!(info[0].default.as_deref(), Some("0.001"));
        assert_eq!(info[1].default, None);
        assert_eq!(info[2].kind, ParamKind::Bool);
    }

    #[test]
    fn lists_and_points() {
        let s = Spec::parse("r(points=[[1,2],[3,4]], m=[1,2,3])").unwrap();
        let mut p = Params::new(&s);
        assert_eq!(
            p.points("points", &[[0.0, 0.0]], Range::ANY, 10).unwrap(),
            vec![[1.0, 2.0], [3.0, 4.0]]
        );
        assert!(p.num_list("m", &[], Range::ANY, 2).is_err());
        let s = Spec::parse("r(points=[[1,2,3]])").unwrap();
        assert!(Params::new(&s)
            .points("points", &[], Range::ANY, 10)
            .is_err());
        let s = Spec::parse("r(points=[])").unwrap();
        assert!(Params::new(&s)
            .points("points", &[], Range::ANY, 10)
            .is_err());
    }
}
