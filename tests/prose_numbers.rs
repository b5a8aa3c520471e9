//! The numbers the lessons state about what their widgets show (a step at which a run
//! converges, a loss, how many steps a run needs) are recomputed here from the core,
//! with each widget's own attributes as the lesson gives them, and the prose must state
//! exactly the recomputed value. A change to a widget's settings, to an optimizer or to
//! the prose that makes the two disagree fails this test.
//!
//! Each [`Claim`] names the lesson, the widget (its name and place among the lesson's
//! widgets of that name, as in the page's link keys: `race1`, `compare2`), the run in
//! it, what is measured, and the words of the prose around the number, with `{}` where
//! the number stands. A claim about a bound ("the loss stays below $0.7$") instead
//! checks that the recomputed value lies on the stated side of the number the prose
//! writes.

#![cfg(not(target_arch = "wasm32"))]

use gdz::core::anatomy::{replay, Anatomy, ANATOMY_STEPS};
use gdz::core::lesson::{self, widget::Widget};
use gdz::core::map::theory::QuadraticTheory;
use gdz::core::map::{Axis, Cell, Map, MapResult};
use gdz::core::nn::{self as nn, LrFindResult, NetSetup, SliceConfig, SliceResult};
use gdz::core::nn::{StepReport, Trainer};
use gdz::core::run::{Noise, RunConfig, Status, Trajectory};
use gdz::core::schedule;
use gdz::core::schema::{self, Values, FALLBACK_MOMENTUM};
use gdz::core::setup::run_spec;
use gdz::core::spec::{Spec, Value};

/// What a claim measures on one run.
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// The step the read-out calls converged at: every later loss is within 10⁻⁶ of the
    /// minimum.
    Converged,
    /// The first step at which the loss is below the given value.
    FirstBelow(f64),
    /// The first step at which the loss is below the given value, rounded to the
    /// nearest multiple of the second ("about 370 steps").
    FirstBelowAbout(f64, usize),
    /// The loss after the given step, to the given significant digits.
    LossAt(usize, usize),
    /// Coordinate `.1` (0 is x) after step `.0`, to `.2` significant digits.
    CoordAt(usize, usize, usize),
    /// The largest value coordinate `.0` reaches, to `.1` significant digits.
    Peak(usize, usize),
    /// The step the read-out calls converged at, rounded to the nearest multiple of
    /// `.0` ("about 170").
    ConvergedAbout(usize),
    /// The step at which coordinate `.0` is largest.
    PeakAt(usize),
    /// The first step from which coordinate `.0` stays within `.2` of `.1`.
    StaysWithin(usize, f64, f64),
    /// A network's largest batch loss over its first `.0` steps, to `.1` significant
    /// digits.
    BatchLossPeak(usize, usize),
    /// A network's largest gradient norm (before clipping), to `.0` significant digits.
    GradNormPeak(usize),
    /// How many of a network's steps clipping changed the gradient on.
    ClippedSteps,
    /// A network's test accuracy after its last step, in whole percent.
    TestAccuracy,
    /// A network's test loss after its last step, to `.0` significant digits.
    TestLoss(usize),
    /// A network's loss on its training set after its last step, to `.0` significant
    /// digits.
    TrainLoss(usize),
    /// A network's training accuracy after its last step, in whole percent.
    TrainAccuracy,
    /// A network's loss on its training set before its first step, to `.0` significant
    /// digits.
    InitialTrainLoss(usize),
    /// How many weights a network has.
    Weights,
    /// A range test's rate at its lowest smoothed loss, to `.0` significant digits.
    SweepLowestLr(usize),
    /// A range test's lowest smoothed loss, to `.0` significant digits.
    SweepLowestLoss(usize),
    /// The rate of a range test's last step (where it stopped early), to `.0` digits.
    SweepStopLr(usize),
    /// The rate a range test suggests (its marker), to `.0` significant digits.
    SweepSuggestion(usize),
    /// A slice's loss at the trained weights (α = 0), to `.0` significant digits.
    SliceCenter(usize),
    /// A slice's loss at the grid point nearest α = `.0`, to `.1` significant digits.
    SliceAt(f64, usize),
    /// An end of the unbroken run of grid points around α = 0 whose loss is within `.0`
    /// of the centre value: the lower end if `.1`, else the upper (the α as written).
    SliceWithin(f64, bool),
    /// The power of ten nearest the loss after step `.0` (`10^{-5}`).
    LossPowerAt(usize),
    /// How far coordinate `.0` swings below zero at its lowest (the size of its most
    /// negative value), to `.1` significant digits.
    Low(usize, usize),
    /// The first step at which coordinate `.0` is farther than `.1` from zero, rounded to
    /// the nearest multiple of `.2` (1 for the step itself).
    FirstBeyond(usize, f64, usize),
    /// The first step at which coordinate `.0` is above `.1` ("rounds the bend").
    FirstAbove(usize, f64),
    /// The lowest (`.1` false) or highest (`.1` true) loss from step `.0` to the last,
    /// to `.2` significant digits ("flickers between 0.024 and 0.035").
    LossRange(usize, bool, usize),
    /// The lowest (`.2` false) or highest (`.2` true) value of coordinate `.1` from step
    /// `.0` to the last, to `.3` significant digits ("hopping between 2.15 and 2.34").
    CoordRange(usize, usize, bool, usize),
    /// The smallest (`.2` false) or largest (`.2` true) distance of coordinate `.1` from
    /// zero from step `.0` to the last, to `.3` significant digits.
    AbsRange(usize, usize, bool, usize),
    /// The mean loss from step `.0` to the last over the runs with seeds 1 to `.1` (a
    /// noisy run's `seed`), to `.2` significant digits: the level a noisy run jitters at.
    MeanLoss(usize, u64, usize),
    /// How far coordinate `.1` moved on step `.0` (from point `.0 − 1` to point `.0`), to
    /// `.2` significant digits.
    Moved(usize, usize, usize),
    /// The last step on which coordinate `.0` changes sign (crosses the valley's floor).
    LastCross(usize),
    /// The step taken in coordinate `.1` on step `.0`, with its sign, to `.2` digits.
    StepBy(usize, usize, usize),
    /// How far the point is from the start after step `.0`, to `.1` significant digits.
    DistanceAt(usize, usize),
    /// An update anatomy's gradient in coordinate `.1` on step `.0`, to `.2` digits.
    Grad(usize, usize, usize),
    /// An update anatomy's row named `.0` in coordinate `.2` on step `.1`, to `.3`
    /// significant digits; written in scientific notation if `.4`.
    Part(&'static str, usize, usize, usize, bool),
    /// A schedule's learning rate after step `.0`, to `.1` significant digits.
    RateAt(usize, usize),
    /// A network's loss on its training set after step `.0`, to `.1` significant digits.
    TrainLossAt(usize, usize),
    /// A network's update-to-weight ratio of layer `.1` (from 0) on step `.0` (from 1),
    /// to `.2` significant digits.
    RatioAt(usize, usize, usize),
    /// A network's largest update-to-weight ratio over every layer and step, to `.0`
    /// significant digits.
    RatioPeak(usize),
    /// The lowest point of a network's test-loss curve (evaluated as the widget
    /// evaluates it), to `.0` significant digits.
    TestLossLowest(usize),
    /// The step of the lowest point of a network's test-loss curve, rounded to the
    /// nearest multiple of `.0`.
    TestLossLowestAt(usize),
    /// The first step at which coordinate `.0` has changed sign ("reaches the valley
    /// floor", where it crosses zero), rounded to the nearest multiple of `.1`.
    FirstCross(usize, usize),
    /// The first step at which the point is within distance `.2` of (`.0`, `.1`) ("back
    /// near the minimum"), rounded to the nearest multiple of `.3`.
    FirstNear(f64, f64, f64, usize),
    /// How far coordinate `.1` is from `.2` at the first step whose loss is below `.0`,
    /// to `.3` significant digits.
    OffWhenBelow(f64, usize, f64, usize),
    /// The order of magnitude of an update anatomy's gradient in coordinate `.1` on step
    /// `.0` (the gradient at the point step `.0 − 1` reached), in words as prose says it:
    /// `units` below 10, `tens` below 100, `hundreds` below 1,000, `thousands` below
    /// 10,000.
    GradOrder(usize, usize),
    /// A network's lowest loss on its whole training set after any of its steps
    /// (evaluated after every step), to `.0` significant digits.
    TrainLossLowest(usize),
    /// A network's mean loss on its whole training set after steps `.0` to `.1`
    /// (evaluated after each), to `.2` significant digits: the level of a plateau.
    TrainLossMean(usize, usize, usize),
    /// The rate of a range test's first step whose smoothed loss is below `.0` ("falls to
    /// 0.67 by …"), written as `.1` says.
    SweepFirstBelow(f64, Rate),
    /// The rate of the first step from which a range test's smoothed loss stays below
    /// `.0` up to its lowest point (where the curve leaves a flat stretch for good),
    /// written as `.1` says.
    SweepStaysBelow(f64, Rate),
    /// The median smoothed loss of a range test over its steps with rates from `.0` to
    /// `.1` (the first [`SWEEP_SKIP`] steps left out), to `.2` significant digits: the
    /// level of a flat stretch.
    SweepMedian(f64, f64, usize),
    /// The rate of a range test's first step (the first [`SWEEP_SKIP`] left out) whose
    /// smoothed loss is more than the fraction `.0` below the level of the flat stretch
    /// between rates `.1` and `.2` (that level as [`Measure::SweepMedian`] takes it),
    /// written as `.3` says: where the curve starts to fall ("1% below that level").
    SweepFallsBy(f64, f64, f64, Rate),
    /// How many steps from the first move every coordinate by exactly `.0` (to rounding,
    /// [`EXACT`]): for Sophia without weight decay, the steps on which its clip acts in
    /// every coordinate (a clipped step is exactly η, an unclipped one shorter).
    AllAtRate(f64),
    /// The first step from which coordinate `.0` moves by less than `.1` (by more than
    /// [`EXACT`]) on every step to the last: for Sophia without weight decay at rate
    /// `.1`, where its clip on that coordinate stops acting for good.
    BelowRateFrom(usize, f64),
}

/// How far a step's length may be from a rate and still count as exactly the rate: the
/// rounding of subtracting two coordinates near 1.
const EXACT: f64 = 1e-12;

/// The steps at the start of a range test that the sweep measures leave out, as the
/// widget's suggestion does (the smoothed loss still follows single batches there).
const SWEEP_SKIP: usize = 10;

/// How a claim writes a rate it measures.
#[derive(Debug, Clone, Copy)]
enum Rate {
    /// The power of ten nearest it (`10^{-4}`).
    Power,
    /// In scientific notation to the given significant digits (`5 \times 10^{-4}`).
    Sci(usize),
    /// To the given significant digits (`0.014`).
    Sig(usize),
}

impl Rate {
    fn write(self, lr: f64) -> String {
        match self {
            Rate::Power => format!("10^{{{}}}", lr.log10().round() as i32),
            Rate::Sci(d) => sci(lr, d),
            Rate::Sig(d) => sig(lr, d),
        }
    }
}

/// Which way a bound claim ("stays below 0.7") compares.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// The measured value is below the stated number.
    Below,
    /// The measured value is above the stated number.
    Above,
}

/// Which run of a widget.
#[derive(Debug, Clone, Copy)]
enum Run {
    /// The `i`-th optimizer (from 0) of a race or playground.
    Nth(usize),
    /// A compare's `left` or `right` side.
    Side(&'static str),
    /// A ball: 0 the plain one, 1 the one with momentum.
    Ball(usize),
    /// A regression's one run.
    Fit,
    /// A network's `i`-th run (from 0); a slice's `i`-th set-up.
    Net(usize),
    /// A range test's one sweep.
    Sweep,
    /// A schedules chart's `i`-th schedule (from 0).
    Sched(usize),
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
    /// The prose around the number, `{}` standing for it (`{,}` for a whole number with
    /// thousands separators); or, with [`Claim::means`], words that state it.
    text: &'static str,
    /// The value the words of `text` state, when they state it without a digit ("every
    /// test point right" is 100).
    means: Option<&'static str>,
    /// For a bound ("the loss stays below $0.7$"): which way, and the number as the prose
    /// writes it (in `text`, which then has no `{}`). The measured value must lie on that
    /// side of it.
    bound: Option<(Bound, &'static str)>,
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
        means: None,
        bound: None,
    }
}

/// A claim that the measured value lies below or above `number`, as the prose writes
/// it in `text` ("below $10^{-5}$"); measure with enough digits to compare.
const fn claim_bound(bound: Bound, number: &'static str, c: Claim) -> Claim {
    Claim {
        bound: Some((bound, number)),
        ..c
    }
}

/// A bound claim whose words state the bound without writing it as a number ("fewer
/// than half": 50).
const fn claim_bound_means(bound: Bound, number: &'static str, c: Claim) -> Claim {
    Claim {
        bound: Some((bound, number)),
        means: Some(number),
        ..c
    }
}

/// A claim whose words state `value` without writing it as a number.
const fn claim_means(value: &'static str, c: Claim) -> Claim {
    Claim {
        means: Some(value),
        ..c
    }
}

/// A claim about the widget with some attributes changed.
const fn claim_with(set: &'static [(&'static str, &'static str)], c: Claim) -> Claim {
    Claim { set, ..c }
}

use Bound::{Above, Below};
use Measure::*;
use Run::{Ball, Fit, Net, Nth, Sched, Side, Sweep};

const B100: &[(&str, &str)] = &[("surface", "quadratic(a=1, b=100)")];
const B25: &[(&str, &str)] = &[("surface", "quadratic(a=1, b=25)")];
const MOMENTUM_05: &[(&str, &str)] = &[("optimizer", "sgd(lr=0.035); sgd(lr=0.035, momentum=0.5)")];
/// The three formulas lesson 12's last lab links to (`?own.surface=…`), each with the
/// lab's own start, optimizers and steps; the `_LONG` ones with the steps set to 5000.
const VALLEY: &[(&str, &str)] = &[("surface", r#"expr(f="(1 - x)^2 + 10*(y - x^2)^2")"#)];
const VALLEY_LONG: &[(&str, &str)] = &[
    ("surface", r#"expr(f="(1 - x)^2 + 10*(y - x^2)^2")"#),
    ("steps", "5000"),
];
const GREEN: &[(&str, &str)] = &[("surface", r#"expr(f="1 - exp(-5*(x^2 + y^2))")"#)];
const GREEN_LONG: &[(&str, &str)] = &[
    ("surface", r#"expr(f="1 - exp(-5*(x^2 + y^2))")"#),
    ("steps", "5000"),
];
const GREEN_WIDE: &[(&str, &str)] = &[("surface", r#"expr(f="1 - exp(-3*(x^2 + y^2))")"#)];
const EGGS: &[(&str, &str)] = &[(
    "surface",
    r#"expr(f="x^2 + y^2 + 0.3*(2 - cos(10*x) - cos(10*y))")"#,
)];
/// Lesson 12's formula lab.
const OWN: &str = "lab-2/playground1";

/// Every claim checked. Grep the lessons for "converged", "at step", "steps" and losses
/// when adding a widget or a sentence about one.
#[rustfmt::skip]
const CLAIMS: &[Claim] = &[
    claim("02-gradient-descent.md", "playground1", Nth(1), Converged, "its read-out says converged at {})"),
    claim("02-gradient-descent.md", "playground1", Nth(0), LossAt(300, 1), "after 300 steps its loss is still about ${}$"),
    claim_with(&[("steps", "1000")], claim("02-gradient-descent.md", "playground1", Nth(0), FirstBelowAbout(1e-6, 100), "it would need about {} steps to bring the loss below $10^{-6}$")),
    claim("04-momentum.md", "playground1", Nth(0), Converged, "calls it converged (loss within $10^{-6}$ of the minimum, for good) at step {}."),
    claim("04-momentum.md", "playground1", Nth(1), Converged, "and it converges at step {}: four times sooner"),
    claim_with(MOMENTUM_05, claim("04-momentum.md", "playground1", Nth(1), Converged, "With momentum $0.5$ it converges at step {}.")),
    claim("05-nesterov.md", "compare1", Side("right"), FirstBelow(1e-6), "It first brings the loss below $10^{-6}$ at step {},"),
    claim("05-nesterov.md", "compare1", Side("left"), FirstBelow(1e-6), "against {} for the heavy ball"),
    claim("05-nesterov.md", "compare1", Side("right"), Converged, "say converged at step {} against"),
    claim("05-nesterov.md", "compare1", Side("left"), Converged, "against {}. A useful gain"),
    claim("05-nesterov.md", "race1", Nth(2), Converged, "stays below a loss of $10^{-6}$ from step {} on."),
    claim("07-rmsprop.md", "compare1", Side("left"), Converged, "(its read-out says {})"),
    claim_with(B100, claim("08-adam.md", "race1", Nth(0), Converged, "Adam at $\\eta = 0.05$ converges at step {},")),
    claim_with(B100, claim("08-adam.md", "race1", Nth(1), Converged, "zig-zags its way to convergence at step {}.")),
    claim("08-adam.md", "race1", Nth(0), Converged, "it converges at step {} instead of 168"),
    claim_with(B100, claim("08-adam.md", "race1", Nth(0), Converged, "it converges at step 191 instead of {}")),
    claim_with(B25, claim("08-adam.md", "race1", Nth(0), Converged, "(and at {} on a valley with $b = 25$)")),
    claim("08-adam.md", "race2", Nth(3), Converged, "their read-outs say converged at steps {} and 1484"),
    claim("08-adam.md", "race2", Nth(1), Converged, "converged at steps 1386 and {}"),
    claim("11-schedules.md", "compare1", Side("right"), Converged, "it converges at step {} and ends"),
    claim("12-loss-landscapes.md", "landscape1", Nth(0), Converged, "their read-outs say converged at steps {} and 190"),
    claim("12-loss-landscapes.md", "landscape1", Nth(2), Converged, "converged at steps 32 and {})"),
    claim("12-loss-landscapes.md", "landscape1", Nth(1), Converged, "converged at step {}. On a landscape"),
    claim("13-gradient-clipping.md", "compare1", Side("left"), Converged, "The read-outs say converged at step {} without clipping"),
    claim("13-gradient-clipping.md", "compare1", Side("right"), Converged, "and at step {} with it."),
    claim("13-gradient-clipping.md", "compare2", Side("left"), Converged, "converged at step {} by norm"),
    claim("13-gradient-clipping.md", "compare2", Side("right"), Converged, "and at step {} by value."),
    claim("01-training-loop.md", "regression1", Fit, Peak(1, 2), "It climbs first: to about ${}$ at step 32"),
    claim("01-training-loop.md", "regression1", Fit, PeakAt(1), "to about $0.58$ at step {},"),
    claim("01-training-loop.md", "regression1", Fit, FirstBelowAbout(1e-2, 10), "the loss drops below $10^{-2}$ after about {} steps"),
    claim("01-training-loop.md", "regression1", Fit, FirstBelowAbout(1e-6, 100), "needs about {,} steps to get below $10^{-6}$"),
    claim("02-gradient-descent.md", "lab-2/ball1", Ball(0), Converged, "the read-out calls it converged (its loss within $10^{-6}$ of the minimum) from step {}."),
    claim_with(&[("start", "-1")], claim("02-gradient-descent.md", "lab-2/ball1", Ball(0), CoordAt(300, 0, 1), "after 300 steps it is still at about ${}$")),
    claim("04-momentum.md", "ball1", Ball(1), Peak(0, 3), "overshoots the minimum to about $x = {}$"),
    claim("04-momentum.md", "ball1", Ball(1), StaysWithin(0, 2.25, 0.01), "it stays within $0.01$ of it from step {},"),
    claim("04-momentum.md", "ball1", Ball(1), Converged, "and the read-out calls it converged (its loss within $10^{-6}$ of the minimum) from step {}."),
    claim("06-adagrad.md", "race1", Nth(1), CoordAt(3000, 0, 3), "at about $({}, 0.994)$"),
    claim("06-adagrad.md", "race1", Nth(1), CoordAt(3000, 1, 3), "at about $(0.997, {})$"),
    claim("06-adagrad.md", "race1", Nth(0), CoordAt(3000, 0, 2), "at about $({}, 0.68)$ with a loss of about $0.03$"),
    claim("06-adagrad.md", "race1", Nth(0), CoordAt(3000, 1, 2), "at about $(0.83, {})$ with a loss of about $0.03$"),
    claim("06-adagrad.md", "race1", Nth(0), LossAt(3000, 1), "with a loss of about ${}$"),
    claim("08-adam.md", "race1", Nth(2), CoordAt(400, 0, 2), "after 400 steps it is still at $x \\approx {}$"),
    claim("08-adam.md", "race1", Nth(2), LossAt(400, 2), "with a loss of about ${}$, and it would need"),
    claim_with(&[("steps", "5000")], claim("08-adam.md", "race1", Nth(2), Converged, "it would need {,} steps to converge")),
    claim("09-adamw.md", "compare1", Side("left"), CoordAt(2000, 0, 4), "at $w \\approx {}$, $b \\approx 0.210$"),
    claim("09-adamw.md", "compare1", Side("left"), CoordAt(2000, 1, 3), "$b \\approx {}$, and stays there"),
    claim("09-adamw.md", "compare1", Side("right"), CoordAt(2000, 0, 3), "it is at about $w = {}$, $b = 0.14$"),
    claim("09-adamw.md", "compare1", Side("right"), CoordAt(2000, 1, 2), "$w = 1.93$, $b = {}$, still drifting"),
    claim("10-lion-and-sophia.md", "race1", Nth(1), Converged, "then its steps shrink and it converges at step {}."),
    claim("10-lion-and-sophia.md", "compare1", Side("right"), Converged, "and converges at step {}, a few steps before Adam"),
    claim("10-lion-and-sophia.md", "compare1", Side("left"), Converged, "a few steps before Adam ({})."),
    claim("14-practical-training.md", "regression1", Fit, FirstBelowAbout(1e-6, 25), "the loss needs about {} steps to get below $10^{-6}$"),
    claim("14-practical-training.md", "regression2", Fit, FirstBelowAbout(1e-6, 10), "on the normalized inputs, about {}."),
    claim_with(&[("lr", "0.5")], claim("14-practical-training.md", "regression2", Fit, Converged, "at $\\eta = 0.5$ it converges in {} steps")),
    claim_with(&[("optimizer", "sgd(lr=0.035); sgd(lr=0.035, momentum=0.9)")], claim("04-momentum.md", "playground1", Nth(1), ConvergedAbout(10), "With $0.9$ it needs about {}:")),
    claim("12-loss-landscapes.md", "landscape1", Nth(1), CoordAt(500, 0, 3), "settles at about $({}, -1.85)$"),
    claim("12-loss-landscapes.md", "landscape1", Nth(1), CoordAt(500, 1, 3), "settles at about $(3.58, {})$"),
    claim("13-gradient-clipping.md", "compare1", Side("left"), CoordAt(1, 0, 3), "throws the parameters to about $({}, 0.9)$"),
    claim("13-gradient-clipping.md", "compare1", Side("left"), CoordAt(1, 1, 1), "throws the parameters to about $(-10.2, {})$"),
    claim("13-gradient-clipping.md", "lab/network1", Net(0), BatchLossPeak(100, 2), "the batch loss shoots up to {} within the first hundred steps"),
    claim("13-gradient-clipping.md", "lab/network1", Net(0), GradNormPeak(2), "the gradient norm reaches {},"),
    claim_means("100", claim("13-gradient-clipping.md", "lab/network1", Net(1), TestAccuracy, "yet ends with every test point right")),
    claim_means("100", claim("13-gradient-clipping.md", "lab/network1", Net(2), TestAccuracy, "the right-hand run also ends with every test point right")),
    claim("13-gradient-clipping.md", "lab/network1", Net(1), ClippedSteps, "Clipping changed the gradient on {} of the 2,000 steps"),
    claim("13-gradient-clipping.md", "lab/network1", Net(1), GradNormPeak(2), "(up to {} here)"),
    claim("13-gradient-clipping.md", "lab/network1", Net(2), ClippedSteps, "though it touched the gradient on {} steps"),
    claim("13-gradient-clipping.md", "lab/network1", Net(2), Weights, "about 9 for this network's {}:"),
    claim_with(VALLEY, claim("12-loss-landscapes.md", OWN, Nth(0), CoordAt(500, 0, 3), "after 500 steps it is at about $({}, 0.879)$")),
    claim_with(VALLEY, claim("12-loss-landscapes.md", OWN, Nth(0), CoordAt(500, 1, 3), "after 500 steps it is at about $(0.939, {})$")),
    claim_with(VALLEY, claim("12-loss-landscapes.md", OWN, Nth(0), LossAt(500, 2), "$(0.939, 0.879)$, with a loss of ${}$.")),
    claim_with(VALLEY, claim("12-loss-landscapes.md", OWN, Nth(1), Converged, "follow the curve and converge at steps {} and 327.")),
    claim_with(VALLEY, claim("12-loss-landscapes.md", OWN, Nth(2), Converged, "follow the curve and converge at steps 326 and {}.")),
    claim_with(VALLEY_LONG, claim("12-loss-landscapes.md", OWN, Nth(0), Converged, "gradient descent gets there too, converged at step {}.")),
    claim_with(GREEN, claim("12-loss-landscapes.md", OWN, Nth(0), CoordAt(500, 0, 3), "it hardly moves: after 500 steps it is at about $({}, 0.998)$")),
    claim_with(GREEN, claim("12-loss-landscapes.md", OWN, Nth(0), CoordAt(500, 1, 3), "it hardly moves: after 500 steps it is at about $(-0.998, {})$")),
    claim_with(GREEN, claim("12-loss-landscapes.md", OWN, Nth(1), CoordAt(500, 0, 3), "it ends at about $({}, 0.971)$")),
    claim_with(GREEN, claim("12-loss-landscapes.md", OWN, Nth(1), CoordAt(500, 1, 3), "it ends at about $(-0.971, {})$")),
    claim_with(GREEN, claim("12-loss-landscapes.md", OWN, Nth(2), Converged, "drops into the hole and converges at step {}.")),
    claim_with(GREEN_LONG, claim("12-loss-landscapes.md", OWN, Nth(1), Converged, "momentum does find the hole, converged at step {};")),
    claim_with(GREEN_WIDE, claim("12-loss-landscapes.md", OWN, Nth(1), Converged, "changing the 5 to a 3, and momentum converges at step {}.")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(0), Converged, "is done: converged at step {} at about")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(0), CoordAt(500, 0, 3), "at about $({}, 0.588)$, with a loss")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(0), CoordAt(500, 1, 3), "at about $(-0.588, {})$, with a loss")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(0), LossAt(500, 2), "with a loss of ${}$ against 0 at the bottom")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(2), Converged, "stops in the same pit (converged at step {}):")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(1), Peak(0, 3), "it overshoots the origin as far as $x \\approx {}$")),
    claim_with(EGGS, claim("12-loss-landscapes.md", OWN, Nth(1), Converged, "converges at the bottom at step {}.")),
    claim_with(&[("clip_value", "off; off; 0.5")], claim("13-gradient-clipping.md", "lab/network1", Net(2), TestAccuracy, "that run ends with {}% of the test points right")),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(1), TrainLoss(2), "ending at a training loss of {} (99% of them right)"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(1), TrainAccuracy, "ending at a training loss of 0.019 ({}% of them right)"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(1), TestLoss(2), "and then climbs to {} as it memorizes the noise"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(1), TestAccuracy, "it ends with {}% of the test points right. The batch-4 run"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(0), TrainLoss(2), "(training loss {}), its boundary has fewer bends"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(0), TestLoss(2), "it ends with a test loss of {} and 91% of the test points right"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(0), TestAccuracy, "it ends with a test loss of 0.27 and {}% of the test points right"),
    claim("03-stochastic-gradient-descent.md", "lab-2/network1", Net(1), TestLoss(2), "the same read-outs (a test loss of ${}$, every test point right)"),
    claim("03-stochastic-gradient-descent.md", "lab-2/network1", Net(2), TestLoss(2), "the same read-outs (a test loss of ${}$, every test point right)"),
    claim_means("100", claim("03-stochastic-gradient-descent.md", "lab-2/network1", Net(1), TestAccuracy, "a test loss of $0.044$, every test point right")),
    claim_means("100", claim("03-stochastic-gradient-descent.md", "lab-2/network1", Net(2), TestAccuracy, "a test loss of $0.044$, every test point right")),
    claim("03-stochastic-gradient-descent.md", "lab-2/network1", Net(0), TestLoss(2), "with a test loss of ${}$ and 86% of the test points right"),
    claim("03-stochastic-gradient-descent.md", "lab-2/network1", Net(0), TestAccuracy, "with a test loss of $0.23$ and {}% of the test points right"),
    claim("09-adamw.md", "lab/network1", Net(0), TrainLoss(2), "fits the training points closely (training loss {}) and overfits"),
    claim("09-adamw.md", "lab/network1", Net(0), TestLoss(2), "and climbs to {} by the end"),
    claim("09-adamw.md", "lab/network1", Net(1), TestLoss(2), "it ends with a test loss of {} and 78% of the test points right"),
    claim("09-adamw.md", "lab/network1", Net(1), TestAccuracy, "a test loss of 0.43 and {}% of the test points right, the worst of the three"),
    claim("09-adamw.md", "lab/network1", Net(2), TestLoss(2), "it ends with a test loss of {} and 91% of the test points right, the best"),
    claim("09-adamw.md", "lab/network1", Net(2), TestAccuracy, "a test loss of 0.25 and {}% of the test points right, the best of the three"),
    claim_with(&[("optimizer", "adam(lr=0.01); adam(lr=0.01, weight_decay=0.01); adamw(lr=0.01, weight_decay=0.1)")], claim("09-adamw.md", "lab/network1", Net(1), TrainLoss(2), "(training loss {}). With L2 inside Adam")),
    claim("11-schedules.md", "lab/network1", Net(0), BatchLossPeak(1, 2), "the batch loss jumps from {} to 1.71 by the third step"),
    claim("11-schedules.md", "lab/network1", Net(0), BatchLossPeak(3, 3), "the batch loss jumps from 0.68 to {} by the third step"),
    claim("11-schedules.md", "lab/network1", Net(0), TrainLoss(2), "it fits the training points (training loss {})"),
    claim_means("90", claim("11-schedules.md", "lab/network1", Net(0), TestAccuracy, "with a boundary that gets a tenth of the test points wrong")),
    claim("11-schedules.md", "lab/network1", Net(0), TestLoss(2), "a tenth of the test points wrong (test loss {})"),
    claim_means("100", claim("11-schedules.md", "lab/network1", Net(1), TestAccuracy, "while the warmed-up run gets every test point right")),
    claim("11-schedules.md", "lab/network1", Net(1), TestLoss(1), "gets every test point right (test loss {})"),
    claim_with(&[("seed", "5")], claim("11-schedules.md", "lab/network1", Net(0), TestLoss(1), "ends slightly ahead (test loss {} against 0.065)")),
    claim_with(&[("seed", "5")], claim("11-schedules.md", "lab/network1", Net(1), TestLoss(2), "ends slightly ahead (test loss 0.002 against {})")),
    claim("11-schedules.md", "lab/network2", Net(0), TrainLoss(2), "still learning, with a training loss of {} and 82% of the test points right"),
    claim("11-schedules.md", "lab/network2", Net(0), TestAccuracy, "with a training loss of 0.24 and {}% of the test points right"),
    claim_with(&[("optimizer", "adam(lr=0.0036)")], claim("11-schedules.md", "lab/network2", Net(0), TrainLoss(1), "the training loss ends at {} and every test point is right")),
    claim_means("100", claim_with(&[("optimizer", "adam(lr=0.0036)")], claim("11-schedules.md", "lab/network2", Net(0), TestAccuracy, "the training loss ends at 0.0004 and every test point is right"))),
    claim_means("100", claim_with(&[("optimizer", "adam(lr=0.03)")], claim("11-schedules.md", "lab/network2", Net(0), TestAccuracy, "typed in by hand, gets every test point right too"))),
    claim("14-practical-training.md", "lab/network1", Net(0), InitialTrainLoss(2), "the training loss has only crept from {} to 0.67"),
    claim("14-practical-training.md", "lab/network1", Net(0), TrainLoss(2), "the training loss has only crept from 0.69 to {}"),
    claim("14-practical-training.md", "lab/network1", Net(1), TestAccuracy, "the network gets {}% of the test points right (test loss 0.039)"),
    claim("14-practical-training.md", "lab/network1", Net(1), TestLoss(2), "of the test points right (test loss {}), and at"),
    claim_means("100", claim("14-practical-training.md", "lab/network1", Net(2), TestAccuracy, "and at $3 \\times 10^{-2}$ all of them")),
    claim("14-practical-training.md", "lab/network1", Net(2), TestLoss(2), "all of them (test loss {})"),
    claim("14-practical-training.md", "lab/network1", Net(2), ClippedSteps, "(on {} to 77 of the 2,000 steps)"),
    claim("14-practical-training.md", "lab/network1", Net(0), ClippedSteps, "(on 36 to {} of the 2,000 steps)"),
    claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepLowestLr(1), "is lowest near ${}$ and then climbs so fast"),
    claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepStopLr(2), "the test stops early, at a rate of about {}."),
    claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepSuggestion(2), "the steepest point of the fall, about ${}$: a cautious choice"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepLowestLr(1), "falls steeply to its lowest point near ${}$ (a smoothed loss of 0.27)"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepLowestLoss(2), "(a smoothed loss of {}) and climbs so fast"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepStopLr(1), "the sweep stops early, at about ${}$."),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepSuggestion(1), "leaving out the first steps, where the average still follows single batches: here about ${}$"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepLowestLr(1), "The lab's sweep puts the lowest point of the curve near ${}$."),
    claim("15-capstone.md", "lab-2/slice1", Net(0), SliceCenter(3), "it sits higher, at a loss of {}, in a wide bowl"),
    claim("15-capstone.md", "lab-2/slice1", Net(0), SliceWithin(0.3, true), "within 0.3 of its centre value from $\\alpha = {}$ to $+0.3$"),
    claim("15-capstone.md", "lab-2/slice1", Net(0), SliceWithin(0.3, false), "within 0.3 of its centre value from $\\alpha = -0.25$ to $+{}$"),
    claim("15-capstone.md", "lab-2/slice1", Net(1), SliceCenter(2), "The batch-256 network sits much lower, at {}, between"),
    claim("15-capstone.md", "lab-2/slice1", Net(1), SliceWithin(0.3, true), "within 0.3 only from ${}$ to $+0.2$"),
    claim("15-capstone.md", "lab-2/slice1", Net(1), SliceWithin(0.3, false), "within 0.3 only from $-0.2$ to $+{}$"),
    claim("15-capstone.md", "lab-2/slice1", Net(1), SliceAt(1.0, 2), "at $\\alpha = 1$ its loss is {} against 2.1"),
    claim("15-capstone.md", "lab-2/slice1", Net(0), SliceAt(1.0, 2), "at $\\alpha = 1$ its loss is 5.5 against {}."),
    claim("15-capstone.md", "lab-2/slice1", Net(1), TestAccuracy, "it gets {}% of the test points right, the flatter one 95%"),
    claim("15-capstone.md", "lab-2/slice1", Net(0), TestAccuracy, "of the test points right, the flatter one {}%."),
    // Lesson 1: the worked example's first step, on the widget.
    claim("01-training-loop.md", "regression1", Fit, CoordAt(1, 0, 3), "you just computed: $w = {}$, $b = 0.158$"),
    claim("01-training-loop.md", "regression1", Fit, CoordAt(1, 1, 3), "you just computed: $w = 0.636$, $b = {}$"),
    claim("01-training-loop.md", "regression1", Fit, LossAt(0, 3), "and the loss falling from ${}$ to about $7.845$. Step"),
    claim("01-training-loop.md", "regression1", Fit, LossAt(1, 4), "and the loss falling from $9.91$ to about ${}$. Step"),
    // Lesson 2: the ball just above its limit, and its loss at the flat point.
    claim_with(&[("lr", "0.1")], claim("02-gradient-descent.md", "lab-2/ball1", Ball(0), CoordRange(200, 0, false, 3), "hopping back and forth between about ${}$ and $2.34$ for ever")),
    claim_with(&[("lr", "0.1")], claim("02-gradient-descent.md", "lab-2/ball1", Ball(0), CoordRange(200, 0, true, 3), "hopping back and forth between about $2.15$ and ${}$ for ever")),
    claim_with(&[("start", "-1")], claim("02-gradient-descent.md", "lab-2/ball1", Ball(0), LossAt(300, 1), "Its loss there is {}, far above")),
    // Lesson 3: the level a noisy run jitters at, averaged over a long run.
    claim_with(&[("steps", "5000")], claim("03-stochastic-gradient-descent.md", "playground1", Nth(0), MeanLoss(500, 20, 2), "the loss of this set-up is about ${}$ at batch 1")),
    claim_with(&[("steps", "5000"), ("batch", "4")], claim("03-stochastic-gradient-descent.md", "playground1", Nth(0), MeanLoss(500, 20, 2), "and ${}$ at batch 4")),
    claim_with(&[("steps", "5000"), ("optimizer", "sgd(lr=0.025)")], claim("03-stochastic-gradient-descent.md", "playground1", Nth(0), MeanLoss(500, 20, 2), "brings it to about ${}$: a factor")),
    claim("03-stochastic-gradient-descent.md", "playground2", Nth(0), FirstBeyond(1, 1.0, 1), "more than a unit away from the ridge by step {}."),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(1), TestLossLowest(2), "Its test loss is lowest early, about {} near step 300"),
    claim("03-stochastic-gradient-descent.md", "lab/network1", Net(1), TestLossLowestAt(100), "about 0.22 near step {}, and then climbs"),
    // Lesson 4: the ball with a long memory.
    claim_with(&[("momentum", "0.99")], claim("04-momentum.md", "ball1", Ball(1), Peak(0, 2), "At $0.99$ it overshoots to about ${}$")),
    // Lesson 5: the swings of the heavy ball and of Nesterov's run.
    claim("05-nesterov.md", "compare1", Side("left"), Low(1, 2), "to about $|y| = {}$ on its first swing"),
    claim("05-nesterov.md", "compare1", Side("left"), Peak(0, 2), "along the floor to $x \\approx {}$."),
    claim_bound(Below, "0.5", claim("05-nesterov.md", "compare1", Side("right"), Low(1, 6), "Nesterov's sideways swing stays under $0.5$")),
    claim("05-nesterov.md", "compare1", Side("right"), Peak(0, 2), "its overshoot along the floor is smaller, about ${}$."),
    claim_with(&[("left", "sgd(lr=0.01)"), ("steps", "1000")], claim("05-nesterov.md", "compare1", Side("left"), FirstBelowAbout(1e-6, 100), "at the same learning rate would need about {} steps.")),
    claim("05-nesterov.md", "race1", Nth(1), LossPowerAt(1500), "after all 1,500 its loss is still about ${}$"),
    claim("05-nesterov.md", "race1", Nth(0), Converged, "than plain gradient descent here ({} steps)"),
    // Lesson 6: AdaGrad's anatomy and the Rosenbrock race.
    claim("06-adagrad.md", "anatomy1", Nth(0), Moved(1, 0, 1), "The first step moves both coordinates by exactly ${}$"),
    claim("06-adagrad.md", "anatomy1", Nth(0), Moved(1, 1, 1), "The first step moves both coordinates by exactly ${}$"),
    claim("06-adagrad.md", "anatomy1", Nth(0), Part("η/(√G + ε)", 1, 0, 1, false), "(about ${}$ for $x$ and $0.01$ for $y$)"),
    claim("06-adagrad.md", "anatomy1", Nth(0), Part("η/(√G + ε)", 1, 1, 1, false), "(about $0.003$ for $x$ and ${}$ for $y$)"),
    claim("06-adagrad.md", "anatomy1", Nth(0), Part("η/(√G + ε)", 2, 0, 1, true), "to about ${}$ for $x$ and"),
    claim("06-adagrad.md", "anatomy1", Nth(0), Part("η/(√G + ε)", 2, 1, 2, true), "for $x$ and ${}$ for $y$."),
    claim("06-adagrad.md", "race1", Nth(1), FirstBelowAbout(0.01, 10), "within about {} steps (loss about $0.01$)"),
    claim_bound(Below, "10^{-5}", claim("06-adagrad.md", "race1", Nth(1), LossAt(3000, 6), "ends the 3,000 steps at a loss below $10^{-5}$")),
    // Lesson 7: RMSProp's first step, the comparison and the race.
    claim("07-rmsprop.md", "anatomy1", Nth(0), Grad(1, 0, 2), "The gradients are ${}$ and $120$"),
    claim("07-rmsprop.md", "anatomy1", Nth(0), Grad(1, 1, 3), "The gradients are $-1.5$ and ${}$"),
    claim("07-rmsprop.md", "anatomy1", Nth(0), Moved(1, 0, 1), "yet both coordinates move by ${}$"),
    claim("07-rmsprop.md", "anatomy1", Nth(0), Moved(1, 1, 1), "yet both coordinates move by ${}$"),
    claim("07-rmsprop.md", "compare1", Side("left"), FirstBelowAbout(1e-6, 10), "it needs about {} steps to bring the loss below $10^{-6}$"),
    claim("07-rmsprop.md", "compare1", Side("right"), Converged, "heads almost straight for the minimum, converging at step {}."),
    claim("07-rmsprop.md", "race1", Nth(1), CoordAt(3000, 0, 2), "at about $({}, 0.95)$, while AdaGrad"),
    claim("07-rmsprop.md", "race1", Nth(1), CoordAt(3000, 1, 2), "at about $(0.97, {})$, while AdaGrad"),
    claim_with(&[("right", "rmsprop(lr=0.01, alpha=0.9)")], claim("07-rmsprop.md", "compare1", Side("right"), AbsRange(300, 0, true, 1), "it ends up circling about ${}$ from the minimum in $x$")),
    claim_with(&[("right", "rmsprop(lr=0.01, alpha=0.9)")], claim("07-rmsprop.md", "compare1", Side("right"), AbsRange(300, 1, true, 1), "from the minimum in $x$ and ${}$ in $y$")),
    // Lesson 8: Adam's anatomy, with and without its parts.
    claim("08-adam.md", "anatomy1", Nth(0), Moved(1, 0, 1), "Both coordinates move by exactly ${}$, although"),
    claim("08-adam.md", "anatomy1", Nth(0), Moved(1, 1, 1), "Both coordinates move by exactly ${}$, although"),
    claim("08-adam.md", "anatomy1", Nth(0), Grad(1, 0, 2), "although the gradients are ${}$ and $30$."),
    claim("08-adam.md", "anatomy1", Nth(0), Grad(1, 1, 2), "although the gradients are $-1.5$ and ${}$."),
    claim_with(&[("parts", "m,v")], claim("08-adam.md", "anatomy1", Nth(0), Moved(1, 0, 3), "The first step is about ${}$ in each coordinate")),
    claim_with(&[("parts", "m,v")], claim("08-adam.md", "anatomy1", Nth(0), Moved(1, 1, 3), "The first step is about ${}$ in each coordinate")),
    claim_with(&[("parts", "m,v")], claim("08-adam.md", "anatomy1", Nth(0), CoordAt(10, 0, 2), "shot past the minimum to about $({}, -0.62)$")),
    claim_with(&[("parts", "m,v")], claim("08-adam.md", "anatomy1", Nth(0), CoordAt(10, 1, 2), "shot past the minimum to about $(0.63, {})$")),
    claim_with(&[("parts", "bias_correction,m")], claim("08-adam.md", "anatomy1", Nth(0), Grad(1, 1, 2), "the steep coordinate, with gradient {}, jumps")),
    claim_with(&[("parts", "bias_correction,m")], claim("08-adam.md", "anatomy1", Nth(0), Moved(1, 1, 2), "jumps by ${}$ on the first step")),
    // Lesson 8: the four-optimizer race, its prediction and its stops' captions.
    claim("08-adam.md", "race2", Nth(1), FirstAbove(0, 0.0), "(it rounds the valley's bend at step {}, Adam at 340)"),
    claim("08-adam.md", "race2", Nth(3), FirstAbove(0, 0.0), "(it rounds the valley's bend at step 134, Adam at {})"),
    claim("08-adam.md", "race2", Nth(2), CoordAt(1500, 0, 1), "at about $({}, 0.82)$ by step 1,500"),
    claim("08-adam.md", "race2", Nth(2), CoordAt(1500, 1, 2), "at about $(0.9, {})$ by step 1,500"),
    claim("08-adam.md", "race2", Nth(2), LossRange(1400, false, 2), "its loss flickers between ${}$ and $0.035$ over the last 600 steps"),
    claim("08-adam.md", "race2", Nth(2), LossRange(1400, true, 2), "its loss flickers between $0.024$ and ${}$ over the last 600 steps"),
    claim("08-adam.md", "race2", Nth(0), LossAt(2000, 3), "ends the 2,000 at a loss of ${}$."),
    claim("08-adam.md", "race2", Nth(0), LossAt(0, 3), "on the outer wall of the curved valley, loss {}."),
    claim("08-adam.md", "race2", Nth(2), Moved(1, 0, 1), "RMSProp moved exactly {} and Adam"),
    claim("08-adam.md", "race2", Nth(2), Moved(1, 1, 1), "RMSProp moved exactly {} and Adam"),
    claim("08-adam.md", "race2", Nth(3), Moved(1, 0, 1), "and Adam exactly {} in each coordinate"),
    claim("08-adam.md", "race2", Nth(3), Moved(1, 1, 1), "and Adam exactly {} in each coordinate"),
    claim("08-adam.md", "race2", Nth(0), Moved(1, 0, 3), "in proportion to the gradient: {} in x and 0.05 in y"),
    claim("08-adam.md", "race2", Nth(0), Moved(1, 1, 1), "in proportion to the gradient: 0.155 in x and {} in y"),
    claim("08-adam.md", "race2", Nth(1), Moved(1, 0, 3), "in proportion to the gradient: {} in x and 0.05 in y"),
    claim("08-adam.md", "race2", Nth(1), Moved(1, 1, 1), "in proportion to the gradient: 0.155 in x and {} in y"),
    claim("08-adam.md", "race2", Nth(0), CoordAt(20, 0, 3), "plain SGD has crept from x = {} to -1.36"),
    claim("08-adam.md", "race2", Nth(0), CoordAt(100, 0, 3), "plain SGD has crept from x = -1.41 to {},"),
    claim("08-adam.md", "race2", Nth(2), CoordAt(100, 0, 3), "a little further, to {} and -1.27;"),
    claim("08-adam.md", "race2", Nth(3), CoordAt(100, 0, 3), "a little further, to -1.34 and {};"),
    claim("08-adam.md", "race2", Nth(1), CoordAt(100, 0, 2), "is already at x = {}."),
    claim("08-adam.md", "race2", Nth(1), FirstAbove(0, 0.0), "Momentum rounded it at step {} and Adam"),
    claim("08-adam.md", "race2", Nth(3), FirstAbove(0, 0.0), "and Adam at step {}; RMSProp is rounding it now"),
    claim("08-adam.md", "race2", Nth(0), CoordAt(500, 0, 3), "plain SGD is still on the left arm at x = {}."),
    claim("08-adam.md", "race2", Nth(3), Converged, "(its read-out says converged at step {}), then momentum"),
    claim("08-adam.md", "race2", Nth(1), Converged, "then momentum ({}). RMSProp bounces"),
    claim("08-adam.md", "race2", Nth(2), CoordAt(1500, 0, 1), "between the floor's walls near ({}, 0.82)"),
    claim("08-adam.md", "race2", Nth(2), CoordAt(1500, 1, 2), "between the floor's walls near (0.9, {})"),
    claim("08-adam.md", "race2", Nth(2), LossAt(1500, 1), "its loss flickering near {} instead of falling"),
    // Lesson 8: the caption at step 20 of the four-optimizer race.
    claim("08-adam.md", "race2", Nth(1), LossAt(20, 2), "at losses between {} and 5.9,"),
    claim("08-adam.md", "race2", Nth(2), LossAt(20, 2), "at losses between 5.3 and {},"),
    claim_bound(Above, "5.3", claim("08-adam.md", "race2", Nth(0), LossAt(20, 2), "at losses between 5.3 and 5.9,")),
    claim_bound(Below, "5.9", claim("08-adam.md", "race2", Nth(0), LossAt(20, 2), "at losses between 5.3 and 5.9,")),
    claim_bound(Above, "5.3", claim("08-adam.md", "race2", Nth(3), LossAt(20, 2), "at losses between 5.3 and 5.9,")),
    claim_bound(Below, "5.9", claim("08-adam.md", "race2", Nth(3), LossAt(20, 2), "at losses between 5.3 and 5.9,")),
    // Lessons 11 and 16: the schedules charts.
    claim("11-schedules.md", "schedules1", Sched(6), RateAt(0, 1), "(at step 0 they are at {}, 0.004 and 0.001)"),
    claim("11-schedules.md", "schedules1", Sched(7), RateAt(0, 1), "(at step 0 they are at 0.01, {} and 0.001)"),
    claim("11-schedules.md", "schedules1", Sched(8), RateAt(0, 1), "(at step 0 they are at 0.01, 0.004 and {})"),
    claim("11-schedules.md", "schedules1", Sched(9), RateAt(0, 1), "(at step 0 they are at 0.01, 0.004 and {})"),
    claim("16-recap.md", "schedules1", Sched(6), RateAt(100, 2), "One-cycle, at about ${}$:"),
    claim("16-recap.md", "schedules1", Sched(7), RateAt(100, 2), "Warmup-then-cosine is at ${}$, a little above"),
    claim("16-recap.md", "schedules1", Sched(3), RateAt(100, 2), "a little above plain cosine's ${}$"),
    claim("16-recap.md", "schedules1", Sched(1), RateAt(100, 2), "and sits at ${}$."),
    // Bounds the prose states in words.
    claim_bound_means(Above, "1000", claim("05-nesterov.md", "race1", Nth(1), LastCross(1), "the heavy ball swings back and forth across the valley for more than a thousand steps")),
    claim_bound_means(Below, "0.0001", claim("11-schedules.md", "compare1", Side("right"), AbsRange(300, 0, true, 6), "ends within a few hundred-thousandths of the minimum")),
    claim_bound_means(Below, "0.0001", claim("11-schedules.md", "compare1", Side("right"), AbsRange(300, 1, true, 6), "ends within a few hundred-thousandths of the minimum")),
    claim_bound_means(Below, "50", claim("14-practical-training.md", "lab/network1", Net(0), TestAccuracy, "fewer than half of the test points are right")),
    // Lesson 9: plain Adam's test-loss curve.
    claim("09-adamw.md", "lab/network1", Net(0), TestLossLowestAt(100), "its test loss is lowest around step {,}, at 0.20"),
    claim("09-adamw.md", "lab/network1", Net(0), TestLossLowest(2), "lowest around step 1,200, at {}, and climbs"),
    // Lesson 10: Lion against Adam.
    claim_bound(Above, "20", claim("10-lion-and-sophia.md", "race1", Nth(0), LossAt(60, 6), "(the loss is back above 20 at step 60)")),
    claim("10-lion-and-sophia.md", "race1", Nth(0), AbsRange(150, 0, false, 1), "it hops between points ${}$ to $0.04$ from it"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), AbsRange(150, 0, true, 1), "it hops between points $0.01$ to ${}$ from it"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), AbsRange(150, 1, false, 1), "it hops between points ${}$ to $0.04$ from it"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), AbsRange(150, 1, true, 1), "it hops between points $0.01$ to ${}$ from it"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), LossRange(150, false, 1), "its loss flickers between about ${}$ and $0.08$ and never"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), LossRange(150, true, 1), "its loss flickers between about $0.005$ and ${}$ and never"),
    claim("10-lion-and-sophia.md", "race1", Nth(1), LossAt(60, 1), "it reaches a loss of ${}$ by step 60"),
    // Lesson 11: Lion with and without the cosine, and the warmup network.
    claim("11-schedules.md", "compare1", Side("left"), AbsRange(150, 0, false, 1), "keeps hopping between points ${}$ to $0.04$ from the minimum"),
    claim("11-schedules.md", "compare1", Side("left"), AbsRange(150, 0, true, 1), "keeps hopping between points $0.01$ to ${}$ from the minimum"),
    claim("11-schedules.md", "compare1", Side("left"), AbsRange(150, 1, false, 1), "keeps hopping between points ${}$ to $0.04$ from the minimum"),
    claim("11-schedules.md", "compare1", Side("left"), AbsRange(150, 1, true, 1), "keeps hopping between points $0.01$ to ${}$ from the minimum"),
    claim("11-schedules.md", "compare1", Side("left"), LossRange(200, false, 1), "keeps flickering between about ${}$ and $0.08$"),
    claim("11-schedules.md", "compare1", Side("left"), LossRange(200, true, 1), "keeps flickering between about $0.005$ and ${}$"),
    claim_bound(Below, "0.0025", claim("11-schedules.md", "compare1", Side("right"), LossRange(200, true, 6), "is below $0.0025$ from step 200 on")),
    claim_bound(Below, "10^{-7}", claim("11-schedules.md", "compare1", Side("right"), LossAt(300, 6), "below $10^{-7}$ by the end")),
    claim("11-schedules.md", "lab/network1", Net(0), RatioAt(1, 1, 1), "a ratio near {}, and the batch loss"),
    claim("11-schedules.md", "lab/network1", Net(1), RatioAt(1, 1, 1), "the ratios are about {}, and"),
    claim_bound(Below, "0.7", claim("11-schedules.md", "lab/network1", Net(1), BatchLossPeak(100, 6), "the batch loss stays below 0.7 throughout the first hundred steps")),
    // Lesson 12: the saddle, the plateau and the two slices.
    claim("12-loss-landscapes.md", "compare1", Side("left"), FirstBeyond(1, 1.0, 50), "needs about {} steps to get $\\lvert y \\rvert$ above 1"),
    claim("12-loss-landscapes.md", "compare1", Side("right"), FirstBeyond(1, 1.0, 10), "the run leaves in about {} steps"),
    claim_means("0.002", claim("12-loss-landscapes.md", "compare2", Side("left"), DistanceAt(500, 1), "the left run has moved by about two thousandths of a unit")),
    claim("12-loss-landscapes.md", "compare2", Side("right"), Converged, "and converges at step {}. This is one"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(1), SliceCenter(2), "its loss is {} at the centre but"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(1), SliceAt(-0.1, 2), "already {} and 0.25 a tenth of the way out"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(1), SliceAt(0.1, 2), "already 0.15 and {} a tenth of the way out"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(0), SliceCenter(2), "a wide bowl: {} at the centre"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(0), SliceAt(-0.1, 2), "{} at $\\alpha = -0.1$ and"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(0), SliceAt(0.1, 2), "and {} at $+0.1$"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(0), SliceWithin(0.1, true), "all the way from $\\alpha = {}$ to $+0.25$"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(0), SliceWithin(0.1, false), "all the way from $\\alpha = -0.25$ to $+{}$"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(1), TestLoss(2), "the higher test loss, {} against 0.27"),
    claim("12-loss-landscapes.md", "lab/slice1", Net(0), TestLoss(2), "the higher test loss, 0.57 against {}."),
    // Lesson 13: the first steps clipped by norm and by value.
    claim("13-gradient-clipping.md", "compare2", Side("left"), StepBy(1, 0, 1), "the first step is about $({}, -0.001)$"),
    claim("13-gradient-clipping.md", "compare2", Side("left"), StepBy(1, 1, 1), "the first step is about $(-0.1, {})$"),
    claim("13-gradient-clipping.md", "compare2", Side("right"), StepBy(1, 0, 1), "the first step is $({}, -0.1)$, about 45°"),
    claim("13-gradient-clipping.md", "compare2", Side("right"), StepBy(1, 1, 1), "the first step is $(-0.1, {})$, about 45°"),
    // Lesson 14: the update-to-weight ratios of the recipe lab.
    claim_means("0.001", claim("14-practical-training.md", "lab/network1", Net(0), RatioPeak(1), "at the smallest rate each step changes a layer's weights by at most about a thousandth of their size")),
    claim_means("0.05", claim("14-practical-training.md", "lab/network1", Net(2), RatioPeak(1), "at the largest by up to about 5%")),
    // Lesson 15: the recipe's runs.
    claim("15-capstone.md", "network1", Net(0), TrainLoss(2), "The run ends with a training loss of {} and"),
    claim("15-capstone.md", "network1", Net(0), TestLoss(2), "and a test loss of {}, and gets 99"),
    claim("15-capstone.md", "network1", Net(0), TestAccuracy, "and gets {} of the 100 test points right"),
    claim("15-capstone.md", "network1", Net(0), TrainLossAt(1000, 2), "the loss falls to {}. Clipping"),
    claim("15-capstone.md", "network1", Net(0), ClippedSteps, "goes above 1 on only {} of the 3,000 steps"),
    claim("15-capstone.md", "network2", Net(1), TrainLoss(2), "its training loss ends at {} and it gets 72%"),
    claim("15-capstone.md", "network2", Net(1), TestAccuracy, "its training loss ends at 0.66 and it gets {}% of the test points right"),
    claim("15-capstone.md", "network2", Net(3), TrainLossAt(200, 3), "({} at step 200)"),
    claim("15-capstone.md", "network2", Net(3), TrainLoss(3), "it ends at a loss of {}, about"),
    claim("15-capstone.md", "network2", Net(3), ClippedSteps, "Clipping acted on {,} of its 3,000 steps"),
    claim("15-capstone.md", "network2", Net(2), TestAccuracy, "trains well ({}% of the test points right)"),
    claim("15-capstone.md", "network3", Net(1), RatioAt(1, 1, 2), "(update-to-weight ratios of {} and 1.15)"),
    claim("15-capstone.md", "network3", Net(1), RatioAt(1, 2, 3), "(update-to-weight ratios of 0.99 and {})"),
    claim("15-capstone.md", "network3", Net(1), BatchLossPeak(1, 2), "the batch loss jumps from {} to 1.35"),
    claim("15-capstone.md", "network3", Net(1), BatchLossPeak(11, 3), "to {} (with clipping)"),
    claim("15-capstone.md", "network3", Net(3), BatchLossPeak(11, 3), "and {} (without) by step 11"),
    claim_bound(Below, "0.76", claim("15-capstone.md", "network3", Net(0), BatchLossPeak(100, 6), "The warmed-up runs stay below 0.76 in their first hundred steps.")),
    claim_bound(Below, "0.76", claim("15-capstone.md", "network3", Net(2), BatchLossPeak(100, 6), "The warmed-up runs stay below 0.76 in their first hundred steps.")),
    claim("15-capstone.md", "network3", Net(2), TrainLossAt(500, 2), "its loss climbs back to {} by step 500"),
    claim("15-capstone.md", "network3", Net(0), TrainLossAt(500, 2), "the run with both is down to {} by then"),
    claim("15-capstone.md", "network3", Net(0), ClippedSteps, "Clipping acts on {} of the 3,000 steps of that first run"),
    claim("15-capstone.md", "network3", Net(0), TestLoss(2), "Their test losses are {}, 0.073,"),
    claim("15-capstone.md", "network3", Net(1), TestLoss(2), "Their test losses are 0.065, {}, 0.092"),
    claim("15-capstone.md", "network3", Net(2), TestLoss(2), "0.073, {} and 0.111"),
    claim("15-capstone.md", "network3", Net(3), TestLoss(3), "0.092 and {}, and they get"),
    claim("15-capstone.md", "network3", Net(0), TestAccuracy, "and they get {}%, 96%, 94% and 96%"),
    claim("15-capstone.md", "network3", Net(1), TestAccuracy, "and they get 96%, {}%, 94% and 96%"),
    claim("15-capstone.md", "network3", Net(2), TestAccuracy, "and they get 96%, 96%, {}% and 96%"),
    claim("15-capstone.md", "network3", Net(3), TestAccuracy, "and they get 96%, 96%, 94% and {}%"),
    claim("15-capstone.md", "network4", Net(0), TestAccuracy, "Batch 8 gets {}% of the test points right"),
    claim("15-capstone.md", "network4", Net(0), TestLoss(2), "(test loss {}), batch 32"),
    claim("15-capstone.md", "network4", Net(1), TestAccuracy, "batch 32 gets {}%, batch 256"),
    claim("15-capstone.md", "network4", Net(2), TestAccuracy, "batch 256 gets {}%."),
    claim("15-capstone.md", "network4", Net(0), TrainLoss(2), "its training loss is still {}."),
    claim_with(&[("optimizer", "adamw(lr=0.002, weight_decay=0.01)")], claim("15-capstone.md", "network4", Net(0), TestAccuracy, "(at $0.002$ it gets {}%)")),
    claim("15-capstone.md", "network5", Net(1), TrainLoss(3), "(training loss {}, 72% of the test points right)"),
    claim("15-capstone.md", "network5", Net(1), TestAccuracy, "(training loss 0.665, {}% of the test points right)"),
    claim("15-capstone.md", "network5", Net(2), TestAccuracy, "stays there too ({}%)"),
    claim("15-capstone.md", "network5", Net(3), TrainLossAt(1000, 2), "its loss falling from {} at step 1,000"),
    claim("15-capstone.md", "network5", Net(3), TrainLossAt(2000, 2), "to {} at step 2,000"),
    claim("15-capstone.md", "network5", Net(3), TestAccuracy, "and ends at {}% with its loss still falling"),
    // Numbers read off a curve's shape. "Near the minimum" is within 0.1 of it (a tenth of
    // a unit, about a dot's width on the map); a valley's floor is reached where the
    // steep coordinate first crosses zero.
    claim("10-lion-and-sophia.md", "race1", Nth(0), FirstCross(1, 10), "comes down the steep wall in equal steps and reaches the valley floor around step {}. What"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), FirstCross(1, 10), "$0.03$ per coordinate and reaches the valley floor around step {}. Its stored"),
    claim("10-lion-and-sophia.md", "race1", Nth(0), FirstNear(0.0, 0.0, 0.1, 10), "It is back near the minimum by about step {}, and"),
    // Sophia's two modes, read off its steps (the panel has no weight decay): a clipped
    // step is exactly η = 0.05 in that coordinate, an unclipped one shorter.
    claim_means("5", claim("10-lion-and-sophia.md", "compare1", Side("right"), AllAtRate(0.05), "For the first five steps the ratio $m/(\\gamma h)$ is above 1 in both coordinates")),
    claim("10-lion-and-sophia.md", "compare1", Side("right"), Moved(1, 0, 1), "the run moves diagonally by exactly $\\eta = {}$ per coordinate, like Lion"),
    claim("10-lion-and-sophia.md", "compare1", Side("right"), Moved(1, 1, 1), "the run moves diagonally by exactly $\\eta = {}$ per coordinate, like Lion"),
    claim("10-lion-and-sophia.md", "compare1", Side("right"), BelowRateFrom(1, 0.05), "first in $y$ (from step {} on, the steps in $y$ are shorter than $\\eta$)"),
    claim("10-lion-and-sophia.md", "compare1", Side("right"), BelowRateFrom(0, 0.05), "and then in $x$ (from step {}), and the steps become"),
    // The walk back starts at step 1, so it takes one step fewer than the step it ends
    // at (43): forty, rounded either way.
    claim_means("40", claim("13-gradient-clipping.md", "compare1", Side("left"), FirstNear(-2.0, 0.0, 0.1, 10), "the run then walks back over the next forty steps")),
    // The plateau's loss is about 1 (tanh saturated): in the bowl, it is below half that.
    claim("12-loss-landscapes.md", "compare2", Side("right"), FirstBelowAbout(0.5, 10), "drops into the bowl after about {} steps"),
    claim("13-gradient-clipping.md", "lab/network1", Net(0), TestAccuracy, "it gets only {}% of the test points right, no better than a coin"),
    claim_bound(Above, "0.33", claim("09-adamw.md", "lab/network1", Net(1), TrainLossLowest(6), "its training loss never gets below 0.33")),
    // "The first few hundred steps": steps 1 to 300.
    claim("15-capstone.md", "network1", Net(0), TrainLossMean(1, 300, 2), "sits on the plateau the range test showed, at about {}, while"),
    claim("06-adagrad.md", "anatomy1", Nth(0), GradOrder(2, 0), "where the gradients are in the {}."),
    claim("06-adagrad.md", "anatomy1", Nth(0), GradOrder(2, 1), "where the gradients are in the {}."),
    // "A few thousandths": more than a thousandth, less than a hundredth.
    claim_bound_means(Below, "0.01", claim("01-training-loop.md", "regression1", Fit, OffWhenBelow(1e-6, 0, 2.0, 6), "when $w$ and $b$ are within a few thousandths of 2 and 0")),
    claim_bound_means(Below, "0.01", claim("01-training-loop.md", "regression1", Fit, OffWhenBelow(1e-6, 1, 0.0, 6), "when $w$ and $b$ are within a few thousandths of 2 and 0")),
    claim_bound_means(Above, "0.001", claim("01-training-loop.md", "regression1", Fit, OffWhenBelow(1e-6, 0, 2.0, 6), "when $w$ and $b$ are within a few thousandths of 2 and 0")),
    claim_bound_means(Above, "0.001", claim("01-training-loop.md", "regression1", Fit, OffWhenBelow(1e-6, 1, 0.0, 6), "when $w$ and $b$ are within a few thousandths of 2 and 0")),
    // The range tests' curves. A flat stretch "at about 0.69" ends where the smoothed
    // loss drops for good below the values that round to 0.69 (below 0.685; 0.665 for a
    // plateau at 0.67); the curve "dips" onto a plateau where it first gets below the
    // plateau's level.
    claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepMedian(0.0, 1e-4, 2), "The curve is flat, at a smoothed loss of about {}, up to"),
    claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepStaysBelow(0.685, Rate::Power), "up to about ${}$, starts to fall near"),
    claim_bound(Above, "3 \\times 10^{-3}", claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepSuggestion(6), "falls fastest around $3 \\times 10^{-3}$ to $4 \\times 10^{-3}$")),
    claim_bound(Below, "4 \\times 10^{-3}", claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepSuggestion(6), "falls fastest around $3 \\times 10^{-3}$ to $4 \\times 10^{-3}$")),
    // The curve starts to fall where it is first 1% below its flat level, as the prose
    // says; that level is the one "at a smoothed loss of about 0.69" reads (up to 10⁻⁴).
    claim("11-schedules.md", "lab/lr-finder1", Sweep, SweepFallsBy(0.01, 0.0, 1e-4, Rate::Sci(1)), "starts to fall near ${}$ (the first rate at which it is 1% below that level)"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepFirstBelow(0.67, Rate::Sci(1)), "The curve dips a little around ${}$, where the network"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepMedian(5e-4, 0.014, 2), "nearly straight boundary can do (a loss of about {})"),
    claim("15-capstone.md", "lab/lr-finder1", Sweep, SweepStaysBelow(0.665, Rate::Sig(2)), "It then stays on that plateau up to about ${}$, falls"),
];

/// The lessons' folder.
fn lessons() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")
}

/// The widget `key` (`race2`, or `lab/network1` in the lesson's first lab) of the
/// lesson `file`, and the lesson's text.
fn find(file: &str, key: &str) -> (Widget, String) {
    let text = std::fs::read_to_string(lessons().join(file)).expect("the lesson exists");
    let doc = lesson::parse(file, &text).expect("the lesson parses");
    let (widgets, key) = match key.split_once('/') {
        Some((lab, key)) => (
            doc.labs
                .into_iter()
                .find(|l| l.href.trim_end_matches('/') == lab)
                .unwrap_or_else(|| panic!("{file} has no {lab}"))
                .widgets,
            key,
        ),
        None => (doc.widgets, key),
    };
    let split = key
        .find(|c: char| c.is_ascii_digit())
        .expect("a key is a name and a place");
    let (name, place) = key.split_at(split);
    let place: usize = place.parse().expect("a place is a number");
    let w = widgets
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
    let start = v.point("start").unwrap_or_default().to_vec();
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
        ("ball", Ball(i)) => {
            // As the ball widget runs them: sgd at its rate, the second with momentum.
            let mut spec = format!("sgd(lr={}", v.num("lr").expect("a rate"));
            let momentum = v.num("momentum").unwrap_or(0.0);
            if i == 1 && momentum > 0.0 {
                spec.push_str(&format!(", momentum={momentum}"));
            }
            spec.push(')');
            (
                Spec::parse(&spec).expect("a ball's optimizer"),
                constant,
                RunConfig {
                    steps,
                    ..RunConfig::default()
                },
            )
        }
        ("regression", Fit) => {
            let points = v.points("points").expect("points");
            let text: Vec<String> = points.iter().map(|[x, y]| format!("[{x},{y}]")).collect();
            let surface = Spec::parse(&format!("regression(points=[{}])", text.join(",")))
                .expect("a regression surface");
            let surface = gdz::core::surface::build(&surface).expect("it builds");
            let start = [v.num("w").expect("w"), v.num("b").expect("b")];
            let mut spec = v.spec("optimizer").expect("an optimizer").clone();
            spec.set(
                "lr",
                gdz::core::spec::Value::Num(v.num("lr").expect("a rate")),
            );
            let cfg = RunConfig {
                steps,
                ..RunConfig::default()
            };
            return run_spec(surface.as_ref(), &start, &spec, &constant, &cfg)
                .expect("the run builds");
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
    let text = |mag: i32| {
        let decimals = (digits as i32 - 1 - mag).max(0) as usize;
        format!("{x:.decimals$}")
    };
    let mag = x.abs().log10().floor() as i32;
    let first = text(mag);
    // Rounding up to the next power of ten (0.0999 to 0.10) takes one digit fewer.
    let rounded: f64 = first.parse().expect("a number");
    if rounded.abs() >= 10f64.powi(mag + 1) {
        text(mag + 1)
    } else {
        first
    }
}

/// The number the claim states, recomputed.
fn measure(t: &Trajectory, what: Measure) -> String {
    match what {
        Converged => t.converged_at.expect("the run converges").to_string(),
        ConvergedAbout(round) => {
            let k = t.converged_at.expect("the run converges");
            (((k + round / 2) / round) * round).to_string()
        }
        FirstBelow(tol) => t
            .loss
            .iter()
            .position(|l| *l < tol)
            .expect("the loss gets below the bound")
            .to_string(),
        FirstBelowAbout(tol, round) => {
            let k = t.loss.iter().position(|l| *l < tol).expect("it gets below");
            (((k + round / 2) / round) * round).to_string()
        }
        LossAt(k, digits) => sig(*t.loss.get(k).expect("the run has the step"), digits),
        CoordAt(k, c, digits) => sig(coords(t, c)[k], digits),
        Peak(c, digits) => sig(coords(t, c).into_iter().fold(f64::MIN, f64::max), digits),
        PeakAt(c) => {
            let xs = coords(t, c);
            let top = xs.iter().copied().fold(f64::MIN, f64::max);
            xs.iter()
                .position(|x| *x == top)
                .expect("a peak")
                .to_string()
        }
        StaysWithin(c, target, tol) => {
            let xs = coords(t, c);
            let last_out = xs.iter().rposition(|x| (x - target).abs() >= tol);
            last_out.map_or(0, |k| k + 1).to_string()
        }
        LossPowerAt(k) => {
            let l = *t.loss.get(k).expect("the run has the step");
            format!("10^{{{}}}", l.log10().round() as i32)
        }
        Low(c, digits) => {
            let low = coords(t, c).into_iter().fold(f64::MAX, f64::min);
            assert!(low < 0.0, "coordinate {c} never goes below zero");
            sig(-low, digits)
        }
        FirstBeyond(c, dist, round) => {
            let k = coords(t, c)
                .iter()
                .position(|x| x.abs() > dist)
                .expect("the coordinate gets that far");
            (((k + round / 2) / round) * round).to_string()
        }
        FirstAbove(c, v) => coords(t, c)
            .iter()
            .position(|x| *x > v)
            .expect("the coordinate gets above the value")
            .to_string(),
        LossRange(from, hi, digits) => {
            let tail = t.loss.get(from..).expect("the run has the step");
            sig(extreme(tail.iter().copied(), hi), digits)
        }
        CoordRange(from, c, hi, digits) => {
            let xs = coords(t, c);
            let tail = xs.get(from..).expect("the run has the step");
            sig(extreme(tail.iter().copied(), hi), digits)
        }
        AbsRange(from, c, hi, digits) => {
            let xs = coords(t, c);
            let tail = xs.get(from..).expect("the run has the step");
            sig(extreme(tail.iter().map(|x| x.abs()), hi), digits)
        }
        Moved(k, c, digits) => {
            let xs = coords(t, c);
            sig((xs[k] - xs[k - 1]).abs(), digits)
        }
        LastCross(c) => coords(t, c)
            .windows(2)
            .rposition(|w| w[0] * w[1] < 0.0)
            .map(|k| k + 1)
            .expect("the coordinate changes sign")
            .to_string(),
        StepBy(k, c, digits) => {
            let xs = coords(t, c);
            sig(xs[k] - xs[k - 1], digits)
        }
        FirstCross(c, round) => {
            let xs = coords(t, c);
            let k = xs
                .iter()
                .position(|x| x * xs[0] <= 0.0)
                .expect("the coordinate changes sign");
            (((k + round / 2) / round) * round).to_string()
        }
        FirstNear(x, y, dist, round) => {
            let k = t
                .points
                .chunks(t.dim)
                .position(|p| (p[0] - x).hypot(p[1] - y) < dist)
                .expect("the point gets that near");
            (((k + round / 2) / round) * round).to_string()
        }
        OffWhenBelow(tol, c, target, digits) => {
            let k = t.loss.iter().position(|l| *l < tol).expect("it gets below");
            sig((coords(t, c)[k] - target).abs(), digits)
        }
        AllAtRate(eta) => {
            let at = |k: usize| &t.points[k * t.dim..(k + 1) * t.dim];
            (1..t.points.len() / t.dim)
                .take_while(|&k| {
                    at(k)
                        .iter()
                        .zip(at(k - 1))
                        .all(|(a, b)| ((a - b).abs() - eta).abs() <= EXACT)
                })
                .count()
                .to_string()
        }
        BelowRateFrom(c, eta) => {
            let xs = coords(t, c);
            let last_not_below = xs
                .windows(2)
                .rposition(|w| (w[1] - w[0]).abs() >= eta - EXACT);
            last_not_below.map_or(1, |k| k + 2).to_string()
        }
        DistanceAt(k, digits) => {
            let at = |k: usize| &t.points[k * t.dim..(k + 1) * t.dim];
            let d2: f64 = at(k).iter().zip(at(0)).map(|(a, b)| (a - b).powi(2)).sum();
            sig(d2.sqrt(), digits)
        }
        net => panic!("{net:?} is about a network, not a path"),
    }
}

/// A network run as the network widget trains it (the widget's own [`NetSetup`]).
struct Trained {
    /// Each step's report.
    reports: Vec<StepReport>,
    /// Each step's update-to-weight ratio per layer, as the ratio chart plots them.
    ratios: Vec<Vec<f64>>,
    /// The test-loss curve, (step, loss): before the first step, at every evaluation
    /// the widget asks for, and at the end.
    test: Vec<(u64, f64)>,
    /// The trainer after the last step.
    trainer: Trainer,
}

/// Trains run `i` of the network widget `w` as the widget trains it.
fn train(w: &Widget, set: &[(&str, &str)], i: usize) -> Trained {
    let v = values(w, set);
    let setup = NetSetup::read(&v, None).expect("the network builds");
    let mut run = setup.runs.get(i).expect("the run exists").clone();
    let steps = v.int("steps").expect("steps");
    run.config.eval_every = nn::eval_every_for(steps as u64);
    let mut trainer = setup.trainer(&run).expect("a trainer");
    let mut test = vec![(0, trainer.evaluate_test().loss)];
    let mut reports = Vec::new();
    let mut ratios = Vec::new();
    for _ in 0..steps {
        let r = trainer.step();
        ratios.push(trainer.update_ratios().to_vec());
        if let Some(e) = &r.eval {
            test.push((r.step + 1, e.loss));
        }
        reports.push(r);
    }
    if test.last().is_none_or(|t| t.0 < steps as u64) {
        test.push((steps as u64, trainer.evaluate_test().loss));
    }
    Trained {
        reports,
        ratios,
        test,
        trainer,
    }
}

/// The number a claim about a network states, recomputed.
fn measure_net(t: &mut Trained, what: Measure) -> String {
    let reports = &t.reports;
    let trainer = &mut t.trainer;
    let peak = |xs: &mut dyn Iterator<Item = f64>| xs.fold(f64::MIN, f64::max);
    let percent = |a: Option<f64>| format!("{:.0}", a.expect("a classifier") * 100.0);
    let lowest = || {
        *t.test
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("test losses")
    };
    match what {
        BatchLossPeak(n, digits) => sig(peak(&mut reports.iter().take(n).map(|r| r.loss)), digits),
        GradNormPeak(digits) => sig(peak(&mut reports.iter().map(|r| r.grad_norm)), digits),
        ClippedSteps => reports
            .iter()
            .filter(|r| r.grad_norm_clipped != r.grad_norm)
            .count()
            .to_string(),
        RatioAt(k, layer, digits) => sig(t.ratios[k - 1][layer], digits),
        RatioPeak(digits) => sig(peak(&mut t.ratios.iter().flatten().copied()), digits),
        TestLossLowest(digits) => sig(lowest().1, digits),
        TestLossLowestAt(round) => {
            let k = lowest().0 as usize;
            (((k + round / 2) / round) * round).to_string()
        }
        TestAccuracy => percent(trainer.evaluate_test().accuracy),
        TestLoss(digits) => sig(trainer.evaluate_test().loss, digits),
        TrainLoss(digits) => sig(trainer.evaluate_train().loss, digits),
        TrainAccuracy => percent(trainer.evaluate_train().accuracy),
        InitialTrainLoss(digits) => {
            assert_eq!(trainer.steps(), 0, "the network is untrained");
            sig(trainer.evaluate_train().loss, digits)
        }
        Weights => trainer.mlp().n_params().to_string(),
        other => panic!("{other:?} is about a path, not a network"),
    }
}

/// The range test of widget `w`, swept as the lr-finder widget sweeps it.
fn sweep(w: &Widget, set: &[(&str, &str)]) -> LrFindResult {
    gdz::core::nn::lr_find_of(&values(w, set)).expect("the sweep runs")
}

/// The number a claim about a range test states, recomputed.
fn measure_sweep(r: &LrFindResult, what: Measure) -> String {
    match what {
        SweepLowestLr(d) => sig(r.min_loss_lr.expect("a lowest point"), d),
        SweepLowestLoss(d) => sig(r.smoothed.iter().copied().fold(f64::MAX, f64::min), d),
        SweepStopLr(d) => {
            assert!(r.stopped_early, "the sweep runs to its end");
            sig(*r.lr.last().expect("steps"), d)
        }
        SweepSuggestion(d) => sig(r.suggestion.expect("a suggestion"), d),
        SweepFirstBelow(level, how) => {
            let k = r
                .smoothed
                .iter()
                .skip(SWEEP_SKIP)
                .position(|s| *s < level)
                .expect("the curve gets below the level");
            how.write(r.lr[SWEEP_SKIP + k])
        }
        SweepStaysBelow(level, how) => {
            let s = &r.smoothed;
            let lowest = (0..s.len())
                .min_by(|a, b| s[*a].total_cmp(&s[*b]))
                .expect("steps");
            let last_above = s[SWEEP_SKIP..lowest]
                .iter()
                .rposition(|x| *x >= level)
                .expect("the curve starts above the level");
            how.write(r.lr[SWEEP_SKIP + last_above + 1])
        }
        SweepMedian(lo, hi, d) => sig(sweep_median(r, lo, hi), d),
        SweepFallsBy(frac, lo, hi, how) => {
            let level = sweep_median(r, lo, hi) * (1.0 - frac);
            let k = r
                .smoothed
                .iter()
                .skip(SWEEP_SKIP)
                .position(|s| *s < level)
                .expect("the curve falls that far");
            how.write(r.lr[SWEEP_SKIP + k])
        }
        other => panic!("{other:?} is not about a range test"),
    }
}

/// The median smoothed loss of the range test `r` over its steps with rates from `lo` to
/// `hi`, the first [`SWEEP_SKIP`] left out: the level of a flat stretch.
fn sweep_median(r: &LrFindResult, lo: f64, hi: f64) -> f64 {
    let mut xs: Vec<f64> = r
        .smoothed
        .iter()
        .zip(&r.lr)
        .skip(SWEEP_SKIP)
        .filter(|(_, l)| (lo..=hi).contains(*l))
        .map(|(s, _)| *s)
        .collect();
    assert!(!xs.is_empty(), "no step between the rates");
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The slice of the slice widget `w` around the trained `trainer`, as the widget
/// slices it (41 points along one direction, 25 a side on a map).
fn slice(w: &Widget, set: &[(&str, &str)], trainer: &Trainer) -> SliceResult {
    let v = values(w, set);
    let dims = v.int("dims").unwrap_or(1);
    let cfg = SliceConfig {
        dims,
        steps: if dims == 2 { 25 } else { 41 },
        span: v.num("span").unwrap_or(1.0),
        seed: v.num("seed").unwrap_or(1.0) as u64,
    };
    nn::loss_slice(
        trainer.mlp(),
        trainer.params(),
        trainer.loss(),
        trainer.train_set(),
        &cfg,
    )
    .expect("the slice runs")
}

/// The number a claim about a one-direction slice states, recomputed.
fn measure_slice(r: &SliceResult, what: Measure) -> String {
    let at = |a: f64| {
        r.alphas
            .iter()
            .enumerate()
            .min_by(|x, y| (x.1 - a).abs().total_cmp(&(y.1 - a).abs()))
            .expect("points")
            .0
    };
    match what {
        SliceCenter(d) => sig(r.center, d),
        SliceAt(a, d) => sig(r.loss[at(a)], d),
        SliceWithin(tol, lower) => {
            let mid = at(0.0);
            let inside = |i: &usize| (r.loss[*i] - r.center).abs() <= tol;
            let end = if lower {
                (0..=mid).rev().take_while(inside).last()
            } else {
                (mid..r.loss.len()).take_while(inside).last()
            };
            let a = r.alphas[end.expect("the centre is inside")];
            let text = format!("{a:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        other => panic!("{other:?} is not about a slice"),
    }
}

/// Coordinate `c` of every point of the run.
fn coords(t: &Trajectory, c: usize) -> Vec<f64> {
    t.points
        .chunks(t.dim)
        .filter_map(|p| p.get(c).copied())
        .collect()
}

/// The rates of schedule `i` of the schedules chart `w` after each step (from step 0),
/// as the chart draws them: built on the chart's base rate, over its steps.
fn rates(w: &Widget, set: &[(&str, &str)], i: usize) -> Vec<f64> {
    let v = values(w, set);
    let spec = v
        .specs("schedules")
        .and_then(|s| s.get(i))
        .expect("the schedule exists");
    let lr = v.num("lr").expect("a base rate");
    let steps = v.int("steps").expect("steps");
    let mut s = schedule::build(spec, lr, Some(FALLBACK_MOMENTUM)).expect("the schedule builds");
    schedule::lrs(s.as_mut(), steps)
}

/// The number a claim about a schedule states, recomputed.
fn measure_rates(lrs: &[f64], what: Measure) -> String {
    match what {
        RateAt(k, digits) => sig(lrs[k], digits),
        other => panic!("{other:?} is not about a schedule"),
    }
}

/// The largest (`hi`) or smallest of `xs`.
fn extreme(xs: impl Iterator<Item = f64>, hi: bool) -> f64 {
    if hi {
        xs.fold(f64::MIN, f64::max)
    } else {
        xs.fold(f64::MAX, f64::min)
    }
}

/// An anatomy widget's run laid open, as the widget replays it: its optimizer with the
/// parts it keeps (Adam and AdamW), for its timeline's steps.
fn anatomy(w: &Widget, set: &[(&str, &str)]) -> Anatomy {
    let mut v = values(w, set);
    let mut spec = v.spec("optimizer").expect("an optimizer").clone();
    if matches!(spec.name.as_str(), "adam" | "adamw") {
        let kept = v.words("parts").to_vec();
        for (part, key) in [
            ("bias_correction", "bias_correction"),
            ("m", "first_moment"),
            ("v", "second_moment"),
        ] {
            spec.set(key, Value::Bool(kept.contains(&part)));
        }
    }
    let start = v.point("start").unwrap_or_default().to_vec();
    let surface = v.take_surface().expect("a surface");
    replay(surface.as_ref(), &start, &spec, ANATOMY_STEPS).expect("the anatomy runs")
}

/// The number a claim about an update anatomy states, recomputed.
fn measure_anatomy(a: &Anatomy, what: Measure) -> String {
    let step = |k: usize| a.steps.get(k - 1).expect("the anatomy has the step");
    match what {
        Grad(k, c, digits) => sig(step(k).grad[c], digits),
        GradOrder(k, c) => {
            let g = step(k).grad[c].abs();
            let words = ["units", "tens", "hundreds", "thousands"];
            let order = g.log10().floor().max(0.0) as usize;
            words.get(order).expect("below 10,000").to_string()
        }
        Part(name, k, c, digits, sci_notation) => {
            let row = step(k)
                .rows
                .iter()
                .find(|r| r.0 == name)
                .unwrap_or_else(|| panic!("no row {name}"));
            if sci_notation {
                sci(row.1[c], digits)
            } else {
                sig(row.1[c], digits)
            }
        }
        path => measure(&a.traj, path),
    }
}

/// `n` with its thousands separated by commas, as prose writes them (`3,664`).
fn grouped(n: &str) -> String {
    let digits: Vec<char> = n.chars().collect();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*d);
    }
    out
}

/// A number as the prose writes it: `0.7`, `10^{-5}`, `3 \times 10^{-4}`.
fn prose_number(s: &str) -> f64 {
    let (mantissa, power) = match s.split_once("10^{") {
        Some((m, p)) => {
            let m = m.trim().trim_end_matches("\\times").trim();
            let p: i32 = p.trim_end_matches('}').parse().expect("a power of ten");
            (
                if m.is_empty() {
                    1.0
                } else {
                    m.parse().expect("a mantissa")
                },
                p,
            )
        }
        None => (s.replace(',', "").parse().expect("a number"), 0),
    };
    mantissa * 10f64.powi(power)
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
        let value = match c.run {
            Net(i) if matches!(c.what, InitialTrainLoss(_)) => {
                let v = values(&w, c.set);
                let setup = NetSetup::read(&v, None).expect("the network builds");
                let run = setup.runs.get(i).expect("the run exists");
                let trainer = setup.trainer(run).expect("a trainer");
                let mut t = Trained {
                    reports: Vec::new(),
                    ratios: Vec::new(),
                    test: Vec::new(),
                    trainer,
                };
                measure_net(&mut t, c.what)
            }
            Net(i) if matches!(c.what, TrainLossLowest(_) | TrainLossMean(..)) => {
                // The loss on the whole training set after every step up to the last
                // the claim reads.
                let v = values(&w, c.set);
                let setup = NetSetup::read(&v, None).expect("the network builds");
                let run = setup.runs.get(i).expect("the run exists");
                let mut trainer = setup.trainer(run).expect("a trainer");
                let steps = match c.what {
                    TrainLossMean(_, to, _) => to,
                    _ => v.int("steps").expect("steps"),
                };
                let losses: Vec<f64> = (0..steps)
                    .map(|_| {
                        trainer.step();
                        trainer.evaluate_train().loss
                    })
                    .collect();
                match c.what {
                    TrainLossLowest(digits) => sig(extreme(losses.into_iter(), false), digits),
                    TrainLossMean(from, to, digits) => {
                        let tail = &losses[from - 1..to];
                        sig(tail.iter().sum::<f64>() / tail.len() as f64, digits)
                    }
                    _ => unreachable!(),
                }
            }
            Net(i) if matches!(c.what, TrainLossAt(..)) => {
                let TrainLossAt(k, digits) = c.what else {
                    unreachable!()
                };
                let v = values(&w, c.set);
                let setup = NetSetup::read(&v, None).expect("the network builds");
                let run = setup.runs.get(i).expect("the run exists");
                let mut trainer = setup.trainer(run).expect("a trainer");
                for _ in 0..k {
                    trainer.step();
                }
                sig(trainer.evaluate_train().loss, digits)
            }
            _ if matches!(c.what, MeanLoss(..)) => {
                let MeanLoss(from, seeds, digits) = c.what else {
                    unreachable!()
                };
                let mut sum = 0.0;
                let mut n = 0;
                for seed in 1..=seeds {
                    let seed = seed.to_string();
                    let mut set = c.set.to_vec();
                    set.push(("seed", &seed));
                    let t = trajectory(&w, &set, c.run);
                    let tail = t.loss.get(from..).expect("the run has the step");
                    sum += tail.iter().sum::<f64>();
                    n += tail.len();
                }
                sig(sum / n as f64, digits)
            }
            Net(i) => {
                let mut t = train(&w, c.set, i);
                match c.what {
                    SliceCenter(_) | SliceAt(..) | SliceWithin(..) => {
                        measure_slice(&slice(&w, c.set, &t.trainer), c.what)
                    }
                    _ => measure_net(&mut t, c.what),
                }
            }
            Sweep => measure_sweep(&sweep(&w, c.set), c.what),
            Sched(i) => measure_rates(&rates(&w, c.set, i), c.what),
            _ if w.def.name == "anatomy" => measure_anatomy(&anatomy(&w, c.set), c.what),
            run => measure(&trajectory(&w, c.set, run), c.what),
        };
        if let Some((side, number)) = c.bound {
            let got: f64 = value.parse().expect("a bound claim measures a number");
            let stated = prose_number(number);
            let holds = match side {
                Below => got < stated,
                Above => got > stated,
            };
            if !holds {
                wrong.push(format!(
                    "{} {} {:?} {:?}: the widget gives {value}, not {side:?} {number} as \"{}\" says",
                    c.file, c.widget, c.run, c.what, c.text
                ));
            }
            let written = c.means.is_some() || c.text.contains(number);
            if !written || !squash(&text).contains(&squash(c.text)) {
                wrong.push(format!(
                    "{} {}: the prose no longer says \"{}\"",
                    c.file, c.widget, c.text
                ));
            }
            continue;
        }
        // `{,}` stands for a whole number written with thousands separators.
        let said = c
            .text
            .replace("{,}", &grouped(&value))
            .replace("{}", &value);
        if c.means.is_some_and(|m| m != value) {
            wrong.push(format!(
                "{} {} {:?} {:?}: the widget gives {value}, not what \"{}\" says ({})",
                c.file,
                c.widget,
                c.run,
                c.what,
                c.text,
                c.means.unwrap_or_default()
            ));
        } else if !squash(&text).contains(&squash(&said)) {
            wrong.push(format!(
                "{} {} {:?} {:?}: the widget gives {value}, so the prose should read \"{said}\"",
                c.file, c.widget, c.run, c.what
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_formula_labs_links_load_the_formulas_its_claims_compute_with() {
    // Each suggestion in lesson 12's last lab is a link `?own.surface=…#own` that opens
    // the lab with its formula; the claims above are computed with these same surfaces.
    let text = std::fs::read_to_string(lessons().join("12-loss-landscapes.md"))
        .expect("the lesson exists");
    let linked: Vec<String> = text
        .split("](?own.surface=")
        .skip(1)
        .map(|rest| {
            let value = rest.split(['#', ')', '&']).next().unwrap_or_default();
            gdz::core::query::decode(value)
        })
        .collect();
    let claimed: Vec<&str> = [VALLEY, GREEN, EGGS].iter().map(|set| set[0].1).collect();
    assert_eq!(linked, claimed);
    let (w, _) = find("12-loss-landscapes.md", OWN);
    assert_eq!(
        w.get("id"),
        Some("own"),
        "the links name the playground by its id"
    );
}

#[test]
fn the_claims_name_widgets_that_exist_and_sentences_with_a_number() {
    for c in CLAIMS {
        let (w, _) = find(c.file, c.widget);
        assert!(
            matches!(
                w.def.name,
                "compare"
                    | "race"
                    | "landscape"
                    | "playground"
                    | "ball"
                    | "regression"
                    | "network"
                    | "lr-finder"
                    | "slice"
                    | "anatomy"
                    | "schedules"
            ),
            "{}",
            c.widget
        );
        let slots = c.text.matches("{}").count() + c.text.matches("{,}").count();
        let stated = c.means.is_some() || c.bound.is_some();
        assert_eq!(slots, usize::from(!stated), "{}", c.text);
        if let (Some(m), Some((_, number))) = (c.means, c.bound) {
            assert_eq!(m, number, "{}", c.text);
        }
    }
}

#[test]
fn significant_digits_round_as_prose_does() {
    assert_eq!(sig(0.003_14, 1), "0.003");
    assert_eq!(sig(12.46, 3), "12.5");
    assert_eq!(sig(1386.0, 2), "1386");
    assert_eq!(sig(-0.0337, 1), "-0.03");
    assert_eq!(sig(0.099_999, 1), "0.1");
    assert_eq!(sig(-0.000_999_9, 1), "-0.001");
    assert_eq!(sig(0.999_7, 2), "1.0");
    assert_eq!(grouped("3664"), "3,664");
    assert_eq!(grouped("640"), "640");
    assert_eq!(prose_number("10^{-5}"), 1e-5);
    assert!((prose_number("3 \\times 10^{-4}") - 3e-4).abs() < 1e-18);
    assert_eq!(prose_number("0.76"), 0.76);
    assert_eq!(prose_number("1,000"), 1000.0);
}

/// Which cells of a convergence map a map claim reads.
#[derive(Debug, Clone, Copy)]
enum Cells {
    /// Every cell.
    All,
    /// The row whose y value is nearest the given one (a one-row map's only row).
    Row(f64),
    /// The column whose x value is nearest the given one.
    Column(f64),
}

/// What a claim measures on a convergence map, built from the widget's attributes.
#[derive(Debug, Clone, Copy)]
enum MapMeasure {
    /// The step the cell nearest x = `.0` in the row converged at.
    StepsAt(f64),
    /// How the cell nearest x = `.0` in the row ended: `converged`, `diverged` or
    /// `max_steps` (dark, not hatched).
    StatusAt(f64),
    /// How many of the cells diverged (are hatched).
    DivergedCount,
    /// How many of the cells converged.
    ConvergedCount,
    /// Whether more than half of the cells diverged (`true` or `false`).
    MostlyDiverged,
    /// The x of the first cell of the row that converges, to `.0` significant digits.
    FirstConverged(usize),
    /// The x of the last cell of the unbroken run of converging cells that starts at the
    /// row's first converging one ("every rate from 0.0071 to 0.091").
    RunEnd(usize),
    /// The x of the last cell of the row that converges.
    LastConverged(usize),
    /// The x from which every cell of the row (to its end) diverges.
    DivergedFrom(usize),
    /// The x of the fastest converging cell (the first of the fastest), to `.0` digits.
    FastestX(usize),
    /// The y of the fastest converging cell, to `.0` digits.
    FastestY(usize),
    /// The step the fastest cell converged at.
    FastestSteps,
    /// The y of the highest row with a converging cell, to `.0` digits: above it no
    /// row converges ("above β₁ ≈ 0.95 … too slowly to settle").
    NoneConvergeAbove(usize),
    /// The lowest final loss, to `.0` significant digits (written `9 \times 10^{-6}`).
    LowestLoss(usize),
    /// The x of the cell with the lowest final loss, to `.0` significant digits.
    LowestLossX(usize),
    /// The power of ten nearest the median final loss (`10^{-4}`).
    MedianLossPower,
    /// The x from which, in every column to the end, every final loss is at least
    /// `.0` times the loss at the start, to `.1` significant digits.
    LossAsHighFrom(f64, usize),
    /// The step a single run of the base optimizer converges at with the optimal
    /// heavy-ball pair of the quadratic (the map's orange ring) set in it.
    RingConverged,
}

/// One number stated in a lesson about what a convergence map shows.
struct MapClaim {
    /// The lesson file in `lessons/`.
    file: &'static str,
    /// The map's link key (`lab/map2`).
    widget: &'static str,
    /// The cells it reads.
    cells: Cells,
    what: MapMeasure,
    /// The prose around the number, `{}` standing for it; or, with `means`, words that
    /// state it.
    text: &'static str,
    /// The value the words of `text` state without a digit ("no hatched cell" is 0).
    means: Option<&'static str>,
}

/// A claim about a map.
const fn map_claim(
    file: &'static str,
    widget: &'static str,
    cells: Cells,
    what: MapMeasure,
    text: &'static str,
) -> MapClaim {
    MapClaim {
        file,
        widget,
        cells,
        what,
        text,
        means: None,
    }
}

/// A claim about a map whose words state `value` without writing it as a number.
const fn map_claim_means(value: &'static str, c: MapClaim) -> MapClaim {
    MapClaim {
        means: Some(value),
        ..c
    }
}

use Cells::{All, Column, Row};
use MapMeasure::*;

/// Every claim about a convergence map. Grep the labs' "What you should see" for
/// numbers when adding a map or a sentence about one.
#[rustfmt::skip]
const MAP_CLAIMS: &[MapClaim] = &[
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), StepsAt(0.175), "$\\eta \\approx 0.175$ converges at step {}"),
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), StepsAt(0.182), "the cell at $0.182$ at step {},"),
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), StepsAt(0.102), "the cell at $0.102$ needs {} steps"),
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), StepsAt(0.189), "({} at $0.189$,"),
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), StepsAt(0.196), "{} at $0.196$)"),
    map_claim_means("max_steps", map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), StatusAt(0.203), "The cell at $0.203$ is dark, not hatched")),
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), DivergedFrom(2), "From ${}$ on every cell diverges."),
    map_claim("02-gradient-descent.md", "lab/map1", Row(0.0), FirstConverged(2), "every rate below about ${}$ is still crawling"),
    map_claim("04-momentum.md", "lab/map1", Row(0.0), FastestX(2), "the fastest cell, $\\eta \\approx {}$, needs 184 steps"),
    map_claim("04-momentum.md", "lab/map1", Row(0.0), FastestSteps, "the fastest cell, $\\eta \\approx 0.037$, needs {} steps"),
    map_claim("04-momentum.md", "lab/map1", All, FastestX(2), "near $\\eta \\approx {}$ and $\\mu \\approx 0.58$, needs 35"),
    map_claim("04-momentum.md", "lab/map1", All, FastestY(2), "near $\\eta \\approx 0.057$ and $\\mu \\approx {}$, needs 35"),
    map_claim("04-momentum.md", "lab/map1", All, FastestSteps, "and $\\mu \\approx 0.58$, needs {}: about five times fewer"),
    map_claim("04-momentum.md", "lab/map1", All, RingConverged, "(a run at the ring's setting converges at step {})"),
    map_claim_means("1", map_claim("07-rmsprop.md", "lab/map1", All, ConvergedCount, "Gradient descent converges in one cell only")),
    map_claim("07-rmsprop.md", "lab/map1", All, FastestX(2), "in one cell only, $\\eta \\approx {}$, at step 365"),
    map_claim("07-rmsprop.md", "lab/map1", All, FastestSteps, "$\\eta \\approx 0.019$, at step {}, just under its limit"),
    map_claim("07-rmsprop.md", "lab/map1", Row(0.0), DivergedFrom(2), "every cell from ${}$ up diverges, 32 of the 48"),
    map_claim("07-rmsprop.md", "lab/map1", All, DivergedCount, "every cell from $0.023$ up diverges, {} of the 48"),
    map_claim_means("0", map_claim("07-rmsprop.md", "lab/map2", All, DivergedCount, "RMSProp's map has no hatched cell at all")),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.99), FirstConverged(2), "In the row nearest $\\alpha = 0.99$ it converges for every rate from ${}$ to $0.091$"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.99), RunEnd(2), "for every rate from $0.0071$ to ${}$, fastest"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.99), FastestX(2), "fastest at the top of that range ($\\eta \\approx {}$, 8 steps)"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.99), FastestSteps, "($\\eta \\approx 0.091$, {} steps)"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.997), FirstConverged(2), "in the rows from $\\alpha \\approx 0.997$ up it converges for every rate from ${}$ to 10"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.997), RunEnd(2), "for every rate from $0.0058$ to {}, and in the top row"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.999), RunEnd(2), "to {}, and in the top row ($\\alpha = 0.999$) from $0.0032$"),
    map_claim("07-rmsprop.md", "lab/map2", Row(0.999), FirstConverged(2), "in the top row ($\\alpha = 0.999$) from ${}$."),
    map_claim_means("0", map_claim("07-rmsprop.md", "lab/map2", Row(0.9), ConvergedCount, "in the bottom row, $\\alpha = 0.9$, no cell converges at all")),
    map_claim("08-adam.md", "lab/map1", Row(0.0), FirstConverged(2), "with $\\mu = 0$ from $\\eta \\approx {}$ to $0.034$"),
    map_claim("08-adam.md", "lab/map1", Row(0.0), RunEnd(2), "with $\\mu = 0$ from $\\eta \\approx 0.023$ to ${}$"),
    map_claim("08-adam.md", "lab/map1", Row(0.9), FirstConverged(1), "at $\\mu \\approx 0.9$ from about ${}$ to $0.075$"),
    map_claim("08-adam.md", "lab/map1", Row(0.9), RunEnd(2), "at $\\mu \\approx 0.9$ from about $0.002$ to ${}$"),
    map_claim_means("true", map_claim("08-adam.md", "lab/map1", All, MostlyDiverged, "(more than half of the map)")),
    map_claim_means("0", map_claim("08-adam.md", "lab/map2", All, DivergedCount, "Adam's map has no hatched cell at all.")),
    map_claim("08-adam.md", "lab/map2", Row(0.9), FirstConverged(2), "it converges for every rate from about ${}$ up to 10"),
    map_claim("08-adam.md", "lab/map2", Row(0.9), RunEnd(2), "from about $0.016$ up to {}, nearly three powers of ten"),
    map_claim("08-adam.md", "lab/map2", Row(0.0), FirstConverged(2), "(RMSProp with bias correction) from ${}$ to about $0.5$"),
    map_claim("08-adam.md", "lab/map2", Row(0.0), RunEnd(1), "(RMSProp with bias correction) from $0.019$ to about ${}$"),
    map_claim("08-adam.md", "lab/map2", All, NoneConvergeAbove(2), "above $\\beta_1 \\approx {}$ the average of the gradients reacts too slowly"),
    map_claim_means("0", map_claim("10-lion-and-sophia.md", "lab/map1", All, DivergedCount, "Neither map has a hatched cell")),
    map_claim_means("0", map_claim("10-lion-and-sophia.md", "lab/map2", All, DivergedCount, "Neither map has a hatched cell")),
    map_claim_means("0", map_claim("10-lion-and-sophia.md", "lab/map1", All, ConvergedCount, "Lion never converges either.")),
    map_claim("10-lion-and-sophia.md", "lab/map1", All, LowestLoss(1), "the lowest in the map is about ${}$, near"),
    map_claim("10-lion-and-sophia.md", "lab/map1", All, LowestLossX(1), "near $\\eta = {}$; around"),
    map_claim("10-lion-and-sophia.md", "lab/map1", Column(0.015), MedianLossPower, "around $\\eta = 0.015$ it is near ${}$"),
    map_claim("10-lion-and-sophia.md", "lab/map1", All, LossAsHighFrom(0.9, 2), "from $\\eta \\approx {}$ on the run rattles across the valley"),
    map_claim("10-lion-and-sophia.md", "lab/map2", All, ConvergedCount, "Sophia converges in {} of the 1,024 cells."),
    map_claim("10-lion-and-sophia.md", "lab/map2", Row(0.01), LastConverged(2), "only work up to about ${}$ ($\\gamma = 0.01$)"),
    map_claim("10-lion-and-sophia.md", "lab/map2", Row(0.3), FirstConverged(1), "it converges for nearly every rate from ${}$ up to 10"),
    map_claim("10-lion-and-sophia.md", "lab/map2", Row(0.3), LastConverged(2), "from $0.008$ up to {}: the curvature scaling"),
    map_claim("10-lion-and-sophia.md", "lab/map2", Row(10.0), FirstConverged(2), "rises to about ${}$ at $\\gamma = 10$"),
];

/// A map widget's map, built from its attributes through the schema as the page builds
/// it, and its cells run.
fn run_map(w: &Widget) -> (Map, MapResult) {
    let v = values(w, &[]);
    let spec = schema::map_spec(&v).expect("the map's attributes make a map");
    let map = Map::new(spec).expect("the map builds");
    let result = map.run_all().expect("the map runs");
    (map, result)
}

/// The index of the value of `axis` nearest `v` (on its own scale).
fn nearest(axis: &Axis, v: f64) -> usize {
    let last = axis.n.saturating_sub(1);
    let f = axis.fraction(v).expect("a value on the axis");
    ((f * last as f64).round().max(0.0) as usize).min(last)
}

/// `x` as prose writes a small number in scientific notation: `9 \times 10^{-6}`.
fn sci(x: f64, digits: usize) -> String {
    let e = x.abs().log10().floor() as i32;
    let m = x / 10f64.powi(e);
    format!("{} \\times 10^{{{e}}}", sig(m, digits))
}

/// The number a map claim states, recomputed.
fn measure_map(map: &Map, r: &MapResult, cells: Cells, what: MapMeasure) -> String {
    let cols = r.x_values.len();
    let rows = r.cells.len() / cols.max(1);
    // The (column, row, cell) triples the claim reads.
    let chosen: Vec<(usize, usize, &Cell)> = r
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i % cols, i / cols, c))
        .filter(|(col, row, _)| match cells {
            All => true,
            Row(y) => *row == r.y.as_ref().map_or(0, |a| nearest(a, y)),
            Column(x) => *col == nearest(&r.x, x),
        })
        .collect();
    let x = |col: usize| r.x_values[col];
    let converged = |c: &Cell| c.converged_at.is_some();
    let diverged = |c: &Cell| c.status == Status::Diverged;
    let first = || {
        chosen
            .iter()
            .position(|(_, _, c)| converged(c))
            .expect("a cell converges")
    };
    let fastest = || {
        chosen
            .iter()
            .filter(|(_, _, c)| converged(c))
            .min_by_key(|(_, _, c)| c.converged_at)
            .expect("a cell converges")
    };
    let at = |v: f64| {
        let col = nearest(&r.x, v);
        chosen
            .iter()
            .find(|(c, _, _)| *c == col)
            .expect("the row has the column")
            .2
    };
    match what {
        StepsAt(v) => at(v).converged_at.expect("the cell converges").to_string(),
        StatusAt(v) => at(v).status.as_str().to_string(),
        DivergedCount => chosen.iter().filter(|t| diverged(t.2)).count().to_string(),
        ConvergedCount => chosen.iter().filter(|t| converged(t.2)).count().to_string(),
        MostlyDiverged => {
            (2 * chosen.iter().filter(|t| diverged(t.2)).count() > chosen.len()).to_string()
        }
        FirstConverged(d) => sig(x(chosen[first()].0), d),
        RunEnd(d) => {
            let from = first();
            let len = chosen[from..].iter().take_while(|t| converged(t.2)).count();
            sig(x(chosen[from + len - 1].0), d)
        }
        LastConverged(d) => {
            let last = chosen.iter().rposition(|t| converged(t.2));
            sig(x(chosen[last.expect("a cell converges")].0), d)
        }
        DivergedFrom(d) => {
            let last_not = chosen.iter().rposition(|t| !diverged(t.2));
            let from = last_not.map_or(0, |i| i + 1);
            sig(x(chosen.get(from).expect("the row ends diverged").0), d)
        }
        FastestX(d) => sig(x(fastest().0), d),
        FastestY(d) => sig(r.y_values[fastest().1], d),
        FastestSteps => fastest().2.converged_at.unwrap_or_default().to_string(),
        NoneConvergeAbove(d) => {
            let top = chosen
                .iter()
                .filter(|t| converged(t.2))
                .map(|t| t.1)
                .max()
                .expect("a cell converges");
            assert!(top + 1 < rows, "the top row converges somewhere");
            sig(r.y_values[top], d)
        }
        LowestLoss(d) => {
            let low = chosen
                .iter()
                .map(|t| t.2.final_loss)
                .fold(f64::MAX, f64::min);
            sci(low, d)
        }
        LowestLossX(d) => {
            let low = chosen
                .iter()
                .min_by(|a, b| a.2.final_loss.total_cmp(&b.2.final_loss))
                .expect("cells");
            sig(x(low.0), d)
        }
        MedianLossPower => {
            let mut losses: Vec<f64> = chosen.iter().map(|t| t.2.final_loss).collect();
            losses.sort_by(f64::total_cmp);
            let median = losses[losses.len() / 2];
            format!("10^{{{}}}", median.log10().round() as i32)
        }
        LossAsHighFrom(frac, d) => {
            let start = map.surface().value(map.start());
            let low = |c: &Cell| c.final_loss < frac * start;
            let last_low = chosen
                .iter()
                .filter(|t| low(t.2))
                .map(|t| t.0)
                .max()
                .expect("some cell ends low");
            sig(x(last_low + 1), d)
        }
        RingConverged => {
            let theory = QuadraticTheory::of(map.surface()).expect("a quadratic");
            let (lr, momentum) = theory.momentum_optimal();
            let mut spec = map.spec().optimizer.clone();
            spec.set("lr", Value::Num(lr));
            spec.set("momentum", Value::Num(momentum));
            let cfg = RunConfig {
                steps: map.spec().steps,
                ..RunConfig::default()
            };
            let t = run_spec(
                map.surface(),
                map.start(),
                &spec,
                &Spec::bare("constant"),
                &cfg,
            )
            .expect("the run builds");
            t.converged_at
                .expect("the ring's run converges")
                .to_string()
        }
    }
}

#[test]
fn every_number_the_prose_states_about_a_map_is_what_the_map_shows() {
    let mut wrong = Vec::new();
    let mut maps: Vec<(String, Map, MapResult)> = Vec::new();
    for c in MAP_CLAIMS {
        let key = format!("{} {}", c.file, c.widget);
        let (w, text) = find(c.file, c.widget);
        assert_eq!(w.def.name, "map", "{key} is not a map");
        if !maps.iter().any(|(k, _, _)| *k == key) {
            let (map, result) = run_map(&w);
            maps.push((key.clone(), map, result));
        }
        let (_, map, result) = maps.iter().find(|(k, _, _)| *k == key).expect("just run");
        let value = measure_map(map, result, c.cells, c.what);
        let said = c.text.replace("{}", &value);
        match c.means {
            Some(m) if m != value => wrong.push(format!(
                "{key} {:?} {:?}: the map gives {value}, not what \"{}\" says ({m})",
                c.cells, c.what, c.text
            )),
            Some(_) if !squash(&text).contains(&squash(c.text)) => {
                wrong.push(format!("{key}: the prose no longer says \"{}\"", c.text))
            }
            Some(_) => {}
            None if !squash(&text).contains(&squash(&said)) => wrong.push(format!(
                "{key} {:?} {:?}: the map gives {value}, so the prose should read \"{said}\"",
                c.cells, c.what
            )),
            None => {}
        }
        let slots = c.text.matches("{}").count();
        assert_eq!(slots, usize::from(c.means.is_none()), "{}", c.text);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn scientific_notation_and_nearest_cells_read_as_prose_does() {
    assert_eq!(sci(9.005e-6, 1), "9 \\times 10^{-6}");
    assert_eq!(sci(0.000_25, 2), "2.5 \\times 10^{-4}");
    let lr = Axis {
        key: "lr".into(),
        lo: 0.001,
        hi: 10.0,
        n: 5,
        log: true,
    };
    assert_eq!(nearest(&lr, 0.009), 1);
    assert_eq!(nearest(&lr, 0.04), 2);
    assert_eq!(nearest(&lr, 100.0), 4);
    let alpha = Axis {
        key: "alpha".into(),
        lo: 0.9,
        hi: 1.0,
        n: 11,
        log: false,
    };
    assert_eq!(nearest(&alpha, 0.99), 9);
    assert_eq!(nearest(&alpha, 0.0), 0);
}
