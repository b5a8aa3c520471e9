//! Finds the directives in a lesson body — widget lines `{{ … }}` and blocks
//! `::: quiz`, `::: predict`, `::: lab TITLE` and `::: diagram NAME`, each closed by
//! `:::` — outside fenced code, and leaves the rest as Markdown.
//!
//! Each directive is replaced in the Markdown by one placeholder line (an HTML comment,
//! which Markdown passes through as its own block) followed by blank lines, so every
//! other line keeps its number and the rendered directive lands where it was written.

use super::front_matter::Problems;

/// The directives a lesson may use (`::: NAME`).
pub const DIRECTIVES: &[&str] = &["quiz", "predict", "lab", "diagram"];

/// One directive found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// A widget line, trimmed: `{{ name attr="value" }}`.
    Widget {
        /// Its 1-based line.
        line: usize,
        /// The trimmed line.
        text: String,
    },
    /// A quiz block: the lines between `::: quiz` and `:::`.
    Quiz {
        /// The 1-based line of `::: quiz`.
        line: usize,
        /// The lines inside, each with its 1-based line number.
        lines: Vec<(usize, String)>,
    },
    /// A prediction: the lines between `::: predict` and `:::` (a question, choices,
    /// then after a line `---` the reveal).
    Predict {
        /// The 1-based line of `::: predict`.
        line: usize,
        /// The lines inside, each with its 1-based line number.
        lines: Vec<(usize, String)>,
    },
    /// A diagram drawn when the site is built: its name, then its caption (Markdown).
    Diagram {
        /// The 1-based line of `::: diagram`.
        line: usize,
        /// The name after `::: diagram`.
        name: String,
        /// The caption's lines, each with its 1-based line number.
        lines: Vec<(usize, String)>,
    },
    /// A lab: Markdown and widgets (a network trained live) that get a page of their
    /// own, linked from a card where the block stands.
    Lab {
        /// The 1-based line of `::: lab`.
        line: usize,
        /// The title after `::: lab`.
        title: String,
        /// The lines inside, each with its 1-based line number.
        lines: Vec<(usize, String)>,
    },
}

/// A body with its directives taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// The Markdown: one line per source line (front matter lines blank), each directive
    /// replaced by [`placeholder`] and blank lines.
    pub markdown: String,
    /// The directives, in order; the `i`-th one's placeholder is `placeholder(i)`.
    pub directives: Vec<Directive>,
}

/// The placeholder line that stands for directive `i` in the Markdown.
pub fn placeholder(i: usize) -> String {
    format!("<!--gdz-directive:{i}-->")
}

/// Which directive an HTML block of the rendered Markdown stands for, if any.
pub fn placeholder_index(html: &str) -> Option<usize> {
    html.trim()
        .strip_prefix("<!--gdz-directive:")?
        .strip_suffix("-->")?
        .parse()
        .ok()
}

struct Fence {
    ch: char,
    len: usize,
}

fn fence_start(trimmed: &str) -> Option<Fence> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some(Fence { ch, len })
}

/// Splits `text` (a whole lesson file) from the 0-based line `body_start` on; returns
/// the problems found with the directives (each bad directive becomes blank lines, so
/// the rest can still be checked).
pub fn scan(text: &str, body_start: usize) -> (Scanned, Problems) {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut directives = Vec::new();
    let mut problems = Problems::new();
    let mut fence: Option<Fence> = None;
    let mut i = 0;
    while i < lines.len() {
        let raw = lines.get(i).copied().unwrap_or("");
        let line_no = i + 1;
        if i < body_start {
            out.push(String::new());
            i += 1;
            continue;
        }
        let trimmed = raw.trim();
        if let Some(f) = &fence {
            if let Some(close) = fence_start(trimmed) {
                let rest = trimmed.trim_start_matches(f.ch);
                if close.ch == f.ch && close.len >= f.len && rest.trim().is_empty() {
                    fence = None;
                }
            }
            out.push(raw.to_string());
            i += 1;
            continue;
        }
        if let Some(f) = fence_start(trimmed) {
            fence = Some(f);
            out.push(raw.to_string());
            i += 1;
            continue;
        }
        if trimmed.starts_with("{{") {
            out.push(placeholder(directives.len()));
            directives.push(Directive::Widget {
                line: line_no,
                text: trimmed.to_string(),
            });
            i += 1;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(":::") {
            let name = rest.trim();
            let (word, title) = name.split_once(' ').unwrap_or((name, ""));
            if matches!(word, "quiz" | "lab" | "predict" | "diagram") {
                let close = lines
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .find(|(_, l)| l.trim() == ":::")
                    .map(|(j, _)| j);
                let Some(close) = close else {
                    problems.push((
                        line_no,
                        format!("this ::: {word} is not closed: end it with a line :::"),
                    ));
                    out.push(String::new());
                    i += 1;
                    continue;
                };
                let inner = lines
                    .iter()
                    .enumerate()
                    .take(close)
                    .skip(i + 1)
                    .map(|(j, l)| (j + 1, l.to_string()))
                    .collect();
                out.push(placeholder(directives.len()));
                directives.push(match word {
                    "predict" => Directive::Predict {
                        line: line_no,
                        lines: inner,
                    },
                    "lab" => Directive::Lab {
                        line: line_no,
                        title: title.trim().to_string(),
                        lines: inner,
                    },
                    "diagram" => Directive::Diagram {
                        line: line_no,
                        name: title.trim().to_string(),
                        lines: inner,
                    },
                    _ => Directive::Quiz {
                        line: line_no,
                        lines: inner,
                    },
                });
                out.extend(std::iter::repeat_n(String::new(), close - i));
                i = close + 1;
                continue;
            }
            if name.is_empty() {
                problems.push((
                    line_no,
                    "this ::: closes nothing: no ::: quiz, ::: predict, ::: lab or ::: diagram is open"
                        .to_string(),
                ));
                out.push(String::new());
                i += 1;
                continue;
            }
            problems.push((
                line_no,
                format!(
                    "unknown directive \"::: {name}\"; known: {}",
                    DIRECTIVES
                        .iter()
                        .map(|d| format!("::: {d}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            // Skip the unknown block through its closing ::: so that line is not
            // reported too.
            let close = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| l.trim() == ":::")
                .map_or(i, |(j, _)| j);
            out.extend(std::iter::repeat_n(String::new(), close - i + 1));
            i = close + 1;
            continue;
        }
        out.push(raw.to_string());
        i += 1;
    }
    let mut markdown = out.join("\n");
    markdown.push('\n');
    (
        Scanned {
            markdown,
            directives,
        },
        problems,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_widgets_and_quizzes_and_keeps_line_numbers() {
        let text = "---\nfm\n---\nIntro\n{{ race optimizers=\"sgd\" }}\n\n::: quiz\nQ?\n- [x] A\n  : yes\n:::\nAfter\n";
        let (s, problems) = scan(text, 3);
        assert!(problems.is_empty());
        assert_eq!(
            s.directives[0],
            Directive::Widget {
                line: 5,
                text: "{{ race optimizers=\"sgd\" }}".into()
            }
        );
        match &s.directives[1] {
            Directive::Quiz { line, lines } => {
                assert_eq!(*line, 7);
                assert_eq!(lines.first(), Some(&(8, "Q?".to_string())));
                assert_eq!(lines.len(), 3);
            }
            other => panic!("{other:?}"),
        }
        let md: Vec<&str> = s.markdown.lines().collect();
        assert_eq!(md.len(), 12);
        assert_eq!(md[0], "");
        assert_eq!(md[3], "Intro");
        assert_eq!(md[4], placeholder(0));
        assert_eq!(md[6], placeholder(1));
        assert_eq!(md[11], "After");
        assert_eq!(placeholder_index(md[6]), Some(1));
        assert_eq!(placeholder_index("<!-- other -->"), None);
    }

    #[test]
    fn ignores_directives_inside_fenced_code() {
        let text = "````markdown\n{{ race }}\n```\n::: quiz\n````\n~~~\n:::\n~~~\n";
        let (s, problems) = scan(text, 0);
        assert!(problems.is_empty());
        assert!(s.directives.is_empty());
        assert_eq!(s.markdown, text);
    }

    #[test]
    fn reports_unknown_unclosed_and_stray_directives() {
        let (s, e) = scan("::: note\nhi\n:::\nafter\n:::\n", 0);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, 1);
        assert!(e[0].1.contains("unknown directive \"::: note\""), "{e:?}");
        assert_eq!(e[1].0, 5);
        assert!(e[1].1.contains("closes nothing"), "{e:?}");
        assert_eq!(s.markdown, "\n\n\nafter\n\n");
        let (_, e) = scan("text\n::: quiz\nQ?\n", 0);
        assert_eq!(
            e,
            vec![(
                2,
                "this ::: quiz is not closed: end it with a line :::".to_string()
            )]
        );
    }
}
