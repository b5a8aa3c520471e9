//! The optimization core: everything the lessons compute, with no web imports.

pub mod anatomy;
pub mod commands;
pub mod controls;
pub mod csv;
pub mod curvature;
pub mod error;
#[cfg(any(not(target_arch = "wasm32"), feature = "expr"))]
pub mod expr;
pub mod fma;
pub mod gradient;
pub mod grid;
#[cfg(not(target_arch = "wasm32"))]
pub mod lesson;
pub mod limits;
pub mod map;
pub mod nn;
pub mod num;
pub mod optim;
pub mod progress;
pub mod query;
pub mod race;
pub mod replay;
pub mod rng;
pub mod run;
pub mod schedule;
pub mod schema;
pub mod setup;
pub mod spec;
pub mod surface;
pub mod text;

pub use error::{Error, Result};
pub use limits::{MAX_BATCH, MAX_DRAWN_STEPS, MAX_OPTIMIZERS, MAX_STEPS};
pub use setup::{RunSetup, SetupSpec};
