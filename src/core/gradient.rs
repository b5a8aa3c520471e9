//! Gradient processing: small transforms applied, in order, to the gradient a run
//! computes before the optimizer sees it.
//!
//! A run's gradient goes through a [`GradientChain`]: by default
//!
//! ```text
//! surface gradient → AddNoise (σ/√B) → ClipValue (±c) → ClipNorm (‖g‖ ≤ c) → optimizer
//! ```
//!
//! the order torch users write (`loss.backward()` on a mini-batch, then
//! `clip_grad_value_`, then `clip_grad_norm_`). Each stage is one [`GradientTransform`];
//! stages that only shrink the gradient say so ([`GradientTransform::limits`]), and the
//! norm a run records is the one before the first of them, as `clip_grad_norm_` returns
//! the norm it saw before clipping.

use super::num::clamp;
use super::rng::Rng;
use super::run::{Noise, RunConfig};

/// One stage of gradient processing, with any state of its own.
pub trait GradientTransform {
    /// Rewrites the gradient `g` in place.
    fn apply(&mut self, g: &mut [f64]);
    /// Whether this stage only limits the gradient's size (clipping): a run records the
    /// gradient's norm before the first such stage.
    fn limits(&self) -> bool {
        false
    }
}

/// Seeded Gaussian noise standing in for mini-batch sampling: `gᵢ ← gᵢ + (σ/√B)·zᵢ`.
#[derive(Debug, Clone)]
pub struct AddNoise {
    sd: f64,
    rng: Rng,
}

impl AddNoise {
    /// Noise of standard deviation `sigma/√batch` from the stream seeded with `seed`.
    pub fn new(noise: Noise) -> Self {
        AddNoise {
            sd: noise.sigma / f64::from(noise.batch).sqrt(),
            rng: Rng::new(noise.seed),
        }
    }
}

impl GradientTransform for AddNoise {
    fn apply(&mut self, g: &mut [f64]) {
        for gi in g.iter_mut() {
            *gi += self.sd * self.rng.normal();
        }
    }
}

/// Clips each coordinate to `[−c, c]` (`torch.nn.utils.clip_grad_value_`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClipValue(pub f64);

impl GradientTransform for ClipValue {
    fn apply(&mut self, g: &mut [f64]) {
        let c = self.0;
        for gi in g.iter_mut() {
            *gi = clamp(*gi, -c, c);
        }
    }
    fn limits(&self) -> bool {
        true
    }
}

/// Scales the gradient down to norm at most `c`, as `torch.nn.utils.clip_grad_norm_`
/// does: `g ← g·min(1, c/(‖g‖ + 10⁻⁶))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClipNorm(pub f64);

impl GradientTransform for ClipNorm {
    fn apply(&mut self, g: &mut [f64]) {
        let coef = (self.0 / (norm(g) + 1e-6)).min(1.0);
        for gi in g.iter_mut() {
            *gi *= coef;
        }
    }
    fn limits(&self) -> bool {
        true
    }
}

/// The Euclidean norm of `g`.
pub fn norm(g: &[f64]) -> f64 {
    g.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Gradient stages run in order; empty, it passes the gradient through.
#[derive(Default)]
pub struct GradientChain {
    stages: Vec<Box<dyn GradientTransform>>,
}

impl GradientChain {
    /// A chain with no stages.
    pub fn new() -> Self {
        GradientChain::default()
    }

    /// Appends a stage.
    pub fn then(mut self, stage: impl GradientTransform + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// The chain a run's settings ask for: noise, then value clipping, then norm
    /// clipping, each only when set.
    pub fn from_config(cfg: &RunConfig) -> Self {
        let mut chain = GradientChain::new();
        if let Some(n) = cfg.noise {
            chain = chain.then(AddNoise::new(n));
        }
        if let Some(c) = cfg.clip_value {
            chain = chain.then(ClipValue(c));
        }
        if let Some(c) = cfg.clip_norm {
            chain = chain.then(ClipNorm(c));
        }
        chain
    }

    /// Runs every stage on `g`; returns the norm of the gradient before the first
    /// limiting stage (the norm of the final gradient when no stage limits it).
    pub fn process(&mut self, g: &mut [f64]) -> f64 {
        let mut seen = None;
        for s in self.stages.iter_mut() {
            if seen.is_none() && s.limits() {
                seen = Some(norm(g));
            }
            s.apply(g);
        }
        seen.unwrap_or_else(|| norm(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_follows_torch_and_the_norm_is_taken_before_it() {
        let mut chain = GradientChain::new()
            .then(ClipValue(50.0))
            .then(ClipNorm(1.0));
        let mut g = [100.0, 0.0];
        assert_eq!(chain.process(&mut g), 100.0);
        // Value clipping to 50 first, then norm clipping: coef = 1/(50 + 1e-6).
        assert_eq!(g, [50.0 * (1.0 / (50.0 + 1e-6)), 0.0]);
        let mut small = [0.1, 0.2];
        chain.process(&mut small);
        assert_eq!(small, [0.1, 0.2]);
    }

    #[test]
    fn noise_is_seeded_and_scaled_by_the_batch() {
        let noise = |seed| Noise {
            sigma: 2.0,
            batch: 4,
            seed,
        };
        let (mut a, mut b, mut c) = ([0.0; 3], [0.0; 3], [0.0; 3]);
        AddNoise::new(noise(7)).apply(&mut a);
        AddNoise::new(noise(7)).apply(&mut b);
        AddNoise::new(noise(8)).apply(&mut c);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::new(7);
        assert_eq!(a[0], r.normal());
        let mut chain = GradientChain::from_config(&RunConfig {
            noise: Some(noise(7)),
            ..RunConfig::default()
        });
        let mut g = [1.0, 1.0, 1.0];
        let n = chain.process(&mut g);
        assert_eq!(n, norm(&g));
    }
}
