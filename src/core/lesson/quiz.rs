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
    parse_as(line, lines, Kind::Quiz)
}

/// What a block of question and answers is: a graded quiz, or a prediction (two to
/// four choices, none of them graded, explanations not needed: its reveal explains).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A quick check.
    Quiz,
    /// A prediction asked before a widget.
    Predict,
}

/// Parses the lines inside a quiz or prediction block opened at `line`.
pub fn parse_as(line: usize, lines: &[(usize, String)], kind: Kind) -> Result<Quiz, Problems> {
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
    if kind == Kind::Predict {
        if answers.len() > 4 {
            problems.push((
                line,
                format!(
                    "this prediction has {} choices; at most four",
                    answers.len()
                ),
            ));
        }
        if let Some(l) = right.first() {
            problems.push((*l, "a prediction is not graded: write every choice as - [ ] and let the reveal explain".to_string()));
        }
        return if problems.is_empty() {
            Ok(Quiz {
                line,
                question,
                answers,
            })
        } else {
            Err(problems)
        };
    }
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

/// The order a quiz's answers are shown in: a shuffle seeded by the quiz's own text, so
/// it is the same on every build and the right answer's place tells nothing. Each entry
/// is an index into `answers`.
pub fn order(q: &Quiz) -> Vec<usize> {
    // FNV-1a over the question and the answers, then xorshift64* for the shuffle.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for text in std::iter::once(&q.question.1).chain(q.answers.iter().map(|a| &a.text)) {
        for b in text.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut next = move || {
        h ^= h >> 12;
        h ^= h << 25;
        h ^= h >> 27;
        h.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut idx: Vec<usize> = (0..q.answers.len()).collect();
    for i in (1..idx.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        idx.swap(i, j);
    }
    idx
}

/// The quiz as HTML, its answers in [`order`]. `number` counts quizzes on the page from
/// 1; ids and radio names are taken from `ids` so they are unique on the page. Each
/// answer keeps its place in the source as its value (what progress stores).
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
    for k in order(q) {
        let Some(a) = q.answers.get(k) else { continue };
        let input = ids.claim(&format!("{id}-a{}", k + 1));
        let why = ids.claim(&format!("{input}-why"));
        out.push_str(if a.correct {
            "<div class=\"gdz-answer\" data-correct>"
        } else {
            "<div class=\"gdz-answer\">"
        });
        let label = md(&a.text, a.line);
        // A label of MathML alone gives the radio no accessible name in every tool
        // (axe-core computes none), so such a radio is named by a text reading.
        let name = math_only_reading(&label)
            .map(|r| format!(" aria-label=\"{}\"", escape(&r)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<input type=\"radio\" name=\"{id}\" id=\"{input}\" value=\"{}\"{name}> <label for=\"{input}\">",
            k + 1
        ));
        out.push_str(&label);
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

/// A prediction as HTML: the question and its choices as a fieldset (in the order
/// written: a prediction has no right answer to hide), then the reveal in a `<details>`
/// that a reader without JavaScript opens by hand; with JavaScript, choosing opens it.
pub fn render_predict(
    q: &Quiz,
    number: usize,
    reveal: &str,
    ids: &mut Ids,
) -> Result<String, Problems> {
    let mut problems = Problems::new();
    let mut md = |text: &str, line: usize| match render_inline(text, line) {
        Ok(h) => h,
        Err(p) => {
            problems.extend(p);
            escape(text)
        }
    };
    let id = ids.claim(&format!("gdz-predict-{number}"));
    let mut out = format!(
        "<gdz-predict id=\"{id}\">\n<fieldset>\n<legend><span class=\"gdz-predict-kicker\">Predict first.</span> "
    );
    out.push_str(&md(&q.question.1, q.question.0));
    out.push_str("</legend>\n");
    for (k, a) in q.answers.iter().enumerate() {
        let input = ids.claim(&format!("{id}-a{}", k + 1));
        let label = md(&a.text, a.line);
        let name = math_only_reading(&label)
            .map(|r| format!(" aria-label=\"{}\"", escape(&r)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<div class=\"gdz-answer\"><input type=\"radio\" name=\"{id}\" id=\"{input}\" value=\"{}\"{name}> <label for=\"{input}\">{label}</label></div>\n",
            k + 1
        ));
    }
    out.push_str("</fieldset>\n<details class=\"gdz-reveal\">\n<summary>After you have tried it: what happens, and why</summary>\n");
    out.push_str(reveal);
    out.push_str("</details>\n</gdz-predict>\n");
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A node of the MathML in a rendered label.
#[derive(Debug)]
enum Node {
    /// An element: its name and children.
    Element(String, Vec<Node>),
    /// Text, with character references decoded.
    Text(String),
}

/// Decodes the character references the site's HTML and MathML use.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let Some(end) = after.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = after.get(..end).unwrap_or("");
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses rendered HTML into nodes; `None` if its tags do not nest.
fn parse_nodes(html: &str) -> Option<Vec<Node>> {
    // Each open element: its name and the children collected so far.
    let mut stack: Vec<(String, Vec<Node>)> = vec![(String::new(), Vec::new())];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(tag) = rest.strip_prefix('<') else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = decode(rest.get(..end)?);
            stack.last_mut()?.1.push(Node::Text(text));
            rest = rest.get(end..)?;
            continue;
        };
        let end = tag.find('>')?;
        let inside = tag.get(..end)?;
        rest = tag.get(end + 1..)?;
        if let Some(closing) = inside.strip_prefix('/') {
            let (name, kids) = stack.pop()?;
            if name != closing.trim() || stack.is_empty() {
                return None;
            }
            stack.last_mut()?.1.push(Node::Element(name, kids));
            continue;
        }
        let self_closing = inside.ends_with('/');
        let name: String = inside
            .trim_end_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.is_empty() || name.starts_with('!') {
            return None;
        }
        if self_closing {
            stack.last_mut()?.1.push(Node::Element(name, Vec::new()));
        } else {
            stack.push((name, Vec::new()));
        }
    }
    match (stack.pop(), stack.is_empty()) {
        (Some((_, nodes)), true) => Some(nodes),
        _ => None,
    }
}

/// `s` as a superscript, subscript or fraction part: bare if it is one symbol, a number
/// (`2`, `−4`, `0.5`) or the root of one (`√2`), else in parentheses.
fn group(s: &str) -> String {
    let s = s.trim();
    let digits = s.strip_prefix(['−', '-']).unwrap_or(s);
    let number = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    let root = s.strip_prefix('√').is_some_and(|r| group(r) == r);
    if s.chars().count() <= 1 || number || root {
        s.to_string()
    } else {
        format!("({s})")
    }
}

/// The text reading of a MathML node: its tokens' text in order, with `^`, `_`, `/`
/// and `√` where the layout (superscript, subscript, fraction, root) says so.
fn reading(node: &Node) -> String {
    let (name, kids) = match node {
        Node::Text(t) => return t.clone(),
        Node::Element(name, kids) => (name.as_str(), kids),
    };
    let parts: Vec<String> = kids
        .iter()
        .filter(|k| !matches!(k, Node::Text(t) if t.trim().is_empty()))
        .map(reading)
        .collect();
    match (name, parts.as_slice()) {
        ("annotation" | "annotation-xml", _) => String::new(),
        ("mspace", _) => " ".to_string(),
        // Relations and most binary operators read better with room around them; a
        // minus stays put so that `−4` reads as one number.
        ("mo", _)
            if ["=", "<", ">", "≤", "≥", "≈", "≠", "+", "×", "→", "←"]
                .contains(&parts.concat().trim()) =>
        {
            format!(" {} ", parts.concat().trim())
        }
        ("msup", [base, sup]) => format!("{base}^{}", group(sup)),
        ("msub", [base, sub]) => format!("{base}_{}", group(sub)),
        ("msubsup", [base, sub, sup]) => format!("{base}_{}^{}", group(sub), group(sup)),
        ("mfrac", [num, den]) => format!("{}/{}", group(num), group(den)),
        ("msqrt", _) => format!("√{}", group(&parts.concat())),
        ("mroot", [x, n]) => format!("{}√{}", group(n), group(x)),
        ("munder" | "mover" | "munderover", _) => parts.join(" "),
        _ => parts.concat(),
    }
}

/// A plain-text reading of a rendered answer label that holds nothing but math
/// (`<math>` elements and white space), to name its radio; `None` when the label has
/// any other content (its text names the radio) or its MathML does not parse.
fn math_only_reading(label_html: &str) -> Option<String> {
    let nodes = parse_nodes(label_html)?;
    let mut maths = 0;
    let mut text = String::new();
    for n in &nodes {
        match n {
            Node::Element(name, _) if name == "math" => {
                maths += 1;
                text.push_str(&reading(n));
                text.push(' ');
            }
            Node::Text(t) if t.trim().is_empty() => {}
            _ => return None,
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    (maths > 0 && !words.is_empty()).then(|| words.join(" "))
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
    fn a_math_only_answer_names_its_radio_with_a_text_reading() {
        let q = parse(
            1,
            &lines(
                "Which rate?\n- [ ] $0.5$\n  : No.\n- [x] $10^{-4}$\n  : Yes.\n- [ ] $250 \\, \\eta$\n  : No.\n- [ ] Lower $\\eta$.\n  : No.\n- [ ] $a < b$ $\\frac{1}{\\sqrt{2}}$\n  : No.\n",
                2,
            ),
        )
        .unwrap();
        let html = render(&q, 1, &mut Ids::new()).unwrap();
        let named = |k: usize, label: &str| {
            format!("id=\"gdz-quiz-1-a{k}\" value=\"{k}\" aria-label=\"{label}\"> <label")
        };
        assert!(html.contains(&named(1, "0.5")), "{html}");
        assert!(html.contains(&named(2, "10^−4")), "{html}");
        assert!(html.contains(&named(3, "250 η")), "{html}");
        // Text beside the math names the radio already: no aria-label.
        assert!(
            html.contains("id=\"gdz-quiz-1-a4\" value=\"4\"> <label"),
            "{html}"
        );
        // Markup characters in the reading are escaped in the attribute.
        assert!(html.contains(&named(5, "a &lt; b 1/√2")), "{html}");
        assert_eq!(html.matches("aria-label").count(), 4);
    }

    #[test]
    fn math_reading_needs_well_formed_math_alone() {
        assert_eq!(math_only_reading("Lower <math><mi>η</mi></math>"), None);
        assert_eq!(
            math_only_reading("<math><mi>η</mi></math> <em>x</em>"),
            None
        );
        assert_eq!(math_only_reading("<math><mi>η</mi></mrow>"), None);
        assert_eq!(math_only_reading("<math> </math>"), None);
        assert_eq!(math_only_reading("plain words"), None);
        assert_eq!(
            math_only_reading(
                " <math><msub><mi>x</mi><mrow><mi>t</mi><mo>+</mo><mn>1</mn></mrow></msub><mo>&amp;</mo><mn>&#160;2</mn></math> "
            ),
            Some("x_(t + 1)& 2".to_string())
        );
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
