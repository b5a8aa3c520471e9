//! The certificate page: a `<gdz-certificate>` element the web layer fills from the
//! reader's progress, and the list of lessons it covers.

use super::links::Links;
use crate::core::lesson::html::escape;
use crate::core::lesson::Course;

/// The certificate page's main block.
pub fn main(course: &Course, links: &Links) -> String {
    let n = course.lessons.len();
    let mut out = format!(
        "<h1>Your certificate</h1>\n\
         <p class=\"lede\">Mark each of the {n} lessons complete and your certificate appears here. Your progress is kept in this browser only.</p>\n\
         <gdz-certificate data-total=\"{n}\">\n<p class=\"gdz-fallback\">The certificate is made in your browser from the lessons you have marked complete; it needs JavaScript.</p>\n</gdz-certificate>\n\
         <section class=\"gdz-certificate-lessons\" aria-labelledby=\"gdz-certificate-lessons\">\n<h2 id=\"gdz-certificate-lessons\">The lessons</h2>\n<ol>\n"
    );
    for l in &course.lessons {
        let slug = escape(&l.slug);
        out.push_str(&format!(
            "<li data-lesson=\"{slug}\"><a href=\"{}\">{}</a> <span class=\"gdz-done\" data-lesson=\"{slug}\"></span></li>\n",
            escape(&links.lesson(&l.slug)),
            escape(&l.doc.front.title)
        ));
    }
    out.push_str("</ol>\n</section>\n");
    out
}
