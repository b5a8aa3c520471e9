import { test, expect, canvasStats, mounted } from './fixtures.mjs';

const LESSON = '/lessons/schedules/';
const rows = (host) => host.locator('.gdz-sched-list li');
const value = (host, i) => rows(host).nth(i).locator('output');

async function open(page, url = LESSON) {
  await page.goto(url);
  const host = page.locator('gdz-schedules').first();
  await mounted(host);
  return host;
}

test('every schedule of the lesson is drawn, with its rate at step 0', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(20);
  await expect(host.locator('.gdz-notice')).toBeHidden();
  await expect(rows(host)).toHaveCount(10);
  // The numbers the lesson quotes: warmups and one-cycle start below 0.1.
  await expect(value(host, 0)).toHaveText('0.1');
  await expect(value(host, 7)).toHaveText('0.004');
  await expect(value(host, 8)).toHaveText('0.001');
  await expect(value(host, 9)).toHaveText('0.001');
  await expect(canvas).toHaveAttribute('aria-label', /0 to 200, base rate 0\.1\. At step 0: constant 0\.1;/);
  // The lesson starts multi-step, exponential and cyclic switched off (off="3,4,7").
  for (const i of [2, 3, 6]) {
    await expect(rows(host).nth(i).locator('input[type=checkbox]')).not.toBeChecked();
    await expect(value(host, i)).toHaveText('off');
  }
  await rows(host).nth(6).locator('input[type=checkbox]').check();
  await expect(value(host, 6)).toHaveText('0.01');
});

test('the step slider reads every rate at one step, by keyboard', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(20);
  const before = await canvasStats(canvas);
  const slider = host.locator('.gdz-controls input[type=range]');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(host.locator('.gdz-controls output')).toHaveText('200');
  await expect(value(host, 1)).toHaveText('1e−4'); // 0.1 · 0.1³ after three steps of 60
  await expect(value(host, 4)).toHaveText('0'); // cosine(t_max=200) ends at eta_min
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  await slider.evaluate((el) => { el.value = '50'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await expect(value(host, 5)).toHaveText('0.1'); // SGDR restarts at step 50
  await page.keyboard.press('ArrowLeft');
  await expect(host.locator('.gdz-controls output')).toHaveText('49');
  await expect(value(host, 5)).toHaveText('9.866e−5');
  await expect(canvas).toHaveAttribute('aria-label', /At step 49:/);
});

test('the pointer over the chart moves the read-out', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  const box = await canvas.boundingBox();
  await canvas.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
  await expect(host.locator('.gdz-controls output')).not.toHaveText('0');
  const step = Number(await host.locator('.gdz-controls input[type=range]').inputValue());
  expect(step).toBeGreaterThan(90);
  expect(step).toBeLessThan(140);
  await expect(canvas).toHaveAttribute('aria-label', new RegExp(`At step ${step}:`));
});

test('a checkbox hides a schedule and the link remembers it', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(20);
  const before = await canvasStats(canvas);
  const box = rows(host).nth(0).locator('input[type=checkbox]');
  await box.focus();
  await page.keyboard.press('Space');
  await expect(box).not.toBeChecked();
  await expect(value(host, 0)).toHaveText('off');
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  // Exponential starts off in the lesson: switching it on is remembered too.
  await rows(host).nth(3).locator('input[type=checkbox]').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('schedules1.off')).toBe('1,3,7');
  await page.reload();
  await mounted(host);
  await expect(rows(host).nth(0).locator('input[type=checkbox]')).not.toBeChecked();
  await expect(rows(host).nth(3).locator('input[type=checkbox]')).toBeChecked();
  await expect(rows(host).nth(1).locator('input[type=checkbox]')).toBeChecked();
  // With every schedule on, the link says so and a reload keeps them all on.
  for (const i of [0, 2, 6]) await rows(host).nth(i).locator('input[type=checkbox]').check();
  await expect.poll(() => new URL(page.url()).searchParams.get('schedules1.off')).toBe('');
  await page.reload();
  await mounted(host);
  await expect(host.locator('.gdz-sched-list input[type=checkbox]:checked')).toHaveCount(10);
});

test('editing a spec redraws; a bad one says why and keeps the last good curve', async ({ page }) => {
  const host = await open(page);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(20);
  const field = rows(host).nth(1).locator('input[type=text]');
  const msg = rows(host).nth(1).locator('.gdz-msg');
  const before = await canvasStats(canvas);
  await field.fill('step(step_size=0)');
  await expect(msg).not.toBeEmpty();
  await expect(msg).toContainText('step_size');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect((await canvasStats(canvas)).hash).toBe(before.hash);
  await field.fill('plateau');
  await expect(msg).toContainText('plateau');
  await field.fill('<img src=x onerror=window.__pwned=1>');
  await expect(msg).not.toBeEmpty();
  expect(await host.locator('img').count()).toBe(0);
  await field.fill('step(step_size=20, gamma=0.5)');
  await expect(msg).toBeEmpty();
  await expect(field).not.toHaveAttribute('aria-invalid', /./);
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  await expect.poll(() => new URL(page.url()).searchParams.get('schedules1.schedules') || '')
    .toContain('step(step_size=20, gamma=0.5)');
  await page.reload();
  await mounted(host);
  await expect(rows(host).nth(1).locator('input[type=text]')).toHaveValue('step(step_size=20, gamma=0.5)');
  await expect(rows(host)).toHaveCount(10);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('a shared link restores schedules, base rate and steps', async ({ page }) => {
  const q = new URLSearchParams({
    'schedules1.schedules': 'cosine(t_max=50); exponential(gamma=0.9)',
    'schedules1.lr': '0.5',
    'schedules1.steps': '50',
  });
  const host = await open(page, `${LESSON}?${q}`);
  await expect(host.locator('.gdz-notice')).toBeHidden();
  await expect(rows(host)).toHaveCount(2);
  await expect(value(host, 0)).toHaveText('0.5');
  await host.locator('.gdz-controls input[type=range]').focus();
  await page.keyboard.press('End');
  await expect(host.locator('.gdz-controls output')).toHaveText('50');
  await expect(value(host, 0)).toHaveText('0');
  await expect(value(host, 1)).toHaveText('0.002577'); // 0.5 · 0.9^50
});

test('hostile attributes and link values give a notice, no markup, and a working chart', async ({ page }) => {
  const q = new URLSearchParams({ 'hostile.lr': '1e308', 'hostile.off': '"><script>window.__pwned=1</script>' });
  await page.goto(`${LESSON}?${q}`);
  await mounted(page.locator('gdz-schedules').first());
  await page.evaluate(() => {
    const el = document.createElement('gdz-schedules');
    el.id = 'hostile';
    el.setAttribute('schedules', '<script>window.__pwned=1</script>; constant');
    el.setAttribute('steps', 'NaN');
    el.setAttribute('controls', 'step,"><b>x</b>');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toBeVisible();
  for (const word of ['lr (from the link)', 'steps', 'schedules', 'off (from the link)', 'controls']) {
    await expect(notice).toContainText(word);
  }
  expect(await host.locator('script, img, b').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // The default set, fitted to 100 steps at 0.1.
  await expect(rows(host)).toHaveCount(5);
  await expect(value(host, 0)).toHaveText('0.1');
  await expect.poll(async () => (await canvasStats(host.locator('canvas'))).colours).toBeGreaterThan(20);
  await expect(page.locator('gdz-schedules').first().locator('.gdz-notice')).toBeHidden();
});

test('a lesson module without schedules answers a schedule in a link with a notice', async ({ page }) => {
  // The momentum lesson gives none of its widgets a schedule, so its module has only
  // `constant`: a linked schedule is refused with words that say why and where it works.
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/lessons/momentum/?playground1.schedule=${encodeURIComponent('cosine(t_max=100)')}`);
  const host = page.locator('gdz-playground').first();
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('schedules are not built into this page');
  // The widget keeps working with its constant rate.
  await expect.poll(async () => (await canvasStats(host.locator('canvas').first())).colours).toBeGreaterThan(50);
  await expect(host.locator('.gdz-readout')).toContainText(/η = /);
  expect(errors).toEqual([]);
});
