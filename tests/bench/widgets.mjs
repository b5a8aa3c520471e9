// Widget timing benchmark (prints numbers, asserts nothing): serves the release build in
// dist/, drives widgets in headless Chromium and reports per-input work and input-to-paint.
//   node tests/bench/widgets.mjs            (after `trunk build --release`)
// Work per input: the synchronous time of one slider `input` event (the wasm re-runs the
// optimizers and redraws). Input to paint: from dispatching the event to the next frame's
// paint callback (requestAnimationFrame, then a message-channel tick after it), with the
// input placed at varying moments within a frame.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const PORT = Number(process.env.GDZ_BENCH_PORT || 4175);
const N = Number(process.env.GDZ_BENCH_N || 200);
const server = spawn('node', ['tests/e2e/serve.mjs', 'dist', String(PORT)], { stdio: 'ignore' });
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

async function measure(name, url, selector, viewport, input = 'input[type=range]') {
  const page = await browser.newPage({ viewport });
  await page.goto(`http://127.0.0.1:${PORT}${url}`);
  await page.locator(`${selector} canvas`).first().waitFor();
  await page.waitForTimeout(300);
  const r = await page.evaluate(async ([selector, n, input]) => {
    const host = document.querySelector(selector);
    const slider = host.querySelector(input);
    const lo = Number(slider.min), hi = Number(slider.max);
    const work = [], paint = [];
    const tick = () => new Promise((res) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => res(performance.now());
      requestAnimationFrame(() => ch.port2.postMessage(0));
    });
    for (let i = 0; i < n; i++) {
      await tick();
      // Inputs arrive at any moment of a frame, not only just after one.
      await new Promise((res) => setTimeout(res, (i * 7) % 16));
      slider.value = String(lo + ((hi - lo) * ((i * 37) % 100)) / 100);
      const t0 = performance.now();
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = performance.now();
      const t2 = await tick();
      work.push(t1 - t0);
      paint.push(t2 - t0);
    }
    const c = host.querySelector('canvas');
    return { work, paint, size: [c.width, c.height] };
  }, [selector, N, input]);
  await page.close();
  console.log(
    `${name.padEnd(34)} ${String(r.size.join('×')).padEnd(9)} work p50 ${fmt(pct(r.work, 50))} p95 ${fmt(pct(r.work, 95))} ms` +
      `   input→paint p50 ${fmt(pct(r.paint, 50))} p95 ${fmt(pct(r.paint, 95))} ms`,
  );
}

// Frame work: the time each animation-frame callback and each resize callback takes
// (wrapped before the page loads), so the numbers are the widget's own work per frame.
const TIMING = () => {
  const wrap = (f, into) => function (...a) {
    const t = performance.now();
    try { return f.apply(this, a); } finally { (window[into] ||= []).push(performance.now() - t); }
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf(wrap(cb, '__frames'));
  const RO = window.ResizeObserver;
  window.ResizeObserver = class extends RO { constructor(cb) { super(wrap(cb, '__resizes')); } };
};

async function frames(name, url, selector, cssWidth, drive, deviceScaleFactor = 1) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor });
  await page.addInitScript(TIMING);
  await page.goto(`http://127.0.0.1:${PORT}${url}`);
  const host = page.locator(selector).first();
  await host.locator('canvas').first().waitFor();
  await host.evaluate((el, w) => { el.style.width = `${w}px`; el.style.maxWidth = 'none'; }, cssWidth);
  await page.waitForTimeout(400);
  await page.evaluate(() => { window.__frames = []; window.__resizes = []; });
  await drive(page, host);
  const r = await page.evaluate(([sel]) => {
    const c = document.querySelector(sel).querySelector('canvas');
    return { frames: window.__frames, resizes: window.__resizes, size: [c.width, c.height] };
  }, [selector]);
  await page.close();
  const xs = r.frames.length ? r.frames : r.resizes;
  console.log(
    `${name.padEnd(44)} ${String(r.size.join('×')).padEnd(9)} ${String(xs.length).padStart(4)} frames` +
      `   work per frame p50 ${fmt(pct(xs, 50))} p95 ${fmt(pct(xs, 95))} ms`,
  );
}

console.log(`${N} slider inputs each, headless Chromium (software rendering), this machine:`);
// The learning-rate slider (the first range input may be the timeline's speed).
const LR = 'input[aria-label^="Learning rate"], .gdz-controls input[type=range]';
await measure('playground, 1 run of 60 steps', '/', 'gdz-playground', { width: 900, height: 900 }, LR);
await measure('  the same without the loss chart', '/?playground1.controls=lr,play,speed,timeline', 'gdz-playground', { width: 900, height: 900 }, LR);
await measure('playground, 2 runs of 400 steps', '/lessons/adam/', 'gdz-playground[optimizer*=";"]', { width: 900, height: 900 }, LR);
await measure('compare, 2 panels of 400 steps', '/lessons/loss-landscapes/', 'gdz-compare', { width: 1280, height: 900 }, LR);

console.log('\nAnimation and redraw work per frame (device pixel ratio 1 unless noted):');
await frames('race of 6 optimizers, playing', '/gallery/', 'gdz-race', 826, async (page, host) => {
  await host.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(3000);
});
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
  await page.evaluate(() => { if (window.__frames.length === 0) window.__frames = window.__keys; });
};
await frames('3-D landscape, rotating (arrow keys)', '/gallery/', 'gdz-landscape', 826, rotate);
await frames('3-D landscape, rotating, pixel ratio 2', '/gallery/', 'gdz-landscape', 826, rotate, 2);
await frames('heatmap + contours redrawn on resize', '/gallery/', 'gdz-playground', 538, async (page, host) => {
  for (let i = 0; i < 40; i++) {
    await host.evaluate((el, w) => { el.style.width = `${w}px`; }, 538 + (i % 2) * 40);
    await page.waitForTimeout(50);
  }
});
await browser.close();
server.kill();
