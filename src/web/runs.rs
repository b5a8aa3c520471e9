//! Running a widget's optimizers on its surface.

use wasm_bindgen::prelude::*;

use crate::core::optim;
use crate::core::run::{run, RunConfig, Trajectory};
use crate::core::schedule;
use crate::core::spec::Spec;
use crate::core::surface::Surface;

/// Runs the optimizer `spec` under `sched` on `surface` from `start`.
pub fn run_spec(
    surface: &dyn Surface,
    start: &[f64],
    spec: &Spec,
    sched: &Spec,
    cfg: &RunConfig,
) -> Result<Trajectory, JsValue> {
    let js = |e: crate::core::Error| JsValue::from_str(e.message());
    let mut opt = optim::build(spec, surface.dim()).map_err(js)?;
    let mut sc = schedule::build(sched, opt.lr(), opt.momentum()).map_err(js)?;
    run(surface, start, opt.as_mut(), sc.as_mut(), cfg).map_err(js)
}
