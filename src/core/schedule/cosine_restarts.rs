//! Cosine annealing with warm restarts (SGDR).

use std::f64::consts::PI;

use super::Schedule;

/// `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0)`.
///
/// $$\eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\Bigl(1 + \cos\frac{\pi T_{cur}}{T_i}\Bigr)$$
///
/// $T_{cur}$ counts steps since the last restart; when it reaches $T_i$ the rate jumps
/// back to η₀ and the next period is $T_{i+1} = T_i\cdot T_{mult}$. Reference:
/// I. Loshchilov and F. Hutter, "SGDR: stochastic gradient descent with warm restarts"
/// (ICLR 2017).
#[derive(Debug, Clone, PartialEq)]
pub struct CosineRestarts {
    base: f64,
    t_mult: u64,
    eta_min: f64,
    t_cur: u64,
    t_i: u64,
    lr: f64,
}

impl CosineRestarts {
    /// First period `t_0` (≥ 1) steps, each next one `t_mult` (≥ 1) times longer.
    pub fn new(base_lr: f64, t_0: u64, t_mult: u64, eta_min: f64) -> Self {
        let mut s = CosineRestarts {
            base: base_lr,
            t_mult: t_mult.max(1),
            eta_min,
            t_cur: 0,
            t_i: t_0.max(1),
            lr: base_lr,
        };
        s.update();
        s
    }

    fn update(&mut self) {
        let e = self.eta_min;
        self.lr =
            e + (self.base - e) * ((1.0 + (PI * self.t_cur as f64 / self.t_i as f64).cos()) / 2.0);
    }
}

impl Schedule for CosineRestarts {
    fn name(&self) -> &str {
        "cosine_restarts"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {
        self.t_cur += 1;
        if self.t_cur >= self.t_i {
            self.t_cur %= self.t_i;
            self.t_i = self.t_i.saturating_mul(self.t_mult);
        }
        self.update();
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::lrs_of;

    #[test]
    fn restarts_with_growing_periods() {
        // Hand-derived, T₀ = 2, T_mult = 2, η₀ = 1: periods 2, 4, 8;
        // T_cur/T_i = 0, ½ | 0, ¼, ½, ¾ | 0 → 1, ½ | 1, (1+cos π/4)/2, ½, (1−cos π/4)/2 | 1.
        let c = (std::f64::consts::PI / 4.0).cos();
        let got = lrs_of("cosine_restarts(t_0=2, t_mult=2)", 1.0, 6);
        let want = [1.0, 0.5, 1.0, (1.0 + c) / 2.0, 0.5, (1.0 - c) / 2.0, 1.0];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-15, "{got:?}");
        }
    }
}
