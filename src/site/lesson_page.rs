//! A lesson's page: the article with its header, table of contents, prose, widgets and
//! quizzes, the "Mark complete" button and links to the previous and next pages.

use super::chrome::neighbours;
use super::links::Links;
use crate::core::lesson::html::escape;
use crate::core::lesson::Course;

/// The main block of lesson `index` (if there is no such lesson, an empty string).
pub fn main(course: &Course, links: &Links, index: usize) -> String {
    let Some(lesson) = course.lessons.get(index) else {
        return String::new();
    };
    let fm = &lesson.doc.front;
    let slug = escape(&lesson.slug);
    let mut out = format!(
        "<article class=\"gdz-lesson\" data-lesson=\"{slug}\">\n<header class=\"gdz-lesson-header\">\n\
         <p class=\"gdz-lesson-meta\">Lesson {num} of {total} · <span class=\"gdz-minutes\">{minutes} min read</span> <span class=\"gdz-done\" data-lesson=\"{slug}\"></span></p>\n\
         <h1>{title}</h1>\n<p class=\"lede\">{summary}</p>\n</header>\n",
        num = lesson.number,
        total = course.lessons.len(),
        minutes = fm.minutes,
        title = escape(&fm.title),
        summary = escape(&fm.summary),
    );
    if !lesson.doc.toc.is_empty() {
        out.push_str("<nav class=\"gdz-toc\" aria-labelledby=\"gdz-toc-title\">\n<p class=\"gdz-toc-title\" id=\"gdz-toc-title\">On this page</p>\n<ol>\n");
        for entry in &lesson.doc.toc {
            out.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>\n",
                escape(&entry.id),
                entry.html
            ));
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("<div class=\"gdz-prose\">\n");
    // The lab cards' links, relative in the lesson's HTML, carry the base like every other.
    let mut html = super::diagram::place(&lesson.doc.html);
    for lab in &lesson.doc.labs {
        let to = [links.lesson(&lesson.slug).as_str(), lab.href.as_str()].concat();
        html = html.replace(
            &["href=\"", &lab.href, "\""].concat(),
            &["href=\"", &escape(&to), "\""].concat(),
        );
    }
    out.push_str(&html);
    out.push_str("</div>\n<footer class=\"gdz-lesson-footer\">\n");
    out.push_str(&format!(
        "<button type=\"button\" class=\"gdz-complete\" data-lesson=\"{slug}\">Mark complete</button>\n"
    ));
    let (prev, next) = neighbours(course, links, index);
    out.push_str("<nav class=\"gdz-pager\" aria-label=\"Previous and next\">\n");
    if let Some(p) = prev {
        out.push_str(&format!(
            "<a class=\"gdz-prev\" rel=\"prev\" href=\"{}\"><span aria-hidden=\"true\">← </span>Previous: {}</a>\n",
            escape(&p.href),
            escape(&p.title)
        ));
    }
    if let Some(n) = next {
        out.push_str(&format!(
            "<a class=\"gdz-next\" rel=\"next\" href=\"{}\">Next: {}<span aria-hidden=\"true\"> →</span></a>\n",
            escape(&n.href),
            escape(&n.title)
        ));
    }
    out.push_str("</nav>\n</footer>\n</article>\n");
    out
}

/// The main block of the page of lesson `index`'s lab `k` (empty when there is no such
/// lab): the lab's title, a way back to the lesson, and the lab's prose and widgets.
pub fn lab_main(course: &Course, links: &Links, index: usize, k: usize) -> String {
    let Some((lesson, lab)) = course
        .lessons
        .get(index)
        .and_then(|l| Some((l, l.doc.labs.get(k)?)))
    else {
        return String::new();
    };
    let back = escape(&links.lesson(&lesson.slug));
    let lesson_title = escape(&lesson.doc.front.title);
    format!(
        "<article class=\"gdz-lesson gdz-lab-page\">\n<header class=\"gdz-lesson-header\">\n\
         <p class=\"gdz-lesson-meta\">Lab · <a href=\"{back}\">Lesson {num}: {lesson_title}</a></p>\n\
         <h1>{title}</h1>\n</header>\n<div class=\"gdz-prose\">\n{html}</div>\n\
         <footer class=\"gdz-lesson-footer\">\n<nav class=\"gdz-pager\" aria-label=\"Back to the lesson\">\n\
         <a class=\"gdz-prev\" href=\"{back}\"><span aria-hidden=\"true\">← </span>Back to lesson {num}: {lesson_title}</a>\n\
         </nav>\n</footer>\n</article>\n",
        num = lesson.number,
        title = escape(&lab.title),
        html = lab.html,
    )
}
