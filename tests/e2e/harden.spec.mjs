// The crashes and silent failures of issue 18, as a reader meets them: crafted links
// whose charts span a subnormal range, read-outs that said NaN or ∞, links written back
// too long or with the host page's parameters rewritten, progress in two tabs, and
// progress that could not be saved.
import { test, expect, canvasStats, mounted } from './fixtures.mjs';

const KEY = 'gdz.progress.v1';
const BAD = /NaN|Infinity|undefined|∞/;

/** Waits until the page's address holds `part` and stops changing. */
async function settledUrl(page, part) {
  let last = '';
  await expect.poll(() => {
    const u = page.url();
    const settled = u === last && u.includes(part);
    last = u;
    return settled;
  }, { intervals: [400] }).toBe(true);
  return page.url();
}

test.describe('crafted links draw their charts', () => {
  test('a start 1e-154 away from the minimum: a loss range of 1e-308', async ({ page }) => {
    await page.goto('/?playground1.start=0,1e-154');
    const host = page.locator('gdz-playground').first();
    await mounted(host);
    await expect(host.locator('.gdz-notice')).toBeHidden();
    for (const c of await host.locator('canvas').all()) {
      if (await c.isVisible()) await expect.poll(async () => (await canvasStats(c)).colours).toBeGreaterThan(2);
    }
    await expect(host.locator('.gdz-readout')).not.toContainText(BAD);
  });

  test('a one-cycle schedule peaking at 1e-309 (subnormal)', async ({ page }) => {
    await page.goto(`/lessons/schedules/?schedules1.schedules=${encodeURIComponent('onecycle(max_lr=1e-309, total_steps=100)')}`);
    const host = page.locator('gdz-schedules').first();
    await mounted(host);
    await expect(host.locator('.gdz-notice')).toBeHidden();
    await expect.poll(async () => (await canvasStats(host.locator('canvas'))).colours).toBeGreaterThan(10);
    await expect(host.locator('.gdz-sched-list li')).toHaveCount(1);
    await expect(host).not.toContainText(BAD);
  });

  test('schedules that overflowed or went negative are refused or stay finite', async ({ page }) => {
    const list = 'exponential(gamma=1e308); linear(end_factor=1e-47, total_iters=4)';
    await page.goto(`/lessons/schedules/?schedules1.schedules=${encodeURIComponent(list)}&schedules1.steps=8`);
    const host = page.locator('gdz-schedules').first();
    await mounted(host);
    // γ > 1 is refused by name, with its allowed range.
    await expect(host.locator('.gdz-notice')).toContainText(/gamma = 1e308 is out of range; allowed: 0 ≤ gamma ≤ 1/);
    await page.goto(`/lessons/schedules/?schedules1.schedules=${encodeURIComponent('linear(end_factor=1e-47, total_iters=4)')}&schedules1.steps=8`);
    await mounted(host);
    await expect(host.locator('.gdz-notice')).toBeHidden();
    await expect(host).not.toContainText(BAD);
    // The rate at the last step is 0, not a hair below it.
    await host.locator('.gdz-controls input[type=range]').evaluate((el) => {
      el.value = el.max;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect(host.locator('canvas')).toHaveAttribute('aria-label', /At step 8:/);
    await expect(host.locator('.gdz-sched-list li output').first()).toHaveText('0');
  });

  test('RMSProp from a start with no gradient in x: no NaN in the explanation', async ({ page }) => {
    await page.goto(`/lessons/rmsprop/?anatomy1.optimizer=${encodeURIComponent('rmsprop(lr=0.01)')}&anatomy1.start=0,1`);
    const host = page.locator('gdz-anatomy').first();
    await mounted(host);
    await host.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(host.locator('.gdz-readout').first()).toContainText('g/(√v + ε) is 0 and');
    await expect(host).not.toContainText(BAD);
  });
});

test.describe('links written back', () => {
  test("the host page's own parameters keep their text", async ({ page }) => {
    await page.goto('/?flag&a=b+c&x=%7E');
    const host = page.locator('gdz-playground').first();
    await mounted(host);
    await host.getByRole('slider', { name: /^Learning rate/ }).first().evaluate((el) => {
      el.value = String((Number(el.min) + Number(el.max)) / 2);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const url = await settledUrl(page, 'playground1.optimizer=');
    expect(url).toMatch(/\?flag&a=b\+c&x=%7E&playground1\.optimizer=/);
  });

  test('200 points of 1e-300 are written back within the limit and read back', async ({ page }) => {
    const pts = `[${Array(200).fill('[1e-300,-1e-300]').join(',')}]`;
    expect(pts.length).toBeLessThanOrEqual(4096);
    await page.goto(`/lessons/training-loop/?regression1.points=${encodeURIComponent(pts)}`);
    const host = page.locator('gdz-regression').first();
    await mounted(host);
    await expect(host.locator('.gdz-notice')).toBeHidden();
    await expect(host.locator('select option')).toHaveCount(200);
    // Move the first point: the widget writes every point back to the link.
    await host.locator('.gdz-points input').first().evaluate((el) => {
      el.value = '0.5';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // The link already holds the points: wait for the moved one (written once the reader
    // pauses), not just for the parameter.
    const url = await settledUrl(page, `regression1.points=${encodeURIComponent('[[0.5,')}`);
    const written = new URL(url).searchParams.get('regression1.points');
    expect(written.length).toBeLessThanOrEqual(4096);
    expect(written).toContain('1e-300');
    await page.goto(url);
    await mounted(host);
    await expect(host.locator('.gdz-notice')).toBeHidden();
    await expect(host.locator('select option')).toHaveCount(200);
    await expect(host.locator('select option').first()).toHaveText(/^1 \(0\.5, /);
  });
});

test.describe('progress', () => {
  /** A lesson page once the wasm has wired it. */
  async function lesson(page, url) {
    await page.goto(url);
    await expect(page.locator('progress.gdz-progress')).toHaveAttribute('aria-valuetext', /lessons completed/);
  }
  const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) || 'null'), KEY);

  test('two tabs: each sees the other change, and neither overwrites the other', async ({ context }) => {
    const [a, b] = [await context.newPage(), await context.newPage()];
    await lesson(a, '/lessons/momentum/');
    await lesson(b, '/lessons/adam/');
    await a.locator('button.gdz-complete').click();
    // Tab b hears of it at once.
    await expect(b.locator('progress.gdz-progress')).toHaveAttribute('value', '1');
    await b.locator('button.gdz-complete').click();
    await expect(a.locator('progress.gdz-progress')).toHaveAttribute('value', '2');
    expect((await stored(a)).done.sort()).toEqual(['adam', 'momentum']);
    // An answer in a, an undo in b: both kept.
    const quiz = a.locator('gdz-quiz').first();
    const quizId = await quiz.getAttribute('id');
    await quiz.locator('.gdz-answer label').first().click();
    await b.locator('button.gdz-complete').click();
    await expect(a.locator('progress.gdz-progress')).toHaveAttribute('value', '1');
    const s = await stored(b);
    expect(s.done).toEqual(['momentum']);
    expect(Object.keys(s.quiz)).toEqual([`momentum/${quizId}`]);
  });

  test('a change is made to what storage holds, not to what the page loaded', async ({ page: b }) => {
    await lesson(b, '/lessons/adam/');
    // Storage changed behind tab b's back: a script in b itself writes it, and a page is
    // not sent the storage events of its own writes.
    await b.evaluate((k) => localStorage.setItem(k, '{"version":1,"done":["nesterov"],"quiz":{}}'), KEY);
    await b.locator('button.gdz-complete').click();
    expect((await stored(b)).done.sort()).toEqual(['adam', 'nesterov']);
  });

  test('progress that cannot be saved says so, and the notice goes once it can', async ({ page }) => {
    await page.addInitScript(() => {
      window.__gdzSetItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function setItem() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await lesson(page, '/lessons/momentum/');
    const button = page.locator('button.gdz-complete');
    await button.click();
    await expect(page.locator('progress.gdz-progress')).toHaveAttribute('value', '1');
    const notice = page.locator('#gdz-save-error');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText('could not be saved');
    // Beside the button the reader used.
    expect(await notice.evaluate((n) => n.previousElementSibling?.classList.contains('gdz-complete'))).toBe(true);
    // A quick-check answer that cannot be saved moves the notice beside that quiz.
    const quiz = page.locator('gdz-quiz').first();
    await quiz.locator('.gdz-answer label').first().click();
    await expect(quiz.locator('#gdz-save-error')).toBeVisible();
    await expect(page.locator('#gdz-save-error')).toHaveCount(1);
    // Storage works again: the next save removes the notice.
    await page.evaluate(() => { Storage.prototype.setItem = window.__gdzSetItem; });
    await button.click();
    await expect(page.locator('#gdz-save-error')).toHaveCount(0);
    expect((await stored(page)).done).toEqual([]);
  });
});
