// Widgets embedded in a bare page on another origin, with nothing but embed.js and tags.
import { test, expect, canvasStats, mounted } from './fixtures.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './serve.mjs';

// Another origin than the site's: a second local server on its own port serves the bare
// pages (so the browser sees a real loopback page), and their scripts come from the site,
// cross-origin.
// One server per worker (on a free port), so parallel workers never share one.
const dir = mkdtempSync(join(tmpdir(), 'gdz-embed-'));
let server;
let OTHER;
test.beforeAll(async () => {
  server = await serve(dir);
  OTHER = server.port;
});
test.afterAll(() => server?.close());

let n = 0;
async function bare(page, baseURL, body) {
  const name = `post-${process.pid}-${n++}.html`;
  writeFileSync(join(dir, name), `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>A blog post</title><link rel="icon" href="data:,"></head><body><main><h1>My post</h1>
    <script type="module" src="${baseURL}/embed.js"></script>${body}</main></body></html>`);
  await page.goto(`http://127.0.0.1:${OTHER}/${name}`);
}

test('a bare page on another site runs embedded widgets', async ({ page, baseURL }) => {
  await bare(page, baseURL, `
    <gdz-playground optimizer="adam(lr=0.1)" surface="himmelblau"></gdz-playground>
    <gdz-race optimizers="sgd(lr=0.01); adam(lr=0.05)" surface="beale"></gdz-race>
    <gdz-compare left="sgd(lr=0.05)" right="sgd(lr=0.05, momentum=0.9)"></gdz-compare>`);
  for (const tag of ['gdz-playground', 'gdz-race', 'gdz-compare']) {
    const host = page.locator(tag);
    await mounted(host);
    await expect.poll(async () => (await canvasStats(host.locator('canvas').first())).colours)
      .toBeGreaterThan(50);
  }
  // The widget stylesheet came along: the widget box has its border.
  const border = await page.locator('.gdz-widget').first()
    .evaluate((e) => getComputedStyle(e).borderTopStyle);
  expect(border).toBe('solid');
  // The page's own heading is not restyled by the widgets' stylesheet.
  const h1 = await page.locator('h1').evaluate((e) => getComputedStyle(e).fontFamily);
  expect(h1).not.toContain('system-ui');
});

test('the copy-embed-code button gives a working snippet for the widget as shown', async ({ page, baseURL }) => {
  await page.goto('/gallery/');
  const host = page.locator('gdz-race');
  await mounted(host);
  await host.getByRole('button', { name: 'Copy embed code' }).click();
  const code = await host.locator('input.gdz-copied').inputValue();
  expect(code).toMatch(/^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/embed\.js"><\/script> <gdz-race /);
  expect(code).toContain('optimizers="');
  // The snippet, pasted into a bare page, runs.
  await bare(page, baseURL, code.replace(/^<script[^>]*><\/script> /, ''));
  await mounted(page.locator('gdz-race'));
});
