//! One function per command of the `gdz` CLI (`train`, `lr-find`, `slice`), each taking
//! a plain config struct and returning a serde-serialisable result. They read no files:
//! the caller passes the CSV text and the parsed initial weights.

use crate::core::error::Result;
use crate::core::spec::Spec;

use super::csv::read_csv;
use super::data::{generate_str, Split};
use super::loss::Loss;
use super::lr_find::{lr_find, LrFindConfig, LrFindResult};
use super::mlp::Mlp;
use super::slice::{loss_slice, SliceConfig, SliceResult};
use super::trainer::{train, TrainConfig, TrainRecord, Trainer};
use super::weights::Weights;

/// Where the rows come from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// CSV text (header, features, target last); every row trains, none is held out.
    Csv(String),
    /// A generated data set's spec, e.g. `moons(n=200, noise=0.1, test=0.25, seed=1)`.
    Generated(String),
}

impl DataSource {
    /// The rows, split into training and test sets.
    pub fn load(&self) -> Result<Split> {
        match self {
            DataSource::Csv(text) => {
                let train = read_csv(text)?;
                let test = train.rows(0..0);
                Ok(Split { train, test })
            }
            DataSource::Generated(spec) => generate_str(spec),
        }
    }
}

/// The network and its starting point, shared by the commands.
fn setup(model: &str, init: Option<&Weights>, seed: u64) -> Result<(Mlp, Vec<f64>)> {
    let mlp = Mlp::parse(model)?;
    let params = match init {
        Some(w) => mlp.params_from(w)?,
        None => mlp.init(seed),
    };
    Ok((mlp, params))
}

/// `gdz train --model SPEC --data FILE.csv [--init FILE.json] --optimizer SPEC
/// [--schedule SPEC] --loss bce|mse|ce --batch B --epochs E [--shuffle false]
/// [--clip-norm C] [--clip-value C] [--accumulate K] [--seed S]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainCommand {
    /// The network spec, e.g. `mlp(layers=[2,16,16,1], activation=tanh)`.
    pub model: String,
    /// The data.
    pub data: DataSource,
    /// Initial weights (`None`: `nn.Linear`-style init from `seed`).
    pub init: Option<Weights>,
    /// The optimizer spec.
    pub optimizer: String,
    /// The schedule spec (`None`: constant).
    pub schedule: Option<String>,
    /// `bce`, `mse` or `ce`.
    pub loss: String,
    /// Epochs to train.
    pub epochs: u64,
    /// Batch size, shuffling, clipping, accumulation, seed.
    pub train: TrainConfig,
}

/// The result of `gdz train`: the training record with the final parameters in the
/// `--init` layout (non-finite numbers are written as `null` in JSON).
pub type TrainOutput = TrainRecord<Weights>;

/// Runs `gdz train`.
pub fn train_command(c: &TrainCommand) -> Result<TrainOutput> {
    let (mlp, params) = setup(&c.model, c.init.as_ref(), c.train.seed)?;
    let loss = Loss::from_name(&c.loss)?;
    let opt = Spec::parse(&c.optimizer)?;
    let sched = c.schedule.as_deref().map(Spec::parse).transpose()?;
    let data = c.data.load()?;
    let mut tr = Trainer::from_specs(
        mlp.clone(),
        params,
        loss,
        data,
        &opt,
        sched.as_ref(),
        c.train.clone(),
    )?;
    let rec = train(&mut tr, c.epochs)?;
    let params = mlp.weights(&rec.params)?;
    Ok(rec.with_params(params))
}

/// `gdz lr-find`: the learning-rate range test.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LrFindCommand {
    /// The network spec.
    pub model: String,
    /// The data.
    pub data: DataSource,
    /// Initial weights (`None`: init from `train.seed`).
    pub init: Option<Weights>,
    /// The optimizer spec (its `lr` is replaced by the sweep).
    pub optimizer: String,
    /// `bce`, `mse` or `ce`.
    pub loss: String,
    /// Batch size, shuffling, clipping, accumulation, seed.
    pub train: TrainConfig,
    /// The sweep.
    pub sweep: LrFindConfig,
}

/// Runs `gdz lr-find`.
pub fn lr_find_command(c: &LrFindCommand) -> Result<LrFindResult> {
    let (mlp, params) = setup(&c.model, c.init.as_ref(), c.train.seed)?;
    let loss = Loss::from_name(&c.loss)?;
    let opt = Spec::parse(&c.optimizer)?;
    lr_find(
        mlp,
        params,
        loss,
        c.data.load()?,
        &opt,
        c.train.clone(),
        &c.sweep,
    )
}

/// `gdz slice`: the loss along random filter-normalised directions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SliceCommand {
    /// The network spec.
    pub model: String,
    /// The data (the slice uses the training rows).
    pub data: DataSource,
    /// The weights at the centre (`None`: init from `slice.seed`).
    pub init: Option<Weights>,
    /// `bce`, `mse` or `ce`.
    pub loss: String,
    /// Dimensions, grid, span, seed.
    pub slice: SliceConfig,
}

/// Runs `gdz slice`.
pub fn slice_command(c: &SliceCommand) -> Result<SliceResult> {
    let (mlp, params) = setup(&c.model, c.init.as_ref(), c.slice.seed)?;
    let loss = Loss::from_name(&c.loss)?;
    let data = c.data.load()?;
    loss_slice(&mlp, &params, loss, &data.train, &c.slice)
}
