//! The static site generator: the home page with the course map, one page per lesson,
//! the certificate page, the gallery, `embed.js`, `api.js` with `api.d.ts`, `sitemap.xml`
//! and `robots.txt`.
//!
//! It runs as trunk's post-build hook: trunk's staged `index.html` is the template (its
//! asset links already point at the hashed wasm and CSS), and every page is written
//! from it into the staging folder:
//!
//! ```text
//! gdz site --template "$TRUNK_STAGING_DIR/index.html" --lessons lessons \
//!          --out "$TRUNK_STAGING_DIR" --base "$TRUNK_PUBLIC_URL" [--site-url https://example.org]
//! ```
//!
//! A problem in any lesson stops the build before anything is written, with every
//! problem listed as `file:line: what is wrong`.

pub mod api;
mod build;
mod certificate;
mod chrome;
mod config;
mod diagram;
pub mod gallery;
mod home;
mod lesson_page;
mod links;
pub mod modules;
mod sitemap;
mod template;

pub use build::{build, render, BuildReport, OutputFile};
pub use chrome::Current;
pub use config::{normalize_base, normalize_site_url, SiteConfig, DEFAULT_SITE_URL};
pub use links::Links;
pub use template::{PageParts, Template};

use crate::core::error::Result;

/// `gdz site …` as a library call: `args` are the flags after `site`; returns what the
/// command prints (a one-line JSON summary of what was written).
pub fn cli(args: &[String]) -> std::result::Result<String, crate::cli::Failure> {
    crate::cli::dispatch(std::iter::once("site").chain(args.iter().map(String::as_str)))
}

/// Builds the site `config` describes; returns a one-line JSON summary of what was
/// written (and prints each warning about the lessons on stderr).
pub fn run(config: &SiteConfig) -> Result<String> {
    let report = build(config)?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    Ok(serde_json::json!({
        "out": config.out.display().to_string(),
        "lessons": report.lessons,
        "files": report.files,
        "warnings": report.warnings,
    })
    .to_string())
}
