//! The lesson parser never panics: arbitrary text, and text assembled from the pieces
//! lessons are made of (front matter, directives, fences, math), either parse or come
//! back as problems that point at real lines.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(not(target_arch = "wasm32"))]

use gdz::core::lesson::{self, math, widget};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "---",
    "title: T",
    "summary: S",
    "minutes: 4",
    "minutes: -1",
    "",
    "## Heading $x$",
    "# Top",
    "Text with $\\eta$ and $$\\frac{a}{b}$$.",
    "$$",
    "\\frac{1}{",
    "$",
    "\\$5",
    "```python",
    "```",
    "~~~",
    "    indented",
    "{{ race optimizers=\"sgd\" }}",
    "{{ race optimizers=\"sgd; nope\" start=\"1\" }}",
    "{{ playground surface=\"quadratic(a=1, b=25)\" optimizer=\"sgd(lr=0.1)\" start=\"-1,1\" }}",
    "{{ ball start=\"",
    "{{",
    "}}",
    "{{ regression points=\"[[1,2],[2,4]]\" }}",
    "::: quiz",
    ":::",
    "::: other",
    "Question?",
    "- [x] right",
    "- [ ] wrong",
    "- [X]",
    "  : because",
    "  more",
    ": loose",
    "| a | b |",
    "|---|---|",
    "[^1]: note",
    "<div>raw</div>",
    "\u{feff}",
    "é ∇ 𝜃",
];

fn check(text: &str) {
    let lines = text.lines().count().max(1);
    if let Err(problems) = lesson::parse("f.md", text) {
        assert!(!problems.is_empty());
        for p in problems {
            assert_eq!(p.file, "f.md");
            assert!(
                p.line <= lines + 1,
                "line {} of {lines}: {}",
                p.line,
                p.message
            );
            assert!(!p.message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text);
        check(&format!("---\ntitle: T\nsummary: S\nminutes: 3\n---\n{text}"));
    }

    #[test]
    fn lesson_shaped_text_never_panics(idx in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let body: Vec<&str> = idx.iter().filter_map(|&i| PIECES.get(i).copied()).collect();
        let text = format!("---\ntitle: T\nsummary: S\nminutes: 3\n---\n{}\n", body.join("\n"));
        check(&text);
        check(&body.join("\n"));
    }

    #[test]
    fn latex_either_converts_to_well_formed_mathml_or_errs(src in "[-a-z{}^_\\\\<>&()\\[\\]=+ 0-9|,.']{0,40}") {
        if let Ok(m) = math::to_mathml(&src, math::Display::Inline) {
            prop_assert!(m.starts_with("<math>"));
            let bytes = m.as_bytes();
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'<' {
                    let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                    prop_assert!(next.is_ascii_alphabetic() || next == b'/', "raw < in {m}");
                }
            }
        }
    }

    #[test]
    fn widget_lines_never_panic(name in "[a-z_]{0,12}", attrs in proptest::collection::vec(("[a-z_]{0,10}", "[^\"]{0,30}"), 0..5)) {
        let mut line = format!("{{{{ {name}");
        for (k, v) in &attrs {
            line.push_str(&format!(" {k}=\"{v}\""));
        }
        line.push_str(" }}");
        if let Ok(w) = widget::parse(1, &line) {
            let html = widget::render(&w);
            let tag = format!("<gdz-{name}");
            prop_assert!(html.starts_with(&tag) || html.starts_with("<figure"));
        }
    }
}
