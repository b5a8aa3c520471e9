// Hostile links: every page with widgets (the lessons, their labs, the home page and the
// gallery) loaded with a hostile value on every attribute of every widget, as a link
// gives them (`?KEY.ATTR=…`; KEY as src/web/url.rs makes it: the widget's simple id, else
// its name and place among widgets of that name; the attributes as `gdz widgets` lists
// them). Two rounds per page: values every reader must refuse, and extreme values a
// reader may well accept (subnormal, huge, far-off). Either way: no page error or dialog
// (the fixture), every widget drawn (each visible canvas holds more than one colour), no
// "NaN", "Infinity" or "undefined" in a widget's text outside the notice that quotes the
// refused value; in the first round, a notice in every widget.
import { test, expect } from './fixtures.mjs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const widgets = JSON.parse(execFileSync('cargo', ['run', '-q', '--bin', 'gdz', '--', 'widgets'], { encoding: 'utf8' }));
const byName = new Map(widgets.map((w) => [w.name, w]));

/** Every built page that shows a widget: its path and its widgets' keys and names. */
function pages(dir = 'dist', base = '/') {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...pages(p, `${base}${e}/`));
    else if (e === 'index.html') {
      const html = readFileSync(p, 'utf8');
      const seen = new Map();
      const found = [];
      for (const [, name, attrs] of html.matchAll(/<gdz-([a-z-]+)([^>]*)>/g)) {
        if (!byName.has(name)) continue;
        const place = (seen.get(name) || 0) + 1;
        seen.set(name, place);
        const id = /\sid="([^"]*)"/.exec(attrs)?.[1] || '';
        const simple = id && id.length <= 40 && /^[A-Za-z0-9_-]+$/.test(id);
        found.push({ name, key: simple ? id : `${name}${place}` });
      }
      if (found.length) out.push({ path: base, widgets: found });
    }
  }
  return out;
}

// Refused by every reader but free text's, which takes any text up to 4,096 bytes: the
// page's first text attribute gets one byte more, the others markup that must stay text.
// (The whole link stays under the 16 KB a server takes in a request line.)
const REFUSED = [
  'NaN', '1e999', '<img src=x onerror=alert(1)>', '[[[[[[[[[[[[1]]]]]]]]]]]]',
  ';'.repeat(60), '\u202e"\u0000', 'sgd(lr=)', '-inf',
];
const refused = (kind, i, firstText) => {
  if (kind !== 'text') return REFUSED[i % REFUSED.length];
  return firstText ? 'x'.repeat(4097) : '<img src=x onerror=alert(document.domain)>';
};

// Extreme values a reader may accept (or refuse, with a notice): subnormal, huge, far off.
const EXTREME = {
  surface: ['quadratic(a=1e-9, b=1e9)', 'rosenbrock', 'quadratic(a=5e-324, b=1)'],
  optimizer: ['sgd(lr=1e300)', 'adam(lr=1e-300, eps=1e-300)', 'rmsprop(lr=0.01)', 'adam(second_moment=false)'],
  optimizers: ['sgd(lr=1e300); adam(lr=5e-324)', 'rmsprop(lr=0.01); lion(lr=1e6)'],
  schedule: ['onecycle(max_lr=1e-309, total_steps=100)', 'linear(end_factor=1e-47, total_iters=4)'],
  schedules: ['onecycle(max_lr=1e-309, total_steps=100); exponential(gamma=1e-300)', 'cosine(t_max=1, eta_min=1e300)'],
  run_schedules: ['onecycle(max_lr=1e-309, total_steps=100)', 'cosine(t_max=1)'],
  point: ['0,1e-154', '1e6,-1e6', '5e-324,0'],
  points: ['[[1e-300,1e-300],[1e6,-1e6],[5e-324,0]]', '[[0,0],[0,0]]'],
  number: ['1e-300', '1e300', '5e-324', '0'],
  integer: ['0', '1', '100000'],
  numbers: ['179.9,90,4', '-180,5,0.5'],
  words: ['', 'none'],
  controls: ['none', 'play,timeline,tools'],
  text: ['\u202e<b>x</b> a caption &amp; more'],
  data: ['moons(n=1)', 'blobs(n=2, noise=1e300)', 'sine(n=3)'],
  model: ['mlp(layers=[2,1])', 'mlp(layers=[1,1], activation=relu)'],
  each: ['1e-6; 1e6', 'off'],
  stops: ['0: the start | 1000000: far', '0: a'],
};
const extreme = (kind, i) => {
  const vs = EXTREME[kind] || ['0'];
  return vs[i % vs.length];
};

/** The page's address with `value(kind, i)` on every attribute of every widget. */
function link(page, value) {
  const params = [];
  let i = 0;
  let texts = 0;
  for (const w of page.widgets) {
    for (const a of byName.get(w.name).attributes) {
      const first = a.kind === 'text' && texts++ === 0;
      params.push(`${encodeURIComponent(`${w.key}.${a.name}`)}=${encodeURIComponent(value(a.kind, i++, first))}`);
    }
  }
  const url = `${page.path}?${params.join('&')}`;
  expect(url.length, 'a link a server takes').toBeLessThan(16_000);
  return url;
}

/** Every widget of the page: mounted or refused in a notice; drawn; no NaN in its text. */
async function check(page, expected, noticeEverywhere) {
  const hosts = page.locator(expected.widgets.map((w) => `gdz-${w.name}`).join(', '));
  await expect(hosts).toHaveCount(expected.widgets.length);
  for (let i = 0; i < expected.widgets.length; i++) {
    const host = hosts.nth(i);
    await expect(host.locator('canvas, .gdz-error').first()).toBeAttached({ timeout: 15_000 });
  }
  // Two animation frames: widgets draw in the next one.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const report = await hosts.evaluateAll((els) => els.map((el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.gdz-notice, .gdz-field-error, script, style').forEach((n) => n.remove());
    const canvases = [...el.querySelectorAll('canvas')]
      .filter((c) => c.width > 0 && c.height > 0 && c.getClientRects().length > 0)
      .map((c) => {
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        const colours = new Set();
        for (let i = 0; i < data.length && colours.size < 3; i += 4) {
          colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
        }
        return colours.size;
      });
    const notice = el.querySelector('.gdz-notice');
    return {
      tag: el.tagName.toLowerCase(),
      text: copy.textContent,
      canvases,
      notice: !!notice && !notice.hidden && notice.textContent.trim().length > 0,
      failed: !!el.querySelector('.gdz-error'),
    };
  }));
  for (const [i, r] of report.entries()) {
    const who = `${r.tag} (${expected.widgets[i].key})`;
    expect(r.failed, `${who} could not start`).toBe(false);
    expect(r.canvases.length, `${who} shows a canvas`).toBeGreaterThan(0);
    for (const colours of r.canvases) expect(colours, `${who}: a blank canvas`).toBeGreaterThan(1);
    expect(r.text, `${who}'s text`).not.toMatch(/NaN|Infinity|undefined/);
    if (noticeEverywhere) expect(r.notice, `${who} says what it refused`).toBe(true);
  }
}

const all = pages();

test.describe('hostile links', () => {
  test('every page with widgets is found', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(all.some((p) => p.path === '/gallery/')).toBe(true);
  });
  for (const p of all) {
    test(`${p.path}: refused values give notices, and every widget still draws`, async ({ page }) => {
      test.skip(test.info().project.name !== 'desktop', 'one viewport is enough');
      await page.goto(link(p, refused));
      await check(page, p, true);
    });
    test(`${p.path}: extreme values draw without NaN`, async ({ page }) => {
      test.skip(test.info().project.name !== 'desktop', 'one viewport is enough');
      await page.goto(link(p, extreme));
      await check(page, p, false);
    });
  }
});
