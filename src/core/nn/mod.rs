//! Neural networks trained live: a multilayer perceptron with hand-written batched
//! forward and backward passes (and an exact Hessian-vector product), the losses, seeded
//! toy data sets and a CSV reader, a step-by-step trainer over every optimizer and
//! schedule of the zoo, a learning-rate range test, loss-landscape slices and the
//! decision-boundary grid.
//!
//! Everything is float64 and allocation-free in the training loop, so a browser widget
//! can take a few dozen steps per animation frame.

mod activation;
mod commands;
mod csv;
mod data;
mod erf;
mod grid;
mod loss;
mod lr_find;
mod mlp;
mod pass;
mod slice;
mod speed;
mod tanh;
mod trainer;
mod weights;

pub use activation::{sigmoid, Activation, ACTIVATIONS};
pub use commands::{
    lr_find_command, slice_command, train_command, DataSource, LrFindCommand, SliceCommand,
    TrainCommand, TrainOutput,
};
pub use csv::read_csv;
pub use data::{generate, generate_str, Dataset, Split, DATASETS, MAX_FEATURES, MAX_ROWS};
pub use erf::{erf, normal_cdf, normal_pdf};
mod setup;
pub use grid::{decision_grid, BoardGrid, GridBox, GridOutput};
pub use loss::{io_widths, network_for, softmax, Loss, LOSSES, MAX_CLASSES};
pub use lr_find::{lr_find, LrFindConfig, LrFindResult};
pub use mlp::{LayerShape, Mlp, MAX_PARAMS, MAX_WIDTH, MAX_WIDTHS, MIN_WIDTHS};
pub use pass::Workspace;
pub use setup::{lr_find_of, NetRun, NetSetup};
pub use slice::{loss_slice, SliceConfig, SliceResult};
pub use speed::{speed_trainer, SPEED_BATCH, SPEED_DATA, SPEED_MODEL, SPEED_OPTIMIZER, SPEED_SEED};
pub use trainer::{
    eval_every_for, evaluate, train, EvalPoint, Evaluation, StepReport, TrainConfig, TrainRecord,
    Trainer, DIVERGE_PARAM, HUTCHINSON_SALT, MAX_ACCUMULATE, MAX_TRAIN_STEPS,
};
pub use weights::{LayerWeights, Weights};

use crate::core::error::Error;

/// Every error of this module is made here: a setting that does not fit the network,
/// the data or the training, with the reason in words.
fn bad(msg: impl Into<String>) -> Box<Error> {
    Box::new(Error::Incompatible {
        owner: String::new(),
        reason: msg.into(),
    })
}
