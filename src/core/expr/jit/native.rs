//! A [`Tape`] compiled natively by Cranelift into one function, `f(x, y, out)`, of the
//! C calling convention ([`Entry`]). Each register of the tape is a Cranelift value,
//! each node one instruction (a function call is a call of [`unary_entry`] through its
//! address, with `out` as the place it writes to); only the nodes whose results are
//! read are written out. Cranelift rewrites no floating-point arithmetic that would
//! change a result, so the code computes the tape's numbers to the bit.

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{types, AbiParam, InstBuilder, MemFlags, Value};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};

use super::{unary_code, unary_entry, Entry};
use crate::core::expr::tape::{Node, Tape};

/// The compiled code's memory, freed when dropped.
pub struct Code(Option<JITModule>);

impl Drop for Code {
    fn drop(&mut self) {
        if let Some(m) = self.0.take() {
            // SAFETY: the only pointer into this memory is the `Entry` of the `Compiled`
            // that owns this `Code`, dropped with it.
            unsafe { m.free_memory() };
        }
    }
}

/// The tape as a function, or `None` if Cranelift cannot compile for this machine.
pub fn compile(tape: &Tape) -> Option<(Entry, Code)> {
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").ok()?;
    let isa = cranelift_native::builder()
        .ok()?
        .finish(settings::Flags::new(flags))
        .ok()?;
    let mut module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
    let ptr = module.target_config().pointer_type();
    let mut ctx = module.make_context();
    for t in [types::F64, types::F64, ptr] {
        ctx.func.signature.params.push(AbiParam::new(t));
    }
    let mut helper = module.make_signature();
    for t in [types::I32, types::I32, types::F64, ptr] {
        helper.params.push(AbiParam::new(t));
    }

    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
    let helper = b.import_signature(helper);
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    b.seal_block(block);
    let (x, y, out) = match b.block_params(block) {
        [x, y, out] => (*x, *y, *out),
        _ => return None,
    };
    let flags = MemFlags::trusted();
    let nodes = tape.nodes();
    let live = tape.live();
    let mut regs: Vec<Value> = Vec::with_capacity(nodes.len());
    let nan = b.ins().f64const(f64::NAN);
    for (i, node) in nodes.iter().enumerate() {
        let at = |r: &u32| regs.get(*r as usize).copied().unwrap_or(nan);
        if !live.get(i).copied().unwrap_or(false) {
            regs.push(nan);
            continue;
        }
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
                let entry: unsafe extern "C" fn(u32, i32, f64, *mut f64) = unary_entry;
                let callee = b.ins().iconst(ptr, entry as usize as i64);
                let kind = b.ins().iconst(types::I32, i64::from(kind));
                let n = b.ins().iconst(types::I32, i64::from(n));
                b.ins()
                    .call_indirect(helper, callee, &[kind, n, at(a), out]);
                b.ins().load(types::F64, flags, out, 0)
            }
            Node::Slope => b.ins().load(types::F64, flags, out, 8),
        };
        regs.push(v);
    }
    for (k, r) in tape.out().into_iter().enumerate() {
        let v = regs.get(r as usize).copied().unwrap_or(nan);
        b.ins().store(flags, v, out, 8 * k as i32);
    }
    b.ins().return_(&[]);
    b.finalize();

    let id = module
        .declare_function("f", Linkage::Export, &ctx.func.signature)
        .ok()?;
    module.define_function(id, &mut ctx).ok()?;
    module.clear_context(&mut ctx);
    module.finalize_definitions().ok()?;
    let code = module.get_finalized_function(id);
    // SAFETY: `code` is the function just defined, with the signature built above:
    // (f64, f64, pointer) → (), in the platform's C calling convention, which is
    // `Entry`. It reads nothing but its arguments and writes only `out[0..3]`, and its
    // memory lives as long as the returned `Code`.
    let entry = unsafe { std::mem::transmute::<*const u8, Entry>(code) };
    Some((entry, Code(Some(module))))
}

#[cfg(test)]
mod tests {
    use super::super::compile;
    use crate::core::expr::tape::Tape;
    use crate::core::expr::Formula;

    fn bits(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn compiled_code_is_the_interpreter_to_the_bit() {
        let formulas = crate::core::expr::tape::tests::FORMULAS;
        let points = crate::core::expr::tape::tests::POINTS;
        let twins = crate::core::surface::TWINS.iter().filter_map(|(_, f)| {
            let start = f.find("f=\"")? + 3;
            let end = start + f.get(start..)?.find('"')?;
            f.get(start..end)
        });
        let mut count = 0;
        for text in formulas.iter().copied().chain(twins) {
            let f = Formula::parse(text, Some(2)).unwrap();
            let code = compile(f.program()).expect("compiles");
            assert!(Tape::of(f.program()).is_some());
            for &[x, y] in points {
                let want = f.program().run_dual(x, y, &mut Vec::new());
                let got = code.dual(x, y);
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
}
