// The network widgets: <gdz-network> trains in the page, <gdz-lr-finder> runs the range
// test and hands its rate to a network, <gdz-slice> slices trained networks. Each on a
// bare page that embeds them, as another site would.
import { test, expect, canvasStats, mounted, barePage } from './fixtures.mjs';

async function show(page, body, query = '') {
  await barePage(page, '**/test/network.html*', body);
  await page.goto(`/test/network.html${query}`);
}

test('a network trains side by side, its charts fill in and Step takes one step', async ({ page }) => {
  await show(page, '<gdz-network id="net" optimizer="adam(lr=0.01); sgd(lr=0.1)" steps="300"></gdz-network>');
  const host = page.locator('gdz-network');
  await mounted(host);
  await expect(host.locator('.gdz-run')).toHaveCount(2);
  const status = host.locator('.gdz-run-status');
  await expect(status.first()).toHaveText(/^step 0, test loss [\d.]+, test accuracy [\d.]+%$/);
  const board = host.locator('.gdz-run canvas').first();
  const before = await canvasStats(board);
  expect(before.colours).toBeGreaterThan(30);
  await host.getByRole('button', { name: 'Step' }).click();
  await expect(status.first()).toHaveText(/^step 1, batch loss/);
  await host.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(host.getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 20_000 });
  await expect(status.nth(0)).toHaveText(/^step 300, batch loss [\d.e−]+, test loss [\d.e−]+, test accuracy [\d.]+%$/);
  await expect(status.nth(1)).toHaveText(/^step 300, /);
  expect((await canvasStats(board)).hash).not.toBe(before.hash);
  // The loss chart and every small multiple have lines on them.
  for (const c of await host.locator('.gdz-charts canvas, .gdz-small canvas').all()) {
    expect((await canvasStats(c)).colours).toBeGreaterThan(3);
  }
  await expect(host.locator('.gdz-small canvas')).toHaveCount(4);
  await expect(host.locator('.gdz-said')).toHaveText(/Run 1: step 300.*Run 2: step 300/);
  // Adam on the moons beats chance by a wide margin after 300 steps.
  const acc = Number(/accuracy ([\d.]+)%/.exec(await status.first().textContent())[1]);
  expect(acc).toBeGreaterThan(80);
});

test('a setting typed wrong is named under its field; a right one retrains and is remembered in the link', async ({ page }) => {
  await show(page, '<gdz-network steps="50"></gdz-network>');
  const host = page.locator('gdz-network');
  await mounted(host);
  const field = host.locator('input[data-name=optimizer]');
  await field.fill('adam(lr=)');
  await field.press('Enter');
  await field.dispatchEvent('change');
  const error = (name) => host.locator(`label:has(input[data-name=${name}]) .gdz-field-error`);
  await expect(error('optimizer')).toHaveText(/expected a value/);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(host.locator('.gdz-run .gdz-title')).toHaveText('adam(lr=0.01), batch 32');
  await field.fill('adamw(lr=0.02); lion(lr=0.001)');
  await field.dispatchEvent('change');
  await expect(host.locator('.gdz-run')).toHaveCount(2);
  await expect(host.locator('.gdz-run .gdz-title').nth(1)).toHaveText('lion(lr=0.001), batch 32');
  await expect.poll(() => page.url()).toContain('network1.optimizer=adamw');
  const batch = host.locator('input[data-name=batch]');
  await batch.fill('8; 16; 32');
  await batch.dispatchEvent('change');
  await expect(error('batch')).toHaveText(/batch has 3 entries but optimizer has 2/);
});

test('a diverging run says so and never shows NaN', async ({ page }) => {
  await show(page, '<gdz-network optimizer="sgd(lr=1e308); adam(lr=0.01)" steps="100"></gdz-network>');
  const host = page.locator('gdz-network');
  await mounted(host);
  await host.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(host.getByRole('button', { name: 'Train again' })).toBeVisible({ timeout: 20_000 });
  await expect(host.locator('.gdz-run-status').first()).toHaveText(/^diverged at step \d+/);
  await expect(host.locator('.gdz-run-status').nth(1)).toHaveText(/^step 100, /);
  await expect(host).not.toContainText(/NaN|undefined|∞/);
});

test('bad attributes and links give a notice, and the widget still trains with the defaults', async ({ page }) => {
  await show(page, '<gdz-network model="mlp(layers=[2,10000,1])" steps="20"></gdz-network>',
    '?network1.data=moons(n=1e9)&network1.batch=0');
  const host = page.locator('gdz-network');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toContainText('model: mlp: a layer of width 10000 is out of range');
  await expect(notice).toContainText('data (from the link): ');
  await expect(notice).toContainText('batch (from the link): batch = 0 is out of range');
  await host.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(host.locator('.gdz-run-status')).toHaveText(/^step 20, /, { timeout: 20_000 });
});

test('a CSV of the reader’s own trains; a broken one is refused with its line', async ({ page }) => {
  await show(page, '<gdz-network steps="30"></gdz-network>');
  const host = page.locator('gdz-network');
  await mounted(host);
  const file = host.locator('input[type=file]');
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 40; i++) rows.push(`${(i % 7) / 7},${(i % 5) / 5},${i % 2}`);
  await file.setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(host.locator('.gdz-field-error').last()).toHaveText('Training on mine.csv: 40 rows, 2 features.');
  await host.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(host.locator('.gdz-run-status')).toHaveText(/^step 30, batch loss/, { timeout: 20_000 });
  await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,y\n1,2,0\n1,oops,1\n') });
  await expect(host.locator('.gdz-field-error').last()).toHaveText(/^bad\.csv: line 3: .*oops/);
  const big = Buffer.alloc(3_000_000, 'x');
  await file.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
  await expect(host.locator('.gdz-field-error').last()).toHaveText(/big\.csv is 3 MB; at most 2 MB/);
});

test('the range test suggests a rate and hands it to the linked network', async ({ page }) => {
  await show(page, `<gdz-lr-finder target="net" steps="150"></gdz-lr-finder>
    <gdz-network id="net" steps="20"></gdz-network>`);
  const finder = page.locator('gdz-lr-finder');
  await mounted(finder);
  const out = finder.locator('.gdz-readout');
  await expect(out).toHaveText(/^Suggested rate [\d.e−]+ \(where the smoothed loss falls fastest\)/);
  const rate = Number(/rate ([\d.]+(?:e−\d+)?)/.exec(await out.textContent())[1].replace('−', '-'));
  expect(rate).toBeGreaterThan(1e-4);
  expect(rate).toBeLessThan(1);
  expect((await canvasStats(finder.locator('canvas'))).colours).toBeGreaterThan(5);
  await finder.getByRole('button', { name: 'Use this rate' }).click();
  await expect(out).toHaveText(/^Set the network's learning rate to /);
  const net = page.locator('gdz-network');
  await expect(net.locator('input[data-name=optimizer]')).toHaveValue(/^adam\(lr=0\.\d+\)$/);
  await expect(net.locator('.gdz-run .gdz-title')).toHaveText(/^adam\(lr=0\.\d+\), batch 32$/);
});

test('slices of small- and large-batch solutions are drawn on one scale', async ({ page }) => {
  await show(page, `<gdz-slice steps="300" batch="8; 150"></gdz-slice>
    <gdz-slice steps="100" batch="8; 150" dims="2"></gdz-slice>`);
  const [one, two] = [page.locator('gdz-slice').nth(0), page.locator('gdz-slice').nth(1)];
  await mounted(one);
  await expect(one.locator('.gdz-legend li')).toHaveCount(2);
  await expect(one.locator('.gdz-readout')).toHaveText(/batch 8: loss [\d.]+ at the solution, [\d.]+ and [\d.]+ at the ends; .*batch 150: loss [\d.]+ at the solution/, { timeout: 20_000 });
  expect((await canvasStats(one.locator('canvas'))).colours).toBeGreaterThan(5);
  await expect(two.locator('.gdz-readout')).toHaveText(/batch 150: loss [\d.]+ at the solution/, { timeout: 20_000 });
  expect((await canvasStats(two.locator('canvas'))).colours).toBeGreaterThan(100);
  const dims = one.locator('.gdz-field input').nth(1);
  await dims.fill('3');
  await dims.dispatchEvent('change');
  await expect(one.locator('.gdz-field-error').nth(1)).toHaveText(/dims = 3 is out of range/);
});
