//! The flags of `train`, `lr-find` and `slice`, and the parsers of their values.
//!
//! Specs (model, optimizer, schedule, loss) are checked here, so a bad one is reported
//! by clap with its flag; whether the parts fit together (the data's columns and the
//! network's inputs, the weights' shapes, the loss and the targets) is for the core's
//! commands to say. Every default is the core's (`TrainConfig`, `LrFindConfig`,
//! `SliceConfig`), read from its `Default`, so `--help` shows the values the core uses.

use std::path::PathBuf;

use clap::{ArgAction, Args};

use crate::core::commands::flags::{number, whole};
use crate::core::error::{Error, Result};
use crate::core::nn::{Loss, LrFindConfig, Mlp, SliceConfig, TrainConfig, DATASETS};
use crate::core::spec::Spec;

/// What `--data` names: a CSV file, or a generated data set's spec.
#[derive(Debug, Clone, PartialEq)]
pub enum DataArg {
    /// A file to read as CSV.
    File(PathBuf),
    /// A data-set spec such as `moons(n=200, noise=0.1, seed=1)`.
    Generated(String),
}

/// The network, its data, its starting weights and its loss: shared by `train`,
/// `lr-find` and `slice`.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// The network: dense layers of the given widths (input first, output last) with
    /// the activation between them (tanh, relu, sigmoid or gelu), e.g.
    /// 'mlp(layers=[2,8,8,1], activation=tanh)'.
    #[arg(long, value_name = "SPEC", value_parser = model)]
    pub model: String,
    /// The data: a CSV file (a header row, then one row per example: the feature
    /// columns, then the target; every row trains), or, if no such file exists, a
    /// generated data set's spec: moons, circles, spiral, xor, blobs or sine, e.g.
    /// 'moons(n=200, noise=0.1, seed=1)' (its `test` fraction is held out).
    #[arg(long, value_name = "FILE|SPEC", value_parser = data)]
    pub data: DataArg,
    /// Starting weights as JSON, in the layout of nn.Linear:
    /// {"layers":[{"weight":[[…],…],"bias":[…]},…]}, weight shaped [out][in]
    /// (drawn like nn.Linear's default init from the seed if not given).
    #[arg(long, value_name = "FILE")]
    pub init: Option<PathBuf>,
    /// The loss: bce (BCEWithLogitsLoss: one output, targets 0 to 1), mse (MSELoss: one
    /// output) or ce (CrossEntropyLoss: one output per class, targets 0, 1, …).
    #[arg(long, value_name = "bce|mse|ce", value_parser = loss)]
    pub loss: String,
}

/// How the rows become optimizer steps: shared by `train` and `lr-find`.
#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// Rows per mini-batch (a batch larger than the data takes all of it).
    #[arg(long, value_name = "B", default_value_t = TrainConfig::default().batch, value_parser = count)]
    pub batch: usize,
    /// Shuffle the rows each epoch (from the seed); with false, batches are
    /// consecutive rows in file order and an epoch's last batch may be smaller.
    #[arg(long, value_name = "BOOL", default_value_t = TrainConfig::default().shuffle, action = ArgAction::Set, value_parser = boolean)]
    pub shuffle: bool,
    /// Clip the gradient's norm to C (as torch's clip_grad_norm_).
    #[arg(long, value_name = "C", allow_negative_numbers = true, value_parser = number)]
    pub clip_norm: Option<f64>,
    /// Clip each gradient coordinate to [−C, C] (as torch's clip_grad_value_; applied
    /// before --clip-norm when both are given).
    #[arg(long, value_name = "C", allow_negative_numbers = true, value_parser = number)]
    pub clip_value: Option<f64>,
    /// Batches per optimizer step (gradient accumulation; each batch loss is divided by
    /// K). A group never spans two epochs: an epoch's last group may be smaller, and
    /// still steps.
    #[arg(long, value_name = "K", default_value_t = TrainConfig::default().accumulate, value_parser = count)]
    pub accumulate: usize,
    /// The seed of the shuffle, of the initial weights (without --init) and of Sophia's
    /// Hutchinson vectors.
    #[arg(long, value_name = "S", default_value_t = TrainConfig::default().seed, value_parser = whole)]
    pub seed: u64,
}

impl BatchArgs {
    /// The training settings these flags give (the rest as the core's defaults).
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            batch: self.batch,
            shuffle: self.shuffle,
            clip_norm: self.clip_norm,
            clip_value: self.clip_value,
            accumulate: self.accumulate,
            seed: self.seed,
            ..TrainConfig::default()
        }
    }
}

/// `gdz train`: train a network and print every step.
#[derive(Debug, Clone, Args)]
pub struct TrainArgs {
    /// The network, data, starting weights and loss.
    #[command(flatten)]
    pub net: NetArgs,
    /// The optimizer, e.g. 'adam(lr=0.01)'.
    #[arg(long, value_name = "SPEC", value_parser = spec)]
    pub optimizer: String,
    /// A learning-rate schedule, stepped once per optimizer step, e.g.
    /// 'cosine(t_max=100)' (constant if not given).
    #[arg(long, value_name = "SPEC", value_parser = spec)]
    pub schedule: Option<String>,
    /// Epochs to train (passes over the training rows).
    #[arg(long, value_name = "E", value_parser = epochs)]
    pub epochs: u64,
    /// Batches, shuffling, clipping, accumulation and seed.
    #[command(flatten)]
    pub batches: BatchArgs,
}

/// `gdz lr-find`: the learning-rate range test.
#[derive(Debug, Clone, Args)]
pub struct LrFindArgs {
    /// The network, data, starting weights and loss.
    #[command(flatten)]
    pub net: NetArgs,
    /// The optimizer, e.g. 'sgd(momentum=0.9)'; its lr is replaced by the sweep.
    #[arg(long, value_name = "SPEC", value_parser = spec)]
    pub optimizer: String,
    /// Batches, shuffling, clipping, accumulation and seed.
    #[command(flatten)]
    pub batches: BatchArgs,
    /// The first learning rate of the sweep.
    #[arg(long, value_name = "A", default_value_t = LrFindConfig::default().lo, allow_negative_numbers = true, value_parser = number)]
    pub lo: f64,
    /// The last learning rate of the sweep (it grows exponentially from --lo).
    #[arg(long, value_name = "B", default_value_t = LrFindConfig::default().hi, allow_negative_numbers = true, value_parser = number)]
    pub hi: f64,
    /// Steps of the sweep (2 to 10000).
    #[arg(long, value_name = "N", default_value_t = LrFindConfig::default().steps, value_parser = count)]
    pub steps: usize,
    /// The smoothing factor of the loss's moving average (0 ≤ S < 1).
    #[arg(long, value_name = "S", default_value_t = LrFindConfig::default().beta, allow_negative_numbers = true, value_parser = number)]
    pub beta: f64,
    /// Stop once the smoothed loss exceeds F times the best so far (F > 1).
    #[arg(long, value_name = "F", default_value_t = LrFindConfig::default().blowup, allow_negative_numbers = true, value_parser = number)]
    pub blowup: f64,
}

impl LrFindArgs {
    /// The sweep these flags give.
    pub fn sweep(&self) -> LrFindConfig {
        LrFindConfig {
            lo: self.lo,
            hi: self.hi,
            steps: self.steps,
            beta: self.beta,
            blowup: self.blowup,
        }
    }
}

/// `gdz slice`: the loss along random filter-normalised directions.
#[derive(Debug, Clone, Args)]
pub struct SliceArgs {
    /// The network, data, weights at the centre and loss.
    #[command(flatten)]
    pub net: NetArgs,
    /// 1 (the loss along one direction) or 2 (over a plane of two).
    #[arg(long, value_name = "1|2", default_value_t = SliceConfig::default().dims, value_parser = count)]
    pub dims: usize,
    /// Grid points per axis (2 to 201).
    #[arg(long, value_name = "N", default_value_t = SliceConfig::default().steps, value_parser = count)]
    pub steps: usize,
    /// The coefficients run over [−S, S] (S > 0).
    #[arg(long, value_name = "S", default_value_t = SliceConfig::default().span, allow_negative_numbers = true, value_parser = number)]
    pub span: f64,
    /// The seed of the directions (and of the weights, without --init).
    #[arg(long, value_name = "S", default_value_t = SliceConfig::default().seed, value_parser = whole)]
    pub seed: u64,
}

impl SliceArgs {
    /// The slice these flags give.
    pub fn config(&self) -> SliceConfig {
        SliceConfig {
            dims: self.dims,
            steps: self.steps,
            span: self.span,
            seed: self.seed,
        }
    }
}

/// A whole number ≥ 0 (the core checks each count's range and names it).
fn count(text: &str) -> Result<usize> {
    whole(text).map(|n| n as usize)
}

fn epochs(text: &str) -> Result<u64> {
    whole(text)
}

/// `true` or `false`.
fn boolean(text: &str) -> Result<bool> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        t => Err(Box::new(Error::WrongType {
            owner: String::new(),
            key: format!("\"{t}\""),
            expected: "true or false".into(),
            got: None,
        })),
    }
}

/// Spec text that parses; kept as written.
fn spec(text: &str) -> Result<String> {
    Spec::parse(text).map(|_| text.to_string())
}

/// A network spec the core builds.
fn model(text: &str) -> Result<String> {
    Mlp::parse(text).map(|_| text.to_string())
}

/// A loss name the core knows.
fn loss(text: &str) -> Result<String> {
    Loss::from_name(text.trim()).map(|_| text.trim().to_string())
}

/// An existing path is a file to read; anything else must be a data-set spec.
fn data(text: &str) -> Result<DataArg> {
    let path = PathBuf::from(text);
    let missing = match std::fs::metadata(&path) {
        Ok(_) => return Ok(DataArg::File(path)),
        Err(e) => e,
    };
    let parsed = Spec::parse(text);
    if let Ok(s) = &parsed {
        if DATASETS.contains(&s.name.as_str()) {
            return Ok(DataArg::Generated(text.to_string()));
        }
    }
    // A plain path gets the list of data sets; what looks like a spec, its own error.
    let why = match parsed {
        Ok(s) if text.contains('(') => {
            crate::core::spec::unknown_name("data set", &s.name, DATASETS).to_string()
        }
        Err(e) if text.contains('(') => e.to_string(),
        _ => format!("known data sets: {}", DATASETS.join(", ")),
    };
    Err(Box::new(Error::Incompatible {
        owner: String::new(),
        reason: format!("{missing}, and not a data set spec ({why})"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_a_file_when_one_exists_else_a_spec() {
        let here = env!("CARGO_MANIFEST_DIR").to_string() + "/Cargo.toml";
        assert_eq!(data(&here).unwrap(), DataArg::File(here.into()));
        assert_eq!(
            data("moons(n=20)").unwrap(),
            DataArg::Generated("moons(n=20)".into())
        );
        let e = data("no-such-file.csv").unwrap_err().to_string();
        assert!(
            e.contains("not a data set spec (known data sets: moons"),
            "{e}"
        );
        let e = data("swirl(n=3)").unwrap_err().to_string();
        assert!(e.contains("unknown data set \"swirl\""), "{e}");
    }

    #[test]
    fn values_are_checked() {
        assert!(boolean("false").is_ok() && boolean("no").is_err());
        assert!(model("mlp(layers=[2,0,1])").is_err());
        assert!(loss("hinge").is_err());
        assert!(spec("adam(lr=").is_err());
    }
}
