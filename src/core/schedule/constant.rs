//! The constant schedule: no scheduler at all.

use super::Schedule;

/// The base learning rate at every step (torch with no scheduler attached).
#[derive(Debug, Clone)]
pub struct Constant {
    lr: f64,
}

impl Constant {
    /// A constant rate.
    pub fn new(lr: f64) -> Self {
        Constant { lr }
    }
}

impl Schedule for Constant {
    fn name(&self) -> &str {
        "constant"
    }
    fn lr(&self) -> f64 {
        self.lr
    }
    fn step(&mut self, _loss: f64) {}
}
