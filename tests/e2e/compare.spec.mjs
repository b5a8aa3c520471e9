import { test, expect, canvasStats, mounted } from './fixtures.mjs';

test('compare draws two panels, scrubs both, and plays', async ({ page }) => {
  await page.goto('/lessons/loss-landscapes/');
  const host = page.locator('gdz-compare').first();
  await mounted(host);
  const canvases = host.locator('canvas');
  await expect(canvases).toHaveCount(2);
  for (const i of [0, 1]) {
    await expect.poll(async () => (await canvasStats(canvases.nth(i))).colours).toBeGreaterThan(50);
  }
  const before = [await canvasStats(canvases.nth(0)), await canvasStats(canvases.nth(1))];
  // Scrub back to step 10: both panels change together.
  const scrub = host.locator('.gdz-scrub input');
  await scrub.evaluate((el) => { el.value = '10'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await expect(canvases.nth(0)).toHaveAttribute('aria-label', /^Step 10 of 400/);
  await expect(canvases.nth(1)).toHaveAttribute('aria-label', /^Step 10 of 400/);
  expect((await canvasStats(canvases.nth(0))).hash).not.toBe(before[0].hash);
  expect((await canvasStats(canvases.nth(1))).hash).not.toBe(before[1].hash);
  // Play runs to the end.
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(canvases.nth(0)).toHaveAttribute('aria-label', /^Step 400 of 400/, { timeout: 15_000 });
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('each side has its own learning rate', async ({ page }) => {
  await page.goto('/lessons/rmsprop/');
  const host = page.locator('gdz-compare').first();
  await mounted(host);
  const lines = host.locator('.gdz-readout');
  // The comparison answers a prediction: where each run ends is told only once it runs.
  await expect(host.locator('.gdz-step')).toHaveText('step 0 of 400');
  await expect(lines.nth(0)).toHaveText(/^Not run yet/);
  await expect(host.locator('canvas').first()).toHaveAttribute('aria-label', /^Step 0 of 400\. Not run yet/);
  await host.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(host.locator('.gdz-step')).toHaveText('step 1 of 400');
  await expect(lines.nth(0)).toContainText('sgd with η = 0.019');
  await expect(lines.nth(1)).toContainText('rmsprop with η = 0.01');
  await host.locator('input[type=range]').first().evaluate((el) => {
    el.value = '-0.3';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(lines.nth(0)).toContainText(/diverged after step/);
  await expect(lines.nth(1)).toContainText('rmsprop with η = 0.01');
});

test('reduced motion: Play jumps to the end', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/lessons/loss-landscapes/');
  const host = page.locator('gdz-compare').first();
  await mounted(host);
  const scrub = host.locator('.gdz-scrub input');
  await scrub.evaluate((el) => { el.value = '0'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.locator('canvas').first()).toHaveAttribute('aria-label', /^Step 400 of 400/);
});
