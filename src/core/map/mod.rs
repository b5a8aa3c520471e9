//! Convergence maps: one optimizer over a grid of two of its hyperparameters.
//!
//! A [`MapSpec`] names a surface, a start, a base optimizer spec, two axes (each an
//! optimizer key such as `lr`, `momentum` or `beta2`, with its range on a log or linear
//! scale) and the steps of each run. [`Map::new`] checks it against the limits; each
//! cell is then a full run of the base optimizer with the two keys set to the cell's
//! values, computed by the batched [`kernel`] (no trajectories, state as structure of
//! arrays) and reported as a [`Cell`]: converged (from which step), diverged, or out of
//! steps, with its final loss. A cell's result equals the single run `core::run` makes
//! of the same setting with a constant schedule, no noise and no clipping.
//!
//! [`theory`] gives the known answers for the `quadratic` surface (the stability limit
//! of gradient descent, heavy ball's region and its optimal pair), which the map widget
//! draws over the simulated grid.

pub mod adam;
pub mod axis;
pub mod kernel;
pub mod rmsprop;
pub mod rule;
pub mod sgd;
pub mod theory;

pub use axis::Axis;

use crate::core::error::{Error, Result};
use crate::core::limits::{MAX_MAP_WORK, MAX_STEPS};
use crate::core::optim::{self, Optimizer};
use crate::core::run::{check_start, run, RunConfig, Status, Trajectory};
use crate::core::schedule::Constant;
use crate::core::spec::{ParamInfo, ParamKind, Spec, Value};
use crate::core::surface::{self, Surface};

use adam::{Adam, AdamParams};
use kernel::Kernel;
use rmsprop::{RmsProp, RmsPropParams};
use rule::{Boxed, Rule};
use sgd::{Sgd, SgdParams};

/// The tolerance a map's runs use unless told otherwise (that of `core::run`).
pub const DEFAULT_TOL: f64 = 1e-6;

/// What a map is made from: specs and settings, not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// The surface, e.g. `quadratic(a=1, b=25)`.
    pub surface: Spec,
    /// The start; `None` takes the surface's default start.
    pub start: Option<Vec<f64>>,
    /// The base optimizer; each cell sets the two axis keys in it.
    pub optimizer: Spec,
    /// The key along the columns (left to right).
    pub x: Axis,
    /// The key along the rows (bottom to top); `None` makes a one-row map over `x`.
    pub y: Option<Axis>,
    /// Steps of each run.
    pub steps: usize,
    /// Converged when the loss is within `tol` of the surface's best minimum.
    pub tol: f64,
}

/// How one cell's run ended.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Cell {
    /// Converged, diverged or out of steps (`max_steps`).
    pub status: Status,
    /// The step from which every later point stayed converged (converged cells only).
    pub converged_at: Option<usize>,
    /// Steps taken before the run ended (all of them unless it diverged).
    pub taken: usize,
    /// The loss at the last finite point (`null` in JSON when the start itself is not
    /// finite).
    pub final_loss: f64,
}

impl Cell {
    /// A cell not yet computed (out of steps, nothing taken, loss NaN).
    pub fn pending() -> Cell {
        Cell {
            status: Status::MaxSteps,
            converged_at: None,
            taken: 0,
            final_loss: f64::NAN,
        }
    }

    /// A run that diverged after `taken` good steps, last finite loss `loss`.
    pub fn diverged(taken: usize, loss: f64) -> Cell {
        Cell {
            status: Status::Diverged,
            converged_at: None,
            taken,
            final_loss: loss,
        }
    }
}

/// A map's results: the axis values and one cell per (row, column), row-major.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MapResult {
    /// The column axis and its values.
    pub x: Axis,
    /// The values along the columns.
    pub x_values: Vec<f64>,
    /// The row axis (absent for a one-row map).
    pub y: Option<Axis>,
    /// The values along the rows (one `null`-free entry per row; empty for one row).
    pub y_values: Vec<f64>,
    /// Cell `row · columns + column`.
    pub cells: Vec<Cell>,
}

/// A checked map: surface built, start known, axes and work within the limits.
pub struct Map {
    spec: MapSpec,
    surface: Box<dyn Surface>,
    start: Vec<f64>,
    info: Vec<ParamInfo>,
}

impl Map {
    /// Builds and checks everything a map needs; the corner cells' optimizers are built
    /// too, so an axis range the optimizer refuses is an error here.
    pub fn new(spec: MapSpec) -> Result<Map> {
        let surface = surface::build(&spec.surface)?;
        let start = spec
            .start
            .clone()
            .unwrap_or_else(|| surface.default_start());
        check_start(surface.as_ref(), &start)?;
        let out_of_range = |key: &str, value: f64, allowed: String| {
            Box::new(Error::OutOfRange {
                owner: "map".into(),
                key: key.into(),
                value,
                allowed,
            })
        };
        if spec.steps > MAX_STEPS {
            return Err(out_of_range(
                "steps",
                spec.steps as f64,
                format!("0 ≤ steps ≤ {MAX_STEPS}"),
            ));
        }
        if !(spec.tol > 0.0 && spec.tol.is_finite()) {
            return Err(out_of_range("tol", spec.tol, "0 < tol".into()));
        }
        let info = optim::describe(&spec.optimizer.name)?;
        let mut axes = vec![&spec.x];
        axes.extend(spec.y.as_ref());
        for a in &axes {
            a.validate()?;
            let numeric = info
                .iter()
                .any(|i| i.name == a.key && i.kind == ParamKind::Num);
            if !numeric {
                let known: Vec<&str> = info
                    .iter()
                    .filter(|i| i.kind == ParamKind::Num)
                    .map(|i| i.name.as_str())
                    .collect();
                return Err(Box::new(Error::Incompatible {
                    owner: "map".into(),
                    reason: format!(
                        "{} is not a numeric key of {}; use one of {}",
                        a.key,
                        spec.optimizer.name,
                        known.join(", ")
                    ),
                }));
            }
        }
        if let Some(y) = &spec.y {
            if y.key == spec.x.key {
                return Err(Box::new(Error::Incompatible {
                    owner: "map".into(),
                    reason: format!("both axes vary {}", y.key),
                }));
            }
        }
        let cells = spec.x.n * spec.y.as_ref().map_or(1, |y| y.n);
        let work = cells.saturating_mul(spec.steps);
        if work > MAX_MAP_WORK {
            return Err(Box::new(Error::TooMany {
                owner: "map".into(),
                key: "cells × steps".into(),
                count: work,
                max: MAX_MAP_WORK,
            }));
        }
        let map = Map {
            spec,
            surface,
            start,
            info,
        };
        let (c, r) = (map.cols(), map.rows());
        for (col, row) in [(0, 0), (c - 1, 0), (0, r - 1), (c - 1, r - 1)] {
            optim::build(&map.cell_spec(row * c + col), map.surface.dim())?;
        }
        Ok(map)
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &MapSpec {
        &self.spec
    }

    /// The surface.
    pub fn surface(&self) -> &dyn Surface {
        self.surface.as_ref()
    }

    /// The start of every run.
    pub fn start(&self) -> &[f64] {
        &self.start
    }

    /// Cells along a row.
    pub fn cols(&self) -> usize {
        self.spec.x.n.max(1)
    }

    /// Rows (1 for a one-row map).
    pub fn rows(&self) -> usize {
        self.spec.y.as_ref().map_or(1, |y| y.n.max(1))
    }

    /// Every cell: `rows · cols`.
    pub fn len(&self) -> usize {
        self.cols() * self.rows()
    }

    /// Whether the map has no cells (never, once built).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The axis values of cell `i`: (x value, y value if there is a y axis).
    pub fn values(&self, i: usize) -> (f64, Option<f64>) {
        let (col, row) = (i % self.cols(), i / self.cols());
        (
            self.spec.x.value(col),
            self.spec.y.as_ref().map(|y| y.value(row)),
        )
    }

    /// The optimizer spec of cell `i`: the base spec with the axis keys set.
    pub fn cell_spec(&self, i: usize) -> Spec {
        let (vx, vy) = self.values(i);
        let mut s = self.spec.optimizer.clone();
        s.set(&self.spec.x.key, Value::Num(vx));
        if let (Some(y), Some(v)) = (&self.spec.y, vy) {
            s.set(&y.key, Value::Num(v));
        }
        s
    }

    /// One run of `spec` (a cell's) as `core::run` makes it: from the map's start, over
    /// its steps, with its tolerance and a constant rate. Each cell's result equals this.
    pub fn single_run(&self, spec: &Spec) -> Result<Trajectory> {
        let mut o = optim::build(spec, self.surface.dim())?;
        let mut sc = Constant::new(o.lr());
        let cfg = RunConfig {
            steps: self.spec.steps,
            tol: self.spec.tol,
            ..RunConfig::default()
        };
        run(
            self.surface.as_ref(),
            &self.start,
            o.as_mut(),
            &mut sc,
            &cfg,
        )
    }

    /// A number of cell spec `s`: its own value, else the optimizer's default.
    fn num(&self, s: &Spec, key: &str) -> f64 {
        match s.get(key) {
            Some(Value::Num(v)) => *v,
            _ => self
                .info
                .iter()
                .find(|i| i.name == key)
                .and_then(|i| i.default.as_deref())
                .and_then(crate::core::num::parse_f64)
                .unwrap_or(0.0),
        }
    }

    fn flag(s: &Spec, key: &str) -> Option<bool> {
        match s.get(key) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// The rule that steps `specs` (already checked to build): a structure-of-arrays
    /// kernel for SGD, plain Adam and RMSProp, boxed optimizers for the rest.
    fn rule(&self, specs: &[Spec]) -> Result<Box<dyn Rule>> {
        let dim = self.surface.dim();
        let mut boxed: Vec<Box<dyn Optimizer>> = Vec::with_capacity(specs.len());
        for s in specs {
            boxed.push(optim::build(s, dim)?);
        }
        let name = self.spec.optimizer.name.as_str();
        let plain_adam = |s: &Spec| {
            ["bias_correction", "first_moment", "second_moment"]
                .iter()
                .all(|k| Self::flag(s, k) != Some(false))
                && Self::flag(s, "amsgrad") != Some(true)
        };
        Ok(match name {
            "sgd" => Box::new(Sgd::new(
                specs
                    .iter()
                    .map(|s| SgdParams {
                        lr: self.num(s, "lr"),
                        momentum: self.num(s, "momentum"),
                        dampening: self.num(s, "dampening"),
                        weight_decay: self.num(s, "weight_decay"),
                        nesterov: Self::flag(s, "nesterov") == Some(true),
                    })
                    .collect(),
                dim,
            )),
            "adam" if specs.iter().all(plain_adam) => Box::new(Adam::new(
                specs
                    .iter()
                    .map(|s| AdamParams {
                        lr: self.num(s, "lr"),
                        beta1: self.num(s, "beta1"),
                        beta2: self.num(s, "beta2"),
                        eps: self.num(s, "eps"),
                        weight_decay: self.num(s, "weight_decay"),
                    })
                    .collect(),
                dim,
            )),
            "rmsprop" => Box::new(RmsProp::new(
                specs
                    .iter()
                    .map(|s| RmsPropParams {
                        lr: self.num(s, "lr"),
                        alpha: self.num(s, "alpha"),
                        eps: self.num(s, "eps"),
                        weight_decay: self.num(s, "weight_decay"),
                        momentum: self.num(s, "momentum"),
                        centered: Self::flag(s, "centered") == Some(true),
                    })
                    .collect(),
                dim,
            )),
            _ => Box::new(Boxed::new(boxed, dim)),
        })
    }

    /// Runs the cells `which` (indices into the map; out-of-range ones are skipped)
    /// and returns their results in the same order. An axis value the optimizer
    /// refuses is an error naming it.
    pub fn run_cells(&self, which: &[usize]) -> Result<Vec<(usize, Cell)>> {
        let which: Vec<usize> = which.iter().copied().filter(|&i| i < self.len()).collect();
        let specs: Vec<Spec> = which.iter().map(|&i| self.cell_spec(i)).collect();
        let mut rule = self.rule(&specs)?;
        let k = Kernel::new(
            self.surface.as_ref(),
            &self.start,
            self.spec.steps,
            self.spec.tol,
        );
        let cells = k.run(rule.as_mut(), which.len());
        Ok(which.into_iter().zip(cells).collect())
    }

    /// Runs every cell.
    pub fn run_all(&self) -> Result<MapResult> {
        let all: Vec<usize> = (0..self.len()).collect();
        let mut cells = vec![Cell::pending(); self.len()];
        // Batches of a few thousand cells keep the arrays in cache.
        for chunk in all.chunks(4096) {
            for (i, c) in self.run_cells(chunk)? {
                if let Some(slot) = cells.get_mut(i) {
                    *slot = c;
                }
            }
        }
        Ok(MapResult {
            x: self.spec.x.clone(),
            x_values: self.spec.x.values(),
            y: self.spec.y.clone(),
            y_values: self.spec.y.as_ref().map(Axis::values).unwrap_or_default(),
            cells,
        })
    }
}

/// The benchmark map for `optimizer` (`sgd`, `adam`, or any other): 128 × 128 cells of
/// 300-step runs on `quadratic(a=1, b=25)` from its default start, `lr` from 10⁻³ to 1
/// (log) across, and down the rows `momentum` (SGD, RMSProp) or `beta2` (Adam) or
/// `beta1` (the rest) from 0 to 0.99 (for `beta2`, 0.9 to 0.9999).
pub fn bench_spec(optimizer: &str) -> MapSpec {
    let (key, lo, hi) = match optimizer {
        "sgd" | "rmsprop" => ("momentum", 0.0, 0.99),
        "adam" => ("beta2", 0.9, 0.9999),
        _ => ("beta1", 0.0, 0.99),
    };
    MapSpec {
        surface: Spec {
            name: "quadratic".into(),
            args: vec![
                ("a".into(), Value::Num(1.0)),
                ("b".into(), Value::Num(25.0)),
            ],
        },
        start: None,
        optimizer: Spec::bare(optimizer),
        x: Axis {
            key: "lr".into(),
            lo: 1e-3,
            hi: 1.0,
            n: 128,
            log: true,
        },
        y: Some(Axis {
            key: key.into(),
            lo,
            hi,
            n: 128,
            log: false,
        }),
        steps: 300,
        tol: DEFAULT_TOL,
    }
}

#[cfg(test)]
mod tests;
