// A guided journey (a race with stops) and a prediction, on a bare page and a lesson.
import { test, expect, mounted, barePage } from './fixtures.mjs';

test('a journey pauses at each stop with its caption, and its stops are buttons', async ({ page }) => {
  // reveal="play": the journey waits at its first stop instead of playing itself once in
  // view (race.spec.mjs covers that).
  await barePage(page, '**/test/journey.html', `<gdz-race surface="rosenbrock" start="-1.5,2" steps="300" reveal="play"
    optimizers="sgd(lr=0.001, momentum=0.9); adam(lr=0.05)"
    stops="0: Both start on the rim. | 30: The first steps fall into the valley. | 300: The end."></gdz-race>`);
  await page.goto('/test/journey.html');
  const race = page.locator('gdz-race');
  await mounted(race);
  const caption = race.locator('.gdz-stop-caption');
  await expect(caption).toHaveText('Stop 1 of 3: Both start on the rim.');
  await expect(race.locator('.gdz-step')).toHaveText('step 0 of 300');
  await race.getByRole('button', { name: 'Play' }).click();
  await expect(caption).toHaveText('Stop 2 of 3: The first steps fall into the valley.');
  await expect(race.locator('.gdz-step')).toHaveText('step 30 of 300');
  await expect(race.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(race.getByRole('button', { name: 'Stop 2: step 30' })).toHaveAttribute('aria-current', 'step');
  // From the keyboard: the third stop's button jumps there.
  await race.getByRole('button', { name: 'Stop 3: step 300' }).focus();
  await page.keyboard.press('Enter');
  await expect(caption).toHaveText('Stop 3 of 3: The end.');
  await expect(race.locator('.gdz-step')).toHaveText('step 300 of 300');
});

test('a bad stop gives a notice and the race still runs', async ({ page }) => {
  await barePage(page, '**/test/journey-bad.html', `<gdz-race optimizers="sgd; adam(lr=0.1)" steps="100" stops="50: b | 10: a"></gdz-race>`);
  await page.goto('/test/journey-bad.html');
  const race = page.locator('gdz-race');
  await mounted(race);
  await expect(race.locator('.gdz-notice')).toContainText('stops: stop 10 comes after a later one');
  await expect(race.locator('.gdz-stops')).toHaveCount(0);
});

test('a prediction opens its reveal once chosen (from the keyboard), and the choice is kept', async ({ page }) => {
  await page.goto('/lessons/momentum/');
  const predict = page.locator('gdz-predict').first();
  const reveal = predict.locator('details.gdz-reveal');
  await expect(reveal).not.toHaveAttribute('open', /.*/);
  await expect(predict.locator('legend')).toContainText('Predict first.');
  const third = predict.locator('input[type=radio]').nth(2);
  await third.focus();
  await page.keyboard.press('Space');
  await expect(reveal).toHaveAttribute('open', '');
  await expect(predict.locator('.gdz-answer').nth(2)).toHaveAttribute('data-chosen', '');
  await page.reload();
  const again = page.locator('gdz-predict').first();
  await expect(again.locator('details.gdz-reveal')).toHaveAttribute('open', '');
  await expect(again.locator('input[type=radio]').nth(2)).toBeChecked();
});
