//! Cosine annealing from the base rate down to `eta_min` over `t_max` steps.

use std::f64::consts::PI;

use super::{Restart, Schedule};

/// `torch.optim.lr_scheduler.CosineAnnealingLR(T_max, eta_min=0)`.
///
/// $$\eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\Bigl(1 + \cos\frac{\pi t}{T}\Bigr)$$
///
/// Values follow torch's recursive form, which multiplies the distance to η_min by
/// $(1+\cos\frac{\pi t}{T})/(1+\cos\frac{\pi(t-1)}{T})$ each step and, one step after
/// each minimum (t − 1 − T a multiple of 2T), adds back $(\eta_0-\eta_{\min})(1-\cos\frac{\pi}{T})/2$.
/// Past T the rate therefore climbs back up: the schedule is periodic with period 2T.
/// Halving comes before the product (exact either way, but a rate near `f64::MAX` does
/// not overflow on the way); where the recurrence rounds below 0 the rate is 0, and
/// where it overflows it takes the closed form.
#[derive(Debug, Clone, PartialEq)]
pub struct Cosine {
    base: f64,
    t_max: u64,
    eta_min: f64,
    t: u64,
    lr: f64,
}

impl Cosine {
    /// Anneal from `base_lr` to `eta_min` over `t_max` (≥ 1) steps.
    pub fn new(base_lr: f64, t_max: u64, eta_min: f64) -> Self {
        Cosine {
            base: base_lr,
            t_max: t_max.max(1),
            eta_min,
            t: 0,
            lr: base_lr,
        }
    }
}

impl Schedule for Cosine {
    fn name(&self) -> &str {
        "cosine"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.t += 1;
        let (t, tm, e) = (self.t as f64, self.t_max as f64, self.eta_min);
        // torch's test `(t − 1 − t_max) % (2·t_max) == 0`, as t − 1 ≡ t_max (mod 2·t_max)
        // in u64 (no 128-bit division in the module; a period past u64 holds t − 1 whole).
        let period = self.t_max.checked_mul(2);
        let next = if period.map_or(self.t - 1, |m| (self.t - 1) % m) == self.t_max {
            self.lr + (self.base - e) * ((1.0 - (PI / tm).cos()) / 2.0)
        } else {
            (1.0 + (PI * t / tm).cos()) / (1.0 + (PI * (t - 1.0) / tm).cos()) * (self.lr - e) + e
        };
        // The recurrence can round a rate of 0 to just below it (an η_min far above η₀)
        // and a rate near f64::MAX past it; then the rate is 0, or the closed form.
        self.lr = if next.is_finite() {
            next.max(0.0)
        } else {
            (e + (self.base - e) * ((1.0 + (PI * t / tm).cos()) / 2.0)).max(0.0)
        };
    }
}

impl Restart for Cosine {
    fn restart(&mut self) {
        self.t = 0;
        self.lr = self.eta_min
            + (self.base - self.eta_min) * ((1.0 + (PI * 0.0 / self.t_max as f64).cos()) / 2.0);
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::{lrs_of, rel_close};

    #[test]
    fn stays_finite_and_not_below_zero() {
        // Found by the fuzz harness: η_min far above η₀ rounds the rate at 2T below 0;
        // η₀ = f64::MAX overflows on the way back up.
        for (spec, base) in [
            ("cosine(t_max=27, eta_min=160)", 2.2250738585072014e-308),
            ("cosine(t_max=10, eta_min=0)", f64::MAX),
            (
                "warmup_cosine(warmup_steps=39, total_steps=100, eta_min=174)",
                1e-222,
            ),
        ] {
            let got = lrs_of(spec, base, 300);
            assert!(
                got.iter().all(|x| x.is_finite() && *x >= 0.0),
                "{spec}: {got:?}"
            );
        }
    }

    #[test]
    fn follows_half_a_cosine_and_comes_back() {
        // Closed form η_min + ½(η₀ − η_min)(1 + cos πt/T), T = 4, η₀ = 1, η_min = 0.2;
        // the recursion agrees to rounding, and is periodic with period 8.
        let got = lrs_of("cosine(t_max=4, eta_min=0.2)", 1.0, 12);
        let want: Vec<f64> = (0..=12)
            .map(|t| 0.2 + 0.4 * (1.0 + (std::f64::consts::PI * t as f64 / 4.0).cos()))
            .collect();
        rel_close(&got, &want, 1e-14);
        assert_eq!(got[4], 0.2);
    }
}
