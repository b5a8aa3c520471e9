//! Loss-landscape slices: the training loss along one or two random directions through
//! the current weights (H. Li et al., "Visualizing the loss landscape of neural nets",
//! NeurIPS 2018).
//!
//! Each direction is drawn Gaussian from a seed, then normalised filter by filter: for
//! every row of every weight matrix (one output unit's incoming weights) the direction's
//! row is scaled to the norm of the weight row. The bias entries of a direction are set
//! to zero, as the paper's code does by default, so the slice moves only the weights
//! (biases are few and, normalised to their own tiny norms, would add little).
//!
//! The loss is evaluated at θ + α·d₁ (1-D) or θ + α·d₁ + β·d₂ (2-D) for α, β evenly
//! spaced in [−span, span], on the whole training set.

use crate::core::error::Result;
use crate::core::rng::Rng;
use crate::core::spec::fmt_num;

use super::bad;
use super::data::Dataset;
use super::loss::Loss;
use super::mlp::Mlp;
use super::pass::Workspace;
use super::trainer::evaluate;

/// Most grid points per axis.
pub const MAX_SLICE_STEPS: usize = 201;

/// The shape of a slice.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SliceConfig {
    /// 1 (a curve) or 2 (a surface).
    pub dims: usize,
    /// Grid points per axis (2 to 201).
    pub steps: usize,
    /// The coefficients run over [−span, span] (span > 0).
    pub span: f64,
    /// Seed of the random directions.
    pub seed: u64,
}

impl Default for SliceConfig {
    fn default() -> Self {
        SliceConfig {
            dims: 2,
            steps: 41,
            span: 1.0,
            seed: 0,
        }
    }
}

/// The loss on the grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SliceResult {
    /// Coefficients along the first direction.
    pub alphas: Vec<f64>,
    /// Coefficients along the second direction (empty for a 1-D slice).
    pub betas: Vec<f64>,
    /// The losses: `loss[j·alphas.len() + i]` at (αᵢ, βⱼ); one row for 1-D.
    pub loss: Vec<f64>,
    /// The loss at the given weights (α = β = 0).
    pub center: f64,
}

/// A filter-normalised Gaussian direction for `params` (zero on biases).
pub fn filter_normalized_direction(mlp: &Mlp, params: &[f64], rng: &mut Rng) -> Vec<f64> {
    let mut d = vec![0.0; mlp.n_params()];
    for l in mlp.layers() {
        let (Some(w), Some(dw)) = (params.get(l.weight_range()), d.get_mut(l.weight_range()))
        else {
            continue;
        };
        for (wr, dr) in w.chunks_exact(l.n_in).zip(dw.chunks_exact_mut(l.n_in)) {
            dr.iter_mut().for_each(|x| *x = rng.normal());
            let dn = dr.iter().map(|x| x * x).sum::<f64>().sqrt();
            let wn = wr.iter().map(|x| x * x).sum::<f64>().sqrt();
            let s = if dn > 0.0 { wn / dn } else { 0.0 };
            dr.iter_mut().for_each(|x| *x *= s);
        }
    }
    d
}

/// The loss of `mlp` on `data` around `params` along seeded random directions.
pub fn loss_slice(
    mlp: &Mlp,
    params: &[f64],
    loss: Loss,
    data: &Dataset,
    cfg: &SliceConfig,
) -> Result<SliceResult> {
    mlp.check_params(params)?;
    if !(cfg.dims == 1 || cfg.dims == 2) {
        return Err(bad(format!("slice: dims = {} must be 1 or 2", cfg.dims)));
    }
    if !(2..=MAX_SLICE_STEPS).contains(&cfg.steps) {
        return Err(bad(format!(
            "slice: steps = {} is out of range; allowed: 2 ≤ steps ≤ {MAX_SLICE_STEPS}",
            cfg.steps
        )));
    }
    if !(cfg.span.is_finite() && cfg.span > 0.0) {
        return Err(bad(format!(
            "slice: span = {} must be a positive number",
            fmt_num(cfg.span)
        )));
    }
    if data.is_empty() || data.n_features() != mlp.n_inputs() {
        return Err(bad(format!(
            "slice: the data set must have rows of {} features",
            mlp.n_inputs()
        )));
    }
    loss.check(mlp.n_outputs(), &data.y)?;
    let mut rng = Rng::new(cfg.seed);
    let d1 = filter_normalized_direction(mlp, params, &mut rng);
    let d2 = if cfg.dims == 2 {
        filter_normalized_direction(mlp, params, &mut rng)
    } else {
        vec![0.0; params.len()]
    };
    let axis: Vec<f64> = (0..cfg.steps)
        .map(|i| cfg.span * (2.0 * i as f64 / (cfg.steps - 1) as f64 - 1.0))
        .collect();
    let betas = if cfg.dims == 2 {
        axis.clone()
    } else {
        vec![0.0]
    };
    let mut ws = Workspace::new(mlp, 256);
    let mut p = params.to_vec();
    let mut grid = Vec::with_capacity(axis.len() * betas.len());
    for b in &betas {
        for a in &axis {
            for (((p, t), x), y) in p.iter_mut().zip(params).zip(&d1).zip(&d2) {
                *p = t + a * x + b * y;
            }
            grid.push(evaluate(mlp, &p, loss, data, &mut ws).loss);
        }
    }
    let center = evaluate(mlp, params, loss, data, &mut ws).loss;
    Ok(SliceResult {
        alphas: axis,
        betas: if cfg.dims == 2 { betas } else { Vec::new() },
        loss: grid,
        center,
    })
}
