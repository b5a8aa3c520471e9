// Network speed benchmark (prints numbers, asserts nothing): serves the release build in
// dist/ and, in headless Chromium,
//  1. times the full module's benchmark export (`NetBench`: the core Trainer, Adam on a
//     2-16-16-1 tanh network, BCE-with-logits, batches of 32 on the moons) against a
//     plain-JavaScript twin of the same step, given the same rows and initial weights,
//     after checking that both reach the same loss;
//  2. prints the wasm's speed over the native kernel's (`gdz bench --only network`:
//     GDZ_NATIVE_STEPS_PER_S, else target/release/gdz if it was built);
//  3. measures the work per animation frame of a <gdz-network> training (one run, then
//     two), the way tests/bench/widgets.mjs does for the other widgets.
//   node tests/bench/network.mjs            (after `trunk build --release`)
//   GDZ_BENCH_DIST=other/dist GDZ_NATIVE_STEPS_PER_S=21000 node tests/bench/network.mjs
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PORT = Number(process.env.GDZ_BENCH_PORT || 4176);
const DIST = process.env.GDZ_BENCH_DIST || 'dist';
// Steps per timed round, and rounds (the median and the fastest round are printed: on a
// shared machine the fastest is the steadier measure of the code's own speed).
const STEPS = Number(process.env.GDZ_BENCH_STEPS || 2000);
const ROUNDS = Number(process.env.GDZ_BENCH_ROUNDS || 15);
// How long each widget trains while its frames are measured.
const PLAY_MS = Number(process.env.GDZ_BENCH_PLAY_MS || 4000);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => pct(xs, 50);
const f = (x, d = 2) => x.toFixed(d);

// The native kernel first, while the browser is not yet running.
// (Its median round and its fastest; one number from the environment serves as both.)
let native = Number(process.env.GDZ_NATIVE_STEPS_PER_S) || null;
let nativeBest = native;
let nativeFrom = 'GDZ_NATIVE_STEPS_PER_S';
if (!native && existsSync('target/release/gdz')) {
  try {
    const out = JSON.parse(execFileSync('target/release/gdz', ['bench', '--only', 'network']).toString());
    native = out.network?.steps_per_s ?? null;
    nativeBest = out.network?.steps_per_s_fastest_round ?? native;
    nativeFrom = 'target/release/gdz bench --only network';
  } catch { native = null; }
}

const server = spawn('node', ['tests/e2e/serve.mjs', DIST, String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
if (server.exitCode !== null) {
  throw new Error(`the file server stopped (is port ${PORT} taken? set GDZ_BENCH_PORT)`);
}
// Whatever happens below, the server and the browser go.
process.on('exit', () => server.kill());
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// The full module (every widget, and the benchmark export) is the one embed.js loads.
const embed = readFileSync(`${DIST}/embed.js`, 'utf8');
const [js, wasm] = [/["'`]([^"'`]*\.js)["'`]/, /["'`]([^"'`]*_bg\.wasm)["'`]/].map((re) => {
  const m = re.exec(embed);
  return m && `/${m[1].replace(/^\.?\//, '')}`;
});

// A bare page on the served origin that embeds the widgets, as another site would.
async function barePage(body) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.route('**/bench/network.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Network bench</title>
      <link rel="icon" href="data:,"></head><body><main>
      <script type="module" src="/embed.js"></script>${body}</main></body></html>`,
  }));
  return page;
}

// The plain-JavaScript twin: the same forward pass, BCE-with-logits loss, backward pass
// and Adam step (torch's form) as the core's Trainer, for any widths with tanh between
// the layers and one output; Float64Arrays allocated once, no allocation per step. It
// also computes what the Trainer reports each step for the widget's charts: the batch
// loss, the gradient norm and each layer's update-to-weight ratio.
function NetTwin({ widths, params, x, y, batch, lr, beta1, beta2, eps }) {
  const L = widths.length - 1;
  const nIn = widths[0];
  const rowsTotal = y.length;
  const theta = Float64Array.from(params);
  const P = theta.length;
  const grad = new Float64Array(P);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  const prev = new Float64Array(P);
  const wOff = new Int32Array(L);
  const bOff = new Int32Array(L);
  for (let k = 0, at = 0; k < L; k++) {
    wOff[k] = at;
    at += widths[k] * widths[k + 1];
    bOff[k] = at;
    at += widths[k + 1];
  }
  // Per layer: its activations (the output layer's logits) and ∂L/∂z, batch × width.
  const act = [];
  const delta = [];
  for (let k = 0; k < L; k++) {
    act.push(new Float64Array(batch * widths[k + 1]));
    delta.push(new Float64Array(batch * widths[k + 1]));
  }
  const ratios = new Float64Array(L);
  let cursor = 0;
  let t = 0;
  let gradNorm = 0;

  // z = in·Wᵀ + b over `rows` rows (tanh unless it is the last layer); the input of the
  // first layer is the training rows from `inBase` (an offset in x) on, the others the
  // previous layer's activations.
  function forward(k, inp, inBase, rows) {
    const nI = widths[k];
    const nO = widths[k + 1];
    const wo = wOff[k];
    const bo = bOff[k];
    const out = act[k];
    const last = k === L - 1;
    for (let r = 0; r < rows; r++) {
      const ib = inBase + r * nI;
      const ob = r * nO;
      for (let j = 0; j < nO; j++) {
        let s = theta[bo + j];
        const w = wo + j * nI;
        for (let i = 0; i < nI; i++) s += inp[ib + i] * theta[w + i];
        out[ob + j] = last ? s : Math.tanh(s);
      }
    }
  }

  function step() {
    if (cursor >= rowsTotal) cursor = 0;
    const start = cursor;
    const rows = Math.min(batch, rowsTotal - start);
    cursor = start + rows;
    for (let k = 0; k < L; k++) forward(k, k === 0 ? x : act[k - 1], k === 0 ? start * nIn : 0, rows);
    // Loss and its gradient at the logits: mean over the batch.
    const z = act[L - 1];
    const dz = delta[L - 1];
    const c = 1 / rows;
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const zr = z[r];
      const yr = y[start + r];
      const e = Math.exp(-Math.abs(zr));
      loss += Math.max(zr, 0) - zr * yr + Math.log1p(e);
      dz[r] = c * ((zr >= 0 ? 1 / (1 + e) : e / (1 + e)) - yr);
    }
    loss /= rows;
    // Backward: ∇W = δᵀ·in, ∇b = Σ δ, then δ of the layer below = (δ·W) ⊙ (1 − a²).
    for (let k = L - 1; k >= 0; k--) {
      const nI = widths[k];
      const nO = widths[k + 1];
      const wo = wOff[k];
      const bo = bOff[k];
      const d = delta[k];
      const inp = k === 0 ? x : act[k - 1];
      const inBase = k === 0 ? start * nIn : 0;
      for (let j = 0; j < nO; j++) {
        let gb = 0;
        for (let r = 0; r < rows; r++) gb += d[r * nO + j];
        grad[bo + j] = gb;
        const w = wo + j * nI;
        for (let i = 0; i < nI; i++) {
          let g = 0;
          for (let r = 0; r < rows; r++) g += d[r * nO + j] * inp[inBase + r * nI + i];
          grad[w + i] = g;
        }
      }
      if (k > 0) {
        const a = act[k - 1];
        const dp = delta[k - 1];
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < nI; i++) {
            let e = 0;
            for (let j = 0; j < nO; j++) e += d[r * nO + j] * theta[wo + j * nI + i];
            const ai = a[r * nI + i];
            dp[r * nI + i] = e * (1 - ai * ai);
          }
        }
      }
    }
    let g2 = 0;
    for (let i = 0; i < P; i++) g2 += grad[i] * grad[i];
    gradNorm = Math.sqrt(g2);
    // Adam, as torch.optim.Adam computes it.
    t += 1;
    const stepSize = lr / (1 - beta1 ** t);
    const bc2 = Math.sqrt(1 - beta2 ** t);
    prev.set(theta);
    for (let i = 0; i < P; i++) {
      const g = grad[i];
      const mi = m[i] + (1 - beta1) * (g - m[i]);
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      theta[i] -= (stepSize * mi) / (Math.sqrt(vi) / bc2 + eps);
    }
    for (let k = 0; k < L; k++) {
      let dd = 0;
      let ww = 0;
      for (let i = wOff[k]; i < bOff[k]; i++) {
        const d = theta[i] - prev[i];
        dd += d * d;
        ww += prev[i] * prev[i];
      }
      ratios[k] = ww > 0 ? Math.sqrt(dd) / Math.sqrt(ww) : 0;
    }
    return loss;
  }

  return {
    /** Takes n steps; returns the last step's batch loss. */
    run(n) {
      let loss = NaN;
      for (let s = 0; s < n; s++) loss = step();
      return loss;
    },
    params: () => theta,
    gradNorm: () => gradNorm,
    ratios: () => ratios,
  };
}

// In the page: the check (100 steps from the same start), then ROUNDS rounds of STEPS
// steps each, the wasm and the twin in turn, after a warm-up (both engines tier up).
const RACE = async ([js, wasm, twinSrc, steps, rounds]) => {
  const mod = await import(js);
  await mod.default({ module_or_path: wasm });
  const NetTwin = new Function(`return ${twinSrc}`)();
  const spec = (b) => {
    const o = /adam\(lr=([\d.e-]+)\)/.exec(b.optimizer());
    return {
      widths: [...b.widths()], params: b.params(), x: b.x(), y: b.y(), batch: b.batch(),
      lr: Number(o[1]), beta1: 0.9, beta2: 0.999, eps: 1e-8,
    };
  };
  const fresh = () => {
    const w = new mod.NetBench();
    return [w, NetTwin(spec(w))];
  };
  // Warm-up, then the check from a fresh start.
  {
    const [w, j] = fresh();
    w.run(2000);
    j.run(2000);
    w.free();
  }
  const [w0, j0] = fresh();
  const lossW = w0.run(100);
  const lossJ = j0.run(100);
  const pw = w0.params();
  const pj = j0.params();
  let dp = 0;
  for (let i = 0; i < pw.length; i++) dp = Math.max(dp, Math.abs(pw[i] - pj[i]) / Math.max(1e-300, Math.abs(pw[i])));
  w0.free();
  const [w, j] = fresh();
  const tw = [];
  const tj = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    w.run(steps);
    tw.push(performance.now() - t0);
    t0 = performance.now();
    j.run(steps);
    tj.push(performance.now() - t0);
  }
  w.free();
  return { lossW, lossJ, dp, tw, tj, n: pw.length };
};

console.log('Network training speed: headless Chromium and this machine.');
let page = await barePage('');
await page.goto(`http://127.0.0.1:${PORT}/bench/network.html`);
const r = await page.evaluate(RACE, [js, wasm, NetTwin.toString(), STEPS, ROUNDS]);
await page.close();
const sps = (ms) => (STEPS * 1000) / ms;
const wasmSps = sps(median(r.tw));
const jsSps = sps(median(r.tj));
const wasmBest = sps(Math.min(...r.tw));
const jsBest = sps(Math.min(...r.tj));
const rel = Math.abs(r.lossW - r.lossJ) / Math.abs(r.lossJ);
console.log(`set-up: Adam(lr=0.01) on moons(n=200, noise=0.15, seed=1), 2-16-16-1 tanh (${r.n} parameters), BCE, batch 32`);
console.log(`loss at step 100: wasm ${r.lossW.toPrecision(17)}, JS ${r.lossJ.toPrecision(17)}, relative difference ${rel.toExponential(2)} (parameters: ${r.dp.toExponential(2)} at most)`);
console.log(`${ROUNDS} rounds of ${STEPS} steps each, in turn:   median        fastest round`);
const line = (name, a, b) => console.log(`${name.padEnd(34)} ${f(a, 0).padStart(7)} steps/s  ${f(b, 0).padStart(7)} steps/s`);
line('wasm (the core Trainer)', wasmSps, wasmBest);
line('JS twin', jsSps, jsBest);
console.log(`${'wasm / JS'.padEnd(34)} ${f(wasmSps / jsSps).padStart(7)}×        ${f(wasmBest / jsBest).padStart(7)}×`);
if (native) {
  line(`native (${nativeFrom.startsWith('GDZ') ? nativeFrom : 'gdz bench --only network'})`, native, nativeBest);
  console.log(`${'wasm / native'.padEnd(34)} ${f(wasmSps / native).padStart(7)}         ${f(wasmBest / nativeBest).padStart(7)}`);
} else {
  console.log('native: not measured (cargo build --release, or set GDZ_NATIVE_STEPS_PER_S)');
}

// Frame work: the animation-frame callbacks' time summed per rendering frame (wrapped
// before the page loads, as in tests/bench/widgets.mjs), while the widget trains.
const TIMING = () => {
  const raf = window.requestAnimationFrame.bind(window);
  let frame = 0;
  const count = () => { frame += 1; raf(count); };
  raf(count);
  window.__frames = new Map();
  window.requestAnimationFrame = (cb) => raf(function (...a) {
    const t = performance.now();
    try { return cb.apply(this, a); } finally {
      window.__frames.set(frame, (window.__frames.get(frame) || 0) + performance.now() - t);
    }
  });
};

async function frames(name, optimizer, data = 'moons(n=200, noise=0.15, seed=1)') {
  const page = await barePage(`<gdz-network data="${data}" optimizer="${optimizer}" batch="32" steps="20000"></gdz-network>`);
  await page.addInitScript(TIMING);
  await page.goto(`http://127.0.0.1:${PORT}/bench/network.html`);
  const host = page.locator('gdz-network');
  await host.locator('.gdz-run canvas').first().waitFor();
  await host.evaluate((el) => { el.style.width = '800px'; el.style.maxWidth = 'none'; el.style.display = 'block'; });
  await page.waitForTimeout(400);
  const steps = () => host.locator('.gdz-run-status').evaluateAll((els) => els.map((e) => Number(/step (\d+)/.exec(e.textContent)?.[1] || 0)));
  await host.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(500);
  const before = await steps();
  await page.evaluate(() => { window.__frames = new Map(); });
  await page.waitForTimeout(PLAY_MS);
  const got = await page.evaluate(() => [...window.__frames.values()]);
  const after = await steps();
  const size = await host.locator('.gdz-run canvas').first().evaluate((c) => `${c.width}×${c.height}`);
  await page.close();
  const trained = after.reduce((s, a, i) => s + a - before[i], 0);
  // Frames of the measuring window that ran the widget's callbacks.
  const perFrame = trained / got.length / after.length;
  console.log(
    `${name.padEnd(30)} board ${size.padEnd(8)} ${String(got.length).padStart(4)} frames  ` +
      `work p50 ${f(pct(got, 50)).padStart(6)} p95 ${f(pct(got, 95)).padStart(6)} ms   ` +
      `${f(perFrame, 1)} steps per run per frame (${trained} steps)`,
  );
}

console.log('\n<gdz-network> 800 px wide, training (each frame: a share of the rows of the 100×100 boundary grid recomputed and the whole boundary redrawn, the loss and small charts):');
await frames('one run (adam)', 'adam(lr=0.01)');
await frames('two runs (adam; sgd)', 'adam(lr=0.01); sgd(lr=0.1)');
await frames('four runs (adam; sgd; lion; sophia)', 'adam(lr=0.01); sgd(lr=0.1); lion(lr=0.001); sophia(lr=0.01)');
await frames('one run, 3 classes (blobs)', 'adam(lr=0.01)', 'blobs(n=300, seed=1)');
await browser.close();
server.kill();
