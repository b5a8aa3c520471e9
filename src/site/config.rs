//! The options of `gdz site`, read from the command line.

use crate::core::error::{Error, Result};
use std::path::PathBuf;

/// The origin used in `sitemap.xml` when `--site-url` is not given.
pub const DEFAULT_SITE_URL: &str = "http://localhost:8080";

/// What to build and where: the flags of `gdz site` (each as `--flag value` or
/// `--flag=value`).
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct SiteConfig {
    /// The page template: trunk's staged `index.html`.
    #[arg(long, value_name = "FILE")]
    pub template: PathBuf,
    /// The folder holding `SUMMARY.md` and the lessons.
    #[arg(long, value_name = "DIR", default_value = "lessons")]
    pub lessons: PathBuf,
    /// The folder to write the site into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The URL path the site is served under, starting and ending with `/` (or an
    /// absolute URL ending with `/`).
    #[arg(long, value_name = "PATH", default_value = "/", value_parser = normalize_base)]
    pub base: String,
    /// The site's origin, e.g. `https://example.org`, for `sitemap.xml` and canonical
    /// links.
    #[arg(long, value_name = "URL", value_parser = normalize_site_url)]
    pub site_url: Option<String>,
    /// Where to write the sets of widgets the pages use (one `KEY WIDGET,…` line each).
    #[arg(long, value_name = "FILE")]
    pub widget_sets: Option<PathBuf>,
    /// A map from widget sets to the modules built for them (see [`super::modules`]).
    #[arg(long, value_name = "FILE")]
    pub modules: Option<PathBuf>,
}

fn is_absolute_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Whether `s` holds a character that has no place in a URL written into a page.
fn unsafe_in_url(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
}

/// `zoo` or `/zoo` → `/zoo/`; empty → `/`; absolute URLs keep their origin.
pub fn normalize_base(base: &str) -> Result<String> {
    let b = base.trim();
    if unsafe_in_url(b) {
        return Err(Box::new(Error::WrongType {
            owner: String::new(),
            key: format!("--base {base:?}"),
            expected: "a path without spaces, quotes, <, >, \\, ? or #".into(),
            got: None,
        }));
    }
    let mut out = if is_absolute_url(b) || b.starts_with('/') {
        b.to_string()
    } else {
        format!("/{b}")
    };
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

/// `https://example.org/` → `https://example.org`; anything but http(s) is an error.
pub fn normalize_site_url(url: &str) -> Result<String> {
    let u = url.trim().trim_end_matches('/');
    let host = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or("");
    if host.is_empty() || host.contains('/') || unsafe_in_url(host) {
        return Err(Box::new(Error::WrongType {
            owner: String::new(),
            key: format!("--site-url {url:?}"),
            expected: "an origin such as https://example.org (no path: give the path with --base)"
                .into(),
            got: None,
        }));
    }
    Ok(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Site {
        #[command(flatten)]
        config: SiteConfig,
    }

    fn parse(s: &str) -> std::result::Result<SiteConfig, clap::Error> {
        Site::try_parse_from(std::iter::once("site").chain(s.split_whitespace())).map(|s| s.config)
    }

    #[test]
    fn reads_flags_with_defaults() {
        let c = parse("--template t.html --out dist").unwrap();
        assert_eq!(c.lessons, PathBuf::from("lessons"));
        assert_eq!(c.base, "/");
        assert_eq!(c.site_url, None);
        let c =
            parse("--template=t.html --out d --lessons l --base zoo --site-url https://ex.org/")
                .unwrap();
        assert_eq!(c.base, "/zoo/");
        assert_eq!(c.site_url.as_deref(), Some("https://ex.org"));
    }

    #[test]
    fn rejects_missing_unknown_and_bad_flags() {
        let e = parse("--out d").unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        for bad in [
            "--template t --out d --colour red",
            "--template t --out",
            "--template t --out d stray",
            "--template t --out d --out e",
            "--template t --out d --base /a\"b",
            "--template t --out d --site-url ftp://x",
            "--template t --out d --site-url https://x/zoo",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bases_are_normalized() {
        assert_eq!(normalize_base("").unwrap(), "/");
        assert_eq!(normalize_base("/").unwrap(), "/");
        assert_eq!(normalize_base("/zoo").unwrap(), "/zoo/");
        assert_eq!(
            normalize_base("https://cdn.example.org/zoo").unwrap(),
            "https://cdn.example.org/zoo/"
        );
        assert!(normalize_base("a b")
            .unwrap_err()
            .to_string()
            .starts_with("--base \"a b\" must be a path"));
    }
}
