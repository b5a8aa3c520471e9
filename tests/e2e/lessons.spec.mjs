// Lesson pages end to end: every page is clean (no console errors, no axe violations),
// the text reads without JavaScript, quick checks, "Mark complete" and the progress bar,
// hostile storage, copy buttons and the certificate.
import { test, expect } from './fixtures.mjs';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

const KEY = 'gdz.progress.v1';

// The course as the built site describes it: the JSON every page carries, and the
// course map's links and titles.
const home = readFileSync('dist/index.html', 'utf8');
const course = JSON.parse(
  home.match(/<script type="application\/json" id="gdz-lessons">([\s\S]*?)<\/script>/)[1],
);
const unescape = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const lessons = [...home.matchAll(
  /<li class="gdz-course-item" data-lesson="([^"]+)">\s*<a class="gdz-course-link" href="([^"]+)">.*?<span class="gdz-course-name">(.*?)<\/span>/g,
)].map(([, slug, url, title]) => ({ slug, url, title: unescape(title) }));
const slugs = lessons.map((l) => l.slug);
const pages = [
  { name: 'home', url: course.base },
  ...lessons.map((l) => ({ name: `lesson ${l.slug}`, url: l.url })),
  { name: 'certificate', url: course.certificate },
];

/** Waits until the wasm has wired the page (it sets the bar's aria-valuetext). */
async function wired(page) {
  await expect(page.locator('progress.gdz-progress')).toHaveAttribute('aria-valuetext', /lessons completed/);
}

/** Stores `value` as the progress record before any page script runs (first load only,
 * so the page's own writes survive a reload). */
async function seed(page, value) {
  await page.addInitScript(([key, v]) => {
    if (!sessionStorage.getItem('gdz-seeded')) {
      sessionStorage.setItem('gdz-seeded', '1');
      localStorage.setItem(key, v);
    }
  }, [KEY, value]);
}

const record = (done, quiz = {}) => JSON.stringify({ version: 1, done, quiz });

/** The page's axe violations, as readable lines. Every violation counts: a quick-check
 * radio whose answer is only math is named by the aria-label the site generator gives it. */
async function axe(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.describe('every page', () => {
  for (const p of pages) {
    test(`${p.name} loads cleanly with no axe violations`, async ({ page }) => {
      await page.goto(p.url);
      await wired(page);
      expect(await axe(page)).toEqual([]);
    });
  }

  test('on a narrow phone no page scrolls sideways once its widgets are up', async ({ page }) => {
    const all = [...pages, { name: 'gallery', url: `${course.base}gallery/` }];
    for (const width of [320, 360]) {
      await page.setViewportSize({ width, height: 700 });
      for (const p of all) {
        await page.goto(p.url);
        await wired(page);
        // Every widget mounted: its shell, with its controls, is in place.
        await page.waitForFunction(() => [...document.querySelectorAll('*')]
          .filter((e) => e.localName.startsWith('gdz-'))
          .every((e) => e.childElementCount > 0));
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        expect(scroll, `${p.name} at ${width} px`).toBeLessThanOrEqual(inner);
      }
    }
  });

  test('a lesson with answered quick checks and a done lesson has no axe violations', async ({ page }) => {
    await seed(page, record([slugs[1]]));
    await page.goto(lessons[1].url);
    await wired(page);
    const quizzes = page.locator('gdz-quiz');
    await quizzes.nth(0).locator('.gdz-answer:not([data-correct]) label').first().click();
    await quizzes.nth(1).locator('.gdz-answer[data-correct] label').click();
    await expect(quizzes.nth(1).locator('.gdz-quiz-feedback')).toContainText('Correct');
    expect(await axe(page)).toEqual([]);
  });

  test('the certificate, complete, has no axe violations', async ({ page }) => {
    await seed(page, record(slugs));
    await page.goto(course.certificate);
    await expect(page.locator('.gdz-cert')).toBeVisible();
    await page.locator('#gdz-cert-name').fill('Ada Lovelace');
    expect(await axe(page)).toEqual([]);
  });
});

test('a quick-check answer written only in math names its radio by the math', async ({ page }) => {
  // The first lesson whose built page has such a radio (the generator adds the aria-label).
  const found = lessons
    .map((l) => ({ l, m: readFileSync(`dist${l.url}index.html`, 'utf8').match(/<input type="radio"[^>]* id="([^"]+)"[^>]* aria-label="([^"]+)">/) }))
    .find((x) => x.m);
  expect(found, 'some lesson has a quick-check answer that is only math').toBeTruthy();
  await page.goto(found.l.url);
  await wired(page);
  const radio = page.locator(`#${found.m[1]}`);
  await expect(radio).toHaveAccessibleName(unescape(found.m[2]));
  await expect(page.locator(`label[for="${found.m[1]}"] math`)).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const l of lessons) {
    test(`lesson ${l.slug} shows its text and math`, async ({ page }) => {
      await page.goto(l.url);
      await expect(page.locator('article.gdz-lesson h1')).toHaveText(l.title);
      await expect(page.locator('.gdz-prose p').first()).toBeVisible();
      expect(await page.locator('.gdz-prose math').count()).toBeGreaterThan(0);
      // The quick checks' questions and answers are there; the explanations wait.
      await expect(page.locator('gdz-quiz legend').first()).toBeVisible();
      await expect(page.locator('.gdz-explanation').first()).toBeHidden();
    });
  }
});

test.describe('quick checks', () => {
  test('a wrong answer, then the right one, with feedback and explanations', async ({ page }) => {
    await page.goto(lessons[1].url);
    await wired(page);
    const quiz = page.locator('gdz-quiz').first();
    const feedback = quiz.locator('.gdz-quiz-feedback');
    const wrong = quiz.locator('.gdz-answer:not([data-correct])').first();
    const right = quiz.locator('.gdz-answer[data-correct]');
    await expect(feedback).toHaveText('');

    await wrong.locator('label').click();
    await expect(feedback).toContainText('✗ Not quite');
    await expect(wrong.locator('.gdz-explanation')).toBeVisible();
    await expect(right.locator('.gdz-explanation')).toBeHidden();
    await expect(wrong).toHaveAttribute('data-result', 'wrong');
    // Screen readers hear the explanation with the verdict.
    const why = (await wrong.locator('.gdz-explanation').textContent()).trim();
    await expect(feedback.locator('.gdz-sr')).toHaveText(why);

    // Retry: the right answer.
    await right.locator('label').click();
    await expect(feedback).toContainText('✓ Correct');
    await expect(right.locator('.gdz-explanation')).toBeVisible();
    await expect(wrong.locator('.gdz-explanation')).toBeHidden();
    await expect(right).toHaveAttribute('data-result', 'right');
    await expect(wrong).not.toHaveAttribute('data-result', /./);

    // The answer is kept: after a reload it is still chosen and judged.
    await page.reload();
    await wired(page);
    await expect(right.locator('input')).toBeChecked();
    await expect(feedback).toContainText('✓ Correct');
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
    expect(stored.quiz[`${slugs[1]}/gdz-quiz-1`]).toBe(Number(await right.locator('input').getAttribute('value')));
  });

  test('answering works from the keyboard alone', async ({ page }) => {
    await page.goto(lessons[1].url);
    await wired(page);
    const quiz = page.locator('gdz-quiz').first();
    const feedback = quiz.locator('.gdz-quiz-feedback');
    const radios = quiz.locator('input[type=radio]');
    await radios.first().focus();
    await page.keyboard.press('Space');
    await expect(radios.first()).toBeChecked();
    await expect(feedback).not.toHaveText('');
    const first = await feedback.textContent();
    // Arrow keys move through the answers and each one is judged.
    await page.keyboard.press('ArrowDown');
    await expect(radios.nth(1)).toBeChecked();
    await expect(quiz.locator('.gdz-answer').nth(1)).toHaveAttribute('data-result', /right|wrong/);
    await expect(quiz.locator('.gdz-answer').first()).not.toHaveAttribute('data-result', /./);
    expect(first).toMatch(/Correct|Not quite/);
  });
});

test.describe('progress', () => {
  test('Mark complete raises the bar, survives a reload, shows on the map, and undoes', async ({ page }) => {
    const n = lessons.length;
    await page.goto(lessons[2].url);
    await wired(page);
    const bar = page.locator('progress.gdz-progress');
    const button = page.locator('button.gdz-complete');
    await expect(bar).toHaveAttribute('value', '0');
    await expect(bar).toHaveText(`0 of ${n} lessons completed`);
    await expect(button).toHaveText('Mark complete');

    await button.click();
    await expect(bar).toHaveAttribute('value', '1');
    await expect(bar).toHaveText(`1 of ${n} lessons completed`);
    await expect(button).toHaveText('Completed ✓ — undo');
    await expect(page.locator('.gdz-lesson-meta .gdz-done')).toHaveText('Completed');

    await page.reload();
    await wired(page);
    await expect(bar).toHaveAttribute('value', '1');
    await expect(button).toHaveText('Completed ✓ — undo');

    await page.goto(course.base);
    await wired(page);
    await expect(page.locator(`.gdz-course-item[data-lesson="${slugs[2]}"] .gdz-done`)).toHaveText('Completed');
    await expect(page.locator(`.gdz-course-item[data-lesson="${slugs[0]}"] .gdz-done`)).toHaveText('');
    await expect(page.locator('progress.gdz-progress')).toHaveAttribute('value', '1');

    await page.goto(lessons[2].url);
    await wired(page);
    await button.click();
    await expect(bar).toHaveAttribute('value', '0');
    await expect(button).toHaveText('Mark complete');
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
    expect(stored).toEqual({ version: 1, done: [], quiz: {} });
  });

  for (const [what, value] of [
    ['garbage', '{garbage'],
    ['another version', JSON.stringify({ version: 2, done: ['adam'], quiz: {} })],
    ['wrong types', JSON.stringify({ version: 1, done: 'adam', quiz: [] })],
    ['a huge value', `{"version":1,"done":["${'x'.repeat(200_000)}"],"quiz":{}}`],
  ]) {
    test(`corrupt storage (${what}) starts fresh and keeps working`, async ({ page }) => {
      await seed(page, value);
      await page.goto(lessons[0].url);
      await wired(page);
      const bar = page.locator('progress.gdz-progress');
      await expect(bar).toHaveAttribute('value', '0');
      await page.locator('button.gdz-complete').click();
      await expect(bar).toHaveAttribute('value', '1');
      const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
      expect(stored).toEqual({ version: 1, done: [slugs[0]], quiz: {} });
    });
  }

  test('storage that throws on access: the page works for as long as it is open', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    });
    await page.goto(lessons[1].url);
    await wired(page);
    const bar = page.locator('progress.gdz-progress');
    await page.locator('button.gdz-complete').click();
    await expect(bar).toHaveAttribute('value', '1');
    await expect(page.locator('button.gdz-complete')).toHaveText('Completed ✓ — undo');
    const quiz = page.locator('gdz-quiz').first();
    await quiz.locator('.gdz-answer[data-correct] label').click();
    await expect(quiz.locator('.gdz-quiz-feedback')).toContainText('Correct');
  });

  test('full storage (setItem throws): the page works for as long as it is open', async ({ page }) => {
    await page.addInitScript(() => {
      Storage.prototype.setItem = function setItem() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.goto(lessons[1].url);
    await wired(page);
    await page.locator('button.gdz-complete').click();
    await expect(page.locator('progress.gdz-progress')).toHaveAttribute('value', '1');
    const quiz = page.locator('gdz-quiz').first();
    await quiz.locator('.gdz-answer:not([data-correct]) label').first().click();
    await expect(quiz.locator('.gdz-quiz-feedback')).toContainText('Not quite');
  });
});

test.describe('copy buttons', () => {
  const withCode = lessons.find((l) => readFileSync(`dist${l.url}index.html`, 'utf8').includes('gdz-code'));

  test('copy puts the code on the clipboard and says so briefly', async ({ page, context, browserName }) => {
    test.skip(browserName !== 'chromium', 'clipboard permissions are granted in Chromium only');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(withCode.url);
    await wired(page);
    const block = page.locator('.gdz-code').first();
    const button = block.locator('button.copy');
    await button.click();
    await expect(button).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await block.locator('pre').textContent());
    await expect(button).toHaveText('Copy', { timeout: 5000 });
  });

  test('without a clipboard the code is selected instead, with no error', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined });
    });
    await page.goto(withCode.url);
    await wired(page);
    const block = page.locator('.gdz-code').first();
    await block.locator('button.copy').click();
    await expect(block.locator('button.copy')).toHaveText('Text selected');
    const selected = await page.evaluate(() => getSelection().toString());
    expect(selected.trim()).toBe((await block.locator('pre').textContent()).trim());
  });

  test('a refused clipboard falls back to selecting the code', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', {
        configurable: true,
        get: () => ({ writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }),
      });
    });
    await page.goto(withCode.url);
    await wired(page);
    const block = page.locator('.gdz-code').first();
    await block.locator('button.copy').click();
    await expect(block.locator('button.copy')).toHaveText('Text selected');
    expect((await page.evaluate(() => getSelection().toString())).length).toBeGreaterThan(10);
  });
});

test.describe('certificate', () => {
  test('with lessons left it lists them as links and shows no certificate', async ({ page }) => {
    await seed(page, record(slugs.slice(0, 3)));
    await page.goto(course.certificate);
    await wired(page);
    const host = page.locator('gdz-certificate');
    await expect(host.locator('.gdz-cert-status')).toContainText(`3 of ${slugs.length}`);
    const links = host.locator('.gdz-cert-remaining a');
    await expect(links).toHaveCount(slugs.length - 3);
    await expect(links.first()).toHaveAttribute('href', lessons[3].url);
    await expect(links.first()).toHaveText(lessons[3].title);
    await expect(host.locator('.gdz-cert, canvas, a[download]')).toHaveCount(0);
    await expect(host.locator('.gdz-fallback')).toHaveCount(0);
  });

  test('all complete: the name shows as text only, the PNG downloads', async ({ page }) => {
    await seed(page, record(slugs));
    await page.goto(course.certificate);
    const host = page.locator('gdz-certificate');
    const card = host.locator('.gdz-cert');
    await expect(card).toBeVisible();
    await expect(card.locator('.gdz-cert-list li')).toHaveCount(slugs.length);
    await expect(card.locator('.gdz-cert-list li').last()).toContainText(lessons.at(-1).title);
    await expect(card.locator('.gdz-cert-line')).toContainText(`all ${slugs.length} lessons`);
    await expect(card.locator('.gdz-cert-date')).toHaveText(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4}$/);

    const name = 'Ada <script>window.__pwned=1</script><img src=x onerror=__pwned=2> L';
    await page.locator('#gdz-cert-name').fill(name);
    await expect(card.locator('.gdz-cert-name')).toHaveText(name);
    expect(await page.locator('gdz-certificate script, gdz-certificate img').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

    // The name box holds at most 80 characters, and so does the certificate.
    await page.locator('#gdz-cert-name').fill('x'.repeat(200));
    await expect(card.locator('.gdz-cert-name')).toHaveText('x'.repeat(80));

    const link = host.locator('a[download]');
    await expect(link).toHaveAttribute('download', /\.png$/);
    const href = await link.getAttribute('href');
    expect(href.startsWith('data:image/png;base64,')).toBeTruthy();
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, href);
    expect(size[0]).toBe(1000);
    expect(size[1]).toBeGreaterThan(400);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('certificate.png');

    // The image follows the name.
    await page.locator('#gdz-cert-name').fill('Grace Hopper');
    await expect(link).not.toHaveAttribute('href', href);
  });
});
