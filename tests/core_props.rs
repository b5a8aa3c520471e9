//! Property tests with shrinking, for the properties that want a minimal failing case
//! rather than volume: a parsed spec prints back to text that parses to the same spec.
//!
//! That parsing, building, running, racing, scheduling, gridding and the command line
//! never panic on hostile input (with the invariants of each: trajectory lengths, race
//! ranks, finite rates), and that the generated specs get past the readers, is checked
//! at volume by the fuzz harness, `tests/fuzz.rs`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use gdz::core::race::parse_list;
use gdz::core::spec::Spec;

proptest! {
    #[test]
    fn parsing_spec_like_text_round_trips(s in "[a-z_]{1,8}(\\([a-z_=0-9.,\\[\\] +eE-]{0,60}\\)?)?") {
        if let Ok(spec) = Spec::parse(&s) {
            // A parsed spec prints back to text that parses to the same spec.
            prop_assert_eq!(Spec::parse(&spec.to_string()).ok(), Some(spec));
        }
    }

    #[test]
    fn optimizer_lists_round_trip(s in "([a-z]{1,6}(\\(lr=[0-9.e-]{1,8}\\))?; ?){1,5}") {
        if let Ok(list) = parse_list(s.trim_end_matches([';', ' '])) {
            let text: Vec<String> = list.iter().map(Spec::to_string).collect();
            prop_assert_eq!(parse_list(&text.join("; ")).ok(), Some(list));
        }
    }
}
