import { test, expect, canvasStats, mounted, toolsPage, downloadCsv, revealEnd } from './fixtures.mjs';

/** Sets a range input to `value` as a reader dragging it would. */
async function slide(input, value) {
  await input.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** The read-out of ball `i` (0 plain, 1 momentum): its table column, cells joined by ` | `. */
function column(host, i) {
  return host.locator('.gdz-table').evaluate(
    (t, i) => [...t.rows].map((r) => r.cells[i + 1]?.textContent ?? '').join(' | '),
    i,
  );
}

/** Waits until ball `i`'s read-out contains `text`. */
async function shows(host, i, text) {
  await expect.poll(() => column(host, i)).toContain(text);
}

test('draws both balls and reads them out', async ({ page }) => {
  await page.goto('/lessons/gradient-descent/lab-2/');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(20);
  // lr 0.01 from 0.5, momentum 0: both balls reach 9/4.
  await shows(host, 0, 'plain');
  await shows(host, 0, '2.25');
  await shows(host, 0, 'converged');
  await shows(host, 1, 'momentum, μ = 0');
  await shows(host, 1, 'converged');
  await expect(canvas).toHaveAttribute('aria-label', /quartic.*Step 300 of 300.*plain ball: x = 2\.25/);
  await expect(host.locator('.gdz-notice')).toBeHidden();
});

test('the learning rate slider reaches the slow, oscillating and diverging regimes', async ({ page }) => {
  await page.goto('/lessons/gradient-descent/lab-2/');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  const canvas = host.locator('canvas');
  const lr = host.locator('.gdz-controls input[type=range]').nth(0);
  const before = await canvasStats(canvas);
  // η = 0.001: slow, still short of the minimum after 300 steps.
  await slide(lr, -3);
  await expect(host.locator('.gdz-controls output').first()).toHaveText('0.001');
  await shows(host, 0, 'out of steps');
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  // η = 0.1, just above 2/f''(9/4): hops between about 2.15 and 2.34 for ever.
  await slide(lr, -1);
  await shows(host, 0, '2.148');
  await shows(host, 0, 'out of steps');
  // η = 2: gone within three steps; shown as diverged, never as NaN.
  await slide(lr, 0.3);
  await shows(host, 0, 'diverged');
  await shows(host, 1, 'diverged');
  await expect(canvas).toHaveAttribute('aria-label', /plain ball: x = —, loss —, diverged/);
  await expect(host).not.toContainText('NaN');
  await expect(host).not.toContainText('undefined');
  // Scrub back to step 2: the ball is far off the plot, drawn as an arrow on the edge.
  const scrub = host.locator('.gdz-timeline input[type=range]').nth(1);
  await slide(scrub, 2);
  await shows(host, 0, '−220');
  await shows(host, 0, 'rolling');
});

test('the momentum and start sliders rerun the momentum ball', async ({ page }) => {
  await page.goto('/lessons/momentum/');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  // Lesson 4's ball answers a prediction: it opens at the start until the reader runs it.
  await shows(host, 0, '−1');
  await revealEnd(host);
  // Lesson 4: from −1 the plain ball stalls near the flat point; μ = 0.9 crosses it.
  await shows(host, 0, '−0.0337');
  await shows(host, 1, 'converged');
  const sliders = host.locator('.gdz-controls input[type=range]');
  await slide(sliders.nth(2), 0.5);
  await shows(host, 1, 'momentum, μ = 0.5');
  await shows(host, 1, '−0.01686');
  await shows(host, 0, '−0.0337');
  await slide(sliders.nth(1), 3);
  await shows(host, 0, 'converged');
  // The change is written to the link.
  await expect.poll(() => page.url()).toContain('ball1.start=3');
  expect(page.url()).toContain('ball1.momentum=0.5');
});

test('a shared link restores the settings', async ({ page }) => {
  await page.goto('/lessons/momentum/?ball1.lr=0.1&ball1.start=0.5&ball1.momentum=0');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  const outs = host.locator('.gdz-controls output');
  await expect(outs.nth(0)).toHaveText('0.1');
  await expect(outs.nth(1)).toHaveText('0.5');
  await expect(outs.nth(2)).toHaveText('0');
  await revealEnd(host);
  await shows(host, 0, '2.148');
  await shows(host, 1, '2.148');
});

test('hostile link values give a notice and fall back', async ({ page }) => {
  const q = new URLSearchParams({
    'ball1.lr': '<script>alert(1)</script>',
    'ball1.start': '1e308',
    'ball1.momentum': 'NaN',
    'ball1.surface': '"><img src=x onerror=alert(2)>',
    'ball1.steps': '1e308',
  });
  await page.goto(`/lessons/momentum/?${q}`);
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toBeVisible();
  for (const name of ['lr', 'start', 'momentum', 'surface', 'steps']) {
    await expect(notice).toContainText(`${name} (from the link)`);
  }
  await expect(host.locator('script, img')).toHaveCount(0);
  // The defaults of the page's tag are used.
  await revealEnd(host);
  await shows(host, 1, 'converged');
  await expect.poll(async () => (await canvasStats(host.locator('canvas'))).colours).toBeGreaterThan(20);
});

test('hostile attributes give a notice; the widget still works', async ({ page }) => {
  await page.goto('/lessons/momentum/');
  await mounted(page.locator('gdz-ball').first());
  await page.evaluate(() => {
    const el = document.createElement('gdz-ball');
    el.id = 'hostile';
    el.setAttribute('surface', 'rosenbrock');
    el.setAttribute('lr', '1e308');
    el.setAttribute('start', '<img src=x onerror=alert(1)>');
    el.setAttribute('momentum', '1');
    el.setAttribute('steps', '0');
    el.setAttribute('controls', 'lr,"><b>x</b>');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  for (const name of ['surface', 'lr', 'start', 'momentum', 'steps', 'controls']) {
    await expect(notice).toContainText(`${name}:`);
  }
  await expect(notice).toContainText('not a 1-D curve');
  await expect(host.locator('img, b, script')).toHaveCount(0);
  await shows(host, 0, 'converged');
  // The first widget on the page is untouched.
  await expect(page.locator('gdz-ball').first().locator('.gdz-notice')).toBeHidden();
});

test('keyboard: sliders and step buttons', async ({ page }) => {
  await page.goto('/lessons/gradient-descent/lab-2/');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  const lr = host.locator('.gdz-controls input[type=range]').nth(0);
  await lr.focus();
  await page.keyboard.press('ArrowRight');
  await expect(host.locator('.gdz-controls output').first()).toHaveText('0.0102');
  await host.getByRole('button', { name: 'Reset' }).focus();
  await page.keyboard.press('Enter');
  await expect(host.locator('.gdz-step')).toHaveText('step 0 of 300');
  await shows(host, 0, 'rolling');
  await host.getByRole('button', { name: 'Step' }).focus();
  await page.keyboard.press(' ');
  await expect(host.locator('.gdz-step')).toHaveText('step 1 of 300');
  await expect(host.locator('canvas')).toHaveAttribute('aria-label', /Step 1 of 300/);
});

test('Play runs both balls to the end', async ({ page }) => {
  await page.goto('/lessons/momentum/');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  await host.getByRole('button', { name: 'Reset' }).click();
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(host.locator('.gdz-step')).toHaveText('step 300 of 300', { timeout: 15_000 });
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('reduced motion: Play jumps to the end', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/lessons/momentum/');
  const host = page.locator('gdz-ball').first();
  await mounted(host);
  // The ball answers a prediction, so it opens at the start; Play shows the end at once.
  await expect(host.locator('.gdz-step')).toHaveText('step 0 of 300');
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.locator('.gdz-step')).toHaveText('step 300 of 300');
  await shows(host, 1, 'converged');
});

test('CSV holds every step exactly', async ({ page }) => {
  const host = await toolsPage(page, `<gdz-ball surface="quartic" lr="0.01" start="-1" momentum="0.9" steps="300"></gdz-ball>`);
  const text = await downloadCsv(host);
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('step,plain_x,plain_velocity,plain_loss,momentum_x,momentum_velocity,momentum_loss');
  expect(lines).toHaveLength(302);
  // Step 1 from −1: f'(−1) = −13, so both balls move to −1 + 0.01·13 = −0.87.
  expect(lines[2].split(',')[1]).toBe('-0.87');
  expect(lines[2].split(',')[5]).toBe('-13');
});
