//! Contour lines by marching squares over a [`Field`](super::Field).

use super::field::Field;

/// A contour segment between two points in data coordinates.
pub type Segment = [(f64, f64); 2];

/// The segments of the field's `n` contour levels (see [`Field::levels`]), all together.
pub fn lines(field: &Field, n: usize) -> Vec<Segment> {
    march(field, &field.levels(n))
}

/// The segments of the level set `value = level`, in data coordinates.
pub fn segments(field: &Field, level: f64) -> Vec<Segment> {
    march(field, &[level])
}

/// The segments of every level in `levels` (ascending), in one pass over the cells: a
/// level crosses a cell only when it lies above the cell's lowest corner and at or below
/// its highest, so each cell visits only those levels.
fn march(field: &Field, levels: &[f64]) -> Vec<Segment> {
    let (nx, ny) = (field.nx, field.ny);
    let [x0, x1, y0, y1] = field.bounds;
    let dx = (x1 - x0) / (nx - 1).max(1) as f64;
    let dy = (y0 - y1) / (ny - 1).max(1) as f64;
    let at = |r: usize, c: usize| field.values.get(r * nx + c).copied().unwrap_or(f64::NAN);
    let pos = |r: f64, c: f64| (x0 + c * dx, y1 + r * dy);
    let mut out = Vec::new();
    for r in 0..ny.saturating_sub(1) {
        for c in 0..nx.saturating_sub(1) {
            // Corners clockwise from top-left: a (r,c), b (r,c+1), d (r+1,c+1), e (r+1,c).
            let (a, b, d, e) = (at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c));
            if !(a.is_finite() && b.is_finite() && d.is_finite() && e.is_finite()) {
                continue;
            }
            let (lo, hi) = (a.min(b).min(d.min(e)), a.max(b).max(d.max(e)));
            let first = levels.partition_point(|&l| l <= lo);
            for &level in levels.get(first..).unwrap_or(&[]) {
                if level > hi {
                    break;
                }
                cell(level, [a, b, d, e], (r as f64, c as f64), &pos, &mut out);
            }
        }
    }
    out
}

/// The segments where `level` crosses the cell whose top-left corner is at row and
/// column `(rf, cf)` and whose corners, clockwise from there, hold `[a, b, d, e]`.
fn cell(
    level: f64,
    [a, b, d, e]: [f64; 4],
    (rf, cf): (f64, f64),
    pos: &impl Fn(f64, f64) -> (f64, f64),
    out: &mut Vec<Segment>,
) {
    let t = |p: f64, q: f64| crate::core::num::clamp((level - p) / (q - p), 0.0, 1.0);
    // Crossing points on each edge, where the level separates the corners.
    let mut pts = [(0.0, 0.0); 4];
    let mut n = 0;
    let edges = [
        (a, b, (rf, cf), (0.0, 1.0)),
        (b, d, (rf, cf + 1.0), (1.0, 0.0)),
        (e, d, (rf + 1.0, cf), (0.0, 1.0)),
        (a, e, (rf, cf), (1.0, 0.0)),
    ];
    for (p, q, (er, ec), (dr, dc)) in edges {
        if (p < level) != (q < level) {
            let s = t(p, q);
            pts[n] = pos(er + dr * s, ec + dc * s);
            n += 1;
        }
    }
    match n {
        2 => out.push([pts[0], pts[1]]),
        4 => {
            // Saddle cell: pair by the centre value.
            let centre = 0.25 * (a + b + d + e);
            if (centre < level) == (a < level) {
                out.push([pts[0], pts[1]]);
                out.push([pts[2], pts[3]]);
            } else {
                out.push([pts[0], pts[3]]);
                out.push([pts[1], pts[2]]);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circle_level_set_lies_on_the_circle() {
        let f = Field::sample(|x, y| x * x + y * y, [-2.0, 2.0, -2.0, 2.0], 81, 81);
        let segs = segments(&f, 1.0);
        assert!(segs.len() > 50);
        for s in &segs {
            for (x, y) in s {
                let r = (x * x + y * y).sqrt();
                assert!((r - 1.0).abs() < 0.01, "point at radius {r}");
            }
        }
        assert!(segments(&f, 100.0).is_empty());
    }

    #[test]
    fn all_levels_in_one_pass_are_each_levels_segments() {
        let f = Field::sample(
            |x, y| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            [-2.0, 2.0, -1.0, 3.0],
            61,
            47,
        );
        let key = |s: &Segment| s.map(|(x, y)| (x.to_bits(), y.to_bits()));
        let mut want: Vec<_> = f
            .levels(12)
            .into_iter()
            .flat_map(|l| one_level(&f, l))
            .map(|s| key(&s))
            .collect();
        let mut got: Vec<_> = lines(&f, 12).iter().map(key).collect();
        assert!(want.len() > 500);
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want);
    }

    /// One level the plain way: every cell.
    fn one_level(f: &Field, level: f64) -> Vec<Segment> {
        let at = |r: usize, c: usize| f.values[r * f.nx + c];
        let [x0, x1, y0, y1] = f.bounds;
        let dx = (x1 - x0) / (f.nx - 1) as f64;
        let dy = (y0 - y1) / (f.ny - 1) as f64;
        let pos = |r: f64, c: f64| (x0 + c * dx, y1 + r * dy);
        let mut out = Vec::new();
        for r in 0..f.ny - 1 {
            for c in 0..f.nx - 1 {
                let corners = [at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c)];
                cell(level, corners, (r as f64, c as f64), &pos, &mut out);
            }
        }
        out
    }

    #[test]
    fn nan_cells_are_skipped() {
        let f = Field::sample(
            |x, _| if x > 0.0 { f64::NAN } else { x },
            [-1.0, 1.0, -1.0, 1.0],
            9,
            9,
        );
        for s in segments(&f, -0.5) {
            assert!(s.iter().all(|(x, _)| *x <= 0.0));
        }
    }
}
