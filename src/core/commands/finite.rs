//! Numbers as the commands print them: a finite `f64` as itself, anything else (NaN, ±∞)
//! as none, which JSON writes as `null` and the JavaScript API hands over as `null`.
//!
//! serde_json already writes non-finite numbers as `null`, but serde-wasm-bindgen would
//! hand JavaScript `NaN` and `Infinity`; serializing through these helpers makes the
//! CLI's JSON and the API's objects agree.

use serde::{Serialize, Serializer};

/// One number: itself when finite, else none.
#[derive(Clone, Copy)]
struct Finite(f64);

impl Serialize for Finite {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            s.serialize_f64(self.0)
        } else {
            s.serialize_none()
        }
    }
}

/// A list of numbers, each as [`num`] writes it.
struct Seq<'a>(&'a [f64]);

impl Serialize for Seq<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|x| Finite(*x)))
    }
}

/// Serializes `x`, or none when it is not finite (`serialize_with`).
pub fn num<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    Finite(*x).serialize(s)
}

/// Serializes a list of numbers, non-finite ones as none (`serialize_with`).
pub fn seq<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
    Seq(v).serialize(s)
}

/// Serializes a list of lists of numbers (points), non-finite ones as none.
pub fn seqs<S: Serializer>(v: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|p| Seq(p)))
}

/// Serializes an optional list of numbers (`None` as none), non-finite ones as none.
pub fn opt_seq<S: Serializer>(v: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => Seq(v).serialize(s),
        None => s.serialize_none(),
    }
}
