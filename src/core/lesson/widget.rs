//! One widget line, `{{ name attr="value" … }}`: parsed, checked against the widget
//! table, and rendered as a custom element with a fallback paragraph for readers
//! without JavaScript.

use super::html::escape;
use crate::core::schema::{self, Default, Kind, Widget as WidgetDef};

/// A checked widget line.
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    /// The 1-based line it is on.
    pub line: usize,
    /// Its entry in the widget table.
    pub def: &'static WidgetDef,
    /// Its attributes, in the order written.
    pub attrs: Vec<(String, String)>,
}

impl Widget {
    /// The value of attribute `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses and checks the widget line `text` (trimmed) found at `line`; returns every
/// problem found on that line.
pub fn parse(line: usize, text: &str) -> Result<Widget, Vec<String>> {
    let (name, attrs) = split(text).map_err(|e| vec![e])?;
    let def = schema::find(&name).ok_or_else(|| {
        vec![format!(
            "unknown widget \"{name}\"; known: {}",
            schema::names()
        )]
    })?;
    let mut problems = Vec::new();
    for (i, (key, _)) in attrs.iter().enumerate() {
        if def.attr(key).is_none() {
            problems.push(format!(
                "unknown attribute \"{key}\" for widget {}; allowed: {}",
                def.name,
                def.attr_names()
            ));
        } else if attrs.iter().take(i).any(|(k, _)| k == key) {
            problems.push(format!("attribute {key} is given twice"));
        }
    }
    if problems.is_empty() {
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        problems = schema::read(def, &get)
            .1
            .into_iter()
            .map(|p| {
                if p.missing {
                    let kind = def.attr(p.attr).map_or("", |a| a.kind.describe());
                    format!(
                        "widget {} needs the attribute {} ({kind})",
                        def.name, p.attr
                    )
                } else {
                    format!("widget {}, attribute {p}", def.name)
                }
            })
            .collect();
    }
    if problems.is_empty() {
        Ok(Widget { line, def, attrs })
    } else {
        Err(problems)
    }
}

/// Splits `{{ name key="value" … }}` into the name and the attributes.
fn split(text: &str) -> Result<(String, Vec<(String, String)>), String> {
    let inner = text
        .strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .ok_or_else(|| {
            "a widget is one line of its own that starts with {{ and ends with }}".to_string()
        })?;
    let mut rest = inner.trim_start();
    let name = ident(rest, '-');
    if name.is_empty() {
        return Err(format!(
            "a widget line starts with the widget's name after {{{{; known: {}",
            schema::names()
        ));
    }
    rest = rest.get(name.len()..).unwrap_or("");
    let mut attrs = Vec::new();
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() {
            return Err(format!("expected a space before \"{}\"", shorten(trimmed)));
        }
        let key = ident(trimmed, '_');
        let after_key = trimmed.get(key.len()..).unwrap_or("");
        // A value is in double quotes, or in single quotes when it holds a double quote
        // (a formula: surface='expr(f="x^2")').
        let quote = match after_key.get(..2) {
            Some("=\"") => '"',
            Some("='") => '\'',
            _ => ' ',
        };
        let Some(quoted) = after_key
            .get(2..)
            .filter(|_| quote != ' ' && !key.is_empty())
        else {
            return Err(format!(
                "expected name=\"value\" at \"{}\"",
                shorten(trimmed)
            ));
        };
        let Some((value, after)) = quoted.split_once(quote) else {
            return Err(format!("the value of {key} has no closing {quote}"));
        };
        attrs.push((key.to_string(), value.to_string()));
        rest = after;
    }
    Ok((name.to_string(), attrs))
}

/// The name at the start of `s`: letters, digits (not first), `_` and `also` (`-` in
/// widget names such as `lr-finder`).
fn ident(s: &str, also: char) -> &str {
    let end = s
        .char_indices()
        .find(|(i, c)| {
            !(c.is_ascii_alphanumeric() || *c == '_' || *c == also)
                || (*i == 0 && !c.is_ascii_alphabetic())
        })
        .map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or("")
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// The widget as HTML: `<gdz-NAME attr="…">` holding a `<p class="gdz-fallback">` that
/// describes it in words; with a `caption`, wrapped in a `<figure>` with a
/// `<figcaption>`.
pub fn render(w: &Widget) -> String {
    let tag = w.def.tag();
    let mut out = String::new();
    let caption = w.get("caption").map(str::trim).filter(|c| !c.is_empty());
    if caption.is_some() {
        out.push_str("<figure class=\"gdz-figure\">\n");
    }
    out.push('<');
    out.push_str(&tag);
    for (k, v) in &w.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(&escape(v));
        out.push('"');
    }
    out.push_str(">\n<p class=\"gdz-fallback\">");
    out.push_str(&escape(&fallback(w)));
    out.push_str("</p>\n</");
    out.push_str(&tag);
    out.push_str(">\n");
    if let Some(c) = caption {
        out.push_str("<figcaption>");
        out.push_str(&escape(c));
        out.push_str("</figcaption>\n</figure>\n");
    }
    out
}

/// The words a reader without JavaScript sees in place of the widget.
pub fn fallback(w: &Widget) -> String {
    let settings: Vec<String> = w
        .def
        .attrs
        .iter()
        .filter(|a| a.name != "caption")
        .filter_map(|a| {
            // Given values, and the surface the widget draws when none is given.
            let v = w.get(a.name).or(match (a.kind, a.default) {
                (Kind::Surface { .. }, Default::Spec(d)) => Some(d),
                _ => None,
            })?;
            let v = v.split(';').map(str::trim).collect::<Vec<_>>().join(", ");
            Some(format!("{} {}", a.label, v.trim()))
        })
        .collect();
    let mut out = format!("Interactive widget. {}", w.def.summary);
    if !settings.is_empty() {
        out.push_str(" Settings: ");
        out.push_str(&settings.join("; "));
        out.push('.');
    }
    out.push_str(" It runs in the browser and needs JavaScript and WebAssembly.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_name_and_attributes() {
        let w = parse(
            3,
            r#"{{ race surface="quadratic(a=1, b=25)" optimizers="sgd(lr=0.1); sgd(lr=0.01)" start="-1.5,1" }}"#,
        )
        .unwrap();
        assert_eq!(w.def.name, "race");
        assert_eq!(w.line, 3);
        assert_eq!(w.get("start"), Some("-1.5,1"));
        assert_eq!(w.attrs.len(), 3);
        let w = parse(1, "{{schedules}}").unwrap();
        assert!(w.attrs.is_empty());
    }

    #[test]
    fn rejects_bad_syntax_unknown_names_and_missing_required() {
        let one = |t: &str| parse(1, t).unwrap_err().join(" | ");
        assert!(one("{{ race optimizers=\"sgd\"").contains("ends with }}"));
        assert!(one("{{ }}").contains("widget's name"));
        assert!(one("{{ racer }}").contains("unknown widget \"racer\"; known: playground"));
        assert!(one("{{ race optimizers=sgd }}").contains("expected name=\"value\""));
        assert!(one("{{ race optimizers=\"sgd }}").contains("no closing \""));
        assert!(one("{{ race optimizers='sgd }}").contains("no closing '"));
        assert!(one("{{ race optimizers=\"sgd\"steps=\"3\" }}").contains("space before"));
        let e = one("{{ race optimizers=\"sgd\" colour=\"red\" }}");
        assert!(
            e.contains(
                "unknown attribute \"colour\" for widget race; allowed: surface, optimizers"
            ),
            "{e}"
        );
        assert!(one("{{ race }}").contains("needs the attribute optimizers"));
        assert!(one("{{ race optimizers=\"sgd\" steps=\"1\" steps=\"2\" }}").contains("twice"));
        assert!(one("{{ race optimizers=\"nope\" }}")
            .starts_with("widget race, attribute optimizers: unknown optimizer \"nope\""));
    }

    #[test]
    fn a_single_quoted_value_may_hold_double_quotes() {
        let w = parse(1, r#"{{ playground surface='expr(f="x^2 + 3*y^2")' }}"#).unwrap();
        assert_eq!(w.get("surface"), Some(r#"expr(f="x^2 + 3*y^2")"#));
        let html = render(&w);
        assert!(
            html.contains(r#"<gdz-playground surface="expr(f=&quot;x^2 + 3*y^2&quot;)">"#),
            "{html}"
        );
    }

    #[test]
    fn renders_escaped_custom_element_with_fallback() {
        let w = parse(
            1,
            r#"{{ playground surface="quadratic(a=1, b=25)" optimizer="sgd(lr=0.05)" caption="<b>Zig</b> & zag" }}"#,
        )
        .unwrap();
        let html = render(&w);
        assert!(html.starts_with("<figure class=\"gdz-figure\">\n<gdz-playground surface=\"quadratic(a=1, b=25)\" optimizer=\"sgd(lr=0.05)\" caption=\"&lt;b&gt;Zig&lt;/b&gt; &amp; zag\">"), "{html}");
        assert!(
            html.contains("<p class=\"gdz-fallback\">Interactive widget. A playground"),
            "{html}"
        );
        assert!(
            html.contains("surface quadratic(a=1, b=25); optimizer sgd(lr=0.05)."),
            "{html}"
        );
        assert!(html.contains("<figcaption>&lt;b&gt;Zig&lt;/b&gt; &amp; zag</figcaption>"));
        assert!(html.contains("</gdz-playground>\n<figcaption>"), "{html}");
        assert!(html.ends_with("</figcaption>\n</figure>\n"), "{html}");
        let plain = render(&parse(1, "{{ ball }}").unwrap());
        assert!(plain.starts_with("<gdz-ball>"), "{plain}");
        assert!(plain.contains("curve quartic"), "{plain}");
    }
}
