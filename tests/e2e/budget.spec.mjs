// The weight budget: a page with every asset it loads must stay within 110 KB gzipped.
// This measures bytes, not time, so it cannot flake.
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';

const DIST = 'dist';
const BUDGET = 110 * 1024;

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return pages(p);
    return name.endsWith('.html') ? [p] : [];
  });
}

const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Local files a page loads: stylesheets, scripts, preloads, icons, the wasm. */
function assets(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/['"](\/[^'"\s]+\.(?:js|wasm))['"]/g)) urls.add(m[1]);
  const files = [...urls]
    .filter((u) => u.startsWith('/') && !u.startsWith('//') && /\.(js|wasm|css|svg)$/.test(u))
    .map((u) => join(DIST, u));
  // Modules the scripts import in turn (wasm-bindgen's snippets).
  for (const f of files.filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import\()\s*['"](\.\/[^'"]+)['"]/g)) {
      files.push(join(dirname(f), m[1]));
    }
  }
  return [...new Set(files)];
}

// The gallery shows every widget at once and loads the full module; it is the embedding
// documentation, not a lesson, so it is reported but not held to the lesson budget.
const REPORT_ONLY = ['dist/gallery/index.html'];

const all = pages(DIST);

test('the site has pages to weigh', () => {
  expect(all.length).toBeGreaterThan(10);
});

for (const page of all) {
  test(`${page} with all its assets is at most 110 KB gzipped`, () => {
    const html = readFileSync(page, 'utf8');
    const files = assets(html);
    expect(files.some((f) => f.endsWith('.wasm')), `${page} loads the wasm`).toBeTruthy();
    expect(files.some((f) => f.includes('snippets')), `${page} counts imported modules`).toBeTruthy();
    const total = gz(page) + files.reduce((sum, f) => sum + gz(f), 0);
    console.log(`${(total / 1024).toFixed(1)} KB  ${page}`);
    if (REPORT_ONLY.includes(page)) return;
    expect(total, `${page}: ${(total / 1024).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(BUDGET);
  });
}
