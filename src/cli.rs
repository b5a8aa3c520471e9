//! The `gdz` command line: the core's native face, for lesson authors and checks.
//!
//! Every command prints JSON on stdout; a bad argument prints a one-line reason on
//! stderr and exits with status 2.

use crate::core::error::{Error, Result};
use crate::core::run::{run, RunConfig};
use crate::core::spec::Spec;
use crate::core::{optim, schedule, surface};

/// Runs the command line `args` (without the program name); returns the exit status.
pub fn main(args: Vec<String>) -> i32 {
    match dispatch(&args) {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(e) => {
            eprintln!("gdz: {e}");
            2
        }
    }
}

fn dispatch(args: &[String]) -> Result<String> {
    match args.first().map(String::as_str) {
        Some("trace") => trace(&Flags::parse(&args[1..])?),
        Some("site") => crate::site::cli(&args[1..]),
        Some(other) => Err(Error::new(format!(
            "unknown command {other}; commands: trace"
        ))),
        None => Err(Error::new("usage: gdz trace --surface SPEC --start X,Y --optimizer SPEC --steps N")),
    }
}

/// `--key value` pairs.
struct Flags(Vec<(String, String)>);

impl Flags {
    fn parse(args: &[String]) -> Result<Flags> {
        let mut out = Vec::new();
        let mut it = args.iter();
        while let Some(k) = it.next() {
            let key = k
                .strip_prefix("--")
                .ok_or_else(|| Error::new(format!("expected a --flag, got {k}")))?;
            let v = it
                .next()
                .ok_or_else(|| Error::new(format!("--{key} needs a value")))?;
            out.push((key.to_string(), v.clone()));
        }
        Ok(Flags(out))
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    fn req(&self, key: &str) -> Result<&str> {
        self.get(key)
            .ok_or_else(|| Error::new(format!("--{key} is required")))
    }
}

fn num_list(s: &str) -> Result<Vec<f64>> {
    s.split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .map_err(|_| Error::new(format!("{x} is not a number")))
        })
        .collect()
}

fn trace(f: &Flags) -> Result<String> {
    let surf = surface::build(&Spec::parse(f.req("surface")?)?)?;
    let mut opt = optim::build(&Spec::parse(f.req("optimizer")?)?, surf.dim())?;
    let sched_spec = Spec::parse(f.get("schedule").unwrap_or("constant"))?;
    let mut sched = schedule::build(&sched_spec, opt.lr(), opt.momentum())?;
    let steps = f
        .req("steps")?
        .parse::<usize>()
        .map_err(|_| Error::new("--steps must be a whole number"))?;
    let start = num_list(f.req("start")?)?;
    let cfg = RunConfig {
        steps,
        ..RunConfig::default()
    };
    let t = run(surf.as_ref(), &start, opt.as_mut(), sched.as_mut(), &cfg)?;
    let points: Vec<Vec<f64>> = t.points.chunks(t.dim.max(1)).map(<[f64]>::to_vec).collect();
    Ok(serde_json::json!({
        "points": points,
        "loss": t.loss,
        "lr": t.lr,
        "grad_norm": t.grad_norm,
        "status": t.status.as_str(),
        "converged_at": t.converged_at,
    })
    .to_string())
}
