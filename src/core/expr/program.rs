//! The form a formula is evaluated in: its postfix [`Op`]s lowered once into an
//! accumulator program, so that evaluation touches the stack only where a formula really
//! holds two computed values at once.
//!
//! The running result stays in one local (the accumulator). A variable or a constant is
//! never pushed: it becomes the operand of the instruction that uses it (`x - c`,
//! `c·a`, `y − a`), and `a^2` is a flag on the step that computes `a`. Each step computes exactly
//! what the postfix instruction it stands for computes, with the same rounding (`a − c`
//! is `a + (−c)` in floating point; a constant factor or summand leaves no
//! `0·value` terms in the derivatives, which differs only where the value is already
//! infinite or NaN).
//!
//! Rosenbrock, `(1 - x)^2 + 100*(y - x^2)^2`, is 12 postfix instructions and 6 steps
//! here (each `^2` fused into the step before it), with one push and one pop.

use super::jet::{Dual, Num};
use super::op::{pow, pow_parts, Func, Op};

/// A number the program reads without computing it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Leaf {
    /// x.
    X,
    /// y.
    Y,
    /// A constant.
    Const(f64),
}

/// x or y.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    /// x.
    X,
    /// y.
    Y,
}

impl Var {
    /// The variable as a leaf.
    fn leaf(self) -> Leaf {
        match self {
            Var::X => Leaf::X,
            Var::Y => Leaf::Y,
        }
    }
}

/// An operation of two arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bin {
    /// a + b.
    Add,
    /// a − b.
    Sub,
    /// a · b.
    Mul,
    /// a / b.
    Div,
    /// The smaller (a when equal; b when b is NaN).
    Min,
    /// The larger (a when equal; b when b is NaN).
    Max,
}

/// One instruction of the accumulator program (`acc` is the accumulator).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ins {
    /// acc = leaf (nothing is held yet).
    Load(Leaf),
    /// Push acc, then acc = leaf.
    Push(Leaf),
    /// acc = −acc.
    Neg,
    /// acc = acc · acc (`a^2`).
    Square,
    /// acc = accⁿ by repeated multiplication.
    Pow(i32),
    /// acc = f(acc).
    Call(Func),
    /// acc = acc + c.
    AddConst(f64),
    /// acc = c − acc.
    ConstSub(f64),
    /// acc = c · acc.
    MulConst(f64),
    /// acc = acc + v.
    AddVar(Var),
    /// acc = acc − v.
    SubVar(Var),
    /// acc = v − acc.
    VarSub(Var),
    /// acc = acc · v.
    MulVar(Var),
    /// acc = acc ∘ leaf.
    Right(Bin, Leaf),
    /// acc = leaf ∘ acc.
    Left(Bin, Leaf),
    /// acc = popped ∘ acc.
    Pop(Bin),
}

/// An instruction, and whether its result is then squared (a following `^2` fused into
/// it, which saves an instruction dispatch; `(1 - x)^2` is one step).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The instruction.
    pub ins: Ins,
    /// Whether the accumulator is then squared, as [`Ins::Square`] does.
    pub square: bool,
}

impl Step {
    /// `ins`, not squared.
    pub fn plain(ins: Ins) -> Step {
        Step { ins, square: false }
    }
}

/// A formula's accumulator program and the stack it needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    code: Vec<Step>,
    depth: usize,
}

/// What the lowering knows about one postfix stack entry.
#[derive(Clone, Copy)]
enum Slot {
    /// A leaf not yet loaded anywhere.
    Leaf(Leaf),
    /// A computed value: the accumulator if it is the topmost computed entry, else on
    /// the stack.
    Computed,
}

impl Program {
    /// Lowers a postfix program. Postfix that is short of arguments or leaves other than
    /// one result (never the output of the parser) lowers to a program whose value is
    /// NaN.
    pub fn lower(ops: &[Op]) -> Program {
        let mut l = Lowering::default();
        for op in ops {
            if l.op(*op).is_none() {
                return Program {
                    code: vec![Step::plain(Ins::Load(Leaf::Const(f64::NAN)))],
                    depth: 0,
                };
            }
        }
        match l.slots.as_slice() {
            [Slot::Leaf(leaf)] => l.code.push(Step::plain(Ins::Load(*leaf))),
            [Slot::Computed] => {}
            // Nothing, or more than one result: not a formula.
            _ => l.code = vec![Step::plain(Ins::Load(Leaf::Const(f64::NAN)))],
        }
        Program {
            code: l.code,
            depth: l.max_depth,
        }
    }

    /// The instructions.
    pub fn code(&self) -> &[Step] {
        &self.code
    }

    /// How many entries the stack holds at most (besides the accumulator).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Runs the program at (x, y) over any [`Num`], with `stack` as scratch (cleared
    /// first; keep it between calls so that no call allocates).
    pub fn run<T: Num>(&self, x: T, y: T, stack: &mut Vec<T>) -> T {
        stack.clear();
        stack.reserve(self.depth);
        let mut acc = T::cst(f64::NAN);
        for step in &self.code {
            acc = match step.ins {
                Ins::Load(l) => leaf(l, x, y),
                Ins::Push(l) => {
                    stack.push(acc);
                    leaf(l, x, y)
                }
                Ins::Neg => acc.neg(),
                Ins::Square => square(acc),
                Ins::Pow(n) => pow(acc, n),
                Ins::Call(f) => f.apply(acc),
                Ins::AddConst(c) => acc.add_const(c),
                Ins::ConstSub(c) => acc.neg().add_const(c),
                Ins::MulConst(c) => acc.mul_const(c),
                Ins::AddVar(v) => acc.add(leaf(v.leaf(), x, y)),
                Ins::SubVar(v) => acc.sub(leaf(v.leaf(), x, y)),
                Ins::VarSub(v) => leaf(v.leaf(), x, y).sub(acc),
                Ins::MulVar(v) => acc.mul(leaf(v.leaf(), x, y)),
                Ins::Right(op, l) => bin(op, acc, leaf(l, x, y)),
                Ins::Left(op, l) => bin(op, leaf(l, x, y), acc),
                Ins::Pop(op) => bin(op, stack.pop().unwrap_or_else(|| T::cst(f64::NAN)), acc),
            };
            if step.square {
                acc = square(acc);
            }
        }
        acc
    }

    /// The value and gradient at (x, y): [`Program::run`] over [`Dual`] numbers, with
    /// the same arithmetic, but with the accumulator held as three plain numbers (value,
    /// ∂/∂x, ∂/∂y) so that it stays in registers between instructions.
    pub fn run_dual(&self, x: f64, y: f64, stack: &mut Vec<Dual>) -> Dual {
        stack.clear();
        stack.reserve(self.depth);
        let mut a = Acc(f64::NAN, 0.0, 0.0);
        for step in &self.code {
            a = match step.ins {
                Ins::Push(l) => {
                    stack.push(a.into());
                    Acc::leaf(l, x, y)
                }
                Ins::Pop(op) => {
                    let lhs = stack.pop().unwrap_or_else(|| Dual::cst(f64::NAN));
                    pop(op, lhs, a)
                }
                // As `exec` computes it, natively with the function inlined here.
                #[cfg(not(target_arch = "wasm32"))]
                Ins::Call(f) => Acc::from(f.apply_inline(Dual::from(a))),
                ins => exec(ins, a, x, y),
            };
            if step.square {
                a = a.square();
            }
        }
        a.into()
    }

    /// The value and gradient at each of the first `n` points of `block` (at most
    /// [`BLOCK`]), each exactly what [`Program::run_dual`] gives for that point: the same
    /// arithmetic, one instruction at a time over the whole block, so that the
    /// instruction's dispatch is paid once per block rather than once per point.
    ///
    /// Natively, and in the modules with the convergence map (whose kernel asks for many
    /// points at once) or the benchmark; a lesson page's module leaves it out (it weighs
    /// about 3 KB gzipped, and the lesson pages' budget is tight).
    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    pub fn run_block(&self, block: &mut Block, n: usize) {
        let n = n.min(BLOCK);
        if block.stack.len() < self.depth {
            block.stack.resize(self.depth, Lanes::nan());
        }
        if !matches!(
            self.code.first(),
            Some(Step {
                ins: Ins::Load(_),
                ..
            })
        ) {
            block.acc.fill(n, Acc(f64::NAN, 0.0, 0.0));
        }
        // How many stack entries are held (each a whole block's).
        let mut sp = 0;
        for step in &self.code {
            let (ins, sq) = (step.ins, step.square);
            let Block { x, y, acc, stack } = &mut *block;
            let lhs = match ins {
                Ins::Push(_) => {
                    if let Some(top) = stack.get_mut(sp) {
                        top.copy(acc, n);
                    }
                    sp += 1;
                    None
                }
                Ins::Pop(_) => {
                    let top = sp.checked_sub(1);
                    sp = top.unwrap_or(0);
                    top.and_then(|s| stack.get(s))
                }
                _ => None,
            };
            // The common instructions each have a loop of their own, which hands `exec` a
            // known instruction so that its dispatch folds away.
            match (ins, lhs) {
                (Ins::Load(Leaf::X) | Ins::Push(Leaf::X), _) => {
                    acc.each(n, x, y, sq, |_, x, _| Acc(x, 1.0, 0.0))
                }
                (Ins::Load(Leaf::Y) | Ins::Push(Leaf::Y), _) => {
                    acc.each(n, x, y, sq, |_, _, y| Acc(y, 0.0, 1.0))
                }
                (Ins::Pop(Bin::Add), Some(l)) => {
                    acc.pop(n, l, sq, |l, a| pop(Bin::Add, l.into(), a))
                }
                (Ins::Pop(Bin::Sub), Some(l)) => {
                    acc.pop(n, l, sq, |l, a| pop(Bin::Sub, l.into(), a))
                }
                (Ins::Pop(Bin::Mul), Some(l)) => {
                    acc.pop(n, l, sq, |l, a| pop(Bin::Mul, l.into(), a))
                }
                (Ins::Pop(op), Some(l)) => acc.pop(n, l, sq, |l, a| pop(op, l.into(), a)),
                (Ins::Pow(k), _) if k > 2 => acc.each(n, x, y, sq, |a, _, _| {
                    let (v, d) = pow_parts(k, a.0);
                    Acc(v, d * a.1, d * a.2)
                }),
                (Ins::AddConst(c), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::AddConst(c), a, x, y))
                }
                (Ins::ConstSub(c), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::ConstSub(c), a, x, y))
                }
                (Ins::MulConst(c), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::MulConst(c), a, x, y))
                }
                (Ins::AddVar(v), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::AddVar(v), a, x, y))
                }
                (Ins::SubVar(v), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::SubVar(v), a, x, y))
                }
                (Ins::VarSub(v), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::VarSub(v), a, x, y))
                }
                (Ins::MulVar(v), _) => {
                    acc.each(n, x, y, sq, |a, x, y| exec(Ins::MulVar(v), a, x, y))
                }
                // The rest, dispatched at each point: a function costs more than its
                // dispatch, and the others are rarer (a popped entry missing, which no
                // lowered program has, gives NaN as in `run_dual`).
                (ins, _) => acc.each(n, x, y, sq, |a, x, y| exec(ins, a, x, y)),
            }
        }
    }
}

/// Points per block of [`Program::run_block`]: enough that an instruction's dispatch is
/// spread thin, few enough that a block's numbers stay in the first-level cache.
#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
pub const BLOCK: usize = 128;

/// [`BLOCK`] dual numbers as three arrays (values, ∂/∂x, ∂/∂y).
#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
#[derive(Debug, Clone)]
struct Lanes {
    v: [f64; BLOCK],
    gx: [f64; BLOCK],
    gy: [f64; BLOCK],
}

#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
impl Lanes {
    fn nan() -> Lanes {
        Lanes {
            v: [f64::NAN; BLOCK],
            gx: [0.0; BLOCK],
            gy: [0.0; BLOCK],
        }
    }

    /// Sets the first `n` entries to `a`.
    fn fill(&mut self, n: usize, a: Acc) {
        for i in 0..n.min(BLOCK) {
            (self.v[i], self.gx[i], self.gy[i]) = (a.0, a.1, a.2);
        }
    }

    /// Copies the first `n` entries of `o`.
    fn copy(&mut self, o: &Lanes, n: usize) {
        let n = n.min(BLOCK);
        self.v[..n].copy_from_slice(&o.v[..n]);
        self.gx[..n].copy_from_slice(&o.gx[..n]);
        self.gy[..n].copy_from_slice(&o.gy[..n]);
    }

    /// Entry i = f(entry i, x[i], y[i]) for the first `n` entries, squared after when
    /// `sq`.
    #[inline(always)]
    fn each(
        &mut self,
        n: usize,
        x: &[f64; BLOCK],
        y: &[f64; BLOCK],
        sq: bool,
        f: impl Fn(Acc, f64, f64) -> Acc,
    ) {
        // Index loops: in a module built for size, iterator adapters such as `zip`
        // stay calls.
        for i in 0..n.min(BLOCK) {
            let mut r = f(Acc(self.v[i], self.gx[i], self.gy[i]), x[i], y[i]);
            if sq {
                r = r.square();
            }
            (self.v[i], self.gx[i], self.gy[i]) = (r.0, r.1, r.2);
        }
    }

    /// Entry i = f(lhs entry i, entry i) for the first `n` entries, squared after when
    /// `sq`.
    #[inline(always)]
    fn pop(&mut self, n: usize, lhs: &Lanes, sq: bool, f: impl Fn(Acc, Acc) -> Acc) {
        for i in 0..n.min(BLOCK) {
            let l = Acc(lhs.v[i], lhs.gx[i], lhs.gy[i]);
            let mut r = f(l, Acc(self.v[i], self.gx[i], self.gy[i]));
            if sq {
                r = r.square();
            }
            (self.v[i], self.gx[i], self.gy[i]) = (r.0, r.1, r.2);
        }
    }
}

/// The points, results and stack of [`Program::run_block`]: reusable scratch (about
/// 5 KB, more for a formula that holds values on its stack).
#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
#[derive(Debug, Clone)]
pub struct Block {
    x: [f64; BLOCK],
    y: [f64; BLOCK],
    acc: Lanes,
    stack: Vec<Lanes>,
}

#[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
impl Block {
    /// An empty block, on the heap.
    pub fn boxed() -> Box<Block> {
        Box::new(Block {
            x: [0.0; BLOCK],
            y: [0.0; BLOCK],
            acc: Lanes::nan(),
            stack: Vec::new(),
        })
    }

    /// Reads up to [`BLOCK`] points from `points` (`d` numbers a point, x then y; y is
    /// 0 when `d` is 1) and returns how many.
    pub fn read(&mut self, points: &[f64], d: usize) -> usize {
        let n = points.len().checked_div(d).unwrap_or(0).min(BLOCK);
        for i in 0..n {
            let k = i * d;
            self.x[i] = points.get(k).copied().unwrap_or(0.0);
            self.y[i] = if d > 1 {
                points.get(k + 1).copied().unwrap_or(0.0)
            } else {
                0.0
            };
        }
        n
    }

    /// Writes the first `n` results: values into `loss`, and into `grad` (when given)
    /// the first `d` (1 or 2) gradient entries of each (`d` numbers a point). Stops at
    /// the end of the shorter slice.
    pub fn write(&self, n: usize, loss: &mut [f64], grad: Option<&mut [f64]>, d: usize) {
        let a = &self.acc;
        let m = n.min(BLOCK).min(loss.len());
        if let (Some(to), Some(from)) = (loss.get_mut(..m), a.v.get(..m)) {
            to.copy_from_slice(from);
        }
        let Some(g) = grad else { return };
        if d == 1 {
            let m = n.min(BLOCK).min(g.len());
            if let (Some(to), Some(from)) = (g.get_mut(..m), a.gx.get(..m)) {
                to.copy_from_slice(from);
            }
        } else if d == 2 {
            for i in 0..n.min(BLOCK).min(g.len() / 2) {
                g[2 * i] = a.gx[i];
                g[2 * i + 1] = a.gy[i];
            }
        }
    }

    /// The result at point `i` (NaN beyond [`BLOCK`]).
    pub fn get(&self, i: usize) -> Dual {
        let a = &self.acc;
        match (a.v.get(i), a.gx.get(i), a.gy.get(i)) {
            (Some(&v), Some(&gx), Some(&gy)) => Dual { v, g: [gx, gy] },
            _ => Dual::cst(f64::NAN),
        }
    }
}

/// One instruction on the accumulator `a` at (x, y), over dual numbers: the arithmetic
/// both [`Program::run_dual`] and [`Program::run_block`] do. The stack is the caller's:
/// here `Push` only loads its leaf, and `Pop` finds no entry (NaN), as `run_dual` does
/// on an empty stack.
#[inline(always)]
fn exec(ins: Ins, a: Acc, x: f64, y: f64) -> Acc {
    match ins {
        Ins::Load(l) | Ins::Push(l) => Acc::leaf(l, x, y),
        Ins::Neg => Acc(-a.0, -a.1, -a.2),
        Ins::Square => a.square(),
        Ins::Pow(n) if n > 0 => {
            let (v, d) = pow_parts(n, a.0);
            Acc(v, d * a.1, d * a.2)
        }
        Ins::Pow(n) => Acc::from(pow(Dual::from(a), n)),
        Ins::Call(f) => Acc::from(f.apply(Dual::from(a))),
        Ins::AddConst(c) => Acc(a.0 + c, a.1, a.2),
        Ins::ConstSub(c) => Acc(-a.0 + c, -a.1, -a.2),
        Ins::MulConst(c) => Acc(a.0 * c, a.1 * c, a.2 * c),
        Ins::AddVar(v) => Acc::from(Dual::from(a).add(Acc::var(v, x, y).into())),
        Ins::SubVar(v) => Acc::from(Dual::from(a).sub(Acc::var(v, x, y).into())),
        Ins::VarSub(v) => Acc::from(Dual::from(Acc::var(v, x, y)).sub(a.into())),
        Ins::MulVar(v) => Acc::from(Dual::from(a).mul(Acc::var(v, x, y).into())),
        Ins::Right(op, l) => Acc::from(bin::<Dual>(op, a.into(), Acc::leaf(l, x, y).into())),
        Ins::Left(op, l) => Acc::from(bin::<Dual>(op, Acc::leaf(l, x, y).into(), a.into())),
        Ins::Pop(op) => pop(op, Dual::cst(f64::NAN), a),
    }
}

/// `lhs ∘ a`, as `Pop` computes it.
#[inline(always)]
fn pop(op: Bin, lhs: Dual, a: Acc) -> Acc {
    Acc::from(bin(op, lhs, Dual::from(a)))
}

/// The accumulator of [`Program::run_dual`]: value, ∂/∂x, ∂/∂y.
#[derive(Clone, Copy)]
struct Acc(f64, f64, f64);

impl Acc {
    /// `a²` as [`square`] computes it over [`Dual`] numbers.
    #[inline(always)]
    fn square(self) -> Acc {
        let d = 2.0 * self.0;
        Acc(self.0 * self.0, d * self.1, d * self.2)
    }

    /// A leaf with its gradient (x and y are the variables).
    #[inline(always)]
    fn leaf(l: Leaf, x: f64, y: f64) -> Acc {
        match l {
            Leaf::X => Acc(x, 1.0, 0.0),
            Leaf::Y => Acc(y, 0.0, 1.0),
            Leaf::Const(c) => Acc(c, 0.0, 0.0),
        }
    }

    /// A variable with its gradient.
    #[inline(always)]
    fn var(v: Var, x: f64, y: f64) -> Acc {
        match v {
            Var::X => Acc(x, 1.0, 0.0),
            Var::Y => Acc(y, 0.0, 1.0),
        }
    }
}

impl From<Dual> for Acc {
    #[inline(always)]
    fn from(d: Dual) -> Self {
        let [gx, gy] = d.g;
        Acc(d.v, gx, gy)
    }
}

impl From<Acc> for Dual {
    #[inline(always)]
    fn from(a: Acc) -> Self {
        Dual {
            v: a.0,
            g: [a.1, a.2],
        }
    }
}

/// The value of a leaf.
#[inline(always)]
fn leaf<T: Num>(l: Leaf, x: T, y: T) -> T {
    match l {
        Leaf::X => x,
        Leaf::Y => y,
        Leaf::Const(c) => T::cst(c),
    }
}

/// `a²` as [`pow`] computes it for `n = 2` (value `a·a`, derivatives `2a` and 2).
#[inline(always)]
fn square<T: Num>(a: T) -> T {
    let x = a.val();
    a.chain(x * x, || (2.0 * x, 2.0))
}

/// `a ∘ b`.
#[inline(always)]
fn bin<T: Num>(op: Bin, a: T, b: T) -> T {
    match op {
        Bin::Add => a.add(b),
        Bin::Sub => a.sub(b),
        Bin::Mul => a.mul(b),
        Bin::Div => a.div(b),
        Bin::Min if b.val() < a.val() || b.val().is_nan() => b,
        Bin::Max if b.val() > a.val() || b.val().is_nan() => b,
        Bin::Min | Bin::Max => a,
    }
}

/// The state of the lowering: the instructions so far, the postfix stack as the
/// lowering sees it, and the runtime stack's depth.
#[derive(Default)]
struct Lowering {
    code: Vec<Step>,
    slots: Vec<Slot>,
    /// Whether the accumulator holds a computed value.
    held: bool,
    depth: usize,
    max_depth: usize,
}

impl Lowering {
    /// Loads `leaf` into the accumulator, pushing what it held.
    fn load(&mut self, leaf: Leaf) {
        if self.held {
            self.code.push(Step::plain(Ins::Push(leaf)));
            self.depth += 1;
            self.max_depth = self.max_depth.max(self.depth);
        } else {
            self.code.push(Step::plain(Ins::Load(leaf)));
            self.held = true;
        }
    }

    /// Makes the top entry computed (in the accumulator).
    fn top_in_acc(&mut self) -> Option<()> {
        if let Slot::Leaf(leaf) = *self.slots.last()? {
            self.load(leaf);
            *self.slots.last_mut()? = Slot::Computed;
        }
        Some(())
    }

    /// Lowers one postfix instruction (`None` when it is short of arguments).
    fn op(&mut self, op: Op) -> Option<()> {
        let unary = match op {
            Op::Const(c) => return self.leaf(Leaf::Const(c)),
            Op::X => return self.leaf(Leaf::X),
            Op::Y => return self.leaf(Leaf::Y),
            Op::Neg => Ins::Neg,
            Op::Pow(2) => Ins::Square,
            Op::Pow(n) => Ins::Pow(n),
            Op::Call(f) => Ins::Call(f),
            Op::Add => return self.binary(Bin::Add),
            Op::Sub => return self.binary(Bin::Sub),
            Op::Mul => return self.binary(Bin::Mul),
            Op::Div => return self.binary(Bin::Div),
            Op::Min => return self.binary(Bin::Min),
            Op::Max => return self.binary(Bin::Max),
        };
        self.top_in_acc()?;
        match self.code.last_mut() {
            // The top is the accumulator, which the last step wrote.
            Some(last) if unary == Ins::Square && !last.square => last.square = true,
            _ => self.code.push(Step::plain(unary)),
        }
        Some(())
    }

    fn leaf(&mut self, leaf: Leaf) -> Option<()> {
        self.slots.push(Slot::Leaf(leaf));
        Some(())
    }

    fn binary(&mut self, op: Bin) -> Option<()> {
        let b = self.slots.pop()?;
        let a = self.slots.pop()?;
        let ins = match (a, b) {
            // A constant stays an operand (the parser folded constant pairs away).
            (Slot::Leaf(a @ Leaf::Const(_)), Slot::Leaf(b)) => {
                self.load(b);
                left(op, a)
            }
            (Slot::Leaf(a), Slot::Leaf(b)) => {
                self.load(a);
                right(op, b)
            }
            (Slot::Computed, Slot::Leaf(b)) => right(op, b),
            (Slot::Leaf(a), Slot::Computed) => left(op, a),
            (Slot::Computed, Slot::Computed) => {
                self.depth = self.depth.checked_sub(1)?;
                Ins::Pop(op)
            }
        };
        self.code.push(Step::plain(ins));
        self.slots.push(Slot::Computed);
        Some(())
    }
}

/// `acc ∘ leaf`, with the constant forms where they exist (`a − c` is `a + (−c)`
/// exactly).
fn right(op: Bin, leaf: Leaf) -> Ins {
    match (op, leaf) {
        (Bin::Add, Leaf::Const(c)) => Ins::AddConst(c),
        (Bin::Sub, Leaf::Const(c)) => Ins::AddConst(-c),
        (Bin::Mul, Leaf::Const(c)) => Ins::MulConst(c),
        (Bin::Add, Leaf::X) => Ins::AddVar(Var::X),
        (Bin::Add, Leaf::Y) => Ins::AddVar(Var::Y),
        (Bin::Sub, Leaf::X) => Ins::SubVar(Var::X),
        (Bin::Sub, Leaf::Y) => Ins::SubVar(Var::Y),
        (Bin::Mul, Leaf::X) => Ins::MulVar(Var::X),
        (Bin::Mul, Leaf::Y) => Ins::MulVar(Var::Y),
        _ => Ins::Right(op, leaf),
    }
}

/// `leaf ∘ acc`, with the constant forms where they exist.
fn left(op: Bin, leaf: Leaf) -> Ins {
    match (op, leaf) {
        (Bin::Add, Leaf::Const(c)) => Ins::AddConst(c),
        (Bin::Sub, Leaf::Const(c)) => Ins::ConstSub(c),
        (Bin::Mul, Leaf::Const(c)) => Ins::MulConst(c),
        (Bin::Sub, Leaf::X) => Ins::VarSub(Var::X),
        (Bin::Sub, Leaf::Y) => Ins::VarSub(Var::Y),
        // v + a and v · a round as a + v and a · v do, derivatives included.
        (Bin::Add | Bin::Mul, Leaf::X | Leaf::Y) => right(op, leaf),
        _ => Ins::Left(op, leaf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::expr::jet::Hyper;
    use crate::core::expr::Formula;

    /// Equal, or both NaN (+0 and −0 count as equal: a constant summand or factor leaves
    /// no `0·value` term, which may flip the sign of a zero derivative).
    fn same(a: f64, b: f64) -> bool {
        a == b || (a.is_nan() && b.is_nan())
    }

    /// Formulas that between them use every instruction, every operand form and the
    /// stack.
    const FORMULAS: &[&str] = &[
        "(1 - x)^2 + 100*(y - x^2)^2",
        "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        "x^4 - 3*x^3 + 2 + x^1 + x^0 + x^-2 + (x*y)^-3",
        "-x + -(x*y) + 2 - y + y*3 + x/4 + 4/x + y/x + x/y + (x*y)/(x+y)",
        "x - (x*y) + y*(x + 1) - y/(x - 2) + x*x + y*y + x + y + y - x",
        "min(x, y) + max(x, 2) + min(3, y*x) + max(x*y, y) + min(x*y, x - y) + max(y, x)",
        "sin(x) + cos(y) + tan(x/4) + exp(x/3) + log(2 + y^2) + sqrt(1 + x^2) + abs(x - y)",
        "tanh(x*y) + sinh(x/2) + cosh(y/2) + atan(x - y) + sigmoid(2*x) + softplus(y - x)",
        "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
        "x*(y*(x*(y*(x + 1) + 1) + 1) + 1) - (x - (y - (x - (y - 1))))",
        "x",
        "y",
        "3",
        "-x",
        "x^2",
    ];

    const POINTS: &[[f64; 2]] = &[
        [0.3, -0.7],
        [-1.2, 1.0],
        [1.7, 0.5],
        [0.0, 0.0],
        [2.0, -2.0],
        [1.0, 1.0],
        [-0.0, 3.5],
    ];

    #[test]
    fn every_evaluation_agrees_with_the_postfix_reference() {
        for text in FORMULAS {
            let f = Formula::parse(text, Some(2)).unwrap();
            let prog = f.program();
            assert!(prog.depth() <= f.stack_depth(), "{text}");
            for &[x, y] in POINTS {
                let want = f.eval_postfix(x, y, &mut Vec::new());
                let got = prog.run(x, y, &mut Vec::new());
                assert!(same(got, want), "{text} at ({x}, {y}): {got} vs {want}");

                let (dx, dy) = (Dual::var(0, x), Dual::var(1, y));
                let want = f.eval_postfix(dx, dy, &mut Vec::new());
                let generic = prog.run(dx, dy, &mut Vec::new());
                let fast = prog.run_dual(x, y, &mut Vec::new());
                for d in [generic, fast] {
                    assert!(same(d.v, want.v), "{text} at ({x}, {y}): {d:?} vs {want:?}");
                    if want.v.is_finite() {
                        for (a, b) in d.g.iter().zip(want.g) {
                            assert!(same(*a, b), "{text} at ({x}, {y}): {d:?} vs {want:?}");
                        }
                    }
                }
                // The dual pass is the generic one, bit for bit.
                assert_eq!(fast.v.to_bits(), generic.v.to_bits(), "{text}");
                for (a, b) in fast.g.iter().zip(generic.g) {
                    assert!(same(*a, b), "{text} at ({x}, {y})");
                }

                let (hx, hy) = (Hyper::var(0, x), Hyper::var(1, y));
                let want = f.eval_postfix(hx, hy, &mut Vec::new());
                let got = prog.run(hx, hy, &mut Vec::new());
                assert!(same(got.v, want.v), "{text} at ({x}, {y})");
                if want.v.is_finite() {
                    let pairs = got.g.iter().zip(want.g).chain(got.h.iter().zip(want.h));
                    for (a, b) in pairs {
                        assert!(same(*a, b), "{text} at ({x}, {y}): {got:?} vs {want:?}");
                    }
                }
            }
        }
    }

    /// Equal to the bit, or both NaN.
    fn bits(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[cfg(any(not(target_arch = "wasm32"), feature = "map", feature = "bench"))]
    #[test]
    fn a_block_is_the_single_pass_to_the_bit() {
        let specials = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            1e300,
            -1e-300,
            4.0,
        ];
        let mut points: Vec<[f64; 2]> = POINTS.to_vec();
        for &a in &specials {
            for &b in &specials {
                points.push([a, b]);
            }
            points.push([a, 0.5]);
            points.push([-1.5, a]);
        }
        for k in 0..200 {
            let t = k as f64;
            points.push([
                (t * 0.618).fract() * 8.0 - 4.0,
                (t * 0.755).fract() * 8.0 - 4.0,
            ]);
        }
        let mut extra: Vec<String> = FORMULAS.iter().map(|f| f.to_string()).collect();
        extra.extend(
            [
                "log(x) + sqrt(y) + 1/x + x^-1 + (x*y)^5 + x^7",
                "(x^3)^3 - y^4*x^2 + max(x, y)^3 + min(x/y, y/x)",
            ]
            .map(String::from),
        );
        let mut block = Block::boxed();
        for text in &extra {
            let f = Formula::parse(text, Some(2)).unwrap();
            let prog = f.program();
            // Blocks of every fill: one point, a few, and full ones.
            for chunk in points
                .chunks(BLOCK)
                .chain(points.chunks(7))
                .chain(points.chunks(1))
            {
                let flat: Vec<f64> = chunk.iter().flatten().copied().collect();
                let n = block.read(&flat, 2);
                assert_eq!(n, chunk.len());
                prog.run_block(&mut block, n);
                for (i, &[x, y]) in chunk.iter().enumerate() {
                    let want = prog.run_dual(x, y, &mut Vec::new());
                    let got = block.get(i);
                    let ok = bits(got.v, want.v)
                        && bits(got.g[0], want.g[0])
                        && bits(got.g[1], want.g[1]);
                    assert!(ok, "{text} at ({x}, {y}): {got:?} vs {want:?}");
                }
            }
        }
        // The stack-short program of the test below gives NaN in a block too.
        let p = Program {
            code: vec![
                Step::plain(Ins::Load(Leaf::X)),
                Step::plain(Ins::Pop(Bin::Add)),
            ],
            depth: 0,
        };
        let n = block.read(&[1.0, 2.0, 3.0, 4.0], 2);
        p.run_block(&mut block, n);
        assert!(block.get(0).v.is_nan() && block.get(1).v.is_nan());
        assert!(block.get(BLOCK).v.is_nan());
    }

    #[test]
    fn leaves_are_operands_and_the_stack_holds_only_computed_values() {
        let f = Formula::parse("(1 - x)^2 + 100*(y - x^2)^2", None).unwrap();
        assert_eq!(
            f.program().code(),
            &[
                Step::plain(Ins::Load(Leaf::X)),
                Step {
                    ins: Ins::ConstSub(1.0),
                    square: true
                },
                Step {
                    ins: Ins::Push(Leaf::X),
                    square: true
                },
                Step {
                    ins: Ins::VarSub(Var::Y),
                    square: true
                },
                Step::plain(Ins::MulConst(100.0)),
                Step::plain(Ins::Pop(Bin::Add)),
            ]
        );
        // A square of a square is a step of its own.
        let sq = Formula::parse("(x^2)^2", None).unwrap();
        let want = [
            Step {
                ins: Ins::Load(Leaf::X),
                square: true,
            },
            Step::plain(Ins::Square),
        ];
        assert_eq!(sq.program().code(), &want);
        assert_eq!(sq.value(&[3.0]), 81.0);
        assert_eq!((f.stack_depth(), f.program().depth()), (4, 1));
        // A long flat sum needs no stack at all.
        let flat = format!("x{}", " + x".repeat(99));
        let f = Formula::parse(&flat, None).unwrap();
        assert_eq!((f.program().depth(), f.program().code().len()), (0, 100));
        assert_eq!(f.value(&[1.5]), 150.0);
        // Leaves on both sides of an operation that is not commutative keep their order.
        let f = Formula::parse("x/y - y/x + min(y, x)", None).unwrap();
        assert_eq!(f.value(&[1.0, 4.0]), 0.25 - 4.0 + 1.0);
    }

    #[test]
    fn postfix_that_is_not_one_formula_evaluates_to_nan() {
        for ops in [
            &[][..],
            &[Op::Add],
            &[Op::X, Op::Mul],
            &[Op::Neg],
            &[Op::X, Op::Y],
            &[Op::X, Op::Neg, Op::Y],
        ] {
            let p = Program::lower(ops);
            assert!(p.run(1.0, 2.0, &mut Vec::new()).is_nan(), "{ops:?}");
            assert!(p.run_dual(1.0, 2.0, &mut Vec::new()).v.is_nan(), "{ops:?}");
        }
        // A stack too short at run time (not a lowered program's) gives NaN, not a panic.
        let p = Program {
            code: vec![
                Step::plain(Ins::Load(Leaf::X)),
                Step::plain(Ins::Pop(Bin::Add)),
            ],
            depth: 0,
        };
        assert!(p.run(1.0, 2.0, &mut Vec::new()).is_nan());
        assert!(p.run_dual(1.0, 2.0, &mut Vec::new()).v.is_nan());
    }
}
