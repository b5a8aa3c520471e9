// Every limit of the widget schema in the browser, case for case as the lesson checker
// judged it. The cases and the checker's verdicts come from tests/schema_limits.rs (run
// here first, so they always match this tree's schema): for each widget, one bare page
// holds one element per case; a value within the limits mounts with no notice, a value
// past them mounts with the default and the checker's own message in its notice.
import { test, expect } from './fixtures.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

execFileSync('cargo', ['test', '-q', '--test', 'schema_limits'], { stdio: 'pipe' });
const { cases } = JSON.parse(readFileSync('target/schema-limits/cases.json', 'utf8'));

const byWidget = new Map();
for (const c of cases) {
  if (!byWidget.has(c.tag)) byWidget.set(c.tag, []);
  byWidget.get(c.tag).push(c);
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The element of case `c`, numbered `i`. */
function element(c, i) {
  const attrs = [[c.attr, c.value], ...Object.entries(c.context)]
    .map(([k, v]) => ` ${k}="${escape(v)}"`).join('');
  return `<${c.tag} data-case="${i}"${attrs}></${c.tag}>`;
}

test.describe('schema limits', () => {
  test('there are cases for every widget', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(byWidget.size).toBeGreaterThanOrEqual(8);
  });

  for (const [tag, list] of byWidget) {
    test(`${tag}: ${list.length} limit cases agree with the lesson checker`, async ({ page }) => {
      const url = `/test/limits-${tag}.html`;
      await page.route(`**${url}`, (route) => route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Limits</title>
          <link rel="icon" href="data:,"><style>${tag} { display: block; width: 360px; }</style>
          </head><body><main><h1>Limits</h1><script type="module" src="/embed.js"></script>
          ${list.map(element).join('\n')}</main></body></html>`,
      }));
      await page.goto(url);
      const defined = await page.evaluate(async (t) => {
        await import('/embed.js');
        return !!customElements.get(t);
      }, tag);
      if (!defined) console.log(`skipped: the full module registers no <${tag}> element`);
      test.skip(!defined, `the full module registers no <${tag}> element`);

      const hosts = page.locator(`${tag}[data-case]`);
      await expect(hosts).toHaveCount(list.length);
      // The elements mount one per task once defined (a slice trains its network first);
      // wait until each has its box.
      await expect.poll(() => hosts.evaluateAll((els) =>
        els.filter((e) => !e.querySelector(':scope > .gdz-widget, .gdz-error')).length), { timeout: 25000 }).toBe(0);
      const seen = await hosts.evaluateAll((els) => els.map((e) => {
        const notice = e.querySelector('.gdz-widget > .gdz-notice');
        return {
          i: Number(e.dataset.case),
          error: e.querySelector('.gdz-error')?.textContent ?? null,
          canvas: !!e.querySelector('canvas'),
          noticeShown: !!notice && !notice.hidden,
          notice: notice?.textContent ?? '',
        };
      }));
      const wrong = [];
      for (const s of seen) {
        const c = list[s.i];
        const name = `${c.what} (${c.value.length > 40 ? `${c.value.slice(0, 20)}…` : c.value})`;
        if (s.error) wrong.push(`${name}: could not start: ${s.error}`);
        else if (!s.canvas) wrong.push(`${name}: no canvas`);
        else if (c.inside && s.noticeShown) wrong.push(`${name}: refused within the limits: ${s.notice}`);
        else if (!c.inside) {
          const want = `${c.attr}: ${c.message}; using the default.`;
          if (!s.noticeShown) wrong.push(`${name}: accepted past the limit`);
          else if (!s.notice.includes(want)) wrong.push(`${name}: notice "${s.notice}", checker "${want}"`);
        }
      }
      expect(wrong, `${tag}: cases where the page and the lesson checker disagree`).toEqual([]);
      // Not a vacuous pass: both kinds of case were on the page.
      expect(seen.filter((s) => s.noticeShown).length).toBe(list.filter((c) => !c.inside).length);
    });
  }
});
