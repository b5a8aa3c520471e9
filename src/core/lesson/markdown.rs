//! Markdown prose to HTML: CommonMark with tables, footnotes, strikethrough and math;
//! formulas become MathML, headings get ids (and `##` ones a table-of-contents entry),
//! code blocks get a copy button, and directive placeholders become their HTML.

use super::front_matter::Problems;
use super::ids::Ids;
use super::math::{to_mathml, Display};
use super::scan::placeholder_index;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The copy button put at the top of every code block; the web layer wires it up.
pub const COPY_BUTTON: &str = r#"<button type="button" class="copy" data-copy>Copy</button>"#;

/// One entry of the on-page table of contents: a `##` heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// The heading's id.
    pub id: String,
    /// The heading's content as HTML (formulas as MathML, links removed).
    pub html: String,
    /// The heading's plain text.
    pub text: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// The `##` headings, in order.
    pub toc: Vec<TocEntry>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
}

/// Byte offsets where each line starts, to turn an offset into a line number.
struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts, first_line }
    }
    fn line_of(&self, offset: usize) -> usize {
        let idx = self.starts.partition_point(|s| *s <= offset);
        self.first_line + idx.saturating_sub(1)
    }
}

/// Renders `markdown`, whose first line is line `first_line` of its file.
///
/// `directives[i]` is the HTML that replaces placeholder `i`; `ids` keeps heading ids
/// unique across the page.
pub fn render(
    markdown: &str,
    first_line: usize,
    directives: &[String],
    ids: &mut Ids,
) -> Result<Rendered, Problems> {
    let lines = Lines::new(markdown, first_line);
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let mut problems = Problems::new();
    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while let Some((event, range)) = events.get(i) {
        let line = lines.line_of(range.start);
        match event {
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let end = events
                    .iter()
                    .skip(i)
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| p + i);
                let inner = events.get(i + 1..end).unwrap_or(&[]);
                let text = plain_text(inner.iter().map(|(e, _)| e));
                let id = ids.heading(&text);
                if *level == HeadingLevel::H2 {
                    let mut sink = Problems::new();
                    let content: Vec<Event> = inner
                        .iter()
                        .filter(|(e, _)| {
                            !matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link))
                        })
                        .map(|(e, r)| convert(e.clone(), lines.line_of(r.start), &mut sink))
                        .collect();
                    let mut inner_html = String::new();
                    html::push_html(&mut inner_html, content.into_iter());
                    toc.push(TocEntry {
                        id: id.clone(),
                        html: inner_html,
                        text: text.clone(),
                    });
                }
                out_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                out_events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"gdz-code\">{COPY_BUTTON}"
                ))));
                out_events.push(Event::Start(Tag::CodeBlock(kind.clone())));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out_events.push(Event::End(TagEnd::CodeBlock));
                out_events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                match placeholder_index(text).and_then(|k| directives.get(k)) {
                    Some(html) => out_events.push(Event::Html(CowStr::from(html.clone()))),
                    None => out_events.push(event.clone()),
                }
            }
            Event::Text(_) if !in_code => {
                if let Some(at) = stray_dollar(markdown, range) {
                    let at = lines.line_of(at);
                    if problems.last().map(|p| p.0) != Some(at) {
                        problems.push((
                            at,
                            "this $ starts no formula (are the braces in the formula balanced?); write \\$ for a dollar sign".to_string(),
                        ));
                    }
                }
                out_events.push(event.clone());
            }
            other => out_events.push(convert(other.clone(), line, &mut problems)),
        }
        i += 1;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, out_events.into_iter());
    Ok(Rendered { html: out, toc })
}

/// Renders a short piece of Markdown (a quiz question, answer or explanation); a lone
/// paragraph is returned without its `<p>` wrapper.
pub fn render_inline(markdown: &str, first_line: usize) -> Result<String, Problems> {
    let mut ids = Ids::new();
    let r = render(markdown, first_line, &[], &mut ids)?;
    let html = r.html.trim();
    let lone = html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>") && !inner.contains("</p>"));
    Ok(lone.unwrap_or(html).to_string())
}

/// Turns math events into MathML; records a problem (and keeps the source) when the
/// LaTeX does not parse.
fn convert<'a>(event: Event<'a>, line: usize, problems: &mut Problems) -> Event<'a> {
    let (latex, display) = match &event {
        Event::InlineMath(s) => (s.clone(), Display::Inline),
        Event::DisplayMath(s) => (s.clone(), Display::Block),
        _ => return event,
    };
    match to_mathml(&latex, display) {
        Ok(mathml) => Event::InlineHtml(CowStr::from(mathml)),
        Err(msg) => {
            problems.push((line, msg));
            Event::Text(latex)
        }
    }
}

/// The offset of the first `$` in `source[range]` not written as `\$`: math that
/// Markdown did not recognise, usually for unbalanced braces.
fn stray_dollar(source: &str, range: &std::ops::Range<usize>) -> Option<usize> {
    let bytes = source.as_bytes();
    (range.start..range.end.min(bytes.len()))
        .find(|&p| bytes.get(p) == Some(&b'$') && (p == 0 || bytes.get(p - 1) != Some(&b'\\')))
}

fn plain_text<'e, 'a: 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_and_toc() {
        let mut ids = Ids::new();
        let r = render(
            "# Top\n\n## Why $\\eta$ [matters](x)\n\ntext\n\n### Detail\n\n## Why $\\eta$ matters\n",
            1,
            &[],
            &mut ids,
        )
        .unwrap();
        assert!(r.html.contains("<h1 id=\"top\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"why-eta-matters\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"detail\">"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"why-eta-matters-2\">"),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].id, "why-eta-matters");
        assert!(r.toc[0].html.contains("<math"), "{}", r.toc[0].html);
        assert!(!r.toc[0].html.contains("<a"), "{}", r.toc[0].html);
    }

    #[test]
    fn math_code_tables_footnotes_and_strikethrough() {
        let md = "Step $\\theta - \\eta g$.\n\n$$\\frac{a}{b}$$\n\n```python\nx = 1 < 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1] and ~~old~~.\n\n[^1]: Footnote.\n";
        let r = render(md, 1, &[], &mut Ids::new()).unwrap();
        assert!(r.html.contains("<math>"), "{}", r.html);
        assert!(r.html.contains("<math display=\"block\">"), "{}", r.html);
        assert!(r
            .html
            .contains(&format!("<div class=\"gdz-code\">{COPY_BUTTON}")));
        assert!(
            r.html
                .contains("<code class=\"language-python\">x = 1 &lt; 2"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn placeholders_become_directive_html() {
        let md = "Before\n<!--gdz-directive:0-->\nAfter\n";
        let r = render(
            md,
            1,
            &["<gdz-race></gdz-race>".to_string()],
            &mut Ids::new(),
        )
        .unwrap();
        assert!(
            r.html.contains("<p>Before</p>\n<gdz-race></gdz-race>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>After</p>"), "{}", r.html);
    }

    #[test]
    fn broken_math_is_reported_with_its_line() {
        let e = render(
            "ok\n\nthen $\\frac{1}{$ here\n\n$$x^$$\n",
            10,
            &[],
            &mut Ids::new(),
        )
        .unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, 12);
        assert_eq!(e[1].0, 14);
        assert!(e[0].1.contains("$ starts no formula"), "{e:?}");
        assert!(e[1].1.contains("LaTeX does not parse"), "{e:?}");
    }

    #[test]
    fn escaped_dollars_and_dollars_in_code_are_fine() {
        let r = render(
            "It costs \\$5.\n\n`$HOME`\n\n```sh\n$ echo $x\n```\n",
            1,
            &[],
            &mut Ids::new(),
        )
        .unwrap();
        assert!(r.html.contains("It costs $5."), "{}", r.html);
        assert!(render("Costs $5.\n", 1, &[], &mut Ids::new()).is_err());
    }

    #[test]
    fn inline_strips_a_lone_paragraph() {
        assert_eq!(render_inline("A *b* $x$", 1).unwrap().find("<p>"), None);
        assert!(render_inline("one\n\ntwo", 1)
            .unwrap()
            .contains("<p>two</p>"));
    }
}
