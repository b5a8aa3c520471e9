//! The one-cycle policy: warm up to `max_lr`, anneal far below the start, cycling
//! momentum the opposite way.

use std::f64::consts::PI;

use crate::core::error::{Error, Result};
use crate::core::spec::fmt_num;

use super::Schedule;

/// How the one-cycle policy interpolates within a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anneal {
    /// Half a cosine: `end + (start − end)/2·(1 + cos πp)`.
    Cos,
    /// A straight line: `start + (end − start)·p`.
    Linear,
}

impl Anneal {
    fn at(self, start: f64, end: f64, pct: f64) -> f64 {
        match self {
            Anneal::Cos => end + (start - end) / 2.0 * ((PI * pct).cos() + 1.0),
            Anneal::Linear => (end - start) * pct + start,
        }
    }
}

/// One phase: up to `end_step`, from one (rate, momentum) pair to another.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Phase {
    end_step: f64,
    lr: (f64, f64),
    momentum: (f64, f64),
}

/// `torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps, pct_start=0.3,
/// anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
/// div_factor=25, final_div_factor=1e4, three_phase=False)`.
///
/// The rate rises from $\eta_{max}/d$ to $\eta_{max}$ over the first
/// `pct_start·total_steps − 1` steps, then falls to $\eta_{max}/(d\cdot d_f)$ by step
/// `total_steps − 1` (three-phase: back down to $\eta_{max}/d$ symmetrically first).
/// Momentum (or β₁) moves the opposite way between `max_momentum` and
/// `base_momentum`. The optimizer's own rate is ignored, as in torch. Torch raises if
/// stepped past `total_steps`; here the rate stays at its value for `total_steps`.
/// Reference: L. N. Smith and N. Topin, "Super-convergence: very fast training of
/// neural networks using large learning rates" (2018).
#[derive(Debug, Clone, PartialEq)]
pub struct OneCycle {
    phases: Vec<Phase>,
    anneal: Anneal,
    total: u64,
    cycle_momentum: bool,
    t: u64,
    lr: f64,
    momentum: f64,
}

/// The one-cycle settings, named as torch names them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneCycleConfig {
    /// Peak rate.
    pub max_lr: f64,
    /// Steps in the cycle.
    pub total_steps: u64,
    /// Fraction of the steps spent rising.
    pub pct_start: f64,
    /// Interpolation within a phase.
    pub anneal: Anneal,
    /// Vary momentum (or β₁) inversely to the rate.
    pub cycle_momentum: bool,
    /// Momentum at the peak rate.
    pub base_momentum: f64,
    /// Momentum at the lowest rates.
    pub max_momentum: f64,
    /// Start rate is `max_lr / div_factor`.
    pub div_factor: f64,
    /// Final rate is the start rate divided by this.
    pub final_div_factor: f64,
    /// Use three phases (up, down to the start, anneal) instead of two.
    pub three_phase: bool,
}

impl OneCycle {
    /// Builds the schedule; errors where torch would divide by zero (a phase of
    /// length 0 that a step lands in).
    pub fn new(c: OneCycleConfig) -> Result<Self> {
        let n = c.total_steps as f64;
        let initial = c.max_lr / c.div_factor;
        let min_lr = initial / c.final_div_factor;
        let (lo, hi) = (c.base_momentum, c.max_momentum);
        let phases = if c.three_phase {
            vec![
                Phase {
                    end_step: c.pct_start * n - 1.0,
                    lr: (initial, c.max_lr),
                    momentum: (hi, lo),
                },
                Phase {
                    end_step: 2.0 * c.pct_start * n - 2.0,
                    lr: (c.max_lr, initial),
                    momentum: (lo, hi),
                },
                Phase {
                    end_step: n - 1.0,
                    lr: (initial, min_lr),
                    momentum: (hi, hi),
                },
            ]
        } else {
            vec![
                Phase {
                    end_step: c.pct_start * n - 1.0,
                    lr: (initial, c.max_lr),
                    momentum: (hi, lo),
                },
                Phase {
                    end_step: n - 1.0,
                    lr: (c.max_lr, min_lr),
                    momentum: (lo, hi),
                },
            ]
        };
        let first_empty = phases.first().is_some_and(|p| p.end_step == 0.0);
        let last_empty = match phases.as_slice() {
            [.., a, b] => a.end_step == b.end_step,
            _ => false,
        };
        if first_empty || last_empty {
            return Err(Box::new(Error::Incompatible {
                owner: "onecycle".into(),
                reason: format!(
                    "pct_start = {} with total_steps = {} leaves a phase with no steps; \
                     choose another pct_start",
                    fmt_num(c.pct_start),
                    c.total_steps
                ),
            }));
        }
        let mut s = OneCycle {
            phases,
            anneal: c.anneal,
            total: c.total_steps,
            cycle_momentum: c.cycle_momentum,
            t: 0,
            lr: initial,
            momentum: hi,
        };
        s.update();
        Ok(s)
    }

    fn update(&mut self) {
        let step = self.t.min(self.total) as f64;
        let mut start = 0.0;
        let last = self.phases.len().saturating_sub(1);
        for (i, ph) in self.phases.iter().enumerate() {
            if step <= ph.end_step || i == last {
                let span = ph.end_step - start;
                let pct = if span != 0.0 {
                    (step - start) / span
                } else {
                    0.0
                };
                self.lr = self.anneal.at(ph.lr.0, ph.lr.1, pct);
                self.momentum = self.anneal.at(ph.momentum.0, ph.momentum.1, pct);
                return;
            }
            start = ph.end_step;
        }
    }
}

impl Schedule for OneCycle {
    fn name(&self) -> &str {
        "onecycle"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn momentum(&self) -> Option<f64> {
        self.cycle_momentum.then_some(self.momentum)
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
    fn linear_two_phase_by_hand() {
        // max_lr 1, div 4, final_div 2 → start 0.25, end 0.125; total 10, pct 0.3:
        // up over steps 0..2 (end_step 2), down over 2..9 (7 steps), step 10 extrapolates.
        let got = lrs_of(
            "onecycle(max_lr=1, total_steps=10, anneal_strategy=linear, div_factor=4, final_div_factor=2)",
            0.5,
            11,
        );
        let mut want = vec![0.25, 0.625, 1.0];
        want.extend((1..=8).map(|k| 1.0 - 0.875 * k as f64 / 7.0));
        want.push(want[10]);
        rel_close(&got, &want, 1e-15);
    }

    #[test]
    fn momentum_moves_against_the_rate() {
        let mut s = build(
            &Spec::parse("onecycle(max_lr=1, total_steps=10)").unwrap(),
            0.1,
            Some(0.9),
        )
        .unwrap();
        assert_eq!(s.momentum(), Some(0.95));
        lrs(s.as_mut(), 2);
        // At the peak (end of phase one) momentum is base_momentum.
        assert!((s.momentum().unwrap() - 0.85).abs() < 1e-15);
        assert!((s.lr() - 1.0).abs() < 1e-15);
        let e = build(
            &Spec::parse("onecycle(max_lr=1, total_steps=10)").unwrap(),
            0.1,
            None,
        );
        assert!(e.is_err());
        let ok = build(
            &Spec::parse("onecycle(max_lr=1, total_steps=10, cycle_momentum=false)").unwrap(),
            0.1,
            None,
        );
        assert!(ok.is_ok_and(|s| s.momentum().is_none()));
        let e = build(
            &Spec::parse("onecycle(max_lr=1, total_steps=10, pct_start=0.1)").unwrap(),
            0.1,
            Some(0.9),
        );
        assert!(e.is_err());
    }
}
