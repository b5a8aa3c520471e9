//! `gdz map`: a convergence map printed as JSON.

use clap::Args;
use serde::Serialize;

use crate::core::commands::flags::{number, point, whole};
use crate::core::commands::Coords;
use crate::core::error::{Error, Result};
use crate::core::map::{theory::QuadraticTheory, Axis, Map, MapResult, MapSpec, DEFAULT_TOL};
use crate::core::spec::Spec;

/// The flags of `gdz map`.
#[derive(Debug, Clone, Args)]
pub struct MapArgs {
    /// The surface, e.g. 'quadratic(a=1, b=25)'.
    #[arg(long, value_name = "SPEC")]
    pub surface: String,
    /// The base optimizer, e.g. 'sgd' or 'adam(eps=1e-6)'; each cell sets the two keys.
    #[arg(long, value_name = "SPEC")]
    pub optimizer: String,
    /// The start of every run (the surface's default start if not given).
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true, value_parser = point)]
    pub start: Option<Coords>,
    /// The key along the columns, e.g. lr.
    #[arg(long, value_name = "KEY")]
    pub x: String,
    /// Its first and last values.
    #[arg(long, value_name = "LO,HI", allow_hyphen_values = true, value_parser = pair)]
    pub x_range: (f64, f64),
    /// Columns, 1 to 256 [default: 32].
    #[arg(long, value_name = "N", value_parser = whole)]
    pub x_cells: Option<u64>,
    /// Space the columns evenly in log₁₀ (both ends > 0).
    #[arg(long)]
    pub x_log: bool,
    /// The key along the rows, e.g. momentum (a one-row map if not given).
    #[arg(long, value_name = "KEY")]
    pub y: Option<String>,
    /// Its first and last values.
    #[arg(long, value_name = "LO,HI", allow_hyphen_values = true, value_parser = pair)]
    pub y_range: Option<(f64, f64)>,
    /// Rows, 1 to 256 [default: 32].
    #[arg(long, value_name = "N", value_parser = whole)]
    pub y_cells: Option<u64>,
    /// Space the rows evenly in log₁₀ (both ends > 0).
    #[arg(long)]
    pub y_log: bool,
    /// Steps of each run, 0 to 100000 [default: 300]; cells × steps at most 33554432.
    #[arg(long, value_name = "N", value_parser = whole)]
    pub steps: Option<u64>,
    /// Converged once the loss is within T of the best known minimum [default: 1e-6].
    #[arg(long, value_name = "T", allow_negative_numbers = true, value_parser = number)]
    pub tol: Option<f64>,
}

/// Two numbers `LO,HI`.
fn pair(text: &str) -> Result<(f64, f64)> {
    let v: Vec<f64> = text.split(',').map(number).collect::<Result<_>>()?;
    match v.as_slice() {
        [a, b] => Ok((*a, *b)),
        _ => Err(Box::new(Error::WrongType {
            owner: String::new(),
            key: format!("\"{text}\""),
            expected: "two numbers LO,HI".into(),
            got: None,
        })),
    }
}

/// What `gdz map` prints.
#[derive(Serialize)]
struct Report {
    surface: String,
    start: Vec<f64>,
    optimizer: String,
    steps: usize,
    tol: f64,
    #[serde(flatten)]
    map: MapResult,
    /// For the `quadratic` surface: its curvatures and the limits theory gives.
    theory: Option<Theory>,
}

#[derive(Serialize)]
struct Theory {
    lambda_min: f64,
    lambda_max: f64,
    sgd_lr_limit: f64,
    momentum_optimal_lr: f64,
    momentum_optimal_momentum: f64,
}

fn cells(n: Option<u64>) -> usize {
    usize::try_from(n.unwrap_or(32)).unwrap_or(usize::MAX)
}

/// `gdz map`: every cell's status, convergence step, steps taken and final loss.
pub fn map(a: &MapArgs) -> Result<String> {
    let y = match (&a.y, a.y_range) {
        (None, None) => None,
        (Some(key), Some((lo, hi))) => Some(Axis {
            key: key.clone(),
            lo,
            hi,
            n: cells(a.y_cells),
            log: a.y_log,
        }),
        _ => {
            return Err(Box::new(Error::Incompatible {
                owner: "map".into(),
                reason: "--y and --y-range go together".into(),
            }))
        }
    };
    let spec = MapSpec {
        surface: Spec::parse(&a.surface)?,
        start: a.start.clone(),
        optimizer: Spec::parse(&a.optimizer)?,
        x: Axis {
            key: a.x.clone(),
            lo: a.x_range.0,
            hi: a.x_range.1,
            n: cells(a.x_cells),
            log: a.x_log,
        },
        y,
        steps: usize::try_from(a.steps.unwrap_or(300)).unwrap_or(usize::MAX),
        tol: a.tol.unwrap_or(DEFAULT_TOL),
    };
    let m = Map::new(spec)?;
    let theory = QuadraticTheory::of(m.surface()).map(|t| {
        let (lr, beta) = t.momentum_optimal();
        Theory {
            lambda_min: t.lambda_min,
            lambda_max: t.lambda_max,
            sgd_lr_limit: t.sgd_lr_limit(),
            momentum_optimal_lr: lr,
            momentum_optimal_momentum: beta,
        }
    });
    let report = Report {
        surface: m.spec().surface.to_string(),
        start: m.start().to_vec(),
        optimizer: m.spec().optimizer.to_string(),
        steps: m.spec().steps,
        tol: m.spec().tol,
        map: m.run_all()?,
        theory,
    };
    serde_json::to_string(&report).map_err(|e| {
        Box::new(Error::Incompatible {
            owner: String::new(),
            reason: format!("cannot write the result as JSON: {e}"),
        })
    })
}
