//! A correctly rounded fused multiply-add, `RN(a·b + c)`, from ordinary float and
//! integer operations: what `f64::mul_add` computes, for targets without the instruction.
//!
//! On wasm32 `mul_add` calls a C `fma` that `compiler_builtins` defines with 128-bit
//! integer arithmetic, which costs about as much as twenty multiply-adds; the optimizers
//! take two or three per parameter per step (torch's `addcmul`/`lerp` rounding, see
//! [`crate::core::optim::ops`]). The web layer defines `fma` as [`fma`] in the modules
//! that train networks.
//!
//! The fast path, for finite normal `a`, `b` whose product is far from overflow and
//! underflow and `c` far from overflow, is S. Boldo and G. Melquiond's emulation
//! ("Emulation of FMA and correctly rounded sums: proved algorithms using rounding to
//! odd", IEEE Trans. Computers 57(4), 2008): the exact product `uh + ul` (Dekker's
//! product with Veltkamp's split), the exact sum `th + tl = c + uh` (Knuth's TwoSum),
//! `v = RO(tl + ul)` rounded to odd, and the result `RN(th + v)`. Every other input
//! takes musl's `fma` (MIT licence), here written out for `f64`: the product as a
//! 128-bit integer, aligned, added, and rounded once by the integer-to-float conversion.

// In the modules with the convergence map only: wasm has no per-function features, so a
// module with one SIMD function is compiled for SIMD throughout, and a page without the
// map should run where there is none.
#[cfg(all(target_arch = "wasm32", feature = "map"))]
pub mod pair;

/// Veltkamp's splitter 2²⁷ + 1.
const SPLIT: f64 = 134_217_729.0;

/// `RN(a·b + c)` with a single rounding (to nearest, ties to even), as `f64::mul_add`.
#[inline(always)]
pub fn fma(a: f64, b: f64, c: f64) -> f64 {
    let (ea, eb, ec) = (exponent(a), exponent(b), exponent(c));
    // Unbiased exponents: a and b normal and at most 2⁹⁹⁵ (the split cannot overflow),
    // their product between 2⁻⁹⁶⁰ and 2¹⁰⁰⁰ (its error term is a normal number or
    // exact), and c below 2¹⁰⁰⁰ (c may be zero or subnormal).
    if within(ea, -1022, 995) && within(eb, -1022, 995) && within(ea + eb, -960, 1000) && ec <= 1000
    {
        fast(a, b, c)
    } else {
        slow(a, b, c)
    }
}

/// `lo ≤ x ≤ hi`, written out: the modules are built for size, where `RangeInclusive::
/// contains` stays a call, and the fast path's three checks were a fifth of its time.
#[inline(always)]
fn within(x: i32, lo: i32, hi: i32) -> bool {
    x >= lo && x <= hi
}

/// The unbiased exponent of `x` (−1023 for zero and subnormals, 1024 for ∞ and NaN).
#[inline(always)]
fn exponent(x: f64) -> i32 {
    ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// `(s, e)` with `s = RN(x + y)` and `s + e = x + y` exactly.
#[inline(always)]
fn two_sum(x: f64, y: f64) -> (f64, f64) {
    let s = x + y;
    let bb = s - x;
    (s, (x - (s - bb)) + (y - bb))
}

/// `(hi, lo)` with `hi + lo = x`, each with at most 26 significant bits.
#[inline(always)]
fn split(x: f64) -> (f64, f64) {
    let t = SPLIT * x;
    let hi = t - (t - x);
    (hi, x - hi)
}

/// The emulation by rounding to odd (see the module's documentation).
#[inline(always)]
fn fast(a: f64, b: f64, c: f64) -> f64 {
    let (ah, al) = split(a);
    fast_split(a, ah, al, b, c)
}

/// [`fast`] with `a` already split into `ah + al`.
#[inline(always)]
fn fast_split(a: f64, ah: f64, al: f64, b: f64, c: f64) -> f64 {
    let uh = a * b;
    let (bh, bl) = split(b);
    let ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl;
    let (th, tl) = two_sum(c, uh);
    let (s, r) = two_sum(tl, ul);
    // RO(tl + ul): s truncated toward zero (one step down in magnitude when the exact
    // sum lies below it), with its last bit set when the sum was inexact.
    let mut bits = s.to_bits();
    if r != 0.0 {
        if (r < 0.0) != (s < 0.0) {
            bits -= 1;
        }
        bits |= 1;
    }
    th + f64::from_bits(bits)
}

/// `RN(a·b + c)`, inlined where it is called: the instruction where there is one, and
/// on wasm32 [`fma`]'s fast path (where `f64::mul_add` is a call out to it).
#[inline(always)]
pub fn fused(a: f64, b: f64, c: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        fma(a, b, c)
    } else {
        a.mul_add(b, c)
    }
}

/// `RN(a·b + c)` for one `a` and many `b` and `c` (a learning rate, say): `a`'s split and
/// range are worked out once, and the fast path is inlined where it is called. The same
/// results as [`fma`] (and as `f64::mul_add`, which it is on targets other than wasm32).
#[derive(Debug, Clone, Copy)]
pub struct Fixed {
    a: f64,
    ah: f64,
    al: f64,
    ea: i32,
    normal: bool,
}

impl Fixed {
    /// The multiplier `a`.
    #[inline(always)]
    pub fn new(a: f64) -> Self {
        let ea = exponent(a);
        let (ah, al) = split(a);
        Fixed {
            a,
            ah,
            al,
            ea,
            normal: within(ea, -1022, 995),
        }
    }

    /// `RN(a·b + c)`.
    #[inline(always)]
    pub fn fma(&self, b: f64, c: f64) -> f64 {
        if cfg!(target_arch = "wasm32") {
            self.emulated(b, c)
        } else {
            self.a.mul_add(b, c)
        }
    }

    /// `RN(a·b + c)` from float and integer operations, as [`fma`] computes it.
    #[inline(always)]
    fn emulated(&self, b: f64, c: f64) -> f64 {
        let eb = exponent(b);
        // The conditions of [`fma`]'s fast path, `a`'s part checked once.
        if self.normal
            && within(eb, -1022, 995)
            && within(self.ea + eb, -960, 1000)
            && exponent(c) <= 1000
        {
            fast_split(self.a, self.ah, self.al, b, c)
        } else {
            slow(self.a, b, c)
        }
    }
}

/// Which end `ops::lerp(a, b, w)` works from, as torch does: from `a` with weight `w`
/// when `|w| < 0.5`, else from `b` with weight `1 − w`. Returns whether from `a`, and the
/// weight.
#[inline(always)]
pub fn lerp_end(w: f64) -> (bool, f64) {
    let near = w.abs() < 0.5;
    (near, if near { w } else { 1.0 - w })
}

/// `ops::lerp(a, b, w)` for one `w` and many `a` and `b` (a decay rate, say): the end it
/// works from ([`lerp_end`]) and its weight's part of the multiply-add ([`Fixed`]) worked
/// out once. The same results as `ops::lerp`.
#[derive(Debug, Clone, Copy)]
pub struct Lerp {
    near: bool,
    weight: Fixed,
}

impl Lerp {
    /// The weight `w`.
    #[inline(always)]
    pub fn new(w: f64) -> Self {
        let (near, weight) = lerp_end(w);
        Lerp {
            near,
            weight: Fixed::new(weight),
        }
    }

    /// `a + w·(b − a)`: `w·(b − a) + a`, or from the far end `(1 − w)·(a − b) + b`.
    #[inline(always)]
    pub fn at(&self, a: f64, b: f64) -> f64 {
        if self.near {
            self.weight.fma(b - a, a)
        } else {
            self.weight.fma(-(b - a), b)
        }
    }
}

/// `x·2ⁿ`, rounded once (musl's `scalbn`).
fn scalbn(mut x: f64, mut n: i32) -> f64 {
    let p1023 = f64::from_bits(0x7fe0_0000_0000_0000);
    // 2⁻¹⁰²² · 2⁵³: the scaling toward subnormals in two steps avoids a double rounding.
    let m969 = f64::from_bits(0x0360_0000_0000_0000);
    if n > 1023 {
        x *= p1023;
        n -= 1023;
        if n > 1023 {
            x *= p1023;
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        x *= m969;
        n += 1022 - 53;
        if n < -1022 {
            x *= m969;
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    x * f64::from_bits(((0x3ff + n) as u64) << 52)
}

/// A number as `m·2^e` with the significand in bits 1 to 53 of `m` (musl's `normalize`);
/// `e` is at least [`ZEROINFNAN`] for zero, ∞ and NaN.
struct Num {
    m: u64,
    e: i32,
    neg: bool,
}

/// The exponent `normalize` gives zero (above) and ∞ or NaN (equal).
const ZEROINFNAN: i32 = 0x7ff - 0x3ff - 52 - 1;

fn normalize(x: f64) -> Num {
    let mut ix = x.to_bits();
    let mut e = (ix >> 52) as i32;
    let neg = e & 0x800 != 0;
    e &= 0x7ff;
    if e == 0 {
        ix = (x * f64::from_bits(0x43e0_0000_0000_0000)).to_bits();
        e = ((ix >> 52) & 0x7ff) as i32;
        e = if e != 0 { e - 63 } else { 0x800 };
    }
    ix &= (1 << 52) - 1;
    ix |= 1 << 52;
    ix <<= 1;
    e -= 0x3ff + 52 + 1;
    Num { m: ix, e, neg }
}

/// musl's `fma`, for the inputs the fast path does not take.
#[cold]
#[inline(never)]
fn slow(x: f64, y: f64, z: f64) -> f64 {
    let (nx, ny, nz) = (normalize(x), normalize(y), normalize(z));
    if nx.e >= ZEROINFNAN || ny.e >= ZEROINFNAN {
        return x * y + z;
    }
    if nz.e >= ZEROINFNAN {
        if nz.e > ZEROINFNAN {
            // z = ±0 and x·y ≠ 0: the product alone (musl's x·y + z would give +0 for a
            // product that underflows to −0).
            return x * y;
        }
        return z;
    }
    // r = x·y as a 128-bit integer.
    let r = u128::from(nx.m) * u128::from(ny.m);
    let (mut rhi, mut rlo) = ((r >> 64) as u64, r as u64);
    let (zhi, zlo);
    // Align the exponents: z <<= kz, r >>= kr with kz + kr = d; e = e + kr.
    let mut e = nx.e + ny.e;
    let mut d = nz.e - e;
    if d > 0 {
        if d < 64 {
            zlo = nz.m << d;
            zhi = nz.m >> (64 - d);
        } else {
            zlo = 0;
            zhi = nz.m;
            e = nz.e - 64;
            d -= 64;
            if d == 0 {
            } else if d < 64 {
                rlo = (rhi << (64 - d)) | (rlo >> d) | u64::from(rlo << (64 - d) != 0);
                rhi >>= d;
            } else {
                rlo = 1;
                rhi = 0;
            }
        }
    } else {
        zhi = 0;
        d = -d;
        if d == 0 {
            zlo = nz.m;
        } else if d < 64 {
            zlo = (nz.m >> d) | u64::from(nz.m << (64 - d) != 0);
        } else {
            zlo = 1;
        }
    }
    // Add.
    let mut neg = nx.neg ^ ny.neg;
    let samesign = neg == nz.neg;
    let mut nonzero = true;
    if samesign {
        rlo = rlo.wrapping_add(zlo);
        rhi = rhi.wrapping_add(zhi).wrapping_add(u64::from(rlo < zlo));
    } else {
        let t = rlo;
        rlo = rlo.wrapping_sub(zlo);
        rhi = rhi.wrapping_sub(zhi).wrapping_sub(u64::from(t < rlo));
        if rhi >> 63 != 0 {
            rlo = rlo.wrapping_neg();
            rhi = rhi.wrapping_neg().wrapping_sub(u64::from(rlo != 0));
            neg = !neg;
        }
        nonzero = rhi != 0;
    }
    // rhi: the top 63 bits of the result, the last one sticky.
    if nonzero {
        e += 64;
        d = rhi.leading_zeros() as i32 - 1;
        rhi = (rhi << d) | (rlo >> (64 - d)) | u64::from(rlo << d != 0);
    } else if rlo != 0 {
        d = rlo.leading_zeros() as i32 - 1;
        rhi = if d < 0 {
            (rlo >> 1) | (rlo & 1)
        } else {
            rlo << d
        };
    } else {
        // An exact ±0.
        return x * y + z;
    }
    e -= d;
    // To double: i is in [2⁶², 2⁶³ − 1].
    let mut i = rhi as i64;
    if neg {
        i = -i;
    }
    let mut r = i as f64;
    if e < -1022 - 62 {
        // The result is subnormal before rounding.
        if e == -1022 - 63 {
            let c = if neg {
                -9.223_372_036_854_776e18
            } else {
                9.223_372_036_854_776e18
            };
            if r == c {
                // The smallest normal number after rounding.
                return if neg {
                    -f64::MIN_POSITIVE
                } else {
                    f64::MIN_POSITIVE
                };
            }
            // One bit is lost when scaled: add another top bit, so the conversion
            // rounds only once if it is inexact.
            if rhi << 53 != 0 {
                i = ((rhi >> 1) | (rhi & 1) | (1 << 62)) as i64;
                if neg {
                    i = -i;
                }
                r = i as f64;
                r = 2.0 * r - c;
            }
        } else {
            // Round only once when scaled.
            d = 10;
            i = (((rhi >> d) | u64::from(rhi << (64 - d) != 0)) << d) as i64;
            if neg {
                i = -i;
            }
            r = i as f64;
        }
    }
    scalbn(r, e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::Rng;

    fn check(a: f64, b: f64, c: f64) {
        let want = a.mul_add(b, c);
        let got = fma(a, b, c);
        assert!(
            got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
            "fma({a:e}, {b:e}, {c:e}) = {got:e}, want {want:e}"
        );
    }

    /// A random double: sign, exponent in `[lo, hi]` (−1023: zero or subnormal), random
    /// significand bits.
    fn any(rng: &mut Rng, lo: i32, hi: i32) -> f64 {
        let e = lo + (rng.next_u64() % (hi - lo + 1) as u64) as i32;
        let m = rng.next_u64() >> 12;
        let s = rng.next_u64() >> 63;
        f64::from_bits((s << 63) | (((e + 1023) as u64) << 52) | m)
    }

    #[test]
    fn a_fixed_multiplier_gives_the_same_bits() {
        let mut rng = Rng::new(11);
        let special = [0.0, -0.0, f64::INFINITY, f64::NAN, 5e-324, 1e300, -1e-310];
        for k in 0..200_000u32 {
            let a = match k % 50 {
                0 => special[(k / 50) as usize % special.len()],
                _ => any(&mut rng, -40, 40),
            };
            let f = Fixed::new(a);
            for _ in 0..4 {
                let b = match k % 7 {
                    0 => special[k as usize % special.len()],
                    _ => any(&mut rng, -40, 40),
                };
                let c = match k % 3 {
                    0 => -(a * b),
                    1 => any(&mut rng, -90, 90),
                    _ => any(&mut rng, -1023, 1023),
                };
                let want = a.mul_add(b, c);
                for got in [f.emulated(b, c), f.fma(b, c)] {
                    assert!(
                        got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                        "Fixed({a:e}).fma({b:e}, {c:e}) = {got:e}, want {want:e}"
                    );
                }
            }
        }
    }

    #[test]
    fn equals_the_hardware_on_random_and_cancelling_inputs() {
        let mut rng = Rng::new(7);
        for k in 0..2_000_000u32 {
            let (a, b) = (any(&mut rng, -30, 30), any(&mut rng, -30, 30));
            let c = match k % 6 {
                // Independent.
                0 => any(&mut rng, -70, 70),
                // Nearly −ab: heavy cancellation.
                1 => -(a * b) * (1.0 + (rng.uniform() - 0.5) * 1e-12),
                // Exactly −RN(ab): the result is the product's rounding error.
                2 => -(a * b),
                // Near ab: a sum close to a power of two or a tie.
                3 => a * b * (1.0 + f64::EPSILON * (rng.next_u64() % 8) as f64),
                // Far smaller or larger than ab.
                4 => a * b * any(&mut rng, -120, -50),
                // Near ties: c takes away the product's high bits and adds half an ulp.
                5 if k % 12 == 5 => {
                    let p = a * b;
                    -f64::from_bits(p.to_bits() & !0xfff) + p * f64::EPSILON * 0.5
                }
                _ => a * b * any(&mut rng, 50, 120),
            };
            check(a, b, c);
        }
    }

    #[test]
    fn equals_the_hardware_on_the_adam_step() {
        // addcmul(v·β₂, 1 − β₂, g, g) and lerp(m, g, 1 − β₁) over gradients of every size.
        let mut rng = Rng::new(3);
        for _ in 0..300_000 {
            let g = any(&mut rng, -60, 10);
            let v = g * g * rng.uniform();
            let m = g * (rng.uniform() - 0.5);
            check((1.0 - 0.999) * g, g, v * 0.999);
            check(0.1, g - m, m);
            check(-(0.1 * 0.9) * g, g, v);
        }
    }

    #[test]
    fn equals_the_hardware_at_the_edges() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 3.0,
            5e-324,
            -5e-324,
            f64::MAX,
            -f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e308,
            1e-308,
            2f64.powi(995),
            2f64.powi(-960),
            3.0,
            1.0 + f64::EPSILON,
            1.0 - f64::EPSILON / 2.0,
        ];
        for a in specials {
            for b in specials {
                for c in specials {
                    check(a, b, c);
                }
            }
        }
        let mut rng = Rng::new(11);
        for k in 0..1_000_000u32 {
            // Exponents anywhere, subnormals and overflow included.
            let (a, b) = (any(&mut rng, -1023, 1023), any(&mut rng, -1023, 1023));
            let c = if k % 2 == 0 {
                any(&mut rng, -1023, 1023)
            } else {
                -(a * b) * (1.0 + (rng.uniform() - 0.5) * 1e-9)
            };
            check(a, b, c);
            // Products near the fast path's bounds and the subnormal range.
            let a = any(&mut rng, -600, -400);
            let b = any(&mut rng, -600, -400);
            check(a, b, any(&mut rng, -1023, -900));
            check(a, b, -(a * b));
        }
    }
}
