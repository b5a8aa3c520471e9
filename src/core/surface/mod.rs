//! Loss surfaces: value, gradient, Hessian, display bounds and known minima.
//!
//! A surface is any [`Surface`] trait object, so a surface built from a formula the
//! reader types can later sit beside the named ones. [`build`] turns a spec such as
//! `quadratic(a=1, b=25)` into a boxed surface.
//!
//! Every surface's gradient and Hessian are checked against finite differences in its
//! tests (the shared `check::derivatives` helper).

mod ackley;
mod beale;
mod cliff;
#[cfg(any(not(target_arch = "wasm32"), feature = "expr"))]
pub mod formula;
mod himmelblau;
mod monkey_saddle;
mod plateau;
mod quadratic;
mod quartic;
mod rastrigin;
mod regression;
mod rosenbrock;
mod saddle;

pub use ackley::Ackley;
pub use beale::Beale;
pub use cliff::Cliff;
#[cfg(any(not(target_arch = "wasm32"), feature = "expr"))]
pub use formula::{Expr, TWINS};
pub use himmelblau::Himmelblau;
pub use monkey_saddle::MonkeySaddle;
pub use plateau::Plateau;
pub use quadratic::Quadratic;
pub use quartic::Quartic;
pub use rastrigin::Rastrigin;
pub use regression::Regression;
pub use rosenbrock::Rosenbrock;
pub use saddle::Saddle;

use super::error::Result;
use super::spec::{unknown_name, ParamInfo, Params, Spec};

/// The axis-aligned box a surface is drawn over: `lo[i] ≤ x[i] ≤ hi[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    /// Lower corner, one entry per dimension.
    pub lo: Vec<f64>,
    /// Upper corner, one entry per dimension.
    pub hi: Vec<f64>,
}

impl Bounds {
    /// A 2-D box `[x0, x1] × [y0, y1]`.
    pub fn xy(x0: f64, x1: f64, y0: f64, y1: f64) -> Self {
        Bounds {
            lo: vec![x0, y0],
            hi: vec![x1, y1],
        }
    }
    /// A 1-D interval `[x0, x1]`.
    pub fn x(x0: f64, x1: f64) -> Self {
        Bounds {
            lo: vec![x0],
            hi: vec![x1],
        }
    }
    /// The largest side length.
    pub fn extent(&self) -> f64 {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(a, b)| (b - a).abs())
            .fold(0.0, f64::max)
    }
}

/// A differentiable function of 1 or 2 (or more) parameters, to be minimized.
///
/// Contract: `value`, `gradient` and `hessian` are called with `p.len() == dim()`,
/// `g.len() == dim()` and `h.len() == dim()²`; implementations may index `p[0]`,
/// `p[1]` directly and panic on shorter slices. [`crate::core::run::run`] checks the
/// start's length before the first call and the grid and race code build their
/// points from `dim()`, so no user input reaches a surface with the wrong length.
/// For any finite `p` of the right length a surface must not panic; it may return
/// non-finite values far outside its bounds (a run then reports divergence).
pub trait Surface {
    /// The spec name, e.g. `rosenbrock`.
    fn name(&self) -> &str;
    /// How many parameters the surface takes.
    fn dim(&self) -> usize;
    /// The loss at `p` (`p.len() == dim()`).
    fn value(&self, p: &[f64]) -> f64;
    /// Writes the gradient at `p` into `g`.
    fn gradient(&self, p: &[f64], g: &mut [f64]);
    /// Writes the Hessian at `p` into `h`, row-major, `dim × dim`.
    fn hessian(&self, p: &[f64], h: &mut [f64]);
    /// The box the surface is drawn over.
    fn bounds(&self) -> Bounds;
    /// The known minima (global first). May be empty (a saddle has none).
    fn minima(&self) -> Vec<Vec<f64>>;
    /// A one-line description for readers (in the browser, only in the module with the
    /// JavaScript API).
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String;
    /// A good default start for a run.
    fn default_start(&self) -> Vec<f64>;
    /// The loss and gradient at many points at once (`dim()` numbers per point in
    /// `points`, one loss per point, `dim()` gradient entries per point), as the
    /// convergence map's kernel asks for them. Each result must equal what
    /// [`Surface::value`] and [`Surface::gradient`] give for that point alone; a
    /// surface overrides this only to compute the same numbers faster. Points beyond
    /// the shortest of the three slices are left alone.
    fn eval_many(&self, points: &[f64], loss: &mut [f64], grad: &mut [f64]) {
        let d = self.dim();
        if d == 0 {
            return;
        }
        for ((p, l), g) in points
            .chunks_exact(d)
            .zip(loss.iter_mut())
            .zip(grad.chunks_exact_mut(d))
        {
            *l = self.value(p);
            self.gradient(p, g);
        }
    }
    /// The loss at many points at once (`dim()` numbers per point in `points`, one
    /// loss per point into `out`, points beyond the shorter slice left alone), as the
    /// heatmap's grid asks for them, returning `true`; or `false`, leaving `out` alone,
    /// for a surface that has no faster way than [`Surface::value`] at each point (the
    /// default, which the caller then asks point by point). Each loss must equal what
    /// [`Surface::value`] gives for that point alone.
    fn values(&self, points: &[f64], out: &mut [f64]) -> bool {
        let _ = (points, out);
        false
    }
}

/// Every named surface, in the order the UI lists them, `expr` (a formula) last.
const ALL_NAMES: &[&str] = &[
    "quadratic",
    "rosenbrock",
    "himmelblau",
    "beale",
    "saddle",
    "monkey_saddle",
    "ackley",
    "rastrigin",
    "quartic",
    "cliff",
    "plateau",
    "regression",
    "expr",
];

/// Every surface this module can build: all of [`ALL_NAMES`], or all but `expr` in a
/// module without formulas.
#[cfg(any(not(target_arch = "wasm32"), feature = "expr"))]
pub const NAMES: &[&str] = ALL_NAMES;
/// Every surface this module can build: all of [`ALL_NAMES`], or all but `expr` in a
/// module without formulas.
#[cfg(all(target_arch = "wasm32", not(feature = "expr")))]
pub const NAMES: &[&str] = ALL_NAMES.split_at(ALL_NAMES.len() - 1).0;

/// Builds a surface from a spec such as `quadratic(a=1, b=25)`.
pub fn build(spec: &Spec) -> Result<Box<dyn Surface>> {
    build_for(spec, None)
}

/// Builds a surface for a place that takes `dim`-dimensional ones (when given): a
/// formula is then read as `dim`-D (`x^2` is a 2-D surface in a 2-D widget; `y` is an
/// error, with its column, in a 1-D one). Named surfaces are built as [`build`] does.
pub fn build_for(spec: &Spec, dim: Option<usize>) -> Result<Box<dyn Surface>> {
    let mut p = Params::new(spec);
    let s = read(&mut p, dim)?;
    p.finish()?;
    Ok(s)
}

/// The parameters of the surface `name`, with defaults and ranges.
pub fn describe(name: &str) -> Result<Vec<ParamInfo>> {
    let spec = Spec::bare(name);
    let mut p = Params::describe(&spec);
    read(&mut p, None)?;
    Ok(p.recorded())
}

fn read(p: &mut Params, dim: Option<usize>) -> Result<Box<dyn Surface>> {
    Ok(match p.name() {
        "quadratic" => Box::new(Quadratic::read(p)?),
        "rosenbrock" => Box::new(Rosenbrock::read(p)?),
        "himmelblau" => Box::new(Himmelblau),
        "beale" => Box::new(Beale),
        "saddle" => Box::new(Saddle),
        "monkey_saddle" => Box::new(MonkeySaddle),
        "ackley" => Box::new(Ackley),
        "rastrigin" => Box::new(Rastrigin::read(p)?),
        "quartic" => Box::new(Quartic),
        "cliff" => Box::new(Cliff::read(p)?),
        "plateau" => Box::new(Plateau),
        "regression" => Box::new(Regression::read(p)?),
        #[cfg(any(not(target_arch = "wasm32"), feature = "expr"))]
        "expr" => Box::new(Expr::read(p, dim)?),
        #[cfg(all(target_arch = "wasm32", not(feature = "expr")))]
        "expr" => {
            let _ = dim;
            return Err(Box::new(super::error::Error::Incompatible {
                owner: "expr".into(),
                reason: "formulas are not built into this page; open the link in the gallery, whose widgets take them".into(),
            }));
        }
        other => return Err(unknown_name("surface", other, NAMES)),
    })
}

#[cfg(test)]
pub(crate) mod check {
    //! Finite-difference checks shared by every surface's tests.
    use super::Surface;

    /// Checks gradient and Hessian against central differences at `p`.
    pub fn derivatives(s: &dyn Surface, p: &[f64], tol: f64) {
        let n = s.dim();
        let mut g = vec![0.0; n];
        s.gradient(p, &mut g);
        let mut h = vec![0.0; n * n];
        s.hessian(p, &mut h);
        let eps = 1e-5;
        for i in 0..n {
            let mut a = p.to_vec();
            let mut b = p.to_vec();
            a[i] += eps;
            b[i] -= eps;
            let fd = (s.value(&a) - s.value(&b)) / (2.0 * eps);
            let scale = 1.0 + g[i].abs();
            assert!(
                (fd - g[i]).abs() / scale < tol,
                "{}: d/dx{i} at {p:?}: analytic {} vs fd {fd}",
                s.name(),
                g[i]
            );
            let (mut ga, mut gb) = (vec![0.0; n], vec![0.0; n]);
            s.gradient(&a, &mut ga);
            s.gradient(&b, &mut gb);
            for j in 0..n {
                let fd = (ga[j] - gb[j]) / (2.0 * eps);
                let an = h[j * n + i];
                assert!(
                    (fd - an).abs() / (1.0 + an.abs()) < tol,
                    "{}: H[{j}][{i}] at {p:?}: analytic {an} vs fd {fd}",
                    s.name()
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_surface_is_consistent() {
        for name in NAMES {
            let s = build(&Spec::bare(name)).unwrap();
            assert_eq!(s.name(), *name);
            #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
            assert!(!s.description().is_empty());
            assert!(describe(name).is_ok());
            let start = s.default_start();
            assert_eq!(start.len(), s.dim(), "{name}");
            let b = s.bounds();
            assert_eq!((b.lo.len(), b.hi.len()), (s.dim(), s.dim()), "{name}");
            for (i, x) in start.iter().enumerate() {
                assert!(b.lo[i] <= *x && *x <= b.hi[i], "{name} start");
            }
            check::derivatives(s.as_ref(), &start, 1e-4);
            for m in s.minima() {
                let mut g = vec![1.0; s.dim()];
                s.gradient(&m, &mut g);
                assert!(
                    g.iter().all(|x| x.abs() < 1e-9),
                    "{name}: ∇f({m:?}) = {g:?}"
                );
                for (i, x) in m.iter().enumerate() {
                    assert!(b.lo[i] <= *x && *x <= b.hi[i], "{name} minimum in bounds");
                }
            }
        }
        let e = build(&Spec::bare("nope")).err().map(|e| e.to_string());
        assert!(e.unwrap().contains("rosenbrock"));
    }
}
