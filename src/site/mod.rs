//! The static site generator: lesson pages, the home page, sitemap and robots.txt.

use crate::core::error::{Error, Result};

/// `gdz site …`: builds the static pages (see the module docs).
pub fn cli(_args: &[String]) -> Result<String> {
    Err(Error::new("gdz site: not built yet"))
}
