//! One wasm module per set of widgets: a page loads only the code of the widgets it
//! shows, which keeps every lesson page inside its weight budget.
//!
//! trunk builds the full module (every widget), which the development server, the
//! gallery and `embed.js` use. A release build also makes one smaller module for each
//! set of widgets that some page uses (`.ci/post-build` builds them with only those
//! widgets' cargo features) and hands their file names back in a map; each page then
//! loads its own set's module instead of the full one.

use std::collections::BTreeMap;

use crate::core::error::{Error, Result};
use crate::core::schema::{Kind, WIDGETS};

/// The widgets whose elements appear in `html`, in the table's order, then
/// `certificate` when the page holds the certificate and `expr` when a widget's
/// attributes hold a formula (`expr(…)`), `schedule` when a widget is given a schedule
/// (any but `constant` needs it), then `quiz` when it has a quick check or a
/// prediction and `copy` when it has a code block with a copy button: the cargo features
/// its module needs.
pub fn widget_set(html: &str) -> Vec<&'static str> {
    let mut set: Vec<&'static str> = WIDGETS
        .iter()
        .map(|w| w.name)
        .chain(["certificate"])
        .filter(|name| {
            let tag = format!("<gdz-{name}");
            html.match_indices(&tag).any(|(i, _)| {
                matches!(
                    html.as_bytes().get(i + tag.len()),
                    Some(b' ' | b'>' | b'\n' | b'\t' | b'/')
                )
            })
        })
        .collect();
    // Each widget element's opening tag, attributes and all.
    let tags = || {
        html.match_indices("<gdz-").map(|(i, _)| {
            let rest = html.get(i..).unwrap_or("");
            rest.get(..rest.find('>').unwrap_or(rest.len()))
                .unwrap_or("")
        })
    };
    if !set.is_empty() && tags().any(|tag| tag.contains("expr(")) {
        set.push("expr");
    }
    // Schedules other than `constant`, for a widget given an attribute that takes one
    // (the schema's schedule kinds; the chart's feature brings them).
    let scheduled = tags().any(|tag| {
        WIDGETS.iter().flat_map(|w| w.attrs).any(|a| {
            matches!(
                a.kind,
                Kind::Schedule { .. } | Kind::Schedules { .. } | Kind::RunSchedules { .. }
            ) && tag.contains(&format!(" {}=", a.name))
        })
    });
    if scheduled {
        set.push("schedule");
    }
    if html.contains("<gdz-quiz") || html.contains("<gdz-predict") {
        set.push("quiz");
    }
    if html.contains("class=\"gdz-code\"") {
        set.push("copy");
    }
    set
}

/// The name of a set's module: its widgets joined by `-`, or `page` for none.
pub fn set_key(set: &[&str]) -> String {
    if set.is_empty() {
        "page".to_string()
    } else {
        set.join("-")
    }
}

/// A module's two files: the JS glue and the wasm, as plain file names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The JS glue, e.g. `gdz-race-1a2b.js`.
    pub js: String,
    /// The wasm, e.g. `gdz-race-1a2b_bg.wasm`.
    pub wasm: String,
}

/// The module trunk built, found in the template's loader script
/// (`module_or_path: '/gdz-HASH_bg.wasm'`).
pub fn trunk_module(template: &str) -> Option<Module> {
    let end = template.find("_bg.wasm")?;
    let start = template.get(..end)?.rfind(['/', '\'', '"'])? + 1;
    let stem = template.get(start..end)?;
    if stem.is_empty()
        || !stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some(Module {
        js: format!("{stem}.js"),
        wasm: format!("{stem}_bg.wasm"),
    })
}

/// Reads a module map: one line per set, `KEY JS WASM` separated by whitespace.
pub fn parse_map(text: &str, path: &str) -> Result<BTreeMap<String, Module>> {
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            [] => {}
            [key, js, wasm] if js.ends_with(".js") && wasm.ends_with(".wasm") => {
                map.insert(
                    key.to_string(),
                    Module {
                        js: js.to_string(),
                        wasm: wasm.to_string(),
                    },
                );
            }
            _ => {
                return Err(Box::new(Error::File {
                    path: path.to_string(),
                    line: i + 1,
                    message: "expected `KEY FILE.js FILE.wasm`".into(),
                }))
            }
        }
    }
    Ok(map)
}

/// `html` loading `module` instead of trunk's full module `full`.
pub fn swap(html: &str, full: &Module, module: &Module) -> String {
    html.replace(&full.wasm, &module.wasm)
        .replace(&full.js, &module.js)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_widgets_a_page_shows() {
        let html = "<gdz-race optimizers=\"sgd\"></gdz-race>\n<gdz-playground>\
                    </gdz-playground><gdz-certificate></gdz-certificate>\
                    <p>&lt;gdz-ball&gt;</p><gdz-balloon>";
        assert_eq!(widget_set(html), vec!["playground", "race", "certificate"]);
        assert_eq!(set_key(&widget_set(html)[..2]), "playground-race");
        assert_eq!(set_key(&[]), "page");
        let html = "<p>expr(f=…) in the text</p><gdz-ball surface=\"expr(f=&quot;x^4&quot;)\">\
                    </gdz-ball><gdz-race></gdz-race>";
        assert_eq!(widget_set(html), vec!["race", "ball", "expr"]);
        assert_eq!(set_key(&widget_set(html)), "race-ball-expr");
        assert_eq!(
            widget_set("<gdz-race></gdz-race> expr(f=\"x\")"),
            vec!["race"]
        );
        // A lesson with a quick check or a prediction needs the quiz code; a lab does not.
        let lesson = "<gdz-predict id=\"p\"></gdz-predict><gdz-race></gdz-race>";
        assert_eq!(widget_set(lesson), vec!["race", "quiz"]);
        assert_eq!(widget_set("<gdz-quiz id=\"q\"></gdz-quiz>"), vec!["quiz"]);
        assert_eq!(widget_set("<gdz-network></gdz-network>"), vec!["network"]);
        let code = "<div class=\"gdz-code\"><pre>x</pre></div><gdz-quiz></gdz-quiz>";
        assert_eq!(widget_set(code), vec!["quiz", "copy"]);
        // A schedule given to any widget (the word in the text does not count).
        let chart = "<gdz-schedules schedules=\"cosine(t_max=9)\"></gdz-schedules>";
        assert_eq!(widget_set(chart), vec!["schedules", "schedule"]);
        assert_eq!(
            widget_set("<gdz-schedules></gdz-schedules>"),
            vec!["schedules"]
        );
        let given = "<gdz-compare left=\"sgd\" right_schedule=\"step(step_size=5)\"></gdz-compare>";
        assert_eq!(widget_set(given), vec!["compare", "schedule"]);
        let given = "<gdz-network schedule=\"onecycle(max_lr=1, total_steps=9)\">";
        assert_eq!(widget_set(given), vec!["network", "schedule"]);
        let told = "<p>schedule=\"cosine\"</p><gdz-playground optimizer=\"sgd\"></gdz-playground>";
        assert_eq!(widget_set(told), vec!["playground"]);
    }

    #[test]
    fn finds_trunks_module_and_swaps_it() {
        let t = "<link rel=\"modulepreload\" href=\"/zoo/gdz-ab12.js\">\n\
                 import init from '/zoo/gdz-ab12.js';\n\
                 init({ module_or_path: '/zoo/gdz-ab12_bg.wasm' });";
        let full = trunk_module(t).unwrap();
        assert_eq!(full.js, "gdz-ab12.js");
        assert_eq!(full.wasm, "gdz-ab12_bg.wasm");
        let m = Module {
            js: "gdz-race-9f.js".into(),
            wasm: "gdz-race-9f_bg.wasm".into(),
        };
        let out = swap(t, &full, &m);
        assert!(out.contains("/zoo/gdz-race-9f.js\""));
        assert!(out.contains("'/zoo/gdz-race-9f_bg.wasm'"));
        assert!(!out.contains("ab12"));
        assert_eq!(trunk_module("no module here"), None);
    }

    #[test]
    fn reads_a_module_map_and_rejects_bad_lines() {
        let m = parse_map("race a.js a_bg.wasm\n\npage b.js b_bg.wasm\n", "m").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m["page"].js, "b.js");
        let e = parse_map("race a.js\n", "m.txt").unwrap_err();
        assert!(e.to_string().contains("m.txt:1"), "{e}");
    }
}
