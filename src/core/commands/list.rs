//! The lists `gdz list` prints: every surface, optimizer and schedule with its
//! parameters, defaults and ranges.

use serde::Serialize;

use crate::core::error::Result;
use crate::core::spec::{ParamInfo, ParamKind, Spec};
use crate::core::{optim, schedule, surface};

/// One parameter of a surface, optimizer or schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Its name, as torch names it.
    pub name: String,
    /// `num`, `int`, `bool`, `word`, `num_list` or `points`.
    pub kind: ParamKind,
    /// The default as spec text (none when the parameter is required).
    pub default: Option<String>,
    /// The allowed words (words only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<String>>,
    /// The least allowed value, none when unbounded (numbers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Option<f64>>,
    /// The greatest allowed value, none when unbounded (numbers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Option<f64>>,
    /// Whether `min` itself is excluded (numbers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_open: Option<bool>,
    /// Whether `max` itself is excluded (numbers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_open: Option<bool>,
}

impl Param {
    fn of(p: ParamInfo) -> Param {
        let bound = |x: f64| (x > f64::MIN && x < f64::MAX).then_some(x);
        let numeric = !matches!(p.kind, ParamKind::Word | ParamKind::Bool | ParamKind::Text);
        Param {
            words: matches!(p.kind, ParamKind::Word).then_some(p.words),
            min: numeric.then_some(bound(p.min)),
            max: numeric.then_some(bound(p.max)),
            min_open: numeric.then_some(p.min_open),
            max_open: numeric.then_some(p.max_open),
            name: p.name,
            kind: p.kind,
            default: p.default,
        }
    }
}

fn params(described: Result<Vec<ParamInfo>>) -> Vec<Param> {
    described
        .unwrap_or_default()
        .into_iter()
        .map(Param::of)
        .collect()
}

/// The box a surface is drawn over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bounds {
    /// Lower corner.
    pub lo: Vec<f64>,
    /// Upper corner.
    pub hi: Vec<f64>,
}

/// A surface as `gdz list` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurfaceInfo {
    /// Its name.
    pub name: &'static str,
    /// One line for readers.
    pub description: String,
    /// Its number of parameters.
    pub dim: usize,
    /// The box it is drawn over (with its default parameters).
    pub bounds: Bounds,
    /// Where runs start when no start is given.
    pub default_start: Vec<f64>,
    /// The known minima, global first.
    pub minima: Vec<Vec<f64>>,
    /// Its parameters.
    pub params: Vec<Param>,
}

/// An optimizer or schedule as `gdz list` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Its name.
    pub name: &'static str,
    /// Its parameters.
    pub params: Vec<Param>,
}

/// Everything `gdz list` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lists {
    /// [`surfaces`].
    pub surfaces: Vec<SurfaceInfo>,
    /// [`optimizers`].
    pub optimizers: Vec<Named>,
    /// [`schedules`].
    pub schedules: Vec<Named>,
}

impl Lists {
    /// All three lists.
    pub fn all() -> Lists {
        Lists {
            surfaces: surfaces(),
            optimizers: optimizers(),
            schedules: schedules(),
        }
    }
}

/// Every surface, in the order the UI lists them, with its default parameters.
pub fn surfaces() -> Vec<SurfaceInfo> {
    surface::NAMES
        .iter()
        .filter_map(|n| {
            let s = surface::build(&Spec::bare(n)).ok()?;
            let b = s.bounds();
            Some(SurfaceInfo {
                name: n,
                description: s.description(),
                dim: s.dim(),
                bounds: Bounds { lo: b.lo, hi: b.hi },
                default_start: s.default_start(),
                minima: s.minima(),
                params: params(surface::describe(n)),
            })
        })
        .collect()
}

/// Every optimizer with its parameters.
pub fn optimizers() -> Vec<Named> {
    optim::NAMES
        .iter()
        .map(|n| Named {
            name: n,
            params: params(optim::describe(n)),
        })
        .collect()
}

/// Every schedule with its parameters.
pub fn schedules() -> Vec<Named> {
    schedule::NAMES
        .iter()
        .map(|n| Named {
            name: n,
            params: params(schedule::describe(n)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_name_with_its_parameters() {
        let names = |v: &[Named]| v.iter().map(|n| n.name).collect::<Vec<_>>();
        assert_eq!(names(&optimizers()), optim::NAMES);
        assert_eq!(names(&schedules()), schedule::NAMES);
        assert_eq!(surfaces().len(), surface::NAMES.len());
        let adam = optimizers().into_iter().find(|o| o.name == "adam").unwrap();
        let beta1 = adam.params.iter().find(|p| p.name == "beta1").unwrap();
        assert_eq!(beta1.max, Some(Some(1.0)));
        assert_eq!(beta1.max_open, Some(true));
        assert_eq!(beta1.words, None);
        let lr = adam.params.iter().find(|p| p.name == "lr").unwrap();
        assert_eq!(lr.max, Some(None), "unbounded above is none");
    }
}
