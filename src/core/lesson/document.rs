//! One lesson file, parsed and rendered: front matter, then Markdown with widgets and
//! quizzes, into the HTML of the lesson's body and its table of contents.

use super::diagnostic::Diagnostic;
use super::diagram;
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
    /// How many predictions it asks.
    pub predictions: usize,
    /// Its labs, each a page of its own beside the lesson's.
    pub labs: Vec<Lab>,
    /// Things worth a look that do not stop the build (e.g. quizzes whose right answers
    /// could be guessed from their place or length), with their lines (0: the file).
    pub warnings: Vec<(usize, String)>,
}

/// A `::: predict` block: question and choices, then after a line `---` the reveal
/// (Markdown, written for after the reader has run the widget).
fn predict(
    line: usize,
    lines: &[(usize, String)],
    number: usize,
    ids: &mut Ids,
) -> Result<String, Problems> {
    let split = lines.iter().position(|(_, l)| l.trim() == "---");
    let Some(split) = split else {
        return Err(vec![(
            line,
            "a prediction needs its reveal: after the choices, a line --- then what happens and why"
                .to_string(),
        )]);
    };
    let (ask, reveal) = lines.split_at(split);
    let reveal = reveal.get(1..).unwrap_or(&[]);
    let q = quiz::parse_as(line, ask, quiz::Kind::Predict)?;
    let first = reveal.first().map_or(line, |l| l.0);
    let text: String = reveal
        .iter()
        .map(|(_, l)| [l.as_str(), "\n"].concat())
        .collect();
    if text.trim().is_empty() {
        return Err(vec![(
            line,
            "this prediction's reveal is empty".to_string(),
        )]);
    }
    let body = markdown::render(&text, first, &[], ids)?;
    quiz::render_predict(&q, number, &body.html, ids)
}

/// A `::: diagram NAME` block: the named diagram's figure, with the block's Markdown as
/// its caption.
fn diagram_figure(
    line: usize,
    name: &str,
    lines: &[(usize, String)],
    ids: &mut Ids,
) -> Result<String, Problems> {
    let Some(d) = diagram::Diagram::named(name) else {
        let msg = diagram::check(name).unwrap_or_default();
        return Err(vec![(line, msg)]);
    };
    let text: String = lines
        .iter()
        .map(|(_, l)| [l.as_str(), "\n"].concat())
        .collect();
    if text.trim().is_empty() {
        return Err(vec![(
            line,
            "a diagram needs a caption: a sentence on what it shows, before the closing :::"
                .to_string(),
        )]);
    }
    let first = lines.first().map_or(line, |l| l.0);
    let body = markdown::render(&text, first, &[], ids)?;
    Ok(diagram::figure(d, &body.html))
}

/// Sets `reveal="play"` on a widget that answers a prediction, when it has a timeline
/// and its author did not set `reveal`: it starts at step 0 until the reader runs it.
fn hold_outcome(w: &mut Widget) {
    if w.def.attr("reveal").is_some() && w.get("reveal").is_none() {
        w.attrs.push(("reveal".to_string(), "play".to_string()));
    }
}

/// A lesson with at least this many quizzes is checked for guessable right answers.
const GUESS_CHECK_FROM: usize = 4;

/// Warnings for quizzes whose right answers a reader could guess without reading: most
/// of them in one place, or most of them the longest answer.
fn guessable(quizzes: &[quiz::Quiz]) -> Vec<(usize, String)> {
    let n = quizzes.len();
    if n < GUESS_CHECK_FROM {
        return Vec::new();
    }
    let mut at = [0usize; 8];
    let mut longest = 0;
    for q in quizzes {
        let order = quiz::order(q);
        if let Some(p) = order
            .iter()
            .position(|k| q.answers.get(*k).is_some_and(|a| a.correct))
        {
            if let Some(c) = at.get_mut(p) {
                *c += 1;
            }
        }
        let len = |a: &quiz::Answer| a.text.chars().count();
        let right = q.answers.iter().find(|a| a.correct).map_or(0, len);
        if q.answers
            .iter()
            .filter(|a| !a.correct)
            .all(|a| len(a) < right)
        {
            longest += 1;
        }
    }
    let mut out = Vec::new();
    let most = |k: usize| 2 * k > n && k > 2;
    if let Some((p, k)) = at.iter().enumerate().find(|(_, k)| most(**k)) {
        out.push((
            0,
            format!("the right answer is shown in place {} in {k} of {n} quick checks: reword one so the shuffle moves it", p + 1),
        ));
    }
    if most(longest) {
        out.push((
            0,
            format!("the right answer is the longest in {longest} of {n} quick checks: a reader can pass them without reading"),
        ));
    }
    out
}

/// A lesson's lab: Markdown and widgets on a page of their own (`lessons/SLUG/lab/`),
/// so the lesson page keeps to its weight budget while a network trains on the lab's.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    /// The title after `::: lab`.
    pub title: String,
    /// Its page, relative to the lesson's: `lab/`, then `lab-2/`, `lab-3/`, ….
    pub href: String,
    /// The lab page's body as HTML.
    pub html: String,
    /// Its widgets, in order.
    pub widgets: Vec<Widget>,
}

/// Where a lesson's card links to its `n`-th lab (from 1), relative to the lesson's page.
pub fn lab_href(n: usize) -> String {
    if n <= 1 {
        "lab/".to_string()
    } else {
        format!("lab-{n}/")
    }
}

/// Renders the widget directives of a lab (quizzes and labs are not allowed in it) and
/// its Markdown, and the card that stands for it in the lesson.
fn lab(
    line: usize,
    number: usize,
    title: &str,
    lines: &[(usize, String)],
    problems: &mut Problems,
) -> Option<(Lab, String)> {
    if title.is_empty() {
        problems.push((line, "a lab needs a title: ::: lab TITLE".to_string()));
        return None;
    }
    let first = lines.first().map_or(line + 1, |l| l.0);
    let text: String = lines
        .iter()
        .map(|(_, l)| [l.as_str(), "\n"].concat())
        .collect();
    let (scanned, p) = scan::scan(&text, 0);
    problems.extend(p.into_iter().map(|(l, m)| (l + first - 1, m)));
    let mut widgets = Vec::new();
    let mut rendered = Vec::with_capacity(scanned.directives.len());
    for d in &scanned.directives {
        match d {
            Directive::Widget { line: l, text } => match widget::parse(l + first - 1, text) {
                Ok(w) => {
                    rendered.push(widget::render(&w));
                    widgets.push(w);
                }
                Err(msgs) => {
                    problems.extend(msgs.into_iter().map(|m| (l + first - 1, m)));
                    rendered.push(String::new());
                }
            },
            Directive::Quiz { line: l, .. }
            | Directive::Predict { line: l, .. }
            | Directive::Diagram { line: l, .. }
            | Directive::Lab { line: l, .. } => {
                problems.push((
                    l + first - 1,
                    "a lab holds prose and widgets only: put quick checks, diagrams and labs in the lesson"
                        .to_string(),
                ));
                rendered.push(String::new());
            }
        }
    }
    let mut ids = Ids::new();
    let body = match markdown::render(&scanned.markdown, first, &rendered, &mut ids) {
        Ok(b) => b,
        Err(p) => {
            problems.extend(p);
            return None;
        }
    };
    let teaser = body
        .html
        .find("<p>")
        .and_then(|a| Some(a..a + body.html.get(a..)?.find("</p>")? + 4))
        .and_then(|r| body.html.get(r))
        .unwrap_or("");
    let title_html = super::html::escape(title);
    let href = lab_href(number);
    let card = format!(
        "<aside class=\"gdz-lab\">\n<p class=\"gdz-lab-kicker\">Lab</p>\n\
         <p class=\"gdz-lab-title\"><a href=\"{href}\">{title_html}</a></p>\n{teaser}\n\
         <p><a class=\"gdz-lab-open\" href=\"{href}\">Open the lab on its own page<span aria-hidden=\"true\"> →</span></a></p>\n</aside>\n"
    );
    Some((
        Lab {
            title: title.to_string(),
            href,
            html: body.html,
            widgets,
        },
        card,
    ))
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
    let mut predictions = 0;
    let mut parsed_quizzes = Vec::new();
    let mut labs = Vec::new();
    let mut rendered = Vec::with_capacity(scanned.directives.len());
    // Whether a prediction waits for its widget (the next one), which must not show
    // its outcome before the reader runs it.
    let mut asked = false;
    for d in &scanned.directives {
        match d {
            Directive::Widget { line, text } => match widget::parse(*line, text) {
                Ok(mut w) => {
                    if std::mem::take(&mut asked) {
                        hold_outcome(&mut w);
                    }
                    rendered.push(widget::render(&w));
                    widgets.push(w);
                }
                Err(msgs) => {
                    asked = false;
                    problems.extend(msgs.into_iter().map(|m| (*line, m)));
                    rendered.push(String::new());
                }
            },
            Directive::Lab { line, title, lines } => {
                match lab(*line, labs.len() + 1, title, lines, &mut problems) {
                    Some((l, card)) => {
                        rendered.push(card);
                        labs.push(l);
                    }
                    None => rendered.push(String::new()),
                }
            }
            Directive::Diagram { line, name, lines } => {
                match diagram_figure(*line, name, lines, &mut ids) {
                    Ok(h) => rendered.push(h),
                    Err(p) => {
                        problems.extend(p);
                        rendered.push(String::new());
                    }
                }
            }
            Directive::Predict { line, lines } => {
                predictions += 1;
                asked = true;
                match predict(*line, lines, predictions, &mut ids) {
                    Ok(h) => rendered.push(h),
                    Err(p) => {
                        problems.extend(p);
                        rendered.push(String::new());
                    }
                }
            }
            Directive::Quiz { line, lines } => {
                quizzes += 1;
                let html = quiz::parse(*line, lines).and_then(|q| {
                    let h = quiz::render(&q, quizzes, &mut ids);
                    parsed_quizzes.push(q);
                    h
                });
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
        predictions,
        labs,
        warnings: guessable(&parsed_quizzes),
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
    fn a_diagram_gets_its_figure_and_caption_and_unknown_ones_are_errors() {
        let head = "---\ntitle: T\nsummary: S\nminutes: 3\n---\n";
        let d = parse(
            "l.md",
            &format!("{head}::: diagram curvature\nThe *bowl*.\n:::\n"),
        )
        .unwrap();
        assert!(
            d.html.contains("<!--gdz-diagram:curvature-->"),
            "{}",
            d.html
        );
        assert!(
            d.html
                .contains("<figcaption><p>The <em>bowl</em>.</p></figcaption>"),
            "{}",
            d.html
        );
        let e = parse(
            "l.md",
            &format!("{head}Text.\n\n::: diagram pie\nA pie.\n:::\n"),
        )
        .unwrap_err();
        assert!(
            e.iter()
                .any(|d| d.to_string().contains("l.md:8: unknown diagram \"pie\"")),
            "{e:?}"
        );
        let e = parse("l.md", &format!("{head}::: diagram curvature\n:::\n")).unwrap_err();
        assert!(
            e.iter().any(|d| d.to_string().contains("needs a caption")),
            "{e:?}"
        );
    }

    #[test]
    fn the_widget_after_a_prediction_starts_at_step_zero() {
        let ask = "::: predict\nWhich?\n- [ ] a\n- [ ] b\n---\nA.\n:::\n\n";
        let text = format!("---\ntitle: T\nsummary: S\nminutes: 3\n---\n{{{{ race optimizers=\"sgd\" }}}}\n\n{ask}Prose.\n\n{{{{ race optimizers=\"adam\" }}}}\n\n{{{{ race optimizers=\"lion\" }}}}\n\n{ask}{{{{ schedules }}}}\n\n{{{{ race optimizers=\"rmsprop\" }}}}\n");
        let d = parse("l.md", &text).unwrap();
        let reveals: Vec<Option<&str>> = d.widgets.iter().map(|w| w.get("reveal")).collect();
        assert_eq!(reveals, [None, Some("play"), None, None, None]);
        assert!(
            d.html
                .contains("<gdz-race optimizers=\"adam\" reveal=\"play\">"),
            "{}",
            d.html
        );
        assert!(
            d.html.contains("<gdz-race optimizers=\"sgd\">"),
            "{}",
            d.html
        );
    }

    #[test]
    fn a_lab_gets_its_own_body_and_a_card_in_the_lesson() {
        let text = "---\ntitle: T\nsummary: S\nminutes: 3\n---\nBefore.\n\n::: lab Small <b>or</b> large batch?\nWhich trains *faster*?\n\n{{ network batch=\"8; 256\" }}\n\nAfter the run.\n:::\n\nAfter.\n";
        let d = parse("l.md", text).unwrap();
        let lab = d.labs.first().unwrap();
        assert_eq!(lab.title, "Small <b>or</b> large batch?");
        assert_eq!(lab.widgets.len(), 1);
        assert!(
            lab.html.contains("<gdz-network batch=\"8; 256\">"),
            "{}",
            lab.html
        );
        assert!(lab.html.contains("After the run."));
        assert!(!d.html.contains("<gdz-network"), "{}", d.html);
        assert!(
            d.html
                .contains("<a href=\"lab/\">Small &lt;b&gt;or&lt;/b&gt; large batch?</a>"),
            "{}",
            d.html
        );
        assert!(
            d.html.contains("<p>Which trains <em>faster</em>?</p>"),
            "{}",
            d.html
        );
        let card = d.html.find("gdz-lab").unwrap();
        assert!(
            d.html.find("Before.").unwrap() < card && card < d.html.find("After.</p>").unwrap()
        );
    }

    #[test]
    fn a_lab_reports_its_problems_at_their_lines() {
        let text = "---\ntitle: T\nsummary: S\nminutes: 3\n---\n::: lab\n:::\n::: lab X\nok\n{{ network batch=\"0\" }}\n::: quiz\n:::\n";
        let e = parse("l.md", text).unwrap_err();
        let got: Vec<(usize, bool)> = e
            .iter()
            .map(|d| (d.line, d.message.contains("lab")))
            .collect();
        assert_eq!(got[0], (6, true), "{e:?}");
        assert!(
            e.iter()
                .any(|d| d.line == 10 && d.message.contains("batch")),
            "{e:?}"
        );
    }

    #[test]
    fn warns_when_right_answers_can_be_guessed_by_length() {
        let quiz = |k: usize| {
            format!("::: quiz\nQuestion {k}?\n- [ ] no\n  : n\n- [x] the long right answer {k}\n  : y\n- [ ] nah\n  : n\n:::\n\n")
        };
        let body: String = (0..5).map(quiz).collect();
        let text = format!("---\ntitle: T\nsummary: S\nminutes: 3\n---\n{body}");
        let d = parse("l.md", &text).unwrap();
        assert!(
            d.warnings
                .iter()
                .any(|w| w.1.contains("the longest in 5 of 5")),
            "{:?}",
            d.warnings
        );
        // Shuffled: the right answers do not all sit in one place.
        let places: Vec<usize> = (0..5)
            .map(|k| {
                let at = d.html.find(&format!("Question {k}?")).unwrap();
                let rest = &d.html[at..];
                let right = rest.find("data-correct").unwrap();
                rest[..right].matches("class=\"gdz-answer").count()
            })
            .collect();
        assert!(places.iter().any(|p| *p != places[0]), "{places:?}");
    }

    #[test]
    fn a_prediction_asks_then_reveals() {
        let text = "---\ntitle: T\nsummary: S\nminutes: 3\n---\n::: predict\nWhich arrives *first*?\n- [ ] SGD\n- [ ] Adam\n---\nAdam, because **its steps** are scaled.\n\nA second paragraph.\n:::\n";
        let d = parse("l.md", text).unwrap();
        assert_eq!(d.predictions, 1);
        assert!(
            d.html.contains("<gdz-predict id=\"gdz-predict-1\">"),
            "{}",
            d.html
        );
        assert!(
            d.html.contains("Which arrives <em>first</em>?</legend>"),
            "{}",
            d.html
        );
        assert!(
            d.html
                .contains("value=\"2\"> <label for=\"gdz-predict-1-a2\">Adam</label>"),
            "{}",
            d.html
        );
        assert!(
            d.html.contains("<details class=\"gdz-reveal\">"),
            "{}",
            d.html
        );
        assert!(
            d.html
                .contains("<p>Adam, because <strong>its steps</strong> are scaled.</p>"),
            "{}",
            d.html
        );
        for (bad, want) in [
            (
                "::: predict\nQ?\n- [ ] a\n- [ ] b\n:::\n",
                "needs its reveal",
            ),
            (
                "::: predict\nQ?\n- [x] a\n- [ ] b\n---\nR\n:::\n",
                "not graded",
            ),
            (
                "::: predict\nQ?\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n- [ ] e\n---\nR\n:::\n",
                "at most four",
            ),
        ] {
            let e = parse(
                "l.md",
                &format!("---\ntitle: T\nsummary: S\nminutes: 3\n---\n{bad}"),
            )
            .unwrap_err();
            assert!(e.iter().any(|d| d.message.contains(want)), "{bad}: {e:?}");
        }
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
