import { test, expect, canvasStats, mounted, toolsPage, downloadCsv } from './fixtures.mjs';

const PAGE = '/lessons/loss-landscapes/';

/** Sends pointer events to the canvas as a finger or mouse would. */
async function pointers(canvas, steps) {
  await canvas.evaluate((c, steps) => {
    const r = c.getBoundingClientRect();
    for (const [type, id, x, y] of steps) {
      c.dispatchEvent(new PointerEvent(type, {
        pointerId: id, pointerType: 'touch', isPrimary: id === 1, bubbles: true,
        clientX: r.left + x * r.width, clientY: r.top + y * r.height,
      }));
    }
  }, steps);
}

test('draws the surface in 3-D with the runs and their outcomes', async ({ page }) => {
  await page.goto(PAGE);
  const host = page.locator('gdz-landscape');
  await mounted(host);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(100);
  await expect(canvas).toHaveAttribute('aria-label', /3-D surface of himmelblau .* turned −35°, tilted 35°, zoom 1×/);
  await expect(canvas).toHaveAttribute('tabindex', '0');
  const lines = host.locator('.gdz-readout p');
  await expect(lines).toHaveCount(3);
  // The lesson's prose: from (0, 0) gradient descent and Adam reach (3, 2), momentum
  // the basin at about (3.58, −1.85).
  await expect(lines.nth(0)).toContainText('ended at (3, 2)');
  await expect(lines.nth(1)).toContainText('ended at (3.584, −1.848)');
  await expect(lines.nth(2)).toContainText('adam with η = 0.1');
  await expect(lines.nth(2)).toContainText('ended at (3, 2)');
  await expect(host.locator('.gdz-notice')).toBeHidden();
});

test('dragging turns it, pinching and the wheel zoom it, and the view goes in the URL', async ({ page }) => {
  await page.goto(PAGE);
  const host = page.locator('gdz-landscape');
  await mounted(host);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(100);
  const before = await canvasStats(canvas);
  await pointers(canvas, [
    ['pointerdown', 1, 0.5, 0.5], ['pointermove', 1, 0.6, 0.45], ['pointermove', 1, 0.7, 0.4],
    ['pointerup', 1, 0.7, 0.4],
  ]);
  await expect(canvas).not.toHaveAttribute('aria-label', /turned −35°, tilted 35°/);
  const turned = await canvasStats(canvas);
  expect(turned.hash).not.toBe(before.hash);
  // Two fingers moving apart zoom in.
  await pointers(canvas, [
    ['pointerdown', 1, 0.45, 0.5], ['pointerdown', 2, 0.55, 0.5],
    ['pointermove', 2, 0.65, 0.5], ['pointerup', 1, 0.45, 0.5], ['pointerup', 2, 0.65, 0.5],
  ]);
  // Client positions are whole pixels, so the ratio is about 2.
  await expect(canvas).toHaveAttribute('aria-label', /zoom (1\.9\d*|2|2\.0\d*)×/);
  await canvas.dispatchEvent('wheel', { deltaY: 200 });
  // e^(−0.3) ≈ 0.74 of about 2.
  await expect(canvas).toHaveAttribute('aria-label', /zoom 1\.(4[5-9]|5[0-4])\d*×/);
  await expect.poll(() => new URL(page.url()).searchParams.get('landscape1.view')).toMatch(/^-?[0-9.]+,[0-9.]+,1\.(4[5-9]|5[0-4]?)$/);
  expect((await canvasStats(canvas)).hash).not.toBe(turned.hash);
});

test('arrow keys turn and tilt, + and − zoom, Reset view goes back', async ({ page }) => {
  await page.goto(PAGE);
  const host = page.locator('gdz-landscape');
  await mounted(host);
  const canvas = host.locator('canvas');
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  await expect(canvas).toHaveAttribute('aria-label', /turned −25°, tilted 40°, zoom 1×/);
  await page.keyboard.press('+');
  await expect(canvas).toHaveAttribute('aria-label', /zoom 1\.2×/);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(canvas).toHaveAttribute('aria-label', /zoom 0\.8333×/);
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
  await expect(canvas).toHaveAttribute('aria-label', /tilted 5°/);
  await expect.poll(() => new URL(page.url()).searchParams.get('landscape1.view')).toBe('-25,5,0.83');
  await host.getByRole('button', { name: 'Reset view' }).click();
  await expect(canvas).toHaveAttribute('aria-label', /turned −35°, tilted 35°, zoom 1×/);
  // Other keys are left to the page.
  await canvas.focus();
  await page.keyboard.press('Tab');
  await expect(canvas).not.toBeFocused();
});

test('a shared link restores the view and the surface', async ({ page }) => {
  await page.goto(`${PAGE}?landscape1.view=60,70,1.5&landscape1.surface=rosenbrock&landscape1.start=-1.5,2`);
  const host = page.locator('gdz-landscape');
  await mounted(host);
  const canvas = host.locator('canvas');
  await expect(canvas).toHaveAttribute('aria-label', /of rosenbrock .* turned 60°, tilted 70°, zoom 1\.5×\. Runs from \(−1\.5, 2\)/);
  await expect(host.locator('select')).toHaveValue('rosenbrock');
  await expect(host.locator('.gdz-notice')).toBeHidden();
});

test('choosing another surface redraws it and records it in the URL', async ({ page }) => {
  await page.goto(PAGE);
  const host = page.locator('gdz-landscape');
  await mounted(host);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(100);
  const before = await canvasStats(canvas);
  await host.locator('select').selectOption('rastrigin');
  await expect(canvas).toHaveAttribute('aria-label', /of rastrigin/);
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  await expect.poll(() => new URL(page.url()).searchParams.get('landscape1.surface')).toBe('rastrigin');
  await expect(host.locator('.gdz-readout')).not.toContainText(/NaN|undefined/);
});

test('the CSV holds every point of every run', async ({ page }) => {
  const host = await toolsPage(page, `<gdz-landscape surface="himmelblau" optimizers="sgd(lr=0.01); sgd(lr=0.01, momentum=0.9); adam(lr=0.1)" start="0,0" steps="500"></gdz-landscape>`);
  const text = await downloadCsv(host);
  const rows = text.trim().split('\n');
  expect(rows[0]).toBe('run,optimizer,step,x,y,loss');
  expect(rows[1]).toBe('1,"sgd(lr=0.01)",0,0,0,170');
  expect(rows.some((r) => r.startsWith('3,"adam(lr=0.1)",'))).toBe(true);
});

test('hostile attributes and link values give a notice, no markup, and it still draws', async ({ page }) => {
  await page.goto(`${PAGE}?landscape1.view=NaN,1e308,%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E`);
  const first = page.locator('gdz-landscape').first();
  await mounted(first);
  await expect(first.locator('.gdz-notice')).toContainText('view (from the link)');
  await expect(first.locator('canvas')).toHaveAttribute('aria-label', /turned −35°, tilted 35°/);
  await page.evaluate(() => {
    const el = document.createElement('gdz-landscape');
    el.id = 'hostile';
    el.setAttribute('surface', '"><script>window.__pwned=1</script>');
    el.setAttribute('optimizers', 'sgd(lr=<img src=x onerror=window.__pwned=1>)');
    el.setAttribute('start', 'NaN,1e308');
    el.setAttribute('steps', '1e308');
    el.setAttribute('view', "0,'45',x");
    el.setAttribute('controls', 'tools,<b>');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  for (const name of ['surface', 'optimizers', 'start', 'steps', 'view', 'controls']) {
    await expect(notice).toContainText(name);
  }
  expect(await host.locator('script, img, b').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect.poll(async () => (await canvasStats(host.locator('canvas'))).colours).toBeGreaterThan(100);
  await expect(host.locator('canvas')).toHaveAttribute('aria-label', /of himmelblau/);
});

test('an embed can hide the controls', async ({ page }) => {
  await page.goto(PAGE);
  await mounted(page.locator('gdz-landscape').first());
  await page.evaluate(() => {
    const el = document.createElement('gdz-landscape');
    el.id = 'bare';
    el.setAttribute('surface', 'saddle');
    el.setAttribute('optimizers', 'adam(lr=0.05)');
    el.setAttribute('controls', 'view');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#bare');
  await mounted(host);
  await expect(host.getByRole('button', { name: 'Reset view' })).toBeVisible();
  await expect(host.locator('select')).toBeHidden();
  await expect(host.getByRole('button', { name: 'CSV' })).toHaveCount(0);
  await expect(host.locator('.gdz-notice')).toBeHidden();
});
