//! The fuzz harness: every reader of user input and everything drawn from it, fed
//! generated hostile input, each call under `catch_unwind`.
//!
//! Covered: the spec parser and list readers, number parsing and printing, the query
//! string, every widget's attributes read through the shared schema (as a lesson, a tag
//! or a link gives them; accepted values must read back from what a widget writes), runs,
//! races, schedules, the anatomy view, replayed optimizer state, surfaces and grids, the
//! network core (data sets, CSV, networks, training, the range test, slices, decision
//! grids, with tiny budgets), the command line, the progress record, the CSV writer, and
//! every renderer drawn to an in-memory bitmap. Inputs: extreme and subnormal numbers,
//! NaN and infinity literals, huge lists, deep nesting, junk and unicode.
//!
//! A call that panics is counted with its input (a failed invariant check is a panic
//! too); the test fails on any. It prints the calls made, the panics, per target the
//! calls and time, and the slowest input.
//!
//! `GDZ_FUZZ_CALLS` sets the number of calls (100,000 by default, as CI runs it);
//! `GDZ_FUZZ_SEED` the seed. The long run:
//!
//! ```sh
//! GDZ_FUZZ_CALLS=10000000 cargo test --release --test fuzz -- --nocapture
//! ```
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gdz::core::schema::{self, Kind, Widget, MAX_VALUE_LEN, WIDGETS};
use gdz::core::spec::{self, Spec, Value};
use gdz::core::{nn, num, optim, progress, query, schedule, surface};
use gdz::render::palette::{Rgb, Theme, SERIES};
use gdz::render::plot2d::{self, Frame};
use gdz::render::{arrow, boundary, chart, contour, curve, mesh3d, project, scatter, Field};
use plotters::prelude::*;

// ---------------------------------------------------------------- the generator

/// A seeded xorshift64* generator with helpers for hostile text.
struct Gen(u64);

const SPECIAL: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1e-309,
    1e-308,
    1e-154,
    1e-300,
    1e300,
    1e308,
    -1e308,
    9007199254740993.0,
    1e21,
    1e-7,
    1e6,
    1e6 + 1.0,
    -1e6,
    0.999_999,
    1e9,
    4294967296.0,
];

/// Number texts that break naive code.
const NUM_TEXT: &[&str] = &[
    "NaN",
    "nan",
    "inf",
    "-inf",
    "+inf",
    "infinity",
    "Infinity",
    "1e999",
    "-1e999",
    "1e-400",
    "5e-324",
    "4.9e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "1e308",
    "18446744073709551616",
    "99999999999999999999999",
    "-0",
    "+0",
    "0",
    "00",
    "007",
    ".5",
    "5.",
    "-.5",
    "1e",
    "e5",
    "1e+",
    "--1",
    "+-1",
    "1e+5",
    "1E5",
    "0x10",
    "1_000",
    "١",
    "１",
    "1.0.0",
    "",
    " ",
    " 1 ",
    "1e-7",
    "0.000001",
    "100000",
    "4096",
    "4097",
    "10000",
    "10001",
    "-1",
    "1000000",
    "1000001",
    "0.1",
    "1e-6",
    "1e3",
    "2.5",
];

const WORDS: &[&str] = &[
    "true",
    "false",
    "off",
    "none",
    "on",
    "cos",
    "linear",
    "triangular",
    "triangular2",
    "exp_range",
    "tanh",
    "relu",
    "sigmoid",
    "gelu",
    "bce",
    "mse",
    "ce",
    "lr",
    "play",
    "speed",
    "timeline",
    "tools",
    "m",
    "v",
    "bias_correction",
    "x",
    "y",
    "NaN",
    "inf",
    "undefined",
    "null",
    "constructor",
    "__proto__",
];

/// Pieces of junk text: spec punctuation, control and format characters, unicode.
const JUNK: &[&str] = &[
    "(", ")", "[", "]", ",", ";", "=", "\"", "\\", " ", "\t", "\n", "\r", "\0", "\u{7f}",
    "\u{feff}", "\u{202e}", "\u{200b}", "é", "∇", "𝜃", "🦀", "ﷺ", "a", "Z", "_", "-", "+", ".",
    "e", "1", "0", "%", "%2", "%zz", "%C3%A9", "&", "#", "?", "<", ">", "'", "/", "*", ":",
];

impl Gen {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True `k` times in 1000.
    fn per_mille(&mut self, k: usize) -> bool {
        self.below(1000) < k
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// A hostile float.
    fn float(&mut self) -> f64 {
        match self.below(10) {
            0..=2 => self.pick(SPECIAL),
            3 => f64::from_bits(self.next()),
            4 => {
                10f64.powi(self.below(640) as i32 - 330)
                    * if self.below(2) == 0 { 1.0 } else { -1.0 }
            }
            5 | 6 => (self.below(20_001) as f64 - 10_000.0) / 1000.0,
            7 => self.below(3000) as f64,
            _ => (self.below(2001) as f64 - 1000.0) / 100.0,
        }
    }

    /// A float that a widget may well accept (a coordinate, a rate), sometimes hostile.
    fn mild(&mut self) -> f64 {
        if self.per_mille(150) {
            self.float()
        } else {
            (self.below(4001) as f64 - 2000.0) / 1000.0
        }
    }

    /// A number as text, in one of many forms.
    fn num_text(&mut self) -> String {
        let x = self.float();
        match self.below(9) {
            0 | 1 => self.pick(NUM_TEXT).to_string(),
            2 => format!("{x:?}"),
            3 => format!("{x:e}"),
            4 => format!("{x:E}"),
            5 => spec::fmt_num(x),
            6 => format!("{}", self.below(300)),
            _ => spec::fmt_num(self.mild()),
        }
    }

    /// A word: a known one, an identifier, or junk.
    fn word(&mut self) -> String {
        match self.below(6) {
            0..=2 => self.pick(WORDS).to_string(),
            3 => self.pick(surface::NAMES).to_string(),
            4 => {
                let n = 1 + self.below(12);
                (0..n)
                    .map(|_| char::from(b'a' + self.below(26) as u8))
                    .collect()
            }
            _ => self.junk(8),
        }
    }

    /// Junk text of up to `max` pieces (rarely much longer).
    fn junk(&mut self, max: usize) -> String {
        let n = if self.per_mille(2) {
            5000 + self.below(3000)
        } else {
            self.below(max + 1)
        };
        let mut s = String::new();
        for _ in 0..n {
            match self.below(8) {
                0 => s.push(char::from_u32(self.below(0x11_0000) as u32).unwrap_or('?')),
                1 => s.push(char::from(32 + self.below(95) as u8)),
                _ => s.push_str(self.pick(JUNK)),
            }
        }
        s
    }

    /// A spec value: a number, a word, a list (sometimes deeply nested), a string.
    fn value(&mut self, depth: usize) -> String {
        if self.per_mille(3) {
            // Deep nesting, past the parser's limit.
            let k = 1 + self.below(40);
            return format!("{}{}{}", "[".repeat(k), self.num_text(), "]".repeat(k));
        }
        // Lists get rarer with depth, so the expected size stays small.
        let list = match depth {
            0 => 2,
            1 => 1,
            _ => usize::from(self.below(4) == 0),
        };
        match self.below(6 + list) {
            0..=2 => self.num_text(),
            3 => self.word(),
            4 => format!("\"{}\"", self.junk(6)),
            5 => self
                .pick(&["true", "false", "", "[", "]", "[]", "[[", "(1)"])
                .to_string(),
            _ => {
                let n = if self.per_mille(5) && depth == 0 {
                    300 + self.below(2000)
                } else {
                    self.below(5)
                };
                let items: Vec<String> = (0..n).map(|_| self.value(depth + 1)).collect();
                format!("[{}]", items.join(","))
            }
        }
    }

    /// A spec of one of `names` (or of junk), with known and unknown keys.
    fn spec(&mut self, names: &[&str], keys: &dyn Fn(&str) -> Vec<(String, String)>) -> String {
        if self.per_mille(30) {
            return self.junk(30);
        }
        let name = if self.per_mille(900) {
            self.pick(names).to_string()
        } else {
            self.word()
        };
        let params = keys(&name);
        if self.below(3) == 0 {
            return name;
        }
        // Most of the parameters `name` reads with values that pass (so specs build and
        // get past their readers), then a few more, known or not, with hostile values.
        let mut args: Vec<String> = Vec::new();
        for (k, ok) in &params {
            match self.below(8) {
                0..=4 => args.push(format!("{k}={ok}")),
                5 => args.push(format!("{k}={}", 1 + self.below(200))),
                6 => args.push(format!(
                    "{k}={}",
                    spec::fmt_num(self.below(1000) as f64 / 1000.0)
                )),
                _ => {}
            }
        }
        let mut known: Vec<String> = params.into_iter().map(|p| p.0).collect();
        known.extend(["bogus", "lr"].map(str::to_string));
        let n = if self.per_mille(3) {
            100 + self.below(400)
        } else {
            self.below(3)
        };
        for _ in 0..n {
            let key = if self.below(5) == 0 {
                self.word()
            } else {
                known[self.below(known.len())].clone()
            };
            let v = if self.below(3) == 0 {
                spec::fmt_num(self.mild().abs())
            } else {
                self.value(0)
            };
            let at = self.below(args.len() + 1);
            args.insert(at, format!("{key}={v}"));
        }
        let sep = if self.below(2) == 0 { ", " } else { "," };
        let close = if self.per_mille(20) { "" } else { ")" };
        format!("{name}({}{close}", args.join(sep))
    }

    /// `count` items from `f` joined by `sep`: usually 1 to `max + 1`, sometimes none or
    /// thousands.
    fn list(&mut self, max: usize, sep: &str, f: &mut dyn FnMut(&mut Gen) -> String) -> String {
        let n = match self.below(200) {
            0 | 1 => 0,
            // A long list, now and then one of megabytes.
            2 if self.below(10) == 0 => 20_000,
            2 => 1000 + self.below(2000),
            3..=12 => max + 1,
            _ => 1 + self.below(max.max(1)),
        };
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&f(self));
            if out.len() > 2_100_000 {
                break;
            }
        }
        out
    }
}

/// The parameters `name` reads in any of the three families (or as a data set or a
/// network): each name with a value that passes (its default, or a whole number for a
/// required one).
fn keys_of(name: &str) -> Vec<(String, String)> {
    let mut k: Vec<(String, String)> = Vec::new();
    for d in [surface::describe, optim::describe, schedule::describe] {
        if let Ok(info) = d(name) {
            k.extend(info.into_iter().map(|p| {
                let ok = p.default.unwrap_or_else(|| match p.name.as_str() {
                    "max_lr" | "base_lr" | "gamma" => "0.1".into(),
                    "total_steps" => "100".into(),
                    _ => "10".into(),
                });
                (p.name, ok)
            }));
        }
    }
    if nn::DATASETS.contains(&name) {
        k.extend(
            [
                ("n", "50"),
                ("noise", "0.1"),
                ("test", "0.2"),
                ("seed", "1"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string())),
        );
    }
    if name == "mlp" {
        k.extend(
            [("layers", "[2,4,1]"), ("activation", "tanh")]
                .map(|(a, b)| (a.to_string(), b.to_string())),
        );
    }
    k
}

fn surface_spec(g: &mut Gen) -> String {
    g.spec(surface::NAMES, &keys_of)
}
fn optim_spec(g: &mut Gen) -> String {
    g.spec(optim::NAMES, &keys_of)
}
fn sched_spec(g: &mut Gen) -> String {
    g.spec(schedule::NAMES, &keys_of)
}

/// A data-set spec whose size stays small (n ≤ 10,000 is enforced; large ones are rare).
fn data_spec(g: &mut Gen) -> String {
    if g.below(4) == 0 {
        return g.spec(nn::DATASETS, &keys_of);
    }
    let name = g.pick(nn::DATASETS);
    let n = match g.below(200) {
        0 => "10000".to_string(),
        1 => "10001".to_string(),
        2 => g.num_text(),
        _ => (1 + g.below(60)).to_string(),
    };
    let noise = if g.below(3) == 0 {
        g.num_text()
    } else {
        "0.1".into()
    };
    format!("{name}(n={n}, noise={noise}, seed={})", g.below(5))
}

/// A network spec: mostly small, sometimes hostile.
fn model_spec(g: &mut Gen) -> String {
    if g.below(6) == 0 {
        return g.spec(&["mlp"], &keys_of);
    }
    let depth = 2 + g.below(3);
    let widths: Vec<String> = (0..depth)
        .map(|i| match g.below(40) {
            0 => g.num_text(),
            1 => "10000".into(),
            _ if i == 0 => (1 + g.below(3)).to_string(),
            _ => (1 + g.below(8)).to_string(),
        })
        .collect();
    let act = g.pick(&["tanh", "relu", "sigmoid", "gelu", "nope", "TANH"]);
    format!("mlp(layers=[{}], activation={act})", widths.join(","))
}

/// A text for an attribute of `kind`: mostly of its shape, sometimes junk.
fn attr_text(g: &mut Gen, kind: &Kind) -> String {
    if g.per_mille(60) {
        return g.junk(40);
    }
    if g.per_mille(15) {
        // Over the value limit.
        return "1,".repeat(MAX_VALUE_LEN / 2 + 1 + g.below(10));
    }
    match kind {
        Kind::Surface { .. } => surface_spec(g),
        Kind::Optimizer => optim_spec(g),
        Kind::Optimizers { max } => g.list(*max, "; ", &mut optim_spec),
        Kind::Schedule { .. } => sched_spec(g),
        Kind::Schedules { max } | Kind::RunSchedules { max, .. } => {
            g.list(*max, "; ", &mut sched_spec)
        }
        Kind::Number { .. } | Kind::Integer { .. } => g.num_text(),
        Kind::Point => g.list(2, ",", &mut |g| spec::fmt_num(g.mild())),
        Kind::Points { max } => {
            let pts = g.list(*max, ",", &mut |g| {
                let (x, y) = (g.mild(), g.mild());
                let f = |g: &mut Gen, v: f64| match g.below(4) {
                    0 => format!("{v:e}"),
                    1 => format!("{v:.3e}"),
                    2 => g.num_text(),
                    _ => spec::fmt_num(v),
                };
                format!("[{},{}]", f(g, x), f(g, y))
            });
            format!("[{pts}]")
        }
        Kind::Words(w) | Kind::Controls(w) => g.list(w.len() + 1, ",", &mut |g| {
            if g.below(5) == 0 {
                g.word()
            } else {
                g.pick(w).to_string()
            }
        }),
        Kind::Numbers(parts) => g.list(parts.len(), ",", &mut |g| g.num_text()),
        Kind::Text => g.junk(20),
        Kind::Stops { max } => g.list(*max, " | ", &mut |g| {
            let step = if g.below(4) == 0 {
                g.num_text()
            } else {
                g.below(300).to_string()
            };
            format!("{step}: {}", g.junk(8))
        }),
        Kind::Data => data_spec(g),
        Kind::Model => model_spec(g),
        Kind::Each { max, .. } => g.list(*max, "; ", &mut |g| {
            if g.below(6) == 0 {
                "off".into()
            } else {
                g.num_text()
            }
        }),
    }
}

/// A widget and texts for a random subset of its attributes.
fn widget_texts(g: &mut Gen) -> (&'static Widget, Vec<(&'static str, String)>) {
    let w = g.pick(WIDGETS);
    let mut given = Vec::new();
    for a in w.attrs {
        if g.below(3) == 0 {
            given.push((a.name, attr_text(g, &a.kind)));
        }
    }
    if g.below(10) == 0 {
        given.push(("bogus", g.junk(10)));
    }
    (w, given)
}

fn describe(what: &str, parts: &[(&str, String)]) -> String {
    let mut s = String::from(what);
    for (k, v) in parts {
        s.push_str(&format!(" {k}={v:?}"));
    }
    s
}

/// A path of `n` points (flattened), sometimes far off or non-finite.
fn path(g: &mut Gen, n: usize) -> Vec<f64> {
    (0..2 * n)
        .map(|_| if g.below(8) == 0 { g.float() } else { g.mild() })
        .collect()
}

/// Bounds `[x0, x1, y0, y1]`, usually sensible, sometimes degenerate, reversed or huge.
fn bounds(g: &mut Gen) -> [f64; 4] {
    if g.below(5) == 0 {
        [g.float(), g.float(), g.float(), g.float()]
    } else {
        let (x0, y0) = (g.mild(), g.mild());
        [
            x0,
            x0 + 0.1 + g.mild().abs() * 3.0,
            y0,
            y0 + 0.1 + g.mild().abs() * 3.0,
        ]
    }
}

fn theme(g: &mut Gen) -> Theme {
    Theme {
        bg: Rgb(g.below(256) as u8, g.below(256) as u8, g.below(256) as u8),
        fg: Rgb(g.below(256) as u8, 0, 0),
        scale: g.pick(&[0.5, 1.0, 1.5, 2.0, 3.0, 4.0]),
    }
}

// ---------------------------------------------------------------- the targets

/// One call: its input in words, and when the call proper began (after the input was
/// generated, so the times measure the code under test, not the generator).
struct Call {
    input: String,
    start: Instant,
}

impl Call {
    /// Records the input and starts the clock.
    fn begin(&mut self, input: String) {
        self.input = input;
        self.start = Instant::now();
    }
}

/// A fuzz target: generates an input, says what it is ([`Call::begin`]), then calls.
type Target = fn(&mut Gen, &mut Call);

fn t_spec(g: &mut Gen, input: &mut Call) {
    let text = match g.below(4) {
        0 => g.junk(60),
        1 => g.value(0),
        2 => g.list(12, ";", &mut |g| optim_spec(g)),
        _ => g.spec(
            &[surface::NAMES, optim::NAMES, schedule::NAMES].concat(),
            &keys_of,
        ),
    };
    input.begin(format!("spec {text:?}"));
    if let Ok(s) = Spec::parse(&text) {
        // A parsed spec prints back to text that parses to the same spec (compared as
        // text: a NaN argument is not equal to itself).
        let text = s.to_string();
        let back = |t: &str| Spec::parse(t).map(|b| b.to_string()).ok();
        assert_eq!(back(&text).as_ref(), Some(&text), "round trip");
    }
    if let Ok(v) = Value::parse(&text) {
        let back = Value::parse(&v.to_string()).map(|b| b.to_string()).ok();
        assert_eq!(back, Some(v.to_string()), "value round trip");
    }
    let max = g.below(14);
    if let Ok(list) = spec::parse_list(&text, "optimizer", max) {
        assert!(!list.is_empty() && list.len() <= max);
    }
    let _ = spec::split_at_most(&text, ',', max, "x");
}

fn t_num(g: &mut Gen, input: &mut Call) {
    let text = if g.below(2) == 0 {
        g.num_text()
    } else {
        g.junk(12)
    };
    let x = g.float();
    input.begin(format!("number {text:?} and {x:?}"));
    let parsed = num::parse_f64(&text);
    assert_eq!(
        parsed.map(f64::to_bits),
        text.parse::<f64>().ok().map(f64::to_bits),
        "parse_f64 as std"
    );
    for s in [num::fmt_short(x), num::fmt_f64(x)] {
        if x.is_finite() {
            assert_eq!(
                num::parse_f64(&s).map(f64::to_bits),
                Some(x.to_bits()),
                "{s} reads back"
            );
        }
    }
    assert!(num::fmt_short(x).len() <= 25 || !x.is_finite());
    let shown = num::fmt_shown(x, 1 + g.below(20));
    assert!(!shown.contains("NaN") && !shown.contains("inf"), "{shown}");
    let _ = num::fmt_exp(x, g.below(30));
    let _ = num::fmt_fixed(x, g.below(30));
    let _ = num::fmt_sig(x, g.below(30));
}

fn t_query(g: &mut Gen, input: &mut Call) {
    let search = g.junk(30);
    let changes: Vec<(String, Option<String>)> = (0..g.below(4))
        .map(|_| (g.junk(6), (g.below(3) > 0).then(|| g.junk(10))))
        .collect();
    input.begin(format!("query {search:?} changes {changes:?}"));
    let params = query::params(&search);
    let out = query::rewrite(&search, &changes);
    // Every change shows, and a parameter no change names keeps its value.
    let after = query::params(&out);
    for (i, (k, v)) in changes.iter().enumerate() {
        if changes
            .get(i + 1..)
            .is_some_and(|r| r.iter().any(|(n, _)| n == k))
        {
            continue;
        }
        let got: Vec<&String> = after
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v)
            .collect();
        match v {
            Some(v) => assert_eq!(got, [v], "{k} set"),
            None => assert!(got.is_empty(), "{k} removed"),
        }
    }
    for (k, v) in &params {
        if !changes.iter().any(|(n, _)| n == k) {
            assert!(after.iter().any(|(n, w)| n == k && w == v), "{k} kept");
        }
    }
    let s = g.junk(10);
    assert_eq!(query::decode(&query::encode(&s)), s);
}

fn t_schema(g: &mut Gen, input: &mut Call) {
    let (w, given) = widget_texts(g);
    input.begin(describe(&format!("read {}", w.name), &given));
    // As a link gives them: through the query string.
    let key = format!("{}{}", w.name, 1 + g.below(3));
    // (A value of megabytes goes in directly: the query string is fuzzed on its own.)
    let huge = given.iter().any(|(_, v)| v.len() > 65_536);
    let params = if huge {
        given
            .iter()
            .map(|(k, v)| (format!("{key}.{k}"), v.clone()))
            .collect()
    } else {
        let mut search = String::from("?flag");
        for (k, v) in &given {
            search.push_str(&format!("&{key}.{k}={}", query::encode(v)));
        }
        query::params(&search)
    };
    // The clock starts at the reading.
    input.start = Instant::now();
    let get = |name: &str| {
        let p = format!("{key}.{name}");
        params.iter().find(|(k, _)| *k == p).map(|(_, v)| v.clone())
    };
    let (values, problems) = schema::read(w, &get);
    // What a link holds after a widget writes each accepted value back (as the URL writer
    // does: `query::link_text`, or the value as given when that is None) reads back the
    // same. (Not when a check across attributes refused something: it names one
    // attribute at a time, so leaving that one out can bring another mismatch to light.)
    if w.check.is_some() && !problems.is_empty() {
        return;
    }
    let accepted: Vec<(&str, String)> = given
        .iter()
        .filter(|(k, _)| values.given(k) && !problems.iter().any(|p| p.attr == *k))
        .filter_map(|(k, given)| {
            let text = query::link_text(&values.value(k)?.to_text());
            Some((*k, text.unwrap_or_else(|| given.clone())))
        })
        .collect();
    let again = |name: &str| {
        accepted
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    };
    let (back, problems2) = schema::read(w, &again);
    for (k, text) in &accepted {
        assert!(
            text.len() <= MAX_VALUE_LEN,
            "{}.{k} written back in {} bytes",
            w.name,
            text.len()
        );
        assert!(
            !problems2.iter().any(|p| p.attr == *k),
            "{}.{k} = {text:?} does not read back: {:?}",
            w.name,
            problems2.iter().map(|p| p.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(
            back.value(k),
            values.value(k),
            "{}.{k} reads back the same",
            w.name
        );
    }
    for p in &problems {
        assert!(!p.to_string().is_empty());
    }
}

fn t_lesson_line(g: &mut Gen, input: &mut Call) {
    let (w, given) = widget_texts(g);
    let mut line = format!("{{{{ {}", w.name);
    for (k, v) in &given {
        line.push_str(&format!(" {k}=\"{}\"", v.replace('"', "")));
    }
    line.push_str(" }}");
    input.begin(format!("lesson line {line:?}"));
    if let Ok(widget) = gdz::core::lesson::widget::parse(1, &line) {
        let _ = gdz::core::lesson::widget::render(&widget);
        let _ = gdz::core::lesson::widget::fallback(&widget);
    }
}

fn config(g: &mut Gen) -> gdz::core::run::RunConfig {
    use gdz::core::run::{Noise, RunConfig};
    RunConfig {
        steps: match g.below(50) {
            0 => usize::MAX,
            1 => gdz::core::run::MAX_STEPS + 1,
            _ => g.below(120),
        },
        clip_norm: (g.below(4) == 0).then(|| g.float()),
        clip_value: (g.below(4) == 0).then(|| g.float()),
        noise: (g.below(4) == 0).then(|| Noise {
            sigma: g.float(),
            batch: g.pick(&[0, 1, 8, 65_536, 65_537, u32::MAX]),
            seed: g.next(),
        }),
        tol: g.pick(&[1e-6, 0.0, f64::NAN, 1e308, -1.0]),
    }
}

fn start(g: &mut Gen) -> Option<Vec<f64>> {
    (g.below(3) > 0).then(|| (0..g.pick(&[0, 1, 2, 2, 2, 3])).map(|_| g.mild()).collect())
}

/// A `;`-list of optimizers for a run: usually one to three, sometimes up to 13.
fn run_optimizers(g: &mut Gen) -> String {
    if g.below(8) == 0 {
        g.list(13, "; ", &mut optim_spec)
    } else {
        let n = 1 + g.below(3);
        let specs: Vec<String> = (0..n).map(|_| optim_spec(g)).collect();
        specs.join("; ")
    }
}

fn t_run(g: &mut Gen, input: &mut Call) {
    use gdz::core::setup::{RunSetup, SetupSpec};
    let surf = surface_spec(g);
    let opts = run_optimizers(g);
    let sched = (g.below(2) == 0).then(|| sched_spec(g));
    let start = start(g);
    let cfg = config(g);
    input.begin(format!(
        "run surface={surf:?} optimizers={opts:?} schedule={sched:?} start={start:?} {cfg:?}"
    ));
    let Ok(surface) = Spec::parse(&surf) else {
        return;
    };
    let Ok(optimizers) = gdz::core::setup::parse_list(&opts) else {
        return;
    };
    let schedule = sched.and_then(|s| Spec::parse(&s).ok());
    let Ok(setup) = RunSetup::from_specs(SetupSpec {
        surface,
        start,
        optimizers: optimizers.clone(),
        schedule,
        config: cfg.clone(),
    }) else {
        return;
    };
    let dim = setup.surface().dim();
    for i in 0..optimizers.len() {
        let Ok(t) = setup.run(i) else { continue };
        assert_eq!(t.lr.len() + 1, t.len());
        assert_eq!(t.grad_norm.len() + 1, t.len());
        assert_eq!(t.points.len(), t.len() * dim);
        assert!(t.len() <= cfg.steps + 1);
        assert!(t.points.iter().all(|x| x.is_finite()), "finite points");
        for k in [0, t.len() / 2, t.len() + 3] {
            let _ = gdz::core::race::standing_at(&t, k);
        }
        for key in ["m", "v", "momentum_buffer", "sum", "nope"] {
            let _ = gdz::core::replay::state_of(&setup, i, &t, key);
        }
        if let Ok(a) = gdz::core::anatomy::of(&setup, i) {
            for step in 0..=t.len() + 1 {
                let e = a.explain(step);
                assert!(
                    !["NaN", "inf", "undefined"].iter().any(|w| e.contains(w)),
                    "explain: {e}"
                );
            }
        }
    }
    if let Ok(entries) = setup.race() {
        assert_eq!(entries.len(), optimizers.len());
        let mut ranks: Vec<usize> = entries.iter().map(|e| e.rank).collect();
        ranks.sort();
        assert_eq!(ranks, (1..=optimizers.len()).collect::<Vec<_>>());
    }
}

fn t_schedule(g: &mut Gen, input: &mut Call) {
    let text = sched_spec(g);
    let lr = if g.below(3) == 0 {
        g.float()
    } else {
        g.mild().abs()
    };
    let momentum = g.pick(&[Some(0.9), None, Some(f64::NAN), Some(0.0)]);
    let n = if g.per_mille(10) { 5000 } else { g.below(300) };
    input.begin(format!(
        "schedule {text:?} lr={lr:?} momentum={momentum:?} steps={n}"
    ));
    let Ok(spec) = Spec::parse(&text) else { return };
    let Ok(mut s) = schedule::build(&spec, lr, momentum) else {
        return;
    };
    let rates = schedule::lrs(s.as_mut(), n);
    assert_eq!(rates.len(), n + 1);
    if lr.is_finite() && lr >= 0.0 {
        assert!(
            rates.iter().all(|r| r.is_finite() && *r >= 0.0),
            "rates {rates:?}"
        );
    }
    let _ = s.momentum();
}

fn t_anatomy(g: &mut Gen, input: &mut Call) {
    let surf = surface_spec(g);
    let opt = optim_spec(g);
    let start: Vec<f64> = (0..2)
        .map(|_| {
            if g.below(3) == 0 {
                g.pick(&[0.0, 1.0, -1.0])
            } else {
                g.mild()
            }
        })
        .collect();
    let steps = g.below(25);
    input.begin(format!(
        "anatomy surface={surf:?} optimizer={opt:?} start={start:?} steps={steps}"
    ));
    let (Ok(s), Ok(o)) = (Spec::parse(&surf), Spec::parse(&opt)) else {
        return;
    };
    let Ok(s) = surface::build(&s) else { return };
    if let Ok(a) = gdz::core::anatomy::replay(s.as_ref(), &start, &o, steps) {
        for t in 0..=steps + 1 {
            let e = a.explain(t);
            assert!(
                !["NaN", "inf", "undefined"].iter().any(|w| e.contains(w)),
                "explain: {e}"
            );
        }
    }
}

fn t_surface(g: &mut Gen, input: &mut Call) {
    let surf = surface_spec(g);
    let p: Vec<f64> = (0..2).map(|_| g.float()).collect();
    let b = bounds(g);
    let (nx, ny) = (g.below(25), g.below(25));
    input.begin(format!("surface {surf:?} at {p:?} grid {b:?} {nx}x{ny}"));
    let Ok(spec) = Spec::parse(&surf) else { return };
    let Ok(s) = surface::build(&spec) else { return };
    let d = s.dim();
    let q = &p[..d.min(2)];
    let (mut gr, mut h) = (vec![0.0; d], vec![0.0; d * d]);
    if q.len() == d {
        let _ = s.value(q);
        s.gradient(q, &mut gr);
        s.hessian(q, &mut h);
    }
    let _ = (
        s.minima(),
        s.description(),
        s.default_start(),
        s.bounds().extent(),
    );
    let bx = surface::Bounds::xy(b[0], b[1], b[2], b[3]);
    assert_eq!(
        gdz::core::grid::grid(s.as_ref(), &bx, nx, ny).len(),
        nx * ny
    );
}

fn small_data(g: &mut Gen) -> nn::DataSource {
    if g.below(3) == 0 {
        // A CSV: a header, rows of numbers (some hostile), sometimes junk.
        let cols = 1 + g.below(4);
        let mut s = String::from(if g.below(10) == 0 {
            ""
        } else {
            "a,b,c,label\n"
        });
        for _ in 0..g.below(30) {
            let row: Vec<String> = (0..cols)
                .map(|_| {
                    if g.below(10) == 0 {
                        g.num_text()
                    } else {
                        spec::fmt_num(g.mild())
                    }
                })
                .collect();
            s.push_str(&row.join(","));
            s.push_str(&format!(",{}\n", g.below(3)));
        }
        if g.below(20) == 0 {
            s.push_str(&g.junk(30));
        }
        nn::DataSource::Csv(s)
    } else {
        nn::DataSource::Generated(data_spec(g))
    }
}

fn train_config(g: &mut Gen) -> nn::TrainConfig {
    nn::TrainConfig {
        batch: g.pick(&[0, 1, 2, 8, 32, 10_001, usize::MAX]),
        shuffle: g.below(2) == 0,
        clip_norm: (g.below(4) == 0).then(|| g.float()),
        clip_value: (g.below(4) == 0).then(|| g.float()),
        accumulate: g.pick(&[0, 1, 2, 3, 1001]),
        seed: g.next(),
        eval_every: g.pick(&[0, 1, 5, u64::MAX]),
    }
}

fn t_nn_data(g: &mut Gen, input: &mut Call) {
    let data = small_data(g);
    let model = model_spec(g);
    input.begin(format!("nn data {data:?} model {model:?}"));
    let split = data.load();
    let mlp = nn::Mlp::parse(&model);
    if let (Ok(split), Ok(mlp)) = (split, mlp) {
        let _ = nn::Loss::fit(&mlp, &split.train);
        let _ = nn::network_for(Spec::parse(&model).ok().as_ref(), &split.train);
        let params = mlp.init(g.next());
        let _ = mlp.weights(&params);
        let (nx, ny) = (1 + g.below(6), 1 + g.below(6));
        let grid = nn::GridBox {
            x_min: g.float(),
            x_max: g.float(),
            y_min: g.mild(),
            y_max: g.mild(),
            nx: if g.below(30) == 0 { 0 } else { nx },
            ny,
        };
        let mut ws = nn::Workspace::new(&mlp, nx * ny);
        let mut out = vec![0.0; nx * ny];
        for what in [
            nn::GridOutput::Probability,
            nn::GridOutput::Class,
            nn::GridOutput::Value,
        ] {
            let _ = nn::decision_grid(&mlp, &params, &grid, what, &mut ws, &mut out);
        }
    }
}

fn t_nn_train(g: &mut Gen, input: &mut Call) {
    let c = nn::TrainCommand {
        model: model_spec(g),
        data: small_data(g),
        init: None,
        optimizer: optim_spec(g),
        schedule: (g.below(2) == 0).then(|| sched_spec(g)),
        loss: g.pick(&["bce", "mse", "ce", "nope"]).to_string(),
        epochs: g.pick(&[0, 1, 2, nn::MAX_TRAIN_STEPS + 1, u64::MAX]),
        train: train_config(g),
    };
    input.begin(format!("train {c:?}"));
    if let Ok(out) = nn::train_command(&c) {
        let _ = serde_json::to_string(&out);
    }
}

fn t_nn_lr_find(g: &mut Gen, input: &mut Call) {
    let c = nn::LrFindCommand {
        model: model_spec(g),
        data: small_data(g),
        init: None,
        optimizer: optim_spec(g),
        loss: g.pick(&["bce", "mse", "ce"]).to_string(),
        train: train_config(g),
        sweep: nn::LrFindConfig {
            lo: if g.below(3) == 0 { g.float() } else { 1e-4 },
            hi: if g.below(3) == 0 { g.float() } else { 1.0 },
            steps: g.pick(&[0, 1, 2, 5, 20, 10_001]),
            beta: if g.below(4) == 0 { g.float() } else { 0.98 },
            blowup: if g.below(4) == 0 { g.float() } else { 4.0 },
        },
    };
    input.begin(format!("lr-find {c:?}"));
    if let Ok(r) = nn::lr_find_command(&c) {
        let _ = serde_json::to_string(&r);
    }
}

fn t_nn_slice(g: &mut Gen, input: &mut Call) {
    let c = nn::SliceCommand {
        model: model_spec(g),
        data: small_data(g),
        init: None,
        loss: g.pick(&["bce", "mse", "ce"]).to_string(),
        slice: nn::SliceConfig {
            dims: g.pick(&[0, 1, 2, 3]),
            steps: g.pick(&[0, 1, 2, 3, 5, 202, usize::MAX]),
            span: if g.below(3) == 0 { g.float() } else { 1.0 },
            seed: g.next(),
        },
    };
    input.begin(format!("slice {c:?}"));
    if let Ok(r) = nn::slice_command(&c) {
        let _ = serde_json::to_string(&r);
    }
}

fn t_cli(g: &mut Gen, input: &mut Call) {
    let cmd = g.pick(&[
        "trace", "schedule", "race", "list", "widgets", "help", "nope", "", "--help",
    ]);
    let mut args = vec![cmd.to_string()];
    for _ in 0..g.below(7) {
        let flag = g.pick(&[
            "--surface",
            "--optimizer",
            "--optimizers",
            "--start",
            "--steps",
            "--schedule",
            "--clip-norm",
            "--clip-value",
            "--noise",
            "--batch",
            "--seed",
            "--tol",
            "--lr",
            "--momentum",
            "--bogus",
            "x",
        ]);
        args.push(flag.to_string());
        let v = match g.below(6) {
            0 => surface_spec(g),
            1 => optim_spec(g),
            2 => sched_spec(g),
            3 => g.num_text(),
            4 => format!("{},{}", g.num_text(), g.num_text()),
            _ => g
                .pick(&["1,2", "", "99999999999999999999", "100001", "50"])
                .to_string(),
        };
        args.push(v);
    }
    input.begin(format!("gdz {args:?}"));
    if let Ok(out) = gdz::cli::dispatch(&args) {
        if !matches!(cmd, "help" | "--help") {
            assert!(
                serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                "JSON: {out}"
            );
        }
    }
}

fn t_progress(g: &mut Gen, input: &mut Call) {
    let text = match g.below(3) {
        0 => g.junk(40),
        1 => {
            let done = g.list(4, ",", &mut |g| format!("\"{}\"", g.word()));
            let quiz = g.list(3, ",", &mut |g| {
                format!("\"{}/q\":{}", g.word(), g.num_text())
            });
            format!("{{\"version\":1,\"done\":[{done}],\"quiz\":{{{quiz}}}}}")
        }
        _ => progress::Progress::default().to_json(),
    };
    input.begin(format!("progress {text:?}"));
    if let Some(p) = progress::Progress::parse(&text) {
        assert_eq!(progress::Progress::parse(&p.to_json()), Some(p));
    }
    let _ = progress::string_fields(&text, "slug");
}

fn t_csv(g: &mut Gen, input: &mut Call) {
    let (t, x) = (g.junk(10), g.float());
    input.begin(format!("csv {t:?} {x:?}"));
    let mut c = gdz::core::csv::Csv::new(&[t.as_str(), "x"]);
    c.text(&t).num(x).opt(Some(x)).int(g.below(100));
    c.end_row();
}

/// An in-memory canvas.
type Root<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Draws with `f` in memory (SVG: the native build has no font rasteriser for bitmaps'
/// text), on a canvas of a random size.
fn bitmap(g: &mut Gen, f: &mut dyn FnMut(&Root, (u32, u32))) {
    let (w, h) = (1 + g.below(120) as u32, 1 + g.below(90) as u32);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        f(&root, (w, h));
        let _ = root.present();
    }
    assert!(
        !out.contains("NaN") && !out.contains("inf\""),
        "non-finite in the drawing"
    );
}

fn t_render_plot(g: &mut Gen, input: &mut Call) {
    let b = bounds(g);
    let th = theme(g);
    let n = if g.per_mille(10) { 3000 } else { g.below(60) };
    let pts = path(g, n);
    let minima: Vec<(f64, f64)> = (0..g.below(3)).map(|_| (g.float(), g.mild())).collect();
    let arrow_to = (g.float(), g.mild());
    let note = g.junk(8);
    input.begin(format!("plot bounds={b:?} {th:?} path={pts:?} minima={minima:?} arrow_to={arrow_to:?} note={note:?}"));
    let field = Field::sample(
        |x, y| x * x + y * y - x * y,
        b,
        2 + g.below(20),
        2 + g.below(20),
    );
    let lines = contour::lines(&field, g.below(12));
    bitmap(g, &mut |root, size| {
        let frame = Frame::new(size, b, &th);
        let plot = frame.plot(root);
        let _ = plot2d::draw_frame(root, &frame, &th);
        let _ = plot2d::draw_contours(&plot, &lines, &th);
        let _ = plot2d::draw_minima(&plot, &minima, &th);
        let _ = plot2d::draw_path(&plot, &pts, SERIES[1], &th);
        let _ = arrow::draw_arrow(&plot, (b[0], b[2]), arrow_to, SERIES[2], &th);
        let _ = plot2d::draw_note(root, &frame, &note, &th);
    });
    let _ = field.rgba();
    let _ = field.levels(g.below(20));
    let _ = field.normalize(g.float());
}

fn t_render_chart(g: &mut Gen, input: &mut Call) {
    let th = theme(g);
    let log_y = g.below(2) == 0;
    let log_x = g.below(4) == 0;
    let series: Vec<Vec<(f64, f64)>> = (0..1 + g.below(4))
        .map(|_| {
            let n = if g.per_mille(10) { 5001 } else { g.below(80) };
            let mut x = 0.0;
            (0..n)
                .map(|_| {
                    x += if g.below(20) == 0 { g.float() } else { 1.0 };
                    (x, if g.below(6) == 0 { g.float() } else { g.mild() })
                })
                .collect()
        })
        .collect();
    let marker = (g.below(2) == 0).then(|| g.float());
    let (lo, hi, n) = (g.float(), g.float(), g.below(50));
    input.begin(format!("chart log_y={log_y} log_x={log_x} marker={marker:?} series={series:?} ticks({lo:?}, {hi:?}, {n})"));
    // Ticks over any range: increasing, finite, inside, and few.
    let t = plot2d::ticks(lo, hi, n);
    assert!(t.len() <= 2 * n + 2, "{} ticks", t.len());
    assert!(t.windows(2).all(|w| w[0] < w[1]) && t.iter().all(|v| lo <= *v && *v <= hi));
    for v in &t {
        assert!(!plot2d::tick_label(*v).is_empty());
    }
    let ss: Vec<chart::Series> = series
        .iter()
        .enumerate()
        .map(|(i, p)| chart::Series {
            points: p,
            color: SERIES[i % 7],
            dashed: i % 2 == 1,
        })
        .collect();
    let y = chart::y_range(&ss, log_y);
    let xs: Vec<f64> = series.iter().flatten().map(|p| p.0).collect();
    let x = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let axes = chart::Axes { x, y, log_y, log_x };
    bitmap(g, &mut |root, size| {
        let c = chart::Chart::new(size, &axes, &th);
        let _ = c.draw(root, &ss, marker, &th);
        let _ = c.draw_solid(root, &ss, &th);
        let (xt, yt) = c.ticks();
        assert!(
            xt.len() <= 64 && yt.len() <= 64,
            "{} {} chart ticks",
            xt.len(),
            yt.len()
        );
        for v in xt.iter().chain(&yt) {
            let _ = c.tick_label(true, *v);
        }
        let _ = c.x_at(f64::from(size.0) / 2.0);
    });
    let _ = chart::label(g.float());
}

fn t_render_curve(g: &mut Gen, input: &mut Call) {
    let th = theme(g);
    let (n, m) = (g.below(100), g.below(50));
    let pts: Vec<(f64, f64)> = path(g, n).chunks_exact(2).map(|p| (p[0], p[1])).collect();
    let trail: Vec<(f64, f64)> = path(g, m).chunks_exact(2).map(|p| (p[0], p[1])).collect();
    let minima: Vec<(f64, f64)> = (0..g.below(3)).map(|_| (g.float(), g.float())).collect();
    let ring = g.below(2) == 0;
    input.begin(format!(
        "curve {th:?} pts={pts:?} trail={trail:?} minima={minima:?}"
    ));
    let ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let [y0, y1] = curve::y_range(&ys);
    let b = [g.mild(), g.mild() + 2.0, y0, y1];
    bitmap(g, &mut |root, size| {
        let frame = Frame::new(size, b, &th);
        let plot = frame.plot(root);
        let _ = curve::draw_curve(&plot, &pts, &minima, &th);
        let ball = curve::Ball {
            trail: &trail,
            color: SERIES[3],
            ring,
        };
        let _ = curve::draw_ball(root, &frame, &ball, &th);
    });
}

fn t_render_scatter(g: &mut Gen, input: &mut Call) {
    let th = theme(g);
    let pts: Vec<[f64; 2]> = (0..g.below(60))
        .map(|_| {
            [
                g.mild() * 100.0,
                if g.below(10) == 0 {
                    g.float()
                } else {
                    g.mild()
                },
            ]
        })
        .collect();
    let fit = (g.float(), g.mild());
    let selected = (g.below(2) == 0).then(|| g.below(80));
    let at = (g.float(), g.mild() * 100.0);
    input.begin(format!(
        "scatter {th:?} pts={pts:?} fit={fit:?} selected={selected:?} at={at:?}"
    ));
    let b = scatter::data_bounds(&pts);
    assert!(b.iter().all(|v| v.is_finite()));
    bitmap(g, &mut |root, size| {
        let frame = Frame::new(size, b, &th);
        let plot = frame.plot(root);
        let _ = scatter::draw_fit(&plot, b, &pts, fit, SERIES[4], &th);
        let _ = scatter::draw_points(&plot, &pts, selected, SERIES[3], &th);
        let _ = scatter::nearest(&frame, &pts, at, 12.0);
        let _ = scatter::from_px(&frame, at);
    });
}

fn t_render_boundary(g: &mut Gen, input: &mut Call) {
    let th = theme(g);
    let feats = 1 + g.below(3);
    let rows = g.below(60);
    let x: Vec<f64> = (0..rows * feats)
        .map(|_| {
            if g.below(10) == 0 {
                g.float()
            } else {
                g.mild()
            }
        })
        .collect();
    let y: Vec<f64> = (0..rows)
        .map(|_| {
            if g.below(10) == 0 {
                g.float()
            } else {
                g.below(4) as f64
            }
        })
        .collect();
    let (nx, ny) = (g.below(20), g.below(20));
    let value: Vec<f64> = (0..g.below(nx * ny + 3)).map(|_| g.float()).collect();
    let class: Vec<f64> = (0..g.below(nx * ny + 3)).map(|_| g.float()).collect();
    let k = g.below(8);
    let xs: Vec<f64> = (0..g.below(50)).map(|_| g.mild()).collect();
    let ys: Vec<f64> = (0..g.below(50)).map(|_| g.float()).collect();
    input.begin(format!("boundary {th:?} x={x:?} y={y:?} grid {nx}x{ny} k={k} value={value:?} class={class:?} curve {xs:?} {ys:?}"));
    let img = boundary::regions(
        &value,
        (g.below(2) == 0).then_some(&class[..]),
        k,
        (nx, ny),
        th.bg,
    );
    assert_eq!(img.len(), nx * ny * 4);
    let b = boundary::bounds(&x, &y);
    bitmap(g, &mut |root, size| {
        let frame = Frame::new(size, b, &th);
        let plot = frame.plot(root);
        let _ = boundary::draw_points(&plot, &x, &y, g_bool(k), k % 3 == 0, &th);
        let _ = boundary::draw_curve(&plot, &xs, &ys, SERIES[2], &th);
    });
    let _ = boundary::class_color(g.float());
}

fn g_bool(k: usize) -> bool {
    k % 2 == 0
}

fn t_render_mesh(g: &mut Gen, input: &mut Call) {
    let th = theme(g);
    let (nx, ny) = (g.below(16), g.below(16));
    let values: Vec<f64> = (0..g.below(nx * ny + 4))
        .map(|_| if g.below(6) == 0 { g.float() } else { g.mild() })
        .collect();
    let b = bounds(g);
    let view = [g.float(), g.float(), g.float()];
    let view_text = g.junk(10);
    let n = g.below(40);
    let run_pts = path(g, n);
    let loss: Vec<f64> = (0..run_pts.len() / 2).map(|_| g.float()).collect();
    input.begin(format!("mesh {nx}x{ny} values={values:?} bounds={b:?} view={view:?} {view_text:?} run={run_pts:?} loss={loss:?}"));
    let _ = project::View::parse(&view_text);
    let v = project::View::from_numbers(&view)
        .rotated(g.float(), g.float())
        .zoomed(g.float());
    let _ = v.text();
    let field = Field::from_values(values, b, nx, ny);
    let mesh = mesh3d::Mesh::new(field);
    let (w, h) = (1 + g.below(64), 1 + g.below(48));
    let cam = project::Camera::new(&v, w as f64, h as f64, mesh3d::HEIGHT);
    let mut pic = mesh3d::Picture::new(w, h);
    mesh.paint(&cam, &mut pic, th.bg);
    let _ = pic.cell_at(g.float(), g.float());
    let run = mesh3d::Run3 {
        points: &run_pts,
        loss: &loss,
        colour: SERIES[1],
    };
    bitmap(g, &mut |root, _| {
        let _ = mesh3d::draw_runs(root, &mesh, &cam, &pic, std::slice::from_ref(&run), &th);
    });
    let _ = gdz::render::palette::scale(g.float());
    let _ = Rgb::parse_hex(&g.junk(8));
}

/// Every target with its weight (how often it is drawn): cheap readers often, runs,
/// training and drawing less, so a run of calls spends its time evenly.
const TARGETS: &[(&str, Target, usize)] = &[
    ("spec", t_spec, 30),
    ("number", t_num, 20),
    ("query", t_query, 10),
    ("schema", t_schema, 30),
    ("lesson line", t_lesson_line, 6),
    ("run", t_run, 8),
    ("schedule", t_schedule, 10),
    ("anatomy", t_anatomy, 4),
    ("surface", t_surface, 8),
    ("nn data", t_nn_data, 3),
    ("nn train", t_nn_train, 2),
    ("nn lr-find", t_nn_lr_find, 1),
    ("nn slice", t_nn_slice, 1),
    ("cli", t_cli, 3),
    ("progress", t_progress, 6),
    ("csv", t_csv, 4),
    ("render plot", t_render_plot, 3),
    ("render chart", t_render_chart, 3),
    ("render curve", t_render_curve, 2),
    ("render scatter", t_render_scatter, 2),
    ("render boundary", t_render_boundary, 2),
    ("render mesh", t_render_mesh, 2),
];

// ---------------------------------------------------------------- the harness

static PANIC: Mutex<Option<String>> = Mutex::new(None);

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// `s` cut to about `n` characters for printing.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let head: String = s.chars().take(n).collect();
        format!("{head}… ({} bytes in all)", s.len())
    }
}

#[test]
fn hostile_input_never_panics() {
    let calls = env_num("GDZ_FUZZ_CALLS", 100_000);
    let seed = env_num("GDZ_FUZZ_SEED", 0x5EED_F00D_CAFE_0018).max(1);
    let mut g = Gen(seed);
    let total: usize = TARGETS.iter().map(|t| t.2).sum();
    // Per target: calls, time, slowest time and its input.
    let mut stats: Vec<(u64, Duration, Duration, String)> =
        vec![(0, Duration::ZERO, Duration::ZERO, String::new()); TARGETS.len()];
    let mut panics: Vec<(&str, String, String)> = Vec::new();
    let mut panic_count = 0u64;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let msg = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default(),
        };
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        if let Ok(mut p) = PANIC.lock() {
            *p = Some(format!("{msg} at {at}"));
        }
    }));
    let t0 = Instant::now();
    for _ in 0..calls {
        let mut r = g.below(total);
        let i = TARGETS
            .iter()
            .position(|t| {
                let hit = r < t.2;
                r = r.saturating_sub(t.2);
                hit
            })
            .unwrap_or(0);
        let (name, target, _) = TARGETS[i];
        let mut call = Call {
            input: String::new(),
            start: Instant::now(),
        };
        let result = catch_unwind(AssertUnwindSafe(|| target(&mut g, &mut call)));
        let dt = call.start.elapsed();
        let input = call.input;
        let s = &mut stats[i];
        s.0 += 1;
        s.1 += dt;
        if dt > s.2 {
            s.2 = dt;
            s.3 = input.clone();
        }
        if result.is_err() {
            panic_count += 1;
            let msg = PANIC
                .lock()
                .ok()
                .and_then(|mut p| p.take())
                .unwrap_or_default();
            if panics.len() < 20 {
                panics.push((name, input, msg));
            }
        }
    }
    let elapsed = t0.elapsed();
    std::panic::set_hook(hook);

    println!(
        "fuzz: {calls} calls in {:.1} s (seed {seed:#x}), {panic_count} panics",
        elapsed.as_secs_f64()
    );
    println!(
        "{:<16} {:>10} {:>10} {:>12}",
        "target", "calls", "total ms", "slowest µs"
    );
    for ((name, _, _), s) in TARGETS.iter().zip(&stats) {
        println!(
            "{name:<16} {:>10} {:>10.0} {:>12.0}",
            s.0,
            s.1.as_secs_f64() * 1e3,
            s.2.as_secs_f64() * 1e6
        );
    }
    if let Some((i, s)) = stats.iter().enumerate().max_by_key(|(_, s)| s.2) {
        println!(
            "slowest input ({}, {:.1} ms): {}",
            TARGETS[i].0,
            s.2.as_secs_f64() * 1e3,
            short(&s.3, 600)
        );
    }
    for (name, input, msg) in &panics {
        println!("PANIC in {name}: {msg}\n  input: {}", short(input, 2000));
    }
    assert_eq!(
        panic_count, 0,
        "{panic_count} of {calls} calls panicked (the first are printed above)"
    );
}

/// The generator makes inputs that get past the readers, not only errors: a good share
/// of specs build and of widget attributes are accepted.
#[test]
fn the_generator_reaches_past_the_readers() {
    let mut g = Gen(7);
    let n = 2000;
    let mut built = [0usize; 3];
    for _ in 0..n {
        let ok = |t: &str, b: &dyn Fn(&Spec) -> bool| Spec::parse(t).is_ok_and(|s| b(&s));
        built[0] += usize::from(ok(&optim_spec(&mut g), &|s| optim::build(s, 2).is_ok()));
        built[1] += usize::from(ok(&surface_spec(&mut g), &|s| surface::build(s).is_ok()));
        built[2] += usize::from(ok(&sched_spec(&mut g), &|s| {
            schedule::build(s, 0.1, Some(0.9)).is_ok()
        }));
    }
    for (what, b) in ["optimizer", "surface", "schedule"].iter().zip(built) {
        assert!(b > n / 5 && b < n, "{b} of {n} {what} specs built");
    }
    let mut setups = 0;
    for _ in 0..n {
        use gdz::core::setup::{RunSetup, SetupSpec};
        let (surf, opts) = (surface_spec(&mut g), run_optimizers(&mut g));
        let (Ok(surface), Ok(optimizers)) =
            (Spec::parse(&surf), gdz::core::setup::parse_list(&opts))
        else {
            continue;
        };
        let spec = SetupSpec::new(surface, optimizers);
        setups += usize::from(RunSetup::from_specs(spec).is_ok_and(|s| s.run(0).is_ok()));
    }
    assert!(setups > n / 20, "{setups} of {n} run set-ups ran");
    let (mut given, mut accepted) = (0, 0);
    for _ in 0..n {
        let (w, texts) = widget_texts(&mut g);
        let get = |name: &str| {
            texts
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        };
        let (values, problems) = schema::read(w, &get);
        for (k, _) in &texts {
            given += 1;
            accepted += usize::from(values.given(k) && !problems.iter().any(|p| p.attr == *k));
        }
    }
    assert!(
        accepted > given / 5 && accepted < given,
        "{accepted} of {given} attributes accepted"
    );
}
