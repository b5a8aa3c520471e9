//! Clipping in floating point, before anything becomes a 32-bit pixel coordinate.
//!
//! Plotters maps a data point to pixels as `left + (offset as i32)`: a point far off the
//! plot (a run that went to 1e300, a fitted line of a diverged fit) saturates the cast
//! and then overflows the addition (a panic in debug builds, a wrapped coordinate and a
//! stray line across the canvas in release builds). Every line, dot and marker is
//! therefore cut to a rectangle a little larger than the plot, in floating point, first:
//! what is left maps to pixels within a few plot-widths of the canvas.

/// A rectangle `[x0, x1, y0, y1]` (`x0 < x1`, `y0 < y1` when it is not empty).
pub type Rect = [f64; 4];

/// `r` grown on every side by `k` times its width (left and right) and height (top and
/// bottom); finite whenever `r` is (a side is kept within ±1e300).
pub fn grow(r: Rect, k: f64) -> Rect {
    let [x0, x1, y0, y1] = r;
    let (dx, dy) = (
        (x1 / 2.0 - x0 / 2.0) * 2.0 * k,
        (y1 / 2.0 - y0 / 2.0) * 2.0 * k,
    );
    let c = |v: f64| crate::core::num::clamp(v, -1e300, 1e300);
    [c(x0 - dx), c(x1 + dx), c(y0 - dy), c(y1 + dy)]
}

/// The rectangle a plot over `bounds` clips its drawing to: the bounds grown by their own
/// size on each side, so lines leave the plot at the right angle and markers just off
/// it still show their edge, while every point kept maps to within ±3 plot sizes.
pub fn around(bounds: Rect) -> Rect {
    grow(bounds, 1.0)
}

/// Whether `p` is finite and inside `r` (edges included).
pub fn inside(r: Rect, p: (f64, f64)) -> bool {
    let [x0, x1, y0, y1] = r;
    p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1
}

/// The part of the segment from `a` to `b` inside `r` (Liang–Barsky), or `None` when no
/// part is (or an end is not finite). A cut end lies exactly on the edge it crosses, its
/// other coordinate interpolated from the nearer end, so even a segment between
/// `-f64::MAX` and `f64::MAX` is cut where it really crosses.
pub fn segment(r: Rect, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let [x0, x1, y0, y1] = r;
    // Halved differences, so the segment's extent cannot overflow: a + t·d, t in [0, 2].
    let (dx, dy) = (b.0 / 2.0 - a.0 / 2.0, b.1 / 2.0 - a.1 / 2.0);
    // Where the segment enters (t0) and leaves (t1), and through which edge (0–3: left,
    // right, bottom, top).
    let (mut t0, mut t1) = ((0.0f64, None), (2.0f64, None));
    for (edge, p, q) in [
        (0, -dx, a.0 - x0),
        (1, dx, x1 - a.0),
        (2, -dy, a.1 - y0),
        (3, dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 && t > t0.0 {
                t0 = (t, Some(edge));
            } else if p > 0.0 && t < t1.0 {
                t1 = (t, Some(edge));
            }
        }
    }
    // A hair of slack: rounding in t must not drop a segment that crosses a corner.
    if t0.0 > t1.0 + 1e-12 {
        return None;
    }
    let near = |v: f64, i: usize| {
        let (pa, pb) = if i == 0 { (a.0, b.0) } else { (a.1, b.1) };
        if (v - pa).abs() <= (v - pb).abs() {
            a
        } else {
            b
        }
    };
    let c = crate::core::num::clamp;
    let on = |edge: Option<usize>, end: (f64, f64)| -> (f64, f64) {
        let p = match edge {
            // An end inside (or outside by rounding only).
            None => end,
            Some(e @ (0 | 1)) => {
                let x = if e == 0 { x0 } else { x1 };
                let base = near(x, 0);
                (x, base.1 + (x - base.0) * (dy / dx))
            }
            Some(e) => {
                let y = if e == 2 { y0 } else { y1 };
                let base = near(y, 1);
                (base.0 + (y - base.1) * (dx / dy), y)
            }
        };
        let p = if p.0.is_finite() && p.1.is_finite() {
            p
        } else {
            end
        };
        (c(p.0, x0, x1), c(p.1, y0, y1))
    };
    Some((on(t0.1, a), on(t1.1, b)))
}

/// The parts of the polyline through `pts` inside `r`, each a polyline of at least two
/// points: a non-finite point breaks the line, and so does leaving `r` (a segment that
/// crosses it is cut at its edges).
pub fn polyline(r: Rect, pts: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for w in pts.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        match segment(r, a, b) {
            Some((s, e)) => {
                if cur.last() != Some(&s) {
                    if cur.len() > 1 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    cur.push(s);
                }
                cur.push(e);
            }
            None => {
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const R: Rect = [0.0, 10.0, 0.0, 10.0];

    #[test]
    fn segments_are_cut_at_the_edges() {
        assert_eq!(
            segment(R, (1.0, 1.0), (2.0, 3.0)),
            Some(((1.0, 1.0), (2.0, 3.0)))
        );
        assert_eq!(
            segment(R, (5.0, 5.0), (15.0, 5.0)),
            Some(((5.0, 5.0), (10.0, 5.0)))
        );
        assert_eq!(
            segment(R, (-5.0, 5.0), (15.0, 5.0)),
            Some(((0.0, 5.0), (10.0, 5.0)))
        );
        assert_eq!(segment(R, (-5.0, -5.0), (-1.0, 20.0)), None);
        assert_eq!(segment(R, (11.0, 1.0), (11.0, 2.0)), None);
        assert_eq!(segment(R, (1.0, f64::NAN), (1.0, 2.0)), None);
        // Far off: the direction is kept (a diagonal from the middle leaves at a corner).
        let (s, e) = segment(R, (5.0, 5.0), (1e300, 1e300)).unwrap();
        assert_eq!(s, (5.0, 5.0));
        assert!(
            (e.0 - 10.0).abs() < 1e-9 && (e.1 - 10.0).abs() < 1e-9,
            "{e:?}"
        );
        let (s, e) = segment(R, (-f64::MAX, 5.0), (f64::MAX, 5.0)).unwrap();
        assert_eq!((s, e), ((0.0, 5.0), (10.0, 5.0)));
    }

    #[test]
    fn polylines_break_where_they_leave() {
        let p = polyline(
            R,
            &[(1.0, 1.0), (2.0, 2.0), (1e300, 2.0), (3.0, 3.0), (4.0, 4.0)],
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0], vec![(1.0, 1.0), (2.0, 2.0), (10.0, 2.0)]);
        assert_eq!(p[1].len(), 3);
        assert_eq!(p[1][0].0, 10.0);
        assert!(polyline(R, &[(1.0, 1.0)]).is_empty());
        assert!(polyline(R, &[(20.0, 1.0), (30.0, 1.0)]).is_empty());
        assert_eq!(
            polyline(R, &[(1.0, 1.0), (f64::NAN, 1.0), (2.0, 2.0), (3.0, 3.0)]).len(),
            1
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn what_is_kept_is_inside_and_on_the_segment(
            a in (proptest::num::f64::ANY, proptest::num::f64::ANY),
            b in (proptest::num::f64::ANY, proptest::num::f64::ANY),
            t in 0.0f64..1.0,
        ) {
            if let Some((s, e)) = segment(R, a, b) {
                proptest::prop_assert!(inside(R, s) && inside(R, e), "{s:?} {e:?}");
            }
            // A point of a short segment inside the rectangle keeps the segment.
            let p = (1.0 + 8.0 * t, 9.0 - 8.0 * t);
            proptest::prop_assert!(segment(R, p, (p.0 + 0.5, p.1 - 0.5)).is_some());
            if a.0.is_finite() && a.1.is_finite() {
                let k = segment(R, (5.0, 5.0), a);
                proptest::prop_assert!(k.is_some(), "{a:?}");
            }
        }
    }

    #[test]
    fn growing_stays_finite() {
        assert_eq!(grow(R, 1.0), [-10.0, 20.0, -10.0, 20.0]);
        let g = grow([-f64::MAX, f64::MAX, 0.0, 1.0], 1.0);
        assert!(g.iter().all(|v| v.is_finite()));
        assert!(inside(R, (0.0, 10.0)) && !inside(R, (f64::NAN, 1.0)) && !inside(R, (10.5, 1.0)));
    }
}
