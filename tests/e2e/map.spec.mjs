import { test, expect, canvasStats, mounted } from './fixtures.mjs';
import AxeBuilder from '@axe-core/playwright';

const MOMENTUM_LAB = '/lessons/momentum/lab/';
const GD_LAB = '/lessons/gradient-descent/lab/';
// The gallery's map (64×64, lr × momentum on quadratic(a=1, b=25)) is linked to the
// gallery's playground (id "play"); lesson labs show maps alone, within their budget.
const GALLERY = '/gallery/';
const FIELD = '#play input[data-name=optimizer]';

async function open(page, url) {
  await page.goto(url);
  const host = page.locator('gdz-map').first();
  await mounted(host);
  // The whole map computed (coarse to fine, a chunk per frame).
  await expect(host.locator('.gdz-map-progress')).toHaveText(/cells of 300 steps each, computed in \d+ ms\./, { timeout: 30000 });
  return host;
}

/** The read-out's numbers for the cursor cell: { lr, momentum, status }. */
async function cursorCell(host) {
  const text = await host.locator('.gdz-readout').textContent();
  const m = /^lr = ([^,:]+)(?:, momentum = ([^:]+))?: (converged|diverged|not converged)/.exec(text);
  expect(m, text).not.toBeNull();
  const num = (s) => Number(s.replace('−', '-'));
  return { lr: num(m[1]), momentum: m[2] === undefined ? 0 : num(m[2]), status: m[3], text };
}

/**
 * Walks the cursor along its whole row from the left edge; checks each cell against
 * heavy ball's region on a quadratic with this λ_max, lr < 2(1 + μ)/λ_max: inside it
 * no run diverges (far inside, a run may still be on its way after 300 steps), clearly
 * outside every run diverges. Returns how many cells were checked, and how many of
 * those inside converged.
 */
async function checkRow(page, host, cols, lambdaMax) {
  await page.keyboard.press('Home');
  let checked = 0;
  let converged = 0;
  for (let c = 0; c < cols; c++) {
    const cell = await cursorCell(host);
    const limit = (2 * (1 + cell.momentum)) / lambdaMax;
    if (cell.lr < 0.9 * limit) {
      expect(cell.status, cell.text).not.toBe('diverged');
      checked++;
      if (cell.status === 'converged') converged++;
    } else if (cell.lr > 1.1 * limit) {
      expect(cell.status, cell.text).toBe('diverged');
      checked++;
    }
    await page.keyboard.press('ArrowRight');
  }
  // Just inside the line the runs do converge within the steps.
  expect(converged).toBeGreaterThan(3);
  return checked;
}

test('the momentum map draws, and its cells agree with the drawn region', async ({ page }) => {
  // Three rows of 64 cells, read one key press at a time.
  test.setTimeout(120000);
  const host = await open(page, MOMENTUM_LAB);
  const canvas = host.locator('canvas').first();
  expect((await canvasStats(canvas)).colours).toBeGreaterThan(30);
  await expect(canvas).toHaveAttribute('aria-label', /Convergence map of sgd over lr and momentum on quadratic\(a=1, b=50\): \d+ converged, \d+ diverged/);
  await expect(canvas).toHaveAttribute('aria-label', /λ_max = 50/);
  await expect(host.locator('.gdz-notice')).toBeHidden();
  await canvas.focus();
  // The cursor starts mid-map (row 32 of 64: momentum ≈ 0.503); check that row, then
  // the bottom row (momentum 0) and one near the top.
  let checked = await checkRow(page, host, 64, 50);
  for (let i = 0; i < 32; i++) await page.keyboard.press('ArrowDown');
  expect((await cursorCell(host)).momentum).toBe(0);
  checked += await checkRow(page, host, 64, 50);
  for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowUp');
  expect((await cursorCell(host)).momentum).toBeGreaterThan(0.85);
  checked += await checkRow(page, host, 64, 50);
  expect(checked).toBeGreaterThan(150);
});

test('hovering a cell reads it out; clicking loads it into the linked playground', async ({ page }) => {
  const host = await open(page, GALLERY);
  await host.scrollIntoViewIfNeeded();
  const canvas = host.locator('canvas').first();
  const box = await canvas.boundingBox();
  const out = host.locator('.gdz-readout');
  await canvas.hover({ position: { x: box.width * 0.3, y: box.height * 0.5 } });
  await expect(out).toHaveText(/^lr = [\d.e−]+, momentum = [\d.]+: (converged at step \d+|not converged within 300 steps)/);
  const before = await out.textContent();
  await canvas.hover({ position: { x: box.width * 0.6, y: box.height * 0.3 } });
  await expect(out).not.toHaveText(before);
  const hovered = await cursorCell(host);
  await canvas.click({ position: { x: box.width * 0.6, y: box.height * 0.3 } });
  const field = page.locator(FIELD).first();
  await expect(field).toHaveValue(/^sgd\(lr=[\d.e-]+, momentum=[\d.e-]+\)$/);
  const spec = await field.inputValue();
  const [, lr, mu] = /lr=([\d.e-]+), momentum=([\d.e-]+)/.exec(spec);
  expect(Number(lr)).toBeCloseTo(hovered.lr, 3);
  expect(Number(mu)).toBeCloseTo(hovered.momentum, 3);
  await expect(out).toHaveText(`Loaded ${spec} into the linked widget.`);
  // The playground ran the new setting: its run's read-out names it.
  await expect(page.locator('#play .gdz-readout')).toContainText(`sgd(momentum=${mu}) with η = ${lr}:`);
});

test('a map linked to a race races the clicked cell against the marked setting', async ({ page }) => {
  await page.goto(GALLERY);
  // A race and a small map linked to it, added to the page (a widget added later mounts
  // at once).
  await page.evaluate(() => {
    const race = document.createElement('gdz-race');
    race.id = 'maprace';
    race.setAttribute('surface', 'rosenbrock');
    race.setAttribute('optimizers', 'adam');
    const map = document.createElement('gdz-map');
    map.id = 'linkedmap';
    for (const [k, v] of Object.entries({
      surface: 'quadratic(a=1, b=25)', optimizer: 'sgd(lr=0.03, momentum=0.5)', x: 'lr',
      x_range: '0.001,1', y: 'momentum', y_range: '0,0.99', cells: '8', steps: '100', for: 'maprace',
      start: '-1.5,1.2',
    })) map.setAttribute(k, v);
    document.querySelector('main').append(map, race);
  });
  const host = page.locator('#linkedmap');
  await expect(host.locator('.gdz-map-progress')).toHaveText(/computed in \d+ ms\./, { timeout: 30000 });
  const legend = page.locator('#maprace .gdz-legend code');
  await expect(legend).toHaveText(['adam']);
  await host.scrollIntoViewIfNeeded();
  const canvas = host.locator('canvas').first();
  await canvas.focus();
  await page.keyboard.press('Enter');
  // The race now runs two: the map's marked setting, then the cursor cell's.
  await expect(legend).toHaveCount(2);
  await expect(legend.first()).toHaveText('sgd(lr=0.03, momentum=0.5)');
  const cell = await legend.nth(1).textContent();
  expect(cell).toMatch(/^sgd\(lr=[\d.e-]+, momentum=[\d.e-]+\)$/);
  await expect(host.locator('.gdz-readout')).toHaveText(`Racing ${cell} against the marked sgd(lr=0.03, momentum=0.5).`);
  // On the map's surface, from its start, for its steps.
  const race = page.locator('#maprace');
  await expect(race).toHaveAttribute('surface', 'quadratic(a=1, b=25)');
  await expect(race).toHaveAttribute('start', '-1.5,1.2');
  await expect(race.locator('.gdz-step')).toHaveText(/ of 100$/);
  await expect(page.locator('#maprace canvas').first()).toBeVisible();
});

test('the keyboard moves the cursor and Enter loads its cell', async ({ page }) => {
  const host = await open(page, GALLERY);
  await host.scrollIntoViewIfNeeded();
  const canvas = host.locator('canvas').first();
  await canvas.focus();
  const start = await cursorCell(host);
  const before = (await canvasStats(canvas)).hash;
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  const moved = await cursorCell(host);
  expect(moved.lr).toBeLessThan(start.lr);
  expect(moved.momentum).toBeGreaterThan(start.momentum);
  expect((await canvasStats(canvas)).hash).not.toBe(before);
  await page.keyboard.press('Enter');
  const field = page.locator(FIELD).first();
  await expect(field).toHaveValue(/^sgd\(lr=/);
  const spec = await field.inputValue();
  const [, lr, mu] = /lr=([\d.e-]+), momentum=([\d.e-]+)/.exec(spec);
  expect(Number(lr)).toBeCloseTo(moved.lr, 3);
  expect(Number(mu)).toBeCloseTo(moved.momentum, 3);
});

test('the learning-rate map of lesson 2 agrees with 2/λ_max', async ({ page }) => {
  const host = await open(page, GD_LAB);
  const canvas = host.locator('canvas').first();
  expect((await canvasStats(canvas)).colours).toBeGreaterThan(30);
  await canvas.focus();
  // The per-direction chart follows the cursor: one curve per eigen-direction.
  const note = host.locator('.gdz-map-note');
  await expect(note).toHaveText(/^sgd\(lr=0\.1018\): blue along λ_min = 1, orange along λ_max = 10; 300 steps\.$/);
  const chart = host.locator('canvas').nth(1);
  const drawn = (await canvasStats(chart)).hash;
  const checked = await checkRow(page, host, 128, 10);
  expect(checked).toBeGreaterThan(100);
  await expect(note).not.toHaveText(/lr=0\.1018\)/);
  expect((await canvasStats(chart)).hash).not.toBe(drawn);
  // The metric button recolours the map by the final loss.
  const before = (await canvasStats(canvas)).hash;
  await host.getByRole('button', { name: /Colour by/ }).click();
  await expect(host.getByRole('button', { name: /Colour by/ })).toHaveText('Colour by: final loss');
  expect((await canvasStats(canvas)).hash).not.toBe(before);
});

for (const url of [GD_LAB, MOMENTUM_LAB, '/lessons/adam/lab/', '/lessons/lion-and-sophia/lab/']) {
  test(`the map lab ${url} computes its maps with no console error or axe violation`, async ({ page }) => {
    // Two maps of optimizers without a structure-of-arrays kernel take a while in a
    // development build.
    test.setTimeout(180000);
    await page.goto(url);
    const maps = page.locator('gdz-map');
    const n = await maps.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      await expect(maps.nth(i).locator('.gdz-map-progress')).toHaveText(/computed in \d+ ms\./, { timeout: 80000 });
      await expect(maps.nth(i).locator('.gdz-notice')).toBeHidden();
    }
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
