//! The parsers of the command-line flags' values (native only: clap calls them).
//!
//! They read only a value's shape (a number, a whole number, a point); the commands
//! check every range and combination, with the messages the JavaScript API gives too.

use crate::core::error::{Error, Result};

/// A finite number.
pub fn number(text: &str) -> Result<f64> {
    let t = text.trim();
    Ok(t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| wrong(t, "a finite number"))?)
}

/// A whole number (its range is for the command to check).
pub fn whole(text: &str) -> Result<u64> {
    let t = text.trim();
    Ok(t.parse::<u64>()
        .ok()
        .ok_or_else(|| wrong(t, "a whole number"))?)
}

/// A whole number held as the options hold counts (a number, as JavaScript gives it).
pub fn count(text: &str) -> Result<f64> {
    whole(text).map(|n| n as f64)
}

/// A point `X,Y` (or `X` for a 1-D surface).
pub fn point(text: &str) -> Result<Vec<f64>> {
    // Far more coordinates than any surface has; reading stops one past them.
    crate::core::spec::split_at_most(text, ',', 16, "the point")?
        .into_iter()
        .map(number)
        .collect()
}

fn wrong(text: &str, expected: &str) -> Error {
    Error::WrongType {
        owner: String::new(),
        key: format!("\"{text}\""),
        expected: expected.into(),
        got: None,
    }
}
