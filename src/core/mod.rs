//! The optimization core: everything the lessons compute, with no web imports.

pub mod anatomy;
pub mod controls;
pub mod error;
pub mod grid;
#[cfg(not(target_arch = "wasm32"))]
pub mod lesson;
pub mod nn;
pub mod num;
pub mod optim;
pub mod progress;
pub mod race;
pub mod replay;
pub mod rng;
pub mod run;
pub mod schedule;
pub mod spec;
pub mod surface;
pub mod text;

pub use error::{Error, Result};
