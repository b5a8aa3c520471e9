//! The whole course: `SUMMARY.md` and every lesson it lists, read from a folder.

use super::diagnostic::{Diagnostic, Diagnostics};
use super::document::{self, Document};
use super::summary;
use std::path::Path;

/// One lesson of the course, parsed and rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Its place in the course, from 1.
    pub number: usize,
    /// Its URL name: the page is `lessons/SLUG/`.
    pub slug: String,
    /// The file it came from, as reported in errors.
    pub file: String,
    /// The parsed file.
    pub doc: Document,
}

/// Every lesson, in course order.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    /// The first `#` heading of `SUMMARY.md`, if any.
    pub title: Option<String>,
    /// The lessons, in the order `SUMMARY.md` lists them.
    pub lessons: Vec<Lesson>,
}

/// Reads `dir/SUMMARY.md` and every lesson it lists; returns every problem found in any
/// of them.
pub fn load(dir: &Path) -> Result<Course, Diagnostics> {
    let summary_path = dir.join("SUMMARY.md");
    let summary_file = summary_path.display().to_string();
    let text = std::fs::read_to_string(&summary_path).map_err(|e| {
        Diagnostics(vec![Diagnostic::new(
            &summary_file,
            0,
            format!("cannot read the lesson index: {e}"),
        )])
    })?;
    let index = summary::parse(&text).map_err(|problems| {
        Diagnostics(
            problems
                .into_iter()
                .map(|(line, msg)| Diagnostic::new(&summary_file, line, msg))
                .collect(),
        )
    })?;
    let mut problems = Vec::new();
    let mut lessons = Vec::with_capacity(index.entries.len());
    for (i, entry) in index.entries.iter().enumerate() {
        let path = dir.join(&entry.file);
        let file = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(Diagnostic::new(
                    &summary_file,
                    entry.line,
                    format!("lesson file {} is missing", entry.file),
                ));
                continue;
            }
            Err(e) => {
                problems.push(Diagnostic::new(&file, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        match document::parse(&file, &text) {
            Ok(doc) => lessons.push(Lesson {
                number: i + 1,
                slug: entry.slug.clone(),
                file,
                doc,
            }),
            Err(d) => problems.extend(d),
        }
    }
    if problems.is_empty() {
        Ok(Course {
            title: index.title,
            lessons,
        })
    } else {
        Err(Diagnostics(problems))
    }
}
