//! Training an [`Mlp`] step by step with any optimizer and schedule of the zoo.
//!
//! One [`Trainer::step`] is one optimizer step, as in a torch loop:
//!
//! ```text
//! for each of K batches:   loss = criterion(model(x), y) / K;  loss.backward()
//! clip_grad_value_ / clip_grad_norm_;  optimizer.step();  scheduler.step();  zero_grad()
//! ```
//!
//! All parameters are one group (weight decay applies to biases too, as with
//! `model.parameters()`). Mini-batches are drawn from a seeded shuffle of the training
//! rows each epoch, or in file order (`shuffle = false`: consecutive rows, the last batch
//! of an epoch may be partial, like `DataLoader(drop_last=False)`). An accumulation group
//! never spans two epochs: an epoch's last group may have fewer than K batches, and still
//! steps (each batch loss is still divided by K, as a loop that divides by
//! `accumulation_steps` does).
//!
//! Sophia's Hessian diagonal is Hutchinson's estimate u ⊙ (H u), u a seeded Rademacher
//! vector, H the Hessian of the step's (accumulated) loss, computed exactly by the
//! R-operator at the steps where the optimizer asks for it.
//!
//! The trainer allocates everything when built; a step allocates nothing.

use crate::core::error::Result;
use crate::core::num::clamp;
use crate::core::optim::{self, Optimizer, StepCtx};
use crate::core::rng::Rng;
use crate::core::run::Status;
use crate::core::schedule::{self, Schedule};
use crate::core::spec::{fmt_num, Spec};

use super::bad;
use super::data::{shuffle, Dataset, Split, MAX_ROWS};
use super::loss::Loss;
use super::mlp::Mlp;
use super::pass::Workspace;

/// Most batches one optimizer step may accumulate.
pub const MAX_ACCUMULATE: usize = 1000;
/// Most optimizer steps [`train`] takes.
pub const MAX_TRAIN_STEPS: u64 = 1_000_000;
/// A parameter larger than this in magnitude counts as diverged (no trained network
/// comes near it; it catches a blow-up before it overflows).
pub const DIVERGE_PARAM: f64 = 1e100;
/// Rows per chunk when evaluating a whole data set.
const EVAL_CHUNK: usize = 256;
/// Mixed into the seed for the Hutchinson stream, so it differs from the shuffle stream.
pub const HUTCHINSON_SALT: u64 = 0xD1B5_4A32_D192_ED03;

/// How to train, besides the optimizer and schedule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainConfig {
    /// Rows per mini-batch (≥ 1; a batch larger than the training set takes all of it).
    pub batch: usize,
    /// Shuffle the rows each epoch (from `seed`), or take them in order.
    pub shuffle: bool,
    /// Clip the gradient by global norm, like `clip_grad_norm_(max_norm)`.
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to `[−c, c]`, like `clip_grad_value_(c)` (applied
    /// before `clip_norm` when both are set).
    pub clip_value: Option<f64>,
    /// Batches per optimizer step (gradient accumulation), 1 to 1000.
    pub accumulate: usize,
    /// Seed of the shuffle and of Sophia's Hutchinson vectors.
    pub seed: u64,
    /// Evaluate on the test set every this many steps (0: never).
    pub eval_every: u64,
}

/// How often the network widget evaluates the test set in a run of `steps` steps: about
/// 200 times a run, and at most every 5 steps.
pub fn eval_every_for(steps: u64) -> u64 {
    (steps / 200).max(5)
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            batch: 32,
            shuffle: true,
            clip_norm: None,
            clip_value: None,
            accumulate: 1,
            seed: 0,
            eval_every: 0,
        }
    }
}

impl TrainConfig {
    /// Checks every field, naming a bad value and its allowed range.
    pub fn validate(&self) -> Result<()> {
        if self.batch == 0 || self.batch > MAX_ROWS {
            return Err(bad(format!(
                "batch = {} is out of range; allowed: 1 ≤ batch ≤ {MAX_ROWS}",
                self.batch
            )));
        }
        if self.accumulate == 0 || self.accumulate > MAX_ACCUMULATE {
            return Err(bad(format!(
                "accumulate = {} is out of range; allowed: 1 ≤ accumulate ≤ {MAX_ACCUMULATE}",
                self.accumulate
            )));
        }
        for (name, v) in [
            ("clip_norm", self.clip_norm),
            ("clip_value", self.clip_value),
        ] {
            if let Some(c) = v {
                if !(c.is_finite() && c > 0.0) {
                    return Err(bad(format!(
                        "{name} = {} must be a positive number",
                        fmt_num(c)
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Loss (and accuracy, for classification) over a whole data set.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// The mean loss.
    pub loss: f64,
    /// The fraction classified correctly (`None` for regression or an empty set).
    pub accuracy: Option<f64>,
}

/// What one optimizer step did.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StepReport {
    /// Optimizer steps taken so far, this one included.
    pub step: u64,
    /// The epoch (from 0) this step's batches came from.
    pub epoch: u64,
    /// The training loss of this step's batches before the step (with accumulation,
    /// the sum of the batch losses each divided by K).
    pub loss: f64,
    /// The global gradient norm before clipping.
    pub grad_norm: f64,
    /// The global gradient norm after clipping (equal to `grad_norm` without clipping).
    pub grad_norm_clipped: f64,
    /// The learning rate the step used.
    pub lr: f64,
    /// The test-set evaluation after this step, on the steps where one is due.
    pub eval: Option<Evaluation>,
    /// Whether the run has diverged (a non-finite loss or gradient, or parameters that
    /// overflowed): the step was not taken and the parameters are the last finite ones.
    pub diverged: bool,
}

/// A network in training: parameters, optimizer, schedule, data and buffers.
pub struct Trainer {
    mlp: Mlp,
    params: Vec<f64>,
    loss: Loss,
    train: Dataset,
    test: Dataset,
    opt: Box<dyn Optimizer>,
    sched: Box<dyn Schedule>,
    cfg: TrainConfig,
    ws: Workspace,
    grad: Vec<f64>,
    prev: Vec<f64>,
    u: Vec<f64>,
    hv: Vec<f64>,
    hdiag: Vec<f64>,
    ratios: Vec<f64>,
    xb: Vec<f64>,
    yb: Vec<f64>,
    order: Vec<usize>,
    cursor: usize,
    epoch: u64,
    t: u64,
    shuffle_rng: Rng,
    hutch_rng: Rng,
    diverged: bool,
}

impl Trainer {
    /// A trainer for `mlp` from `params` on `data` (the test set may be empty), with a
    /// built optimizer (for `mlp.n_params()` parameters) and schedule.
    ///
    /// Errors for a parameter vector of the wrong length or non-finite, features that
    /// do not match the network's inputs, targets the loss cannot take, an empty
    /// training set, or a bad `cfg`.
    pub fn new(
        mlp: Mlp,
        params: Vec<f64>,
        loss: Loss,
        data: Split,
        opt: Box<dyn Optimizer>,
        sched: Box<dyn Schedule>,
        cfg: TrainConfig,
    ) -> Result<Trainer> {
        cfg.validate()?;
        mlp.check_params(&params)?;
        if params.iter().any(|p| !p.is_finite()) {
            return Err(bad("the initial parameters must be finite numbers"));
        }
        let Split { train, test } = data;
        if train.is_empty() {
            return Err(bad("the training set has no rows"));
        }
        for (name, d) in [("training", &train), ("test", &test)] {
            if d.n_features() != mlp.n_inputs() && !(d.is_empty() && name == "test") {
                return Err(bad(format!(
                    "the {name} set has {} features; {} takes {}",
                    d.n_features(),
                    mlp.spec(),
                    mlp.n_inputs()
                )));
            }
            if d.x.len() != d.len() * d.n_features() {
                return Err(bad(format!("the {name} set's rows are ragged")));
            }
            loss.check(mlp.n_outputs(), &d.y)?;
        }
        let n = mlp.n_params();
        let batch = cfg.batch.min(train.len());
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut shuffle_rng = Rng::new(cfg.seed);
        if cfg.shuffle {
            shuffle(&mut order, &mut shuffle_rng);
        }
        let layers = mlp.layers().len();
        Ok(Trainer {
            ws: Workspace::new(&mlp, batch.max(EVAL_CHUNK)),
            xb: vec![0.0; batch * mlp.n_inputs()],
            yb: vec![0.0; batch],
            grad: vec![0.0; n],
            prev: vec![0.0; n],
            u: vec![0.0; n],
            hv: vec![0.0; n],
            hdiag: vec![0.0; n],
            ratios: vec![0.0; layers],
            order,
            cursor: 0,
            epoch: 0,
            t: 0,
            hutch_rng: Rng::new(cfg.seed ^ HUTCHINSON_SALT),
            shuffle_rng,
            diverged: false,
            mlp,
            params,
            loss,
            train,
            test,
            opt,
            sched,
            cfg,
        })
    }

    /// Like [`Trainer::new`], building the optimizer and schedule from specs (no
    /// schedule: `constant`).
    pub fn from_specs(
        mlp: Mlp,
        params: Vec<f64>,
        loss: Loss,
        data: Split,
        optimizer: &Spec,
        schedule: Option<&Spec>,
        cfg: TrainConfig,
    ) -> Result<Trainer> {
        let opt = optim::build(optimizer, mlp.n_params())?;
        let sched = match schedule {
            Some(s) => schedule::build(s, opt.lr(), opt.momentum())?,
            None => schedule::build(&Spec::bare("constant"), opt.lr(), opt.momentum())?,
        };
        Trainer::new(mlp, params, loss, data, opt, sched, cfg)
    }

    /// The network.
    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }
    /// The current parameters.
    pub fn params(&self) -> &[f64] {
        &self.params
    }
    /// The loss being minimised.
    pub fn loss(&self) -> Loss {
        self.loss
    }
    /// The training set.
    pub fn train_set(&self) -> &Dataset {
        &self.train
    }
    /// The test set (possibly empty).
    pub fn test_set(&self) -> &Dataset {
        &self.test
    }
    /// The configuration.
    pub fn config(&self) -> &TrainConfig {
        &self.cfg
    }
    /// Optimizer steps taken.
    pub fn steps(&self) -> u64 {
        self.t
    }
    /// Whole epochs completed (every training row seen that many times).
    pub fn epochs_done(&self) -> u64 {
        self.epoch + u64::from(self.cursor >= self.train.len())
    }
    /// Whether the run has diverged (further steps do nothing).
    pub fn diverged(&self) -> bool {
        self.diverged
    }
    /// The learning rate the next step will use.
    pub fn lr(&self) -> f64 {
        self.sched.lr()
    }
    /// Per layer, ‖ΔW‖/‖W‖ of the last step: the change of the layer's weight matrix
    /// over its norm before the step (0 before the first step or for a zero weight).
    pub fn update_ratios(&self) -> &[f64] {
        &self.ratios
    }
    /// The last gradient the optimizer saw (after clipping).
    pub fn grad(&self) -> &[f64] {
        &self.grad
    }
    /// The optimizer (for its state, e.g. the anatomy of an update).
    pub fn optimizer(&self) -> &dyn Optimizer {
        self.opt.as_ref()
    }
    /// The workspace, for reusing its buffers (e.g. the decision grid).
    pub fn workspace(&mut self) -> &mut Workspace {
        &mut self.ws
    }

    /// Loss and accuracy of the current parameters on the test set.
    pub fn evaluate_test(&mut self) -> Evaluation {
        evaluate(&self.mlp, &self.params, self.loss, &self.test, &mut self.ws)
    }
    /// Loss and accuracy of the current parameters on the whole training set.
    pub fn evaluate_train(&mut self) -> Evaluation {
        evaluate(
            &self.mlp,
            &self.params,
            self.loss,
            &self.train,
            &mut self.ws,
        )
    }

    fn start_epoch(&mut self) {
        self.epoch += 1;
        self.cursor = 0;
        if self.cfg.shuffle {
            shuffle(&mut self.order, &mut self.shuffle_rng);
        }
    }

    /// Takes one optimizer step (K mini-batches with accumulation) and reports it. After
    /// divergence it does nothing and reports `diverged`.
    pub fn step(&mut self) -> StepReport {
        let mut report = StepReport {
            step: self.t,
            epoch: self.epoch,
            loss: f64::NAN,
            grad_norm: f64::NAN,
            grad_norm_clipped: f64::NAN,
            lr: self.sched.lr(),
            eval: None,
            diverged: true,
        };
        if self.diverged {
            return report;
        }
        let t = self.t + 1;
        let want_h = self.opt.wants_hessian(t);
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        if want_h {
            self.hv.iter_mut().for_each(|h| *h = 0.0);
            for u in self.u.iter_mut() {
                *u = if self.hutch_rng.next_u64() >> 63 == 1 {
                    1.0
                } else {
                    -1.0
                };
            }
        }
        let k_max = self.cfg.accumulate;
        let scale = 1.0 / k_max as f64;
        let n = self.train.len();
        let n_in = self.mlp.n_inputs();
        let batch = self.yb.len();
        let mut loss = 0.0;
        for k in 0..k_max {
            if self.cursor >= n {
                if k > 0 {
                    break;
                }
                self.start_epoch();
            }
            if k == 0 {
                report.epoch = self.epoch;
            }
            let start = self.cursor;
            let end = (start + batch).min(n);
            let rows = end - start;
            for ((xr, yr), i) in self
                .xb
                .chunks_exact_mut(n_in)
                .zip(self.yb.iter_mut())
                .zip(self.order.get(start..end).unwrap_or(&[]))
            {
                if let Some((x, y)) = self.train.row(*i) {
                    xr.copy_from_slice(x);
                    *yr = y;
                }
            }
            self.cursor = end;
            let x = self.xb.get(..rows * n_in).unwrap_or(&[]);
            let y = self.yb.get(..rows).unwrap_or(&[]);
            let l = self.mlp.loss_grad_in(
                &self.params,
                x,
                y,
                rows,
                self.loss,
                scale,
                &mut self.ws,
                &mut self.grad,
            );
            if want_h {
                self.mlp.hvp_in(
                    &self.params,
                    x,
                    y,
                    rows,
                    self.loss,
                    scale,
                    &self.u,
                    &mut self.ws,
                    &mut self.hv,
                );
            }
            loss += scale * l;
        }
        let gnorm = norm(&self.grad);
        report.loss = loss;
        report.grad_norm = gnorm;
        if !loss.is_finite() || !gnorm.is_finite() {
            self.diverged = true;
            return report;
        }
        if let Some(c) = self.cfg.clip_value {
            self.grad.iter_mut().for_each(|g| *g = clamp(*g, -c, c));
        }
        if let Some(c) = self.cfg.clip_norm {
            // torch.nn.utils.clip_grad_norm_: coef = c / (norm + 1e-6), clamped to 1.
            let coef = (c / (norm(&self.grad) + 1e-6)).min(1.0);
            self.grad.iter_mut().for_each(|g| *g *= coef);
        }
        report.grad_norm_clipped = if self.cfg.clip_value.is_some() || self.cfg.clip_norm.is_some()
        {
            norm(&self.grad)
        } else {
            gnorm
        };
        if want_h {
            for ((d, u), h) in self.hdiag.iter_mut().zip(&self.u).zip(&self.hv) {
                *d = u * h;
            }
        }
        let lr = self.sched.lr();
        report.lr = lr;
        let ctx = StepCtx {
            t,
            lr,
            momentum: self.sched.momentum(),
            hessian_diag: want_h.then_some(self.hdiag.as_slice()),
        };
        self.prev.copy_from_slice(&self.params);
        self.opt.step(&mut self.params, &self.grad, &ctx);
        if self
            .params
            .iter()
            .any(|p| !p.is_finite() || p.abs() > DIVERGE_PARAM)
        {
            self.params.copy_from_slice(&self.prev);
            self.diverged = true;
            return report;
        }
        for (r, l) in self.ratios.iter_mut().zip(self.mlp.layers()) {
            let range = l.weight_range();
            let (now, before) = match (self.params.get(range.clone()), self.prev.get(range)) {
                (Some(a), Some(b)) => (a, b),
                _ => continue,
            };
            let d: f64 = now.iter().zip(before).map(|(a, b)| (a - b) * (a - b)).sum();
            let w = norm(before);
            *r = if w > 0.0 { d.sqrt() / w } else { 0.0 };
        }
        self.sched.step(loss);
        self.t = t;
        report.step = t;
        report.diverged = false;
        let every = self.cfg.eval_every;
        if every > 0 && t % every == 0 && !self.test.is_empty() {
            report.eval = Some(self.evaluate_test());
        }
        report
    }

    /// Takes up to `n` steps (stopping early on divergence); returns the last report.
    pub fn run(&mut self, n: usize) -> Option<StepReport> {
        let mut last = None;
        for _ in 0..n {
            let r = self.step();
            last = Some(r);
            if r.diverged {
                break;
            }
        }
        last
    }
}

/// The Euclidean norm.
fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Mean loss and accuracy of `params` on `data`, in chunks through `ws`.
pub fn evaluate(
    mlp: &Mlp,
    params: &[f64],
    loss: Loss,
    data: &Dataset,
    ws: &mut Workspace,
) -> Evaluation {
    let n = data.len();
    if n == 0 || mlp.check_params(params).is_err() || data.n_features() != mlp.n_inputs() {
        return Evaluation {
            loss: f64::NAN,
            accuracy: None,
        };
    }
    let n_in = mlp.n_inputs();
    let n_out = mlp.n_outputs();
    let chunk = ws.capacity().max(1);
    ws.ensure(mlp, chunk);
    let (mut total, mut right) = (0.0, 0usize);
    let mut start = 0;
    while start < n {
        let end = (start + chunk).min(n);
        let x = data.x.get(start * n_in..end * n_in).unwrap_or(&[]);
        let y = data.y.get(start..end).unwrap_or(&[]);
        mlp.forward_in(params, x, end - start, ws);
        let out = ws.output(end - start);
        total += loss.sum(out, y, n_out);
        if loss.is_classification() {
            for (z, y) in out.chunks_exact(n_out.max(1)).zip(y) {
                if predict_class(z) == *y {
                    right += 1;
                }
            }
        }
        start = end;
    }
    let count = if loss == Loss::CrossEntropy {
        n
    } else {
        n * n_out
    };
    Evaluation {
        loss: total / count as f64,
        accuracy: loss.is_classification().then(|| right as f64 / n as f64),
    }
}

/// The predicted class of one output row: z > 0 for one logit, the argmax for several.
pub(super) fn predict_class(z: &[f64]) -> f64 {
    match z {
        [z] => f64::from(u8::from(*z > 0.0)),
        _ => {
            let mut best = 0;
            let mut top = f64::NEG_INFINITY;
            for (j, v) in z.iter().enumerate() {
                if *v > top {
                    top = *v;
                    best = j;
                }
            }
            best as f64
        }
    }
}

/// One evaluation in a [`TrainRecord`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EvalPoint {
    /// The step after which it was taken.
    pub step: u64,
    /// Mean test loss.
    pub loss: f64,
    /// Test accuracy (classification).
    pub accuracy: Option<f64>,
}

/// The record of a training run: one entry per optimizer step.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainRecord<P = Vec<f64>> {
    /// Training loss of each step's batches, before the step.
    pub loss: Vec<f64>,
    /// Gradient norm before clipping.
    pub grad_norm: Vec<f64>,
    /// Gradient norm after clipping.
    pub grad_norm_clipped: Vec<f64>,
    /// Learning rate of each step.
    pub lr: Vec<f64>,
    /// ‖ΔW‖/‖W‖ per step, per layer.
    pub update_ratio: Vec<Vec<f64>>,
    /// Test evaluations (every `eval_every` steps, and at the end).
    pub eval: Vec<EvalPoint>,
    /// `max_steps` when every epoch ran, `diverged` when the run blew up.
    pub status: Status,
    /// Epochs completed.
    pub epochs: u64,
    /// The final parameters (the last finite ones after a divergence): flat, or in
    /// another layout (`gdz train` gives them in the `--init` layout).
    pub params: P,
}

impl<P> TrainRecord<P> {
    /// The same record with the parameters in another form.
    pub fn with_params<Q>(self, params: Q) -> TrainRecord<Q> {
        TrainRecord {
            loss: self.loss,
            grad_norm: self.grad_norm,
            grad_norm_clipped: self.grad_norm_clipped,
            lr: self.lr,
            update_ratio: self.update_ratio,
            eval: self.eval,
            status: self.status,
            epochs: self.epochs,
            params,
        }
    }
}

/// Trains for `epochs` epochs from where `trainer` is and returns the record (a
/// diverged step is recorded with its loss and gradient norm, then the run stops).
pub fn train(trainer: &mut Trainer, epochs: u64) -> Result<TrainRecord> {
    let per_epoch = (trainer.train.len().div_ceil(trainer.yb.len().max(1)))
        .div_ceil(trainer.cfg.accumulate) as u64;
    let steps = per_epoch.saturating_mul(epochs);
    if steps > MAX_TRAIN_STEPS {
        return Err(bad(format!(
            "{epochs} epochs are {steps} steps; at most {MAX_TRAIN_STEPS}"
        )));
    }
    let target = trainer.epochs_done() + epochs;
    let cap = steps as usize;
    let mut rec = TrainRecord {
        loss: Vec::with_capacity(cap),
        grad_norm: Vec::with_capacity(cap),
        grad_norm_clipped: Vec::with_capacity(cap),
        lr: Vec::with_capacity(cap),
        update_ratio: Vec::with_capacity(cap),
        eval: Vec::new(),
        status: Status::MaxSteps,
        epochs: 0,
        params: Vec::new(),
    };
    while trainer.epochs_done() < target && !trainer.diverged() {
        let r = trainer.step();
        rec.loss.push(r.loss);
        rec.grad_norm.push(r.grad_norm);
        rec.grad_norm_clipped.push(r.grad_norm_clipped);
        rec.lr.push(r.lr);
        rec.update_ratio.push(if r.diverged {
            vec![f64::NAN; trainer.ratios.len()]
        } else {
            trainer.ratios.clone()
        });
        if let Some(e) = r.eval {
            rec.eval.push(EvalPoint {
                step: r.step,
                loss: e.loss,
                accuracy: e.accuracy,
            });
        }
    }
    if !trainer.test.is_empty() && rec.eval.last().map(|e| e.step) != Some(trainer.t) {
        let e = trainer.evaluate_test();
        rec.eval.push(EvalPoint {
            step: trainer.t,
            loss: e.loss,
            accuracy: e.accuracy,
        });
    }
    rec.status = if trainer.diverged() {
        Status::Diverged
    } else {
        Status::MaxSteps
    };
    rec.epochs = trainer.epochs_done();
    rec.params = trainer.params.clone();
    Ok(rec)
}
