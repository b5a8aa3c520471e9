//! Gradient Descent Zoo: interactive lessons on optimization for deep learning.
//!
//! - [`core`]: pure Rust math (surfaces, optimizers, schedules, runs, the spec language,
//!   lessons). No web imports; tested natively.
//! - [`render`]: drawing code generic over plotters' `DrawingBackend`.
//! - `web` (wasm32 only): the wasm exports and the custom elements' glue.

pub mod core;
pub mod render;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod site;

#[cfg(target_arch = "wasm32")]
pub mod web;
