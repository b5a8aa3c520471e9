//! Build errors in lessons: each names the file, the line and what is wrong.

use std::fmt;

/// One problem found in a lesson source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the build was told it (e.g. `lessons/03-sgd.md`).
    pub file: String,
    /// The 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// What is wrong, and where there is one, what is allowed.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `line` of `file`.
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Every problem a build found, in the order found; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any problem mentions `needle` in its file, or in its message.
    pub fn mentions(&self, needle: &str) -> bool {
        self.0
            .iter()
            .any(|d| d.message.contains(needle) || d.file.contains(needle))
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostics> for Box<crate::core::error::Error> {
    fn from(d: Diagnostics) -> Self {
        Box::new(crate::core::error::Error::from(d))
    }
}

impl From<Diagnostics> for crate::core::error::Error {
    fn from(d: Diagnostics) -> Self {
        crate::core::error::Error::Many(
            d.0.into_iter()
                .map(|d| crate::core::error::Error::File {
                    path: d.file,
                    line: d.line,
                    message: d.message,
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_line() {
        let d = Diagnostic::new("lessons/a.md", 7, "unknown widget \"x\"");
        assert_eq!(d.to_string(), "lessons/a.md:7: unknown widget \"x\"");
        let whole = Diagnostic::new("lessons/a.md", 0, "not UTF-8");
        assert_eq!(whole.to_string(), "lessons/a.md: not UTF-8");
        let all = Diagnostics(vec![d, whole]);
        assert_eq!(all.to_string().lines().count(), 2);
        assert!(all.mentions("UTF-8"));
        assert!(!all.mentions("quiz"));
    }
}
