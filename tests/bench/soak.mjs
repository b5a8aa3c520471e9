// Browser soak (its own command, not in CI; prints numbers, asserts nothing): serves the
// release build in dist/, opens a page in headless Chromium, and for 100,000 animation
// frames keeps a widget playing (pressing Play again whenever its run ends) while a
// slider moves every frame. It samples, after a forced garbage collection, the JS heap
// (CDP Runtime.getHeapUsage) and the wasm memory (the byteLength of every
// WebAssembly.Memory the page instantiated, caught as the module starts), and prints
// their growth after the warm-up (a tenth of the frames).
//   npm run soak                                   (after `trunk build --release`)
//   GDZ_SOAK_FRAMES=10000 npm run soak             a shorter run
//   GDZ_SOAK_URL=/gallery/ GDZ_SOAK_WIDGET=gdz-race npm run soak
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const PORT = Number(process.env.GDZ_SOAK_PORT || 4176);
const FRAMES = Number(process.env.GDZ_SOAK_FRAMES || 100_000);
const URL_PATH = process.env.GDZ_SOAK_URL || '/';
const WIDGET = process.env.GDZ_SOAK_WIDGET || 'gdz-playground';
const DIST = process.env.GDZ_SOAK_DIST || 'dist';
// Samples after the warm-up (and one at its end).
const SAMPLES = 20;

const server = spawn('node', ['tests/e2e/serve.mjs', DIST, String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Animation frames as fast as the page can make them, not at 60 a second.
    '--disable-frame-rate-limit', '--disable-gpu-vsync'],
});

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Every wasm memory the page makes, however the module is instantiated.
  await page.addInitScript(() => {
    window.__gdzMemories = [];
    const keep = (r) => {
      const exports = (r && (r.instance || r).exports) || {};
      for (const v of Object.values(exports)) {
        if (v instanceof WebAssembly.Memory) window.__gdzMemories.push(v);
      }
      return r;
    };
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const f = WebAssembly[name].bind(WebAssembly);
      WebAssembly[name] = (...a) => f(...a).then(keep);
    }
  });
  await page.goto(`http://127.0.0.1:${PORT}${URL_PATH}`);
  const host = page.locator(WIDGET).first();
  await host.locator('canvas').first().waitFor();
  await host.locator('input[type=range]').first().waitFor();
  const cdp = await page.context().newCDPSession(page);

  // Runs `n` animation frames: each presses Play when the widget is not playing and
  // moves the first slider (not the timeline's scrubber) to a new value.
  const run = (n) => page.evaluate(([sel, n]) => new Promise((done) => {
    const host = document.querySelector(sel);
    const sliders = [...host.querySelectorAll('input[type=range]')];
    const slider = sliders.find((s) => !s.closest('.gdz-timeline')) || sliders[0];
    const play = [...host.querySelectorAll('button')].find((b) => /^(Play|Pause)$/.test(b.textContent));
    const lo = Number(slider.min), hi = Number(slider.max);
    let k = 0;
    const frame = () => {
      if (play && play.textContent === 'Play') play.click();
      window.__gdzSoakStep = (window.__gdzSoakStep || 0) + 1;
      const i = window.__gdzSoakStep;
      slider.value = String(lo + ((hi - lo) * ((i * 37) % 101)) / 100);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      if (++k < n) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  }), [WIDGET, n]);

  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__gdzMemories.reduce((s, m) => s + m.buffer.byteLength, 0));
    return { js: heap.usedSize, wasm };
  };
  const mb = (b) => (b / 1048576).toFixed(2).padStart(7);
  const pct = (a, b) => `${(((b - a) / a) * 100).toFixed(1).padStart(6)}%`;

  const warm = Math.max(1, Math.round(FRAMES / 10));
  const t0 = Date.now();
  await run(warm);
  const base = await sample();
  console.log(`soak: ${WIDGET} on ${URL_PATH}, ${FRAMES} frames (warm-up ${warm})`);
  console.log(`${'frames'.padStart(8)} ${'JS heap MB'.padStart(11)} ${'wasm MB'.padStart(8)}`);
  console.log(`${String(warm).padStart(8)} ${mb(base.js).padStart(11)} ${mb(base.wasm).padStart(8)}`);
  let done = warm;
  let last = base;
  let peak = { ...base };
  for (let s = 1; s <= SAMPLES && done < FRAMES; s++) {
    const target = warm + Math.round(((FRAMES - warm) * s) / SAMPLES);
    await run(target - done);
    done = target;
    last = await sample();
    peak = { js: Math.max(peak.js, last.js), wasm: Math.max(peak.wasm, last.wasm) };
    console.log(`${String(done).padStart(8)} ${mb(last.js).padStart(11)} ${mb(last.wasm).padStart(8)}`);
  }
  const secs = (Date.now() - t0) / 1000;
  console.log(`frames: ${done} in ${secs.toFixed(0)} s (${(done / secs).toFixed(0)} per second)`);
  console.log(`growth after warm-up: JS heap ${pct(base.js, last.js)} (peak ${pct(base.js, peak.js)}), wasm memory ${pct(base.wasm, last.wasm)} (peak ${pct(base.wasm, peak.wasm)}); aim ≤ 5%`);
  console.log(`page errors: ${errors.length}${errors.length ? `: ${errors.slice(0, 3).join(' | ')}` : ''}`);
} finally {
  await browser.close();
  server.kill();
}
