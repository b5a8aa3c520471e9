import { test, expect, canvasStats, mounted, barePage, revealEnd } from './fixtures.mjs';

// A bare page holding one race: three learning rates of gradient descent on one bowl.
const LESSON = '/test/race.html';
test.beforeEach(async ({ page }) => {
  await barePage(page, `**${LESSON}*`, `<gdz-race surface="quadratic(a=1, b=10)"
    optimizers="sgd(lr=0.01); sgd(lr=0.18); sgd(lr=0.21)" start="-1.5,1.2" steps="300"></gdz-race>`);
});
const rows = (host) => host.locator('tbody tr');

/** Opens the page and lets its race play itself to the end (it does once in view). */
async function open(page, url = LESSON) {
  await page.goto(url);
  const host = page.locator('gdz-race').first();
  await mounted(host);
  await expect(host.locator('.gdz-step')).toHaveText(/^step (\d+) of \1$/, { timeout: 15_000 });
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
  return host;
}

test('race draws every path and ranks the runs in the table', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(50);
  await expect(host.locator('.gdz-notice')).toBeHidden();
  await expect(host.locator('.gdz-legend li')).toHaveCount(3);
  await expect(host.locator('.gdz-legend')).toContainText('sgd(lr=0.21)');
  await expect(host.locator('caption')).toHaveText('Results at step 300 of 300');
  await expect(rows(host)).toHaveCount(3);
  // Sorted by rank: the converged run first, the diverged one last.
  await expect(rows(host).nth(0)).toContainText('sgd(lr=0.18)');
  // The converged-at column has the step; the status says only what happened.
  await expect(rows(host).nth(0).locator('td')).toHaveText(['1', /e−/, '37', 'converged']);
  await expect(rows(host).nth(1)).toContainText('sgd(lr=0.01)');
  await expect(rows(host).nth(1)).toContainText('out of steps');
  await expect(rows(host).nth(2)).toContainText('sgd(lr=0.21)');
  await expect(rows(host).nth(2)).toContainText('diverged');
  await expect(host.locator('table')).not.toContainText(/NaN|undefined|inf/);
  await expect(canvas).toHaveAttribute('aria-label', /quadratic\(a=1, b=10\) from \(−1\.5, 1\.2\), step 300 of 300/);
  await expect(canvas).toHaveAttribute('aria-label', /1\. sgd\(lr=0\.18\): loss [^,]+, converged at 37;/);
});

test('the timeline moves every path and the table with it, by keyboard', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(50);
  const before = await canvasStats(canvas);
  const scrub = host.locator('.gdz-scrub input');
  await scrub.focus();
  await page.keyboard.press('Home');
  await expect(host.locator('caption')).toHaveText('Results at step 0 of 300');
  await expect(rows(host).nth(0)).toContainText('running');
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(host.locator('caption')).toHaveText('Results at step 5 of 300');
  const five = await canvasStats(canvas);
  await host.getByRole('button', { name: 'Step', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(host.locator('caption')).toHaveText('Results at step 6 of 300');
  expect((await canvasStats(canvas)).hash).not.toBe(five.hash);
  // The diverging run is "running" until the step that fails, never NaN.
  await scrub.evaluate((el) => { el.value = '157'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await expect(host.locator('tr', { hasText: 'sgd(lr=0.21)' })).toContainText('running');
  await scrub.evaluate((el) => { el.value = '158'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await expect(host.locator('tr', { hasText: 'sgd(lr=0.21)' })).toContainText('diverged');
  await expect(host.locator('table')).not.toContainText(/NaN/);
});

test('Play runs to the end; reduced motion jumps there', async ({ page }) => {
  const host = await open(page);
  await host.getByRole('button', { name: 'Reset' }).click();
  await expect(host.locator('caption')).toHaveText('Results at step 0 of 300');
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.locator('caption')).toHaveText('Results at step 300 of 300', { timeout: 15_000 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await host.getByRole('button', { name: 'Reset' }).click();
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.locator('caption')).toHaveText('Results at step 300 of 300');
});

test('a race plays itself once, when scrolled into view', async ({ page }) => {
  await barePage(page, '**/test/race-below.html', `<div class="spacer" style="height: 3000px"></div>
    <gdz-race surface="quadratic(a=1, b=10)" optimizers="sgd(lr=0.01); sgd(lr=0.18)" steps="300"></gdz-race>`);
  await page.goto('/test/race-below.html');
  const host = page.locator('gdz-race');
  await mounted(host);
  const step = host.locator('.gdz-step');
  // Out of view it waits, showing the finished race.
  await page.waitForTimeout(500);
  await expect(step).toHaveText('step 300 of 300');
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
  await host.scrollIntoViewIfNeeded();
  await expect(host.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(step).not.toHaveText('step 300 of 300');
  await expect(step).toHaveText('step 300 of 300', { timeout: 15_000 });
  // Once only: scrolled away and back, it stays at the end.
  await page.mouse.wheel(0, -3000);
  await host.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await expect(step).toHaveText('step 300 of 300');
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('the home page race, a journey of one stop, plays itself when in view', async ({ page }) => {
  await page.goto('/');
  const host = page.locator('gdz-race').first();
  await mounted(host);
  await host.scrollIntoViewIfNeeded();
  await expect(host.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(host.locator('.gdz-step')).not.toHaveText(/^step 0 of/);
});

test('with reduced motion a race does not play itself', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(LESSON);
  const host = page.locator('gdz-race');
  await mounted(host);
  await expect(host).toBeInViewport();
  await page.waitForTimeout(500);
  await expect(host.locator('.gdz-step')).toHaveText('step 300 of 300');
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('a race that answers a prediction opens at the start and waits for Play', async ({ page }) => {
  await page.goto('/lessons/lion-and-sophia/');
  const host = page.locator('gdz-race').first();
  await mounted(host);
  await expect(host).toHaveAttribute('reveal', 'play');
  await host.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await expect(host.locator('.gdz-step')).toHaveText(/^step 0 of \d+$/);
  await expect(host.locator('caption')).toHaveText(/^Results at step 0 of/);
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible();
  await host.getByRole('button', { name: 'Play' }).click();
  await expect(host.locator('.gdz-step')).toHaveText(/^step (\d+) of \1$/, { timeout: 15_000 });
});

test('column headers sort the table, with aria-sort', async ({ page }) => {
  const host = await open(page);
  const th = (name) => host.locator('thead th', { hasText: name });
  await expect(th('Rank')).toHaveAttribute('aria-sort', 'ascending');
  await th('Optimizer').getByRole('button').click();
  await expect(th('Optimizer')).toHaveAttribute('aria-sort', 'ascending');
  await expect(th('Rank')).not.toHaveAttribute('aria-sort', /./);
  await expect(rows(host).nth(0)).toContainText('sgd(lr=0.01)');
  await expect(rows(host).nth(2)).toContainText('sgd(lr=0.21)');
  // Again, by keyboard: descending.
  await th('Optimizer').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(th('Optimizer')).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(host).nth(0)).toContainText('sgd(lr=0.21)');
  // By loss: the diverged run (no loss) sorts last.
  await th('Loss').getByRole('button').click();
  await expect(rows(host).nth(0)).toContainText('sgd(lr=0.18)');
  await expect(rows(host).nth(2)).toContainText('sgd(lr=0.21)');
});

test('a click on the plot moves the start and the link keeps it', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(50);
  const before = await canvasStats(canvas);
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.8, y: box.height * 0.2 } });
  await expect(canvas).toHaveAttribute('aria-label', /from \([0-9.]+, [0-9.]+\)/);
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  await expect.poll(() => new URL(page.url()).searchParams.get('race1.start')).toMatch(/^[0-9.]+,[0-9.]+$/);
  const start = new URL(page.url()).searchParams.get('race1.start');
  const label = await canvas.getAttribute('aria-label');
  await page.reload();
  await mounted(host);
  // The race opens on its end, then plays itself once when scrolled into view (about
  // four seconds, longer on a loaded machine) and ends there again: wait for that end.
  await expect(host.locator('.gdz-step')).toHaveText('step 300 of 300', { timeout: 15_000 });
  await expect(host.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 15_000 });
  await expect(canvas).toHaveAttribute('aria-label', label, { timeout: 15_000 });
  expect(label).toContain(`from (${start.replace(',', ', ')})`);
});

test('a shared link restores optimizers, start and steps', async ({ page }) => {
  const q = new URLSearchParams({
    'race1.optimizers': 'adam(lr=0.1); sgd(lr=0.05, momentum=0.9)',
    'race1.start': '1,1',
    'race1.steps': '50',
  });
  const host = await open(page, `${LESSON}?${q}`);
  await expect(host.locator('.gdz-notice')).toBeHidden();
  await expect(host.locator('.gdz-legend li')).toHaveCount(2);
  await expect(host.locator('.gdz-legend')).toContainText('adam(lr=0.1)');
  await expect(rows(host)).toHaveCount(2);
  await expect(host.locator('caption')).toHaveText('Results at step 50 of 50');
  await expect(host.locator('canvas')).toHaveAttribute('aria-label', /from \(1, 1\), step 50 of 50/);
});

test('hostile attributes and link values give a notice, no markup, and a working race', async ({ page }) => {
  const q = new URLSearchParams({
    'hostile.optimizers': '<script>window.__pwned=1</script>',
    'hostile.steps': 'NaN',
  });
  await page.goto(`${LESSON}?${q}`);
  await mounted(page.locator('gdz-race').first());
  await page.evaluate(() => {
    const el = document.createElement('gdz-race');
    el.id = 'hostile';
    el.setAttribute('surface', '"><img src=x onerror=window.__pwned=1>');
    el.setAttribute('optimizers', 'sgd(lr=1e308)');
    el.setAttribute('start', 'NaN,1e308');
    el.setAttribute('steps', '1e308');
    el.setAttribute('controls', "play,'\"><b>x</b>");
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toBeVisible();
  for (const word of ['surface', 'optimizers (from the link)', 'start', 'steps (from the link)', 'controls']) {
    await expect(notice).toContainText(word);
  }
  expect(await host.locator('script, img, b').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect.poll(async () => (await canvasStats(host.locator('canvas'))).colours).toBeGreaterThan(50);
  await expect(host.locator('tbody tr')).toHaveCount(3);
  await expect(host.locator('table')).not.toContainText(/NaN/);
  // The lesson's own race is untouched.
  await expect(page.locator('gdz-race').first().locator('.gdz-notice')).toBeHidden();
});

test('a race without optimizers says so and runs a default set', async ({ page }) => {
  await open(page);
  await page.evaluate(() => {
    const el = document.createElement('gdz-race');
    el.id = 'bare';
    document.querySelector('main').append(el);
  });
  const host = page.locator('#bare');
  await mounted(host);
  await expect(host.locator('.gdz-notice')).toContainText('optimizers');
  await expect(host.locator('tbody tr')).toHaveCount(3);
});

test('on a phone the results table fits its box: no rank column, no sideways scroll', async ({ page }) => {
  for (const [url, width] of [['/lessons/lion-and-sophia/', 390], ['/gallery/', 375]]) {
    await page.setViewportSize({ width, height: 800 });
    let host;
    if (url.startsWith('/lessons/')) {
      // The lesson's race answers a prediction: it waits at step 0 for the reader.
      await page.goto(url);
      host = page.locator('gdz-race').first();
      await mounted(host);
      await revealEnd(host);
    } else {
      host = await open(page, url);
    }
    const table = host.locator('table');
    await expect(table.locator('thead th').first()).toBeHidden();
    await expect(table.locator('thead th', { hasText: 'Status' })).toBeVisible();
    const [scroll, client] = await table.evaluate((t) => [t.scrollWidth, t.clientWidth]);
    expect(scroll, `${url} at ${width} px`).toBeLessThanOrEqual(client);
  }
  // Wider, the rank is back.
  await page.setViewportSize({ width: 900, height: 800 });
  await expect(page.locator('gdz-race thead th').first()).toBeVisible();
});
