//! The home page: the course map (every lesson with its number, title, summary,
//! reading time and a progress marker), then the template's featured block.

use super::links::Links;
use crate::core::lesson::html::escape;
use crate::core::lesson::Course;

/// The home page's main block. The template's original block keeps its opening (up to
/// its first `<section`) above the map and the rest (the featured playground) below it;
/// a block without a `<section` goes wholly below the map.
pub fn main(course: &Course, links: &Links, original: &str) -> String {
    let (intro, featured) = match original.find("<section") {
        Some(i) => (
            original.get(..i).unwrap_or(""),
            original.get(i..).unwrap_or(""),
        ),
        None => ("", original),
    };
    let mut out = String::new();
    out.push_str(intro);
    out.push_str(&course_map(course, links));
    out.push_str(featured);
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
