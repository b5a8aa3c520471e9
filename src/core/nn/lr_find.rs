//! The learning-rate range test (L. Smith, "Cyclical learning rates for training neural
//! networks", 2017; the form popularised by fastai's `lr_find`).
//!
//! The rate grows exponentially from `lo` to `hi` over `steps` optimizer steps while the
//! network trains; the batch losses are smoothed with an exponential moving average
//! (bias-corrected like Adam's moments: s_t = β s_{t−1} + (1 − β) L_t, reported as
//! s_t / (1 − β^t)). The test stops once the smoothed loss exceeds 4× the best so far
//! (the blow-up), or on divergence. The suggestion is the rate where the smoothed loss
//! falls fastest against log lr (the most negative central difference) before its
//! lowest point, the first few steps left out; the rate of the lowest smoothed loss is
//! reported too.

use crate::core::error::Result;
use crate::core::optim;
use crate::core::schedule::Schedule;
use crate::core::spec::{fmt_num, Spec};

use super::bad;
use super::data::Split;
use super::loss::Loss;
use super::mlp::Mlp;
use super::trainer::{TrainConfig, Trainer};

/// The sweep's range and stopping rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LrFindConfig {
    /// First rate (> 0).
    pub lo: f64,
    /// Last rate (> `lo`).
    pub hi: f64,
    /// Steps of the sweep (2 to 10,000).
    pub steps: usize,
    /// Smoothing factor β of the loss average (0 ≤ β < 1; 0.98 in fastai).
    pub beta: f64,
    /// Stop when the smoothed loss exceeds this multiple of the best (4 in fastai).
    pub blowup: f64,
}

impl Default for LrFindConfig {
    fn default() -> Self {
        LrFindConfig {
            lo: 1e-7,
            hi: 10.0,
            steps: 200,
            beta: 0.98,
            blowup: 4.0,
        }
    }
}

/// Steps at the start of the sweep that the suggestion does not look at (at most a
/// quarter of them).
pub const SKIP_START: usize = 10;

/// The sweep's record and what it suggests.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LrFindResult {
    /// The rate of each step taken.
    pub lr: Vec<f64>,
    /// The batch loss of each step.
    pub loss: Vec<f64>,
    /// The bias-corrected smoothed loss of each step.
    pub smoothed: Vec<f64>,
    /// The rate at the steepest fall of the smoothed loss before its lowest point, the
    /// first [`SKIP_START`] steps left out (needs a few steps).
    pub suggestion: Option<f64>,
    /// The rate at the lowest smoothed loss.
    pub min_loss_lr: Option<f64>,
    /// Whether the sweep stopped before `hi` (blow-up or divergence).
    pub stopped_early: bool,
}

/// The exponential rate sweep, as a schedule the trainer steps.
struct Sweep {
    lo: f64,
    ratio: f64,
    steps: usize,
    t: usize,
}

impl Sweep {
    fn at(&self, t: usize) -> f64 {
        let frac = t as f64 / (self.steps.max(2) - 1) as f64;
        self.lo * self.ratio.powf(frac)
    }
}

impl Schedule for Sweep {
    fn name(&self) -> &str {
        "lr_find"
    }
    fn lr(&self) -> f64 {
        self.at(self.t)
    }
    fn step(&mut self, _loss: f64) {
        self.t += 1;
    }
}

impl LrFindConfig {
    /// Checks every field, naming a bad value and its allowed range.
    pub fn validate(&self) -> Result<()> {
        if !(self.lo.is_finite() && self.lo > 0.0 && self.hi.is_finite() && self.hi > self.lo) {
            return Err(bad(format!(
                "lr_find: need 0 < lo < hi, finite; got lo = {}, hi = {}",
                fmt_num(self.lo),
                fmt_num(self.hi)
            )));
        }
        if !(2..=10_000).contains(&self.steps) {
            return Err(bad(format!(
                "lr_find: steps = {} is out of range; allowed: 2 ≤ steps ≤ 10000",
                self.steps
            )));
        }
        if !(0.0..1.0).contains(&self.beta) {
            return Err(bad(format!(
                "lr_find: beta = {} is out of range; allowed: 0 ≤ beta < 1",
                fmt_num(self.beta)
            )));
        }
        if !(self.blowup.is_finite() && self.blowup > 1.0) {
            return Err(bad(format!(
                "lr_find: blowup = {} must be a number > 1",
                fmt_num(self.blowup)
            )));
        }
        Ok(())
    }
}

/// Runs the range test: `optimizer` (its own `lr` is replaced by the sweep) trains `mlp`
/// from `params` on `data.train` under `train_cfg`.
pub fn lr_find(
    mlp: Mlp,
    params: Vec<f64>,
    loss: Loss,
    data: Split,
    optimizer: &Spec,
    train_cfg: TrainConfig,
    cfg: &LrFindConfig,
) -> Result<LrFindResult> {
    cfg.validate()?;
    let opt = optim::build(optimizer, mlp.n_params())?;
    let sweep = Sweep {
        lo: cfg.lo,
        ratio: cfg.hi / cfg.lo,
        steps: cfg.steps,
        t: 0,
    };
    let mut tr = Trainer::new(mlp, params, loss, data, opt, Box::new(sweep), train_cfg)?;
    let mut out = LrFindResult {
        lr: Vec::with_capacity(cfg.steps),
        loss: Vec::with_capacity(cfg.steps),
        smoothed: Vec::with_capacity(cfg.steps),
        suggestion: None,
        min_loss_lr: None,
        stopped_early: false,
    };
    let (mut avg, mut best, mut decay) = (0.0, f64::INFINITY, 1.0);
    for _ in 0..cfg.steps {
        let r = tr.step();
        if r.diverged {
            out.stopped_early = true;
            break;
        }
        avg = cfg.beta * avg + (1.0 - cfg.beta) * r.loss;
        decay *= cfg.beta;
        let s = avg / (1.0 - decay);
        out.lr.push(r.lr);
        out.loss.push(r.loss);
        out.smoothed.push(s);
        if s > cfg.blowup * best {
            out.stopped_early = out.lr.len() < cfg.steps;
            break;
        }
        best = best.min(s);
    }
    let (s, lr) = (&out.smoothed, &out.lr);
    out.min_loss_lr = s
        .iter()
        .zip(lr)
        .fold(None, |acc: Option<(f64, f64)>, (s, l)| match acc {
            Some((bs, _)) if bs <= *s => acc,
            _ => Some((*s, *l)),
        })
        .map(|(_, l)| l);
    // As fastai does, the first steps are left out (the smoothed loss still follows
    // single batches there, and their noise reads as steep falls), and so is all after
    // the lowest smoothed loss (the rise towards the blow-up).
    let skip = SKIP_START.min(s.len() / 4).max(1);
    let lowest = s.iter().enumerate().skip(skip).fold(skip, |b, (i, x)| {
        if s.get(b).is_some_and(|y| y <= x) {
            b
        } else {
            i
        }
    });
    // A sweep too short (or falling too late) for that still gets a suggestion.
    let range = if lowest > skip + 1 {
        skip..lowest
    } else {
        1..s.len().saturating_sub(1)
    };
    let mut steepest: Option<(f64, f64)> = None;
    for i in range.start..range.end.min(s.len().saturating_sub(1)) {
        if let (Some(a), Some(b), Some(la), Some(lb), Some(l)) = (
            s.get(i - 1),
            s.get(i + 1),
            lr.get(i - 1),
            lr.get(i + 1),
            lr.get(i),
        ) {
            let slope = (b - a) / (lb.ln() - la.ln());
            if slope.is_finite() && steepest.is_none_or(|(m, _)| slope < m) {
                steepest = Some((slope, *l));
            }
        }
    }
    out.suggestion = steepest.map(|(_, l)| l);
    Ok(out)
}
