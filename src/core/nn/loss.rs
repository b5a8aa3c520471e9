//! Training losses on a batch of network outputs, with their gradients and
//! Hessian-vector products with respect to the outputs.
//!
//! Each loss is the mean over the batch, as torch's default `reduction='mean'`; the
//! targets are one number per row: a 0/1 label (or a probability) for
//! [`Loss::Bce`], a real target for [`Loss::Mse`], a class index for
//! [`Loss::CrossEntropy`].

use crate::core::error::Result;
use crate::core::spec::fmt_num;

use super::activation::sigmoid;
use super::bad;
use super::data::Dataset;
use super::mlp::Mlp;

/// The most classes a data set read as classification may have (more whole-number
/// targets read as a regression).
pub const MAX_CLASSES: usize = 10;

/// The inputs and outputs a network needs for `data`: one input per feature; one
/// output per class for three or more classes, else one.
pub fn io_widths(data: &Dataset) -> (usize, usize) {
    let outputs = data
        .classes()
        .filter(|k| (3..=MAX_CLASSES).contains(k))
        .unwrap_or(1);
    (data.n_features(), outputs)
}

/// The network `model` describes with its loss when it fits `data`; otherwise (or
/// without a model) two hidden layers of 16 tanh units between the data's inputs and
/// outputs, so a widget always has a network to train on data it was handed.
pub fn network_for(model: Option<&crate::core::spec::Spec>, data: &Dataset) -> Result<(Mlp, Loss)> {
    if let Some(m) = model.and_then(|s| Mlp::from_spec(s).ok()) {
        if let Ok(loss) = Loss::fit(&m, data) {
            return Ok((m, loss));
        }
    }
    let (inputs, outputs) = io_widths(data);
    let m = Mlp::new(
        &[inputs, 16, 16, outputs],
        super::activation::Activation::Tanh,
    )?;
    let loss = Loss::fit(&m, data)?;
    Ok((m, loss))
}

/// A loss between outputs and targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// `nn.BCEWithLogitsLoss`: one output, a logit z; target y ∈ [0, 1];
    /// ℓ = max(z, 0) − z·y + log(1 + e^{−|z|}).
    Bce,
    /// `nn.MSELoss`: one output; ℓ = (z − y)².
    Mse,
    /// `nn.CrossEntropyLoss`: one logit per class, target a class index c;
    /// ℓ = log Σⱼ e^{zⱼ} − z_c.
    CrossEntropy,
}

/// The loss names the CLI and specs accept.
pub const LOSSES: &[&str] = &["bce", "mse", "ce"];

impl Loss {
    /// What the mean divides by: the rows for cross-entropy (one loss per row), every
    /// output of every row for the others (as torch's `reduction='mean'`).
    fn count(self, rows: usize, n_out: usize) -> f64 {
        match self {
            Loss::CrossEntropy => rows as f64,
            _ => (rows * n_out) as f64,
        }
    }

    /// The loss called `name`: `bce`, `mse` or `ce` (also `cross_entropy`).
    pub fn from_name(name: &str) -> Result<Loss> {
        match name {
            "bce" => Ok(Loss::Bce),
            "mse" => Ok(Loss::Mse),
            "ce" | "cross_entropy" => Ok(Loss::CrossEntropy),
            other => Err(bad(format!(
                "unknown loss \"{other}\"; known: {}",
                LOSSES.join(", ")
            ))),
        }
    }

    /// The short name (`bce`, `mse`, `ce`).
    pub fn name(self) -> &'static str {
        match self {
            Loss::Bce => "bce",
            Loss::Mse => "mse",
            Loss::CrossEntropy => "ce",
        }
    }

    /// Whether the loss is a classification loss (accuracy is defined).
    pub fn is_classification(self) -> bool {
        !matches!(self, Loss::Mse)
    }

    /// The loss a network trains with on `data`: cross-entropy when it has one output
    /// per class, BCE when its one output meets labels 0 and 1, MSE otherwise. An error
    /// when its inputs are not the data's features, or its outputs do not suit the
    /// targets (one output for a data set of three or more classes).
    pub fn fit(mlp: &Mlp, data: &Dataset) -> Result<Loss> {
        if data.n_features() != mlp.n_inputs() {
            return Err(bad(format!(
                "the data has {} feature{}; {} takes {}",
                data.n_features(),
                if data.n_features() == 1 { "" } else { "s" },
                mlp.spec(),
                mlp.n_inputs()
            )));
        }
        let n_out = mlp.n_outputs();
        let loss = match data.classes() {
            _ if n_out > 1 => Loss::CrossEntropy,
            Some(k @ 3..=MAX_CLASSES) => {
                return Err(bad(format!(
                    "the data has {k} classes; the network needs {k} outputs, not 1"
                )))
            }
            Some(1 | 2) => Loss::Bce,
            _ => Loss::Mse,
        };
        loss.check(n_out, &data.y)?;
        Ok(loss)
    }

    /// Checks that a network with `n_out` outputs and these targets suit the loss:
    /// one output for BCE and MSE, at least two for cross-entropy; BCE targets in
    /// [0, 1]; cross-entropy targets whole numbers in `0..n_out`.
    pub fn check(self, n_out: usize, targets: &[f64]) -> Result<()> {
        match self {
            Loss::Bce | Loss::Mse if n_out != 1 => {
                return Err(bad(format!(
                    "{} needs a network with 1 output; this one has {n_out}",
                    self.name()
                )))
            }
            Loss::CrossEntropy if n_out < 2 => {
                return Err(bad(format!(
                "ce needs a network with one output per class (at least 2); this one has {n_out}"
            )))
            }
            _ => {}
        }
        for (row, y) in targets.iter().enumerate() {
            let ok = match self {
                Loss::Bce => (0.0..=1.0).contains(y),
                Loss::Mse => y.is_finite(),
                Loss::CrossEntropy => y.fract() == 0.0 && *y >= 0.0 && *y < n_out as f64,
            };
            if !ok {
                let allowed = match self {
                    Loss::Bce => "a label 0 or 1 (or a probability in [0, 1])".to_string(),
                    Loss::Mse => "a finite number".to_string(),
                    Loss::CrossEntropy => {
                        format!("a class index 0 to {}", n_out.saturating_sub(1))
                    }
                };
                return Err(bad(format!(
                    "row {}: target {} is out of range for {}; allowed: {allowed}",
                    row + 1,
                    fmt_num(*y),
                    self.name()
                )));
            }
        }
        Ok(())
    }

    /// The loss of one row of outputs `z` against target `y`.
    #[inline]
    pub fn row(self, z: &[f64], y: f64) -> f64 {
        match self {
            Loss::Bce => {
                let z = z.first().copied().unwrap_or(f64::NAN);
                z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
            }
            Loss::Mse => {
                let d = z.first().copied().unwrap_or(f64::NAN) - y;
                d * d
            }
            Loss::CrossEntropy => {
                let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let s: f64 = z.iter().map(|v| (v - m).exp()).sum();
                m + s.ln() - class(z, y)
            }
        }
    }

    /// The sum over rows of the per-row loss (`out` is rows × `n_out`).
    pub fn sum(self, out: &[f64], y: &[f64], n_out: usize) -> f64 {
        out.chunks_exact(n_out.max(1))
            .zip(y)
            .map(|(z, y)| self.row(z, *y))
            .sum()
    }

    /// The mean loss over the batch; writes `scale · ∂(mean loss)/∂out` into `grad`.
    pub fn value_grad(
        self,
        out: &[f64],
        y: &[f64],
        n_out: usize,
        scale: f64,
        grad: &mut [f64],
    ) -> f64 {
        let n_out = n_out.max(1);
        let count = self.count(y.len(), n_out);
        let c = scale / count;
        let mut total = 0.0;
        for ((z, g), y) in out
            .chunks_exact(n_out)
            .zip(grad.chunks_exact_mut(n_out))
            .zip(y)
        {
            match self {
                Loss::Bce => {
                    // `row` and `sigmoid` with the one exponential they share, e^{−|z|}
                    // (one call of the platform's exp per row instead of two).
                    for (j, (g, z)) in g.iter_mut().zip(z).enumerate() {
                        let t = (-z.abs()).exp();
                        if j == 0 {
                            total += z.max(0.0) - z * y + t.ln_1p();
                        }
                        let s = if *z >= 0.0 {
                            1.0 / (1.0 + t)
                        } else {
                            t / (1.0 + t)
                        };
                        *g = c * (s - y);
                    }
                }
                Loss::Mse => {
                    total += self.row(z, *y);
                    for (g, z) in g.iter_mut().zip(z) {
                        *g = c * 2.0 * (z - y);
                    }
                }
                Loss::CrossEntropy => {
                    total += self.row(z, *y);
                    softmax(z, g);
                    if let Some(gc) = g.get_mut(*y as usize) {
                        *gc -= 1.0;
                    }
                    g.iter_mut().for_each(|g| *g *= c);
                }
            }
        }
        total / count
    }

    /// Writes `scale · H r` into `res`, where H is the Hessian of the mean loss with
    /// respect to the outputs (block-diagonal by row) and `r` a direction in output
    /// space (rows × `n_out`).
    pub fn hess_vec(
        self,
        out: &[f64],
        y: &[f64],
        n_out: usize,
        scale: f64,
        r: &[f64],
        res: &mut [f64],
    ) {
        let n_out = n_out.max(1);
        let rows = y.len();
        let c = scale / self.count(rows, n_out);
        for ((z, r), h) in out
            .chunks_exact(n_out)
            .zip(r.chunks_exact(n_out))
            .zip(res.chunks_exact_mut(n_out))
            .take(rows)
        {
            match self {
                Loss::Bce => {
                    for ((h, z), r) in h.iter_mut().zip(z).zip(r) {
                        let s = sigmoid(*z);
                        *h = c * s * (1.0 - s) * r;
                    }
                }
                Loss::Mse => {
                    for (h, r) in h.iter_mut().zip(r) {
                        *h = c * 2.0 * r;
                    }
                }
                Loss::CrossEntropy => {
                    // (diag p − p pᵀ) r = p ⊙ r − p (p·r).
                    softmax(z, h);
                    let pr: f64 = h.iter().zip(r).map(|(p, r)| p * r).sum();
                    for (h, r) in h.iter_mut().zip(r) {
                        *h = c * *h * (r - pr);
                    }
                }
            }
        }
    }
}

/// z[y] (NaN when y is not a class index of z).
fn class(z: &[f64], y: f64) -> f64 {
    if y >= 0.0 && y.fract() == 0.0 {
        z.get(y as usize).copied().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// The softmax of `z`, written to `p`.
pub fn softmax(z: &[f64], p: &mut [f64]) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut s = 0.0;
    for (p, z) in p.iter_mut().zip(z) {
        *p = (z - m).exp();
        s += *p;
    }
    p.iter_mut().for_each(|p| *p /= s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_values() {
        // BCE: z = 0 → log 2 whatever y; z = 2, y = 1 → log(1 + e^{−2}).
        assert!((Loss::Bce.row(&[0.0], 1.0) - 2f64.ln()).abs() < 1e-16);
        assert!((Loss::Bce.row(&[2.0], 1.0) - (1.0 + (-2f64).exp()).ln()).abs() < 1e-15);
        assert!((Loss::Bce.row(&[-3.0], 0.0) - (1.0 + (-3f64).exp()).ln()).abs() < 1e-15);
        // No overflow for huge logits: the loss is |z| on the wrong side, 0 on the right.
        assert_eq!(Loss::Bce.row(&[800.0], 0.0), 800.0);
        assert_eq!(Loss::Bce.row(&[800.0], 1.0), 0.0);
        assert_eq!(Loss::Mse.row(&[3.0], 1.0), 4.0);
        // CE of [1, 2, 3] against class 0: log(e + e² + e³) − 1 = 2.40760596444438.
        assert!(
            (Loss::CrossEntropy.row(&[1.0, 2.0, 3.0], 0.0) - 2.407_605_964_444_38).abs() < 1e-13
        );
        assert!((Loss::CrossEntropy.row(&[1000.0, 0.0, 0.0], 0.0)).abs() < 1e-300);
        // The mean: MSE of outputs [1, 3] against [0, 0] is (1 + 9)/2.
        let mut g = [0.0; 2];
        let l = Loss::Mse.value_grad(&[1.0, 3.0], &[0.0, 0.0], 1, 1.0, &mut g);
        assert_eq!(l, 5.0);
        assert_eq!(g, [1.0, 3.0]);
    }

    #[test]
    fn gradients_and_hessians_match_finite_differences() {
        let out = [0.3, -1.2, 0.7, 2.0, -0.4, 0.1];
        for (loss, n_out, y) in [
            (Loss::Bce, 1, vec![1.0, 0.0, 1.0, 0.0, 0.3, 1.0]),
            (Loss::Mse, 1, vec![0.5, -1.0, 0.0, 2.5, 1.0, -0.2]),
            (Loss::CrossEntropy, 3, vec![2.0, 0.0]),
        ] {
            let mean = |o: &[f64]| {
                Loss::sum(loss, o, &y, n_out)
                    / (o.len() / n_out * if loss == Loss::CrossEntropy { 1 } else { n_out }) as f64
            };
            let mut g = [0.0; 6];
            let l = loss.value_grad(&out, &y, n_out, 0.5, &mut g);
            assert!((l - mean(&out)).abs() < 1e-15);
            let r = [0.2, -0.7, 1.1, 0.4, -0.3, 0.9];
            let mut hr = [0.0; 6];
            loss.hess_vec(&out, &y, n_out, 0.5, &r, &mut hr);
            let h = 1e-6;
            for i in 0..6 {
                let (mut up, mut dn) = (out, out);
                up[i] += h;
                dn[i] -= h;
                let fd = 0.5 * (mean(&up) - mean(&dn)) / (2.0 * h);
                assert!((g[i] - fd).abs() < 1e-9, "{loss:?} grad {i}");
                // H r by differences of gradients along r.
                let (mut gu, mut gd) = ([0.0; 6], [0.0; 6]);
                let pu: Vec<f64> = out.iter().zip(&r).map(|(o, r)| o + h * r).collect();
                let pd: Vec<f64> = out.iter().zip(&r).map(|(o, r)| o - h * r).collect();
                loss.value_grad(&pu, &y, n_out, 0.5, &mut gu);
                loss.value_grad(&pd, &y, n_out, 0.5, &mut gd);
                assert!(
                    (hr[i] - (gu[i] - gd[i]) / (2.0 * h)).abs() < 1e-8,
                    "{loss:?} hvp {i}"
                );
            }
        }
    }

    #[test]
    fn checks_targets_and_output_counts() {
        assert!(Loss::Bce.check(1, &[0.0, 1.0, 0.5]).is_ok());
        assert!(Loss::Bce.check(1, &[2.0]).is_err());
        assert!(Loss::Bce.check(2, &[1.0]).is_err());
        assert!(Loss::Mse.check(1, &[f64::NAN]).is_err());
        assert!(Loss::CrossEntropy.check(3, &[0.0, 2.0]).is_ok());
        let e = Loss::CrossEntropy
            .check(3, &[0.0, 3.0])
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 2") && e.contains("0 to 2"), "{e}");
        assert!(Loss::CrossEntropy.check(3, &[1.5]).is_err());
        assert!(Loss::CrossEntropy.check(1, &[0.0]).is_err());
        assert_eq!(Loss::from_name("ce").unwrap(), Loss::CrossEntropy);
        assert!(Loss::from_name("hinge").is_err());
    }
}
