//! The controls each widget can be told to show (its `controls` attribute picks some).
//!
//! Plain data, compiled into both builds: the widget schema ([`crate::core::schema`])
//! gives each widget's `controls` attribute its list, so the widgets, the lesson build
//! and the gallery all check against these.

/// The controls a `playground` can be told to show.
pub const PLAYGROUND_CONTROLS: &[&str] = &[
    "surface",
    "optimizer",
    "lr",
    "momentum",
    // PLAYGROUND_MORE, from here:
    "schedule",
    "start",
    "steps",
    "clip_norm",
    "noise",
    "batch",
    "seed",
    // to here.
    "arrows",
    "loss",
    "play",
    "speed",
    "timeline",
    "tools",
];

/// The playground's settings under "More settings", each a text field: the part of
/// [`PLAYGROUND_CONTROLS`] marked in it.
pub const PLAYGROUND_MORE: &[&str] = PLAYGROUND_CONTROLS.split_at(4).1.split_at(7).0;

/// The controls a `race` can be told to show.
pub const RACE_CONTROLS: &[&str] = &["play", "speed", "timeline", "tools"];

/// The controls a `compare` can be told to show.
pub const COMPARE_CONTROLS: &[&str] = &["lr", "play", "speed", "timeline", "tools"];

/// The controls a `schedules` chart can be told to show.
pub const SCHEDULES_CONTROLS: &[&str] = &["edit", "step", "tools"];

/// The controls a `landscape` can be told to show.
pub const LANDSCAPE_CONTROLS: &[&str] = &["surface", "view", "tools"];

/// The controls an `anatomy` can be told to show.
pub const ANATOMY_CONTROLS: &[&str] = &["parts", "play", "speed", "timeline", "tools"];

/// The controls a `ball` can be told to show.
pub const BALL_CONTROLS: &[&str] = &[
    "lr", "start", "momentum", "play", "speed", "timeline", "tools",
];

/// The controls a `regression` can be told to show.
pub const REGRESSION_CONTROLS: &[&str] = &["lr", "points", "play", "speed", "timeline", "tools"];

/// The controls a `network` can be told to show (the settings are text fields).
pub const NETWORK_CONTROLS: &[&str] = &[
    "data",
    "csv",
    "model",
    "optimizer",
    "schedule",
    "batch",
    "clip_norm",
    "clip_value",
    "accumulate",
    "play",
    "tools",
];

/// The controls an `lr-finder` can be told to show.
pub const LR_FINDER_CONTROLS: &[&str] = &["tools"];

/// The controls a `map` can be told to show.
pub const MAP_CONTROLS: &[&str] = &["metric", "directions", "tools"];

/// The controls a `slice` can be told to show.
pub const SLICE_CONTROLS: &[&str] = &["batch", "dims", "run", "tools"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_playground_more_settings_are_the_marked_part() {
        assert_eq!(
            PLAYGROUND_MORE,
            [
                "schedule",
                "start",
                "steps",
                "clip_norm",
                "noise",
                "batch",
                "seed"
            ]
        );
    }
}
