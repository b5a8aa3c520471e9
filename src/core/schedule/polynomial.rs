//! Polynomial decay of the rate to zero over `total_iters` steps.

use super::Schedule;

/// `torch.optim.lr_scheduler.PolynomialLR(total_iters=5, power=1)`.
///
/// $$\eta_t = \eta_0\Bigl(1 - \frac{\min(t, T)}{T}\Bigr)^p$$
///
/// computed as torch steps it: each step multiplies the current rate by
/// $\bigl((1 - t/T)/(1 - (t-1)/T)\bigr)^p$ until t = T, then holds (at 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Polynomial {
    total: u64,
    power: f64,
    t: u64,
    lr: f64,
}

impl Polynomial {
    /// Decay from `base_lr` to 0 over `total_iters` steps with exponent `power`.
    pub fn new(base_lr: f64, total_iters: u64, power: f64) -> Self {
        Polynomial {
            total: total_iters,
            power,
            t: 0,
            lr: base_lr,
        }
    }
}

impl Schedule for Polynomial {
    fn name(&self) -> &str {
        "polynomial"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.t += 1;
        if self.t <= self.total {
            let (t, n) = (self.t as f64, self.total as f64);
            self.lr *= ((1.0 - t / n) / (1.0 - (t - 1.0) / n)).powf(self.power);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::{lrs_of, rel_close};

    #[test]
    fn decays_to_zero_and_holds() {
        // Closed form (1 − t/4)², η₀ = 1: 1, 9/16, 1/4, 1/16, 0, 0.
        let got = lrs_of("polynomial(total_iters=4, power=2)", 1.0, 5);
        rel_close(&got, &[1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0], 1e-15);
        assert_eq!(lrs_of("polynomial", 0.5, 6)[5..], [0.0, 0.0]);
    }
}
