// Each page links a stylesheet cut down to the rules its markup and its wasm module can
// use (.ci/css-subset.mjs). This checks the cut against what the page really shows: once
// its widgets have mounted, every `gdz-` class on the page that has a rule in the full
// stylesheets (www/*.css) has that rule in the page's own stylesheet too.
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DIST = 'dist';
const pages = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return pages(p);
    return name.endsWith('.html') ? [p] : [];
  });
const urls = pages(DIST).map((p) => p.slice(DIST.length).replace(/index\.html$/, ''));
const full = ['style.css', 'pages.css', 'widgets.css']
  .map((f) => readFileSync(join('www', f), 'utf8'))
  .join('\n');
const styled = (css, cls) => new RegExp(`\\.${cls}(?![\\w-])`).test(css);

test('there are pages to check', () => {
  expect(urls.length).toBeGreaterThan(10);
});

for (const url of urls) {
  test(`${url}: every class shown has its rules`, async ({ page }) => {
    await page.goto(url);
    // Every widget has built its markup (or shown its notice).
    await page.waitForFunction(() =>
      [...document.querySelectorAll('*')]
        .filter((e) => /^GDZ-/.test(e.tagName) && !/^GDZ-(QUIZ|PREDICT)$/.test(e.tagName))
        .every((e) => e.querySelector('.gdz-widget, .gdz-notice') || e.tagName === 'GDZ-CERTIFICATE'),
    );
    const { classes, css } = await page.evaluate(async () => {
      const classes = new Set();
      for (const e of document.querySelectorAll('[class]')) {
        for (const c of e.classList) if (c.startsWith('gdz-')) classes.add(c);
      }
      const links = [...document.querySelectorAll('link[rel=stylesheet]')];
      const css = (await Promise.all(links.map((l) => fetch(l.href).then((r) => r.text())))).join('\n');
      return { classes: [...classes], css };
    });
    expect(classes.length).toBeGreaterThan(0);
    const missing = classes.filter((c) => styled(full, c) && !styled(css, c));
    expect(missing, `${url} shows classes whose rules its stylesheet left out`).toEqual([]);
  });
}
