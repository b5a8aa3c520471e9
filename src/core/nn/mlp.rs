//! The multilayer perceptron: its architecture, the layout of its flat parameter
//! vector, and its initialisation.
//!
//! `mlp(layers=[2,16,16,1], activation=tanh)` is `nn.Sequential(nn.Linear(2,16), nn.Tanh(),
//! nn.Linear(16,16), nn.Tanh(), nn.Linear(16,1))`: dense layers with the activation
//! between them and none after the last. All parameters live in one `Vec<f64>` in the
//! order of torch's `model.parameters()`: layer 0's weight (shape `[out][in]`, row-major),
//! layer 0's bias, layer 1's weight, and so on.

use crate::core::error::Result;
use crate::core::rng::Rng;
use crate::core::spec::{Params, Range, Spec};

use super::activation::{Activation, ACTIVATIONS};
use super::bad;
use super::weights::{LayerWeights, Weights};

/// Fewest entries in `layers` (input and output widths).
pub const MIN_WIDTHS: usize = 2;
/// Most entries in `layers`: the input, up to 6 hidden layers, the output.
pub const MAX_WIDTHS: usize = 8;
/// Widest layer.
pub const MAX_WIDTH: usize = 256;
/// Most parameters a network may have.
pub const MAX_PARAMS: usize = 100_000;

/// Where one dense layer's parameters sit in the flat vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LayerShape {
    /// Inputs (`in_features`).
    pub n_in: usize,
    /// Outputs (`out_features`).
    pub n_out: usize,
    /// Offset of the weight `[n_out][n_in]` in the parameter vector.
    pub weight: usize,
    /// Offset of the bias `[n_out]` in the parameter vector.
    pub bias: usize,
}

impl LayerShape {
    /// The range of the weight in the parameter vector.
    pub fn weight_range(&self) -> std::ops::Range<usize> {
        self.weight..self.weight + self.n_in * self.n_out
    }
    /// The range of the bias in the parameter vector.
    pub fn bias_range(&self) -> std::ops::Range<usize> {
        self.bias..self.bias + self.n_out
    }
}

/// A multilayer perceptron's architecture (the parameters are kept apart, in a slice).
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    widths: Vec<usize>,
    activation: Activation,
    layers: Vec<LayerShape>,
    n_params: usize,
}

impl Mlp {
    /// A network with the given widths (input first, output last) and activation.
    ///
    /// Errors unless there are 2 to 8 widths, each 1 to 256, and at most 100,000
    /// parameters.
    pub fn new(widths: &[usize], activation: Activation) -> Result<Mlp> {
        if widths.len() < MIN_WIDTHS || widths.len() > MAX_WIDTHS {
            return Err(bad(format!(
                "mlp: layers has {} widths; allowed: {MIN_WIDTHS} to {MAX_WIDTHS} \
                 (the input, up to {} hidden layers, the output)",
                widths.len(),
                MAX_WIDTHS - 2
            )));
        }
        if let Some(w) = widths.iter().find(|w| **w == 0 || **w > MAX_WIDTH) {
            return Err(bad(format!(
                "mlp: a layer of width {w} is out of range; allowed: 1 ≤ width ≤ {MAX_WIDTH}"
            )));
        }
        let mut layers = Vec::with_capacity(widths.len() - 1);
        let mut at = 0usize;
        for pair in widths.windows(2) {
            if let [n_in, n_out] = *pair {
                let weight = at;
                let bias = weight + n_in * n_out;
                at = bias + n_out;
                layers.push(LayerShape {
                    n_in,
                    n_out,
                    weight,
                    bias,
                });
            }
        }
        if at > MAX_PARAMS {
            return Err(bad(format!(
                "mlp: {at} parameters is too many; at most {MAX_PARAMS}"
            )));
        }
        Ok(Mlp {
            widths: widths.to_vec(),
            activation,
            layers,
            n_params: at,
        })
    }

    /// Builds a network from a spec `mlp(layers=[…], activation=…)`; the defaults are
    /// `layers=[2,16,16,1]`, `activation=tanh`.
    pub fn from_spec(spec: &Spec) -> Result<Mlp> {
        if spec.name != "mlp" {
            return Err(crate::core::spec::unknown_name(
                "model",
                &spec.name,
                &["mlp"],
            ));
        }
        let mut p = Params::new(spec);
        let widths = p.num_list("layers", &[2.0, 16.0, 16.0, 1.0], Range::ANY, 64)?;
        let act = p.word("activation", ACTIVATIONS)?;
        p.finish()?;
        if widths.len() > MAX_WIDTHS {
            return Err(bad(format!(
                "mlp: layers has {} widths; allowed: {MIN_WIDTHS} to {MAX_WIDTHS} \
                 (the input, up to {} hidden layers, the output)",
                widths.len(),
                MAX_WIDTHS - 2
            )));
        }
        let mut ws = Vec::with_capacity(widths.len());
        for w in widths {
            if w.fract() != 0.0 || !(1.0..=MAX_WIDTH as f64).contains(&w) {
                return Err(bad(format!(
                    "mlp: a layer of width {} is out of range; allowed: a whole number \
                     1 ≤ width ≤ {MAX_WIDTH}",
                    crate::core::spec::fmt_num(w)
                )));
            }
            ws.push(w as usize);
        }
        let activation = Activation::from_name(act).unwrap_or(Activation::Tanh);
        Mlp::new(&ws, activation)
    }

    /// Parses and builds a spec such as `mlp(layers=[2,16,16,1], activation=tanh)`.
    pub fn parse(text: &str) -> Result<Mlp> {
        Mlp::from_spec(&Spec::parse(text)?)
    }

    /// The widths, input first.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }
    /// The activation between layers.
    pub fn activation(&self) -> Activation {
        self.activation
    }
    /// The dense layers, first to last.
    pub fn layers(&self) -> &[LayerShape] {
        &self.layers
    }
    /// The number of parameters (the length of the flat vector).
    pub fn n_params(&self) -> usize {
        self.n_params
    }
    /// The number of input features.
    pub fn n_inputs(&self) -> usize {
        self.widths.first().copied().unwrap_or(0)
    }
    /// The number of outputs.
    pub fn n_outputs(&self) -> usize {
        self.widths.last().copied().unwrap_or(0)
    }
    /// The widest layer (inputs included).
    pub fn max_width(&self) -> usize {
        self.widths.iter().copied().max().unwrap_or(0)
    }

    /// The spec that rebuilds this network.
    pub fn spec(&self) -> String {
        let ws: Vec<String> = self.widths.iter().map(|w| w.to_string()).collect();
        format!(
            "mlp(layers=[{}], activation={})",
            ws.join(","),
            self.activation.name()
        )
    }

    /// Fresh parameters drawn as `nn.Linear` does by default: every weight and bias of a
    /// layer uniform in ±1/√in_features. The stream is [`Rng`] from `seed`, layer by
    /// layer in parameter order (so the numbers differ from torch's, the distribution
    /// does not).
    pub fn init(&self, seed: u64) -> Vec<f64> {
        let mut rng = Rng::new(seed);
        let mut p = vec![0.0; self.n_params];
        for l in &self.layers {
            let bound = 1.0 / (l.n_in as f64).sqrt();
            let end = l.bias + l.n_out;
            if let Some(s) = p.get_mut(l.weight..end) {
                for x in s {
                    *x = bound * (2.0 * rng.uniform() - 1.0);
                }
            }
        }
        p
    }

    /// Checks that `params` has this network's length.
    pub fn check_params(&self, params: &[f64]) -> Result<()> {
        if params.len() != self.n_params {
            return Err(bad(format!(
                "{} takes {} parameters; got {}",
                self.spec(),
                self.n_params,
                params.len()
            )));
        }
        Ok(())
    }

    /// The parameters in the layout of `nn.Linear` (`weight[out][in]`, `bias[out]`).
    pub fn weights(&self, params: &[f64]) -> Result<Weights> {
        self.check_params(params)?;
        let layers = self
            .layers
            .iter()
            .map(|l| LayerWeights {
                weight: params
                    .get(l.weight_range())
                    .unwrap_or(&[])
                    .chunks_exact(l.n_in)
                    .map(<[f64]>::to_vec)
                    .collect(),
                bias: params.get(l.bias_range()).unwrap_or(&[]).to_vec(),
            })
            .collect();
        Ok(Weights { layers })
    }

    /// The flat parameter vector of `w`, checking every shape against this network.
    pub fn params_from(&self, w: &Weights) -> Result<Vec<f64>> {
        if w.layers.len() != self.layers.len() {
            return Err(bad(format!(
                "the weights have {} layers; {} has {}",
                w.layers.len(),
                self.spec(),
                self.layers.len()
            )));
        }
        let mut p = Vec::with_capacity(self.n_params);
        for (k, (lw, l)) in w.layers.iter().zip(&self.layers).enumerate() {
            if lw.weight.len() != l.n_out || lw.weight.iter().any(|r| r.len() != l.n_in) {
                return Err(bad(format!(
                    "layer {k}: weight must be {} rows of {} numbers ([out][in])",
                    l.n_out, l.n_in
                )));
            }
            if lw.bias.len() != l.n_out {
                return Err(bad(format!(
                    "layer {k}: bias has {} numbers; it must have {}",
                    lw.bias.len(),
                    l.n_out
                )));
            }
            for row in &lw.weight {
                p.extend_from_slice(row);
            }
            p.extend_from_slice(&lw.bias);
        }
        if p.iter().any(|x| !x.is_finite()) {
            return Err(bad("the weights must be finite numbers"));
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_follows_model_parameters() {
        let m = Mlp::parse("mlp(layers=[2,3,1], activation=relu)").unwrap();
        assert_eq!(m.n_params(), 2 * 3 + 3 + 3 + 1);
        assert_eq!(m.layers()[0].bias, 6);
        assert_eq!(m.layers()[1].weight, 9);
        assert_eq!(m.layers()[1].bias, 12);
        assert_eq!(m.activation(), Activation::Relu);
        assert_eq!(m.spec(), "mlp(layers=[2,3,1], activation=relu)");
        let p: Vec<f64> = (0..m.n_params()).map(|i| i as f64).collect();
        let w = m.weights(&p).unwrap();
        assert_eq!(
            w.layers[0].weight,
            vec![vec![0.0, 1.0], vec![2.0, 3.0], vec![4.0, 5.0]]
        );
        assert_eq!(w.layers[0].bias, vec![6.0, 7.0, 8.0]);
        assert_eq!(m.params_from(&w).unwrap(), p);
    }

    #[test]
    fn init_is_seeded_and_bounded_by_fan_in() {
        let m = Mlp::parse("mlp(layers=[4,16,1])").unwrap();
        let a = m.init(3);
        assert_eq!(a, m.init(3));
        assert_ne!(a, m.init(4));
        let l1 = m.layers()[1];
        assert!(a[l1.weight..].iter().all(|x| x.abs() <= 0.25));
        assert!(a[..l1.weight].iter().all(|x| x.abs() <= 0.5));
        assert!(a[..l1.weight].iter().any(|x| x.abs() > 0.4));
    }

    #[test]
    fn bad_architectures_are_errors() {
        for spec in [
            "mlp(layers=[2,0,1])",
            "mlp(layers=[2,10000,1])",
            "mlp(layers=[2])",
            "mlp(layers=[2,1.5,1])",
            "mlp(layers=[256,256,256,256])",
            "mlp(activation=swish)",
            "mlp(width=3)",
            "cnn",
        ] {
            assert!(Mlp::parse(spec).is_err(), "{spec}");
        }
        let fifty = format!("mlp(layers=[{}])", vec!["4"; 50].join(","));
        let e = Mlp::parse(&fifty).unwrap_err().to_string();
        assert!(e.contains("50 widths"), "{e}");
        let e = Mlp::parse("mlp(layers=[2,0,1])").unwrap_err().to_string();
        assert!(e.contains("width 0"), "{e}");
    }
}
