//! A formula's value and gradient as straight-line code over plain numbers: the
//! [`Program`] unrolled, each dual-number operation written out as the scalar
//! operations it stands for, so that a code generator ([`super::jit`]) turns each node
//! into one machine instruction (or one call, for a function) with no dispatch at all.
//!
//! Each node computes exactly what [`Program::run_dual`] computes for it, in the same
//! order and with the same rounding: a compiled formula gives the interpreter's numbers
//! to the bit (the tests here hold [`Tape::eval`] to `run_dual`, NaN and infinite
//! points included). The only rewrites are the two that are exact for every number:
//! `a · 1` is `a`, and `a − 0` is `a`.

use super::jet::{Dual, Num};
use super::op::{pow, pow_parts, Func};
use super::program::{Bin, Ins, Leaf, Program, Var};

/// A node's index; a node's result is a register of its own.
pub type Reg = u32;

/// A function of one argument as the tape calls it: its value and its first derivative
/// at the argument, by [`unary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unary {
    /// A named function.
    Func(Func),
    /// aⁿ by repeated multiplication (only for powers not written out on the tape).
    Pow(i32),
}

/// One scalar operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    /// x.
    X,
    /// y.
    Y,
    /// A constant.
    Const(f64),
    /// a + b.
    Add(Reg, Reg),
    /// a − b.
    Sub(Reg, Reg),
    /// a · b.
    Mul(Reg, Reg),
    /// a / b.
    Div(Reg, Reg),
    /// −a.
    Neg(Reg),
    /// `then` where the chosen one of `min`/`max` of values `a` and `b` is `b`, else
    /// `other`: for `min`, `b < a` or `b` NaN; for `max`, `b > a` or `b` NaN.
    Pick {
        /// `max` (else `min`).
        max: bool,
        /// The first argument's value.
        a: Reg,
        /// The second argument's value.
        b: Reg,
        /// The part taken when the second argument is chosen.
        then: Reg,
        /// The part taken otherwise.
        other: Reg,
    },
    /// f(a): this register holds the value and the next one (a [`Node::Slope`]) the
    /// derivative f′(a).
    Unary(Unary, Reg),
    /// The derivative of the [`Node::Unary`] just before it.
    Slope,
}

/// Straight-line code for a formula's value, ∂/∂x and ∂/∂y.
#[derive(Debug, Clone, PartialEq)]
pub struct Tape {
    nodes: Vec<Node>,
    out: [Reg; 3],
}

/// At most this many nodes; a longer program (a formula of high powers, near the length
/// limit) stays with the interpreter.
pub const MAX_NODES: usize = 20_000;

/// Powers from 1 to this are written out on the tape; others are a [`Unary::Pow`] call.
const POW_INLINE: i32 = 8;

impl Tape {
    /// The tape of `program`, or `None` when it would be longer than [`MAX_NODES`].
    pub fn of(program: &Program) -> Option<Tape> {
        let mut b = Builder::default();
        let nan = b.leaf(Leaf::Const(f64::NAN));
        let mut acc = nan;
        let mut stack: Vec<[Reg; 3]> = Vec::new();
        for step in program.code() {
            acc = match step.ins {
                Ins::Load(l) => b.leaf(l),
                Ins::Push(l) => {
                    stack.push(acc);
                    b.leaf(l)
                }
                Ins::Pop(op) => {
                    let lhs = stack.pop().unwrap_or(nan);
                    b.bin(op, lhs, acc)
                }
                Ins::Neg => b.neg(acc),
                Ins::Square => b.square(acc),
                Ins::Pow(n) => b.pow(acc, n),
                Ins::Call(f) => b.unary(Unary::Func(f), acc),
                Ins::AddConst(c) => {
                    let c = b.push(Node::Const(c));
                    [b.push(Node::Add(acc[0], c)), acc[1], acc[2]]
                }
                Ins::ConstSub(c) => {
                    let n = b.neg(acc);
                    let c = b.push(Node::Const(c));
                    [b.push(Node::Add(n[0], c)), n[1], n[2]]
                }
                Ins::MulConst(c) => {
                    let c = b.push(Node::Const(c));
                    acc.map(|a| b.mul(a, c))
                }
                Ins::AddVar(v) => {
                    let v = b.var(v);
                    b.bin(Bin::Add, acc, v)
                }
                Ins::SubVar(v) => {
                    let v = b.var(v);
                    b.bin(Bin::Sub, acc, v)
                }
                Ins::VarSub(v) => {
                    let v = b.var(v);
                    b.bin(Bin::Sub, v, acc)
                }
                Ins::MulVar(v) => {
                    let v = b.var(v);
                    b.bin(Bin::Mul, acc, v)
                }
                Ins::Right(op, l) => {
                    let l = b.leaf(l);
                    b.bin(op, acc, l)
                }
                Ins::Left(op, l) => {
                    let l = b.leaf(l);
                    b.bin(op, l, acc)
                }
            };
            if step.square {
                acc = b.square(acc);
            }
            if b.nodes.len() > MAX_NODES {
                return None;
            }
        }
        Some(Tape {
            nodes: b.nodes,
            out: acc,
        })
    }

    /// The nodes, in the order they are computed.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The registers of the value, ∂/∂x and ∂/∂y.
    pub fn out(&self) -> [Reg; 3] {
        self.out
    }

    /// Whether each node's result is read (by a later node or as an output): a code
    /// generator need not compute the others.
    pub fn live(&self) -> Vec<bool> {
        let mut live = vec![false; self.nodes.len()];
        for r in self.out {
            if let Some(l) = live.get_mut(r as usize) {
                *l = true;
            }
        }
        for i in (0..self.nodes.len()).rev() {
            if !live.get(i).copied().unwrap_or(false) {
                continue;
            }
            let mut mark = |r: Reg| {
                if let Some(l) = live.get_mut(r as usize) {
                    *l = true;
                }
            };
            match self.nodes.get(i) {
                Some(Node::Add(a, b) | Node::Sub(a, b) | Node::Mul(a, b) | Node::Div(a, b)) => {
                    mark(*a);
                    mark(*b);
                }
                Some(Node::Neg(a) | Node::Unary(_, a)) => mark(*a),
                Some(Node::Pick {
                    a, b, then, other, ..
                }) => {
                    mark(*a);
                    mark(*b);
                    mark(*then);
                    mark(*other);
                }
                // A slope is the second result of the call before it.
                Some(Node::Slope) => mark(i as Reg - 1),
                _ => {}
            }
        }
        live
    }

    /// The value and gradient at (x, y), node by node: what the generated code computes
    /// (the reference the code generators are tested against).
    pub fn eval(&self, x: f64, y: f64) -> Dual {
        let mut r: Vec<f64> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let at = |i: &Reg| r.get(*i as usize).copied().unwrap_or(f64::NAN);
            let v = match node {
                Node::X => x,
                Node::Y => y,
                Node::Const(c) => *c,
                Node::Add(a, b) => at(a) + at(b),
                Node::Sub(a, b) => at(a) - at(b),
                Node::Mul(a, b) => at(a) * at(b),
                Node::Div(a, b) => at(a) / at(b),
                Node::Neg(a) => -at(a),
                Node::Pick {
                    max,
                    a,
                    b,
                    then,
                    other,
                } => {
                    if picks(*max, at(a), at(b)) {
                        at(then)
                    } else {
                        at(other)
                    }
                }
                Node::Unary(u, a) => unary(*u, at(a)).0,
                Node::Slope => match r.len().checked_sub(1).and_then(|i| self.nodes.get(i)) {
                    Some(Node::Unary(u, a)) => unary(*u, at(a)).1,
                    _ => f64::NAN,
                },
            };
            r.push(v);
        }
        let [v, gx, gy] = self
            .out
            .map(|i| r.get(i as usize).copied().unwrap_or(f64::NAN));
        Dual { v, g: [gx, gy] }
    }
}

/// Whether `min` (or `max`) of `a` and `b` takes `b`: as the interpreter chooses.
pub fn picks(max: bool, a: f64, b: f64) -> bool {
    if max {
        b > a || b.is_nan()
    } else {
        b < a || b.is_nan()
    }
}

/// f(x) and f′(x) for `u`, as the interpreter computes them for a dual number (whose
/// derivatives are then f′(x) times the argument's).
pub fn unary(u: Unary, x: f64) -> (f64, f64) {
    match u {
        Unary::Func(f) => {
            let d = f.apply(Dual::var(0, x));
            (d.v, d.g[0])
        }
        Unary::Pow(n) if n > 0 => pow_parts(n, x),
        Unary::Pow(n) => {
            let d = pow(Dual::var(0, x), n);
            (d.v, d.g[0])
        }
    }
}

/// The tape as it is written.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
}

impl Builder {
    fn push(&mut self, n: Node) -> Reg {
        self.nodes.push(n);
        (self.nodes.len() - 1) as Reg
    }

    fn konst(&self, r: Reg) -> Option<f64> {
        match self.nodes.get(r as usize) {
            Some(Node::Const(c)) => Some(*c),
            _ => None,
        }
    }

    /// a · b (`a · 1` is `a`, exactly).
    fn mul(&mut self, a: Reg, b: Reg) -> Reg {
        if self.konst(b) == Some(1.0) {
            return a;
        }
        self.push(Node::Mul(a, b))
    }

    /// a − b (`a − 0` is `a`, exactly, −0 included).
    fn sub(&mut self, a: Reg, b: Reg) -> Reg {
        if self.konst(b).is_some_and(|c| c.to_bits() == 0) {
            return a;
        }
        self.push(Node::Sub(a, b))
    }

    fn leaf(&mut self, l: Leaf) -> [Reg; 3] {
        let (v, dx, dy) = match l {
            Leaf::X => (Node::X, 1.0, 0.0),
            Leaf::Y => (Node::Y, 0.0, 1.0),
            Leaf::Const(c) => (Node::Const(c), 0.0, 0.0),
        };
        [
            self.push(v),
            self.push(Node::Const(dx)),
            self.push(Node::Const(dy)),
        ]
    }

    fn var(&mut self, v: Var) -> [Reg; 3] {
        self.leaf(match v {
            Var::X => Leaf::X,
            Var::Y => Leaf::Y,
        })
    }

    fn neg(&mut self, a: [Reg; 3]) -> [Reg; 3] {
        a.map(|r| self.push(Node::Neg(r)))
    }

    /// a² with derivative 2a.
    fn square(&mut self, a: [Reg; 3]) -> [Reg; 3] {
        let two = self.push(Node::Const(2.0));
        let d = self.push(Node::Mul(two, a[0]));
        let v = self.push(Node::Mul(a[0], a[0]));
        [v, self.mul(d, a[1]), self.mul(d, a[2])]
    }

    /// aⁿ: written out as [`pow_parts`] computes it for small positive `n`, else a call.
    fn pow(&mut self, a: [Reg; 3], n: i32) -> [Reg; 3] {
        if !(1..=POW_INLINE).contains(&n) {
            return self.unary(Unary::Pow(n), a);
        }
        let x = a[0];
        let mut q = None;
        for _ in 1..n {
            q = Some(match q {
                None => x,
                Some(q) => self.push(Node::Mul(q, x)),
            });
        }
        let (v, q) = match q {
            None => (x, self.push(Node::Const(1.0))),
            Some(q) => (self.push(Node::Mul(q, x)), q),
        };
        let k = self.push(Node::Const(f64::from(n)));
        let d = self.push(Node::Mul(k, q));
        [v, self.mul(d, a[1]), self.mul(d, a[2])]
    }

    fn unary(&mut self, u: Unary, a: [Reg; 3]) -> [Reg; 3] {
        let v = self.push(Node::Unary(u, a[0]));
        let d = self.push(Node::Slope);
        [v, self.mul(d, a[1]), self.mul(d, a[2])]
    }

    /// `a ∘ b` over dual numbers, as [`Dual`]'s arithmetic writes it.
    fn bin(&mut self, op: Bin, a: [Reg; 3], b: [Reg; 3]) -> [Reg; 3] {
        match op {
            Bin::Add => [0, 1, 2].map(|i| self.push(Node::Add(a[i], b[i]))),
            Bin::Sub => [0, 1, 2].map(|i| self.sub(a[i], b[i])),
            Bin::Mul => {
                let v = self.push(Node::Mul(a[0], b[0]));
                let [gx, gy] = [1, 2].map(|i| {
                    let l = self.mul(a[0], b[i]);
                    let r = self.mul(a[i], b[0]);
                    self.push(Node::Add(l, r))
                });
                [v, gx, gy]
            }
            Bin::Div => {
                // q = a/b, ∇q = (∇a − q∇b)/b.
                let q = self.push(Node::Div(a[0], b[0]));
                let [gx, gy] = [1, 2].map(|i| {
                    let t = self.mul(q, b[i]);
                    let s = self.sub(a[i], t);
                    self.push(Node::Div(s, b[0]))
                });
                [q, gx, gy]
            }
            Bin::Min | Bin::Max => {
                let max = op == Bin::Max;
                [0, 1, 2].map(|i| {
                    self.push(Node::Pick {
                        max,
                        a: a[0],
                        b: b[0],
                        then: b[i],
                        other: a[i],
                    })
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::expr::{Formula, Op};
    use crate::core::surface::TWINS;

    fn bits(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    /// Formulas that between them use every instruction and operand form.
    const FORMULAS: &[&str] = &[
        "(1 - x)^2 + 100*(y - x^2)^2",
        "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        "x^4 - 3*x^3 + 2 + x^1 + x^0 + x^-2 + (x*y)^-3 + x^9 + y^8 + x^7",
        "-x + -(x*y) + 2 - y + y*3 + x/4 + 4/x + y/x + x/y + (x*y)/(x+y)",
        "x - (x*y) + y*(x + 1) - y/(x - 2) + x*x + y*y + x + y + y - x + 0*x - 0",
        "min(x, y) + max(x, 2) + min(3, y*x) + max(x*y, y) + min(x*y, x - y) + max(y, x)",
        "sin(x) + cos(y) + tan(x/4) + exp(x/3) + log(2 + y^2) + sqrt(1 + x^2) + abs(x - y)",
        "tanh(x*y) + sinh(x/2) + cosh(y/2) + atan(x - y) + sigmoid(2*x) + softplus(y - x)",
        "x*(y*(x*(y*(x + 1) + 1) + 1) + 1) - (x - (y - (x - (y - 1))))",
        "1 - x*1 + y - 0 + x*0",
        "x",
        "y",
        "3",
        "-x",
        "x^2",
        "x^1",
    ];

    const POINTS: &[[f64; 2]] = &[
        [0.3, -0.7],
        [-1.2, 1.0],
        [1.7, 0.5],
        [0.0, 0.0],
        [-0.0, -0.0],
        [2.0, -2.0],
        [1.0, 1.0],
        [-0.0, 3.5],
        [f64::NAN, 1.0],
        [1.0, f64::INFINITY],
        [f64::NEG_INFINITY, -1.0],
        [1e300, -1e-300],
        [5e-324, 2.0],
    ];

    #[test]
    fn the_tape_is_the_interpreter_to_the_bit() {
        let twins = TWINS.iter().filter_map(|(_, f)| {
            let start = f.find("f=\"")? + 3;
            let end = start + f.get(start..)?.find('"')?;
            f.get(start..end)
        });
        let mut count = 0;
        for text in FORMULAS.iter().copied().chain(twins) {
            let f = Formula::parse(text, Some(2)).unwrap();
            let tape = Tape::of(f.program()).unwrap();
            for &[x, y] in POINTS {
                let want = f.program().run_dual(x, y, &mut Vec::new());
                let got = tape.eval(x, y);
                assert!(
                    bits(got.v, want.v),
                    "{text} at ({x}, {y}): {got:?} vs {want:?}"
                );
                for (a, b) in got.g.iter().zip(want.g) {
                    assert!(bits(*a, b), "{text} at ({x}, {y}): {got:?} vs {want:?}");
                }
                count += 1;
            }
        }
        assert!(count > 200, "{count}");
    }

    #[test]
    fn rewrites_only_what_is_exact_and_liveness_reaches_the_inputs() {
        // x·1 and x − 0 vanish; x + 0 and x·0 stay (−0 + 0 is +0, ∞·0 is NaN).
        let f = Formula::parse("x*1 - 0 + (x + 0)*(x*0)", Some(2)).unwrap();
        let tape = Tape::of(f.program()).unwrap();
        let live = tape.live();
        assert_eq!(live.len(), tape.nodes().len());
        assert!(live.iter().filter(|l| **l).count() < live.len());
        let x = tape.nodes().iter().position(|n| *n == Node::X).unwrap();
        assert!(live[x]);
        for [x, y] in [[-0.0, 0.0], [f64::INFINITY, 1.0]] {
            let want = f.program().run_dual(x, y, &mut Vec::new());
            let got = tape.eval(x, y);
            assert!(
                bits(got.v, want.v) && bits(got.g[0], want.g[0]),
                "{got:?} {want:?}"
            );
        }
    }

    #[test]
    fn a_high_power_is_a_call_and_a_huge_program_is_refused() {
        let f = Formula::parse("x^64", Some(1)).unwrap();
        let tape = Tape::of(f.program()).unwrap();
        assert!(tape.nodes().len() < 20);
        assert!(tape
            .nodes()
            .iter()
            .any(|n| matches!(n, Node::Unary(Unary::Pow(64), _))));
        assert!(Tape::of(&Program::default()).is_some());
        // x·x·…·x, far longer than any formula the parser accepts.
        let mut ops = vec![Op::X];
        for _ in 0..10_000 {
            ops.extend([Op::X, Op::Mul]);
        }
        assert!(Tape::of(&Program::lower(&ops)).is_none());
        ops.truncate(2001);
        let tape = Tape::of(&Program::lower(&ops)).unwrap();
        assert!(tape.nodes().len() <= MAX_NODES);
        let want = Program::lower(&ops).run_dual(1.0001, 0.0, &mut Vec::new());
        assert!(bits(tape.eval(1.0001, 0.0).v, want.v));
    }
}
