//! The activation functions between dense layers, with the first and second derivatives
//! that the backward pass and the Hessian-vector product need.

use super::erf::{normal_cdf, normal_pdf};
use super::tanh::tanh;

/// An elementwise nonlinearity, named as in `torch.nn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `nn.Tanh`: tanh z.
    Tanh,
    /// `nn.ReLU`: max(z, 0); its derivative at 0 is taken as 0, as torch does.
    Relu,
    /// `nn.Sigmoid`: 1/(1 + e^{−z}).
    Sigmoid,
    /// `nn.GELU()` (the exact form, torch's default): z·Φ(z), Φ the normal distribution
    /// function.
    Gelu,
}

/// Every activation name, as the `mlp` spec accepts them.
pub const ACTIVATIONS: &[&str] = &["tanh", "relu", "sigmoid", "gelu"];

impl Activation {
    /// The activation called `name` (one of [`ACTIVATIONS`]).
    pub fn from_name(name: &str) -> Option<Activation> {
        match name {
            "tanh" => Some(Activation::Tanh),
            "relu" => Some(Activation::Relu),
            "sigmoid" => Some(Activation::Sigmoid),
            "gelu" => Some(Activation::Gelu),
            _ => None,
        }
    }

    /// The spec name.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Gelu => "gelu",
        }
    }

    /// σ(z).
    #[inline]
    pub fn value(self, z: f64) -> f64 {
        match self {
            Activation::Tanh => tanh(z),
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => sigmoid(z),
            Activation::Gelu => z * normal_cdf(z),
        }
    }

    /// σ′(z), given also `a = σ(z)` (tanh and sigmoid use it).
    #[inline]
    pub fn deriv(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Gelu => normal_cdf(z) + z * normal_pdf(z),
        }
    }

    /// σ″(z), given also `a = σ(z)`. ReLU's is 0 (it is piecewise linear).
    #[inline]
    pub fn deriv2(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Tanh => -2.0 * a * (1.0 - a * a),
            Activation::Relu => 0.0,
            Activation::Sigmoid => a * (1.0 - a) * (1.0 - 2.0 * a),
            Activation::Gelu => normal_pdf(z) * (2.0 - z * z),
        }
    }

    /// `out = e ⊙ σ′(z)` elementwise, given `a = σ(z)` (the backward pass's product).
    #[inline]
    pub fn mul_deriv(self, e: &[f64], z: &[f64], a: &[f64], out: &mut [f64]) {
        if self == Activation::Tanh {
            for i in 0..out.len().min(e.len()).min(a.len()) {
                out[i] = e[i] * (1.0 - a[i] * a[i]);
            }
            return;
        }
        let it = out.iter_mut().zip(e).zip(z.iter().zip(a));
        match self {
            Activation::Tanh => {}
            Activation::Sigmoid => it.for_each(|((o, e), (_, a))| *o = e * (a * (1.0 - a))),
            Activation::Relu => {
                it.for_each(|((o, e), (z, _))| *o = if *z > 0.0 { *e } else { 0.0 })
            }
            Activation::Gelu => it.for_each(|((o, e), (z, a))| *o = e * self.deriv(*z, *a)),
        }
    }

    /// Applies σ to every element of `z`, writing `a`.
    #[inline]
    pub fn apply(self, z: &[f64], a: &mut [f64]) {
        match self {
            Activation::Tanh => {
                for i in 0..a.len().min(z.len()) {
                    a[i] = tanh(z[i]);
                }
            }
            Activation::Relu => a.iter_mut().zip(z).for_each(|(a, z)| *a = z.max(0.0)),
            _ => a.iter_mut().zip(z).for_each(|(a, z)| *a = self.value(*z)),
        }
    }
}

/// The logistic function 1/(1 + e^{−z}), without overflow for large |z|.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-5;
        for act in [
            Activation::Tanh,
            Activation::Relu,
            Activation::Sigmoid,
            Activation::Gelu,
        ] {
            for z in [-3.1, -1.2, -0.3, 0.4, 0.9, 2.7] {
                let a = act.value(z);
                let d1 = (act.value(z + h) - act.value(z - h)) / (2.0 * h);
                let d2 = (act.deriv(z + h, act.value(z + h)) - act.deriv(z - h, act.value(z - h)))
                    / (2.0 * h);
                assert!((act.deriv(z, a) - d1).abs() < 1e-8, "{act:?} σ′({z})");
                assert!((act.deriv2(z, a) - d2).abs() < 1e-8, "{act:?} σ″({z})");
            }
        }
    }

    #[test]
    fn hand_values() {
        // GELU(1) = Φ(1) = 0.8413447460685429; GELU(−1) = −(1 − Φ(1)).
        assert!((Activation::Gelu.value(1.0) - 0.841_344_746_068_542_9).abs() < 1e-16);
        assert!((Activation::Gelu.value(-1.0) + 0.158_655_253_931_457_1).abs() < 1e-16);
        assert_eq!(Activation::Relu.value(-2.0), 0.0);
        assert_eq!(Activation::Relu.deriv(0.0, 0.0), 0.0);
        assert_eq!(sigmoid(-800.0), 0.0);
        assert_eq!(sigmoid(800.0), 1.0);
        assert_eq!(sigmoid(0.0), 0.5);
        for name in ACTIVATIONS {
            assert_eq!(Activation::from_name(name).map(|a| a.name()), Some(*name));
        }
    }
}
