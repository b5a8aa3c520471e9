//! The numbers the lessons state about what their widgets show (a step at which a run
//! converges, a loss, how many steps a run needs) are recomputed here from the core,
//! with each widget's own attributes as the lesson gives them, and the prose must state
//! exactly the recomputed value. A change to a widget's settings, to an optimizer or to
//! the prose that makes the two disagree fails this test.
//!
//! Each [`Claim`] names the lesson, the widget (its name and place among the lesson's
//! widgets of that name, as in the page's link keys: `race1`, `compare2`), the run in
//! it, what is measured, and the words of the prose around the number, with `{}` where
//! the number stands.

use gdz::core::lesson::{self, widget::Widget};
use gdz::core::run::{Noise, RunConfig, Trajectory};
use gdz::core::schema::{self, Values};
use gdz::core::setup::run_spec;
use gdz::core::spec::Spec;

/// What a claim measures on one run.
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// The step the read-out calls converged at: every later loss is within 10⁻⁶ of the
    /// minimum.
    Converged,
    /// The first step at which the loss is below the given value.
    FirstBelow(f64),
    /// The loss after the given step, to the given significant digits.
    LossAt(usize, usize),
}

/// Which run of a widget.
#[derive(Debug, Clone, Copy)]
enum Run {
    /// The `i`-th optimizer (from 0) of a race or playground.
    Nth(usize),
    /// A compare's `left` or `right` side.
    Side(&'static str),
}

/// One number stated in a lesson about a widget's outcome.
struct Claim {
    /// The lesson file in `lessons/`.
    file: &'static str,
    /// The widget's link key: its name and place among the lesson's widgets of that name.
    widget: &'static str,
    /// Attributes set otherwise than in the lesson, for a sentence about what the reader
    /// sees after changing them (`surface` = another valley).
    set: &'static [(&'static str, &'static str)],
    run: Run,
    what: Measure,
    /// The prose around the number, `{}` standing for it.
    text: &'static str,
}

/// A claim about the widget as the lesson sets it up.
const fn claim(
    file: &'static str,
    widget: &'static str,
    run: Run,
    what: Measure,
    text: &'static str,
) -> Claim {
    Claim {
        file,
        widget,
        set: &[],
        run,
        what,
        text,
    }
}

/// A claim about the widget with some attributes changed.
const fn claim_with(set: &'static [(&'static str, &'static str)], c: Claim) -> Claim {
    Claim { set, ..c }
}

use Measure::{Converged, FirstBelow, LossAt};
use Run::{Nth, Side};

const B100: &[(&str, &str)] = &[("surface", "quadratic(a=1, b=100)")];
const B25: &[(&str, &str)] = &[("surface", "quadratic(a=1, b=25)")];
const MOMENTUM_05: &[(&str, &str)] = &[("optimizer", "sgd(lr=0.035); sgd(lr=0.035, momentum=0.5)")];

/// Every claim checked. Grep the lessons for "converged", "at step", "steps" and losses
/// when adding a widget or a sentence about one.
const CLAIMS: &[Claim] = &[
    claim(
        "02-gradient-descent.md",
        "playground1",
        Nth(1),
        Converged,
        "its read-out says converged at {})",
    ),
    claim(
        "02-gradient-descent.md",
        "playground1",
        Nth(0),
        LossAt(300, 1),
        "after 300 steps its loss is still about ${}$",
    ),
    claim(
        "04-momentum.md",
        "playground1",
        Nth(0),
        Converged,
        "calls it converged (loss within $10^{-6}$ of the minimum, for good) at step {}.",
    ),
    claim(
        "04-momentum.md",
        "playground1",
        Nth(1),
        Converged,
        "and it converges at step {}: four times sooner",
    ),
    claim_with(
        MOMENTUM_05,
        claim(
            "04-momentum.md",
            "playground1",
            Nth(1),
            Converged,
            "With momentum $0.5$ it converges at step {}.",
        ),
    ),
    claim(
        "05-nesterov.md",
        "compare1",
        Side("right"),
        FirstBelow(1e-6),
        "It first brings the loss below $10^{-6}$ at step {},",
    ),
    claim(
        "05-nesterov.md",
        "compare1",
        Side("left"),
        FirstBelow(1e-6),
        "against {} for the heavy ball",
    ),
    claim(
        "05-nesterov.md",
        "compare1",
        Side("right"),
        Converged,
        "say converged at step {} against",
    ),
    claim(
        "05-nesterov.md",
        "compare1",
        Side("left"),
        Converged,
        "against {}. A useful gain",
    ),
    claim(
        "05-nesterov.md",
        "race1",
        Nth(2),
        Converged,
        "stays below a loss of $10^{-6}$ from step {} on.",
    ),
    claim(
        "07-rmsprop.md",
        "compare1",
        Side("left"),
        Converged,
        "(its read-out says {})",
    ),
    claim_with(
        B100,
        claim(
            "08-adam.md",
            "race1",
            Nth(0),
            Converged,
            "Adam at $\\eta = 0.05$ converges at step {},",
        ),
    ),
    claim_with(
        B100,
        claim(
            "08-adam.md",
            "race1",
            Nth(1),
            Converged,
            "zig-zags its way to convergence at step {}.",
        ),
    ),
    claim(
        "08-adam.md",
        "race1",
        Nth(0),
        Converged,
        "it converges at step {} instead of 168",
    ),
    claim_with(
        B100,
        claim(
            "08-adam.md",
            "race1",
            Nth(0),
            Converged,
            "it converges at step 191 instead of {}",
        ),
    ),
    claim_with(
        B25,
        claim(
            "08-adam.md",
            "race1",
            Nth(0),
            Converged,
            "(and at {} on a valley with $b = 25$)",
        ),
    ),
    claim(
        "08-adam.md",
        "race2",
        Nth(3),
        Converged,
        "their read-outs say converged at steps {} and 1484",
    ),
    claim(
        "08-adam.md",
        "race2",
        Nth(1),
        Converged,
        "converged at steps 1386 and {}",
    ),
    claim(
        "11-schedules.md",
        "compare1",
        Side("right"),
        Converged,
        "it converges at step {} and ends",
    ),
    claim(
        "12-loss-landscapes.md",
        "landscape1",
        Nth(0),
        Converged,
        "their read-outs say converged at steps {} and 190",
    ),
    claim(
        "12-loss-landscapes.md",
        "landscape1",
        Nth(2),
        Converged,
        "converged at steps 32 and {})",
    ),
    claim(
        "12-loss-landscapes.md",
        "landscape1",
        Nth(1),
        Converged,
        "converged at step {}. On a landscape",
    ),
    claim(
        "13-gradient-clipping.md",
        "compare1",
        Side("left"),
        Converged,
        "The read-outs say converged at step {} without clipping",
    ),
    claim(
        "13-gradient-clipping.md",
        "compare1",
        Side("right"),
        Converged,
        "and at step {} with it.",
    ),
    claim(
        "13-gradient-clipping.md",
        "compare2",
        Side("left"),
        Converged,
        "converged at step {} by norm",
    ),
    claim(
        "13-gradient-clipping.md",
        "compare2",
        Side("right"),
        Converged,
        "and at step {} by value.",
    ),
];

/// The lessons' folder.
fn lessons() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")
}

/// The widget `key` (`race2`) of the lesson `file`, and the lesson's text.
fn find(file: &str, key: &str) -> (Widget, String) {
    let text = std::fs::read_to_string(lessons().join(file)).expect("the lesson exists");
    let doc = lesson::parse(file, &text).expect("the lesson parses");
    let split = key
        .find(|c: char| c.is_ascii_digit())
        .expect("a key is a name and a place");
    let (name, place) = key.split_at(split);
    let place: usize = place.parse().expect("a place is a number");
    let w = doc
        .widgets
        .into_iter()
        .filter(|w| w.def.name == name)
        .nth(place - 1)
        .unwrap_or_else(|| panic!("{file} has no widget {key}"));
    (w, text)
}

/// The widget's values (with `set` in place of the lesson's), read through its schema
/// with the defaults filled in, as the page reads them.
fn values(w: &Widget, set: &[(&str, &str)]) -> Values {
    let get = |name: &str| {
        let over = set.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        over.or_else(|| w.get(name)).map(str::to_string)
    };
    let (v, problems) = schema::read(w.def, &get);
    assert!(problems.is_empty(), "{problems:?}");
    v
}

/// The run `run` of widget `w`, as the widget runs it.
fn trajectory(w: &Widget, set: &[(&str, &str)], run: Run) -> Trajectory {
    let mut v = values(w, set);
    let start = v.point("start").expect("a start").to_vec();
    let steps = v.int("steps").expect("steps");
    let constant = Spec::bare("constant");
    let (optimizer, schedule, cfg) = match (w.def.name, run) {
        ("compare", Side(side)) => (
            v.spec(side).expect("a side's optimizer").clone(),
            v.spec(&format!("{side}_schedule"))
                .unwrap_or(&constant)
                .clone(),
            RunConfig {
                steps,
                clip_norm: v.num(&format!("clip_norm_{side}")),
                clip_value: v.num(&format!("clip_value_{side}")),
                ..RunConfig::default()
            },
        ),
        ("race" | "landscape", Nth(i)) => (
            v.specs("optimizers")
                .and_then(|s| s.get(i))
                .expect("a racer")
                .clone(),
            constant,
            RunConfig {
                steps,
                ..RunConfig::default()
            },
        ),
        ("playground", Nth(i)) => {
            // As the playground runs it: noise only when σ > 0.
            let sigma = v.num("noise").unwrap_or(0.0);
            (
                v.specs("optimizer")
                    .and_then(|s| s.get(i))
                    .expect("a run")
                    .clone(),
                v.spec("schedule").unwrap_or(&constant).clone(),
                RunConfig {
                    steps,
                    clip_norm: v.num("clip_norm"),
                    noise: (sigma > 0.0).then(|| Noise {
                        sigma,
                        batch: v.int("batch").unwrap_or(1) as u32,
                        seed: v.int("seed").unwrap_or(1) as u64,
                    }),
                    ..RunConfig::default()
                },
            )
        }
        (name, run) => panic!("no recomputation for {name} {run:?}"),
    };
    let surface = v.take_surface().expect("a surface");
    run_spec(surface.as_ref(), &start, &optimizer, &schedule, &cfg).expect("the run builds")
}

/// `x` to `digits` significant digits, as prose writes it (`0.003`, `12.5`).
fn sig(x: f64, digits: usize) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    format!("{x:.decimals$}")
}

/// The number the claim states, recomputed.
fn measure(t: &Trajectory, what: Measure) -> String {
    match what {
        Converged => t.converged_at.expect("the run converges").to_string(),
        FirstBelow(tol) => t
            .loss
            .iter()
            .position(|l| *l < tol)
            .expect("the loss gets below the bound")
            .to_string(),
        LossAt(k, digits) => sig(*t.loss.get(k).expect("the run has the step"), digits),
    }
}

/// Runs of spaces and line breaks as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_number_the_prose_states_is_what_its_widget_shows() {
    let mut wrong = Vec::new();
    for c in CLAIMS {
        let (w, text) = find(c.file, c.widget);
        let value = measure(&trajectory(&w, c.set, c.run), c.what);
        let said = c.text.replace("{}", &value);
        if !squash(&text).contains(&squash(&said)) {
            wrong.push(format!(
                "{} {} {:?} {:?}: the widget gives {value}, so the prose should read \"{said}\"",
                c.file, c.widget, c.run, c.what
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_claims_name_widgets_that_exist_and_sentences_with_a_number() {
    for c in CLAIMS {
        let (w, _) = find(c.file, c.widget);
        assert!(
            matches!(w.def.name, "compare" | "race" | "landscape" | "playground"),
            "{}",
            c.widget
        );
        assert_eq!(c.text.matches("{}").count(), 1, "{}", c.text);
    }
}

#[test]
fn significant_digits_round_as_prose_does() {
    assert_eq!(sig(0.003_14, 1), "0.003");
    assert_eq!(sig(12.46, 3), "12.5");
    assert_eq!(sig(1386.0, 2), "1386");
}
