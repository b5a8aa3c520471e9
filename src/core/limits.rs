//! The caps every reader of user input shares: the CLI, the widgets, the lesson
//! checker and the run setup check against these and nothing else.

/// The most optimizers one `;`-separated list (a race, a comparison) may hold.
pub const MAX_OPTIMIZERS: usize = 12;

/// The most steps one run may take.
pub const MAX_STEPS: usize = 100_000;

/// The most steps a widget that draws every step (a race, the schedules chart) takes.
pub const MAX_DRAWN_STEPS: usize = 5_000;

/// The largest mini-batch size the gradient noise may stand for.
pub const MAX_BATCH: u32 = 65_536;

/// The longest formula (`expr(f="…")`) accepted, in characters.
pub const MAX_FORMULA_LEN: usize = 1_000;

/// The deepest nesting of a formula: parentheses, function calls, unary minus and
/// exponents each open one level.
pub const MAX_FORMULA_DEPTH: usize = 32;

/// The largest exponent magnitude of `^` in a formula (`x^n` is `n` multiplications).
pub const MAX_FORMULA_POWER: i32 = 64;

/// The most cells along one side of a convergence map.
pub const MAX_MAP_SIDE: usize = 256;

/// The most optimizer steps one convergence map may take in all (cells × steps):
/// a 128 × 128 map of 2,048-step runs, or 256 × 256 cells of 512 steps.
pub const MAX_MAP_WORK: usize = 33_554_432;
