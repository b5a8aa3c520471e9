//! The lessons' diagrams, drawn as inline SVG when the site is built, so they need no
//! JavaScript. Colours come from classes in `www/pages.css` (the page's custom
//! properties, so the dark theme follows), never from `style` attributes, which the
//! pages' Content-Security-Policy forbids. Each SVG is an image with a title and a
//! description for screen readers; the lesson writes the caption under it.

use crate::core::lesson::diagram::{marker, Diagram, DIAGRAMS};
use crate::core::lesson::html::escape;

/// `html` with each diagram's marker replaced by its SVG.
pub fn place(html: &str) -> String {
    let mut out = html.to_string();
    for (_, d) in DIAGRAMS {
        let m = marker(*d);
        if out.contains(&m) {
            out = out.replace(&m, &svg(*d));
        }
    }
    out
}

/// The diagram's SVG.
pub fn svg(d: Diagram) -> String {
    match d {
        Diagram::Curvature => curvature(),
        Diagram::OptimizerChoice => optimizer_choice(),
    }
}

/// The arrowheads, one per colour: `head` (muted), `steep`, `shallow`.
const HEADS: [&str; 3] = ["head", "steep", "shallow"];

/// An SVG being drawn: its elements, and the prefix of its ids (unique on a page).
struct Svg {
    id: &'static str,
    body: String,
}

impl Svg {
    fn new(id: &'static str) -> Svg {
        Svg {
            id,
            body: String::new(),
        }
    }

    /// A line from `a` to `b`, with an arrowhead of the given colour (see [`HEADS`]) at `b`.
    fn line(&mut self, a: (f64, f64), b: (f64, f64), class: &str, head: &str) {
        let end = format!(" marker-end=\"url(#{}-{head})\"", self.id);
        self.body.push_str(&format!(
            "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"{end}/>\n",
            a.0, a.1, b.0, b.1
        ));
    }

    /// Lines of text centred on `x` (or starting at `x` when `anchor` is "start"), the
    /// first on baseline `y`, 16 units apart.
    fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, lines: &[&str]) {
        self.body.push_str(&format!(
            "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">"
        ));
        for (i, l) in lines.iter().enumerate() {
            let dy = if i == 0 { 0 } else { 16 };
            self.body.push_str(&format!(
                "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>",
                subscripts(&escape(l))
            ));
        }
        self.body.push_str("</text>\n");
    }

    /// A box with rounded corners and its lines of text, centred.
    fn card(&mut self, (x, y, w, h): (f64, f64, f64, f64), class: &str, lines: &[&str]) {
        self.body.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"6\"/>\n"
        ));
        let top = y + h / 2.0 - 8.0 * (lines.len() as f64 - 1.0) + 4.5;
        self.text(x + w / 2.0, top, "middle", "gdz-dia-text", lines);
    }

    /// The finished SVG: an image named by `title` and described by `desc`.
    fn finish(self, view: (f64, f64), title: &str, desc: &str) -> String {
        let id = self.id;
        format!(
            "<svg class=\"gdz-dia\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0} {:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
             <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n\
             <defs>{}</defs>\n{}</svg>",
            view.0,
            view.1,
            escape(title),
            escape(desc),
            HEADS
                .iter()
                .map(|h| format!("<marker id=\"{id}-{h}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path class=\"gdz-dia-{h}-head\" d=\"M0,0 L10,5 L0,10 z\"/></marker>"))
                .collect::<String>(),
            self.body
        )
    }
}

/// Escaped text with the first `λ_min` or `λ_max` written with its subscript lowered.
fn subscripts(text: &str) -> String {
    for sub in ["min", "max"] {
        let pattern = format!("λ_{sub}");
        if let Some((before, after)) = text.split_once(&pattern) {
            return format!(
                "{before}λ<tspan class=\"gdz-dia-sub\" dy=\"4\">{sub}</tspan><tspan dy=\"-4\">{after}</tspan>"
            );
        }
    }
    text.to_string()
}

/// Point `(u, v)` of a frame turned by `angle` (radians) about `centre`, in SVG
/// coordinates (y down, so a positive angle turns counter-clockwise on screen).
fn turn(centre: (f64, f64), angle: f64, (u, v): (f64, f64)) -> (f64, f64) {
    let (s, c) = angle.sin_cos();
    (centre.0 + u * c + v * s, centre.1 - u * s + v * c)
}

/// The contours of a bowl ½(λ_min u² + λ_max v²) with κ = 10, turned by 25°: the
/// shallow direction along the ellipses' long axis, the steep one along the short.
fn curvature() -> String {
    let mut s = Svg::new("gdz-dia-curvature");
    let centre = (175.0, 140.0);
    let angle = 25f64.to_radians();
    let kappa: f64 = 10.0;
    s.body.push_str(&format!(
        "<g transform=\"rotate({:.1} {:.1} {:.1})\">\n",
        -25.0, centre.0, centre.1
    ));
    // Level sets at equal steps of the loss: the distance between them along a
    // direction falls as its curvature rises.
    for level in [1.0f64, 2.0, 3.0, 4.0] {
        let rx = 84.0 * level.sqrt();
        let ry = rx / kappa.sqrt();
        s.body.push_str(&format!(
            "<ellipse class=\"gdz-dia-contour\" cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{rx:.1}\" ry=\"{ry:.1}\"/>\n",
            centre.0, centre.1
        ));
    }
    s.body.push_str("</g>\n");
    let shallow_tip = turn(centre, angle, (190.0, 0.0));
    let steep_tip = turn(centre, angle, (0.0, -72.0));
    s.line(centre, shallow_tip, "gdz-dia-shallow", "shallow");
    s.line(centre, steep_tip, "gdz-dia-steep", "steep");
    s.body.push_str(&format!(
        "<circle class=\"gdz-dia-min\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/>\n",
        centre.0, centre.1
    ));
    s.text(
        centre.0 - 8.0,
        centre.1 + 24.0,
        "end",
        "gdz-dia-text",
        &["minimum"],
    );
    s.text(
        shallow_tip.0 - 4.0,
        shallow_tip.1 - 30.0,
        "middle",
        "gdz-dia-text gdz-dia-shallow-text",
        &["λ_min: shallow", "contours far apart"],
    );
    s.text(
        steep_tip.0 - 6.0,
        steep_tip.1 - 30.0,
        "middle",
        "gdz-dia-text gdz-dia-steep-text",
        &["λ_max: steep", "contours close together"],
    );
    s.finish(
        (440.0, 236.0),
        "The curvature directions of a quadratic bowl",
        "Contours of a bowl whose curvatures differ tenfold, drawn as nested ellipses turned at an angle. \
         An arrow along the ellipses' long axis marks the shallow eigen-direction, with the smallest curvature λ_min: \
         there the contours are far apart. An arrow along the short axis marks the steep eigen-direction, with the \
         largest curvature λ_max: there the contours are close together. The minimum is at the centre.",
    )
}

/// Lesson 14's recipe as a flowchart: AdamW with warmup, cosine decay and clipping by
/// default, SGD with Nesterov momentum for a CNN on images; then, either way, the range
/// test and the two numbers to watch.
fn optimizer_choice() -> String {
    let mut s = Svg::new("gdz-dia-choice");
    s.card(
        (120.0, 8.0, 200.0, 36.0),
        "gdz-dia-box gdz-dia-ask",
        &["What are you training?"],
    );
    s.line((180.0, 44.0), (112.0, 96.0), "gdz-dia-arrow", "head");
    s.line((260.0, 44.0), (328.0, 96.0), "gdz-dia-arrow", "head");
    s.text(
        130.0,
        68.0,
        "end",
        "gdz-dia-text gdz-dia-small",
        &["a CNN on images"],
    );
    s.text(
        310.0,
        68.0,
        "start",
        "gdz-dia-text gdz-dia-small",
        &["anything else"],
    );
    s.card(
        (6.0, 98.0, 212.0, 104.0),
        "gdz-dia-box",
        &[
            "SGD, Nesterov momentum 0.9",
            "weight decay about 5·10⁻⁴",
            "step or cosine schedule",
            "(lessons 4, 5 and 11)",
        ],
    );
    s.card(
        (222.0, 98.0, 212.0, 56.0),
        "gdz-dia-box",
        &["AdamW, lr 3·10⁻⁴", "weight decay 0.01 to 0.1"],
    );
    s.line((328.0, 154.0), (328.0, 174.0), "gdz-dia-arrow", "head");
    s.card(
        (222.0, 176.0, 212.0, 56.0),
        "gdz-dia-box",
        &["warmup over 5 to 10% of steps,", "then cosine decay"],
    );
    s.line((328.0, 232.0), (328.0, 252.0), "gdz-dia-arrow", "head");
    s.card(
        (222.0, 254.0, 212.0, 40.0),
        "gdz-dia-box",
        &["clip the gradient norm at 1.0"],
    );
    s.line((112.0, 202.0), (112.0, 318.0), "gdz-dia-arrow", "head");
    s.line((328.0, 294.0), (328.0, 318.0), "gdz-dia-arrow", "head");
    s.card(
        (6.0, 320.0, 428.0, 72.0),
        "gdz-dia-box gdz-dia-end",
        &[
            "Either way: set the peak rate with a range test,",
            "log the loss and the gradient norm,",
            "and if the loss diverges, lower the rate.",
        ],
    );
    s.finish(
        (440.0, 400.0),
        "Which optimizer and schedule to start from",
        "A flowchart. It asks what you are training. For a convolutional network on images: SGD with Nesterov \
         momentum 0.9, weight decay about 5·10⁻⁴ and a step or cosine schedule. For anything else: AdamW with \
         learning rate 3·10⁻⁴ and weight decay 0.01 to 0.1, then linear warmup over the first 5 to 10% of steps \
         followed by cosine decay, then clipping of the gradient norm at 1.0. Either way: set the peak learning \
         rate with a range test, log the loss and the gradient norm, and lower the rate if the loss diverges.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diagram_is_an_image_with_a_title_and_no_inline_style() {
        for (name, d) in DIAGRAMS {
            let svg = svg(*d);
            assert!(svg.starts_with("<svg class=\"gdz-dia\""), "{name}");
            assert!(svg.contains("role=\"img\""), "{name}");
            assert!(svg.contains("<title id="), "{name}");
            assert!(svg.contains("<desc id="), "{name}");
            assert!(!svg.contains("style="), "{name}: inline style");
            assert!(!svg.contains("NaN"), "{name}");
            assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        }
    }

    #[test]
    fn markers_become_svg() {
        let html = format!("<p>a</p>{}<p>b</p>", marker(Diagram::Curvature));
        let out = place(&html);
        assert!(out.contains("<svg class=\"gdz-dia\""), "{out}");
        assert!(!out.contains("gdz-diagram:"), "{out}");
    }
}
