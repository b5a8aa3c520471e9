//! One lesson file, parsed and rendered: front matter, then Markdown with widgets and
//! quizzes, into the HTML of the lesson's body and its table of contents.

use super::diagnostic::Diagnostic;
use super::front_matter::{self, FrontMatter, Problems};
use super::ids::Ids;
use super::markdown::{self, TocEntry};
use super::quiz;
use super::scan::{self, Directive};
use super::widget::{self, Widget};

/// A lesson file after parsing and rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its front matter.
    pub front: FrontMatter,
    /// The body as HTML: prose, MathML, widgets and quizzes.
    pub html: String,
    /// The `##` headings, for the on-page table of contents.
    pub toc: Vec<TocEntry>,
    /// The widgets, in order.
    pub widgets: Vec<Widget>,
    /// How many quizzes it has.
    pub quizzes: usize,
}

/// Parses the lesson `text`; `file` names it in every problem reported.
pub fn parse(file: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let tag = |problems: Problems| -> Vec<Diagnostic> {
        problems
            .into_iter()
            .map(|(line, msg)| Diagnostic::new(file, line, msg))
            .collect()
    };
    let (front, body_start) = front_matter::parse(text).map_err(tag)?;
    let (scanned, mut problems) = scan::scan(text, body_start);
    let mut ids = Ids::new();
    let mut widgets = Vec::new();
    let mut quizzes = 0;
    let mut rendered = Vec::with_capacity(scanned.directives.len());
    for d in &scanned.directives {
        match d {
            Directive::Widget { line, text } => match widget::parse(*line, text) {
                Ok(w) => {
                    rendered.push(widget::render(&w));
                    widgets.push(w);
                }
                Err(msgs) => {
                    problems.extend(msgs.into_iter().map(|m| (*line, m)));
                    rendered.push(String::new());
                }
            },
            Directive::Quiz { line, lines } => {
                quizzes += 1;
                let html =
                    quiz::parse(*line, lines).and_then(|q| quiz::render(&q, quizzes, &mut ids));
                match html {
                    Ok(h) => rendered.push(h),
                    Err(p) => {
                        problems.extend(p);
                        rendered.push(String::new());
                    }
                }
            }
        }
    }
    let body = markdown::render(&scanned.markdown, 1, &rendered, &mut ids);
    let body = match body {
        Ok(b) if problems.is_empty() => b,
        Ok(_) => {
            problems.sort_by_key(|(line, _)| *line);
            return Err(tag(problems));
        }
        Err(p) => {
            problems.extend(p);
            problems.sort_by_key(|(line, _)| *line);
            return Err(tag(problems));
        }
    };
    Ok(Document {
        front,
        html: body.html,
        toc: body.toc,
        widgets,
        quizzes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_whole_lesson() {
        let text = "---\ntitle: T\nsummary: S\nminutes: 3\n---\n\n## First part\n\nSee $x$.\n\n{{ race optimizers=\"sgd\" }}\n\n::: quiz\nQ?\n- [x] a\n  : yes\n- [ ] b\n  : no\n:::\n\n## Second\n";
        let d = parse("l.md", text).unwrap();
        assert_eq!(d.front.title, "T");
        assert_eq!(d.toc.len(), 2);
        assert_eq!(d.widgets.len(), 1);
        assert_eq!(d.quizzes, 1);
        let race = d.html.find("<gdz-race optimizers=\"sgd\">").unwrap();
        let quiz = d.html.find("<gdz-quiz id=\"gdz-quiz-1\">").unwrap();
        let second = d.html.find("<h2 id=\"second\">").unwrap();
        assert!(race < quiz && quiz < second, "{}", d.html);
    }

    #[test]
    fn collects_problems_from_every_part_with_lines() {
        let text = "---\ntitle: T\nsummary: S\nminutes: 3\n---\n$\\frac{$\n{{ nope }}\n::: quiz\nQ?\n- [ ] a\n  : x\n- [ ] b\n  : y\n:::\n";
        let e = parse("l.md", text).unwrap_err();
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![6, 7, 8], "{e:?}");
        assert!(e.iter().all(|d| d.file == "l.md"));
    }
}
