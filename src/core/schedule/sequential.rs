//! Warmup then decay: two schedules joined at a milestone, as torch's `SequentialLR`.

use super::{Restart, Schedule};

/// `torch.optim.lr_scheduler.SequentialLR([first, second], milestones=[m])`.
///
/// Steps `first` until step m; at step m `second` jumps to its own step 0 through its
/// closed form (torch calls the scheduler's `_update_lr(0)`, so e.g. a cosine restarts
/// at exactly η_min + (η₀ − η_min)·(1 + cos 0)/2), and from then on `second` steps as
/// usual. With m = 0 only `second` ever runs. The `warmup_cosine` and `warmup_linear`
/// schedules are this with a [`super::Linear`] warmup.
#[derive(Debug, Clone, PartialEq)]
pub struct Sequential<A, B> {
    name: &'static str,
    first: A,
    second: B,
    milestone: u64,
    t: u64,
}

impl<A: Schedule, B: Schedule + Restart> Sequential<A, B> {
    /// `first` for steps before `milestone`, `second` from it on.
    pub fn new(name: &'static str, first: A, second: B, milestone: u64) -> Self {
        Sequential {
            name,
            first,
            second,
            milestone,
            t: 0,
        }
    }
}

impl<A: Schedule, B: Schedule + Restart> Schedule for Sequential<A, B> {
    fn name(&self) -> &str {
        self.name
    }
    fn lr(&self) -> f64 {
        if self.t < self.milestone {
            self.first.lr()
        } else {
            self.second.lr()
        }
    }
    fn step(&mut self, loss: f64) {
        self.t = self.t.saturating_add(1);
        if self.t < self.milestone {
            self.first.step(loss);
        } else if self.t == self.milestone {
            self.second.restart();
        } else {
            self.second.step(loss);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::{lrs_of, rel_close};
    use std::f64::consts::PI;

    #[test]
    fn warmup_cosine_by_hand() {
        // Warmup 2 steps from ⅓: η₀·(⅓, ⅔), then cosine over 4 steps from η₀ = 0.3.
        let got = lrs_of("warmup_cosine(warmup_steps=2, total_steps=6)", 0.3, 8);
        let mut want = vec![0.1, 0.2];
        want.extend((0..=6).map(|k| 0.15 * (1.0 + (PI * k as f64 / 4.0).cos())));
        rel_close(&got, &want, 1e-14);
    }

    #[test]
    fn warmup_linear_by_hand_and_zero_warmup() {
        // start ½ over 2 steps: 0.5, 0.75; then 1 → 0 over 4 steps, then hold.
        let got = lrs_of(
            "warmup_linear(warmup_steps=2, total_steps=6, start_factor=0.5)",
            1.0,
            8,
        );
        rel_close(
            &got,
            &[0.5, 0.75, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0, 0.0],
            1e-15,
        );
        let got = lrs_of("warmup_cosine(warmup_steps=0, total_steps=2)", 1.0, 2);
        rel_close(&got, &[1.0, 0.5, 0.0], 1e-15);
    }
}
