import { test, expect, canvasStats, mounted } from './fixtures.mjs';

/** The learning-rate sliders of a playground (one per run). */
const lr = (host) => host.getByRole('slider', { name: /^Learning rate η/ });
/** The surface's heatmap (the first canvas) and the loss-against-step chart. */
const heatmap = (host) => host.locator('canvas').first();
const lossChart = (host) => host.locator('canvas.gdz-loss');
const lossOut = (host) => host.locator('.gdz-loss-out');

/** The home page's playground, once it has mounted. */
async function home(page) {
  await page.goto('/');
  const host = page.locator('gdz-playground').first();
  await mounted(host);
  return host;
}

test('home playground draws a heatmap and a path', async ({ page }) => {
  const host = await home(page);
  const canvas = heatmap(host);
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(50);
  await expect(host.locator('.gdz-readout')).toContainText(/η = 0\.05/);
  await expect(canvas).toHaveAttribute('aria-label', /quadratic/);
});

test('moving the learning-rate slider redraws and updates the read-out', async ({ page }) => {
  const host = await home(page);
  const canvas = heatmap(host);
  const slider = lr(host).first();
  const before = await canvasStats(canvas);
  await slider.focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await expect(host.locator('.gdz-run output').first()).not.toHaveText('0.05');
  const after = await canvasStats(canvas);
  expect(after.hash).not.toBe(before.hash);
});

test('a learning rate past 2/λ_max diverges and says so', async ({ page }) => {
  const host = await home(page);
  // log10(0.5) ≈ −0.3; on ½(x² + 10y²) gradient descent diverges for η > 0.2.
  await lr(host).first().evaluate((el) => {
    el.value = '-0.3';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(host.locator('.gdz-readout')).toContainText(/diverged after step/);
  await expect(host.locator('.gdz-readout')).not.toContainText(/NaN|undefined/);
});

test('hostile attributes give a notice, no markup, and the widget still works', async ({ page }) => {
  await page.goto('/');
  await mounted(page.locator('gdz-playground').first());
  await page.evaluate(() => {
    const el = document.createElement('gdz-playground');
    el.id = 'hostile';
    el.setAttribute('surface', '"><script>window.__pwned=1</script>');
    el.setAttribute('optimizer', 'sgd(lr=<img src=x onerror=window.__pwned=1>)');
    el.setAttribute('start', 'NaN,1e308');
    el.setAttribute('steps', '1e308');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('surface');
  await expect(notice).toContainText('optimizer');
  await expect(notice).toContainText('start');
  await expect(notice).toContainText('steps');
  expect(await host.locator('script, img').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect.poll(async () => (await canvasStats(heatmap(host))).colours).toBeGreaterThan(50);
  // The first widget is untouched.
  await expect(page.locator('gdz-playground').first().locator('.gdz-notice')).toBeHidden();
});

test('a playground with a list of optimizers runs each with its own slider', async ({ page }) => {
  await page.goto('/lessons/momentum/');
  const host = page.locator('gdz-playground[optimizer*=";"]').first();
  await mounted(host);
  await expect(lr(host)).toHaveCount(2);
  await expect(host.locator('.gdz-field input').first()).toHaveValue(/^sgd\(lr=0\.035/);
  await expect(host.locator('.gdz-readout p')).toHaveCount(2);
  await expect(host.locator('.gdz-readout p').nth(0)).toContainText('η = 0.035');
  await expect(host.locator('.gdz-readout p').nth(1)).toContainText('η = 0.035');
  await expect(host.locator('.gdz-notice')).toBeHidden();
  const canvas = heatmap(host);
  const before = await canvasStats(canvas);
  await lr(host).nth(1).evaluate((el) => {
    el.value = '-1';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(host.locator('.gdz-readout p').nth(1)).toContainText('η = 0.1');
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
});

test('clicking the plot moves the start of the run', async ({ page }) => {
  const host = await home(page);
  const canvas = heatmap(host);
  await expect(canvas).toHaveAttribute('aria-label', /paths from \(−1\.5, 1\.2\)/);
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.8, y: box.height * 0.2 } });
  await expect(canvas).not.toHaveAttribute('aria-label', /paths from \(−1\.5, 1\.2\)/);
  // Upper right of the plot: x > 0 and y > 0.
  await expect(canvas).toHaveAttribute('aria-label', /paths from \([0-9.]+, [0-9.]+\)/);
});

test('a shared link restores the playground; hostile link values give a notice', async ({ page }) => {
  await page.goto('/?playground1.optimizer=adam(lr%3D0.1)&playground1.start=1,1&playground1.steps=%22%3E%3Cscript%3Ewindow.__pwned%3D1%3C/script%3E&playground1.noise=NaN');
  const host = page.locator('gdz-playground').first();
  await mounted(host);
  await expect(host.locator('.gdz-readout p').first()).toContainText('adam with η = 0.1');
  await expect(heatmap(host)).toHaveAttribute('aria-label', /paths from \(1, 1\)/);
  const notice = host.locator('.gdz-notice');
  await expect(notice).toContainText('steps (from the link)');
  await expect(notice).toContainText('noise (from the link)');
  expect(await host.locator('script').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('typing an exact spec re-runs, is remembered in the link, and a bad one is explained', async ({ page }) => {
  const host = await home(page);
  const field = host.locator('.gdz-run .gdz-field input').first();
  await field.fill('sgd(lr=0.02, momentum=0.9)');
  await field.press('Tab');
  await expect(host.locator('.gdz-readout p').first()).toContainText('sgd(momentum=0.9) with η = 0.02');
  await expect(host.getByRole('slider', { name: 'momentum' })).toHaveCount(1);
  await expect.poll(() => decodeURIComponent(page.url())).toContain('playground1.optimizer=sgd(lr=0.02, momentum=0.9)');
  await field.fill('sgd(lr=-1');
  await field.press('Tab');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(host.locator('.gdz-field-error').first()).not.toBeEmpty();
  await expect(host.locator('.gdz-readout p').first()).toContainText('sgd(momentum=0.9) with η = 0.02');
  await page.reload();
  await mounted(host);
  await expect(host.locator('.gdz-readout p').first()).toContainText('sgd(momentum=0.9) with η = 0.02');
});

test('the timeline steps through the run and the arrows draw', async ({ page }) => {
  const host = await home(page);
  await host.getByRole('button', { name: 'Reset' }).click();
  await expect(host.locator('.gdz-step')).toHaveText(/^step 0 of \d+$/);
  await host.getByRole('button', { name: 'Step' }).click();
  await expect(host.locator('.gdz-step')).toHaveText(/^step 1 of \d+$/);
  await expect(host.locator('.gdz-readout p').first()).toContainText('Step 1:');
  const canvas = heatmap(host);
  const before = await canvasStats(canvas);
  await host.locator('.gdz-more summary').click();
  await host.getByRole('checkbox', { name: /Arrows/ }).check();
  await expect.poll(async () => (await canvasStats(canvas)).hash).not.toBe(before.hash);
});

/** Adds a playground with `attrs` to the page's main column; returns its locator. */
async function addPlayground(page, id, attrs) {
  await page.evaluate(([id, attrs]) => {
    const el = document.createElement('gdz-playground');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.querySelector('main').append(el);
  }, [id, attrs]);
  const host = page.locator(`#${id}`);
  await mounted(host);
  return host;
}

/** Moves the timeline's scrubber to step `k`, as a reader dragging it would. */
async function scrub(host, k) {
  await host.locator('.gdz-scrub input').evaluate((el, k) => {
    el.value = String(k);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, k);
  await expect(host.locator('.gdz-step')).toHaveText(new RegExp(`^step ${k} of `));
}

/** The step and the first run's loss in the loss read-out. */
async function readLoss(host) {
  const text = await lossOut(host).innerText();
  const m = text.match(/Loss at step (\d+): \S+ η \S+: ([^\s;]+?)(?:;|\.$)/);
  expect(m, text).not.toBeNull();
  return { step: Number(m[1]), loss: m[2], text };
}

test('a playground that answers a prediction tells nothing of its runs till it is run', async ({ page }) => {
  // Lesson 2 asks which of three rates converges before its playground: neither the
  // read-out lines, the loss chart nor the heatmap's label may answer it at step 0.
  await page.goto('/lessons/gradient-descent/');
  const host = page.locator('gdz-playground[reveal="play"]').first();
  await mounted(host);
  const lines = host.locator('.gdz-readout p');
  await expect(host.locator('.gdz-step')).toHaveText('step 0 of 300');
  await expect(lines).toHaveCount(3);
  for (const i of [0, 1, 2]) await expect(lines.nth(i)).toHaveText(/^Not run yet: press Play, Step or move the step slider\. Step 0: \(−1\.5, 1\.2\), loss 8\.325, η 0\.[0-9]+/);
  await expect(host.locator('.gdz-readout')).not.toContainText(/converged|diverged|after 300/);
  await expect(heatmap(host)).toHaveAttribute('aria-label', /Not run yet/);
  await expect(heatmap(host)).not.toHaveAttribute('aria-label', /converged|diverged/);
  // The loss chart keeps its place and says when it fills in, without a line or a scale.
  await expect(lossChart(host)).toBeVisible();
  await expect(lossChart(host)).toHaveAttribute('aria-label', 'The loss curves appear when the runs play.');
  const held = await canvasStats(lossChart(host));
  expect(held.colours).toBeGreaterThan(2);
  // One step: now the outcomes are the reader's to see.
  await host.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(host.locator('.gdz-step')).toHaveText('step 1 of 300');
  await expect(lines.nth(1)).toContainText('sgd with η = 0.18: converged at step 37 of 300');
  await expect(lines.nth(2)).toContainText('diverged after step');
  await expect(heatmap(host)).toHaveAttribute('aria-label', /converged at step 37/);
  await expect(lossChart(host)).toHaveAttribute('aria-label', /^Loss against step, 0 to 300, (log|linear) scale, for 3 runs\.$/);
  await expect.poll(async () => (await canvasStats(lossChart(host))).colours).toBeGreaterThan(3);
  expect((await canvasStats(lossChart(host))).hash).not.toBe(held.hash);
});

test('the loss chart draws, follows the timeline, and the pointer reads the losses the run has', async ({ page }) => {
  const host = await home(page);
  const chart = lossChart(host);
  await expect(chart).toBeVisible();
  await expect.poll(async () => (await canvasStats(chart)).colours).toBeGreaterThan(20);
  await expect(chart).toHaveAttribute('aria-label', /^Loss against step, 0 to \d+, (log|linear) scale/);
  // Without the pointer, the read-out is at the timeline's step: the end.
  await expect(lossOut(host)).toContainText(/Loss at step \d+: sgd η 0\.05: [0-9]/);
  // Scrubbing moves the marker.
  const atEnd = await canvasStats(chart);
  await scrub(host, 5);
  await expect(lossOut(host)).toContainText('Loss at step 5:');
  expect((await canvasStats(chart)).hash).not.toBe(atEnd.hash);

  // The pointer over the chart reads a step; the widget's own read-out agrees once the
  // timeline shows that step.
  const box = await chart.boundingBox();
  await chart.hover({ position: { x: box.width * 0.3, y: box.height / 2 } });
  const hovered = await readLoss(host);
  expect(hovered.step).toBeGreaterThan(5);
  expect(hovered.loss).toMatch(/^[0-9]/);
  await page.mouse.move(0, 0);
  await expect(lossOut(host)).toContainText('Loss at step 5:');
  await scrub(host, hovered.step);
  await expect(host.locator('.gdz-readout p').first())
    .toContainText(`Step ${hovered.step}: (`);
  await expect(host.locator('.gdz-readout p').first())
    .toContainText(`loss ${hovered.loss}, η`);
  expect((await readLoss(host)).loss).toBe(hovered.loss);

  // A click shows the step under the pointer.
  await chart.click({ position: { x: box.width * 0.6, y: box.height / 2 } });
  const clicked = await readLoss(host);
  await expect(host.locator('.gdz-step')).toHaveText(new RegExp(`^step ${clicked.step} of `));
  expect(clicked.step).toBeGreaterThan(hovered.step);
});

test('moving the learning-rate slider redraws the loss chart', async ({ page }) => {
  const host = await home(page);
  const chart = lossChart(host);
  await expect.poll(async () => (await canvasStats(chart)).colours).toBeGreaterThan(20);
  const before = await canvasStats(chart);
  const text = (await readLoss(host)).text;
  await lr(host).first().evaluate((el) => {
    el.value = '-1.5';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(lossOut(host)).not.toHaveText(text);
  await expect(lossOut(host)).toContainText('sgd η 0.0316');
  expect((await canvasStats(chart)).hash).not.toBe(before.hash);
});

test('controls without loss hide the loss chart; with it, it shows', async ({ page }) => {
  await page.goto('/');
  await mounted(page.locator('gdz-playground').first());
  const without = await addPlayground(page, 'noloss', { controls: 'lr,play,timeline' });
  await expect(heatmap(without)).toBeVisible();
  await expect(without.locator('canvas')).toHaveCount(1);
  await expect(lossOut(without)).toHaveCount(0);
  await expect(without.locator('.gdz-notice')).toBeHidden();
  // What the list leaves out is not shown: the Optimizer and Surface boxes, More settings.
  await expect(lr(without).first()).toBeVisible();
  await expect(without.locator('.gdz-field').first()).toBeAttached();
  for (const field of await without.locator('.gdz-field').all()) await expect(field).toBeHidden();
  await expect(without.locator('.gdz-more')).toBeHidden();
  const only = await addPlayground(page, 'onlyloss', { controls: 'loss' });
  await expect(lossChart(only)).toBeVisible();
  await expect.poll(async () => (await canvasStats(lossChart(only))).colours).toBeGreaterThan(20);
  await expect(only.locator('.gdz-notice')).toBeHidden();
});

test('a diverging run stops on the loss chart and reads "diverged"; no NaN anywhere', async ({ page }) => {
  await page.goto('/');
  await mounted(page.locator('gdz-playground').first());
  const host = await addPlayground(page, 'blowup', { optimizer: 'sgd(lr=5); sgd(lr=0.05)' });
  const chart = lossChart(host);
  await expect(lossOut(host)).toContainText(/sgd η 5: diverged/);
  await expect(lossOut(host)).toContainText(/sgd η 0\.05: [0-9]/);
  await expect(chart).toHaveAttribute('aria-label', /log scale/);
  await expect.poll(async () => (await canvasStats(chart)).colours).toBeGreaterThan(20);
  // Before it diverged, the run has losses to read.
  await scrub(host, 1);
  await expect(lossOut(host)).toContainText(/sgd η 5: [0-9]/);
  const bad = /NaN|undefined|Infinity|∞|\binf\b/;
  const texts = await host.evaluate((el) => [el.innerText,
    ...[...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value))]);
  for (const t of texts) expect(t).not.toMatch(bad);
});

test('a surface with losses below zero gets a linear loss axis and draws', async ({ page }) => {
  await page.goto('/');
  await mounted(page.locator('gdz-playground').first());
  const host = await addPlayground(page, 'below', { surface: 'saddle', optimizer: 'sgd(lr=0.01)', start: '1,0.5' });
  const chart = lossChart(host);
  await expect(chart).toHaveAttribute('aria-label', /linear scale/);
  await expect.poll(async () => (await canvasStats(chart)).colours).toBeGreaterThan(20);
  await expect(lossOut(host)).toContainText(/sgd η 0\.01: −[0-9]/);
});

test('a tap on the loss chart reads that step and shows it on the timeline', async ({ page }, info) => {
  test.skip(!info.project.use.hasTouch, 'touch only');
  const host = await home(page);
  const chart = lossChart(host);
  await expect.poll(async () => (await canvasStats(chart)).colours).toBeGreaterThan(20);
  const box = await chart.boundingBox();
  await chart.tap({ position: { x: box.width * 0.4, y: box.height / 2 } });
  const tapped = await readLoss(host);
  expect(tapped.loss).toMatch(/^[0-9]/);
  await expect(host.locator('.gdz-step')).toHaveText(new RegExp(`^step ${tapped.step} of `));
  await expect(host.locator('.gdz-readout p').first()).toContainText(`loss ${tapped.loss}, η`);
});

test('the canvases follow a change of light or dark preference without a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const host = await home(page);
  // The top-left corner of each canvas is margin, filled with the theme's background.
  const corner = (canvas) => canvas.evaluate((c) =>
    [...c.getContext('2d').getImageData(1, 1, 1, 1).data].slice(0, 3));
  for (const canvas of [heatmap(host), lossChart(host)]) {
    expect(Math.min(...(await corner(canvas)))).toBeGreaterThan(200);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const canvas of [heatmap(host), lossChart(host)]) {
    await expect.poll(async () => Math.max(...(await corner(canvas)))).toBeLessThan(60);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  for (const canvas of [heatmap(host), lossChart(host)]) {
    await expect.poll(async () => Math.min(...(await corner(canvas)))).toBeGreaterThan(200);
  }
});
