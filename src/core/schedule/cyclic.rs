//! Cyclical learning rates: a triangle wave between `base_lr` and `max_lr`.

use super::Schedule;

/// How the cycle's amplitude changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CyclicMode {
    /// Constant amplitude.
    Triangular,
    /// Amplitude halved each cycle.
    Triangular2,
    /// Amplitude scaled by γ^t (t counts steps, not cycles).
    ExpRange(f64),
}

/// `torch.optim.lr_scheduler.CyclicLR(base_lr, max_lr, step_size_up=2000,
/// step_size_down=None, mode='triangular', gamma=1, cycle_momentum=True,
/// base_momentum=0.8, max_momentum=0.9)`.
///
/// With $c = \lfloor 1 + t/(u+d)\rfloor$ and $x = 1 + t/(u+d) - c$, the height is
/// $x/r$ on the way up ($x \le r = u/(u+d)$) and $(x-1)/(r-1)$ on the way down, and
/// $$\eta_t = \eta_{base} + (\eta_{max} - \eta_{base})\cdot\text{height}\cdot\text{scale}$$
/// with scale 1, $2^{1-c}$ or $\gamma^t$ by mode. Momentum goes the other way, from
/// `max_momentum` down to `base_momentum`. The optimizer's own rate is ignored, as
/// in torch. Reference: L. N. Smith, "Cyclical learning rates for training neural
/// networks" (WACV 2017).
#[derive(Debug, Clone, PartialEq)]
pub struct Cyclic {
    base_lr: f64,
    max_lr: f64,
    total_size: f64,
    step_ratio: f64,
    mode: CyclicMode,
    momentum_range: Option<(f64, f64)>,
    t: u64,
    lr: f64,
    momentum: f64,
}

impl Cyclic {
    /// A cycle of `up` steps rising and `down` steps falling (both ≥ 1);
    /// `momentum_range` is `(base_momentum, max_momentum)` when momentum cycles.
    pub fn new(
        base_lr: f64,
        max_lr: f64,
        up: u64,
        down: u64,
        mode: CyclicMode,
        momentum_range: Option<(f64, f64)>,
    ) -> Self {
        let (u, d) = (up.max(1) as f64, down.max(1) as f64);
        let mut s = Cyclic {
            base_lr,
            max_lr,
            total_size: u + d,
            step_ratio: u / (u + d),
            mode,
            momentum_range,
            t: 0,
            lr: base_lr,
            momentum: 0.0,
        };
        s.update();
        s
    }

    fn update(&mut self) {
        let t = self.t as f64;
        let cycle = (1.0 + t / self.total_size).floor();
        let x = 1.0 + t / self.total_size - cycle;
        let height = if x <= self.step_ratio {
            x / self.step_ratio
        } else {
            (x - 1.0) / (self.step_ratio - 1.0)
        };
        let scale = match self.mode {
            CyclicMode::Triangular => 1.0,
            CyclicMode::Triangular2 => 1.0 / 2f64.powf(cycle - 1.0),
            CyclicMode::ExpRange(g) => g.powf(t),
        };
        self.lr = self.base_lr + (self.max_lr - self.base_lr) * height * scale;
        if let Some((lo, hi)) = self.momentum_range {
            self.momentum = hi - (hi - lo) * height * scale;
        }
    }
}

impl Schedule for Cyclic {
    fn name(&self) -> &str {
        "cyclic"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn momentum(&self) -> Option<f64> {
        self.momentum_range.map(|_| self.momentum)
    }
    fn step(&mut self, _loss: f64) {
        self.t = self.t.saturating_add(1);
        self.update();
    }
}

#[cfg(test)]
mod tests {
    use crate::core::schedule::testing::{lrs_of, rel_close};
    use crate::core::schedule::{build, lrs};
    use crate::core::spec::Spec;

    #[test]
    fn triangle_waves_by_hand() {
        // base 1, max 3, up 2, down 2: 1, 2, 3, 2, 1, 2, 3, …
        let tri = lrs_of(
            "cyclic(base_lr=1, max_lr=3, step_size_up=2, cycle_momentum=false)",
            9.0,
            6,
        );
        assert_eq!(tri, [1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0]);
        // triangular2 halves the amplitude in the second cycle: peak 2.
        let tri2 = lrs_of(
            "cyclic(base_lr=1, max_lr=3, step_size_up=2, mode=triangular2, cycle_momentum=false)",
            9.0,
            6,
        );
        assert_eq!(tri2, [1.0, 2.0, 3.0, 2.0, 1.0, 1.5, 2.0]);
        // exp_range scales by γ^t: at t = 2 the peak is 1 + 2·0.25.
        let exp = lrs_of(
            "cyclic(base_lr=1, max_lr=3, step_size_up=2, mode=exp_range, gamma=0.5, cycle_momentum=false)",
            9.0,
            2,
        );
        rel_close(&exp, &[1.0, 1.5, 1.5], 1e-15);
        // Asymmetric: up 1, down 3.
        let asym = lrs_of(
            "cyclic(base_lr=0, max_lr=3, step_size_up=1, step_size_down=3, cycle_momentum=false)",
            9.0,
            4,
        );
        rel_close(&asym, &[0.0, 3.0, 2.0, 1.0, 0.0], 1e-15);
    }

    #[test]
    fn momentum_cycles_inversely() {
        let mut s = build(
            &Spec::parse("cyclic(base_lr=1, max_lr=3, step_size_up=2)").unwrap(),
            0.1,
            Some(0.9),
        )
        .unwrap();
        let mut m = vec![s.momentum().unwrap()];
        for _ in 0..4 {
            lrs(s.as_mut(), 1);
            m.push(s.momentum().unwrap());
        }
        rel_close(&m, &[0.9, 0.85, 0.8, 0.85, 0.9], 1e-15);
        assert!(build(
            &Spec::parse("cyclic(base_lr=1, max_lr=3)").unwrap(),
            0.1,
            None
        )
        .is_err());
    }
}
