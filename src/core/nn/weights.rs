//! Network parameters in the JSON layout of `nn.Linear`:
//! `{"layers":[{"weight":[[…],…],"bias":[…]},…]}`, `weight` shaped `[out][in]`.
//!
//! The structs are plain serde values, so the browser can pass them through
//! serde-wasm-bindgen; reading and writing JSON text is native-only (serde_json is not
//! in the wasm build).

use serde::{Deserialize, Serialize};

/// One dense layer's parameters, as `nn.Linear` holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerWeights {
    /// `weight[out][in]`.
    pub weight: Vec<Vec<f64>>,
    /// `bias[out]`.
    pub bias: Vec<f64>,
}

/// Every layer's parameters, first layer first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// The dense layers in order.
    pub layers: Vec<LayerWeights>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Weights {
    /// Parses the JSON layout (native only).
    pub fn from_json(text: &str) -> crate::core::error::Result<Weights> {
        serde_json::from_str(text).map_err(|e| super::bad(format!("weights JSON: {e}")))
    }

    /// Writes the JSON layout (native only); a non-finite number is written as `null`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_errors() {
        let text = r#"{"layers":[{"weight":[[1.0,2.0]],"bias":[0.5]}]}"#;
        let w = Weights::from_json(text).unwrap();
        assert_eq!(w.layers[0].weight, vec![vec![1.0, 2.0]]);
        assert_eq!(w.to_json(), text);
        assert!(Weights::from_json(r#"{"layers":[{"weight":[[1,"a"]],"bias":[]}]}"#).is_err());
        assert!(Weights::from_json("{").is_err());
    }
}
