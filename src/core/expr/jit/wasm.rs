//! A [`Tape`] as a WebAssembly module of two functions: `f(x, y, out)` writes the
//! value, ∂/∂x and ∂/∂y at one point as three `f64` at `out` in the memory it imports,
//! and `g(points, n, loss, grad, scratch)` does the same for `n` points in one loop.
//!
//! The module imports `e.m`, the page's own memory, and `e.h`, the function a function
//! call on the tape calls ([`super::call::unary_entry`]: kind, power, argument, and where to
//! write the value and the derivative: `out`, or `g`'s `scratch`). Each register of
//! the tape is a local; constants, x and y are read where they are used. Only the nodes
//! whose results are read are written out.

use crate::core::expr::tape::{Node, Reg, Tape};

use super::call::unary_code;

/// Opcodes used here.
mod op {
    pub const LOCAL_GET: u8 = 0x20;
    pub const LOCAL_SET: u8 = 0x21;
    pub const I32_CONST: u8 = 0x41;
    pub const F64_CONST: u8 = 0x44;
    pub const F64_LOAD: u8 = 0x2B;
    pub const F64_STORE: u8 = 0x39;
    pub const CALL: u8 = 0x10;
    pub const SELECT: u8 = 0x1B;
    pub const F64_NE: u8 = 0x62;
    pub const F64_LT: u8 = 0x63;
    pub const F64_GT: u8 = 0x64;
    pub const I32_OR: u8 = 0x72;
    pub const F64_NEG: u8 = 0x9A;
    pub const F64_ADD: u8 = 0xA0;
    pub const F64_SUB: u8 = 0xA1;
    pub const F64_MUL: u8 = 0xA2;
    pub const F64_DIV: u8 = 0xA3;
    pub const END: u8 = 0x0B;
    pub const BLOCK: u8 = 0x02;
    pub const LOOP: u8 = 0x03;
    pub const IF: u8 = 0x04;
    pub const BR_IF: u8 = 0x0D;
    pub const LOCAL_TEE: u8 = 0x22;
    pub const I32_EQZ: u8 = 0x45;
    pub const I32_ADD: u8 = 0x6A;
    pub const I32_SUB: u8 = 0x6B;
}

const F64: u8 = 0x7C;
const I32: u8 = 0x7F;
/// An empty block type.
const VOID: u8 = 0x40;

/// The module's names, which the loader uses too: it imports [`HELPER`] (the call of a
/// function on the tape) and [`MEMORY`] from [`IMPORTS`], and exports [`EXPORTS`] (one
/// point, many points).
pub const IMPORTS: &str = "e";
/// See [`IMPORTS`].
pub const HELPER: &str = "h";
/// See [`IMPORTS`].
pub const MEMORY: &str = "m";
/// See [`IMPORTS`].
pub const EXPORTS: [&str; 2] = ["f", "g"];

/// The module's bytes: `f` (function 1) and `g` (function 2), for points of `dim`
/// coordinates.
pub fn module(tape: &Tape, dim: usize) -> Vec<u8> {
    let mut m = b"\0asm".to_vec();
    m.extend(1u32.to_le_bytes());
    // Types: 0 is f(x, y, out), 1 the call of a function on the tape, 2 is
    // g(points, n, loss, grad, scratch).
    section(&mut m, 1, |s| {
        s.push(3);
        s.extend([0x60, 3, F64, F64, I32, 0]);
        s.extend([0x60, 4, I32, I32, F64, I32, 0]);
        s.extend([0x60, 5, I32, I32, I32, I32, I32, 0]);
    });
    // Imports: e.h (function of type 1), e.m (memory, at least 0 pages).
    section(&mut m, 2, |s| {
        s.push(2);
        name(s, IMPORTS);
        name(s, HELPER);
        s.extend([0x00, 1]);
        name(s, IMPORTS);
        name(s, MEMORY);
        s.extend([0x02, 0x00, 0]);
    });
    section(&mut m, 3, |s| s.extend([2, 0, 2]));
    section(&mut m, 7, |s| {
        s.push(2);
        name(s, EXPORTS[0]);
        s.extend([0x00, 1]);
        name(s, EXPORTS[1]);
        s.extend([0x00, 2]);
    });
    let one = one(tape);
    let many = many(tape, dim);
    section(&mut m, 10, |s| {
        s.push(2);
        for body in [one, many] {
            uleb(s, body.len() as u64);
            s.extend(body);
        }
    });
    m
}

/// `f(x, y, out)`: the value and gradient at one point, to `out[0..3]`.
fn one(tape: &Tape) -> Vec<u8> {
    // Parameters x, y, out; the registers' locals from 3.
    let e = Emitter::new(tape, 0, 1, 3);
    let mut b = e.locals(0);
    e.nodes(&mut b, 2);
    for (k, r) in tape.out().into_iter().enumerate() {
        local_get(&mut b, 2);
        e.get(&mut b, r);
        b.extend([op::F64_STORE, 3, 8 * k as u8]);
    }
    b.push(op::END);
    b
}

/// `g(points, n, loss, grad, scratch)`: the value (to `loss`) and, when `grad` is not
/// 0, the gradient at each of `n` points of `dim` coordinates, one after another in
/// `points`; `scratch` holds two numbers for the function calls.
fn many(tape: &Tape, dim: usize) -> Vec<u8> {
    const POINTS: u32 = 0;
    const N: u32 = 1;
    const LOSS: u32 = 2;
    const GRAD: u32 = 3;
    const SCRATCH: u32 = 4;
    let stride = 8 * dim.clamp(1, 2) as i64;
    // Parameters as above; x and y are locals 5 and 6, the registers' from 7.
    let e = Emitter::new(tape, 5, 6, 7);
    let mut b = e.locals(2);
    let advance = |b: &mut Vec<u8>, l: u32, by: i64| {
        local_get(b, l);
        b.push(op::I32_CONST);
        sleb(b, by);
        b.push(op::I32_ADD);
        b.push(op::LOCAL_SET);
        uleb(b, u64::from(l));
    };
    b.extend([op::BLOCK, VOID]);
    local_get(&mut b, N);
    b.extend([op::I32_EQZ, op::BR_IF, 0, op::LOOP, VOID]);
    local_get(&mut b, POINTS);
    b.extend([op::F64_LOAD, 3, 0, op::LOCAL_SET, 5]);
    if stride == 16 {
        local_get(&mut b, POINTS);
        b.extend([op::F64_LOAD, 3, 8]);
    } else {
        b.push(op::F64_CONST);
        b.extend(0f64.to_le_bytes());
    }
    b.extend([op::LOCAL_SET, 6]);
    e.nodes(&mut b, SCRATCH);
    let [v, gx, gy] = tape.out();
    local_get(&mut b, LOSS);
    e.get(&mut b, v);
    b.extend([op::F64_STORE, 3, 0]);
    local_get(&mut b, GRAD);
    b.extend([op::IF, VOID]);
    for (k, r) in [gx, gy].into_iter().take(dim.clamp(1, 2)).enumerate() {
        local_get(&mut b, GRAD);
        e.get(&mut b, r);
        b.extend([op::F64_STORE, 3, 8 * k as u8]);
    }
    advance(&mut b, GRAD, stride);
    b.push(op::END);
    advance(&mut b, POINTS, stride);
    advance(&mut b, LOSS, 8);
    // n −= 1; again while n ≠ 0.
    local_get(&mut b, N);
    b.extend([op::I32_CONST, 1, op::I32_SUB, op::LOCAL_TEE]);
    uleb(&mut b, u64::from(N));
    b.extend([op::BR_IF, 0, op::END, op::END, op::END]);
    b
}

/// Writes a tape's nodes as code over locals.
struct Emitter<'a> {
    nodes: &'a [Node],
    /// The local of each computed register that is read; constants, x and y have none.
    local: Vec<Option<u32>>,
    count: u32,
    x: u32,
    y: u32,
}

impl<'a> Emitter<'a> {
    /// Registers' locals numbered from `first`; x and y in locals `x` and `y`.
    fn new(tape: &'a Tape, x: u32, y: u32, first: u32) -> Emitter<'a> {
        let nodes = tape.nodes();
        let live = tape.live();
        let mut local = vec![None; nodes.len()];
        let mut count = 0u32;
        for (i, node) in nodes.iter().enumerate() {
            let computed = !matches!(node, Node::X | Node::Y | Node::Const(_));
            if computed && live.get(i).copied().unwrap_or(false) {
                if let Some(l) = local.get_mut(i) {
                    *l = Some(first + count);
                    count += 1;
                }
            }
        }
        Emitter {
            nodes,
            local,
            count,
            x,
            y,
        }
    }

    /// The body's local declarations: `extra` f64 locals before the registers'.
    fn locals(&self, extra: u32) -> Vec<u8> {
        let mut b = Vec::new();
        let n = self.count + extra;
        if n > 0 {
            b.push(1);
            uleb(&mut b, u64::from(n));
            b.push(F64);
        } else {
            b.push(0);
        }
        b
    }

    /// Pushes register `r`.
    fn get(&self, b: &mut Vec<u8>, r: Reg) {
        match self.nodes.get(r as usize) {
            Some(Node::X) => local_get(b, self.x),
            Some(Node::Y) => local_get(b, self.y),
            Some(Node::Const(c)) => {
                b.push(op::F64_CONST);
                b.extend(c.to_le_bytes());
            }
            _ => match self.local.get(r as usize).copied().flatten() {
                Some(l) => local_get(b, l),
                None => {
                    b.push(op::F64_CONST);
                    b.extend(f64::NAN.to_le_bytes());
                }
            },
        }
    }

    /// Computes every register that is read into its local; a function call writes its
    /// results to the two numbers at local `scratch` (an address).
    fn nodes(&self, b: &mut Vec<u8>, scratch: u32) {
        for (i, node) in self.nodes.iter().enumerate() {
            let Some(target) = self.local.get(i).copied().flatten() else {
                continue;
            };
            match *node {
                Node::X | Node::Y | Node::Const(_) => continue,
                Node::Add(a, c) | Node::Sub(a, c) | Node::Mul(a, c) | Node::Div(a, c) => {
                    self.get(b, a);
                    self.get(b, c);
                    b.push(match node {
                        Node::Add(..) => op::F64_ADD,
                        Node::Sub(..) => op::F64_SUB,
                        Node::Mul(..) => op::F64_MUL,
                        _ => op::F64_DIV,
                    });
                }
                Node::Neg(a) => {
                    self.get(b, a);
                    b.push(op::F64_NEG);
                }
                Node::Pick {
                    max,
                    a,
                    b: second,
                    then,
                    other,
                } => {
                    // select(then, other, second ≶ first | second ≠ second).
                    self.get(b, then);
                    self.get(b, other);
                    self.get(b, second);
                    self.get(b, a);
                    b.push(if max { op::F64_GT } else { op::F64_LT });
                    self.get(b, second);
                    self.get(b, second);
                    b.extend([op::F64_NE, op::I32_OR, op::SELECT]);
                }
                Node::Unary(u, a) => {
                    let (kind, n) = unary_code(u);
                    b.push(op::I32_CONST);
                    sleb(b, i64::from(kind));
                    b.push(op::I32_CONST);
                    sleb(b, i64::from(n));
                    self.get(b, a);
                    local_get(b, scratch);
                    b.extend([op::CALL, 0]);
                    local_get(b, scratch);
                    b.extend([op::F64_LOAD, 3, 0]);
                }
                Node::Slope => {
                    local_get(b, scratch);
                    b.extend([op::F64_LOAD, 3, 8]);
                }
            }
            b.push(op::LOCAL_SET);
            uleb(b, u64::from(target));
        }
    }
}

fn local_get(b: &mut Vec<u8>, l: u32) {
    b.push(op::LOCAL_GET);
    uleb(b, u64::from(l));
}

/// A section: id, size, contents.
fn section(m: &mut Vec<u8>, id: u8, fill: impl FnOnce(&mut Vec<u8>)) {
    let mut s = Vec::new();
    fill(&mut s);
    m.push(id);
    uleb(m, s.len() as u64);
    m.extend(s);
}

fn name(s: &mut Vec<u8>, n: &str) {
    uleb(s, n.len() as u64);
    s.extend(n.as_bytes());
}

/// Unsigned LEB128.
fn uleb(b: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            b.push(byte);
            return;
        }
        b.push(byte | 0x80);
    }
}

/// Signed LEB128.
fn sleb(b: &mut Vec<u8>, mut v: i64) {
    loop {
        let byte = (v & 0x7F) as u8;
        v >>= 7;
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0);
        if done {
            b.push(byte);
            return;
        }
        b.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb128() {
        let enc = |v: u64| {
            let mut b = Vec::new();
            uleb(&mut b, v);
            b
        };
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(127), [0x7F]);
        assert_eq!(enc(128), [0x80, 1]);
        assert_eq!(enc(624_485), [0xE5, 0x8E, 0x26]);
        let senc = |v: i64| {
            let mut b = Vec::new();
            sleb(&mut b, v);
            b
        };
        assert_eq!(senc(0), [0]);
        assert_eq!(senc(-1), [0x7F]);
        assert_eq!(senc(63), [0x3F]);
        assert_eq!(senc(64), [0xC0, 0]);
        assert_eq!(senc(-64), [0x40]);
        assert_eq!(senc(-123_456), [0xC0, 0xBB, 0x78]);
    }
}
