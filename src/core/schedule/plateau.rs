//! Reduce-on-plateau: the one schedule that watches the loss.

use super::Schedule;

/// `torch.optim.lr_scheduler.ReduceLROnPlateau(mode='min', factor=0.1, patience=10,
/// threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`.
///
/// A loss counts as better when it is below `best·(1 − threshold)`. After more than
/// `patience` steps in a row without a better loss the rate becomes
/// `max(η·factor, min_lr)` (only if that changes it by more than `eps`), then
/// `cooldown` steps pass in which bad steps are not counted. A NaN loss is never
/// better. It is fed the loss after every optimizer step.
#[derive(Debug, Clone, PartialEq)]
pub struct Plateau {
    factor: f64,
    patience: u64,
    threshold: f64,
    cooldown: u64,
    min_lr: f64,
    eps: f64,
    best: f64,
    bad: u64,
    cooldown_left: u64,
    lr: f64,
}

/// The reduce-on-plateau settings, named as torch names them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlateauConfig {
    /// Multiplier applied on a plateau (< 1).
    pub factor: f64,
    /// Bad steps tolerated before reducing.
    pub patience: u64,
    /// Relative improvement that counts as better.
    pub threshold: f64,
    /// Steps to wait after a reduction.
    pub cooldown: u64,
    /// Lower bound of the rate.
    pub min_lr: f64,
    /// Smallest change of the rate worth making.
    pub eps: f64,
}

impl Plateau {
    /// Starts at `base_lr` with no best loss yet.
    pub fn new(base_lr: f64, c: PlateauConfig) -> Self {
        Plateau {
            factor: c.factor,
            patience: c.patience,
            threshold: c.threshold,
            cooldown: c.cooldown,
            min_lr: c.min_lr,
            eps: c.eps,
            best: f64::INFINITY,
            bad: 0,
            cooldown_left: 0,
            lr: base_lr,
        }
    }
}

impl Schedule for Plateau {
    fn name(&self) -> &str {
        "plateau"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, loss: f64) {
        if loss < self.best * (1.0 - self.threshold) {
            self.best = loss;
            self.bad = 0;
        } else {
            self.bad = self.bad.saturating_add(1);
        }
        if self.cooldown_left > 0 {
            self.cooldown_left -= 1;
            self.bad = 0;
        }
        if self.bad > self.patience {
            let new = (self.lr * self.factor).max(self.min_lr);
            if self.lr - new > self.eps {
                self.lr = new;
            }
            self.cooldown_left = self.cooldown;
            self.bad = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::build;
    use crate::core::spec::Spec;

    fn feed(spec: &str, losses: &[f64]) -> Vec<f64> {
        let mut s = build(&Spec::parse(spec).unwrap(), 1.0, None).unwrap();
        let mut out = vec![s.lr()];
        for l in losses {
            s.step(*l);
            out.push(s.lr());
        }
        out
    }

    #[test]
    fn reduces_after_patience_with_cooldown() {
        // Hand-derived: best 5 at step 1; steps 2–4 are not better (the third bad step
        // exceeds patience 2) → ×0.5 at step 4; cooldown 1 swallows step 5's bad count;
        // steps 6, 7, 8 bad again → ×0.5 at step 8.
        let got = feed(
            "plateau(factor=0.5, patience=2, cooldown=1)",
            &[5.0, 5.0, 6.0, 5.0, 7.0, 5.0, 5.0, 5.0],
        );
        assert_eq!(got, [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25]);
    }

    #[test]
    fn threshold_min_lr_and_nan() {
        // 9.9995 is within the relative threshold 1e-4 of 10: not better.
        let got = feed(
            "plateau(patience=0, min_lr=0.05)",
            &[10.0, 9.9995, 9.0, f64::NAN, 1.0, 2.0],
        );
        assert_eq!(got, [1.0, 1.0, 0.1, 0.1, 0.05, 0.05, 0.05]);
    }
}
