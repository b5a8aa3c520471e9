//! The numbers a formula is evaluated over: plain `f64` (the value), [`Dual`] (value and
//! gradient) and [`Hyper`] (value, gradient and Hessian), for forward-mode automatic
//! differentiation in up to two variables.
//!
//! Each arithmetic operation carries its derivatives along exactly (no differencing);
//! a function of one argument supplies its value and its first and second derivatives
//! at the argument, and [`Num::chain`] applies the chain rule to the argument's
//! derivatives.

/// A number type a formula can be evaluated over.
pub trait Num: Copy {
    /// A constant (all derivatives zero).
    fn cst(c: f64) -> Self;
    /// Variable `i` (0 for x, 1 for y) at `v`: its own derivative is 1.
    fn var(i: usize, v: f64) -> Self;
    /// The value part.
    fn val(self) -> f64;
    /// `self + o`.
    fn add(self, o: Self) -> Self;
    /// `self − o`.
    fn sub(self, o: Self) -> Self;
    /// `self · o`.
    fn mul(self, o: Self) -> Self;
    /// `self / o`.
    fn div(self, o: Self) -> Self;
    /// `−self`.
    fn neg(self) -> Self;
    /// `f(self)` where `f0 = f(a)` and `d()` gives `(f′(a), f″(a))` at `a = self.val()`
    /// (only called when derivatives are carried).
    fn chain(self, f0: f64, d: impl FnOnce() -> (f64, f64)) -> Self;
}

impl Num for f64 {
    fn cst(c: f64) -> Self {
        c
    }
    fn var(_: usize, v: f64) -> Self {
        v
    }
    fn val(self) -> f64 {
        self
    }
    fn add(self, o: Self) -> Self {
        self + o
    }
    fn sub(self, o: Self) -> Self {
        self - o
    }
    fn mul(self, o: Self) -> Self {
        self * o
    }
    fn div(self, o: Self) -> Self {
        self / o
    }
    fn neg(self) -> Self {
        -self
    }
    fn chain(self, f0: f64, _: impl FnOnce() -> (f64, f64)) -> Self {
        f0
    }
}

/// A value with its gradient in (x, y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual {
    /// The value.
    pub v: f64,
    /// ∂/∂x and ∂/∂y.
    pub g: [f64; 2],
}

impl Num for Dual {
    fn cst(c: f64) -> Self {
        Dual { v: c, g: [0.0; 2] }
    }
    fn var(i: usize, v: f64) -> Self {
        let mut g = [0.0; 2];
        if let Some(slot) = g.get_mut(i) {
            *slot = 1.0;
        }
        Dual { v, g }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn add(self, o: Self) -> Self {
        Dual {
            v: self.v + o.v,
            g: [self.g[0] + o.g[0], self.g[1] + o.g[1]],
        }
    }
    fn sub(self, o: Self) -> Self {
        Dual {
            v: self.v - o.v,
            g: [self.g[0] - o.g[0], self.g[1] - o.g[1]],
        }
    }
    fn mul(self, o: Self) -> Self {
        Dual {
            v: self.v * o.v,
            g: [
                self.v * o.g[0] + self.g[0] * o.v,
                self.v * o.g[1] + self.g[1] * o.v,
            ],
        }
    }
    fn div(self, o: Self) -> Self {
        // q = a/b, so ∇q = (∇a − q∇b)/b.
        let q = self.v / o.v;
        Dual {
            v: q,
            g: [
                (self.g[0] - q * o.g[0]) / o.v,
                (self.g[1] - q * o.g[1]) / o.v,
            ],
        }
    }
    fn neg(self) -> Self {
        Dual {
            v: -self.v,
            g: [-self.g[0], -self.g[1]],
        }
    }
    fn chain(self, f0: f64, d: impl FnOnce() -> (f64, f64)) -> Self {
        let (f1, _) = d();
        Dual {
            v: f0,
            g: [f1 * self.g[0], f1 * self.g[1]],
        }
    }
}

/// A value with its gradient and Hessian in (x, y): `h = [∂²/∂x², ∂²/∂x∂y, ∂²/∂y²]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hyper {
    /// The value.
    pub v: f64,
    /// ∂/∂x and ∂/∂y.
    pub g: [f64; 2],
    /// ∂²/∂x², ∂²/∂x∂y, ∂²/∂y².
    pub h: [f64; 3],
}

/// The (row, column) of each stored Hessian entry.
const PAIRS: [(usize, usize); 3] = [(0, 0), (0, 1), (1, 1)];

impl Hyper {
    /// `uᵢvⱼ + uⱼvᵢ` for each stored entry.
    fn sym(u: [f64; 2], v: [f64; 2]) -> [f64; 3] {
        PAIRS.map(|(i, j)| u[i] * v[j] + u[j] * v[i])
    }
}

impl Num for Hyper {
    fn cst(c: f64) -> Self {
        Hyper {
            v: c,
            g: [0.0; 2],
            h: [0.0; 3],
        }
    }
    fn var(i: usize, v: f64) -> Self {
        Hyper {
            h: [0.0; 3],
            ..Hyper::from(Dual::var(i, v))
        }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn add(self, o: Self) -> Self {
        Hyper {
            v: self.v + o.v,
            g: [self.g[0] + o.g[0], self.g[1] + o.g[1]],
            h: [self.h[0] + o.h[0], self.h[1] + o.h[1], self.h[2] + o.h[2]],
        }
    }
    fn sub(self, o: Self) -> Self {
        Hyper {
            v: self.v - o.v,
            g: [self.g[0] - o.g[0], self.g[1] - o.g[1]],
            h: [self.h[0] - o.h[0], self.h[1] - o.h[1], self.h[2] - o.h[2]],
        }
    }
    fn mul(self, o: Self) -> Self {
        // ∇²(ab) = a∇²b + b∇²a + ∇a∇bᵀ + ∇b∇aᵀ.
        let cross = Hyper::sym(self.g, o.g);
        Hyper {
            v: self.v * o.v,
            g: [
                self.v * o.g[0] + self.g[0] * o.v,
                self.v * o.g[1] + self.g[1] * o.v,
            ],
            h: [0, 1, 2].map(|k| self.v * o.h[k] + self.h[k] * o.v + cross[k]),
        }
    }
    fn div(self, o: Self) -> Self {
        // a = qb, so ∇²q = (∇²a − q∇²b − ∇q∇bᵀ − ∇b∇qᵀ)/b.
        let q = self.v / o.v;
        let gq = [
            (self.g[0] - q * o.g[0]) / o.v,
            (self.g[1] - q * o.g[1]) / o.v,
        ];
        let cross = Hyper::sym(gq, o.g);
        Hyper {
            v: q,
            g: gq,
            h: [0, 1, 2].map(|k| (self.h[k] - q * o.h[k] - cross[k]) / o.v),
        }
    }
    fn neg(self) -> Self {
        Hyper {
            v: -self.v,
            g: [-self.g[0], -self.g[1]],
            h: [-self.h[0], -self.h[1], -self.h[2]],
        }
    }
    fn chain(self, f0: f64, d: impl FnOnce() -> (f64, f64)) -> Self {
        // ∇²f(a) = f″(a)∇a∇aᵀ + f′(a)∇²a.
        let (f1, f2) = d();
        let outer = Hyper::sym(self.g, self.g);
        Hyper {
            v: f0,
            g: [f1 * self.g[0], f1 * self.g[1]],
            h: [0, 1, 2].map(|k| f1 * self.h[k] + 0.5 * f2 * outer[k]),
        }
    }
}

impl From<Dual> for Hyper {
    fn from(d: Dual) -> Self {
        Hyper {
            v: d.v,
            g: d.g,
            h: [0.0; 3],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_and_quotients_carry_exact_derivatives() {
        // f = x²y / (x + y) at (1, 2): by hand, f = 2/3,
        // f_x = (2xy(x+y) − x²y)/(x+y)² = (12 − 2)/9, f_y = (x²(x+y) − x²y)/(x+y)² = 1/9.
        let (x, y) = (Hyper::var(0, 1.0), Hyper::var(1, 2.0));
        let f = x.mul(x).mul(y).div(x.add(y));
        assert!((f.v - 2.0 / 3.0).abs() < 1e-15);
        assert!((f.g[0] - 10.0 / 9.0).abs() < 1e-15);
        assert!((f.g[1] - 1.0 / 9.0).abs() < 1e-15);
        // f_xx = 2y³/(x+y)³ = 16/27, f_xy = (x³ + 3x²y)/(x+y)³ = 7/27,
        // f_yy = −2x³/(x+y)³ = −2/27.
        assert!((f.h[0] - 16.0 / 27.0).abs() < 1e-15, "{:?}", f.h);
        assert!((f.h[1] - 7.0 / 27.0).abs() < 1e-15, "{:?}", f.h);
        assert!((f.h[2] + 2.0 / 27.0).abs() < 1e-15, "{:?}", f.h);
    }

    #[test]
    fn chain_rule_for_one_argument() {
        // exp(x·y) at (1, 0.5): f_x = y e^{xy}, f_xx = y² e^{xy}, f_xy = (1 + xy) e^{xy}.
        let (x, y) = (Hyper::var(0, 1.0), Hyper::var(1, 0.5));
        let a = x.mul(y);
        let e = a.v.exp();
        let f = a.chain(e, || (e, e));
        assert_eq!(f.v, e);
        assert!((f.g[0] - 0.5 * e).abs() < 1e-15);
        assert!((f.h[0] - 0.25 * e).abs() < 1e-15);
        assert!((f.h[1] - 1.5 * e).abs() < 1e-15);
        assert!((f.h[2] - e).abs() < 1e-15);
        let d = Dual::var(1, 0.5).chain(7.0, || (3.0, 99.0));
        assert_eq!((d.v, d.g), (7.0, [0.0, 3.0]));
        assert_eq!(2.0_f64.chain(5.0, || (1.0, 1.0)), 5.0);
    }
}
