//! URLs of the site's pages, under the `--base` path and, where a full URL is needed,
//! the `--site-url` origin.

use super::config::DEFAULT_SITE_URL;

/// Builds every internal link and absolute URL from the base and the origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    base: String,
    origin: Option<String>,
}

impl Links {
    /// Links under `base` (normalized, ending in `/`), with the explicit `--site-url`.
    pub fn new(base: &str, site_url: Option<&str>) -> Self {
        Links {
            base: base.to_string(),
            origin: site_url.map(str::to_string),
        }
    }

    /// The base path, e.g. `/zoo/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The link to the page at `path` (`""`, `lessons/adam/`, …), e.g. `/zoo/lessons/adam/`.
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The home page.
    pub fn home(&self) -> String {
        self.page("")
    }

    /// The page path of lesson `slug`, relative to the base.
    pub fn lesson_path(slug: &str) -> String {
        format!("lessons/{slug}/")
    }

    /// The link to lesson `slug`.
    pub fn lesson(&self, slug: &str) -> String {
        self.page(&Self::lesson_path(slug))
    }

    /// The certificate page's path, relative to the base.
    pub const CERTIFICATE: &'static str = "certificate/";

    /// The link to the certificate page.
    pub fn certificate(&self) -> String {
        self.page(Self::CERTIFICATE)
    }

    /// The full URL of the page at `path`, as a sitemap needs (the `--site-url` origin,
    /// or `http://localhost:8080` when none was given).
    pub fn absolute(&self, path: &str) -> String {
        if self.base.starts_with("http://") || self.base.starts_with("https://") {
            return self.page(path);
        }
        let origin = self.origin.as_deref().unwrap_or(DEFAULT_SITE_URL);
        format!("{origin}{}", self.page(path))
    }

    /// The URL for `og:url` and `rel=canonical`: full when the origin is known (from
    /// `--site-url` or an absolute base), else the path under the base.
    pub fn public(&self, path: &str) -> Option<String> {
        let known = self.origin.is_some()
            || self.base.starts_with("http://")
            || self.base.starts_with("https://");
        known.then(|| self.absolute(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base() {
        let l = Links::new("/zoo/", None);
        assert_eq!(l.home(), "/zoo/");
        assert_eq!(l.lesson("adam"), "/zoo/lessons/adam/");
        assert_eq!(l.certificate(), "/zoo/certificate/");
        assert_eq!(
            l.absolute("lessons/adam/"),
            "http://localhost:8080/zoo/lessons/adam/"
        );
        assert_eq!(l.public(""), None);
        let l = Links::new("/", Some("https://ex.org"));
        assert_eq!(
            l.public("certificate/").as_deref(),
            Some("https://ex.org/certificate/")
        );
        let l = Links::new("https://cdn.ex.org/z/", Some("https://ignored.org"));
        assert_eq!(l.absolute("x/"), "https://cdn.ex.org/z/x/");
    }
}
