//! Joining strings without std's `join` on `String`s: its generic code is about 1 KB of
//! wasm per element type, and `concat` and `join` on `&str` already bring one copy.

/// `parts` with `sep` between them, as `parts.join(sep)` gives.
pub fn join(parts: &[String], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn joins_like_std() {
        for parts in [vec![], vec!["a"], vec!["a", "", "bc"]] {
            let parts: Vec<String> = parts.into_iter().map(String::from).collect();
            assert_eq!(super::join(&parts, ", "), parts.join(", "));
        }
    }
}
