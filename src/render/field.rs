//! A surface sampled on a grid, its colour scale (log where the range is wide), and its
//! heatmap as an RGBA buffer.

use super::palette;

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

    /// The heatmap as RGBA bytes, one pixel per grid point (row 0 on top). A canvas
    /// stretches it over the plot with its bilinear filter, which mixes the colours of
    /// neighbouring points as the scale would mix their values to within a few units: the
    /// scale is close to linear between its stops, and a point covers a few pixels.
    pub fn rgba(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.values.len() * 4);
        for v in &self.values {
            // NaN (a hole in the surface) takes the scale's grey.
            let c = palette::scale(self.normalize(*v));
            out.extend_from_slice(&[c.0, c.1, c.2, 255]);
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
    fn rgba_is_one_pixel_per_point_and_nan_is_grey() {
        let f = Field::sample(
            |x, _| if x > 0.7 { f64::NAN } else { x },
            [0.0, 1.0, 0.0, 1.0],
            3,
            2,
        );
        let img = f.rgba();
        assert_eq!(img.len(), 3 * 2 * 4);
        assert!(img.chunks(4).all(|p| p[3] == 255));
        // Rightmost column is NaN → grey; the others are the scale's ends (0 and 0.5 of
        // a range 0..0.5).
        for row in img.chunks(3 * 4) {
            assert_eq!(&row[8..11], &[128, 128, 128]);
            let (lo, hi) = (palette::scale(0.0), palette::scale(1.0));
            assert_eq!(&row[0..3], &[lo.0, lo.1, lo.2]);
            assert_eq!(&row[4..7], &[hi.0, hi.1, hi.2]);
        }
    }

    #[test]
    fn constant_and_empty_fields_do_not_panic() {
        let f = Field::sample(|_, _| 3.0, [0.0, 1.0, 0.0, 1.0], 4, 4);
        assert!(f.levels(5).is_empty());
        assert_eq!(f.rgba().len(), 4 * 4 * 4);
        let g = Field::from_values(vec![], [0.0, 1.0, 0.0, 1.0], 2, 2);
        assert!(g.rgba().chunks(4).all(|p| p[..3] == [128, 128, 128]));
    }
}
