//! The home page: the template's opening (title and lede), its first section (the front
//! door: a race already on the page), the course map (every lesson with its number,
//! title, summary, reading time and a progress marker), then the template's other
//! sections.

use super::links::Links;
use crate::core::lesson::html::escape;
use crate::core::lesson::Course;

/// The home page's main block. The template's original block keeps its opening (up to
/// its first `<section`) and its first section above the map, and the rest below it; a
/// block without a `<section` goes wholly above the map.
pub fn main(course: &Course, links: &Links, original: &str) -> String {
    let first_end = original.find("<section").and_then(|i| {
        let end = original.get(i..)?.find("</section>")? + i + "</section>".len();
        Some(end)
    });
    let (top, rest) = match first_end {
        Some(end) => (
            original.get(..end).unwrap_or(""),
            original.get(end..).unwrap_or(""),
        ),
        None => (original, ""),
    };
    let mut out = String::new();
    out.push_str(top);
    out.push_str(&course_map(course, links));
    out.push_str(rest);
    out
}

/// The course map section.
pub fn course_map(course: &Course, links: &Links) -> String {
    let mut out = String::from(
        "\n<section class=\"gdz-course\" aria-labelledby=\"gdz-course-title\">\n<h2 id=\"gdz-course-title\">Course map</h2>\n<ol class=\"gdz-course-map\">\n",
    );
    for l in &course.lessons {
        let slug = escape(&l.slug);
        let fm = &l.doc.front;
        out.push_str(&format!(
            "<li class=\"gdz-course-item\" data-lesson=\"{slug}\">\n\
             <a class=\"gdz-course-link\" href=\"{href}\"><span class=\"gdz-num\">{num}</span> <span class=\"gdz-course-name\">{title}</span></a>\n\
             <p class=\"gdz-summary\">{summary}</p>\n\
             <p class=\"gdz-course-meta\"><span class=\"gdz-minutes\">{minutes} min</span> <span class=\"gdz-done\" data-lesson=\"{slug}\"></span></p>\n\
             </li>\n",
            href = escape(&links.lesson(&l.slug)),
            num = l.number,
            title = escape(&fm.title),
            summary = escape(&fm.summary),
            minutes = fm.minutes,
        ));
    }
    out.push_str(&format!(
        "</ol>\n<p class=\"gdz-course-certificate\"><a href=\"{}\">Your certificate</a></p>\n</section>\n",
        escape(&links.certificate())
    ));
    out
}
