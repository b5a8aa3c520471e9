//! The network commands `train`, `lr-find` and `slice`: read the files their flags
//! name, hand the core its command structs, and print the results as JSON (non-finite
//! numbers as `null`).
//!
//! A diverged training is not an error: like `gdz trace`, `train` prints the record
//! with `"status": "diverged"` (the steps up to and including the one that blew up,
//! and the last finite parameters) and exits with 0.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::nn_args::{DataArg, LrFindArgs, NetArgs, SliceArgs, TrainArgs};
use crate::core::error::{Error, Result};
use crate::core::nn::{
    lr_find_command, slice_command, train_command, DataSource, LrFindCommand, SliceCommand,
    TrainCommand, Weights,
};

/// The largest file `--data` or `--init` may name. A data set has at most 10,000 rows
/// of at most 17 numbers and a network at most 100,000 parameters, a few MB of text
/// either way; the cap only stops a wrong path from filling the memory.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads the text file that `flag` names, refusing one over [`MAX_FILE_BYTES`].
fn read_text(flag: &str, path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let fail = |message: String| {
        Box::new(Error::Io {
            action: format!("read {flag}"),
            path: name.clone(),
            message,
        })
    };
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let too_big = || {
        fail(format!(
            "the file is larger than {} MiB",
            MAX_FILE_BYTES >> 20
        ))
    };
    if file.metadata().map_err(|e| fail(e.to_string()))?.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| fail(e.to_string()))?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    Ok(text)
}

/// The rows `--data` names (a CSV file's text, or a generated set's spec).
fn data_source(data: &DataArg) -> Result<DataSource> {
    match data {
        DataArg::File(path) => read_text("--data", path).map(DataSource::Csv),
        DataArg::Generated(spec) => Ok(DataSource::Generated(spec.clone())),
    }
}

/// The weights `--init` names, if any.
fn init_weights(init: Option<&Path>) -> Result<Option<Weights>> {
    let Some(path) = init else {
        return Ok(None);
    };
    let text = read_text("--init", path)?;
    Weights::from_json(&text)
        .map(Some)
        .map_err(|e| e.within(format!("--init {}", path.display())))
}

/// The network's data and weights, read (the core parses them and names a bad line).
fn load(net: &NetArgs) -> Result<(DataSource, Option<Weights>)> {
    Ok((data_source(&net.data)?, init_weights(net.init.as_deref())?))
}

/// A result as JSON text (serde_json writes a non-finite number as `null`).
fn to_json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        Box::new(Error::Incompatible {
            owner: String::new(),
            reason: format!("cannot write the result as JSON: {e}"),
        })
    })
}

/// `gdz train`: the training record (`loss`, `grad_norm`, `grad_norm_clipped`, `lr`,
/// `update_ratio` per step, `eval`, `status`, `epochs`, and the final `params` in the
/// `--init` layout).
pub fn train(a: &TrainArgs) -> Result<String> {
    let (data, init) = load(&a.net)?;
    let out = train_command(&TrainCommand {
        model: a.net.model.clone(),
        data,
        init,
        optimizer: a.optimizer.clone(),
        schedule: a.schedule.clone(),
        loss: a.net.loss.clone(),
        epochs: a.epochs,
        train: a.batches.config(),
    })?;
    to_json(&out)
}

/// `gdz lr-find`: the sweep's rates, losses and smoothed losses, and its suggestion.
pub fn lr_find(a: &LrFindArgs) -> Result<String> {
    let (data, init) = load(&a.net)?;
    let out = lr_find_command(&LrFindCommand {
        model: a.net.model.clone(),
        data,
        init,
        optimizer: a.optimizer.clone(),
        loss: a.net.loss.clone(),
        train: a.batches.config(),
        sweep: a.sweep(),
    })?;
    to_json(&out)
}

/// `gdz slice`: the coefficients along each direction and the loss on the grid.
pub fn slice(a: &SliceArgs) -> Result<String> {
    let (data, init) = load(&a.net)?;
    let out = slice_command(&SliceCommand {
        model: a.net.model.clone(),
        data,
        init,
        loss: a.net.loss.clone(),
        slice: a.config(),
    })?;
    to_json(&out)
}
