//! Linear change of the rate's factor from `start_factor` to `end_factor`.

use super::{Restart, Schedule};

/// `torch.optim.lr_scheduler.LinearLR(start_factor=1/3, end_factor=1, total_iters=5)`.
///
/// $$\eta_t = \eta_0\Bigl(s + (e - s)\,\frac{\min(t, T)}{T}\Bigr)$$
///
/// computed as torch steps it: each step multiplies the current rate by
/// $1 + \frac{e-s}{Ts + (t-1)(e-s)}$ until t = T, then holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    base: f64,
    start: f64,
    end: f64,
    total: u64,
    t: u64,
    lr: f64,
}

impl Linear {
    /// From `start_factor`·η₀ to `end_factor`·η₀ over `total_iters` steps.
    pub fn new(base_lr: f64, start_factor: f64, end_factor: f64, total_iters: u64) -> Self {
        Linear {
            base: base_lr,
            start: start_factor,
            end: end_factor,
            total: total_iters,
            t: 0,
            lr: base_lr * start_factor,
        }
    }
}

impl Schedule for Linear {
    fn name(&self) -> &str {
        "linear"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.t += 1;
        if self.t <= self.total {
            let (s, e) = (self.start, self.end);
            let d = self.total as f64 * s + (self.t - 1) as f64 * (e - s);
            self.lr *= 1.0 + (e - s) / d;
        }
    }
}

impl Restart for Linear {
    fn restart(&mut self) {
        self.t = 0;
        let frac = if self.total > 0 {
            (self.end - self.start) * 0.0 / self.total as f64
        } else {
            0.0
        };
        self.lr = self.base * (self.start + frac);
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::{lrs_of, rel_close};

    #[test]
    fn ramps_then_holds() {
        // Closed form η₀(s + (e − s)·min(t, T)/T), s = 1/3 and e = 1 (torch's
        // defaults), T = 5, η₀ = 0.3: 0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3.
        let got = lrs_of("linear", 0.3, 6);
        rel_close(&got, &[0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3], 1e-15);
        let down = lrs_of(
            "linear(start_factor=1, end_factor=0, total_iters=2)",
            1.0,
            3,
        );
        assert_eq!(down, [1.0, 0.5, 0.0, 0.0]);
    }
}
