//! A surface sampled on a grid, its colour scale (log where the range is wide), and its
//! heatmap as an RGBA buffer.

use super::{palette, Rgb};

/// Samples of a function on an `nx × ny` grid over `[x0, x1] × [y0, y1]`.
///
/// Row 0 is the top edge (`y = y1`), as images are stored; column 0 is `x = x0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Columns.
    pub nx: usize,
    /// Rows.
    pub ny: usize,
    /// `[x0, x1, y0, y1]`.
    pub bounds: [f64; 4],
    /// Values, row-major, `nx * ny` of them.
    pub values: Vec<f64>,
    /// Whether colours and contour levels use a log scale.
    pub log: bool,
    lo: f64,
    hi: f64,
}

impl Field {
    /// Samples `f` on an `nx × ny` grid (each at least 2) over `bounds = [x0, x1, y0, y1]`.
    pub fn sample(f: impl Fn(f64, f64) -> f64, bounds: [f64; 4], nx: usize, ny: usize) -> Field {
        let (nx, ny) = (nx.max(2), ny.max(2));
        let [x0, x1, y0, y1] = bounds;
        let mut values = Vec::with_capacity(nx * ny);
        for r in 0..ny {
            let y = y1 + (y0 - y1) * r as f64 / (ny - 1) as f64;
            for c in 0..nx {
                let x = x0 + (x1 - x0) * c as f64 / (nx - 1) as f64;
                values.push(f(x, y));
            }
        }
        Field::from_values(values, bounds, nx, ny)
    }

    /// Wraps precomputed values (row 0 at the top); missing values count as NaN.
    pub fn from_values(mut values: Vec<f64>, bounds: [f64; 4], nx: usize, ny: usize) -> Field {
        values.resize(nx * ny, f64::NAN);
        let finite = || values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
        // Wide range: when more than half the grid sits in the bottom twelfth of the range,
        // a linear colour scale would paint nearly everything the same.
        let cut = lo + (hi - lo) / 12.0;
        let (low, count) = finite().fold((0usize, 0usize), |(l, n), v| {
            (l + usize::from(v < cut), n + 1)
        });
        let log = hi > lo && 2 * low > count;
        Field {
            nx,
            ny,
            bounds,
            values,
            log,
            lo,
            hi,
        }
    }

    /// The smallest and largest finite value.
    pub fn range(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// Maps a value to `[0, 1]` on the field's colour scale (NaN stays NaN).
    pub fn normalize(&self, v: f64) -> f64 {
        if !v.is_finite() {
            return f64::NAN;
        }
        let span = (self.hi - self.lo).max(f64::MIN_POSITIVE);
        let u = crate::core::num::clamp((v - self.lo) / span, 0.0, 1.0);
        if self.log {
            // ln(1 + k·u) / ln(1 + k): resolves the low end, where minima live.
            const K: f64 = 1000.0;
            (K * u).ln_1p() / K.ln_1p()
        } else {
            u
        }
    }

    /// Contour levels: `n` values equally spaced on the colour scale, strictly inside it.
    pub fn levels(&self, n: usize) -> Vec<f64> {
        let span = self.hi - self.lo;
        if span.is_nan() || span <= 0.0 {
            return Vec::new();
        }
        (1..=n)
            .map(|k| {
                let t = k as f64 / (n + 1) as f64;
                let u = if self.log {
                    const K: f64 = 1000.0;
                    ((t * K.ln_1p()).exp() - 1.0) / K
                } else {
                    t
                };
                self.lo + u * span
            })
            .collect()
    }

    /// The heatmap as RGBA bytes of a `w × h` image, bilinearly interpolated from the
    /// grid's normalized values.
    pub fn rgba(&self, w: usize, h: usize) -> Vec<u8> {
        let norm: Vec<f64> = self.values.iter().map(|v| self.normalize(*v)).collect();
        let mut out = vec![0u8; w * h * 4];
        if w == 0 || h == 0 {
            return out;
        }
        // The colour scale at 1024 steps: each pixel looks its colour up (within a third
        // of a unit of mixing it from the scale's stops, and far cheaper).
        let lut: Vec<Rgb> = (0..1025)
            .map(|k| palette::scale(f64::from(k) / 1024.0))
            .collect();
        let sx = (self.nx - 1) as f64 / (w.max(2) - 1) as f64;
        let sy = (self.ny - 1) as f64 / (h.max(2) - 1) as f64;
        let at = |r: usize, c: usize| norm.get(r * self.nx + c).copied().unwrap_or(f64::NAN);
        for (py, row) in out.chunks_exact_mut(w * 4).enumerate() {
            let gy = py as f64 * sy;
            let r0 = (gy.floor() as usize).min(self.ny - 2);
            let fy = gy - r0 as f64;
            for (px, pixel) in row.chunks_exact_mut(4).enumerate() {
                let gx = px as f64 * sx;
                let c0 = (gx.floor() as usize).min(self.nx - 2);
                let fx = gx - c0 as f64;
                let top = at(r0, c0) * (1.0 - fx) + at(r0, c0 + 1) * fx;
                let bottom = at(r0 + 1, c0) * (1.0 - fx) + at(r0 + 1, c0 + 1) * fx;
                let t = top * (1.0 - fy) + bottom * fy;
                // NaN (a hole in the surface) takes the scale's grey.
                let k = if t.is_nan() {
                    None
                } else {
                    Some((t * 1024.0 + 0.5) as usize)
                };
                let c = k.and_then(|k| lut.get(k.min(1024))).copied();
                let c = c.unwrap_or_else(|| palette::scale(t));
                pixel.copy_from_slice(&[c.0, c.1, c.2, 255]);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_with_row_zero_on_top() {
        let f = Field::sample(|x, y| x + 10.0 * y, [0.0, 1.0, 0.0, 1.0], 2, 2);
        assert_eq!(f.values, vec![10.0, 11.0, 0.0, 1.0]);
        assert_eq!(f.range(), (0.0, 11.0));
        assert!(!f.log);
    }

    #[test]
    fn wide_ranges_use_log_scale() {
        let f = Field::sample(
            |x, y| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            [-2.0, 2.0, -1.0, 3.0],
            64,
            64,
        );
        assert!(f.log);
        // Low values get a larger share of the colour scale than on a linear scale.
        let v = f.lo + 0.01 * (f.hi - f.lo);
        assert!(f.normalize(v) > 0.1);
        let lv = f.levels(10);
        assert_eq!(lv.len(), 10);
        assert!(lv.windows(2).all(|w| w[0] < w[1]));
        assert!(lv[0] > f.lo && lv[9] < f.hi);
    }

    #[test]
    fn rgba_has_right_size_and_nan_is_grey() {
        let f = Field::sample(
            |x, _| if x > 0.5 { f64::NAN } else { x },
            [0.0, 1.0, 0.0, 1.0],
            3,
            3,
        );
        let img = f.rgba(5, 4);
        assert_eq!(img.len(), 5 * 4 * 4);
        assert!(img.chunks(4).all(|p| p[3] == 255));
        // Rightmost column is NaN → grey.
        assert_eq!(&img[4 * 4..4 * 4 + 3], &[128, 128, 128]);
        assert_ne!(&img[0..3], &[128, 128, 128]);
    }

    #[test]
    fn rgba_colours_are_the_scale_of_the_interpolated_value() {
        // A linear ramp along x: every pixel's colour is within one unit of the scale's
        // exact colour at its position.
        let f = Field::sample(|x, _| x, [0.0, 1.0, 0.0, 1.0], 7, 3);
        assert!(!f.log);
        let w = 301;
        let img = f.rgba(w, 2);
        for (px, p) in img.chunks(4).take(w).enumerate() {
            let want = palette::scale(px as f64 / (w - 1) as f64);
            for (got, want) in p[..3].iter().zip([want.0, want.1, want.2]) {
                assert!(
                    got.abs_diff(want) <= 1,
                    "pixel {px}: {p:?} against {want:?}"
                );
            }
        }
    }

    #[test]
    fn constant_and_empty_fields_do_not_panic() {
        let f = Field::sample(|_, _| 3.0, [0.0, 1.0, 0.0, 1.0], 4, 4);
        assert!(f.levels(5).is_empty());
        assert_eq!(f.rgba(3, 3).len(), 36);
        let g = Field::from_values(vec![], [0.0, 1.0, 0.0, 1.0], 2, 2);
        assert!(g.rgba(2, 2).chunks(4).all(|p| p[..3] == [128, 128, 128]));
    }
}
