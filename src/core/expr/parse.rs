//! The formula parser: text to postfix [`Op`]s, by recursive descent with a depth
//! limit, folding constant sub-expressions as it goes.
//!
//! ```text
//! sum     = product { ("+" | "-") product }
//! product = unary { ("*" | "/") unary }
//! unary   = "-" unary | power
//! power   = atom [ "^" unary ]          (the exponent must be a whole constant)
//! atom    = number | "x" | "y" | "pi" | "e" | name "(" sum [ "," sum ] ")" | "(" sum ")"
//! ```
//!
//! So `-x^2` is `−(x²)` and `2^3^2` is `2^9`. Every error is a
//! [`Error::Formula`] with the 1-based column of the character it concerns.

use super::op::{pow, Func, Op, FUNCTIONS};
use crate::core::error::{Error, Result};
use crate::core::limits::{MAX_FORMULA_DEPTH, MAX_FORMULA_LEN, MAX_FORMULA_POWER};

/// What an operand may be, for the "expected" messages.
const OPERAND: &str = "expected a number, x, y, pi, e, a function or (";

/// The postfix program of `text`, and whether it uses `y`. With `dim = Some(1)`, `y` is
/// an error.
pub(super) fn parse(text: &str, dim: Option<usize>) -> Result<(Vec<Op>, bool)> {
    if text.chars().nth(MAX_FORMULA_LEN).is_some() {
        return Err(Box::new(Error::Formula {
            column: MAX_FORMULA_LEN + 1,
            what: format!("a formula has at most {MAX_FORMULA_LEN} characters"),
        }));
    }
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
        one_d: dim == Some(1),
        uses_y: false,
        ops: Vec::new(),
    };
    p.sum()?;
    p.ws();
    match p.peek() {
        None => Ok((p.ops, p.uses_y)),
        Some(b')') => Err(p.err("this ) has no ( before it")),
        Some(_) => Err(p.err("expected an operator: + - * / ^")),
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
    one_d: bool,
    uses_y: bool,
    ops: Vec<Op>,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> Box<Error> {
        self.err_at(self.i, what)
    }

    fn err_at(&self, i: usize, what: &str) -> Box<Error> {
        Box::new(Error::Formula {
            column: i + 1,
            what: what.to_string(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Opens one nesting level at byte `at` (an error past the limit).
    fn enter(&mut self, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_FORMULA_DEPTH {
            return Err(self.err_at(
                at,
                &format!("nested more than {MAX_FORMULA_DEPTH} levels deep"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Appends `op`, folding it into a constant when all its arguments are constants.
    fn emit(&mut self, op: Op) {
        let n = op.arity();
        if n > 0 {
            if let Some(at) = self.ops.len().checked_sub(n) {
                let args = self.ops.get(at..).unwrap_or(&[]);
                if args.iter().all(|o| matches!(o, Op::Const(_))) {
                    let mut stack: Vec<f64> = Vec::with_capacity(n + 1);
                    for o in args.iter().chain(std::iter::once(&op)) {
                        step(*o, 0.0, 0.0, &mut stack);
                    }
                    if let [v] = stack.as_slice() {
                        let v = *v;
                        self.ops.truncate(at);
                        self.ops.push(Op::Const(v));
                        return;
                    }
                }
            }
        }
        self.ops.push(op);
    }

    fn sum(&mut self) -> Result<()> {
        self.product()?;
        loop {
            self.ws();
            let op = match self.peek() {
                Some(b'+') => Op::Add,
                Some(b'-') => Op::Sub,
                _ => return Ok(()),
            };
            self.i += 1;
            self.product()?;
            self.emit(op);
        }
    }

    fn product(&mut self) -> Result<()> {
        self.unary()?;
        loop {
            self.ws();
            let op = match self.peek() {
                Some(b'*') => Op::Mul,
                Some(b'/') => Op::Div,
                _ => return Ok(()),
            };
            self.i += 1;
            self.unary()?;
            self.emit(op);
        }
    }

    fn unary(&mut self) -> Result<()> {
        self.ws();
        if self.peek() == Some(b'-') {
            self.enter(self.i)?;
            self.i += 1;
            self.unary()?;
            self.emit(Op::Neg);
            self.leave();
            return Ok(());
        }
        self.power()
    }

    fn power(&mut self) -> Result<()> {
        self.atom()?;
        self.ws();
        if self.peek() != Some(b'^') {
            return Ok(());
        }
        let caret = self.i;
        self.enter(caret)?;
        self.i += 1;
        self.ws();
        let from = self.i;
        let start = self.ops.len();
        self.unary()?;
        self.leave();
        let n =
            match self.ops.get(start..) {
                Some([Op::Const(n)]) => *n,
                _ => return Err(self.err_at(
                    from,
                    "an exponent must be a whole number such as 2 or -1 (not a function of x or y)",
                )),
            };
        let max = f64::from(MAX_FORMULA_POWER);
        if n.fract() != 0.0 || !(-max..=max).contains(&n) {
            return Err(self.err_at(
                from,
                &format!(
                    "an exponent must be a whole number from -{MAX_FORMULA_POWER} to {MAX_FORMULA_POWER}, not {}",
                    crate::core::num::fmt_f64(n)
                ),
            ));
        }
        self.ops.truncate(start);
        self.emit(Op::Pow(n as i32));
        Ok(())
    }

    fn atom(&mut self) -> Result<()> {
        self.ws();
        let at = self.i;
        match self.peek() {
            Some(c) if c.is_ascii_digit() || c == b'.' => self.number(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.name(),
            Some(b'(') => {
                self.enter(at)?;
                self.i += 1;
                self.sum()?;
                self.close(at)?;
                self.leave();
                Ok(())
            }
            Some(c) if !c.is_ascii() => {
                Err(self.err("only ASCII letters, digits and + - * / ^ ( ) , are allowed"))
            }
            _ => Err(self.err(OPERAND)),
        }
    }

    /// Expects the `)` that closes the `(` at byte `open`.
    fn close(&mut self, open: usize) -> Result<()> {
        self.ws();
        if self.peek() == Some(b')') {
            self.i += 1;
            return Ok(());
        }
        let what = format!("expected \")\" to close the \"(\" at column {}", open + 1);
        Err(self.err(&what))
    }

    /// A number in the spec language's syntax (digits, an optional fraction and an
    /// optional exponent), read by the spec's own number parser.
    fn number(&mut self) -> Result<()> {
        let start = self.i;
        let digits = |p: &mut Self| {
            while matches!(p.peek(), Some(c) if c.is_ascii_digit()) {
                p.i += 1;
            }
        };
        digits(self);
        if self.peek() == Some(b'.') {
            self.i += 1;
            digits(self);
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(self.s.get(self.i + 1), Some(b'+' | b'-')));
            if matches!(self.s.get(self.i + 1 + sign), Some(c) if c.is_ascii_digit()) {
                self.i += 1 + sign;
                digits(self);
            }
        }
        let tok = std::str::from_utf8(self.s.get(start..self.i).unwrap_or(&[])).unwrap_or("");
        match crate::core::num::parse_f64(tok) {
            Some(v) if v.is_finite() => {
                self.emit(Op::Const(v));
                Ok(())
            }
            Some(_) => Err(self.err_at(start, "this number is too large")),
            None => Err(self.err_at(start, &format!("\"{tok}\" is not a number"))),
        }
    }

    /// A variable, a constant or a function call.
    fn name(&mut self) -> Result<()> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.i += 1;
        }
        let name = std::str::from_utf8(self.s.get(start..self.i).unwrap_or(&[])).unwrap_or("");
        let after = self.i;
        self.ws();
        let call = self.peek() == Some(b'(');
        if !call {
            self.i = after;
            let op = match name {
                "x" => Op::X,
                "y" if self.one_d => {
                    return Err(self.err_at(start, "y is not allowed in a 1-D formula (only x)"))
                }
                "y" => {
                    self.uses_y = true;
                    Op::Y
                }
                "pi" => Op::Const(std::f64::consts::PI),
                "e" => Op::Const(std::f64::consts::E),
                f if FUNCTIONS.contains(&f) => {
                    let what = format!("expected \"(\" after the function {f}");
                    return Err(self.err(&what));
                }
                other => {
                    return Err(self.err_at(
                        start,
                        &format!(
                            "unknown name \"{other}\"; a formula knows x, y, pi, e and the functions {}",
                            FUNCTIONS.join(", ")
                        ),
                    ))
                }
            };
            self.emit(op);
            return Ok(());
        }
        let two = match name {
            "min" => Some(Op::Min),
            "max" => Some(Op::Max),
            _ => None,
        };
        let one = Func::named(name);
        if two.is_none() && one.is_none() {
            return Err(self.err_at(
                start,
                &format!(
                    "unknown function \"{name}\"; known: {}",
                    FUNCTIONS.join(", ")
                ),
            ));
        }
        let open = self.i;
        self.enter(open)?;
        self.i += 1;
        self.sum()?;
        if let Some(op) = two {
            self.ws();
            if self.peek() != Some(b',') {
                let what = format!("expected \",\": {name} takes two arguments");
                return Err(self.err(&what));
            }
            self.i += 1;
            self.sum()?;
            self.close(open)?;
            self.emit(op);
        } else if let Some(f) = one {
            self.ws();
            if self.peek() == Some(b',') {
                let what = format!("{name} takes one argument");
                return Err(self.err(&what));
            }
            self.close(open)?;
            self.emit(Op::Call(f));
        }
        self.leave();
        Ok(())
    }
}

/// Runs one instruction on `stack` at the point (x, y); an instruction short of
/// arguments pushes NaN (never the case for a parsed program).
pub(super) fn step<T: super::jet::Num>(op: Op, x: T, y: T, stack: &mut Vec<T>) {
    let nan = T::cst(f64::NAN);
    let r = match op {
        Op::Const(c) => T::cst(c),
        Op::X => x,
        Op::Y => y,
        Op::Neg => stack.pop().unwrap_or(nan).neg(),
        Op::Pow(n) => pow(stack.pop().unwrap_or(nan), n),
        Op::Call(f) => f.apply(stack.pop().unwrap_or(nan)),
        Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Min | Op::Max => {
            let b = stack.pop().unwrap_or(nan);
            let a = stack.pop().unwrap_or(nan);
            match op {
                Op::Add => a.add(b),
                Op::Sub => a.sub(b),
                Op::Mul => a.mul(b),
                Op::Div => a.div(b),
                Op::Min if b.val() < a.val() || b.val().is_nan() => b,
                Op::Max if b.val() > a.val() || b.val().is_nan() => b,
                _ => a,
            }
        }
    };
    stack.push(r);
}
