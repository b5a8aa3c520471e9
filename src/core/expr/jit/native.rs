//! A [`Tape`] compiled natively by Cranelift into two functions of the C calling
//! convention: `f(x, y, out)` for one point ([`Entry`]) and `g(points, n, loss, grad,
//! scratch)` for many in one loop ([`Many`]). Each register of the tape is a Cranelift
//! value, each node one instruction (a function call is a call of [`unary_entry`]
//! through its address, with `out` or `scratch` as the place it writes to); only the
//! nodes whose results are read are written out. Cranelift rewrites no floating-point
//! arithmetic that would change a result, so the code computes the tape's numbers to
//! the bit.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, AbiParam, InstBuilder, MemFlags, SigRef, Type, Value};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};

use super::call::{unary_code, unary_entry, Helper};
use super::{Compiled, Entry, Many};
use crate::core::expr::program::Program;
use crate::core::expr::tape::{Node, Tape};

/// The compiled code's memory, freed when dropped.
pub(super) struct Code(Option<JITModule>);

impl Drop for Code {
    fn drop(&mut self) {
        if let Some(m) = self.0.take() {
            // SAFETY: the only pointers into this memory are the `Entry` and `Many` of
            // the `Compiled` that owns this `Code`, dropped with it.
            unsafe { m.free_memory() };
        }
    }
}

/// The program compiled for points of `dim` coordinates, or `None` if its tape would
/// be too long or Cranelift cannot compile for this machine.
pub(super) fn compile(program: &Program, dim: usize) -> Option<Compiled> {
    let tape = &Tape::of(program)?;
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").ok()?;
    let isa = cranelift_native::builder()
        .ok()?
        .finish(settings::Flags::new(flags))
        .ok()?;
    let mut module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
    let ptr = module.target_config().pointer_type();
    let mut ctx = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let one = define(
        &mut module,
        &mut ctx,
        &mut fctx,
        "f",
        &[types::F64, types::F64, ptr],
        |b, helper| one(b, tape, ptr, helper),
    )?;
    let many = define(
        &mut module,
        &mut ctx,
        &mut fctx,
        "g",
        &[ptr; 5],
        |b, helper| many(b, tape, dim, ptr, helper),
    )?;
    module.finalize_definitions().ok()?;
    let (one, many) = (
        module.get_finalized_function(one),
        module.get_finalized_function(many),
    );
    // SAFETY: `one` and `many` are the functions just defined, with the signatures
    // built here: (f64, f64, pointer) → () and (pointer, pointer-sized, pointer,
    // pointer, pointer) → (), in the platform's C calling convention, which are
    // `Entry` and `Many`. They read only their arguments and the memory those point to
    // (as the two types document), and their code lives as long as the returned `Code`.
    let (entry, many) = unsafe {
        (
            std::mem::transmute::<*const u8, Entry>(one),
            std::mem::transmute::<*const u8, Many>(many),
        )
    };
    Some(Compiled {
        entry,
        many,
        dim,
        _code: Code(Some(module)),
    })
}

/// Defines the function `name` with parameters `params` and the body `body` writes
/// (given the signature of [`unary_entry`]).
fn define(
    module: &mut JITModule,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    name: &str,
    params: &[Type],
    body: impl FnOnce(&mut FunctionBuilder, SigRef) -> Option<()>,
) -> Option<FuncId> {
    let ptr = module.target_config().pointer_type();
    ctx.func.signature = module.make_signature();
    for t in params {
        ctx.func.signature.params.push(AbiParam::new(*t));
    }
    let mut helper = module.make_signature();
    for t in [types::I32, types::I32, types::F64, ptr] {
        helper.params.push(AbiParam::new(t));
    }
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let helper = b.import_signature(helper);
    body(&mut b, helper)?;
    b.finalize();
    let id = module
        .declare_function(name, Linkage::Export, &ctx.func.signature)
        .ok()?;
    module.define_function(id, ctx).ok()?;
    module.clear_context(ctx);
    Some(id)
}

/// The body of `f(x, y, out)`.
fn one(b: &mut FunctionBuilder, tape: &Tape, ptr: Type, helper: SigRef) -> Option<()> {
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    b.seal_block(block);
    let [x, y, out] = *b.block_params(block) else {
        return None;
    };
    let regs = nodes(b, tape, x, y, out, ptr, helper);
    for (k, r) in tape.out().into_iter().enumerate() {
        b.ins()
            .store(MemFlags::trusted(), regs.get(r), out, 8 * k as i32);
    }
    b.ins().return_(&[]);
    Some(())
}

/// The body of `g(points, n, loss, grad, scratch)`: a loop over the points.
fn many(b: &mut FunctionBuilder, tape: &Tape, dim: usize, ptr: Type, helper: SigRef) -> Option<()> {
    let flags = MemFlags::trusted();
    let stride = 8 * dim.clamp(1, 2) as i64;
    let entry = b.create_block();
    let head = b.create_block();
    let store_grad = b.create_block();
    let next = b.create_block();
    let exit = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let [points, n, loss, grad, scratch] = *b.block_params(entry) else {
        return None;
    };
    // The loop's point, count left, loss and gradient places.
    for _ in 0..4 {
        b.append_block_param(head, ptr);
    }
    b.ins().brif(
        n,
        head,
        &[points.into(), n.into(), loss.into(), grad.into()],
        exit,
        &[],
    );

    b.switch_to_block(head);
    let [p, left, l, g] = *b.block_params(head) else {
        return None;
    };
    let x = b.ins().load(types::F64, flags, p, 0);
    let y = if stride == 16 {
        b.ins().load(types::F64, flags, p, 8)
    } else {
        b.ins().f64const(0.0)
    };
    let regs = nodes(b, tape, x, y, scratch, ptr, helper);
    let [v, gx, gy] = tape.out();
    b.ins().store(flags, regs.get(v), l, 0);
    b.ins().brif(g, store_grad, &[], next, &[]);

    b.switch_to_block(store_grad);
    b.seal_block(store_grad);
    for (k, r) in [gx, gy].into_iter().take(dim.clamp(1, 2)).enumerate() {
        b.ins().store(flags, regs.get(r), g, 8 * k as i32);
    }
    b.ins().jump(next, &[]);

    b.switch_to_block(next);
    b.seal_block(next);
    let p = b.ins().iadd_imm(p, stride);
    let l = b.ins().iadd_imm(l, 8);
    let moved = b.ins().iadd_imm(g, stride);
    let zero = b.ins().iconst(ptr, 0);
    let given = b.ins().icmp_imm(IntCC::NotEqual, g, 0);
    let g = b.ins().select(given, moved, zero);
    let left = b.ins().iadd_imm(left, -1);
    b.ins().brif(
        left,
        head,
        &[p.into(), left.into(), l.into(), g.into()],
        exit,
        &[],
    );
    b.seal_block(head);

    b.switch_to_block(exit);
    b.seal_block(exit);
    b.ins().return_(&[]);
    Some(())
}

/// The tape's registers as values (a register that is never read is NaN).
struct Regs {
    values: Vec<Value>,
    nan: Value,
}

impl Regs {
    fn get(&self, r: u32) -> Value {
        self.values.get(r as usize).copied().unwrap_or(self.nan)
    }
}

/// Computes every register that is read at (x, y); a function call writes its results
/// to the two numbers at `scratch`.
fn nodes(
    b: &mut FunctionBuilder,
    tape: &Tape,
    x: Value,
    y: Value,
    scratch: Value,
    ptr: Type,
    helper: SigRef,
) -> Regs {
    let flags = MemFlags::trusted();
    let nodes = tape.nodes();
    let live = tape.live();
    let nan = b.ins().f64const(f64::NAN);
    let mut regs = Regs {
        values: Vec::with_capacity(nodes.len()),
        nan,
    };
    for (i, node) in nodes.iter().enumerate() {
        if !live.get(i).copied().unwrap_or(false) {
            regs.values.push(nan);
            continue;
        }
        let at = |r: &u32| regs.get(*r);
        let v = match node {
            Node::X => x,
            Node::Y => y,
            Node::Const(c) => b.ins().f64const(*c),
            Node::Add(p, q) => b.ins().fadd(at(p), at(q)),
            Node::Sub(p, q) => b.ins().fsub(at(p), at(q)),
            Node::Mul(p, q) => b.ins().fmul(at(p), at(q)),
            Node::Div(p, q) => b.ins().fdiv(at(p), at(q)),
            Node::Neg(p) => b.ins().fneg(at(p)),
            Node::Pick {
                max,
                a,
                b: second,
                then,
                other,
            } => {
                let cc = if *max {
                    FloatCC::GreaterThan
                } else {
                    FloatCC::LessThan
                };
                let chosen = b.ins().fcmp(cc, at(second), at(a));
                let nan = b.ins().fcmp(FloatCC::Unordered, at(second), at(second));
                let c = b.ins().bor(chosen, nan);
                b.ins().select(c, at(then), at(other))
            }
            Node::Unary(u, a) => {
                let (kind, n) = unary_code(*u);
                let entry: Helper = unary_entry;
                let callee = b.ins().iconst(ptr, entry as usize as i64);
                let kind = b.ins().iconst(types::I32, i64::from(kind));
                let n = b.ins().iconst(types::I32, i64::from(n));
                b.ins()
                    .call_indirect(helper, callee, &[kind, n, at(a), scratch]);
                b.ins().load(types::F64, flags, scratch, 0)
            }
            Node::Slope => b.ins().load(types::F64, flags, scratch, 8),
        };
        regs.values.push(v);
    }
    regs
}
