//! Typed formulas with exact derivatives: `(1 - x)^2 + 100*(y - x^2)^2` parsed once
//! into a compact postfix program (no eval, no JavaScript), lowered once into an
//! accumulator [`program`], and evaluated over plain numbers for the value and over dual /
//! hyper-dual numbers ([`jet`]) for the exact gradient and Hessian by forward-mode
//! automatic differentiation (the value and gradient in one pass that keeps them in
//! registers). A formula evaluated at many points is compiled: its value and gradient
//! written out as straight-line scalar code ([`tape`]) and turned into machine code
//! ([`jit`]: Cranelift natively, a generated wasm module in the browser), with the
//! interpreter's numbers to the bit. [`timing`] times formulas against the built-in
//! surfaces.
//!
//! The grammar is in [`parse`](self::parse); the functions and instructions in [`op`].
//! Parsing never panics: recursion is depth-limited, the length is capped (both in
//! [`crate::core::limits`]), and every error names the column it concerns.

pub mod jet;
pub mod jit;
pub mod op;
mod parse;
pub mod program;
#[cfg(any(not(target_arch = "wasm32"), feature = "jit"))]
pub mod tape;
#[cfg(any(not(target_arch = "wasm32"), feature = "bench"))]
pub mod timing;

use super::error::Result;
use jet::{Dual, Hyper, Num};
pub use op::{Func, Op, FUNCTIONS};
use program::Program;

/// A parsed formula in x (and y).
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    text: String,
    ops: Vec<Op>,
    program: Program,
    dim: usize,
    stack: usize,
}

impl Formula {
    /// Parses `text`. With `dim = None` the formula is 2-D when it uses `y` and 1-D
    /// otherwise; `Some(1)` makes `y` an error; `Some(2)` makes it 2-D either way.
    pub fn parse(text: &str, dim: Option<usize>) -> Result<Formula> {
        let (ops, uses_y) = parse::parse(text, dim)?;
        let dim = match dim {
            Some(d) => d.clamp(1, 2),
            None if uses_y => 2,
            None => 1,
        };
        let mut depth = 0usize;
        let mut stack = 0usize;
        for op in &ops {
            depth = depth.saturating_sub(op.arity()) + 1;
            stack = stack.max(depth);
        }
        Ok(Formula {
            text: text.to_string(),
            program: Program::lower(&ops),
            ops,
            dim,
            stack,
        })
    }

    /// The text it was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1 (a curve in x) or 2 (a surface in x and y).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The postfix program.
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// The deepest the postfix program's stack gets.
    pub fn stack_depth(&self) -> usize {
        self.stack
    }

    /// The program it is evaluated by.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The formula at (x, y) over any [`Num`], with `stack` as scratch (cleared first;
    /// keep it between calls to avoid allocating).
    pub fn eval<T: Num>(&self, x: T, y: T, stack: &mut Vec<T>) -> T {
        self.program.run(x, y, stack)
    }

    /// The formula at (x, y) by the postfix program itself, one instruction at a time:
    /// the reference the faster [`Program`] is checked against.
    pub fn eval_postfix<T: Num>(&self, x: T, y: T, stack: &mut Vec<T>) -> T {
        stack.clear();
        stack.reserve(self.stack);
        for op in &self.ops {
            parse::step(*op, x, y, stack);
        }
        stack.pop().unwrap_or(T::cst(f64::NAN))
    }

    /// The value at `p` (x = `p[0]`, y = `p[1]`, a missing coordinate is 0).
    pub fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = xy(p);
        self.eval(x, y, &mut Vec::new())
    }

    /// The value and gradient at `p`.
    pub fn dual(&self, p: &[f64], stack: &mut Vec<Dual>) -> Dual {
        let (x, y) = xy(p);
        self.program.run_dual(x, y, stack)
    }

    /// The value, gradient and Hessian at `p`.
    pub fn hyper(&self, p: &[f64], stack: &mut Vec<Hyper>) -> Hyper {
        let (x, y) = xy(p);
        self.eval(Hyper::var(0, x), Hyper::var(1, y), stack)
    }
}

/// x and y of a point (0 for a coordinate it lacks).
pub(crate) fn xy(p: &[f64]) -> (f64, f64) {
    (
        p.first().copied().unwrap_or(0.0),
        p.get(1).copied().unwrap_or(0.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> Formula {
        Formula::parse(text, None).unwrap()
    }

    #[test]
    fn precedence_associativity_and_constants() {
        assert_eq!(f("1 + 2*3").value(&[]), 7.0);
        assert_eq!(f("-2^2").value(&[]), -4.0);
        assert_eq!(f("2^3^2").value(&[]), 512.0);
        assert_eq!(f("(2^3)^2").value(&[]), 64.0);
        assert_eq!(f("8/4/2").value(&[]), 1.0);
        assert_eq!(f("8-4-2").value(&[]), 2.0);
        assert_eq!(f("x^-2").value(&[2.0]), 0.25);
        assert_eq!(f("x^0").value(&[0.0]), 1.0);
        assert_eq!(f("2*pi").value(&[]), std::f64::consts::TAU);
        assert_eq!(f("e").value(&[]), std::f64::consts::E);
        assert_eq!(f("1.5e-3 + .5 + 2.").value(&[]), 1.5e-3 + 0.5 + 2.0);
        assert_eq!(f("2E+2").value(&[]), 200.0);
        assert_eq!(f("min(x, y) + max(x, 3)").value(&[1.0, 2.0]), 4.0);
        assert_eq!(f("x - -x").value(&[3.0]), 6.0);
        // Constant sub-expressions are folded: 2*pi*x is two instructions.
        assert_eq!(f("2*pi*x").ops().len(), 3);
        assert_eq!(f("(1 + 2) * (3 + 4)").ops(), &[Op::Const(21.0)]);
    }

    #[test]
    fn dimension_follows_y() {
        assert_eq!(f("x^4 - 3*x^3 + 2").dim(), 1);
        assert_eq!(f("x^2 + 10*y^2").dim(), 2);
        assert_eq!(Formula::parse("x", Some(2)).unwrap().dim(), 2);
        assert_eq!(
            Formula::parse("x + y", Some(1)).unwrap_err().to_string(),
            "expr: at column 5: y is not allowed in a 1-D formula (only x)"
        );
    }

    #[test]
    fn powers_are_repeated_multiplication() {
        let x = 1.1_f64;
        assert_eq!(f("x^4").value(&[x]), x * x * x * x);
        assert_eq!(f("x^3").value(&[x]), x * x * x);
        assert_eq!(f("x^-3").value(&[x]), 1.0 / (x * x * x));
    }

    #[test]
    fn functions_and_their_derivatives() {
        type Want = fn(f64) -> [f64; 3];
        let cases: &[(&str, Want)] = &[
            ("sin(x)", |x| [x.sin(), x.cos(), -x.sin()]),
            ("cos(x)", |x| [x.cos(), -x.sin(), -x.cos()]),
            ("tan(x)", |x| {
                let t = x.tan();
                [t, 1.0 + t * t, 2.0 * t * (1.0 + t * t)]
            }),
            ("exp(x)", |x| [x.exp(), x.exp(), x.exp()]),
            ("log(x)", |x| [x.ln(), 1.0 / x, -1.0 / (x * x)]),
            ("sqrt(x)", |x| {
                [x.sqrt(), 0.5 / x.sqrt(), -0.25 * x.powf(-1.5)]
            }),
            ("abs(x)", |x| [x.abs(), x.signum(), 0.0]),
            ("tanh(x)", |x| {
                let t = x.tanh();
                [t, 1.0 - t * t, -2.0 * t * (1.0 - t * t)]
            }),
            ("sinh(x)", |x| [x.sinh(), x.cosh(), x.sinh()]),
            ("cosh(x)", |x| [x.cosh(), x.sinh(), x.cosh()]),
            ("atan(x)", |x| {
                let d = 1.0 / (1.0 + x * x);
                [x.atan(), d, -2.0 * x * d * d]
            }),
            ("sigmoid(x)", |x| {
                let s = 1.0 / (1.0 + (-x).exp());
                [s, s * (1.0 - s), s * (1.0 - s) * (1.0 - 2.0 * s)]
            }),
            ("softplus(x)", |x| {
                let s = 1.0 / (1.0 + (-x).exp());
                [(1.0 + x.exp()).ln(), s, s * (1.0 - s)]
            }),
        ];
        for (text, want) in cases {
            let g = f(text);
            for x in [0.3, 0.7, 1.9, -0.4] {
                if (text.starts_with("log") || text.starts_with("sqrt")) && x < 0.0 {
                    continue;
                }
                let h = g.hyper(&[x], &mut Vec::new());
                let w = want(x);
                for (got, want) in [h.v, h.g[0], h.h[0]].iter().zip(w) {
                    assert!(
                        (got - want).abs() <= 1e-12 * (1.0 + want.abs()),
                        "{text} at {x}: {got} vs {want}"
                    );
                }
                let d = g.dual(&[x], &mut Vec::new());
                assert_eq!((d.v, d.g[0]), (h.v, h.g[0]), "{text}");
                assert_eq!(g.value(&[x]), h.v, "{text}");
            }
        }
        // Far from 0 softplus neither overflows nor loses its value.
        assert_eq!(f("softplus(x)").value(&[1000.0]), 1000.0);
        assert_eq!(f("softplus(x)").value(&[-1000.0]), 0.0);
        assert_eq!(f("sigmoid(x)").value(&[-1000.0]), 0.0);
        let d = f("abs(x)").dual(&[0.0], &mut Vec::new());
        assert_eq!(d.g[0], 0.0);
    }

    #[test]
    fn min_and_max_pass_on_the_chosen_argument_and_nan() {
        let g = f("min(x^2, y) + max(x, 2*y)");
        let d = g.dual(&[3.0, 1.0], &mut Vec::new());
        // min picks y (1 < 9), max picks x (3 > 2).
        assert_eq!((d.v, d.g), (4.0, [1.0, 1.0]));
        assert!(f("min(x, 0/0)").value(&[1.0]).is_nan());
        assert!(f("max(0/0, x)").value(&[1.0]).is_nan());
    }
}
