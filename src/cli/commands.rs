//! The commands that print JSON: `trace`, `schedule`, `race` and `list`.

use serde_json::{json, Value as J};

use super::args::{RaceArgs, ScheduleArgs, TraceArgs};
use crate::core::error::Result;
use crate::core::spec::{ParamInfo, ParamKind, Spec};
use crate::core::{optim, schedule as sched, surface};

/// `gdz trace`: the trajectory of one optimizer.
pub fn trace(a: &TraceArgs) -> Result<String> {
    let setup = a.setup.setup(vec![a.optimizer.clone()])?;
    let t = setup.run(0)?;
    let points: Vec<&[f64]> = t.points.chunks(t.dim.max(1)).collect();
    Ok(json!({
        "points": points,
        "loss": t.loss,
        "lr": t.lr,
        "grad_norm": t.grad_norm,
        "status": t.status.as_str(),
        "converged_at": t.converged_at,
    })
    .to_string())
}

/// `gdz schedule`: the rate (and any cycled momentum) after each step.
pub fn schedule(a: &ScheduleArgs) -> Result<String> {
    let mut s = sched::build(&a.schedule, a.lr, Some(a.momentum))?;
    let mut lrs = vec![s.lr()];
    let mut moms = vec![s.momentum()];
    for _ in 0..a.steps {
        s.step(f64::NAN);
        lrs.push(s.lr());
        moms.push(s.momentum());
    }
    let mut out = json!({ "lr": lrs });
    if moms.iter().all(Option::is_some) {
        out["momentum"] = json!(moms.into_iter().flatten().collect::<Vec<f64>>());
    }
    Ok(out.to_string())
}

/// `gdz race`: every optimizer's result, ranked.
pub fn race(a: &RaceArgs) -> Result<String> {
    let setup = a.setup.setup(a.optimizers.0.clone())?;
    let entries = setup.race()?;
    Ok(json!({
        "surface": setup.surface().name(),
        "start": setup.start(),
        "steps": setup.config().steps,
        "entries": entries,
    })
    .to_string())
}

fn params_json(params: &[ParamInfo]) -> J {
    J::Array(
        params
            .iter()
            .map(|p| {
                let bound = |x: f64| (x > f64::MIN && x < f64::MAX).then_some(x);
                let mut o = json!({
                    "name": p.name,
                    "kind": p.kind,
                    "default": p.default,
                });
                if matches!(p.kind, ParamKind::Word) {
                    o["words"] = json!(p.words);
                } else if !matches!(p.kind, ParamKind::Bool) {
                    o["min"] = json!(bound(p.min));
                    o["max"] = json!(bound(p.max));
                    o["min_open"] = json!(p.min_open);
                    o["max_open"] = json!(p.max_open);
                }
                o
            })
            .collect(),
    )
}

/// `gdz list`: every surface, optimizer and schedule with its parameters.
pub fn list() -> String {
    let surfaces: Vec<J> = surface::NAMES
        .iter()
        .filter_map(|n| {
            let s = surface::build(&Spec::bare(n)).ok()?;
            let b = s.bounds();
            Some(json!({
                "name": n,
                "description": s.description(),
                "dim": s.dim(),
                "bounds": { "lo": b.lo, "hi": b.hi },
                "default_start": s.default_start(),
                "minima": s.minima(),
                "params": params_json(&surface::describe(n).unwrap_or_default()),
            }))
        })
        .collect();
    let named = |names: &[&str], describe: fn(&str) -> Result<Vec<ParamInfo>>| -> Vec<J> {
        names
            .iter()
            .map(|n| json!({ "name": n, "params": params_json(&describe(n).unwrap_or_default()) }))
            .collect()
    };
    json!({
        "surfaces": surfaces,
        "optimizers": named(optim::NAMES, optim::describe),
        "schedules": named(sched::NAMES, sched::describe),
    })
    .to_string()
}

/// `gdz widgets`: the widget schema, a list of widgets each with `name`, `tag`,
/// `summary` and its attributes (`name`, `kind`, `required`, `default`, `limits`,
/// `description`, and the numeric `min`/`max` where it has them).
pub fn widgets() -> String {
    use crate::core::schema::{Kind, WIDGETS};
    let list: Vec<J> = WIDGETS
        .iter()
        .map(|w| {
            let attrs: Vec<J> = w
                .attrs
                .iter()
                .map(|a| {
                    let mut o = json!({
                        "name": a.name,
                        "kind": a.kind.name(),
                        "required": a.required,
                        "default": a.default_text(w),
                        "limits": a.limits(),
                        "description": a.doc,
                    });
                    let (min, max) = match a.kind {
                        Kind::Number { range } | Kind::Each { range, .. } => {
                            (Some(range.min), Some(range.max))
                        }
                        Kind::Integer { min, max } => (Some(min as f64), Some(max as f64)),
                        _ => (None, None),
                    };
                    if let (Some(lo), Some(hi), Some(m)) = (min, max, o.as_object_mut()) {
                        m.insert("min".into(), json!(lo));
                        m.insert("max".into(), json!(hi));
                    }
                    o
                })
                .collect();
            json!({ "name": w.name, "tag": w.tag(), "summary": w.summary, "attributes": attrs })
        })
        .collect();
    serde_json::to_string_pretty(&J::Array(list)).unwrap_or_default()
}
