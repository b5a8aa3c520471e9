//! The torch replay shared by `core_torch.rs` (native) and `web_torch.rs` (in the
//! browser, where the wasm's libm is the JavaScript engine's `Math`).
//!
//! It replays tests/fixtures/torch_reference.json (written by tests/torch/reference.py
//! with float64 PyTorch) and compares every step. Each optimizer run is rebuilt from its
//! spec strings and run with gdz's `run`; every point, loss and learning rate must match
//! torch's to 1e-12 relative (with an absolute floor of 1e-15 for values that pass near
//! zero). Each schedule is stepped alone and its rates (and cycled momenta) compared the
//! same way. The tallies count how many values are bit-identical.

use gdz::core::run::{run, RunConfig, Status};
use gdz::core::schedule;
use gdz::core::spec::Spec;
use gdz::core::{optim, surface};

/// A JSON value, read with Rust's correctly rounded float parser (so a number in the
/// fixture is exactly the float Python wrote).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(kv) => kv
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or(&Json::Null),
            _ => &Json::Null,
        }
    }
    fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => panic!("not an array: {self:?}"),
        }
    }
    fn num(&self) -> f64 {
        match self {
            Json::Num(x) => *x,
            _ => panic!("not a number: {self:?}"),
        }
    }
    fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            _ => panic!("not a string: {self:?}"),
        }
    }
    fn nums(&self) -> Vec<f64> {
        self.arr().iter().map(Json::num).collect()
    }
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn value(&mut self) -> Json {
        self.ws();
        let c = self.s[self.i];
        match c {
            b'{' => {
                self.i += 1;
                let mut kv = Vec::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b'}' {
                        self.i += 1;
                        return Json::Obj(kv);
                    }
                    let Json::Str(k) = self.value() else {
                        panic!("key")
                    };
                    self.ws();
                    assert_eq!(self.s[self.i], b':');
                    self.i += 1;
                    kv.push((k, self.value()));
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        return Json::Arr(items);
                    }
                    items.push(self.value());
                    self.ws();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
            }
            b'"' => {
                self.i += 1;
                let start = self.i;
                while self.s[self.i] != b'"' {
                    assert_ne!(self.s[self.i], b'\\', "escapes are not used in the fixture");
                    self.i += 1;
                }
                self.i += 1;
                Json::Str(String::from_utf8(self.s[start..self.i - 1].to_vec()).unwrap())
            }
            b't' | b'f' | b'n' => {
                for (word, v) in [
                    ("true", Json::Bool(true)),
                    ("false", Json::Bool(false)),
                    ("null", Json::Null),
                ] {
                    if self.s[self.i..].starts_with(word.as_bytes()) {
                        self.i += word.len();
                        return v;
                    }
                }
                panic!("bad literal at {}", self.i)
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'0'..=b'9'
                            | b'-'
                            | b'+'
                            | b'.'
                            | b'e'
                            | b'E'
                            | b'I'
                            | b'n'
                            | b'f'
                            | b'i'
                            | b't'
                            | b'y'
                            | b'N'
                            | b'a'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                Json::Num(match t {
                    "NaN" => f64::NAN,
                    "Infinity" => f64::INFINITY,
                    "-Infinity" => f64::NEG_INFINITY,
                    _ => t.parse().unwrap_or_else(|_| panic!("bad number {t}")),
                })
            }
        }
    }
}

fn fixture() -> Json {
    // Compiled in, so that the same replay runs natively and in the browser.
    let text = include_str!("../fixtures/torch_reference.json");
    Reader {
        s: text.as_bytes(),
        i: 0,
    }
    .value()
}

#[derive(Default)]
pub struct Tally {
    pub values: usize,
    pub exact: usize,
    shown: usize,
}

impl Tally {
    fn check(&mut self, what: &str, got: f64, want: f64) {
        self.values += 1;
        if got.to_bits() == want.to_bits() {
            self.exact += 1;
            return;
        }
        let d = (got - want).abs();
        if self.shown < 5 {
            self.shown += 1;
            eprintln!("not bit-identical: {what}: {got:e} vs {want:e}");
        }
        assert!(
            d <= 1e-12 * got.abs().max(want.abs()) || d <= 1e-15,
            "{what}: gdz {got:e} vs torch {want:e} (difference {d:e})"
        );
    }
}

/// Replays every optimizer run of the fixture; panics at the first value off by more
/// than the tolerance.
pub fn optimizer_runs() -> Tally {
    let f = fixture();
    assert!(f.get("torch_version").str().starts_with('2'));
    let runs = f.get("optimizer_runs").arr();
    assert!(runs.len() >= 60, "{} runs", runs.len());
    let mut tally = Tally::default();
    let mut names = std::collections::BTreeSet::new();
    for r in runs {
        let (surf, opt, sched) = (
            r.get("surface").str(),
            r.get("optimizer").str(),
            r.get("schedule").str(),
        );
        let case = format!("{surf} / {opt} / {sched}");
        let s = surface::build(&Spec::parse(surf).unwrap()).unwrap();
        let mut o = optim::build(&Spec::parse(opt).unwrap(), s.dim()).unwrap();
        names.insert(o.name().to_string());
        let mut sc = schedule::build(&Spec::parse(sched).unwrap(), o.lr(), o.momentum()).unwrap();
        let cfg = RunConfig {
            steps: r.get("steps").num() as usize,
            clip_norm: match r.get("clip_norm") {
                Json::Num(c) => Some(*c),
                _ => None,
            },
            ..RunConfig::default()
        };
        let start = r.get("start").nums();
        let t = run(s.as_ref(), &start, o.as_mut(), sc.as_mut(), &cfg).unwrap();
        assert_ne!(t.status, Status::Diverged, "{case}");
        let points = r.get("points").arr();
        assert_eq!(t.len(), points.len(), "{case}");
        for (k, pt) in points.iter().enumerate() {
            for (i, want) in pt.nums().iter().enumerate() {
                let got = t.point(k).unwrap()[i];
                tally.check(&format!("{case}: step {k} coordinate {i}"), got, *want);
            }
        }
        for (k, want) in r.get("lr").nums().iter().enumerate() {
            tally.check(&format!("{case}: lr of step {}", k + 1), t.lr[k], *want);
        }
        for (k, want) in r.get("loss").nums().iter().enumerate() {
            tally.check(&format!("{case}: loss {k}"), t.loss[k], *want);
        }
    }
    for n in optim::NAMES {
        assert!(names.contains(*n), "no torch reference for {n}");
    }
    tally
}

/// Steps every schedule of the fixture alone; panics like [`optimizer_runs`].
pub fn schedules() -> Tally {
    let f = fixture();
    let mut tally = Tally::default();
    let mut names = std::collections::BTreeSet::new();
    for c in f.get("schedules").arr() {
        let spec = c.get("schedule").str();
        let mut s = schedule::build(
            &Spec::parse(spec).unwrap(),
            c.get("base_lr").num(),
            Some(0.9),
        )
        .unwrap();
        names.insert(s.name().to_string());
        let losses = match c.get("losses") {
            Json::Arr(_) => c.get("losses").nums(),
            _ => Vec::new(),
        };
        let (mut lrs, mut moms) = (vec![s.lr()], vec![s.momentum()]);
        for t in 0..c.get("steps").num() as usize {
            s.step(losses.get(t).copied().unwrap_or(f64::NAN));
            lrs.push(s.lr());
            moms.push(s.momentum());
        }
        let want = c.get("lr").nums();
        assert_eq!(lrs.len(), want.len(), "{spec}");
        for (t, (g, w)) in lrs.iter().zip(&want).enumerate() {
            tally.check(&format!("{spec}: lr[{t}]"), *g, *w);
        }
        if let Json::Arr(_) = c.get("momentum") {
            for (t, (g, w)) in moms.iter().zip(c.get("momentum").nums()).enumerate() {
                let g = g.unwrap_or_else(|| panic!("{spec}: no momentum"));
                tally.check(&format!("{spec}: momentum[{t}]"), g, w);
            }
        } else {
            assert!(moms.iter().all(Option::is_none), "{spec}");
        }
    }
    for n in schedule::NAMES {
        assert!(names.contains(*n), "no torch reference for {n}");
    }
    tally
}

/// One optimizer configuration of the fixture's runs: optimizer spec, schedule spec,
/// gradient clipping by norm, start.
#[allow(dead_code)] // Used by core_expr.rs only.
pub struct Config {
    pub surface: String,
    pub optimizer: String,
    pub schedule: String,
    pub clip_norm: Option<f64>,
    pub start: Vec<f64>,
}

/// Every optimizer configuration the fixture's runs use (for replays on other surfaces).
#[allow(dead_code)]
pub fn optimizer_configs() -> Vec<Config> {
    let f = fixture();
    f.get("optimizer_runs")
        .arr()
        .iter()
        .map(|r| Config {
            surface: r.get("surface").str().to_string(),
            optimizer: r.get("optimizer").str().to_string(),
            schedule: r.get("schedule").str().to_string(),
            clip_norm: match r.get("clip_norm") {
                Json::Num(c) => Some(*c),
                _ => None,
            },
            start: r.get("start").nums(),
        })
        .collect()
}
