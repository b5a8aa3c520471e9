// Every lesson asks before it tells: each page has a prediction, and a reader with only
// a keyboard can reach it, make a choice (which opens the reveal and is stored with the
// progress), run the widget it is about (which waits at its start until then), then
// reach a quick check and answer it, with Tab, Enter, Space and the arrow keys.
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';

const KEY = 'gdz.progress.v1';
const home = readFileSync('dist/index.html', 'utf8');
const lessons = [...home.matchAll(
  /<li class="gdz-course-item" data-lesson="([^"]+)">\s*<a class="gdz-course-link" href="([^"]+)">/g,
)].map(([, slug, url]) => ({ slug, url }));

/** Presses Tab until the focused element is inside an element matching `host` and
 * returns that element's id; fails if it takes more than `limit` presses. */
async function tabInto(page, host, limit = 600) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate((sel) => document.activeElement?.closest(sel)?.id ?? null, host);
    if (id) return id;
  }
  throw new Error(`no ${host} reached with ${limit} presses of Tab`);
}

test('the course has lessons to check', () => {
  expect(lessons.length).toBeGreaterThanOrEqual(16);
});

for (const { slug, url } of lessons) {
  test(`lesson ${slug}: a prediction and a quick check answered with the keyboard alone`, async ({ page }) => {
    await page.goto(url);
    await expect(page.locator('progress.gdz-progress')).toHaveAttribute('aria-valuetext', /lessons completed/);
    expect(await page.locator('gdz-predict').count(), 'predictions on the page').toBeGreaterThan(0);

    // The prediction: Tab reaches its first choice, Space picks it, an arrow key moves on.
    const pid = await tabInto(page, 'gdz-predict');
    const predict = page.locator(`gdz-predict#${pid}`);
    const choices = predict.locator('input[type=radio]');
    await expect(choices.first()).toBeFocused();
    await expect(predict.locator('details.gdz-reveal')).not.toHaveAttribute('open', /.*/);
    await page.keyboard.press('Space');
    await expect(choices.first()).toBeChecked();
    await expect(predict.locator('details.gdz-reveal')).toHaveAttribute('open', '');
    await page.keyboard.press('ArrowDown');
    await expect(choices.nth(1)).toBeChecked();
    await expect(predict.locator('.gdz-answer').nth(1)).toHaveAttribute('data-chosen', '');

    // The widget the prediction is about (when it has a timeline) opens at its start,
    // not giving the answer away; Tab reaches its Play button and Enter runs it.
    const held = await page.evaluate((id) => {
      const p = document.getElementById(id);
      return [...document.querySelectorAll('[reveal="play"]')]
        .findIndex((w) => p.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING);
    }, pid);
    if (held >= 0) {
      const widget = page.locator('[reveal="play"]').nth(held);
      const step = widget.locator('.gdz-step').first();
      await expect(step).toHaveText(/^step 0 of \d+$/);
      let reached = false;
      for (let i = 0; i < 300 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await widget.evaluate((w) => {
          const a = document.activeElement;
          return w.contains(a) && a.localName === 'button' && a.textContent === 'Play';
        });
      }
      expect(reached, 'Play of the widget after the prediction reached by Tab').toBe(true);
      await page.keyboard.press('Enter');
      await expect(step).not.toHaveText(/^step 0 of/, { timeout: 15_000 });
    }

    // A quick check further down: Tab on from the prediction, Space answers, judged at once.
    const qid = await tabInto(page, 'gdz-quiz');
    const quiz = page.locator(`gdz-quiz#${qid}`);
    const answers = quiz.locator('input[type=radio]');
    await expect(answers.first()).toBeFocused();
    await page.keyboard.press('Space');
    await expect(answers.first()).toBeChecked();
    await expect(quiz.locator('.gdz-answer').first()).toHaveAttribute('data-result', /^(right|wrong)$/);
    await expect(quiz.locator('.gdz-quiz-feedback')).toHaveText(/Correct|Not quite/);

    // Both choices are kept with the reader's progress.
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
    expect(stored.quiz[`${slug}/${pid}`]).toBe(Number(await choices.nth(1).getAttribute('value')));
    expect(stored.quiz[`${slug}/${qid}`]).toBe(Number(await answers.first().getAttribute('value')));
  });
}
