//! What every page shares: the head tags (description, Open Graph, the lesson list as
//! JSON) and the course navigation (course map, progress bar, previous/next).

use super::links::Links;
use crate::core::lesson::html::{escape, json_for_script};
use crate::core::lesson::Course;

/// Which page is being written, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    /// The home page with the course map.
    Home,
    /// The lesson at this index of the course.
    Lesson(usize),
    /// The certificate page.
    Certificate,
    /// The widget gallery.
    Gallery,
}

/// A link to a neighbouring page: its URL and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    /// The link.
    pub href: String,
    /// The page's title.
    pub title: String,
}

/// The pages before and after lesson `index`: the previous lesson (none for the first),
/// the next lesson (the certificate page after the last).
pub fn neighbours(
    course: &Course,
    links: &Links,
    index: usize,
) -> (Option<Neighbour>, Option<Neighbour>) {
    let lesson = |i: usize| {
        course.lessons.get(i).map(|l| Neighbour {
            href: links.lesson(&l.slug),
            title: l.doc.front.title.clone(),
        })
    };
    let prev = index.checked_sub(1).and_then(lesson);
    let next = lesson(index + 1).or_else(|| {
        (index + 1 == course.lessons.len()).then(|| Neighbour {
            href: links.certificate(),
            title: "Your certificate".to_string(),
        })
    });
    (prev, next)
}

/// The `<script type="application/json" id="gdz-lessons">` every page carries: the
/// base, the site name and every lesson's slug, in order: all that the page's progress
/// and certificate need (the certificate page lists titles in its own markup). Every
/// byte here is paid on every page.
pub fn lessons_script(course: &Course, links: &Links, site_name: &str) -> String {
    let lessons: Vec<serde_json::Value> = course
        .lessons
        .iter()
        .map(|l| {
            serde_json::json!({
                "slug": l.slug,
            })
        })
        .collect();
    let data = serde_json::json!({
        "base": links.base(),
        "site": site_name,
        "certificate": links.certificate(),
        "lessons": lessons,
    });
    format!(
        "<script type=\"application/json\" id=\"gdz-lessons\">{}</script>\n",
        json_for_script(&data)
    )
}

/// What the head marker receives on one page.
pub struct Head<'a> {
    /// The page's title for Open Graph (without the site name).
    pub title: &'a str,
    /// The description.
    pub description: &'a str,
    /// `website` or `article`.
    pub og_type: &'a str,
    /// The page's path under the base (`""`, `lessons/adam/`, …).
    pub path: &'a str,
}

/// The head tags of one page: Open Graph, canonical link (when the origin is known),
/// and the lesson data script.
pub fn head(h: &Head, links: &Links, site_name: &str, script: &str) -> String {
    let public = links.public(h.path);
    let og_url = public.clone().unwrap_or_else(|| links.page(h.path));
    let mut out = String::new();
    for (property, value) in [
        ("og:title", h.title),
        ("og:description", h.description),
        ("og:type", h.og_type),
        ("og:url", og_url.as_str()),
        ("og:site_name", site_name),
    ] {
        out.push_str(&format!(
            "<meta property=\"{property}\" content=\"{}\">\n",
            escape(value)
        ));
    }
    if let Some(url) = public {
        out.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape(&url)
        ));
    }
    out.push_str(script);
    out
}

/// The course navigation for the nav marker.
pub fn nav(course: &Course, links: &Links, current: Current) -> String {
    let n = course.lessons.len();
    let here = |c: Current| {
        if c == current {
            " aria-current=\"page\""
        } else {
            ""
        }
    };
    let mut out = String::from("<nav class=\"gdz-nav\" aria-label=\"Course\">\n");
    out.push_str(&format!(
        "<a class=\"gdz-nav-map\" href=\"{}\"{}>Course map</a>\n",
        escape(&links.home()),
        here(Current::Home)
    ));
    out.push_str(&format!(
        "<progress class=\"gdz-progress\" max=\"{n}\" value=\"0\" aria-label=\"Lessons completed\">0 of {n} lessons completed</progress>\n"
    ));
    if let Current::Lesson(i) = current {
        let (prev, next) = neighbours(course, links, i);
        if let Some(p) = prev {
            out.push_str(&format!(
                "<a class=\"gdz-nav-prev\" rel=\"prev\" href=\"{}\" title=\"{}\"><span aria-hidden=\"true\">← </span>Previous</a>\n",
                escape(&p.href),
                escape(&p.title)
            ));
        }
        if let Some(nx) = next {
            out.push_str(&format!(
                "<a class=\"gdz-nav-next\" rel=\"next\" href=\"{}\" title=\"{}\">Next<span aria-hidden=\"true\"> →</span></a>\n",
                escape(&nx.href),
                escape(&nx.title)
            ));
        }
    }
    out.push_str(&format!(
        "<a class=\"gdz-nav-certificate\" href=\"{}\"{}>Certificate</a>\n",
        escape(&links.certificate()),
        here(Current::Certificate)
    ));
    out.push_str("</nav>");
    out
}
