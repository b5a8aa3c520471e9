// Shared test fixture: every page must load with no console error and no uncaught error.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
    // Any breach of the pages' Content-Security-Policy is reported as a console error.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    await use(page);
    expect(problems, 'console errors, page errors or dialogs').toEqual([]);
  },
});
export { expect };

/** A digest of a canvas's pixels, and how many distinct colours it has. */
export async function canvasStats(locator) {
  return locator.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const colours = new Set();
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      if (colours.size < 5000) colours.add(v);
      hash = (Math.imul(hash, 31) + v + data[i + 3]) | 0;
    }
    return { colours: colours.size, hash, width: c.width, height: c.height };
  });
}

/** Waits until the wasm has mounted the widget inside `host`. */
export async function mounted(host) {
  await expect(host.locator('canvas').first()).toBeVisible();
}

/**
 * Serves `body` at `path` on the test site's origin (or at a full URL) as a bare page
 * that loads the widgets with embed.js only, the way another site embeds them.
 */
export async function barePage(page, url, body, embedFrom = '') {
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A page with widgets</title>
      <link rel="icon" href="data:,"></head><body><main><h1>Widgets</h1>
      <script type="module" src="${embedFrom}/embed.js"></script>${body}</main></body></html>`,
  }));
}

/**
 * Shows one widget (its tag as HTML) alone on a bare page that embeds it, where it has
 * the tools row (lesson pages leave it out); returns its host once mounted.
 */
export async function toolsPage(page, html) {
  await barePage(page, '**/test/tools.html', html);
  await page.goto('/test/tools.html');
  const host = page.locator(/^<([a-z-]+)/.exec(html)[1]).first();
  await mounted(host);
  return host;
}

/** Clicks the widget's CSV button and returns the text of the file it downloads. */
export async function downloadCsv(host) {
  const [download] = await Promise.all([
    host.page().waitForEvent('download'),
    host.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks).toString();
}

/**
 * A widget that answers a prediction opens at step 0 (`reveal="play"`): checks that it
 * does, then moves its scrubber to the end by keyboard, as a reader would.
 */
export async function revealEnd(host) {
  const label = host.locator('.gdz-step').first();
  await expect(label).toHaveText(/^step 0 of \d+$/);
  await host.locator('.gdz-scrub input').first().focus();
  await host.page().keyboard.press('End');
  await expect(label).toHaveText(/^step (\d+) of \1$/);
}
