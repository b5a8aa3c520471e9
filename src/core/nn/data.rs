//! Data sets: feature rows with one target each, and the seeded toy sets the lessons
//! train on (two moons, circles, spiral, XOR, Gaussian blobs, a noisy sine).
//!
//! `moons(n=200, noise=0.1, test=0.25, seed=1)` names a set in the spec language. Rows
//! are generated, shuffled from the seed, and split: the first `n − round(n·test)` rows
//! train, the rest test. The same spec gives the same numbers on every run (the
//! coordinates use the platform's `sin`/`cos`, so native and browser builds may differ
//! in the last bit).

use std::f64::consts::PI;

use crate::core::error::Result;
use crate::core::rng::Rng;
use crate::core::spec::{unknown_name, Params, Range, Spec};

/// Most rows a data set may have (generated or read from CSV).
pub const MAX_ROWS: usize = 10_000;
/// Most feature columns a data set may have.
pub const MAX_FEATURES: usize = 16;

/// Feature rows and their targets.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    /// The name of each feature column.
    pub features: Vec<String>,
    /// The name of the target column.
    pub target: String,
    /// The features, row-major: row i is `x[i·n .. (i+1)·n]`, n = `features.len()`.
    pub x: Vec<f64>,
    /// One target per row: a class index for classification, a number for regression.
    pub y: Vec<f64>,
}

impl Dataset {
    /// The number of feature columns.
    pub fn n_features(&self) -> usize {
        self.features.len()
    }
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.y.len()
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }
    /// Row `i`: its features and target.
    pub fn row(&self, i: usize) -> Option<(&[f64], f64)> {
        let n = self.n_features();
        Some((self.x.get(i * n..(i + 1) * n)?, *self.y.get(i)?))
    }
    /// The rows `range` as a new data set.
    pub fn rows(&self, range: std::ops::Range<usize>) -> Dataset {
        let n = self.n_features();
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        Dataset {
            features: self.features.clone(),
            target: self.target.clone(),
            x: self.x.get(start * n..end * n).unwrap_or(&[]).to_vec(),
            y: self.y.get(start..end).unwrap_or(&[]).to_vec(),
        }
    }
    /// The number of classes if every target is a whole number ≥ 0 (the largest + 1).
    pub fn classes(&self) -> Option<usize> {
        let mut top = 0.0f64;
        for y in &self.y {
            if !(y.fract() == 0.0 && *y >= 0.0 && *y < 1e6) {
                return None;
            }
            top = top.max(*y);
        }
        Some(top as usize + 1)
    }
}

/// A training set and a held-out test set.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Split {
    /// Rows to train on.
    pub train: Dataset,
    /// Rows held out (may be empty).
    pub test: Dataset,
}

/// Every generated data set's name.
pub const DATASETS: &[&str] = &["moons", "circles", "spiral", "xor", "blobs", "sine"];

/// Shuffles `v` in place (Fisher–Yates) from `rng`.
pub(super) fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// `k` evenly spaced numbers from `a` to `b` (both included; `a` alone when k = 1).
fn linspace(a: f64, b: f64, k: usize, i: usize) -> f64 {
    if k <= 1 {
        a
    } else {
        a + (b - a) * i as f64 / (k - 1) as f64
    }
}

/// Generates the data set a spec names, e.g. `moons(n=200, noise=0.1, test=0.25, seed=1)`.
///
/// Common parameters: `n` rows (1 to 10,000, default 200), `noise` (the standard
/// deviation of Gaussian noise; for `blobs` the spread of each blob), `test` (the
/// fraction held out, 0 to 0.9, default 0.25), `seed` (default 0). `circles` also takes
/// `factor` (inner radius, default 0.5); `spiral` and `blobs` take `classes` (2 to 5;
/// defaults 2 and 3).
pub fn generate(spec: &Spec) -> Result<Split> {
    let mut p = Params::new(spec);
    let name = p.name().to_string();
    if !DATASETS.contains(&name.as_str()) {
        return Err(unknown_name("data set", &name, DATASETS));
    }
    let n = p.int("n", 200, 1, MAX_ROWS as u64)? as usize;
    let default_noise = match name.as_str() {
        "circles" => 0.05,
        "blobs" => 0.5,
        "xor" | "spiral" => 0.05,
        _ => 0.1,
    };
    let noise = p.num("noise", default_noise, Range::closed(0.0, 10.0))?;
    let test = p.num("test", 0.25, Range::closed(0.0, 0.9))?;
    let seed = p.int("seed", 0, 0, u64::MAX >> 11)?;
    let factor = if name == "circles" {
        p.num("factor", 0.5, Range::closed(0.0, 1.0))?
    } else {
        0.0
    };
    let classes = match name.as_str() {
        "spiral" => p.int("classes", 2, 2, 5)? as usize,
        "blobs" => p.int("classes", 3, 2, 5)? as usize,
        _ => 2,
    };
    p.finish()?;

    let mut rng = Rng::new(seed);
    let (mut x, mut y) = (Vec::with_capacity(2 * n), Vec::with_capacity(n));
    let mut push = |a: f64, b: f64, label: usize| {
        x.push(a);
        x.push(b);
        y.push(label as f64);
    };
    match name.as_str() {
        "moons" => {
            let outer = n / 2;
            let inner = n - outer;
            for i in 0..outer {
                let t = linspace(0.0, PI, outer, i);
                push(t.cos(), t.sin(), 0);
            }
            for i in 0..inner {
                let t = linspace(0.0, PI, inner, i);
                push(1.0 - t.cos(), 0.5 - t.sin(), 1);
            }
        }
        "circles" => {
            let outer = n / 2;
            let inner = n - outer;
            for (count, r, label) in [(outer, 1.0, 0), (inner, factor, 1)] {
                for i in 0..count {
                    let t = 2.0 * PI * i as f64 / count as f64;
                    push(r * t.cos(), r * t.sin(), label);
                }
            }
        }
        "spiral" => {
            for i in 0..n {
                let c = i % classes;
                let per = n.div_ceil(classes);
                let r = ((i / classes) as f64 + 1.0) / per as f64;
                let t = 2.0 * PI * c as f64 / classes as f64 + 3.0 * PI * r;
                push(r * t.cos(), r * t.sin(), c);
            }
        }
        "xor" => {
            for _ in 0..n {
                let a = 2.0 * rng.uniform() - 1.0;
                let b = 2.0 * rng.uniform() - 1.0;
                push(a, b, usize::from((a > 0.0) != (b > 0.0)));
            }
        }
        "blobs" => {
            for i in 0..n {
                let c = i % classes;
                let t = PI / 2.0 + 2.0 * PI * c as f64 / classes as f64;
                push(2.0 * t.cos(), 2.0 * t.sin(), c);
            }
        }
        _ => {
            // sine: x uniform in [−π, π], y = sin x + noise.
            for _ in 0..n {
                let a = PI * (2.0 * rng.uniform() - 1.0);
                x.push(a);
                y.push(a.sin() + noise * rng.normal());
            }
        }
    }
    let n_features = if name == "sine" { 1 } else { 2 };
    if name != "sine" && noise > 0.0 {
        for v in x.iter_mut() {
            *v += noise * rng.normal();
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    shuffle(&mut order, &mut rng);
    let mut xs = Vec::with_capacity(x.len());
    let mut ys = Vec::with_capacity(n);
    for i in order {
        xs.extend_from_slice(x.get(i * n_features..(i + 1) * n_features).unwrap_or(&[]));
        ys.push(y.get(i).copied().unwrap_or(0.0));
    }
    let features = if n_features == 1 {
        vec!["x".to_string()]
    } else {
        vec!["x1".to_string(), "x2".to_string()]
    };
    let all = Dataset {
        features,
        target: if name == "sine" { "y" } else { "label" }.to_string(),
        x: xs,
        y: ys,
    };
    let n_test = (n as f64 * test).round() as usize;
    let n_train = n - n_test.min(n);
    Ok(Split {
        train: all.rows(0..n_train),
        test: all.rows(n_train..n),
    })
}

/// Parses and generates a data-set spec.
pub fn generate_str(text: &str) -> Result<Split> {
    generate(&Spec::parse(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_classes_and_split() {
        for (spec, classes, feats) in [
            ("moons(n=101)", 2, 2),
            ("circles(n=100, factor=0.3)", 2, 2),
            ("spiral(n=99, classes=3)", 3, 2),
            ("xor(n=100)", 2, 2),
            ("blobs(n=100)", 3, 2),
        ] {
            let s = generate_str(spec).unwrap();
            let n = s.train.len() + s.test.len();
            assert!(n == 101 || n == 100 || n == 99, "{spec}");
            assert_eq!(s.train.n_features(), feats);
            assert_eq!(s.train.x.len(), s.train.len() * feats);
            assert_eq!(s.test.len(), (n as f64 * 0.25).round() as usize);
            assert_eq!(s.train.classes(), Some(classes), "{spec}");
        }
        let s = generate_str("sine(n=50, test=0)").unwrap();
        assert_eq!(
            (s.train.len(), s.test.len(), s.train.n_features()),
            (50, 0, 1)
        );
        assert!(generate_str("moons(n=0)").is_err());
        assert!(generate_str("moons(n=20000)").is_err());
        assert!(generate_str("moons(test=1)").is_err());
        assert!(generate_str("moons(classes=3)").is_err());
        assert!(generate_str("swirl").is_err());
    }

    #[test]
    fn deterministic_per_seed() {
        let a = generate_str("moons(seed=3)").unwrap();
        assert_eq!(a, generate_str("moons(seed=3)").unwrap());
        assert_ne!(a, generate_str("moons(seed=4)").unwrap());
        let x = generate_str("xor(noise=0)").unwrap();
        for i in 0..x.train.len() {
            let (r, y) = x.train.row(i).unwrap();
            assert_eq!(y, f64::from(u8::from((r[0] > 0.0) != (r[1] > 0.0))));
        }
    }
}
