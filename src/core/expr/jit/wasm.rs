//! A [`Tape`] as a WebAssembly module of one function, `f(x, y, out)`, which writes the
//! value, ∂/∂x and ∂/∂y as three `f64` at `out` in the memory it imports.
//!
//! The module imports `e.m`, the page's own memory, and `e.h`, the function a function
//! call on the tape calls ([`super::unary_entry`]: kind, power, argument, and where to
//! write the value and the derivative; `out` serves as that scratch). Each register of
//! the tape is a local; constants, x and y are read where they are used. Only the nodes
//! whose results are read are written out.

use crate::core::expr::tape::{Node, Reg, Tape};

use super::unary_code;

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
}

const F64: u8 = 0x7C;
const I32: u8 = 0x7F;
/// The parameters: x, y, out.
const X: u32 = 0;
const Y: u32 = 1;
const OUT: u32 = 2;

/// The module's bytes.
pub fn module(tape: &Tape) -> Vec<u8> {
    let mut m = b"\0asm".to_vec();
    m.extend(1u32.to_le_bytes());
    // Types: 0 is f(x, y, out), 1 the call of a function on the tape.
    section(&mut m, 1, |s| {
        s.push(2);
        s.extend([0x60, 3, F64, F64, I32, 0]);
        s.extend([0x60, 4, I32, I32, F64, I32, 0]);
    });
    // Imports: e.h (function of type 1), e.m (memory, at least 0 pages).
    section(&mut m, 2, |s| {
        s.push(2);
        name(s, "e");
        name(s, "h");
        s.extend([0x00, 1]);
        name(s, "e");
        name(s, "m");
        s.extend([0x02, 0x00, 0]);
    });
    // One function of type 0, exported as `f` (index 1: the import is 0).
    section(&mut m, 3, |s| s.extend([1, 0]));
    section(&mut m, 7, |s| {
        s.push(1);
        name(s, "f");
        s.extend([0x00, 1]);
    });
    let body = body(tape);
    section(&mut m, 10, |s| {
        s.push(1);
        uleb(s, body.len() as u64);
        s.extend(body);
    });
    m
}

/// The function's body: locals, code, end.
fn body(tape: &Tape) -> Vec<u8> {
    let nodes = tape.nodes();
    let live = tape.live();
    // The local of each computed register that is read; constants, x and y have none.
    let mut local = vec![None; nodes.len()];
    let mut count = 0u32;
    for (i, node) in nodes.iter().enumerate() {
        let computed = !matches!(node, Node::X | Node::Y | Node::Const(_));
        if computed && live.get(i).copied().unwrap_or(false) {
            if let Some(l) = local.get_mut(i) {
                *l = Some(3 + count);
                count += 1;
            }
        }
    }
    let mut b = Vec::new();
    if count > 0 {
        b.push(1);
        uleb(&mut b, u64::from(count));
        b.push(F64);
    } else {
        b.push(0);
    }
    let get = |b: &mut Vec<u8>, r: Reg| match nodes.get(r as usize) {
        Some(Node::X) => local_get(b, X),
        Some(Node::Y) => local_get(b, Y),
        Some(Node::Const(c)) => {
            b.push(op::F64_CONST);
            b.extend(c.to_le_bytes());
        }
        _ => match local.get(r as usize).copied().flatten() {
            Some(l) => local_get(b, l),
            None => {
                b.push(op::F64_CONST);
                b.extend(f64::NAN.to_le_bytes());
            }
        },
    };
    for (i, node) in nodes.iter().enumerate() {
        let Some(target) = local.get(i).copied().flatten() else {
            continue;
        };
        match *node {
            Node::X | Node::Y | Node::Const(_) => continue,
            Node::Add(a, c) | Node::Sub(a, c) | Node::Mul(a, c) | Node::Div(a, c) => {
                get(&mut b, a);
                get(&mut b, c);
                b.push(match node {
                    Node::Add(..) => op::F64_ADD,
                    Node::Sub(..) => op::F64_SUB,
                    Node::Mul(..) => op::F64_MUL,
                    _ => op::F64_DIV,
                });
            }
            Node::Neg(a) => {
                get(&mut b, a);
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
                get(&mut b, then);
                get(&mut b, other);
                get(&mut b, second);
                get(&mut b, a);
                b.push(if max { op::F64_GT } else { op::F64_LT });
                get(&mut b, second);
                get(&mut b, second);
                b.push(op::F64_NE);
                b.push(op::I32_OR);
                b.push(op::SELECT);
            }
            Node::Unary(u, a) => {
                let (kind, n) = unary_code(u);
                b.push(op::I32_CONST);
                sleb(&mut b, i64::from(kind));
                b.push(op::I32_CONST);
                sleb(&mut b, i64::from(n));
                get(&mut b, a);
                local_get(&mut b, OUT);
                b.extend([op::CALL, 0]);
                local_get(&mut b, OUT);
                b.extend([op::F64_LOAD, 3, 0]);
            }
            Node::Slope => {
                local_get(&mut b, OUT);
                b.extend([op::F64_LOAD, 3, 8]);
            }
        }
        b.push(op::LOCAL_SET);
        uleb(&mut b, u64::from(target));
    }
    for (k, r) in tape.out().into_iter().enumerate() {
        local_get(&mut b, OUT);
        get(&mut b, r);
        b.extend([op::F64_STORE, 3, 8 * k as u8]);
    }
    b.push(op::END);
    b
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
