//! A lesson's front matter: the `---` block at the top with `title`, `summary` and
//! `minutes`, all three required.

/// Problems found, each with its 1-based line.
pub type Problems = Vec<(usize, String)>;

/// The keys every lesson gives in its front matter.
pub const KEYS: &[&str] = &["title", "summary", "minutes"];

/// Longest reading time accepted, in minutes.
pub const MAX_MINUTES: u32 = 600;

/// What a lesson's front matter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The lesson's title, as written (plain text).
    pub title: String,
    /// A one-line summary, used on the course map and as the page description.
    pub summary: String,
    /// Estimated reading time in whole minutes.
    pub minutes: u32,
}

/// Reads the front matter at the top of `text`.
///
/// Returns it with the 0-based index of the first line after the closing `---`.
pub fn parse(text: &str) -> Result<(FrontMatter, usize), Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    let opened = lines.next().map(|(_, l)| l.trim_end() == "---");
    if opened != Some(true) {
        return Err(vec![(
            1,
            "a lesson must start with front matter: a line ---, then title:, summary: and minutes:, then ---".to_string(),
        )]);
    }
    let mut problems = Problems::new();
    let mut title = None;
    let mut summary = None;
    let mut minutes = None;
    let mut closed_at = None;
    for (i, raw) in lines {
        let line_no = i + 1;
        let line = raw.trim();
        if line == "---" {
            closed_at = Some(i);
            break;
        }
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            problems.push((
                line_no,
                format!("front matter line \"{line}\" is not key: value"),
            ));
            continue;
        };
        let key = key.trim();
        let value = unquote(value.trim());
        let slot = match key {
            "title" => &mut title,
            "summary" => &mut summary,
            "minutes" => &mut minutes,
            other => {
                problems.push((
                    line_no,
                    format!(
                        "unknown front matter key \"{other}\"; allowed: {}",
                        KEYS.join(", ")
                    ),
                ));
                continue;
            }
        };
        if slot.is_some() {
            problems.push((line_no, format!("front matter key {key} is given twice")));
            continue;
        }
        if value.is_empty() {
            problems.push((line_no, format!("front matter key {key} is empty")));
            continue;
        }
        *slot = Some((line_no, value.to_string()));
    }
    let Some(closed_at) = closed_at else {
        // Without the closing line every body line looks like a bad key: report only this.
        problems.clear();
        problems.push((
            1,
            "front matter is not closed: add a line --- after minutes:".to_string(),
        ));
        return Err(problems);
    };
    let close_line = closed_at + 1;
    let minutes = match minutes {
        Some((line_no, text)) => match text.parse::<u32>() {
            Ok(m) if (1..=MAX_MINUTES).contains(&m) => Some(m),
            _ => {
                problems.push((
                    line_no,
                    format!("minutes = \"{text}\" must be a whole number from 1 to {MAX_MINUTES}"),
                ));
                None
            }
        },
        None => {
            problems.push((close_line, "front matter is missing minutes:".to_string()));
            None
        }
    };
    if title.is_none() {
        problems.push((close_line, "front matter is missing title:".to_string()));
    }
    if summary.is_none() {
        problems.push((close_line, "front matter is missing summary:".to_string()));
    }
    match (title, summary, minutes) {
        (Some((_, title)), Some((_, summary)), Some(minutes)) if problems.is_empty() => Ok((
            FrontMatter {
                title,
                summary,
                minutes,
            },
            closed_at + 1,
        )),
        _ => Err(problems),
    }
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.trim();
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_three_keys() {
        let (fm, body) =
            parse("---\ntitle: The loop\nsummary: \"Why: it matters\"\nminutes: 8\n---\n# Body\n")
                .unwrap();
        assert_eq!(fm.title, "The loop");
        assert_eq!(fm.summary, "Why: it matters");
        assert_eq!(fm.minutes, 8);
        assert_eq!(body, 5);
    }

    #[test]
    fn rejects_missing_unknown_duplicate_and_bad_values() {
        let e = parse("# no front matter\n").unwrap_err();
        assert_eq!(e[0].0, 1);
        let e = parse("---\ntitle: a\nsummary: b\nminutes: 3\n").unwrap_err();
        assert!(e[0].1.contains("not closed"), "{e:?}");
        let e = parse("---\ntitle: a\nminutes: 3\n---\n").unwrap_err();
        assert_eq!(e, vec![(4, "front matter is missing summary:".to_string())]);
        let e = parse("---\ntitle: a\nsummary: b\nminutes: soon\nauthor: x\ntitle: c\n---\n")
            .unwrap_err();
        let lines: Vec<usize> = e.iter().map(|p| p.0).collect();
        assert_eq!(lines, vec![5, 6, 4], "{e:?}");
        let e = parse("---\ntitle:\nsummary: b\nminutes: 0\n---\n").unwrap_err();
        assert!(e.iter().any(|p| p.0 == 2 && p.1.contains("empty")));
        assert!(e.iter().any(|p| p.0 == 4 && p.1.contains("1 to 600")));
        let e = parse("---\njust words\n---\n").unwrap_err();
        assert_eq!(e[0].0, 2);
    }
}
