// The release build hosted under a sub-path (`trunk build --public-url /zoo/`, which the
// test command writes to target/dist-zoo): pages, assets and links all carry the prefix.
import { test, expect, mounted } from './fixtures.mjs';
import { existsSync } from 'node:fs';
import { serve } from './serve.mjs';

const DIR = 'target/dist-zoo';
let server;
let PORT;
// One worker for this file: the server belongs to it (with two, the first to finish would
// stop the server the other's test still uses).
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  expect(existsSync(`${DIR}/index.html`), `${DIR} is built by the test command`).toBeTruthy();
  server = await serve(DIR, { prefix: '/zoo/' });
  PORT = server.port;
});
test.afterAll(() => server?.close());

test('the site works under /zoo/', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${PORT}/zoo/`);
  await mounted(page.locator('gdz-playground').first());
  await page.locator('a.gdz-course-link').first().click();
  await expect(page).toHaveURL(/\/zoo\/lessons\/training-loop\/$/);
  await page.locator('a.gdz-next').first().click();
  await expect(page).toHaveURL(/\/zoo\/lessons\/gradient-descent\/$/);
  await mounted(page.locator('gdz-playground').first());
  const hrefs = await page.locator('link[href], script[src], a[href]').evaluateAll(
    (els) => els.map((e) => e.getAttribute('href') || e.getAttribute('src')),
  );
  const rooted = hrefs.filter((h) => h.startsWith('/') && !h.startsWith('/zoo/'));
  expect(rooted, 'root-absolute links outside /zoo/').toEqual([]);
});

test('api.js works under /zoo/', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${PORT}/zoo/gallery/`);
  const r = await page.evaluate(async () => {
    const api = await import('/zoo/api.js');
    return api.trace({ surface: 'quadratic(a=1, b=10)', optimizer: 'sgd(lr=0.1)', start: [1, 1], steps: 1 });
  });
  expect(r.loss).toEqual([5.5, 0.405]);
  expect(r.status).toBe('max_steps');
});
