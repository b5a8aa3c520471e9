//! Quick checks: a `::: quiz` block with one question paragraph and answers
//! `- [x]` / `- [ ]`, each explained by an indented line starting with `:`.
//!
//! On the page a quiz is plain HTML that reads as a question without JavaScript: a
//! `<fieldset>` of radio buttons; the web layer reveals the explanations.

use super::front_matter::Problems;
use super::html::escape;
use super::ids::Ids;
use super::markdown::render_inline;

/// One answer of a quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The 1-based line of its `- [ ]`.
    pub line: usize,
    /// Whether it is the right answer (`- [x]`).
    pub correct: bool,
    /// The answer, as Markdown.
    pub text: String,
    /// The explanation, as Markdown, with its 1-based line.
    pub explanation: Option<(usize, String)>,
}

/// A parsed quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    /// The 1-based line of `::: quiz`.
    pub line: usize,
    /// The question, as Markdown, with its first line.
    pub question: (usize, String),
    /// The answers, in order.
    pub answers: Vec<Answer>,
}

/// `- [x] text` or `- [ ] text` (also with `*`, and `X`): whether right, and the text.
fn answer_line(raw: &str) -> Option<(bool, &str)> {
    if raw.starts_with("  ") || raw.starts_with('\t') {
        return None;
    }
    let t = raw.trim_start();
    let rest = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))?
        .trim_start();
    let (correct, text) = if let Some(r) = rest.strip_prefix("[ ]") {
        (false, r)
    } else if let Some(r) = rest
        .strip_prefix("[x]")
        .or_else(|| rest.strip_prefix("[X]"))
    {
        (true, r)
    } else {
        return None;
    };
    Some((correct, text.trim()))
}

/// Parses the lines inside a quiz block opened at `line`.
pub fn parse(line: usize, lines: &[(usize, String)]) -> Result<Quiz, Problems> {
    let mut problems = Problems::new();
    let mut question: Option<(usize, String)> = None;
    let mut question_done = false;
    let mut answers: Vec<Answer> = Vec::new();
    for (n, raw) in lines {
        let n = *n;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            question_done |= question.is_some();
            continue;
        }
        if let Some((correct, text)) = answer_line(raw) {
            if text.is_empty() {
                problems.push((n, "this answer has no text".to_string()));
            }
            answers.push(Answer {
                line: n,
                correct,
                text: text.to_string(),
                explanation: None,
            });
            continue;
        }
        if let Some(last) = answers.last_mut() {
            if let Some(expl) = trimmed.strip_prefix(':') {
                if last.explanation.is_some() {
                    problems.push((
                        n,
                        "this answer already has an explanation; continue it on indented lines without :"
                            .to_string(),
                    ));
                } else {
                    last.explanation = Some((n, expl.trim().to_string()));
                }
            } else if raw.starts_with(' ') || raw.starts_with('\t') {
                match last.explanation.as_mut() {
                    Some((_, e)) => {
                        e.push('\n');
                        e.push_str(trimmed);
                    }
                    None => {
                        last.text.push('\n');
                        last.text.push_str(trimmed);
                    }
                }
            } else {
                problems.push((
                    n,
                    format!("unexpected line in a quiz: \"{trimmed}\"; after the question come answers (- [x] or - [ ]), each with an indented line starting with : that explains it"),
                ));
            }
            continue;
        }
        match question.as_mut() {
            Some(_) if question_done => problems.push((
                n,
                "a quiz has one question paragraph, then its answers; this line is neither"
                    .to_string(),
            )),
            Some((_, q)) => {
                q.push('\n');
                q.push_str(trimmed);
            }
            None => question = Some((n, trimmed.to_string())),
        }
    }
    let Some(question) = question else {
        problems.push((
            line,
            "this quiz has no question: write it as the first paragraph".to_string(),
        ));
        return Err(problems);
    };
    if answers.len() < 2 {
        problems.push((
            line,
            format!("this quiz has {} answer{}; it needs at least two (- [x] for the right one, - [ ] for the others)", answers.len(), if answers.len() == 1 { "" } else { "s" }),
        ));
    }
    let right: Vec<usize> = answers
        .iter()
        .filter(|a| a.correct)
        .map(|a| a.line)
        .collect();
    match right.as_slice() {
        [] if !answers.is_empty() => problems.push((
            line,
            "no answer is marked right: mark exactly one with - [x]".to_string(),
        )),
        [_, second, ..] => problems.push((
            *second,
            format!(
                "more than one answer is marked right ({} of them): mark exactly one with - [x]",
                right.len()
            ),
        )),
        _ => {}
    }
    for a in &answers {
        let explained = a
            .explanation
            .as_ref()
            .is_some_and(|(_, e)| !e.trim().is_empty());
        if !explained {
            problems.push((
                a.line,
                "this answer has no explanation: add an indented line under it starting with :"
                    .to_string(),
            ));
        }
    }
    if problems.is_empty() {
        Ok(Quiz {
            line,
            question,
            answers,
        })
    } else {
        Err(problems)
    }
}

/// The quiz as HTML. `number` counts quizzes on the page from 1; ids and radio names are
/// taken from `ids` so they are unique on the page.
pub fn render(q: &Quiz, number: usize, ids: &mut Ids) -> Result<String, Problems> {
    let mut problems = Problems::new();
    let mut md = |text: &str, line: usize| match render_inline(text, line) {
        Ok(h) => h,
        Err(p) => {
            problems.extend(p);
            escape(text)
        }
    };
    let id = ids.claim(&format!("gdz-quiz-{number}"));
    let mut out = format!("<gdz-quiz id=\"{id}\">\n<fieldset>\n<legend>");
    out.push_str(&md(&q.question.1, q.question.0));
    out.push_str("</legend>\n");
    for (k, a) in q.answers.iter().enumerate() {
        let input = ids.claim(&format!("{id}-a{}", k + 1));
        let why = ids.claim(&format!("{input}-why"));
        out.push_str(if a.correct {
            "<div class=\"gdz-answer\" data-correct>"
        } else {
            "<div class=\"gdz-answer\">"
        });
        out.push_str(&format!(
            "<input type=\"radio\" name=\"{id}\" id=\"{input}\" value=\"{}\"> <label for=\"{input}\">",
            k + 1
        ));
        out.push_str(&md(&a.text, a.line));
        out.push_str("</label>\n");
        let (eline, etext) = a.explanation.clone().unwrap_or((a.line, String::new()));
        out.push_str(&format!(
            "<div class=\"gdz-explanation\" id=\"{why}\" hidden>{}</div></div>\n",
            md(&etext, eline)
        ));
    }
    out.push_str(
        "<p class=\"gdz-quiz-feedback\" aria-live=\"polite\"></p>\n</fieldset>\n</gdz-quiz>\n",
    );
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, first: usize) -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (first + i, l.to_string()))
            .collect()
    }

    const GOOD: &str = "The loss climbs to infinity.\nWhat first?\n\n- [ ] Raise $\\eta$.\n  : Worse.\n- [x] Lower it.\n  : Stable;\n  smaller steps.\n";

    #[test]
    fn parses_question_answers_and_explanations() {
        let q = parse(10, &lines(GOOD, 11)).unwrap();
        assert_eq!(
            q.question,
            (11, "The loss climbs to infinity.\nWhat first?".to_string())
        );
        assert_eq!(q.answers.len(), 2);
        assert!(!q.answers[0].correct && q.answers[1].correct);
        assert_eq!(q.answers[1].line, 16);
        assert_eq!(
            q.answers[1].explanation,
            Some((17, "Stable;\nsmaller steps.".to_string()))
        );
    }

    #[test]
    fn rejects_wrong_number_of_right_answers_and_missing_explanations() {
        let e = parse(1, &lines("Q?\n- [ ] a\n  : x\n- [ ] b\n  : y\n", 2)).unwrap_err();
        assert_eq!(
            e,
            vec![(
                1,
                "no answer is marked right: mark exactly one with - [x]".to_string()
            )]
        );
        let e = parse(1, &lines("Q?\n- [x] a\n  : x\n- [X] b\n  : y\n", 2)).unwrap_err();
        assert_eq!(e[0].0, 5);
        assert!(e[0].1.contains("more than one"));
        let e = parse(1, &lines("Q?\n- [x] a\n  : x\n- [ ] b\n", 2)).unwrap_err();
        assert_eq!(
            e,
            vec![(
                5,
                "this answer has no explanation: add an indented line under it starting with :"
                    .to_string()
            )]
        );
        let e = parse(1, &lines("- [x] a\n  : x\n- [ ] b\n  : y\n", 2)).unwrap_err();
        assert!(e[0].1.contains("no question"));
        let e = parse(1, &lines("Q?\n- [x] a\n  : x\n", 2)).unwrap_err();
        assert!(e[0].1.contains("at least two"));
        let e = parse(
            1,
            &lines("Q?\n\nMore?\n- [x] a\n  : x\n- [ ] b\n  : y\n", 2),
        )
        .unwrap_err();
        assert_eq!(e[0].0, 4);
        let e = parse(
            1,
            &lines("Q?\n- [x] a\n  : x\n  : again\n- [ ] b\n  : y\nstray\n", 2),
        )
        .unwrap_err();
        assert_eq!(e.iter().map(|p| p.0).collect::<Vec<_>>(), vec![5, 8]);
    }

    #[test]
    fn renders_a_fieldset_with_unique_names() {
        let q = parse(10, &lines(GOOD, 11)).unwrap();
        let mut ids = Ids::new();
        let html = render(&q, 1, &mut ids).unwrap();
        assert!(html.starts_with("<gdz-quiz id=\"gdz-quiz-1\">\n<fieldset>\n<legend>The loss climbs to infinity.\nWhat first?</legend>"), "{html}");
        assert!(html.contains("<div class=\"gdz-answer\"><input type=\"radio\" name=\"gdz-quiz-1\" id=\"gdz-quiz-1-a1\" value=\"1\"> <label for=\"gdz-quiz-1-a1\">Raise <math"), "{html}");
        assert!(html.contains("<div class=\"gdz-answer\" data-correct><input type=\"radio\" name=\"gdz-quiz-1\" id=\"gdz-quiz-1-a2\""), "{html}");
        assert!(html.contains("<div class=\"gdz-explanation\" id=\"gdz-quiz-1-a2-why\" hidden>Stable;\nsmaller steps.</div>"), "{html}");
        assert_eq!(html.matches("data-correct").count(), 1);
        let again = render(&q, 1, &mut ids).unwrap();
        assert!(again.contains("name=\"gdz-quiz-1-2\""), "{again}");
    }

    #[test]
    fn broken_math_in_a_quiz_is_reported_at_its_line() {
        let q = parse(
            1,
            &lines("Q $\\frac{$?\n- [x] a\n  : x\n- [ ] b\n  : $x^$\n", 2),
        )
        .unwrap();
        let e = render(&q, 1, &mut Ids::new()).unwrap_err();
        assert_eq!(e.iter().map(|p| p.0).collect::<Vec<_>>(), vec![2, 6]);
    }
}
