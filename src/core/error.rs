//! The one error type of the core: what went wrong, with the data to say so.
//!
//! Each variant carries the offending value and, where there is one, what is allowed;
//! [`Error`]'s `Display` is the one-line message a reader sees (in the CLI, a widget's
//! notice, a lesson build's report). Messages are written with `write!` only, so the
//! browser's module carries no formatting machinery beyond what it already has.

use std::fmt;

/// An error from parsing, validating or building anything in the core (and, on native
/// targets, from reading or writing the site's files).
///
/// An `owner` is the name of the spec the error belongs to (e.g. `adam`); it is empty
/// when there is none, and the message then starts with the key itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Spec text that does not follow the syntax.
    Syntax {
        /// What was expected at that place, or what was found instead of it.
        what: String,
        /// The 1-based column (in bytes) where the problem was found.
        column: usize,
        /// The text, cut to its first 60 characters.
        text: String,
    },
    /// A formula (`expr(f="…")`) that does not follow its grammar, or goes over a
    /// limit: the message is `expr: at column N: what`.
    Formula {
        /// The 1-based column in the formula where the problem was found.
        column: usize,
        /// What was expected there, or what is wrong.
        what: String,
    },
    /// Text longer than allowed (a spec over [`crate::core::spec::MAX_SPEC_LEN`]).
    TooLong {
        /// What the text is, e.g. `spec`.
        what: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The longest allowed.
        max: usize,
    },
    /// A list with more entries than allowed.
    TooMany {
        /// The spec the list belongs to (may be empty).
        owner: String,
        /// The list's name (a parameter, or e.g. `the ;-list of optimizers`).
        key: String,
        /// How many entries were read: all of them, or `max + 1` when reading stopped
        /// one past the limit.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// A parameter given twice in one spec.
    Duplicate {
        /// The spec.
        owner: String,
        /// The parameter.
        key: String,
    },
    /// A name that is not one of the known ones (a surface, optimizer or schedule).
    UnknownName {
        /// What kind of thing was named, e.g. `optimizer`.
        kind: &'static str,
        /// The name given.
        name: String,
        /// Every known name.
        known: Vec<&'static str>,
    },
    /// A parameter the spec's owner does not take.
    UnknownKey {
        /// The spec.
        owner: String,
        /// The parameter given.
        key: String,
        /// The parameters it takes (empty when it takes none).
        known: Vec<&'static str>,
    },
    /// A word that is not one of a parameter's allowed words.
    UnknownWord {
        /// The spec.
        owner: String,
        /// The parameter.
        key: String,
        /// The word given.
        word: String,
        /// The allowed words.
        allowed: Vec<&'static str>,
    },
    /// A number outside its allowed range (or not finite).
    OutOfRange {
        /// The spec (may be empty).
        owner: String,
        /// The parameter or setting.
        key: String,
        /// The value given.
        value: f64,
        /// The allowed range as a reader writes it, e.g. `0 ≤ beta1 < 1`.
        allowed: String,
    },
    /// A number that must be whole but is not.
    NotWhole {
        /// The spec (may be empty).
        owner: String,
        /// The parameter.
        key: String,
        /// The value given.
        value: f64,
    },
    /// A value of the wrong kind (a word where a number belongs, …).
    WrongType {
        /// The spec (may be empty).
        owner: String,
        /// The parameter or setting.
        key: String,
        /// What it must be, e.g. `a number` or `true or false`.
        expected: String,
        /// What was given, when it is worth repeating.
        got: Option<String>,
    },
    /// A required value that was not given.
    Missing {
        /// The spec (may be empty).
        owner: String,
        /// What is missing.
        key: String,
        /// What it may be, e.g. the allowed range.
        hint: Option<String>,
    },
    /// Values that are each allowed but do not go together (a start with 3 coordinates
    /// for a 2-D surface, `nesterov=true` without momentum, …).
    Incompatible {
        /// The spec (may be empty).
        owner: String,
        /// Which values clash and why.
        reason: String,
    },
    /// An error in the setting named by `context` (e.g. the schedule of one optimizer of
    /// a race): the message is `context: error`.
    In {
        /// Where the error happened, e.g. an optimizer spec.
        context: String,
        /// The error itself.
        error: Box<Error>,
    },
    /// A drawing backend refused to draw.
    Draw {
        /// The backend's own message.
        message: String,
    },
    #[cfg(not(target_arch = "wasm32"))]
    /// A problem at a place in an input file (a lesson, the page template, a module
    /// map); `line` is 0 when it concerns the whole file.
    File {
        /// The file, as it was given.
        path: String,
        /// The 1-based line, or 0.
        line: usize,
        /// What is wrong.
        message: String,
    },
    #[cfg(not(target_arch = "wasm32"))]
    /// A file or folder that could not be read or written (native builds only).
    Io {
        /// What was being done, e.g. `read the template`.
        action: String,
        /// The path.
        path: String,
        /// The system's reason.
        message: String,
    },
    #[cfg(not(target_arch = "wasm32"))]
    /// Several problems, one per line (a lesson build reports all it found).
    Many(Vec<Error>),
}

/// Writes `owner: ` when there is an owner.
fn owner(f: &mut fmt::Formatter<'_>, owner: &str) -> fmt::Result {
    if owner.is_empty() {
        Ok(())
    } else {
        write!(f, "{owner}: ")
    }
}

/// Writes `items` separated by `, `, or `empty` when there are none.
fn list(f: &mut fmt::Formatter<'_>, items: &[&str], empty: &str) -> fmt::Result {
    if items.is_empty() {
        return f.write_str(empty);
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(item)?;
    }
    Ok(())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = crate::core::num::fmt_short;
        match self {
            Error::Syntax { what, column, text } => {
                write!(f, "{what} at column {column} in \"{text}\"")
            }
            Error::Formula { column, what } => {
                write!(f, "expr: at column {column}: {what}")
            }
            Error::TooLong { what, len, max } => {
                write!(f, "{what} is {len} bytes long; at most {max} allowed")
            }
            Error::TooMany {
                owner: o,
                key,
                // Lists are read only up to one entry past the limit, so the count may
                // be a lower bound: the message does not give it.
                count: _,
                max,
            } => {
                owner(f, o)?;
                write!(f, "{key} has more than {max} entries")
            }
            Error::Duplicate { owner: o, key } => {
                owner(f, o)?;
                write!(f, "parameter {key} is given twice")
            }
            Error::UnknownName { kind, name, known } => {
                write!(f, "unknown {kind} \"{name}\"; known: ")?;
                list(f, known, "none")
            }
            Error::UnknownKey {
                owner: o,
                key,
                known,
            } => {
                owner(f, o)?;
                write!(f, "unknown parameter {key}; allowed: ")?;
                list(f, known, "none")
            }
            Error::UnknownWord {
                owner: o,
                key,
                word,
                allowed,
            } => {
                owner(f, o)?;
                write!(f, "{key} = {word} is not allowed; allowed: ")?;
                list(f, allowed, "none")
            }
            Error::OutOfRange {
                owner: o,
                key,
                value,
                allowed,
            } => {
                owner(f, o)?;
                write!(
                    f,
                    "{key} = {} is out of range; allowed: {allowed}",
                    num(*value)
                )
            }
            Error::NotWhole {
                owner: o,
                key,
                value,
            } => {
                owner(f, o)?;
                write!(f, "{key} = {} must be a whole number", num(*value))
            }
            Error::WrongType {
                owner: o,
                key,
                expected,
                got,
            } => {
                owner(f, o)?;
                write!(f, "{key} must be {expected}")?;
                match got {
                    Some(g) => write!(f, ", not {g}"),
                    None => Ok(()),
                }
            }
            Error::Missing {
                owner: o,
                key,
                hint,
            } => {
                owner(f, o)?;
                write!(f, "{key} is required")?;
                match hint {
                    Some(h) => write!(f, " ({h})"),
                    None => Ok(()),
                }
            }
            Error::Incompatible { owner: o, reason } => {
                owner(f, o)?;
                f.write_str(reason)
            }
            Error::In { context, error } => write!(f, "{context}: {error}"),
            Error::Draw { message } => write!(f, "drawing failed: {message}"),
            #[cfg(not(target_arch = "wasm32"))]
            Error::File {
                path,
                line,
                message,
            } => {
                if *line == 0 {
                    write!(f, "{path}: {message}")
                } else {
                    write!(f, "{path}:{line}: {message}")
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            Error::Io {
                action,
                path,
                message,
            } => write!(f, "cannot {action} {path}: {message}"),
            #[cfg(not(target_arch = "wasm32"))]
            Error::Many(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// This error in the setting `context` (the message becomes `context: …`).
    pub fn within(self: Box<Self>, context: impl Into<String>) -> Box<Error> {
        Box::new(Error::In {
            context: context.into(),
            error: self,
        })
    }

    /// A drawing backend's error.
    pub fn draw(e: impl fmt::Display) -> Box<Error> {
        Box::new(Error::Draw {
            message: e.to_string(),
        })
    }
}

/// Result with the core's [`Error`], boxed: the enum carries several strings, and a
/// `Result` two words wide keeps every function that can fail (every spec reader, every
/// builder) small in the browser's module and cheap to return.
pub type Result<T> = std::result::Result<T, Box<Error>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        let e = Error::OutOfRange {
            owner: "adam".into(),
            key: "lr".into(),
            value: -1.0,
            allowed: "0 ≤ lr".into(),
        };
        assert_eq!(
            e.to_string(),
            "adam: lr = -1 is out of range; allowed: 0 ≤ lr"
        );
        let e = Error::UnknownKey {
            owner: "constant".into(),
            key: "x".into(),
            known: vec![],
        };
        assert_eq!(
            e.to_string(),
            "constant: unknown parameter x; allowed: none"
        );
        let e = Error::Missing {
            owner: String::new(),
            key: "--optimizer".into(),
            hint: None,
        };
        assert_eq!(e.to_string(), "--optimizer is required");
        let e = Box::new(Error::UnknownName {
            kind: "surface",
            name: "volcano".into(),
            known: vec!["quadratic", "rosenbrock"],
        })
        .within("--surface");
        assert_eq!(
            e.to_string(),
            "--surface: unknown surface \"volcano\"; known: quadratic, rosenbrock"
        );
        #[cfg(not(target_arch = "wasm32"))]
        {
            let many = Error::Many(vec![
                Error::File {
                    path: "a.md".into(),
                    line: 3,
                    message: "bad".into(),
                },
                Error::File {
                    path: "b.md".into(),
                    line: 0,
                    message: "not UTF-8".into(),
                },
            ]);
            assert_eq!(many.to_string(), "a.md:3: bad\nb.md: not UTF-8");
        }
        let w = Error::WrongType {
            owner: "sgd".into(),
            key: "nesterov".into(),
            expected: "true or false".into(),
            got: Some("1".into()),
        };
        assert_eq!(w.to_string(), "sgd: nesterov must be true or false, not 1");
    }
}
