//! Every kind of lesson mistake stops the build with the file, the line and what is
//! wrong: each test writes a one-lesson course into a temporary folder and loads it.
#![cfg(not(target_arch = "wasm32"))]

use gdz::core::lesson::{self, Diagnostic};
use std::path::PathBuf;

const FRONT: &str = "---\ntitle: A lesson\nsummary: One line.\nminutes: 5\n---\n";

/// Writes `SUMMARY.md` listing `01-a.md`, and `01-a.md` with `text`; returns the folder.
fn course(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gdz-lesson-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("SUMMARY.md"),
        "# Course\n\n1. [A lesson](01-a.md)\n",
    )
    .unwrap();
    std::fs::write(dir.join("01-a.md"), text).unwrap();
    dir
}

/// Loads a course that must fail; returns its problems.
fn problems(name: &str, text: &str) -> (PathBuf, Vec<Diagnostic>) {
    let dir = course(name, text);
    match lesson::load(&dir) {
        Ok(_) => panic!("{name}: the lesson was accepted"),
        Err(d) => (dir, d.0),
    }
}

/// Asserts that the only problem is in `01-a.md` at `line`, with `needle` in its message.
fn assert_one(name: &str, text: &str, line: usize, needle: &str) {
    let (dir, p) = problems(name, text);
    assert_eq!(p.len(), 1, "{name}: {p:?}");
    let d = &p[0];
    assert_eq!(d.file, dir.join("01-a.md").display().to_string(), "{name}");
    assert_eq!(d.line, line, "{name}: {d}");
    assert!(d.message.contains(needle), "{name}: {d}");
    assert!(
        d.to_string().starts_with(&format!("{}:{line}: ", d.file)),
        "{name}: {d}"
    );
}

#[test]
fn a_good_lesson_loads() {
    let dir = course(
        "good",
        &format!("{FRONT}\n## Part\n\nText $x$.\n\n{{{{ race optimizers=\"sgd\" }}}}\n"),
    );
    let c = lesson::load(&dir).unwrap();
    assert_eq!(c.title.as_deref(), Some("Course"));
    assert_eq!(c.lessons.len(), 1);
    assert_eq!(c.lessons[0].slug, "a");
    assert_eq!(c.lessons[0].number, 1);
    assert_eq!(c.lessons[0].doc.widgets.len(), 1);
}

#[test]
fn missing_front_matter() {
    assert_one(
        "nofront",
        "# Just a heading\n",
        1,
        "must start with front matter",
    );
}

#[test]
fn front_matter_missing_a_key() {
    assert_one(
        "nokey",
        "---\ntitle: T\nminutes: 5\n---\nBody\n",
        4,
        "front matter is missing summary:",
    );
}

#[test]
fn front_matter_bad_minutes_and_unknown_key() {
    assert_one(
        "badminutes",
        "---\ntitle: T\nsummary: S\nminutes: a few\n---\n",
        4,
        "minutes = \"a few\" must be a whole number",
    );
    assert_one(
        "unknownkey",
        "---\ntitle: T\nsummary: S\nminutes: 3\nauthor: me\n---\n",
        5,
        "unknown front matter key \"author\"",
    );
    assert_one(
        "unclosed",
        "---\ntitle: T\nsummary: S\nminutes: 3\n\nBody\n",
        1,
        "front matter is not closed",
    );
}

#[test]
fn unknown_directive() {
    assert_one(
        "directive",
        &format!("{FRONT}\n::: warning\nCareful.\n:::\n"),
        7,
        "unknown directive \"::: warning\"; known: ::: quiz",
    );
}

#[test]
fn unknown_widget() {
    assert_one(
        "widget",
        &format!("{FRONT}\nText.\n\n{{{{ racer optimizers=\"sgd\" }}}}\n"),
        9,
        "unknown widget \"racer\"; known: playground, race, ball, landscape, schedules, compare, regression, anatomy",
    );
}

#[test]
fn unknown_attribute() {
    assert_one(
        "attribute",
        &format!("{FRONT}{{{{ race optimizers=\"sgd\" colour=\"red\" }}}}\n"),
        6,
        "unknown attribute \"colour\" for widget race; allowed: surface, optimizers, start, steps, stops, reveal, controls, caption",
    );
}

#[test]
fn missing_required_attribute() {
    assert_one(
        "required",
        &format!("{FRONT}{{{{ compare left=\"sgd\" }}}}\n"),
        6,
        "widget compare needs the attribute right",
    );
}

#[test]
fn spec_that_does_not_parse() {
    assert_one(
        "specparse",
        &format!("{FRONT}\n{{{{ playground optimizer=\"sgd(lr=)\" }}}}\n"),
        7,
        "widget playground, attribute optimizer: expected a value at column 8",
    );
}

#[test]
fn spec_that_does_not_build() {
    assert_one(
        "unknownopt",
        &format!("{FRONT}{{{{ race optimizers=\"sgd; no_such_optimizer(lr=1)\" }}}}\n"),
        6,
        "attribute optimizers: unknown optimizer \"no_such_optimizer\"",
    );
    assert_one(
        "unknownsurface",
        &format!("{FRONT}{{{{ race surface=\"no_such_surface\" optimizers=\"sgd\" }}}}\n"),
        6,
        "attribute surface: unknown surface \"no_such_surface\"",
    );
    assert_one(
        "unknownschedule",
        &format!("{FRONT}{{{{ schedules schedules=\"constant; no_such_schedule\" }}}}\n"),
        6,
        "attribute schedules: unknown schedule \"no_such_schedule\"",
    );
    assert_one(
        "outofrange",
        &format!("{FRONT}{{{{ race optimizers=\"sgd(lr=-1)\" }}}}\n"),
        6,
        "attribute optimizers: sgd: lr",
    );
    assert_one(
        "badparam",
        &format!("{FRONT}{{{{ race surface=\"quadratic(a=1, zz=2)\" optimizers=\"sgd\" }}}}\n"),
        6,
        "unknown parameter zz",
    );
}

#[test]
fn bad_numbers_and_points() {
    assert_one(
        "steps",
        &format!("{FRONT}{{{{ race optimizers=\"sgd\" steps=\"many\" }}}}\n"),
        6,
        "attribute steps: \"many\" must be a number",
    );
    assert_one(
        "start",
        &format!("{FRONT}{{{{ race optimizers=\"sgd\" start=\"1,2,3\" }}}}\n"),
        6,
        "attribute start: \"1,2,3\" has more than 2 coordinates but the surface has 2 parameters",
    );
}

#[test]
fn quiz_without_a_right_answer() {
    assert_one(
        "noright",
        &format!("{FRONT}\n::: quiz\nQ?\n- [ ] a\n  : x\n- [ ] b\n  : y\n:::\n"),
        7,
        "no answer is marked right",
    );
}

#[test]
fn quiz_with_two_right_answers() {
    assert_one(
        "tworight",
        &format!("{FRONT}\n::: quiz\nQ?\n- [x] a\n  : x\n- [x] b\n  : y\n:::\n"),
        11,
        "more than one answer is marked right",
    );
}

#[test]
fn quiz_answer_without_explanation() {
    assert_one(
        "noexpl",
        &format!("{FRONT}\n::: quiz\nQ?\n- [x] a\n  : x\n- [ ] b\n:::\n"),
        11,
        "this answer has no explanation",
    );
}

#[test]
fn quiz_not_closed() {
    assert_one(
        "unclosedquiz",
        &format!("{FRONT}\n::: quiz\nQ?\n- [x] a\n  : x\n"),
        7,
        "not closed",
    );
}

#[test]
fn broken_latex() {
    assert_one(
        "latex",
        &format!("{FRONT}\nFine $x$.\n\nBroken $\\sqrt{{x}} \\notacommand$ here.\n"),
        9,
        "LaTeX does not parse in \"\\sqrt{x} \\notacommand\"",
    );
    assert_one(
        "displaylatex",
        &format!("{FRONT}\n$$\nx^\n$$\n"),
        7,
        "LaTeX does not parse",
    );
    assert_one(
        "unbalanced",
        &format!("{FRONT}\n\nThe step $\\frac{{1}}{{$ is broken.\n"),
        8,
        "this $ starts no formula",
    );
}

#[test]
fn summary_entry_whose_file_is_missing() {
    let dir = course("missingfile", FRONT);
    std::fs::write(
        dir.join("SUMMARY.md"),
        "# Course\n\n1. [A lesson](01-a.md)\n2. [Gone](02-gone.md)\n",
    )
    .unwrap();
    let e = lesson::load(&dir).unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].file, dir.join("SUMMARY.md").display().to_string());
    assert_eq!(e.0[0].line, 4);
    assert_eq!(e.0[0].message, "lesson file 02-gone.md is missing");
}

#[test]
fn summary_line_that_is_not_an_entry() {
    let dir = course("badsummary", FRONT);
    std::fs::write(
        dir.join("SUMMARY.md"),
        "# Course\n\n1. [A lesson](01-a.md)\n- [B](02-b.md)\n",
    )
    .unwrap();
    let e = lesson::load(&dir).unwrap_err();
    assert_eq!(e.0[0].line, 4, "{e}");
    assert!(e.0[0].message.contains("expected a numbered link"), "{e}");
}

#[test]
fn missing_summary() {
    let dir = course("nosummary", FRONT);
    std::fs::remove_file(dir.join("SUMMARY.md")).unwrap();
    let e = lesson::load(&dir).unwrap_err();
    assert!(e.0[0].file.ends_with("SUMMARY.md"), "{e}");
    assert!(
        e.0[0].message.contains("cannot read the lesson index"),
        "{e}"
    );
}

#[test]
fn every_problem_in_every_lesson_is_reported_at_once() {
    let dir = course(
        "many",
        &format!("{FRONT}{{{{ racer }}}}\n\n$x^$\n\n::: aside\n:::\n"),
    );
    std::fs::write(dir.join("SUMMARY.md"), "1. [A](01-a.md)\n2. [B](02-b.md)\n").unwrap();
    std::fs::write(dir.join("02-b.md"), "no front matter\n").unwrap();
    let e = lesson::load(&dir).unwrap_err();
    let found: Vec<(String, usize)> =
        e.0.iter()
            .map(|d| {
                let file = PathBuf::from(&d.file);
                (
                    file.file_name().unwrap().to_string_lossy().to_string(),
                    d.line,
                )
            })
            .collect();
    assert_eq!(
        found,
        vec![
            ("01-a.md".to_string(), 6),
            ("01-a.md".to_string(), 8),
            ("01-a.md".to_string(), 10),
            ("02-b.md".to_string(), 1)
        ],
        "{e}"
    );
}

#[test]
fn the_cli_prints_file_and_line() {
    let dir = course("cli", &format!("{FRONT}{{{{ racer }}}}\n"));
    let out = std::env::temp_dir().join(format!("gdz-lesson-test-{}-cli-out", std::process::id()));
    let template = dir.join("template.html");
    std::fs::write(
        &template,
        "<title>Z</title><!-- gdz:head --><!-- gdz:nav --><!-- gdz:main --><!-- /gdz:main -->",
    )
    .unwrap();
    let args: Vec<String> = vec![
        "--template".into(),
        template.display().to_string(),
        "--lessons".into(),
        dir.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    let e = gdz::site::cli(&args).unwrap_err();
    assert!(
        e.to_string().starts_with(&format!(
            "{}:6: unknown widget \"racer\"",
            dir.join("01-a.md").display()
        )),
        "{e}"
    );
}
