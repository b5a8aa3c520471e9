//! LaTeX to MathML, done once when the site is built, so pages need no math script.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::{Content, Event};
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// Longest formula accepted, in bytes.
pub const MAX_LATEX_LEN: usize = 8192;

/// Whether a formula sits in a line of text or stands on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// `$…$`: inside a sentence.
    Inline,
    /// `$$…$$`: centred on its own.
    Block,
}

/// Converts `latex` to a `<math>` element, or says why the LaTeX does not parse.
pub fn to_mathml(latex: &str, display: Display) -> Result<String, String> {
    if latex.len() > MAX_LATEX_LEN {
        return Err(format!(
            "formula is {} bytes long; at most {MAX_LATEX_LEN} allowed",
            latex.len()
        ));
    }
    if latex.trim().is_empty() {
        return Err("empty formula".to_string());
    }
    let storage = Storage::new();
    let mut events = Vec::new();
    for event in Parser::new(latex, &storage) {
        match event {
            Ok(Event::Content(Content::Function(name))) if name.contains(['<', '>', '&', '"']) => {
                return Err(format!(
                    "operator name \"{name}\" in \"{}\" may not contain <, >, & or \"",
                    shorten(latex)
                ));
            }
            Ok(e) => events.push(e),
            Err(err) => {
                let text = err.to_string();
                let first = text.lines().next().unwrap_or("parsing error");
                let reason = first.strip_prefix("parsing error: ").unwrap_or(first);
                return Err(format!(
                    "LaTeX does not parse in \"{}\": {reason}",
                    shorten(latex)
                ));
            }
        }
    }
    let config = RenderConfig {
        display_mode: match display {
            Display::Inline => DisplayMode::Inline,
            Display::Block => DisplayMode::Block,
        },
        ..RenderConfig::default()
    };
    let mut out = String::new();
    push_mathml(
        &mut out,
        events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
        config,
    )
    .map_err(|e| format!("LaTeX could not be rendered in \"{}\": {e}", shorten(latex)))?;
    Ok(concise(&without_styles(&well_formed(&out))).replace("&amp;nbsp;", "&#160;"))
}

/// The MathML without attributes that restate a default: `display="inline"` on `<math>`
/// (inline is what `<math>` is), and `symmetric="false"` beside `stretchy="false"` (only
/// a stretching operator can be symmetric). Every page carries many of both.
fn concise(mathml: &str) -> String {
    mathml
        .replace("<math display=\"inline\">", "<math>")
        .replace(
            " symmetric=\"false\" stretchy=\"false\"",
            " stretchy=\"false\"",
        )
}

/// The MathML without `style` attributes, which a strict Content-Security-Policy
/// (`style-src 'self'`) refuses. The writer adds one only to repeat a negative
/// `<mspace>` width as a margin; the thin negative space it stands for is all that is
/// lost.
fn without_styles(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml;
    while let Some(at) = rest.find(" style=\"") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 8..).unwrap_or("");
        rest = after
            .find('"')
            .and_then(|e| after.get(e + 1..))
            .unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Escapes the `<`, `>` and `&` that the MathML writer leaves raw in element content
/// (it writes operators such as `<` as they are), keeping its tags and entities.
fn well_formed(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 16);
    let mut in_tag = false;
    let mut chars = mathml.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' if in_tag => out.push_str("&lt;"),
            '<' => {
                let next = chars.peek().map(|(_, n)| *n);
                if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/') {
                    in_tag = true;
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
            }
            '>' if in_tag => {
                in_tag = false;
                out.push('>');
            }
            '>' => out.push_str("&gt;"),
            '&' if !in_tag && !starts_entity(mathml.get(i + 1..).unwrap_or("")) => {
                out.push_str("&amp;")
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `rest` (the text after a `&`) begins a character reference such as `amp;`.
fn starts_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_style_attribute_survives() {
        let m = to_mathml("a \\! b", Display::Inline).unwrap();
        assert!(!m.contains("style="), "{m}");
        assert!(m.contains("<mspace width=\"-0.16666667em\" />"), "{m}");
        assert_eq!(
            without_styles("<a style=\"x\" b=\"1\">t</a>"),
            "<a b=\"1\">t</a>"
        );
        assert_eq!(
            without_styles("<a displaystyle=\"true\">"),
            "<a displaystyle=\"true\">"
        );
    }

    #[test]
    fn converts_inline_and_block() {
        let m = to_mathml(r"\theta \leftarrow \theta - \eta \nabla L", Display::Inline).unwrap();
        assert!(m.starts_with("<math>"), "{m}");
        assert!(m.contains("θ"), "{m}");
        let m = to_mathml(r"(a)", Display::Inline).unwrap();
        assert!(m.contains("<mo stretchy=\"false\">(</mo>"), "{m}");
        let m = to_mathml(r"\frac{1}{B}\sum_{i} a < b", Display::Block).unwrap();
        assert!(m.starts_with("<math display=\"block\">"), "{m}");
        assert!(m.contains("<mfrac>"), "{m}");
        assert!(m.contains("<mo>&lt;</mo>"), "{m}");
    }

    #[test]
    fn raw_operators_are_escaped_and_tags_kept() {
        let m = to_mathml(r"a < b > c \& d \text{x<y}", Display::Inline).unwrap();
        assert_eq!(
            m,
            "<math><mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&gt;</mo><mi>c</mi><mi>&amp;</mi><mi>d</mi><mtext>x&lt;y</mtext></math>"
        );
        let m = to_mathml(r"a~b", Display::Inline).unwrap();
        assert!(m.contains("<mtext>&#160;</mtext>"), "{m}");
        let e = to_mathml(r"\operatorname{a<script>}", Display::Inline).unwrap_err();
        assert!(e.contains("may not contain"), "{e}");
    }

    #[test]
    fn reports_broken_latex() {
        for bad in [r"\frac{1}{", r"\notacommand x", r"x^", "a}b", "  "] {
            let e = to_mathml(bad, Display::Inline).unwrap_err();
            assert!(!e.is_empty(), "{bad}");
        }
        let e = to_mathml(r"\frac{1}{", Display::Inline).unwrap_err();
        assert!(e.contains("\\frac{1}{"), "{e}");
    }
}
