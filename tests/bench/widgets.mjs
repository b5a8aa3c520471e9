// Widget timing benchmark (prints numbers, asserts nothing): serves the release build in
// dist/, drives widgets in headless Chromium and reports per-input work, the browser's
// rendering and input-to-paint, beside the same for a bare canvas (the browser's floor);
// times typed formulas against the built-in surfaces, and every optimizer's step, in wasm
// (the full module's `formulaBench` and `optimizerBench` exports), beside the same loops
// run natively (`gdz bench --only formulas`, `--only optimizers`).
//   node tests/bench/widgets.mjs            (after `trunk build --release`)
//   GDZ_BENCH_ONLY=playground GDZ_BENCH_DIST=other/dist node tests/bench/widgets.mjs
//   GDZ_BENCH_ONLY=formulas node tests/bench/widgets.mjs   (cargo build --release first
//   for the native column; likewise GDZ_BENCH_ONLY=optimizers and =map)
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PORT = Number(process.env.GDZ_BENCH_PORT || 4175);
const N = Number(process.env.GDZ_BENCH_N || 200);
// Only the rows whose name contains this (all when unset).
const ONLY = process.env.GDZ_BENCH_ONLY || '';
// The build to measure (another directory compares two builds, one run after the other).
const DIST = process.env.GDZ_BENCH_DIST || 'dist';
const FORMULAS = !ONLY || 'formulas'.includes(ONLY);
const OPTIMIZERS = !ONLY || 'optimizers'.includes(ONLY);
const MAPS = !ONLY || 'convergence map'.includes(ONLY);
// The native timings first, while the browser is not yet running.
const native = (part, key) => {
  if (!existsSync('target/release/gdz')) return null;
  try {
    return JSON.parse(execFileSync('target/release/gdz', ['bench', '--only', part]).toString())[key] ?? null;
  } catch { return null; }
};
const nativeFormulas = FORMULAS ? native('formulas', 'formula_vs_builtin_value_gradient_ns') : null;
const nativeSteps = OPTIMIZERS ? native('optimizers', 'optimizer_step_ns_on_rosenbrock') : null;
const nativeMap = MAPS ? native('map', 'map_128x128x300_ms') : null;
const server = spawn('node', ['tests/e2e/serve.mjs', DIST, String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (x) => x.toFixed(2).padStart(7);

// Slider inputs, one per frame, each placed at a varying moment within its frame (inputs
// arrive at any moment, not only just after a frame). For each input: the handler's own
// time, the time of the page's animation-frame callbacks that follow it (the widget runs
// and draws there), the browser's rendering after them (style, layout, paint, and the
// canvas raster that a software-rendered Chromium does on the main thread's commit), and
// input→paint: from dispatching the input to a message posted from the next frame's last
// animation-frame callback.
const INPUTS = async ([selector, n, input]) => {
  const host = selector ? document.querySelector(selector) : document.body;
  const slider = host.querySelector(input);
  const lo = Number(slider.min), hi = Number(slider.max);
  const rows = [];
  const tick = () => new Promise((res) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => res(performance.now());
    window.__raf(() => ch.port2.postMessage(0));
  });
  for (let i = 0; i < n; i++) {
    await tick();
    await new Promise((res) => setTimeout(res, (i * 7) % 16));
    slider.value = String(lo + ((hi - lo) * ((i * 37) % 100)) / 100);
    window.__cbs = [];
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const t1 = performance.now();
    const t2 = await tick();
    const cbs = window.__cbs;
    const frame = cbs.reduce((sum, [a, b]) => sum + (b - a), 0);
    const end = cbs.length ? cbs[cbs.length - 1][1] : t1;
    rows.push({ handler: t1 - t0, frame, work: t1 - t0 + frame, render: t2 - end, paint: t2 - t0 });
  }
  const c = host.querySelector('canvas');
  return { rows, size: [c.width, c.height] };
};

// Wraps requestAnimationFrame before the page loads: the callbacks' times go to __cbs, and
// __raf is the unwrapped one for the measuring loop's own ticks.
const CALLBACKS = () => {
  const raf = window.requestAnimationFrame.bind(window);
  window.__raf = raf;
  window.__cbs = [];
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const t = performance.now();
    try { cb(ts); } finally { window.__cbs.push([t, performance.now()]); }
  });
};

// The browser's own floor: a bare canvas of the playground's size, refilled in the next
// animation frame after each input, measured the same way.
const FLOOR = `<input type="range" min="0" max="1" step="0.01">
<canvas width="678" height="509"></canvas>
<script>
  const ctx = document.querySelector('canvas').getContext('2d');
  let pending = false, k = 0;
  document.querySelector('input').addEventListener('input', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      ctx.fillStyle = 'hsl(' + (k++ * 37) % 360 + ', 50%, 50%)';
      ctx.fillRect(0, 0, 678, 509);
    });
  });
</script>`;

const row = (name, size, rows) => {
  const col = (k) => `${fmt(pct(rows.map((r) => r[k]), 50))} /${fmt(pct(rows.map((r) => r[k]), 95))}`;
  console.log(
    `${name.padEnd(34)} ${String(size.join('×')).padEnd(9)} ${col('work')}   ${col('render')}   ${col('paint')}`,
  );
};

async function measure(name, url, selector, viewport, input = 'input[type=range]') {
  if (ONLY && !name.includes(ONLY)) return;
  const page = await browser.newPage({ viewport });
  await page.addInitScript(CALLBACKS);
  if (url) {
    await page.goto(`http://127.0.0.1:${PORT}${url}`);
    await page.locator(`${selector} canvas`).first().waitFor();
  } else {
    await page.goto(`http://127.0.0.1:${PORT}/robots.txt`);
    await page.setContent(FLOOR);
  }
  await page.waitForTimeout(300);
  const r = await page.evaluate(INPUTS, [selector, N, input]);
  await page.close();
  row(name, r.size, r.rows);
}

// Frame work: the time of the animation-frame and resize callbacks (wrapped before the
// page loads), summed per rendering frame (a frame may run several), or per step of a
// drive that sets window.__step (a resize is two frames: the redraw, and the notice that
// the redraw changed the box's height), so the numbers are the widget's own work.
const TIMING = () => {
  const raf = window.requestAnimationFrame.bind(window);
  // Frame numbers, counted by a callback of the browser's own that runs before the
  // page's callbacks of that frame (it was asked for a frame earlier).
  let frame = 0;
  const count = () => { frame += 1; raf(count); };
  raf(count);
  const wrap = (f, into) => function (...a) {
    const t = performance.now();
    try { return f.apply(this, a); } finally {
      const sums = (window[into] ||= new Map());
      const key = window.__step ?? frame;
      sums.set(key, (sums.get(key) || 0) + performance.now() - t);
    }
  };
  window.requestAnimationFrame = (cb) => raf(wrap(cb, '__frames'));
  const RO = window.ResizeObserver;
  window.ResizeObserver = class extends RO { constructor(cb) { super(wrap(cb, '__resizes')); } };
};

async function frames(name, url, selector, cssWidth, drive, deviceScaleFactor = 1) {
  if (ONLY && !name.includes(ONLY)) return;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor });
  await page.addInitScript(TIMING);
  await page.goto(`http://127.0.0.1:${PORT}${url}`);
  const host = page.locator(selector).first();
  await host.locator('canvas').first().waitFor();
  await host.evaluate((el, w) => { el.style.width = `${w}px`; el.style.maxWidth = 'none'; }, cssWidth);
  await page.waitForTimeout(400);
  await page.evaluate(() => { window.__frames = new Map(); window.__resizes = new Map(); });
  await drive(page, host);
  const r = await page.evaluate(([sel]) => {
    const c = document.querySelector(sel).querySelector('canvas');
    return { frames: [...window.__frames.values()], resizes: [...window.__resizes.values()], size: [c.width, c.height] };
  }, [selector]);
  await page.close();
  const xs = r.frames.length ? r.frames : r.resizes;
  console.log(
    `${name.padEnd(44)} ${String(r.size.join('×')).padEnd(9)} ${String(xs.length).padStart(4)} ${r.frames.length ? 'frames ' : 'resizes'}` +
      `   work per frame p50 ${fmt(pct(xs, 50))} p95 ${fmt(pct(xs, 95))} ms`,
  );
}

console.log(`${N} slider inputs each, headless Chromium (software rendering), this machine.`);
console.log('work = input handler + the animation-frame callbacks it asks for; render = the');
console.log("browser's style, layout, paint and raster after them; p50 / p95 in ms:");
console.log(`${''.padEnd(44)}      work             render       input→paint`);
// The learning-rate slider (the first range input may be the timeline's speed).
const LR = 'input[aria-label^="Learning rate"], .gdz-controls input[type=range]';
await measure('the floor: a bare canvas refilled', null, null, { width: 900, height: 900 });
await measure('playground, 1 run of 60 steps', '/', 'gdz-playground', { width: 900, height: 900 }, LR);
await measure('  the same without the loss chart', '/?playground1.controls=lr,play,speed,timeline', 'gdz-playground', { width: 900, height: 900 }, LR);
await measure('playground, 2 runs of 250 steps', '/lessons/momentum/', 'gdz-playground[optimizer*=";"]', { width: 900, height: 900 }, LR);
await measure('compare, 2 panels of 400 steps', '/lessons/loss-landscapes/', 'gdz-compare', { width: 1280, height: 900 }, LR);

console.log('\nAnimation and redraw work per frame (device pixel ratio 1 unless noted):');
const play = async (page, host) => {
  await host.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(3000);
};
await frames('playground playing, with its loss chart', '/lessons/momentum/', 'gdz-playground', 826, play);
await frames('race of 6 optimizers, playing', '/gallery/', 'gdz-race', 826, play);
// Synthetic key presses, 16 ms apart; the handler's own time counts as frame work when
// the widget redraws inside the handler rather than in an animation frame.
const rotate = async (page, host) => {
  await host.evaluate(async (el) => {
    const c = el.querySelector('canvas');
    for (let i = 0; i < 120; i++) {
      const key = i % 40 < 20 ? 'ArrowLeft' : 'ArrowUp';
      const t = performance.now();
      c.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      (window.__keys ||= []).push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 16));
    }
  });
  await page.evaluate(() => { if (window.__frames.size === 0) window.__frames = new Map(window.__keys.entries()); });
};
await frames('3-D landscape, rotating (arrow keys)', '/gallery/', 'gdz-landscape', 826, rotate);
await frames('3-D landscape, rotating, pixel ratio 2', '/gallery/', 'gdz-landscape', 826, rotate, 2);
await frames('heatmap + contours, a resize\'s redraw', '/gallery/', 'gdz-playground', 538, async (page, host) => {
  for (let i = 0; i < 40; i++) {
    await host.evaluate((el, [w, i]) => { window.__step = `resize ${i}`; el.style.width = `${w}px`; }, [538 + (i % 2) * 40, i]);
    await page.waitForTimeout(50);
  }
});
// Convergence maps: the benchmark map (128×128 cells of 300-step runs on
// quadratic(a=1, b=25)) through the wasm's batched kernel and through as many single
// runs (the full module's `mapBenchKernel` / `mapBenchSingle`, best of 3 and one pass),
// beside the native numbers of `gdz bench --only map`; then the map widget's work per frame while it computes (64×64 and 128×128).
if (MAPS) {
  const [js, wasm] = fullModuleFiles();
  // The server may still be starting when this section runs first.
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`http://127.0.0.1:${PORT}/embed.js`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const page = await browser.newPage();
  // A bare page on the served origin, as tests/bench/network.mjs uses.
  await page.route('**/bench/map.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Map bench</title><link rel="icon" href="data:,"></head><body></body></html>',
  }));
  await page.goto(`http://127.0.0.1:${PORT}/bench/map.html`);
  const times = await page.evaluate(async ([js, wasm]) => {
    const mod = await import(js);
    await mod.default({ module_or_path: wasm });
    const out = {};
    for (const opt of ['sgd', 'adam', 'rmsprop']) {
      const kernel = [];
      let cells = 0;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        cells = mod.mapBenchKernel(opt);
        kernel.push(performance.now() - t);
      }
      const t = performance.now();
      const single = mod.mapBenchSingle(opt);
      out[opt] = { kernel: Math.min(...kernel), single: performance.now() - t, same: cells === single };
    }
    return out;
  }, [js, wasm]);
  await page.close();
  console.log('\nConvergence map, 128×128 cells of 300 steps (ms): wasm kernel, wasm single runs; native kernel, native single runs');
  for (const [opt, r] of Object.entries(times)) {
    const n = nativeMap?.[opt];
    console.log(`${opt.padEnd(34)} ${fmt(r.kernel)}  ${fmt(r.single)}   ${n ? `${fmt(n.map_kernel_ms)}  ${fmt(n.single_runs_ms)}` : '(native: cargo build --release first)'}${r.same ? '' : '  MISMATCH'}`);
  }
  // Every animation frame from the page's load until the map is complete (the widget
  // computes from its first frame on, so frames() would start too late).
  for (const [name, url] of [
    ['map computing, 64×64 cells of 300 steps', '/lessons/momentum/lab/'],
    ['map computing, 128×128 cells of 300 steps', '/lessons/momentum/lab/?map1.cells=128'],
  ]) {
    const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await p.addInitScript(TIMING);
    await p.goto(`http://127.0.0.1:${PORT}${url}`);
    const progress = p.locator('gdz-map .gdz-map-progress');
    await progress.getByText(/computed in/).waitFor({ timeout: 60_000 });
    const xs = await p.evaluate(() => [...window.__frames.values()]);
    const text = await progress.textContent();
    await p.close();
    console.log(`${name.padEnd(44)} ${String(xs.length).padStart(4)} frames   work per frame p50 ${fmt(pct(xs, 50))} p95 ${fmt(pct(xs, 95))} max ${fmt(Math.max(...xs))} ms   (${text})`);
  }
}

// Navigation to the first widget interactive, on every lesson page, each load in a fresh
// browser context (nothing cached, as on a first visit): from the navigation's start to
// the moment the first widget's canvas and controls are in the page (a widget mounts
// them, and attaches its listeners, in one task). Also when the HTML had arrived
// (responseEnd) and when the page's own parsing was done (DOMContentLoaded).
const FIRST_WIDGET = () => {
  window.__interactive = null;
  new MutationObserver((_, obs) => {
    if (document.querySelector('canvas')) {
      window.__interactive = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};
if (!ONLY || 'navigation'.includes(ONLY)) {
  const { readdirSync, existsSync } = await import('node:fs');
  const LOADS = Number(process.env.GDZ_BENCH_LOADS || 5);
  const lessons = readdirSync(`${DIST}/lessons`)
    .filter((d) => existsSync(`${DIST}/lessons/${d}/index.html`))
    .sort();
  console.log(`\nNavigation to the first widget interactive, ${LOADS} cold loads per lesson page, median ms:`);
  console.log(`${''.padEnd(34)} html arrived  parsed  widget interactive (p50, slowest)`);
  const all = [];
  for (const slug of lessons) {
    const got = [];
    for (let i = 0; i < LOADS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.addInitScript(FIRST_WIDGET);
      await page.goto(`http://127.0.0.1:${PORT}/lessons/${slug}/`);
      await page.waitForFunction(() => window.__interactive !== null, null, { timeout: 10_000 });
      got.push(await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        return { html: n.responseEnd, parsed: n.domContentLoadedEventEnd, ready: window.__interactive };
      }));
      await ctx.close();
    }
    const med = (k) => pct(got.map((g) => g[k]), 50);
    all.push(...got.map((g) => g.ready));
    console.log(`${`/lessons/${slug}/`.padEnd(34)} ${fmt(med('html'))}   ${fmt(med('parsed'))}  ${fmt(med('ready'))} ${fmt(Math.max(...got.map((g) => g.ready)))}`);
  }
  console.log(`every lesson page, every load: p50 ${fmt(pct(all, 50))}  p95 ${fmt(pct(all, 95))}  slowest ${fmt(Math.max(...all))} ms`);
}

// The full module's JS glue and wasm (the ones embed.js loads), as paths on the server.
function fullModuleFiles() {
  const embed = readFileSync(`${DIST}/embed.js`, 'utf8');
  return [/["'`]([^"'`]*gdz-[0-9a-f]+\.js)["'`]/, /["'`]([^"'`]*_bg\.wasm)["'`]/].map((re) => {
    const m = re.exec(embed);
    return m && `/${m[1].replace(/^\.?\//, '')}`;
  });
}

// Calls the full module's benchmark export `name` (the one embed.js loads) in a page of
// its own: once to warm up with `warm`, then with `args`. The timing runs in wasm.
async function fullModule(name, warm, args) {
  const [js, wasm] = fullModuleFiles();
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/robots.txt`);
  const rows = await page.evaluate(async ([js, wasm, name, warm, args]) => {
    const mod = await import(js);
    await mod.default({ module_or_path: wasm });
    mod[name](...warm);
    return mod[name](...args);
  }, [js, wasm, name, warm, args]);
  await page.close();
  return rows;
}

// The optimizer kernels: nanoseconds per step of every optimizer on Rosenbrock, the same
// loop (core/optim/timing.rs) in wasm and natively, and the wasm/native ratio.
if (OPTIMIZERS) {
  const ROUNDS = Number(process.env.GDZ_BENCH_ROUNDS || 9);
  const STEPS = Number(process.env.GDZ_BENCH_STEPS || 40000);
  const rows = await fullModule('optimizerBench', [1, 1000], [ROUNDS, STEPS]);
  console.log(`\nOptimizer steps on Rosenbrock, ns per step (gradient included), fastest of ${ROUNDS} rounds`);
  console.log(`(wasm: ${STEPS} steps per round; native: gdz bench --only optimizers, 5 rounds):`);
  console.log(`${''.padEnd(10)}    wasm  native  wasm/native`);
  const ratios = [];
  for (const w of rows) {
    const n = nativeSteps?.[w.name]?.best;
    if (n) ratios.push(w.ns_best / n);
    console.log(`${w.name.padEnd(10)} ${w.ns_best.toFixed(1).padStart(7)} ${n ? n.toFixed(1).padStart(7) : '      -'}  ${n ? (w.ns_best / n).toFixed(2).padStart(6) : '     -'}`);
  }
  if (ratios.length) console.log(`median wasm/native: ${pct(ratios, 50).toFixed(2)} (steps per second native/wasm)`);
  else console.log('native: not measured (cargo build --release first)');
}

// Typed formulas against the built-in surfaces: nanoseconds per value-and-gradient
// evaluation, the same loop (core/expr/timing.rs) in wasm, in the full module that
// embed.js loads, and natively; one point per call (`value` then `gradient`) and 1024
// points per `eval_many` call (as the convergence map asks). The timing runs in wasm;
// this only prints.
if (FORMULAS) {
  const ROUNDS = Number(process.env.GDZ_BENCH_ROUNDS || 9);
  const REPS = Number(process.env.GDZ_BENCH_REPS || 400);
  const rows = await fullModule('formulaBench', [1, 5], [ROUNDS, REPS]);
  const r2 = (x) => (x == null || !Number.isFinite(x) ? '     -' : x.toFixed(2).padStart(6));
  const n1 = (x) => (x == null ? '      -' : x.toFixed(1).padStart(7));
  for (const [title, b, f, ratio] of [
    ['one point per call (value, then gradient)', 'builtin_best', 'formula_best', 'ratio_best'],
    ['1024 points per eval_many call', 'builtin_many_best', 'formula_many_best', 'ratio_many_best'],
  ]) {
    console.log(`\nFormula vs built-in surface, ns per value + gradient, ${title}, fastest of ${ROUNDS} rounds`);
    console.log(`(wasm: ${REPS} passes over 1024 points per round; native: gdz bench --only formulas):`);
    console.log(`${''.padEnd(14)}       wasm built-in  formula  ratio    native built-in  formula  ratio`);
    for (const w of rows) {
      const n = nativeFormulas?.[w.name];
      console.log(
        `${w.name.padEnd(14)} ${''.padStart(9)}${n1(w[b])}  ${n1(w[f])} ${r2(w[f] / w[b])}` +
          `  ${''.padStart(9)}${n1(n?.[b])}  ${n1(n?.[f])} ${r2(n?.[ratio])}`,
      );
    }
  }
  if (!nativeFormulas) console.log('native: not measured (cargo build --release first)');
}

await browser.close();
server.kill();
