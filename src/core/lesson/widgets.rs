//! The table of widgets and their attributes: the one place that says which
//! `{{ widget … }}` lines a lesson may use.
//!
//! The lesson build checks every widget line against this table, and the page shows each
//! widget as a custom element `<gdz-NAME …>` whose attributes are exactly the ones listed
//! here, so the web layer can read the same table to know what each attribute holds.
//! This file is plain data: it depends only on [`crate::core::spec::Range`] and the
//! controls lists of [`crate::core::controls`], which the web layer uses as they are.

use crate::core::spec::Range;

pub use crate::core::controls::{
    ANATOMY_CONTROLS, BALL_CONTROLS, COMPARE_CONTROLS, LANDSCAPE_CONTROLS, PLAYGROUND_CONTROLS,
    RACE_CONTROLS, REGRESSION_CONTROLS, SCHEDULES_CONTROLS,
};

/// What kind of value an attribute holds (its text is always a double-quoted string).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AttrKind {
    /// One surface spec, e.g. `quadratic(a=1, b=25)`.
    Surface,
    /// One optimizer spec, e.g. `adam(lr=0.01)`.
    Optimizer,
    /// One or more optimizer specs separated by `;`.
    Optimizers,
    /// One schedule spec, e.g. `cosine(t_max=100)`.
    Schedule,
    /// One or more schedule specs separated by `;`.
    Schedules,
    /// A number in `range`; a whole number when `integer` is set.
    Number {
        /// The allowed values.
        range: Range,
        /// Whether only whole numbers are allowed.
        integer: bool,
    },
    /// A point: one number per surface dimension, separated by commas (`-1.5,1`).
    Point,
    /// A list of 2-D points, `[[1,2],[2,4],[3,6]]`.
    Points,
    /// A comma-separated list of distinct words, each one of the listed words.
    Words(&'static [&'static str]),
    /// Free text, shown to readers as written.
    Text,
}

impl AttrKind {
    /// A short phrase naming the kind, for error messages and documentation.
    pub fn describe(&self) -> &'static str {
        match self {
            AttrKind::Surface => "a surface spec",
            AttrKind::Optimizer => "an optimizer spec",
            AttrKind::Optimizers => "optimizer specs separated by ;",
            AttrKind::Schedule => "a schedule spec",
            AttrKind::Schedules => "schedule specs separated by ;",
            AttrKind::Number { integer: true, .. } => "a whole number",
            AttrKind::Number { integer: false, .. } => "a number",
            AttrKind::Point => "a point such as -1.5,1",
            AttrKind::Points => "a list of points such as [[1,2],[2,4]]",
            AttrKind::Words(_) => "a comma-separated list of words",
            AttrKind::Text => "free text",
        }
    }
}

/// One attribute a widget accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttrDef {
    /// The attribute's name, as written in the lesson and on the custom element.
    pub name: &'static str,
    /// What the value holds.
    pub kind: AttrKind,
    /// Whether a widget line must give it.
    pub required: bool,
    /// The value the widget uses when the line leaves it out, if the table fixes one.
    pub default: Option<&'static str>,
    /// A few words naming the attribute for readers (used in the no-JavaScript text).
    pub label: &'static str,
}

/// One widget: its name and the attributes it accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WidgetDef {
    /// The name after `{{`; the custom element is `gdz-` followed by it.
    pub name: &'static str,
    /// One sentence saying what the widget shows, for readers without JavaScript.
    pub summary: &'static str,
    /// How many parameters its runs have when no `surface` attribute says otherwise.
    pub default_dim: usize,
    /// The attributes, in the order documented.
    pub attrs: &'static [AttrDef],
}

impl WidgetDef {
    /// The attribute called `name`, if this widget has one.
    pub fn attr(&self, name: &str) -> Option<&'static AttrDef> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The custom element's tag name, `gdz-NAME`.
    pub fn tag(&self) -> String {
        format!("gdz-{}", self.name)
    }

    /// The attribute names, in order, joined by `, ` (for error messages).
    pub fn attr_names(&self) -> String {
        self.attrs
            .iter()
            .map(|a| a.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Positions in a `schedules` list (at most 12), for its `off` attribute.
pub const SCHEDULE_POSITIONS: &[&str] = &[
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
];

/// The parts of Adam's update the `anatomy` widget can keep.
pub const ANATOMY_PARTS: &[&str] = &["bias_correction", "m", "v"];

const STEPS: Range = Range::closed(1.0, 100_000.0);
/// Steps of the widgets that draw every step of every run (`race`, `schedules`).
const DRAWN_STEPS: Range = Range::closed(1.0, 5_000.0);
const BATCH: Range = Range::closed(1.0, 65_536.0);
const SEED: Range = Range::closed(0.0, 9_007_199_254_740_991.0);
const MOMENTUM: Range = Range::UNIT_HALF_OPEN;

const fn attr(name: &'static str, kind: AttrKind, label: &'static str) -> AttrDef {
    AttrDef {
        name,
        kind,
        required: false,
        default: None,
        label,
    }
}

const fn required(name: &'static str, kind: AttrKind, label: &'static str) -> AttrDef {
    AttrDef {
        name,
        kind,
        required: true,
        default: None,
        label,
    }
}

const fn num(range: Range) -> AttrKind {
    AttrKind::Number {
        range,
        integer: false,
    }
}

const fn int(range: Range) -> AttrKind {
    AttrKind::Number {
        range,
        integer: true,
    }
}

/// Every widget takes an optional `caption`: a sentence shown under it and to readers
/// without JavaScript.
const CAPTION: AttrDef = attr("caption", AttrKind::Text, "caption");

/// Every widget a lesson may use, in the order AUTHORING.md lists them.
pub const WIDGETS: &[WidgetDef] = &[
    WidgetDef {
        name: "playground",
        summary: "A playground: a 2-D loss surface drawn as a heatmap with contours, the paths of optimizer runs on top, and controls to change them.",
        default_dim: 2,
        attrs: &[
            attr("surface", AttrKind::Surface, "surface"),
            attr("optimizer", AttrKind::Optimizers, "optimizer"),
            attr("schedule", AttrKind::Schedule, "schedule"),
            attr("start", AttrKind::Point, "start"),
            attr("steps", int(STEPS), "steps"),
            attr("clip_norm", num(Range::POSITIVE), "gradient clipping norm"),
            attr("noise", num(Range::NON_NEGATIVE), "gradient noise"),
            attr("batch", int(BATCH), "batch size"),
            attr("seed", int(SEED), "random seed"),
            attr("controls", AttrKind::Words(PLAYGROUND_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "race",
        summary: "A race: several optimizers start from the same point on one surface and run side by side, with a table of results.",
        default_dim: 2,
        attrs: &[
            attr("surface", AttrKind::Surface, "surface"),
            required("optimizers", AttrKind::Optimizers, "optimizers"),
            attr("start", AttrKind::Point, "start"),
            attr("steps", int(DRAWN_STEPS), "steps"),
            attr("controls", AttrKind::Words(RACE_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "ball",
        summary: "A ball rolling on a 1-D curve: a plain gradient-descent ball beside a ball with momentum.",
        default_dim: 1,
        attrs: &[
            AttrDef {
                name: "surface",
                kind: AttrKind::Surface,
                required: false,
                default: Some("quartic"),
                label: "curve",
            },
            attr("lr", num(Range::POSITIVE), "learning rate"),
            attr("start", AttrKind::Point, "start"),
            attr("momentum", num(MOMENTUM), "momentum"),
            attr("steps", int(STEPS), "steps"),
            attr("controls", AttrKind::Words(BALL_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "landscape",
        summary: "A loss surface in 3-D with optimizer runs drawn on it; drag to rotate it and scroll to zoom.",
        default_dim: 2,
        attrs: &[
            attr("surface", AttrKind::Surface, "surface"),
            attr("optimizers", AttrKind::Optimizers, "optimizers"),
            attr("start", AttrKind::Point, "start"),
            attr("steps", int(STEPS), "steps"),
            attr("view", AttrKind::Text, "view (yaw, pitch, zoom)"),
            attr("controls", AttrKind::Words(LANDSCAPE_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "schedules",
        summary: "A chart of learning-rate schedules over the same steps, each of which can be switched on and off.",
        default_dim: 2,
        attrs: &[
            attr("schedules", AttrKind::Schedules, "schedules"),
            attr("lr", num(Range::POSITIVE), "base learning rate"),
            attr("steps", int(DRAWN_STEPS), "steps"),
            attr("off", AttrKind::Words(SCHEDULE_POSITIONS), "schedules hidden at first"),
            attr("controls", AttrKind::Words(SCHEDULES_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "compare",
        summary: "Two synchronised panels: two optimizer set-ups run on the same surface from the same start.",
        default_dim: 2,
        attrs: &[
            attr("surface", AttrKind::Surface, "surface"),
            required("left", AttrKind::Optimizer, "left optimizer"),
            required("right", AttrKind::Optimizer, "right optimizer"),
            attr("start", AttrKind::Point, "start"),
            attr("steps", int(STEPS), "steps"),
            attr("left_schedule", AttrKind::Schedule, "left schedule"),
            attr("right_schedule", AttrKind::Schedule, "right schedule"),
            attr("clip_norm_left", num(Range::POSITIVE), "left clipping norm"),
            attr("clip_norm_right", num(Range::POSITIVE), "right clipping norm"),
            attr("controls", AttrKind::Words(COMPARE_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "regression",
        summary: "A straight line ŷ = w·x + b fitted to data points by gradient descent: the line, the loss surface over (w, b), and the numbers of each step.",
        default_dim: 2,
        attrs: &[
            attr("points", AttrKind::Points, "data points"),
            attr("w", num(Range::ANY), "starting w"),
            attr("b", num(Range::ANY), "starting b"),
            attr("lr", num(Range::POSITIVE), "learning rate"),
            attr("steps", int(STEPS), "steps"),
            attr("optimizer", AttrKind::Optimizer, "optimizer"),
            attr("controls", AttrKind::Words(REGRESSION_CONTROLS), "controls"),
            CAPTION,
        ],
    },
    WidgetDef {
        name: "anatomy",
        summary: "One optimizer's update laid open, coordinate by coordinate, step by step.",
        default_dim: 2,
        attrs: &[
            required("optimizer", AttrKind::Optimizer, "optimizer"),
            attr("surface", AttrKind::Surface, "surface"),
            attr("start", AttrKind::Point, "start"),
            attr("parts", AttrKind::Words(ANATOMY_PARTS), "parts kept"),
            attr("controls", AttrKind::Words(ANATOMY_CONTROLS), "controls"),
            CAPTION,
        ],
    },
];

/// The widget called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static WidgetDef> {
    WIDGETS.iter().find(|w| w.name == name)
}

/// Every widget name, joined by `, ` (for error messages).
pub fn names() -> String {
    WIDGETS
        .iter()
        .map(|w| w.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_attributes_are_unique_and_lowercase() {
        for (i, w) in WIDGETS.iter().enumerate() {
            assert!(
                WIDGETS.iter().skip(i + 1).all(|o| o.name != w.name),
                "duplicate widget {}",
                w.name
            );
            assert!(w.name.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'));
            for (j, a) in w.attrs.iter().enumerate() {
                assert!(
                    w.attrs.iter().skip(j + 1).all(|o| o.name != a.name),
                    "{}: duplicate attribute {}",
                    w.name,
                    a.name
                );
                assert!(a.name.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'));
            }
        }
    }

    #[test]
    fn lookups_follow_the_table() {
        let race = find("race").unwrap();
        assert_eq!(race.tag(), "gdz-race");
        assert!(race.attr("optimizers").unwrap().required);
        assert!(race.attr("optimizer").is_none());
        assert_eq!(
            find("ball").unwrap().attr("surface").unwrap().default,
            Some("quartic")
        );
        assert!(find("racer").is_none());
        for (w, c) in [("ball", "momentum"), ("regression", "points")] {
            let kind = find(w).unwrap().attr("controls").unwrap().kind;
            assert!(
                matches!(kind, AttrKind::Words(list) if list.contains(&c) && list.contains(&"tools"))
            );
        }
        assert!(names().starts_with("playground, race, ball"));
    }
}
