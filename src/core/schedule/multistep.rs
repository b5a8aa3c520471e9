//! Multi-step decay: multiply the rate by γ at each milestone.

use super::Schedule;

/// `torch.optim.lr_scheduler.MultiStepLR(milestones, gamma=0.1)`.
///
/// $$\eta_t = \eta_0\,\gamma^{\#\{m_i \le t\}}$$
///
/// stepped as torch does: at a step equal to a milestone the current rate is
/// multiplied by γ^c, where c counts how often that milestone is listed. A milestone 0
/// applies at once, as in torch.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiStep {
    milestones: Vec<u64>,
    gamma: f64,
    t: u64,
    lr: f64,
}

impl MultiStep {
    /// Decay by `gamma` at each of `milestones` from `base_lr`.
    pub fn new(base_lr: f64, milestones: Vec<u64>, gamma: f64) -> Self {
        let mut s = MultiStep {
            milestones,
            gamma,
            t: 0,
            lr: base_lr,
        };
        s.apply();
        s
    }

    fn apply(&mut self) {
        let c = self.milestones.iter().filter(|m| **m == self.t).count();
        if c > 0 {
            self.lr *= self.gamma.powf(c as f64);
        }
    }
}

impl Schedule for MultiStep {
    fn name(&self) -> &str {
        "multistep"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.t += 1;
        self.apply();
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::lrs_of;

    #[test]
    fn decays_at_milestones_counting_repeats() {
        // Hand-derived: ×0.5 at 2, ×0.5² at 4 (listed twice).
        assert_eq!(
            lrs_of("multistep(milestones=[2,4,4], gamma=0.5)", 1.0, 5),
            [1.0, 1.0, 0.5, 0.5, 0.125, 0.125]
        );
        assert_eq!(lrs_of("multistep(milestones=[0])", 1.0, 1)[0], 0.1);
    }
}
