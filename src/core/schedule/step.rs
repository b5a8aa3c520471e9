//! Step decay: multiply the rate by γ every `step_size` steps.

use super::Schedule;

/// `torch.optim.lr_scheduler.StepLR(step_size, gamma=0.1)`.
///
/// $$\eta_t = \eta_0\,\gamma^{\lfloor t/s\rfloor}$$
///
/// computed as torch steps it: the current rate is multiplied by γ whenever t is a
/// multiple of s (so the rounding matches torch's chained form, not the closed form).
#[derive(Debug, Clone, PartialEq)]
pub struct StepDecay {
    step_size: u64,
    gamma: f64,
    t: u64,
    lr: f64,
}

impl StepDecay {
    /// Decay by `gamma` every `step_size` (≥ 1) steps from `base_lr`.
    pub fn new(base_lr: f64, step_size: u64, gamma: f64) -> Self {
        StepDecay {
            step_size: step_size.max(1),
            gamma,
            t: 0,
            lr: base_lr,
        }
    }
}

impl Schedule for StepDecay {
    fn name(&self) -> &str {
        "step"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.t += 1;
        if self.t % self.step_size == 0 {
            self.lr *= self.gamma;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::lrs_of;

    #[test]
    fn decays_every_step_size() {
        // Hand-derived: 0.5 for t < 3, 0.5·0.5 for 3 ≤ t < 6, then 0.125.
        assert_eq!(
            lrs_of("step(step_size=3, gamma=0.5)", 0.5, 7),
            [0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]
        );
    }
}
