//! The widget schema: what each widget accepts, in one table per widget kind.
//!
//! Every attribute has a kind (a spec of a surface, optimizer or schedule, a number or
//! whole number with its range, a point, a list, a set of words), a typed default, its
//! limits and a one-line description. The lesson checker, the gallery, the widgets'
//! mounts, the URL-state reader and the embed-code writer all read attributes through
//! [`read`], so none of them can accept what another refuses. `gdz widgets` prints the
//! tables as JSON.
//!
//! This module compiles for both targets. A lesson page's wasm module refers only to the
//! tables of the widgets it shows, and its descriptions are left out (see `doc_line!`).

mod read;
#[cfg(not(target_arch = "wasm32"))]
pub mod reference;
mod table;

pub use read::{number_list, read, Problem, Value, Values, FALLBACK_MOMENTUM};
pub use table::*;

use crate::core::spec::Range;

/// Text kept where it is shown (native code: the lesson build, the gallery, `gdz
/// widgets`; and the full wasm module with the tools row) and left out of lesson pages'
/// modules, which never show it: descriptions, labels, summaries.
macro_rules! doc_line {
    ($text:expr) => {{
        #[cfg(any(not(target_arch = "wasm32"), feature = "tools"))]
        let d = $text;
        #[cfg(all(target_arch = "wasm32", not(feature = "tools")))]
        let d = {
            let _ = $text;
            ""
        };
        d
    }};
}
pub(crate) use doc_line;

/// What kind of value an attribute holds (its text is always one string).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One surface spec with `dim` parameters, e.g. `quadratic(a=1, b=25)`.
    Surface {
        /// The number of parameters the widget draws.
        dim: usize,
    },
    /// One optimizer spec, e.g. `adam(lr=0.01)`.
    Optimizer,
    /// One to `max` optimizer specs separated by `;`.
    Optimizers {
        /// The most specs.
        max: usize,
    },
    /// One schedule spec, e.g. `cosine(t_max=100)`. It is checked against the optimizer
    /// attribute `pairs` (or, when that is empty or absent, the widget's first one).
    Schedule {
        /// The optimizer attribute whose learning rate and momentum it starts from.
        pairs: &'static str,
    },
    /// One to `max` schedule specs separated by `;`.
    Schedules {
        /// The most specs.
        max: usize,
    },
    /// A number in `range`.
    Number {
        /// The allowed values.
        range: Range,
    },
    /// A whole number from `min` to `max`.
    Integer {
        /// The least value.
        min: u64,
        /// The greatest value.
        max: u64,
    },
    /// A point: one number per surface parameter, separated by commas (`-1.5,1`), each
    /// within ±[`MAX_COORD`].
    Point,
    /// A list of 1 to `max` 2-D points, `[[1,2],[2,4],[3,6]]`, each within ±[`MAX_COORD`].
    Points {
        /// The most points.
        max: usize,
    },
    /// A comma-separated list of distinct words, each one of these.
    Words(&'static [&'static str]),
    /// The controls to show: a comma-separated list of these, or `none`.
    Controls(&'static [&'static str]),
    /// Numbers separated by commas, one per named part, each in its range.
    Numbers(&'static [(&'static str, Range)]),
    /// Free text, shown to readers as written.
    Text,
    /// Up to `max` stops of a guided run, `STEP: caption | STEP: caption`, the steps
    /// rising.
    Stops {
        /// The most stops.
        max: usize,
    },
    /// A generated data set's spec, e.g. `moons(n=200, noise=0.1, test=0.25, seed=1)`.
    Data,
    /// A network spec, e.g. `mlp(layers=[2,16,16,1], activation=tanh)`, that fits the
    /// data set read so far (inputs per feature, outputs per class).
    Model,
    /// One to `max` numbers separated by `;`, one per run (a single one is every run's),
    /// each in `range` and whole when `whole`; `off` where the default is off.
    Each {
        /// The allowed values.
        range: Range,
        /// Whether each must be a whole number.
        whole: bool,
        /// The most numbers.
        max: usize,
    },
    /// One to `max` schedule specs separated by `;`, one per run, each checked against
    /// its run's optimizer (the attribute `pairs` names).
    RunSchedules {
        /// The most specs.
        max: usize,
        /// The optimizer attribute whose `;`-list the runs follow.
        pairs: &'static str,
    },
}

impl Kind {
    /// A short phrase naming the kind, for error messages and documentation.
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Surface { .. } => "a surface spec",
            Kind::Optimizer => "an optimizer spec",
            Kind::Optimizers { .. } => "optimizer specs separated by ;",
            Kind::Schedule { .. } => "a schedule spec",
            Kind::Schedules { .. } => "schedule specs separated by ;",
            Kind::Integer { .. } => "a whole number",
            Kind::Number { .. } => "a number",
            Kind::Point => "a point such as -1.5,1",
            Kind::Points { .. } => "a list of points such as [[1,2],[2,4]]",
            Kind::Words(_) => "a comma-separated list of words",
            Kind::Controls(_) => "a comma-separated list of controls, or none",
            Kind::Numbers(_) => "numbers separated by commas",
            Kind::Text => "free text",
            Kind::Stops { .. } => "stops such as 0: the start | 40: the valley",
            Kind::Data => "a data set spec",
            Kind::Model => "a network spec",
            Kind::Each { whole: true, .. } => "whole numbers separated by ;",
            Kind::Each { .. } => "numbers separated by ;",
            Kind::RunSchedules { .. } => "schedule specs separated by ;, one per run",
        }
    }

    /// The parser of values of this kind.
    pub const fn parser(self) -> Parse {
        match self {
            Kind::Surface { .. } => read::surface,
            Kind::Optimizer => read::optimizer,
            Kind::Optimizers { .. } => read::optimizers,
            Kind::Schedule { .. } => read::schedule,
            Kind::Schedules { .. } => read::schedules,
            Kind::Number { .. } | Kind::Integer { .. } => read::number,
            Kind::Point => read::point,
            Kind::Points { .. } => read::points,
            Kind::Words(_) | Kind::Controls(_) => read::words,
            Kind::Numbers(_) => read::numbers,
            Kind::Text => read::text,
            Kind::Stops { .. } => read::stops,
            Kind::Data => read::data,
            Kind::Model => read::model,
            Kind::Each { .. } => read::each,
            Kind::RunSchedules { .. } => read::run_schedules,
        }
    }

    /// The kind's name in `gdz widgets`.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Surface { .. } => "surface",
            Kind::Optimizer => "optimizer",
            Kind::Optimizers { .. } => "optimizers",
            Kind::Schedule { .. } => "schedule",
            Kind::Schedules { .. } => "schedules",
            Kind::Integer { .. } => "integer",
            Kind::Number { .. } => "number",
            Kind::Point => "point",
            Kind::Points { .. } => "points",
            Kind::Words(_) => "words",
            Kind::Controls(_) => "controls",
            Kind::Numbers(_) => "numbers",
            Kind::Text => "text",
            Kind::Stops { .. } => "stops",
            Kind::Data => "data",
            Kind::Model => "model",
            Kind::Each { .. } => "each",
            Kind::RunSchedules { .. } => "run_schedules",
        }
    }
}

/// The value an attribute takes when it is not given (or not accepted).
#[derive(Clone, Copy)]
pub enum Default {
    /// No value: the widget does without (an optional setting that is off).
    Off,
    /// A spec, or a `;`-list of specs, written in the spec language.
    Spec(&'static str),
    /// A number (also for whole numbers).
    Number(f64),
    /// A list of 2-D points.
    Points(&'static [[f64; 2]]),
    /// Numbers, one per part of a [`Kind::Numbers`].
    Numbers(&'static [f64]),
    /// Every control of a [`Kind::Controls`] (or, for [`Kind::Words`], none).
    All,
    /// Text.
    Text(&'static str),
    /// Worked out from the other values (e.g. the surface's own start), as `what` says.
    Derived {
        /// The rule in words, for the gallery and `gdz widgets`.
        what: &'static str,
        /// The rule: the default given the values read so far.
        make: fn(&Values) -> Value,
    },
}

impl std::fmt::Debug for Default {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Default::Derived { what, .. } => write!(f, "Derived({what})"),
            Default::Off => f.write_str("Off"),
            Default::Spec(s) | Default::Text(s) => write!(f, "{s:?}"),
            Default::Number(x) => write!(f, "{x}"),
            Default::Points(p) => write!(f, "{p:?}"),
            Default::Numbers(n) => write!(f, "{n:?}"),
            Default::All => f.write_str("All"),
        }
    }
}

/// One attribute a widget accepts.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    /// The attribute's name, as written in the lesson and on the custom element.
    pub name: &'static str,
    /// What the value holds, with its limits.
    pub kind: Kind,
    /// Whether a widget line must give it (a widget still mounts with the default).
    pub required: bool,
    /// The value used when it is not given or not accepted.
    pub default: Default,
    /// A few words naming it for readers (the no-JavaScript text, notices).
    pub label: &'static str,
    /// One line saying what it does (empty in lesson pages' modules).
    pub doc: &'static str,
    /// Reads a text into the value: its kind's parser, chosen when the table is
    /// compiled, so a module carries only the parsers (and the surface, optimizer and
    /// schedule code) of the kinds its widgets use.
    pub parse: Parse,
}

/// Reads the text of attribute `attr` into its value, given the values read so far (a
/// surface attribute also builds the surface into them).
pub type Parse = fn(attr: &Attr, text: &str, values: &mut Values) -> crate::core::Result<Value>;

impl Attr {
    /// An optional attribute of `kind`.
    pub const fn new(
        name: &'static str,
        kind: Kind,
        default: Default,
        label: &'static str,
        doc: &'static str,
    ) -> Attr {
        Attr {
            name,
            kind,
            required: false,
            default,
            label,
            doc,
            parse: kind.parser(),
        }
    }

    /// The same attribute, required.
    pub const fn required(self) -> Attr {
        Attr {
            required: true,
            ..self
        }
    }
}

/// A check across attributes that no single attribute's kind can make: given the values
/// read, the problem it found, the attribute it blames having taken its default (made by
/// [`checked!`] from a function that names the attribute to blame and why).
pub type Check = fn(&mut Values, &Widget) -> Option<Problem>;

/// The [`Check`] of a function `fn(&Values) -> Option<(&'static str, Box<Error>)>`:
/// the attribute it blames takes its default, as a refused text does. (The code that
/// does so is reached only through a check, so a module whose widgets have none leaves
/// it out.)
macro_rules! checked {
    ($f:path) => {
        Some((|v: &mut Values, w: &Widget| super::read::blame(v, w, $f(v))) as super::Check)
    };
}
pub(crate) use checked;

/// One widget kind: its name, what it shows and the attributes it accepts.
#[derive(Debug, Clone, Copy)]
pub struct Widget {
    /// The name after `{{`; the custom element is `gdz-` followed by it.
    pub name: &'static str,
    /// One sentence saying what the widget shows, for readers without JavaScript.
    pub summary: &'static str,
    /// The attributes, in the order documented.
    pub attrs: &'static [Attr],
    /// A check across attributes, run after each attribute was read.
    pub check: Option<Check>,
}

impl PartialEq for Widget {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Widget {
    /// The values every attribute takes when none is given.
    pub fn defaults(&self) -> Values {
        read(self, &|_| None).0
    }

    /// The attribute called `name`, if this widget has one.
    pub fn attr(&self, name: &str) -> Option<&'static Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The custom element's tag name, `gdz-NAME`.
    pub fn tag(&self) -> String {
        format!("gdz-{}", self.name)
    }

    /// The attribute names, in order, joined by `, ` (for error messages).
    pub fn attr_names(&self) -> String {
        let names: Vec<&str> = self.attrs.iter().map(|a| a.name).collect();
        names.join(", ")
    }

    /// How many parameters its runs have: its surface attribute's, else 2.
    pub fn dim(&self) -> usize {
        self.attrs
            .iter()
            .find_map(|a| match a.kind {
                Kind::Surface { dim } => Some(dim),
                _ => None,
            })
            .unwrap_or(2)
    }
}

/// The largest coordinate a point may have.
pub const MAX_COORD: f64 = 1e6;
/// The longest attribute value accepted, in bytes.
pub const MAX_VALUE_LEN: usize = 4096;

impl Attr {
    /// The default as attribute text (a derived one worked out for the widget's other
    /// defaults, with its rule), or `None` when the attribute is off by default.
    pub fn default_text(&self, widget: &Widget) -> Option<String> {
        let (rule, text) = self.default_parts(widget)?;
        Some(match rule {
            Some(what) => format!("{what} ({text})"),
            None => text,
        })
    }

    /// The default as attribute text, with the rule that derives it when there is one
    /// (for the gallery, which sets the value apart from the words), or `None` when the
    /// attribute is off by default.
    pub fn default_parts(&self, widget: &Widget) -> Option<(Option<&'static str>, String)> {
        let v = widget.defaults();
        let text = v.value(self.name).map(Value::to_text).unwrap_or_default();
        match self.default {
            Default::Off if !matches!(self.kind, Kind::Words(_)) => None,
            Default::Derived { what, .. } => Some((Some(what), text)),
            _ => Some((None, text)),
        }
    }

    /// The limits of the value, in words.
    pub fn limits(&self) -> String {
        let n = crate::core::spec::fmt_num;
        match self.kind {
            Kind::Surface { dim } => format!("a {dim}-D surface"),
            Kind::Optimizer | Kind::Schedule { .. } => "one spec".into(),
            Kind::Optimizers { max } | Kind::Schedules { max } => format!("1 to {max} specs"),
            Kind::Number { range } => range.describe(self.name),
            Kind::Integer { min, max } => format!(
                "{} ≤ {} ≤ {}, whole",
                n(min as f64),
                self.name,
                n(max as f64)
            ),
            Kind::Point => format!("one number per parameter, each within ±{}", n(MAX_COORD)),
            Kind::Points { max } => format!("1 to {max} points, each within ±{}", n(MAX_COORD)),
            Kind::Words(w) | Kind::Controls(w) => format!("any of {}", w.join(", ")),
            Kind::Numbers(parts) => {
                let p: Vec<String> = parts.iter().map(|(k, r)| r.describe(k)).collect();
                crate::core::text::join(&p, "; ")
            }
            Kind::Text => format!("at most {MAX_VALUE_LEN} bytes"),
            Kind::Stops { max } => format!("1 to {max} stops, steps rising"),
            Kind::Data => "one data set spec".into(),
            Kind::Model => "one mlp spec fitting the data".into(),
            Kind::Each { range, whole, max } => format!(
                "1 to {max}, each {}{}",
                range.describe(self.name),
                if whole { ", whole" } else { "" }
            ),
            Kind::RunSchedules { max, .. } => format!("1 to {max} specs"),
        }
    }
}
