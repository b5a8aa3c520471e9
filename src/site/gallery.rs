//! The gallery: every widget live, with its attributes and the code that embeds it on
//! any other page. It is the embedding documentation, built from the widget schema
//! ([`crate::core::schema`]) that the widgets and the lesson build read attributes
//! through, so its kinds, limits and defaults are the ones the widgets apply.

use super::links::Links;
use crate::core::lesson::html::escape;
use crate::core::lesson::widget;
use crate::core::schema::WIDGETS;

/// Where the gallery lives under the site's base.
pub const PATH: &str = "gallery/";

/// One example per widget, written as a lesson would write it.
const EXAMPLES: &[&str] = &[
    r#"{{ playground surface="rosenbrock" optimizer="adam(lr=0.05); sgd(lr=0.001, momentum=0.9)" start="-1.5,2" steps="300" id="play" }}"#,
    r#"{{ race surface="beale" optimizers="sgd(lr=0.01); sgd(lr=0.002, momentum=0.9); rmsprop(lr=0.01); adam(lr=0.05); lion(lr=0.005); sophia(lr=0.05)" start="1,1.5" steps="1000" }}"#,
    r#"{{ ball surface="quartic" lr="0.01" start="-1" momentum="0.9" steps="200" }}"#,
    r#"{{ landscape surface="himmelblau" optimizers="adam(lr=0.1); sgd(lr=0.01)" start="0,0" steps="150" }}"#,
    r#"{{ schedules schedules="constant; step(step_size=30, gamma=0.5); cosine(t_max=100); onecycle(max_lr=0.1, total_steps=100); warmup_cosine(warmup_steps=10, total_steps=100)" lr="0.1" steps="100" }}"#,
    r#"{{ compare surface="saddle" left="sgd(lr=0.05)" right="sgd(lr=0.05, momentum=0.9)" start="-1.5,0.001" steps="150" }}"#,
    r#"{{ regression points="[[1,2],[2,4],[3,6]]" w="0.5" b="0.1" lr="0.01" steps="200" }}"#,
    r#"{{ anatomy optimizer="adam(lr=0.1)" surface="quadratic(a=1, b=25)" start="-1.5,1" }}"#,
    r#"{{ network data="moons(n=200, noise=0.15, test=0.25, seed=1)" optimizer="adam(lr=0.01); sgd(lr=0.1)" batch="32" steps="1500" id="net" }}"#,
    r#"{{ lr-finder data="moons(n=200, noise=0.15, test=0.25, seed=1)" optimizer="adam" target="net" }}"#,
    r#"{{ slice data="moons(n=200, noise=0.15, test=0.25, seed=1)" optimizer="sgd(lr=0.1)" batch="8; 200" steps="1500" }}"#,
    r#"{{ map surface="quadratic(a=1, b=25)" optimizer="sgd(lr=0.03, momentum=0.5)" x="lr" x_range="0.001,1" y="momentum" y_range="0,0.99" cells="64" steps="300" for="play" }}"#,
];

/// The gallery's main block.
pub fn main(links: &Links) -> String {
    let embed = links.absolute("embed.js");
    let mut out = format!(
        "<article class=\"gdz-lesson gdz-gallery\">\n<h1>Widget gallery</h1>\n\
         <p class=\"lede\">Every widget of the course, live, with the attributes it takes. \
         To put one on your own page, load <code>{e}</code> once and write the widget's tag; \
         each widget's <em>Copy embed code</em> button gives the tag for exactly what it shows.</p>\n\
         <pre><code>{code}</code></pre>\n<p>Attributes are the settings a lesson writes; \
         a link can override them (<code>?race1.steps=500</code>), and \
         <code>controls</code> lists the controls to show (the rest are hidden).</p>\n",
        e = escape(&embed),
        code = escape(&format!(
            "<script type=\"module\" src=\"{embed}\"></script>\n<gdz-race optimizers=\"sgd(lr=0.01); adam(lr=0.05)\"></gdz-race>"
        )),
    );
    for (def, example) in WIDGETS.iter().zip(EXAMPLES) {
        out.push_str(&format!(
            "<section aria-labelledby=\"w-{n}\">\n<h2 id=\"w-{n}\"><code>&lt;gdz-{n}&gt;</code></h2>\n<p>{s}</p>\n",
            n = def.name,
            s = escape(def.summary)
        ));
        match widget::parse(0, example) {
            Ok(w) => out.push_str(&widget::render(&w)),
            Err(e) => out.push_str(&format!("<p>{}</p>", escape(&e.join("; ")))),
        }
        out.push_str(
            "<table>\n<thead><tr><th scope=\"col\">attribute</th><th scope=\"col\">value</th><th scope=\"col\">limits</th><th scope=\"col\">default</th></tr></thead>\n<tbody>\n",
        );
        for a in def.attrs {
            out.push_str(&format!(
                "<tr><td><code>{}</code>{}</td><td>{} — {}</td><td>{}</td><td>{}</td></tr>\n",
                a.name,
                if a.required { " (required)" } else { "" },
                escape(a.kind.describe()),
                escape(a.doc),
                escape(&a.limits()),
                match a.default_parts(def) {
                    None => String::from("none"),
                    Some((None, t)) => format!("<code>{}</code>", escape(&t)),
                    Some((Some(rule), t)) =>
                        format!("{} (<code>{}</code>)", escape(rule), escape(&t)),
                }
            ));
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("</article>\n");
    out
}

/// `embed.js`: loads the full module (every widget) and the widget stylesheet into any
/// page, relative to where the script itself is served.
pub fn embed_script(js: &str, wasm: &str, css: Option<&str>) -> String {
    let css = css.map_or(String::new(), |c| {
        format!(
            "const css = document.createElement('link');\ncss.rel = 'stylesheet';\ncss.href = new URL('{c}', import.meta.url).href;\ndocument.head.append(css);\n"
        )
    });
    format!(
        "// Gradient Descent Zoo's widgets on any page: load this module once, then write\n\
         // the widgets' tags (see the gallery for each widget's attributes).\n\
         {css}const {{ default: init }} = await import(new URL('{js}', import.meta.url).href);\n\
         await init({{ module_or_path: new URL('{wasm}', import.meta.url) }});\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_widget_has_a_valid_example() {
        assert_eq!(EXAMPLES.len(), WIDGETS.len());
        for (def, ex) in WIDGETS.iter().zip(EXAMPLES) {
            let w = widget::parse(0, ex).unwrap_or_else(|e| panic!("{ex}: {e:?}"));
            assert_eq!(w.def.name, def.name);
        }
        let html = main(&Links::new("/", None));
        for def in WIDGETS {
            assert!(
                html.contains(&format!("<gdz-{} ", def.name)),
                "{}",
                def.name
            );
        }
        assert!(
            !html.contains("<script type"),
            "the embed example is escaped"
        );
    }

    #[test]
    fn the_embed_script_loads_the_module_beside_it() {
        let s = embed_script("gdz-1.js", "gdz-1_bg.wasm", Some("widgets-2.css"));
        assert!(s.contains("new URL('gdz-1.js', import.meta.url)"));
        assert!(s.contains("new URL('gdz-1_bg.wasm', import.meta.url)"));
        assert!(s.contains("widgets-2.css"));
    }
}
