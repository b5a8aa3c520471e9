//! Surface values on a regular grid, for heatmaps and contour plots.

use super::surface::{Bounds, Surface};

/// The largest number of samples along one side of a grid.
pub const MAX_SIDE: usize = 4096;

/// The values of `surface` on an `nx × ny` grid over `bounds`, row-major.
///
/// Row 0 is the **top** of the picture (largest y) and column 0 the left (smallest
/// x), so the values can be written into an image buffer in order. Each value is taken
/// at the centre of its cell: column i at x = x₀ + (i + ½)(x₁ − x₀)/nx, row j at
/// y = y₁ − (j + ½)(y₁ − y₀)/ny. For a 1-D surface every row holds the same values
/// f(x); a surface with more than two parameters is sampled with the others at 0.
/// Returns an empty vector when `nx` or `ny` is 0 or larger than [`MAX_SIDE`].
/// Values may be non-finite where the surface is (the renderer decides how to show
/// them).
pub fn grid(surface: &dyn Surface, bounds: &Bounds, nx: usize, ny: usize) -> Vec<f64> {
    if nx == 0 || ny == 0 || nx > MAX_SIDE || ny > MAX_SIDE {
        return Vec::new();
    }
    let get = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
    let (x0, x1) = (get(&bounds.lo, 0), get(&bounds.hi, 0));
    let (y0, y1) = (get(&bounds.lo, 1), get(&bounds.hi, 1));
    let dx = (x1 - x0) / nx as f64;
    let dy = (y1 - y0) / ny as f64;
    let dim = surface.dim().max(1);
    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    if let Some(out) = by_rows(surface, [x0, dx, y1, dy], nx, ny, dim) {
        return out;
    }
    let mut p = vec![0.0; dim];
    let mut out = Vec::with_capacity(nx * ny);
    if dim == 1 {
        let row: Vec<f64> = (0..nx)
            .map(|i| {
                p[0] = x0 + (i as f64 + 0.5) * dx;
                surface.value(&p)
            })
            .collect();
        for _ in 0..ny {
            out.extend_from_slice(&row);
        }
        return out;
    }
    for j in 0..ny {
        p[1] = y1 - (j as f64 + 0.5) * dy;
        for i in 0..nx {
            p[0] = x0 + (i as f64 + 0.5) * dx;
            out.push(surface.value(&p));
        }
    }
    out
}

/// The grid a row of points at a time, for a surface that evaluates many points at once
/// ([`Surface::values`]); `None` for one that does not. Only in the modules that have
/// such a surface's batched path (see [`crate::core::expr::program::Program::run_block`]).
#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
fn by_rows(
    surface: &dyn Surface,
    [x0, dx, y1, dy]: [f64; 4],
    nx: usize,
    ny: usize,
    dim: usize,
) -> Option<Vec<f64>> {
    let mut p = vec![0.0; nx * dim];
    let mut out = Vec::with_capacity(nx * ny);
    let mut row = vec![0.0; nx];
    // A 1-D surface's rows are all the first.
    let rows = if dim == 1 { 1 } else { ny };
    for j in 0..rows {
        let y = y1 - (j as f64 + 0.5) * dy;
        for i in 0..nx {
            if let Some(q) = p.get_mut(i * dim) {
                *q = x0 + (i as f64 + 0.5) * dx;
            }
            if dim > 1 {
                if let Some(q) = p.get_mut(i * dim + 1) {
                    *q = y;
                }
            }
        }
        if !surface.values(&p, &mut row) {
            return None;
        }
        out.extend_from_slice(&row);
    }
    for _ in rows..ny {
        out.extend_from_slice(&row);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::spec::Spec;
    use crate::core::surface::build;

    #[test]
    fn rows_run_top_down_at_cell_centres() {
        // quadratic(a=1, b=2) is f = ½x² + y²; a 2×2 grid over [0,4]×[0,2] has
        // centres x = 1, 3 and y = 1.5 (top row), 0.5 (bottom row).
        let s = build(&Spec::parse("quadratic(a=1, b=2)").unwrap()).unwrap();
        let g = grid(s.as_ref(), &Bounds::xy(0.0, 4.0, 0.0, 2.0), 2, 2);
        assert_eq!(g, [0.5 + 2.25, 4.5 + 2.25, 0.5 + 0.25, 4.5 + 0.25]);
    }

    #[test]
    fn one_dimensional_rows_repeat_and_bad_sizes_are_empty() {
        let s = build(&Spec::bare("quartic")).unwrap();
        let g = grid(s.as_ref(), &s.bounds(), 3, 2);
        assert_eq!(g.len(), 6);
        assert_eq!(g[..3], g[3..]);
        assert!(grid(s.as_ref(), &s.bounds(), 0, 5).is_empty());
        assert!(grid(s.as_ref(), &s.bounds(), MAX_SIDE + 1, 1).is_empty());
        let odd = Bounds {
            lo: vec![],
            hi: vec![f64::NAN],
        };
        assert_eq!(grid(s.as_ref(), &odd, 2, 2).len(), 4);
    }
}
