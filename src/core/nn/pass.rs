//! Forward and backward passes of an [`Mlp`] over a batch, and the exact Hessian-vector
//! product by Pearlmutter's R-operator, all in preallocated buffers.
//!
//! Notation, for dense layer k with weight W_k, bias b_k and input a_{k−1} (a_{−1} = x):
//! z_k = a_{k−1}W_kᵀ + b_k, a_k = σ(z_k) except for the last layer, whose z is the
//! output. Backward: δ_k = ∂L/∂z_k; ∇W_k = δ_kᵀa_{k−1}, ∇b_k = Σ_rows δ_k;
//! e_{k−1} = δ_k W_k (∂L/∂a_{k−1}); δ_{k−1} = e_{k−1} ⊙ σ′(z_{k−1}).
//!
//! The R-operator R{·} = ∂/∂s (·)(θ + s v) at s = 0 for a direction v = (V_k, c_k):
//! forward R{z_k} = R{a_{k−1}}W_kᵀ + a_{k−1}V_kᵀ + c_k, R{a_k} = σ′(z_k) ⊙ R{z_k};
//! at the output R{δ} = H_loss R{z}; backward
//! R{δ_{k−1}} = (R{δ_k}W_k + δ_k V_k) ⊙ σ′(z_{k−1}) + e_{k−1} ⊙ σ″(z_{k−1}) ⊙ R{z_{k−1}},
//! R{∇W_k} = R{δ_k}ᵀa_{k−1} + δ_kᵀR{a_{k−1}}, R{∇b_k} = Σ_rows R{δ_k}. Then
//! R{∇θ} = H v exactly (B. Pearlmutter, "Fast exact multiplication by the Hessian",
//! Neural Computation 1994).

use crate::core::error::Result;

use super::bad;
use super::loss::Loss;
use super::mlp::Mlp;

/// Buffers for passes over up to `capacity` rows: one set per layer, sized once and
/// reused, so a training step allocates nothing. A workspace grows (allocating) only
/// when asked for more rows than it has, or is rebuilt for a different network.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    widths: Vec<usize>,
    capacity: usize,
    z: Vec<Vec<f64>>,
    a: Vec<Vec<f64>>,
    delta: Vec<Vec<f64>>,
    e: Vec<Vec<f64>>,
    rz: Vec<Vec<f64>>,
    ra: Vec<Vec<f64>>,
    rdelta: Vec<Vec<f64>>,
    wt: Vec<f64>,
}

impl Workspace {
    /// Buffers for `mlp` over batches of up to `capacity` rows.
    pub fn new(mlp: &Mlp, capacity: usize) -> Workspace {
        let mut w = Workspace::default();
        w.ensure(mlp, capacity);
        w
    }

    /// The most rows a pass can take without growing.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Makes the buffers fit `mlp` and at least `rows` rows.
    pub fn ensure(&mut self, mlp: &Mlp, rows: usize) {
        if self.widths == mlp.widths() && rows <= self.capacity {
            return;
        }
        let cap = rows.max(self.capacity).max(1);
        let outs: Vec<usize> = mlp.layers().iter().map(|l| l.n_out).collect();
        let make = |n: &[usize]| n.iter().map(|w| vec![0.0; w * cap]).collect::<Vec<_>>();
        self.z = make(&outs);
        self.a = make(&outs);
        self.delta = make(&outs);
        self.e = make(&outs);
        self.rz = make(&outs);
        self.ra = make(&outs);
        self.rdelta = make(&outs);
        self.wt = vec![
            0.0;
            mlp.layers()
                .iter()
                .map(|l| l.n_in * l.n_out)
                .max()
                .unwrap_or(0)
        ];
        self.widths = mlp.widths().to_vec();
        self.capacity = cap;
    }

    /// The outputs of the last forward pass over `rows` rows (rows × n_out).
    pub fn output(&self, rows: usize) -> &[f64] {
        let n = self.widths.last().copied().unwrap_or(0);
        self.z.last().and_then(|z| z.get(..rows * n)).unwrap_or(&[])
    }
}

/// Σᵢ aᵢbᵢ with four independent sums: sᵣ over the i ≡ r (mod 4) below the last multiple
/// of 4, then (s₀ + s₁) + (s₂ + s₃) + the rest (summed from −0, as `Iterator::sum`).
#[inline(always)]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let n4 = n & !3;
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    let mut k = 0;
    // (Bounded by both lengths, so the compiler drops the index checks.)
    while k + 3 < n4.min(a.len()).min(b.len()) {
        s0 += a[k] * b[k];
        s1 += a[k + 1] * b[k + 1];
        s2 += a[k + 2] * b[k + 2];
        s3 += a[k + 3] * b[k + 3];
        k += 4;
    }
    let mut tail = -0.0;
    for k in n4..n {
        tail += a[k] * b[k];
    }
    (s0 + s1) + (s2 + s3) + tail
}

/// Row `i` of a row-major matrix with rows of `n` numbers (empty past the end).
#[inline(always)]
fn row(m: &[f64], i: usize, n: usize) -> &[f64] {
    m.get(i * n..(i + 1) * n).unwrap_or(&[])
}

/// `c[p][q] += Σₖ a[p][k]·b[q][k]` for every p < `np`, q < `nq` (`a` is np × `nk`,
/// `b` is nq × `nk`, `c` is np × nq, all row-major), each sum taken in the order of k,
/// so every entry is rounded exactly as `for k { c += a·b }` rounds it.
///
/// The work is done in blocks of 2 × 4 entries held in locals, which loads each number
/// of `a` and `b` once per block rather than once per product.
fn abt_acc(a: &[f64], b: &[f64], nk: usize, np: usize, nq: usize, c: &mut [f64]) {
    let (p2, q4) = (np & !1, nq & !3);
    for p in (0..p2).step_by(2) {
        let (a0, a1) = (row(a, p, nk), row(a, p + 1, nk));
        if a0.len() < nk || a1.len() < nk {
            return;
        }
        for q in (0..q4).step_by(4) {
            let (b0, b1, b2, b3) = (
                row(b, q, nk),
                row(b, q + 1, nk),
                row(b, q + 2, nk),
                row(b, q + 3, nk),
            );
            if b0.len() < nk || b1.len() < nk || b2.len() < nk || b3.len() < nk {
                return;
            }
            let Some(c0) = c.get(p * nq + q..p * nq + q + 4) else {
                return;
            };
            let Some(c1) = c.get((p + 1) * nq + q..(p + 1) * nq + q + 4) else {
                return;
            };
            let (mut s00, mut s01, mut s02, mut s03) = (c0[0], c0[1], c0[2], c0[3]);
            let (mut s10, mut s11, mut s12, mut s13) = (c1[0], c1[1], c1[2], c1[3]);
            for k in 0..nk {
                let (x0, x1) = (a0[k], a1[k]);
                let (w0, w1, w2, w3) = (b0[k], b1[k], b2[k], b3[k]);
                s00 += x0 * w0;
                s01 += x0 * w1;
                s02 += x0 * w2;
                s03 += x0 * w3;
                s10 += x1 * w0;
                s11 += x1 * w1;
                s12 += x1 * w2;
                s13 += x1 * w3;
            }
            if let Some(c0) = c.get_mut(p * nq + q..p * nq + q + 4) {
                c0.copy_from_slice(&[s00, s01, s02, s03]);
            }
            if let Some(c1) = c.get_mut((p + 1) * nq + q..(p + 1) * nq + q + 4) {
                c1.copy_from_slice(&[s10, s11, s12, s13]);
            }
        }
    }
    // The entries outside the blocks: the last row when np is odd, the last columns.
    for p in 0..np {
        let ar = row(a, p, nk);
        for q in if p < p2 { q4 } else { 0 }..nq {
            if let Some(c) = c.get_mut(p * nq + q) {
                *c = dot_seq(*c, ar, row(b, q, nk));
            }
        }
    }
}

/// `s + Σₖ aₖbₖ`, added in the order of k.
#[inline(always)]
fn dot_seq(mut s: f64, a: &[f64], b: &[f64]) -> f64 {
    for k in 0..a.len().min(b.len()) {
        s += a[k] * b[k];
    }
    s
}

/// `z = x Wᵀ + b` (with `b`) or `z += x Wᵀ` (without), over `rows` rows.
///
/// Layers with at least 4 outputs add the products to each output in the order of the
/// inputs ([`abt_acc`]); narrower layers take dot products of rows ([`dot`]).
#[allow(clippy::too_many_arguments)]
#[inline]
fn affine(
    x: &[f64],
    n_in: usize,
    w: &[f64],
    b: Option<&[f64]>,
    n_out: usize,
    rows: usize,
    z: &mut [f64],
) {
    let z = z.get_mut(..rows * n_out).unwrap_or(&mut []);
    if n_out >= 4 {
        if let Some(b) = b {
            for zr in z.chunks_exact_mut(n_out) {
                zr.iter_mut().zip(b).for_each(|(z, b)| *z = *b);
            }
        }
        abt_acc(x, w, n_in, rows, n_out, z);
        return;
    }
    for (xr, zr) in x.chunks_exact(n_in).zip(z.chunks_exact_mut(n_out)) {
        match b {
            Some(b) => {
                for ((z, wr), b) in zr.iter_mut().zip(w.chunks_exact(n_in)).zip(b) {
                    *z = b + dot(xr, wr);
                }
            }
            None => {
                for (z, wr) in zr.iter_mut().zip(w.chunks_exact(n_in)) {
                    *z += dot(xr, wr);
                }
            }
        }
    }
}

/// `gW += δᵀx` and (with `gb`) `gb += Σ_rows δ`, each entry summed in the order of the
/// rows.
#[inline]
fn outer_acc(
    d: &[f64],
    n_out: usize,
    x: &[f64],
    n_in: usize,
    rows: usize,
    gw: &mut [f64],
    gb: Option<&mut [f64]>,
) {
    let (j2, i4) = (n_out & !1, n_in & !3);
    let (Some(d), Some(x)) = (d.get(..rows * n_out), x.get(..rows * n_in)) else {
        return;
    };
    for j in (0..j2).step_by(2) {
        for i in (0..i4).step_by(4) {
            let Some(g0) = gw.get(j * n_in + i..j * n_in + i + 4) else {
                return;
            };
            let Some(g1) = gw.get((j + 1) * n_in + i..(j + 1) * n_in + i + 4) else {
                return;
            };
            let (mut s00, mut s01, mut s02, mut s03) = (g0[0], g0[1], g0[2], g0[3]);
            let (mut s10, mut s11, mut s12, mut s13) = (g1[0], g1[1], g1[2], g1[3]);
            for (dr, xr) in d.chunks_exact(n_out).zip(x.chunks_exact(n_in)) {
                let (Some(&[d0, d1]), Some(&[x0, x1, x2, x3])) =
                    (dr.get(j..j + 2), xr.get(i..i + 4))
                else {
                    return;
                };
                s00 += d0 * x0;
                s01 += d0 * x1;
                s02 += d0 * x2;
                s03 += d0 * x3;
                s10 += d1 * x0;
                s11 += d1 * x1;
                s12 += d1 * x2;
                s13 += d1 * x3;
            }
            if let Some(g0) = gw.get_mut(j * n_in + i..j * n_in + i + 4) {
                g0.copy_from_slice(&[s00, s01, s02, s03]);
            }
            if let Some(g1) = gw.get_mut((j + 1) * n_in + i..(j + 1) * n_in + i + 4) {
                g1.copy_from_slice(&[s10, s11, s12, s13]);
            }
        }
    }
    // The last columns (a first layer's one to three inputs) in blocks of 4 rows of gW.
    let j4 = n_out & !3;
    for i in i4..n_in {
        for j in (0..j4).step_by(4) {
            let at = |q: usize| (j + q) * n_in + i;
            let (Some(&g0), Some(&g1), Some(&g2), Some(&g3)) =
                (gw.get(at(0)), gw.get(at(1)), gw.get(at(2)), gw.get(at(3)))
            else {
                return;
            };
            let (mut s0, mut s1, mut s2, mut s3) = (g0, g1, g2, g3);
            for (dr, xr) in d.chunks_exact(n_out).zip(x.chunks_exact(n_in)) {
                let (Some(&[d0, d1, d2, d3]), Some(&xi)) = (dr.get(j..j + 4), xr.get(i)) else {
                    return;
                };
                s0 += d0 * xi;
                s1 += d1 * xi;
                s2 += d2 * xi;
                s3 += d3 * xi;
            }
            for (q, s) in [s0, s1, s2, s3].into_iter().enumerate() {
                if let Some(g) = gw.get_mut(at(q)) {
                    *g = s;
                }
            }
        }
    }
    // The last row when n_out is odd (a last layer's one output) in blocks of 4 columns.
    for j in j2..n_out {
        for i in (0..i4).step_by(4) {
            let Some(&[g0, g1, g2, g3]) = gw.get(j * n_in + i..j * n_in + i + 4) else {
                return;
            };
            let (mut s0, mut s1, mut s2, mut s3) = (g0, g1, g2, g3);
            for (dr, xr) in d.chunks_exact(n_out).zip(x.chunks_exact(n_in)) {
                let (Some(&dj), Some(&[x0, x1, x2, x3])) = (dr.get(j), xr.get(i..i + 4)) else {
                    return;
                };
                s0 += dj * x0;
                s1 += dj * x1;
                s2 += dj * x2;
                s3 += dj * x3;
            }
            if let Some(g) = gw.get_mut(j * n_in + i..j * n_in + i + 4) {
                g.copy_from_slice(&[s0, s1, s2, s3]);
            }
        }
    }
    // The rest one by one: the last columns of the last rows.
    for j in j4..n_out {
        for i in i4..n_in {
            let Some(g) = gw.get_mut(j * n_in + i) else {
                return;
            };
            let mut s = *g;
            for r in 0..rows {
                s += d[r * n_out + j] * x[r * n_in + i];
            }
            *g = s;
        }
    }
    if let Some(gb) = gb {
        for dr in d.chunks_exact(n_out) {
            for (g, d) in gb.iter_mut().zip(dr) {
                *g += d;
            }
        }
    }
}

/// `e = δ W` (or `e += δ W` with `add`), rows × n_in, each entry summed in the order of
/// the outputs; `wt` takes the transposed weight.
#[allow(clippy::too_many_arguments)]
#[inline]
fn back(
    d: &[f64],
    n_out: usize,
    w: &[f64],
    n_in: usize,
    rows: usize,
    e: &mut [f64],
    add: bool,
    wt: &mut [f64],
) {
    for (j, wr) in w.chunks_exact(n_in).take(n_out).enumerate() {
        for (i, v) in wr.iter().enumerate() {
            if let Some(t) = wt.get_mut(i * n_out + j) {
                *t = *v;
            }
        }
    }
    let e = e.get_mut(..rows * n_in).unwrap_or(&mut []);
    if !add {
        e.iter_mut().for_each(|x| *x = 0.0);
    }
    abt_acc(d, wt, n_out, rows, n_in, e);
}

/// Two distinct elements of `v`: `(&v[i], &mut v[j])` for `i > j`.
fn pair<T>(v: &mut [T], i: usize, j: usize) -> Option<(&T, &mut T)> {
    if j >= i {
        return None;
    }
    let (lo, hi) = v.split_at_mut(i);
    Some((hi.first()?, lo.get_mut(j)?))
}

impl Mlp {
    fn rows_of(&self, x: &[f64]) -> Result<usize> {
        let n = self.n_inputs();
        if n == 0 || x.len() % n != 0 {
            return Err(bad(format!(
                "the inputs have {} numbers, not a whole number of rows of {n} features",
                x.len()
            )));
        }
        Ok(x.len() / n)
    }

    /// The outputs for the batch `x` (rows × n_inputs, row-major): rows × n_outputs.
    pub fn forward<'w>(
        &self,
        params: &[f64],
        x: &[f64],
        ws: &'w mut Workspace,
    ) -> Result<&'w [f64]> {
        self.check_params(params)?;
        let rows = self.rows_of(x)?;
        ws.ensure(self, rows);
        self.forward_in(params, x, rows, ws);
        Ok(ws.output(rows))
    }

    /// The mean loss of the batch `(x, y)`; adds `scale · ∇θ` of it to `grad`.
    #[allow(clippy::too_many_arguments)]
    pub fn loss_grad(
        &self,
        params: &[f64],
        x: &[f64],
        y: &[f64],
        loss: Loss,
        scale: f64,
        ws: &mut Workspace,
        grad: &mut [f64],
    ) -> Result<f64> {
        self.check_params(params)?;
        self.check_params(grad)?;
        let rows = self.check_batch(x, y)?;
        ws.ensure(self, rows);
        Ok(self.loss_grad_in(params, x, y, rows, loss, scale, ws, grad))
    }

    /// Like [`Mlp::loss_grad`], and also adds `scale · H v` to `hv`, H the Hessian of
    /// the batch's mean loss with respect to the parameters (exact, by the R-operator).
    #[allow(clippy::too_many_arguments)]
    pub fn loss_grad_hvp(
        &self,
        params: &[f64],
        x: &[f64],
        y: &[f64],
        loss: Loss,
        scale: f64,
        v: &[f64],
        ws: &mut Workspace,
        grad: &mut [f64],
        hv: &mut [f64],
    ) -> Result<f64> {
        self.check_params(params)?;
        self.check_params(grad)?;
        self.check_params(v)?;
        self.check_params(hv)?;
        let rows = self.check_batch(x, y)?;
        ws.ensure(self, rows);
        let l = self.loss_grad_in(params, x, y, rows, loss, scale, ws, grad);
        self.hvp_in(params, x, y, rows, loss, scale, v, ws, hv);
        Ok(l)
    }

    fn check_batch(&self, x: &[f64], y: &[f64]) -> Result<usize> {
        let rows = self.rows_of(x)?;
        if rows != y.len() {
            return Err(bad(format!("{rows} input rows but {} targets", y.len())));
        }
        Ok(rows)
    }

    /// Forward pass over `rows` rows into `ws` (sizes already checked).
    pub(super) fn forward_in(&self, params: &[f64], x: &[f64], rows: usize, ws: &mut Workspace) {
        let last = self.layers().len().saturating_sub(1);
        let act = self.activation();
        for (k, l) in self.layers().iter().enumerate() {
            let w = params.get(l.weight_range()).unwrap_or(&[]);
            let b = params.get(l.bias_range()).unwrap_or(&[]);
            let (prev, rest) = ws.a.split_at_mut(k);
            let input: &[f64] = if k == 0 {
                x
            } else {
                prev.last().map_or(&[], |v| v)
            };
            let z = &mut ws.z[k];
            affine(input, l.n_in, w, Some(b), l.n_out, rows, z);
            if k < last {
                if let Some(a) = rest.first_mut() {
                    let n = rows * l.n_out;
                    act.apply(&z[..n], &mut a[..n]);
                }
            }
        }
    }

    /// Loss, output gradient and backward pass (after which `ws.delta`/`ws.e` hold the
    /// values the R-operator needs).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn loss_grad_in(
        &self,
        params: &[f64],
        x: &[f64],
        y: &[f64],
        rows: usize,
        loss: Loss,
        scale: f64,
        ws: &mut Workspace,
        grad: &mut [f64],
    ) -> f64 {
        self.forward_in(params, x, rows, ws);
        let n_out = self.n_outputs();
        let last = self.layers().len().saturating_sub(1);
        let value = {
            let out = &ws.z[last][..rows * n_out];
            let d = &mut ws.delta[last][..rows * n_out];
            loss.value_grad(out, y, n_out, scale, d)
        };
        let act = self.activation();
        for (k, l) in self.layers().iter().enumerate().rev() {
            let input: &[f64] = if k == 0 { x } else { &ws.a[k - 1] };
            let (gw, gb) = match grad.get_mut(l.weight..l.bias + l.n_out) {
                Some(s) => s.split_at_mut(l.n_in * l.n_out),
                None => continue,
            };
            outer_acc(&ws.delta[k], l.n_out, input, l.n_in, rows, gw, Some(gb));
            if k > 0 {
                let w = params.get(l.weight_range()).unwrap_or(&[]);
                let e = &mut ws.e[k - 1];
                back(&ws.delta[k], l.n_out, w, l.n_in, rows, e, false, &mut ws.wt);
                let n = rows * l.n_in;
                if let Some((_, dprev)) = pair(&mut ws.delta, k, k - 1) {
                    act.mul_deriv(
                        &ws.e[k - 1][..n],
                        &ws.z[k - 1][..n],
                        &ws.a[k - 1][..n],
                        &mut dprev[..n],
                    );
                }
            }
        }
        value
    }

    /// R-operator passes after [`Mlp::loss_grad_in`]: adds `scale · H v` to `hv`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn hvp_in(
        &self,
        params: &[f64],
        x: &[f64],
        y: &[f64],
        rows: usize,
        loss: Loss,
        scale: f64,
        v: &[f64],
        ws: &mut Workspace,
        hv: &mut [f64],
    ) {
        let act = self.activation();
        let last = self.layers().len().saturating_sub(1);
        // R-forward.
        for (k, l) in self.layers().iter().enumerate() {
            let w = params.get(l.weight_range()).unwrap_or(&[]);
            let vw = v.get(l.weight_range()).unwrap_or(&[]);
            let vb = v.get(l.bias_range()).unwrap_or(&[]);
            let input: &[f64] = if k == 0 { x } else { &ws.a[k - 1] };
            let rz = &mut ws.rz[k];
            affine(input, l.n_in, vw, Some(vb), l.n_out, rows, rz);
            if k > 0 {
                affine(&ws.ra[k - 1], l.n_in, w, None, l.n_out, rows, rz);
            }
            if k < last {
                let n = rows * l.n_out;
                act.mul_deriv(
                    &ws.rz[k][..n],
                    &ws.z[k][..n],
                    &ws.a[k][..n],
                    &mut ws.ra[k][..n],
                );
            }
        }
        // The loss's Hessian at the output.
        let n_out = self.n_outputs();
        {
            let n = rows * n_out;
            loss.hess_vec(
                &ws.z[last][..n],
                y,
                n_out,
                scale,
                &ws.rz[last][..n],
                &mut ws.rdelta[last][..n],
            );
        }
        // R-backward.
        for (k, l) in self.layers().iter().enumerate().rev() {
            let (gw, gb) = match hv.get_mut(l.weight..l.bias + l.n_out) {
                Some(s) => s.split_at_mut(l.n_in * l.n_out),
                None => continue,
            };
            let input: &[f64] = if k == 0 { x } else { &ws.a[k - 1] };
            outer_acc(&ws.rdelta[k], l.n_out, input, l.n_in, rows, gw, Some(gb));
            if k == 0 {
                continue;
            }
            outer_acc(&ws.delta[k], l.n_out, &ws.ra[k - 1], l.n_in, rows, gw, None);
            let w = params.get(l.weight_range()).unwrap_or(&[]);
            let vw = v.get(l.weight_range()).unwrap_or(&[]);
            if let Some((rd, rprev)) = pair(&mut ws.rdelta, k, k - 1) {
                back(rd, l.n_out, w, l.n_in, rows, rprev, false, &mut ws.wt);
                back(
                    &ws.delta[k],
                    l.n_out,
                    vw,
                    l.n_in,
                    rows,
                    rprev,
                    true,
                    &mut ws.wt,
                );
                let n = rows * l.n_in;
                for ((((r, e), z), a), rz) in rprev[..n]
                    .iter_mut()
                    .zip(&ws.e[k - 1][..n])
                    .zip(&ws.z[k - 1][..n])
                    .zip(&ws.a[k - 1][..n])
                    .zip(&ws.rz[k - 1][..n])
                {
                    *r = *r * act.deriv(*z, *a) + e * act.deriv2(*z, *a) * rz;
                }
            }
        }
    }
}
