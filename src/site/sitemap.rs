//! `sitemap.xml` (absolute URLs of every page) and `robots.txt` pointing at it.

use super::links::Links;
use crate::core::lesson::html::escape;

/// The sitemap listing the pages at `paths` (relative to the base).
pub fn sitemap(links: &Links, paths: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&links.absolute(p))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; the sitemap is at its absolute URL.
pub fn robots(links: &Links) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        links.absolute("sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_escaped_urls() {
        let links = Links::new("/zoo/", Some("https://ex.org"));
        let s = sitemap(&links, &["".to_string(), "lessons/a&b/".to_string()]);
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(s.contains("<loc>https://ex.org/zoo/</loc>"), "{s}");
        assert!(
            s.contains("<loc>https://ex.org/zoo/lessons/a&amp;b/</loc>"),
            "{s}"
        );
        assert_eq!(
            robots(&links),
            "User-agent: *\nAllow: /\nSitemap: https://ex.org/zoo/sitemap.xml\n"
        );
        let local = Links::new("/", None);
        assert!(robots(&local).contains("Sitemap: http://localhost:8080/sitemap.xml"));
    }
}
