//! The widgets, one file each: the widget's schema (its table in
//! [`crate::core::schema`]) read into typed values, its own drawing and controls, inside
//! the shared shell ([`super::shell`]: notice, timeline, tools row, resize).

#[cfg(feature = "anatomy")]
pub mod anatomy;
#[cfg(feature = "ball")]
pub mod ball;
#[cfg(feature = "compare")]
pub mod compare;
#[cfg(feature = "landscape")]
pub mod landscape;
#[cfg(feature = "playground")]
mod losspanel;
#[cfg(feature = "lr-finder")]
pub mod lr_finder;
#[cfg(feature = "map")]
pub mod map;
#[cfg(feature = "network")]
pub mod network;
#[cfg(feature = "playground")]
pub mod playground;
#[cfg(feature = "race")]
pub mod race;
#[cfg(feature = "regression")]
pub mod regression;
#[cfg(feature = "schedules")]
pub mod schedules;
#[cfg(feature = "slice")]
pub mod slice;
