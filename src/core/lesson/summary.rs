//! `SUMMARY.md`: the ordered index of lessons, one numbered link per lesson.
//!
//! ```markdown
//! # Gradient Descent Zoo
//!
//! 1. [The training loop](01-training-loop.md)
//! 2. [Gradient descent and the learning rate](02-gradient-descent.md)
//! ```

use super::front_matter::Problems;

/// One lesson listed in `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The 1-based line of `SUMMARY.md` that lists it.
    pub line: usize,
    /// The link text.
    pub label: String,
    /// The lesson's file, relative to the lessons folder.
    pub file: String,
    /// The URL name: the file name without its number prefix and `.md`.
    pub slug: String,
}

/// The parsed index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The text of the first `#` heading, if any.
    pub title: Option<String>,
    /// The lessons, in course order.
    pub entries: Vec<Entry>,
}

/// Parses the text of `SUMMARY.md`.
pub fn parse(text: &str) -> Result<Summary, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut title = None;
    let mut entries: Vec<Entry> = Vec::new();
    let mut problems = Problems::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix('#') {
            if title.is_none() {
                title = Some(h.trim_start_matches('#').trim().to_string());
            }
            continue;
        }
        let entry = match item(line) {
            Ok(e) => e,
            Err(msg) => {
                problems.push((line_no, msg));
                continue;
            }
        };
        let (number, label, file) = entry;
        let position = entries.len() + 1;
        if number != position {
            problems.push((
                line_no,
                format!("this entry is numbered {number} but it is lesson {position}; number the lessons 1, 2, 3, … in order"),
            ));
        }
        let slug = match slug_of(&file) {
            Ok(s) => s,
            Err(msg) => {
                problems.push((line_no, msg));
                continue;
            }
        };
        if let Some(prev) = entries.iter().find(|e| e.file == file || e.slug == slug) {
            problems.push((
                line_no,
                format!(
                    "{file} has the same file or URL name ({slug}) as the entry on line {}",
                    prev.line
                ),
            ));
            continue;
        }
        entries.push(Entry {
            line: line_no,
            label,
            file,
            slug,
        });
    }
    if entries.is_empty() && problems.is_empty() {
        problems.push((
            1,
            "SUMMARY.md lists no lessons; add lines such as 1. [Title](01-name.md)".to_string(),
        ));
    }
    if problems.is_empty() {
        Ok(Summary { title, entries })
    } else {
        Err(problems)
    }
}

/// Splits `N. [label](file)` into its parts.
fn item(line: &str) -> Result<(usize, String, String), String> {
    let shape = || {
        format!("expected a numbered link such as 1. [The training loop](01-training-loop.md), found \"{line}\"")
    };
    let (num, rest) = line.split_once(". ").ok_or_else(shape)?;
    let number = num.trim().parse::<usize>().map_err(|_| shape())?;
    let rest = rest.trim();
    let inner = rest
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(shape)?;
    let (label, file) = inner.rsplit_once("](").ok_or_else(shape)?;
    let label = label.trim();
    let file = file.trim();
    if label.is_empty() || file.is_empty() {
        return Err(shape());
    }
    Ok((number, label.to_string(), file.to_string()))
}

/// The URL name of a lesson file: `01-training-loop.md` → `training-loop`.
pub fn slug_of(file: &str) -> Result<String, String> {
    if file.starts_with('/')
        || file.contains('\\')
        || file
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err(format!(
            "\"{file}\" must be a path inside the lessons folder, such as 01-training-loop.md"
        ));
    }
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name
        .strip_suffix(".md")
        .ok_or_else(|| format!("\"{file}\" must be a Markdown file ending in .md"))?;
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let without_number = match stem.get(digits..) {
        Some(rest) if digits > 0 => rest.trim_start_matches(['-', '_']),
        _ => stem,
    };
    let slug = without_number.to_string();
    if slug.is_empty()
        || !slug
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        return Err(format!(
            "the file name \"{name}\" must be a number, then lowercase words joined by -, then .md (e.g. 01-training-loop.md)"
        ));
    }
    Ok(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_and_entries_in_order() {
        let s = parse("# Zoo\n\n1. [The loop](01-training-loop.md)\n2. [GD [intro]](02-gd.md)\n")
            .unwrap();
        assert_eq!(s.title.as_deref(), Some("Zoo"));
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.entries[0].slug, "training-loop");
        assert_eq!(s.entries[0].line, 3);
        assert_eq!(s.entries[1].label, "GD [intro]");
        assert_eq!(s.entries[1].file, "02-gd.md");
    }

    #[test]
    fn rejects_bad_lines_numbers_paths_and_duplicates() {
        let e = parse("1. [A](01-a.md)\n- [B](02-b.md)\n3. [C](03-c.md)\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, 2);
        assert!(e[1].1.contains("numbered 3 but it is lesson 2"), "{e:?}");
        let e = parse("1. [A](../secret.md)\n").unwrap_err();
        assert!(e[0].1.contains("inside the lessons folder"));
        let e = parse("1. [A](01-a.txt)\n").unwrap_err();
        assert!(e[0].1.contains(".md"));
        let e = parse("1. [A](01-Big Name.md)\n").unwrap_err();
        assert!(e[0].1.contains("lowercase"));
        let e = parse("1. [A](01-a.md)\n2. [B](02-a.md)\n").unwrap_err();
        assert!(e[0].1.contains("line 1"), "{e:?}");
        let e = parse("# Only a title\n").unwrap_err();
        assert!(e[0].1.contains("no lessons"));
    }

    #[test]
    fn slugs_drop_the_number() {
        assert_eq!(slug_of("01-training-loop.md").unwrap(), "training-loop");
        assert_eq!(slug_of("adam.md").unwrap(), "adam");
        assert_eq!(slug_of("part/10_adamw.md").unwrap(), "adamw");
        assert!(slug_of("01-.md").is_err());
        assert!(slug_of("/etc/passwd.md").is_err());
    }
}
