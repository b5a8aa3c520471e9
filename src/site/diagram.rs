//! The lessons' diagrams, drawn as inline SVG when the site is built, so they need no
//! JavaScript. Everything is drawn in `currentColor` (the page's text colour, so the dark
//! theme follows), faded with opacity attributes, or in the two colour classes of
//! `www/pages.css`; never with `style` attributes, which the pages' Content-Security-
//! Policy forbids. Each SVG is an image with a title and a description for screen
//! readers; the lesson writes the caption under it.

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

/// The arrowheads: their names in ids, and the class that colours each.
const HEADS: [(&str, &str); 3] = [
    ("head", ""),
    ("steep", "gdz-dia-steep"),
    ("shallow", "gdz-dia-shallow"),
];

/// An SVG being drawn: its elements, the prefix of its ids (unique on a page) and the
/// arrowheads it uses.
struct Svg {
    id: &'static str,
    body: String,
    heads: Vec<&'static str>,
    /// The plain boxes and muted lines, drawn first, each set in one group that holds
    /// their common attributes.
    boxes: String,
    lines: String,
}

/// The opacity that fades a stroke in the text colour to a muted grey.
const MUTED: &str = " stroke-opacity=\".55\"";

/// ` class="…"`, or nothing for no class.
fn class(c: &str) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(" class=\"{c}\"")
    }
}

/// A coordinate, to a tenth, without a trailing `.0`.
fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

impl Svg {
    fn new(id: &'static str) -> Svg {
        Svg {
            id,
            body: String::new(),
            heads: Vec::new(),
            boxes: String::new(),
            lines: String::new(),
        }
    }

    /// A line from `a` to `b` in colour class `c`, with arrowhead `head` (see [`HEADS`])
    /// at `b`.
    fn line(&mut self, a: (f64, f64), b: (f64, f64), c: &str, head: &'static str) {
        if !self.heads.contains(&head) {
            self.heads.push(head);
        }
        let end = format!(
            "x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#{}-{head})\"/>\n",
            n(a.0),
            n(a.1),
            n(b.0),
            n(b.1),
            self.id
        );
        if c.is_empty() {
            self.lines.push_str(&["<line ", &end].concat());
        } else {
            self.body.push_str(&format!(
                "<line{} stroke=\"currentColor\" stroke-width=\"2.5\" {end}",
                class(c)
            ));
        }
    }

    /// Lines of text centred on `x` (or starting or ending there, by `anchor`), the
    /// first on baseline `y`, 16 units apart.
    fn text(&mut self, x: f64, y: f64, anchor: &str, c: &str, lines: &[&str]) {
        let (c, fade) = match c {
            "muted" => ("", " fill-opacity=\".75\""),
            c => (c, ""),
        };
        let anchor = if anchor == "middle" {
            String::new()
        } else {
            format!(" text-anchor=\"{anchor}\"")
        };
        self.body.push_str(&format!(
            "<text{} x=\"{}\" y=\"{}\"{anchor}{fade}>",
            class(c),
            n(x),
            n(y)
        ));
        for (i, l) in lines.iter().enumerate() {
            let l = subscripts(&escape(l));
            if i == 0 {
                self.body.push_str(&l);
            } else {
                self.body
                    .push_str(&format!("<tspan x=\"{}\" dy=\"16\">{l}</tspan>", n(x)));
            }
        }
        self.body.push_str("</text>\n");
    }

    /// A box with rounded corners (its outline in colour class `c`) and its lines of
    /// text, centred.
    fn card(&mut self, (x, y, w, h): (f64, f64, f64, f64), c: &str, lines: &[&str]) {
        let rect = format!(
            "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>\n",
            n(x),
            n(y),
            n(w),
            n(h)
        );
        if c.is_empty() {
            self.boxes.push_str(&["<rect ", &rect].concat());
        } else {
            self.body.push_str(&format!(
                "<rect{} fill-opacity=\".06\" stroke=\"currentColor\" {rect}",
                class(c)
            ));
        }
        let top = y + h / 2.0 - 8.0 * (lines.len() as f64 - 1.0) + 4.5;
        self.text(x + w / 2.0, top, "middle", "", lines);
    }

    /// The finished SVG: an image named by `title` and described by `desc`.
    fn finish(self, view: (f64, f64), title: &str, desc: &str) -> String {
        let id = self.id;
        let heads: String = HEADS
            .iter()
            .filter(|(h, _)| self.heads.contains(h))
            .map(|(h, c)| {
                format!(
                    "<marker id=\"{id}-{h}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"{}\" markerHeight=\"{}\" orient=\"auto\"><path{} d=\"M0,0 L10,5 L0,10 z\"{}/></marker>",
                    if c.is_empty() { 6 } else { 4 },
                    if c.is_empty() { 6 } else { 4 },
                    class(c),
                    if c.is_empty() { " fill-opacity=\".6\"" } else { "" }
                )
            })
            .collect();
        format!(
            "<svg class=\"gdz-dia\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" fill=\"currentColor\" font-size=\"12.5\" text-anchor=\"middle\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
             <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n\
             <defs>{heads}</defs>\n\
             <g fill-opacity=\".06\" stroke=\"currentColor\" stroke-opacity=\".35\">\n{}</g>\n\
             <g stroke=\"currentColor\" stroke-width=\"1.5\"{MUTED}>\n{}</g>\n{}</svg>",
            n(view.0),
            n(view.1),
            escape(title),
            escape(desc),
            self.boxes,
            self.lines,
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
                "{before}λ<tspan font-size=\"10\" dy=\"4\">{sub}</tspan><tspan dy=\"-4\">{after}</tspan>"
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
            "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" fill=\"none\" stroke=\"currentColor\"{MUTED}/>\n",
            n(centre.0),
            n(centre.1),
            n(rx),
            n(ry)
        ));
    }
    s.body.push_str("</g>\n");
    let shallow_tip = turn(centre, angle, (190.0, 0.0));
    let steep_tip = turn(centre, angle, (0.0, -72.0));
    s.line(centre, shallow_tip, "gdz-dia-shallow", "shallow");
    s.line(centre, steep_tip, "gdz-dia-steep", "steep");
    s.body.push_str(&format!(
        "<circle cx=\"{}\" cy=\"{}\" r=\"4\"/>\n",
        n(centre.0),
        n(centre.1)
    ));
    s.text(centre.0 - 8.0, centre.1 + 24.0, "end", "", &["minimum"]);
    s.text(
        shallow_tip.0 - 4.0,
        shallow_tip.1 - 30.0,
        "middle",
        "gdz-dia-shallow",
        &["λ_min: shallow", "contours far apart"],
    );
    s.text(
        steep_tip.0 - 6.0,
        steep_tip.1 - 30.0,
        "middle",
        "gdz-dia-steep",
        &["λ_max: steep", "contours close together"],
    );
    s.finish(
        (440.0, 236.0),
        "The curvature directions of a quadratic bowl",
        "Nested elliptical contours of a turned bowl. An arrow along their long axis marks the shallow \
         direction, λ_min, where the contours are far apart; an arrow along the short axis marks the steep \
         direction, λ_max, where they are close together. The minimum is at the centre.",
    )
}

/// Lesson 14's recipe as a flowchart: AdamW with warmup, cosine decay and clipping by
/// default, SGD with Nesterov momentum for a CNN on images; then, either way, the range
/// test and the two numbers to watch.
fn optimizer_choice() -> String {
    let mut s = Svg::new("gdz-dia-choice");
    s.card(
        (120.0, 8.0, 200.0, 36.0),
        "gdz-dia-shallow",
        &["What are you training?"],
    );
    s.line((180.0, 44.0), (112.0, 96.0), "", "head");
    s.line((260.0, 44.0), (328.0, 96.0), "", "head");
    s.text(130.0, 68.0, "end", "muted", &["a CNN on images"]);
    s.text(310.0, 68.0, "start", "muted", &["anything else"]);
    s.card(
        (6.0, 98.0, 212.0, 104.0),
        "",
        &[
            "SGD, Nesterov momentum 0.9",
            "weight decay about 5·10⁻⁴",
            "step or cosine schedule",
            "(lessons 4, 5 and 11)",
        ],
    );
    s.card(
        (222.0, 98.0, 212.0, 56.0),
        "",
        &["AdamW, lr 3·10⁻⁴", "weight decay 0.01 to 0.1"],
    );
    s.line((328.0, 154.0), (328.0, 174.0), "", "head");
    s.card(
        (222.0, 176.0, 212.0, 56.0),
        "",
        &["warmup over 5 to 10% of steps,", "then cosine decay"],
    );
    s.line((328.0, 232.0), (328.0, 252.0), "", "head");
    s.card(
        (222.0, 254.0, 212.0, 40.0),
        "",
        &["clip the gradient norm at 1.0"],
    );
    s.line((112.0, 202.0), (112.0, 318.0), "", "head");
    s.line((328.0, 294.0), (328.0, 318.0), "", "head");
    s.card(
        (6.0, 320.0, 428.0, 72.0),
        "gdz-dia-shallow",
        &[
            "Either way: set the peak rate with a range test,",
            "log the loss and the gradient norm,",
            "and if the loss diverges, lower the rate.",
        ],
    );
    s.finish(
        (440.0, 400.0),
        "Which optimizer and schedule to start from",
        "A flowchart of the recipe above: SGD with Nesterov momentum for a CNN on images; \
         otherwise AdamW, warmup then cosine decay, and clipping at 1.0; either way a range test, \
         and the loss and gradient norm watched.",
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
