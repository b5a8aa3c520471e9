//! Checks a widget's attribute values against their kinds in [`super::widgets`]:
//! every spec must parse and build, numbers must be in range, points must match the
//! surface's dimension, words must be allowed ones.

use super::widgets::{AttrKind, WidgetDef};
use crate::core::spec::{fmt_num, Spec};
use crate::core::{optim, schedule, surface};

/// Longest attribute value accepted, in bytes.
pub const MAX_VALUE_LEN: usize = 4096;
/// Most specs accepted in one `;`-list.
pub const MAX_LIST: usize = 12;
/// Most data points accepted in a points list.
pub const MAX_POINTS: usize = 200;

/// Learning rate assumed when checking a schedule that no optimizer or `lr` sets.
const FALLBACK_LR: f64 = 0.1;
/// Momentum assumed when checking a schedule that no optimizer sets.
pub const FALLBACK_MOMENTUM: f64 = 0.9;

/// What checking an optimizer learned, for checking schedules after it.
#[derive(Debug, Clone, Copy)]
struct OptInfo {
    lr: f64,
    momentum: Option<f64>,
}

/// Checks every attribute `attrs` of widget `def` (names are assumed known); returns
/// one message per problem.
pub fn check(def: &WidgetDef, attrs: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let kind_of = |name: &str| def.attr(name).map(|a| a.kind);
    // Surfaces first: they fix the dimension the other values must match.
    let mut dim = Some(def.default_dim);
    for (name, value) in attrs {
        if kind_of(name) == Some(AttrKind::Surface) {
            match build_surface(value) {
                Ok(d) => dim = Some(d),
                Err(e) => {
                    dim = None;
                    problems.push(format!("{name}: {e}"));
                }
            }
        }
    }
    let mut optimizers: Vec<(&str, OptInfo)> = Vec::new();
    let mut lr_attr = None;
    for (name, value) in attrs {
        let Some(kind) = kind_of(name) else { continue };
        if value.len() > MAX_VALUE_LEN {
            problems.push(format!(
                "{name} is {} bytes long; at most {MAX_VALUE_LEN} allowed",
                value.len()
            ));
            continue;
        }
        let result = match kind {
            AttrKind::Surface | AttrKind::Schedule | AttrKind::Schedules => Ok(()),
            AttrKind::Optimizer | AttrKind::Optimizers => {
                let list = kind == AttrKind::Optimizers;
                specs(value, list).and_then(|specs| {
                    for spec in specs {
                        let info = build_optimizer(spec, dim.unwrap_or(def.default_dim))?;
                        optimizers.push((name.as_str(), info));
                    }
                    Ok(())
                })
            }
            AttrKind::Number { range, integer } => number(value, integer).and_then(|x| {
                if !range.contains(x) {
                    return Err(format!(
                        "{} is out of range; allowed: {}",
                        fmt_num(x),
                        range.describe(name)
                    ));
                }
                if name == "lr" {
                    lr_attr = Some(x);
                }
                Ok(())
            }),
            AttrKind::Point => point(value, dim),
            AttrKind::Points => points(value).map(|_| ()),
            AttrKind::Words(allowed) => words(value, allowed),
            AttrKind::Text => Ok(()),
        };
        if let Err(e) = result {
            problems.push(format!("{name}: {e}"));
        }
    }
    // Anatomy's parts switch off pieces of Adam's update; other optimizers have none.
    if let Some((_, parts)) = attrs.iter().find(|(k, _)| k == "parts") {
        let optimizer = attrs
            .iter()
            .find(|(k, _)| k == "optimizer")
            .and_then(|(_, v)| Spec::parse(v).ok());
        if let Some(o) = optimizer.filter(|o| o.name != "adam") {
            problems.push(format!(
                "parts: \"{}\" applies to the adam optimizer only, not {}",
                parts.trim(),
                o.name
            ));
        }
    }
    // Schedules last: they start from an optimizer's learning rate and momentum.
    for (name, value) in attrs {
        let list = match kind_of(name) {
            Some(AttrKind::Schedule) => false,
            Some(AttrKind::Schedules) => true,
            _ => continue,
        };
        let paired = name.strip_suffix("_schedule");
        let base = optimizers
            .iter()
            .find(|(o, _)| Some(*o) == paired)
            .or_else(|| optimizers.first())
            .map(|(_, info)| *info);
        let lr = lr_attr.or(base.map(|b| b.lr)).unwrap_or(FALLBACK_LR);
        // With no optimizer on the widget (the schedules chart), schedules that cycle
        // the momentum are drawn as for SGD with momentum 0.9.
        let momentum = match base {
            Some(b) => b.momentum,
            None => Some(FALLBACK_MOMENTUM),
        };
        let result = specs(value, list).and_then(|specs| {
            specs.into_iter().try_for_each(|spec| {
                schedule::build(&spec, lr, momentum)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        });
        if let Err(e) = result {
            problems.push(format!("{name}: {e}"));
        }
    }
    problems
}

/// Parses one spec, or (when `list`) one or more separated by `;`.
fn specs(value: &str, list: bool) -> Result<Vec<Spec>, String> {
    let parts: Vec<&str> = if list {
        value.split(';').map(str::trim).collect()
    } else {
        vec![value.trim()]
    };
    if parts.len() > MAX_LIST {
        return Err(format!(
            "{} specs given; at most {MAX_LIST} allowed",
            parts.len()
        ));
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if p.is_empty() {
                return Err(if list {
                    format!("spec {} of the ;-list is empty", i + 1)
                } else {
                    "the spec is empty".to_string()
                });
            }
            Spec::parse(p).map_err(|e| e.to_string())
        })
        .collect()
}

fn build_surface(value: &str) -> Result<usize, String> {
    let spec = specs(value, false)?;
    let mut dim = 0;
    for s in spec {
        dim = surface::build(&s).map_err(|e| e.to_string())?.dim();
    }
    Ok(dim)
}

fn build_optimizer(spec: Spec, dim: usize) -> Result<OptInfo, String> {
    let o = optim::build(&spec, dim).map_err(|e| e.to_string())?;
    Ok(OptInfo {
        lr: o.lr(),
        momentum: o.momentum(),
    })
}

fn number(value: &str, integer: bool) -> Result<f64, String> {
    let t = value.trim();
    let x = t
        .parse::<f64>()
        .map_err(|_| format!("\"{t}\" is not a number"))?;
    if integer && x.fract() != 0.0 {
        return Err(format!("\"{t}\" must be a whole number"));
    }
    Ok(x)
}

fn point(value: &str, dim: Option<usize>) -> Result<(), String> {
    let coords = value
        .split(',')
        .map(|p| {
            let t = p.trim();
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("\"{t}\" is not a finite number"))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    match dim {
        Some(d) if coords.len() != d => Err(format!(
            "\"{}\" has {} coordinate{} but the surface has {d} parameter{}",
            value.trim(),
            coords.len(),
            if coords.len() == 1 { "" } else { "s" },
            if d == 1 { "" } else { "s" }
        )),
        None if coords.len() > 3 => Err(format!(
            "\"{}\" has {} coordinates; a point has 1 or 2",
            value.trim(),
            coords.len()
        )),
        _ => Ok(()),
    }
}

/// Parses `[[x,y],[x,y],…]`.
pub fn points(value: &str) -> Result<Vec<[f64; 2]>, String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let shape = || {
        format!(
            "\"{}\" is not a list of points such as [[1,2],[2,4]]",
            value.trim()
        )
    };
    let inner = compact
        .strip_prefix("[[")
        .and_then(|s| s.strip_suffix("]]"))
        .ok_or_else(shape)?;
    let mut out = Vec::new();
    for pair in inner.split("],[") {
        let mut nums = pair.split(',').map(|t| {
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("\"{t}\" is not a finite number"))
        });
        match (nums.next(), nums.next(), nums.next()) {
            (Some(x), Some(y), None) => out.push([x?, y?]),
            _ => return Err(shape()),
        }
    }
    if out.len() > MAX_POINTS {
        return Err(format!(
            "{} points given; at most {MAX_POINTS} allowed",
            out.len()
        ));
    }
    Ok(out)
}

fn words(value: &str, allowed: &[&str]) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for w in value.split(',').map(str::trim) {
        if !allowed.contains(&w) {
            return Err(format!(
                "\"{w}\" is not allowed; allowed: {}",
                allowed.join(", ")
            ));
        }
        if seen.contains(&w) {
            return Err(format!("\"{w}\" is listed twice"));
        }
        seen.push(w);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::widgets::find;
    use super::*;

    fn run(widget: &str, attrs: &[(&str, &str)]) -> Vec<String> {
        let def = find(widget).unwrap();
        let attrs: Vec<(String, String)> = attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        check(def, &attrs)
    }

    #[test]
    fn good_values_pass() {
        assert_eq!(
            run(
                "playground",
                &[
                    ("surface", "quadratic(a=1, b=25)"),
                    ("optimizer", "sgd(lr=0.05); sgd(lr=0.01, momentum=0.9)"),
                    ("schedule", "constant"),
                    ("start", "-1.5, 1"),
                    ("steps", "200"),
                    ("noise", "0"),
                    ("controls", "lr, momentum"),
                    ("caption", "Any <text> at all"),
                ]
            ),
            Vec::<String>::new()
        );
        assert!(run(
            "regression",
            &[("points", "[[1,2], [2,4],[3,6]]"), ("w", "-0.5")]
        )
        .is_empty());
        assert!(run("anatomy", &[("optimizer", "adam"), ("parts", "m,v")]).is_empty());
    }

    #[test]
    fn specs_that_do_not_parse_or_build_are_named() {
        let e = run("race", &[("optimizers", "sgd(lr=0.1); adamx(lr=1)")]);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("optimizers: unknown optimizer \"adamx\""),
            "{e:?}"
        );
        let e = run("race", &[("optimizers", "sgd(lr=)")]);
        assert!(e[0].contains("expected a value"), "{e:?}");
        let e = run("race", &[("optimizers", "sgd;;sgd")]);
        assert!(e[0].contains("spec 2 of the ;-list is empty"), "{e:?}");
        let e = run("playground", &[("surface", "volcano")]);
        assert!(
            e[0].starts_with("surface: unknown surface \"volcano\""),
            "{e:?}"
        );
        let e = run("playground", &[("schedule", "no_such_schedule(t_max=10)")]);
        assert!(
            e[0].starts_with("schedule: unknown schedule \"no_such_schedule\""),
            "{e:?}"
        );
        let e = run("compare", &[("left", "sgd(lr=-1)"), ("right", "sgd")]);
        assert!(e[0].starts_with("left: sgd: lr"), "{e:?}");
        let e = run("playground", &[("surface", "quadratic(c=2)")]);
        assert!(e[0].contains("unknown parameter c"), "{e:?}");
    }

    #[test]
    fn numbers_points_and_words_are_checked() {
        let e = run(
            "playground",
            &[("steps", "2.5"), ("clip_norm", "0"), ("seed", "x")],
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("whole number"));
        assert!(e[1].contains("out of range"));
        assert!(e[2].contains("not a number"));
        let e = run("race", &[("optimizers", "sgd"), ("start", "1,2,3")]);
        assert!(
            e[0].contains("3 coordinates but the surface has 2 parameters"),
            "{e:?}"
        );
        let e = run("ball", &[("start", "1,2")]);
        assert!(e[0].contains("has 1 parameter"), "{e:?}");
        let e = run("race", &[("optimizers", "sgd"), ("start", "1,nan")]);
        assert!(e[0].contains("not a finite number"), "{e:?}");
        let e = run("regression", &[("points", "[[1,2],[3]]")]);
        assert!(e[0].contains("list of points"), "{e:?}");
        let e = run("anatomy", &[("optimizer", "sgd"), ("parts", "m,m")]);
        assert!(e[0].contains("listed twice"), "{e:?}");
        let e = run("schedules", &[("schedules", "constant; no_such_schedule")]);
        assert!(e[0].contains("unknown schedule"), "{e:?}");
        let e = run("anatomy", &[("optimizer", "sgd"), ("parts", "m")]);
        assert_eq!(
            e,
            vec!["parts: \"m\" applies to the adam optimizer only, not sgd"]
        );
        let e = run("playground", &[("controls", "lr,zoom")]);
        assert!(e[0].contains("\"zoom\" is not allowed"), "{e:?}");
    }

    #[test]
    fn points_parse() {
        assert_eq!(
            points("[[1, 2],[2,4.5]]").unwrap(),
            vec![[1.0, 2.0], [2.0, 4.5]]
        );
        assert!(points("[]").is_err());
        assert!(points("[[1,2]").is_err());
        assert!(points("[[1,2],[inf,1]]").is_err());
    }
}
