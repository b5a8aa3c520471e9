//! Drawing, generic over plotters' `DrawingBackend`: takes data (grids, trajectories),
//! never optimizers. Dense pixel work (the heatmap) fills an RGBA buffer that the web
//! layer puts on a canvas in one call.

pub mod arrow;
pub mod boundary;
pub mod chart;
pub mod clip;
pub mod contour;
pub mod curve;
pub mod field;
pub mod map;
pub mod mesh3d;
pub mod palette;
pub mod plot2d;
pub mod project;
pub mod scatter;

pub use field::Field;
pub use palette::{Rgb, Theme};
