/**
 * Gradient Descent Zoo's core as a JavaScript API: the types of `api.js`, the module
 * beside this file at the site's root.
 *
 * ```js
 * import { trace, race } from 'https://your-site.example/api.js';
 * const run = trace({ surface: 'rosenbrock', optimizer: 'adam(lr=0.05)', start: [-1.5, 2], steps: 200 });
 * console.log(run.status, run.loss.at(-1));
 * ```
 *
 * Every function returns a plain object equal to the JSON the `gdz` command line prints
 * for the same arguments (`gdz trace`, `gdz schedule`, `gdz race`; the lists are the
 * three arrays of `gdz list`): both call the same Rust functions. Options carry the
 * CLI's flag names in camelCase (`clipNorm` for `--clip-norm`); results keep the CLI's
 * snake_case keys. A number that is not finite (a diverged loss) is `null`, as in JSON.
 * Specs are the spec language's text: `adam(lr=0.01, beta1=0.9)`, `cosine(t_max=100)`,
 * `quadratic(a=1, b=25)`.
 *
 * Errors: the functions are synchronous and throw an `Error`. For a value the core
 * refuses (a spec that does not parse or build, a number out of range, a start of the
 * wrong length) its message is the core's own, the text `gdz` prints after `gdz: `,
 * e.g. `adam: lr = -1 is out of range; allowed: 0 ≤ lr`. An unknown option key throws
 * `trace: unknown parameter clip_norm; allowed: …`; a missing or mistyped option throws
 * the options reader's message (e.g. ``missing field `surface` ``).
 *
 * Loading: `api.js` awaits the site's full WebAssembly module (the one the gallery and
 * `embed.js` use) at its top level, once per page however many scripts import it.
 * Instantiating that module runs its start function, which also defines the `gdz-*`
 * custom elements (so widget tags on the page come alive, though without the widget
 * stylesheet that `embed.js` adds) and wires the site's own page markup (quick checks,
 * progress marks) if the page has any.
 */

/** How a run ended. */
export type Status = 'converged' | 'diverged' | 'max_steps';

/** A number, or `null` where it was not finite (NaN or ±∞). */
export type Num = number | null;

/** The surface, start, schedule and run settings `trace` and `race` share. */
export interface SetupOptions {
  /** The surface spec, e.g. `'rosenbrock'` or `'quadratic(a=1, b=25)'`. */
  surface: string;
  /** The start, one number per parameter; the surface's default start if absent. */
  start?: number[];
  /** Optimizer steps, a whole number from 0 to 100000; 100 if absent. */
  steps?: number;
  /** A learning-rate schedule spec, e.g. `'cosine(t_max=100)'`; constant if absent. */
  schedule?: string;
  /** Clip the gradient's norm to this before each step (> 0; torch's `clip_grad_norm_`). */
  clipNorm?: number;
  /** Clip each gradient coordinate to [−c, c] (> 0; torch's `clip_grad_value_`). */
  clipValue?: number;
  /** σ ≥ 0 of Gaussian noise added to each gradient, standing in for mini-batches. */
  noise?: number;
  /** The noise's batch size B from 1 to 65536 (its scale is σ/√B); 1 if absent. Only with `noise`. */
  batch?: number;
  /** The noise's seed, a whole number (a bigint for seeds past 2^53); 0 if absent. Only with `noise`. */
  seed?: number | bigint;
  /** Converged once the loss is within `tol` (> 0) of the best known minimum (or, with none known, once the gradient's norm is below it); 1e-6 if absent. */
  tol?: number;
}

/** Options of {@link trace}: `gdz trace`'s flags. */
export interface TraceOptions extends SetupOptions {
  /** The optimizer spec, e.g. `'adam(lr=0.01)'`. */
  optimizer: string;
}

/** Options of {@link race}: `gdz race`'s flags. */
export interface RaceOptions extends SetupOptions {
  /** 1 to 12 optimizer specs separated by `;`, e.g. `'sgd(lr=0.03); adam(lr=0.1)'`. */
  optimizers: string;
}

/** Options of {@link schedule}: `gdz schedule`'s flags. */
export interface ScheduleOptions {
  /** The schedule spec, e.g. `'cosine(t_max=100)'`. */
  schedule: string;
  /** The base learning rate, ≥ 0. */
  lr: number;
  /** Scheduler steps, a whole number from 0 to 100000. */
  steps: number;
  /** The base momentum a cycling schedule varies, 0 ≤ momentum < 1; 0.9 if absent. */
  momentum?: number;
}

/** A run, as `gdz trace` prints it: `points` and `loss` start at the start, so they have one entry more than `lr` and `grad_norm`. */
export interface TraceResult {
  /** Every point reached, the start first. */
  points: Num[][];
  /** The loss at each point. */
  loss: Num[];
  /** The learning rate each step used. */
  lr: Num[];
  /** The norm of the gradient each step saw (after noise, before clipping). */
  grad_norm: Num[];
  /** How the run ended. */
  status: Status;
  /** The step from which the run stayed within `tol`, or `null`. */
  converged_at: number | null;
}

/** A schedule's values, as `gdz schedule` prints them: steps + 1 of each. */
export interface ScheduleResult {
  /** The rate before the first step and after each step. */
  lr: Num[];
  /** The momentum alongside; present only for schedules that cycle it. */
  momentum?: Num[];
}

/** One optimizer's result in a race. */
export interface RaceEntry {
  /** The optimizer spec, written back in canonical form. */
  spec: string;
  /** The optimizer's name, e.g. `'adam'`. */
  name: string;
  /** The loss at the last point reached. */
  final_loss: Num;
  /** The last point reached. */
  final_point: Num[];
  /** The step from which the run stayed within `tol`, or `null`. */
  converged_at: number | null;
  /** Steps taken (fewer than the budget only when the run diverged). */
  steps_taken: number;
  /** How the run ended. */
  status: Status;
  /** 1 for the winner: converged runs first (fewest steps), then by final loss, diverged runs last. */
  rank: number;
}

/** A race, as `gdz race` prints it. */
export interface RaceResult {
  /** The surface's name. */
  surface: string;
  /** The start every optimizer ran from. */
  start: number[];
  /** The step budget. */
  steps: number;
  /** One entry per optimizer, in the order given. */
  entries: RaceEntry[];
}

/** One parameter of a surface, optimizer or schedule. */
export interface Param {
  /** Its name, as torch names it. */
  name: string;
  /** The kind of value it takes. */
  kind: 'num' | 'int' | 'bool' | 'word' | 'num_list' | 'points';
  /** The default as spec text, or `null` when the parameter is required. */
  default: string | null;
  /** The allowed words (kind `word` only). */
  words?: string[];
  /** The least allowed value, `null` when unbounded (numeric kinds only). */
  min?: number | null;
  /** The greatest allowed value, `null` when unbounded (numeric kinds only). */
  max?: number | null;
  /** Whether `min` itself is excluded (numeric kinds only). */
  min_open?: boolean;
  /** Whether `max` itself is excluded (numeric kinds only). */
  max_open?: boolean;
}

/** A surface, as `gdz list` prints it. */
export interface SurfaceInfo {
  name: string;
  /** One line for readers. */
  description: string;
  /** Its number of parameters (1 or 2). */
  dim: number;
  /** The box it is drawn over. */
  bounds: { lo: number[]; hi: number[] };
  /** Where runs start when no start is given. */
  default_start: number[];
  /** The known minima, global first (may be empty). */
  minima: number[][];
  params: Param[];
}

/** An optimizer or schedule, as `gdz list` prints it. */
export interface Named {
  name: string;
  params: Param[];
}

/** Runs one optimizer on a surface: `gdz trace`. */
export function trace(options: TraceOptions): TraceResult;
/** A schedule's learning rate (and any cycled momentum) after each step: `gdz schedule`. Plateau is fed no loss, so every step counts as no improvement. */
export function schedule(options: ScheduleOptions): ScheduleResult;
/** Several optimizers from one start with the same budget, ranked: `gdz race`. */
export function race(options: RaceOptions): RaceResult;
/** Every surface: `gdz list`'s `surfaces`. */
export function surfaces(): SurfaceInfo[];
/** Every optimizer with its parameters: `gdz list`'s `optimizers`. */
export function optimizers(): Named[];
/** Every schedule with its parameters: `gdz list`'s `schedules`. */
export function schedules(): Named[];
