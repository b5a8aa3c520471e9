//! Linear change of the rate's factor from `start_factor` to `end_factor`.

use super::{Restart, Schedule};

/// `torch.optim.lr_scheduler.LinearLR(start_factor=1/3, end_factor=1, total_iters=5)`.
///
/// $$\eta_t = \eta_0\Bigl(s + (e - s)\,\frac{\min(t, T)}{T}\Bigr)$$
///
/// computed as torch steps it: each step multiplies the current rate by
/// $1 + \frac{e-s}{Ts + (t-1)(e-s)}$ until t = T, then holds; where that rounds to a
/// rate below 0 (an end factor near 0, e.g. `1e-47`), the rate is 0.
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
            // Torch's recurrence can round a tiny end factor (1e-47) to a rate just
            // below 0; a rate is never negative, so it stops at 0.
            let next = (self.lr * (1.0 + (e - s) / d)).max(0.0);
            // A base rate near f64::MAX can round past it; the closed form cannot.
            self.lr = if next.is_finite() {
                next
            } else {
                let t = self.t as f64 / self.total as f64;
                self.base * (s + (e - s) * t)
            };
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

    #[test]
    fn a_tiny_end_factor_never_makes_the_rate_negative() {
        // Torch's recurrence ends at -1.85e-18 for the default start factor over 4 steps
        // down to 1e-47; the rate stops at 0.
        for end in [1e-47, 1e-300, 5e-324, 1e-17] {
            for total in [4, 5, 7] {
                let spec = format!("linear(end_factor={end:e}, total_iters={total})");
                let got = lrs_of(&spec, 0.1, total + 2);
                assert!(
                    got.iter().all(|x| x.is_finite() && *x >= 0.0),
                    "{spec}: {got:?}"
                );
                assert!(got[total] <= 1e-15, "{got:?}");
            }
        }
        assert_eq!(
            lrs_of("linear(end_factor=1e-47, total_iters=4)", 0.1, 4)[4],
            0.0
        );
    }
}
