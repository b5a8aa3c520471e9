//! Element ids on one page: heading anchors and quiz fields, unique and readable.

use std::collections::HashSet;

/// Ids the page shell already uses; headings never take them.
pub const RESERVED: &[&str] = &["main", "toc"];

/// Hands out ids that are unique on one page.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    used: HashSet<String>,
}

impl Ids {
    /// An empty set.
    pub fn new() -> Self {
        Ids::default()
    }

    /// A unique id for a heading reading `text`: its words in lowercase joined by `-`,
    /// with `-2`, `-3`, … added when taken. Ids starting with `gdz-` are left to the
    /// page's own elements, so a heading never takes one.
    pub fn heading(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        if base.starts_with("gdz-") || RESERVED.contains(&base.as_str()) {
            base = format!("s-{base}");
        }
        self.claim(&base)
    }

    /// `base` itself if unused, else `base-2`, `base-3`, …; records the result.
    pub fn claim(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 2usize;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// Lowercase ASCII letters and digits of `text`, words joined by single `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_unique() {
        assert_eq!(
            slugify("Why the step size (η) matters!"),
            "why-the-step-size-matters"
        );
        assert_eq!(slugify("  AdamW: weight_decay  "), "adamw-weight-decay");
        let mut ids = Ids::new();
        assert_eq!(ids.heading("Momentum"), "momentum");
        assert_eq!(ids.heading("Momentum"), "momentum-2");
        assert_eq!(ids.heading("momentum 2"), "momentum-2-2");
        assert_eq!(ids.heading("∇∇"), "section");
        assert_eq!(ids.heading("Main"), "s-main");
        assert_eq!(ids.heading("gdz quiz 1"), "s-gdz-quiz-1");
        assert_eq!(ids.claim("gdz-quiz-1"), "gdz-quiz-1");
    }
}
