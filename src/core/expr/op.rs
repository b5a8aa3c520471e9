//! The instructions a formula compiles to, and the functions it may call: each
//! function's value and its first and second derivatives.

use super::jet::Num;

/// A function of one argument that a formula may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// sin
    Sin,
    /// cos
    Cos,
    /// tan
    Tan,
    /// exp
    Exp,
    /// natural logarithm
    Log,
    /// square root
    Sqrt,
    /// absolute value (derivative 0 at 0)
    Abs,
    /// tanh
    Tanh,
    /// sinh
    Sinh,
    /// cosh
    Cosh,
    /// arctangent
    Atan,
    /// 1/(1 + e^{−a})
    Sigmoid,
    /// ln(1 + e^{a})
    Softplus,
}

/// Every function name a formula may call (with `min` and `max` of two arguments last),
/// as the "unknown function" message lists them.
pub const FUNCTIONS: &[&str] = &[
    "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan", "sigmoid",
    "softplus", "min", "max",
];

/// One instruction of a formula in postfix order: each pops its arguments from the
/// evaluation stack and pushes its result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Push a constant.
    Const(f64),
    /// Push x.
    X,
    /// Push y.
    Y,
    /// Negate the top.
    Neg,
    /// a + b.
    Add,
    /// a − b.
    Sub,
    /// a · b.
    Mul,
    /// a / b.
    Div,
    /// aⁿ for a whole `n`, by repeated multiplication (`1/a^|n|` for negative `n`).
    Pow(i32),
    /// A function of the top.
    Call(Func),
    /// The smaller of a and b (a when equal).
    Min,
    /// The larger of a and b (a when equal).
    Max,
}

impl Op {
    /// How many stack entries the instruction pops.
    pub fn arity(self) -> usize {
        match self {
            Op::Const(_) | Op::X | Op::Y => 0,
            Op::Neg | Op::Pow(_) | Op::Call(_) => 1,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Min | Op::Max => 2,
        }
    }
}

impl Func {
    /// Every function, in the order of [`FUNCTIONS`] (a compiled formula names a function
    /// by its index here).
    pub const ALL: [Func; 13] = [
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Exp,
        Func::Log,
        Func::Sqrt,
        Func::Abs,
        Func::Tanh,
        Func::Sinh,
        Func::Cosh,
        Func::Atan,
        Func::Sigmoid,
        Func::Softplus,
    ];

    /// The function called `name`, if `name` is one of one argument.
    pub fn named(name: &str) -> Option<Func> {
        let i = FUNCTIONS.iter().position(|n| *n == name)?;
        Func::ALL.get(i).copied()
    }

    /// The function applied to `a`, with the chain rule for `a`'s derivatives.
    pub fn apply<T: Num>(self, a: T) -> T {
        self.apply_inline(a)
    }

    /// [`Func::apply`], always inlined: the native single pass over dual numbers takes
    /// it so (the batched pass, its other caller over dual numbers, calls
    /// [`Func::apply`]; in wasm the single pass does too, as V8 compiles it slower with
    /// the function inlined).
    #[inline(always)]
    pub fn apply_inline<T: Num>(self, a: T) -> T {
        let x = a.val();
        match self {
            Func::Sin => {
                let s = x.sin();
                a.chain(s, || (x.cos(), -s))
            }
            Func::Cos => {
                let c = x.cos();
                a.chain(c, || (-x.sin(), -c))
            }
            Func::Tan => {
                let t = x.tan();
                // tan′ = 1 + tan², tan″ = 2 tan (1 + tan²).
                a.chain(t, || {
                    let d = 1.0 + t * t;
                    (d, 2.0 * t * d)
                })
            }
            Func::Exp => {
                let e = x.exp();
                a.chain(e, || (e, e))
            }
            Func::Log => a.chain(x.ln(), || (1.0 / x, -1.0 / (x * x))),
            Func::Sqrt => {
                let s = x.sqrt();
                // sqrt′ = 1/(2s), sqrt″ = −1/(4 s³).
                a.chain(s, || (0.5 / s, -0.25 / (s * s * s)))
            }
            Func::Abs => {
                let sign = if x > 0.0 {
                    1.0
                } else if x < 0.0 {
                    -1.0
                } else {
                    0.0
                };
                a.chain(x.abs(), || (sign, 0.0))
            }
            Func::Tanh => {
                let t = x.tanh();
                // tanh′ = 1/cosh² (not 1 − tanh², which cancels where tanh is near ±1).
                a.chain(t, || {
                    let c = x.cosh();
                    let d = 1.0 / (c * c);
                    (d, -2.0 * t * d)
                })
            }
            Func::Sinh => a.chain(x.sinh(), || (x.cosh(), x.sinh())),
            Func::Cosh => a.chain(x.cosh(), || (x.sinh(), x.cosh())),
            Func::Atan => a.chain(x.atan(), || {
                let d = 1.0 / (1.0 + x * x);
                (d, -2.0 * x * d * d)
            }),
            Func::Sigmoid => {
                let s = sigmoid(x);
                // σ′ = σ(x)·σ(−x) (not σ(1 − σ), which cancels where σ is near 1).
                a.chain(s, || {
                    let d = s * sigmoid(-x);
                    (d, d * (1.0 - 2.0 * s))
                })
            }
            Func::Softplus => {
                // ln(1 + e^x) = max(x, 0) + ln(1 + e^{−|x|}), without overflow.
                let v = x.max(0.0) + (-x.abs()).exp().ln_1p();
                a.chain(v, || {
                    let s = sigmoid(x);
                    (s, s * sigmoid(-x))
                })
            }
        }
    }
}

/// 1/(1 + e^{−x}), written so that neither branch overflows.
fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `a^n` for a whole `n`: the value by repeated multiplication from the left
/// (`a·a·…·a`, `1/a^|n|` for `n < 0`, 1 for `n = 0`), the derivatives by the chain
/// rule with `n·a^(n−1)` and `n(n−1)·a^(n−2)` (each by repeated multiplication too),
/// which rounds less than multiplying the derivatives out.
pub fn pow<T: Num>(a: T, n: i32) -> T {
    let x = a.val();
    let k = f64::from(n);
    a.chain(powi(x, n), || {
        (
            k * powi(x, n.saturating_sub(1)),
            k * (k - 1.0) * powi(x, n.saturating_sub(2)),
        )
    })
}

/// xⁿ and n·xⁿ⁻¹ for `n ≥ 1`, as a formula's power instruction computes them (over dual
/// numbers the derivatives are then n·xⁿ⁻¹ times the argument's): xⁿ⁻¹ by repeated
/// multiplication, then xⁿ = xⁿ⁻¹·x, which is how [`pow`] rounds it too.
#[inline]
pub fn pow_parts(n: i32, x: f64) -> (f64, f64) {
    let mut q = 1.0;
    for k in 1..n {
        q = if k == 1 { x } else { q * x };
    }
    let v = if n == 1 { x } else { q * x };
    (v, f64::from(n) * q)
}

/// `x^n` by repeated multiplication (`1/x^|n|` for `n < 0`).
fn powi(x: f64, n: i32) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let mut r = x;
    for _ in 1..n.unsigned_abs() {
        r *= x;
    }
    if n < 0 {
        1.0 / r
    } else {
        r
    }
}
