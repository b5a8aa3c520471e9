//! The options of `gdz site`, read from the command line.

use crate::core::error::{Error, Result};
use std::path::PathBuf;

/// The usage line printed with any argument error.
pub const USAGE: &str = "usage: gdz site --template DIST/index.html --lessons lessons --out DIST [--base /] [--site-url https://example.org] [--widget-sets FILE] [--modules FILE]";

/// The origin used in `sitemap.xml` when `--site-url` is not given.
pub const DEFAULT_SITE_URL: &str = "http://localhost:8080";

/// What to build and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// The page template: trunk's staged `index.html`.
    pub template: PathBuf,
    /// The folder holding `SUMMARY.md` and the lessons.
    pub lessons: PathBuf,
    /// The folder to write the site into.
    pub out: PathBuf,
    /// The URL path the site is served under, starting and ending with `/` (or an
    /// absolute URL ending with `/`).
    pub base: String,
    /// The site's origin, e.g. `https://example.org`, when given with `--site-url`.
    pub site_url: Option<String>,
    /// Where to write the sets of widgets the pages use (one `KEY WIDGET,…` line each).
    pub widget_sets: Option<PathBuf>,
    /// A map from widget sets to the modules built for them (see [`super::modules`]).
    pub modules: Option<PathBuf>,
}

impl SiteConfig {
    /// Reads `--template`, `--lessons`, `--out`, `--base`, `--site-url`, `--widget-sets`
    /// and `--modules` (each as
    /// `--flag value` or `--flag=value`).
    pub fn from_args(args: &[String]) -> Result<SiteConfig> {
        let mut template = None;
        let mut lessons = None;
        let mut out = None;
        let mut base = None;
        let mut site_url = None;
        let mut widget_sets = None;
        let mut modules = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let Some(flag) = arg.strip_prefix("--") else {
                return Err(Error::new(format!("unexpected argument {arg}\n{USAGE}")));
            };
            let (key, value) = match flag.split_once('=') {
                Some((k, v)) => (k, v.to_string()),
                None => {
                    let v = it
                        .next()
                        .ok_or_else(|| Error::new(format!("--{flag} needs a value\n{USAGE}")))?;
                    (flag, v.clone())
                }
            };
            let slot = match key {
                "template" => &mut template,
                "lessons" => &mut lessons,
                "out" => &mut out,
                "base" => &mut base,
                "site-url" => &mut site_url,
                "widget-sets" => &mut widget_sets,
                "modules" => &mut modules,
                other => {
                    return Err(Error::new(format!("unknown flag --{other}\n{USAGE}")));
                }
            };
            if slot.replace(value).is_some() {
                return Err(Error::new(format!("--{key} is given twice")));
            }
        }
        let need = |v: Option<String>, flag: &str| {
            v.filter(|s| !s.is_empty())
                .ok_or_else(|| Error::new(format!("--{flag} is required\n{USAGE}")))
        };
        Ok(SiteConfig {
            template: PathBuf::from(need(template, "template")?),
            lessons: PathBuf::from(lessons.unwrap_or_else(|| "lessons".to_string())),
            out: PathBuf::from(need(out, "out")?),
            base: normalize_base(base.as_deref().unwrap_or("/"))?,
            site_url: site_url.as_deref().map(normalize_site_url).transpose()?,
            widget_sets: widget_sets.map(PathBuf::from),
            modules: modules.map(PathBuf::from),
        })
    }
}

fn is_absolute_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// `zoo` or `/zoo` → `/zoo/`; empty → `/`; absolute URLs keep their origin.
pub fn normalize_base(base: &str) -> Result<String> {
    let b = base.trim();
    if b.chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
    {
        return Err(Error::new(format!(
            "--base {base:?} may not contain spaces, quotes, <, >, \\, ? or #"
        )));
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
    if host.is_empty()
        || host.contains('/')
        || host
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
    {
        return Err(Error::new(format!(
            "--site-url {url:?} must be an origin such as https://example.org (no path: give the path with --base)"
        )));
    }
    Ok(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_flags_with_defaults() {
        let c = SiteConfig::from_args(&args("--template t.html --out dist")).unwrap();
        assert_eq!(c.lessons, PathBuf::from("lessons"));
        assert_eq!(c.base, "/");
        assert_eq!(c.site_url, None);
        let c = SiteConfig::from_args(&args(
            "--template=t.html --out d --lessons l --base zoo --site-url https://ex.org/",
        ))
        .unwrap();
        assert_eq!(c.base, "/zoo/");
        assert_eq!(c.site_url.as_deref(), Some("https://ex.org"));
    }

    #[test]
    fn rejects_missing_unknown_and_bad_flags() {
        let e = SiteConfig::from_args(&args("--out d")).unwrap_err();
        assert!(e.message().starts_with("--template is required"), "{e}");
        assert!(SiteConfig::from_args(&args("--template t --out d --colour red")).is_err());
        assert!(SiteConfig::from_args(&args("--template t --out")).is_err());
        assert!(SiteConfig::from_args(&args("--template t --out d stray")).is_err());
        assert!(SiteConfig::from_args(&args("--template t --out d --out e")).is_err());
        assert!(SiteConfig::from_args(&args("--template t --out d --base /a\"b")).is_err());
        assert!(SiteConfig::from_args(&args("--template t --out d --site-url ftp://x")).is_err());
        assert!(
            SiteConfig::from_args(&args("--template t --out d --site-url https://x/zoo")).is_err()
        );
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
    }
}
