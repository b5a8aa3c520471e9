//! The network's output on a regular grid of inputs, for drawing a decision boundary
//! (or, for a one-input network, the fitted curve) each animation frame.

use crate::core::error::Result;

use super::activation::sigmoid;
use super::bad;
use super::loss::softmax;
use super::mlp::Mlp;
use super::pass::Workspace;
use super::trainer::predict_class;

/// Points per batch through the network (the inputs live on the stack).
const CHUNK: usize = 64;
/// Most grid points per axis.
pub const MAX_GRID: usize = 1024;

/// A box of inputs sampled on an `nx × ny` grid, corners included.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GridBox {
    /// Left edge (first input).
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge (second input).
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
    /// Columns (1 to 1024).
    pub nx: usize,
    /// Rows (1 to 1024; 1 for a one-input network).
    pub ny: usize,
}

/// What each grid cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridOutput {
    /// One output: σ(z), the probability of class 1. Several: the largest softmax
    /// probability (the confidence of the predicted class).
    Probability,
    /// The predicted class (z > 0 for one output, the argmax for several).
    Class,
    /// The first raw output (a regression value or a logit).
    Value,
}

fn coord(lo: f64, hi: f64, n: usize, i: usize) -> f64 {
    if n <= 1 {
        lo
    } else {
        lo + (hi - lo) * i as f64 / (n - 1) as f64
    }
}

/// Fills `out` (length nx·ny, row `j` = the `j`-th y from `y_min` up, so
/// `out[j·nx + i]` is at (xᵢ, yⱼ)) with the network's output on the grid. A one-input
/// network needs `ny = 1` and is evaluated at the xᵢ.
pub fn decision_grid(
    mlp: &Mlp,
    params: &[f64],
    grid: &GridBox,
    what: GridOutput,
    ws: &mut Workspace,
    out: &mut [f64],
) -> Result<()> {
    check_len("output", out.len(), grid)?;
    let mut probs = [0.0f64; super::mlp::MAX_WIDTH];
    each_cell(mlp, params, grid, ws, |c, zr| {
        if let Some(o) = out.get_mut(c) {
            *o = match (what, zr) {
                (GridOutput::Value, _) => zr.first().copied().unwrap_or(f64::NAN),
                (GridOutput::Class, _) => predict_class(zr),
                (GridOutput::Probability, _) => confidence(zr, &mut probs),
            };
        }
    })
}

/// The decision regions in one pass: for each cell of the grid (laid out as in
/// [`decision_grid`]), the predicted class into `class` and its probability (the
/// confidence) into `prob`, as the `Class` and `Probability` grids would hold them.
pub fn decision_regions(
    mlp: &Mlp,
    params: &[f64],
    grid: &GridBox,
    ws: &mut Workspace,
    prob: &mut [f64],
    class: &mut [f64],
) -> Result<()> {
    check_len("probability", prob.len(), grid)?;
    check_len("class", class.len(), grid)?;
    let mut probs = [0.0f64; super::mlp::MAX_WIDTH];
    each_cell(mlp, params, grid, ws, |c, zr| {
        if let (Some(p), Some(k)) = (prob.get_mut(c), class.get_mut(c)) {
            *p = confidence(zr, &mut probs);
            *k = predict_class(zr);
        }
    })
}

/// σ(z) for one output; for several, the largest softmax probability.
fn confidence(zr: &[f64], probs: &mut [f64]) -> f64 {
    match zr {
        [z] => sigmoid(*z),
        _ => {
            let p = probs.get_mut(..zr.len()).unwrap_or(&mut []);
            softmax(zr, p);
            p.iter().copied().fold(0.0, f64::max)
        }
    }
}

fn check_len(what: &str, len: usize, grid: &GridBox) -> Result<()> {
    if len == grid.nx.saturating_mul(grid.ny) {
        Ok(())
    } else {
        Err(bad(format!(
            "the {what} buffer has {len} cells; the grid has {}",
            grid.nx.saturating_mul(grid.ny)
        )))
    }
}

/// Runs the network over the grid a chunk of points at a time and hands `put` each
/// cell's index with its raw outputs.
fn each_cell(
    mlp: &Mlp,
    params: &[f64],
    grid: &GridBox,
    ws: &mut Workspace,
    mut put: impl FnMut(usize, &[f64]),
) -> Result<()> {
    mlp.check_params(params)?;
    let n_in = mlp.n_inputs();
    if n_in > 2 || (n_in == 1 && grid.ny != 1) {
        return Err(bad(format!(
            "a grid needs a network with 2 inputs (or 1 input and ny = 1); this one has {n_in}"
        )));
    }
    if grid.nx == 0 || grid.ny == 0 || grid.nx > MAX_GRID || grid.ny > MAX_GRID {
        return Err(bad(format!(
            "grid size {}×{} is out of range; allowed: 1 to {MAX_GRID} per side",
            grid.nx, grid.ny
        )));
    }
    let n_out = mlp.n_outputs().max(1);
    ws.ensure(mlp, CHUNK);
    let mut xin = [0.0f64; 2 * CHUNK];
    let total = grid.nx * grid.ny;
    let mut start = 0;
    while start < total {
        let end = (start + CHUNK).min(total);
        for (k, x) in xin.chunks_exact_mut(n_in).take(end - start).enumerate() {
            let c = start + k;
            let (i, j) = (c % grid.nx, c / grid.nx);
            if let Some(v) = x.first_mut() {
                *v = coord(grid.x_min, grid.x_max, grid.nx, i);
            }
            if let Some(v) = x.get_mut(1) {
                *v = coord(grid.y_min, grid.y_max, grid.ny, j);
            }
        }
        let rows = end - start;
        mlp.forward_in(params, xin.get(..rows * n_in).unwrap_or(&[]), rows, ws);
        for (k, zr) in ws.output(rows).chunks_exact(n_out).enumerate() {
            put(start + k, zr);
        }
        start = end;
    }
    Ok(())
}
