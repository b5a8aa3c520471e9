// The core as a JavaScript API: a bare page imports the site's /api.js, calls each
// function, and gets what the `gdz` command line prints as JSON for the same arguments.
import { test, expect } from './fixtures.mjs';
import { execFileSync } from 'node:child_process';
import { serve } from './serve.mjs';

/** What `gdz ARGS…` prints, parsed (built from this tree by cargo if need be). */
function gdz(...args) {
  const out = execFileSync('cargo', ['run', '-q', '--bin', 'gdz', '--', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out);
}

/** The one line `gdz ARGS…` prints on stderr when it refuses them, without `gdz: `. */
function gdzError(...args) {
  try {
    execFileSync('cargo', ['run', '-q', '--bin', 'gdz', '--', ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    expect(e.status).toBe(2);
    return e.stderr.trim().replace(/^gdz: /, '');
  }
  throw new Error(`gdz ${args.join(' ')} should have failed`);
}

/**
 * Asserts that `got` equals `want` key for key and item for item. Numbers may differ in
 * their last bits only: in the browser the wasm takes sin, exp, pow and the rest from
 * JavaScript's Math (README, "Exactness"), natively from the system's libm. Returns how
 * many numbers were compared and how many were bit-identical.
 */
function same(got, want, path = '$', n = { numbers: 0, exact: 0 }) {
  if (typeof want === 'number' && typeof got === 'number') {
    n.numbers++;
    if (got === want) n.exact++;
    else expect(Math.abs(got - want), `${path}: ${got} vs ${want}`)
      .toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(got), Math.abs(want)));
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path} is an array`).toBe(true);
    expect(got.length, `${path}.length`).toBe(want.length);
    want.forEach((w, i) => same(got[i], w, `${path}[${i}]`, n));
  } else if (want !== null && typeof want === 'object') {
    expect(got !== null && typeof got === 'object' && !Array.isArray(got), `${path} is an object`).toBe(true);
    expect(Object.keys(got), `${path}'s keys`).toEqual(Object.keys(want));
    for (const k of Object.keys(want)) same(got[k], want[k], `${path}.${k}`, n);
  } else {
    expect(got, path).toEqual(want);
  }
  return n;
}

/** A bare page with no script of its own, at `url` (relative to `base`). */
async function barePage(page, base, url) {
  await page.route(`${base}${url}`, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API</title>'
      + '<link rel="icon" href="data:,"></head><body><main><h1>Numbers</h1></main></body></html>',
  }));
  await page.goto(`${base}${url}`);
}

/** Imports `api` in the page and runs each call in `calls` ([name, options]). */
function callAll(page, api, calls) {
  return page.evaluate(async ({ api, calls }) => {
    const m = await import(api);
    return calls.map(([name, options]) => {
      try {
        return { ok: options === undefined ? m[name]() : m[name](options) };
      } catch (e) {
        return { error: e instanceof Error ? e.message : `not an Error: ${e}` };
      }
    });
  }, { api, calls });
}

// Each row: the API's call, and the CLI's arguments for the same thing.
const CASES = [
  ['trace', { surface: 'quadratic(a=1, b=10)', optimizer: 'sgd(lr=0.1)', start: [1, 1], steps: 20 },
    ['trace', '--surface', 'quadratic(a=1, b=10)', '--optimizer', 'sgd(lr=0.1)', '--start', '1,1', '--steps', '20']],
  ['trace', {
    surface: 'rosenbrock', optimizer: 'adam(lr=0.05)', start: [-1.5, 2], steps: 300,
    schedule: 'cosine(t_max=300)', clipNorm: 5, clipValue: 2, noise: 0.3, batch: 4, seed: 11, tol: 1e-3,
  }, ['trace', '--surface', 'rosenbrock', '--optimizer', 'adam(lr=0.05)', '--start=-1.5,2', '--steps', '300',
    '--schedule', 'cosine(t_max=300)', '--clip-norm', '5', '--clip-value', '2', '--noise', '0.3',
    '--batch', '4', '--seed', '11', '--tol', '1e-3']],
  // Diverges at once: the start's loss overflows, and the infinite loss is null in both.
  ['trace', { surface: 'rosenbrock', optimizer: 'sgd', start: [1e200, 1e200], steps: 5 },
    ['trace', '--surface', 'rosenbrock', '--optimizer', 'sgd', '--start', '1e200,1e200', '--steps', '5']],
  ['trace', { surface: 'quartic', optimizer: 'nadam(lr=0.05)', start: [-1] },
    ['trace', '--surface', 'quartic', '--optimizer', 'nadam(lr=0.05)', '--start=-1']],
  ['schedule', { schedule: 'onecycle(max_lr=1, total_steps=50)', lr: 0.1, steps: 50, momentum: 0.85 },
    ['schedule', '--schedule', 'onecycle(max_lr=1, total_steps=50)', '--lr', '0.1', '--steps', '50', '--momentum', '0.85']],
  ['schedule', { schedule: 'warmup_cosine(warmup_steps=10, total_steps=100)', lr: 0.1, steps: 100 },
    ['schedule', '--schedule', 'warmup_cosine(warmup_steps=10, total_steps=100)', '--lr', '0.1', '--steps', '100']],
  ['race', { surface: 'rosenbrock', optimizers: 'sgd(lr=1e-3); adam(lr=0.05); sgd(lr=1); lion(lr=0.01)', start: [-1.5, 2], steps: 500 },
    ['race', '--surface', 'rosenbrock', '--optimizers', 'sgd(lr=1e-3); adam(lr=0.05); sgd(lr=1); lion(lr=0.01)', '--start=-1.5,2', '--steps', '500']],
];

test.describe('api.js', () => {
  test('every function returns what the CLI prints for the same arguments', async ({ page, baseURL }) => {
    await barePage(page, baseURL, '/test/api.html');
    const calls = [...CASES.map(([name, options]) => [name, options]),
      ['surfaces'], ['optimizers'], ['schedules']];
    const got = await callAll(page, '/api.js', calls);
    const list = gdz('list');
    const wants = [...CASES.map(([, , args]) => gdz(...args)), list.surfaces, list.optimizers, list.schedules];
    const total = { numbers: 0, exact: 0 };
    got.forEach((g, i) => {
      expect(g.error, `${calls[i][0]} #${i} threw`).toBeUndefined();
      const n = same(g.ok, wants[i], `${calls[i][0]} #${i}`);
      total.numbers += n.numbers;
      total.exact += n.exact;
    });
    console.log(`api.js vs gdz: ${total.exact} of ${total.numbers} numbers bit-identical`);
    // The cases are not empty: thousands of numbers were compared.
    expect(total.numbers).toBeGreaterThan(2000);
    const diverged = got[2].ok;
    expect(diverged.status).toBe('diverged');
    expect(diverged.loss).toEqual([null]);
    expect(got[6].ok.entries.map((e) => e.rank).sort()).toEqual([1, 2, 3, 4]);
  });

  test('bad input throws the core message, the one the CLI prints', async ({ page, baseURL }) => {
    await barePage(page, baseURL, '/test/api-errors.html');
    const got = await callAll(page, '/api.js', [
      ['trace', { surface: 'rosenbrock', optimizer: 'adam(lr=-1)' }],
      ['race', { surface: 'volcano', optimizers: 'sgd' }],
      ['schedule', { schedule: 'cosine', lr: 0.1, steps: 10 }],
      ['trace', { surface: 'rosenbrock', optimizer: 'sgd', steps: 100001 }],
      ['trace', { surface: 'rosenbrock', optimizer: 'sgd', clip_norm: 1 }],
    ]);
    const cli = [
      gdzError('trace', '--surface', 'rosenbrock', '--optimizer', 'adam(lr=-1)'),
      gdzError('race', '--surface', 'volcano', '--optimizers', 'sgd'),
      gdzError('schedule', '--schedule', 'cosine', '--lr', '0.1', '--steps', '10'),
      gdzError('trace', '--surface', 'rosenbrock', '--optimizer', 'sgd', '--steps', '100001'),
    ];
    expect(cli[0]).toBe('adam: lr = -1 is out of range; allowed: 0 ≤ lr');
    expect(got.slice(0, 4).map((r) => r.error)).toEqual(cli);
    expect(got[4].error).toMatch(/^trace: unknown parameter clip_norm; allowed: surface, optimizer, .*clipNorm/);
  });

  test('api.js works under a sub-path, from another page, and beside embed.js', async ({ page }) => {
    // The same build served under /zoo/: api.js finds the module relative to itself.
    const server = await serve('dist', { prefix: '/zoo/' });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      await barePage(page, base, '/zoo/test/api.html');
      // Imported twice (and embed.js alongside): one module, initialised once.
      const r = await page.evaluate(async () => {
        const embed = import('/zoo/embed.js');
        const [a, b] = await Promise.all([import('/zoo/api.js'), import('/zoo/api.js')]);
        await embed;
        return {
          same: a === b && a.trace === b.trace,
          loss: a.trace({ surface: 'quadratic(a=1, b=10)', optimizer: 'sgd(lr=0.1)', start: [1, 1], steps: 1 }).loss,
          names: a.optimizers().map((o) => o.name),
          elements: !!customElements.get('gdz-race'),
        };
      });
      expect(r.same).toBe(true);
      expect(r.loss).toEqual([5.5, 0.405]);
      expect(r.names).toContain('adam');
      expect(r.elements, 'the full module defines the widget elements').toBe(true);
    } finally {
      server.close();
    }
  });
});
