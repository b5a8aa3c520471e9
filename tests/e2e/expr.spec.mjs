// Formula surfaces in the browser: the gallery's playground (the full module, which has
// formulas) takes a typed formula and shows its parse error as it is typed; a lesson page
// whose module has no formulas answers a formula in a link with a notice, not a crash.
import { test, expect, canvasStats, mounted } from './fixtures.mjs';

const entry = (host, label) => host.locator('label.gdz-field', { hasText: label });

test('the formula entry shows the parse error as it is typed, then runs the formula', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/gallery/');
  const host = page.locator('gdz-playground').first();
  await mounted(host);
  const formula = entry(host, 'Formula').locator('input');
  const message = entry(host, 'Formula').locator('.gdz-field-error');
  await formula.fill('');
  await formula.pressSequentially('(1 - x)^2 + 100*(y - x^2');
  await expect(message).toHaveText('expr: at column 25: expected ")" to close the "(" at column 17');
  await formula.pressSequentially(')^2');
  await expect(message).toBeEmpty();
  const canvas = host.locator('canvas').first();
  const before = await canvasStats(canvas);
  await formula.press('Enter');
  await expect(entry(host, 'Surface').locator('input')).toHaveValue('expr(f="(1 - x)^2 + 100*(y - x^2)^2")');
  await expect.poll(async () => (await canvasStats(canvas)).hash).not.toBe(before.hash);
  await formula.fill('x^2 + foo(y)');
  await expect(message).toContainText('expr: at column 7: unknown function "foo"; known: sin, cos');
  expect(errors).toEqual([]);
});

test('a lesson module without formulas answers a formula in a link with a notice', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?playground1.surface=expr(f%3D%22x%5E2%20%2B%20y%5E2%22)');
  const host = page.locator('gdz-playground').first();
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/formulas are not built into this page|expr/);
  // The widget keeps working on its default surface.
  await expect.poll(async () => (await canvasStats(host.locator('canvas').first())).colours).toBeGreaterThan(50);
  expect(errors).toEqual([]);
});

test("lesson 12's own-function lab: each suggested formula's link loads it into the playground", async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/lessons/loss-landscapes/lab-2/');
  const host = page.locator('gdz-playground#own');
  await mounted(host);
  await expect(entry(host, 'Formula').locator('input')).toHaveValue('x^2 + 3*y^2');
  const links = page.locator('main a[href*="own.surface="]');
  await expect(links).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const text = (await links.nth(i).textContent()).trim();
    await links.nth(i).click();
    const again = page.locator('gdz-playground#own');
    await mounted(again);
    // The link's text is the formula; the playground runs it, with no notice.
    await expect(entry(again, 'Formula').locator('input')).toHaveValue(text);
    await expect(again.locator('.gdz-notice')).toBeHidden();
    await page.goBack();
  }
  expect(errors).toEqual([]);
});
