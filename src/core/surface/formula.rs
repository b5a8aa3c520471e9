//! A surface the reader types: `expr(f="(1 - x)^2 + 100*(y - x^2)^2", x=[-2,2], y=[-1,3])`,
//! with exact derivatives by forward-mode automatic differentiation ([`crate::core::expr`]).

use std::cell::RefCell;

use crate::core::error::{Error, Result};
use crate::core::expr::jet::{Dual, Hyper};
use crate::core::expr::Formula;
use crate::core::spec::{Params, Range};

use super::{Bounds, Surface};

/// The formula `expr` stands for when none is given.
pub const DEFAULT_FORMULA: &str = "x^2 + y^2";

/// Each named surface (at its defaults, or quadratic at the torch fixture's parameters)
/// and the same function written as a formula over the same view: the tests hold their
/// runs equal, and `gdz bench` times one against the other.
pub const TWINS: &[(&str, &str)] = &[
    (
        "quadratic(a=1, b=10)",
        r#"expr(f="0.5*(1*x^2 + 10*y^2)", x=[-2,2], y=[-2,2])"#,
    ),
    (
        "rosenbrock",
        r#"expr(f="(1 - x)^2 + 100*(y - x^2)^2", x=[-2,2], y=[-1,3])"#,
    ),
    (
        "himmelblau",
        r#"expr(f="(x^2 + y - 11)^2 + (x + y^2 - 7)^2", x=[-5,5], y=[-5,5])"#,
    ),
    (
        "beale",
        r#"expr(f="(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2", x=[-4.5,4.5], y=[-4.5,4.5])"#,
    ),
    ("saddle", r#"expr(f="x^2 - y^2", x=[-2,2], y=[-2,2])"#),
    (
        "monkey_saddle",
        r#"expr(f="x^3 - 3*x*y^2", x=[-2,2], y=[-2,2])"#,
    ),
    (
        "ackley",
        r#"expr(f="-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20", x=[-5,5], y=[-5,5])"#,
    ),
    (
        "rastrigin",
        r#"expr(f="2*10 + ((x^2 - 10*cos(2*pi*x)) + (y^2 - 10*cos(2*pi*y)))", x=[-5.12,5.12], y=[-5.12,5.12])"#,
    ),
    ("quartic", r#"expr(f="x^4 - 3*x^3 + 2", x=[-1,3.5])"#),
    (
        "cliff",
        r#"expr(f="0.5*(x + 2)^2 + 0.5*y^2 + 10*sigmoid(40*x)", x=[-4,2], y=[-2,2])"#,
    ),
    (
        "plateau",
        r#"expr(f="tanh(0.5*x^2 + y^2)", x=[-4,4], y=[-3,3])"#,
    ),
];

/// The largest coordinate a view range may reach.
const MAX_VIEW: f64 = 1e6;

/// f given as a formula in x (1-D) or x and y (2-D), drawn over the view ranges `x`
/// and `y` (default `[-2, 2]` each). It has no known minima: a run on it converges
/// when the gradient norm falls below the tolerance. Where the formula is NaN or
/// infinite a run reports divergence and the heatmap marks the region.
#[derive(Debug)]
pub struct Expr {
    formula: Formula,
    bounds: Bounds,
    scratch: RefCell<Scratch>,
}

/// Evaluation stacks kept between calls, so that no call allocates.
#[derive(Debug, Default)]
struct Scratch {
    value: Vec<f64>,
    dual: Vec<Dual>,
    hyper: Vec<Hyper>,
}

impl Expr {
    /// Reads `f`, `x` and `y`; with `dim = Some(d)` the formula must be (and is made)
    /// `d`-dimensional, so a 2-D widget takes `x^2` as a surface and a 1-D one refuses `y`.
    pub(super) fn read(p: &mut Params, dim: Option<usize>) -> Result<Self> {
        let text = p.text("f", DEFAULT_FORMULA)?;
        let view = Range::closed(-MAX_VIEW, MAX_VIEW);
        let x = p.num_list("x", &[-2.0, 2.0], view, 2)?;
        let y_given = p.has("y");
        let y = p.num_list("y", &[-2.0, 2.0], view, 2)?;
        let dim = match dim {
            Some(d) => Some(d),
            None if y_given => Some(2),
            None => None,
        };
        let formula = Formula::parse(&text, dim)?;
        let (x0, x1) = interval("x", &x)?;
        let bounds = if formula.dim() == 1 {
            Bounds::x(x0, x1)
        } else {
            let (y0, y1) = interval("y", &y)?;
            Bounds::xy(x0, x1, y0, y1)
        };
        Ok(Expr {
            formula,
            bounds,
            scratch: RefCell::new(Scratch::default()),
        })
    }

    /// The formula.
    pub fn formula(&self) -> &Formula {
        &self.formula
    }
}

/// `[lo, hi]` from a view range, which must have two entries with `lo < hi`.
fn interval(key: &str, v: &[f64]) -> Result<(f64, f64)> {
    match v {
        [lo, hi] if lo < hi => Ok((*lo, *hi)),
        _ => Err(Box::new(Error::Incompatible {
            owner: "expr".into(),
            reason: format!("{key} must be a range [lo, hi] with lo < hi"),
        })),
    }
}

impl Surface for Expr {
    fn name(&self) -> &str {
        "expr"
    }
    fn dim(&self) -> usize {
        self.formula.dim()
    }
    fn value(&self, p: &[f64]) -> f64 {
        match self.scratch.try_borrow_mut() {
            Ok(mut s) => {
                let (x, y) = (p.first().copied().unwrap_or(0.0), p.get(1).copied());
                self.formula.eval(x, y.unwrap_or(0.0), &mut s.value)
            }
            Err(_) => self.formula.value(p),
        }
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let d = match self.scratch.try_borrow_mut() {
            Ok(mut s) => self.formula.dual(p, &mut s.dual),
            Err(_) => self.formula.dual(p, &mut Vec::new()),
        };
        for (gi, di) in g.iter_mut().zip(d.g) {
            *gi = di;
        }
    }
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let d = match self.scratch.try_borrow_mut() {
            Ok(mut s) => self.formula.hyper(p, &mut s.hyper),
            Err(_) => self.formula.hyper(p, &mut Vec::new()),
        };
        let [xx, xy, yy] = d.h;
        let full = if self.formula.dim() == 1 {
            &[xx][..]
        } else {
            &[xx, xy, xy, yy][..]
        };
        for (hi, v) in h.iter_mut().zip(full) {
            *hi = *v;
        }
    }
    fn bounds(&self) -> Bounds {
        self.bounds.clone()
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        Vec::new()
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        let args = if self.formula.dim() == 1 { "x" } else { "x, y" };
        format!("Your own function: f({args}) = {}.", self.formula.text())
    }
    fn default_start(&self) -> Vec<f64> {
        // A quarter of the way in from the left (and from the top): off centre, where a
        // bowl's minimum usually is, and inside the view.
        let b = &self.bounds;
        b.lo.iter()
            .zip(&b.hi)
            .enumerate()
            .map(|(i, (lo, hi))| {
                if i == 0 {
                    lo + 0.25 * (hi - lo)
                } else {
                    hi - 0.25 * (hi - lo)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::core::spec::Spec;
    use crate::core::surface::{build, build_for, check};

    fn expr(text: &str) -> Box<dyn crate::core::surface::Surface> {
        build(&Spec::parse(text).unwrap()).unwrap()
    }

    #[test]
    fn derivatives_match_finite_differences() {
        for spec in [
            r#"expr(f="(1 - x)^2 + 100*(y - x^2)^2")"#,
            r#"expr(f="sin(x*y) + exp(x/3) * cos(y) - log(2 + x^2) + sqrt(1 + y^2)")"#,
            r#"expr(f="tanh(x - y) + atan(x*y) + sigmoid(2*x) + softplus(y - x) + abs(x + 3)")"#,
            r#"expr(f="sinh(x/2)*cosh(y/2) + tan(x/4) + x^-2 + y/(1 + x^2)")"#,
            r#"expr(f="x^4 - 3*x^3 + 2")"#,
        ] {
            let s = expr(spec);
            for p in [[-1.2, 1.0], [0.3, -0.7], [1.0, 1.5], [1.7, 0.5]] {
                check::derivatives(s.as_ref(), &p[..s.dim()], 1e-5);
            }
        }
    }

    #[test]
    fn views_dimension_and_start() {
        let s = expr(r#"expr(f="x^2 + y", x=[-3, 1], y=[0, 4])"#);
        assert_eq!((s.dim(), s.name()), (2, "expr"));
        assert_eq!(s.bounds().lo, vec![-3.0, 0.0]);
        assert_eq!(s.default_start(), vec![-2.0, 3.0]);
        assert!(s.minima().is_empty());
        assert_eq!(s.description(), "Your own function: f(x, y) = x^2 + y.");
        let s = expr(r#"expr(f="x^4 - 3*x^3 + 2", x=[-1, 3.5])"#);
        assert_eq!((s.dim(), s.bounds().hi), (1, vec![3.5]));
        let s = expr(r#"expr(f="x^2", y=[-1, 1])"#);
        assert_eq!(s.dim(), 2);
        assert_eq!(expr("expr").value(&[1.0, 2.0]), 5.0);
        let two = build_for(&Spec::parse(r#"expr(f="x^2")"#).unwrap(), Some(2)).unwrap();
        assert_eq!(two.dim(), 2);
        let mut h = [9.0; 4];
        two.hessian(&[1.0, 1.0], &mut h);
        assert_eq!(h, [2.0, 0.0, 0.0, 0.0]);
        let e = build_for(&Spec::parse(r#"expr(f="x + y")"#).unwrap(), Some(1))
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "expr: at column 5: y is not allowed in a 1-D formula (only x)"
        );
        for bad in [
            r#"expr(f="x", x=[1, 1])"#,
            r#"expr(f="x", x=[1])"#,
            r#"expr(f="x", x=[0, 1e7])"#,
            r#"expr(f="x", g=1)"#,
            r#"expr(f=x)"#,
        ] {
            assert!(build(&Spec::parse(bad).unwrap()).is_err(), "{bad}");
        }
        let e = build(&Spec::parse(r#"expr(f="x", y=[2, -2])"#).unwrap())
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "expr: y must be a range [lo, hi] with lo < hi"
        );
    }

    #[test]
    fn non_finite_values_stay_values() {
        let s = expr(r#"expr(f="log(x) + y")"#);
        assert!(s.value(&[-1.0, 0.0]).is_nan());
        assert_eq!(s.value(&[0.0, 0.0]), f64::NEG_INFINITY);
        let mut g = [0.0; 2];
        s.gradient(&[0.0, 0.0], &mut g);
        assert!(!g[0].is_finite());
    }
}
