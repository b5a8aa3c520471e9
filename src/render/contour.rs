//! Contour lines by marching squares over a [`Field`](super::Field).

use super::field::Field;

/// A contour segment between two points in data coordinates.
pub type Segment = [(f64, f64); 2];

/// The segments of the field's `n` contour levels (see [`Field::levels`]), all together.
pub fn lines(field: &Field, n: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    for level in field.levels(n) {
        out.extend(segments(field, level));
    }
    out
}

/// The segments of the level set `value = level`, in data coordinates.
pub fn segments(field: &Field, level: f64) -> Vec<Segment> {
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
            let t = |p: f64, q: f64| crate::core::num::clamp((level - p) / (q - p), 0.0, 1.0);
            let (rf, cf) = (r as f64, c as f64);
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
    }
    out
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
