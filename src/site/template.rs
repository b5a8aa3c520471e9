//! The page template: trunk's staged `index.html`, with markers where each page puts
//! its own parts.
//!
//! - `<!-- gdz:head -->`: per-page `<meta>` tags and data are inserted here;
//! - `<!-- gdz:nav -->`: the course navigation;
//! - `<!-- gdz:main -->` … `<!-- /gdz:main -->`: replaced by the page's body (the
//!   original block is kept for the home page);
//! - `<title>…</title>` and `<meta name="description" …>` are replaced per page;
//! - the site name is the template's original `<title>`.

use crate::core::error::{Error, Result};
use crate::core::lesson::html::escape;

/// Marker where per-page head tags go.
pub const HEAD: &str = "<!-- gdz:head -->";
/// Marker where the course navigation goes.
pub const NAV: &str = "<!-- gdz:nav -->";
/// Start of the block each page replaces with its body.
pub const MAIN_START: &str = "<!-- gdz:main -->";
/// End of that block.
pub const MAIN_END: &str = "<!-- /gdz:main -->";

/// The parts of one page that the template does not fix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageParts {
    /// The whole `<title>` text (plain text; escaped when written).
    pub title: String,
    /// The meta description (plain text).
    pub description: String,
    /// HTML inserted at the head marker.
    pub head: String,
    /// HTML inserted at the nav marker.
    pub nav: String,
    /// HTML that replaces the main block.
    pub main: String,
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The site's name: the original `<title>` text, unescaped.
    pub site_name: String,
    /// The original main block, between the markers.
    pub original_main: String,
    /// The whole template as read.
    pub original: String,
    /// The text around the slots, in order: before title, between title and
    /// description, …; see [`Template::render`].
    pieces: Vec<String>,
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Title,
    Description,
    Head,
    Nav,
    Main,
}

/// Finds exactly one `marker` in `text`.
fn find_one(text: &str, marker: &str, path: &str) -> Result<usize> {
    let mut found = text.match_indices(marker).map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Ok(i),
        (None, _) => Err(Box::new(Error::File {
            path: path.to_string(),
            line: 0,
            message: format!("the template has no {marker} marker (give trunk's staged index.html, not a page this command wrote, and keep HTML comments in it)"),
        })),
        (Some(_), Some(_)) => Err(Box::new(Error::File {
            path: path.to_string(),
            line: 0,
            message: format!("the template has the {marker} marker more than once"),
        })),
    }
}

impl Template {
    /// Parses `text`; `path` names the template in errors.
    pub fn parse(text: &str, path: &str) -> Result<Template> {
        let mut spans: Vec<(usize, usize, Slot)> = Vec::new();
        // <title>…</title>
        let t0 = text.find("<title>").ok_or_else(|| Error::File {
            path: path.to_string(),
            line: 0,
            message: "the template has no <title>".into(),
        })?;
        let t_inner = t0 + "<title>".len();
        let t1 = text
            .get(t_inner..)
            .and_then(|r| r.find("</title>"))
            .map(|i| i + t_inner)
            .ok_or_else(|| Error::File {
                path: path.to_string(),
                line: 0,
                message: "the template has no </title>".into(),
            })?;
        let site_name = unescape(text.get(t_inner..t1).unwrap_or("").trim());
        spans.push((t0, t1 + "</title>".len(), Slot::Title));
        // <meta name="description" …>
        if let Some((d0, d1)) = find_meta_description(text) {
            spans.push((d0, d1, Slot::Description));
        }
        let h = find_one(text, HEAD, path)?;
        spans.push((h, h + HEAD.len(), Slot::Head));
        let n = find_one(text, NAV, path)?;
        spans.push((n, n + NAV.len(), Slot::Nav));
        let m0 = find_one(text, MAIN_START, path)?;
        let m1 = find_one(text, MAIN_END, path)?;
        if m1 < m0 {
            return Err(Box::new(Error::File {
                path: path.to_string(),
                line: 0,
                message: format!("{MAIN_END} comes before {MAIN_START}"),
            }));
        }
        let original_main = text
            .get(m0 + MAIN_START.len()..m1)
            .unwrap_or("")
            .to_string();
        spans.push((m0, m1 + MAIN_END.len(), Slot::Main));
        spans.sort_by_key(|s| s.0);
        let mut pieces = Vec::with_capacity(spans.len() + 1);
        let mut slots = Vec::with_capacity(spans.len());
        let mut at = 0;
        for (start, end, slot) in spans {
            if start < at {
                return Err(Box::new(Error::File {
                    path: path.to_string(),
                    line: 0,
                    message: "the markers, <title> and the description overlap".into(),
                }));
            }
            pieces.push(text.get(at..start).unwrap_or("").to_string());
            slots.push(slot);
            at = end;
        }
        pieces.push(text.get(at..).unwrap_or("").to_string());
        Ok(Template {
            site_name,
            original_main,
            original: text.to_string(),
            pieces,
            slots,
        })
    }

    /// The file name of the stylesheet `NAME-HASH.css` (or `NAME.css`) the template
    /// links, if any.
    pub fn stylesheet(&self, name: &str) -> Option<String> {
        let at = self
            .original
            .find(&format!("/{name}-"))
            .or_else(|| self.original.find(&format!("/{name}.css")))?;
        let rest = self.original.get(at + 1..)?;
        let end = rest.find(".css")?;
        Some(format!("{}.css", rest.get(..end)?))
    }

    /// Whether the template has a `<meta name="description">` to replace.
    pub fn has_description(&self) -> bool {
        self.slots.contains(&Slot::Description)
    }

    /// The page: the template with its slots filled from `parts`, and every `href="/"`
    /// outside the main block (the site name's link) pointed at `base`.
    pub fn render(&self, parts: &PageParts, base: &str) -> String {
        let mut out = String::new();
        let home_href = format!("href=\"{}\"", escape(base));
        for (i, piece) in self.pieces.iter().enumerate() {
            out.push_str(&piece.replace("href=\"/\"", &home_href));
            match self.slots.get(i) {
                Some(Slot::Title) => {
                    out.push_str("<title>");
                    out.push_str(&escape(&parts.title));
                    out.push_str("</title>");
                }
                Some(Slot::Description) => {
                    out.push_str("<meta name=\"description\" content=\"");
                    out.push_str(&escape(&parts.description));
                    out.push_str("\">");
                }
                Some(Slot::Head) => {
                    if !self.has_description() {
                        out.push_str("<meta name=\"description\" content=\"");
                        out.push_str(&escape(&parts.description));
                        out.push_str("\">\n");
                    }
                    out.push_str(&parts.head);
                }
                Some(Slot::Nav) => out.push_str(&parts.nav),
                Some(Slot::Main) => out.push_str(&parts.main),
                None => {}
            }
        }
        out
    }
}

/// The span of the first `<meta …>` tag with `name="description"`.
fn find_meta_description(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(rel) = text.get(from..)?.find("<meta") {
        let start = from + rel;
        let end = start + text.get(start..)?.find('>')? + 1;
        let tag = text.get(start..end)?;
        if tag.contains("name=\"description\"") || tag.contains("name=description") {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// Undoes the five entities [`escape`] writes (enough for a `<title>`).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "<html><head><title>Zoo &amp; Co</title>\n<meta name=\"description\" content=\"old\">\n<!-- gdz:head -->\n<link href=\"/app-1a2b.js\"></head><body><a class=\"brand\" href=\"/\">Zoo</a><!-- gdz:nav --><main><!-- gdz:main --><h1>Orig</h1><!-- /gdz:main --></main></body></html>";

    #[test]
    fn fills_every_slot() {
        let t = Template::parse(T, "t.html").unwrap();
        assert_eq!(t.site_name, "Zoo & Co");
        assert_eq!(t.original_main, "<h1>Orig</h1>");
        let page = t.render(
            &PageParts {
                title: "A <b> \"t\"".into(),
                description: "d & e".into(),
                head: "<meta property=\"og:type\" content=\"article\">".into(),
                nav: "<nav>N</nav>".into(),
                main: "<article>M</article>".into(),
            },
            "/zoo/",
        );
        assert!(
            page.contains("<title>A &lt;b&gt; &quot;t&quot;</title>"),
            "{page}"
        );
        assert!(page.contains("<meta name=\"description\" content=\"d &amp; e\">"));
        assert!(!page.contains("old"));
        assert!(!page.contains("<!-- gdz"), "{page}");
        assert!(page.contains(
            "<meta property=\"og:type\" content=\"article\">\n<link href=\"/app-1a2b.js\">"
        ));
        assert!(
            page.contains("<a class=\"brand\" href=\"/zoo/\">Zoo</a><nav>N</nav>"),
            "{page}"
        );
        assert!(page.contains("<main><article>M</article></main>"), "{page}");
        assert!(!page.contains("Orig"));
    }

    #[test]
    fn reports_missing_or_doubled_markers() {
        let e = Template::parse(&T.replace(NAV, ""), "dist/index.html").unwrap_err();
        assert!(
            e.to_string()
                .contains("dist/index.html: the template has no <!-- gdz:nav --> marker"),
            "{e}"
        );
        let e = Template::parse(&T.replace(HEAD, &format!("{HEAD}{HEAD}")), "t").unwrap_err();
        assert!(e.to_string().contains("more than once"), "{e}");
        assert!(Template::parse(&T.replace("<title>", "<x>"), "t").is_err());
    }

    #[test]
    fn description_is_added_when_the_template_has_none() {
        let t = Template::parse(
            &T.replace("<meta name=\"description\" content=\"old\">", ""),
            "t",
        )
        .unwrap();
        assert!(!t.has_description());
        let page = t.render(
            &PageParts {
                description: "new".into(),
                ..PageParts::default()
            },
            "/",
        );
        assert_eq!(
            page.matches("<meta name=\"description\" content=\"new\">")
                .count(),
            1
        );
    }
}
