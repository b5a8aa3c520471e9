//! The tables: one [`Widget`] per widget kind, with every attribute it accepts.
//!
//! Each table is its own constant, so a wasm module that mounts only some widgets carries
//! only their tables; [`WIDGETS`] lists them all for the lesson build, the gallery and
//! `gdz widgets`.

use super::read::{Value, Values};
use super::{checked, doc_line, Attr, Default, Kind, Widget};
use crate::core::controls::{
    ANATOMY_CONTROLS, BALL_CONTROLS, COMPARE_CONTROLS, LANDSCAPE_CONTROLS, LR_FINDER_CONTROLS,
    MAP_CONTROLS, NETWORK_CONTROLS, PLAYGROUND_CONTROLS, RACE_CONTROLS, REGRESSION_CONTROLS,
    SCHEDULES_CONTROLS, SLICE_CONTROLS,
};
use crate::core::error::Error;
use crate::core::limits::{MAX_BATCH, MAX_DRAWN_STEPS, MAX_OPTIMIZERS};
use crate::core::spec::{fmt_num, Range, Spec};

/// Runs of a playground or landscape at once (each is drawn with its own colour).
pub const MAX_RUNS: usize = 6;
/// Data points of a regression.
pub const MAX_POINTS: usize = 200;
/// The most stops a guided race makes.
pub const MAX_STOPS: usize = 8;
/// The most a `;`-list of schedules holds.
pub const MAX_SCHEDULES: usize = 12;

/// Positions in a `schedules` list, for its `off` attribute.
pub const SCHEDULE_POSITIONS: &[&str] = &[
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
];

/// The parts of Adam's update the `anatomy` widget can keep.
pub const ANATOMY_PARTS: &[&str] = &["bias_correction", "m", "v"];

/// The learning rates a widget attribute accepts.
pub const LR: Range = Range::closed(1e-6, 1e3);
/// Clipping thresholds.
pub const CLIP: Range = Range::closed(1e-6, 1e6);
/// The gradient-noise scale σ.
pub const NOISE: Range = Range::closed(0.0, 1e3);
/// A ball's momentum.
pub const MOMENTUM: Range = Range::closed(0.0, 0.999_999);
/// A regression's starting w and b.
pub const COORD: Range = Range::closed(-super::MAX_COORD, super::MAX_COORD);
/// A landscape view's pitch, in degrees.
pub const VIEW_PITCH: Range = Range::closed(5.0, 90.0);
/// A landscape view's zoom.
pub const VIEW_ZOOM: Range = Range::closed(0.5, 4.0);
/// A landscape view's yaw, pitch and zoom.
pub const VIEW: &[(&str, Range)] = &[
    ("yaw", Range::closed(-1e6, 1e6)),
    ("pitch", VIEW_PITCH),
    ("zoom", VIEW_ZOOM),
];
const fn steps(default: f64) -> Attr {
    Attr::new(
        "steps",
        Kind::Integer {
            min: 1,
            max: MAX_DRAWN_STEPS as u64,
        },
        Default::Number(default),
        doc_line!("steps"),
        doc_line!("Optimizer steps each run takes."),
    )
}

const fn surface(default: &'static str, dim: usize) -> Attr {
    Attr::new(
        "surface",
        Kind::Surface { dim },
        Default::Spec(default),
        doc_line!("surface"),
        doc_line!("The loss surface the runs descend."),
    )
}

fn surface_start(v: &Values) -> Value {
    Value::Point(v.surface().map(|s| s.default_start()).unwrap_or_default())
}

const START: Attr = Attr::new(
    "start",
    Kind::Point,
    Default::Derived {
        what: doc_line!("the surface's own start"),
        make: surface_start,
    },
    doc_line!("start"),
    doc_line!("Where every run starts, one number per parameter."),
);

const fn controls(list: &'static [&'static str]) -> Attr {
    Attr::new(
        "controls",
        Kind::Controls(list),
        Default::All,
        doc_line!("controls"),
        doc_line!("The controls to show; the rest are hidden (for embeds)."),
    )
}

/// The values of `reveal`.
pub const REVEAL_WORDS: &[&str] = &["play"];

/// `reveal="play"`: an animated widget starts at step 0 and shows its run only once the
/// reader plays, steps or scrubs it, so it does not answer the prediction asked above it.
/// The lesson build sets it on the first widget after a `::: predict` block.
pub const REVEAL: Attr = Attr::new(
    "reveal",
    Kind::Words(REVEAL_WORDS),
    Default::Off,
    doc_line!("reveal"),
    doc_line!("play: start at step 0 and show the run only when played, stepped or scrubbed (set by the build on the first widget after a prediction)."),
);

/// Every widget takes an optional `caption`: a sentence shown under it and to readers
/// without JavaScript.
const CAPTION: Attr = Attr::new(
    "caption",
    Kind::Text,
    Default::Off,
    doc_line!("caption"),
    doc_line!("A sentence shown under the widget and to readers without JavaScript."),
);

const fn number(
    name: &'static str,
    range: Range,
    default: Default,
    label: &'static str,
    doc: &'static str,
) -> Attr {
    Attr::new(name, Kind::Number { range }, default, doc_line!(label), doc)
}

const fn clip(name: &'static str, label: &'static str) -> Attr {
    number(
        name,
        CLIP,
        Default::Off,
        label,
        doc_line!("Clip the gradient to this global norm before each step (off when not given)."),
    )
}

const fn clip_value(name: &'static str, label: &'static str) -> Attr {
    number(
        name,
        CLIP,
        Default::Off,
        label,
        doc_line!("Clip each gradient entry to ±this before each step (off when not given)."),
    )
}

/// `<gdz-playground>`.
pub const PLAYGROUND: Widget = Widget {
    name: "playground",
    summary: doc_line!("A playground: a 2-D loss surface drawn as a heatmap with contours, the paths of optimizer runs on top, and controls to change them."),
    attrs: &[
        surface("quadratic(a=1, b=10)", 2),
        Attr::new("optimizer", Kind::Optimizers { max: MAX_RUNS }, Default::Spec("sgd(lr=0.05)"), doc_line!("optimizer"), doc_line!("One optimizer spec, or up to six separated by ; to run side by side.")),
        Attr::new("schedule", Kind::Schedule { pairs: "optimizer" }, Default::Spec("constant"), doc_line!("schedule"), doc_line!("The learning-rate schedule every run follows.")),
        START,
        steps(100.0),
        clip("clip_norm", "gradient clipping norm"),
        number(
            "noise",
            NOISE,
            Default::Number(0.0),
            "gradient noise",
            doc_line!("σ of the Gaussian noise added to each gradient, standing in for mini-batches."),
        ),
        Attr::new("batch", Kind::Integer {
                min: 1,
                max: MAX_BATCH as u64,
            }, Default::Number(1.0), doc_line!("batch size"), doc_line!("The batch size B: the noise's standard deviation is σ/√B.")),
        Attr::new("seed", Kind::Integer {
                min: 0,
                max: 9_007_199_254_740_991,
            }, Default::Number(1.0), doc_line!("random seed"), doc_line!("The seed of the gradient noise.")),
        Attr::new("id", Kind::Text, Default::Off, doc_line!("element id"), doc_line!("The element's id, by which a map's for names it (a cell's setting goes into the first run).")),
        REVEAL,
        controls(PLAYGROUND_CONTROLS),
        CAPTION,
    ],
    check: None,
};

/// `<gdz-race>`.
pub const RACE: Widget = Widget {
    name: "race",
    summary: doc_line!("A race: several optimizers start from the same point on one surface and run side by side, with a table of results."),
    attrs: &[
        surface("quadratic(a=1, b=10)", 2),
        Attr::new("optimizers", Kind::Optimizers {
                max: MAX_OPTIMIZERS,
            }, Default::Spec("sgd(lr=0.05); sgd(lr=0.05, momentum=0.9); adam(lr=0.1)"), doc_line!("optimizers"), doc_line!("The optimizers that race, each from the same start.")).required(),
        START,
        steps(200.0),
        Attr::new("stops", Kind::Stops { max: MAX_STOPS }, Default::Off, doc_line!("guided stops"), doc_line!("A guided journey: STEP: caption | STEP: caption …; playing pauses at each stop and shows its caption.")),
        REVEAL,
        controls(RACE_CONTROLS),
        CAPTION,
    ],
    check: None,
};

/// `<gdz-ball>`.
pub const BALL: Widget = Widget {
    name: "ball",
    summary:
        "A ball rolling on a 1-D curve: a plain gradient-descent ball beside a ball with momentum.",
    attrs: &[
        Attr {
            label: doc_line!("curve"),
            doc: doc_line!("The 1-D curve the balls roll on."),
            ..surface("quartic", 1)
        },
        number(
            "lr",
            LR,
            Default::Number(0.01),
            "learning rate",
            doc_line!("Both balls' learning rate η."),
        ),
        START,
        number(
            "momentum",
            MOMENTUM,
            Default::Number(0.9),
            "momentum",
            doc_line!("The second ball's momentum μ."),
        ),
        steps(300.0),
        REVEAL,
        controls(BALL_CONTROLS),
        CAPTION,
    ],
    check: None,
};

/// `<gdz-landscape>`.
pub const LANDSCAPE: Widget = Widget {
    name: "landscape",
    summary: doc_line!("A loss surface in 3-D with optimizer runs drawn on it; drag to rotate it and scroll to zoom."),
    attrs: &[
        surface("himmelblau", 2),
        Attr::new("optimizers", Kind::Optimizers { max: MAX_RUNS }, Default::Spec("sgd(lr=0.01); adam(lr=0.1)"), doc_line!("optimizers"), doc_line!("The runs drawn on the surface: up to six optimizer specs separated by ;.")),
        START,
        steps(200.0),
        Attr::new("view", Kind::Numbers(VIEW), Default::Numbers(&[-35.0, 35.0, 1.0]), doc_line!("view (yaw, pitch, zoom)"), doc_line!("yaw,pitch,zoom: degrees, degrees from 5 to 90, zoom from 0.5 to 4.")),
        controls(LANDSCAPE_CONTROLS),
        CAPTION,
    ],
    check: None,
};

/// The schedules chart's default set: constant, step, cosine, one-cycle and
/// warmup-cosine, fitted to its `steps` and `lr`.
fn default_schedules(v: &Values) -> Value {
    let steps = v.int("steps").unwrap_or(100).max(1);
    let lr = v.num("lr").unwrap_or(0.1);
    let n = fmt_num(steps as f64);
    let text = format!(
        "constant; step(step_size={}); cosine(t_max={n}); onecycle(max_lr={}, total_steps={n}); warmup_cosine(warmup_steps={}, total_steps={n})",
        fmt_num((steps / 3).max(1) as f64),
        fmt_num(lr),
        fmt_num((steps / 10) as f64),
    );
    Value::Specs(
        text.split(';')
            .filter_map(|t| Spec::parse(t.trim()).ok())
            .collect(),
    )
}

/// `off` names positions in the `schedules` list.
fn check_off(v: &Values) -> Option<(&'static str, Box<Error>)> {
    let n = v.specs("schedules").map_or(0, <[Spec]>::len);
    let bad = v
        .words("off")
        .iter()
        .find(|w| w.parse::<usize>().map_or(true, |k| k > n))?;
    Some((
        "off",
        super::read::out_of_range(
            "off",
            crate::core::num::parse_f64(bad).unwrap_or(f64::NAN),
            &format!("positions 1 to {n} of the schedules"),
        ),
    ))
}

/// `<gdz-schedules>`.
pub const SCHEDULES: Widget = Widget {
    name: "schedules",
    summary: doc_line!("A chart of learning-rate schedules over the same steps, each of which can be switched on and off."),
    attrs: &[
        Attr::new("lr", Kind::Number { range: LR }, Default::Number(0.1), doc_line!("base learning rate"), doc_line!("The base learning rate every schedule scales.")),
        steps(100.0),
        Attr::new("schedules", Kind::Schedules { max: MAX_SCHEDULES }, Default::Derived {
                what: doc_line!("constant, step, cosine, one-cycle and warmup-cosine fitted to steps and lr"),
                make: default_schedules,
            }, doc_line!("schedules"), doc_line!("Schedule specs separated by ;, each drawn as a curve.")),
        Attr::new("off", Kind::Words(SCHEDULE_POSITIONS), Default::Off, doc_line!("schedules hidden at first"), doc_line!("Positions in schedules (from 1) to start hidden, e.g. 2,5.")),
        controls(SCHEDULES_CONTROLS),
        CAPTION,
    ],
    check: checked!(check_off),
};

const fn side(name: &'static str, default: &'static str, label: &'static str) -> Attr {
    Attr::new(
        name,
        Kind::Optimizer,
        Default::Spec(default),
        doc_line!(label),
        doc_line!("One side's optimizer spec."),
    )
    .required()
}

const fn side_schedule(name: &'static str, pairs: &'static str, label: &'static str) -> Attr {
    Attr::new(
        name,
        Kind::Schedule { pairs },
        Default::Spec("constant"),
        doc_line!(label),
        doc_line!("One side's learning-rate schedule."),
    )
}

/// `<gdz-compare>`.
pub const COMPARE: Widget = Widget {
    name: "compare",
    summary: doc_line!("Two synchronised panels: two optimizer set-ups run on the same surface from the same start."),
    attrs: &[
        surface("saddle", 2),
        side("left", "sgd(lr=0.01)", "left optimizer"),
        side("right", "sgd(lr=0.01, momentum=0.9)", "right optimizer"),
        START,
        steps(200.0),
        side_schedule("left_schedule", "left", "left schedule"),
        side_schedule("right_schedule", "right", "right schedule"),
        clip("clip_norm_left", "left clipping norm"),
        clip("clip_norm_right", "right clipping norm"),
        clip_value("clip_value_left", "left clipping value"),
        clip_value("clip_value_right", "right clipping value"),
        REVEAL,
        controls(COMPARE_CONTROLS),
        CAPTION,
    ],
    check: None,
};

/// `lr` sets the regression optimizer's learning rate; without it, the optimizer's own
/// (or 0.01 when the spec gives none).
fn regression_lr(v: &Values) -> Value {
    Value::Number(
        v.spec("optimizer")
            .and_then(|s| match s.get("lr") {
                Some(crate::core::spec::Value::Num(x)) => Some(*x),
                _ => None,
            })
            .unwrap_or(0.01),
    )
}

/// `<gdz-regression>`.
pub const REGRESSION: Widget = Widget {
    name: "regression",
    summary: doc_line!("A straight line ŷ = w·x + b fitted to data points by gradient descent: the line, the loss surface over (w, b), and the numbers of each step."),
    attrs: &[
        Attr::new("points", Kind::Points { max: MAX_POINTS }, Default::Points(&[[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), doc_line!("data points"), doc_line!("The data, [[x,y],…]; readers can drag them.")),
        number("w", COORD, Default::Number(0.5), "starting w", doc_line!("The slope the fit starts from.")),
        number("b", COORD, Default::Number(0.1), "starting b", doc_line!("The intercept the fit starts from.")),
        Attr::new("optimizer", Kind::Optimizer, Default::Spec("sgd"), doc_line!("optimizer"), doc_line!("The optimizer fitting the line; lr sets its learning rate.")),
        number(
            "lr",
            LR,
            Default::Derived {
                what: doc_line!("the optimizer's lr, else 0.01"),
                make: regression_lr,
            },
            "learning rate",
            doc_line!("The learning rate η."),
        ),
        steps(500.0),
        REVEAL,
        controls(REGRESSION_CONTROLS),
        CAPTION,
    ],
    check: None,
};

/// Anatomy's parts switch off pieces of Adam's (or AdamW's) update; other optimizers
/// have none.
fn check_parts(v: &Values) -> Option<(&'static str, Box<Error>)> {
    if !v.given("parts") {
        return None;
    }
    let o = v.spec("optimizer")?;
    if matches!(o.name.as_str(), "adam" | "adamw") {
        return None;
    }
    Some((
        "parts",
        super::read::incompatible(format!(
            "\"{}\" applies to the adam optimizer only, not {}",
            v.words("parts").join(","),
            o.name
        )),
    ))
}

/// The parts an anatomy keeps when `parts` is not given: those its optimizer spec does
/// not switch off.
fn spec_parts(v: &Values) -> Value {
    let keep = |key: &str| {
        !matches!(
            v.spec("optimizer").and_then(|s| s.get(key)),
            Some(crate::core::spec::Value::Bool(false))
        )
    };
    Value::Words(
        ANATOMY_PARTS
            .iter()
            .zip(["bias_correction", "first_moment", "second_moment"])
            .filter(|(_, key)| keep(key))
            .map(|(p, _)| *p)
            .collect(),
    )
}

/// `<gdz-anatomy>`.
pub const ANATOMY: Widget = Widget {
    name: "anatomy",
    summary: doc_line!("One optimizer's update laid open, coordinate by coordinate, step by step."),
    attrs: &[
        surface("quadratic(a=1, b=25)", 2),
        Attr::new(
            "optimizer",
            Kind::Optimizer,
            Default::Spec("adam(lr=0.05)"),
            doc_line!("optimizer"),
            doc_line!("The optimizer whose update is laid open."),
        )
        .required(),
        START,
        Attr::new(
            "parts",
            Kind::Words(ANATOMY_PARTS),
            Default::Derived {
                what: doc_line!("the parts the optimizer spec keeps"),
                make: spec_parts,
            },
            doc_line!("parts kept"),
            doc_line!(
                "Adam and AdamW only: the parts of the update to keep, of bias_correction, m, v."
            ),
        ),
        controls(ANATOMY_CONTROLS),
        CAPTION,
    ],
    check: checked!(check_parts),
};

/// Runs a network widget trains side by side.
pub const MAX_NET_RUNS: usize = 4;
/// The most optimizer steps a network widget trains.
pub const MAX_NET_STEPS: u64 = 20_000;

/// The network that fits the data read so far: two hidden layers of 16 tanh units,
/// one input per feature and one output (one per class for three or more classes).
fn data_model(v: &Values) -> Value {
    let (inputs, outputs) = super::read::data_of(v).map_or((2, 1), |d| {
        let k = d
            .train
            .classes()
            .filter(|k| (3..=crate::core::nn::MAX_CLASSES).contains(k));
        (d.train.n_features(), k.unwrap_or(1))
    });
    let text = format!("mlp(layers=[{inputs},16,16,{outputs}], activation=tanh)");
    Spec::parse(&text).map_or(Value::Off, Value::Spec)
}

const DATA: Attr = Attr::new(
    "data",
    Kind::Data,
    Default::Spec("moons(n=200, noise=0.15, test=0.25, seed=1)"),
    doc_line!("data set"),
    doc_line!(
        "The data: moons, circles, spiral, xor, blobs or sine, with n, noise, test and seed."
    ),
);

const MODEL: Attr = Attr::new(
    "model",
    Kind::Model,
    Default::Derived {
        what: doc_line!("two hidden layers of 16 tanh units fitted to the data"),
        make: data_model,
    },
    doc_line!("network"),
    doc_line!(
        "The network: mlp(layers=[inputs, hidden…, outputs], activation=tanh|relu|sigmoid|gelu)."
    ),
);

const fn each(
    name: &'static str,
    range: Range,
    whole: bool,
    default: Default,
    label: &'static str,
    doc: &'static str,
) -> Attr {
    Attr::new(
        name,
        Kind::Each {
            range,
            whole,
            max: MAX_NET_RUNS,
        },
        default,
        doc_line!(label),
        doc,
    )
}

const NET_SEED: Attr = Attr::new(
    "seed",
    Kind::Integer {
        min: 0,
        max: 9_007_199_254_740_991,
    },
    Default::Number(1.0),
    doc_line!("random seed"),
    doc_line!("The seed of the initial weights and of the shuffled mini-batches."),
);

const fn net_batch(default: f64) -> Attr {
    each(
        "batch",
        Range::closed(1.0, crate::core::nn::MAX_ROWS as f64),
        true,
        Default::Number(default),
        "batch size",
        doc_line!("Rows per mini-batch; up to four separated by ; to compare runs."),
    )
}

/// The network widgets' attributes that may list one entry per run (`;`-separated).
pub const RUN_ATTRS: [&str; 6] = [
    "optimizer",
    "schedule",
    "batch",
    "clip_norm",
    "clip_value",
    "accumulate",
];

/// Every per-run list given holds one entry or one per run (a default list that does
/// not fit is read in turn, its last entry repeated), and there are at most
/// [`MAX_NET_RUNS`] runs.
fn check_runs(v: &Values) -> Option<(&'static str, Box<Error>)> {
    let lens: Vec<(&'static str, usize)> = RUN_ATTRS
        .into_iter()
        .filter(|name| v.given(name) && v.value(name).is_some())
        .map(|name| (name, v.entries(name)))
        .collect();
    let (first, runs) = lens.iter().copied().find(|l| l.1 > 1)?;
    let (name, n) = lens.into_iter().find(|(_, n)| *n > 1 && *n != runs)?;
    Some((
        name,
        super::read::incompatible(format!(
            "{name} has {n} entries but {first} has {runs}; give one entry (for every run) or {runs}"
        )),
    ))
}

/// `<gdz-network>`.
pub const NETWORK: Widget = Widget {
    name: "network",
    summary: doc_line!("A small neural network trained live on a 2-D data set: the decision boundary under the points, train and test loss, gradient norms and update sizes, for up to four set-ups side by side."),
    attrs: &[
        DATA,
        MODEL,
        Attr::new("optimizer", Kind::Optimizers { max: MAX_NET_RUNS }, Default::Spec("adam(lr=0.01)"), doc_line!("optimizer"), doc_line!("The optimizer; up to four specs separated by ; train side by side.")),
        Attr::new("schedule", Kind::RunSchedules { max: MAX_NET_RUNS, pairs: "optimizer" }, Default::Spec("constant"), doc_line!("schedule"), doc_line!("The learning-rate schedule, stepped once per optimizer step; one per run or one for all.")),
        net_batch(32.0),
        each("clip_norm", CLIP, false, Default::Off, "clipping norm", doc_line!("Clip the gradient to this global norm before each step (off when not given)")),
        each("clip_value", CLIP, false, Default::Off, "clipping value", doc_line!("Clip each gradient entry to ±this before each step (off when not given).")),
        each("accumulate", Range::closed(1.0, crate::core::nn::MAX_ACCUMULATE as f64), true, Default::Number(1.0), "accumulation", doc_line!("Batches whose gradients add up to one step (each batch loss divided by it).")),
        Attr::new("steps", Kind::Integer { min: 1, max: MAX_NET_STEPS }, Default::Number(2000.0), doc_line!("steps"), doc_line!("Optimizer steps each run trains for.")),
        NET_SEED,
        Attr::new("id", Kind::Text, Default::Off, doc_line!("element id"), doc_line!("The element's id, by which an lr-finder's target names it.")),
        controls(NETWORK_CONTROLS),
        CAPTION,
    ],
    check: checked!(check_runs),
};

/// The sweep goes up: `lo` below `hi`.
fn check_sweep(v: &Values) -> Option<(&'static str, Box<Error>)> {
    let (lo, hi) = (v.num("lo")?, v.num("hi")?);
    (lo >= hi).then(|| {
        (
            "hi",
            super::read::incompatible(format!(
                "hi = {} must be above lo = {}",
                fmt_num(hi),
                fmt_num(lo)
            )),
        )
    })
}

/// `<gdz-lr-finder>`.
pub const LR_FINDER: Widget = Widget {
    name: "lr-finder",
    summary: doc_line!("The learning-rate range test on a network: the loss as the rate grows step by step, on log axes, with the suggested rate marked."),
    attrs: &[
        DATA,
        MODEL,
        Attr::new("optimizer", Kind::Optimizer, Default::Spec("adam"), doc_line!("optimizer"), doc_line!("The optimizer whose learning rate is swept (its lr is replaced).")),
        Attr::new("batch", Kind::Integer { min: 1, max: crate::core::nn::MAX_ROWS as u64 }, Default::Number(32.0), doc_line!("batch size"), doc_line!("Rows per mini-batch.")),
        number("lo", Range::closed(1e-8, 1.0), Default::Number(1e-6), "lowest rate", doc_line!("The rate the sweep starts from.")),
        number("hi", Range::closed(1e-4, 1e3), Default::Number(10.0), "highest rate", doc_line!("The rate the sweep ends at (it stops early once the loss blows up).")),
        Attr::new("steps", Kind::Integer { min: 10, max: 2000 }, Default::Number(200.0), doc_line!("steps"), doc_line!("Steps of the sweep; each multiplies the rate by (hi/lo)^(1/(steps−1)).")),
        NET_SEED,
        Attr::new("target", Kind::Text, Default::Off, doc_line!("linked network"), doc_line!("The id of a network on the page that \"Use this rate\" sets.")),
        controls(LR_FINDER_CONTROLS),
        CAPTION,
    ],
    check: checked!(check_sweep),
};

/// `<gdz-slice>`.
pub const SLICE: Widget = Widget {
    name: "slice",
    summary: doc_line!("The loss around trained networks along random filter-normalised directions, one curve (or map) per set-up on the same scale, so sharp and flat minima can be compared."),
    attrs: &[
        DATA,
        MODEL,
        Attr::new("optimizer", Kind::Optimizers { max: MAX_NET_RUNS }, Default::Spec("sgd(lr=0.1)"), doc_line!("optimizer"), doc_line!("The optimizer that trains each network; up to four separated by ;.")),
        {
            let mut a = net_batch(8.0);
            a.default = Default::Spec("8; 256");
            a
        },
        Attr::new("steps", Kind::Integer { min: 1, max: MAX_NET_STEPS }, Default::Number(2000.0), doc_line!("training steps"), doc_line!("Optimizer steps each network trains for before it is sliced.")),
        Attr::new("dims", Kind::Integer { min: 1, max: 2 }, Default::Number(1.0), doc_line!("directions"), doc_line!("1: loss along one direction; 2: a map over two.")),
        number("span", Range::closed(0.01, 10.0), Default::Number(1.0), "span", doc_line!("How far the slice reaches either side, in units of the weights' norms.")),
        NET_SEED,
        controls(SLICE_CONTROLS),
        CAPTION,
    ],
    check: checked!(check_runs),
};

/// The ends of a convergence map's axis across (`lr` by default, on a log scale).
const X_RANGE: &[(&str, Range)] = &[
    ("lo", Range::closed(1e-12, 1e6)),
    ("hi", Range::closed(1e-12, 1e6)),
];

/// The ends of a convergence map's axis up (`momentum` by default).
const Y_RANGE: &[(&str, Range)] = &[
    ("lo", Range::closed(0.0, 1e6)),
    ("hi", Range::closed(0.0, 1e6)),
];

/// The optimizer keys a map's axis may vary: every numeric key of some optimizer
/// (the map checks that its optimizer takes the ones given).
pub const MAP_KEYS: &[&str] = &[
    "lr",
    "momentum",
    "dampening",
    "weight_decay",
    "lr_decay",
    "initial_accumulator_value",
    "eps",
    "alpha",
    "rho",
    "beta1",
    "beta2",
    "momentum_decay",
];

/// The axes a map's `log` attribute may name.
pub const MAP_LOG_AXES: &[&str] = &["x", "y"];

/// What a map's cells may be coloured by.
pub const MAP_METRICS: &[&str] = &["steps", "loss"];

/// The [`crate::core::map::MapSpec`] a map widget's values describe (`y = none` is a
/// one-row map); `None` when a value it needs is missing.
pub fn map_spec(v: &Values) -> Option<crate::core::map::MapSpec> {
    use crate::core::map::{Axis, MapSpec, DEFAULT_TOL};
    let range = |name: &str| {
        let n = v.point(name)?;
        Some((*n.first()?, *n.get(1)?))
    };
    let logs = v.words("log");
    let side = v.int("cells")?;
    let (xlo, xhi) = range("x_range")?;
    let x = Axis {
        key: (*v.words("x").first()?).to_string(),
        lo: xlo,
        hi: xhi,
        n: side,
        log: logs.contains(&"x"),
    };
    let y = match v.words("y").first() {
        None => None,
        Some(key) => {
            let (lo, hi) = range("y_range")?;
            Some(Axis {
                key: (*key).to_string(),
                lo,
                hi,
                n: side,
                log: logs.contains(&"y"),
            })
        }
    };
    Some(MapSpec {
        surface: v.spec("surface")?.clone(),
        start: v.point("start").map(<[f64]>::to_vec),
        optimizer: v.spec("optimizer")?.clone(),
        x,
        y,
        steps: v.int("steps")?,
        tol: DEFAULT_TOL,
    })
}

/// A map's axes, keys and work checked by building it (not running it): one key per
/// axis, and the error of [`crate::core::map::Map::new`] goes to the attribute it names.
fn check_map(v: &Values) -> Option<(&'static str, Box<Error>)> {
    for name in ["x", "y"] {
        if v.words(name).len() > 1 {
            let e = super::read::incompatible(format!(
                "{name} names one key, not {}",
                v.words(name).join(",")
            ));
            return Some((if name == "x" { "x" } else { "y" }, e));
        }
    }
    // Every value a map needs has a default except the key across: without one there is
    // no map to draw.
    let Some(spec) = map_spec(v) else {
        return Some(("x", super::read::incompatible("x needs one key".into())));
    };
    let y = spec.y.as_ref().map(|a| a.key.clone());
    let x = spec.x.key.clone();
    let e = crate::core::map::Map::new(spec).err()?;
    let text = e.to_string();
    let attr = if text.contains("cells × steps") {
        "steps"
    } else if y.is_some_and(|y| text.contains(&y)) && !text.contains(&x) {
        "y"
    } else {
        "x"
    };
    Some((attr, e))
}

/// `<gdz-map>`.
pub const MAP: Widget = Widget {
    name: "map",
    summary: doc_line!("A convergence map: one optimizer over a grid of two of its hyperparameters, each cell a full run from the same start, coloured by the steps it took to converge (or its final loss), diverged runs hatched; on a quadratic, the theory's boundary and optimal setting drawn over it."),
    attrs: &[
        surface("quadratic(a=1, b=25)", 2),
        START,
        Attr::new("optimizer", Kind::Optimizer, Default::Spec("sgd(lr=0.03, momentum=0.5)"), doc_line!("optimizer"), doc_line!("The base optimizer: each cell sets the two axis keys in it; its own values are the setting marked with a cross.")),
        Attr::new("x", Kind::Words(MAP_KEYS), Default::Spec("lr"), doc_line!("across"), doc_line!("The optimizer key varied across (left to right), e.g. lr.")),
        Attr::new("x_range", Kind::Numbers(X_RANGE), Default::Numbers(&[0.001, 1.0]), doc_line!("across from, to"), doc_line!("The first and last values across.")),
        Attr::new("y", Kind::Words(MAP_KEYS), Default::Spec("momentum"), doc_line!("up"), doc_line!("The optimizer key varied up (bottom to top), e.g. momentum or beta2; none for a one-row map.")),
        Attr::new("y_range", Kind::Numbers(Y_RANGE), Default::Numbers(&[0.0, 0.99]), doc_line!("up from, to"), doc_line!("The first and last values up.")),
        Attr::new("log", Kind::Words(MAP_LOG_AXES), Default::Spec("x"), doc_line!("log axes"), doc_line!("The axes spaced evenly in log₁₀ (x, y, both, or none).")),
        Attr::new("cells", Kind::Integer { min: 2, max: crate::core::limits::MAX_MAP_SIDE as u64 }, Default::Number(64.0), doc_line!("cells per side"), doc_line!("Cells along each axis.")),
        Attr::new("steps", Kind::Integer { min: 1, max: MAX_DRAWN_STEPS as u64 }, Default::Number(300.0), doc_line!("steps"), doc_line!("Optimizer steps of each cell's run (cells² × steps at most 33,554,432).")),
        Attr::new("metric", Kind::Words(MAP_METRICS), Default::Spec("steps"), doc_line!("colour by"), doc_line!("steps: steps to converge (loss within 1e-6 of the minimum and staying there); loss: the final loss.")),
        Attr::new("for", Kind::Text, Default::Off, doc_line!("linked widget"), doc_line!("The id of a playground or race on the page that clicking a cell (or Enter) loads the cell's setting into.")),
        controls(MAP_CONTROLS),
        CAPTION,
    ],
    check: checked!(check_map),
};

/// Every widget a lesson may use, in the order AUTHORING.md lists them.
pub const WIDGETS: &[&Widget] = &[
    &PLAYGROUND,
    &RACE,
    &BALL,
    &LANDSCAPE,
    &SCHEDULES,
    &COMPARE,
    &REGRESSION,
    &ANATOMY,
    &NETWORK,
    &LR_FINDER,
    &SLICE,
    &MAP,
];

/// The widget called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Widget> {
    WIDGETS.iter().copied().find(|w| w.name == name)
}

/// Every widget name, joined by `, ` (for error messages).
pub fn names() -> String {
    let names: Vec<&str> = WIDGETS.iter().map(|w| w.name).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_attributes_are_unique_and_lowercase() {
        for (i, w) in WIDGETS.iter().enumerate() {
            assert!(
                WIDGETS.iter().skip(i + 1).all(|o| o.name != w.name),
                "duplicate widget {}",
                w.name
            );
            assert!(w.name.bytes().all(|c| c.is_ascii_lowercase() || c == b'-'));
            for (j, a) in w.attrs.iter().enumerate() {
                assert!(
                    w.attrs.iter().skip(j + 1).all(|o| o.name != a.name),
                    "{}: duplicate attribute {}",
                    w.name,
                    a.name
                );
                assert!(a.name.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'));
            }
        }
    }

    #[test]
    fn lookups_follow_the_table() {
        let race = find("race").unwrap();
        assert_eq!(race.tag(), "gdz-race");
        assert!(race.attr("optimizers").unwrap().required);
        assert!(race.attr("optimizer").is_none());
        assert!(matches!(
            find("ball").unwrap().attr("surface").unwrap().default,
            Default::Spec("quartic")
        ));
        assert!(find("racer").is_none());
        for (w, c) in [("ball", "momentum"), ("regression", "points")] {
            let kind = find(w).unwrap().attr("controls").unwrap().kind;
            assert!(
                matches!(kind, Kind::Controls(list) if list.contains(&c) && list.contains(&"tools"))
            );
        }
        assert!(names().starts_with("playground, race, ball"));
    }
}
