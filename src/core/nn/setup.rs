//! A network widget's set-up read from its checked attributes: the data, the network,
//! its initial weights, and each run's optimizer, schedule and training settings. The
//! network, loss-slice and LR-finder widgets all start from here, so the rules (which
//! attributes are per run, entry `i` or else the last, the seed for both the weights
//! and the batches) are written once.

use crate::core::error::Result;
use crate::core::schema::{Values, RUN_ATTRS};
use crate::core::spec::Spec;

use super::{network_for, Loss, Mlp, Split, TrainConfig, Trainer};

/// One run's settings.
#[derive(Debug, Clone)]
pub struct NetRun {
    /// The optimizer spec.
    pub optimizer: Spec,
    /// The schedule spec (none: a constant rate).
    pub schedule: Option<Spec>,
    /// Batch, clipping, accumulation and seed.
    pub config: TrainConfig,
}

impl NetRun {
    /// The run in words: its optimizer, then what differs from a plain run
    /// ("adam(lr=0.01), cosine(t_max=500), batch 32, clip norm 1").
    pub fn name(&self) -> String {
        let mut name = self.optimizer.to_string();
        if let Some(s) = self.schedule.as_ref().filter(|s| s.name != "constant") {
            name.push_str(", ");
            name.push_str(&s.to_string());
        }
        name.push_str(", batch ");
        name.push_str(&self.config.batch.to_string());
        for (what, c) in [
            ("clip norm", self.config.clip_norm),
            ("clip value", self.config.clip_value),
        ] {
            if let Some(c) = c {
                name.push_str(", ");
                name.push_str(what);
                name.push(' ');
                name.push_str(&crate::core::num::fmt_sig(c, 4));
            }
        }
        if self.config.accumulate > 1 {
            name.push_str(", accumulate ");
            name.push_str(&self.config.accumulate.to_string());
        }
        name
    }
}

/// The data, the network and its starting weights, shared by every run.
#[derive(Debug, Clone)]
pub struct NetSetup {
    /// Training and test rows.
    pub split: Split,
    /// The network (its input and output widths fitted to the data).
    pub mlp: Mlp,
    /// The loss the data calls for.
    pub loss: Loss,
    /// The initial weights, the same for every run.
    pub params: Vec<f64>,
    /// One entry per run (at least one).
    pub runs: Vec<NetRun>,
}

impl NetSetup {
    /// Reads a widget's values: `data`, `model` and `seed`, and the per-run lists
    /// ([`RUN_ATTRS`]: run `i` takes entry `i`, or the last when the list is shorter).
    /// `data` given replaces the generated set (a reader's own CSV).
    pub fn read(v: &Values, data: Option<Split>) -> Result<Self> {
        let split = match data {
            Some(split) => split,
            None => super::generate(v.spec("data").ok_or_else(no_data)?)?,
        };
        let (mlp, loss) = network_for(v.spec("model"), &split.train)?;
        let seed = v.num("seed").unwrap_or(1.0) as u64;
        let params = mlp.init(seed);
        let n = RUN_ATTRS
            .iter()
            .map(|a| v.entries(a))
            .max()
            .unwrap_or(1)
            .clamp(1, crate::core::schema::MAX_NET_RUNS);
        let runs = (0..n)
            .map(|i| NetRun {
                optimizer: v
                    .spec_at("optimizer", i)
                    .cloned()
                    .unwrap_or_else(|| Spec::bare("adam")),
                schedule: v.spec_at("schedule", i).cloned(),
                config: TrainConfig {
                    batch: v.each_at("batch", i).unwrap_or(32.0) as usize,
                    clip_norm: v.each_at("clip_norm", i),
                    clip_value: v.each_at("clip_value", i),
                    accumulate: v.each_at("accumulate", i).unwrap_or(1.0) as usize,
                    seed,
                    ..TrainConfig::default()
                },
            })
            .collect();
        Ok(NetSetup {
            split,
            mlp,
            loss,
            params,
            runs,
        })
    }

    /// A trainer for run `i`, from the shared starting weights.
    pub fn trainer(&self, run: &NetRun) -> Result<Trainer> {
        Trainer::from_specs(
            self.mlp.clone(),
            self.params.clone(),
            self.loss,
            self.split.clone(),
            &run.optimizer,
            run.schedule.as_ref(),
            run.config.clone(),
        )
    }
}

fn no_data() -> Box<crate::core::error::Error> {
    super::bad("no data set".to_string())
}

/// The learning-rate range test an `lr-finder` widget's values describe: its data and
/// network, its first run's optimizer and training settings, the rate swept from `lo`
/// to `hi` over `steps`.
pub fn lr_find_of(v: &Values) -> Result<super::LrFindResult> {
    // The values hold every attribute (its default when not given); the schema is the
    // one place the defaults are written.
    let missing = |key: &str| {
        Box::new(crate::core::error::Error::Missing {
            owner: String::new(),
            key: key.into(),
            hint: None,
        })
    };
    let setup = NetSetup::read(v, None)?;
    let run = setup
        .runs
        .into_iter()
        .next()
        .ok_or_else(|| missing("optimizer"))?;
    let cfg = super::LrFindConfig {
        lo: v.num("lo").ok_or_else(|| missing("lo"))?,
        hi: v.num("hi").ok_or_else(|| missing("hi"))?,
        steps: v.int("steps").ok_or_else(|| missing("steps"))?,
        ..super::LrFindConfig::default()
    };
    super::lr_find(
        setup.mlp,
        setup.params,
        setup.loss,
        setup.split,
        &run.optimizer,
        run.config,
        &cfg,
    )
}
