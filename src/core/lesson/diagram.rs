//! The diagrams a lesson can place with `::: diagram NAME`: pictures drawn when the site
//! is built (SVG, readable without JavaScript), each with a caption the lesson writes.
//! This module names them and renders the figure around them; the site draws each one
//! (`src/site/diagram.rs`) in place of [`marker`].

use super::html::escape;

/// A diagram a lesson can place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diagram {
    /// A quadratic bowl's contours with its steep (λ_max) and shallow (λ_min)
    /// eigen-directions.
    Curvature,
    /// Which optimizer and schedule to start from: lesson 14's recipe as a flowchart.
    OptimizerChoice,
}

/// Every diagram, with its name in `::: diagram NAME`.
pub const DIAGRAMS: &[(&str, Diagram)] = &[
    ("curvature", Diagram::Curvature),
    ("optimizer-choice", Diagram::OptimizerChoice),
];

impl Diagram {
    /// The diagram called `name`.
    pub fn named(name: &str) -> Option<Diagram> {
        DIAGRAMS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
    }

    /// Its name in `::: diagram NAME`.
    pub fn name(self) -> &'static str {
        DIAGRAMS
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("", |(n, _)| n)
    }
}

/// The comment the site replaces with the diagram's SVG.
pub fn marker(d: Diagram) -> String {
    format!("<!--gdz-diagram:{}-->", d.name())
}

/// The figure: the diagram's marker, then the caption (HTML already rendered).
pub fn figure(d: Diagram, caption_html: &str) -> String {
    format!(
        "<figure class=\"gdz-diagram gdz-diagram-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(d.name()),
        marker(d),
        caption_html.trim()
    )
}

/// The problem with a `::: diagram` line naming `name`, if any.
pub fn check(name: &str) -> Option<String> {
    if Diagram::named(name).is_some() {
        return None;
    }
    let known: Vec<&str> = DIAGRAMS.iter().map(|(n, _)| *n).collect();
    Some(if name.is_empty() {
        format!(
            "a diagram needs its name: ::: diagram NAME; known: {}",
            known.join(", ")
        )
    } else {
        format!("unknown diagram \"{name}\"; known: {}", known.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_both_ways_and_unknown_ones_are_listed() {
        for (n, d) in DIAGRAMS {
            assert_eq!(Diagram::named(n), Some(*d));
            assert_eq!(d.name(), *n);
        }
        assert!(check("curvature").is_none());
        let e = check("pie").unwrap_or_default();
        assert!(
            e.contains("unknown diagram \"pie\"") && e.contains("optimizer-choice"),
            "{e}"
        );
        assert!(check("").unwrap_or_default().contains("needs its name"));
    }

    #[test]
    fn the_figure_holds_the_marker_and_the_caption() {
        let f = figure(Diagram::Curvature, "<p>The bowl.</p>");
        assert!(f.contains("<!--gdz-diagram:curvature-->"), "{f}");
        assert!(
            f.contains("<figcaption><p>The bowl.</p></figcaption>"),
            "{f}"
        );
    }
}
