#![cfg(not(target_arch = "wasm32"))]
//! `lessons/AUTHORING.md` documents every widget attribute with the text the schema
//! generates (kind, limits, default, description). Run with `GDZ_BLESS=1` to rewrite
//! the block after changing the schema.

use gdz::core::schema::reference::{markdown, BEGIN, END};

#[test]
fn authoring_documents_the_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/AUTHORING.md");
    let text = std::fs::read_to_string(path).expect("AUTHORING.md is readable");
    let start = text
        .find(BEGIN)
        .expect("AUTHORING.md has the generated block's start")
        + BEGIN.len();
    let end = text
        .find(END)
        .expect("AUTHORING.md has the generated block's end");
    assert!(start <= end, "the block's markers are out of order");
    let want = format!("\n\n{}", markdown());
    if std::env::var_os("GDZ_BLESS").is_some() {
        let new = [&text[..start], &want, &text[end..]].concat();
        std::fs::write(path, new).expect("AUTHORING.md is writable");
        return;
    }
    assert!(
        text[start..end] == want,
        "AUTHORING.md's widget attributes differ from the schema; run GDZ_BLESS=1 cargo test --test schema_docs"
    );
}
