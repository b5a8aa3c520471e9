//! Lessons: `SUMMARY.md` and the Markdown lesson files it lists, parsed, checked and
//! rendered to HTML (prose, MathML, widget elements, quizzes) for the site generator.
//!
//! The format is the one `lessons/AUTHORING.md` describes to authors. Every problem is
//! reported as a [`Diagnostic`] naming the file, the line and what is wrong; nothing
//! here panics on any input. The widget table in [`widgets`] is plain data shared with
//! the web layer.

mod course;
mod diagnostic;
pub mod diagram;
mod document;
pub mod front_matter;
pub mod html;
mod ids;
pub mod markdown;
pub mod math;
pub mod quiz;
pub mod scan;
pub mod summary;
pub mod widget;

pub use course::{load, Course, Lesson};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use document::{lab_href, parse, Document, Lab};
pub use front_matter::FrontMatter;
pub use ids::{slugify, Ids};
pub use markdown::TocEntry;
