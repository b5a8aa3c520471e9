//! A page's query string as widget state uses it (see `web::url`): read into decoded
//! `(name, value)` pairs, and rewritten with some parameters changed while every other
//! parameter keeps exactly the text it had (`?flag` stays `?flag`, `a=b+c` stays
//! `a=b+c`), so a widget never rewrites what the host page put there.
//!
//! Decoding and encoding follow `decodeURIComponent` (after `+` becomes a space) and
//! `encodeURIComponent`; the browser build passes in its own (smaller than carrying
//! these), and these test the rest natively.

use super::schema::MAX_VALUE_LEN;
use super::text::join;

/// Decodes one query-string component: `+` is a space and `%XX` a byte; text with a bad
/// escape, or whose bytes are not UTF-8, is kept as written (with its `+` as spaces), as
/// `decodeURIComponent` failing would leave it.
pub fn decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    if !spaced.contains('%') {
        return spaced;
    }
    let b = spaced.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |j: usize| b.get(j).and_then(|d| char::from(*d).to_digit(16));
            let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) else {
                return spaced;
            };
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or(spaced)
}

/// Encodes one query-string component as `encodeURIComponent` does: ASCII letters,
/// digits and `-_.!~*'()` as they are, every other byte of the UTF-8 as `%XX`.
pub fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&c) {
            out.push(char::from(c));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(c >> 4)]));
            out.push(char::from(HEX[usize::from(c & 15)]));
        }
    }
    out
}

/// The raw `&`-separated pieces of `search` (with or without its `?`), empty ones left out.
fn pieces(search: &str) -> impl Iterator<Item = &str> {
    let q = search.strip_prefix('?').unwrap_or(search);
    q.split('&').filter(|p| !p.is_empty())
}

/// The parameters of `search`, decoded by `decode` (in the browser its own
/// `decodeURIComponent`; [`decode`] natively), in order.
pub fn params_with(search: &str, decode: &dyn Fn(&str) -> String) -> Vec<(String, String)> {
    pieces(search)
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The parameters of `search`, decoded, in order.
pub fn params(search: &str) -> Vec<(String, String)> {
    params_with(search, &decode)
}

/// The text a link holds for a widget's value `text`: the text itself when a widget reads
/// it back (at most [`MAX_VALUE_LEN`] bytes), else the same without the spaces after `,`
/// and `;` (which no reader needs: `sgd(lr=0.000001, momentum=0.9); adam` written
/// readably can outgrow the `1e-6` it was read from) when that fits, else `None`: the
/// value is not written, and the link keeps what it had, which reads back.
pub fn link_text(text: &str) -> Option<String> {
    if text.len() <= MAX_VALUE_LEN {
        return Some(text.to_string());
    }
    // Char by char: a substring search would add kilobytes to the wasm.
    let mut tight = String::with_capacity(text.len());
    let mut prev = ' ';
    for c in text.chars() {
        if !(c == ' ' && matches!(prev, ',' | ';')) {
            tight.push(c);
        }
        prev = c;
    }
    (tight.len() <= MAX_VALUE_LEN).then_some(tight)
}

/// `search` with each of `changes` made: `(name, Some(value))` sets `name` (in the place
/// of its first occurrence, else at the end), `(name, None)` removes it. Every other piece
/// keeps its text. The result starts with `?`, or is empty when no parameter is left.
pub fn rewrite(search: &str, changes: &[(String, Option<String>)]) -> String {
    rewrite_with(search, changes, &decode, &encode)
}

/// [`rewrite`] with the given decoder and encoder (in the browser its own
/// `decodeURIComponent` and `encodeURIComponent`).
pub fn rewrite_with(
    search: &str,
    changes: &[(String, Option<String>)],
    decode: &dyn Fn(&str) -> String,
    encode: &dyn Fn(&str) -> String,
) -> String {
    let name_of = |piece: &str| decode(piece.split_once('=').map_or(piece, |(k, _)| k));
    // (Pushed, not `[..].concat()` on Strings: that would add a second copy of the
    // standard library's join to every module.)
    let set = |name: &str, value: &str| {
        let mut s = encode(name);
        s.push('=');
        s.push_str(&encode(value));
        s
    };
    let mut done: Vec<&str> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for piece in pieces(search) {
        let name = name_of(piece);
        match changes.iter().rev().find(|(k, _)| *k == name) {
            None => out.push(piece.to_string()),
            Some((k, v)) => {
                // The first occurrence takes the new value; the others go.
                if let (Some(v), false) = (v, done.contains(&k.as_str())) {
                    out.push(set(k, v));
                }
                done.push(k);
            }
        }
    }
    for (i, (k, v)) in changes.iter().enumerate() {
        let later = changes
            .get(i + 1..)
            .is_some_and(|r| r.iter().any(|(n, _)| n == k));
        if let (Some(v), false, false) = (v, done.contains(&k.as_str()), later) {
            out.push(set(k, v));
        }
    }
    if out.is_empty() {
        String::new()
    } else {
        ["?", &join(&out, "&")].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(k: &str, v: Option<&str>) -> (String, Option<String>) {
        (k.to_string(), v.map(str::to_string))
    }

    #[test]
    fn other_parameters_keep_their_text() {
        let c = [ch("race1.lr", Some("0.1"))];
        assert_eq!(rewrite("?flag", &c), "?flag&race1.lr=0.1");
        assert_eq!(
            rewrite("?a=b+c&x=%7E&flag&race1.lr=2&z=", &c),
            "?a=b+c&x=%7E&flag&race1.lr=0.1&z="
        );
        assert_eq!(rewrite("", &c), "?race1.lr=0.1");
        assert_eq!(rewrite("?flag", &[]), "?flag");
        // Removal, and a parameter given twice.
        assert_eq!(
            rewrite("?race1.lr=2&flag", &[ch("race1.lr", None)]),
            "?flag"
        );
        assert_eq!(rewrite("?race1.lr=2", &[ch("race1.lr", None)]), "");
        assert_eq!(rewrite("?k=1&j&k=2", &[ch("k", Some("3"))]), "?k=3&j");
        // An encoded name matches its decoded form.
        assert_eq!(rewrite("?race%31.lr=5", &c), "?race1.lr=0.1");
        // The last change of a name wins.
        assert_eq!(
            rewrite("?a", &[ch("k", Some("1")), ch("k", Some("2"))]),
            "?a&k=2"
        );
        assert_eq!(rewrite("?k=0", &[ch("k", Some("1")), ch("k", None)]), "");
        // Values are encoded as encodeURIComponent does.
        assert_eq!(
            rewrite("", &[ch("p.optimizers", Some("sgd(lr=0.1); adam é&=#"))]),
            "?p.optimizers=sgd(lr%3D0.1)%3B%20adam%20%C3%A9%26%3D%23"
        );
    }

    #[test]
    fn link_texts_fit_the_limit_or_are_not_written() {
        assert_eq!(
            link_text("sgd(lr=0.1); adam").as_deref(),
            Some("sgd(lr=0.1); adam")
        );
        // Over the limit with its spaces, within it without: written tight.
        let long = vec!["sgd(lr=0.000001, momentum=0.9)"; 135].join("; ");
        assert!(long.len() > MAX_VALUE_LEN);
        let tight = link_text(&long).unwrap();
        assert!(
            tight.len() <= MAX_VALUE_LEN && tight.starts_with("sgd(lr=0.000001,momentum=0.9);sgd")
        );
        // 200 points of 1e-6 read from 2.6 KB are 4.2 KB written as 0.000001: not written.
        let pts = format!("[{}]", vec!["[0.000001,-0.000001]"; 200].join(","));
        assert!(pts.len() > MAX_VALUE_LEN);
        assert_eq!(link_text(&pts), None);
    }

    #[test]
    fn decoding_is_total() {
        assert_eq!(decode("a+b%20c"), "a b c");
        assert_eq!(decode("%C3%A9"), "é");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz+1"), "%zz 1");
        assert_eq!(decode("%FF"), "%FF");
        assert_eq!(decode("%E2%82"), "%E2%82");
        assert_eq!(
            params("?a=1&&flag&b=x%3Dy=z&%"),
            [
                ("a".into(), "1".into()),
                ("flag".into(), String::new()),
                ("b".into(), "x=y=z".into()),
                ("%".into(), String::new())
            ]
        );
        for s in ["", "é ∇ 𝜃", "a b+c", "%41", "[[1,2]]; x(y=\"q\")"] {
            assert_eq!(decode(&encode(s)), s);
        }
    }
}
