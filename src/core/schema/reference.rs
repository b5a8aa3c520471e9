//! The schema as Markdown: the attribute tables of `lessons/AUTHORING.md` are this text,
//! held to it by a test (`tests/schema_docs.rs`), so the prose cannot drift from what
//! the widgets accept.

use super::WIDGETS;

/// Marks the start of the generated block in `AUTHORING.md`.
pub const BEGIN: &str = "<!-- widget attributes: generated from src/core/schema; do not edit -->";
/// Marks its end.
pub const END: &str = "<!-- end of widget attributes -->";

/// One Markdown section per widget: what it shows, then a table of its attributes with
/// kind, limits, default and description.
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::new();
    for w in WIDGETS {
        out.push_str(&format!("### `{}`\n\n{}\n\n", w.name, w.summary));
        out.push_str("| attribute | value | limits | default | what it does |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for a in w.attrs {
            out.push_str(&format!(
                "| `{}`{} | {} | {} | {} | {} |\n",
                a.name,
                if a.required { " (required)" } else { "" },
                a.kind.describe(),
                cell(&a.limits()),
                a.default_text(w)
                    .map_or_else(|| "none".to_string(), |d| format!("`{}`", cell(&d))),
                cell(a.doc),
            ));
        }
        out.push('\n');
    }
    out
}
