import { test, expect, canvasStats, mounted } from './fixtures.mjs';

/** Sets a range input to `value` as a reader dragging it would. */
async function slide(input, value) {
  await input.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

// The data view of the default points (1,2), (2,4), (3,6), and the plot's margins in
// CSS pixels (render::plot2d::Frame): 36 left, 8 top and right, 20 bottom.
const VIEW = [-1, 4, -1, 7];

/** The page position of data point `[x, y]` on the data canvas. */
async function pagePoint(canvas, [x, y]) {
  const b = await canvas.boundingBox();
  const pw = b.width - 36 - 16;
  const ph = b.height - 8 - 20;
  return {
    x: b.x + 36 + ((x - VIEW[0]) / (VIEW[1] - VIEW[0])) * pw,
    y: b.y + 8 + ((VIEW[3] - y) / (VIEW[3] - VIEW[2])) * ph,
  };
}

test('draws the data, the line and the loss surface; Step shows the worked example', async ({ page }) => {
  await page.goto('/lessons/training-loop/');
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  const [line, surface] = [host.locator('canvas').nth(0), host.locator('canvas').nth(1)];
  await expect.poll(async () => (await canvasStats(line)).colours).toBeGreaterThan(20);
  await expect.poll(async () => (await canvasStats(surface)).colours).toBeGreaterThan(200);
  const now = host.locator('.gdz-readout');
  await expect(now).toHaveText('Step 0: w = 0.5, b = 0.1, ∂L/∂w = −13.6, ∂L/∂b = −5.8, loss L = 9.91.');
  const before = [await canvasStats(line), await canvasStats(surface)];
  await host.getByRole('button', { name: 'Step' }).click();
  // Lesson 1: w = 0.5 + 0.01·13.6 = 0.636, b = 0.1 + 0.01·5.8 = 0.158, loss 7.845.
  await expect(now).toHaveText('Step 1: w = 0.636, b = 0.158, ∂L/∂w = −12.1, ∂L/∂b = −5.14, loss L = 7.845.');
  await expect(host.locator('.gdz-table tr:not([hidden])')).toHaveCount(3);
  expect((await canvasStats(line)).hash).not.toBe(before[0].hash);
  expect((await canvasStats(surface)).hash).not.toBe(before[1].hash);
  await expect(line).toHaveAttribute('aria-label', /3 data points \(1, 2\) \(2, 4\) \(3, 6\) and the line ŷ = 0\.636·x \+ 0\.158/);
});

test('the table keeps the last ten steps up to the shown one', async ({ page }) => {
  await page.goto('/lessons/training-loop/');
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  await slide(host.locator('.gdz-timeline input[type=range]').nth(1), 25);
  const rows = host.locator('.gdz-table tr:not([hidden])');
  await expect(rows).toHaveCount(11);
  await expect(rows.nth(1).locator('td').first()).toHaveText('16');
  await expect(rows.nth(10).locator('td').first()).toHaveText('25');
  await expect(host.locator('caption')).toHaveText('Steps 16 to 25 of 3000 (the CSV has every step)');
});

test('dragging a point refits, and the link remembers it', async ({ page }) => {
  await page.goto('/lessons/training-loop/');
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  const line = host.locator('canvas').first();
  const surface = host.locator('canvas').nth(1);
  const before = await canvasStats(surface);
  await line.scrollIntoViewIfNeeded();
  const from = await pagePoint(line, [3, 6]);
  const to = await pagePoint(line, [3, 3]);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  const option = host.locator('select option').nth(2);
  await expect(option).toHaveText(/^3 \((2\.9\d|3(\.0\d)?), (2\.9\d|3(\.0\d)?)\)$/);
  await expect(host.locator('.gdz-readout')).not.toContainText('9.91');
  expect((await canvasStats(surface)).hash).not.toBe(before.hash);
  // The link is written once the reader pauses: wait until it holds the point and
  // stops changing (two reads half a second apart agree).
  let last = '';
  await expect.poll(() => {
    const u = page.url();
    const settled = u === last && u.includes('regression1.points=');
    last = u;
    return settled;
  }, { intervals: [500] }).toBe(true);
  const dragged = await option.textContent();
  // The link restores the dragged point.
  await page.goto(page.url());
  await mounted(host);
  await expect(host.locator('select option').nth(2)).toHaveText(dragged);
  await expect(host.locator('.gdz-notice')).toBeHidden();
});

test('touch: a finger drags a point', async ({ page }) => {
  await page.goto('/lessons/training-loop/');
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  const line = host.locator('canvas').first();
  const from = await pagePoint(line, [1, 2]);
  const to = await pagePoint(line, [1, 5]);
  await line.evaluate((c, [a, b]) => {
    const at = (p) => ({
      bubbles: true, cancelable: true, pointerId: 7, pointerType: 'touch', isPrimary: true,
      clientX: p.x, clientY: p.y,
    });
    c.dispatchEvent(new PointerEvent('pointerdown', at(a)));
    c.dispatchEvent(new PointerEvent('pointermove', at(b)));
    c.dispatchEvent(new PointerEvent('pointerup', at(b)));
  }, [from, to]);
  await expect(host.locator('select option').first()).toHaveText(/^1 \((0\.9\d|1(\.0\d)?), (4\.9\d|5(\.0\d)?)\)$/);
});

test('keyboard: pick a point and move it with the arrow keys', async ({ page }) => {
  await page.goto('/lessons/training-loop/');
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  await host.locator('select').selectOption({ index: 1 });
  const y = host.getByRole('spinbutton', { name: 'y' });
  await expect(y).toHaveValue('4');
  await y.focus();
  await page.keyboard.press('ArrowUp');
  await expect(y).toHaveValue('4.1');
  // Residuals −1.4, −3, −4.4: L = (1.96 + 9 + 19.36)/3.
  await expect(host.locator('.gdz-readout')).toContainText('loss L = 10.11.');
  await expect(host.locator('select option').nth(1)).toHaveText('2 (2, 4.1)');
  await expect.poll(() => page.url()).toContain('regression1.points=');
  expect(decodeURIComponent(page.url())).toContain('[[1,2],[2,4.1],[3,6]]');
  // The learning rate slider answers to the keyboard too.
  const lr = host.locator('.gdz-controls input[type=range]').first();
  await lr.focus();
  await page.keyboard.press('ArrowRight');
  await expect(host.locator('.gdz-controls output').first()).toHaveText('0.0102');
});

test('a large learning rate diverges and says so', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/lessons/training-loop/');
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  await slide(host.locator('.gdz-controls input[type=range]').first(), 0);
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.locator('.gdz-readout')).toContainText('diverged');
  await expect(host.locator('canvas').nth(1)).toHaveAttribute('aria-label', /diverged/);
  await expect(host).not.toContainText('NaN');
  await expect(host).not.toContainText('undefined');
  await expect.poll(() => page.url()).toContain('regression1.lr=1');
});

test('each widget on a page has its own link settings', async ({ page }) => {
  await page.goto('/lessons/practical-training/?regression2.lr=0.5');
  const hosts = page.locator('gdz-regression');
  await mounted(hosts.nth(1));
  await expect(hosts.nth(0).locator('.gdz-controls output').first()).toHaveText('0.1');
  await expect(hosts.nth(1).locator('.gdz-controls output').first()).toHaveText('0.5');
  // Lesson 14: on the normalized inputs, η = 0.5 takes w to 1.5 and b to 4 in one step.
  await hosts.nth(1).getByRole('button', { name: 'Step' }).click();
  await expect(hosts.nth(1).locator('.gdz-readout')).toContainText('Step 1: w = 1.5, b = 4,');
});

test('hostile link values give a notice and fall back', async ({ page }) => {
  const q = new URLSearchParams({
    'regression1.points': '[[1,2]],foo=<script>alert(1)</script>',
    'regression1.w': 'NaN',
    'regression1.b': '1e308',
    'regression1.lr': '-1',
    'regression1.optimizer': 'adam(lr="><img src=x onerror=alert(2)>)',
    'regression1.steps': '99999999',
  });
  await page.goto(`/lessons/training-loop/?${q}`);
  const host = page.locator('gdz-regression').first();
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  for (const name of ['points', 'w', 'b', 'lr', 'optimizer', 'steps']) {
    await expect(notice).toContainText(`${name} (from the link)`);
  }
  await expect(host.locator('script, img')).toHaveCount(0);
  await expect(host.locator('.gdz-readout')).toHaveText('Step 0: w = 0.5, b = 0.1, ∂L/∂w = −13.6, ∂L/∂b = −5.8, loss L = 9.91.');
});

test('hostile attributes give a notice; the widget still works', async ({ page }) => {
  await page.goto('/lessons/training-loop/');
  await mounted(page.locator('gdz-regression').first());
  await page.evaluate(() => {
    const el = document.createElement('gdz-regression');
    el.id = 'hostile';
    el.setAttribute('points', '<img src=x onerror=alert(1)>');
    el.setAttribute('w', 'Infinity');
    el.setAttribute('optimizer', 'evil');
    el.setAttribute('steps', '-1');
    el.setAttribute('controls', 'points,<b>');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  for (const name of ['points', 'w', 'optimizer', 'steps', 'controls']) {
    await expect(notice).toContainText(`${name}:`);
  }
  await expect(host.locator('img, b, script')).toHaveCount(0);
  await expect(host.locator('.gdz-readout')).toContainText('Step 0: w = 0.5, b = 0.1');
  await expect.poll(async () => (await canvasStats(host.locator('canvas').nth(1))).colours).toBeGreaterThan(200);
  await expect(page.locator('gdz-regression').first().locator('.gdz-notice')).toBeHidden();
});
