//! The `gdz` command line: the core's native face, for lesson authors and checks.
//!
//! Every command prints JSON on stdout (non-finite numbers print as `null`). A bad
//! argument prints one line on stderr, starting `gdz: `, and exits with status 2;
//! `--help` and `--version` print on stdout and exit with 0. A closed stdout (as in
//! `gdz trace … | head -c1`) ends the command quietly.
//!
//! ```text
//! gdz trace    --surface SPEC --optimizer SPEC [--start X,Y] [--steps N] [--schedule SPEC]
//!              [--clip-norm C] [--clip-value C] [--noise SIGMA [--batch B] [--seed S]] [--tol T]
//! gdz schedule --schedule SPEC --lr BASE --steps N [--momentum M]
//! gdz race     --surface SPEC --optimizers "SPEC; SPEC; …" [--start X,Y] [--steps N] …
//! gdz train    --model SPEC --data FILE|SPEC [--init FILE] --optimizer SPEC [--schedule SPEC]
//!              --loss bce|mse|ce --epochs E [--batch B] [--shuffle false] [--clip-norm C]
//!              [--clip-value C] [--accumulate K] [--seed S]
//! gdz lr-find  --model SPEC --data FILE|SPEC [--init FILE] --optimizer SPEC --loss L …
//!              [--lo A] [--hi B] [--steps N] [--beta S] [--blowup F]
//! gdz slice    --model SPEC --data FILE|SPEC [--init FILE] --loss L [--dims 1|2] [--steps N]
//!              [--span S] [--seed S]
//! gdz map      --surface SPEC --optimizer SPEC --x KEY --x-range LO,HI [--x-cells N] [--x-log]
//!              [--y KEY --y-range LO,HI [--y-cells N] [--y-log]] [--start X,Y] [--steps N] [--tol T]
//! gdz list
//! gdz widgets
//! gdz bench    [--only optimizers|grids|formulas|map|network]
//! gdz site     --template FILE --out DIR [--lessons DIR] [--base PATH] …
//! ```

mod bench;
mod commands;
mod map;
mod nn;
mod nn_args;

use std::ffi::OsString;
use std::fmt;
use std::io::{self, Write};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Parser, Subcommand};

pub use bench::Part as BenchPart;
pub use map::MapArgs;
pub use nn::MAX_FILE_BYTES;
pub use nn_args::{BatchArgs, DataArg, LrFindArgs, NetArgs, SliceArgs, TrainArgs};

use crate::core::commands::{RaceOptions, ScheduleOptions, TraceOptions};
use crate::core::error::Error;
use crate::site::SiteConfig;

const EXAMPLES: &str = "Examples:
  gdz trace --surface rosenbrock --optimizer 'adam(lr=0.01)' --start=-1.5,2 --steps 500
  gdz schedule --schedule 'cosine(t_max=100)' --lr 0.1 --steps 100
  gdz race --surface 'quadratic(a=1, b=25)' --optimizers 'sgd(lr=0.03); adam(lr=0.1)'
  gdz train --model 'mlp(layers=[2,8,8,1], activation=tanh)' --data 'moons(n=200, seed=1)' \\
      --optimizer 'adam(lr=0.01)' --loss bce --batch 16 --epochs 20
  gdz list
  gdz bench

SPEC is NAME or NAME(key=value, ...), e.g. adam(lr=0.01) or cosine(t_max=100).
A 1-D surface takes --start X.";

/// The command line: one subcommand.
#[derive(Debug, Parser)]
#[command(
    name = "gdz",
    version,
    about = "The Gradient Descent Zoo command line: surfaces, optimizers, schedules and networks as JSON",
    after_help = EXAMPLES,
    subcommand_required = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one optimizer on a surface and print its trajectory.
    Trace(TraceOptions),
    /// Print a schedule's learning rate after each of N steps (N+1 values); cycling
    /// schedules also print the momentum. Plateau is fed no loss here, so every step
    /// counts as no improvement.
    Schedule(ScheduleOptions),
    /// Race several optimizers from one start with the same budget, and rank them.
    Race(RaceOptions),
    /// Train a network (a multilayer perceptron) on a CSV file or a generated data set
    /// and print every optimizer step's loss, gradient norm and learning rate, and the
    /// final weights. A run that blows up prints status "diverged" (exit status 0).
    Train(TrainArgs),
    /// The learning-rate range test: train while the rate grows exponentially, and
    /// print the losses and the suggested rate.
    LrFind(LrFindArgs),
    /// Print the loss along one or two random filter-normalised directions through the
    /// weights (Li et al., 2018).
    Slice(SliceArgs),
    /// A convergence map: one optimizer over a grid of two of its keys (e.g. lr ×
    /// momentum), each cell a full run from the same start; prints every cell's status,
    /// the step it converged at, the steps taken and its final loss.
    Map(MapArgs),
    /// Print every surface, optimizer and schedule with its parameters.
    List,
    /// Print every widget's attributes (the widget schema) as JSON.
    Widgets,
    /// Time every optimizer's step on Rosenbrock, a 512×512 grid of every surface, each
    /// surface's value and gradient against the same function as a formula, and the
    /// training of a small network (steps per second), and a 128×128 convergence map
    /// against as many single runs.
    Bench {
        /// Time only this part.
        #[arg(long, value_enum)]
        only: Option<BenchPart>,
    },
    /// Build the static site from trunk's staged index.html and the lessons.
    Site(SiteConfig),
}

/// Why a command line failed.
#[derive(Debug)]
pub enum Failure {
    /// The arguments do not parse; the one-line reason.
    Usage(String),
    /// The arguments parse, but the core refused them (or a file could not be used).
    Run(Box<Error>),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(s) => f.write_str(s),
            Failure::Run(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Run(Box::new(e))
    }
}

/// Runs the command line `args` (without the program name); prints the result and
/// returns the exit status: 0, or 2 after printing a one-line reason on stderr.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    match dispatch(args) {
        Ok(out) => match writeln!(io::stdout().lock(), "{out}") {
            Ok(()) => 0,
            // The reader went away (`| head`): nothing more to say to anyone.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
            Err(e) => {
                let _ = writeln!(io::stderr().lock(), "gdz: cannot write the output: {e}");
                2
            }
        },
        Err(e) => {
            let msg = e.to_string().replace('\n', " ");
            let _ = writeln!(io::stderr().lock(), "gdz: {msg}");
            2
        }
    }
}

/// Parses `args` (without the program name) and runs the command; returns what it
/// prints. `--help` and `--version` return their text.
pub fn dispatch<I, T>(args: I) -> Result<String, Failure>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv = std::iter::once(OsString::from("gdz")).chain(args.into_iter().map(Into::into));
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return Ok(e.render().to_string().trim_end().to_string());
        }
        Err(e) => return Err(Failure::Usage(one_line(&e))),
    };
    run(cli.command).map_err(Failure::Run)
}

/// Runs one parsed command and returns what it prints.
pub fn run(command: Command) -> crate::core::Result<String> {
    match command {
        Command::Trace(a) => commands::trace(&a),
        Command::Schedule(a) => commands::schedule(&a),
        Command::Race(a) => commands::race(&a),
        Command::Train(a) => nn::train(&a),
        Command::LrFind(a) => nn::lr_find(&a),
        Command::Slice(a) => nn::slice(&a),
        Command::Map(a) => map::map(&a),
        Command::List => commands::list(),
        Command::Widgets => Ok(commands::widgets()),
        Command::Bench { only } => Ok(bench::bench(only)),
        Command::Site(config) => crate::site::run(&config),
    }
}

/// A parse error of clap's as one line (clap's own text runs over several lines).
fn one_line(e: &clap::Error) -> String {
    match e.kind() {
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return "usage: gdz COMMAND [FLAGS]; commands: trace, schedule, race, train, lr-find, \
                    slice, map, list, widgets, bench, site (gdz --help for details)"
                .to_string();
        }
        ErrorKind::MissingRequiredArgument => {
            if let Some(ContextValue::Strings(args)) = e.get(ContextKind::InvalidArg) {
                // `--optimizer <SPEC>` → `--optimizer`.
                let names: Vec<&str> = args
                    .iter()
                    .map(|a| a.split_whitespace().next().unwrap_or(a))
                    .collect();
                let verb = if names.len() == 1 { "is" } else { "are" };
                return format!("{} {verb} required", names.join(", "));
            }
        }
        _ => {}
    }
    let text = e.render().to_string();
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}
