//! A surface the reader types: `expr(f="(1 - x)^2 + 100*(y - x^2)^2", x=[-2,2], y=[-1,3])`,
//! with exact derivatives by forward-mode automatic differentiation ([`crate::core::expr`]).

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use crate::core::error::{Error, Result};
use crate::core::expr::jet::{Dual, Hyper};
use crate::core::expr::jit::{self, Compiled};
#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
use crate::core::expr::program::Block;
use crate::core::expr::{self, Formula};
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
    /// The last point evaluated (x and y, as bits)…
    last: Cell<Option<[u64; 2]>>,
    /// …and its value, ∂/∂x and ∂/∂y (a compiled formula writes them here).
    at: Cell<[f64; 3]>,
    /// The formula compiled to machine code, once it has been evaluated at
    /// [`jit::COMPILE_AFTER`] points (`None` where it cannot be compiled: the
    /// interpreter runs instead, with the same numbers).
    code: OnceCell<Option<Rc<Compiled>>>,
    /// How many points the interpreter has evaluated.
    interpreted: Cell<u32>,
}

/// Evaluation stacks kept between calls, so that no call allocates (the block for many
/// points at once is made on the first such call).
#[derive(Debug, Default)]
struct Scratch {
    dual: Vec<Dual>,
    hyper: Vec<Hyper>,
    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    block: Option<Box<Block>>,
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
            last: Cell::new(None),
            at: Cell::new([f64::NAN; 3]),
            code: OnceCell::new(),
            interpreted: Cell::new(0),
        })
    }

    /// The formula.
    pub fn formula(&self) -> &Formula {
        &self.formula
    }

    /// The value, ∂/∂x and ∂/∂y at `p`, evaluated together (the gradient costs little
    /// more than the value alone) and kept for the next call at the same point: a run
    /// asks for the loss at each new point and then for the gradient there. Read each
    /// cell alone (see [`Compiled::write`]).
    #[inline]
    fn eval(&self, p: &[f64]) -> &[Cell<f64>] {
        let (x, y) = expr::xy(p);
        let key = [x.to_bits(), y.to_bits()];
        let at: &Cell<[f64]> = &self.at;
        let at = at.as_slice_of_cells();
        // Compared by bits, not as arrays: in wasm (optimized for size) an array
        // comparison becomes a call of a byte-by-byte `memcmp`, which cost more than the
        // formula.
        let hit = matches!(self.last.get(), Some([a, b]) if (a ^ key[0]) | (b ^ key[1]) == 0);
        if !hit {
            match self.code.get() {
                Some(Some(code)) => code.write(x, y, &self.at),
                _ => self.first_or_interpreted(x, y),
            }
            self.last.set(Some(key));
        }
        at
    }

    /// Writes the value and gradient at (x, y) to `at` where the formula is not yet
    /// compiled (compiling it when it is time) or cannot be.
    #[cold]
    fn first_or_interpreted(&self, x: f64, y: f64) {
        match self.compiled(1) {
            Some(code) => code.write(x, y, &self.at),
            None => {
                let d = self.interpret(x, y);
                self.at.set([d.v, d.g[0], d.g[1]]);
            }
        }
    }

    /// The compiled formula, about to evaluate `n` more points: kept from before, or
    /// compiled now if the interpreter has evaluated enough points, else `None`.
    fn compiled(&self, n: usize) -> Option<&Compiled> {
        if self.code.get().is_none() {
            let before = self.interpreted.get();
            let after = before.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            let program = self.formula.program();
            let code = if after > jit::COMPILE_AFTER {
                Some(jit::compile(program, self.formula.dim()))
            } else if before == 0 {
                jit::kept(program, self.formula.dim()).map(Some)
            } else {
                None
            };
            match code {
                Some(code) => {
                    let _ = self.code.set(code);
                }
                None => self.interpreted.set(after),
            }
        }
        self.code.get()?.as_deref()
    }

    /// The value and gradient at (x, y) by the interpreter.
    fn interpret(&self, x: f64, y: f64) -> Dual {
        match self.scratch.try_borrow_mut() {
            Ok(mut s) => self.formula.program().run_dual(x, y, &mut s.dual),
            Err(_) => self.formula.program().run_dual(x, y, &mut Vec::new()),
        }
    }

    /// The value (into `loss`) and, when `grad` is given, the gradient at each point of
    /// `points` (`dim()` numbers a point), a block of points at a time: each exactly
    /// what [`Expr::eval`] gives for that point alone: by the compiled formula in one
    /// call, or else by the interpreter a block of points at a time.
    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    fn many(&self, points: &[f64], loss: &mut [f64], mut grad: Option<&mut [f64]>) {
        let d = self.formula.dim().max(1);
        let mut n = (points.len() / d).min(loss.len());
        if let Some(g) = &grad {
            n = n.min(g.len() / d);
        }
        if let Some(code) = self.compiled(n) {
            code.many(points, loss, grad);
            return;
        }
        let mut scratch = self.scratch.try_borrow_mut();
        let mut fresh = None;
        let block = match &mut scratch {
            Ok(s) => s.block.get_or_insert_with(Block::boxed),
            Err(_) => fresh.get_or_insert_with(Block::boxed),
        };
        let prog = self.formula.program();
        let mut start = 0;
        while start < n {
            let m = block.read(points.get(start * d..n * d).unwrap_or(&[]), d);
            if m == 0 {
                break;
            }
            prog.run_block(block, m);
            let g = match grad.as_deref_mut() {
                Some(g) => Some(g.get_mut(start * d..n * d).unwrap_or(&mut [])),
                None => None,
            };
            block.write(m, loss.get_mut(start..n).unwrap_or(&mut []), g, d);
            start += m;
        }
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
        self.eval(p).first().map_or(f64::NAN, Cell::get)
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        for (gi, c) in g.iter_mut().zip(self.eval(p).get(1..).unwrap_or(&[])) {
            *gi = c.get();
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
    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    fn eval_many(&self, points: &[f64], loss: &mut [f64], grad: &mut [f64]) {
        self.many(points, loss, Some(grad));
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    fn values(&self, points: &[f64], out: &mut [f64]) -> bool {
        self.many(points, out, None);
        true
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
    fn the_kept_evaluation_follows_the_point() {
        let s = expr(r#"expr(f="x^2 + 3*x*y")"#);
        let mut g = [0.0; 2];
        for (x, y) in [(1.0, 2.0), (1.0, 2.0), (2.0, 1.0), (1.0, 2.0), (1.0, -2.0)] {
            // The value first (kept), then the gradient at the same point, then the
            // gradient alone at a new point.
            assert_eq!(s.value(&[x, y]), x * x + 3.0 * x * y);
            s.gradient(&[x, y], &mut g);
            assert_eq!(g, [2.0 * x + 3.0 * y, 3.0 * x]);
            s.gradient(&[y, x], &mut g);
            assert_eq!(g, [2.0 * y + 3.0 * x, 3.0 * y]);
        }
        // −0 is another point (bit for bit), and NaN matches itself.
        assert_eq!(s.value(&[0.0, 1.0]), 0.0);
        s.gradient(&[-0.0, 1.0], &mut g);
        assert_eq!(g, [3.0, 0.0]);
        assert!(s.value(&[f64::NAN, 1.0]).is_nan());
        s.gradient(&[f64::NAN, 1.0], &mut g);
        assert!(g[0].is_nan());
        // A 1-D formula reads only x.
        let s = expr(r#"expr(f="x^3")"#);
        let mut g = [0.0; 1];
        s.gradient(&[2.0], &mut g);
        assert_eq!((s.value(&[2.0]), g), (8.0, [12.0]));
    }

    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    #[test]
    fn many_points_at_once_are_each_point_alone_to_the_bit() {
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for spec in [
            r#"expr(f="(1 - x)^2 + 100*(y - x^2)^2")"#,
            r#"expr(f="log(x) + sqrt(y) - 1/(x*y) + x^3*y^-2 + tanh(x - y)")"#,
            r#"expr(f="x^4 - 3*x^3 + 2 + log(x)")"#,
        ] {
            let s = expr(spec);
            let d = s.dim();
            // More points than a block, with NaN, infinite and signed-zero coordinates.
            let mut points = Vec::new();
            for k in 0..300 {
                let t = k as f64;
                let special = [f64::NAN, f64::INFINITY, -0.0, 0.0, 1e300, -2.0][k % 6];
                for i in 0..d {
                    let u = ((t + 0.5) * [0.618, 0.755][i]).fract() * 6.0 - 3.0;
                    points.push(if (k + i) % 5 == 0 { special } else { u });
                }
            }
            let n = points.len() / d;
            let (mut loss, mut grad, mut values) = (vec![9.0; n], vec![9.0; n * d], vec![9.0; n]);
            s.eval_many(&points, &mut loss, &mut grad);
            assert!(s.values(&points, &mut values));
            let mut g = vec![0.0; d];
            for (i, p) in points.chunks_exact(d).enumerate() {
                let v = s.value(p);
                s.gradient(p, &mut g);
                assert!(same(loss[i], v) && same(values[i], v), "{spec} at {p:?}");
                for k in 0..d {
                    assert!(
                        same(grad[i * d + k], g[k]),
                        "{spec} at {p:?}: {grad:?} vs {g:?}"
                    );
                }
            }
            // Points beyond the shortest slice are left alone.
            let mut short = vec![7.0; 3];
            let mut grad = vec![7.0; n * d];
            s.eval_many(&points, &mut short, &mut grad);
            assert!(grad[3 * d..].iter().all(|&x| x == 7.0), "{spec}");
            let mut more = vec![7.0; n + 2];
            assert!(s.values(&points, &mut more));
            assert_eq!(more[n..], [7.0, 7.0]);
        }
    }

    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    #[test]
    fn the_heatmap_grid_is_the_values_point_by_point() {
        use crate::core::grid::grid;
        for spec in [
            r#"expr(f="log(x) + x*y^3", x=[-1, 2])"#,
            r#"expr(f="x^3 - x")"#,
        ] {
            let s = expr(spec);
            let b = s.bounds();
            let (nx, ny) = (300, 3);
            let g = grid(s.as_ref(), &b, nx, ny);
            let (x0, x1) = (b.lo[0], b.hi[0]);
            let (y0, y1) = (
                b.lo.get(1).copied().unwrap_or(0.0),
                b.hi.get(1).copied().unwrap_or(0.0),
            );
            for j in 0..ny {
                let y = y1 - (j as f64 + 0.5) * ((y1 - y0) / ny as f64);
                for i in 0..nx {
                    let x = x0 + (i as f64 + 0.5) * ((x1 - x0) / nx as f64);
                    let want = s.value(&[x, y][..s.dim()]);
                    let got = g[j * nx + i];
                    assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()));
                }
            }
        }
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
