//! One axis of a convergence map: an optimizer key and the values it takes.

use crate::core::error::{Error, Result};
use crate::core::limits::MAX_MAP_SIDE;

/// An optimizer key varied over `n` values from `lo` to `hi`, evenly spaced on a log
/// or a linear scale (both ends included; one value is `lo` alone).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Axis {
    /// The optimizer key, e.g. `lr` or `momentum`.
    pub key: String,
    /// The first value.
    pub lo: f64,
    /// The last value.
    pub hi: f64,
    /// How many values (1 to [`MAX_MAP_SIDE`]).
    pub n: usize,
    /// Whether the values are evenly spaced in log₁₀ (both ends must be > 0).
    pub log: bool,
}

impl Axis {
    /// Checks the key, the ends and the count, naming a bad value.
    pub fn validate(&self) -> Result<()> {
        let bad = |key: &str, value: f64, allowed: &str| {
            Err(Box::new(Error::OutOfRange {
                owner: "map".into(),
                key: key.to_string(),
                value,
                allowed: allowed.to_string(),
            }))
        };
        if self.key.is_empty() {
            return Err(Box::new(Error::Missing {
                owner: "map".into(),
                key: "axis key".into(),
                hint: Some("an optimizer key such as lr or momentum".into()),
            }));
        }
        if self.n == 0 || self.n > MAX_MAP_SIDE {
            return bad(
                &format!("{} cells", self.key),
                self.n as f64,
                &format!("1 to {MAX_MAP_SIDE}"),
            );
        }
        for v in [self.lo, self.hi] {
            if !v.is_finite() {
                return bad(&self.key, v, "a finite number");
            }
            if self.log && v <= 0.0 {
                return bad(&self.key, v, "> 0 on a log axis");
            }
        }
        Ok(())
    }

    /// Value `i` (0-based); the ends are exactly `lo` and `hi`.
    pub fn value(&self, i: usize) -> f64 {
        if self.n <= 1 || i == 0 {
            return self.lo;
        }
        if i + 1 >= self.n {
            return self.hi;
        }
        let f = i as f64 / (self.n - 1) as f64;
        if self.log {
            let (a, b) = (self.lo.log10(), self.hi.log10());
            10f64.powf(a + (b - a) * f)
        } else {
            self.lo + (self.hi - self.lo) * f
        }
    }

    /// All the values, in order.
    pub fn values(&self) -> Vec<f64> {
        (0..self.n).map(|i| self.value(i)).collect()
    }

    /// Where `v` falls along the axis as a fraction of its length (0 at `lo`, 1 at
    /// `hi`; outside for values beyond the ends). `None` for a one-value axis, or a
    /// value ≤ 0 on a log axis.
    pub fn fraction(&self, v: f64) -> Option<f64> {
        let f = if self.log {
            if v <= 0.0 {
                return None;
            }
            (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        f.is_finite().then_some(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(lo: f64, hi: f64, n: usize, log: bool) -> Axis {
        Axis {
            key: "lr".into(),
            lo,
            hi,
            n,
            log,
        }
    }

    #[test]
    fn ends_are_exact_and_log_spacing_is_geometric() {
        let a = axis(1e-3, 1.0, 4, true);
        let v = a.values();
        assert_eq!((v[0], v[3]), (1e-3, 1.0));
        assert!((v[1] - 1e-2).abs() < 1e-15 && (v[2] - 1e-1).abs() < 1e-14);
        let b = axis(0.0, 0.9, 10, false);
        assert_eq!(b.values()[9], 0.9);
        assert!((b.values()[1] - 0.1).abs() < 1e-15);
        assert_eq!(axis(0.5, 2.0, 1, false).values(), vec![0.5]);
        assert!((a.fraction(0.1).unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(a.fraction(-1.0), None);
    }

    #[test]
    fn bad_axes_are_refused() {
        assert!(axis(0.0, 1.0, 8, true).validate().is_err());
        assert!(axis(0.1, f64::NAN, 8, false).validate().is_err());
        assert!(axis(0.1, 1.0, 0, false).validate().is_err());
        assert!(axis(0.1, 1.0, MAX_MAP_SIDE + 1, false).validate().is_err());
        assert!(axis(0.1, 1.0, MAX_MAP_SIDE, true).validate().is_ok());
    }
}
