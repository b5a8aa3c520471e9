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

async function measure(name, url, selector, viewport) {
  const page = await browser.newPage({ viewport });
  await page.goto(`http://127.0.0.1:${PORT}${url}`);
  await page.locator(`${selector} canvas`).first().waitFor();
  await page.waitForTimeout(300);
  const r = await page.evaluate(async ([selector, n]) => {
    const host = document.querySelector(selector);
    const slider = host.querySelector('input[type=range]');
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
  }, [selector, N]);
  await page.close();
  console.log(
    `${name.padEnd(34)} ${String(r.size.join('×')).padEnd(9)} work p50 ${fmt(pct(r.work, 50))} p95 ${fmt(pct(r.work, 95))} ms` +
      `   input→paint p50 ${fmt(pct(r.paint, 50))} p95 ${fmt(pct(r.paint, 95))} ms`,
  );
}

console.log(`${N} slider inputs each, headless Chromium (software rendering), this machine:`);
await measure('playground, 1 run of 60 steps', '/', 'gdz-playground', { width: 900, height: 900 });
await measure('playground, 2 runs of 400 steps', '/lessons/adam/', 'gdz-playground[optimizer*=";"]', { width: 900, height: 900 });
await measure('compare, 2 panels of 400 steps', '/lessons/loss-landscapes/', 'gdz-compare', { width: 1280, height: 900 });
await browser.close();
server.kill();
