//! The reader's progress as it is kept in the browser's local storage: which lessons are
//! marked complete and which answer was chosen in each quick check.
//!
//! # Schema, version 1
//!
//! Stored under the key [`KEY`] (`gdz.progress.v1`) as one JSON object:
//!
//! ```text
//! {"version":1,"done":["training-loop","adam"],"quiz":{"adam/gdz-quiz-1":2}}
//! ```
//!
//! - `version`: the number `1`.
//! - `done`: the slugs of the lessons marked complete, each at most once.
//! - `quiz`: per quick check (`SLUG/QUIZ-ID`), the number of the answer last chosen (1 to
//!   [`MAX_ANSWER`]). Whether it was right is read from the page, so a corrected answer key
//!   never shows a stale verdict.
//!
//! Every string is 1 to [`MAX_STRING`] letters, digits and `-_./` (slugs are lowercase
//! words joined by `-`), so no escapes are ever needed. The record is read back only in
//! exactly the form [`Progress::to_json`] writes: these three keys in this order, no white
//! space, numbers without sign or leading zeros; at most [`MAX_ENTRIES`] entries in each
//! of `done` and `quiz`, and at most [`MAX_TEXT`] bytes in all. Anything else (garbage,
//! another version, a wrong type, a value too large, JSON written some other way) is not
//! an error: [`Progress::load`] starts afresh and the next save replaces it.
//!
//! This module is plain Rust (no JSON library) so the wasm build stays small (the strict
//! form makes the reader a few splits) and the parser is tested natively.

/// The local-storage key of the progress record.
pub const KEY: &str = "gdz.progress.v1";
/// The schema version written and accepted.
pub const VERSION: u32 = 1;
/// The longest stored text accepted, in bytes.
pub const MAX_TEXT: usize = 64 * 1024;
/// The longest slug or quiz key accepted, in bytes.
pub const MAX_STRING: usize = 120;
/// The most entries accepted in `done`, and separately in `quiz`.
pub const MAX_ENTRIES: usize = 1000;
/// The largest answer number accepted.
pub const MAX_ANSWER: u32 = 999;

/// Lessons marked complete and answers chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    done: Vec<String>,
    quiz: Vec<(String, u32)>,
}

/// Whether `s` may be stored as a string of the schema.
pub fn storable(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_STRING
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

/// The text before the `done` list.
const HEAD: &str = "{\"version\":1,\"done\":[";
/// The text between the `done` list (after its `]`) and the `quiz` entries.
const MIDDLE: &str = ",\"quiz\":{";

/// The `quiz` key of quick check `quiz_id` in lesson `slug`.
pub fn quiz_key(slug: &str, quiz_id: &str) -> String {
    let mut k = String::with_capacity(slug.len() + quiz_id.len() + 1);
    k.push_str(slug);
    k.push('/');
    k.push_str(quiz_id);
    k
}

impl Progress {
    /// No lessons complete and no answers.
    pub const fn new() -> Progress {
        Progress {
            done: Vec::new(),
            quiz: Vec::new(),
        }
    }

    /// Parses stored text; `None` unless it is exactly as [`Progress::to_json`] writes it.
    pub fn parse(text: &str) -> Option<Progress> {
        if text.len() > MAX_TEXT {
            return None;
        }
        // No string may hold `]`, `,`, `:` or `"`, so plain splits find the structure.
        let (done, quiz) = text.strip_prefix(HEAD)?.split_once(']')?;
        let quiz = quiz.strip_prefix(MIDDLE)?.strip_suffix("}}")?;
        let mut out = Progress::new();
        for (i, slug) in done.split(',').filter(|_| !done.is_empty()).enumerate() {
            let slug = unquote(slug)?;
            if i >= MAX_ENTRIES {
                return None;
            }
            out.set_done(slug, true);
        }
        for (i, entry) in quiz.split(',').filter(|_| !quiz.is_empty()).enumerate() {
            let (key, n) = entry.split_once(':')?;
            // 1 to 999: up to three digits, the first not 0.
            let digits =
                n.len() <= 3 && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit());
            let n = n.parse::<u32>().ok().filter(|_| digits)?;
            if i >= MAX_ENTRIES {
                return None;
            }
            out.set_answer(unquote(key)?, n);
        }
        Some(out)
    }

    /// The progress in `stored` (what local storage held, if anything), or a fresh start
    /// when there is none or it does not follow the schema.
    pub fn load(stored: Option<&str>) -> Progress {
        stored.and_then(Progress::parse).unwrap_or_default()
    }

    /// The text to store; [`Progress::parse`] reads it back unchanged.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(48 + 24 * (self.done.len() + self.quiz.len()));
        out.push_str(HEAD);
        for (i, slug) in self.done.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(&mut out, slug);
        }
        out.push(']');
        out.push_str(MIDDLE);
        for (i, (k, n)) in self.quiz.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(&mut out, k);
            out.push(':');
            out.push_str(&n.to_string());
        }
        out.push_str("}}");
        out
    }

    /// Whether lesson `slug` is marked complete.
    pub fn is_done(&self, slug: &str) -> bool {
        self.done.iter().any(|s| s == slug)
    }

    /// Marks lesson `slug` complete or not. A slug the schema cannot hold, or one past
    /// [`MAX_ENTRIES`], is not recorded.
    pub fn set_done(&mut self, slug: &str, done: bool) {
        if !done {
            self.done.retain(|s| s != slug);
        } else if !self.is_done(slug) && storable(slug) && self.done.len() < MAX_ENTRIES {
            self.done.push(slug.to_string());
        }
    }

    /// How many of `course`'s lessons are marked complete (slugs of lessons no longer in
    /// the course do not count).
    pub fn count_done(&self, course: &[&str]) -> usize {
        course.iter().filter(|s| self.is_done(s)).count()
    }

    /// The answer last chosen in the quick check `key` (see [`quiz_key`]).
    pub fn answer(&self, key: &str) -> Option<u32> {
        self.quiz.iter().find(|(k, _)| k == key).map(|(_, n)| *n)
    }

    /// Records `answer` for the quick check `key`. A key the schema cannot hold, an answer
    /// outside 1 to [`MAX_ANSWER`], or a new key past [`MAX_ENTRIES`] is not recorded.
    pub fn set_answer(&mut self, key: &str, answer: u32) {
        if !storable(key) || answer == 0 || answer > MAX_ANSWER {
            return;
        }
        if let Some(e) = self.quiz.iter_mut().find(|(k, _)| k == key) {
            e.1 = answer;
        } else if self.quiz.len() < MAX_ENTRIES {
            self.quiz.push((key.to_string(), answer));
        }
    }
}

fn push_string(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// The values of every `"field":"…"` pair in the lesson list the site generator writes
/// into each page (`<script id="gdz-lessons">`), in order. A value with an escape in it
/// is skipped. Inside a JSON string every `"` is escaped, so a match is always a real key.
pub fn string_fields<'a>(json: &'a str, field: &str) -> Vec<&'a str> {
    // Byte-wise, so the wasm build needs no substring searcher.
    let (b, f) = (json.as_bytes(), field.as_bytes());
    let at = |i: usize, pat: &[u8]| b.get(i..).is_some_and(|r| r.starts_with(pat));
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if at(i, b"\"") && at(i + 1, f) && at(i + 1 + f.len(), b"\":\"") {
            let start = i + f.len() + 4;
            let Some(len) = b
                .get(start..)
                .and_then(|r| r.iter().position(|&c| c == b'"'))
            else {
                break;
            };
            if let Some(v) = json.get(start..start + len).filter(|v| !v.contains('\\')) {
                out.push(v);
            }
            i = start + len;
        }
        i += 1;
    }
    out
}

/// The string in `"…"`, if it is one the schema can hold.
fn unquote(s: &str) -> Option<&str> {
    s.strip_prefix('"')?
        .strip_suffix('"')
        .filter(|s| storable(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Progress {
        let mut p = Progress::default();
        p.set_done("training-loop", true);
        p.set_done("adam", true);
        p.set_answer(&quiz_key("adam", "gdz-quiz-1"), 2);
        p.set_answer(&quiz_key("momentum", "gdz-quiz-3"), 1);
        p
    }

    #[test]
    fn round_trips() {
        let p = sample();
        let text = p.to_json();
        assert_eq!(
            text,
            r#"{"version":1,"done":["training-loop","adam"],"quiz":{"adam/gdz-quiz-1":2,"momentum/gdz-quiz-3":1}}"#
        );
        assert_eq!(Progress::parse(&text), Some(p));
        let empty = Progress::default();
        assert_eq!(empty.to_json(), r#"{"version":1,"done":[],"quiz":{}}"#);
        assert_eq!(Progress::parse(&empty.to_json()), Some(empty));
    }

    #[test]
    fn only_the_written_form_is_read() {
        let p = Progress::parse(r#"{"version":1,"done":["a","b"],"quiz":{"a/q":3}}"#).unwrap();
        assert!(p.is_done("a") && p.is_done("b") && !p.is_done("c"));
        assert_eq!(p.answer("a/q"), Some(3));
        assert_eq!(p.answer("a/r"), None);
        assert!(HEAD.contains(&format!("\"version\":{VERSION},")));
        // Valid JSON, but not as written: white space, another key order.
        for text in [
            r#" {"version":1,"done":["a"],"quiz":{}}"#,
            r#"{"version":1,"done":["a"],"quiz":{}} "#,
            r#"{"version": 1,"done":["a"],"quiz":{}}"#,
            r#"{"version":1,"done":[ "a"],"quiz":{}}"#,
            r#"{"version":1,"done":["a"],"quiz":{"k": 1}}"#,
            r#"{"done":["a"],"version":1,"quiz":{}}"#,
            r#"{"version":1,"quiz":{},"done":["a"]}"#,
        ] {
            assert_eq!(Progress::parse(text), None, "{text}");
        }
    }

    #[test]
    fn garbage_starts_fresh() {
        for text in [
            "",
            "{garbage",
            "null",
            "[]",
            "{}",
            "\u{0}\u{ffff}",
            "{\"version\":1,\"done\":[],\"quiz\":{}",
            "{\"version\":1,\"done\":[],\"quiz\":{}}}",
            "{\"version\":1,\"done\":[],\"quiz\":{}} x",
            "{\"version\":1,\"done\":[\"a\",],\"quiz\":{}}",
            "{\"version\":1,\"done\":[\"a\" \"b\"],\"quiz\":{}}",
            "{\"version\":1,,\"done\":[],\"quiz\":{}}",
            "{\"version\":1,\"done\":[\"a],\"quiz\":{}}",
            "{'version':1,'done':[],'quiz':{}}",
        ] {
            assert_eq!(Progress::parse(text), None, "{text:?}");
            assert_eq!(Progress::load(Some(text)), Progress::default(), "{text:?}");
        }
        assert_eq!(Progress::load(None), Progress::default());
    }

    #[test]
    fn other_versions_start_fresh() {
        for v in [
            "0", "2", "10", "01", "1.0", "-1", "1e0", "\"1\"", "true", "99999999",
        ] {
            let text = format!("{{\"version\":{v},\"done\":[\"a\"],\"quiz\":{{}}}}");
            assert_eq!(Progress::parse(&text), None, "{text}");
        }
    }

    #[test]
    fn wrong_types_missing_or_extra_keys_start_fresh() {
        for text in [
            r#"{"version":1,"done":"adam","quiz":{}}"#,
            r#"{"version":1,"done":[1],"quiz":{}}"#,
            r#"{"version":1,"done":[null],"quiz":{}}"#,
            r#"{"version":1,"done":[["a"]],"quiz":{}}"#,
            r#"{"version":1,"done":{},"quiz":{}}"#,
            r#"{"version":1,"done":[],"quiz":[]}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":"2"}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":true}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":0}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":1000}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":2.5}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":02}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":+2}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q"}}"#,
            r#"{"version":1,"done":[],"quiz":{"a]q":1}}"#,
            r#"{"version":1,"done":["a b"],"quiz":{}}"#,
            r#"{"version":1,"done":["a,b"],"quiz":{}}"#,
            r#"{"version":1,"done":[],"quiz":{"a/q":-2}}"#,
            r#"{"version":1,"done":[""],"quiz":{}}"#,
            r#"{"version":1,"done":["a\"b"],"quiz":{}}"#,
            r#"{"version":1,"done":["a\nb"],"quiz":{}}"#,
            r#"{"version":1,"done":["é"],"quiz":{}}"#,
            r#"{"version":1,"done":[]}"#,
            r#"{"version":1,"quiz":{}}"#,
            r#"{"done":[],"quiz":{}}"#,
            r#"{"version":1,"done":[],"quiz":{},"name":"x"}"#,
            r#"{"version":1,"version":1,"done":[],"quiz":{}}"#,
        ] {
            assert_eq!(Progress::parse(text), None, "{text}");
        }
    }

    #[test]
    fn huge_input_starts_fresh_without_trouble() {
        let many: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("\"l{i}\"")).collect();
        let text = format!(
            "{{\"version\":1,\"done\":[{}],\"quiz\":{{}}}}",
            many.join(",")
        );
        assert!(text.len() < MAX_TEXT);
        assert_eq!(Progress::parse(&text), None, "too many entries");
        let long = format!(
            "{{\"version\":1,\"done\":[\"{}\"],\"quiz\":{{}}}}",
            "a".repeat(MAX_STRING + 1)
        );
        assert_eq!(Progress::parse(&long), None, "too long a slug");
        let padded = format!(
            "{{\"version\":1,\"done\":[],\"quiz\":{{}}}}{}",
            " ".repeat(MAX_TEXT)
        );
        assert_eq!(Progress::parse(&padded), None, "too long a text");
        let deep = "[".repeat(1_000_000);
        assert_eq!(Progress::parse(&deep), None);
        let open = format!("{{\"version\":1,\"done\":[\"{}", "x".repeat(1_000_000));
        assert_eq!(Progress::parse(&open), None);
    }

    #[test]
    fn every_truncation_and_byte_change_is_handled() {
        let text = sample().to_json();
        for end in 0..text.len() {
            let cut = text.get(..end).unwrap_or("");
            assert_eq!(Progress::parse(cut), None, "{cut}");
        }
        let bytes = text.as_bytes();
        for i in 0..bytes.len() {
            for b in [
                b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'0', b'x', 0xff,
            ] {
                let mut changed = bytes.to_vec();
                if let Some(c) = changed.get_mut(i) {
                    *c = b;
                }
                let s = String::from_utf8_lossy(&changed);
                // Never panics; whatever parses writes back to text that parses the same.
                if let Some(p) = Progress::parse(&s) {
                    assert_eq!(Progress::parse(&p.to_json()), Some(p), "{s}");
                }
            }
        }
    }

    #[test]
    fn limits_hold_when_recording() {
        let mut p = Progress::default();
        for i in 0..MAX_ENTRIES + 5 {
            p.set_done(&format!("l{i}"), true);
            p.set_answer(&format!("l{i}/q"), 1);
        }
        assert!(p.is_done("l0") && !p.is_done(&format!("l{MAX_ENTRIES}")));
        assert_eq!(p.answer(&format!("l{MAX_ENTRIES}/q")), None);
        let text = p.to_json();
        assert!(text.len() <= MAX_TEXT, "{} bytes", text.len());
        assert_eq!(Progress::parse(&text), Some(p));
    }

    #[test]
    fn unstorable_values_are_not_recorded() {
        let mut p = Progress::default();
        p.set_done("", true);
        p.set_done("a\"b", true);
        p.set_done(&"x".repeat(MAX_STRING + 1), true);
        p.set_answer("a/q", 0);
        p.set_answer("a/q", MAX_ANSWER + 1);
        p.set_answer("a\\q", 1);
        assert_eq!(p, Progress::default());
    }

    #[test]
    fn toggling_and_counting() {
        let mut p = sample();
        p.set_done("adam", true);
        assert_eq!(p.count_done(&["training-loop", "adam", "momentum"]), 2);
        p.set_done("adam", false);
        assert!(!p.is_done("adam"));
        assert_eq!(p.count_done(&["training-loop", "adam", "momentum"]), 1);
        // A lesson that left the course does not count.
        assert_eq!(p.count_done(&["adam", "momentum"]), 0);
        p.set_answer("adam/gdz-quiz-1", 3);
        assert_eq!(p.answer("adam/gdz-quiz-1"), Some(3));
        // Duplicates in stored text collapse.
        let p = Progress::parse(r#"{"version":1,"done":["a","a"],"quiz":{"k":1,"k":2}}"#).unwrap();
        assert_eq!(p.count_done(&["a"]), 1);
        assert_eq!(p.answer("k"), Some(2));
        assert_eq!(p.to_json(), r#"{"version":1,"done":["a"],"quiz":{"k":2}}"#);
    }

    #[test]
    fn string_fields_reads_the_lesson_list() {
        let json = r#"{"base":"/","lessons":[{"minutes":9,"slug":"training-loop","summary":"Say \"slug\":\"fake\" here","title":"A"},{"slug":"adam","title":"B \u003c C"}],"site":"Zoo"}"#;
        assert_eq!(string_fields(json, "slug"), ["training-loop", "adam"]);
        assert_eq!(string_fields(json, "title"), ["A"]);
        assert_eq!(string_fields(json, "site"), ["Zoo"]);
        assert!(string_fields(json, "missing").is_empty());
        assert!(string_fields("{\"slug\":\"unterminated", "slug").is_empty());
        assert!(string_fields("", "slug").is_empty());
    }
}
