import { test, expect, canvasStats, mounted, toolsPage, downloadCsv } from './fixtures.mjs';

/** The x and y cells of the table row named `name`. */
function row(host, name) {
  return host.locator('tbody tr').filter({ has: host.page().locator(`th:text-is("${name}")`) }).locator('td');
}

test('Adam laid open: one step moves each coordinate by η', async ({ page }) => {
  await page.goto('/lessons/adam/');
  const host = page.locator('gdz-anatomy');
  await mounted(host);
  const canvas = host.locator('canvas');
  await expect.poll(async () => (await canvasStats(canvas)).colours).toBeGreaterThan(50);
  await expect(host.locator('.gdz-notice')).toBeHidden();
  await expect(host.locator('.gdz-title')).toHaveText('adam(lr=0.05) on quadratic(a=1, b=25)');
  await expect(row(host, 'θ')).toHaveText(['−1.5', '1.2']);
  await expect(row(host, 'step Δθ')).toHaveText(['–', '–']);
  const before = await canvasStats(canvas);
  await host.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(host.locator('.gdz-step')).toHaveText('step 1 of 100');
  await expect(row(host, 'g')).toHaveText(['−1.5', '30']);
  await expect(row(host, 'm')).toHaveText(['−0.15', '3']);
  await expect(row(host, '1 − β₁ᵗ')).toHaveText(['0.1', '0.1']);
  await expect(row(host, 'm̂')).toHaveText(['−1.5', '30']);
  await expect(row(host, 'v̂')).toHaveText(['2.25', '900']);
  await expect(row(host, 'step Δθ')).toHaveText(['0.05', '−0.05']);
  await expect(host.locator('.gdz-readout').first()).toContainText('step 1: the step is 0.05 in x and −0.05 in y; √v̂ is 1.5 in x and 30 in y');
  await expect(canvas).toHaveAttribute('aria-label', /step 1 of 100, at \(−1\.45, 1\.15\)/);
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
});

test('switching parts off changes the update, the rows and the URL', async ({ page }) => {
  await page.goto('/lessons/adam/');
  const host = page.locator('gdz-anatomy');
  await mounted(host);
  await host.getByRole('button', { name: 'Step', exact: true }).click();
  const canvas = host.locator('canvas');
  const before = await canvasStats(canvas);
  await host.getByRole('checkbox', { name: 'bias correction' }).uncheck();
  await expect(host.locator('.gdz-title')).toHaveText('adam(lr=0.05, bias_correction=false) on quadratic(a=1, b=25)');
  await expect(row(host, 'step Δθ')).toHaveText(['0.1581', '−0.1581']);
  await expect(host.locator('tbody th')).toHaveText(['θ', 'g', 'm', 'v', 'step Δθ']);
  await expect(host.locator('.gdz-readout').first()).toContainText('3.16× what it would give');
  expect((await canvasStats(canvas)).hash).not.toBe(before.hash);
  await expect.poll(() => new URL(page.url()).searchParams.get('anatomy1.parts')).toBe('m,v');
  // The lesson: by step 10 the run is at about (0.63, −0.62).
  await host.locator('.gdz-scrub input').fill('10');
  await expect(row(host, 'θ')).toHaveText(['0.6265', '−0.6234']);
  await host.getByRole('checkbox', { name: 'bias correction' }).check();
  await host.getByRole('checkbox', { name: 'v', exact: true }).uncheck();
  await host.locator('.gdz-scrub input').fill('1');
  // η·m̂ = η·g: the steep coordinate jumps by 1.5.
  await expect(row(host, 'step Δθ')).toHaveText(['0.075', '−1.5']);
  await host.getByRole('checkbox', { name: 'v', exact: true }).check();
  await host.getByRole('checkbox', { name: 'm', exact: true }).uncheck();
  await expect(host.locator('tbody th')).toHaveText(['θ', 'g', 'v', '1 − β₂ᵗ', 'v̂', 'step Δθ']);
  await expect.poll(() => new URL(page.url()).searchParams.get('anatomy1.parts')).toBe('bias_correction,v');
});

test('a shared link restores the parts', async ({ page }) => {
  await page.goto('/lessons/adam/?anatomy1.parts=m');
  const host = page.locator('gdz-anatomy');
  await mounted(host);
  await expect(host.getByRole('checkbox', { name: 'bias correction' })).not.toBeChecked();
  await expect(host.getByRole('checkbox', { name: 'm', exact: true })).toBeChecked();
  await expect(host.getByRole('checkbox', { name: 'v', exact: true })).not.toBeChecked();
  await expect(host.locator('.gdz-title')).toHaveText('adam(lr=0.05, bias_correction=false, second_moment=false) on quadratic(a=1, b=25)');
  await expect(host.locator('.gdz-notice')).toBeHidden();
});

test('the keyboard drives the steps', async ({ page }) => {
  await page.goto('/lessons/rmsprop/');
  const host = page.locator('gdz-anatomy');
  await mounted(host);
  await host.getByRole('button', { name: 'Step', exact: true }).focus();
  await page.keyboard.press('Enter');
  // The lesson: gradients −1.5 and 120, both coordinates move by 0.1 (ten times η).
  await expect(row(host, 'g')).toHaveText(['−1.5', '120']);
  await expect(row(host, 'step Δθ')).toHaveText(['0.1', '−0.1']);
  await expect(host.locator('.gdz-readout').first()).toContainText('g/(√v + ε) is −10 and 10');
  await host.locator('.gdz-scrub input').focus();
  await page.keyboard.press('ArrowRight');
  await expect(host.locator('.gdz-step')).toHaveText('step 2 of 100');
  await page.keyboard.press('End');
  await expect(host.locator('.gdz-step')).toHaveText('step 100 of 100');
  // RMSProp has no parts to switch.
  await expect(host.locator('.gdz-check')).toHaveCount(3);
  for (const c of await host.locator('.gdz-check').all()) await expect(c).toBeHidden();
});

test('AdaGrad and AdamW pages: the accumulator and the decoupled decay', async ({ page }) => {
  await page.goto('/lessons/adagrad/');
  let host = page.locator('gdz-anatomy');
  await mounted(host);
  await host.locator('.gdz-scrub input').fill('1');
  await expect(row(host, 'step Δθ')).toHaveText(['0.5', '0.5']);
  await host.locator('.gdz-scrub input').fill('10');
  await expect(host.locator('.gdz-readout').first()).toContainText('effective rates η/(√G + ε) are down to 7.88e−4 in x and 0.00162 in y');
  await page.goto('/lessons/adamw/');
  host = page.locator('gdz-anatomy');
  await mounted(host);
  await host.locator('.gdz-scrub input').fill('1');
  await expect(host.locator('tbody th')).toContainText(['decay ηλθ']);
  await expect(row(host, 'decay ηλθ')).toHaveText(['0.0025', '5e−4']);
});

test('the CSV has every step', async ({ page }) => {
  const host = await toolsPage(page, `<gdz-anatomy optimizer="adam(lr=0.05)" surface="quadratic(a=1, b=25)" start="-1.5,1.2" parts="bias_correction,m,v"></gdz-anatomy>`);
  const text = await downloadCsv(host);
  const rows = text.trim().split('\n');
  expect(rows).toHaveLength(101);
  expect(rows[0]).toMatch(/^step,x,y,loss,"g \(x\)","g \(y\)","m \(x\)",.*"step \(y\)"$/);
  expect(rows[1]).toMatch(/^1,-1\.4500000003\d*,1\.1500000000\d*,/);
});

test('hostile attributes and link values give a notice, no markup, and it still draws', async ({ page }) => {
  await page.goto('/lessons/adam/?anatomy1.parts=%3Cscript%3Ewindow.__pwned=1%3C/script%3E');
  const first = page.locator('gdz-anatomy');
  await mounted(first);
  await expect(first.locator('.gdz-notice')).toContainText('parts (from the link)');
  await page.evaluate(() => {
    const el = document.createElement('gdz-anatomy');
    el.id = 'hostile';
    el.setAttribute('surface', '"><script>window.__pwned=1</script>');
    el.setAttribute('start', 'NaN,1e308');
    el.setAttribute('parts', "m,'v'");
    el.setAttribute('controls', 'play,<img src=x onerror=window.__pwned=1>');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#hostile');
  await mounted(host);
  const notice = host.locator('.gdz-notice');
  for (const name of ['optimizer', 'surface', 'start', 'parts', 'controls']) {
    await expect(notice).toContainText(name);
  }
  expect(await host.locator('script, img').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect.poll(async () => (await canvasStats(host.locator('canvas'))).colours).toBeGreaterThan(50);
  await expect(host.locator('.gdz-title')).toHaveText('adam(lr=0.05) on quadratic(a=1, b=25)');
});

test('a diverging run says so and shows no NaN', async ({ page }) => {
  await page.goto('/lessons/adam/');
  await mounted(page.locator('gdz-anatomy'));
  await page.evaluate(() => {
    const el = document.createElement('gdz-anatomy');
    el.id = 'wild';
    el.setAttribute('optimizer', 'sgd(lr=0.5)');
    el.setAttribute('surface', 'quadratic(a=1, b=10)');
    document.querySelector('main').append(el);
  });
  const host = page.locator('#wild');
  await mounted(host);
  await host.locator('.gdz-scrub input').evaluate((el) => {
    el.value = el.max;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(host.locator('.gdz-readout').last()).toContainText('diverged');
  await expect(host).not.toContainText(/NaN|undefined/);
});

test('on a lesson page the table fills its column, level with the plot', async ({ page }) => {
  // The site's rule for lesson tables (a scrolling block with a top margin, inside which
  // the table shrinks to its content) is not the widget's.
  await page.goto('/lessons/adam/');
  const host = page.locator('gdz-anatomy');
  await mounted(host);
  const b = await host.locator('table').evaluate((t) => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, width: r.width }; };
    return { table: box(t), row: box(t.querySelector('tr')), plot: box(t.parentElement.firstElementChild), grid: box(t.parentElement) };
  });
  expect(b.row.width).toBeGreaterThan(b.table.width - 2);
  if (b.table.top < b.plot.bottom) {
    // Beside the plot (a wide page): the same width and the same top.
    expect(Math.abs(b.table.width - b.plot.width)).toBeLessThan(1);
    expect(Math.abs(b.table.top - b.plot.top)).toBeLessThan(1);
  } else {
    // Under it (a phone): the whole width.
    expect(b.table.width).toBeGreaterThan(b.grid.width - 1);
  }
});
