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

#![cfg(not(target_arch = "wasm32"))]

use gdz::core::lesson::{self, widget::Widget};
use gdz::core::map::theory::QuadraticTheory;
use gdz::core::map::{Axis, Cell, Map, MapResult};
use gdz::core::nn::{self as nn, LrFindResult, NetSetup, SliceConfig, SliceResult};
use gdz::core::nn::{StepReport, Trainer};
use gdz::core::run::{Noise, RunConfig, Status, Trajectory};
use gdz::core::schema::{self, Values};
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

use Measure::*;
use Run::{Ball, Fit, Net, Nth, Side, Sweep};

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
    let mag = x.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    format!("{x:.decimals$}")
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
        net => panic!("{net:?} is about a network, not a path"),
    }
}

/// A network run's step reports, and its trainer after the last step, as the network
/// widget trains it (the widget's own [`NetSetup`]).
fn train(w: &Widget, set: &[(&str, &str)], i: usize) -> (Vec<StepReport>, Trainer) {
    let v = values(w, set);
    let setup = NetSetup::read(&v, None).expect("the network builds");
    let run = setup.runs.get(i).expect("the run exists");
    let mut trainer = setup.trainer(run).expect("a trainer");
    let steps = v.int("steps").expect("steps");
    let reports = (0..steps).map(|_| trainer.step()).collect();
    (reports, trainer)
}

/// The number a claim about a network states, recomputed.
fn measure_net(reports: &[StepReport], trainer: &mut Trainer, what: Measure) -> String {
    let peak = |xs: &mut dyn Iterator<Item = f64>| xs.fold(f64::MIN, f64::max);
    let percent = |a: Option<f64>| format!("{:.0}", a.expect("a classifier") * 100.0);
    match what {
        BatchLossPeak(n, digits) => sig(peak(&mut reports.iter().take(n).map(|r| r.loss)), digits),
        GradNormPeak(digits) => sig(peak(&mut reports.iter().map(|r| r.grad_norm)), digits),
        ClippedSteps => reports
            .iter()
            .filter(|r| r.grad_norm_clipped != r.grad_norm)
            .count()
            .to_string(),
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
        other => panic!("{other:?} is not about a range test"),
    }
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
                let mut trainer = setup.trainer(run).expect("a trainer");
                measure_net(&[], &mut trainer, c.what)
            }
            Net(i) => {
                let (reports, mut trainer) = train(&w, c.set, i);
                match c.what {
                    SliceCenter(_) | SliceAt(..) | SliceWithin(..) => {
                        measure_slice(&slice(&w, c.set, &trainer), c.what)
                    }
                    _ => measure_net(&reports, &mut trainer, c.what),
                }
            }
            Sweep => measure_sweep(&sweep(&w, c.set), c.what),
            run => measure(&trajectory(&w, c.set, run), c.what),
        };
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
            ),
            "{}",
            c.widget
        );
        let slots = c.text.matches("{}").count() + c.text.matches("{,}").count();
        assert_eq!(slots, usize::from(c.means.is_none()), "{}", c.text);
    }
}

#[test]
fn significant_digits_round_as_prose_does() {
    assert_eq!(sig(0.003_14, 1), "0.003");
    assert_eq!(sig(12.46, 3), "12.5");
    assert_eq!(sig(1386.0, 2), "1386");
    assert_eq!(sig(-0.0337, 1), "-0.03");
    assert_eq!(grouped("3664"), "3,664");
    assert_eq!(grouped("640"), "640");
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
