//! Exponential decay: multiply the rate by γ every step.

use super::Schedule;

/// `torch.optim.lr_scheduler.ExponentialLR(gamma)`.
///
/// $$\eta_t = \eta_0\,\gamma^t$$
///
/// computed as torch does, by repeated multiplication (η ← γη each step).
#[derive(Debug, Clone, PartialEq)]
pub struct Exponential {
    gamma: f64,
    lr: f64,
}

impl Exponential {
    /// Decay by `gamma` per step from `base_lr`.
    pub fn new(base_lr: f64, gamma: f64) -> Self {
        Exponential { gamma, lr: base_lr }
    }
}

impl Schedule for Exponential {
    fn name(&self) -> &str {
        "exponential"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.lr *= self.gamma;
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::lrs_of;

    #[test]
    fn multiplies_each_step() {
        // Hand-derived powers of 0.5 (exact in binary).
        assert_eq!(
            lrs_of("exponential(gamma=0.5)", 2.0, 4),
            [2.0, 1.0, 0.5, 0.25, 0.125]
        );
    }
}
