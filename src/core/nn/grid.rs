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
    each_cell(mlp, params, grid, (0, 1), ws, |c, zr| {
        if let Some(o) = out.get_mut(c) {
            *o = match (what, zr) {
                (GridOutput::Value, _) => zr.first().copied().unwrap_or(f64::NAN),
                (GridOutput::Class, _) => predict_class(zr),
                (GridOutput::Probability, _) => confidence(zr, &mut probs),
            };
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

/// Runs the network over the grid's rows `first`, `first + stride`, … a chunk of points
/// at a time and hands `put` each cell's index (in the whole grid) with its raw outputs.
fn each_cell(
    mlp: &Mlp,
    params: &[f64],
    grid: &GridBox,
    (first, stride): (usize, usize),
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
    let stride = stride.max(1);
    // The cell of the `k`-th point visited.
    let cell = |k: usize| (first + k / grid.nx * stride) * grid.nx + k % grid.nx;
    let total = grid.nx * grid.ny.saturating_sub(first).div_ceil(stride);
    let mut start = 0;
    while start < total {
        let end = (start + CHUNK).min(total);
        for (k, x) in xin.chunks_exact_mut(n_in).take(end - start).enumerate() {
            let c = cell(start + k);
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
            put(cell(start + k), zr);
        }
        start = end;
    }
    Ok(())
}

/// A classifier's decision regions (or a regression's values) on a grid, kept from one
/// animation frame to the next and brought up to date a share of its rows at a time: a
/// refresh with stride `s` recomputes every `s`-th row, the next refresh the rows after
/// those, so every row is at most `s − 1` refreshes old and a refresh costs `1/s` of the
/// whole grid. (A network being trained changes little in the few steps between frames.)
#[derive(Debug, Clone, Default)]
pub struct BoardGrid {
    /// The grid the cells are on.
    pub grid: Option<GridBox>,
    /// Per cell (laid out as in [`decision_grid`]): the predicted class's probability for
    /// a classifier, the output for a regression.
    pub value: Vec<f64>,
    /// Per cell: the predicted class (a classifier with several outputs only).
    pub class: Vec<f64>,
    /// The row the next refresh starts at.
    phase: usize,
}

impl BoardGrid {
    /// Brings the cells up to date for the network `params` on `grid`: every row when the
    /// grid changed or `stride` is 1, else the rows `phase`, `phase + stride`, …. With
    /// `regression` each cell holds the output, else the confidence and, for several
    /// outputs, the class.
    pub fn refresh(
        &mut self,
        mlp: &Mlp,
        params: &[f64],
        grid: &GridBox,
        regression: bool,
        stride: usize,
        ws: &mut Workspace,
    ) -> Result<()> {
        let n = grid.nx.saturating_mul(grid.ny);
        let stride = if self.grid.as_ref() == Some(grid) {
            stride.clamp(1, grid.ny.max(1))
        } else {
            self.value.clear();
            self.value.resize(n, f64::NAN);
            self.class.clear();
            self.grid = None;
            1
        };
        let first = self.phase % stride;
        let several = mlp.n_outputs() > 1 && !regression;
        if several {
            self.class.resize(n, f64::NAN);
        }
        let (value, class) = (&mut self.value, &mut self.class);
        let mut probs = [0.0f64; super::mlp::MAX_WIDTH];
        each_cell(mlp, params, grid, (first, stride), ws, |c, zr| {
            if let Some(v) = value.get_mut(c) {
                *v = if regression {
                    zr.first().copied().unwrap_or(f64::NAN)
                } else {
                    confidence(zr, &mut probs)
                };
            }
            if let Some(k) = class.get_mut(c).filter(|_| several) {
                *k = predict_class(zr);
            }
        })?;
        self.grid = Some(*grid);
        // After a whole refresh the next starts again from row 0.
        self.phase = if stride == 1 { 0 } else { first + 1 };
        Ok(())
    }
}
