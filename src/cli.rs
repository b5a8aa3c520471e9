//! The `gdz` command line: the core's native face, for lesson authors and checks.
//!
//! Every command prints JSON on stdout (non-finite numbers print as `null`); a bad
//! argument prints a one-line reason on stderr and exits with status 2.
//!
//! ```text
//! gdz trace    --surface SPEC --optimizer SPEC [--start X,Y] [--steps N] [--schedule SPEC]
//!              [--clip-norm C] [--clip-value C] [--noise SIGMA [--batch B] [--seed S]] [--tol T]
//! gdz schedule --schedule SPEC --lr BASE --steps N [--momentum M]
//! gdz race     --surface SPEC --optimizers "SPEC; SPEC; …" [--start X,Y] [--steps N] [--schedule SPEC] …
//! gdz list
//! gdz bench
//! ```

use std::time::Instant;

use serde_json::{json, Value as J};

use crate::core::error::{Error, Result};
use crate::core::grid::grid;
use crate::core::optim::StepCtx;
use crate::core::race::{parse_list, race};
use crate::core::run::{run, Noise, RunConfig, MAX_STEPS};
use crate::core::spec::{ParamInfo, Spec};
use crate::core::{optim, schedule, surface};

const USAGE: &str = "usage: gdz trace|schedule|race|list|bench|site …  (gdz help for details)";

const HELP: &str = "gdz: the Gradient Descent Zoo command line (JSON on stdout)

  gdz trace    --surface SPEC --optimizer SPEC [--start X,Y] [--steps N (100)]
               [--schedule SPEC] [--clip-norm C] [--clip-value C]
               [--noise SIGMA [--batch B (1)] [--seed S (0)]] [--tol T (1e-6)]
  gdz schedule --schedule SPEC --lr BASE --steps N [--momentum M (0.9)]
               lr[t] after t steps (N+1 values); cycling schedules also print momentum;
               plateau is fed no loss here, so every step counts as no improvement
  gdz race     --surface SPEC --optimizers \"SPEC; SPEC; ...\" [--start X,Y] [--steps N (100)]
               [--schedule SPEC] [--clip-norm C] [--clip-value C] [--tol T]
  gdz list     every surface, optimizer and schedule with its parameters
  gdz bench    timings: ns per optimizer step on rosenbrock, ms per 512x512 grid
  gdz site ... the static site (see its own help)

SPEC is NAME or NAME(key=value, ...), e.g. adam(lr=0.01) or cosine(t_max=100).
A 1-D surface takes --start X.";

/// Runs the command line `args` (without the program name); returns the exit status.
pub fn main(args: Vec<String>) -> i32 {
    match dispatch(&args) {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(e) => {
            let msg = e.to_string().replace('\n', " ");
            eprintln!("gdz: {msg}");
            2
        }
    }
}

/// Runs one command and returns what it prints.
pub fn dispatch(args: &[String]) -> Result<String> {
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        Some("trace") => trace(&Flags::parse(rest, TRACE_FLAGS)?),
        Some("schedule") => schedule_cmd(&Flags::parse(
            rest,
            &["schedule", "lr", "steps", "momentum"],
        )?),
        Some("race") => race_cmd(&Flags::parse(rest, RACE_FLAGS)?),
        Some("list") => no_flags(rest).map(|()| list()),
        Some("bench") => no_flags(rest).map(|()| bench()),
        Some("site") => crate::site::cli(&args[1..]),
        Some("help" | "--help" | "-h") => Ok(HELP.to_string()),
        Some(other) => Err(Error::new(format!(
            "unknown command {other}; commands: trace, schedule, race, list, bench, site, help"
        ))),
        None => Err(Error::new(USAGE)),
    }
}

const TRACE_FLAGS: &[&str] = &[
    "surface",
    "optimizer",
    "start",
    "steps",
    "schedule",
    "clip-norm",
    "clip-value",
    "noise",
    "batch",
    "seed",
    "tol",
];
const RACE_FLAGS: &[&str] = &[
    "surface",
    "optimizers",
    "start",
    "steps",
    "schedule",
    "clip-norm",
    "clip-value",
    "noise",
    "batch",
    "seed",
    "tol",
];

fn no_flags(rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(a) => Err(Error::new(format!("unexpected argument {a}"))),
    }
}

/// `--key value` pairs, each key at most once and from an allowed set.
struct Flags(Vec<(String, String)>);

impl Flags {
    fn parse(args: &[String], allowed: &[&str]) -> Result<Flags> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut it = args.iter();
        while let Some(k) = it.next() {
            let key = k
                .strip_prefix("--")
                .ok_or_else(|| Error::new(format!("expected a --flag, got {k}")))?;
            if !allowed.contains(&key) {
                return Err(Error::new(format!(
                    "unknown flag --{key}; allowed: --{}",
                    allowed.join(", --")
                )));
            }
            if out.iter().any(|(k, _)| k == key) {
                return Err(Error::new(format!("--{key} is given twice")));
            }
            let v = it
                .next()
                .ok_or_else(|| Error::new(format!("--{key} needs a value")))?;
            out.push((key.to_string(), v.clone()));
        }
        Ok(Flags(out))
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn req(&self, key: &str) -> Result<&str> {
        self.get(key)
            .ok_or_else(|| Error::new(format!("--{key} is required")))
    }
    fn spec(&self, key: &str) -> Result<Option<Spec>> {
        self.get(key)
            .map(|s| Spec::parse(s).map_err(|e| Error::new(format!("--{key}: {e}"))))
            .transpose()
    }
    fn num(&self, key: &str) -> Result<Option<f64>> {
        self.get(key).map(|s| parse_num(key, s)).transpose()
    }
    fn whole(&self, key: &str, max: u64) -> Result<Option<u64>> {
        self.get(key)
            .map(|s| {
                s.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| {
                        Error::new(format!(
                            "--{key} = {s} must be a whole number from 0 to {max}"
                        ))
                    })
            })
            .transpose()
    }
}

fn parse_num(key: &str, s: &str) -> Result<f64> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Error::new(format!("--{key} = {s} is not a finite number")))
}

fn num_list(key: &str, s: &str) -> Result<Vec<f64>> {
    s.split(',').map(|x| parse_num(key, x)).collect()
}

/// The run settings shared by `trace` and `race`.
fn run_config(f: &Flags) -> Result<RunConfig> {
    let steps = f.whole("steps", MAX_STEPS as u64)?.unwrap_or(100) as usize;
    let noise = match (f.num("noise")?, f.get("batch"), f.get("seed")) {
        (Some(sigma), _, _) => Some(Noise {
            sigma,
            batch: f
                .whole("batch", u64::from(u32::MAX))?
                .map_or(1, |b| b as u32),
            seed: f.whole("seed", u64::MAX)?.unwrap_or(0),
        }),
        (None, Some(_), _) | (None, _, Some(_)) => {
            return Err(Error::new("--batch and --seed need --noise SIGMA"))
        }
        (None, None, None) => None,
    };
    let cfg = RunConfig {
        steps,
        clip_norm: f.num("clip-norm")?,
        clip_value: f.num("clip-value")?,
        noise,
        tol: f.num("tol")?.unwrap_or(RunConfig::default().tol),
    };
    cfg.validate()?;
    Ok(cfg)
}

fn surface_and_start(f: &Flags) -> Result<(Box<dyn surface::Surface>, Vec<f64>)> {
    let spec = f
        .spec("surface")?
        .ok_or_else(|| Error::new("--surface is required"))?;
    let s = surface::build(&spec)?;
    let start = match f.get("start") {
        Some(text) => num_list("start", text)?,
        None => s.default_start(),
    };
    if start.len() != s.dim() {
        return Err(Error::new(format!(
            "--start has {} coordinates; {} takes {}",
            start.len(),
            s.name(),
            s.dim()
        )));
    }
    Ok((s, start))
}

fn trace(f: &Flags) -> Result<String> {
    let (surf, start) = surface_and_start(f)?;
    let opt_spec = f
        .spec("optimizer")?
        .ok_or_else(|| Error::new("--optimizer is required"))?;
    let mut opt = optim::build(&opt_spec, surf.dim())?;
    let sched_spec = f
        .spec("schedule")?
        .unwrap_or_else(|| Spec::bare("constant"));
    let mut sched = schedule::build(&sched_spec, opt.lr(), opt.momentum())?;
    let cfg = run_config(f)?;
    let t = run(surf.as_ref(), &start, opt.as_mut(), sched.as_mut(), &cfg)?;
    let points: Vec<Vec<f64>> = t.points.chunks(t.dim.max(1)).map(<[f64]>::to_vec).collect();
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

fn schedule_cmd(f: &Flags) -> Result<String> {
    let spec = f
        .spec("schedule")?
        .ok_or_else(|| Error::new("--schedule is required"))?;
    let lr = parse_num("lr", f.req("lr")?)?;
    if lr < 0.0 {
        return Err(Error::new(format!("--lr = {lr} must be ≥ 0")));
    }
    let steps = f
        .whole("steps", MAX_STEPS as u64)?
        .ok_or_else(|| Error::new("--steps is required"))? as usize;
    let momentum = f.num("momentum")?.unwrap_or(0.9);
    if !(0.0..1.0).contains(&momentum) {
        return Err(Error::new(format!(
            "--momentum = {momentum} must be in [0, 1)"
        )));
    }
    let mut s = schedule::build(&spec, lr, Some(momentum))?;
    let mut lrs = vec![s.lr()];
    let mut moms = vec![s.momentum()];
    for _ in 0..steps {
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

fn race_cmd(f: &Flags) -> Result<String> {
    let (surf, start) = surface_and_start(f)?;
    let specs = parse_list(f.req("optimizers")?)?;
    let sched = f.spec("schedule")?;
    let cfg = run_config(f)?;
    let entries = race(surf.as_ref(), &start, &specs, sched.as_ref(), &cfg)?;
    Ok(json!({
        "surface": surf.name(),
        "start": start,
        "steps": cfg.steps,
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
                if matches!(p.kind, crate::core::spec::ParamKind::Word) {
                    o["words"] = json!(p.words);
                } else if !matches!(p.kind, crate::core::spec::ParamKind::Bool) {
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

fn list() -> String {
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
        "schedules": named(schedule::NAMES, schedule::describe),
    })
    .to_string()
}

/// Times every optimizer (defaults) on Rosenbrock and a 512×512 grid of every surface.
fn bench() -> String {
    const STEPS: u64 = 200_000;
    let mut opts = serde_json::Map::new();
    let rosen = surface::build(&Spec::bare("rosenbrock")).ok();
    if let Some(s) = rosen.as_deref() {
        for name in optim::NAMES {
            let Ok(mut o) = optim::build(&Spec::bare(name), 2) else {
                continue;
            };
            let lr = o.lr();
            let start = s.default_start();
            let mut p = start.clone();
            let (mut g, mut h, mut hd) = ([0.0; 2], [0.0; 4], [0.0; 2]);
            let t0 = Instant::now();
            for t in 1..=STEPS {
                s.gradient(&p, &mut g);
                let want = o.wants_hessian(t);
                if want {
                    s.hessian(&p, &mut h);
                    hd = [h[0], h[3]];
                }
                let ctx = StepCtx {
                    t,
                    lr,
                    momentum: None,
                    hessian_diag: want.then_some(&hd[..]),
                };
                o.step(&mut p, &g, &ctx);
            }
            let ns = t0.elapsed().as_nanos() as f64 / STEPS as f64;
            std::hint::black_box(&p);
            opts.insert(name.to_string(), json!((ns * 10.0).round() / 10.0));
        }
    }
    let mut run_ns = J::Null;
    if let (Some(s), Ok(mut o), Ok(mut sc)) = (
        rosen.as_deref(),
        optim::build(&Spec::bare("adam"), 2),
        schedule::build(
            &Spec::parse("cosine(t_max=100000)").unwrap_or_else(|_| Spec::bare("constant")),
            1e-3,
            Some(0.9),
        ),
    ) {
        let cfg = RunConfig {
            steps: MAX_STEPS,
            ..RunConfig::default()
        };
        let t0 = Instant::now();
        if let Ok(t) = run(s, &s.default_start(), o.as_mut(), sc.as_mut(), &cfg) {
            let ns = t0.elapsed().as_nanos() as f64 / t.lr.len().max(1) as f64;
            run_ns = json!((ns * 10.0).round() / 10.0);
        }
    }
    let mut grids = serde_json::Map::new();
    for name in surface::NAMES {
        let Ok(s) = surface::build(&Spec::bare(name)) else {
            continue;
        };
        let b = s.bounds();
        let t0 = Instant::now();
        let v = grid(s.as_ref(), &b, 512, 512);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        std::hint::black_box(&v);
        grids.insert(name.to_string(), json!((ms * 100.0).round() / 100.0));
    }
    json!({
        "optimizer_step_ns_on_rosenbrock": opts,
        "run_step_ns_adam_cosine_rosenbrock": run_ns,
        "grid_512x512_ms": grids,
        "note": "wall-clock on this machine; gradient evaluation included in the step times",
    })
    .to_string()
}
