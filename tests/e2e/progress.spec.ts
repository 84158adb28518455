// Progress lives in the browser: visits, right answers and ticked exercises survive a reload, show in the sidebar
// and on the home page, and a confirmed reset forgets them.
import { test, expect } from './fixtures.ts';

const LESSON = '/lessons/emitting-events/';

test('a visit, a right answer and a ticked exercise survive a reload, show up everywhere, and reset', async ({
  page,
}) => {
  await page.goto(LESSON);
  const mark = page.locator('.lesson-nav [data-progress-mark="emitting-events"]');
  await expect(mark).toHaveAttribute('data-status', 'started');
  await expect(mark).toContainText('In progress: 0 of 4 self-checks right, 0 of 2 exercises done');

  const check = page.locator('self-check[data-check="emitting-events-1"]');
  await check.getByRole('radio', { name: 'Alice only' }).check();
  await check.getByRole('button', { name: 'Check my answer' }).click();
  await expect(check).toHaveAttribute('data-state', 'correct');
  const exercise = page.locator('try-exercise[data-try="emitting-events-malformed"]');
  await exercise.getByRole('checkbox').check();
  await expect(mark).toContainText('1 of 4 self-checks right, 1 of 2 exercises done');

  await page.reload();
  await expect(check).toHaveAttribute('data-state', 'correct');
  await expect(check.getByRole('radio', { name: 'Alice only' })).toBeChecked();
  await expect(check.locator('.feedback')).toContainText('Right.');
  await expect(exercise.getByRole('checkbox')).toBeChecked();
  await expect(exercise).toHaveAttribute('data-state', 'done');
  await expect(page.locator('self-check[data-check="emitting-events-2"]')).not.toHaveAttribute('data-state', /./);
  await expect(mark).toContainText('1 of 4 self-checks right, 1 of 2 exercises done');

  await page.goto('/');
  await expect(page.locator('[data-progress-text="emitting-events"]')).toHaveText(
    'In progress: 1 of 4 self-checks right, 1 of 2 exercises done',
  );
  await expect(page.locator('#lessons [data-progress-mark="emitting-events"]')).toHaveAttribute(
    'data-status',
    'started',
  );
  const overall = page.locator('[data-progress-overall]');
  await expect(overall).toHaveAttribute('data-started', '1');
  await expect(overall).toContainText('self-checks right');

  // Reset asks first; Cancel keeps everything.
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forget all progress?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(overall).toHaveAttribute('data-started', '1');
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await dialog.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(dialog).toBeHidden();
  await expect(overall).toHaveAttribute('data-started', '0');
  await expect(page.locator('#lessons [data-progress-mark="emitting-events"]')).toHaveAttribute('data-status', 'none');
  await page.reload();
  await expect(overall).toHaveAttribute('data-started', '0');
  await page.goto(LESSON);
  await expect(exercise.getByRole('checkbox')).not.toBeChecked();
});

test('a lesson is done when every check is right and every exercise ticked', async ({ page }) => {
  await page.goto(LESSON);
  const answers: Record<string, string> = {
    'emitting-events-1': 'Alice only',
    'emitting-events-2': 'Alice emitted, and the server emitted something that reached Bob.',
    'emitting-events-3': 'socket.broadcast.emit("chat", msg)',
    'emitting-events-namespace':
      'Every client connected to the main namespace /, and none of the /chat clients that are not also on /',
  };
  for (const [id, answer] of Object.entries(answers)) {
    const check = page.locator(`self-check[data-check="${id}"]`);
    await check.getByRole('radio', { name: answer }).check();
    await check.getByRole('button', { name: 'Check my answer' }).click();
    await expect(check).toHaveAttribute('data-state', 'correct');
  }
  for (const box of await page.locator('try-exercise [data-try-done]').all()) await box.check();
  await expect(page.locator('.lesson-nav [data-progress-mark="emitting-events"]')).toHaveAttribute(
    'data-status',
    'done',
  );
});

test('unreadable stored progress is ignored, not fatal', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('sp-progress-v1', '{not json');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto(LESSON);
  await expect(page.locator('.lesson-nav [data-progress-mark="emitting-events"]')).toHaveAttribute(
    'data-status',
    'started',
  );
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('sp-progress-v1') ?? 'null'));
  expect(stored).toEqual({ v: 1, lessons: { 'emitting-events': { visited: true, checks: {}, tries: {} } } });
});
